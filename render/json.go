package render

import (
	"math"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// jsonWriter prints a JSON array of objects, one object per line:
//
//	[{"year":2006,"state":"AL","mme":12.5},
//	{"year":2007,"state":"AK","mme":null}]
//
// and "[]" for an empty result, both followed by a newline. Keys are the
// column names in column order (duplicate names give duplicate keys).
// BIGINT and DOUBLE values are JSON numbers in their canonical text, except
// that NaN, Infinity and -Infinity are the strings "NaN", "Infinity" and
// "-Infinity"; BOOLEAN values are true/false, NULL is null, and every other
// value (VARCHAR, DATE, TIMESTAMP) is a string of its canonical text.
type jsonWriter struct {
	base
	keys []string // `"name":` per column, the first preceded by `{`
	rows int64
	val  []byte // scratch
	out  []byte // scratch
}

func (j *jsonWriter) Begin(cols []types.Column) error {
	if err := j.begin(cols); err != nil {
		return err
	}
	j.keys = make([]string, len(cols))
	for i, c := range cols {
		var b []byte
		if i == 0 {
			b = append(b, '{')
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, []byte(c.Name))
		b = append(b, ':')
		j.keys[i] = string(b)
	}
	return nil
}

func (j *jsonWriter) Write(rec arrow.Record) error {
	if err := j.check(rec); err != nil {
		return err
	}
	arrs := rec.Columns()
	n := int(rec.NumRows())
	for i := 0; i < n; i++ {
		if j.rows == 0 {
			j.bw.WriteByte('[')
		} else {
			j.bw.WriteString(",\n")
		}
		j.rows++
		out := j.out[:0]
		for c, a := range arrs {
			out = append(out, j.keys[c]...)
			out = j.appendValue(out, a, i)
		}
		out = append(out, '}')
		j.bw.Write(out)
		j.out = out
	}
	return j.ew.err
}

// appendValue appends value i of a as JSON.
func (j *jsonWriter) appendValue(dst []byte, a arrow.Array, i int) []byte {
	var null bool
	j.val, null = AppendValue(j.val[:0], a, i)
	if null {
		return append(dst, "null"...)
	}
	switch a := a.(type) {
	case *array.Int64, *array.Boolean, *array.Decimal128:
		return append(dst, j.val...)
	case *array.Float64:
		if v := a.Value(i); !math.IsNaN(v) && !math.IsInf(v, 0) {
			return append(dst, j.val...)
		}
	}
	return appendJSONString(dst, j.val)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: '"' and '\' escaped, control
// characters as \n, \r, \t, \b, \f or \u00XX, U+2028 and U+2029 as \u
// escapes, invalid UTF-8 replaced by U+FFFD, and no HTML escaping.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func (j *jsonWriter) End() error {
	if err := j.end(); err != nil {
		return err
	}
	if j.rows == 0 {
		j.bw.WriteString("[]\n")
	} else {
		j.bw.WriteString("]\n")
	}
	return j.flush()
}
