package vector

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// sumDecAcc sums DECIMALs exactly in 128 bits and counts them, for SUM
// (38 digits, the input's scale) and AVG (DecimalAvgScale more digits of
// scale, rounded half away from zero).
type sumDecAcc struct {
	avg     bool
	in, out types.Type
	st      []decState // a group's sum and count side by side: one cache line
}

type decState struct {
	sum decimal128.Num
	cnt int64
}

func (a *sumDecAcc) stateNames() []string { return []string{"sum", "count"} }
func (a *sumDecAcc) stateTypes() []types.Type {
	return []types.Type{types.SumType(a.in), types.BigintType}
}
func (a *sumDecAcc) resize(n int) { a.st = growTo(a.st, n) }

// errSumRange is the error of a sum past 2^127; result checks the 38
// digits.
var errSumRange = fmt.Errorf("%w: SUM exceeds 38 digits; CAST the argument to DOUBLE", ErrDecimalOutOfRange)

// addAll adds x[i] to group ids[i]'s sum and count for the rows that valid
// (nil: all) marks, and reports an overflow of 128 bits.
func (a *sumDecAcc) addAll(ids []int32, x []decimal128.Num, cnt []int64, valid []byte) error {
	st := a.st
	var ovf int64 // sign bit set when some addition overflowed
	for i, g := range ids {
		if valid != nil && !bitutil.BitIsSet(valid, i) {
			continue
		}
		s := st[g].sum
		r := s.Add(x[i])
		ovf |= (s.HighBits() ^ r.HighBits()) & (x[i].HighBits() ^ r.HighBits())
		st[g].sum = r
		if cnt == nil {
			st[g].cnt++
		} else {
			st[g].cnt += cnt[i]
		}
	}
	if ovf < 0 {
		return errSumRange
	}
	return nil
}

func (a *sumDecAcc) update(ids []int32, arg arrow.Array) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	return a.addAll(ids, decs(arg), nil, validBits(arg))
}

func (a *sumDecAcc) merge(ids []int32, st []arrow.Array) error {
	return a.addAll(ids, decs(st[0]), int64s(st[1]), nil)
}

func (a *sumDecAcc) state(from, to int) []arrow.Array {
	sums := make([]decimal128.Num, to-from)
	cnts := make([]int64, to-from)
	for i, x := range a.st[from:to] {
		sums[i], cnts[i] = x.sum, x.cnt
	}
	return []arrow.Array{NewDecimalArray(sums, types.SumType(a.in), nil, 0), NewInt64Array(cnts, nil, 0)}
}

func (a *sumDecAcc) result(from, to int) (arrow.Array, error) {
	n := to - from
	var valid Validity
	out := make([]decimal128.Num, n)
	shift := int(a.out.Scale) - int(a.in.Scale)
	for i := range out {
		s, c := a.st[from+i].sum, a.st[from+i].cnt
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
			if out[i], err = bigDivRound(big, decimal128.FromI64(c).BigInt()); err != nil {
				return nil, fmt.Errorf("AVG: %w", err)
			}
		}
	}
	vb, nulls := valid.Finish()
	return NewDecimalArray(out, a.out, vb, nulls), nil
}
