package optimizer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// This file holds the helpers the rule tests share, and the tests of
// Optimize itself.

// fakeTable is a table with a schema and no rows: enough for logical plans.
type fakeTable struct {
	name string
	cols []types.Column
}

func (f *fakeTable) Name() string            { return f.name }
func (f *fakeTable) Columns() []types.Column { return f.cols }

// salesTable is the table the SQL-based tests query as t.
var salesTable = &fakeTable{name: "t", cols: []types.Column{
	{Name: "a", Type: types.BigintType, Nullable: true},
	{Name: "b", Type: types.VarcharType, Nullable: true},
	{Name: "x", Type: types.DoubleType, Nullable: true},
	{Name: "d", Type: types.DateType, Nullable: true},
	{Name: "state", Type: types.VarcharType, Nullable: true},
}}

// bind parses and binds one SELECT against a catalog holding salesTable.
func bind(t *testing.T, sql string) plan.Node {
	t.Helper()
	return bindWith(t, sql)
}

// bindWith binds as bind does, with the user-defined functions fs.
func bindWith(t *testing.T, sql string, fs ...*catalog.Function) plan.Node {
	t.Helper()
	cat := catalog.New(nil)
	cat.Register(salesTable)
	for _, f := range fs {
		cat.RegisterFunction(f)
	}
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("parse %q: %d statements", sql, len(stmts))
	}
	sel, ok := stmts[0].Node.(*ast.SelectStmt)
	if !ok {
		t.Fatalf("parse %q: %T is not a SELECT", sql, stmts[0].Node)
	}
	n, err := binder.Select(context.Background(), cat, sel, stmts[0].Text)
	if err != nil {
		t.Fatalf("bind %q: %v", sql, err)
	}
	return n
}

// apply runs one rule and returns its plan's text.
func apply(t *testing.T, rule func(plan.Node) (plan.Node, error), n plan.Node) string {
	t.Helper()
	out, err := rule(n)
	if err != nil {
		t.Fatalf("rule: %v", err)
	}
	return plan.Format(out)
}

// wantPlan compares a plan's text with the expected text, given as lines
// joined by newlines (the trailing newline is added).
func wantPlan(t *testing.T, what, got string, want ...string) {
	t.Helper()
	w := strings.Join(want, "\n") + "\n"
	if got != w {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", what, got, w)
	}
}

// builder makes hand-written plans with distinct column IDs.
type builder struct{ next plan.ColumnID }

func (b *builder) col(name string, t types.Type) plan.Column {
	b.next++
	return plan.Column{ID: b.next, Name: name, Type: t, Nullable: true}
}

// scan returns a scan of tbl producing all its columns.
func (b *builder) scan(tbl *fakeTable) *plan.Scan {
	s := &plan.Scan{Table: tbl}
	for i, c := range tbl.cols {
		s.Cols = append(s.Cols, b.col(c.Name, c.Type))
		s.Projection = append(s.Projection, i)
	}
	return s
}

func ref(c plan.Column) *plan.ColumnRef { return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type} }

func lit(v any, t types.Type) *plan.Literal { return &plan.Literal{Value: v, T: t} }

func i64(v int64) *plan.Literal   { return lit(v, types.BigintType) }
func f64(v float64) *plan.Literal { return lit(v, types.DoubleType) }
func str(v string) *plan.Literal  { return lit(v, types.VarcharType) }

func call(fn string, t types.Type, args ...plan.Expr) *plan.Call {
	return &plan.Call{Fn: fn, Args: args, T: t}
}

func cmp(op string, l, r plan.Expr) *plan.Call { return call(op, types.BooleanType, l, r) }
func and(l, r plan.Expr) *plan.Call            { return call("and", types.BooleanType, l, r) }

// project projects the given columns of in under their own names.
func project(b *builder, in plan.Node, cols ...plan.Column) *plan.Project {
	p := &plan.Project{Input: in}
	for _, c := range cols {
		p.Exprs = append(p.Exprs, ref(c))
		p.Out = append(p.Out, b.col(c.Name, c.Type))
	}
	return p
}

// The SQL used to check Options.Disabled: every rule changes its plan.
const everyRuleSQL = "SELECT state, SUM(x) FROM t WHERE a > 1 + 1 GROUP BY state ORDER BY 2 DESC LIMIT 3"

func TestOptimizeRunsRulesInOrder(t *testing.T) {
	var names []string
	for _, r := range optimizer.Rules {
		names = append(names, r.Name)
	}
	got := strings.Join(names, ",")
	want := "fold_constants,factor_or,inline_lateral,decorrelate,propagate_equalities,push_down_filters,mark_joins_to_semi,reorder_joins,extract_join_keys,limit_window_rows,common_subexpressions,prune_columns,sort_limit_to_topn,split_aggregates"
	if got != want {
		t.Fatalf("rules %s, want %s", got, want)
	}
	n := bind(t, everyRuleSQL)
	wantPlan(t, "bound", plan.Format(n),
		"Limit offset=0 count=3",
		"  Sort [SUM(x) DESC]",
		"    Project [state, sum(x) AS SUM(x)]",
		"      Aggregate phase=complete keys=[state] aggs=[sum(x)]",
		"        Filter (a > (1 + 1))",
		"          Scan t columns=[a, b, x, d, state]")
	out, err := optimizer.Optimize(n, optimizer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "optimized", plan.Format(out),
		"TopN [SUM(x) DESC] offset=0 count=3",
		"  Project [state, sum(x) AS SUM(x)]",
		"    Aggregate phase=final keys=[state] aggs=[sum()]",
		"      Aggregate phase=partial keys=[state] aggs=[sum(x)]",
		"        Scan t columns=[a, x, state] filters=[(a > 2)]")
}

func TestOptimizeDisabled(t *testing.T) {
	all := map[string]bool{}
	for _, r := range optimizer.Rules {
		all[r.Name] = true
	}
	t.Run("all", func(t *testing.T) {
		n := bind(t, everyRuleSQL)
		out, err := optimizer.Optimize(n, optimizer.Options{Disabled: all})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := plan.Format(out), plan.Format(n); got != want {
			t.Errorf("with every rule disabled the plan changed:\n%s\nwant:\n%s", got, want)
		}
	})
	// With one rule switched off, the plan is what the other rules make of
	// it, in order.
	optimized := []string{
		"TopN [SUM(x) DESC] offset=0 count=3",
		"  Project [state, sum(x) AS SUM(x)]",
		"    Aggregate phase=final keys=[state] aggs=[sum()]",
		"      Aggregate phase=partial keys=[state] aggs=[sum(x)]",
		"        Scan t columns=[a, x, state] filters=[(a > 2)]",
	}
	want := map[string][]string{
		"fold_constants": {
			"TopN [SUM(x) DESC] offset=0 count=3",
			"  Project [state, sum(x) AS SUM(x)]",
			"    Aggregate phase=final keys=[state] aggs=[sum()]",
			"      Aggregate phase=partial keys=[state] aggs=[sum(x)]",
			"        Scan t columns=[a, x, state] filters=[(a > (1 + 1))]",
		},
		"push_down_filters": {
			"TopN [SUM(x) DESC] offset=0 count=3",
			"  Project [state, sum(x) AS SUM(x)]",
			"    Aggregate phase=final keys=[state] aggs=[sum()]",
			"      Aggregate phase=partial keys=[state] aggs=[sum(x)]",
			"        Filter (a > 2)",
			"          Scan t columns=[a, x, state]",
		},
		"prune_columns": {
			"TopN [SUM(x) DESC] offset=0 count=3",
			"  Project [state, sum(x) AS SUM(x)]",
			"    Aggregate phase=final keys=[state] aggs=[sum()]",
			"      Aggregate phase=partial keys=[state] aggs=[sum(x)]",
			"        Scan t columns=[a, b, x, d, state] filters=[(a > 2)]",
		},
		"sort_limit_to_topn": {
			"Limit offset=0 count=3",
			"  Sort [SUM(x) DESC]",
			"    Project [state, sum(x) AS SUM(x)]",
			"      Aggregate phase=final keys=[state] aggs=[sum()]",
			"        Aggregate phase=partial keys=[state] aggs=[sum(x)]",
			"          Scan t columns=[a, x, state] filters=[(a > 2)]",
		},
		// The join rules find no join here: the plan is the full one.
		"factor_or":             optimized,
		"inline_lateral":        optimized,
		"decorrelate":           optimized,
		"propagate_equalities":  optimized,
		"mark_joins_to_semi":    optimized,
		"reorder_joins":         optimized,
		"extract_join_keys":     optimized,
		"limit_window_rows":     optimized,
		"common_subexpressions": optimized,
		"split_aggregates": {
			"TopN [SUM(x) DESC] offset=0 count=3",
			"  Project [state, sum(x) AS SUM(x)]",
			"    Aggregate phase=complete keys=[state] aggs=[sum(x)]",
			"      Scan t columns=[a, x, state] filters=[(a > 2)]",
		},
	}
	for _, r := range optimizer.Rules {
		t.Run(r.Name, func(t *testing.T) {
			w, ok := want[r.Name]
			if !ok {
				t.Fatalf("no expectation for rule %s", r.Name)
			}
			n := bind(t, everyRuleSQL)
			out, err := optimizer.Optimize(n, optimizer.Options{Disabled: map[string]bool{r.Name: true}})
			if err != nil {
				t.Fatal(err)
			}
			wantPlan(t, "without "+r.Name, plan.Format(out), w...)
		})
	}
	t.Run("unknown name", func(t *testing.T) {
		n := bind(t, everyRuleSQL)
		a, err := optimizer.Optimize(n, optimizer.Options{Disabled: map[string]bool{"no_such_rule": true}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := optimizer.Optimize(n, optimizer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if plan.Format(a) != plan.Format(b) {
			t.Errorf("disabling an unknown rule changed the plan:\n%s\nwant:\n%s", plan.Format(a), plan.Format(b))
		}
	})
}

func TestOptimizeDoesNotModifyInput(t *testing.T) {
	n := bind(t, everyRuleSQL)
	before := plan.Format(n)
	if _, err := optimizer.Optimize(n, optimizer.Options{}); err != nil {
		t.Fatal(err)
	}
	if after := plan.Format(n); after != before {
		t.Errorf("Optimize changed its input:\n%s\nwas:\n%s", after, before)
	}
}

func TestOptimizeErrorNamesRule(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	agg := &plan.Aggregate{Input: s, Phase: plan.Complete, Aggs: []plan.AggCall{
		{Func: "no_such_agg", Arg: ref(s.Cols[2]), Out: b.col("no_such_agg(x)", types.DoubleType)},
	}}
	_, err := optimizer.Optimize(agg, optimizer.Options{})
	if err == nil || err.Error() != "split_aggregates: unknown aggregate no_such_agg" {
		t.Fatalf("got error %v, want split_aggregates: unknown aggregate no_such_agg", err)
	}
	// Disabled, the rule cannot fail.
	if _, err := optimizer.Optimize(agg, optimizer.Options{Disabled: map[string]bool{"split_aggregates": true}}); err != nil {
		t.Fatalf("with split_aggregates disabled: %v", err)
	}
}
