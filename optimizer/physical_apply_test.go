package optimizer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/vector"
)

// noDecorrelation plans with four threads and without the decorrelate
// rule: every correlated subquery runs per outer row.
var noDecorrelation = optimizer.Options{Threads: 4, Disabled: map[string]bool{"decorrelate": true}}

// A correlated subquery that cannot be decorrelated (an inequality under
// its aggregate) runs per row of its outer side, which is read partition
// by partition in parallel; EXPLAIN shows the subquery's logical plan,
// with the outer columns it reads. sales has rows i = 0..39 of state
// OH, PA, NY, WV (i mod 4) and qty i: i/4 rows of a state come before.
func TestExplainApply(t *testing.T) {
	s := newSalesFile(t)
	sql := "SELECT state, qty, (SELECT count(*) FROM sales s2 WHERE s2.state = s1.state AND s2.qty < s1.qty) FROM sales s1 WHERE qty < 8"
	want := []string{
		"Gather partitions=5 workers=4 (in partition order)",
		"  Project [state, qty, count(*) AS (SELECT count(*) FROM sales s2 WHERE s2.state = s1.state AND s2.qty < s1.qty)]",
		"    Apply single outer=[state, qty] (plans and runs the second input once per row of the first)",
		`      Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, qty] workers=4 filter=(qty < 8)`,
		"      Project [count(*)]",
		"        Aggregate phase=final keys=[] aggs=[count(*)]",
		"          Aggregate phase=partial keys=[] aggs=[count(*)]",
		"            Scan sales columns=[state, qty] filters=[(state = outer.state), (qty < outer.qty)]",
	}
	wantPlan(t, "explain", s.explain(t, sql, fourThreads), want...)
	rows := "OH | 0 | 0\nPA | 1 | 0\nNY | 2 | 0\nWV | 3 | 0\nOH | 4 | 1\nPA | 5 | 1\nNY | 6 | 1\nWV | 7 | 1"
	if got := strings.Join(s.run(t, sql, fourThreads), "\n"); got != rows {
		t.Errorf("rows:\n%s\nwant:\n%s", got, rows)
	}
	// Without the decorrelate rule, the same.
	wantPlan(t, "explain without decorrelation", s.explain(t, sql, noDecorrelation), want...)
	if got := strings.Join(s.run(t, sql, noDecorrelation), "\n"); got != rows {
		t.Errorf("rows without decorrelation:\n%s\nwant:\n%s", got, rows)
	}
}

// A correlated subquery the decorrelate rule would make a join runs per
// row when the rule is off, with the same answers.
func TestApplyWithoutDecorrelation(t *testing.T) {
	s := newSalesFile(t)
	sql := "SELECT qty FROM sales s1 WHERE qty < 12 AND EXISTS (SELECT 1 FROM sales s2 WHERE s2.state = s1.state AND s2.qty = s1.qty + 8)"
	wantPlan(t, "explain", s.explain(t, sql, noDecorrelation),
		"Gather partitions=5 workers=4 (in partition order)",
		"  Project [qty]",
		"    Apply semi outer=[state, qty] (plans and runs the second input once per row of the first)",
		`      Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, qty] workers=4 filter=(qty < 12)`,
		"      Project []",
		"        Scan sales columns=[state, qty] filters=[(state = outer.state), (qty = (outer.qty + 8))]")
	for _, opts := range []optimizer.Options{fourThreads, noDecorrelation} {
		if got, want := strings.Join(s.run(t, sql, opts), " "), "0 1 2 3 4 5 6 7 8 9 10 11"; got != want {
			t.Errorf("rows %s, want %s", got, want)
		}
	}
}

// An error of the subquery for one outer row ends the query with it: s1's
// qty 3 divides by zero.
func TestApplyRightSideError(t *testing.T) {
	s := newSalesFile(t)
	sql := "SELECT qty, (SELECT max(s2.qty DIV (s1.qty - 3)) FROM sales s2 WHERE s2.qty < s1.qty) FROM sales s1"
	_, err := s.tryRun(t, sql, fourThreads)
	if !errors.Is(err, vector.ErrDivisionByZero) {
		t.Errorf("error %v, want division by zero", err)
	}
}

// The tables a per-row side reads are held from planning to ReleaseScans
// like the others: every row reads them, even once the table is dropped,
// and nothing is held after.
func TestApplyHoldsRecordTables(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := newSalesFile(t)
	s.cat.Register(statesTable(t, mem))
	p := s.physical(t, "SELECT qty, (SELECT max(st.pop) FROM states st WHERE st.pop < sales.qty) FROM sales WHERE qty IN (12, 13, 14, 21)", fourThreads)
	if !optimizer.ScansHeld(p) {
		t.Error("ScansHeld = false for a plan of a registered table")
	}
	s.cat.Drop("states")
	if got, want := strings.Join(runPlan(t, p), "\n"), "12 | (null)\n13 | 12\n14 | 13\n21 | 20"; got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	optimizer.ReleaseScans(p)
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after ReleaseScans, %d bytes are held", n)
	}
}
