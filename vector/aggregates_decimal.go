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
	sum     []decimal128.Num
	cnt     []int64
}

func (a *sumDecAcc) stateNames() []string { return []string{"sum", "count"} }
func (a *sumDecAcc) stateTypes() []types.Type {
	return []types.Type{types.SumType(a.in), types.BigintType}
}
func (a *sumDecAcc) resize(n int) { a.sum, a.cnt = growTo(a.sum, n), growTo(a.cnt, n) }

// add adds x to group g's sum; the sum overflows only past 2^127, far
// beyond the 38 digits that result checks.
func (a *sumDecAcc) add(g int32, x decimal128.Num) error {
	s := a.sum[g]
	r := s.Add(x)
	if (s.HighBits()^r.HighBits())&(x.HighBits()^r.HighBits()) < 0 {
		return fmt.Errorf("%w: SUM exceeds 38 digits; CAST the argument to DOUBLE", ErrDecimalOutOfRange)
	}
	a.sum[g] = r
	return nil
}

func (a *sumDecAcc) update(ids []int32, arg arrow.Array) error {
	if arg.DataType().ID() == arrow.NULL {
		return nil
	}
	x := decs(arg)
	v := validBits(arg)
	for i, g := range ids {
		if v == nil || bitutil.BitIsSet(v, i) {
			if err := a.add(g, x[i]); err != nil {
				return err
			}
			a.cnt[g]++
		}
	}
	return nil
}

func (a *sumDecAcc) merge(ids []int32, st []arrow.Array) error {
	s, c := decs(st[0]), int64s(st[1])
	for i, g := range ids {
		if err := a.add(g, s[i]); err != nil {
			return err
		}
		a.cnt[g] += c[i]
	}
	return nil
}

func (a *sumDecAcc) state(from, to int) []arrow.Array {
	return []arrow.Array{
		NewDecimalArray(append([]decimal128.Num(nil), a.sum[from:to]...), types.SumType(a.in), nil, 0),
		NewInt64Array(append([]int64(nil), a.cnt[from:to]...), nil, 0),
	}
}

func (a *sumDecAcc) result(from, to int) (arrow.Array, error) {
	n := to - from
	var valid Validity
	out := make([]decimal128.Num, n)
	shift := int(a.out.Scale) - int(a.in.Scale)
	for i := range out {
		s, c := a.sum[from+i], a.cnt[from+i]
		valid.Append(c > 0)
		if c == 0 {
			continue
		}
		if !types.FitsPrecision(s, types.MaxDecimalPrecision) {
			return nil, fmt.Errorf("%w: SUM exceeds 38 digits; CAST the argument to DOUBLE", ErrDecimalOutOfRange)
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
