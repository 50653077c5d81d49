package optimizer_test

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

func TestExplainWindow(t *testing.T) {
	s := newSalesFile(t)
	// The window gathers the scan's partitions and holds them.
	sql := "SELECT state, qty, rank() OVER (PARTITION BY state ORDER BY qty DESC) AS r FROM sales WHERE qty >= 32 ORDER BY state, r"
	wantPlan(t, "explain", s.explain(t, sql, fourThreads),
		"Sort [state, r] (holds its whole input in memory)",
		"  Project [state, qty, rank() AS r]",
		"    Window partition=[state] order=[qty DESC] funcs=[rank()] workers=4 (holds its whole input in memory)",
		"      Gather partitions=5 workers=4 (in partition order)",
		`        Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, qty] workers=4 filter=(qty >= 32)`)
	want := "NY | 38 | 1\nNY | 34 | 2\nOH | 36 | 1\nOH | 32 | 2\nPA | 37 | 1\nPA | 33 | 2\nWV | 39 | 1\nWV | 35 | 2"
	for _, opts := range []optimizer.Options{{Threads: 1}, fourThreads} {
		if got := strings.Join(s.run(t, sql, opts), "\n"); got != want {
			t.Errorf("rows with %d threads:\n%s\nwant:\n%s", opts.Threads, got, want)
		}
	}

	// Keys and arguments that are not columns are computed below the
	// gather, per partition; functions of one window share an operator.
	wantPlan(t, "explain expressions", s.explain(t, "SELECT city, sum(qty + 1) OVER (PARTITION BY upper(state) ORDER BY day ROWS 2 PRECEDING) AS s, "+
		"lag(price, 1, 0) OVER (PARTITION BY upper(state) ORDER BY day) AS p FROM sales", fourThreads),
		"Project [city, sum((qty + 1)) ROWS BETWEEN 2 PRECEDING AND CURRENT ROW AS s, lag(price, 1, CAST(0 AS DECIMAL(18,1))) AS p]",
		"  Window partition=[UPPER(state)] order=[day] funcs=[sum((qty + 1)) ROWS BETWEEN 2 PRECEDING AND CURRENT ROW, lag(price, 1, 0.0)] workers=4 (holds its whole input in memory)",
		"    Gather partitions=5 workers=4 (in partition order)",
		"      Project [state, city, qty, price, day, UPPER(state), (qty + 1), 0.0]",
		`        Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, qty, price, day] workers=4`)

	// Over an aggregation, and in ORDER BY with LIMIT.
	wantPlan(t, "explain over aggregate", s.explain(t, "SELECT state, sum(qty), rank() OVER (ORDER BY sum(qty) DESC) FROM sales GROUP BY state", fourThreads),
		"Project [state, sum(qty), rank() AS rank() OVER (ORDER BY sum(qty) DESC)]",
		"  Window partition=[] order=[sum(qty) DESC] funcs=[rank()] workers=4 (holds its whole input in memory)",
		"    HashAggregate phase=final keys=[state] aggs=[sum(sum(qty)$sum, sum(qty)$count, sum(qty)$wraps)] output=[state, sum(qty)] (holds every group in memory)",
		"      Gather partitions=5 workers=4 (in partition order)",
		"        HashAggregate phase=partial keys=[state] aggs=[sum(qty)] output=[state, sum(qty)$sum, sum(qty)$count, sum(qty)$wraps] (per partition)",
		"          Project [state, qty]",
		`            Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, qty] workers=4`)
	if got := strings.Join(s.run(t, "SELECT state, sum(qty), rank() OVER (ORDER BY sum(qty) DESC) FROM sales GROUP BY state", fourThreads), "\n"); got != "OH | 180 | 4\nPA | 190 | 3\nNY | 200 | 2\nWV | 210 | 1" {
		t.Errorf("ranks of sums:\n%s", got)
	}
	wantPlan(t, "explain order by", s.explain(t, "SELECT city FROM sales ORDER BY row_number() OVER (PARTITION BY state ORDER BY qty), city LIMIT 3", fourThreads),
		"Project [city]",
		"  TopN [row_number(), city] offset=0 count=3 keep=3",
		"    Project [city, row_number()]",
		"      Window partition=[state] order=[qty] funcs=[row_number()] workers=4 (holds its whole input in memory)",
		"        Gather partitions=5 workers=4 (in partition order)",
		`          Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, qty] workers=4`)
	// qty 0..3 are the first of OH, PA, NY, WV (cities 0..3).
	if got := strings.Join(s.run(t, "SELECT city FROM sales ORDER BY row_number() OVER (PARTITION BY state ORDER BY qty), city LIMIT 3", fourThreads), "\n"); got != "city0\ncity1\ncity2" {
		t.Errorf("first rows:\n%s", got)
	}
}

// windowQuery is "SELECT state, a, rank() OVER (PARTITION BY state ORDER BY
// a) AS r, sum(x) OVER (PARTITION BY state ORDER BY a) AS s FROM t".
func windowQuery(t *testing.T) *plan.Project {
	return bind(t, "SELECT state, a, rank() OVER (PARTITION BY state ORDER BY a) AS r, sum(x) OVER (PARTITION BY state ORDER BY a) AS s FROM t").(*plan.Project)
}

func TestPushDownFiltersWindow(t *testing.T) {
	p := windowQuery(t)
	// WHERE state = 'OH' AND r <= 2 AND a > 1 over the query: the first
	// keeps or drops whole partitions and goes down to the scan; the others
	// change the window's input or read its result, and stay above.
	f := &plan.Filter{Input: p, Pred: and(and(cmp("=", ref(p.Out[0]), str("OH")), cmp("<=", ref(p.Out[2]), i64(2))), cmp(">", ref(p.Out[1]), i64(1)))}
	wantPlan(t, "pushed", apply(t, optimizer.PushDownFilters, f),
		"Project [state, a, rank() AS r, sum(x) AS s]",
		"  Filter ((rank() <= 2) AND (a > 1))",
		"    Window partition=[state] order=[a] funcs=[rank(), sum(x)]",
		"      Scan t columns=[a, b, x, d, state] filters=[(state = 'OH')]")
	// A window without PARTITION BY lets nothing through.
	p = bind(t, "SELECT state, row_number() OVER (ORDER BY a) AS n FROM t").(*plan.Project)
	f = &plan.Filter{Input: p, Pred: cmp("=", ref(p.Out[0]), str("OH"))}
	wantPlan(t, "not pushed", apply(t, optimizer.PushDownFilters, f),
		"Project [state, row_number() AS n]",
		"  Filter (state = 'OH')",
		"    Window partition=[] order=[a] funcs=[row_number()]",
		"      Scan t columns=[a, b, x, d, state]")
}

func TestPruneColumnsWindow(t *testing.T) {
	var b builder
	p := windowQuery(t)
	b.next = 1000
	// Only r is read: sum(x) goes, and so does x.
	wantPlan(t, "one function", apply(t, optimizer.PruneColumns, project(&b, p, p.Out[2])),
		"Project [r]",
		"  Project [rank() AS r]",
		"    Window partition=[state] order=[a] funcs=[rank()]",
		"      Scan t columns=[a, state]")
	// No function is read: no window.
	wantPlan(t, "no function", apply(t, optimizer.PruneColumns, project(&b, p, p.Out[1])),
		"Project [a]",
		"  Project [a]",
		"    Scan t columns=[a]")
}

func TestFoldConstantsWindow(t *testing.T) {
	n := bind(t, "SELECT sum(a + (1 + 2)) OVER (PARTITION BY upper('x') || b ORDER BY a * (2 + 2)) AS s FROM t")
	// (The output column keeps the name it was bound with.)
	wantPlan(t, "folded", apply(t, optimizer.FoldConstants, n),
		"Project [sum((a + (1 + 2))) AS s]",
		"  Window partition=[CONCAT('X', b)] order=[(a * 4)] funcs=[sum((a + 3))]",
		"    Scan t columns=[a, b, x, d, state]")
}

func TestSplitAggregatesOverWindow(t *testing.T) {
	// The window gathers the scan's partitions: an aggregation over it
	// runs once, unsplit.
	var b builder
	b.next = 1000
	p := windowQuery(t)
	agg := &plan.Aggregate{Input: p, Phase: plan.Complete, Keys: []plan.Expr{ref(p.Out[0])},
		KeyCols: []plan.Column{b.col("state", p.Out[0].Type)},
		Aggs:    []plan.AggCall{{Func: "max", Arg: ref(p.Out[2]), Out: b.col("max(r)", p.Out[2].Type)}}}
	wantPlan(t, "not split", apply(t, optimizer.SplitAggregates, agg),
		"Aggregate phase=complete keys=[state] aggs=[max(r)]",
		"  Project [state, a, rank() AS r, sum(x) AS s]",
		"    Window partition=[state] order=[a] funcs=[rank(), sum(x)]",
		"      Scan t columns=[a, b, x, d, state]")
}
