package binder

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Window functions are bound like aggregates: while a SELECT's expressions
// are bound, each call becomes a winRef; once aggregation is bound, the
// calls become Window nodes over the aggregation (or the filtered FROM)
// and the winRefs references to their output columns.

// winRef stands for a window function call until its Window node exists.
type winRef struct {
	idx int
	t   types.Type
}

func (w *winRef) Type() types.Type { return w.t }
func (w *winRef) String() string   { return fmt.Sprintf("window#%d", w.idx) }

// winCall is one window function call with its window.
type winCall struct {
	fn        plan.WindowFunc
	partition []plan.Expr
	order     []plan.SortKey
	node      ast.Node
}

// windows gathers the window function calls of a SELECT.
type windows struct {
	stmt  *ast.SelectStmt
	named map[string]*ast.WindowSpec
	calls []winCall
}

// newWindows checks where a SELECT's window functions are and reads its
// named windows (WINDOW w AS (...)).
func (b *binder) newWindows(s *ast.SelectStmt) (*windows, error) {
	w := &windows{stmt: s, named: map[string]*ast.WindowSpec{}}
	check := func(n ast.Node, clause string) error {
		if n == nil {
			return nil
		}
		if f := findWindow(n); f != nil {
			return &Error{SQL: b.sql, Offset: offsetOf(f), Msg: "window functions are not allowed in " + clause,
				Hint: "compute the window function in a subquery, and filter or group its result outside"}
		}
		return nil
	}
	if s.Where != nil {
		if err := check(s.Where, "WHERE"); err != nil {
			return nil, err
		}
	}
	if s.GroupBy != nil {
		if err := check(s.GroupBy, "GROUP BY"); err != nil {
			return nil, err
		}
	}
	if s.Having != nil {
		if err := check(s.Having, "HAVING"); err != nil {
			return nil, err
		}
	}
	for i := range s.WindowSpecs {
		spec := &s.WindowSpecs[i]
		if err := check(spec, "a window definition"); err != nil {
			return nil, err
		}
		name := spec.Name.L
		if _, dup := w.named[name]; dup {
			return nil, &Error{SQL: b.sql, Offset: -1, Msg: fmt.Sprintf("window %q is defined twice", spec.Name.O)}
		}
		w.named[name] = spec
	}
	return w, nil
}

// findWindow returns the first window function call in n, if any.
func findWindow(n ast.Node) *ast.WindowFuncExpr {
	v := &winFinder{}
	n.Accept(v)
	return v.found
}

type winFinder struct{ found *ast.WindowFuncExpr }

func (v *winFinder) Enter(n ast.Node) (ast.Node, bool) {
	if f, ok := n.(*ast.WindowFuncExpr); ok && v.found == nil {
		v.found = f
	}
	return n, v.found != nil
}

func (v *winFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// add records a call, once: equal calls share a ref.
func (w *windows) add(c winCall) *winRef {
	for i, have := range w.calls {
		if sameFunc(have.fn, c.fn) && exprsEqual(have.partition, c.partition) && keysEqual(have.order, c.order) {
			return &winRef{idx: i, t: have.fn.Out.Type}
		}
	}
	w.calls = append(w.calls, c)
	return &winRef{idx: len(w.calls) - 1, t: c.fn.Out.Type}
}

func sameFunc(a, b plan.WindowFunc) bool {
	return a.Func == b.Func && a.N == b.N && a.Frame == b.Frame && exprsEqual(a.Args, b.Args)
}

func exprsEqual(a, b []plan.Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !plan.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func keysEqual(a, b []plan.SortKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Desc != b[i].Desc || !plan.Equal(a[i].Expr, b[i].Expr) {
			return false
		}
	}
	return true
}

// spec is a window's definition with the named windows it refers to
// resolved.
type spec struct {
	partition []*ast.ByItem
	order     []*ast.ByItem
	frame     *ast.FrameClause
}

// resolve follows a window's references to named windows: OVER w is w;
// OVER (w ORDER BY ...) is w with an ORDER BY (if w has none) and a frame
// added (if w has none: PostgreSQL's rules).
func (w *windows) resolve(x *exprBinder, s *ast.WindowSpec, at ast.Node, depth int) (spec, error) {
	var out spec
	if depth > len(w.named) {
		return out, x.errAt(at, "window %q refers to itself", s.Name.O)
	}
	lookup := func(name ast.CIStr) (spec, error) {
		base, ok := w.named[name.L]
		if !ok {
			return spec{}, x.errAt(at, "window %q does not exist", name.O)
		}
		return w.resolve(x, base, at, depth+1)
	}
	if s.OnlyAlias {
		return lookup(s.Name)
	}
	if s.Ref.L != "" {
		b, err := lookup(s.Ref)
		if err != nil {
			return out, err
		}
		switch {
		case s.PartitionBy != nil:
			return out, x.errAt(at, "cannot override the PARTITION BY of window %q", s.Ref.O)
		case s.OrderBy != nil && b.order != nil:
			return out, x.errAt(at, "cannot override the ORDER BY of window %q", s.Ref.O)
		case b.frame != nil:
			return out, x.errAt(at, "cannot copy window %q because it has a frame clause", s.Ref.O)
		}
		out = b
	}
	if s.PartitionBy != nil {
		out.partition = s.PartitionBy.Items
	}
	if s.OrderBy != nil {
		out.order = s.OrderBy.Items
	}
	if s.Frame != nil {
		out.frame = s.Frame
	}
	return out, nil
}

// window binds a window function call.
func (x *exprBinder) window(n *ast.WindowFuncExpr) (plan.Expr, error) {
	if x.wins == nil {
		return nil, x.errAt(n, "window functions are not allowed in %s", x.where)
	}
	name := strings.ToLower(n.Name)
	switch {
	case n.IgnoreNull:
		return nil, &UnsupportedError{What: "IGNORE NULLS", SQL: x.b.sql, Offset: offsetOf(n)}
	case n.FromLast:
		return nil, &UnsupportedError{What: "FROM LAST", SQL: x.b.sql, Offset: offsetOf(n)}
	case n.Distinct:
		return nil, &UnsupportedError{What: "DISTINCT in a window function", SQL: x.b.sql, Offset: offsetOf(n)}
	}
	sp, err := x.wins.resolve(x, &n.Spec, n, 0)
	if err != nil {
		return nil, err
	}
	// The arguments and the window may hold aggregates (SUM(SUM(x))
	// OVER ...), not window functions.
	inner := &exprBinder{b: x.b, scope: x.scope, aggs: x.aggs, where: "the arguments of a window function"}
	call := winCall{node: n}
	if call.fn, err = inner.windowFunc(name, n); err != nil {
		return nil, err
	}
	inner.where = "a window's PARTITION BY or ORDER BY"
	for _, by := range sp.partition {
		if _, ok := by.Expr.(*ast.PositionExpr); ok {
			continue // a constant: one partition
		}
		e, err := inner.bind(by.Expr)
		if err != nil {
			return nil, err
		}
		call.partition = append(call.partition, e)
	}
	for _, by := range sp.order {
		if _, ok := by.Expr.(*ast.PositionExpr); ok {
			continue // a constant: no order
		}
		e, err := inner.bind(by.Expr)
		if err != nil {
			return nil, err
		}
		call.order = append(call.order, plan.SortKey{Expr: e, Desc: by.Desc})
	}
	if call.fn.Frame, err = x.frame(sp.frame, call.order, n); err != nil {
		return nil, err
	}
	if !call.fn.UsesFrame() {
		call.fn.Frame = plan.Frame{}
	}
	return x.wins.add(call), nil
}

// windowFunc binds a window function's name and arguments (not its
// window); Out.Type is its result's type.
func (x *exprBinder) windowFunc(name string, n *ast.WindowFuncExpr) (plan.WindowFunc, error) {
	f := plan.WindowFunc{Func: name}
	var args []plan.Expr
	for _, a := range n.Args {
		e, err := x.bind(a)
		if err != nil {
			return f, err
		}
		args = append(args, e)
	}
	upper := strings.ToUpper(name)
	nargs := func(lo, hi int) error {
		if len(args) < lo || len(args) > hi {
			return x.wrap(n, arity(name, args, lo, hi))
		}
		return nil
	}
	f.Out.Nullable = true
	switch name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
		if err := nargs(0, 0); err != nil {
			return f, err
		}
		f.Out.Type = types.BigintType
		if name == "percent_rank" || name == "cume_dist" {
			f.Out.Type = types.DoubleType
		}
		f.Out.Nullable = false
	case "ntile":
		if err := nargs(1, 1); err != nil {
			return f, err
		}
		v, ok := constInt(args[0])
		if !ok || v < 1 {
			return f, x.errAt(n, "the argument of NTILE must be a positive integer constant")
		}
		f.N = v
		f.Out.Type, f.Out.Nullable = types.BigintType, false
	case "lag", "lead":
		if err := nargs(1, 3); err != nil {
			return f, err
		}
		f.N = 1
		if len(args) > 1 {
			v, ok := constInt(args[1])
			if !ok {
				return f, x.errAt(n, "the offset of %s must be an integer constant", upper)
			}
			if v < 0 { // LAG(x, -1) is LEAD(x, 1)
				v = -max(v, -math.MaxInt64)
				f.Func = map[string]string{"lag": "lead", "lead": "lag"}[name]
			}
			f.N = v
		}
		t := args[0].Type()
		f.Args = args[:1]
		if len(args) > 2 && !isNullLiteral(args[2]) {
			def := args[2]
			if t.ID == types.Unknown {
				t = def.Type()
				f.Args[0] = castTo(args[0], t)
			}
			// The default takes the argument's type: any number converts
			// to another (LAG(price, 1, 0) of a DECIMAL), other values as
			// they do implicitly.
			if t.IsNumeric() && (def.Type().IsNumeric() || def.Type().ID == types.Boolean) {
				def = castTo(def, t)
			} else {
				var err error
				if def, err = want(name, 2, def, t); err != nil {
					return f, x.wrap(n, err)
				}
			}
			if err := x.checkCast(def, n); err != nil {
				return f, err
			}
			f.Args = append(f.Args, def)
		}
		f.Out.Type = t
	case "first_value", "last_value":
		if err := nargs(1, 1); err != nil {
			return f, err
		}
		f.Args = args
		f.Out.Type = args[0].Type()
	case "nth_value":
		if err := nargs(2, 2); err != nil {
			return f, err
		}
		v, ok := constInt(args[1])
		if !ok || v < 1 {
			return f, x.errAt(n, "the position of NTH_VALUE must be a positive integer constant")
		}
		f.Args, f.N = args[:1], v
		f.Out.Type = args[0].Type()
	case "count", "sum", "avg", "min", "max":
		if err := nargs(1, 1); err != nil {
			return f, err
		}
		arg := args[0]
		f.Args = args
		switch name {
		case "count":
			f.Out.Type, f.Out.Nullable = types.BigintType, false
			if l, ok := arg.(*plan.Literal); ok && l.Value != nil {
				f.Func, f.Args = "count_star", nil
			}
		case "sum", "avg":
			a, err := wantNumber(name, 0, arg)
			if err != nil {
				return f, x.wrap(n, err)
			}
			if a.Type().ID == types.Unknown {
				a = castTo(a, types.DoubleType)
			}
			f.Args = []plan.Expr{a}
			f.Out.Type = types.SumType(a.Type())
			if name == "avg" {
				f.Out.Type = types.AvgType(a.Type())
			}
		default:
			f.Out.Type = arg.Type()
		}
	default:
		return f, &UnsupportedError{What: "window function " + upper, SQL: x.b.sql, Offset: offsetOf(n)}
	}
	return f, nil
}

// constInt reads an integer constant.
func constInt(e plan.Expr) (int64, bool) {
	l, ok := e.(*plan.Literal)
	if !ok || l.T.ID != types.Bigint || l.Value == nil {
		return 0, false
	}
	v, ok := l.Value.(int64)
	return v, ok
}

// checkCast reports a string constant that a cast cannot read (LAG(d, 1,
// 'soon') of a DATE), here rather than when the query runs.
func (x *exprBinder) checkCast(e plan.Expr, at ast.Node) error {
	c, ok := e.(*plan.Call)
	if !ok || c.Fn != "cast" {
		return nil
	}
	if l, ok := c.Args[0].(*plan.Literal); ok && l.T.ID == types.Varchar && l.Value != nil {
		if _, ok := types.ParseText([]byte(l.Value.(string)), c.T); !ok {
			return &Error{SQL: x.b.sql, Offset: offsetOf(at), Msg: fmt.Sprintf("%q is not a valid %s", l.Value.(string), c.T), Hint: literalHint(c.T)}
		}
	}
	return nil
}

// frame binds a window's frame clause; without one, the frame is the
// partition up to the current row's last peer when the window has an
// ORDER BY, else the whole partition.
func (x *exprBinder) frame(f *ast.FrameClause, order []plan.SortKey, at ast.Node) (plan.Frame, error) {
	if f == nil {
		end := plan.UnboundedFollowing
		if len(order) > 0 {
			end = plan.CurrentRow
		}
		return plan.Frame{Range: true, Start: plan.FrameBound{Kind: plan.UnboundedPreceding}, End: plan.FrameBound{Kind: end}}, nil
	}
	var out plan.Frame
	switch f.Type {
	case ast.Rows:
	case ast.Ranges:
		out.Range = true
	default:
		return out, &UnsupportedError{What: "a GROUPS frame", SQL: x.b.sql, Offset: offsetOf(at)}
	}
	var err error
	if out.Start, err = x.frameBound(&f.Extent.Start, out.Range, order, at); err != nil {
		return out, err
	}
	if out.End, err = x.frameBound(&f.Extent.End, out.Range, order, at); err != nil {
		return out, err
	}
	s, e := out.Start.Kind, out.End.Kind
	switch {
	case s == plan.UnboundedFollowing:
		return out, x.errAt(at, "a frame cannot start at UNBOUNDED FOLLOWING")
	case e == plan.UnboundedPreceding:
		return out, x.errAt(at, "a frame cannot end at UNBOUNDED PRECEDING")
	case s == plan.CurrentRow && e == plan.Preceding:
		return out, x.errAt(at, "a frame starting at the current row cannot end at a preceding row")
	case s == plan.Following && (e == plan.Preceding || e == plan.CurrentRow):
		return out, x.errAt(at, "a frame starting at a following row cannot end at the current row or a preceding one")
	}
	return out, nil
}

// frameBound binds one end of a frame. An offset must be a non-negative
// constant: a count of rows in ROWS; in RANGE, a distance on the single
// ORDER BY key, of its type (days or an INTERVAL for a DATE, an INTERVAL
// for a TIMESTAMP).
func (x *exprBinder) frameBound(b *ast.FrameBound, isRange bool, order []plan.SortKey, at ast.Node) (plan.FrameBound, error) {
	var out plan.FrameBound
	switch {
	case b.Type == ast.CurrentRow:
		out.Kind = plan.CurrentRow
		return out, nil
	case b.UnBounded && b.Type == ast.Preceding:
		out.Kind = plan.UnboundedPreceding
		return out, nil
	case b.UnBounded:
		out.Kind = plan.UnboundedFollowing
		return out, nil
	case b.Type == ast.Preceding:
		out.Kind = plan.Preceding
	default:
		out.Kind = plan.Following
	}
	cx := &exprBinder{b: x.b, scope: &scope{}, where: "a frame offset"}
	e, err := cx.bind(b.Expr)
	if err != nil {
		return out, err
	}
	l, ok := e.(*plan.Literal)
	if !ok || l.Value == nil {
		return out, x.errAt(at, "a frame offset must be a constant")
	}
	out.Text = l.String()
	if !isRange {
		v, ok := l.Value.(int64)
		if !ok || b.Unit != ast.TimeUnitInvalid {
			return out, x.errAt(at, "the offset of a ROWS frame must be an integer constant (a number of rows)")
		}
		out.Offset = v
		return out, nil
	}
	if len(order) != 1 {
		return out, x.errAt(at, "a RANGE frame with an offset PRECEDING or FOLLOWING needs exactly one ORDER BY expression, not %d", len(order))
	}
	kt := order[0].Expr.Type()
	bad := func(hint string) error {
		return &Error{SQL: x.b.sql, Offset: offsetOf(at), Msg: fmt.Sprintf("a RANGE frame offset of %s does not apply to an ORDER BY of type %s", out.Text, kt), Hint: hint}
	}
	if b.Unit != ast.TimeUnitInvalid {
		out.Text = "INTERVAL " + out.Text + " " + b.Unit.String()
	}
	switch kt.ID {
	case types.Bigint, types.Double, types.Decimal:
		if b.Unit != ast.TimeUnitInvalid {
			return out, bad("the offset is a number")
		}
		switch kt.ID {
		case types.Bigint:
			v, ok := l.Value.(int64)
			if !ok {
				return out, bad("the offset is a whole number")
			}
			out.Offset = v
		case types.Double:
			switch v := l.Value.(type) {
			case int64:
				out.Offset = float64(v)
			case float64:
				out.Offset = v
			case decimal128.Num:
				out.Offset = types.DecimalToFloat(v, int(l.T.Scale))
			default:
				return out, bad("the offset is a number")
			}
		case types.Decimal:
			var v decimal128.Num
			scale := 0
			switch n := l.Value.(type) {
			case int64:
				v = decimal128.FromI64(n)
			case decimal128.Num:
				v, scale = n, int(l.T.Scale)
			default:
				return out, bad("the offset is a number")
			}
			r, ok := types.Rescale(v, scale, int(kt.Scale))
			if !ok || scale > int(kt.Scale) {
				return out, bad(fmt.Sprintf("the offset has at most %d digits after the point", kt.Scale))
			}
			out.Offset = r
		}
	case types.Date, types.Timestamp:
		n, ok := l.Value.(int64)
		if s, isStr := l.Value.(string); isStr && b.Unit != ast.TimeUnitInvalid {
			v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			n, ok = v, err == nil
		}
		micros := map[ast.TimeUnitType]int64{ast.TimeUnitWeek: 7 * 86400e6, ast.TimeUnitDay: 86400e6, ast.TimeUnitHour: 3600e6,
			ast.TimeUnitMinute: 60e6, ast.TimeUnitSecond: 1e6, ast.TimeUnitMicrosecond: 1}
		per, unitOK := micros[b.Unit]
		hint := "write a number of days, or INTERVAL n DAY or WEEK"
		if kt.ID == types.Timestamp {
			hint = "write INTERVAL n WEEK, DAY, HOUR, MINUTE, SECOND or MICROSECOND"
		}
		switch {
		case !ok:
			return out, bad(hint)
		case kt.ID == types.Date && b.Unit == ast.TimeUnitInvalid:
			out.Offset = n
		case kt.ID == types.Date && (b.Unit == ast.TimeUnitDay || b.Unit == ast.TimeUnitWeek):
			out.Offset = satMul(n, per/86400e6)
		case kt.ID == types.Timestamp && unitOK:
			out.Offset = satMul(n, per)
		default:
			return out, bad(hint)
		}
	default:
		return out, bad("RANGE offsets apply to numbers, dates and timestamps; use ROWS")
	}
	if negative(out.Offset) {
		return out, x.errAt(at, "a frame offset must not be negative")
	}
	return out, nil
}

// satMul multiplies non-negative n by per, saturating.
func satMul(n, per int64) int64 {
	if n > 0 && n > math.MaxInt64/per {
		return math.MaxInt64
	}
	return n * per
}

func negative(v any) bool {
	switch v := v.(type) {
	case int64:
		return v < 0
	case float64:
		return v < 0 || v != v
	case decimal128.Num:
		return v.Sign() < 0
	}
	return false
}

// overAggregate checks that GROUP BY and HAVING hold no window function
// (by way of a select alias or position), and rewrites the calls'
// arguments and windows over the aggregation's output.
func (w *windows) overAggregate(b *binder, agg *plan.Aggregate, having plan.Expr) error {
	if w == nil {
		return nil
	}
	s := w.stmt
	for i, k := range agg.Keys {
		if hasWinRef(k) {
			var at ast.Node
			if s.GroupBy != nil && i < len(s.GroupBy.Items) {
				at = s.GroupBy.Items[i].Expr
				// GROUP BY 2: point at the select list's window function.
				if p, ok := at.(*ast.PositionExpr); ok && p.N >= 1 && p.N <= len(s.Fields.Fields) && s.Fields.Fields[p.N-1].Expr != nil {
					if f := findWindow(s.Fields.Fields[p.N-1].Expr); f != nil {
						at = f
					}
				}
			}
			return &Error{SQL: b.sql, Offset: offsetOf(at), Msg: "window functions are not allowed in GROUP BY"}
		}
	}
	if having != nil && hasWinRef(having) {
		return &Error{SQL: b.sql, Offset: offsetOf(s.Having.Expr), Msg: "window functions are not allowed in HAVING",
			Hint: "compute the window function in a subquery, and filter its result outside"}
	}
	var err error
	post := func(e plan.Expr, at ast.Node) plan.Expr {
		if err != nil {
			return e
		}
		var out plan.Expr
		out, err = b.overAggregate(e, agg, at)
		return out
	}
	for i := range w.calls {
		c := &w.calls[i]
		for j := range c.fn.Args {
			c.fn.Args[j] = post(c.fn.Args[j], c.node)
		}
		for j := range c.partition {
			c.partition[j] = post(c.partition[j], c.node)
		}
		for j := range c.order {
			c.order[j].Expr = post(c.order[j].Expr, c.node)
		}
	}
	return err
}

func hasWinRef(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) bool {
		if _, ok := x.(*winRef); ok {
			found = true
		}
		return !found
	})
	return found
}

// windowNodes puts the Window nodes that compute the calls over node, one
// per distinct window (PARTITION BY and ORDER BY), and replaces the
// winRefs in *refs by their output columns.
func (b *binder) windowNodes(node plan.Node, w *windows, refs []*plan.Expr) plan.Node {
	if w == nil || len(w.calls) == 0 {
		return node
	}
	cols := make([]plan.Column, len(w.calls))
	done := make([]bool, len(w.calls))
	for i, c := range w.calls {
		if done[i] {
			continue
		}
		win := &plan.Window{Input: node, PartitionBy: c.partition, OrderBy: c.order}
		for j := i; j < len(w.calls); j++ {
			d := w.calls[j]
			if done[j] || !exprsEqual(c.partition, d.partition) || !keysEqual(c.order, d.order) {
				continue
			}
			done[j] = true
			f := d.fn
			f.Out = b.newColumn(f.String(), f.Out.Type, f.Out.Nullable)
			cols[j] = f.Out
			win.Funcs = append(win.Funcs, f)
		}
		node = win
	}
	for _, r := range refs {
		*r = plan.Rewrite(*r, func(e plan.Expr) plan.Expr {
			if wr, ok := e.(*winRef); ok {
				c := cols[wr.idx]
				return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
			}
			return e
		})
	}
	return node
}
