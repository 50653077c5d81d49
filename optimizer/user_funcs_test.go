package optimizer_test

import (
	"context"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// userFuncs are a deterministic function and a volatile one, both adding
// one to a BIGINT and counting their calls in *calls.
func userFuncs(calls *int) []*catalog.Function {
	eval := func(_ context.Context, a []any) (any, error) {
		*calls++
		return a[0].(int64) + 1, nil
	}
	return []*catalog.Function{
		{Name: "inc", Args: []types.Type{types.BigintType}, Result: types.BigintType, Eval: eval},
		{Name: "vinc", Args: []types.Type{types.BigintType}, Result: types.BigintType, Volatile: true, Eval: eval},
	}
}

// A deterministic function of constants is folded (called once), a
// volatile one is not.
func TestFoldConstantsUserFunctions(t *testing.T) {
	calls := 0
	n := bindWith(t, "SELECT inc(2) + a, vinc(2) + a, inc(a) FROM t", userFuncs(&calls)...)
	wantPlan(t, "after", apply(t, optimizer.FoldConstants, n),
		"Project [(3 + a) AS inc(2) + a, (VINC(2) + a) AS vinc(2) + a, INC(a) AS inc(a)]",
		"  Scan t columns=[a, b, x, d, state]")
	if calls != 1 {
		t.Errorf("%d calls, want 1", calls)
	}
}

// A deterministic function written twice is computed once, a volatile one
// as often as it is written.
func TestCommonSubexpressionsUserFunctions(t *testing.T) {
	calls := 0
	n := bindWith(t, "SELECT inc(a) + 1, inc(a) + 2, vinc(a) + 1, vinc(a) + 2 FROM t", userFuncs(&calls)...)
	wantPlan(t, "after", apply(t, optimizer.CommonSubexpressions, n),
		"Project [(common10 + 1) AS inc(a) + 1, (common10 + 2) AS inc(a) + 2, (VINC(a) + 1) AS vinc(a) + 1, (VINC(a) + 2) AS vinc(a) + 2]",
		"  Project [a, b, x, d, state, INC(a) AS common10]",
		"    Scan t columns=[a, b, x, d, state]")
}
