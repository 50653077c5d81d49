package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// abcTable has the columns of PruneColumns' doc example, and one more.
var abcTable = &fakeTable{name: "t", cols: []types.Column{
	{Name: "a", Type: types.BigintType, Nullable: true},
	{Name: "b", Type: types.BigintType, Nullable: true},
	{Name: "c", Type: types.VarcharType, Nullable: true},
	{Name: "z", Type: types.DoubleType, Nullable: true},
}}

// SELECT a FROM (SELECT a, b, UPPER(c) AS u FROM t) WHERE b > 0, by hand.
func TestPruneColumnsDocExample(t *testing.T) {
	var b builder
	s := b.scan(abcTable)
	a, bb, c := s.Cols[0], s.Cols[1], s.Cols[2]
	inner := &plan.Project{Input: s,
		Exprs: []plan.Expr{ref(a), ref(bb), call("upper", types.VarcharType, ref(c))},
		Out:   []plan.Column{b.col("a", types.BigintType), b.col("b", types.BigintType), b.col("u", types.VarcharType)}}
	f := &plan.Filter{Input: inner, Pred: cmp(">", ref(inner.Out[1]), i64(0))}
	outer := project(&b, f, inner.Out[0])
	wantPlan(t, "before", plan.Format(outer),
		"Project [a]",
		"  Filter (b > 0)",
		"    Project [a, b, UPPER(c) AS u]",
		"      Scan t columns=[a, b, c, z]")
	wantPlan(t, "after", apply(t, optimizer.PruneColumns, outer),
		"Project [a]",
		"  Filter (b > 0)",
		"    Project [a, b]",
		"      Scan t columns=[a, b]")
	// The input is unchanged.
	if got := len(s.Columns()); got != 4 {
		t.Errorf("the input scan now has %d columns, want 4", got)
	}
}

func TestPruneColumnsSQL(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"select star keeps all", "SELECT * FROM t", []string{
			"Project [a, b, x, d, state]",
			"  Scan t columns=[a, b, x, d, state]",
		}},
		{"unpushed filter", "SELECT a FROM t WHERE x > 1", []string{
			"Project [a]",
			"  Filter (x > CAST(1 AS DOUBLE))",
			"    Scan t columns=[a, x]",
		}},
		{"count star reads no column", "SELECT count(*) FROM t", []string{
			"Project [count(*)]",
			"  Aggregate phase=complete keys=[] aggs=[count(*)]",
			"    Scan t columns=[]",
		}},
		{"keys and arguments", "SELECT state, sum(x) FROM t GROUP BY state", []string{
			"Project [state, sum(x)]",
			"  Aggregate phase=complete keys=[state] aggs=[sum(x)]",
			"    Scan t columns=[x, state]",
		}},
		{"key and argument expressions", "SELECT upper(b), max(a + 1) FROM t GROUP BY upper(b)", []string{
			"Project [UPPER(b) AS upper(b), max((a + 1)) AS max(a + 1)]",
			"  Aggregate phase=complete keys=[UPPER(b)] aggs=[max((a + 1))]",
			"    Scan t columns=[a, b]",
		}},
		{"distinct", "SELECT DISTINCT state FROM t", []string{
			"Aggregate phase=complete keys=[state] aggs=[]",
			"  Project [state]",
			"    Scan t columns=[state]",
		}},
		// The ORDER BY helper column is kept below the sort, dropped above.
		{"order by hidden column", "SELECT b FROM t ORDER BY a DESC LIMIT 10", []string{
			"Project [b]",
			"  Limit offset=0 count=10",
			"    Sort [a DESC]",
			"      Project [b, a]",
			"        Scan t columns=[a, b]",
		}},
		{"having", "SELECT state FROM t GROUP BY state HAVING max(d) > '2012-01-01'", []string{
			"Project [state]",
			"  Filter (max(d) > CAST('2012-01-01' AS DATE))",
			"    Aggregate phase=complete keys=[state] aggs=[max(d)]",
			"      Scan t columns=[d, state]",
		}},
		// Keys nothing above reads group without being output.
		{"unused keys", "SELECT count(*), sum(s) FROM (SELECT state, a, sum(x) AS s FROM t GROUP BY state, a) q", []string{
			"Project [count(*), sum(s)]",
			"  Aggregate phase=complete keys=[] aggs=[count(*), sum(s)]",
			"    Project [sum(x) AS s]",
			"      Aggregate phase=complete keys=[state, a] aggs=[sum(x)] unused keys=[state, a]",
			"        Scan t columns=[a, x, state]",
		}},
		{"no table", "SELECT 1 + 2", []string{
			"Project [(1 + 2) AS 1 + 2]",
			"  OneRow",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.PruneColumns, bind(t, c.sql)), c.want...)
		})
	}
}

// A column read only by a filter pushed into the scan is still read.
func TestPruneColumnsKeepsPushedFilterColumns(t *testing.T) {
	n := bind(t, "SELECT a FROM t WHERE x > 1.5e0 AND d < '2012-01-01'")
	pushed, err := optimizer.PushDownFilters(n)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "pushed", plan.Format(pushed),
		"Project [a]",
		"  Scan t columns=[a, b, x, d, state] filters=[(x > 1.5), (d < CAST('2012-01-01' AS DATE))]")
	wantPlan(t, "pruned", apply(t, optimizer.PruneColumns, pushed),
		"Project [a]",
		"  Scan t columns=[a, x, d] filters=[(x > 1.5), (d < CAST('2012-01-01' AS DATE))]")

	// count(*) with a pushed filter reads only the filter's column.
	n = bind(t, "SELECT count(*) FROM t WHERE state = 'OH'")
	pushed, err = optimizer.PushDownFilters(n)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "count", apply(t, optimizer.PruneColumns, pushed),
		"Project [count(*)]",
		"  Aggregate phase=complete keys=[] aggs=[count(*)]",
		"    Scan t columns=[state] filters=[(state = 'OH')]")
}

// A projection none of whose outputs is needed computes nothing.
func TestPruneColumnsEmptyProject(t *testing.T) {
	var b builder
	s := b.scan(abcTable)
	p := &plan.Project{Input: s,
		Exprs: []plan.Expr{ref(s.Cols[0]), call("upper", types.VarcharType, ref(s.Cols[2]))},
		Out:   []plan.Column{b.col("a", types.BigintType), b.col("u", types.VarcharType)}}
	agg := &plan.Aggregate{Input: p, Phase: plan.Complete,
		Aggs: []plan.AggCall{{Func: "count_star", Out: b.col("count(*)", types.BigintType)}}}
	wantPlan(t, "after", apply(t, optimizer.PruneColumns, agg),
		"Aggregate phase=complete keys=[] aggs=[count(*)]",
		"  Project []",
		"    Scan t columns=[]")
}

// Sort and top-N keys are kept; a limit passes the need through.
func TestPruneColumnsSortKeys(t *testing.T) {
	var b builder
	s := b.scan(abcTable)
	a, z := s.Cols[0], s.Cols[3]
	p := project(&b, s, a, z, s.Cols[1])
	top := &plan.TopN{Input: p, Keys: []plan.SortKey{{Expr: ref(p.Out[1]), Desc: true}}, Count: 5}
	lim := &plan.Limit{Input: top, Offset: 1, Count: 2}
	root := project(&b, lim, p.Out[0])
	wantPlan(t, "topn", apply(t, optimizer.PruneColumns, root),
		"Project [a]",
		"  Limit offset=1 count=2",
		"    TopN [z DESC] offset=0 count=5",
		"      Project [a, z]",
		"        Scan t columns=[a, z]")

	sort := &plan.Sort{Input: p, Keys: []plan.SortKey{{Expr: ref(p.Out[2])}, {Expr: ref(p.Out[1])}}}
	root = project(&b, sort, p.Out[0])
	wantPlan(t, "sort", apply(t, optimizer.PruneColumns, root),
		"Project [a]",
		"  Sort [b, z]",
		"    Project [a, z, b]",
		"      Scan t columns=[a, b, z]")
}

// After the split, the final phase needs the partial's states, and the
// partial its keys and arguments.
func TestPruneColumnsSplitAggregate(t *testing.T) {
	split, err := optimizer.SplitAggregates(bind(t, "SELECT state, avg(x), count(*) FROM t GROUP BY state"))
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "after", apply(t, optimizer.PruneColumns, split),
		"Project [state, avg(x), count(*)]",
		"  Aggregate phase=final keys=[state] aggs=[avg(), count(*)]",
		"    Aggregate phase=partial keys=[state] aggs=[avg(x), count(*)]",
		"      Scan t columns=[x, state]")
}

// A ProjectSet keeps the columns its calls read, and all its calls (each
// decides how many rows there are), even one whose values no one reads.
func TestPruneColumnsProjectSet(t *testing.T) {
	n := bind(t, "SELECT b FROM (SELECT b, generate_series(1, a) AS g FROM t) s")
	wantPlan(t, "pruned", apply(t, optimizer.PruneColumns, n),
		"Project [b]",
		"  Project [b]",
		"    ProjectSet [GENERATE_SERIES(1, a) AS generate_series]",
		"      Scan t columns=[a, b]")
}

// A dependent join's left side keeps the columns its right side and its
// condition read (emp's id, read only per row); the right side keeps what
// the join outputs and its condition reads.
func TestPruneColumnsApply(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"scalar", "SELECT name, (SELECT max(floor) FROM dept d WHERE d.floor > e.id AND d.dname <> e.name) FROM emp e", []string{
			"Project [name, max(floor) AS (SELECT max(floor) FROM dept d WHERE d.floor > e.id AND d.dname <> e.name)]",
			"  Apply single (runs the right side once per outer row)",
			"    Scan emp columns=[id, name]",
			"    Project [max(floor)]",
			"      Aggregate phase=complete keys=[] aggs=[max(floor)]",
			"        Filter ((floor > id) AND (dname <> name))",
			"          Scan dept columns=[dname, floor]",
		}},
		{"NOT IN", "SELECT name FROM emp e WHERE dept NOT IN (SELECT d.dept FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter (NOT in)",
			"    Apply mark cond=(dept = dept) mark=in null-aware (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept]",
			"      Project [dept]",
			"        Filter (floor = id)",
			"          Scan dept columns=[dept, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := applyRules(t, bindIn(t, c.sql), optimizer.Decorrelate)
			wantPlan(t, c.sql, apply(t, optimizer.PruneColumns, n), c.want...)
		})
	}
	// So does a join whose right side is still correlated (decorrelation
	// switched off).
	sql := "SELECT name, (SELECT max(floor) FROM dept d WHERE d.floor > e.id) FROM emp e"
	wantPlan(t, sql, apply(t, optimizer.PruneColumns, bindIn(t, sql)),
		"Project [name, max(floor) AS (SELECT max(floor) FROM dept d WHERE d.floor > e.id)]",
		"  Join single",
		"    Scan emp columns=[id, name]",
		"    Project [max(floor)]",
		"      Aggregate phase=complete keys=[] aggs=[max(floor)]",
		"        Filter (floor > id)",
		"          Scan dept columns=[floor]")
}
