package vector

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func init() {
	registerKernel(simple(logKernel), "log")
	registerKernel(simple(atan2Kernel), "atan2")
	registerKernel(extremeKernel, "greatest", "least")
	registerKernel(truncateBuilder, "truncate")
}

// logKernel is LOG(b, x), the logarithm of x to the base b: NULL, as in
// MySQL, when x <= 0, b <= 0 or b = 1.
func logKernel(a []arrow.Array, n int) (arrow.Array, error) {
	b, x := float64s(a[0]), float64s(a[1])
	mask := newNullMask(n, a...)
	out := make([]float64, n)
	for i := range out {
		if x[i] <= 0 || b[i] <= 0 || b[i] == 1 {
			mask.clear(i)
			continue
		}
		out[i] = math.Log(x[i]) / math.Log(b[i])
	}
	valid, nulls := mask.finish()
	return NewFloat64Array(out, valid, nulls), nil
}

// atan2Kernel is ATAN2(y, x) (and ATAN(y, x)).
func atan2Kernel(a []arrow.Array, n int) (arrow.Array, error) {
	y, x := float64s(a[0]), float64s(a[1])
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Atan2(y[i], x[i])
	}
	valid, nulls := validity(n, a...)
	return NewFloat64Array(out, valid, nulls), nil
}

// extremeKernel is GREATEST(x, ...) and LEAST(x, ...) of arguments of one
// type: NULL when any argument is, as in MySQL.
func extremeKernel(name string, args []Expr, t types.Type) (kernel, error) {
	greatest := name == "greatest"
	// better(c) reports whether a value comparing c against the best so
	// far replaces it.
	better := func(c int) bool { return (c > 0) == greatest && c != 0 }
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		valid, nulls := validity(n, a...)
		switch t.ID {
		case types.Bigint:
			out := append([]int64(nil), int64s(a[0])...)
			for _, x := range a[1:] {
				for i, v := range int64s(x) {
					if better(order3(v, out[i])) {
						out[i] = v
					}
				}
			}
			return NewInt64Array(out, valid, nulls), nil
		case types.Double:
			out := append([]float64(nil), float64s(a[0])...)
			for _, x := range a[1:] {
				for i, v := range float64s(x) {
					if better(order3(v, out[i])) {
						out[i] = v
					}
				}
			}
			return NewFloat64Array(out, valid, nulls), nil
		case types.Date:
			out := append([]int32(nil), int32s(a[0])...)
			for _, x := range a[1:] {
				for i, v := range int32s(x) {
					if better(order3(v, out[i])) {
						out[i] = v
					}
				}
			}
			return NewDate32Array(out, valid, nulls), nil
		case types.Timestamp:
			out := append([]int64(nil), int64s(a[0])...)
			for _, x := range a[1:] {
				for i, v := range int64s(x) {
					if better(order3(v, out[i])) {
						out[i] = v
					}
				}
			}
			return NewTimestampArray(out, valid, nulls), nil
		case types.Decimal:
			out := append([]decimal128.Num(nil), decs(a[0])...)
			for _, x := range a[1:] {
				for i, v := range decs(x) {
					if better(v.Cmp(out[i])) {
						out[i] = v
					}
				}
			}
			return NewDecimalArray(out, t, valid, nulls), nil
		case types.Boolean:
			bits := append([]byte(nil), boolBits(a[0])...)
			for _, x := range a[1:] {
				xb := boolBits(x)
				for i := 0; i < n; i++ {
					v, cur := bitutil.BitIsSet(xb, i), bitutil.BitIsSet(bits, i)
					if better(b2i(v) - b2i(cur)) {
						bitutil.SetBitTo(bits, i, v)
					}
				}
			}
			return NewBoolArray(bits, n, valid, nulls), nil
		case types.Varchar:
			offs, datas := make([][]int32, len(a)), make([][]byte, len(a))
			for j, x := range a {
				offs[j], datas[j] = strs(x)
			}
			vb := bufBytes(valid)
			sb := NewStringBuilder(n, 16)
			for i := 0; i < n; i++ {
				if !isValid(vb, i) {
					sb.AppendNull()
					continue
				}
				best := datas[0][offs[0][i]:offs[0][i+1]]
				for j := 1; j < len(a); j++ {
					if v := datas[j][offs[j][i]:offs[j][i+1]]; better(bytes.Compare(v, best)) {
						best = v
					}
				}
				sb.Append(best)
			}
			return sb.Finish(), nil
		}
		return nil, fmt.Errorf("no kernel for %s", t)
	}, nil
}

// order3 compares two numbers: -1, 0 or 1.
func order3[T int32 | int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// truncateBuilder is MySQL's TRUNCATE(x, d): x cut toward zero to d
// decimals (negative d zeroes digits left of the point). A BIGINT stays a
// BIGINT, a DOUBLE a DOUBLE; a DECIMAL needs a constant d, and its result
// type (from the binder) has min(d, scale) decimals.
func truncateBuilder(_ string, args []Expr, t types.Type) (kernel, error) {
	switch args[0].Type().ID {
	case types.Bigint:
		return truncateInt, nil
	case types.Decimal:
		c, ok := args[1].(*Const)
		if !ok || c.Value == nil {
			return nil, fmt.Errorf("TRUNCATE of a DECIMAL needs constant digits")
		}
		d := max(min(c.Value.(int64), 64), -64)
		in := args[0].Type()
		return func(a []arrow.Array, n int) (arrow.Array, error) { return truncateDecimal(a[0], in, t, int(d)), nil }, nil
	}
	return truncateFloat, nil
}

func truncateInt(a []arrow.Array, n int) (arrow.Array, error) {
	in, digits := int64s(a[0]), int64s(a[1])
	out := make([]int64, n)
	for i, v := range in {
		switch d := digits[i]; {
		case d >= 0:
			out[i] = v
		case d >= -18:
			p := int64(math.Pow10(int(-d)))
			out[i] = v / p * p
		}
	}
	valid, nulls := validity(n, a...)
	return NewInt64Array(out, valid, nulls), nil
}

// truncateFloat cuts the shortest decimal form of each value (the digits
// that print), so that TRUNCATE(0.29, 2) is 0.29 although 0.29 * 100 is
// 28.999999999999996 in binary.
func truncateFloat(a []arrow.Array, n int) (arrow.Array, error) {
	in, digits := float64s(a[0]), int64s(a[1])
	out := make([]float64, n)
	var buf []byte
	for i, v := range in {
		d := digits[i]
		switch {
		case math.IsInf(v, 0) || math.IsNaN(v):
			out[i] = v
		case d >= 0:
			buf = strconv.AppendFloat(buf[:0], v, 'f', -1, 64)
			if dot := bytes.IndexByte(buf, '.'); dot >= 0 && int64(len(buf)-dot-1) > d {
				keep := dot + int(d) + 1
				if d == 0 {
					keep = dot
				}
				v, _ = strconv.ParseFloat(string(buf[:keep]), 64)
			}
			out[i] = v
		case d > -309:
			p := math.Pow10(int(-d))
			out[i] = math.Trunc(v/p) * p
		default:
			out[i] = 0
		}
		if out[i] == 0 {
			out[i] = 0 // no negative zero
		}
	}
	valid, nulls := validity(n, a...)
	return NewFloat64Array(out, valid, nulls), nil
}

// truncateDecimal is TRUNCATE(x, d) of DECIMALs of type in, to type out.
func truncateDecimal(x arrow.Array, in, out types.Type, d int) arrow.Array {
	n := x.Len()
	valid, nulls := validity(n, x)
	vals := decs(x)
	res := make([]decimal128.Num, n)
	drop := int(in.Scale) - d // digits to drop
	for i, v := range vals {
		switch {
		case drop <= 0:
			res[i] = v
		case drop > 38:
			// Nothing is left.
		default:
			q, _ := decQuoRem(v, types.Pow10(drop))
			if d < 0 {
				// Zero the digits left of the point again; fits, as it
				// is no larger than v.
				q, _ = types.MulInt128(q, types.Pow10(-d))
			}
			res[i] = q
		}
	}
	return NewDecimalArray(res, out, valid, nulls)
}
