package pgwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// decodeParam reads a Bind parameter of the given type OID (0: not
// declared) and format into the Go value the engine binds: nil, int64,
// float64, bool, string, sqlcsv.Decimal or time.Time.
func decodeParam(raw []byte, oid uint32, format int16) (any, error) {
	if raw == nil {
		return nil, nil
	}
	if format == formatBinary {
		return decodeBinaryParam(raw, oid)
	}
	if format != formatText {
		return nil, fmt.Errorf("unknown format code %d", format)
	}
	s := string(raw)
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidOID:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid input syntax for type %s: %q", oidName(oid), s)
		}
		return n, nil
	case oidFloat4, oidFloat8:
		f, err := parseFloat(s)
		if err != nil {
			return nil, fmt.Errorf("invalid input syntax for type %s: %q", oidName(oid), s)
		}
		return f, nil
	case oidNumeric:
		d := sqlcsv.Decimal(strings.TrimSpace(s))
		return d, nil
	case oidBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "yes", "on", "1", "y":
			return true, nil
		case "f", "false", "no", "off", "0", "n":
			return false, nil
		}
		return nil, fmt.Errorf("invalid input syntax for type boolean: %q", s)
	case oidDate:
		// As PostgreSQL's date input, a timestamp's date part.
		t, err := parseTimestamp(s)
		if err != nil {
			return nil, fmt.Errorf("invalid input syntax for type date: %q", s)
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	case oidTimestamp, oidTimestampTZ:
		t, err := parseTimestamp(s)
		if err != nil {
			return nil, fmt.Errorf("invalid input syntax for type %s: %q", oidName(oid), s)
		}
		return t, nil
	}
	return s, nil
}

func decodeBinaryParam(raw []byte, oid uint32) (any, error) {
	want := func(n int) error {
		if len(raw) != n {
			return fmt.Errorf("a binary %s of %d bytes, want %d", oidName(oid), len(raw), n)
		}
		return nil
	}
	switch oid {
	case oidInt2:
		if err := want(2); err != nil {
			return nil, err
		}
		return int64(int16(binary.BigEndian.Uint16(raw))), nil
	case oidInt4, oidOID:
		if err := want(4); err != nil {
			return nil, err
		}
		if oid == oidOID {
			return int64(binary.BigEndian.Uint32(raw)), nil
		}
		return int64(int32(binary.BigEndian.Uint32(raw))), nil
	case oidInt8:
		if err := want(8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(raw)), nil
	case oidFloat4:
		if err := want(4); err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(raw))), nil
	case oidFloat8:
		if err := want(8); err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(raw)), nil
	case oidBool:
		if err := want(1); err != nil {
			return nil, err
		}
		return raw[0] != 0, nil
	case oidNumeric:
		s, err := decodeNumeric(raw)
		if err != nil {
			return nil, err
		}
		return sqlcsv.Decimal(s), nil
	case oidDate:
		if err := want(4); err != nil {
			return nil, err
		}
		days := int64(int32(binary.BigEndian.Uint32(raw))) + pgEpochDays
		return time.Unix(days*86400, 0).UTC(), nil
	case oidTimestamp, oidTimestampTZ:
		if err := want(8); err != nil {
			return nil, err
		}
		us := int64(binary.BigEndian.Uint64(raw)) + pgEpochMicros
		return time.UnixMicro(us).UTC(), nil
	case oidText, oidVarchar, oidBPChar, oidNameType, oidUnknown:
		return string(raw), nil
	case oidBytea:
		return append([]byte(nil), raw...), nil
	case 0:
		return nil, fmt.Errorf("a binary parameter of no declared type (give its type in Parse, or send it as text)")
	}
	return nil, fmt.Errorf("binary parameters of type OID %d are not supported (send it as text)", oid)
}

// parseFloat reads a float8 as PostgreSQL does, with NaN and Infinity.
func parseFloat(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(t, 64)
}

// parseTimestamp reads a timestamp in PostgreSQL's ISO output (with an
// optional fraction and zone offset); a zoned one is taken in UTC.
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
}

// oidName is the SQL name of a type OID, for messages.
func oidName(oid uint32) string {
	switch oid {
	case oidInt2:
		return "smallint"
	case oidInt4:
		return "integer"
	case oidInt8:
		return "bigint"
	case oidOID:
		return "oid"
	case oidFloat4:
		return "real"
	case oidFloat8:
		return "double precision"
	case oidNumeric:
		return "numeric"
	case oidBool:
		return "boolean"
	case oidDate:
		return "date"
	case oidTimestamp:
		return "timestamp without time zone"
	case oidTimestampTZ:
		return "timestamp with time zone"
	case oidBytea:
		return "bytea"
	}
	return "text"
}
