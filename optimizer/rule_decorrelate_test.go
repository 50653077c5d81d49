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

func TestDecorrelateUnsupported(t *testing.T) {
	for _, c := range []struct {
		name, sql, err string
	}{
		{"select list reads the outer query under an aggregation", "SELECT name, (SELECT e.id + max(d.floor) FROM dept d WHERE d.dept = e.dept) FROM emp e",
			"this correlated subquery is not supported yet (the subquery's select list reads the outer query); rewrite it as a join"},
		{"inequality through an aggregation", "SELECT name, (SELECT max(floor) FROM dept d WHERE d.floor > e.id) FROM emp e",
			"this correlated subquery is not supported yet (only equalities with the outer query can pass an aggregation: (floor > id)); rewrite it as a join"},
		{"aggregate reads the outer query", "SELECT name, (SELECT max(floor + e.id) FROM dept d WHERE d.dept = e.dept) FROM emp e",
			"this correlated subquery is not supported yet (an aggregate reads the outer query); rewrite it as a join"},
		// A HAVING decides whether the row over no rows exists; with a
		// value other than NULL, it would have to be put back only where
		// HAVING lets it through, and not for groups HAVING drops.
		{"EXISTS with HAVING", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.floor = e.id HAVING count(*) = 0)",
			"this correlated EXISTS is not supported yet (its aggregation without GROUP BY gives a value other than NULL when no row matches); rewrite it as a join"},
		{"COUNT with HAVING", "SELECT name, (SELECT count(*) FROM dept d WHERE d.floor = e.id HAVING count(*) < 5) FROM emp e",
			"this correlated scalar subquery is not supported yet (its aggregation without GROUP BY gives a value other than NULL when no row matches); rewrite it as a join"},
		// x IN (COUNT ...) would need the 0 inside the join's condition.
		{"IN over COUNT", "SELECT name FROM emp e WHERE 0 IN (SELECT count(*) FROM dept d WHERE d.floor = e.id)",
			"this correlated IN (subquery) is not supported yet (its aggregation without GROUP BY gives a value other than NULL when no row matches); rewrite it as a join"},
		{"constant over an aggregate", "SELECT name FROM emp e WHERE dept IN (SELECT 1 FROM dept d WHERE d.floor = e.id HAVING max(floor) IS NULL)",
			"this correlated IN (subquery) is not supported yet (its aggregation without GROUP BY gives a value other than NULL when no row matches); rewrite it as a join"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := optimizer.Decorrelate(bindIn(t, c.sql))
			if err == nil || err.Error() != c.err {
				t.Errorf("%s:\nerror %v\nwant  %s", c.sql, err, c.err)
			}
		})
	}
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
// hand): no predicate can be pulled out of it.
func TestDecorrelateOuterJoinInsideSubquery(t *testing.T) {
	var b builder
	e := b.scan(&empTable.fakeTable)
	d := b.scan(&deptTable.fakeTable)
	x := b.scan(&empTable.fakeTable)
	inner := &plan.Join{Kind: plan.LeftJoin, Left: d, Right: x,
		Cond: and(cmp("=", ref(x.Cols[2]), ref(d.Cols[0])), cmp("=", ref(x.Cols[0]), ref(e.Cols[0])))}
	mark := b.col("exists", types.BooleanType)
	j := &plan.Join{Kind: plan.MarkJoin, Left: e, Right: inner, Mark: mark, What: "EXISTS"}
	_, err := optimizer.Decorrelate(&plan.Filter{Input: j, Pred: ref(mark)})
	want := "this correlated subquery is not supported yet (the outer query is read inside a subquery's own outer join or subquery); rewrite it as a join"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
