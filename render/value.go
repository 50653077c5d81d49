package render

import (
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// FormatValue returns the canonical text of value i of arr, the text every
// format prints for it, and whether the value is NULL (the text is then "").
//
// BIGINT prints in decimal, BOOLEAN as true/false, VARCHAR as is, DATE as
// 2011-07-18, TIMESTAMP as 2011-07-18 13:05:09 followed by a fraction of up
// to six digits (trailing zeros trimmed) when the fraction is not zero, and
// DOUBLE as PostgreSQL 12+ prints float8 (see AppendValue).
//
// The returned string never shares memory with arr, so it may be kept after
// the record is released.
func FormatValue(arr arrow.Array, i int) (s string, isNull bool) {
	if arr.IsNull(i) {
		return "", true
	}
	if a, ok := arr.(*array.String); ok {
		return strings.Clone(a.Value(i)), false
	}
	var buf [64]byte
	b, null := AppendValue(buf[:0], arr, i)
	if null {
		return "", true
	}
	return string(b), false
}

// AppendValue appends the canonical text of value i of arr (the text
// FormatValue returns) to dst and returns the extended buffer and whether the
// value is NULL; nothing is appended for a NULL. It does not allocate for
// numbers, booleans, dates and timestamps when dst has room.
//
// A DOUBLE prints as PostgreSQL 12+ prints float8: the shortest decimal that
// reads back as the same value, in plain notation when its decimal exponent
// is in [-4, 15) (3, 0.1, 12.5, 0.0001) and in exponent notation otherwise
// (1e+20, 1.5e-05, 1.2345678901234568e+17); NaN, Infinity, -Infinity and -0
// print as such.
//
// Arrays of a type sqlcsv does not produce print as Arrow's ValueStr does.
func AppendValue(dst []byte, arr arrow.Array, i int) ([]byte, bool) {
	if arr.IsNull(i) {
		return dst, true
	}
	switch a := arr.(type) {
	case *array.Int64:
		return strconv.AppendInt(dst, a.Value(i), 10), false
	case *array.Float64:
		return vector.AppendFloat(dst, a.Value(i)), false
	case *array.String:
		return append(dst, a.Value(i)...), false
	case *array.Boolean:
		return strconv.AppendBool(dst, a.Value(i)), false
	case *array.Date32:
		return timefmt.AppendDate(dst, int32(a.Value(i))), false
	case *array.Decimal128:
		return types.AppendDecimal(dst, a.Value(i), int(a.DataType().(*arrow.Decimal128Type).Scale)), false
	case *array.Timestamp:
		us := int64(a.Value(i))
		if tt, ok := a.DataType().(*arrow.TimestampType); ok {
			us = toMicros(us, tt.Unit)
		}
		return timefmt.AppendTimestamp(dst, us), false
	case *array.Null:
		// Arrow's Null array has no validity bitmap: IsNull says false.
		return dst, true
	}
	return append(dst, arr.ValueStr(i)...), false
}

// toMicros converts a timestamp in unit u to microseconds (nanoseconds are
// floored to the microsecond).
func toMicros(v int64, u arrow.TimeUnit) int64 {
	switch u {
	case arrow.Second:
		return v * 1_000_000
	case arrow.Millisecond:
		return v * 1_000
	case arrow.Nanosecond:
		q := v / 1_000
		if v%1_000 < 0 {
			q--
		}
		return q
	}
	return v
}
