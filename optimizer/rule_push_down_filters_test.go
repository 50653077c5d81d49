package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// abTable has the columns of PushDownFilters' first doc example.
var abTable = &fakeTable{name: "t", cols: []types.Column{
	{Name: "a", Type: types.VarcharType, Nullable: true},
	{Name: "b", Type: types.BigintType, Nullable: true},
	{Name: "z", Type: types.BigintType, Nullable: true},
}}

// SELECT * FROM (SELECT a, b + 1 AS c FROM t) WHERE c > 2 AND a = 'x',
// built by hand since the binder does not take subqueries.
func TestPushDownFiltersDocExampleProject(t *testing.T) {
	var b builder
	s := b.scan(abTable)
	a, bb := s.Cols[0], s.Cols[1]
	p := &plan.Project{Input: s,
		Exprs: []plan.Expr{ref(a), call("+", types.BigintType, ref(bb), i64(1))},
		Out:   []plan.Column{b.col("a", types.VarcharType), b.col("c", types.BigintType)}}
	f := &plan.Filter{Input: p, Pred: and(cmp(">", ref(p.Out[1]), i64(2)), cmp("=", ref(p.Out[0]), str("x")))}
	wantPlan(t, "before", plan.Format(f),
		"Filter ((c > 2) AND (a = 'x'))",
		"  Project [a, (b + 1) AS c]",
		"    Scan t columns=[a, b, z]")
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, f),
		"Project [a, (b + 1) AS c]",
		"  Scan t columns=[a, b, z] filters=[((b + 1) > 2), (a = 'x')]")
}

// The HAVING example: the conjunct on the group key goes below the
// aggregation into the scan, the one on the aggregate stays above it.
func TestPushDownFiltersDocExampleHaving(t *testing.T) {
	n := bind(t, "SELECT state, SUM(x) FROM t GROUP BY state HAVING state <> 'PR' AND SUM(x) > 0")
	wantPlan(t, "before", plan.Format(n),
		"Project [state, sum(x) AS SUM(x)]",
		"  Filter ((state <> 'PR') AND (sum(x) > CAST(0 AS DOUBLE)))",
		"    Aggregate phase=complete keys=[state] aggs=[sum(x)]",
		"      Scan t columns=[a, b, x, d, state]")
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, n),
		"Project [state, sum(x) AS SUM(x)]",
		"  Filter (sum(x) > CAST(0 AS DOUBLE))",
		"    Aggregate phase=complete keys=[state] aggs=[sum(x)]",
		"      Scan t columns=[a, b, x, d, state] filters=[(state <> 'PR')]")
}

func TestPushDownFiltersHaving(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"WHERE and HAVING on a key", "SELECT state, count(*) FROM t WHERE a > 1 GROUP BY state HAVING state = 'OH'", []string{
			"Project [state, count(*)]",
			"  Aggregate phase=complete keys=[state] aggs=[count(*)]",
			// HAVING's conjuncts come first: they are collected on the way down.
			"    Scan t columns=[a, b, x, d, state] filters=[(state = 'OH'), (a > 1)]",
		}},
		{"key expression substituted", "SELECT upper(b), count(*) FROM t GROUP BY upper(b) HAVING upper(b) LIKE 'X%'", []string{
			"Project [UPPER(b) AS upper(b), count(*)]",
			"  Aggregate phase=complete keys=[UPPER(b)] aggs=[count(*)]",
			"    Scan t columns=[a, b, x, d, state] filters=[(UPPER(b) LIKE 'X%')]",
		}},
		{"only aggregates", "SELECT state FROM t GROUP BY state HAVING count(*) > 1", []string{
			"Project [state]",
			"  Filter (count(*) > 1)",
			"    Aggregate phase=complete keys=[state] aggs=[count(*)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		// One conjunct reading a key and an aggregate cannot be split.
		{"key OR aggregate", "SELECT state FROM t GROUP BY state HAVING state = 'OH' OR count(*) > 1", []string{
			"Project [state]",
			"  Filter ((state = 'OH') OR (count(*) > 1))",
			"    Aggregate phase=complete keys=[state] aggs=[count(*)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"two keys", "SELECT state, a, max(x) FROM t GROUP BY state, a HAVING a + 1 > 2 AND max(x) < 1.5e0 AND state <> 'PR'", []string{
			"Project [state, a, max(x)]",
			"  Filter (max(x) < 1.5)",
			"    Aggregate phase=complete keys=[state, a] aggs=[max(x)]",
			"      Scan t columns=[a, b, x, d, state] filters=[((a + 1) > 2), (state <> 'PR')]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.PushDownFilters, bind(t, c.sql)), c.want...)
		})
	}
}

// An aggregation without GROUP BY yields one row even from no input rows,
// so no predicate may move below it: SELECT count(*) FROM t HAVING false
// returns no rows (PostgreSQL), while count(*) over a scan filtered by
// false returns one row holding 0.
func TestPushDownFiltersConstantHavingOnGlobalAggregate(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"HAVING FALSE", "SELECT count(*) FROM t HAVING FALSE", []string{
			"Project [count(*)]",
			"  Filter false",
			"    Aggregate phase=complete keys=[] aggs=[count(*)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"HAVING 1 = 0", "SELECT count(*) FROM t HAVING 1 = 0", []string{
			"Project [count(*)]",
			"  Filter (1 = 0)",
			"    Aggregate phase=complete keys=[] aggs=[count(*)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"mixed", "SELECT sum(a) FROM t HAVING 1 = 0 AND sum(a) > 1", []string{
			"Project [sum(a)]",
			"  Filter ((1 = 0) AND (sum(a) > 1))",
			"    Aggregate phase=complete keys=[] aggs=[sum(a)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.PushDownFilters, bind(t, c.sql)), c.want...)
		})
	}
}

// With group keys, a group exists only for input rows, so a constant
// HAVING may filter the rows instead.
func TestPushDownFiltersConstantHavingWithKeys(t *testing.T) {
	n := bind(t, "SELECT state, count(*) FROM t GROUP BY state HAVING 1 = 0")
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, n),
		"Project [state, count(*)]",
		"  Aggregate phase=complete keys=[state] aggs=[count(*)]",
		"    Scan t columns=[a, b, x, d, state] filters=[(1 = 0)]")
}

// Limits and top-N decide which rows exist: a filter above one stays
// there, while filters below it still reach the scan.
func TestPushDownFiltersStopAtLimitAndTopN(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	a, x := s.Cols[0], s.Cols[2]
	inner := &plan.Filter{Input: s, Pred: cmp(">", ref(x), f64(0.5))}
	lim := &plan.Limit{Input: inner, Count: 10}
	f := &plan.Filter{Input: lim, Pred: cmp("=", ref(a), i64(1))}
	wantPlan(t, "limit", apply(t, optimizer.PushDownFilters, f),
		"Filter (a = 1)",
		"  Limit offset=0 count=10",
		"    Scan t columns=[a, b, x, d, state] filters=[(x > 0.5)]")

	top := &plan.TopN{Input: inner, Keys: []plan.SortKey{{Expr: ref(x), Desc: true}}, Count: 3}
	f = &plan.Filter{Input: top, Pred: and(cmp("=", ref(a), i64(1)), cmp("<", ref(x), f64(9)))}
	wantPlan(t, "topn", apply(t, optimizer.PushDownFilters, f),
		"Filter ((a = 1) AND (x < 9))",
		"  TopN [x DESC] offset=0 count=3",
		"    Scan t columns=[a, b, x, d, state] filters=[(x > 0.5)]")

	// A projection above the limit is passed; the limit is not.
	p := project(&b, lim, a, x)
	f = &plan.Filter{Input: p, Pred: cmp("=", ref(p.Out[0]), i64(1))}
	wantPlan(t, "project over limit", apply(t, optimizer.PushDownFilters, f),
		"Project [a, x]",
		"  Filter (a = 1)",
		"    Limit offset=0 count=10",
		"      Scan t columns=[a, b, x, d, state] filters=[(x > 0.5)]")
}

// The limit-stopping rule seen from SQL: a LIMIT's filter is below it.
func TestPushDownFiltersBelowLimitSQL(t *testing.T) {
	n := bind(t, "SELECT a FROM t WHERE x > 0.5e0 ORDER BY a LIMIT 2")
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, n),
		"Limit offset=0 count=2",
		"  Sort [a]",
		"    Project [a]",
		"      Scan t columns=[a, b, x, d, state] filters=[(x > 0.5)]")
}

func TestPushDownFiltersThroughSort(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	a := s.Cols[0]
	sort := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ref(a)}}}
	f := &plan.Filter{Input: sort, Pred: cmp("<>", ref(a), i64(3))}
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, f),
		"Sort [a]",
		"  Scan t columns=[a, b, x, d, state] filters=[(a <> 3)]")
}

// Stacked filters merge into the scan's filters after those it has.
func TestPushDownFiltersStacked(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	a, bb, x := s.Cols[0], s.Cols[1], s.Cols[2]
	s.Filters = []plan.Expr{cmp("=", ref(bb), str("s"))}
	inner := &plan.Filter{Input: s, Pred: and(cmp(">", ref(a), i64(1)), cmp("<", ref(a), i64(9)))}
	outer := &plan.Filter{Input: inner, Pred: cmp(">", ref(x), f64(2.5))}
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, outer),
		"Scan t columns=[a, b, x, d, state] filters=[(b = 's'), (x > 2.5), (a > 1), (a < 9)]")
	// The input is unchanged.
	if len(s.Filters) != 1 {
		t.Errorf("the input scan has %d filters, want 1", len(s.Filters))
	}
}

// SELECT DISTINCT makes an aggregation whose columns are all keys: a filter
// above it goes through it and the projection under it.
func TestPushDownFiltersThroughDistinct(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	p := project(&b, s, s.Cols[4], s.Cols[0])
	agg := &plan.Aggregate{Input: p, Phase: plan.Complete}
	for _, c := range p.Out {
		agg.Keys = append(agg.Keys, ref(c))
		agg.KeyCols = append(agg.KeyCols, b.col(c.Name, c.Type))
	}
	f := &plan.Filter{Input: agg, Pred: cmp("=", ref(agg.KeyCols[0]), str("OH"))}
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, f),
		"Aggregate phase=complete keys=[state, a] aggs=[]",
		"  Project [state, a]",
		"    Scan t columns=[a, b, x, d, state] filters=[(state = 'OH')]")
}

// Split aggregations are not entered: the rule runs before the split, and
// a filter reaching one stays above it.
func TestPushDownFiltersStopAtSplitAggregate(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	pk := b.col("state", types.VarcharType)
	partial := &plan.Aggregate{Input: s, Phase: plan.Partial, Keys: []plan.Expr{ref(s.Cols[4])}, KeyCols: []plan.Column{pk},
		Aggs: []plan.AggCall{{Func: "count_star", Out: b.col("n", types.BigintType),
			StateCols: []plan.Column{b.col("n$count", types.BigintType)}}}}
	fk := b.col("state", types.VarcharType)
	final := &plan.Aggregate{Input: partial, Phase: plan.Final, Keys: []plan.Expr{ref(pk)}, KeyCols: []plan.Column{fk},
		Aggs: []plan.AggCall{{Func: "count_star", Out: partial.Aggs[0].Out, StateCols: partial.Aggs[0].StateCols}}}
	f := &plan.Filter{Input: final, Pred: cmp("=", ref(fk), str("OH"))}
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, f),
		"Filter (state = 'OH')",
		"  Aggregate phase=final keys=[state] aggs=[count(*)]",
		"    Aggregate phase=partial keys=[state] aggs=[count(*)]",
		"      Scan t columns=[a, b, x, d, state]")
}

// Without a table there is nothing to push into.
func TestPushDownFiltersOverOneRow(t *testing.T) {
	f := &plan.Filter{Input: plan.OneRow{}, Pred: cmp(">", i64(2), i64(1))}
	wantPlan(t, "after", apply(t, optimizer.PushDownFilters, f),
		"Filter (2 > 1)",
		"  OneRow")
}

func TestPushDownFiltersIntoJoins(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// Inner join: WHERE and ON alike; one side's conjuncts filter that
		// side, the ones reading both sides join.
		{"inner", "SELECT e.name, d.dname FROM emp e JOIN dept d ON e.dept = d.dept AND e.salary > 100 AND d.floor = 3 WHERE e.id > 5 AND d.dname <> 'x' AND e.id + d.floor > 3", []string{
			"Project [name, dname]",
			"  Join inner cond=(((id + floor) > 3) AND (dept = dept))",
			"    Scan emp columns=[id, name, dept, salary] filters=[(id > 5), (salary > CAST(100 AS DECIMAL(21,2)))]",
			"    Scan dept columns=[dept, dname, floor] filters=[(dname <> 'x'), (floor = 3)]",
		}},
		// Left join: WHERE on the preserved side goes down; WHERE reading
		// the NULL-padded side stays above (it filters the padded rows
		// too); ON on the padded side filters it; ON on the preserved side
		// stays in the condition (it must not remove preserved rows).
		{"left", "SELECT e.name, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.dept AND e.salary > 100 AND d.floor = 3 WHERE d.floor > 1 AND e.id > 5 AND e.id + d.floor > 3", []string{
			"Project [name, dname]",
			"  Filter ((floor > 1) AND ((id + floor) > 3))",
			"    Join left cond=((dept = dept) AND (salary > CAST(100 AS DECIMAL(21,2))))",
			"      Scan emp columns=[id, name, dept, salary] filters=[(id > 5)]",
			"      Scan dept columns=[dept, dname, floor] filters=[(floor = 3)]",
		}},
		// A right join is a left join with its sides swapped.
		{"right", "SELECT e.name, d.dname FROM emp e RIGHT JOIN dept d ON e.dept = d.dept AND e.salary > 100 AND d.floor = 3 WHERE d.floor > 1 AND e.id > 5", []string{
			"Project [name, dname]",
			"  Filter (id > 5)",
			"    Join left cond=((dept = dept) AND (floor = 3))",
			"      Scan dept columns=[dept, dname, floor] filters=[(floor > 1)]",
			"      Scan emp columns=[id, name, dept, salary] filters=[(salary > CAST(100 AS DECIMAL(21,2)))]",
		}},
		// A constant ON condition of a left join empties the padded side,
		// not the preserved one.
		{"left, constant ON", "SELECT e.name FROM emp e LEFT JOIN dept d ON e.dept = d.dept AND 1 = 0", []string{
			"Project [name]",
			"  Join left cond=(dept = dept)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor] filters=[(1 = 0)]",
		}},
		{"inner, constants", "SELECT e.name FROM emp e JOIN dept d ON 1 = 1 WHERE 2 = 2", []string{
			"Project [name]",
			"  Join inner",
			"    Scan emp columns=[id, name, dept, salary] filters=[(2 = 2), (1 = 1)]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		// FROM a, b, c WHERE ...: each conjunct reaches the lowest join
		// that holds its columns.
		{"three tables", "SELECT e.name FROM emp e, dept d, emp f WHERE e.dept = d.dept AND f.id = e.id AND d.floor > 1 AND f.name LIKE 'a%'", []string{
			"Project [name]",
			"  Join inner cond=(id = id)",
			"    Join inner cond=(dept = dept)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Scan dept columns=[dept, dname, floor] filters=[(floor > 1)]",
			"    Scan emp columns=[id, name, dept, salary] filters=[(name LIKE 'a%')]",
		}},
		// A filter on a mark stays above its join; the subquery's own
		// filter and the outer side's go down.
		{"mark", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor > 1) AND e.id > 2", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark mark=exists",
			"      Scan emp columns=[id, name, dept, salary] filters=[(id > 2)]",
			"      Project [1 AS 1]",
			"        Scan dept columns=[dept, dname, floor] filters=[(floor > 1)]",
		}},
		// A filter on a scalar subquery's value stays above the single
		// join.
		{"single", "SELECT name FROM emp WHERE id > 1 AND salary > (SELECT avg(salary) FROM emp)", []string{
			"Project [name]",
			"  Filter (CAST(salary AS DECIMAL(14,6)) > avg(salary))",
			"    Join single",
			"      Scan emp columns=[id, name, dept, salary] filters=[(id > 1)]",
			"      Project [avg(salary)]",
			"        Aggregate phase=complete keys=[] aggs=[avg(salary)]",
			"          Scan emp columns=[id, name, dept, salary]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.PushDownFilters, bindIn(t, c.sql)), c.want...)
		})
	}
}

// The condition of a semi join filters both sides; an anti or mark join
// produces every left row, so a condition on its left side stays.
func TestPushDownFiltersJoinConditionByKind(t *testing.T) {
	for _, c := range []struct {
		kind plan.JoinKind
		want []string
	}{
		{plan.SemiJoin, []string{
			"Join semi cond=(dept = dept)",
			"  Scan emp columns=[id, name, dept, salary] filters=[(id > 1)]",
			"  Scan dept columns=[dept, dname, floor] filters=[(floor = 2)]",
		}},
		{plan.AntiJoin, []string{
			"Join anti cond=((dept = dept) AND (id > 1))",
			"  Scan emp columns=[id, name, dept, salary]",
			"  Scan dept columns=[dept, dname, floor] filters=[(floor = 2)]",
		}},
		{plan.MarkJoin, []string{
			"Join mark cond=((dept = dept) AND (id > 1)) mark=m",
			"  Scan emp columns=[id, name, dept, salary]",
			"  Scan dept columns=[dept, dname, floor] filters=[(floor = 2)]",
		}},
		{plan.SingleJoin, []string{
			"Join single cond=((dept = dept) AND (id > 1))",
			"  Scan emp columns=[id, name, dept, salary]",
			"  Scan dept columns=[dept, dname, floor] filters=[(floor = 2)]",
		}},
	} {
		t.Run(c.kind.String(), func(t *testing.T) {
			var b builder
			e := b.scan(&empTable.fakeTable)
			d := b.scan(&deptTable.fakeTable)
			j := &plan.Join{Kind: c.kind, Left: e, Right: d, Mark: b.col("m", types.BooleanType),
				Cond: and(and(cmp("=", ref(e.Cols[2]), ref(d.Cols[0])), cmp(">", ref(e.Cols[0]), i64(1))), cmp("=", ref(d.Cols[2]), i64(2)))}
			wantPlan(t, c.kind.String(), apply(t, optimizer.PushDownFilters, j), c.want...)
		})
	}
}

// A filter on the input's columns runs before a ProjectSet repeats the
// rows; one on a set-returning call's values stays above it.
func TestPushDownFiltersProjectSet(t *testing.T) {
	n := bind(t, "SELECT * FROM (SELECT a, generate_series(1, a) AS g FROM t) s WHERE a > 2 AND g < 5")
	wantPlan(t, "pushed", apply(t, optimizer.PushDownFilters, n),
		"Project [a, g]",
		"  Project [a, generate_series AS g]",
		"    Filter (generate_series < 5)",
		"      ProjectSet [GENERATE_SERIES(1, a) AS generate_series]",
		"        Scan t columns=[a, b, x, d, state] filters=[(a > 2)]")
}

// Around a dependent join: a filter on the left side's columns goes into
// it (the subquery then runs for fewer rows); one on the subquery's value
// stays above; the subquery's own filters, which read the outer row (id),
// go into its scan, as constants per row.
func TestPushDownFiltersAroundApply(t *testing.T) {
	sql := "SELECT name FROM (SELECT name, salary, (SELECT max(floor) FROM dept d WHERE d.floor > e.id) AS m FROM emp e) s WHERE s.salary > 10 AND s.m > 1"
	n := applyRules(t, bindIn(t, sql), optimizer.Decorrelate)
	wantPlan(t, sql, apply(t, optimizer.PushDownFilters, n),
		"Project [name]",
		"  Project [name, salary, max(floor) AS m]",
		"    Filter (max(floor) > 1)",
		"      Apply single (runs the right side once per outer row)",
		"        Scan emp columns=[id, name, dept, salary] filters=[(salary > CAST(10 AS DECIMAL(21,2)))]",
		"        Project [max(floor)]",
		"          Aggregate phase=complete keys=[] aggs=[max(floor)]",
		"            Scan dept columns=[dept, dname, floor] filters=[(floor > id)]")
}
