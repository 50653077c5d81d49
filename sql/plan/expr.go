// Package plan defines sqlcsv's logical plan: a tree of relational
// operators whose expressions are bound and typed. The binder builds it, the
// optimizer rewrites it and turns it into a physical plan.
package plan

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// ColumnID names a column produced somewhere in a plan; a query's columns
// have distinct IDs, so rules can move expressions between operators
// without renumbering.
type ColumnID int

// Column is an output column of a plan node.
type Column struct {
	ID       ColumnID
	Name     string
	Type     types.Type
	Nullable bool
	// Tag is the label of the table column this column is (types.Column's
	// Tag), or "".
	Tag string
}

// Expr is a bound, typed scalar expression.
type Expr interface {
	// Type is the SQL type of the expression's value.
	Type() types.Type
	// String renders the expression as SQL-like text, for EXPLAIN.
	String() string
}

// ColumnRef reads a column of the input.
type ColumnRef struct {
	ID   ColumnID
	Name string
	T    types.Type
}

// Type implements Expr.
func (c *ColumnRef) Type() types.Type { return c.T }

func (c *ColumnRef) String() string { return c.Name }

// Literal is a constant. Value is nil (NULL), bool, int64, float64, string,
// int32 (DATE: days since 1970-01-01) or int64 (TIMESTAMP: microseconds).
type Literal struct {
	Value any
	T     types.Type
	// Param is, for the NULL that stands for a ? placeholder while a
	// statement is described, 1 + the placeholder's byte offset in the
	// statement's text; 0 otherwise.
	Param int
}

// Type implements Expr.
func (l *Literal) Type() types.Type { return l.T }

func (l *Literal) String() string {
	if l.Value == nil {
		return "NULL"
	}
	switch v := l.Value.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case decimal128.Num:
		return string(types.AppendDecimal(nil, v, int(l.T.Scale)))
	}
	if l.T.ID == types.Date || l.T.ID == types.Timestamp {
		return fmt.Sprintf("%s(%v)", l.T, l.Value)
	}
	return fmt.Sprint(l.Value)
}

// Call applies a function or operator. Fn names it in lower case:
// arithmetic "+", "-", "*", "/", "div", "%", "neg"; comparison "=", "<>",
// "<", "<=", ">", ">="; logic "and", "or", "not"; tests "is_null",
// "is_not_null", "is_true", "is_not_true", "is_false", "is_not_false";
// "like" with Args [x, pattern, escape] and the variants "not_like",
// "ilike", "not_ilike"; "in" and "not_in" with Args [x, items...]; "case"
// with Args [when1, then1, ..., else] (an odd count: the last is ELSE);
// "cast" (to T); "coalesce"; and the scalar functions by name (the
// binder's registry, sql/binder/registry.go, lists them), among them
// "date_add" and "date_sub" with Args [x, n, unit] for x + INTERVAL n unit,
// unit a constant such as 'MONTH'. A call of a function the embedder
// registered has Fn its name and User set.
type Call struct {
	Fn   string
	Args []Expr
	T    types.Type
	User *UserCall
	// Set marks a set-returning function's call, which returns rows, not
	// a value: it is evaluated only by a ProjectSet.
	Set bool
}

// UserCall is what a call of a user-defined function needs besides its
// arguments: the overload the binder chose, and the statement's context,
// which the function receives (it may carry the session's state).
type UserCall struct {
	Func *catalog.Function
	Ctx  context.Context
	// Tag is the tag of a result column that is the call (Func.ResultTag,
	// or what Func.ResultFor chose).
	Tag string
}

// Volatile reports whether c calls a function that may return different
// values for the same arguments, or rows (Set): it is neither folded nor
// shared.
func (c *Call) Volatile() bool { return c.Set || c.User != nil && c.User.Func.Volatile }

// WithArgs returns a copy of c with other arguments.
func (c *Call) WithArgs(args []Expr) *Call {
	d := *c
	d.Args = args
	return &d
}

// Type implements Expr.
func (c *Call) Type() types.Type { return c.T }

var infix = map[string]string{"+": "+", "-": "-", "*": "*", "/": "/", "div": "DIV", "%": "%",
	"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "and": "AND", "or": "OR"}

func (c *Call) String() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.String()
	}
	if op, ok := infix[c.Fn]; ok && len(args) == 2 {
		return "(" + args[0] + " " + op + " " + args[1] + ")"
	}
	switch c.Fn {
	case "neg":
		return "(-" + args[0] + ")"
	case "not":
		return "(NOT " + args[0] + ")"
	case "is_null", "is_not_null", "is_true", "is_not_true", "is_false", "is_not_false":
		return "(" + args[0] + " " + strings.ToUpper(strings.ReplaceAll(c.Fn, "_", " ")) + ")"
	case "like", "not_like", "ilike", "not_ilike":
		return "(" + args[0] + " " + strings.ToUpper(strings.ReplaceAll(c.Fn, "_", " ")) + " " + args[1] + ")"
	case "in", "not_in":
		return "(" + args[0] + " " + strings.ToUpper(strings.ReplaceAll(c.Fn, "_", " ")) + " (" + strings.Join(args[1:], ", ") + "))"
	case "cast":
		return "CAST(" + args[0] + " AS " + c.T.String() + ")"
	case "case":
		var sb strings.Builder
		sb.WriteString("CASE")
		i := 0
		for ; i+1 < len(args); i += 2 {
			sb.WriteString(" WHEN " + args[i] + " THEN " + args[i+1])
		}
		if i < len(args) {
			sb.WriteString(" ELSE " + args[i])
		}
		sb.WriteString(" END")
		return sb.String()
	}
	return strings.ToUpper(c.Fn) + "(" + strings.Join(args, ", ") + ")"
}

// Walk calls f on e and every expression under it, parents first; f
// returning false skips a subtree.
func Walk(e Expr, f func(Expr) bool) {
	if !f(e) {
		return
	}
	if c, ok := e.(*Call); ok {
		for _, a := range c.Args {
			Walk(a, f)
		}
	}
}

// Rewrite rebuilds e bottom-up, replacing each node by f's result.
func Rewrite(e Expr, f func(Expr) Expr) Expr {
	if c, ok := e.(*Call); ok {
		args := make([]Expr, len(c.Args))
		changed := false
		for i, a := range c.Args {
			args[i] = Rewrite(a, f)
			changed = changed || args[i] != a
		}
		if changed {
			e = c.WithArgs(args)
		}
	}
	return f(e)
}

// ColumnsOf returns the set of columns e reads.
func ColumnsOf(e Expr, into map[ColumnID]bool) map[ColumnID]bool {
	if into == nil {
		into = map[ColumnID]bool{}
	}
	Walk(e, func(x Expr) bool {
		if r, ok := x.(*ColumnRef); ok {
			into[r.ID] = true
		}
		return true
	})
	return into
}

// Equal reports whether two expressions are structurally the same.
func Equal(a, b Expr) bool {
	switch a := a.(type) {
	case *ColumnRef:
		b, ok := b.(*ColumnRef)
		return ok && a.ID == b.ID
	case *Literal:
		b, ok := b.(*Literal)
		return ok && a.T == b.T && a.Value == b.Value
	case *Call:
		b, ok := b.(*Call)
		if !ok || a.Fn != b.Fn || a.T != b.T || len(a.Args) != len(b.Args) || (a.User == nil) != (b.User == nil) ||
			a.User != nil && a.User.Func != b.User.Func {
			return false
		}
		for i := range a.Args {
			if !Equal(a.Args[i], b.Args[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// SplitAnd returns the conjuncts of e (none for nil).
func SplitAnd(e Expr) []Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(*Call); ok && c.Fn == "and" {
		var out []Expr
		for _, a := range c.Args {
			out = append(out, SplitAnd(a)...)
		}
		return out
	}
	return []Expr{e}
}

// JoinAnd returns the conjunction of es (nil for none).
func JoinAnd(es []Expr) Expr {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	out := es[0]
	for _, e := range es[1:] {
		out = &Call{Fn: "and", Args: []Expr{out, e}, T: types.BooleanType}
	}
	return out
}
