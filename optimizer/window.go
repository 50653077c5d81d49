package optimizer

import (
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/vector"
)

// The optimizer's handling of window functions: the rules' cases for
// plan.Window, and its physical operator.

// mapWindowExprs is mapExprs for a Window.
func mapWindowExprs(n *plan.Window, f func(plan.Expr) (plan.Expr, error)) (plan.Node, error) {
	c := *n
	var err error
	apply := func(e plan.Expr) plan.Expr {
		if err != nil {
			return e
		}
		var out plan.Expr
		out, err = f(e)
		return out
	}
	c.PartitionBy = make([]plan.Expr, len(n.PartitionBy))
	for i, e := range n.PartitionBy {
		c.PartitionBy[i] = apply(e)
	}
	c.OrderBy = make([]plan.SortKey, len(n.OrderBy))
	for i, k := range n.OrderBy {
		c.OrderBy[i] = plan.SortKey{Expr: apply(k.Expr), Desc: k.Desc}
	}
	c.Funcs = make([]plan.WindowFunc, len(n.Funcs))
	for i, fn := range n.Funcs {
		c.Funcs[i] = fn
		c.Funcs[i].Args = make([]plan.Expr, len(fn.Args))
		for j, a := range fn.Args {
			c.Funcs[i].Args[j] = apply(a)
		}
	}
	return &c, err
}

// pruneWindow drops the window functions no operator above reads (and the
// Window, if none is left) and keeps, below, the columns that the others,
// the partition and order keys, and the operators above read.
func pruneWindow(n *plan.Window, need map[plan.ColumnID]bool) plan.Node {
	var funcs []plan.WindowFunc
	for _, f := range n.Funcs {
		if need[f.Out.ID] {
			funcs = append(funcs, f)
		}
	}
	if len(funcs) == 0 {
		return prune(n.Input, need)
	}
	child := copySet(need)
	for _, e := range n.PartitionBy {
		plan.ColumnsOf(e, child)
	}
	for _, k := range n.OrderBy {
		plan.ColumnsOf(k.Expr, child)
	}
	for _, f := range funcs {
		for _, a := range f.Args {
			plan.ColumnsOf(a, child)
		}
	}
	c := *n
	c.Funcs = funcs
	c.Input = prune(n.Input, child)
	return &c
}

// pushIntoWindow pushes below a Window the conjuncts that read only its
// partition keys (columns): they keep or drop whole partitions, which
// does not change the other partitions' results. The others stay above.
//
//	SELECT * FROM (SELECT state, RANK() OVER (PARTITION BY state ORDER BY x) AS r FROM t)
//	WHERE state = 'OH' AND r <= 3
//	=> the window reads Scan t filters=[state = 'OH']; Filter r <= 3 stays above it.
func pushIntoWindow(n *plan.Window, preds []plan.Expr) plan.Node {
	keys := map[plan.ColumnID]plan.Expr{}
	for _, e := range n.PartitionBy {
		if r, ok := e.(*plan.ColumnRef); ok {
			keys[r.ID] = r
		}
	}
	var down, stay []plan.Expr
	for _, p := range preds {
		if len(keys) > 0 && onlyColumns(p, keys) {
			down = append(down, p)
		} else {
			stay = append(stay, p)
		}
	}
	c := *n
	c.Input = pushInto(n.Input, down)
	return withFilter(&c, stay)
}

var windowBounds = map[plan.BoundKind]vector.BoundKind{plan.UnboundedPreceding: vector.FrameUnboundedPreceding,
	plan.Preceding: vector.FramePreceding, plan.CurrentRow: vector.FrameCurrentRow, plan.Following: vector.FrameFollowing,
	plan.UnboundedFollowing: vector.FrameUnboundedFollowing}

// window plans a Window: below it, the input with the keys and
// arguments that are not plain columns computed, per partition of the
// scan; then all of it gathered into the window operator.
func (pl *physicalPlanner) window(n *plan.Window) (Physical, error) {
	in, err := pl.plan(n.Input)
	if err != nil {
		return nil, err
	}
	inCols := in.Columns()
	l := layoutOf(inCols)
	var extra []plan.Expr
	col := func(e plan.Expr) int {
		if r, ok := e.(*plan.ColumnRef); ok {
			if i, ok := l[r.ID]; ok {
				return i
			}
		}
		for i, x := range extra {
			if plan.Equal(x, e) {
				return len(inCols) + i
			}
		}
		extra = append(extra, e)
		return len(inCols) + len(extra) - 1
	}
	w := &pWindow{keep: len(inCols), out: passThroughOut(in, n.Input.Columns(), n.Columns()), workers: pl.threads, limit: n.RowLimit}
	for _, e := range n.PartitionBy {
		w.partition = append(w.partition, col(e))
	}
	for _, k := range n.OrderBy {
		w.order = append(w.order, vector.SortKey{Col: col(k.Expr), Desc: k.Desc})
	}
	for _, f := range n.Funcs {
		fn, ok := vector.WinFuncByName(f.Func)
		if !ok {
			return nil, fmt.Errorf("internal error: unknown window function %s", f.Func)
		}
		vf := vector.WindowFunc{Func: fn, N: f.N, Frame: vector.Frame{Range: f.Frame.Range,
			Start: vector.FrameBound{Kind: windowBounds[f.Frame.Start.Kind], Offset: f.Frame.Start.Offset},
			End:   vector.FrameBound{Kind: windowBounds[f.Frame.End.Kind], Offset: f.Frame.End.Offset}}}
		for _, a := range f.Args {
			vf.Args = append(vf.Args, col(a))
		}
		w.funcs = append(w.funcs, vf)
		w.names = append(w.names, f.String())
	}
	if len(extra) > 0 {
		exprs := make([]plan.Expr, 0, len(inCols)+len(extra))
		cols := append([]plan.Column(nil), inCols...)
		for _, c := range inCols {
			exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
		}
		for i, e := range extra {
			exprs = append(exprs, e)
			cols = append(cols, plan.Column{ID: -plan.ColumnID(i + 1), Name: exprName(e), Type: e.Type(), Nullable: true})
		}
		ce, err := compileAll(exprs, l)
		if err != nil {
			return nil, err
		}
		in = &pProject{input: in, exprs: ce, out: cols}
	}
	w.input = pl.gathered(in)
	return w, nil
}

// pWindow is the window operator; it holds its whole input.
type pWindow struct {
	input     Physical
	partition []int
	order     []vector.SortKey
	funcs     []vector.WindowFunc
	names     []string
	keep      int
	out       []plan.Column
	workers   int
	limit     int64
}

func (p *pWindow) Columns() []plan.Column { return p.out }
func (p *pWindow) Children() []Physical   { return []Physical{p.input} }
func (p *pWindow) partitioned() bool      { return false }
func (p *pWindow) Explain() string {
	in := p.input.Columns()
	keys := make([]string, len(p.partition))
	for i, k := range p.partition {
		keys[i] = in[k].Name
	}
	order := make([]string, len(p.order))
	for i, k := range p.order {
		order[i] = in[k.Col].Name
		if k.Desc {
			order[i] += " DESC"
		}
	}
	first := ""
	if p.limit > 0 {
		first = fmt.Sprintf(" first=%d per partition", p.limit)
	}
	return fmt.Sprintf("Window partition=[%s] order=[%s] funcs=[%s]%s workers=%d (holds its whole input in memory)",
		strings.Join(keys, ", "), strings.Join(order, ", "), strings.Join(p.names, ", "), first, p.workers)
}
func (p *pWindow) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	w, err := vector.NewWindow(in, p.partition, p.order, p.funcs, p.keep, schemaOf(p.out), p.workers)
	if err != nil {
		in.Close()
		return nil, err
	}
	return w.WithRowLimit(int(p.limit)), nil
}
