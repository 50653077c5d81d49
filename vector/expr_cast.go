package vector

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

const microsPerDay = 86400 * 1000000

// CastError reports a value that cannot be converted to a type.
type CastError struct {
	Value string
	To    types.Type
}

func (e *CastError) Error() string {
	return fmt.Sprintf("cannot cast %q to %s", e.Value, e.To)
}

// Cast converts a value to another type. Text that does not hold a value of
// the target type is an error (not a silent NULL); DOUBLE to BIGINT rounds
// half away from zero, as MySQL does.
type Cast struct {
	X  Expr
	To types.Type
}

// Type implements Expr.
func (e *Cast) Type() types.Type { return e.To }

func (e *Cast) String() string { return "CAST(" + e.X.String() + " AS " + e.To.String() + ")" }

// Eval implements Expr.
func (e *Cast) Eval(b arrow.Record) (arrow.Array, error) {
	x, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer x.Release()
	out, err := CastArray(x, e.X.Type(), e.To)
	if err != nil {
		return nil, fmt.Errorf("%w in %s", err, e)
	}
	return out, nil
}

// CastArray converts an array of type from to type to.
func CastArray(x arrow.Array, from, to types.Type) (arrow.Array, error) {
	n := x.Len()
	if from == to {
		x.Retain()
		return x, nil
	}
	if from.ID == types.Unknown || x.DataType().ID() == arrow.NULL {
		return nullsOf(to, n), nil
	}
	if from.ID == types.Decimal {
		return castFromDecimal(x, from, to)
	}
	if to.ID == types.Decimal && from.ID != types.Varchar {
		return castToDecimal(x, from, to)
	}
	valid, nulls := validity(n, x)
	vb := bufBytes(valid)
	switch from.ID {
	case types.Bigint:
		in := int64s(x)
		switch to.ID {
		case types.Double:
			out := make([]float64, n)
			for i, v := range in {
				out[i] = float64(v)
			}
			return NewFloat64Array(out, valid, nulls), nil
		case types.Boolean:
			out := make([]byte, bitutil.BytesForBits(int64(n)))
			for i, v := range in {
				out[i>>3] |= b2u(v != 0) << (i & 7)
			}
			return NewBoolArray(out, n, valid, nulls), nil
		case types.Varchar:
			return toStrings(x, func(dst []byte, i int) []byte { return strconv.AppendInt(dst, in[i], 10) }), nil
		}
	case types.Double:
		in := float64s(x)
		switch to.ID {
		case types.Bigint:
			out := make([]int64, n)
			for i, v := range in {
				r := math.Round(v)
				if (r >= 9.223372036854775807e18 || r < -9.223372036854775808e18 || r != r) && isValid(vb, i) {
					return nil, fmt.Errorf("%w: %s", ErrOutOfRange, AppendFloat(nil, v))
				}
				out[i] = int64(r)
			}
			return NewInt64Array(out, valid, nulls), nil
		case types.Boolean:
			out := make([]byte, bitutil.BytesForBits(int64(n)))
			for i, v := range in {
				out[i>>3] |= b2u(v != 0) << (i & 7)
			}
			return NewBoolArray(out, n, valid, nulls), nil
		case types.Varchar:
			return toStrings(x, func(dst []byte, i int) []byte { return AppendFloat(dst, in[i]) }), nil
		}
	case types.Boolean:
		bits := boolBits(x)
		switch to.ID {
		case types.Bigint:
			out := make([]int64, n)
			for i := range out {
				out[i] = int64(b2i(bitutil.BitIsSet(bits, i)))
			}
			return NewInt64Array(out, valid, nulls), nil
		case types.Double:
			out := make([]float64, n)
			for i := range out {
				out[i] = float64(b2i(bitutil.BitIsSet(bits, i)))
			}
			return NewFloat64Array(out, valid, nulls), nil
		case types.Varchar:
			return toStrings(x, func(dst []byte, i int) []byte {
				return strconv.AppendBool(dst, bitutil.BitIsSet(bits, i))
			}), nil
		}
	case types.Date:
		in := int32s(x)
		switch to.ID {
		case types.Timestamp:
			out := make([]int64, n)
			for i, v := range in {
				out[i] = int64(v) * microsPerDay
			}
			return NewTimestampArray(out, valid, nulls), nil
		case types.Varchar:
			return toStrings(x, func(dst []byte, i int) []byte { return timefmt.AppendDate(dst, in[i]) }), nil
		}
	case types.Timestamp:
		in := int64s(x)
		switch to.ID {
		case types.Date:
			out := make([]int32, n)
			for i, v := range in {
				out[i] = int32(floorDiv(v, microsPerDay))
			}
			return NewDate32Array(out, valid, nulls), nil
		case types.Varchar:
			return toStrings(x, func(dst []byte, i int) []byte { return timefmt.AppendTimestamp(dst, in[i]) }), nil
		}
	case types.Varchar:
		return castFromString(x, to)
	}
	return nil, fmt.Errorf("cannot cast %s to %s", from, to)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// toStrings formats every valid row of x with f.
func toStrings(x arrow.Array, f func(dst []byte, i int) []byte) arrow.Array {
	n := x.Len()
	sb := NewStringBuilder(n, 12)
	var tmp []byte
	for i := 0; i < n; i++ {
		if x.IsNull(i) {
			sb.AppendNull()
			continue
		}
		tmp = f(tmp[:0], i)
		sb.Append(tmp)
	}
	return sb.Finish()
}

// ParseText converts the text of a value to type t, leniently as CAST
// does; see types.ParseText.
func ParseText(s []byte, t types.Type) (any, bool) { return types.ParseText(s, t) }

func castFromString(x arrow.Array, to types.Type) (arrow.Array, error) {
	n := x.Len()
	offs, data := strs(x)
	ap := NewAppender(to)
	for i := 0; i < n; i++ {
		if x.IsNull(i) {
			ap.AppendNull()
			continue
		}
		s := data[offs[i]:offs[i+1]]
		v, ok := ParseText(s, to)
		if !ok {
			return nil, &CastError{Value: string(s), To: to}
		}
		ap.AppendValue(v)
	}
	return ap.Finish(), nil
}

// AppendFloat formats a DOUBLE as PostgreSQL does: the shortest text that
// reads back to the same value, in exponent form only for very large or
// small magnitudes.
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	exp, _ := strconv.Atoi(string(e[bytes.LastIndexByte(e, 'e')+1:]))
	if exp < -4 || exp >= 15 {
		return strconv.AppendFloat(dst, f, 'e', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}
