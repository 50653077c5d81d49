package optimizer_test

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

func TestLimitWindowRows(t *testing.T) {
	window := func(sql string) string {
		t.Helper()
		n := applyRules(t, bindIn(t, sql), optimizer.PushDownFilters, optimizer.LimitWindowRows)
		for _, l := range strings.Split(plan.Format(n), "\n") {
			if strings.Contains(l, "Window") {
				return strings.TrimSpace(l)
			}
		}
		t.Fatalf("no window in\n%s", plan.Format(n))
		return ""
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC) AS rn FROM emp) t WHERE rn <= 2",
			"Window partition=[dept] order=[salary DESC] funcs=[row_number()] first=2"},
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary) AS rn FROM emp) t WHERE rn < 4 AND id > 0",
			"Window partition=[dept] order=[salary] funcs=[row_number()] first=3"},
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY salary) AS rn FROM emp) t WHERE 1 = rn",
			"Window partition=[] order=[salary] funcs=[row_number()] first=1"},
		// Not: a lower bound, another function in the window, no filter on
		// the number.
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary) AS rn FROM emp) t WHERE rn >= 2",
			"Window partition=[dept] order=[salary] funcs=[row_number()]"},
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary) AS rn, RANK() OVER (PARTITION BY dept ORDER BY salary) AS r FROM emp) t WHERE rn <= 2",
			"Window partition=[dept] order=[salary] funcs=[row_number(), rank()]"},
		{"SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary) AS rn FROM emp) t WHERE id <= 2",
			"Window partition=[dept] order=[salary] funcs=[row_number()]"},
	} {
		if got := window(c.sql); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}
