package optimizer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// The example of SplitAggregates' doc comment.
func TestSplitAggregatesDocExample(t *testing.T) {
	n := bind(t, "SELECT state, SUM(x) FROM t GROUP BY state")
	wantPlan(t, "before", plan.Format(n),
		"Project [state, sum(x) AS SUM(x)]",
		"  Aggregate phase=complete keys=[state] aggs=[sum(x)]",
		"    Scan t columns=[a, b, x, d, state]")
	out, err := optimizer.SplitAggregates(n)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "after", plan.Format(out),
		"Project [state, sum(x) AS SUM(x)]",
		"  Aggregate phase=final keys=[state] aggs=[sum()]",
		"    Aggregate phase=partial keys=[state] aggs=[sum(x)]",
		"      Scan t columns=[a, b, x, d, state]")

	// The binder numbered the scan #1-#5, the key #6, sum #7 and the
	// projection #8-#9. The final phase keeps the complete aggregation's
	// output columns, so the projection above still reads them; the
	// partial one makes new columns for its keys and states (#10-#13),
	// which the final one reads.
	complete := n.(*plan.Project).Input.(*plan.Aggregate)
	final := out.(*plan.Project).Input.(*plan.Aggregate)
	partial := final.Input.(*plan.Aggregate)
	if got, want := describeCols(final.Columns()), describeCols(complete.Columns()); got != want {
		t.Errorf("final columns %s, want %s", got, want)
	}
	if got, want := describeCols(partial.Columns()), "#10 state VARCHAR, #11 sum(x)$sum DOUBLE, #12 sum(x)$err DOUBLE, #13 sum(x)$count BIGINT"; got != want {
		t.Errorf("partial columns %s, want %s", got, want)
	}
	if got, want := exprIDs(final.Keys), "#10"; got != want {
		t.Errorf("final keys %s, want %s", got, want)
	}
	if got, want := exprIDs(partial.Keys), "#5"; got != want {
		t.Errorf("partial keys %s, want %s", got, want)
	}
	fa, pa := final.Aggs[0], partial.Aggs[0]
	if fa.Arg != nil || describeCols(fa.StateCols) != describeCols(pa.StateCols) {
		t.Errorf("final sum has Arg %v and states %s, want no Arg and the partial's states %s",
			fa.Arg, describeCols(fa.StateCols), describeCols(pa.StateCols))
	}
	if fa.Out != complete.Aggs[0].Out || pa.Out != complete.Aggs[0].Out {
		t.Errorf("final Out %v, partial Out %v, want the complete one's %v", fa.Out, pa.Out, complete.Aggs[0].Out)
	}
	if got, want := exprIDs([]plan.Expr{pa.Arg}), "#3"; got != want {
		t.Errorf("partial sum reads %s, want %s", got, want)
	}
	checkDistinctIDs(t, out)
}

// The state columns of each aggregate function.
func TestSplitAggregatesStates(t *testing.T) {
	n := bind(t, "SELECT count(*), count(b), sum(a), sum(x), avg(a), avg(x), min(d), max(b) FROM t")
	out, err := optimizer.SplitAggregates(n)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, "after", plan.Format(out),
		"Project [count(*), count(b), sum(a), sum(x), avg(a), avg(x), min(d), max(b)]",
		"  Aggregate phase=final keys=[] aggs=[count(*), count(), sum(), sum(), avg(), avg(), min(), max()]",
		"    Aggregate phase=partial keys=[] aggs=[count(*), count(b), sum(a), sum(x), avg(a), avg(x), min(d), max(b)]",
		"      Scan t columns=[a, b, x, d, state]")
	partial := out.(*plan.Project).Input.(*plan.Aggregate).Input.(*plan.Aggregate)
	var got []string
	for _, a := range partial.Aggs {
		got = append(got, a.String()+": "+describeCols(a.StateCols))
	}
	want := []string{
		"count(*): #22 count(*)$count BIGINT",
		"count(b): #23 count(b)$count BIGINT",
		"sum(a): #24 sum(a)$sum BIGINT, #25 sum(a)$count BIGINT, #26 sum(a)$wraps BIGINT",
		"sum(x): #27 sum(x)$sum DOUBLE, #28 sum(x)$err DOUBLE, #29 sum(x)$count BIGINT",
		"avg(a): #30 avg(a)$sum BIGINT, #31 avg(a)$count BIGINT, #32 avg(a)$wraps BIGINT",
		"avg(x): #33 avg(x)$sum DOUBLE, #34 avg(x)$err DOUBLE, #35 avg(x)$count BIGINT",
		"min(d): #36 min(d)$min DATE",
		"max(b): #37 max(b)$max VARCHAR",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("states:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkDistinctIDs(t, out)
}

func TestSplitAggregatesSQL(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		// A DISTINCT aggregate keeps the whole aggregation complete.
		{"distinct aggregate", "SELECT state, count(DISTINCT b), sum(x) FROM t GROUP BY state", []string{
			"Project [state, count(DISTINCT b), sum(x)]",
			"  Aggregate phase=complete keys=[state] aggs=[count(DISTINCT b), sum(x)]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		{"only distinct", "SELECT sum(DISTINCT a) FROM t", []string{
			"Project [sum(DISTINCT a)]",
			"  Aggregate phase=complete keys=[] aggs=[sum(DISTINCT a)]",
			"    Scan t columns=[a, b, x, d, state]",
		}},
		// SELECT DISTINCT has no aggregate functions: it splits.
		{"select distinct", "SELECT DISTINCT state, a FROM t", []string{
			"Aggregate phase=final keys=[state, a] aggs=[]",
			"  Aggregate phase=partial keys=[state, a] aggs=[]",
			"    Project [state, a]",
			"      Scan t columns=[a, b, x, d, state]",
		}},
		// Without a table there are no partitions.
		{"no table", "SELECT count(*)", []string{
			"Project [count(*)]",
			"  Aggregate phase=complete keys=[] aggs=[count(*)]",
			"    OneRow",
		}},
		{"where and having", "SELECT upper(b), max(x) FROM t WHERE a > 0 GROUP BY upper(b) HAVING count(*) > 1", []string{
			"Project [UPPER(b) AS upper(b), max(x)]",
			"  Filter (count(*) > 1)",
			"    Aggregate phase=final keys=[UPPER(b)] aggs=[max(), count(*)]",
			"      Aggregate phase=partial keys=[UPPER(b)] aggs=[max(x), count(*)]",
			"        Filter (a > 0)",
			"          Scan t columns=[a, b, x, d, state]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := optimizer.SplitAggregates(bind(t, c.sql))
			if err != nil {
				t.Fatal(err)
			}
			wantPlan(t, c.sql, plan.Format(out), c.want...)
			checkDistinctIDs(t, out)
		})
	}
}

// A split aggregation is not split again.
func TestSplitAggregatesIdempotent(t *testing.T) {
	once, err := optimizer.SplitAggregates(bind(t, "SELECT state, count(*) FROM t GROUP BY state"))
	if err != nil {
		t.Fatal(err)
	}
	twice, err := optimizer.SplitAggregates(once)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Format(twice) != plan.Format(once) {
		t.Errorf("split again:\n%s\nwant:\n%s", plan.Format(twice), plan.Format(once))
	}
}

func describeCols(cols []plan.Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("#%d %s %s", c.ID, c.Name, c.Type)
	}
	return strings.Join(parts, ", ")
}

func exprIDs(es []plan.Expr) string {
	var parts []string
	for _, e := range es {
		for id := range plan.ColumnsOf(e, nil) {
			parts = append(parts, fmt.Sprintf("#%d", id))
		}
	}
	return strings.Join(parts, ", ")
}

// checkDistinctIDs checks that every column is made by one operator only:
// a scan's columns, a projection's outputs, an aggregation's keys and its
// results (complete, final) or states (partial).
func checkDistinctIDs(t *testing.T, n plan.Node) {
	t.Helper()
	seen := map[plan.ColumnID]string{}
	var rec func(n plan.Node)
	rec = func(n plan.Node) {
		var made []plan.Column
		switch n := n.(type) {
		case *plan.Scan:
			made = n.Cols
		case *plan.Project:
			made = n.Out
		case *plan.Aggregate:
			made = append(made, n.KeyCols...)
			for _, a := range n.Aggs {
				if n.Phase == plan.Partial {
					made = append(made, a.StateCols...)
				} else {
					made = append(made, a.Out)
				}
			}
		}
		for _, c := range made {
			if prev, ok := seen[c.ID]; ok {
				t.Errorf("column ID %d made by %q and by %q", c.ID, prev, n.Describe())
			}
			seen[c.ID] = n.Describe()
		}
		for _, k := range n.Children() {
			rec(k)
		}
	}
	rec(n)
}

// Keys left out by prune_columns stay out of the final aggregation only:
// the partial one outputs every key, which the final one groups by.
func TestSplitAggregatesKeepsUnusedKeys(t *testing.T) {
	sql := "SELECT sum(x) FROM t GROUP BY state, a"
	pruned, err := optimizer.PruneColumns(bind(t, sql))
	if err != nil {
		t.Fatal(err)
	}
	out, err := optimizer.SplitAggregates(pruned)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, sql, plan.Format(out),
		"Project [sum(x)]",
		"  Aggregate phase=final keys=[state, a] aggs=[sum()] unused keys=[state, a]",
		"    Aggregate phase=partial keys=[state, a] aggs=[sum(x)]",
		"      Scan t columns=[a, x, state]",
	)
}
