package vector

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"sort"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/axiomhq/hyperloglog"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The statistical aggregates. Their numbers start at aggStatsBase, apart
// from the basic ones, so that either list may grow.
//
// STDDEV and VARIANCE are the sample statistics, as in PostgreSQL and
// DuckDB (MySQL's STD, STDDEV and VARIANCE are the population ones); the
// binder maps the names. MEDIAN is QUANTILE_CONT(x, 0.5): the mean of the
// two middle values of an even count.
const (
	// AggStddevSamp is STDDEV_SAMP (STDDEV, STD): the sample standard
	// deviation, NULL under two values.
	AggStddevSamp AggFunc = aggStatsBase + iota
	// AggStddevPop is STDDEV_POP: the population standard deviation.
	AggStddevPop
	// AggVarSamp is VAR_SAMP (VARIANCE): the sample variance, NULL under
	// two values.
	AggVarSamp
	// AggVarPop is VAR_POP: the population variance.
	AggVarPop
	// AggCorr is CORR(y, x): Pearson's correlation coefficient, NULL when
	// either argument has no variance.
	AggCorr
	// AggCovarSamp is COVAR_SAMP(y, x): the sample covariance.
	AggCovarSamp
	// AggCovarPop is COVAR_POP(y, x): the population covariance.
	AggCovarPop
	// AggMedian is MEDIAN(x): QUANTILE_CONT(x, 0.5).
	AggMedian
	// AggQuantileCont is QUANTILE_CONT(x, Fraction): the value at
	// position Fraction*(n-1) of the sorted values, interpolated linearly
	// between its neighbours.
	AggQuantileCont
	// AggApproxCountDistinct is APPROX_COUNT_DISTINCT(x): an estimate of
	// COUNT(DISTINCT x) by a HyperLogLog sketch of each group.
	AggApproxCountDistinct
	// AggStringAgg is STRING_AGG(x, Sep): the group's non-NULL values
	// joined by Sep, in input order; NULL for a group without one.
	AggStringAgg
)

// aggStatsBase is the number of the first statistical aggregate.
const aggStatsBase AggFunc = 32

var statsAggNames = [...]string{"stddev_samp", "stddev_pop", "var_samp", "var_pop", "corr", "covar_samp",
	"covar_pop", "median", "quantile_cont", "approx_count_distinct", "string_agg"}

// TakesPairs reports whether an aggregate takes two arguments (y, x).
func (f AggFunc) TakesPairs() bool { return f == AggCorr || f == AggCovarSamp || f == AggCovarPop }

// statsResultType is the result type of a statistical aggregate: DOUBLE,
// also for MEDIAN and QUANTILE_CONT of BIGINTs and DECIMALs (whose
// interpolated values need not be of the input's type), but BIGINT for
// APPROX_COUNT_DISTINCT.
func statsResultType(f AggFunc) types.Type {
	switch f {
	case AggApproxCountDistinct:
		return types.BigintType
	case AggStringAgg:
		return types.VarcharType
	}
	return types.DoubleType
}

func newStatsAccumulator(s AggSpec) (accumulator, error) {
	switch s.Func {
	case AggStddevSamp, AggStddevPop, AggVarSamp, AggVarPop:
		return &momentAcc{fn: s.Func}, nil
	case AggCorr, AggCovarSamp, AggCovarPop:
		return &comomentAcc{fn: s.Func}, nil
	case AggMedian, AggQuantileCont:
		frac := s.Fraction
		if s.Func == AggMedian {
			frac = 0.5
		}
		if !(frac >= 0 && frac <= 1) {
			return nil, fmt.Errorf("QUANTILE_CONT: the fraction %v is not between 0 and 1", frac)
		}
		a := &quantileAcc{frac: frac}
		switch s.ArgType.ID {
		case types.Bigint, types.Double, types.Unknown:
		case types.Decimal:
			a.scale = int(s.ArgType.Scale)
		default:
			return nil, fmt.Errorf("%s of %s is not supported", s.Func, s.ArgType)
		}
		return a, nil
	case AggApproxCountDistinct:
		return &hllAcc{t: s.ArgType}, nil
	case AggStringAgg:
		return &stringAggAcc{sep: s.Sep}, nil
	}
	return nil, fmt.Errorf("aggregate %s is not supported", s.Func)
}

// pairAccumulator is an accumulator of two arguments, CORR(y, x) and the
// covariances.
type pairAccumulator interface {
	// updatePairs folds the raw pairs (y[i], x[i]) in which neither is
	// NULL.
	updatePairs(ids []int32, y, x arrow.Array) error
}

// updatePairs folds raw pairs into an accumulator of two arguments.
func updatePairs(a accumulator, ids []int32, y, x arrow.Array) error {
	p, ok := a.(pairAccumulator)
	if !ok {
		return fmt.Errorf("internal error: aggregate %T takes one argument, not two", a)
	}
	return p.updatePairs(ids, y, x)
}

// doubles returns the values of a DOUBLE argument, or nil for the NULL
// type (all NULL).
func doubles(arg arrow.Array) ([]float64, error) {
	switch arg.DataType().ID() {
	case arrow.FLOAT64:
		return float64s(arg), nil
	case arrow.NULL:
		return nil, nil
	}
	return nil, fmt.Errorf("internal error: a statistical aggregate of %s (the binder casts to DOUBLE)", arg.DataType())
}

// The moments (variances, covariances, CORR) are computed from sums of
// the deviations from a shift K, the group's first value, and of their
// squares and products: Σd, Σd², Σd·e (d = x - K, e = y - K_y), so that
// M2 = Σd² - (Σd)²/n. The sums are kept in double-double arithmetic
// (about 106 bits): each deviation is exact, each square or product is
// exact (by FMA), and each addition loses about 2^-106 of the sum. So M2
// is found to far more digits than a double holds and rounded once at
// the end: the variance of 2, 4, 4, 4, 5, 5, 7, 9 is 4, not
// 3.9999999999999996, and it is the same double however the rows were
// split over partitions (merging re-shifts one state's sums to the
// other's K, in double-double too, and partitions merge in partition
// order, so the final K is the group's first value in the file). Welford's
// update and Chan's merge, the usual choice, round at every step: their
// results shift in the last digits with the partition boundaries. The
// shift keeps the sums small where the values are large and close
// together (1e9 + {4, 7, 13, 16} has sample variance 30 exactly here), so
// no digits are lost to the subtraction.

// dd is a double-double: the unevaluated sum hi + lo of two doubles, with
// |lo| at most half an ulp of hi.
type dd struct{ hi, lo float64 }

// twoSum returns a + b exactly, as a double-double (Knuth).
func twoSum(a, b float64) dd {
	s := a + b
	v := s - a
	return dd{s, (a - (s - v)) + (b - v)}
}

// quickTwoSum is twoSum for |a| >= |b| (Dekker).
func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

// acc adds hi + lo to the running sum x, a double-double that it does not
// normalize: the rounding error of the addition of the high parts, and
// lo, go to x.lo (Kahan-Babuska-Neumaier summation), which stays below n
// ulps of x.hi after n additions, so x.hi + x.lo keeps about 2^-106 of
// the sum per addition. Normalize with norm before other arithmetic.
func (x *dd) acc(hi, lo float64) {
	t := x.hi + hi
	v := t - x.hi
	x.lo += ((x.hi - (t - v)) + (hi - v)) + lo
	x.hi = t
}

// norm returns x with |lo| at most half an ulp of hi.
func (x dd) norm() dd { return twoSum(x.hi, x.lo) }

// prod returns a*b as an unnormalized pair: the product of the high parts
// is exact by FMA; lo*lo is dropped.
func prod(a, b dd) (hi, lo float64) {
	hi = a.hi * b.hi
	return hi, math.FMA(a.hi, b.hi, -hi) + (a.hi*b.lo + a.lo*b.hi)
}

// addExact returns x + y, with an error of about 2^-106 of the result
// even when they cancel (QD's IEEE add): for the final differences.
func (x dd) addExact(y dd) dd {
	s := twoSum(x.hi, y.hi)
	t := twoSum(x.lo, y.lo)
	s = quickTwoSum(s.hi, s.lo+t.hi)
	return quickTwoSum(s.hi, s.lo+t.lo)
}

func (x dd) neg() dd { return dd{-x.hi, -x.lo} }

// mul returns x * y (the product of the high parts is exact by FMA).
func (x dd) mul(y dd) dd {
	p := x.hi * y.hi
	e := math.FMA(x.hi, y.hi, -p) + (x.hi*y.lo + x.lo*y.hi)
	return quickTwoSum(p, e)
}

// mulF returns x * f.
func (x dd) mulF(f float64) dd {
	p := x.hi * f
	return quickTwoSum(p, math.FMA(x.hi, f, -p)+x.lo*f)
}

// divF returns x / f.
func (x dd) divF(f float64) dd {
	q := x.hi / f
	r := math.FMA(-q, f, x.hi) + x.lo // the remainder x - q*f
	return quickTwoSum(q, r/f)
}

// div returns x / y.
func (x dd) div(y dd) dd {
	q := x.hi / y.hi
	r := x.addExact(y.mulF(q).neg())
	return quickTwoSum(q, r.hi/y.hi)
}

// sqrt returns the square root of x (0 for x <= 0), by one Newton step
// from the root of x.hi.
func (x dd) sqrt() dd {
	if x.hi <= 0 {
		return dd{}
	}
	s := math.Sqrt(x.hi)
	r := x.addExact(dd{s, 0}.mul(dd{s, 0}).neg()) // x - s²
	return quickTwoSum(s, r.hi/(2*s))
}

// shifted returns the sum Σd over n values re-shifted by delta: Σ(d+delta)
// = Σd + n*delta.
func shifted(sum dd, n float64, delta dd) dd { return sum.addExact(delta.mulF(n)) }

// m2Of returns Σd² - (Σd)²/n: the sum of squared deviations from the mean.
func m2Of(n float64, s1, s2 dd) dd { return s2.addExact(s1.mul(s1).divF(n).neg()) }

// momentState is the count, shift and sums of deviations and squared
// deviations of a group's values.
type momentState struct {
	n      int64
	k      float64
	s1, s2 dd
}

func (s *momentState) add(x float64) {
	if s.n == 0 {
		s.k = x
	}
	s.n++
	d := twoSum(x, -s.k)
	s.s1.acc(d.hi, d.lo)
	s.s2.acc(prod(d, d))
}

// norm normalizes the running sums.
func (s *momentState) norm() { s.s1, s.s2 = s.s1.norm(), s.s2.norm() }

func (s *momentState) combine(o momentState) {
	s.norm()
	o.norm()
	switch {
	case o.n == 0:
		return
	case s.n == 0:
		*s = o
		return
	}
	// o's deviations from o.k are delta less than from s.k.
	delta, n := twoSum(o.k, -s.k), float64(o.n)
	s2 := o.s2.addExact(delta.mul(o.s1).mulF(2)).addExact(delta.mul(delta).mulF(n))
	s.s1 = s.s1.addExact(shifted(o.s1, n, delta))
	s.s2 = s.s2.addExact(s2)
	s.n += o.n
}

// variance returns the population (pop) or sample variance of the state,
// and false when it has none.
func (s *momentState) variance(pop bool) (float64, bool) {
	s.norm()
	div := float64(s.n)
	if !pop {
		div--
	}
	if s.n == 0 || div == 0 {
		return 0, false
	}
	m2 := m2Of(float64(s.n), s.s1, s.s2)
	return max(0, m2.divF(div).hi), true
}

// momentAcc computes the variances and standard deviations of DOUBLEs.
type momentAcc struct {
	fn AggFunc
	st []momentState
}

func (a *momentAcc) stateNames() []string {
	return []string{"count", "shift", "sum_hi", "sum_lo", "sumsq_hi", "sumsq_lo"}
}
func (a *momentAcc) stateTypes() []types.Type {
	return []types.Type{types.BigintType, types.DoubleType, types.DoubleType, types.DoubleType, types.DoubleType, types.DoubleType}
}
func (a *momentAcc) resize(n int) { a.st = growTo(a.st, n) }
func (a *momentAcc) update(ids []int32, arg arrow.Array) error {
	x, err := doubles(arg)
	if x == nil {
		return err
	}
	st := a.st
	if arg.NullN() == 0 {
		for i, g := range ids {
			st[g].add(x[i])
		}
		return nil
	}
	v := validBits(arg)
	for i, g := range ids {
		if bitutil.BitIsSet(v, i) {
			st[g].add(x[i])
		}
	}
	return nil
}
func (a *momentAcc) merge(ids []int32, states []arrow.Array) error {
	n, f := int64s(states[0]), make([][]float64, 5)
	for j := range f {
		f[j] = float64s(states[1+j])
	}
	for i, g := range ids {
		a.st[g].combine(momentState{n: n[i], k: f[0][i], s1: dd{f[1][i], f[2][i]}, s2: dd{f[3][i], f[4][i]}})
	}
	return nil
}
func (a *momentAcc) state(from, to int) []arrow.Array {
	n := make([]int64, to-from)
	f := make([][]float64, 5)
	for j := range f {
		f[j] = make([]float64, to-from)
	}
	for i := range a.st[from:to] {
		a.st[from+i].norm()
	}
	for i, s := range a.st[from:to] {
		n[i], f[0][i], f[1][i], f[2][i], f[3][i], f[4][i] = s.n, s.k, s.s1.hi, s.s1.lo, s.s2.hi, s.s2.lo
	}
	out := []arrow.Array{NewInt64Array(n, nil, 0)}
	for _, c := range f {
		out = append(out, NewFloat64Array(c, nil, 0))
	}
	return out
}
func (a *momentAcc) result(from, to int) (arrow.Array, error) {
	out := make([]float64, to-from)
	var valid Validity
	pop := a.fn == AggStddevPop || a.fn == AggVarPop
	sd := a.fn == AggStddevPop || a.fn == AggStddevSamp
	for i := range out {
		v, ok := a.st[from+i].variance(pop)
		if sd {
			v = math.Sqrt(v)
		}
		out[i] = v
		valid.Append(ok)
	}
	vb, nulls := valid.Finish()
	return NewFloat64Array(out, vb, nulls), nil
}

// comomentState is the count, shifts and sums of deviations, of their
// products and, for CORR, of their squares, of a group's pairs (y, x).
type comomentState struct {
	n           int64
	ky, kx      float64
	sy, sx, sxy dd
	syy, sxx    dd
	// The deviations of pairs of small integers (smallInt) from small
	// integer shifts are summed exactly in integers, ic rows of them,
	// and folded into the sums above by norm.
	iy, ix, ixy, iyy, ixx int64
	ic                    int32
	intShift              bool // ky and kx are small integers
	squares               bool // keep syy and sxx (CORR)
}

// maxSmallInt bounds the values whose deviations comomentState sums in
// integers: deviations stay below 2^21 and their products below 2^42, so
// foldAfter of them sum below 2^62.
const (
	maxSmallInt = 1 << 20
	foldAfter   = 1 << 20
)

// smallInt reports whether v is an integer of magnitude below maxSmallInt.
func smallInt(v float64) bool {
	return v > -maxSmallInt && v < maxSmallInt && v == float64(int32(v))
}

// smallInts reports whether every value of v is smallInt.
func smallInts(v []float64) bool {
	for _, f := range v {
		if !smallInt(f) {
			return false
		}
	}
	return true
}

// addInts adds the pairs (y[i], x[i]) to the groups ids[i]: values that
// are all smallInt, so that the groups with integer shifts take them in
// integer arithmetic.
func addInts(st []comomentState, ids []int32, y, x []float64) {
	for i, g := range ids {
		s := &st[g]
		if s.n == 0 {
			s.ky, s.kx, s.intShift = y[i], x[i], true
		}
		if !s.intShift {
			s.add(y[i], x[i])
			continue
		}
		dy, dx := int64(y[i])-int64(s.ky), int64(x[i])-int64(s.kx)
		s.n++
		s.iy += dy
		s.ix += dx
		s.ixy += dy * dx
		s.iyy += dy * dy
		s.ixx += dx * dx
		if s.ic++; s.ic == foldAfter {
			s.fold()
		}
	}
}

// fold moves the integer sums into the double-double ones, exactly.
func (s *comomentState) fold() {
	if s.ic == 0 {
		return
	}
	s.sy.acc(exactDD(s.iy))
	s.sx.acc(exactDD(s.ix))
	s.sxy.acc(exactDD(s.ixy))
	if s.squares {
		s.syy.acc(exactDD(s.iyy))
		s.sxx.acc(exactDD(s.ixx))
	}
	s.iy, s.ix, s.ixy, s.iyy, s.ixx, s.ic = 0, 0, 0, 0, 0, 0
}

// exactDD is v (|v| < 2^62) as an unnormalized double-double pair.
func exactDD(v int64) (hi, lo float64) {
	hi = float64(v)
	return hi, float64(v - int64(hi))
}

func (s *comomentState) add(y, x float64) {
	if s.n == 0 {
		s.ky, s.kx = y, x
		s.intShift = smallInt(y) && smallInt(x)
	}
	s.n++
	dy, dx := twoSum(y, -s.ky), twoSum(x, -s.kx)
	s.sy.acc(dy.hi, dy.lo)
	s.sx.acc(dx.hi, dx.lo)
	s.sxy.acc(prod(dx, dy))
	if s.squares {
		s.syy.acc(prod(dy, dy))
		s.sxx.acc(prod(dx, dx))
	}
}

// norm normalizes the running sums.
func (s *comomentState) norm() {
	s.fold()
	s.sy, s.sx, s.sxy, s.syy, s.sxx = s.sy.norm(), s.sx.norm(), s.sxy.norm(), s.syy.norm(), s.sxx.norm()
}

func (s *comomentState) combine(o comomentState) {
	s.norm()
	o.norm()
	switch {
	case o.n == 0:
		return
	case s.n == 0:
		*s = o
		return
	}
	dy, dx, n := twoSum(o.ky, -s.ky), twoSum(o.kx, -s.kx), float64(o.n)
	// Σ(a+dx)(b+dy) = Σab + dx Σb + dy Σa + n dx dy.
	sxy := o.sxy.addExact(dx.mul(o.sy)).addExact(dy.mul(o.sx)).addExact(dx.mul(dy).mulF(n))
	if s.squares {
		syy := o.syy.addExact(dy.mul(o.sy).mulF(2)).addExact(dy.mul(dy).mulF(n))
		sxx := o.sxx.addExact(dx.mul(o.sx).mulF(2)).addExact(dx.mul(dx).mulF(n))
		s.syy, s.sxx = s.syy.addExact(syy), s.sxx.addExact(sxx)
	}
	s.sy = s.sy.addExact(shifted(o.sy, n, dy))
	s.sx = s.sx.addExact(shifted(o.sx, n, dx))
	s.sxy = s.sxy.addExact(sxy)
	s.n += o.n
}

// comomentAcc computes CORR, COVAR_SAMP and COVAR_POP of pairs of DOUBLEs.
type comomentAcc struct {
	fn AggFunc
	st []comomentState
}

// comomentStateNames are the state columns of the covariances; CORR's
// add the last four.
var comomentStateNames = []string{"count", "shift_y", "shift_x", "sum_y_hi", "sum_y_lo", "sum_x_hi", "sum_x_lo",
	"sum_xy_hi", "sum_xy_lo", "sumsq_y_hi", "sumsq_y_lo", "sumsq_x_hi", "sumsq_x_lo"}

func (a *comomentAcc) stateNames() []string {
	if a.fn == AggCorr {
		return comomentStateNames
	}
	return comomentStateNames[:9]
}
func (a *comomentAcc) stateTypes() []types.Type {
	ts := []types.Type{types.BigintType}
	for range a.stateNames()[1:] {
		ts = append(ts, types.DoubleType)
	}
	return ts
}
func (a *comomentAcc) resize(n int) {
	old := len(a.st)
	a.st = growTo(a.st, n)
	for i := old; i < len(a.st); i++ {
		a.st[i].squares = a.fn == AggCorr
	}
}
func (a *comomentAcc) update(ids []int32, arg arrow.Array) error {
	return fmt.Errorf("internal error: %s takes two arguments", a.fn)
}
func (a *comomentAcc) updatePairs(ids []int32, ya, xa arrow.Array) error {
	y, err := doubles(ya)
	if y == nil {
		return err
	}
	x, err := doubles(xa)
	if x == nil {
		return err
	}
	st := a.st
	if ya.NullN() == 0 && xa.NullN() == 0 {
		if smallInts(y[:len(ids)]) && smallInts(x[:len(ids)]) {
			addInts(st, ids, y, x)
			return nil
		}
		for i, g := range ids {
			st[g].add(y[i], x[i])
		}
		return nil
	}
	vy, vx := validBits(ya), validBits(xa)
	for i, g := range ids {
		if (vy == nil || bitutil.BitIsSet(vy, i)) && (vx == nil || bitutil.BitIsSet(vx, i)) {
			st[g].add(y[i], x[i])
		}
	}
	return nil
}
func (a *comomentAcc) merge(ids []int32, states []arrow.Array) error {
	n := int64s(states[0])
	f := make([][]float64, len(states)-1)
	for j := range f {
		f[j] = float64s(states[1+j])
	}
	corr := a.fn == AggCorr
	for i, g := range ids {
		o := comomentState{n: n[i], ky: f[0][i], kx: f[1][i], sy: dd{f[2][i], f[3][i]}, sx: dd{f[4][i], f[5][i]},
			sxy: dd{f[6][i], f[7][i]}, squares: corr}
		if corr {
			o.syy, o.sxx = dd{f[8][i], f[9][i]}, dd{f[10][i], f[11][i]}
		}
		a.st[g].combine(o)
	}
	return nil
}
func (a *comomentAcc) state(from, to int) []arrow.Array {
	n := make([]int64, to-from)
	f := make([][]float64, len(a.stateNames())-1)
	for j := range f {
		f[j] = make([]float64, to-from)
	}
	for i := range a.st[from:to] {
		a.st[from+i].norm()
	}
	for i, s := range a.st[from:to] {
		n[i] = s.n
		for j, v := range []float64{s.ky, s.kx, s.sy.hi, s.sy.lo, s.sx.hi, s.sx.lo, s.sxy.hi, s.sxy.lo,
			s.syy.hi, s.syy.lo, s.sxx.hi, s.sxx.lo}[:len(f)] {
			f[j][i] = v
		}
	}
	out := []arrow.Array{NewInt64Array(n, nil, 0)}
	for _, c := range f {
		out = append(out, NewFloat64Array(c, nil, 0))
	}
	return out
}
func (a *comomentAcc) result(from, to int) (arrow.Array, error) {
	out := make([]float64, to-from)
	var valid Validity
	for i := range out {
		s := &a.st[from+i]
		s.norm()
		ok := s.n > 0
		if ok {
			n := float64(s.n)
			c := s.sxy.addExact(s.sx.mul(s.sy).divF(n).neg()) // the co-moment
			switch a.fn {
			case AggCovarPop:
				out[i] = c.divF(n).hi
			case AggCovarSamp:
				ok = s.n > 1
				out[i] = c.divF(n - 1).hi
			case AggCorr:
				// NULL when either argument is constant, as in
				// PostgreSQL; clamped to [-1, 1] against rounding.
				m2y, m2x := m2Of(n, s.sy, s.syy), m2Of(n, s.sx, s.sxx)
				ok = m2y.hi > 0 && m2x.hi > 0
				r := c.div(m2y.mul(m2x).sqrt()).hi
				if math.IsInf(m2y.hi*m2x.hi, 0) {
					r = c.hi / (math.Sqrt(m2y.hi) * math.Sqrt(m2x.hi))
				}
				out[i] = max(-1, min(1, r))
				if r != r {
					out[i] = r // NaN
				}
			}
		}
		if !ok {
			out[i] = 0
		}
		valid.Append(ok)
	}
	vb, nulls := valid.Finish()
	return NewFloat64Array(out, vb, nulls), nil
}

// quantileAcc computes MEDIAN and QUANTILE_CONT exactly. It keeps every
// non-NULL value of every group, so it needs memory in proportion to its
// input (8 bytes a value, plus slack) where the other aggregates need a few
// words a group. Raw values are appended as they come, with their group
// numbers, to two flat slices (sequential writes, no allocation per
// group); a counting sort lays them out group by group once, when the
// state or the result is asked for. The partial state is each group's
// values as bytes; the final phase appends them to a slice per group. The
// result sorts nothing: a quickselect finds the one or two values needed.
//
// DECIMALs are kept as their unscaled integers (exact in a float64 up to
// 2^53) and divided by 10^scale only at the end, so that the median of
// 1.10 and 1.15 is the double nearest 1.125, as written.
type quantileAcc struct {
	frac  float64
	scale int       // DECIMAL input: values are in units of 10^-scale
	vals  []float64 // raw values not yet grouped, in arrival order
	gids  []int32   // the group of each of vals
	group [][]float64
}

func (a *quantileAcc) stateNames() []string { return []string{"values", "scale"} }
func (a *quantileAcc) stateTypes() []types.Type {
	return []types.Type{types.BinaryType, types.BigintType}
}
func (a *quantileAcc) resize(n int) { a.group = growTo(a.group, n) }

// grouped moves the raw values to their groups' slices (a counting sort).
func (a *quantileAcc) grouped() {
	if len(a.vals) == 0 {
		return
	}
	n := len(a.group)
	offs := make([]int, n+1)
	for _, g := range a.gids {
		offs[g+1]++
	}
	for g := 1; g <= n; g++ {
		offs[g] += offs[g-1]
	}
	pos := append([]int(nil), offs[:n]...)
	by := make([]float64, len(a.vals))
	for i, g := range a.gids {
		by[pos[g]] = a.vals[i]
		pos[g]++
	}
	for g := range a.group {
		v := by[offs[g]:offs[g+1]:offs[g+1]]
		if a.group[g] == nil {
			a.group[g] = v
		} else {
			a.group[g] = append(a.group[g], v...)
		}
	}
	a.vals, a.gids = nil, nil
}

func (a *quantileAcc) update(ids []int32, arg arrow.Array) error {
	valid := validBits(arg)
	switch arg.DataType().ID() {
	case arrow.NULL:
	case arrow.FLOAT64:
		x := float64s(arg)
		if valid == nil {
			a.vals = append(a.vals, x...)
			a.gids = append(a.gids, ids...)
			return nil
		}
		for i, g := range ids {
			if bitutil.BitIsSet(valid, i) {
				a.vals, a.gids = append(a.vals, x[i]), append(a.gids, g)
			}
		}
	case arrow.INT64:
		x := int64s(arg)
		for i, g := range ids {
			if valid == nil || bitutil.BitIsSet(valid, i) {
				a.vals, a.gids = append(a.vals, float64(x[i])), append(a.gids, g)
			}
		}
	case arrow.DECIMAL128:
		x := decs(arg)
		for i, g := range ids {
			if valid == nil || bitutil.BitIsSet(valid, i) {
				d := x[i]
				f := float64(int64(d.LowBits()))
				if h := d.HighBits(); h != int64(d.LowBits())>>63 {
					f = d.ToFloat64(0) // past 64 bits
				}
				a.vals, a.gids = append(a.vals, f), append(a.gids, g)
			}
		}
	default:
		return fmt.Errorf("internal error: %s of %s", AggQuantileCont, arg.DataType())
	}
	return nil
}

func (a *quantileAcc) merge(ids []int32, st []arrow.Array) error {
	b := st[0].(*array.LargeBinary)
	scale := int64s(st[1])
	for i, g := range ids {
		raw := b.Value(i)
		if len(raw) == 0 {
			continue
		}
		a.scale = int(scale[i])
		k := len(raw) / 8
		if uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%8 == 0 {
			a.group[g] = append(a.group[g], unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), k)...)
			continue
		}
		for j := 0; j < k; j++ {
			a.group[g] = append(a.group[g], math.Float64frombits(binary.LittleEndian.Uint64(raw[8*j:])))
		}
	}
	return nil
}

func (a *quantileAcc) state(from, to int) []arrow.Array {
	a.grouped()
	offs := make([]int64, to-from+1)
	total := 0
	for i, v := range a.group[from:to] {
		total += len(v)
		offs[i+1] = int64(8 * total)
	}
	data := make([]float64, 0, total)
	for _, v := range a.group[from:to] {
		data = append(data, v...)
	}
	scale := make([]int64, to-from)
	for i := range scale {
		scale[i] = int64(a.scale)
	}
	return []arrow.Array{newLargeBinary(offs, bytesOf(data)), NewInt64Array(scale, nil, 0)}
}

// newLargeBinary wraps offsets and data as an Arrow large_binary array
// without NULLs.
func newLargeBinary(offs []int64, data []byte) arrow.Array {
	d := array.NewData(arrow.BinaryTypes.LargeBinary, len(offs)-1,
		[]*memory.Buffer{nil, memory.NewBufferBytes(bytesOf(offs)), memory.NewBufferBytes(data)}, nil, 0, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

func (a *quantileAcc) result(from, to int) (arrow.Array, error) {
	a.grouped()
	out := make([]float64, to-from)
	var valid Validity
	div := math.Pow10(a.scale)
	for i := range out {
		v := a.group[from+i]
		valid.Append(len(v) > 0)
		if len(v) > 0 {
			out[i] = quantile(v, a.frac) / div
		}
	}
	vb, nulls := valid.Finish()
	return NewFloat64Array(out, vb, nulls), nil
}

// quantile returns the continuous quantile frac of v, which it reorders:
// with p = frac*(len(v)-1), the value of rank floor(p) plus the fraction
// of p of the way to the next one, as DuckDB's QUANTILE_CONT. NaNs sort
// after every number.
func quantile(v []float64, frac float64) float64 {
	// NaNs to the end.
	n := len(v)
	for i := 0; i < n; {
		if v[i] != v[i] {
			n--
			v[i], v[n] = v[n], v[i]
			continue
		}
		i++
	}
	pos := frac * float64(len(v)-1)
	lo := int(math.Floor(pos))
	if lo >= n {
		return math.NaN()
	}
	nums := v[:n]
	selectKth(nums, lo)
	x := nums[lo]
	d := pos - float64(lo)
	if d == 0 {
		return x
	}
	if lo+1 >= n {
		return math.NaN()
	}
	// After the selection everything past lo is >= x: the next rank is
	// their least.
	y := nums[lo+1]
	for _, z := range nums[lo+2:] {
		y = min(y, z)
	}
	return x + (y-x)*d
}

// selectKth reorders v so that v[k] is the value of rank k, everything
// before it no greater and everything after it no less (v holds no NaN).
// It is Hoare's quickselect with a median-of-three pivot, and sorts what
// is left should the partitions keep coming out lopsided.
func selectKth(v []float64, k int) {
	lo, hi := 0, len(v)-1
	budget := 2 * bits.Len(uint(len(v)))
	for hi > lo {
		if budget == 0 {
			sort.Float64s(v[lo : hi+1])
			return
		}
		budget--
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		// Now v[lo..j] <= p <= v[i..hi], and j < i.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // v[k] == p
		}
	}
}

// hllPrecision is the precision of the HyperLogLog sketches: 2^14
// registers, a standard error of 1.04/sqrt(2^14) = 0.8%. A sketch starts
// sparse (a list of the hashes, nearly exact for small counts) and takes
// its 16 KiB of registers only past about 16,000 distinct values.
const hllPrecision = 14

// hllAcc estimates the number of distinct non-NULL values of each group
// with a HyperLogLog sketch (github.com/axiomhq/hyperloglog: sparse
// representation, LogLog-Beta bias correction). Its state is each group's
// sketch in the library's binary encoding. The estimate does not depend
// on the order of the values or on how they were split over partitions.
type hllAcc struct {
	t  types.Type
	sk []*hyperloglog.Sketch
}

func (a *hllAcc) stateNames() []string     { return []string{"sketch"} }
func (a *hllAcc) stateTypes() []types.Type { return []types.Type{types.BinaryType} }
func (a *hllAcc) resize(n int)             { a.sk = growTo(a.sk, n) }

func (a *hllAcc) sketch(g int32) *hyperloglog.Sketch {
	s := a.sk[g]
	if s == nil {
		s, _ = hyperloglog.NewSketch(hllPrecision, true)
		a.sk[g] = s
	}
	return s
}

// insert adds the 8 bytes of u to group g's sketch.
func (a *hllAcc) insert(g int32, u uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], u)
	a.sketch(g).Insert(b[:])
}

func (a *hllAcc) update(ids []int32, arg arrow.Array) error {
	valid := validBits(arg)
	ok := func(i int) bool { return valid == nil || bitutil.BitIsSet(valid, i) }
	switch arg.DataType().ID() {
	case arrow.NULL:
	case arrow.INT64, arrow.TIMESTAMP:
		x := int64s(arg)
		for i, g := range ids {
			if ok(i) {
				a.insert(g, uint64(x[i]))
			}
		}
	case arrow.FLOAT64:
		x := float64s(arg)
		for i, g := range ids {
			if ok(i) {
				f := x[i]
				switch {
				case f == 0:
					f = 0 // -0 and 0 are one value
				case f != f:
					f = math.NaN() // and so are all NaNs
				}
				a.insert(g, math.Float64bits(f))
			}
		}
	case arrow.DATE32:
		x := int32s(arg)
		for i, g := range ids {
			if ok(i) {
				a.insert(g, uint64(x[i]))
			}
		}
	case arrow.DECIMAL128:
		x := decs(arg)
		for i, g := range ids {
			if ok(i) {
				var b [16]byte
				binary.LittleEndian.PutUint64(b[:], x[i].LowBits())
				binary.LittleEndian.PutUint64(b[8:], uint64(x[i].HighBits()))
				a.sketch(g).Insert(b[:])
			}
		}
	case arrow.STRING:
		offs, data := strs(arg)
		for i, g := range ids {
			if ok(i) {
				a.sketch(g).Insert(data[offs[i]:offs[i+1]])
			}
		}
	case arrow.BOOL:
		bs := boolBits(arg)
		for i, g := range ids {
			if ok(i) {
				a.insert(g, uint64(b2i(bitutil.BitIsSet(bs, i))))
			}
		}
	default:
		return fmt.Errorf("APPROX_COUNT_DISTINCT of %s is not supported", arg.DataType())
	}
	return nil
}

func (a *hllAcc) merge(ids []int32, st []arrow.Array) error {
	b := st[0].(*array.LargeBinary)
	for i, g := range ids {
		raw := b.Value(i)
		if len(raw) == 0 {
			continue
		}
		s := new(hyperloglog.Sketch)
		if err := s.UnmarshalBinary(raw); err != nil {
			return fmt.Errorf("APPROX_COUNT_DISTINCT: a partial state does not decode: %w", err)
		}
		if a.sk[g] == nil {
			a.sk[g] = s
			continue
		}
		if err := a.sk[g].Merge(s); err != nil {
			return fmt.Errorf("APPROX_COUNT_DISTINCT: %w", err)
		}
	}
	return nil
}

func (a *hllAcc) state(from, to int) []arrow.Array {
	offs := make([]int64, to-from+1)
	var data []byte
	for i, s := range a.sk[from:to] {
		if s != nil {
			var err error
			if data, err = s.AppendBinary(data); err != nil {
				panic(fmt.Sprintf("internal error: HyperLogLog sketch does not encode: %v", err))
			}
		}
		offs[i+1] = int64(len(data))
	}
	return []arrow.Array{newLargeBinary(offs, data)}
}

func (a *hllAcc) result(from, to int) (arrow.Array, error) {
	out := make([]int64, to-from)
	for i, s := range a.sk[from:to] {
		if s != nil {
			out[i] = int64(s.Estimate())
		}
	}
	return NewInt64Array(out, nil, 0), nil
}

// stringAggAcc joins each group's non-NULL strings with a separator, in
// the order they arrive (partitions merge in partition order, so it is the
// file's order). Its state is the joined text so far, NULL before the
// first value.
type stringAggAcc struct {
	sep  string
	text [][]byte
	has  []bool
}

func (a *stringAggAcc) stateNames() []string     { return []string{"text"} }
func (a *stringAggAcc) stateTypes() []types.Type { return []types.Type{types.VarcharType} }
func (a *stringAggAcc) resize(n int) {
	a.text = growTo(a.text, n)
	a.has = growTo(a.has, n)
}

func (a *stringAggAcc) add(g int32, s []byte) {
	if a.has[g] {
		a.text[g] = append(a.text[g], a.sep...)
	}
	a.text[g] = append(a.text[g], s...)
	a.has[g] = true
}

func (a *stringAggAcc) update(ids []int32, arg arrow.Array) error {
	switch arg.DataType().ID() {
	case arrow.NULL:
		return nil
	case arrow.STRING:
	default:
		return fmt.Errorf("internal error: STRING_AGG of %s (the binder casts to VARCHAR)", arg.DataType())
	}
	offs, data := strs(arg)
	for i, g := range ids {
		if arg.IsValid(i) {
			a.add(g, data[offs[i]:offs[i+1]])
		}
	}
	return nil
}

func (a *stringAggAcc) merge(ids []int32, st []arrow.Array) error {
	return a.update(ids, st[0])
}

func (a *stringAggAcc) state(from, to int) []arrow.Array {
	b := NewStringBuilder(to-from, 16)
	for g := from; g < to; g++ {
		if a.has[g] {
			b.Append(a.text[g])
		} else {
			b.AppendNull()
		}
	}
	return []arrow.Array{b.Finish()}
}

func (a *stringAggAcc) result(from, to int) (arrow.Array, error) {
	return a.state(from, to)[0], nil
}
