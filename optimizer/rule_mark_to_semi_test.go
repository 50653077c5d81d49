package optimizer_test

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestMarkJoinsToSemi(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// NULL and FALSE both fail a filter: the semi join is not
		// null-aware.
		{"IN", "SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept)", []string{
			"Project [name]",
			"  Join semi cond=(dept = dept)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [dept]",
			"      Scan dept columns=[dept, dname, floor]",
		}},
		// NOT IN keeps its NULL rules.
		{"NOT IN", "SELECT name FROM emp WHERE dept NOT IN (SELECT dept FROM dept)", []string{
			"Project [name]",
			"  Join anti cond=(dept = dept) null-aware",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [dept]",
			"      Scan dept columns=[dept, dname, floor]",
		}},
		{"NOT EXISTS", "SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.floor > 2)", []string{
			"Project [name]",
			"  Join anti",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [1 AS 1]",
			"      Filter (floor > 2)",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		{"NOT NOT EXISTS", "SELECT name FROM emp WHERE NOT NOT EXISTS (SELECT 1 FROM dept)", []string{
			"Project [name]",
			"  Join semi",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [1 AS 1]",
			"      Scan dept columns=[dept, dname, floor]",
		}},
		// The other conjuncts stay in a filter above.
		{"with other conjuncts", "SELECT name FROM emp WHERE id > 1 AND dept IN (SELECT dept FROM dept) AND id < 9", []string{
			"Project [name]",
			"  Filter ((id > 1) AND (id < 9))",
			"    Join semi cond=(dept = dept)",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Project [dept]",
			"        Scan dept columns=[dept, dname, floor]",
		}},
		// Only the join right under the filter is its input; the other
		// mark is tested above it.
		{"two subqueries", "SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept) AND id NOT IN (SELECT floor FROM dept)", []string{
			"Project [name]",
			"  Filter in",
			"    Join anti cond=(id = floor) null-aware",
			"      Join mark cond=(dept = dept) mark=in null-aware",
			"        Scan emp columns=[id, name, dept, salary]",
			"        Project [dept]",
			"          Scan dept columns=[dept, dname, floor]",
			"      Project [floor]",
			"        Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.MarkJoinsToSemi, bindIn(t, c.sql)), c.want...)
		})
	}
}

func TestMarkJoinsToSemiLeavesMarksReadOtherwise(t *testing.T) {
	for _, c := range []struct {
		name, sql string
	}{
		{"in the select list", "SELECT name, dept IN (SELECT dept FROM dept) FROM emp"},
		// NULL OR TRUE is TRUE: the mark's NULLs matter.
		{"under OR", "SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept) OR id > 2"},
		{"IS NOT FALSE", "SELECT name FROM emp WHERE (dept IN (SELECT dept FROM dept)) IS NOT FALSE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := bindIn(t, c.sql)
			wantPlan(t, c.sql, apply(t, optimizer.MarkJoinsToSemi, n), strings.TrimSuffix(plan.Format(n), "\n"))
		})
	}
}

// A mark that a projection above the filter reads must stay: a semi join
// has no mark column. (It used to become one, and the plan failed with
// "column in is not in the input".)
func TestMarkJoinsToSemiMarkReadAbove(t *testing.T) {
	sql := "SELECT * FROM (SELECT name, dept IN (SELECT dept FROM dept) AS m FROM emp) t WHERE m"
	n := applyRules(t, bindIn(t, sql), optimizer.PushDownFilters)
	want := []string{
		"Project [name, m]",
		"  Project [name, in AS m]",
		"    Filter in",
		"      Join mark cond=(dept = dept) mark=in null-aware",
		"        Scan emp columns=[id, name, dept, salary]",
		"        Project [dept]",
		"          Scan dept columns=[dept, dname, floor]",
	}
	wantPlan(t, "pushed down", plan.Format(n), want...)
	wantPlan(t, sql, apply(t, optimizer.MarkJoinsToSemi, n), want...)
}

// A mark read by another conjunct of the same filter stays (a plan made
// by hand: the binder makes a join per subquery).
func TestMarkJoinsToSemiMarkReadBySameFilter(t *testing.T) {
	var b builder
	e := b.scan(&empTable.fakeTable)
	d := b.scan(&deptTable.fakeTable)
	m := b.col("in", types.BooleanType)
	j := &plan.Join{Kind: plan.MarkJoin, Left: e, Right: d, Cond: cmp("=", ref(e.Cols[2]), ref(d.Cols[0])), Mark: m, NullAware: true}
	f := &plan.Filter{Input: j, Pred: and(ref(m), call("is_not_null", types.BooleanType, ref(m)))}
	want := []string{
		"Filter (in AND (in IS NOT NULL))",
		"  Join mark cond=(dept = dept) mark=in null-aware",
		"    Scan emp columns=[id, name, dept, salary]",
		"    Scan dept columns=[dept, dname, floor]",
	}
	wantPlan(t, "before", plan.Format(f), want...)
	wantPlan(t, "after", apply(t, optimizer.MarkJoinsToSemi, f), want...)

	// With the other conjunct on another column, it becomes a semi join.
	f = &plan.Filter{Input: j, Pred: and(call("is_not_null", types.BooleanType, ref(e.Cols[0])), ref(m))}
	wantPlan(t, "after", apply(t, optimizer.MarkJoinsToSemi, f),
		"Filter (id IS NOT NULL)",
		"  Join semi cond=(dept = dept)",
		"    Scan emp columns=[id, name, dept, salary]",
		"    Scan dept columns=[dept, dname, floor]")
}

// A dependent join's mark becomes a semi or anti join the same way.
func TestMarkJoinsToSemiApply(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"IN", "SELECT name FROM emp e WHERE dept IN (SELECT max(d.dept) FROM dept d WHERE d.floor > e.id)", []string{
			"Project [name]",
			"  Apply semi cond=(dept = max(d.dept)) (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [max(dept) AS max(d.dept)]",
			"      Aggregate phase=complete keys=[] aggs=[max(dept)]",
			"        Filter (floor > id)",
			"          Scan dept columns=[dept, dname, floor]",
		}},
		{"NOT IN", "SELECT name FROM emp e WHERE dept NOT IN (SELECT d.dept FROM dept d WHERE d.floor = e.id)", []string{
			"Project [name]",
			"  Apply anti cond=(dept = dept) null-aware (runs the right side once per outer row)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Project [dept]",
			"      Filter (floor = id)",
			"        Scan dept columns=[dept, dname, floor]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := applyRules(t, bindIn(t, c.sql), optimizer.Decorrelate)
			wantPlan(t, c.sql, apply(t, optimizer.MarkJoinsToSemi, n), c.want...)
		})
	}
	// A mark also read above the filter stays a mark.
	var b builder
	e := b.scan(&empTable.fakeTable)
	d := b.scan(&deptTable.fakeTable)
	mark := b.col("in", types.BooleanType)
	a := &plan.Apply{Kind: plan.MarkJoin, Left: e, Right: &plan.Filter{Input: d, Pred: cmp("=", ref(d.Cols[2]), ref(e.Cols[0]))},
		Cond: cmp("=", ref(e.Cols[2]), ref(d.Cols[0])), Mark: mark, NullAware: true}
	n := project(&b, &plan.Filter{Input: a, Pred: ref(mark)}, e.Cols[1], mark)
	wantPlan(t, "mark read above", apply(t, optimizer.MarkJoinsToSemi, n),
		"Project [name, in]",
		"  Filter in",
		"    Apply mark cond=(dept = dept) mark=in null-aware (runs the right side once per outer row)",
		"      Scan emp columns=[id, name, dept, salary]",
		"      Filter (floor = id)",
		"        Scan dept columns=[dept, dname, floor]")
}
