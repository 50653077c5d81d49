package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
)

func TestFactorOr(t *testing.T) {
	for _, c := range []struct {
		where string
		want  string
	}{
		// The doc comment's example.
		{"(b = 'k' AND x = 1) OR (b = 'k' AND x = 2)", "  Filter ((b = 'k') AND ((x = CAST(1 AS DOUBLE)) OR (x = CAST(2 AS DOUBLE))))"},
		// Shared by two of three branches only: factored within those two
		// (OR groups left to right), not out of the whole.
		{"(b = 'k' AND x = 1) OR (b = 'k' AND x = 2) OR x = 3",
			"  Filter (((b = 'k') AND ((x = CAST(1 AS DOUBLE)) OR (x = CAST(2 AS DOUBLE)))) OR (x = CAST(3 AS DOUBLE)))"},
		// A branch that is only the shared part makes the OR true.
		{"b = 'k' OR (b = 'k' AND x = 2)", "  Filter (b = 'k')"},
		// Several shared conjuncts, in the first branch's order.
		{"(a = 1 AND x > 0 AND b = 'z') OR (b = 'z' AND a = 1)", "  Filter ((a = 1) AND (b = 'z'))"},
		// No OR, or nothing shared: unchanged.
		{"a = 1 OR b = 'z'", "  Filter ((a = 1) OR (b = 'z'))"},
	} {
		t.Run(c.where, func(t *testing.T) {
			n := bind(t, "SELECT a FROM t WHERE "+c.where)
			wantPlan(t, "factored", apply(t, optimizer.FactorOr, n),
				"Project [a]",
				c.want,
				"    Scan t columns=[a, b, x, d, state]")
		})
	}
}

// Join conditions are factored too.
func TestFactorOrJoinCondition(t *testing.T) {
	n := bind(t, "SELECT t.a FROM t JOIN t AS u ON (t.b = u.b AND t.x > 1) OR (t.b = u.b AND u.x > 2)")
	got := apply(t, optimizer.FactorOr, n)
	wantPlan(t, "factored", got,
		"Project [a]",
		"  Join inner cond=((b = b) AND ((x > CAST(1 AS DOUBLE)) OR (x > CAST(2 AS DOUBLE))))",
		"    Scan t columns=[a, b, x, d, state]",
		"    Scan t columns=[a, b, x, d, state]")
}
