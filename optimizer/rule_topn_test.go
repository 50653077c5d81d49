package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// The example of SortLimitToTopN's doc comment.
func TestSortLimitToTopNDocExample(t *testing.T) {
	n := bind(t, "SELECT * FROM t ORDER BY x DESC LIMIT 10")
	wantPlan(t, "before", plan.Format(n),
		"Limit offset=0 count=10",
		"  Sort [x DESC]",
		"    Project [a, b, x, d, state]",
		"      Scan t columns=[a, b, x, d, state]")
	wantPlan(t, "after", apply(t, optimizer.SortLimitToTopN, n),
		"TopN [x DESC] offset=0 count=10",
		"  Project [a, b, x, d, state]",
		"    Scan t columns=[a, b, x, d, state]")
}

func TestSortLimitToTopNSQL(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"offset", "SELECT a, b FROM t ORDER BY a, b DESC LIMIT 10 OFFSET 5", []string{
			"TopN [a, b DESC] offset=5 count=10",
			"  Project [a, b]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		{"limit zero", "SELECT a FROM t ORDER BY a LIMIT 0", []string{
			"TopN [a] offset=0 count=0",
			"  Project [a]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		// The binder drops the ORDER BY helper column above the limit.
		{"hidden sort column", "SELECT b FROM t ORDER BY a DESC LIMIT 3", []string{
			"Project [b]",
			"  TopN [a DESC] offset=0 count=3",
			"    Project [b, a]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"aggregate", "SELECT state, count(*) AS n FROM t GROUP BY state ORDER BY n DESC, state LIMIT 5", []string{
			"TopN [n DESC, state] offset=0 count=5",
			"  Project [state, count(*) AS n]",
			"    Aggregate phase=complete keys=[state] aggs=[count(*)]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"distinct", "SELECT DISTINCT state FROM t ORDER BY state LIMIT 2", []string{
			"TopN [state] offset=0 count=2",
			"  Aggregate phase=complete keys=[state] aggs=[]",
			"    Project [state]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		{"limit without order", "SELECT a FROM t LIMIT 4", []string{
			"Limit offset=0 count=4",
			"  Project [a]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		{"order without limit", "SELECT a FROM t ORDER BY a", []string{
			"Sort [a]",
			"  Project [a]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantPlan(t, c.sql, apply(t, optimizer.SortLimitToTopN, bind(t, c.sql)), c.want...)
		})
	}
}

// ORDER BY + LIMIT with a projection between the limit and the sort (the
// one that drops ORDER BY helper columns): the top-N goes under it.
func TestSortLimitToTopNThroughProject(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	inner := project(&b, s, s.Cols[1], s.Cols[0])
	sort := &plan.Sort{Input: inner, Keys: []plan.SortKey{{Expr: ref(inner.Out[1]), Desc: true}}}
	helper := project(&b, sort, inner.Out[0])
	lim := &plan.Limit{Input: helper, Offset: 2, Count: 3}
	wantPlan(t, "before", plan.Format(lim),
		"Limit offset=2 count=3",
		"  Project [b]",
		"    Sort [a DESC]",
		"      Project [b, a]",
		"        Scan t columns=[a, b, x, d, state]")
	wantPlan(t, "after", apply(t, optimizer.SortLimitToTopN, lim),
		"Project [b]",
		"  TopN [a DESC] offset=2 count=3",
		"    Project [b, a]",
		"      Scan t columns=[a, b, x, d, state]")
}

// Other shapes are left alone.
func TestSortLimitToTopNUnchanged(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	a := s.Cols[0]
	sort := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ref(a)}}}

	// OFFSET without a count keeps all the rows after it: no top-N.
	lim := &plan.Limit{Input: sort, Offset: 5, Count: -1}
	wantPlan(t, "offset only", apply(t, optimizer.SortLimitToTopN, lim),
		"Limit offset=5 count=-1",
		"  Sort [a]",
		"    Scan t columns=[a, b, x, d, state]")

	// A filter between the limit and the sort.
	lim = &plan.Limit{Input: &plan.Filter{Input: sort, Pred: cmp(">", ref(a), i64(0))}, Count: 5}
	wantPlan(t, "filter between", apply(t, optimizer.SortLimitToTopN, lim),
		"Limit offset=0 count=5",
		"  Filter (a > 0)",
		"    Sort [a]",
		"      Scan t columns=[a, b, x, d, state]")

	// A projection with no sort under it.
	lim = &plan.Limit{Input: project(&b, s, a), Count: 5}
	wantPlan(t, "project without sort", apply(t, optimizer.SortLimitToTopN, lim),
		"Limit offset=0 count=5",
		"  Project [a]",
		"    Scan t columns=[a, b, x, d, state]")
}

// Bottom-up: the inner limit and the sort become a top-N, which the outer
// limit then sits on.
func TestSortLimitToTopNNestedLimits(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	sort := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ref(s.Cols[2]), Desc: true}}}
	outer := &plan.Limit{Input: &plan.Limit{Input: sort, Count: 10}, Offset: 1, Count: 2}
	wantPlan(t, "after", apply(t, optimizer.SortLimitToTopN, outer),
		"Limit offset=1 count=2",
		"  TopN [x DESC] offset=0 count=10",
		"    Scan t columns=[a, b, x, d, state]")
}
