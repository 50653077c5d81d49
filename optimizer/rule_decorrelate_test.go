package optimizer_test

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The correlations below compare columns of different names (d.floor =
// e.id) where the plan text would otherwise not show which side is which.

func TestDecorrelateExists(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// The outer reference moves into the join's condition; the local
		// predicate stays in the subquery, whose projection passes on the
		// column the condition reads.
		{"EXISTS", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id AND d.dname <> 'x')", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=(floor = id) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1, floor]",
			"        Filter (dname <> 'x')",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		// A predicate that is not an equality moves too, as a residual;
		// every column it reads is passed on.
		{"NOT EXISTS with a residual", "SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id AND d.dept > e.salary)", []string{
			"Project [name]",
			"  Filter (NOT exists)",
			"    Join mark cond=((floor = id) AND (CAST(dept AS DECIMAL(21,2)) > salary)) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1, floor, dept]",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		// Through an inner join of the subquery.
		{"through an inner join", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d JOIN emp x ON x.dept = d.dept WHERE d.floor = e.id AND x.name <> e.name)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=((floor = id) AND (name <> name)) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1, floor, name]",
			"        Join inner cond=(dept = dept)",
			"          Scan dept columns=[dept, dname, floor]",
			"          Scan emp columns=[id, name, dept, salary]",
		}},
		// Above the subquery's own outer join, which reads only its own
		// tables.
		{"above an outer join", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d LEFT JOIN emp x ON x.dept = d.dept WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=(floor = id) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1, floor]",
			"        Join left cond=(dept = dept)",
			"          Scan dept columns=[dept, dname, floor]",
			"          Scan emp columns=[id, name, dept, salary]",
		}},
		// Nested: each subquery is decorrelated against its own outer side.
		{"nested", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id AND EXISTS (SELECT 1 FROM emp x WHERE x.id = d.dept AND x.name <> 'y'))", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=(floor = id) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1, floor]",
			"        Filter exists",
			"          Join mark cond=(id = dept) mark=exists",
			"            Scan dept columns=[dept, dname, floor]",
			"            Project [1 AS 1, id]",
			"              Filter (name <> 'y')",
			"                Scan emp columns=[id, name, dept, salary]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

func TestDecorrelateThroughAggregation(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// The doc example: the aggregation is grouped by the inner column
		// of the equality, and the scalar subquery becomes a single join.
		{"MIN", "SELECT name, (SELECT min(dept) FROM dept d WHERE d.floor = e.id) FROM emp e", []string{
			"Project [name, min(dept) AS (SELECT min(dept) FROM dept d WHERE d.floor = e.id)]",
			"  Join single cond=(floor = id)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [min(dept), floor]",
			"      Aggregate phase=complete keys=[floor] aggs=[min(dept)]",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		// Arithmetic on the aggregate is NULL when it is: an outer row
		// without partners still gets NULL.
		{"arithmetic on the aggregate", "SELECT name FROM emp e WHERE id < (SELECT 2 * avg(dept) + 1 FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter (CAST(id AS DOUBLE) < 2 * avg(dept) + 1)",
			"    Join single cond=(floor = id)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [((CAST(2 AS DOUBLE) * avg(dept)) + CAST(1 AS DOUBLE)) AS 2 * avg(dept) + 1, floor]",
			"        Aggregate phase=complete keys=[floor] aggs=[avg(dept)]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		// So is a function of it.
		{"function of the aggregate", "SELECT name, (SELECT round(avg(dept), 1) FROM dept d WHERE d.floor = e.id) FROM emp e", []string{
			"Project [name, round(avg(dept), 1) AS (SELECT round(avg(dept), 1) FROM dept d WHERE d.floor = e.id)]",
			"  Join single cond=(floor = id)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [ROUND(avg(dept), 1) AS round(avg(dept), 1), floor]",
			"      Aggregate phase=complete keys=[floor] aggs=[avg(dept)]",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		// HAVING rejects the row of NULLs an outer row without partners
		// would get: EXISTS can be decorrelated.
		{"EXISTS with HAVING", "SELECT name FROM emp e WHERE EXISTS (SELECT max(dept) FROM dept d WHERE d.floor = e.id HAVING max(dept) > 2)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=(floor = id) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [max(dept), floor]",
			"        Filter (max(dept) > 2)",
			"          Aggregate phase=complete keys=[floor] aggs=[max(dept)]",
			"            Scan dept columns=[dept, dname, floor]",
		}},
		// x IN (NULL) is not TRUE either.
		{"IN", "SELECT name FROM emp e WHERE dept IN (SELECT max(dept) FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter in",
			"    Join mark cond=((dept = max(dept)) AND (floor = id)) mark=in null-aware",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [max(dept), floor]",
			"        Aggregate phase=complete keys=[floor] aggs=[max(dept)]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

func TestDecorrelateLeavesUncorrelatedSubqueries(t *testing.T) {
	for _, sql := range []string{
		"SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept WHERE floor > 1)",
		"SELECT name, (SELECT max(floor) FROM dept) FROM emp",
		"SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept",
	} {
		n := bindIn(t, sql)
		wantPlan(t, sql, apply(t, optimizer.Decorrelate, n), strings.TrimSuffix(plan.Format(n), "\n"))
	}
}

func TestDecorrelateDropsExistsLimits(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// A LIMIT does not change whether a row exists; its sort goes too.
		{"correlated", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id ORDER BY dname LIMIT 1)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark cond=(floor = id) mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1, floor]",
			"        Project [1 AS 1, dname, floor]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"uncorrelated", "SELECT name FROM emp WHERE EXISTS (SELECT dname FROM dept ORDER BY floor LIMIT 2)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [dname]",
			"        Project [dname, floor]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		// LIMIT 0 and OFFSET do change it.
		{"LIMIT 0", "SELECT name FROM emp WHERE EXISTS (SELECT dname FROM dept LIMIT 0)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Limit offset=0 count=0",
			"        Project [dname]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"OFFSET", "SELECT name FROM emp WHERE EXISTS (SELECT dname FROM dept LIMIT 1 OFFSET 1)", []string{
			"Project [name]",
			"  Filter exists",
			"    Join mark mark=exists",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Limit offset=1 count=1",
			"        Project [dname]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

// An IN subquery's LIMIT chooses the values IN compares with: x IN
// (SELECT y ... ORDER BY y LIMIT 1) is x = the smallest y, not x IN all
// the y. It used to be dropped like an EXISTS subquery's.
func TestDecorrelateKeepsInLimits(t *testing.T) {
	sql := "SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept ORDER BY floor LIMIT 1)"
	wantPlan(t, sql, apply(t, optimizer.Decorrelate, bindIn(t, sql)),
		"Project [name]",
		"  Filter in",
		"    Join mark cond=(dept = dept) mark=in null-aware",
		"      Scan emp columns=[id, name, dept, salary]",
		"      Project [dept]",
		"        Limit offset=0 count=1",
		"          Sort [floor]",
		"            Project [dept, floor]",
		"              Scan dept columns=[dept, dname, floor]")
}

// A scalar subquery's select-list expression that reads the outer query
// is computed above the join, where the subquery found a row.
func TestDecorrelateHoistsSelectList(t *testing.T) {
	sql := "SELECT name, (SELECT e.id + d.floor FROM dept d WHERE d.dept = e.dept) FROM emp e"
	wantPlan(t, sql, apply(t, optimizer.Decorrelate, bindIn(t, sql)),
		"Project [name, e.id + d.floor AS (SELECT e.id + d.floor FROM dept d WHERE d.dept = e.dept)]",
		"  Project [id, name, dept, salary, CASE WHEN (matched IS NOT NULL) THEN (id + floor) ELSE NULL END AS e.id + d.floor]",
		"    Join single cond=(dept = dept)",
		"      Scan emp columns=[id, name, dept, salary]",
		"      Project [floor, true AS matched, dept]",
		"        Scan dept columns=[dept, dname, floor]")
}

// What decorrelation cannot pull up becomes a dependent join (Apply),
// which runs the subquery per outer row; the filters inside it that read
// the outer query (floor = id: id is emp's) stay where they are. These
// queries' answers are in tests/sql/joins.test.
func TestDecorrelateFallsBackToApply(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"select list reads the outer query under an aggregation", "SELECT name, (SELECT e.id + max(d.floor) FROM dept d WHERE d.dept = e.dept) FROM emp e", []string{
			"Project [name, e.id + max(d.floor) AS (SELECT e.id + max(d.floor) FROM dept d WHERE d.dept = e.dept)]",
			"  Apply single (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [(id + max(floor)) AS e.id + max(d.floor)]",
			"      Aggregate phase=complete keys=[] aggs=[max(floor)]",
			"        Filter (dept = dept)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"inequality through an aggregation", "SELECT name, (SELECT max(floor) FROM dept d WHERE d.floor > e.id) FROM emp e", []string{
			"Project [name, max(floor) AS (SELECT max(floor) FROM dept d WHERE d.floor > e.id)]",
			"  Apply single (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [max(floor)]",
			"      Aggregate phase=complete keys=[] aggs=[max(floor)]",
			"        Filter (floor > id)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"aggregate reads the outer query", "SELECT name, (SELECT max(floor + e.id) FROM dept d WHERE d.dept = e.dept) FROM emp e", []string{
			"Project [name, max(floor + e.id) AS (SELECT max(floor + e.id) FROM dept d WHERE d.dept = e.dept)]",
			"  Apply single (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [max((floor + id)) AS max(floor + e.id)]",
			"      Aggregate phase=complete keys=[] aggs=[max((floor + id))]",
			"        Filter (dept = dept)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		// A HAVING decides whether the row over no rows exists; with a
		// value other than NULL, it would have to be put back only where
		// HAVING lets it through, and not for groups HAVING drops.
		{"EXISTS with HAVING", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id HAVING count(*) = 0)", []string{
			"Project [name]",
			"  Filter exists",
			"    Apply mark mark=exists (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1]",
			"        Filter (count(*) = 0)",
			"          Aggregate phase=complete keys=[] aggs=[count(*)]",
			"            Filter (floor = id)",
			"              Scan dept columns=[dept, dname, floor]",
		}},
		{"COUNT with HAVING", "SELECT name, (SELECT count(*) FROM dept d WHERE d.floor = e.id HAVING count(*) < 5) FROM emp e", []string{
			"Project [name, count(*) AS (SELECT count(*) FROM dept d WHERE d.floor = e.id HAVING count(*) < 5)]",
			"  Apply single (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [count(*)]",
			"      Filter (count(*) < 5)",
			"        Aggregate phase=complete keys=[] aggs=[count(*)]",
			"          Filter (floor = id)",
			"            Scan dept columns=[dept, dname, floor]",
		}},
		// x IN (COUNT ...) would need the 0 inside the join's condition.
		{"IN over COUNT", "SELECT name FROM emp e WHERE 0 IN (SELECT count(*) FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter in",
			"    Apply mark cond=(0 = count(*)) mark=in null-aware (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [count(*)]",
			"        Aggregate phase=complete keys=[] aggs=[count(*)]",
			"          Filter (floor = id)",
			"            Scan dept columns=[dept, dname, floor]",
		}},
		{"constant over an aggregate", "SELECT name FROM emp e WHERE dept IN (SELECT 1 FROM dept d WHERE d.floor = e.id HAVING max(floor) IS NULL)", []string{
			"Project [name]",
			"  Filter in",
			"    Apply mark cond=(dept = 1) mark=in null-aware (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [1 AS 1]",
			"        Filter (max(floor) IS NULL)",
			"          Aggregate phase=complete keys=[] aggs=[max(floor)]",
			"            Filter (floor = id)",
			"              Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

// x [NOT] IN (correlated subquery) other than as a filter of WHERE needs
// each outer row's NULLs: an Apply, even where the predicates could be
// pulled up. As a filter, it is decorrelated (TestDecorrelateThroughAggregation).
func TestDecorrelateNullAwareInApplies(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"NOT IN", "SELECT name FROM emp e WHERE dept NOT IN (SELECT d.dept FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter (NOT in)",
			"    Apply mark cond=(dept = dept) mark=in null-aware (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [dept]",
			"        Filter (floor = id)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"IN as a value", "SELECT name, dept IN (SELECT d.dept FROM dept d WHERE d.floor = e.id) FROM emp e", []string{
			"Project [name, in AS dept IN (SELECT d.dept FROM dept d WHERE d.floor = e.id)]",
			"  Apply mark cond=(dept = dept) mark=in null-aware (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [dept]",
			"      Filter (floor = id)",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		{"IN under OR", "SELECT name FROM emp e WHERE dept IN (SELECT d.dept FROM dept d WHERE d.floor = e.id) OR id = 1", []string{
			"Project [name]",
			"  Filter (in OR (id = 1))",
			"    Apply mark cond=(dept = dept) mark=in null-aware (runs the right side once per outer row)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [dept]",
			"        Filter (floor = id)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		// Uncorrelated: a hash join computes it.
		{"uncorrelated NOT IN", "SELECT name FROM emp e WHERE dept NOT IN (SELECT d.dept FROM dept d WHERE d.floor = 1)", []string{
			"Project [name]",
			"  Filter (NOT in)",
			"    Join mark cond=(dept = dept) mark=in null-aware",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [dept]",
			"        Filter (floor = 1)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

// A join with keys that cannot be decorrelated keeps them as equalities
// of the Apply's condition.
func TestDecorrelateApplyKeepsKeys(t *testing.T) {
	var b builder
	e := b.scan(&empTable.fakeTable)
	d := b.scan(&deptTable.fakeTable)
	agg := &plan.Aggregate{Input: &plan.Filter{Input: d, Pred: cmp(">", ref(d.Cols[2]), ref(e.Cols[0]))}, Phase: plan.Complete,
		Keys: []plan.Expr{ref(d.Cols[0])}, KeyCols: []plan.Column{b.col("dept", types.BigintType)}}
	j := &plan.Join{Kind: plan.SemiJoin, Left: e, Right: agg, LeftKeys: []plan.Expr{ref(e.Cols[2])},
		RightKeys: []plan.Expr{ref(agg.KeyCols[0])}, Cond: cmp("<>", ref(e.Cols[1]), str("x"))}
	wantPlan(t, "keys", apply(t, optimizer.Decorrelate, j),
		"Apply semi cond=((dept = dept) AND (name <> 'x')) (runs the right side once per outer row)",
		"  Scan emp columns=[id, name, dept, salary]",
		"  Aggregate phase=complete keys=[dept] aggs=[]",
		"    Filter (floor > id)",
		"      Scan dept columns=[dept, dname, floor]")
}

// An aggregation without GROUP BY gives a row even for an outer row
// without partners, which grouping by the correlated column loses. A
// scalar subquery's constant value over no rows (COUNT's 0) is put back by
// a CASE on whether the row found a group (its inner key is not NULL), and
// EXISTS over such an aggregation is TRUE.
func TestDecorrelateRepairsEmptyGroups(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"COUNT", "SELECT name, (SELECT count(*) FROM dept d WHERE d.floor = e.id) FROM emp e", []string{
			"Project [name, count(*) AS (SELECT count(*) FROM dept d WHERE d.floor = e.id)]",
			"  Project [id, name, dept, salary, CASE WHEN (floor IS NOT NULL) THEN count(*) ELSE 0 END AS count(*), floor]",
			"    Join single cond=(floor = id)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [count(*), floor]",
			"        Project [count(*), floor]",
			"          Aggregate phase=complete keys=[floor] aggs=[count(*)]",
			"            Scan dept columns=[dept, dname, floor]",
		}},
		{"COALESCE of an aggregate", "SELECT name, (SELECT coalesce(max(floor), -1) FROM dept d WHERE d.floor = e.id) FROM emp e", []string{
			"Project [name, coalesce(max(floor), -1) AS (SELECT coalesce(max(floor), -1) FROM dept d WHERE d.floor = e.id)]",
			"  Project [id, name, dept, salary, CASE WHEN (floor IS NOT NULL) THEN coalesce(max(floor), -1) ELSE -1 END AS coalesce(max(floor), -1), floor]",
			"    Join single cond=(floor = id)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [coalesce(max(floor), -1), floor]",
			"        Project [COALESCE(max(floor), -1) AS coalesce(max(floor), -1), floor]",
			"          Aggregate phase=complete keys=[floor] aggs=[max(floor)]",
			"            Scan dept columns=[dept, dname, floor]",
		}},
		// HAVING drops the row over no rows: the grouped aggregation gives
		// the same answers.
		{"COUNT with a HAVING false over no rows", "SELECT name, (SELECT count(*) FROM dept d WHERE d.floor = e.id HAVING count(*) > 1) FROM emp e", []string{
			"Project [name, count(*) AS (SELECT count(*) FROM dept d WHERE d.floor = e.id HAVING count(*) > 1)]",
			"  Join single cond=(floor = id)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [count(*), floor]",
			"      Filter (count(*) > 1)",
			"        Aggregate phase=complete keys=[floor] aggs=[count(*)]",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"NOT EXISTS over an aggregation", "SELECT name FROM emp e WHERE NOT EXISTS (SELECT max(floor) FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Filter (NOT exists)",
			"    Project [id, name, dept, salary, true AS exists]",
			"      Scan emp columns=[id, name, dept, salary]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.Decorrelate, bindIn(t, c.sql)), c.want...)
		})
	}
}

// The outer query read inside the subquery's own outer join (the binder
// does not let an ON clause see the outer query, so the plan is built by
// hand): no predicate can be pulled out of it, and the subquery runs per
// outer row.
func TestDecorrelateOuterJoinInsideSubquery(t *testing.T) {
	var b builder
	e := b.scan(&empTable.fakeTable)
	d := b.scan(&deptTable.fakeTable)
	x := b.scan(&empTable.fakeTable)
	inner := &plan.Join{Kind: plan.LeftJoin, Left: d, Right: x,
		Cond: and(cmp("=", ref(x.Cols[2]), ref(d.Cols[0])), cmp("=", ref(x.Cols[0]), ref(e.Cols[0])))}
	mark := b.col("exists", types.BooleanType)
	j := &plan.Join{Kind: plan.MarkJoin, Left: e, Right: inner, Mark: mark, What: "EXISTS"}
	wantPlan(t, "outer join", apply(t, optimizer.Decorrelate, &plan.Filter{Input: j, Pred: ref(mark)}),
		"Filter exists",
		"  Apply mark mark=exists (runs the right side once per outer row)",
		"    Scan emp columns=[id, name, dept, salary]",
		"    Join left cond=((dept = dept) AND (id = id))",
		"      Scan dept columns=[dept, dname, floor]",
		"      Scan emp columns=[id, name, dept, salary]")
}
