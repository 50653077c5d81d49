package optimizer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// Physical is an operator of the physical plan. Build instantiates it as a
// tree of vector operators; a plan may be built once per query.
type Physical interface {
	// Columns are the operator's output columns.
	Columns() []plan.Column
	// Children are its inputs.
	Children() []Physical
	// Explain describes the operator (not its children) for EXPLAIN.
	Explain() string
	// build makes the operator for partition part (of the scan below the
	// nearest Gather above it; -1 outside any).
	build(part int) (vector.Operator, error)
	// partitioned reports whether the operator runs once per partition.
	partitioned() bool
}

// Build instantiates a physical plan.
func Build(p Physical) (vector.Operator, error) { return p.build(-1) }

// Scans returns the table scans of a physical plan.
func Scans(p Physical) []vector.Scan {
	var out []vector.Scan
	if s, ok := unwrap(p).(*pScan); ok {
		out = append(out, s.scan)
	}
	for _, c := range p.Children() {
		out = append(out, Scans(c)...)
	}
	return out
}

// ReleaseScans gives back what the plan's scans hold from planning on
// (vector.ScanReleaser): the owner of a plan calls it once the plan will
// not be built or run again (after closing its operators).
func ReleaseScans(p Physical) {
	for _, s := range append(Scans(p), holds(p)...) {
		if r, ok := s.(vector.ScanReleaser); ok {
			r.ReleaseScan()
		}
	}
}

// ScansHeld reports whether every scan of the plan holds its table's data
// (see vector.ScanReleaser): if not, a table was replaced while the query
// was planned, and planning it again reads the new one.
func ScansHeld(p Physical) bool {
	for _, s := range append(Scans(p), holds(p)...) {
		if r, ok := s.(vector.ScanReleaser); ok && !r.Held() {
			return false
		}
	}
	return true
}

// holds returns the scans that hold the tables of the plan's per-row
// sides (see pApply) for the query's lifetime; they are never read.
func holds(p Physical) []vector.Scan {
	var out []vector.Scan
	if a, ok := unwrap(p).(*pApply); ok {
		out = append(out, a.held...)
	}
	for _, c := range p.Children() {
		out = append(out, holds(c)...)
	}
	return out
}

// ExplainTree renders a physical plan as an indented tree.
func ExplainTree(p Physical) string {
	var sb strings.Builder
	var rec func(p Physical, depth int)
	rec = func(p Physical, depth int) {
		sb.WriteString(strings.Repeat("  ", depth) + p.Explain() + "\n")
		for _, c := range p.Children() {
			rec(c, depth+1)
		}
	}
	rec(p, 0)
	return sb.String()
}

// passThroughOut is the output of an operator that passes its input's
// columns through and adds its own after them (Window, ProjectSet,
// Apply): the input's columns in its physical order, which may differ
// from the logical one (a left join built on its left side outputs its
// probe side first), then the rest of all, the logical output.
func passThroughOut(in Physical, logicalIn, all []plan.Column) []plan.Column {
	return append(append([]plan.Column(nil), in.Columns()...), all[len(logicalIn):]...)
}

// inOrder returns p with its columns in the order of want (the same
// columns), projecting them when its physical order differs.
func inOrder(p Physical, want []plan.Column) (Physical, error) {
	have := p.Columns()
	same := len(have) == len(want)
	for i := 0; same && i < len(have); i++ {
		same = have[i].ID == want[i].ID
	}
	if same {
		return p, nil
	}
	exprs := make([]plan.Expr, len(want))
	for i, c := range want {
		exprs[i] = &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
	}
	ce, err := compileAll(exprs, layoutOf(have))
	if err != nil {
		return nil, err
	}
	return &pProject{input: p, exprs: ce, out: want}, nil
}

// Physicalize turns an optimized logical plan into a physical one.
func Physicalize(n plan.Node, opts Options) (Physical, error) {
	pl := &physicalPlanner{threads: max(opts.Threads, 1), analyze: opts.Analyze}
	p, err := pl.plan(n)
	if err != nil {
		for _, s := range pl.scans {
			if r, ok := s.(vector.ScanReleaser); ok {
				r.ReleaseScan()
			}
		}
		return nil, err
	}
	return pl.gathered(p), nil
}

type physicalPlanner struct {
	threads int
	analyze bool          // wrap every operator for EXPLAIN ANALYZE
	scan    vector.Scan   // the scan of the partitioned subtree being planned
	scans   []vector.Scan // every scan made, released if planning fails
}

// gathered returns p merged into a single stream, if it is partitioned.
func (pl *physicalPlanner) gathered(p Physical) Physical {
	if !p.partitioned() {
		return p
	}
	s := findScan(p)
	g := Physical(&pGather{input: p, scan: s.scan, workers: min(pl.threads, s.scan.Partitions())})
	if pl.analyze {
		g = analyzed(g)
	}
	return g
}

// findScan returns the scan whose partitions a partitioned plan follows.
func findScan(p Physical) *pScan {
	if s, ok := unwrap(p).(*pScan); ok {
		return s
	}
	for _, c := range p.Children() {
		if !c.partitioned() {
			continue
		}
		if s := findScan(c); s != nil {
			return s
		}
	}
	return nil
}

func (pl *physicalPlanner) plan(n plan.Node) (Physical, error) {
	p, err := pl.planNode(n)
	if err != nil || !pl.analyze {
		return p, err
	}
	return analyzed(p), nil
}

func (pl *physicalPlanner) planNode(n plan.Node) (Physical, error) {
	switch n := n.(type) {
	case *plan.Scan:
		return pl.scanOf(n)
	case plan.OneRow:
		return &pValues{}, nil
	case *plan.Filter:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		pred, err := compile(n.Pred, layoutOf(in.Columns()))
		if err != nil {
			return nil, err
		}
		return &pFilter{input: in, pred: pred}, nil
	case *plan.Project:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		exprs, err := compileAll(n.Exprs, layoutOf(in.Columns()))
		if err != nil {
			return nil, err
		}
		return &pProject{input: in, exprs: exprs, out: n.Out}, nil
	case *plan.ProjectSet:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		l := layoutOf(in.Columns())
		p := &pProjectSet{input: in, out: passThroughOut(in, n.Input.Columns(), n.Columns())}
		for _, c := range n.Calls {
			f, err := compileSetCall(c, l)
			if err != nil {
				return nil, err
			}
			p.funcs = append(p.funcs, f)
		}
		return p, nil
	case *plan.Aggregate:
		return pl.aggregate(n)
	case *plan.Sort:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		in = pl.gathered(in)
		keys, err := sortKeys(n.Keys, in.Columns())
		if err != nil {
			return nil, err
		}
		return &pSort{input: in, keys: keys, desc: n.Describe()}, nil
	case *plan.TopN:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		keys, err := sortKeys(n.Keys, in.Columns())
		if err != nil {
			return nil, err
		}
		keep := n.Offset + n.Count
		if keep < n.Offset {
			keep = math.MaxInt64 // LIMIT and OFFSET near 2^63
		}
		if in.partitioned() {
			in = pl.gathered(&pTopN{input: in, keys: keys, n: keep, desc: "per partition"})
		}
		var p Physical = &pTopN{input: in, keys: keys, n: keep, desc: strings.TrimPrefix(n.Describe(), "TopN ")}
		if n.Offset > 0 {
			p = &pLimit{input: p, offset: n.Offset, count: n.Count}
		}
		return p, nil
	case *plan.Limit:
		in, err := pl.plan(n.Input)
		if err != nil {
			return nil, err
		}
		return &pLimit{input: pl.gathered(in), offset: n.Offset, count: n.Count}, nil
	case *plan.Join:
		if readsAny(n.Right, plan.Produced(n.Left, nil)) {
			a, err := dependentJoin(n)
			if err != nil {
				return nil, err
			}
			return pl.apply(a)
		}
		return pl.join(n)
	case *plan.Apply:
		return pl.apply(n)
	case *plan.Union:
		u := &pUnion{out: n.Out}
		for _, in := range n.Inputs {
			p, err := pl.plan(in)
			if err != nil {
				return nil, err
			}
			// The inputs line up by position: each in its logical order.
			if p, err = inOrder(p, in.Columns()); err != nil {
				return nil, err
			}
			u.inputs = append(u.inputs, pl.gathered(p))
		}
		return u, nil
	case *plan.Window:
		return pl.window(n)
	}
	return nil, fmt.Errorf("internal error: no physical operator for %T", n)
}

func (pl *physicalPlanner) scanOf(n *plan.Scan) (Physical, error) {
	src, ok := n.Table.(vector.ScanSource)
	if !ok {
		return nil, fmt.Errorf("table %s cannot be scanned", n.Table.Name())
	}
	cols := n.Columns()
	s := &pScan{scan: src.NewScan(n.Projection), cols: cols, workers: pl.threads}
	pl.scans = append(pl.scans, s.scan)
	if f := plan.JoinAnd(n.Filters); f != nil {
		pred, err := compile(f, layoutOf(cols))
		if err != nil {
			return nil, err
		}
		s.filter = pred
	}
	s.workers = min(s.workers, s.scan.Partitions())
	return s, nil
}

func sortKeys(keys []plan.SortKey, cols []plan.Column) ([]vector.SortKey, error) {
	l := layoutOf(cols)
	out := make([]vector.SortKey, len(keys))
	for i, k := range keys {
		r, ok := k.Expr.(*plan.ColumnRef)
		if !ok {
			return nil, fmt.Errorf("internal error: sort key %s is not a column", k.Expr)
		}
		idx, ok := l[r.ID]
		if !ok {
			return nil, fmt.Errorf("internal error: sort key %s is not in the input", r.Name)
		}
		out[i] = vector.SortKey{Col: idx, Desc: k.Desc}
	}
	return out, nil
}

var aggFuncs = map[string]vector.AggFunc{"count_star": vector.AggCountStar, "count": vector.AggCount,
	"sum": vector.AggSum, "avg": vector.AggAvg, "min": vector.AggMin, "max": vector.AggMax,
	"stddev_samp": vector.AggStddevSamp, "stddev_pop": vector.AggStddevPop, "var_samp": vector.AggVarSamp,
	"var_pop": vector.AggVarPop, "corr": vector.AggCorr, "covar_samp": vector.AggCovarSamp,
	"covar_pop": vector.AggCovarPop, "median": vector.AggMedian, "quantile_cont": vector.AggQuantileCont,
	"approx_count_distinct": vector.AggApproxCountDistinct, "string_agg": vector.AggStringAgg}

// aggSpec describes an aggregate call for the vector engine.
func aggSpec(c plan.AggCall) (vector.AggSpec, error) {
	f, ok := aggFuncs[c.Func]
	if !ok {
		return vector.AggSpec{}, fmt.Errorf("unknown aggregate %s", c.Func)
	}
	s := vector.AggSpec{Func: f, Distinct: c.Distinct, Fraction: c.Fraction, Sep: c.Sep}
	switch {
	case c.Arg != nil:
		s.ArgType = c.Arg.Type()
	case c.Func != "count_star":
		// Final phase: the argument type is that of the first state
		// column, except for counts and averages.
		s.ArgType = c.Out.Type
		if f == vector.AggAvg && len(c.StateCols) > 0 {
			s.ArgType = c.StateCols[0].Type
		}
	}
	return s, nil
}

func (pl *physicalPlanner) aggregate(n *plan.Aggregate) (Physical, error) {
	in, err := pl.plan(n.Input)
	if err != nil {
		return nil, err
	}
	mode := map[plan.AggPhase]vector.AggMode{plan.Complete: vector.AggComplete, plan.Partial: vector.AggPartial, plan.Final: vector.AggFinal}[n.Phase]
	if n.Phase != plan.Partial {
		in = pl.gathered(in)
	}
	agg := &pAggregate{mode: mode, out: n.Columns(), logical: n, workers: pl.threads, unused: n.Unused}
	if n.Phase == plan.Final {
		l := layoutOf(in.Columns())
		for _, k := range n.Keys {
			agg.keys = append(agg.keys, l[k.(*plan.ColumnRef).ID])
		}
		for _, c := range n.Aggs {
			spec, err := aggSpec(c)
			if err != nil {
				return nil, err
			}
			var idx []int
			for _, s := range c.StateCols {
				idx = append(idx, l[s.ID])
			}
			agg.aggs = append(agg.aggs, spec)
			agg.args = append(agg.args, idx)
		}
		agg.input = in
		return agg, nil
	}
	// Raw input: project the keys and arguments into columns first.
	var exprs []plan.Expr
	var cols []plan.Column
	add := func(e plan.Expr) int {
		exprs = append(exprs, e)
		cols = append(cols, plan.Column{ID: -plan.ColumnID(len(exprs)), Name: exprName(e), Type: e.Type(), Nullable: true})
		return len(exprs) - 1
	}
	for _, k := range n.Keys {
		agg.keys = append(agg.keys, add(k))
	}
	for _, c := range n.Aggs {
		spec, err := aggSpec(c)
		if err != nil {
			return nil, err
		}
		var idx []int
		if c.Arg != nil {
			idx = []int{add(c.Arg)}
		}
		if c.Arg2 != nil {
			idx = append(idx, add(c.Arg2))
		}
		agg.aggs = append(agg.aggs, spec)
		agg.args = append(agg.args, idx)
	}
	ce, err := compileAll(exprs, layoutOf(in.Columns()))
	if err != nil {
		return nil, err
	}
	agg.input = &pProject{input: in, exprs: ce, out: cols}
	return agg, nil
}

func exprName(e plan.Expr) string {
	if r, ok := e.(*plan.ColumnRef); ok {
		return r.Name
	}
	return e.String()
}

func schemaOf(cols []plan.Column) *arrow.Schema {
	tc := make([]types.Column, len(cols))
	for i, c := range cols {
		tc[i] = types.Column{Name: c.Name, Type: c.Type, Nullable: c.Nullable}
	}
	return vector.SchemaOf(tc)
}

func colNames(cols []plan.Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name
	}
	return strings.Join(parts, ", ")
}

// The physical operators.

type pScan struct {
	scan    vector.Scan
	cols    []plan.Column
	filter  vector.Expr
	workers int
}

func (p *pScan) Columns() []plan.Column { return p.cols }
func (p *pScan) Children() []Physical   { return nil }
func (p *pScan) partitioned() bool      { return true }
func (p *pScan) Explain() string {
	s := "Scan " + p.scan.Describe() + fmt.Sprintf(" workers=%d", p.workers)
	if p.filter != nil {
		s += " filter=" + p.filter.String()
	}
	return s
}
func (p *pScan) build(part int) (vector.Operator, error) {
	if part < 0 {
		return nil, fmt.Errorf("internal error: scan built outside a gather")
	}
	return vector.NewTableScan(p.scan, part, schemaOf(p.cols), p.filter), nil
}

type pValues struct{}

func (p *pValues) Columns() []plan.Column             { return nil }
func (p *pValues) Children() []Physical               { return nil }
func (p *pValues) partitioned() bool                  { return false }
func (p *pValues) Explain() string                    { return "OneRow" }
func (p *pValues) build(int) (vector.Operator, error) { return vector.OneRow(), nil }

type pGather struct {
	input   Physical
	scan    vector.Scan
	workers int
}

func (p *pGather) Columns() []plan.Column { return p.input.Columns() }
func (p *pGather) Children() []Physical   { return []Physical{p.input} }
func (p *pGather) partitioned() bool      { return false }
func (p *pGather) Explain() string {
	return fmt.Sprintf("Gather partitions=%d workers=%d (in partition order)", p.scan.Partitions(), p.workers)
}
func (p *pGather) build(int) (vector.Operator, error) {
	return vector.NewGather(schemaOf(p.Columns()), p.scan.Partitions(), p.workers,
		func(part int) (vector.Operator, error) { return p.input.build(part) }, p.scan.Restart), nil
}

type pFilter struct {
	input Physical
	pred  vector.Expr
}

func (p *pFilter) Columns() []plan.Column { return p.input.Columns() }
func (p *pFilter) Children() []Physical   { return []Physical{p.input} }
func (p *pFilter) partitioned() bool      { return p.input.partitioned() }
func (p *pFilter) Explain() string        { return "Filter " + p.pred.String() }
func (p *pFilter) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewFilter(in, p.pred), nil
}

type pProjectSet struct {
	input Physical
	funcs []vector.SetFunc
	out   []plan.Column
}

func (p *pProjectSet) Columns() []plan.Column { return p.out }
func (p *pProjectSet) Children() []Physical   { return []Physical{p.input} }
func (p *pProjectSet) partitioned() bool      { return p.input.partitioned() }
func (p *pProjectSet) Explain() string {
	parts := make([]string, len(p.funcs))
	in := len(p.out) - len(p.funcs)
	for i := range p.funcs {
		parts[i] = p.funcs[i].String() + " AS " + p.out[in+i].Name
	}
	return "ProjectSet [" + strings.Join(parts, ", ") + "]"
}
func (p *pProjectSet) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewProjectSet(in, p.funcs, schemaOf(p.out)), nil
}

type pProject struct {
	input Physical
	exprs []vector.Expr
	out   []plan.Column
}

func (p *pProject) Columns() []plan.Column { return p.out }
func (p *pProject) Children() []Physical   { return []Physical{p.input} }
func (p *pProject) partitioned() bool      { return p.input.partitioned() }
func (p *pProject) Explain() string {
	parts := make([]string, len(p.exprs))
	for i, e := range p.exprs {
		parts[i] = e.String()
		if e.String() != p.out[i].Name {
			parts[i] += " AS " + p.out[i].Name
		}
	}
	return "Project [" + strings.Join(parts, ", ") + "]"
}
func (p *pProject) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewProject(in, p.exprs, schemaOf(p.out)), nil
}

type pAggregate struct {
	hint    vector.GroupHint
	workers int // for a final aggregation of many groups
	input   Physical
	mode    vector.AggMode
	keys    []int
	aggs    []vector.AggSpec
	args    [][]int
	out     []plan.Column
	logical *plan.Aggregate
	unused  []bool // keys not output (plan.Aggregate.Unused)
}

func (p *pAggregate) Columns() []plan.Column { return p.out }
func (p *pAggregate) Children() []Physical   { return []Physical{p.input} }
func (p *pAggregate) partitioned() bool      { return p.mode == vector.AggPartial && p.input.partitioned() }
func (p *pAggregate) Explain() string {
	in := p.input.Columns()
	keys := make([]string, len(p.keys))
	for i, k := range p.keys {
		keys[i] = in[k].Name
	}
	aggs := make([]string, len(p.aggs))
	for i, a := range p.aggs {
		var args []string
		for _, c := range p.args[i] {
			args = append(args, in[c].Name)
		}
		if a.Func == vector.AggQuantileCont && p.mode != vector.AggFinal {
			args = append(args, strconv.FormatFloat(a.Fraction, 'g', -1, 64))
		}
		if a.Func == vector.AggStringAgg && p.mode != vector.AggFinal {
			args = append(args, strconv.Quote(a.Sep))
		}
		d := ""
		if a.Distinct {
			d = "DISTINCT "
		}
		aggs[i] = strings.TrimSuffix(a.Func.String(), "_star") + "(" + d + strings.Join(args, ", ") + ")"
		if a.Func == vector.AggCountStar && p.mode != vector.AggFinal {
			aggs[i] = "count(*)"
		}
	}
	note := "holds every group in memory"
	if p.mode == vector.AggPartial {
		note = "per partition"
	}
	return fmt.Sprintf("HashAggregate phase=%s keys=[%s] aggs=[%s] output=[%s] (%s)", p.mode, strings.Join(keys, ", "), strings.Join(aggs, ", "), colNames(p.out), note)
}
func (p *pAggregate) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	h, err := vector.NewHashAggregate(in, p.mode, p.keys, p.aggs, p.args, schemaOf(p.out))
	if err != nil {
		return nil, err
	}
	h = h.WithHint(&p.hint).WithWorkers(p.workers).WithUnusedKeys(p.unused)
	if p.mode == vector.AggFinal && p.logical != nil {
		h = h.WithExpectedGroups(estimateRows(p.logical))
	}
	return h, nil
}

type pSort struct {
	input Physical
	keys  []vector.SortKey
	desc  string
}

func (p *pSort) Columns() []plan.Column { return p.input.Columns() }
func (p *pSort) Children() []Physical   { return []Physical{p.input} }
func (p *pSort) partitioned() bool      { return false }
func (p *pSort) Explain() string        { return p.desc + " (holds its whole input in memory)" }
func (p *pSort) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewSort(in, p.keys), nil
}

type pTopN struct {
	input Physical
	keys  []vector.SortKey
	n     int64
	desc  string
}

func (p *pTopN) Columns() []plan.Column { return p.input.Columns() }
func (p *pTopN) Children() []Physical   { return []Physical{p.input} }
func (p *pTopN) partitioned() bool      { return p.input.partitioned() }
func (p *pTopN) Explain() string        { return fmt.Sprintf("TopN %s keep=%d", p.desc, p.n) }
func (p *pTopN) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewTopN(in, p.keys, p.n), nil
}

type pLimit struct {
	input         Physical
	offset, count int64
}

func (p *pLimit) Columns() []plan.Column { return p.input.Columns() }
func (p *pLimit) Children() []Physical   { return []Physical{p.input} }
func (p *pLimit) partitioned() bool      { return false }
func (p *pLimit) Explain() string        { return fmt.Sprintf("Limit offset=%d count=%d", p.offset, p.count) }
func (p *pLimit) build(part int) (vector.Operator, error) {
	in, err := p.input.build(part)
	if err != nil {
		return nil, err
	}
	return vector.NewLimit(in, p.offset, p.count), nil
}
