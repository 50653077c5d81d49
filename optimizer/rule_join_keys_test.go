package optimizer_test

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestExtractJoinKeys(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// The doc example: equalities become keys, the rest a residual.
		{"keys and a residual", "SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept AND d.floor < e.id AND d.dname = e.name", []string{
			"Project [name]",
			"  Join inner keys=[dept = dept, name = dname] cond=(floor < id)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		// Each key pair is laid out left side first, whichever way the
		// equality is written.
		{"right side written first", "SELECT e.name FROM emp e JOIN dept d ON d.floor = e.id", []string{
			"Project [name]",
			"  Join inner keys=[id = floor]",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		{"expressions", "SELECT e.name FROM emp e JOIN dept d ON e.id + 1 = d.floor * 2", []string{
			"Project [name]",
			"  Join inner keys=[(id + 1) = (floor * 2)]",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		// An equality within one side is not a key; one with a constant
		// on the other side is (a hash join may match a constant), though
		// filters usually take those first.
		{"one side only", "SELECT e.name FROM emp e JOIN dept d ON e.dept = e.id AND d.floor = 3", []string{
			"Project [name]",
			"  Join inner keys=[3 = floor] cond=(dept = id)",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		// A left join keeps the condition on its preserved side as a
		// residual.
		{"left join", "SELECT e.name FROM emp e LEFT JOIN dept d ON e.dept = d.dept AND e.name = 'x'", []string{
			"Project [name]",
			"  Join left keys=[dept = dept] cond=(name = 'x')",
			"    Scan emp columns=[id, name, dept, salary]",
			"    Scan dept columns=[dept, dname, floor]",
		}},
		// A three-way join: the upper join's keys come from both inputs
		// of the lower one; a DECIMAL cast to the other side's scale is a
		// key.
		{"nested joins", "SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept JOIN emp f ON f.id = e.id AND f.salary = d.floor", []string{
			"Project [name]",
			"  Join inner keys=[id = id, CAST(floor AS DECIMAL(21,2)) = salary]",
			"    Join inner keys=[dept = dept]",
			"      Scan emp columns=[id, name, dept, salary]",
			"      Scan dept columns=[dept, dname, floor]",
			"    Scan emp columns=[id, name, dept, salary]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.ExtractJoinKeys, bindIn(t, c.sql)), c.want...)
		})
	}
}

func TestExtractJoinKeysLeavesJoins(t *testing.T) {
	for _, c := range []struct {
		name, sql string
	}{
		{"OR", "SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept OR e.id = d.floor"},
		{"inequality", "SELECT e.name FROM emp e JOIN dept d ON e.dept < d.dept"},
		{"cross join", "SELECT e.name FROM emp e, dept d"},
		// INTERSECT's join has its keys already, NULLs equal.
		{"NULL-equal keys", "SELECT dept FROM emp INTERSECT SELECT dept FROM dept"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := bindIn(t, c.sql)
			wantPlan(t, c.sql, apply(t, optimizer.ExtractJoinKeys, n), strings.TrimSuffix(plan.Format(n), "\n"))
		})
	}
}

// Keys must hash alike: the binder casts both sides of a comparison to
// one type, so the pairs that differ are made by hand.
func TestExtractJoinKeysNeedsKeysOfOneType(t *testing.T) {
	var b builder
	l := b.scan(&fakeTable{name: "l", cols: []types.Column{
		{Name: "d2", Type: types.DecimalType(10, 2)}, {Name: "i", Type: types.BigintType}, {Name: "d2b", Type: types.DecimalType(38, 2)},
	}})
	r := b.scan(&fakeTable{name: "r", cols: []types.Column{
		{Name: "d3", Type: types.DecimalType(12, 3)}, {Name: "f", Type: types.DoubleType}, {Name: "d2r", Type: types.DecimalType(18, 2)},
	}})
	castTo := func(e plan.Expr, ty types.Type) plan.Expr { return call("cast", ty, e) }
	join := func(conds ...plan.Expr) *plan.Join {
		var cond plan.Expr = conds[0]
		for _, c := range conds[1:] {
			cond = and(cond, c)
		}
		return &plan.Join{Kind: plan.InnerJoin, Left: l, Right: r, Cond: cond}
	}
	// DECIMALs of different scales hold different integers for one value.
	wantPlan(t, "scales 2 and 3", apply(t, optimizer.ExtractJoinKeys,
		join(cmp("=", castTo(ref(l.Cols[0]), types.DecimalType(10, 2)), ref(r.Cols[0])))),
		"Join inner cond=(CAST(d2 AS DECIMAL(10,2)) = d3)",
		"  Scan l columns=[d2, i, d2b]",
		"  Scan r columns=[d3, f, d2r]")
	// A BIGINT and a DOUBLE encode differently.
	wantPlan(t, "BIGINT and DOUBLE", apply(t, optimizer.ExtractJoinKeys,
		join(cmp("=", ref(l.Cols[1]), ref(r.Cols[1])))),
		"Join inner cond=(i = f)",
		"  Scan l columns=[d2, i, d2b]",
		"  Scan r columns=[d3, f, d2r]")
	// The same scale at another precision is one key type; a cast to the
	// other's scale makes a key too.
	wantPlan(t, "same scale", apply(t, optimizer.ExtractJoinKeys,
		join(cmp("=", ref(l.Cols[2]), ref(r.Cols[2])), cmp("=", castTo(ref(l.Cols[0]), types.DecimalType(11, 3)), ref(r.Cols[0])), cmp("=", ref(l.Cols[1]), ref(r.Cols[1])))),
		"Join inner keys=[d2b = d2r, CAST(d2 AS DECIMAL(11,3)) = d3] cond=(i = f)",
		"  Scan l columns=[d2, i, d2b]",
		"  Scan r columns=[d3, f, d2r]")
}
