package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// Two-argument and fraction-taking aggregates split like the others: the
// partial phase reads both arguments, the final one only the states, and
// pruning keeps the columns of both arguments.
func TestSplitStatsAggregates(t *testing.T) {
	n := bind(t, "SELECT state, CORR(x, a), QUANTILE_CONT(x, 0.25) FROM t GROUP BY state")
	out, err := optimizer.Optimize(n, optimizer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	final := out.(*plan.Project).Input.(*plan.Aggregate)
	partial := final.Input.(*plan.Aggregate)
	if final.Phase != plan.Final || partial.Phase != plan.Partial {
		t.Fatalf("phases %v, %v", final.Phase, partial.Phase)
	}
	pc, fc := partial.Aggs[0], final.Aggs[0]
	if pc.Arg == nil || pc.Arg2 == nil || fc.Arg != nil || fc.Arg2 != nil {
		t.Errorf("partial corr args %v, %v; final %v, %v", pc.Arg, pc.Arg2, fc.Arg, fc.Arg2)
	}
	if len(pc.StateCols) != 13 || describeCols(fc.StateCols) != describeCols(pc.StateCols) {
		t.Errorf("corr states: partial %s, final %s", describeCols(pc.StateCols), describeCols(fc.StateCols))
	}
	if q := partial.Aggs[1]; q.Fraction != 0.25 || final.Aggs[1].Fraction != 0.25 || q.StateCols[0].Type.String() != "BINARY" {
		t.Errorf("quantile: fraction %v/%v, states %s", q.Fraction, final.Aggs[1].Fraction, describeCols(q.StateCols))
	}
	wantPlan(t, "optimized", plan.Format(out),
		"Project [state, corr(x, CAST(a AS DOUBLE)) AS CORR(x, a), quantile_cont(x, 0.25) AS QUANTILE_CONT(x, 0.25)]",
		"  Aggregate phase=final keys=[state] aggs=[corr(), quantile_cont(0.25)]",
		"    Aggregate phase=partial keys=[state] aggs=[corr(x, CAST(a AS DOUBLE)), quantile_cont(x, 0.25)]",
		"      Scan t columns=[a, x, state]")
}
