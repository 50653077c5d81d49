package vector

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// AggFunc names an aggregate function.
type AggFunc uint8

// The aggregate functions.
const (
	AggCountStar AggFunc = iota
	AggCount
	AggSum
	AggAvg
	AggMin
	AggMax
)

var aggNames = [...]string{"count_star", "count", "sum", "avg", "min", "max"}

func (f AggFunc) String() string {
	if f >= aggStatsBase {
		return statsAggNames[f-aggStatsBase]
	}
	return aggNames[f]
}

// AggSpec describes one aggregate of a hash aggregation.
type AggSpec struct {
	Func     AggFunc
	Distinct bool
	ArgType  types.Type // type of the argument (unused for COUNT(*))
	Fraction float64    // the fraction of QUANTILE_CONT (and MEDIAN: 0.5)
	Sep      string     // the separator of STRING_AGG
}

// ResultType is the SQL type of the aggregate's final value.
func (s AggSpec) ResultType() types.Type {
	if s.Func >= aggStatsBase {
		return statsResultType(s.Func)
	}
	switch s.Func {
	case AggCountStar, AggCount:
		return types.BigintType
	case AggSum:
		return types.SumType(s.ArgType)
	case AggAvg:
		return types.AvgType(s.ArgType)
	}
	return s.ArgType
}

// String renders the aggregate for EXPLAIN.
func (s AggSpec) String() string {
	if s.Distinct {
		return s.Func.String() + "(DISTINCT)"
	}
	return s.Func.String()
}

// accumulator holds one aggregate's state for every group. Its state
// travels between the partial and the final aggregation as Arrow columns,
// so the same merge serves threads today and machines later.
type accumulator interface {
	// stateTypes are the types of the state columns.
	stateTypes() []types.Type
	// stateNames name the state columns (sum, count, ...).
	stateNames() []string
	// resize makes room for groups [0, n).
	resize(n int)
	// update folds raw input values (arg is nil for COUNT(*)).
	update(ids []int32, arg arrow.Array) error
	// merge folds partial states.
	merge(ids []int32, state []arrow.Array) error
	// state returns the state columns of groups [from, to).
	state(from, to int) []arrow.Array
	// result returns the final values of groups [from, to).
	result(from, to int) (arrow.Array, error)
}

func newAccumulator(s AggSpec) (accumulator, error) {
	if s.Distinct {
		inner := s
		inner.Distinct = false
		if s.Func == AggMin || s.Func == AggMax {
			return newAccumulator(inner)
		}
		return &distinctAcc{spec: inner, t: s.ArgType}, nil
	}
	if s.Func >= aggStatsBase {
		return newStatsAccumulator(s)
	}
	switch s.Func {
	case AggCountStar, AggCount:
		return &countAcc{star: s.Func == AggCountStar}, nil
	case AggSum, AggAvg:
		switch s.ArgType.ID {
		case types.Bigint:
			return &sumIntAcc{avg: s.Func == AggAvg}, nil
		case types.Double:
			return &sumFloatAcc{avg: s.Func == AggAvg}, nil
		case types.Decimal:
			return &sumDecAcc{avg: s.Func == AggAvg, in: s.ArgType, out: s.ResultType()}, nil
		case types.Unknown:
			return &sumFloatAcc{avg: s.Func == AggAvg}, nil
		}
	case AggMin, AggMax:
		return &minMaxAcc{max: s.Func == AggMax, t: s.ArgType}, nil
	}
	return nil, fmt.Errorf("aggregate %s over %s is not supported", s.Func, s.ArgType)
}

// countAcc counts rows (COUNT(*)) or non-NULL values (COUNT(x)).
type countAcc struct {
	star bool
	n    []int64
	mem  *offHeap
}

func (a *countAcc) stateTypes() []types.Type { return []types.Type{types.BigintType} }
func (a *countAcc) stateNames() []string     { return []string{"count"} }
func (a *countAcc) resize(n int)             { a.n = growPlain(&a.mem, a, a.n, n) }
func (a *countAcc) update(ids []int32, arg arrow.Array) error {
	if a.star || arg.NullN() == 0 {
		for _, g := range ids {
			a.n[g]++
		}
		return nil
	}
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	v := validBits(arg)
	for i, g := range ids {
		if bitutil.BitIsSet(v, i) {
			a.n[g]++
		}
	}
	return nil
}
func (a *countAcc) merge(ids []int32, st []arrow.Array) error {
	c := int64s(st[0])
	for i, g := range ids {
		a.n[g] += c[i]
	}
	return nil
}
func (a *countAcc) state(from, to int) []arrow.Array {
	return []arrow.Array{NewInt64Array(append([]int64(nil), a.n[from:to]...), nil, 0)}
}
func (a *countAcc) result(from, to int) (arrow.Array, error) { return a.state(from, to)[0], nil }

func growTo[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		return s[:n]
	}
	ns := make([]T, n, max(n, 2*cap(s)))
	adviseHuge(ns)
	copy(ns, s)
	return ns
}

// growPlain is growTo for states without pointers, whose large arrays
// are kept outside the heap (offheap.go) in *mem, made for owner when
// first needed; s is freed when it is moved.
func growPlain[T, O any](mem **offHeap, owner *O, s []T, n int) []T {
	if n <= cap(s) {
		return s[:max(n, len(s))]
	}
	c := max(n, 2*cap(s))
	var zero T
	if *mem == nil && c*int(unsafe.Sizeof(zero)) >= offHeapMin {
		*mem = newOffHeap(owner)
	}
	ns := makeSlice[T](*mem, n, c)
	copy(ns, s)
	freeSlice(*mem, s)
	return ns
}

// The 24-byte states of the SUMs and AVGs of one aggregation (sumIntAcc,
// sumFloatAcc) may share one store, a group's states side by side, so that
// the aggregation updates a chunk of rows' states together, from one or
// two cache lines per row instead of one per aggregate (HashAggregate).

// state24 is a slot of a sharedStates: the size of sumIntState and
// sumState.
type state24 [3]uint64

// sharedStates holds the states of width accumulators: group g's are
// blk[g*width : (g+1)*width], the accumulator of column c at blk[g*width+c].
type sharedStates struct {
	blk   []state24
	width int
	mem   *offHeap // blk, when large
}

// resize makes room for groups [0, n).
func (s *sharedStates) resize(n int) {
	if n*s.width > len(s.blk) {
		s.blk = growPlain(&s.mem, s, s.blk, n*s.width)
	}
}

// stateView is the states of one accumulator, one per group, stride bytes
// apart: the accumulator's own array, or a column of a sharedStates.
type stateView[T any] struct {
	base   unsafe.Pointer
	stride uintptr
	n      int
}

// at is group g's state.
func (v stateView[T]) at(g int) *T {
	if uint(g) >= uint(v.n) {
		badState(g, v.n)
	}
	return (*T)(unsafe.Add(v.base, uintptr(g)*v.stride))
}

//go:noinline
func badState(g, n int) { panic(fmt.Sprintf("internal error: the state of group %d of %d", g, n)) }

// ownView is the view of an accumulator's own states.
func ownView[T any](s []T) stateView[T] {
	var zero T
	return stateView[T]{base: unsafe.Pointer(unsafe.SliceData(s)), stride: unsafe.Sizeof(zero), n: len(s)}
}

// sharedView is the view of column col of s; T must be 24 bytes of plain
// data.
func sharedView[T any](s *sharedStates, col int) stateView[T] {
	if len(s.blk) == 0 {
		return stateView[T]{}
	}
	return stateView[T]{base: unsafe.Pointer(&s.blk[col]), stride: unsafe.Sizeof(state24{}) * uintptr(s.width), n: len(s.blk) / s.width}
}

// sharer is an accumulator whose states may live in a sharedStates and be
// updated a range of rows at a time: ids are the groups of rows off,
// off+1, ... of arg.
type sharer interface {
	share(s *sharedStates, col int)
	updateAt(ids []int32, arg arrow.Array, off int) error
}

// sumIntAcc sums BIGINTs exactly and counts them, for SUM and AVG. The
// sum is kept in 64 bits that wrap, with a count of the wraps, so a running
// sum may pass the BIGINT range and come back: the result does not depend
// on the order of the rows. A SUM whose result does not fit BIGINT is an
// error; AVG is computed from the whole sum. A group's sum, count and wraps
// sit side by side, so an update touches one cache line.
type sumIntAcc struct {
	avg bool
	own []sumIntState // the states, unless shared
	st  stateView[sumIntState]
	mem *offHeap      // own, when large
	sh  *sharedStates // the states' store, when shared (shareStates)
	col int
}

type sumIntState struct {
	sum, cnt int64
	wraps    int64 // the true sum is sum + wraps * 2^64
}

// add adds x to the wrapping sum, counting a wrap.
func (s *sumIntState) add(x int64) {
	t := s.sum + x
	if (t^s.sum)&(t^x) < 0 {
		if x > 0 {
			s.wraps++
		} else {
			s.wraps--
		}
	}
	s.sum = t
}

func (a *sumIntAcc) stateNames() []string { return []string{"sum", "count", "wraps"} }
func (a *sumIntAcc) stateTypes() []types.Type {
	return []types.Type{types.BigintType, types.BigintType, types.BigintType}
}
func (a *sumIntAcc) resize(n int) {
	if a.sh != nil {
		a.sh.resize(n)
		a.st = sharedView[sumIntState](a.sh, a.col)
		return
	}
	a.own = growPlain(&a.mem, a, a.own, n)
	a.st = ownView(a.own)
}
func (a *sumIntAcc) share(s *sharedStates, col int)            { a.sh, a.col = s, col }
func (a *sumIntAcc) update(ids []int32, arg arrow.Array) error { return a.updateAt(ids, arg, 0) }
func (a *sumIntAcc) updateAt(ids []int32, arg arrow.Array, off int) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	x := int64s(arg)[off : off+len(ids)]
	st := a.st
	if arg.NullN() == 0 {
		for i, g := range ids {
			s := st.at(int(g))
			s.add(x[i])
			s.cnt++
		}
		return nil
	}
	v := validBits(arg)
	for i, g := range ids {
		if bitutil.BitIsSet(v, off+i) {
			s := st.at(int(g))
			s.add(x[i])
			s.cnt++
		}
	}
	return nil
}
func (a *sumIntAcc) merge(ids []int32, states []arrow.Array) error {
	sm, c, w := int64s(states[0]), int64s(states[1]), int64s(states[2])
	st := a.st
	for i, g := range ids {
		s := st.at(int(g))
		s.add(sm[i])
		s.cnt += c[i]
		s.wraps += w[i]
	}
	return nil
}
func (a *sumIntAcc) state(from, to int) []arrow.Array {
	sums := make([]int64, to-from)
	cnts := make([]int64, to-from)
	wraps := make([]int64, to-from)
	for i := range sums {
		x := a.st.at(from + i)
		sums[i], cnts[i], wraps[i] = x.sum, x.cnt, x.wraps
	}
	return []arrow.Array{NewInt64Array(sums, nil, 0), NewInt64Array(cnts, nil, 0), NewInt64Array(wraps, nil, 0)}
}
func (a *sumIntAcc) result(from, to int) (arrow.Array, error) {
	n := to - from
	var valid Validity
	if a.avg {
		out := make([]float64, n)
		for i := range out {
			x := a.st.at(from + i)
			valid.Append(x.cnt > 0)
			if x.cnt == 0 {
				continue
			}
			if x.wraps == 0 {
				out[i] = float64(x.sum) / float64(x.cnt)
				continue
			}
			// sum + wraps * 2^64, exactly, then divided.
			t := new(big.Int).Lsh(big.NewInt(x.wraps), 64)
			t.Add(t, big.NewInt(x.sum))
			q, _ := new(big.Float).Quo(new(big.Float).SetInt(t), new(big.Float).SetInt64(x.cnt)).Float64()
			out[i] = q
		}
		vb, nulls := valid.Finish()
		return NewFloat64Array(out, vb, nulls), nil
	}
	out := make([]int64, n)
	for i := range out {
		x := a.st.at(from + i)
		if x.wraps != 0 {
			return nil, fmt.Errorf("%w: SUM exceeds the BIGINT range; CAST the argument to DECIMAL(38,0)", ErrOutOfRange)
		}
		out[i] = x.sum
		valid.Append(x.cnt > 0)
	}
	vb, nulls := valid.Finish()
	return NewInt64Array(out, vb, nulls), nil
}

// sumFloatAcc sums DOUBLEs and counts them, for SUM and AVG. The sum is
// compensated (Neumaier's variant of Kahan summation): the rounding error
// of each addition is kept apart and added back at the end, so a sum of
// decimal values prints as the decimal it is (14831.475625, not
// 14831.475624999985) however many rows it has. A group's sum, error and
// count sit side by side, so an update touches one cache line.
type sumFloatAcc struct {
	avg bool
	own []sumState // the states, unless shared
	st  stateView[sumState]
	mem *offHeap      // own, when large
	sh  *sharedStates // the states' store, when shared (shareStates)
	col int
}

type sumState struct {
	sum, err float64
	cnt      int64
}

// add adds x to the compensated sum. It reports whether the sum of two
// finite numbers overflowed to an infinity.
func (s *sumState) add(x float64) bool {
	// Knuth's TwoSum: the exact error of the addition, as Neumaier's
	// comparison of magnitudes finds it, but without a branch that
	// mispredicts whenever a group's first value arrives.
	t := s.sum + x
	v := t - s.sum
	s.err += (s.sum - (t - v)) + (x - v)
	over := math.IsInf(t, 0) && !math.IsInf(s.sum, 0) && !math.IsInf(x, 0)
	s.sum = t
	return over
}

// errSumDoubleRange is a SUM or AVG of DOUBLEs past the DOUBLE range (an
// error as in PostgreSQL and MySQL; infinities in the input, which SQL
// cannot make, stay infinities).
var errSumDoubleRange = fmt.Errorf("%w: the sum exceeds the DOUBLE range", ErrDoubleOutOfRange)

func (a *sumFloatAcc) stateNames() []string { return []string{"sum", "err", "count"} }
func (a *sumFloatAcc) stateTypes() []types.Type {
	return []types.Type{types.DoubleType, types.DoubleType, types.BigintType}
}
func (a *sumFloatAcc) resize(n int) {
	if a.sh != nil {
		a.sh.resize(n)
		a.st = sharedView[sumState](a.sh, a.col)
		return
	}
	a.own = growPlain(&a.mem, a, a.own, n)
	a.st = ownView(a.own)
}
func (a *sumFloatAcc) share(s *sharedStates, col int)            { a.sh, a.col = s, col }
func (a *sumFloatAcc) update(ids []int32, arg arrow.Array) error { return a.updateAt(ids, arg, 0) }
func (a *sumFloatAcc) updateAt(ids []int32, arg arrow.Array, off int) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	x := float64s(arg)[off : off+len(ids)]
	st := a.st
	over := false
	if arg.NullN() == 0 {
		for i, g := range ids {
			s := st.at(int(g))
			if s.add(x[i]) {
				over = true
			}
			s.cnt++
		}
	} else {
		v := validBits(arg)
		for i, g := range ids {
			if bitutil.BitIsSet(v, off+i) {
				s := st.at(int(g))
				if s.add(x[i]) {
					over = true
				}
				s.cnt++
			}
		}
	}
	if over {
		return errSumDoubleRange
	}
	return nil
}
func (a *sumFloatAcc) merge(ids []int32, states []arrow.Array) error {
	s, e, c := float64s(states[0]), float64s(states[1]), int64s(states[2])
	st := a.st
	over := false
	for i, g := range ids {
		x := st.at(int(g))
		if x.add(s[i]) {
			over = true
		}
		x.err += e[i]
		x.cnt += c[i]
	}
	if over {
		return errSumDoubleRange
	}
	return nil
}
func (a *sumFloatAcc) state(from, to int) []arrow.Array {
	sums := make([]float64, to-from)
	errs := make([]float64, to-from)
	cnts := make([]int64, to-from)
	for i := range sums {
		x := a.st.at(from + i)
		sums[i], errs[i], cnts[i] = x.sum, x.err, x.cnt
	}
	return []arrow.Array{NewFloat64Array(sums, nil, 0), NewFloat64Array(errs, nil, 0), NewInt64Array(cnts, nil, 0)}
}
func (a *sumFloatAcc) result(from, to int) (arrow.Array, error) {
	out := make([]float64, to-from)
	var valid Validity
	for i := range out {
		x := a.st.at(from + i)
		valid.Append(x.cnt > 0)
		out[i] = x.sum + x.err
		switch {
		case math.IsInf(x.sum, 0) || math.IsNaN(x.sum):
			out[i] = x.sum // the error term is meaningless then
		case math.IsInf(out[i], 0):
			return nil, errSumDoubleRange
		}
		if a.avg && x.cnt > 0 {
			out[i] /= float64(x.cnt)
		}
	}
	vb, nulls := valid.Finish()
	return NewFloat64Array(out, vb, nulls), nil
}

// minMaxAcc keeps the least or greatest non-NULL value of any ordered type.
// Values are compared in place in the input's buffers; a string is copied
// only when it becomes a group's new extreme.
type minMaxAcc struct {
	max bool
	t   types.Type
	has []bool
	i64 []int64 // BIGINT, TIMESTAMP
	f64 []float64
	i32 []int32 // DATE
	dec []decimal128.Num
	str []string
	bl  []bool
}

func (a *minMaxAcc) stateTypes() []types.Type { return []types.Type{a.t} }
func (a *minMaxAcc) stateNames() []string {
	if a.max {
		return []string{"max"}
	}
	return []string{"min"}
}
func (a *minMaxAcc) resize(n int) {
	a.has = growTo(a.has, n)
	switch a.t.ID {
	case types.Bigint, types.Timestamp:
		a.i64 = growTo(a.i64, n)
	case types.Double:
		a.f64 = growTo(a.f64, n)
	case types.Date:
		a.i32 = growTo(a.i32, n)
	case types.Decimal:
		a.dec = growTo(a.dec, n)
	case types.Varchar:
		a.str = growTo(a.str, n)
	case types.Boolean:
		a.bl = growTo(a.bl, n)
	}
}

// wins reports whether a value that compares c to the current extreme
// replaces it.
func (a *minMaxAcc) wins(c int) bool { return (a.max && c > 0) || (!a.max && c < 0) }

func (a *minMaxAcc) update(ids []int32, arg arrow.Array) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	valid := validBits(arg)
	ok := func(i int) bool { return valid == nil || bitutil.BitIsSet(valid, i) }
	switch a.t.ID {
	case types.Bigint, types.Timestamp:
		x := int64s(arg)
		if valid == nil {
			// The common case, without a call or a branch on the
			// direction per row.
			has, v := a.has, a.i64
			x = x[:len(ids)]
			if a.max {
				for i, g := range ids {
					if !has[g] || x[i] > v[g] {
						v[g], has[g] = x[i], true
					}
				}
			} else {
				for i, g := range ids {
					if !has[g] || x[i] < v[g] {
						v[g], has[g] = x[i], true
					}
				}
			}
			return nil
		}
		for i, g := range ids {
			if ok(i) && (!a.has[g] || a.wins(cmp3(x[i], a.i64[g]))) {
				a.i64[g], a.has[g] = x[i], true
			}
		}
	case types.Double:
		x := float64s(arg)
		for i, g := range ids {
			if ok(i) && (!a.has[g] || a.wins(cmpFloat(x[i], a.f64[g]))) {
				a.f64[g], a.has[g] = x[i], true
			}
		}
	case types.Date:
		x := int32s(arg)
		for i, g := range ids {
			if ok(i) && (!a.has[g] || a.wins(cmp3(x[i], a.i32[g]))) {
				a.i32[g], a.has[g] = x[i], true
			}
		}
	case types.Decimal:
		x := decs(arg)
		for i, g := range ids {
			if ok(i) && (!a.has[g] || a.wins(x[i].Cmp(a.dec[g]))) {
				a.dec[g], a.has[g] = x[i], true
			}
		}
	case types.Varchar:
		offs, data := strs(arg)
		for i, g := range ids {
			if !ok(i) {
				continue
			}
			v := data[offs[i]:offs[i+1]]
			if !a.has[g] {
				a.str[g], a.has[g] = string(v), true
				continue
			}
			// Comparisons of string(v) do not allocate; the assignment does.
			if (a.max && string(v) > a.str[g]) || (!a.max && string(v) < a.str[g]) {
				a.str[g] = string(v)
			}
		}
	case types.Boolean:
		bits := boolBits(arg)
		for i, g := range ids {
			if v := bitutil.BitIsSet(bits, i); ok(i) && (!a.has[g] || a.wins(b2i(v)-b2i(a.bl[g]))) {
				a.bl[g], a.has[g] = v, true
			}
		}
	default:
		return fmt.Errorf("MIN/MAX of %s is not supported", a.t)
	}
	return nil
}
func (a *minMaxAcc) merge(ids []int32, st []arrow.Array) error { return a.update(ids, st[0]) }
func (a *minMaxAcc) state(from, to int) []arrow.Array {
	r, _ := a.result(from, to)
	return []arrow.Array{r}
}
func (a *minMaxAcc) result(from, to int) (arrow.Array, error) {
	ap := NewAppender(a.t)
	for g := from; g < to; g++ {
		if !a.has[g] {
			ap.AppendNull()
			continue
		}
		switch a.t.ID {
		case types.Bigint, types.Timestamp:
			ap.AppendValue(a.i64[g])
		case types.Double:
			ap.AppendValue(a.f64[g])
		case types.Date:
			ap.AppendValue(a.i32[g])
		case types.Decimal:
			ap.AppendValue(a.dec[g])
		case types.Varchar:
			ap.AppendValue(a.str[g])
		case types.Boolean:
			ap.AppendValue(a.bl[g])
		}
	}
	return ap.Finish(), nil
}

// compareScalars orders two non-NULL values of the same type.
func compareScalars(x, y any) int {
	switch x := x.(type) {
	case int64:
		return cmp3(x, y.(int64))
	case float64:
		return cmpFloat(x, y.(float64))
	case int32:
		return cmp3(x, y.(int32))
	case string:
		return cmp3(x, y.(string))
	case bool:
		return b2i(x) - b2i(y.(bool))
	case decimal128.Num:
		return x.Cmp(y.(decimal128.Num))
	}
	return 0
}

func cmp3[T int64 | float64 | int32 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// nanKey stands for NaN in a DISTINCT set (NaN != NaN as a map key).
type nanKey struct{}

// distinctAcc applies an aggregate to the distinct non-NULL values of each
// group. Its state is the group's set of values as a LIST column.
type distinctAcc struct {
	spec AggSpec
	t    types.Type
	sets []map[any]struct{}
}

func (a *distinctAcc) stateTypes() []types.Type { return []types.Type{a.t} }
func (a *distinctAcc) stateNames() []string     { return []string{"values"} }
func (a *distinctAcc) resize(n int)             { a.sets = growTo(a.sets, n) }
func (a *distinctAcc) add(g int32, v any) {
	if a.sets[g] == nil {
		a.sets[g] = map[any]struct{}{}
	}
	switch x := v.(type) {
	case float64:
		switch {
		case x == 0:
			v = 0.0 // -0 and 0 are one value
		case x != x:
			v = nanKey{} // and so are all NaNs
		}
	case string:
		if _, ok := a.sets[g][x]; ok {
			return
		}
		// Scalar's strings share the batch's buffer: keep a copy.
		v = strings.Clone(x)
	}
	a.sets[g][v] = struct{}{}
}
func (a *distinctAcc) update(ids []int32, arg arrow.Array) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	for i, g := range ids {
		if arg.IsValid(i) {
			a.add(g, Scalar(arg, i))
		}
	}
	return nil
}
func (a *distinctAcc) merge(ids []int32, st []arrow.Array) error {
	l := st[0].(*array.List)
	offs := l.Offsets()
	vals := l.ListValues()
	for i, g := range ids {
		if a.sets[g] == nil {
			a.sets[g] = map[any]struct{}{}
		}
		for j := offs[i]; j < offs[i+1]; j++ {
			a.add(g, Scalar(vals, int(j)))
		}
	}
	return nil
}

// sorted returns a group's values in order, so results do not depend on
// map iteration.
func (a *distinctAcc) sorted(g int) []any {
	vs := make([]any, 0, len(a.sets[g]))
	for v := range a.sets[g] {
		if _, ok := v.(nanKey); ok {
			v = math.NaN()
		}
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return compareScalars(vs[i], vs[j]) < 0 })
	return vs
}
func (a *distinctAcc) state(from, to int) []arrow.Array {
	vals := NewAppender(a.t)
	offs := make([]int32, 1, to-from+1)
	for g := from; g < to; g++ {
		for _, v := range a.sorted(g) {
			vals.AppendValue(v)
		}
		offs = append(offs, int32(vals.Len()))
	}
	child := vals.Finish()
	defer child.Release()
	d := array.NewData(arrow.ListOf(a.t.Arrow()), to-from,
		[]*memory.Buffer{nil, memory.NewBufferBytes(bytesOf(offs))}, []arrow.ArrayData{child.Data()}, 0, 0)
	defer d.Release()
	return []arrow.Array{array.MakeFromData(d)}
}
func (a *distinctAcc) result(from, to int) (arrow.Array, error) {
	inner, err := newAccumulator(a.spec)
	if err != nil {
		return nil, err
	}
	n := to - from
	inner.resize(n)
	for g := from; g < to; g++ {
		vs := a.sorted(g)
		if len(vs) == 0 {
			continue
		}
		ap := NewAppender(a.t)
		ids := make([]int32, len(vs))
		for i, v := range vs {
			ap.AppendValue(v)
			ids[i] = int32(g - from)
		}
		arr := ap.Finish()
		err := inner.update(ids, arr)
		arr.Release()
		if err != nil {
			return nil, err
		}
	}
	return inner.result(0, n)
}
