package binder

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// scopeCol is a column visible to names in a query.
type scopeCol struct {
	table  string // qualifier (table alias), lower case
	col    plan.Column
	hidden bool // left out of SELECT *
	// qualOnly: only a qualified name reaches it (the second copy of a
	// USING column); SELECT * leaves it out.
	qualOnly bool
}

// scope is the set of columns names resolve against.
type scope struct {
	cols []scopeCol
	// outer is the scope of the query around a subquery, which its names
	// may also refer to (a correlated subquery).
	outer *scope
}

// tagOf is the tag of the scope's column id ("" if none).
func (s *scope) tagOf(id plan.ColumnID) string {
	for _, c := range s.cols {
		if c.col.ID == id {
			return c.col.Tag
		}
	}
	return ""
}

func (s *scope) resolve(qual, name string) ([]scopeCol, []string) {
	var hits []scopeCol
	var all []string
	for _, c := range s.cols {
		all = append(all, c.col.Name)
		if !strings.EqualFold(c.col.Name, name) {
			continue
		}
		if qual != "" && !strings.EqualFold(c.table, qual) {
			continue
		}
		if qual == "" && c.qualOnly {
			continue
		}
		hits = append(hits, c)
	}
	return hits, all
}

// hasTable reports whether qual names a table of the scope.
func (s *scope) hasTable(qual string) bool {
	for _, c := range s.cols {
		if strings.EqualFold(c.table, qual) {
			return true
		}
	}
	return false
}

// outerHasTable reports whether qual names a table of an enclosing query.
func (s *scope) outerHasTable(qual string) bool {
	for o := s.outer; o != nil; o = o.outer {
		if o.hasTable(qual) {
			return true
		}
	}
	return false
}

// aggRef stands for an aggregate call while a SELECT's expressions are bound
// against the aggregation's input; it is replaced by a reference to the
// aggregate's output column afterwards.
type aggRef struct {
	idx int
	t   types.Type
}

func (a *aggRef) Type() types.Type { return a.t }
func (a *aggRef) String() string   { return fmt.Sprintf("agg#%d", a.idx) }

// aggCollector gathers the aggregate calls of a SELECT.
type aggCollector struct {
	calls []plan.AggCall
	pos   []int
	// order is the ORDER BY of the ordered aggregates (GROUP_CONCAT's):
	// the aggregation's input is sorted by it, so they see their values
	// in that order.
	order []plan.SortKey
}

func (c *aggCollector) add(call plan.AggCall, pos int) *aggRef {
	for i, have := range c.calls {
		if have.Func == call.Func && have.Distinct == call.Distinct && sameArg(have.Arg, call.Arg) &&
			sameArg(have.Arg2, call.Arg2) && have.Fraction == call.Fraction && have.Sep == call.Sep {
			return &aggRef{idx: i, t: have.Out.Type}
		}
	}
	c.calls = append(c.calls, call)
	c.pos = append(c.pos, pos)
	return &aggRef{idx: len(c.calls) - 1, t: call.Out.Type}
}

// exprBinder binds expressions in one scope.
type exprBinder struct {
	b     *binder
	scope *scope
	aggs  *aggCollector // nil: aggregates not allowed here
	wins  *windows      // nil: window functions not allowed here
	where string        // the clause, for errors ("WHERE")
	// aliases are the select list's AS names, which HAVING and ORDER BY
	// may use where no input column has the name (as MySQL allows).
	aliases map[string]plan.Expr
	// subs collects the subqueries of the expressions (nil: none allowed).
	subs *subqueries
	// sets allows set-returning calls (the select list).
	sets bool
}

// tagOf is the tag of a bound expression: a column's, in this scope or an
// outer one, or a user-defined function call's; "" for others.
func (x *exprBinder) tagOf(e plan.Expr) string {
	switch e := e.(type) {
	case *plan.ColumnRef:
		for s := x.scope; s != nil; s = s.outer {
			if t := s.tagOf(e.ID); t != "" {
				return t
			}
		}
		return x.b.subqueryTags[e.ID] // a scalar subquery's
	case *plan.Call:
		if e.User != nil {
			return e.User.Tag
		}
	}
	return ""
}

func (x *exprBinder) errAt(n ast.Node, format string, args ...any) error {
	return &Error{SQL: x.b.sql, Offset: offsetOf(n), Msg: fmt.Sprintf(format, args...)}
}

func offsetOf(n ast.Node) int {
	if e, ok := n.(ast.ExprNode); ok {
		if p := e.OriginTextPosition(); p > 0 {
			return p
		}
	}
	return -1
}

// wrap places a typing error at node n, or at the argument of the call n
// that it names.
func (x *exprBinder) wrap(n ast.Node, err error) error {
	var fe *funcError
	if errors.As(err, &fe) {
		at := n
		if fe.arg > 0 {
			switch n := n.(type) {
			case *ast.FuncCallExpr:
				if fe.arg <= len(n.Args) {
					at = n.Args[fe.arg-1]
				}
			case *ast.PatternRegexpExpr:
				if fe.arg == 2 {
					at = n.Pattern
				}
			}
		}
		code := fe.code
		if code == "" {
			code = codeDatatypeMismatch
		}
		return &Error{SQL: x.b.sql, Offset: offsetOf(at), Msg: fe.msg, Hint: fe.hint, Code: code}
	}
	return err
}

// bind binds an expression, then checks the string literals it converts
// to other types (d >= '2011-13-01'), so that a bad one is reported here,
// with its position, and not when the query runs.
func (x *exprBinder) bind(n ast.ExprNode) (plan.Expr, error) {
	e, err := x.bindNode(n)
	if err != nil {
		return nil, err
	}
	if x.b.params != nil {
		plan.Walk(e, func(y plan.Expr) bool {
			if l, ok := y.(*plan.Literal); ok && l.Param > 0 && l.T.ID != types.Unknown {
				x.b.params[l.Param] = l.T
			}
			return true
		})
	}
	var bad error
	plan.Walk(e, func(y plan.Expr) bool {
		c, ok := y.(*plan.Call)
		if !ok || c.Fn != "cast" || bad != nil {
			return bad == nil
		}
		if l, ok := c.Args[0].(*plan.Literal); ok && l.T.ID == types.Varchar && l.Value != nil {
			if _, ok := types.ParseText([]byte(l.Value.(string)), c.T); !ok {
				msg := fmt.Sprintf("%q is not a valid %s", l.Value.(string), c.T)
				hint := literalHint(c.T)
				text := strings.TrimSpace(l.Value.(string))
				_, isNum := decimalLiteral(text)
				switch {
				case isNum && c.T.ID == types.Decimal:
					msg = fmt.Sprintf("%q is out of range for %s", l.Value.(string), c.T)
					hint = fmt.Sprintf("%s holds %d digits, %d of them after the point", c.T, c.T.Precision, c.T.Scale)
				case isNum && c.T.ID == types.Bigint && !strings.Contains(text, "."):
					msg = fmt.Sprintf("%q is out of range for BIGINT", l.Value.(string))
					hint = "BIGINT holds -9223372036854775808 to 9223372036854775807; CAST to DECIMAL(38,0) for more"
				case isNum && c.T.ID == types.Bigint:
					hint = "write a whole number, or CAST to DECIMAL first"
				}
				code := codeInvalidText
				if strings.Contains(msg, "out of range") {
					code = codeOutOfRange
				}
				bad = &Error{SQL: x.b.sql, Offset: offsetOf(n), Msg: msg, Hint: hint, Code: code}
			}
		}
		return true
	})
	return e, bad
}

// literalHint shows how values of a type are written.
func literalHint(t types.Type) string {
	switch t.ID {
	case types.Date:
		return "write dates as 'YYYY-MM-DD'"
	case types.Timestamp:
		return "write timestamps as 'YYYY-MM-DD hh:mm:ss[.ffffff]'"
	case types.Boolean:
		return "write TRUE or FALSE"
	}
	return "write a number"
}

func (x *exprBinder) bindNode(n ast.ExprNode) (plan.Expr, error) {
	switch n := n.(type) {
	case *ast.ParenthesesExpr:
		return x.bind(n.Expr)
	case *driver.ParamMarkerExpr:
		// A placeholder being described: a NULL whose type its
		// context decides.
		return &plan.Literal{T: types.UnknownType, Param: n.Offset + 1}, nil
	case *driver.ValueExpr:
		return x.literal(n)
	case *ast.ColumnNameExpr:
		return x.column(n)
	case *ast.BinaryOperationExpr:
		return x.binary(n)
	case *ast.UnaryOperationExpr:
		return x.unary(n)
	case *ast.IsNullExpr:
		e, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		fn := "is_null"
		if n.Not {
			fn = "is_not_null"
		}
		return &plan.Call{Fn: fn, Args: []plan.Expr{e}, T: types.BooleanType}, nil
	case *ast.IsTruthExpr:
		e, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		if e, err = asCondition(e); err != nil {
			return nil, x.wrap(n, err)
		}
		fn := "is_false"
		if n.True != 0 {
			fn = "is_true"
		}
		if n.Not {
			fn = strings.Replace(fn, "is_", "is_not_", 1)
		}
		return &plan.Call{Fn: fn, Args: []plan.Expr{e}, T: types.BooleanType}, nil
	case *ast.BetweenExpr:
		v, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		lo, err := x.bind(n.Left)
		if err != nil {
			return nil, err
		}
		hi, err := x.bind(n.Right)
		if err != nil {
			return nil, err
		}
		ge, err := bindCompare(">=", v, lo)
		if err != nil {
			return nil, x.wrap(n, err)
		}
		le, err := bindCompare("<=", v, hi)
		if err != nil {
			return nil, x.wrap(n, err)
		}
		and := &plan.Call{Fn: "and", Args: []plan.Expr{ge, le}, T: types.BooleanType}
		if n.Not {
			return &plan.Call{Fn: "not", Args: []plan.Expr{and}, T: types.BooleanType}, nil
		}
		return and, nil
	case *ast.PatternInExpr:
		if n.Sel != nil {
			return x.inSubquery(n)
		}
		v, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		all := []plan.Expr{v}
		for _, item := range n.List {
			e, err := x.bind(item)
			if err != nil {
				return nil, err
			}
			all = append(all, e)
		}
		args, _, err := unify(all)
		if err != nil {
			return nil, x.wrap(n, ferr("", "IN: %v", err))
		}
		fn := "in"
		if n.Not {
			fn = "not_in"
		}
		return &plan.Call{Fn: fn, Args: args, T: types.BooleanType}, nil
	case *ast.PatternLikeOrIlikeExpr:
		v, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		p, err := x.bind(n.Pattern)
		if err != nil {
			return nil, err
		}
		fn := "like"
		if !n.IsLike {
			fn = "ilike"
		}
		if n.Not {
			fn = "not_" + fn
		}
		esc := &plan.Literal{Value: string([]byte{n.Escape}), T: types.VarcharType}
		return &plan.Call{Fn: fn, Args: []plan.Expr{wantText(v), wantText(p), esc}, T: types.BooleanType}, nil
	case *ast.PatternRegexpExpr:
		// s REGEXP p, s RLIKE p: REGEXP_LIKE(s, p).
		v, err := x.bind(n.Expr)
		if err != nil {
			return nil, err
		}
		p, err := x.bind(n.Pattern)
		if err != nil {
			return nil, err
		}
		e, err := bindCall(x.b, "regexp_like", []plan.Expr{v, p})
		if err != nil {
			return nil, x.wrap(n, err)
		}
		if n.Not {
			e = &plan.Call{Fn: "not", Args: []plan.Expr{e}, T: types.BooleanType}
		}
		return e, nil
	case *ast.CaseExpr:
		return x.caseExpr(n)
	case *ast.FuncCastExpr:
		return x.cast(n)
	case *ast.FuncCallExpr:
		if isStatsCall(n) {
			return x.statsAggregate(n, n.FnName.L, n.Args, false)
		}
		return x.funcCall(n)
	case *ast.AggregateFuncExpr:
		return x.aggregate(n)
	case *ast.PositionExpr:
		return nil, x.errAt(n, "a column position is only allowed in GROUP BY and ORDER BY")
	case *ast.SubqueryExpr:
		return x.scalarSubquery(n)
	case *ast.ExistsSubqueryExpr:
		return x.existsSubquery(n)
	case *ast.CompareSubqueryExpr:
		return x.compareSubquery(n)
	case *ast.WindowFuncExpr:
		return x.window(n)
	case *ast.DefaultExpr:
		return nil, &UnsupportedError{What: "DEFAULT", SQL: x.b.sql, Offset: offsetOf(n)}
	case *ast.VariableExpr:
		return nil, &UnsupportedError{What: "a variable", SQL: x.b.sql, Offset: offsetOf(n)}
	case *ast.TimeUnitExpr:
		return nil, x.errAt(n, "unexpected time unit %s", n.Unit)
	}
	return nil, &UnsupportedError{What: fmt.Sprintf("the expression %T", n), SQL: x.b.sql, Offset: offsetOf(n)}
}

func (x *exprBinder) literal(n *driver.ValueExpr) (plan.Expr, error) {
	switch n.Kind() {
	case driver.KindNull:
		return &plan.Literal{T: types.UnknownType}, nil
	case driver.KindInt64:
		// TRUE and FALSE arrive as 1 and 0: look at the text.
		if p := n.OriginTextPosition(); p >= 0 && p < len(x.b.sql) {
			rest := strings.ToLower(x.b.sql[p:min(p+5, len(x.b.sql))])
			if strings.HasPrefix(rest, "true") {
				return &plan.Literal{Value: true, T: types.BooleanType}, nil
			}
			if strings.HasPrefix(rest, "false") {
				return &plan.Literal{Value: false, T: types.BooleanType}, nil
			}
		}
		return &plan.Literal{Value: n.GetInt64(), T: types.BigintType}, nil
	case driver.KindUint64:
		u := n.GetUint64()
		if u <= math.MaxInt64 {
			return &plan.Literal{Value: int64(u), T: types.BigintType}, nil
		}
		// Past BIGINT: an exact DECIMAL(20,0), as longer literals are.
		if l, ok := decimalLiteral(strconv.FormatUint(u, 10)); ok {
			return l, nil
		}
		return &plan.Literal{Value: float64(u), T: types.DoubleType}, nil
	case driver.KindFloat32, driver.KindFloat64:
		return &plan.Literal{Value: n.GetFloat64(), T: types.DoubleType}, nil
	case driver.KindMysqlDecimal:
		text := n.GetMysqlDecimal().String()
		if l, ok := decimalLiteral(text); ok {
			return l, nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, x.errAt(n, "bad number %s", text)
		}
		return &plan.Literal{Value: f, T: types.DoubleType}, nil
	case driver.KindString, driver.KindBytes:
		return &plan.Literal{Value: n.GetString(), T: types.VarcharType}, nil
	}
	return nil, &UnsupportedError{What: fmt.Sprintf("this kind of literal (%d)", n.Kind()), SQL: x.b.sql, Offset: offsetOf(n)}
}

func (x *exprBinder) column(n *ast.ColumnNameExpr) (plan.Expr, error) {
	name := n.Name.Name.O
	qual := n.Name.Table.O
	hits, all := x.scope.resolve(qual, name)
	if len(hits) == 0 && qual == "" {
		if e, ok := x.aliases[strings.ToLower(name)]; ok {
			return e, nil
		}
	}
	if len(hits) == 0 {
		// A correlated subquery's reference to the query around it.
		for o := x.scope.outer; o != nil; o = o.outer {
			if oh, _ := o.resolve(qual, name); len(oh) > 0 {
				if len(oh) > 1 {
					return nil, x.errAt(n, "column reference %q is ambiguous", name)
				}
				c := oh[0].col
				x.b.correlated[c.ID] = true
				return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}, nil
			}
		}
	}
	switch len(hits) {
	case 1:
		c := hits[0].col
		return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}, nil
	case 0:
		if qual == "" {
			if e := parenlessCall(x.b, name); e != nil {
				return e, nil
			}
		}
		full := name
		if qual != "" {
			full = qual + "." + name
			if !x.scope.hasTable(qual) && !x.scope.outerHasTable(qual) {
				return nil, &Error{SQL: x.b.sql, Offset: offsetOf(n), Code: codeUndefinedColumn,
					Msg: fmt.Sprintf("column %q does not exist (no table %q in FROM)", full, qual)}
			}
		}
		e := &Error{SQL: x.b.sql, Offset: offsetOf(n), Msg: fmt.Sprintf("column %q does not exist", full), Code: codeUndefinedColumn}
		if s := catalog.Closest(name, all); s != "" {
			e.Msg += fmt.Sprintf(" (did you mean %s?)", s)
		} else if len(all) > 0 && len(all) <= 50 {
			e.Hint = "the columns are " + strings.Join(all, ", ")
		}
		return nil, e
	}
	return nil, x.errAt(n, "column reference %q is ambiguous", name)
}

var arithOps = map[opcode.Op]string{opcode.Plus: "+", opcode.Minus: "-", opcode.Mul: "*", opcode.Div: "/", opcode.IntDiv: "div", opcode.Mod: "%"}
var cmpOps = map[opcode.Op]string{opcode.EQ: "=", opcode.NE: "<>", opcode.LT: "<", opcode.LE: "<=", opcode.GT: ">", opcode.GE: ">="}

func (x *exprBinder) binary(n *ast.BinaryOperationExpr) (plan.Expr, error) {
	l, err := x.bind(n.L)
	if err != nil {
		return nil, err
	}
	r, err := x.bind(n.R)
	if err != nil {
		return nil, err
	}
	if op, ok := arithOps[n.Op]; ok {
		e, err := bindArith(op, l, r)
		return e, x.wrap(n, err)
	}
	if op, ok := cmpOps[n.Op]; ok {
		e, err := bindCompare(op, l, r)
		return e, x.wrap(n, err)
	}
	switch n.Op {
	case opcode.LogicAnd, opcode.LogicOr:
		if l, err = asCondition(l); err != nil {
			return nil, x.wrap(n.L, err)
		}
		if r, err = asCondition(r); err != nil {
			return nil, x.wrap(n.R, err)
		}
		fn := "and"
		if n.Op == opcode.LogicOr {
			fn = "or"
		}
		return &plan.Call{Fn: fn, Args: []plan.Expr{l, r}, T: types.BooleanType}, nil
	case opcode.LogicXor:
		if l, err = asCondition(l); err != nil {
			return nil, x.wrap(n.L, err)
		}
		if r, err = asCondition(r); err != nil {
			return nil, x.wrap(n.R, err)
		}
		return &plan.Call{Fn: "<>", Args: []plan.Expr{l, r}, T: types.BooleanType}, nil
	case opcode.NullEQ:
		// a <=> b: equal, or both NULL.
		eq, err := bindCompare("=", l, r)
		if err != nil {
			return nil, x.wrap(n, err)
		}
		bothNull := &plan.Call{Fn: "and", Args: []plan.Expr{
			&plan.Call{Fn: "is_null", Args: []plan.Expr{l}, T: types.BooleanType},
			&plan.Call{Fn: "is_null", Args: []plan.Expr{r}, T: types.BooleanType}}, T: types.BooleanType}
		return &plan.Call{Fn: "or", Args: []plan.Expr{
			&plan.Call{Fn: "is_true", Args: []plan.Expr{eq}, T: types.BooleanType}, bothNull}, T: types.BooleanType}, nil
	}
	return nil, &UnsupportedError{What: "operator " + n.Op.String(), SQL: x.b.sql, Offset: offsetOf(n)}
}

func (x *exprBinder) unary(n *ast.UnaryOperationExpr) (plan.Expr, error) {
	v, err := x.bind(n.V)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case opcode.Minus:
		if v, err = wantNumber("-", 0, v); err != nil {
			return nil, x.wrap(n, err)
		}
		if l, ok := v.(*plan.Literal); ok && l.Value != nil {
			switch val := l.Value.(type) {
			case int64:
				if val != math.MinInt64 {
					return &plan.Literal{Value: -val, T: l.T}, nil
				}
			case float64:
				return &plan.Literal{Value: -val, T: l.T}, nil
			}
		}
		return &plan.Call{Fn: "neg", Args: []plan.Expr{v}, T: v.Type()}, nil
	case opcode.Plus:
		v, err = wantNumber("+", 0, v)
		return v, x.wrap(n, err)
	case opcode.Not, opcode.Not2:
		if v, err = asCondition(v); err != nil {
			return nil, x.wrap(n, err)
		}
		return &plan.Call{Fn: "not", Args: []plan.Expr{v}, T: types.BooleanType}, nil
	}
	return nil, &UnsupportedError{What: "operator " + n.Op.String(), SQL: x.b.sql, Offset: offsetOf(n)}
}

func (x *exprBinder) caseExpr(n *ast.CaseExpr) (plan.Expr, error) {
	var subject plan.Expr
	var err error
	if n.Value != nil {
		if subject, err = x.bind(n.Value); err != nil {
			return nil, err
		}
	}
	var conds, results []plan.Expr
	for _, w := range n.WhenClauses {
		c, err := x.bind(w.Expr)
		if err != nil {
			return nil, err
		}
		if subject != nil {
			if c, err = bindCompare("=", subject, c); err != nil {
				return nil, x.wrap(w.Expr, err)
			}
		} else if c, err = asCondition(c); err != nil {
			return nil, x.wrap(w.Expr, err)
		}
		r, err := x.bind(w.Result)
		if err != nil {
			return nil, err
		}
		conds = append(conds, c)
		results = append(results, r)
	}
	if n.ElseClause != nil {
		e, err := x.bind(n.ElseClause)
		if err != nil {
			return nil, err
		}
		results = append(results, e)
	}
	results, t, err := unify(results)
	if err != nil {
		return nil, x.wrap(n, ferr("", "CASE branches: %v", err))
	}
	var args []plan.Expr
	for i, c := range conds {
		args = append(args, c, results[i])
	}
	if n.ElseClause != nil {
		args = append(args, results[len(results)-1])
	}
	return &plan.Call{Fn: "case", Args: args, T: t}, nil
}

func (x *exprBinder) cast(n *ast.FuncCastExpr) (plan.Expr, error) {
	v, err := x.bind(n.Expr)
	if err != nil {
		return nil, err
	}
	var t types.Type
	switch n.Tp.GetType() {
	case mysql.TypeLonglong, mysql.TypeLong, mysql.TypeInt24, mysql.TypeShort, mysql.TypeTiny:
		t = types.BigintType
	case mysql.TypeDouble, mysql.TypeFloat:
		t = types.DoubleType
	case mysql.TypeNewDecimal:
		if t, err = types.NewDecimal(n.Tp.GetFlen(), n.Tp.GetDecimal()); err != nil {
			return nil, x.errAt(n, "%v", err)
		}
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar, mysql.TypeBlob:
		t = types.VarcharType
	case mysql.TypeDate:
		t = types.DateType
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		t = types.TimestampType
	default:
		return nil, &UnsupportedError{What: "CAST to " + n.Tp.String(), SQL: x.b.sql, Offset: offsetOf(n)}
	}
	if v.Type().ID == types.Timestamp && t.ID == types.Bigint || v.Type().ID == types.Date && t.IsNumeric() {
		return nil, x.errAt(n, "cannot cast %s to %s", v.Type(), t)
	}
	return castTo(v, t), nil
}

func (x *exprBinder) funcCall(n *ast.FuncCallExpr) (plan.Expr, error) {
	name := n.FnName.L
	if strings.HasSuffix(name, "dateliteral") || strings.HasSuffix(name, "timestampliteral") {
		// TiDB names the DATE '...' and TIMESTAMP '...' literals with a
		// prefix that users cannot type.
		name = name[strings.LastIndexAny(name, "(.`")+1:]
	}
	switch name {
	case pgTypedFunc:
		// pg_typed(CAST(x AS ...), 'type'): the cast, which the select
		// list names and types after 'type' (pgnames.go).
		if len(n.Args) != 2 {
			return nil, x.errAt(n, "%s takes a cast and a type name", pgTypedFunc)
		}
		if v, ok := n.Args[1].(*driver.ValueExpr); !ok || v.Kind() != driver.KindString {
			return nil, x.errAt(n, "%s takes a cast and a type name", pgTypedFunc)
		}
		return x.bind(n.Args[0])
	case "dateliteral", "timestampliteral":
		s, ok := n.Args[0].(*driver.ValueExpr)
		if !ok {
			return nil, x.errAt(n, "bad literal")
		}
		t := types.DateType
		if name == "timestampliteral" {
			t = types.TimestampType
		}
		return castTo(&plan.Literal{Value: s.GetString(), T: types.VarcharType}, t), nil
	case "trim":
		// TRIM([BOTH|LEADING|TRAILING] [remstr] FROM str): args are str,
		// remstr and the direction.
		var args []plan.Expr
		dir := ast.TrimBothDefault
		for _, a := range n.Args {
			if d, ok := a.(*ast.TrimDirectionExpr); ok {
				dir = d.Direction
				continue
			}
			e, err := x.bind(a)
			if err != nil {
				return nil, err
			}
			args = append(args, e)
		}
		switch dir {
		case ast.TrimLeading:
			name = "ltrim"
		case ast.TrimTrailing:
			name = "rtrim"
		}
		e, err := bindCall(x.b, name, args)
		return e, x.wrap(n, err)
	}
	args := make([]plan.Expr, len(n.Args))
	for i, a := range n.Args {
		if u, ok := a.(*ast.TimeUnitExpr); ok {
			// The unit of INTERVAL n unit (DATE_ADD, and d + INTERVAL,
			// which the parser makes a DATE_ADD) is passed on as its
			// name: 'MONTH', 'HOUR_MINUTE'.
			args[i] = &plan.Literal{Value: u.Unit.String(), T: types.VarcharType}
			continue
		}
		e, err := x.bind(a)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	e, err := bindCall(x.b, name, args)
	if err != nil {
		return nil, x.wrap(n, err)
	}
	if c, ok := e.(*plan.Call); ok && c.User != nil && c.User.Func.ResultFor != nil {
		tags := make([]string, len(c.Args))
		for i, a := range c.Args {
			tags[i] = x.tagOf(a)
		}
		u := *c.User
		c.T, u.Tag = u.Func.ResultFor(tags)
		c.User = &u
	}
	if c, ok := e.(*plan.Call); ok && c.Set && !x.sets {
		return nil, &Error{SQL: x.b.sql, Offset: offsetOf(n), Code: codeFeatureNotSupported,
			Msg:  fmt.Sprintf("set-returning functions are not allowed in %s", x.where),
			Hint: "call " + strings.ToUpper(name) + " in the select list or in FROM"}
	}
	return e, nil
}

func (x *exprBinder) aggregate(n *ast.AggregateFuncExpr) (plan.Expr, error) {
	if x.aggs == nil {
		return nil, x.errAt(n, "aggregate functions are not allowed in %s", x.where)
	}
	name := strings.ToLower(n.F)
	if stats, ok := x.statsAggregateName(n, name); ok {
		return x.statsAggregate(n, stats, n.Args, n.Distinct)
	}
	if name == "group_concat" {
		return x.groupConcat(n)
	}
	switch name {
	case "count", "sum", "avg", "min", "max":
	default:
		return nil, &UnsupportedError{What: "aggregate function " + strings.ToUpper(name), SQL: x.b.sql, Offset: offsetOf(n)}
	}
	if len(n.Args) != 1 {
		return nil, x.errAt(n, "%s takes one argument", strings.ToUpper(name))
	}
	inner := &exprBinder{b: x.b, scope: x.scope, where: "the argument of an aggregate function"}
	arg, err := inner.bind(n.Args[0])
	if err != nil {
		return nil, err
	}
	call := plan.AggCall{Func: name, Distinct: n.Distinct, Arg: arg}
	switch name {
	case "count":
		call.Out.Type = types.BigintType
		if l, ok := arg.(*plan.Literal); ok && l.Value != nil && !n.Distinct {
			call.Func, call.Arg = "count_star", nil
		}
	case "sum", "avg":
		a, err := wantNumber(name, 0, arg)
		if err != nil {
			return nil, x.wrap(n, err)
		}
		if a.Type().ID == types.Unknown {
			a = castTo(a, types.DoubleType)
		}
		call.Arg = a
		call.Out.Type = types.SumType(a.Type())
		if name == "avg" {
			call.Out.Type = types.AvgType(a.Type())
		}
	default:
		call.Out.Type = arg.Type()
	}
	call.Out.Nullable = call.Func != "count" && call.Func != "count_star"
	return x.aggs.add(call, offsetOf(n)), nil
}

// decimalLiteral types a number written with a point (1.50) as the
// DECIMAL of its digits, DECIMAL(3,2), as MySQL and PostgreSQL do; ok is
// false past 38 digits.
func decimalLiteral(text string) (*plan.Literal, bool) {
	digits := strings.TrimLeft(strings.TrimLeft(text, "+-"), "0")
	scale := 0
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		scale = len(digits) - i - 1
		digits = digits[:i] + digits[i+1:]
	}
	if strings.ContainsAny(digits, "eE") {
		return nil, false
	}
	prec := max(len(strings.TrimLeft(digits, "0")), scale, 1)
	if prec > types.MaxDecimalPrecision {
		return nil, false
	}
	t := types.DecimalType(prec, scale)
	v, ok := types.ParseDecimal([]byte(text), scale)
	if !ok {
		return nil, false
	}
	return &plan.Literal{Value: v, T: t}, true
}

// groupConcat binds GROUP_CONCAT([DISTINCT] x [, y ...] [ORDER BY ...]
// [SEPARATOR 's']): the non-NULL values (the arguments concatenated, NULL
// if one is) joined by the separator (',' by default), in the ORDER BY's
// order: the aggregation's input is sorted by it, which all ordered
// aggregates of a query must then share.
func (x *exprBinder) groupConcat(n *ast.AggregateFuncExpr) (plan.Expr, error) {
	if len(n.Args) < 2 {
		return nil, x.errAt(n, "GROUP_CONCAT takes at least one argument")
	}
	sep, ok := n.Args[len(n.Args)-1].(*driver.ValueExpr)
	if !ok || sep.Kind() != driver.KindString {
		return nil, x.errAt(n, "the separator of GROUP_CONCAT must be a string")
	}
	inner := &exprBinder{b: x.b, scope: x.scope, where: "the argument of an aggregate function"}
	var args []plan.Expr
	for _, a := range n.Args[:len(n.Args)-1] {
		e, err := inner.bind(a)
		if err != nil {
			return nil, err
		}
		args = append(args, castTo(e, types.VarcharType))
	}
	arg := args[0]
	if len(args) > 1 {
		e, err := bindCall(x.b, "concat", args)
		if err != nil {
			return nil, x.wrap(n, err)
		}
		arg = e
	}
	if n.Order != nil {
		if n.Distinct {
			return nil, &UnsupportedError{What: "GROUP_CONCAT(DISTINCT ... ORDER BY ...)", SQL: x.b.sql, Offset: offsetOf(n)}
		}
		var keys []plan.SortKey
		for _, by := range n.Order.Items {
			k, err := inner.bind(by.Expr)
			if err != nil {
				return nil, err
			}
			keys = append(keys, plan.SortKey{Expr: k, Desc: by.Desc})
		}
		if x.aggs.order != nil && !keysEqual(x.aggs.order, keys) {
			return nil, &UnsupportedError{What: "aggregates ordered differently in one query", SQL: x.b.sql, Offset: offsetOf(n)}
		}
		x.aggs.order = keys
	}
	call := plan.AggCall{Func: "string_agg", Distinct: n.Distinct, Arg: arg, Sep: sep.GetString()}
	call.Out.Type, call.Out.Nullable = types.VarcharType, true
	return x.aggs.add(call, offsetOf(n)), nil
}
