package types

import (
	"bytes"
	"strconv"
	"unsafe"

	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// ParseText converts the text of a value to type t, leniently as CAST
// does: surrounding spaces are ignored and integers may have leading zeros.
// The value is in the representation constants use: bool, int64, float64,
// string, int32 days (DATE), int64 microseconds (TIMESTAMP) or a
// decimal128.Num (DECIMAL, a count of 10^-scale).
func ParseText(s []byte, t Type) (any, bool) {
	s = bytes.TrimSpace(s)
	switch t.ID {
	case Varchar:
		return string(s), true
	case Bigint:
		v, err := strconv.ParseInt(unsafe.String(unsafe.SliceData(s), len(s)), 10, 64)
		if err != nil {
			return nil, false
		}
		return v, true
	case Double:
		v, err := strconv.ParseFloat(string(s), 64)
		if err != nil {
			return nil, false
		}
		return v, true
	case Boolean:
		switch string(bytes.ToLower(s)) {
		case "true", "t", "yes", "y", "on", "1":
			return true, true
		case "false", "f", "no", "n", "off", "0":
			return false, true
		}
		return nil, false
	case Date:
		s = trimUTC(s)
		if d, ok := timefmt.ParseDate(s); ok {
			return d, true
		}
		if ts, ok := timefmt.ParseTimestamp(s); ok {
			return int32(floorDiv(ts, timefmt.MicrosPerDay)), true
		}
		return nil, false
	case Timestamp:
		s = trimUTC(s)
		if ts, ok := timefmt.ParseTimestamp(s); ok {
			return ts, true
		}
		return nil, false
	case Decimal:
		n, ok := ParseDecimal(s, int(t.Scale))
		if !ok || !FitsPrecision(n, int(t.Precision)) {
			return nil, false
		}
		return n, true
	}
	return nil, false
}

// trimUTC removes a zone suffix of offset zero from a timestamp's text
// (Z, +00, +00:00, +0000, " UTC"), which drivers write for a UTC time:
// the instant and the wall clock are then the same. Other offsets stay,
// and make the text invalid.
func trimUTC(s []byte) []byte {
	for _, suffix := range []string{"Z", "+00:00", "+0000", "+00", " UTC", "-00:00", "-00"} {
		if n := len(s) - len(suffix); n >= 10 && string(s[n:]) == suffix {
			return bytes.TrimRight(s[:n], " ")
		}
	}
	return s
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
