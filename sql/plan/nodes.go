package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/catalog"
)

// Node is an operator of the logical plan.
type Node interface {
	// Columns are the node's output columns, in order.
	Columns() []Column
	// Children are the node's inputs.
	Children() []Node
	// WithChildren returns a copy of the node over new inputs.
	WithChildren(children []Node) Node
	// Describe renders the node (without its children) for EXPLAIN.
	Describe() string
}

// Scan reads a table. Cols are the table's columns (IDs assigned by the
// binder); Projection lists the indexes of the columns the scan produces
// (all of them until the optimizer prunes); Filters are conjuncts pushed
// into the scan.
type Scan struct {
	Table      catalog.Table
	Cols       []Column
	Projection []int
	Filters    []Expr
}

// Columns implements Node.
func (s *Scan) Columns() []Column {
	out := make([]Column, len(s.Projection))
	for i, p := range s.Projection {
		out[i] = s.Cols[p]
	}
	return out
}

// Children implements Node.
func (s *Scan) Children() []Node { return nil }

// WithChildren implements Node.
func (s *Scan) WithChildren([]Node) Node { c := *s; return &c }

// Describe implements Node.
func (s *Scan) Describe() string {
	d := fmt.Sprintf("Scan %s columns=[%s]", s.Table.Name(), names(s.Columns()))
	if len(s.Filters) > 0 {
		d += " filters=[" + exprList(s.Filters) + "]"
	}
	return d
}

// OneRow produces a single row without columns (SELECT without FROM).
type OneRow struct{}

// Columns implements Node.
func (OneRow) Columns() []Column { return nil }

// Children implements Node.
func (OneRow) Children() []Node { return nil }

// WithChildren implements Node.
func (o OneRow) WithChildren([]Node) Node { return o }

// Describe implements Node.
func (OneRow) Describe() string { return "OneRow" }

// Filter keeps the rows for which Pred is TRUE.
type Filter struct {
	Input Node
	Pred  Expr
}

// Columns implements Node.
func (f *Filter) Columns() []Column { return f.Input.Columns() }

// Children implements Node.
func (f *Filter) Children() []Node { return []Node{f.Input} }

// WithChildren implements Node.
func (f *Filter) WithChildren(c []Node) Node { return &Filter{Input: c[0], Pred: f.Pred} }

// Describe implements Node.
func (f *Filter) Describe() string { return "Filter " + f.Pred.String() }

// Project computes Exprs[i] into column Out[i].
type Project struct {
	Input Node
	Exprs []Expr
	Out   []Column
}

// Columns implements Node.
func (p *Project) Columns() []Column { return p.Out }

// Children implements Node.
func (p *Project) Children() []Node { return []Node{p.Input} }

// WithChildren implements Node.
func (p *Project) WithChildren(c []Node) Node {
	return &Project{Input: c[0], Exprs: p.Exprs, Out: p.Out}
}

// Describe implements Node.
func (p *Project) Describe() string {
	parts := make([]string, len(p.Exprs))
	for i, e := range p.Exprs {
		parts[i] = e.String()
		if r, ok := e.(*ColumnRef); !ok || r.Name != p.Out[i].Name {
			parts[i] += " AS " + p.Out[i].Name
		}
	}
	return "Project [" + strings.Join(parts, ", ") + "]"
}

// AggPhase says which part of an aggregation a node computes.
type AggPhase uint8

// The aggregation phases.
const (
	// Complete aggregates raw rows into final values.
	Complete AggPhase = iota
	// Partial aggregates one partition's raw rows into states.
	Partial
	// Final merges partial states into final values.
	Final
)

func (p AggPhase) String() string { return [...]string{"complete", "partial", "final"}[p] }

// AggCall is one aggregate function of an Aggregate. In the Final phase,
// StateCols are the partial states it merges.
type AggCall struct {
	Func      string // count_star, count, sum, avg, min, max, stddev_samp, median, ...
	Distinct  bool
	Arg       Expr    // nil for count_star; y of CORR(y, x)
	Arg2      Expr    // x of CORR(y, x), COVAR_SAMP and COVAR_POP; nil for the others
	Fraction  float64 // QUANTILE_CONT's fraction
	Sep       string  // STRING_AGG's separator
	Out       Column
	StateCols []Column // Partial: its output states; Final: its input states
}

func (a AggCall) String() string {
	if a.Func == "count_star" {
		return "count(*)"
	}
	d := ""
	if a.Distinct {
		d = "DISTINCT "
	}
	arg := ""
	if a.Arg != nil {
		arg = a.Arg.String()
	}
	if a.Arg2 != nil {
		arg += ", " + a.Arg2.String()
	}
	if a.Func == "string_agg" && a.Arg != nil {
		arg += ", " + strconv.Quote(a.Sep)
	}
	if a.Func == "quantile_cont" {
		if arg != "" {
			arg += ", "
		}
		arg += strconv.FormatFloat(a.Fraction, 'g', -1, 64)
	}
	return a.Func + "(" + d + arg + ")"
}

// Aggregate groups by Keys (output as KeyCols) and computes Aggs. Its
// output is KeyCols then, per aggregate, Out (or StateCols when Partial).
type Aggregate struct {
	Input   Node
	Phase   AggPhase
	Keys    []Expr
	KeyCols []Column
	Aggs    []AggCall
	// Unused marks the keys that group the rows but that no operator
	// above reads, so that they are not output (nil: every key is). Only
	// a Complete or Final aggregation leaves keys out.
	Unused []bool
}

// Columns implements Node.
func (a *Aggregate) Columns() []Column {
	var out []Column
	for i, c := range a.KeyCols {
		if !a.KeyUnused(i) {
			out = append(out, c)
		}
	}
	for _, c := range a.Aggs {
		if a.Phase == Partial {
			out = append(out, c.StateCols...)
		} else {
			out = append(out, c.Out)
		}
	}
	return out
}

// KeyUnused reports whether key i is left out of the output.
func (a *Aggregate) KeyUnused(i int) bool { return i < len(a.Unused) && a.Unused[i] }

// Children implements Node.
func (a *Aggregate) Children() []Node { return []Node{a.Input} }

// WithChildren implements Node.
func (a *Aggregate) WithChildren(c []Node) Node { n := *a; n.Input = c[0]; return &n }

// Describe implements Node.
func (a *Aggregate) Describe() string {
	aggs := make([]string, len(a.Aggs))
	for i, c := range a.Aggs {
		aggs[i] = c.String()
	}
	var names []string
	for i, c := range a.KeyCols {
		if a.KeyUnused(i) {
			names = append(names, c.Name)
		}
	}
	unused := ""
	if names != nil {
		unused = " unused keys=[" + strings.Join(names, ", ") + "]"
	}
	return fmt.Sprintf("Aggregate phase=%s keys=[%s] aggs=[%s]%s", a.Phase, exprList(a.Keys), strings.Join(aggs, ", "), unused)
}

// SortKey orders by an expression.
type SortKey struct {
	Expr Expr
	Desc bool
}

func (k SortKey) String() string {
	if k.Desc {
		return k.Expr.String() + " DESC"
	}
	return k.Expr.String()
}

// Sort orders its input.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Columns implements Node.
func (s *Sort) Columns() []Column { return s.Input.Columns() }

// Children implements Node.
func (s *Sort) Children() []Node { return []Node{s.Input} }

// WithChildren implements Node.
func (s *Sort) WithChildren(c []Node) Node { return &Sort{Input: c[0], Keys: s.Keys} }

// Describe implements Node.
func (s *Sort) Describe() string { return "Sort [" + keyList(s.Keys) + "]" }

// Limit skips Offset rows and keeps at most Count (Count < 0: all).
type Limit struct {
	Input         Node
	Offset, Count int64
}

// Columns implements Node.
func (l *Limit) Columns() []Column { return l.Input.Columns() }

// Children implements Node.
func (l *Limit) Children() []Node { return []Node{l.Input} }

// WithChildren implements Node.
func (l *Limit) WithChildren(c []Node) Node {
	return &Limit{Input: c[0], Offset: l.Offset, Count: l.Count}
}

// Describe implements Node.
func (l *Limit) Describe() string { return fmt.Sprintf("Limit offset=%d count=%d", l.Offset, l.Count) }

// TopN is a Sort followed by a Limit, computed without sorting everything.
type TopN struct {
	Input         Node
	Keys          []SortKey
	Offset, Count int64
}

// Columns implements Node.
func (t *TopN) Columns() []Column { return t.Input.Columns() }

// Children implements Node.
func (t *TopN) Children() []Node { return []Node{t.Input} }

// WithChildren implements Node.
func (t *TopN) WithChildren(c []Node) Node { n := *t; n.Input = c[0]; return &n }

// Describe implements Node.
func (t *TopN) Describe() string {
	return fmt.Sprintf("TopN [%s] offset=%d count=%d", keyList(t.Keys), t.Offset, t.Count)
}

func names(cols []Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name
	}
	return strings.Join(parts, ", ")
}

func exprList(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}

func keyList(ks []SortKey) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = k.String()
	}
	return strings.Join(parts, ", ")
}

// Format renders a plan tree, one node a line, children indented.
func Format(n Node) string {
	var sb strings.Builder
	var rec func(n Node, depth int)
	rec = func(n Node, depth int) {
		sb.WriteString(strings.Repeat("  ", depth) + n.Describe() + "\n")
		for _, c := range n.Children() {
			rec(c, depth+1)
		}
	}
	rec(n, 0)
	return sb.String()
}
