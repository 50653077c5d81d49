package pgwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/decimal128"

	"github.com/sqlcsv/sqlcsv/render"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Type OIDs of PostgreSQL's built-in types (pg_type.oid).
const (
	oidBool         = 16
	oidBytea        = 17
	oidNameType     = 19
	oidNameArray    = 1003
	oidInt8         = 20
	oidInt2         = 21
	oidInt4         = 23
	oidText         = 25
	oidOID          = 26
	oidRegproc      = 24
	oidRegclass     = 2205
	oidRegtype      = 2206
	oidRegnamespace = 4089
	oidRegrole      = 4096
	oidFloat4       = 700
	oidFloat8       = 701
	oidUnknown      = 705
	oidBPChar       = 1042
	oidVarchar      = 1043
	oidDate         = 1082
	oidTimestamp    = 1114
	oidTimestampTZ  = 1184
	oidNumeric      = 1700
)

// Format codes of a value on the wire.
const (
	formatText   = 0
	formatBinary = 1
)

// pgType is how a column of an engine type is described to a client: the
// type's OID, its pg_type.typlen, and the type modifier (for NUMERIC,
// (precision << 16 | scale) + 4; -1 otherwise).
type pgType struct {
	oid    uint32
	size   int16
	typmod int32
}

// pgTypeOf maps an engine type to the PostgreSQL type a client sees.
func pgTypeOf(t types.Type) pgType {
	switch t.ID {
	case types.Boolean:
		return pgType{oidBool, 1, -1}
	case types.Bigint:
		return pgType{oidInt8, 8, -1}
	case types.Double:
		return pgType{oidFloat8, 8, -1}
	case types.Decimal:
		return pgType{oidNumeric, -1, (int32(t.Precision)<<16 | int32(t.Scale)) + 4}
	case types.Date:
		return pgType{oidDate, 4, -1}
	case types.Timestamp:
		return pgType{oidTimestamp, 8, -1}
	case types.Binary:
		return pgType{oidBytea, -1, -1}
	}
	// VARCHAR, and the type of a bare NULL.
	return pgType{oidText, -1, -1}
}

// pgTypeOfColumn is the PostgreSQL type of a result column: the one its
// tag names ("pg:26", the emulated catalog's columns; "pg:23", an integer
// literal), if the engine type holds that type's values, else its engine
// type's.
func pgTypeOfColumn(c types.Column) pgType {
	if oid, ok := strings.CutPrefix(c.Tag, "pg:"); ok {
		if n, err := strconv.ParseUint(oid, 10, 32); err == nil {
			if info, ok := pgTypeByOID(int64(n)); ok && storageOf(info) == c.Type.ID {
				return pgType{uint32(n), int16(info.len), -1}
			}
		}
	}
	return pgTypeOf(c.Type)
}

// storageOf is the engine type that holds the values of a PostgreSQL type
// (those of the integers, float4 and float8, boolean, date, timestamps
// and numeric; a string for the others).
func storageOf(t *pgTypeInfo) types.ID {
	switch t.oid {
	case oidFloat4, oidFloat8:
		return types.Double
	case oidNumeric:
		return types.Decimal
	case oidBool:
		return types.Boolean
	case oidDate:
		return types.Date
	case oidTimestamp, oidTimestampTZ:
		return types.Timestamp
	case oidBytea:
		return types.Binary
	}
	if t.category == "N" && t.byVal {
		return types.Bigint // int2, int4, int8, oid and the reg* types
	}
	if t.oid == 28 || t.oid == 29 {
		return types.Bigint // xid, cid
	}
	return types.Varchar
}

// checkRange fails, as PostgreSQL does, on a value of an int2 or int4
// column that the type cannot hold (the engine computes in 64 bits: SELECT
// 2147483647 + 1 is an int4 overflow there).
func checkRange(arr arrow.Array, i int, oid uint32) error {
	a, ok := arr.(*array.Int64)
	if !ok || a.IsNull(i) {
		return nil
	}
	switch v := a.Value(i); oid {
	case oidInt4:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return errorf(codeOutOfRange, "integer out of range")
		}
	case oidInt2:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return errorf(codeOutOfRange, "smallint out of range")
		}
	}
	return nil
}

// isRegType says whether oid is one of the reg* types whose values are
// OIDs written as names.
func isRegType(oid uint32) bool {
	switch oid {
	case oidRegproc, oidRegclass, oidRegtype, oidRegnamespace, oidRegrole:
		return true
	}
	return false
}

// pgEpochDays is 2000-01-01, PostgreSQL's epoch for binary dates and
// timestamps, in days since 1970-01-01.
const pgEpochDays = 10957

// pgEpochMicros is that epoch in microseconds since 1970-01-01.
const pgEpochMicros = pgEpochDays * 86400 * 1000000

// appendText appends the text format of value i of arr, of a column
// described as type oid, and reports whether it is NULL. It is the
// engine's canonical text (PostgreSQL's own for numbers, dates and
// timestamps), but for booleans, which PostgreSQL writes as t and f, and
// the reg* types, which it writes as names (reg gives them).
func appendText(dst []byte, arr arrow.Array, i int, oid uint32, reg func(typ uint32, v int64) string) ([]byte, bool) {
	if a, ok := arr.(*array.Int64); ok && isRegType(oid) {
		// A reg* value is written as the name of what it stands for.
		if a.IsNull(i) {
			return dst, true
		}
		return append(dst, reg(oid, a.Value(i))...), false
	}
	if b, ok := arr.(*array.Boolean); ok {
		if b.IsNull(i) {
			return dst, true
		}
		if b.Value(i) {
			return append(dst, 't'), false
		}
		return append(dst, 'f'), false
	}
	return render.AppendValue(dst, arr, i)
}

// appendBinary appends the binary format of value i of arr, as the type
// oid the column is described as, and reports whether it is NULL.
func appendBinary(dst []byte, arr arrow.Array, i int, oid uint32) ([]byte, bool, error) {
	if arr.IsNull(i) {
		return dst, true, nil
	}
	switch a := arr.(type) {
	case *array.Int64:
		if err := checkRange(arr, i, oid); err != nil {
			return dst, false, err
		}
		v := a.Value(i)
		if oid != oidInt8 {
			// int2, and the 4-byte int4, oid, regproc, xid, cid, ...
			if t, ok := pgTypeByOID(int64(oid)); ok {
				switch t.len {
				case 2:
					return binary.BigEndian.AppendUint16(dst, uint16(v)), false, nil
				case 4:
					return binary.BigEndian.AppendUint32(dst, uint32(v)), false, nil
				}
			}
		}
		return binary.BigEndian.AppendUint64(dst, uint64(v)), false, nil
	case *array.Float64:
		if oid == oidFloat4 {
			return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(a.Value(i)))), false, nil
		}
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(a.Value(i))), false, nil
	case *array.Boolean:
		if a.Value(i) {
			return append(dst, 1), false, nil
		}
		return append(dst, 0), false, nil
	case *array.String:
		if t, ok := pgTypeByOID(int64(oid)); ok && t.category == "A" && t.elem != 0 {
			out, err := appendBinaryArray(dst, a.Value(i), uint32(t.elem), oid)
			return out, false, err
		}
		return append(dst, a.Value(i)...), false, nil
	case *array.Date32:
		return binary.BigEndian.AppendUint32(dst, uint32(int32(a.Value(i))-pgEpochDays)), false, nil
	case *array.Timestamp:
		us := int64(a.Value(i))
		switch a.DataType().(*arrow.TimestampType).Unit {
		case arrow.Second:
			us *= 1000000
		case arrow.Millisecond:
			us *= 1000
		case arrow.Nanosecond:
			us /= 1000
		}
		return binary.BigEndian.AppendUint64(dst, uint64(us-pgEpochMicros)), false, nil
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return appendNumeric(dst, a.Value(i), scale), false, nil
	case *array.LargeBinary:
		return append(dst, a.Value(i)...), false, nil
	case *array.Null:
		return dst, true, nil
	}
	return dst, false, fmt.Errorf("no binary format for a column of Arrow type %s", arr.DataType())
}

// appendNumeric appends the binary NUMERIC of the decimal v of the given
// scale: ndigits, weight, sign, dscale (int16 each), then ndigits base-10000
// digits, the first of weight 10000^weight.
func appendNumeric(dst []byte, v decimal128.Num, scale int32) []byte {
	neg := v.Sign() < 0
	if neg {
		v = v.Negate()
	}
	s := v.BigInt().String() // the unscaled digits
	// Split into an integer and a fraction part at the scale.
	for int32(len(s)) <= scale {
		s = "0" + s
	}
	intPart, frac := s[:int32(len(s))-scale], s[int32(len(s))-scale:]
	intPart = strings.TrimLeft(intPart, "0")
	// Pad both to whole base-10000 groups: the integer part on the left,
	// the fraction on the right.
	if r := len(intPart) % 4; r != 0 {
		intPart = strings.Repeat("0", 4-r) + intPart
	}
	if r := len(frac) % 4; r != 0 {
		frac += strings.Repeat("0", 4-r)
	}
	var groups []int16
	digits := intPart + frac
	for k := 0; k < len(digits); k += 4 {
		g := 0
		for _, c := range digits[k : k+4] {
			g = g*10 + int(c-'0')
		}
		groups = append(groups, int16(g))
	}
	weight := len(intPart)/4 - 1
	// Strip zero groups at both ends (PostgreSQL's canonical form).
	for len(groups) > 0 && groups[0] == 0 {
		groups = groups[1:]
		weight--
	}
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	sign := uint16(0x0000)
	if neg && len(groups) > 0 {
		sign = 0x4000
	}
	if len(groups) == 0 {
		weight = 0
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(groups)))
	dst = binary.BigEndian.AppendUint16(dst, uint16(int16(weight)))
	dst = binary.BigEndian.AppendUint16(dst, sign)
	dst = binary.BigEndian.AppendUint16(dst, uint16(scale))
	for _, g := range groups {
		dst = binary.BigEndian.AppendUint16(dst, uint16(g))
	}
	return dst
}

// decodeNumeric reads a binary NUMERIC into its decimal text.
func decodeNumeric(src []byte) (string, error) {
	if len(src) < 8 {
		return "", fmt.Errorf("a binary numeric of %d bytes, want at least 8", len(src))
	}
	n := int(binary.BigEndian.Uint16(src))
	weight := int(int16(binary.BigEndian.Uint16(src[2:])))
	sign := binary.BigEndian.Uint16(src[4:])
	dscale := int(binary.BigEndian.Uint16(src[6:]))
	if len(src) != 8+2*n {
		return "", fmt.Errorf("a binary numeric of %d digits in %d bytes", n, len(src))
	}
	switch sign {
	case 0xC000:
		return "", fmt.Errorf("NaN is not a number this server stores")
	case 0xD000, 0xF000:
		return "", fmt.Errorf("an infinite numeric is not a number this server stores")
	case 0x0000, 0x4000:
	default:
		return "", fmt.Errorf("a binary numeric with sign word %#x", sign)
	}
	// value = sum digit[k] * 10000^(weight-k)
	v := new(big.Int)
	base := big.NewInt(10000)
	for k := 0; k < n; k++ {
		d := int64(binary.BigEndian.Uint16(src[8+2*k:]))
		if d > 9999 {
			return "", fmt.Errorf("a binary numeric digit %d over 9999", d)
		}
		v.Mul(v, base)
		v.Add(v, big.NewInt(d))
	}
	// v is scaled by 10000^(n-1-weight); rescale to 10^dscale.
	shift := 4*(n-1-weight) - dscale // decimal digits to drop (>0) or add (<0)
	switch {
	case shift > 0:
		v.Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	case shift < 0:
		v.Mul(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-shift)), nil))
	}
	s := v.String()
	if dscale > 0 {
		for len(s) <= dscale {
			s = "0" + s
		}
		s = s[:len(s)-dscale] + "." + s[len(s)-dscale:]
	}
	if sign == 0x4000 && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s, nil
}

// appendBinaryArray appends the binary format of a one-dimensional array
// (array_send's) whose text is text ({a,b}; int2vector and oidvector
// "1 2") and whose elements are of type elem: ndim, has-NULL flag,
// element OID, size and lower bound, then each element's length (-1 for
// NULL) and binary value.
func appendBinaryArray(dst []byte, text string, elem, oid uint32) ([]byte, error) {
	var elems []*string
	lower := int32(1)
	if oid == 22 || oid == 30 {
		lower = 0 // int2vector and oidvector count from 0
		for _, f := range strings.Fields(text) {
			f := f
			elems = append(elems, &f)
		}
	} else {
		var err error
		if elems, err = parseArray(text); err != nil {
			return dst, err
		}
	}
	hasNull := int32(0)
	for _, e := range elems {
		if e == nil {
			hasNull = 1
		}
	}
	ndim := int32(1)
	if len(elems) == 0 {
		ndim = 0
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(ndim))
	dst = binary.BigEndian.AppendUint32(dst, uint32(hasNull))
	dst = binary.BigEndian.AppendUint32(dst, elem)
	if ndim == 1 {
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(elems)))
		dst = binary.BigEndian.AppendUint32(dst, uint32(lower))
	}
	for _, e := range elems {
		if e == nil {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		if dst, err = appendBinaryElement(dst, *e, elem); err != nil {
			return dst, err
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst, nil
}

// appendBinaryElement appends an array element, given as text, in the
// binary format of its type.
func appendBinaryElement(dst []byte, s string, elem uint32) ([]byte, error) {
	bad := func() ([]byte, error) {
		return dst, errorf(codeInvalidText, fmt.Sprintf("array element %q is not a valid %s", s, formatType(int64(elem), -1)))
	}
	switch elem {
	case oidBool:
		switch s {
		case "t", "true":
			return append(dst, 1), nil
		case "f", "false":
			return append(dst, 0), nil
		}
		return bad()
	case oidInt2, oidInt4, oidInt8, oidOID:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return bad()
		}
		switch elem {
		case oidInt2:
			return binary.BigEndian.AppendUint16(dst, uint16(n)), nil
		case oidInt8:
			return binary.BigEndian.AppendUint64(dst, uint64(n)), nil
		}
		return binary.BigEndian.AppendUint32(dst, uint32(n)), nil
	case oidFloat4, oidFloat8:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return bad()
		}
		if elem == oidFloat4 {
			return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(f))), nil
		}
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(f)), nil
	case oidText, oidNameType, oidVarchar, oidBPChar, 18 /* "char" */ :
		return append(dst, s...), nil
	}
	return dst, errorf(codeFeatureNotSupp, fmt.Sprintf("no binary output function available for type %s", formatType(int64(elem), -1)))
}
