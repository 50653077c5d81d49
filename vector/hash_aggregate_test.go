package vector

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// collect runs an operator and keeps its records (the caller releases).
func collect(t *testing.T, op Operator) ([]arrow.Record, error) {
	t.Helper()
	var recs []arrow.Record
	err := catchPanic(func() error {
		ctx := context.Background()
		if err := op.Open(ctx); err != nil {
			op.Close()
			return err
		}
		for {
			rec, err := op.Next(ctx)
			if err != nil {
				op.Close()
				return err
			}
			if rec == nil {
				return op.Close()
			}
			recs = append(recs, rec)
		}
	})
	if err != nil {
		releaseRecords(recs)
		return nil, err
	}
	return recs, nil
}

// stateArgs gives AggFinal's args: the state columns of each aggregate,
// which follow the nKeys key columns in the partial's output.
func stateArgs(t *testing.T, nKeys int, specs []AggSpec) [][]int {
	t.Helper()
	col := nKeys
	args := make([][]int, len(specs))
	for i, s := range specs {
		sts, err := StateTypes(s)
		if err != nil {
			t.Fatal(err)
		}
		for range sts {
			args[i] = append(args[i], col)
			col++
		}
	}
	return args
}

// twoPhase aggregates each partition with AggPartial and merges all the
// partial outputs, in partition order, with AggFinal. partialSchema gives
// the partial's output schema.
func twoPhase(t *testing.T, ts []types.Type, parts [][][]any, per int, keys []int, specs []AggSpec, args [][]int, partialSchema *arrow.Schema) ([][]any, error) {
	t.Helper()
	var kts []types.Type
	for _, k := range keys {
		kts = append(kts, ts[k])
	}
	var states []arrow.Record
	for _, rows := range parts {
		h, err := NewHashAggregate(rowsSource(t, ts, rows, per), AggPartial, keys, specs, args, partialSchema)
		if err != nil {
			return nil, err
		}
		recs, err := collect(t, h)
		if err != nil {
			releaseRecords(states)
			return nil, fmt.Errorf("partial: %w", err)
		}
		states = append(states, recs...)
	}
	finalKeys := make([]int, len(keys))
	for i := range finalKeys {
		finalKeys[i] = i
	}
	fargs := stateArgs(t, len(keys), specs)
	h, err := NewHashAggregate(newSource(t, partialSchema, states...), AggFinal, finalKeys, specs, fargs, aggSchema(t, kts, specs, AggFinal))
	if err != nil {
		return nil, err
	}
	return drainErr(t, h)
}

// aggTestData is random rows of (k1 VARCHAR with NULLs, k2 BIGINT, x
// BIGINT with NULLs, f DOUBLE multiples of 1/4 with NULLs, s VARCHAR, d
// DATE), split into partitions of random sizes, some empty.
func aggTestData(seed int64) (ts []types.Type, parts [][][]any) {
	r := rand.New(rand.NewSource(seed))
	ts = []types.Type{tStr, tInt, tInt, tDbl, tStr, tDate}
	k1s := []any{"a", "b", nil, "", "é"}
	for p := 0; p < 4; p++ {
		n := []int{23, 0, 41, 17}[p]
		var rows [][]any
		for i := 0; i < n; i++ {
			row := []any{
				k1s[r.Intn(len(k1s))],
				r.Intn(3),
				r.Intn(2000) - 1000,
				float64(r.Intn(400)-200) / 4,
				fmt.Sprintf("s%02d", r.Intn(60)),
				int32(r.Intn(40000) - 20000),
			}
			if r.Intn(6) == 0 {
				row[2] = nil
			}
			if r.Intn(5) == 0 {
				row[3] = nil
			}
			if r.Intn(7) == 0 {
				row[4] = nil
			}
			rows = append(rows, row)
		}
		parts = append(parts, rows)
	}
	return ts, parts
}

var aggTestSpecs = []AggSpec{
	spec(AggCountStar, tNull), spec(AggCount, tInt), spec(AggSum, tInt), spec(AggAvg, tInt),
	spec(AggSum, tDbl), spec(AggAvg, tDbl), spec(AggMin, tStr), spec(AggMax, tStr),
	spec(AggMin, tDate), spec(AggMax, tDate),
}

var aggTestArgs = [][]int{nil, {2}, {2}, {2}, {3}, {3}, {4}, {4}, {5}, {5}}

// aggOracle computes aggTestSpecs grouped by (k1, k2) in plain Go, groups
// in order of first appearance.
func aggOracle(parts [][][]any) [][]any {
	type acc struct {
		key        [2]any
		n, nx, sx  int64
		nf         int64
		sf         float64
		mins, maxs any
		mind, maxd any
	}
	var order []*acc
	groups := map[[2]any]*acc{}
	for _, rows := range parts {
		for _, row := range rows {
			k := [2]any{row[0], row[1]}
			a := groups[k]
			if a == nil {
				a = &acc{key: k}
				groups[k] = a
				order = append(order, a)
			}
			a.n++
			if row[2] != nil {
				a.nx++
				a.sx += int64(row[2].(int))
			}
			if row[3] != nil {
				a.nf++
				a.sf += row[3].(float64)
			}
			if s := row[4]; s != nil {
				if a.mins == nil || s.(string) < a.mins.(string) {
					a.mins = s
				}
				if a.maxs == nil || s.(string) > a.maxs.(string) {
					a.maxs = s
				}
			}
			d := row[5].(int32)
			if a.mind == nil || d < a.mind.(int32) {
				a.mind = d
			}
			if a.maxd == nil || d > a.maxd.(int32) {
				a.maxd = d
			}
		}
	}
	var out [][]any
	for _, a := range order {
		var sx, ax, sf, af any
		if a.nx > 0 {
			sx, ax = a.sx, float64(a.sx)/float64(a.nx)
		}
		if a.nf > 0 {
			sf, af = a.sf, a.sf/float64(a.nf)
		}
		out = append(out, []any{a.key[0], a.key[1], a.n, a.nx, sx, ax, sf, af, a.mins, a.maxs, fmtDate(a.mind.(int32)), fmtDate(a.maxd.(int32))})
	}
	return out
}

func TestHashAggregateCompleteMatchesOracle(t *testing.T) {
	setBatchSize(t, 3)
	ts, parts := aggTestData(1)
	var all [][]any
	for _, p := range parts {
		all = append(all, p...)
	}
	got, err := runAgg(t, AggComplete, ts, all, 5, []int{0, 1}, aggTestSpecs, aggTestArgs)
	if err != nil {
		t.Fatal(err)
	}
	want := aggOracle(parts)
	if len(want) < 10 {
		t.Fatalf("test data has only %d groups", len(want))
	}
	wantRows(t, "complete aggregation (groups in first-appearance order)", got, want)
}

func TestHashAggregatePartialFinalMatchesComplete(t *testing.T) {
	setBatchSize(t, 3) // partial and final outputs span several batches
	for seed := int64(1); seed <= 3; seed++ {
		ts, parts := aggTestData(seed)
		partialSchema := aggSchema(t, []types.Type{ts[0], ts[1]}, aggTestSpecs, AggPartial)
		got, err := twoPhase(t, ts, parts, 4, []int{0, 1}, aggTestSpecs, aggTestArgs, partialSchema)
		if err != nil {
			t.Fatal(err)
		}
		var all [][]any
		for _, p := range parts {
			all = append(all, p...)
		}
		complete, err := runAgg(t, AggComplete, ts, all, 4, []int{0, 1}, aggTestSpecs, aggTestArgs)
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, fmt.Sprintf("seed %d: partial+final vs complete", seed), got, complete)
		wantRows(t, fmt.Sprintf("seed %d: partial+final vs oracle", seed), got, aggOracle(parts))
	}
}

func TestHashAggregatePartialOutput(t *testing.T) {
	ts := []types.Type{tStr, tInt, tDbl}
	rows := [][]any{{"a", 1, 0.5}, {"b", nil, nil}, {"a", 3, 1.5}}
	specs := []AggSpec{spec(AggCountStar, tNull), spec(AggSum, tInt), spec(AggAvg, tDbl), spec(AggMax, tInt)}
	got, err := runAgg(t, AggPartial, ts, rows, 2, []int{0}, specs, [][]int{nil, {1}, {2}, {1}})
	if err != nil {
		t.Fatal(err)
	}
	// Keys, then each aggregate's state: count; sum, count, wraps; sum,
	// rounding error, count; max.
	wantRows(t, "partial states", got, [][]any{
		{"a", 2, 4, 2, 0, 2.0, 0.0, 2, 3},
		{"b", 1, 0, 0, 0, 0.0, 0.0, 0, nil},
	})
}

func TestHashAggregateGlobalTwoPhaseOverZeroRows(t *testing.T) {
	ts := []types.Type{tInt, tStr}
	specs := []AggSpec{spec(AggCountStar, tNull), spec(AggSum, tInt), spec(AggAvg, tInt), spec(AggMin, tStr), spec(AggCount, tStr)}
	args := [][]int{nil, {0}, {0}, {1}, {1}}
	schema := aggSchema(t, nil, specs, AggPartial)
	// Three empty partitions: each partial emits one state row; the final
	// gives the one row of a global aggregation.
	got, err := twoPhase(t, ts, [][][]any{nil, nil, nil}, 3, nil, specs, args, schema)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "global partial+final of no rows", got, [][]any{{0, nil, nil, nil, 0}})
	// No partition at all: the final sees no state row and still gives one.
	got, err = twoPhase(t, ts, nil, 3, nil, specs, args, schema)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "global final of no partials", got, [][]any{{0, nil, nil, nil, 0}})
	// Mixed: one partition with rows.
	got, err = twoPhase(t, ts, [][][]any{nil, {{4, "b"}, {nil, "a"}}, nil}, 3, nil, specs, args, schema)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "global partial+final", got, [][]any{{2, 4, 4.0, "a", 2}})
}

func TestHashAggregateFinalSumOverflow(t *testing.T) {
	ts := []types.Type{tInt, tInt}
	specs := []AggSpec{spec(AggSum, tInt)}
	parts := [][][]any{{{1, maxI}}, {{1, 1}}}
	_, err := twoPhase(t, ts, parts, 1, []int{0}, specs, [][]int{{1}}, aggSchema(t, []types.Type{tInt}, specs, AggPartial))
	wantErr(t, "SUM overflow when merging partials", err, "SUM exceeds the BIGINT range")
}

// DISTINCT aggregates run complete in plans, but their state travels as a
// LIST column. The partial's schema built from StateTypes, as the planner
// builds it, must work.
func TestHashAggregateDistinctPartialFinalViaStateTypes(t *testing.T) {
	ts := []types.Type{tStr, tInt}
	specs := []AggSpec{distinct(AggCount, tInt), spec(AggCountStar, tNull)}
	args := [][]int{{1}, nil}
	parts := [][][]any{{{"a", 1}, {"a", 2}, {"b", nil}}, {{"a", 2}, {"a", 3}, {"b", 4}}}
	// StateTypes must describe the partial's columns (or refuse DISTINCT).
	for _, s := range specs {
		if _, err := StateTypes(s); err != nil {
			return
		}
	}
	got, err := twoPhase(t, ts, parts, 2, []int{0}, specs, args, aggSchema(t, []types.Type{tStr}, specs, AggPartial))
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "COUNT(DISTINCT) partial+final", got, [][]any{{"a", 3, 4}, {"b", 1, 2}})
}

// The merge of DISTINCT states itself, with the partial's schema written
// with the LIST types the partial really emits.
func TestHashAggregateDistinctStateRoundTrip(t *testing.T) {
	setBatchSize(t, 2)
	ts := []types.Type{tStr, tInt, tDbl, tStr}
	specs := []AggSpec{distinct(AggCount, tInt), distinct(AggSum, tInt), distinct(AggAvg, tDbl), distinct(AggCount, tStr), spec(AggCountStar, tNull)}
	args := [][]int{{1}, {1}, {2}, {3}, nil}
	parts := [][][]any{
		{{"a", 1, 0.5, "x"}, {"a", 2, 0.5, nil}, {"b", nil, nil, ""}, {"c", 7, 2.0, "q"}},
		{},
		{{"a", 2, negZero, "x"}, {"a", 3, 0.0, "y"}, {"b", 4, 1.0, ""}, {"d", nil, nil, nil}},
		{{"a", 1, 1.5, "z"}, {"c", 7, 2.0, "q"}},
	}
	fields := []arrow.Field{
		{Name: "k", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "cd", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
		{Name: "sd", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
		{Name: "ad", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64), Nullable: true},
		{Name: "cs", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}
	partial := arrow.NewSchema(fields, nil)

	// The partial's state of partition 0 holds each group's sorted set.
	h, err := NewHashAggregate(rowsSource(t, ts, parts[0], 3), AggPartial, []int{0}, specs, args, partial)
	if err != nil {
		t.Fatal(err)
	}
	st := drain(t, h)
	wantRows(t, "partial DISTINCT states", st, [][]any{
		{"a", []any{int64(1), int64(2)}, []any{int64(1), int64(2)}, []any{0.5}, []any{"x"}, 2},
		{"b", []any{}, []any{}, []any{}, []any{""}, 1},
		{"c", []any{int64(7)}, []any{int64(7)}, []any{2.0}, []any{"q"}, 1},
	})

	var fargs [][]int
	for i := range specs {
		fargs = append(fargs, []int{1 + i})
	}
	var states []arrow.Record
	for _, rows := range parts {
		h, err := NewHashAggregate(rowsSource(t, ts, rows, 3), AggPartial, []int{0}, specs, args, partial)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := collect(t, h)
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, recs...)
	}
	final, err := NewHashAggregate(newSource(t, partial, states...), AggFinal, []int{0}, specs, fargs, aggSchema(t, []types.Type{tStr}, specs, AggFinal))
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, final)
	// Values seen in several partitions count once; -0 and 0 are one.
	want := [][]any{
		{"a", 3, 6, (0.5 + 0.0 + 1.5) / 3, 3, 5},
		{"b", 1, 4, 1.0, 1, 2},
		{"c", 1, 7, 2.0, 1, 2},
		{"d", 0, nil, nil, 0, 1},
	}
	wantRows(t, "DISTINCT partial+final", got, want)

	var all [][]any
	for _, p := range parts {
		all = append(all, p...)
	}
	complete, err := runAgg(t, AggComplete, ts, all, 3, []int{0}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "DISTINCT complete", complete, want)
}

func TestHashAggregateOutputBatches(t *testing.T) {
	setBatchSize(t, 1000)
	var rows [][]any
	for i := 0; i < 5000; i++ {
		rows = append(rows, []any{(i * 37) % 2500, 1})
	}
	src := rowsSource(t, []types.Type{tInt, tInt}, rows, 777)
	specs := []AggSpec{spec(AggSum, tInt)}
	h, err := NewHashAggregate(src, AggComplete, []int{0}, specs, [][]int{{1}}, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
	if err != nil {
		t.Fatal(err)
	}
	batches, err := drainBatches(t, h)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var got [][]any
	for _, b := range batches {
		sizes = append(sizes, len(b))
		got = append(got, b...)
	}
	if fmt.Sprint(sizes) != "[1000 1000 500]" {
		t.Errorf("batch sizes %v, want [1000 1000 500]", sizes)
	}
	var want [][]any
	for i := 0; i < 2500; i++ {
		want = append(want, []any{(i * 37) % 2500, 2})
	}
	wantRows(t, "2500 groups of 2 rows", got, want)
}

func TestHashAggregateErrorsAndLifecycle(t *testing.T) {
	ts := []types.Type{tInt, tInt}
	rows := [][]any{{1, 2}, {1, 3}}
	specs := []AggSpec{spec(AggSum, tInt)}

	// A schema that does not fit the output.
	src := rowsSource(t, ts, rows, 1)
	h, err := NewHashAggregate(src, AggComplete, []int{0}, specs, [][]int{{1}}, mkSchema(tInt, tInt, tInt))
	if err != nil {
		t.Fatal(err)
	}
	_, err = drainErr(t, h)
	wantErr(t, "schema mismatch", err, "hash aggregate: 2 columns for a schema of 3")

	src = rowsSource(t, ts, rows, 1)
	src.failAt = 1
	src.failErr = errors.New("input failed")
	h, _ = NewHashAggregate(src, AggComplete, []int{0}, specs, [][]int{{1}}, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
	_, err = drainErr(t, h)
	wantErr(t, "input error", err, "input failed")
	if src.opens != 1 || src.closes != 1 {
		t.Errorf("input opened %d closed %d", src.opens, src.closes)
	}

	src = rowsSource(t, ts, rows, 1)
	src.openErr = errors.New("open failed")
	h, _ = NewHashAggregate(src, AggComplete, []int{0}, specs, [][]int{{1}}, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
	_, err = drainErr(t, h)
	wantErr(t, "open error", err, "open failed")

	// A key column without a SQL type.
	ls := arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64)}}, nil)
	_, err = NewHashAggregate(newSource(t, ls), AggComplete, []int{0}, nil, nil, ls)
	wantErr(t, "LIST key", err, "no SQL type for Arrow type list")

	// Next after the end keeps returning nil.
	src = rowsSource(t, ts, rows, 1)
	h, _ = NewHashAggregate(src, AggComplete, []int{0}, specs, [][]int{{1}}, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
	ctx := context.Background()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := h.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("Next = %v, %v", rec, err)
	}
	wantRows(t, "SUM", recRows(t, rec), [][]any{{1, 5}})
	rec.Release()
	for i := 0; i < 2; i++ {
		if rec, err := h.Next(ctx); rec != nil || err != nil {
			t.Errorf("Next after the end = %v, %v", rec, err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestHashAggregateWithHint(t *testing.T) {
	hint := &GroupHint{}
	specs := []AggSpec{spec(AggCountStar, tNull)}
	run := func(nGroups, nRows int) [][]any {
		var rows [][]any
		for i := 0; i < nRows; i++ {
			rows = append(rows, []any{i % nGroups})
		}
		h, err := NewHashAggregate(rowsSource(t, []types.Type{tInt}, rows, 100), AggComplete, []int{0}, specs, [][]int{nil}, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
		if err != nil {
			t.Fatal(err)
		}
		return drain(t, h.WithHint(hint))
	}
	got := run(300, 600)
	if len(got) != 300 || !sameRow(got[0], []any{0, 2}) || !sameRow(got[299], []any{299, 2}) {
		t.Errorf("first aggregation: %d groups, first %v last %v", len(got), got[0], got[len(got)-1])
	}
	if n := hint.n.Load(); n != 300 {
		t.Errorf("hint = %d after 300 groups, want 300", n)
	}
	// A smaller aggregation starts from the hint's size and leaves it.
	got = run(7, 20)
	wantRows(t, "second aggregation", got, [][]any{{0, 3}, {1, 3}, {2, 3}, {3, 3}, {4, 3}, {5, 3}, {6, 2}})
	if n := hint.n.Load(); n != 300 {
		t.Errorf("hint = %d after a smaller aggregation, want 300", n)
	}
	got = run(1000, 1000)
	if len(got) != 1000 {
		t.Errorf("third aggregation: %d groups", len(got))
	}
	if n := hint.n.Load(); n != 1000 {
		t.Errorf("hint = %d after 1000 groups, want 1000", n)
	}
}

func TestHashAggregateDoubleKeys(t *testing.T) {
	// -0 and 0 are one group, all NaNs one group, NULLs one group.
	rows := [][]any{{0.0, 1}, {nan, 2}, {negZero, 3}, {nil, 4}, {nan, 5}, {1.5, 6}, {nil, 7}}
	specs := []AggSpec{spec(AggSum, tInt), spec(AggCountStar, tNull)}
	got, err := runAgg(t, AggComplete, []types.Type{tDbl, tInt}, rows, 2, []int{0}, specs, [][]int{{1}, nil})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "GROUP BY a DOUBLE", got, [][]any{{0.0, 4, 2}, {nan, 7, 2}, {nil, 11, 2}, {1.5, 6, 1}})
}
