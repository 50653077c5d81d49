package optimizer

import (
	"context"
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// apply plans a dependent join: its left side as any input, its right
// side kept as the optimized logical plan, which each left row binds to
// its values of the outer columns (as constants) and plans and runs on
// its own (vector.Apply). Scans made now hold the right side's tables (a
// table in memory) for the query's lifetime, as the left side's do, so
// that every row reads the same data. A join whose right side still reads
// its left side (the decorrelate rule switched off) is planned so too.
func (pl *physicalPlanner) apply(n *plan.Apply) (Physical, error) {
	reads := plan.FreeColumns(n.Right)
	have := idSet(n.Left.Columns())
	for id := range reads {
		if !have[id] {
			return nil, fmt.Errorf("internal error: the right side of %s reads column #%d, which its left side does not produce", describeApply(n), id)
		}
	}
	if n.Cond != nil {
		plan.ColumnsOf(n.Cond, reads)
	}
	left, err := pl.plan(n.Left)
	if err != nil {
		return nil, err
	}
	p := &pApply{left: left, logical: n, out: passThroughOut(left, n.Left.Columns(), n.Columns()), threads: pl.threads,
		spec: vector.ApplySpec{Kind: joinKinds[n.Kind], NullAware: n.NullAware, Cond: n.Cond != nil}}
	for i, c := range left.Columns() {
		if reads[c.ID] {
			p.outer = append(p.outer, c)
			p.spec.Outer = append(p.spec.Outer, i)
		}
	}
	p.cond = plan.Column{ID: maxColumnID(n) + 1, Name: "apply_cond", Type: types.BooleanType, Nullable: true}
	for _, s := range logicalScans(n.Right) {
		src, ok := s.Table.(vector.ScanSource)
		if !ok {
			continue
		}
		if h := src.NewScan(s.Projection); isReleaser(h) {
			pl.scans = append(pl.scans, h)
			p.held = append(p.held, h)
		}
	}
	return p, nil
}

func isReleaser(s vector.Scan) bool {
	_, ok := s.(vector.ScanReleaser)
	return ok
}

// logicalScans returns the table scans of a logical plan.
func logicalScans(n plan.Node) []*plan.Scan {
	var out []*plan.Scan
	if s, ok := n.(*plan.Scan); ok {
		out = append(out, s)
	}
	for _, k := range n.Children() {
		out = append(out, logicalScans(k)...)
	}
	return out
}

func describeApply(n *plan.Apply) string {
	if n.What != "" {
		return "a correlated " + n.What
	}
	return "a dependent join"
}

// pApply is a dependent join (see vector.Apply).
type pApply struct {
	left    Physical
	logical *plan.Apply
	outer   []plan.Column // the left columns the right side and the condition read
	spec    vector.ApplySpec
	cond    plan.Column // the condition's column in the right side's output
	out     []plan.Column
	threads int
	held    []vector.Scan // holding the right side's tables (see apply)
}

func (p *pApply) Columns() []plan.Column { return p.out }
func (p *pApply) Children() []Physical {
	return []Physical{p.left, &pPerRow{node: showOuter(p.logical.Right, p.outer)}}
}
func (p *pApply) partitioned() bool { return p.left.partitioned() }
func (p *pApply) Explain() string {
	d := "Apply " + p.logical.Kind.String()
	if p.logical.Cond != nil {
		d += " cond=" + substitute(p.logical.Cond, outerNames(p.outer)).String()
	}
	if p.logical.Kind == plan.MarkJoin {
		d += " mark=" + p.logical.Mark.Name
	}
	if p.logical.NullAware {
		d += " null-aware"
	}
	return d + fmt.Sprintf(" outer=[%s] (plans and runs the second input once per row of the first)", colNames(p.outer))
}
func (p *pApply) build(part int) (vector.Operator, error) {
	left, err := p.left.build(part)
	if err != nil {
		return nil, err
	}
	spec := p.spec
	spec.Right = p.right
	return vector.NewApply(left, spec, schemaOf(p.out)), nil
}

// right plans and builds the right side for one left row, whose values
// of the outer columns are vals: the right side's columns (those the
// apply outputs), then the condition.
func (p *pApply) right(ctx context.Context, vals []any) (vector.Operator, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sub := make(map[plan.ColumnID]plan.Expr, len(p.outer))
	for i, c := range p.outer {
		sub[c.ID] = &plan.Literal{Value: vals[i], T: c.Type}
	}
	n, err := bindOuter(p.logical.Right, sub)
	if err != nil {
		return nil, err
	}
	if p.logical.Cond != nil {
		var exprs []plan.Expr
		var out []plan.Column
		switch p.logical.Kind {
		case plan.InnerJoin, plan.LeftJoin, plan.SingleJoin:
			for _, c := range n.Columns() {
				exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
				out = append(out, c)
			}
		}
		exprs = append(exprs, substitute(p.logical.Cond, sub))
		n = &plan.Project{Input: n, Exprs: exprs, Out: append(out, p.cond)}
	} else if k := p.logical.Kind; k == plan.InnerJoin || k == plan.LeftJoin || k == plan.SingleJoin {
		// The right side's columns in their logical order, whatever its
		// physical plan's is.
		var exprs []plan.Expr
		for _, c := range n.Columns() {
			exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
		}
		n = &plan.Project{Input: n, Exprs: exprs, Out: n.Columns()}
	}
	phys, err := Physicalize(n, Options{Threads: p.threads})
	if err != nil {
		return nil, fmt.Errorf("planning %s for an outer row: %w", describeApply(p.logical), err)
	}
	if !ScansHeld(phys) {
		ReleaseScans(phys)
		return nil, fmt.Errorf("%s: %w", describeApply(p.logical), vector.ErrTableGone)
	}
	op, err := Build(phys)
	if err != nil {
		ReleaseScans(phys)
		return nil, err
	}
	return &perRowOperator{Operator: op, phys: phys}, nil
}

// perRowOperator is the operator of one outer row's right side: closing
// it gives back what its plan's scans hold.
type perRowOperator struct {
	vector.Operator
	phys Physical
}

func (o *perRowOperator) Close() error {
	err := o.Operator.Close()
	ReleaseScans(o.phys)
	return err
}

// bindOuter returns n with the columns in sub (outer columns) replaced by
// their values (or other expressions) in every expression of every node.
// (A sort key is never an outer column: the binder projects it first.)
func bindOuter(n plan.Node, sub map[plan.ColumnID]plan.Expr) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		return mapExprs(n, func(e plan.Expr) (plan.Expr, error) { return substitute(e, sub), nil })
	})
}

// outerNames maps the outer columns to references that EXPLAIN shows as
// outer.name.
func outerNames(outer []plan.Column) map[plan.ColumnID]plan.Expr {
	sub := make(map[plan.ColumnID]plan.Expr, len(outer))
	for _, c := range outer {
		sub[c.ID] = &plan.ColumnRef{ID: c.ID, Name: "outer." + c.Name, T: c.Type}
	}
	return sub
}

// showOuter returns n with its references to the outer columns named
// outer.name, for EXPLAIN.
func showOuter(n plan.Node, outer []plan.Column) plan.Node {
	shown, err := bindOuter(n, outerNames(outer))
	if err != nil {
		return n
	}
	return shown
}

// pPerRow shows in EXPLAIN a node of the logical plan an Apply plans
// once per outer row; it is never built itself.
type pPerRow struct{ node plan.Node }

func (p *pPerRow) Columns() []plan.Column { return p.node.Columns() }
func (p *pPerRow) Children() []Physical {
	kids := p.node.Children()
	out := make([]Physical, len(kids))
	for i, k := range kids {
		out[i] = &pPerRow{node: k}
	}
	return out
}
func (p *pPerRow) partitioned() bool { return false }
func (p *pPerRow) Explain() string {
	return strings.TrimSpace(p.node.Describe())
}
func (p *pPerRow) build(int) (vector.Operator, error) {
	return nil, fmt.Errorf("internal error: %s is planned per outer row, not built", p.node.Describe())
}
