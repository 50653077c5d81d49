package plan

import (
	"fmt"
	"strings"
)

// JoinKind says which rows a join produces.
type JoinKind uint8

// The join kinds.
const (
	// InnerJoin produces the pairs of rows for which the condition holds
	// (a cross join when there is no condition).
	InnerJoin JoinKind = iota
	// LeftJoin also produces each left row without a partner, with NULLs
	// for the right columns.
	LeftJoin
	// SemiJoin produces each left row that has a partner, once.
	SemiJoin
	// AntiJoin produces each left row that has no partner.
	AntiJoin
	// MarkJoin produces every left row with a BOOLEAN column Mark: whether
	// it has a partner (x IN (subquery), EXISTS). With NullAware, Mark is
	// NULL instead of FALSE when the IN operand (LeftKeys[0]) is NULL or
	// the right side holds a NULL key, and the right side is not empty.
	MarkJoin
	// SingleJoin is a LeftJoin whose right side may match at most one row
	// per left row (a scalar subquery): a second partner is an error.
	SingleJoin
)

var joinNames = [...]string{"inner", "left", "semi", "anti", "mark", "single"}

func (k JoinKind) String() string { return joinNames[k] }

// Join combines two inputs. Cond is the join condition (nil: TRUE); the
// optimizer moves its equalities between a left and a right expression into
// LeftKeys/RightKeys, which the hash join matches, leaving the rest in Cond
// as a residual. Right may read columns of Left (a correlated subquery)
// until the optimizer decorrelates it (or, failing that, makes it an
// Apply).
type Join struct {
	Kind                JoinKind
	Left, Right         Node
	Cond                Expr
	LeftKeys, RightKeys []Expr
	// NullEqual makes NULL keys match each other (INTERSECT, EXCEPT).
	NullEqual bool
	// NullAware: see MarkJoin; also for AntiJoin (NOT IN).
	NullAware bool
	// Mark is the output column of a MarkJoin.
	Mark Column
	// What names the SQL the join came from, for errors (a subquery).
	What string
}

// Columns implements Node.
func (j *Join) Columns() []Column { return joinColumns(j.Kind, j.Left, j.Right, j.Mark) }

// joinColumns are the output columns of a join of kind over left and
// right: the left columns, then the right ones (nullable where the join
// pads with NULLs), the mark, or nothing.
func joinColumns(kind JoinKind, left, right Node, mark Column) []Column {
	l := left.Columns()
	switch kind {
	case SemiJoin, AntiJoin:
		return l
	case MarkJoin:
		return append(append([]Column(nil), l...), mark)
	}
	out := append([]Column(nil), l...)
	for _, c := range right.Columns() {
		if kind == LeftJoin || kind == SingleJoin {
			c.Nullable = true
		}
		out = append(out, c)
	}
	return out
}

// Children implements Node.
func (j *Join) Children() []Node { return []Node{j.Left, j.Right} }

// WithChildren implements Node.
func (j *Join) WithChildren(c []Node) Node {
	n := *j
	n.Left, n.Right = c[0], c[1]
	return &n
}

// Describe implements Node.
func (j *Join) Describe() string {
	var parts []string
	for i := range j.LeftKeys {
		op := "="
		if j.NullEqual {
			op = "<=>"
		}
		parts = append(parts, j.LeftKeys[i].String()+" "+op+" "+j.RightKeys[i].String())
	}
	d := "Join " + j.Kind.String()
	if len(parts) > 0 {
		d += " keys=[" + strings.Join(parts, ", ") + "]"
	}
	if j.Cond != nil {
		d += " cond=" + j.Cond.String()
	}
	if j.Kind == MarkJoin {
		d += fmt.Sprintf(" mark=%s", j.Mark.Name)
	}
	if j.NullAware {
		d += " null-aware"
	}
	return d
}

// Union concatenates its inputs, which have the same number of columns of
// the same types; Out names its columns.
type Union struct {
	Inputs []Node
	Out    []Column
}

// Columns implements Node.
func (u *Union) Columns() []Column { return u.Out }

// Children implements Node.
func (u *Union) Children() []Node { return u.Inputs }

// WithChildren implements Node.
func (u *Union) WithChildren(c []Node) Node { return &Union{Inputs: c, Out: u.Out} }

// Describe implements Node.
func (u *Union) Describe() string { return "Union all [" + names(u.Out) + "]" }
