package optimizer_test

import (
	"math"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// wantEstimate compares estimates up to rounding.
func wantEstimate(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

func TestSelectivity(t *testing.T) {
	var b builder
	x := ref(b.col("x", types.BigintType))
	s := ref(b.col("s", types.VarcharType))
	flag := ref(b.col("flag", types.BooleanType))
	for _, c := range []struct {
		name string
		p    plan.Expr
		want float64
	}{
		{"=", cmp("=", x, i64(1)), 0.1},
		{"<>", cmp("<>", x, i64(1)), 0.9},
		{"<", cmp("<", x, i64(1)), 0.33},
		{">=", cmp(">=", x, i64(1)), 0.33},
		{"like", call("like", types.BooleanType, s, str("a%"), str("\\")), 0.25},
		{"not like", call("not_like", types.BooleanType, s, str("a%"), str("\\")), 0.75},
		{"in, 3 items", call("in", types.BooleanType, x, i64(1), i64(2), i64(3)), 0.1 * 3},
		{"in, 9 items: at most a half", call("in", types.BooleanType, x, i64(1), i64(2), i64(3), i64(4), i64(5), i64(6), i64(7), i64(8), i64(9)), 0.5},
		{"not in", call("not_in", types.BooleanType, x, i64(1)), 0.9},
		{"is null", call("is_null", types.BooleanType, x), 0.1},
		{"is not null", call("is_not_null", types.BooleanType, x), 0.9},
		{"and multiplies", and(cmp("=", x, i64(1)), cmp("<", x, i64(5))), 0.1 * 0.33},
		{"or adds", call("or", types.BooleanType, cmp("=", x, i64(1)), cmp("<", x, i64(5))), 0.1 + 0.33},
		{"or, at most 1", call("or", types.BooleanType, cmp("<>", x, i64(1)), cmp("<>", x, i64(2))), 1},
		{"not", call("not", types.BooleanType, cmp("=", x, i64(1))), 1 - 0.1},
		{"TRUE", lit(true, types.BooleanType), 1},
		{"FALSE", lit(false, types.BooleanType), 0},
		{"NULL", lit(nil, types.BooleanType), 0},
		{"a BOOLEAN column", flag, 0.5},
		{"a function", call("starts_with", types.BooleanType, s, str("a")), 0.5},
	} {
		wantEstimate(t, c.name, optimizer.Selectivity(c.p), c.want)
	}
}

func TestEstimateRows(t *testing.T) {
	var b builder
	emp := b.scan(&empTable.fakeTable)
	emp.Table = empTable // the sized table: 1000 rows
	dept := b.scan(&deptTable.fakeTable)
	dept.Table = deptTable // 10 rows
	plain := b.scan(salesTable)
	empDept, deptDept, deptFloor := emp.Cols[2], dept.Cols[0], dept.Cols[2]

	wantEstimate(t, "scan", optimizer.EstimateRows(emp), 1000)
	wantEstimate(t, "scan of a table that cannot estimate", optimizer.EstimateRows(plain), 1e6)
	zero := *emp
	zero.Table = sized("empty", 0)
	wantEstimate(t, "a table estimating no rows counts one", optimizer.EstimateRows(&zero), 1)
	filtered := *emp
	filtered.Filters = []plan.Expr{cmp("=", ref(emp.Cols[0]), i64(1)), cmp("<", ref(emp.Cols[0]), i64(5))}
	wantEstimate(t, "scan with filters", optimizer.EstimateRows(&filtered), 1000*0.1*0.33)
	wantEstimate(t, "filter", optimizer.EstimateRows(&plan.Filter{Input: emp, Pred: cmp("<>", ref(emp.Cols[0]), i64(1))}), 900)
	wantEstimate(t, "filter, at least one row", optimizer.EstimateRows(&plan.Filter{Input: dept, Pred: lit(false, types.BooleanType)}), 1)
	wantEstimate(t, "one row", optimizer.EstimateRows(plan.OneRow{}), 1)
	wantEstimate(t, "limit", optimizer.EstimateRows(&plan.Limit{Input: emp, Count: 30}), 30)
	wantEstimate(t, "limit past the rows", optimizer.EstimateRows(&plan.Limit{Input: dept, Count: 30}), 10)
	wantEstimate(t, "no limit", optimizer.EstimateRows(&plan.Limit{Input: dept, Count: -1, Offset: 3}), 10)
	wantEstimate(t, "top-N", optimizer.EstimateRows(&plan.TopN{Input: emp, Count: 7}), 7)
	wantEstimate(t, "union", optimizer.EstimateRows(&plan.Union{Inputs: []plan.Node{emp, dept}}), 1010)
	wantEstimate(t, "project", optimizer.EstimateRows(project(&b, emp, emp.Cols[0])), 1000)

	// Aggregations: one row without keys; otherwise a key column takes at
	// most as many values as its table has rows.
	agg := func(in plan.Node, keys ...plan.Column) *plan.Aggregate {
		a := &plan.Aggregate{Input: in, Phase: plan.Complete}
		for _, k := range keys {
			a.Keys = append(a.Keys, ref(k))
			a.KeyCols = append(a.KeyCols, b.col(k.Name, k.Type))
		}
		return a
	}
	wantEstimate(t, "global aggregate", optimizer.EstimateRows(agg(emp)), 1)
	cross := &plan.Join{Kind: plan.InnerJoin, Left: emp, Right: dept}
	wantEstimate(t, "grouped by a column of a 10-row table", optimizer.EstimateRows(agg(cross, deptFloor)), 10)
	wantEstimate(t, "grouped by two columns", optimizer.EstimateRows(agg(cross, deptFloor, empDept)), 10000)
	wantEstimate(t, "no more groups than rows", optimizer.EstimateRows(agg(emp, emp.Cols[0], emp.Cols[2])), 1000)
	// A key read through a projection and a grouping still has its table.
	grouped := agg(dept, deptFloor)
	wantEstimate(t, "grouped by a grouped key", optimizer.EstimateRows(agg(&plan.Join{Kind: plan.InnerJoin, Left: emp, Right: grouped}, grouped.KeyCols[0])), 10)

	// Joins. emp.dept = dept.dept: the values come from dept's 10, each
	// emp row has one partner: 1000 rows.
	eq := cmp("=", ref(empDept), ref(deptDept))
	join := func(kind plan.JoinKind, l, r plan.Node, cond plan.Expr) *plan.Join {
		return &plan.Join{Kind: kind, Left: l, Right: r, Cond: cond}
	}
	wantEstimate(t, "cross join", optimizer.EstimateRows(cross), 10000)
	wantEstimate(t, "equi-join", optimizer.EstimateRows(join(plan.InnerJoin, emp, dept, eq)), 1000)
	keyed := &plan.Join{Kind: plan.InnerJoin, Left: emp, Right: dept, LeftKeys: []plan.Expr{ref(empDept)}, RightKeys: []plan.Expr{ref(deptDept)}}
	wantEstimate(t, "equi-join on keys", optimizer.EstimateRows(keyed), 1000)
	wantEstimate(t, "equi-join with a residual", optimizer.EstimateRows(join(plan.InnerJoin, emp, dept, and(eq, cmp("<", ref(deptFloor), ref(emp.Cols[0]))))), 1000*0.33)
	oneDept := &plan.Filter{Input: dept, Pred: cmp("=", ref(deptFloor), i64(3))}
	wantEstimate(t, "equi-join with one dept row", optimizer.EstimateRows(join(plan.InnerJoin, emp, oneDept, eq)), 100)
	wantEstimate(t, "left join keeps its left rows", optimizer.EstimateRows(join(plan.LeftJoin, dept, emp, eq)), 1000)
	wantEstimate(t, "left join, few partners", optimizer.EstimateRows(join(plan.LeftJoin, emp, oneDept, eq)), 1000)
	wantEstimate(t, "single join", optimizer.EstimateRows(join(plan.SingleJoin, emp, oneDept, eq)), 1000)
	// Every one of emp's 10 dept values may be among dept's 10.
	wantEstimate(t, "semi join", optimizer.EstimateRows(join(plan.SemiJoin, emp, dept, eq)), 1000)
	// One dept row holds one of the 10 values: a tenth of emp.
	wantEstimate(t, "semi join on one dept", optimizer.EstimateRows(join(plan.SemiJoin, emp, oneDept, eq)), 100)
	wantEstimate(t, "semi join without an equality", optimizer.EstimateRows(join(plan.SemiJoin, emp, dept, cmp("<", ref(empDept), ref(deptDept)))), 500)
	wantEstimate(t, "anti join", optimizer.EstimateRows(join(plan.AntiJoin, emp, dept, eq)), 500)
	wantEstimate(t, "mark join", optimizer.EstimateRows(join(plan.MarkJoin, emp, dept, eq)), 1000)
	wantEstimate(t, "join without rows counts one", optimizer.EstimateRows(join(plan.InnerJoin, emp, dept, lit(false, types.BooleanType))), 1)

	// Dependent joins: the kinds that keep every left row keep its count;
	// a semi or anti join is guessed to keep half; an inner one as a
	// join with its condition.
	perRow := &plan.Filter{Input: dept, Pred: cmp("<", ref(deptFloor), ref(emp.Cols[0]))}
	dep := func(kind plan.JoinKind, cond plan.Expr) *plan.Apply {
		return &plan.Apply{Kind: kind, Left: emp, Right: perRow, Cond: cond}
	}
	wantEstimate(t, "single apply", optimizer.EstimateRows(dep(plan.SingleJoin, nil)), 1000)
	wantEstimate(t, "mark apply", optimizer.EstimateRows(dep(plan.MarkJoin, eq)), 1000)
	wantEstimate(t, "semi apply", optimizer.EstimateRows(dep(plan.SemiJoin, eq)), 500)
	wantEstimate(t, "anti apply", optimizer.EstimateRows(dep(plan.AntiJoin, nil)), 500)
	wantEstimate(t, "inner apply", optimizer.EstimateRows(dep(plan.InnerJoin, eq)), 1000*10*0.33*0.1)
	wantEstimate(t, "inner apply without a condition", optimizer.EstimateRows(dep(plan.InnerJoin, nil)), 1000*10*0.33)
}

func TestEquiSelectivity(t *testing.T) {
	var b builder
	emp := b.scan(&empTable.fakeTable)
	emp.Table = empTable // 1000 rows
	dept := b.scan(&deptTable.fakeTable)
	dept.Table = deptTable // 10 rows
	key := func(l, r plan.Expr) [][2]plan.Expr { return [][2]plan.Expr{{l, r}} }
	ed, dd := ref(emp.Cols[2]), ref(dept.Cols[0])
	// The shared domain is the smaller table's 10 values; the pairs that
	// match are 1 in max(min(10, 1000), min(10, 10)).
	wantEstimate(t, "foreign key", optimizer.EquiSelectivity(emp, dept, 1000, 10, key(ed, dd)), 0.1)
	// Sides smaller than the domain hold fewer values: 1 in 4.
	wantEstimate(t, "small sides", optimizer.EquiSelectivity(emp, dept, 4, 2, key(ed, dd)), 0.25)
	// Both from the 1000-row table: 1 in 1000.
	wantEstimate(t, "self join", optimizer.EquiSelectivity(emp, emp, 1000, 1000, key(ref(emp.Cols[0]), ref(emp.Cols[0]))), 0.001)
	// A cast keeps its column's domain.
	wantEstimate(t, "cast", optimizer.EquiSelectivity(emp, dept, 1000, 10, key(call("cast", types.DoubleType, ed), call("cast", types.DoubleType, dd))), 0.1)
	// Another expression's domain is its side's rows.
	wantEstimate(t, "expression", optimizer.EquiSelectivity(emp, dept, 1000, 10, key(call("+", types.BigintType, ed, i64(1)), dd)), 0.1)
	wantEstimate(t, "expressions", optimizer.EquiSelectivity(emp, emp, 1000, 1000,
		key(call("+", types.BigintType, ed, i64(1)), call("+", types.BigintType, ed, i64(2)))), 0.001)
	// Of several keys, the most selective counts.
	wantEstimate(t, "two keys", optimizer.EquiSelectivity(emp, dept, 1000, 10,
		[][2]plan.Expr{{ed, dd}, {ref(emp.Cols[0]), ref(dept.Cols[2])}}), 0.1)
	wantEstimate(t, "no keys", optimizer.EquiSelectivity(emp, dept, 1000, 10, nil), 1)
}
