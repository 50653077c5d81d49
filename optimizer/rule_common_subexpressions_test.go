package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

func TestCommonSubexpressions(t *testing.T) {
	// In a projection: the larger shared expression first; salary * 2 is
	// then left once, outside it, and not shared.
	n := bindIn(t, "SELECT salary * 2 + 1, (salary * 2 + 1) * 3, salary * 2 FROM emp")
	wantPlan(t, "projection", apply(t, optimizer.CommonSubexpressions, n),
		"Project [common8 AS salary * 2 + 1, (common8 * CAST(3 AS DECIMAL(19,0))) AS (salary * 2 + 1) * 3, (salary * CAST(2 AS DECIMAL(19,0))) AS salary * 2]",
		"  Project [id, name, dept, salary, ((salary * CAST(2 AS DECIMAL(19,0))) + CAST(CAST(1 AS DECIMAL(19,0)) AS DECIMAL(29,2))) AS common8]",
		"    Scan emp columns=[id, name, dept, salary]")
	// In an aggregation's arguments and keys.
	n = bindIn(t, "SELECT dept + 1, SUM(salary * 2), MAX(salary * 2) FROM emp GROUP BY dept + 1")
	wantPlan(t, "aggregation", apply(t, optimizer.CommonSubexpressions, n),
		"Project [(dept + 1) AS dept + 1, sum((salary * CAST(2 AS DECIMAL(19,0)))) AS SUM(salary * 2), max((salary * CAST(2 AS DECIMAL(19,0)))) AS MAX(salary * 2)]",
		"  Aggregate phase=complete keys=[(dept + 1)] aggs=[sum(common11), max(common11)]",
		"    Project [id, name, dept, salary, (salary * CAST(2 AS DECIMAL(19,0))) AS common11]",
		"      Scan emp columns=[id, name, dept, salary]")
	// Not shared: under CASE (the division is guarded), once only, or the
	// same text over different columns (a self join's two salaries).
	for _, sql := range []string{
		"SELECT CASE WHEN dept <> 0 THEN salary / dept END, CASE WHEN dept > 0 THEN salary / dept END FROM emp",
		"SELECT salary * 2, salary * 3 FROM emp",
		"SELECT a.salary * 2, b.salary * 2 FROM emp a JOIN emp b ON a.id = b.id",
	} {
		n := bindIn(t, sql)
		if got, want := apply(t, optimizer.CommonSubexpressions, n), plan.Format(n); got != want {
			t.Errorf("%s: rewritten:\n%s", sql, got)
		}
	}
}
