package render

import (
	"github.com/apache/arrow/go/v15/arrow"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// delimWriter prints CSV or TSV: a header line of the column names, then one
// line per row, fields separated by sep, lines ended by "\n". A NULL is an
// empty unquoted field; any other value is quoted, with " doubled, when it
// is the empty string (so that it differs from NULL) or contains the
// separator, '"', '\r' or '\n'; for CSV also when it begins or ends with a
// space or a tab. Column names are quoted by the same rule.
type delimWriter struct {
	base
	sep         byte
	quoteSpaces bool   // CSV: quote values with leading or trailing blanks
	val         []byte // scratch
}

func (d *delimWriter) Begin(cols []types.Column) error {
	if err := d.begin(cols); err != nil {
		return err
	}
	for i, c := range cols {
		if i > 0 {
			d.bw.WriteByte(d.sep)
		}
		d.field([]byte(c.Name))
	}
	d.bw.WriteByte('\n')
	return nil
}

// needsQuote reports whether a non-NULL field must be quoted.
func (d *delimWriter) needsQuote(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	if d.quoteSpaces {
		if first, last := s[0], s[len(s)-1]; first == ' ' || first == '\t' || last == ' ' || last == '\t' {
			return true
		}
	}
	for _, c := range s {
		if c == d.sep || c == '"' || c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

// field prints one non-NULL field.
func (d *delimWriter) field(s []byte) {
	if !d.needsQuote(s) {
		d.bw.Write(s)
		return
	}
	d.bw.WriteByte('"')
	for _, c := range s {
		if c == '"' {
			d.bw.WriteByte('"')
		}
		d.bw.WriteByte(c)
	}
	d.bw.WriteByte('"')
}

func (d *delimWriter) Write(rec arrow.Record) error {
	if err := d.check(rec); err != nil {
		return err
	}
	arrs := rec.Columns()
	n := int(rec.NumRows())
	for i := 0; i < n; i++ {
		for c, a := range arrs {
			if c > 0 {
				d.bw.WriteByte(d.sep)
			}
			var null bool
			d.val, null = AppendValue(d.val[:0], a, i)
			if !null {
				d.field(d.val)
			}
		}
		d.bw.WriteByte('\n')
	}
	return d.ew.err
}

func (d *delimWriter) End() error {
	if err := d.end(); err != nil {
		return err
	}
	return d.flush()
}
