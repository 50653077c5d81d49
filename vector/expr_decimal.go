package vector

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// This file holds the kernels of DECIMAL(p,s): values are 128-bit integer
// counts of 10^-s. Each kernel has a fast path for values that fit 64 bits
// (all DECIMALs of up to 18 digits) and falls back to 128-bit or big-number
// arithmetic only where that overflows.

// ErrDecimalOutOfRange is returned when a DECIMAL result has more digits
// than its type holds.
var ErrDecimalOutOfRange = errors.New("DECIMAL value out of range")

func decText(n decimal128.Num, t types.Type) string {
	return string(types.AppendDecimal(nil, n, int(t.Scale)))
}

// arithDecimal applies op to DECIMAL operands of types lt and rt, giving
// type t. The binder has brought the operands of + - % and DIV to one
// scale; * adds the scales; / has the scale of t.
func arithDecimal(op ArithOp, la, ra arrow.Array, lt, rt, t types.Type) (arrow.Array, error) {
	n := la.Len()
	valid, nulls := validity(n, la, ra)
	vb := bufBytes(valid)
	a, b := decs(la), decs(ra)
	out := make([]decimal128.Num, n)
	shift := 0
	if op == OpDiv {
		shift = int(t.Scale) - int(lt.Scale) + int(rt.Scale)
	}
	prec := int(t.Precision)
	if fastDecimal(op, a, b, out, prec) {
		return NewDecimalArray(out, t, valid, nulls), nil
	}
	for i := range out {
		if vb != nil && !bitutil.BitIsSet(vb, i) {
			continue
		}
		r, err := decOp(op, a[i], b[i], shift)
		if err == nil && !types.FitsPrecision(r, prec) {
			err = ErrDecimalOutOfRange
		}
		if err != nil {
			if err == ErrDivisionByZero {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s %s %s", err, decText(a[i], lt), arithNames[op], decText(b[i], rt))
		}
		out[i] = r
	}
	return NewDecimalArray(out, t, valid, nulls), nil
}

// fastDecimal computes + - * for a batch whose operands all fit in 63 bits
// and whose results fit both int64 and the precision prec (the common case:
// DECIMALs of up to 18 digits), and reports whether it did; otherwise the
// caller computes the batch the general way. NULL rows hold zeros or
// values of the same kind, so they need no test here.
func fastDecimal(op ArithOp, a, b, out []decimal128.Num, prec int) bool {
	limit := int64(math.MaxInt64 >> 1) // results below 2^62 need no test
	if prec < 19 {
		limit = int64(types.Pow10(prec).LowBits()) - 1
	}
	// wide collects bits that are zero only when every operand fits the
	// fast path; neg has its sign bit set when some result is out of range.
	var wide, neg int64
	switch op {
	case OpAdd, OpSub:
		for i := range out {
			x, y := int64(a[i].LowBits()), int64(b[i].LowBits())
			wide |= (a[i].HighBits() ^ x>>63) | (b[i].HighBits() ^ y>>63)
			// |x|, |y| < 2^61: the sum and the range tests cannot overflow.
			wide |= (x>>61 ^ x>>63) | (y>>61 ^ y>>63)
			if op == OpSub {
				y = -y
			}
			s := x + y
			neg |= (limit - s) | (s + limit)
			out[i] = decimal128.FromI64(s)
		}
	case OpMul:
		for i := range out {
			x, y := int64(a[i].LowBits()), int64(b[i].LowBits())
			wide |= (a[i].HighBits() ^ x>>63) | (b[i].HighBits() ^ y>>63)
			// |x|, |y| < 2^31: |x*y| < 2^62.
			wide |= (x>>31 ^ x>>63) | (y>>31 ^ y>>63)
			p := x * y
			neg |= (limit - p) | (p + limit)
			out[i] = decimal128.FromI64(p)
		}
	default:
		return false
	}
	return wide == 0 && neg >= 0
}

// decOp is one step of arithDecimal.
func decOp(op ArithOp, a, b decimal128.Num, shift int) (decimal128.Num, error) {
	x, okx := types.Fits64(a)
	y, oky := types.Fits64(b)
	small := okx && oky
	switch op {
	case OpAdd, OpSub:
		if op == OpSub {
			b, y = b.Negate(), -y
			small = small && y != math.MinInt64
		}
		if small {
			s := x + y
			if (s^x)&(s^y) >= 0 {
				return decimal128.FromI64(s), nil
			}
			return a.Add(b), nil // two int64s never overflow 128 bits
		}
		s, ok := types.AddInt128(a, b)
		if !ok {
			return s, ErrDecimalOutOfRange
		}
		return s, nil
	case OpMul:
		p, ok := types.MulInt128(a, b)
		if !ok {
			return p, ErrDecimalOutOfRange
		}
		return p, nil
	}
	if b == (decimal128.Num{}) {
		return b, ErrDivisionByZero
	}
	switch op {
	case OpDiv:
		if shift <= types.MaxDecimalPrecision {
			if num, ok := types.MulInt128(a, types.Pow10(shift)); ok {
				return types.DivRound(num, b), nil
			}
		}
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil)
		return bigDivRound(scale.Mul(scale, a.BigInt()), b.BigInt())
	case OpIntDiv, OpMod:
		if small && !(x == math.MinInt64 && y == -1) {
			if op == OpMod {
				return decimal128.FromI64(x % y), nil
			}
			return decimal128.FromI64(x / y), nil
		}
		q, r := new(big.Int).QuoRem(a.BigInt(), b.BigInt(), new(big.Int))
		if op == OpMod {
			return decimal128.FromBigInt(r), nil
		}
		if q.BitLen() > 127 {
			return decimal128.Num{}, ErrDecimalOutOfRange
		}
		return decimal128.FromBigInt(q), nil
	}
	return decimal128.Num{}, fmt.Errorf("operator %s on DECIMAL is not supported", arithNames[op])
}

// bigDivRound divides, rounding half away from zero, for quotients of up
// to 38 digits.
func bigDivRound(n, d *big.Int) (decimal128.Num, error) {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(new(big.Int).Abs(d)) >= 0 {
		if n.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if q.BitLen() > 127 {
		return decimal128.Num{}, ErrDecimalOutOfRange
	}
	return decimal128.FromBigInt(q), nil
}

// negateDecimal is unary minus; a DECIMAL's range is symmetric.
func negateDecimal(x arrow.Array, t types.Type) arrow.Array {
	n := x.Len()
	valid, nulls := validity(n, x)
	in := decs(x)
	out := make([]decimal128.Num, n)
	for i, v := range in {
		out[i] = v.Negate()
	}
	return NewDecimalArray(out, t, valid, nulls)
}

// cmpDecimal compares DECIMALs of one scale.
func cmpDecimal(op CmpOp, a, b []decimal128.Num, out []byte) {
	for i := range a {
		out[i>>3] |= cmpResult(op, a[i].Cmp(b[i])) << (i & 7)
	}
}

// castFromDecimal converts DECIMALs of type from to type to.
func castFromDecimal(x arrow.Array, from, to types.Type) (arrow.Array, error) {
	n := x.Len()
	valid, nulls := validity(n, x)
	vb := bufBytes(valid)
	in := decs(x)
	s := int(from.Scale)
	switch to.ID {
	case types.Decimal:
		if to.Scale == from.Scale && to.Precision >= from.Precision {
			// Every value fits: the same buffers under the wider type.
			d := array.NewData(to.Arrow(), n, x.Data().Buffers(), nil, x.NullN(), x.Data().Offset())
			defer d.Release()
			return array.MakeFromData(d), nil
		}
		out := make([]decimal128.Num, n)
		for i, v := range in {
			if vb != nil && !bitutil.BitIsSet(vb, i) {
				continue
			}
			r, ok := types.Rescale(v, s, int(to.Scale))
			if !ok || !types.FitsPrecision(r, int(to.Precision)) {
				return nil, fmt.Errorf("%w: %s does not fit %s", ErrDecimalOutOfRange, decText(v, from), to)
			}
			out[i] = r
		}
		return NewDecimalArray(out, to, valid, nulls), nil
	case types.Bigint:
		out := make([]int64, n)
		for i, v := range in {
			if vb != nil && !bitutil.BitIsSet(vb, i) {
				continue
			}
			r, _ := types.Rescale(v, s, 0)
			w, ok := types.Fits64(r)
			if !ok {
				return nil, fmt.Errorf("%w: %s", ErrOutOfRange, decText(v, from))
			}
			out[i] = w
		}
		return NewInt64Array(out, valid, nulls), nil
	case types.Double:
		out := make([]float64, n)
		p := math.Pow10(s)
		for i, v := range in {
			if w, ok := types.Fits64(v); ok && w > -1<<53 && w < 1<<53 && s <= 22 {
				// Both exact, so the quotient is correctly rounded.
				out[i] = float64(w) / p
				continue
			}
			if vb == nil || bitutil.BitIsSet(vb, i) {
				out[i] = types.DecimalToFloat(v, s)
			}
		}
		return NewFloat64Array(out, valid, nulls), nil
	case types.Boolean:
		out := make([]byte, bitutil.BytesForBits(int64(n)))
		for i, v := range in {
			out[i>>3] |= b2u(v != decimal128.Num{}) << (i & 7)
		}
		return NewBoolArray(out, n, valid, nulls), nil
	case types.Varchar:
		return toStrings(x, func(dst []byte, i int) []byte { return types.AppendDecimal(dst, in[i], s) }), nil
	}
	return nil, fmt.Errorf("cannot cast %s to %s", from, to)
}

// castToDecimal converts BIGINT, DOUBLE or BOOLEAN values to DECIMAL type
// to, failing on a value with more digits than it holds.
func castToDecimal(x arrow.Array, from, to types.Type) (arrow.Array, error) {
	n := x.Len()
	valid, nulls := validity(n, x)
	vb := bufBytes(valid)
	out := make([]decimal128.Num, n)
	s, prec := int(to.Scale), int(to.Precision)
	scale := types.Pow10(s)
	for i := range out {
		if vb != nil && !bitutil.BitIsSet(vb, i) {
			continue
		}
		var r decimal128.Num
		ok := true
		var text func() string
		switch from.ID {
		case types.Bigint:
			v := int64s(x)[i]
			r, ok = types.MulInt128(decimal128.FromI64(v), scale)
			text = func() string { return fmt.Sprint(v) }
		case types.Double:
			v := float64s(x)[i]
			r, ok = types.DecimalFromFloat(v, s)
			text = func() string { return string(AppendFloat(nil, v)) }
		case types.Boolean:
			if bitutil.BitIsSet(boolBits(x), i) {
				r = scale
			}
			text = func() string { return "true" }
		default:
			return nil, fmt.Errorf("cannot cast %s to %s", from, to)
		}
		if !ok || !types.FitsPrecision(r, prec) {
			return nil, fmt.Errorf("%w: %s does not fit %s", ErrDecimalOutOfRange, text(), to)
		}
		out[i] = r
	}
	return NewDecimalArray(out, to, valid, nulls), nil
}

// decimalMath is ABS, SIGN, CEIL and FLOOR of DECIMALs of type t; the
// result has type out (SIGN: BIGINT; CEIL, FLOOR: scale 0).
func decimalMath(op string, x arrow.Array, t, out types.Type) (arrow.Array, error) {
	n := x.Len()
	valid, nulls := validity(n, x)
	in := decs(x)
	if op == "sign" {
		res := make([]int64, n)
		for i, v := range in {
			res[i] = int64(v.Sign())
		}
		return NewInt64Array(res, valid, nulls), nil
	}
	res := make([]decimal128.Num, n)
	unit := types.Pow10(int(t.Scale))
	for i, v := range in {
		switch op {
		case "abs":
			res[i] = v.Abs()
		case "ceil", "floor":
			q, r := decQuoRem(v, unit)
			if op == "ceil" && r.Sign() > 0 {
				q = q.Add(decimal128.FromI64(1))
			}
			if op == "floor" && r.Sign() < 0 {
				q = q.Sub(decimal128.FromI64(1))
			}
			res[i] = q
		}
	}
	return NewDecimalArray(res, out, valid, nulls), nil
}

// decQuoRem divides, truncating toward zero.
func decQuoRem(n, d decimal128.Num) (q, r decimal128.Num) {
	x, okx := types.Fits64(n)
	y, oky := types.Fits64(d)
	if okx && oky {
		return decimal128.FromI64(x / y), decimal128.FromI64(x % y)
	}
	return n.Div(d)
}

// roundDecimal is ROUND(x, d) for DECIMALs of type t with a constant d:
// half away from zero, to out's scale (min(d, s) when d >= 0, else 0 with
// the last -d digits zeroed). Rounding up past out's precision is an error.
func roundDecimal(x arrow.Array, t, out types.Type, d int) (arrow.Array, error) {
	n := x.Len()
	valid, nulls := validity(n, x)
	in := decs(x)
	res := make([]decimal128.Num, n)
	s := int(t.Scale)
	drop := s - d // digits to drop
	if drop > 38 {
		drop = 39
	}
	for i, v := range in {
		switch {
		case drop <= 0:
			res[i] = v
		case drop > 38:
			// Rounding at a place above 38 digits leaves zero.
		default:
			r := types.DivRound(v, types.Pow10(drop))
			ok := true
			if d < 0 {
				r, ok = types.MulInt128(r, types.Pow10(-d))
			}
			if (!ok || !types.FitsPrecision(r, int(out.Precision))) && x.IsValid(i) {
				return nil, fmt.Errorf("%w: ROUND(%s, %d)", ErrDecimalOutOfRange, decText(v, t), d)
			}
			res[i] = r
		}
	}
	return NewDecimalArray(res, out, valid, nulls), nil
}
