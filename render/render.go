// Package render prints query results for the command line and the
// interactive shell.
//
// A result arrives as a stream of Arrow record batches; a Writer receives the
// result's columns once (Begin), then each batch (Write), then End, and prints
// the result in one of four formats:
//
//   - Table: psql's aligned format, for humans;
//   - CSV: RFC 4180 with a header line;
//   - TSV: tab-separated with a header line;
//   - JSON: an array of objects, one object per line.
//
// All formats print a value with the same canonical text (FormatValue).
// Writers stream: apart from the first 1000 rows of a table, which fix the
// column widths, nothing is kept beyond a buffered writer that End flushes.
package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Writer prints one result.
type Writer interface {
	// Begin is called once, before any batch, with the result's columns.
	Begin(cols []types.Column) error
	// Write prints the rows of one batch. It is called zero or more times
	// and does not retain rec (or memory of it) after it returns.
	Write(rec arrow.Record) error
	// End is called once, after the last batch; it prints any trailer and
	// flushes the output.
	End() error
}

// Format is an output format.
type Format int

// The output formats.
const (
	// Table is psql's aligned table, the default for humans.
	Table Format = iota
	// CSV is comma-separated values (RFC 4180) with a header line.
	CSV
	// TSV is tab-separated values with a header line.
	TSV
	// JSON is a JSON array of objects, one object per line.
	JSON
)

var formatNames = [...]string{Table: "table", CSV: "csv", TSV: "tsv", JSON: "json"}

// String returns the name of the format as ParseFormat accepts it.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat returns the format named s: "table", "csv", "tsv" or "json",
// in any case, surrounding spaces ignored.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for f, n := range formatNames {
		if name == n {
			return Format(f), nil
		}
	}
	return Table, fmt.Errorf("unknown output format %q (valid formats: %s)", s, strings.Join(formatNames[:], ", "))
}

// Options tunes the writers. The zero value is the default.
type Options struct {
	// MaxWidth is, for Table, the maximum width of one cell in runes; a
	// longer value is cut to MaxWidth runes, the last of which is "…".
	// Zero (or less) means unlimited. Column names are never cut.
	MaxWidth int
	// NullString is, for Table, how a NULL shows; "" means "NULL".
	NullString string
	// MaxRows, if positive, makes Table show at most that many rows: the
	// first half and the last half (a row of "…" between them), with the
	// total count in the footer. It holds only the rows it shows, so a
	// result of any size prints in bounded memory.
	MaxRows int
	// ShowTypes makes Table print the column types under their names.
	ShowTypes bool
	// Width, if positive and MaxRows is set, is the terminal's width in
	// runes: the widest columns are narrowed (to no less than 3 runes)
	// until a line fits, and the names and cells longer than their column
	// are cut, ending with "…".
	Width int
}

// New returns a Writer that prints a result in format f to w. An unknown
// format prints as Table.
func New(f Format, w io.Writer, opt Options) Writer {
	ew := &errWriter{w: w}
	bw := bufio.NewWriterSize(ew, 64<<10)
	base := base{ew: ew, bw: bw}
	switch f {
	case CSV:
		return &delimWriter{base: base, sep: ',', quoteSpaces: true}
	case TSV:
		return &delimWriter{base: base, sep: '\t'}
	case JSON:
		return &jsonWriter{base: base}
	}
	if opt.NullString == "" {
		opt.NullString = "NULL"
	}
	return &tableWriter{base: base, opt: opt}
}

// errWriter remembers the first error of the underlying writer, so that a
// writer can stop at the end of a batch when the output is gone (a closed
// pipe) instead of formatting the whole result for nothing.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// base holds what all writers share: the output and the call-order state.
type base struct {
	ew    *errWriter
	bw    *bufio.Writer
	cols  []types.Column
	began bool
	ended bool
}

var (
	errNotBegun = errors.New("render: Write or End before Begin")
	errBegun    = errors.New("render: Begin called twice")
	errEnded    = errors.New("render: call after End")
)

func (b *base) begin(cols []types.Column) error {
	if b.ended {
		return errEnded
	}
	if b.began {
		return errBegun
	}
	b.began = true
	b.cols = append([]types.Column(nil), cols...)
	return nil
}

// check validates a Write call.
func (b *base) check(rec arrow.Record) error {
	switch {
	case b.ended:
		return errEnded
	case !b.began:
		return errNotBegun
	case int(rec.NumCols()) != len(b.cols):
		return fmt.Errorf("render: batch has %d columns, result has %d", rec.NumCols(), len(b.cols))
	}
	return b.ew.err
}

// end validates an End call and marks the writer ended.
func (b *base) end() error {
	if b.ended {
		return errEnded
	}
	if !b.began {
		return errNotBegun
	}
	b.ended = true
	return nil
}

// flush flushes the buffered output and reports any write error.
func (b *base) flush() error {
	if err := b.bw.Flush(); err != nil {
		return err
	}
	return b.ew.err
}
