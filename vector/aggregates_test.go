package vector

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// aggSchema is the output schema of a hash aggregation: the keys' types,
// then per aggregate its result type, or in AggPartial its state types
// (from StateTypes).
func aggSchema(t *testing.T, keyTypes []types.Type, specs []AggSpec, mode AggMode) *arrow.Schema {
	t.Helper()
	var cols []types.Column
	for i, kt := range keyTypes {
		cols = append(cols, types.Column{Name: fmt.Sprintf("k%d", i), Type: kt, Nullable: true})
	}
	for i, s := range specs {
		if mode == AggPartial {
			sts, err := StateTypes(s)
			if err != nil {
				t.Fatalf("StateTypes(%s): %v", s, err)
			}
			for j, st := range sts {
				cols = append(cols, types.Column{Name: fmt.Sprintf("a%d$%d", i, j), Type: st, Nullable: true})
			}
			continue
		}
		cols = append(cols, types.Column{Name: fmt.Sprintf("a%d", i), Type: s.ResultType(), Nullable: true})
	}
	return SchemaOf(cols)
}

// runAgg aggregates rows (columns of types ts, in batches of per rows) in
// one mode, grouping by the key columns keys.
func runAgg(t *testing.T, mode AggMode, ts []types.Type, rows [][]any, per int, keys []int, specs []AggSpec, args [][]int) ([][]any, error) {
	t.Helper()
	src := rowsSource(t, ts, rows, per)
	var kts []types.Type
	for _, k := range keys {
		kts = append(kts, ts[k])
	}
	h, err := NewHashAggregate(src, mode, keys, specs, args, aggSchema(t, kts, specs, mode))
	if err != nil {
		return nil, err
	}
	return drainErr(t, h)
}

func spec(f AggFunc, arg types.Type) AggSpec { return AggSpec{Func: f, ArgType: arg} }

func distinct(f AggFunc, arg types.Type) AggSpec {
	return AggSpec{Func: f, Distinct: true, ArgType: arg}
}

// groupedRows is a key column then one value column of type vt.
func groupedRows(kv ...any) [][]any {
	var rows [][]any
	for i := 0; i < len(kv); i += 2 {
		rows = append(rows, []any{kv[i], kv[i+1]})
	}
	return rows
}

func TestAggCount(t *testing.T) {
	rows := groupedRows("a", 1, "b", nil, "a", nil, "c", 3, "b", nil, "a", 2)
	got, err := runAgg(t, AggComplete, []types.Type{tStr, tInt}, rows, 2, []int{0},
		[]AggSpec{spec(AggCountStar, tNull), spec(AggCount, tInt)}, [][]int{nil, {1}})
	if err != nil {
		t.Fatal(err)
	}
	// COUNT(*) counts rows, COUNT(x) non-NULL values: 0 for a group of
	// NULLs.
	wantRows(t, "COUNT(*), COUNT(x)", got, [][]any{{"a", 3, 2}, {"b", 2, 0}, {"c", 1, 1}})
}

func TestAggSumAvgBigint(t *testing.T) {
	rows := groupedRows("a", 1, "b", nil, "a", -4, "c", maxI, "a", 10, "b", nil, "d", -3, "d", -4)
	got, err := runAgg(t, AggComplete, []types.Type{tStr, tInt}, rows, 3, []int{0},
		[]AggSpec{spec(AggSum, tInt), spec(AggAvg, tInt)}, [][]int{{1}, {1}})
	if err != nil {
		t.Fatal(err)
	}
	// SUM and AVG of only NULLs are NULL; AVG of BIGINTs is a DOUBLE.
	wantRows(t, "SUM, AVG", got, [][]any{{"a", 7, 7.0 / 3}, {"b", nil, nil}, {"c", maxI, float64(maxI)}, {"d", -7, -3.5}})
}

func TestAggSumBigintOverflow(t *testing.T) {
	rows := groupedRows("a", maxI, "a", 1)
	_, err := runAgg(t, AggComplete, []types.Type{tStr, tInt}, rows, 1, []int{0}, []AggSpec{spec(AggSum, tInt)}, [][]int{{1}})
	wantErr(t, "SUM overflow", err, "BIGINT value out of range: SUM exceeds the BIGINT range; CAST the argument to DECIMAL(38,0)")
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("error %v is not ErrOutOfRange", err)
	}
	// A running sum may leave the range and come back, in any order of the
	// rows and any batching: only the result must fit (as with PostgreSQL's
	// and MySQL's exact sums).
	for _, batch := range []int{1, 2, 5} {
		rows = groupedRows("a", maxI, "a", 1, "a", minI, "a", -1, "b", minI, "b", -1, "b", 1)
		got, err := runAgg(t, AggComplete, []types.Type{tStr, tInt}, rows, batch, []int{0}, []AggSpec{spec(AggSum, tInt)}, [][]int{{1}})
		if err != nil {
			t.Fatalf("batch %d: %v", batch, err)
		}
		wantRows(t, "SUM back in range", got, [][]any{{"a", -1}, {"b", minI}})
	}
	// AVG is computed from the whole sum: no overflow.
	rows = groupedRows("a", minI, "a", -1, "b", maxI, "b", maxI, "b", maxI)
	got, err := runAgg(t, AggComplete, []types.Type{tStr, tInt}, rows, 5, []int{0}, []AggSpec{spec(AggAvg, tInt)}, [][]int{{1}})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "AVG past the BIGINT range", got, [][]any{{"a", -4611686018427387904.5}, {"b", float64(maxI)}})
}

func TestAggSumAvgDouble(t *testing.T) {
	rows := groupedRows(1, 0.5, 2, nil, 1, 1.25, 3, 1e308, 1, -0.25, 3, -1e308, 4, nan, 4, 1.0)
	got, err := runAgg(t, AggComplete, []types.Type{tInt, tDbl}, rows, 3, []int{0},
		[]AggSpec{spec(AggSum, tDbl), spec(AggAvg, tDbl)}, [][]int{{1}, {1}})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "SUM, AVG", got, [][]any{{1, 1.5, 0.5}, {2, nil, nil}, {3, 0.0, 0.0}, {4, nan, nan}})
}

// A sum past the largest DOUBLE is an error, as in PostgreSQL and MySQL,
// not Infinity.
func TestAggSumDoubleOverflow(t *testing.T) {
	rows := groupedRows(1, 1e308, 1, 1e308, 1, -1.0)
	for _, f := range []AggFunc{AggSum, AggAvg} {
		for _, batch := range []int{1, 3} {
			_, err := runAgg(t, AggComplete, []types.Type{tInt, tDbl}, rows, batch, []int{0}, []AggSpec{spec(f, tDbl)}, [][]int{{1}})
			if !errors.Is(err, ErrDoubleOutOfRange) {
				t.Errorf("%v of 1e308 twice: error %v, want ErrDoubleOutOfRange", f, err)
			}
		}
	}
	// An infinity in the input (which SQL cannot make) stays one.
	got, err := runAgg(t, AggComplete, []types.Type{tInt, tDbl}, groupedRows(1, math.Inf(1), 1, 1.0), 2, []int{0}, []AggSpec{spec(AggSum, tDbl)}, [][]int{{1}})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "SUM with an infinity", got, [][]any{{1, math.Inf(1)}})
}

func TestAggMinMaxEveryType(t *testing.T) {
	cases := []struct {
		typ      types.Type
		vals     []any // group "g"; group "n" has only NULLs
		min, max any
	}{
		{tInt, []any{3, nil, -7, maxI, 0}, -7, maxI},
		{tDbl, []any{1.5, -0.5, nil, 1e300, -1e300}, -1e300, 1e300},
		{tStr, []any{"b", "", "é", nil, "B", "ab"}, "", "é"},
		{tBool, []any{true, nil, false, true}, false, true},
		{tDate, []any{"1970-01-01", "1969-12-31", nil, "2000-02-29", "1600-03-01"}, "1600-03-01", "2000-02-29"},
		{tTS, []any{"1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", nil}, "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00"},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			var rows [][]any
			for i, v := range c.vals {
				rows = append(rows, []any{"g", v})
				if i == 1 {
					rows = append(rows, []any{"n", nil})
				}
			}
			got, err := runAgg(t, AggComplete, []types.Type{tStr, c.typ}, rows, 2, []int{0},
				[]AggSpec{spec(AggMin, c.typ), spec(AggMax, c.typ)}, [][]int{{1}, {1}})
			if err != nil {
				t.Fatal(err)
			}
			wantRows(t, "MIN, MAX", got, [][]any{{"g", c.min, c.max}, {"n", nil, nil}})
		})
	}
}

// PostgreSQL orders NaN above every number, so MAX is NaN and MIN ignores
// it when there are numbers, whatever the order of the rows. The answer
// must not depend on the order (which depends on how the file is split).
func TestAggMinMaxNaN(t *testing.T) {
	orders := [][]any{{1.0, nan, 2.0}, {nan, 1.0, 2.0}, {1.0, 2.0, nan}}
	for _, vs := range orders {
		var rows [][]any
		for _, v := range vs {
			rows = append(rows, []any{1, v})
		}
		got, err := runAgg(t, AggComplete, []types.Type{tInt, tDbl}, rows, 3, []int{0},
			[]AggSpec{spec(AggMin, tDbl), spec(AggMax, tDbl)}, [][]int{{1}, {1}})
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, fmt.Sprintf("MIN, MAX over %v", vs), got, [][]any{{1, 1.0, nan}})
	}
}

func TestAggDistinct(t *testing.T) {
	rows := [][]any{
		{"a", 1, 0.0, "x"}, {"a", 1, negZero, "x"}, {"a", 2, 1.5, ""}, {"a", nil, nil, nil},
		{"b", nil, nil, nil}, {"a", 2, 1.5, "y"}, {"c", 5, 2.0, "z"}, {"c", 5, 2.0, "z"},
	}
	ts := []types.Type{tStr, tInt, tDbl, tStr}
	specs := []AggSpec{
		distinct(AggCount, tInt), distinct(AggSum, tInt), distinct(AggAvg, tInt),
		distinct(AggCount, tDbl), distinct(AggSum, tDbl),
		distinct(AggCount, tStr), distinct(AggMin, tStr), distinct(AggMax, tStr),
		spec(AggCount, tInt),
	}
	args := [][]int{{1}, {1}, {1}, {2}, {2}, {3}, {3}, {3}, {1}}
	got, err := runAgg(t, AggComplete, ts, rows, 3, []int{0}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	// -0 and 0 are one value; '' is a value; NULLs are not counted.
	wantRows(t, "DISTINCT aggregates", got, [][]any{
		{"a", 2, 3, 1.5, 2, 1.5, 3, "", "y", 4},
		{"b", 0, nil, nil, 0, nil, 0, nil, nil, 0},
		{"c", 1, 5, 5.0, 1, 2.0, 1, "z", "z", 2},
	})
}

// All NaNs are one value for DISTINCT, as they are one group for GROUP BY.
func TestAggCountDistinctNaN(t *testing.T) {
	rows := [][]any{{1, nan}, {1, nan}, {1, 1.0}, {1, math.Copysign(math.NaN(), -1)}}
	got, err := runAgg(t, AggComplete, []types.Type{tInt, tDbl}, rows, 2, []int{0},
		[]AggSpec{distinct(AggCount, tDbl)}, [][]int{{1}})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "COUNT(DISTINCT x) with NaNs", got, [][]any{{1, 2}})
}

func TestAggGlobalOverZeroRows(t *testing.T) {
	ts := []types.Type{tInt, tDbl, tStr}
	specs := []AggSpec{
		spec(AggCountStar, tNull), spec(AggCount, tInt), spec(AggSum, tInt), spec(AggAvg, tInt),
		spec(AggSum, tDbl), spec(AggAvg, tDbl), spec(AggMin, tStr), spec(AggMax, tInt),
		distinct(AggCount, tStr), distinct(AggSum, tInt),
	}
	args := [][]int{nil, {0}, {0}, {0}, {1}, {1}, {2}, {0}, {2}, {0}}
	want := [][]any{{0, 0, nil, nil, nil, nil, nil, nil, 0, nil}}
	// No input batch at all.
	got, err := runAgg(t, AggComplete, ts, nil, 3, nil, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "global aggregation of no rows", got, want)
	// Only NULLs: COUNT(*) counts them, the rest is as for no rows.
	got, err = runAgg(t, AggComplete, ts, [][]any{{nil, nil, nil}, {nil, nil, nil}}, 1, nil, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	want[0][0] = 2
	wantRows(t, "global aggregation of NULLs", got, want)
	// Grouped aggregation of no rows has no rows.
	got, err = runAgg(t, AggComplete, ts, nil, 3, []int{2}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "grouped aggregation of no rows", got, nil)
}

func TestAggNullTypedArgument(t *testing.T) {
	// COUNT(NULL) is 0; SUM over a NULL-typed column (the binder makes
	// that DOUBLE) is NULL.
	rows := [][]any{{1, nil}, {1, nil}}
	got, err := runAgg(t, AggComplete, []types.Type{tInt, tNull}, rows, 5, []int{0},
		[]AggSpec{spec(AggCount, tNull), spec(AggCountStar, tNull)}, [][]int{{1}, nil})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "COUNT(NULL), COUNT(*)", got, [][]any{{1, 0, 2}})
}

func TestAggSpec(t *testing.T) {
	cases := []struct {
		s      AggSpec
		result types.Type
		str    string
		states []types.Type
	}{
		{spec(AggCountStar, tNull), tInt, "count_star", []types.Type{tInt}},
		{spec(AggCount, tStr), tInt, "count", []types.Type{tInt}},
		{spec(AggSum, tInt), tInt, "sum", []types.Type{tInt, tInt, tInt}},
		{spec(AggSum, tDbl), tDbl, "sum", []types.Type{tDbl, tDbl, tInt}},
		{spec(AggAvg, tInt), tDbl, "avg", []types.Type{tInt, tInt, tInt}},
		{spec(AggAvg, tDbl), tDbl, "avg", []types.Type{tDbl, tDbl, tInt}},
		{spec(AggMin, tDate), tDate, "min", []types.Type{tDate}},
		{spec(AggMax, tStr), tStr, "max", []types.Type{tStr}},
		{distinct(AggMax, tStr), tStr, "max(DISTINCT)", []types.Type{tStr}},
		{distinct(AggCount, tInt), tInt, "count(DISTINCT)", nil},
	}
	for _, c := range cases {
		if c.s.ResultType() != c.result || c.s.String() != c.str {
			t.Errorf("%v: ResultType, String = %s, %q; want %s, %q", c.s, c.s.ResultType(), c.s.String(), c.result, c.str)
		}
		if c.states == nil {
			continue
		}
		sts, err := StateTypes(c.s)
		if err != nil || fmt.Sprint(sts) != fmt.Sprint(c.states) {
			t.Errorf("StateTypes(%s) = %v, %v; want %v", c.s, sts, err, c.states)
		}
	}
	_, err := StateTypes(spec(AggSum, tStr))
	wantErr(t, "SUM(VARCHAR)", err, "aggregate sum over VARCHAR is not supported")
	_, err = StateTypes(spec(AggAvg, tDate))
	wantErr(t, "AVG(DATE)", err, "aggregate avg over DATE is not supported")
	_, err = NewHashAggregate(rowsSource(t, []types.Type{tStr}, nil, 1), AggComplete, nil, []AggSpec{spec(AggSum, tStr)}, [][]int{{0}}, mkSchema(tStr))
	wantErr(t, "NewHashAggregate SUM(VARCHAR)", err, "aggregate sum over VARCHAR is not supported")
	if AggFunc(0).String() != "count_star" || AggMax.String() != "max" {
		t.Errorf("AggFunc names: %s %s", AggFunc(0), AggMax)
	}
}

// StateTypes names the columns a partial aggregation emits for an
// aggregate: each state column must have exactly that type, or be refused
// (an error) when it has no SQL type, so that a plan built from StateTypes
// matches what the operator produces.
func TestStateTypesMatchPartialOutput(t *testing.T) {
	specs := []AggSpec{
		spec(AggCountStar, tNull), spec(AggCount, tStr), spec(AggSum, tInt), spec(AggAvg, tDbl),
		spec(AggMin, tDate), spec(AggMax, tBool),
		distinct(AggCount, tInt), distinct(AggSum, tDbl), distinct(AggMin, tStr),
	}
	for _, s := range specs {
		sts, err := StateTypes(s)
		if err != nil {
			continue // refusing is fine
		}
		acc, err := newAccumulator(s)
		if err != nil {
			t.Fatalf("newAccumulator(%s): %v", s, err)
		}
		acc.resize(1)
		state := acc.state(0, 1)
		if len(state) != len(sts) {
			t.Errorf("%s: %d state columns, StateTypes says %d", s, len(state), len(sts))
			releaseAll(state...)
			continue
		}
		for i, a := range state {
			if !arrow.TypeEqual(a.DataType(), sts[i].Arrow()) {
				t.Errorf("%s: state column %d is %s, but StateTypes says %s (%s)", s, i, a.DataType(), sts[i], sts[i].Arrow())
			}
		}
		releaseAll(state...)
	}
}

// The SUMs and AVGs of one aggregation share one store of states, updated
// a chunk of rows at a time. Over thousands of groups (the store
// reallocated as they arrive), batches that do not divide into chunks and
// NULLs in both arguments, every group's values must equal a map's, in
// the complete and the partial mode; COUNT keeps its own states.
func TestHashAggregateSharedStates(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	type ref struct {
		sumI, nI int64
		sumF     float64
		nF       int64
	}
	refs := map[int64]*ref{}
	var order []int64
	var rows [][]any
	for i := 0; i < 30000; i++ {
		k := int64(r.Intn(5000))
		if refs[k] == nil {
			refs[k] = &ref{}
			order = append(order, k)
		}
		var vi, vf any
		if r.Intn(10) > 0 {
			x := int64(r.Intn(2000) - 1000)
			vi = x
			refs[k].sumI += x
			refs[k].nI++
		}
		if r.Intn(7) > 0 {
			x := float64(r.Intn(4000)) / 8 // exact in binary: sums do not round
			vf = x
			refs[k].sumF += x
			refs[k].nF++
		}
		rows = append(rows, []any{k, vi, vf})
	}
	specs := []AggSpec{spec(AggSum, tInt), spec(AggAvg, tDbl), spec(AggCount, tInt), spec(AggSum, tDbl), spec(AggAvg, tInt)}
	args := [][]int{{1}, {2}, {1}, {2}, {1}}
	ts := []types.Type{tInt, tInt, tDbl}
	h, err := NewHashAggregate(rowsSource(t, ts, rows, 1000), AggComplete, []int{0}, specs, args, aggSchema(t, []types.Type{tInt}, specs, AggComplete))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.shared) != 4 {
		t.Fatalf("%d accumulators share their states, want the 4 SUMs and AVGs", len(h.shared))
	}
	got, err := drainErr(t, h)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]any
	for _, k := range order {
		f := refs[k]
		var sumI, avgF, sumF, avgI any
		if f.nI > 0 {
			sumI, avgI = f.sumI, float64(f.sumI)/float64(f.nI)
		}
		if f.nF > 0 {
			sumF, avgF = f.sumF, f.sumF/float64(f.nF)
		}
		want = append(want, []any{k, sumI, avgF, f.nI, sumF, avgI})
	}
	wantRows(t, "complete", got, want)
	// Two phases: partial states from three splits, merged.
	partialSchema := aggSchema(t, []types.Type{tInt}, specs, AggPartial)
	got, err = twoPhase(t, ts, [][][]any{rows[:7777], rows[7777:20001], rows[20001:]}, 1000, []int{0}, specs, args, partialSchema)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "two phases", got, want)
}
