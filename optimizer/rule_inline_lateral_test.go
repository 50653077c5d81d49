package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// The example of InlineLateral's doc comment.
func TestInlineLateralDocExample(t *testing.T) {
	n := bind(t, "SELECT * FROM t, LATERAL (SELECT generate_series(1, t.a) AS g) s")
	wantPlan(t, "before", plan.Format(n),
		"Project [a, b, x, d, state, g]",
		"  Join inner",
		"    Scan t columns=[a, b, x, d, state]",
		"    Project [generate_series AS g]",
		"      ProjectSet [GENERATE_SERIES(1, a) AS generate_series]",
		"        OneRow")
	wantPlan(t, "after", apply(t, optimizer.InlineLateral, n),
		"Project [a, b, x, d, state, g]",
		"  Project [a, b, x, d, state, generate_series AS g]",
		"    ProjectSet [GENERATE_SERIES(1, a) AS generate_series]",
		"      Scan t columns=[a, b, x, d, state]")
}

func TestInlineLateral(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// The join condition filters above.
		{"condition", "SELECT s.y FROM t JOIN LATERAL (SELECT t.x * 2 AS y) s ON s.y > t.a", []string{
			"Project [y]",
			"  Filter (y > CAST(a AS DOUBLE))",
			"    Project [a, b, x, d, state, (x * CAST(2 AS DOUBLE)) AS y]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		// A LEFT JOIN of a subquery that makes one row per left row.
		{"left join", "SELECT s.y FROM t LEFT JOIN LATERAL (SELECT t.x * 2 AS y) s ON TRUE", []string{
			"Project [y]",
			"  Project [a, b, x, d, state, (x * CAST(2 AS DOUBLE)) AS y]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		// Not inlined: a LEFT JOIN must keep the rows a set-returning
		// call makes none for.
		{"left join of a set", "SELECT s.g FROM t LEFT JOIN LATERAL (SELECT generate_series(1, t.a) AS g) s ON TRUE", []string{
			"Project [g]",
			"  Join left cond=true",
			"    Scan t columns=[a, b, x, d, state]",
			"    Project [generate_series AS g]",
			"      ProjectSet [GENERATE_SERIES(1, a) AS generate_series]",
			"        OneRow",
		}},
		// Not inlined: the subquery reads a table.
		{"from", "SELECT s.b FROM t, LATERAL (SELECT u.b FROM t AS u WHERE u.a = t.a) s", []string{
			"Project [b]",
			"  Join inner",
			"    Scan t columns=[a, b, x, d, state]",
			"    Project [b]",
			"      Filter (a = a)",
			"        Scan t columns=[a, b, x, d, state]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.InlineLateral, bind(t, c.sql)), c.want...)
		})
	}
}
