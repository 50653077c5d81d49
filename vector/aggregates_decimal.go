package vector

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// sumDecAcc sums DECIMALs exactly and counts them, for SUM (38 digits, the
// input's scale) and AVG (DecimalAvgScale more digits of scale, rounded half
// away from zero). The sum is kept in 128 bits that wrap, with a count of
// the wraps, so a running sum may pass 2^127 and come back (the result does
// not depend on the order of the rows); only the final sum must fit.
type sumDecAcc struct {
	avg     bool
	in, out types.Type
	st      []decState // a group's sum and count side by side: one cache line
}

type decState struct {
	sum   decimal128.Num
	cnt   int64
	wraps int64 // the true sum is sum + wraps * 2^128
}

func (a *sumDecAcc) stateNames() []string { return []string{"sum", "count", "wraps"} }
func (a *sumDecAcc) stateTypes() []types.Type {
	return []types.Type{types.SumType(a.in), types.BigintType, types.BigintType}
}
func (a *sumDecAcc) resize(n int) { a.st = growTo(a.st, n) }

// errSumRange is the error of a sum past 38 digits.
var errSumRange = fmt.Errorf("%w: SUM exceeds 38 digits; CAST the argument to DOUBLE", ErrDecimalOutOfRange)

// addAll adds x[i] to group ids[i]'s sum for the rows that valid (nil: all)
// marks, counting one row each, or cnt[i] and wraps[i] when merging states.
func (a *sumDecAcc) addAll(ids []int32, x []decimal128.Num, cnt, wraps []int64, valid []byte) {
	st := a.st
	for i, g := range ids {
		if valid != nil && !bitutil.BitIsSet(valid, i) {
			continue
		}
		s := st[g].sum
		r := s.Add(x[i])
		if (s.HighBits()^r.HighBits())&(x[i].HighBits()^r.HighBits()) < 0 {
			// Wrapped past 2^127 (x >= 0) or below -2^127.
			if x[i].HighBits() >= 0 {
				st[g].wraps++
			} else {
				st[g].wraps--
			}
		}
		st[g].sum = r
		if cnt == nil {
			st[g].cnt++
		} else {
			st[g].cnt += cnt[i]
			st[g].wraps += wraps[i]
		}
	}
}

func (a *sumDecAcc) update(ids []int32, arg arrow.Array) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	a.addAll(ids, decs(arg), nil, nil, validBits(arg))
	return nil
}

func (a *sumDecAcc) merge(ids []int32, st []arrow.Array) error {
	a.addAll(ids, decs(st[0]), int64s(st[1]), int64s(st[2]), nil)
	return nil
}

func (a *sumDecAcc) state(from, to int) []arrow.Array {
	sums := make([]decimal128.Num, to-from)
	cnts := make([]int64, to-from)
	wraps := make([]int64, to-from)
	for i, x := range a.st[from:to] {
		sums[i], cnts[i], wraps[i] = x.sum, x.cnt, x.wraps
	}
	return []arrow.Array{NewDecimalArray(sums, types.SumType(a.in), nil, 0), NewInt64Array(cnts, nil, 0), NewInt64Array(wraps, nil, 0)}
}

func (a *sumDecAcc) result(from, to int) (arrow.Array, error) {
	n := to - from
	var valid Validity
	out := make([]decimal128.Num, n)
	shift := int(a.out.Scale) - int(a.in.Scale)
	for i := range out {
		s, c := a.st[from+i].sum, a.st[from+i].cnt
		if a.st[from+i].wraps != 0 {
			return nil, errSumRange
		}
		valid.Append(c > 0)
		if c == 0 {
			continue
		}
		if !types.FitsPrecision(s, types.MaxDecimalPrecision) {
			return nil, errSumRange
		}
		if !a.avg {
			out[i] = s
			continue
		}
		num, ok := types.MulInt128(s, types.Pow10(shift))
		var err error
		if ok {
			out[i] = types.DivRound(num, decimal128.FromI64(c))
		} else {
			big := s.BigInt()
			big.Mul(big, types.Pow10(shift).BigInt())
			out[i], err = bigDivRound(big, decimal128.FromI64(c).BigInt())
		}
		if err != nil || !types.FitsPrecision(out[i], int(a.out.Precision)) {
			return nil, fmt.Errorf("%w: AVG needs more than %d digits before the point; CAST the argument to DOUBLE",
				ErrDecimalOutOfRange, a.out.Precision-a.out.Scale)
		}
	}
	vb, nulls := valid.Finish()
	return NewDecimalArray(out, a.out, vb, nulls), nil
}
