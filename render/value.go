package render

import (
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
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
		return appendFloat(dst, a.Value(i)), false
	case *array.String:
		return append(dst, a.Value(i)...), false
	case *array.Boolean:
		return strconv.AppendBool(dst, a.Value(i)), false
	case *array.Date32:
		return appendDate(dst, int64(a.Value(i))), false
	case *array.Timestamp:
		us := int64(a.Value(i))
		if tt, ok := a.DataType().(*arrow.TimestampType); ok {
			us = toMicros(us, tt.Unit)
		}
		return appendTimestamp(dst, us), false
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
		return floorDiv(v, 1_000)
	}
	return v
}

// appendFloat appends v in PostgreSQL's float8 output style.
func appendFloat(dst []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	case math.IsInf(v, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(v, -1):
		return append(dst, "-Infinity"...)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'e', -1, 64)
	// The exponent follows the last 'e': e+20, e-05.
	exp := 0
	j := len(dst) - 1
	for dst[j] != 'e' {
		j--
	}
	neg := dst[j+1] == '-'
	for _, c := range dst[j+2:] {
		exp = exp*10 + int(c-'0')
	}
	if neg {
		exp = -exp
	}
	if exp < -4 || exp >= 15 {
		return dst
	}
	return strconv.AppendFloat(dst[:start], v, 'f', -1, 64)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse).
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11]
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// appendPad appends v (>= 0) in decimal with at least width digits.
func appendPad(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	b := strconv.AppendInt(buf[:0], v, 10)
	for n := len(b); n < width; n++ {
		dst = append(dst, '0')
	}
	return append(dst, b...)
}

// appendDate appends the date days after 1970-01-01 as YYYY-MM-DD. Years
// before 1 print as negative astronomical years (-0001 is 2 BC).
func appendDate(dst []byte, days int64) []byte {
	y, m, d := civil(days)
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	}
	dst = appendPad(dst, y, 4)
	dst = append(dst, '-')
	dst = appendPad(dst, m, 2)
	dst = append(dst, '-')
	return appendPad(dst, d, 2)
}

const microsPerDay = 86_400_000_000

// appendTimestamp appends us microseconds after 1970-01-01 00:00:00 as
// YYYY-MM-DD hh:mm:ss[.ffffff], the fraction trimmed of trailing zeros.
func appendTimestamp(dst []byte, us int64) []byte {
	days := floorDiv(us, microsPerDay)
	rem := us - days*microsPerDay
	dst = appendDate(dst, days)
	dst = append(dst, ' ')
	secs := rem / 1_000_000
	frac := rem % 1_000_000
	dst = appendPad(dst, secs/3600, 2)
	dst = append(dst, ':')
	dst = appendPad(dst, secs/60%60, 2)
	dst = append(dst, ':')
	dst = appendPad(dst, secs%60, 2)
	if frac != 0 {
		dst = append(dst, '.')
		dst = appendPad(dst, frac, 6)
		end := len(dst)
		for dst[end-1] == '0' {
			end--
		}
		dst = dst[:end]
	}
	return dst
}
