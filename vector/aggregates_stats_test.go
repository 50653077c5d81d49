package vector

import (
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"sort"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

var tDec = types.DecimalType(6, 2)

// everySplit returns rows cut into two partitions at every point, and into
// three at every pair of points.
func everySplit(rows [][]any) [][][][]any {
	var out [][][][]any
	for i := 0; i <= len(rows); i++ {
		out = append(out, [][][]any{rows[:i], rows[i:]})
		for j := i; j <= len(rows); j++ {
			out = append(out, [][][]any{rows[:i], rows[i:j], rows[j:]})
		}
	}
	return out
}

// checkStats runs specs over rows (key column 0) in one complete phase,
// then split every way into partial phases merged by a final one, and
// checks each against want.
func checkStats(t *testing.T, ts []types.Type, rows [][]any, specs []AggSpec, args [][]int, want [][]any) {
	t.Helper()
	got, err := runAgg(t, AggComplete, ts, rows, 3, []int{0}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "complete", got, want)
	partialSchema := aggSchema(t, []types.Type{ts[0]}, specs, AggPartial)
	for _, parts := range everySplit(rows) {
		got, err := twoPhase(t, ts, parts, 2, []int{0}, specs, args, partialSchema)
		if err != nil {
			t.Fatal(err)
		}
		// Groups come out in order of first appearance either way.
		wantRows(t, fmt.Sprintf("partitions of %d, %d, ... rows", len(parts[0]), len(parts[1])), got, want)
	}
}

func TestAggVarianceAndStddev(t *testing.T) {
	// a: 1..5 and a NULL: mean 3, squared deviations 4+1+0+1+4 = 10;
	// b: one value; c: only NULLs; d: 2,4,4,4,5,5,7,9 (mean 5, 32).
	rows := groupedRows("a", 1.0, "b", 7.0, "a", 2.0, "c", nil, "a", nil, "a", 3.0, "d", 2.0, "a", 4.0, "a", 5.0,
		"d", 4.0, "d", 4.0, "d", 4.0, "d", 5.0, "d", 5.0, "d", 7.0, "d", 9.0)
	specs := []AggSpec{spec(AggVarSamp, tDbl), spec(AggVarPop, tDbl), spec(AggStddevSamp, tDbl), spec(AggStddevPop, tDbl)}
	checkStats(t, []types.Type{tStr, tDbl}, rows, specs, [][]int{{1}, {1}, {1}, {1}}, [][]any{
		{"a", 2.5, 2.0, math.Sqrt(2.5), math.Sqrt(2)},
		{"b", nil, 0.0, nil, 0.0}, // one value: no sample variance
		{"c", nil, nil, nil, nil}, // no values
		{"d", 32.0 / 7, 4.0, math.Sqrt(32.0 / 7), 2.0},
	})
}

func TestAggVarianceNumerics(t *testing.T) {
	// The naive sum of squares loses every digit here: 1e9 + {4, 7, 13,
	// 16} have variance 30 (sample).
	rows := groupedRows("a", 1e9+4, "a", 1e9+7, "a", 1e9+13, "a", 1e9+16)
	got, err := runAgg(t, AggComplete, []types.Type{tStr, tDbl}, rows, 4, []int{0},
		[]AggSpec{spec(AggVarSamp, tDbl)}, [][]int{{1}})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "variance of shifted values", got, [][]any{{"a", 30.0}})
}

// exactMoments returns the exact sample variance of ys, sample
// covariance of (ys, xs) and their correlation, rounded to doubles.
func exactMoments(ys, xs []float64) (varY, cov, corr float64) {
	const prec = 400
	n := new(big.Rat).SetInt64(int64(len(ys)))
	mean := func(v []float64) *big.Rat {
		s := new(big.Rat)
		for _, x := range v {
			s.Add(s, new(big.Rat).SetFloat64(x))
		}
		return s.Quo(s, n)
	}
	my, mx := mean(ys), mean(xs)
	syy, sxx, sxy := new(big.Rat), new(big.Rat), new(big.Rat)
	for i := range ys {
		dy := new(big.Rat).Sub(new(big.Rat).SetFloat64(ys[i]), my)
		dx := new(big.Rat).Sub(new(big.Rat).SetFloat64(xs[i]), mx)
		syy.Add(syy, new(big.Rat).Mul(dy, dy))
		sxx.Add(sxx, new(big.Rat).Mul(dx, dx))
		sxy.Add(sxy, new(big.Rat).Mul(dx, dy))
	}
	n1 := new(big.Rat).SetInt64(int64(len(ys) - 1))
	varY, _ = new(big.Rat).Quo(syy, n1).Float64()
	cov, _ = new(big.Rat).Quo(sxy, n1).Float64()
	den := new(big.Float).SetPrec(prec).SetRat(new(big.Rat).Mul(syy, sxx))
	den.Sqrt(den)
	r := new(big.Float).SetPrec(prec).SetRat(sxy)
	corr, _ = r.Quo(r, den).Float64()
	return varY, cov, corr
}

func TestAggMomentsAreCorrectlyRounded(t *testing.T) {
	// Random values of 30 bits around a large offset, in a few groups:
	// the results are the exact statistics rounded once, whatever the
	// partitions.
	r := rand.New(rand.NewSource(3))
	var rows [][]any
	ys, xs := map[string][]float64{}, map[string][]float64{}
	var keys []string
	for i := 0; i < 400; i++ {
		k := fmt.Sprint("g", r.Intn(4))
		if _, ok := ys[k]; !ok {
			keys = append(keys, k)
		}
		y := 1e6 + float64(r.Int63n(1<<30))/(1<<20)
		x := -3e3 + float64(r.Int63n(1<<30))/(1<<24) + y/1e3
		ys[k], xs[k] = append(ys[k], y), append(xs[k], x)
		rows = append(rows, []any{k, y, x})
	}
	var want [][]any
	for _, k := range keys {
		v, c, cr := exactMoments(ys[k], xs[k])
		want = append(want, []any{k, v, c, cr})
	}
	specs := []AggSpec{spec(AggVarSamp, tDbl), spec(AggCovarSamp, tDbl), spec(AggCorr, tDbl)}
	args := [][]int{{1}, {1, 2}, {1, 2}}
	ts := []types.Type{tStr, tDbl, tDbl}
	got, err := runAgg(t, AggComplete, ts, rows, 64, []int{0}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "complete", got, want)
	partialSchema := aggSchema(t, []types.Type{tStr}, specs, AggPartial)
	for _, cuts := range [][]int{{1, 2, 3}, {50, 51, 399}, {7, 150, 300}} {
		parts := [][][]any{rows[:cuts[0]]}
		for i := range cuts {
			end := len(rows)
			if i+1 < len(cuts) {
				end = cuts[i+1]
			}
			parts = append(parts, rows[cuts[i]:end])
		}
		got, err := twoPhase(t, ts, parts, 16, []int{0}, specs, args, partialSchema)
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, fmt.Sprint("cut at ", cuts), got, want)
	}
}

func TestAggCovarianceAndCorr(t *testing.T) {
	// Rows are (key, y, x). a: x = 1..5, y = 2,4,5,4,5: co-moment 6, M2 of
	// x 10 and of y 6, so CORR = 6/sqrt(60) = sqrt(0.6). b: y = 2x+1
	// exactly, CORR 1 (clamped against rounding). c: x constant: CORR NULL, covariance 0. e: a pair
	// with a NULL is skipped, leaving one pair.
	rows := [][]any{
		{"a", 2.0, 1.0}, {"b", 1.0, 0.0}, {"a", 4.0, 2.0}, {"c", 1.0, 3.0}, {"a", 5.0, 3.0}, {"b", 3.0, 1.0},
		{"a", 4.0, 4.0}, {"c", 2.0, 3.0}, {"a", 5.0, 5.0}, {"b", 9.0, 4.0}, {"b", 5.0, 2.0}, {"b", 7.0, 3.0},
		{"e", nil, 1.0}, {"e", 1.0, nil}, {"e", 3.0, 3.0}, {"a", nil, nil},
	}
	specs := []AggSpec{spec(AggCorr, tDbl), spec(AggCovarSamp, tDbl), spec(AggCovarPop, tDbl)}
	checkStats(t, []types.Type{tStr, tDbl, tDbl}, rows, specs, [][]int{{1, 2}, {1, 2}, {1, 2}}, [][]any{
		{"a", 0.7745966692414834, 1.5, 1.2},
		{"b", 1.0, 5.0, 4.0}, // x = 0..4: M2 10, co-moment 20
		{"c", nil, 0.0, 0.0},
		{"e", nil, nil, 0.0},
	})
}

func TestAggMedianAndQuantile(t *testing.T) {
	// a: 5 values (median the middle one); b: 4 (mean of the middle two);
	// c: NULLs only; d: one value; e: a NaN sorts last.
	rows := groupedRows("a", 7.0, "b", 4.0, "a", 1.0, "c", nil, "b", 1.0, "a", 3.0, "b", 2.0, "a", 9.0, "a", nil,
		"b", 10.0, "a", 3.0, "d", -2.5, "e", nan, "e", 1.0, "e", 2.0)
	specs := []AggSpec{spec(AggMedian, tDbl),
		{Func: AggQuantileCont, ArgType: tDbl, Fraction: 0},
		{Func: AggQuantileCont, ArgType: tDbl, Fraction: 0.25},
		{Func: AggQuantileCont, ArgType: tDbl, Fraction: 1}}
	checkStats(t, []types.Type{tStr, tDbl}, rows, specs, [][]int{{1}, {1}, {1}, {1}}, [][]any{
		{"a", 3.0, 1.0, 3.0, 9.0},     // 1 3 3 7 9
		{"b", 3.0, 1.0, 1.75, 10.0},   // 1 2 4 10: rank 0.75 is 1 + 0.75*(2-1)
		{"c", nil, nil, nil, nil},     //
		{"d", -2.5, -2.5, -2.5, -2.5}, //
		{"e", 2.0, 1.0, 1.5, nan},     // 1 2 NaN
	})
}

func TestAggMedianBigintAndDecimal(t *testing.T) {
	rows := [][]any{{"a", 1, "1.10"}, {"a", 4, "1.15"}, {"b", 5, "-0.01"}, {"b", 6, "0.02"}, {"a", nil, nil}}
	specs := []AggSpec{spec(AggMedian, tInt), spec(AggMedian, tDec)}
	// 1.125 and 0.005 as written (1.1 + 1.15 = 2.25 in doubles is not).
	checkStats(t, []types.Type{tStr, tInt, tDec}, rows, specs, [][]int{{1}, {2}}, [][]any{
		{"a", 2.5, 1.125},
		{"b", 5.5, 0.005},
	})
}

func TestSelectKth(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.Intn(60)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.Intn(1 + trial%10)) // many duplicates
			if trial%7 == 0 {
				v[i] = float64(i) // sorted input
			}
			if trial%11 == 0 {
				v[i] = float64(n - i) // reversed
			}
		}
		sorted := append([]float64(nil), v...)
		sort.Float64s(sorted)
		for k := 0; k < n; k++ {
			w := append([]float64(nil), v...)
			selectKth(w, k)
			if w[k] != sorted[k] {
				t.Fatalf("trial %d: rank %d of %v: got %v, want %v", trial, k, v, w[k], sorted[k])
			}
			for i := range w {
				if (i < k && w[i] > w[k]) || (i > k && w[i] < w[k]) {
					t.Fatalf("trial %d: rank %d of %v: not partitioned: %v", trial, k, v, w)
				}
			}
		}
	}
}

func TestQuantileInterpolation(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		frac float64
		want float64
	}{
		{[]float64{3, 1, 2}, 0.5, 2},
		{[]float64{4, 1, 3, 2}, 0.5, 2.5},
		{[]float64{0, 10}, 0.1, 1},
		{[]float64{0, 10, 20}, 0.75, 15},
		{[]float64{5}, 0.3, 5},
		{[]float64{nan, nan}, 0.5, nan},
		{[]float64{1, nan}, 0.5, nan}, // between 1 and NaN
		{[]float64{1, nan}, 0, 1},
	} {
		got := quantile(append([]float64(nil), c.v...), c.frac)
		if !same(got, c.want) {
			t.Errorf("quantile(%v, %v) = %v, want %v", c.v, c.frac, got, c.want)
		}
	}
}

func TestAggApproxCountDistinctSmallIsExact(t *testing.T) {
	// Small sets are held sparse (hashes of 25 bits): exact here, for
	// every type, with -0 = 0 and every NaN one value.
	rows := [][]any{
		{"a", 1, 0.0, "x", "2024-01-01", "1.50", true},
		{"a", 2, negZero, "y", "2024-01-02", "1.50", false},
		{"a", 1, nan, "x", "2024-01-01", "2.00", true},
		{"a", nil, math.Float64frombits(0x7ff8000000000001), nil, nil, nil, nil},
		{"b", nil, nil, nil, nil, nil, nil},
		{"a", 3, 1.5, "", "2024-01-03", "-1.50", nil},
	}
	ts := []types.Type{tStr, tInt, tDbl, tStr, tDate, tDec, tBool}
	var specs []AggSpec
	var args [][]int
	for i := 1; i < len(ts); i++ {
		specs = append(specs, spec(AggApproxCountDistinct, ts[i]))
		args = append(args, []int{i})
	}
	checkStats(t, ts, rows, specs, args, [][]any{
		{"a", 3, 3, 3, 3, 3, 2},
		{"b", 0, 0, 0, 0, 0, 0}, // nothing to count: 0, not NULL
	})
}

func TestAggApproxCountDistinctErrorBound(t *testing.T) {
	// 200,000 distinct values, each twice, in a fixed shuffled order: the
	// estimate is within 2% (2.5 standard errors) and the same however the
	// rows are split into partitions.
	const n = 200_000
	r := rand.New(rand.NewSource(7))
	perm := r.Perm(2 * n)
	ints := make([]int64, 2*n)
	strs := make([]string, 2*n)
	for i, p := range perm {
		ints[i] = int64(p%n) * 7919
		strs[i] = fmt.Sprintf("value-%d", p%n)
	}
	estimate := func(parts int) (int64, int64) {
		acc := []accumulator{&hllAcc{t: tInt}, &hllAcc{t: tStr}}
		final := []accumulator{&hllAcc{t: tInt}, &hllAcc{t: tStr}}
		for _, a := range final {
			a.resize(1)
		}
		size := (2*n + parts - 1) / parts
		for lo := 0; lo < 2*n; lo += size {
			hi := min(lo+size, 2*n)
			ids := make([]int32, hi-lo)
			for j, a := range acc {
				p := &hllAcc{t: a.(*hllAcc).t}
				p.resize(1)
				var arr arrow.Array
				if j == 0 {
					arr = NewInt64Array(ints[lo:hi], nil, 0)
				} else {
					arr = mkStrings(strs[lo:hi])
				}
				if err := p.update(ids, arr); err != nil {
					t.Fatal(err)
				}
				arr.Release()
				st := p.state(0, 1)
				if err := final[j].merge([]int32{0}, st); err != nil {
					t.Fatal(err)
				}
				releaseAll(st...)
			}
		}
		ri, _ := final[0].result(0, 1)
		rs, _ := final[1].result(0, 1)
		defer releaseAll(ri, rs)
		return int64s(ri)[0], int64s(rs)[0]
	}
	wi, ws := estimate(1)
	for _, e := range []int64{wi, ws} {
		if math.Abs(float64(e)-n)/n > 0.02 {
			t.Errorf("estimate %d of %d distinct values is off by more than 2%%", e, n)
		}
	}
	for _, parts := range []int{2, 3, 17} {
		if gi, gs := estimate(parts); gi != wi || gs != ws {
			t.Errorf("%d partitions: estimates %d, %d; one partition: %d, %d", parts, gi, gs, wi, ws)
		}
	}
}

// mkStrings builds a VARCHAR array.
func mkStrings(s []string) arrow.Array {
	b := NewStringBuilder(len(s), 16)
	for _, x := range s {
		b.AppendString(x)
	}
	return b.Finish()
}

func TestAggStatsSpecs(t *testing.T) {
	for _, c := range []struct {
		f      AggFunc
		name   string
		result types.Type
		states int
	}{
		{AggStddevSamp, "stddev_samp", tDbl, 6}, {AggStddevPop, "stddev_pop", tDbl, 6},
		{AggVarSamp, "var_samp", tDbl, 6}, {AggVarPop, "var_pop", tDbl, 6},
		{AggCorr, "corr", tDbl, 13}, {AggCovarSamp, "covar_samp", tDbl, 9}, {AggCovarPop, "covar_pop", tDbl, 9},
		{AggMedian, "median", tDbl, 2}, {AggQuantileCont, "quantile_cont", tDbl, 2},
		{AggApproxCountDistinct, "approx_count_distinct", tInt, 1},
	} {
		s := spec(c.f, tDbl)
		if c.f.String() != c.name || s.ResultType() != c.result {
			t.Errorf("%s: name %q, result %s", c.name, c.f.String(), s.ResultType())
		}
		sts, err := StateTypes(s)
		if err != nil || len(sts) != c.states {
			t.Errorf("%s: state types %v, %v", c.name, sts, err)
			continue
		}
		acc, _ := newAccumulator(s)
		acc.resize(1)
		state := acc.state(0, 1)
		for i, a := range state {
			if !arrow.TypeEqual(a.DataType(), sts[i].Arrow()) {
				t.Errorf("%s: state column %d is %s, but StateTypes says %s", c.name, i, a.DataType(), sts[i])
			}
		}
		releaseAll(state...)
	}
	if _, err := newAccumulator(AggSpec{Func: AggQuantileCont, ArgType: tDbl, Fraction: 1.5}); err == nil {
		t.Error("QUANTILE_CONT(x, 1.5) was accepted")
	}
	if _, err := newAccumulator(spec(AggMedian, tStr)); err == nil {
		t.Error("MEDIAN of VARCHAR was accepted")
	}
	if !AggCorr.TakesPairs() || AggMedian.TakesPairs() {
		t.Error("TakesPairs")
	}
}

func TestQuantileAccValuesAfterState(t *testing.T) {
	// Values may come after a state was taken (and the values grouped),
	// and groups may be added then.
	a := &quantileAcc{frac: 0.5}
	a.resize(2)
	x := mkArr(t, tDbl, 5.0, 1.0, 3.0)
	defer x.Release()
	if err := a.update([]int32{0, 1, 0}, x); err != nil {
		t.Fatal(err)
	}
	releaseAll(a.state(0, 2)...)
	a.resize(3)
	if err := a.update([]int32{2, 1, 0}, x); err != nil {
		t.Fatal(err)
	}
	r, err := a.result(0, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	// Group 0: 5 3 3; group 1: 1 1; group 2: 5.
	wantVals(t, "medians", vals(t, r), 3.0, 1.0, 5.0)
}

// benchmarkStatsUpdate feeds 1M DOUBLEs in batches of 4096 to an
// accumulator over 10,000 groups (db-benchmark q6's shape), then takes
// its partial state.
func benchmarkStatsUpdate(b *testing.B, s AggSpec) {
	r := rand.New(rand.NewSource(1))
	const rows, batch, groups = 1 << 20, 4096, 10_000
	ids := make([]int32, rows)
	x := make([]float64, rows)
	for i := range ids {
		ids[i], x[i] = int32(r.Intn(groups)), float64(r.Int63n(100_000_000))/1e6
	}
	arr := NewFloat64Array(x, nil, 0)
	defer arr.Release()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		acc, _ := newAccumulator(s)
		acc.resize(groups)
		for lo := 0; lo < rows; lo += batch {
			sl := array.NewSlice(arr, int64(lo), int64(lo+batch))
			if err := acc.update(ids[lo:lo+batch], sl); err != nil {
				b.Fatal(err)
			}
			sl.Release()
		}
		releaseAll(acc.state(0, groups)...)
	}
	b.SetBytes(rows * 8)
}

func BenchmarkMedianUpdate(b *testing.B) { benchmarkStatsUpdate(b, spec(AggMedian, tDbl)) }
func BenchmarkStddevUpdate(b *testing.B) { benchmarkStatsUpdate(b, spec(AggStddevSamp, tDbl)) }
func BenchmarkSumUpdate(b *testing.B)    { benchmarkStatsUpdate(b, spec(AggSum, tDbl)) }

// CORR and the covariances sum the deviations of small integers in
// integers (comomentState.addInts). Groups of small integers only, of
// small integers then fractions, of a fraction then small integers, and
// of integers past 2^20 must all come out as the exact statistics
// rounded once, in one phase and in two.
func TestAggCorrSmallIntegers(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var rows [][]any
	ys, xs := map[string][]float64{}, map[string][]float64{}
	keys := []string{"ints", "intsThenFractions", "fractionThenInts", "large"}
	for i := 0; i < 600; i++ {
		k := keys[i%len(keys)]
		y, x := float64(r.Intn(2000)-1000), float64(r.Intn(100))
		switch {
		case k == "intsThenFractions" && i >= 300, k == "fractionThenInts" && i < 4:
			y += 0.25
			x -= 0.5
		case k == "large":
			y += 1 << 21
			x -= 1 << 22
		}
		ys[k], xs[k] = append(ys[k], y), append(xs[k], x)
		rows = append(rows, []any{k, y, x})
	}
	var want [][]any
	for _, k := range keys {
		v, c, cr := exactMoments(ys[k], xs[k])
		want = append(want, []any{k, v, c, cr})
	}
	specs := []AggSpec{spec(AggVarSamp, tDbl), spec(AggCovarSamp, tDbl), spec(AggCorr, tDbl)}
	args := [][]int{{1}, {1, 2}, {1, 2}}
	ts := []types.Type{tStr, tDbl, tDbl}
	// Batches of 8 rows: two of each group, so that batches of small
	// integers alone take the integer path.
	got, err := runAgg(t, AggComplete, ts, rows, 8, []int{0}, specs, args)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "complete", got, want)
	partialSchema := aggSchema(t, []types.Type{tStr}, specs, AggPartial)
	got, err = twoPhase(t, ts, [][][]any{rows[:101], rows[101:350], rows[350:]}, 8, []int{0}, specs, args, partialSchema)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "two phases", got, want)
}

// A group of millions of small integers folds its integer sums into the
// double-double ones before they could overflow: deviations of nearly
// 2^21 square to nearly 2^42, and 2^22 of those pass 2^63.
func TestAggCovarFoldsIntegerSums(t *testing.T) {
	const batch, batches = 8192, 520 // 4259840 rows
	const m = 1<<20 - 1
	a := &comomentAcc{fn: AggCovarPop}
	a.resize(1)
	ids := make([]int32, batch)
	v := make([]float64, batch)
	sx, sxx := new(big.Int), new(big.Int)
	n := int64(batch * batches)
	for b := 0; b < batches; b++ {
		for i := range v {
			x := int64(-m) // the first value, the shift, is -m
			if (b*batch+i)%3 != 0 {
				x = m
			}
			v[i] = float64(x)
			sx.Add(sx, big.NewInt(x))
			sxx.Add(sxx, big.NewInt(x*x))
		}
		arr := NewFloat64Array(v, nil, 0)
		if err := a.updatePairs(ids, arr, arr); err != nil {
			t.Fatal(err)
		}
	}
	// COVAR_POP(x, x) = (n Σx² - (Σx)²) / n², exactly then rounded.
	num := new(big.Int).Sub(new(big.Int).Mul(big.NewInt(n), sxx), new(big.Int).Mul(sx, sx))
	want, _ := new(big.Rat).SetFrac(num, new(big.Int).Mul(big.NewInt(n), big.NewInt(n))).Float64()
	res, err := a.result(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := float64s(res)[0]; got != want {
		t.Fatalf("COVAR_POP = %v, want %v", got, want)
	}
}

// STRING_AGG joins a group's non-NULL values in arrival order, whatever
// the partitions (merged in order), and is NULL for a group without one.
func TestAggStringAgg(t *testing.T) {
	rows := groupedRows("a", "x", "b", nil, "a", "y", "c", "", "a", nil, "b", nil, "a", "z", "c", "w")
	specs := []AggSpec{{Func: AggStringAgg, ArgType: tStr, Sep: ", "}, {Func: AggStringAgg, ArgType: tStr}}
	checkStats(t, []types.Type{tStr, tStr}, rows, specs, [][]int{{1}, {1}}, [][]any{
		{"a", "x, y, z", "xyz"},
		{"b", nil, nil},
		{"c", ", w", "w"},
	})
}
