package optimizer

import (
	"context"
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

var joinKinds = map[plan.JoinKind]vector.JoinKind{plan.InnerJoin: vector.JoinInner, plan.LeftJoin: vector.JoinLeft,
	plan.SemiJoin: vector.JoinSemi, plan.AntiJoin: vector.JoinAnti, plan.MarkJoin: vector.JoinMark, plan.SingleJoin: vector.JoinSingle}

// join plans a hash join. The build side is read whole into a hash table
// (once per query, by the first probe to need it); the probe side streams,
// partition by partition when it is a parallel scan. An inner join builds
// on the side estimated smaller; the other kinds build on the right side
// (the subquery, or the side an outer join may pad with NULLs), except a
// LEFT JOIN whose left side is much the smaller (outerJoinBuiltLeft).
func (pl *physicalPlanner) join(n *plan.Join) (Physical, error) {
	if n.Kind == plan.LeftJoin && len(n.LeftKeys) > 0 && outerBuildPays(n) {
		return pl.outerJoinBuiltLeft(n)
	}
	probeNode, buildNode := n.Left, n.Right
	probeKeys, buildKeys := n.LeftKeys, n.RightKeys
	swapped := false
	if n.Kind == plan.InnerJoin && estimateRows(n.Left) < estimateRows(n.Right) {
		probeNode, buildNode = n.Right, n.Left
		probeKeys, buildKeys = n.RightKeys, n.LeftKeys
		swapped = true
	}
	j, pairCols, err := pl.hashJoin(probeNode, buildNode, probeKeys, buildKeys, n.Cond, n.NullEqual)
	if err != nil {
		return nil, err
	}
	probe, build := j.probe, j.buildSide
	j.kind, j.swapped = n.Kind, swapped
	j.spec.Kind = joinKinds[n.Kind]
	j.spec.NullAware = n.NullAware
	j.spec.What = n.What
	if n.NullAware && (len(probeKeys) != 1 || n.Cond != nil) {
		if n.Kind == plan.MarkJoin {
			return nil, fmt.Errorf("IN over a correlated subquery is supported only as a condition of WHERE joined by AND (not as a value, nor under OR or NOT); write EXISTS (which treats NULLs differently)")
		}
		return nil, fmt.Errorf("NOT IN over a correlated subquery is not supported yet; write NOT EXISTS (which treats NULLs differently)")
	}
	switch n.Kind {
	case plan.SemiJoin, plan.AntiJoin:
		j.out = probe.Columns()
	case plan.MarkJoin:
		j.out = append(append([]plan.Column(nil), probe.Columns()...), n.Mark)
	default:
		j.out = pairCols
		if n.Kind != plan.InnerJoin {
			j.out = append([]plan.Column(nil), probe.Columns()...)
			for _, c := range build.Columns() {
				c.Nullable = true
				j.out = append(j.out, c)
			}
		}
	}
	return j, nil
}

// hashJoin plans the parts every hash join has: the two sides (the build
// side gathered), their keys, the residual condition over the pairs
// (probe columns, then build columns), and the shared table. It returns
// the pairs' columns.
func (pl *physicalPlanner) hashJoin(probeNode, buildNode plan.Node, probeKeys, buildKeys []plan.Expr, cond plan.Expr, nullEqual bool) (*pHashJoin, []plan.Column, error) {
	probe, err := pl.plan(probeNode)
	if err != nil {
		return nil, nil, err
	}
	build, err := pl.plan(buildNode)
	if err != nil {
		return nil, nil, err
	}
	build = pl.gathered(build)
	j := &pHashJoin{probe: probe, buildSide: build, nullEqual: nullEqual, estBuild: estimateRows(buildNode)}
	if j.spec.ProbeKeys, err = compileAll(probeKeys, layoutOf(probe.Columns())); err != nil {
		return nil, nil, err
	}
	if j.buildKeys, err = compileAll(buildKeys, layoutOf(build.Columns())); err != nil {
		return nil, nil, err
	}
	for i := range j.spec.ProbeKeys {
		if !sameKeyType(j.spec.ProbeKeys[i].Type(), j.buildKeys[i].Type()) {
			return nil, nil, fmt.Errorf("internal error: join keys %s and %s differ in type", j.spec.ProbeKeys[i], j.buildKeys[i])
		}
	}
	pairCols := append(append([]plan.Column(nil), probe.Columns()...), build.Columns()...)
	if cond != nil {
		if j.spec.Residual, err = compile(cond, layoutOf(pairCols)); err != nil {
			return nil, nil, err
		}
	}
	j.shared = vector.NewSharedJoinTable(func(ctx context.Context) (*vector.JoinTable, error) {
		op, err := j.buildSide.build(-1)
		if err != nil {
			return nil, err
		}
		return vector.BuildJoinTable(ctx, op, j.buildKeys, j.nullEqual)
	})
	return j, pairCols, nil
}

type pHashJoin struct {
	probe, buildSide Physical
	kind             plan.JoinKind
	spec             vector.HashJoinSpec
	buildKeys        []vector.Expr
	nullEqual        bool
	swapped          bool
	estBuild         float64
	outer            bool // a LEFT JOIN built on its left side (see pOuterTail)
	out              []plan.Column
	shared           *vector.SharedJoinTable
}

func (p *pHashJoin) Columns() []plan.Column { return p.out }
func (p *pHashJoin) Children() []Physical   { return []Physical{p.probe, p.buildSide} }
func (p *pHashJoin) partitioned() bool      { return p.probe.partitioned() }
func (p *pHashJoin) Explain() string {
	var keys []string
	op := " = "
	if p.nullEqual {
		op = " <=> "
	}
	for i := range p.buildKeys {
		keys = append(keys, p.spec.ProbeKeys[i].String()+op+p.buildKeys[i].String())
	}
	kind := p.kind.String()
	if p.outer {
		kind = "left (built on the left side; the rows it keeps are added above)"
	}
	s := fmt.Sprintf("HashJoin %s keys=[%s]", kind, strings.Join(keys, ", "))
	if p.spec.Residual != nil {
		s += " residual=" + p.spec.Residual.String()
	}
	if p.spec.NullAware {
		s += " null-aware"
	}
	return s + fmt.Sprintf(" (probes the first input; holds the second in memory, ~%s rows estimated)", humanCount(p.estBuild))
}
func (p *pHashJoin) build(part int) (vector.Operator, error) {
	in, err := p.probe.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewHashJoin(in, p.shared, p.spec, schemaOf(p.out)), nil
}

// humanCount renders an estimate briefly: 1200 -> 1.2K.
func humanCount(f float64) string {
	switch {
	case f >= 1e9:
		return fmt.Sprintf("%.1fG", f/1e9)
	case f >= 1e6:
		return fmt.Sprintf("%.1fM", f/1e6)
	case f >= 1e3:
		return fmt.Sprintf("%.1fK", f/1e3)
	}
	return fmt.Sprintf("%.0f", f)
}

type pUnion struct {
	inputs []Physical
	out    []plan.Column
}

func (p *pUnion) Columns() []plan.Column { return p.out }
func (p *pUnion) Children() []Physical   { return p.inputs }
func (p *pUnion) partitioned() bool      { return false }
func (p *pUnion) Explain() string {
	return "UnionAll [" + colNames(p.out) + "] (one input after the other)"
}
func (p *pUnion) build(int) (vector.Operator, error) {
	ops := make([]vector.Operator, len(p.inputs))
	for i, in := range p.inputs {
		op, err := in.build(-1)
		if err != nil {
			return nil, err
		}
		ops[i] = op
	}
	return vector.NewConcat(ops, schemaOf(p.out)), nil
}

// outerBuildPays reports whether a LEFT JOIN should be built on its left
// (preserved) side: when that side is estimated at most a quarter of the
// right one, so that the large side streams in parallel.
func outerBuildPays(n *plan.Join) bool {
	return 4*estimateRows(n.Left) <= estimateRows(n.Right)
}

// outerJoinBuiltLeft plans a LEFT JOIN the other way round: the right side
// probes a table of the left side, recording the left rows it matches,
// and an OuterTail above the probes adds the left rows never matched.
func (pl *physicalPlanner) outerJoinBuiltLeft(n *plan.Join) (Physical, error) {
	j, _, err := pl.hashJoin(n.Right, n.Left, n.RightKeys, n.LeftKeys, n.Cond, false)
	if err != nil {
		return nil, err
	}
	j.kind, j.outer = plan.InnerJoin, true
	j.spec.Kind = vector.JoinInner
	j.spec.MarkBuild = true
	j.spec.What = n.What
	for _, c := range j.probe.Columns() {
		c.Nullable = true
		j.out = append(j.out, c)
	}
	j.out = append(j.out, j.buildSide.Columns()...)
	return &pOuterTail{input: pl.gathered(j), join: j}, nil
}

type pOuterTail struct {
	input Physical
	join  *pHashJoin
}

func (p *pOuterTail) Columns() []plan.Column { return p.join.out }
func (p *pOuterTail) Children() []Physical   { return []Physical{p.input} }
func (p *pOuterTail) partitioned() bool      { return false }
func (p *pOuterTail) Explain() string {
	return "OuterTail (adds the rows of the built side that no probe matched, after all probes)"
}
func (p *pOuterTail) build(int) (vector.Operator, error) {
	in, err := p.input.build(-1)
	if err != nil {
		return nil, err
	}
	var probeTypes []types.Type
	for _, c := range p.join.probe.Columns() {
		probeTypes = append(probeTypes, c.Type)
	}
	return vector.NewOuterTail(in, p.join.shared, probeTypes, schemaOf(p.join.out)), nil
}
