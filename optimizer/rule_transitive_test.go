package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
)

func TestPropagateEqualities(t *testing.T) {
	// The doc comment's example, with emp and dept: a constant comparison
	// on one side of an equality holds for the other side too, and then
	// filters that side's scan.
	n := bindIn(t, "SELECT e.name FROM emp e, dept d WHERE e.dept = d.dept AND e.dept < 5")
	wantPlan(t, "propagated", apply(t, optimizer.PropagateEqualities, n),
		"Project [name]",
		"  Filter (((dept = dept) AND (dept < 5)) AND (dept < 5))",
		"    Join inner",
		"      Scan emp columns=[id, name, dept, salary]",
		"      Scan dept columns=[dept, dname, floor]")
	wantPlan(t, "pushed", apply(t, optimizer.PushDownFilters, applyRules(t, n, optimizer.PropagateEqualities)),
		"Project [name]",
		"  Join inner cond=(dept = dept)",
		"    Scan emp columns=[id, name, dept, salary] filters=[(dept < 5)]",
		"    Scan dept columns=[dept, dname, floor] filters=[(dept < 5)]")
	// Through a chain of equalities, with the constant on the left (the
	// comparison flips), once per column.
	n = bindIn(t, "SELECT a.name FROM emp a, emp b, dept d WHERE a.dept = b.dept AND b.dept = d.dept AND 3 = d.dept AND d.dept = 3")
	wantPlan(t, "chain", apply(t, optimizer.PushDownFilters, applyRules(t, n, optimizer.PropagateEqualities)),
		"Project [name]",
		"  Join inner cond=(dept = dept)",
		"    Join inner cond=(dept = dept)",
		"      Scan emp columns=[id, name, dept, salary] filters=[(dept = 3)]",
		"      Scan emp columns=[id, name, dept, salary] filters=[(dept = 3)]",
		"    Scan dept columns=[dept, dname, floor] filters=[(3 = dept), (dept = 3)]")
	// Nothing implied: no equality between columns, or columns of
	// different types.
	n = bindIn(t, "SELECT name FROM emp WHERE dept < 5 AND id > 2")
	wantPlan(t, "unchanged", apply(t, optimizer.PropagateEqualities, n),
		"Project [name]",
		"  Filter ((dept < 5) AND (id > 2))",
		"    Scan emp columns=[id, name, dept, salary]")
}
