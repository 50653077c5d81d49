package dsv

import (
	"bytes"
	"fmt"
	"os"
	"sync"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// DataError reports a row or a value of a file that cannot be read as the
// table says it should be.
type DataError struct {
	Path   string
	Offset int64 // byte offset of the row in the file
	Column string
	Value  string
	Msg    string
	Hint   string

	at   int64                  // offset whose line is reported, if not Offset
	open func() (source, error) // the file's text (nil: the file at Path)
	once sync.Once
	line int64
}

// Line is the 1-based physical line of the problem, counting the header.
// It is found by reading the file up to the row, once, when first asked:
// most data errors of a parallel scan come from partitions read from a
// wrong guess and are discarded unseen.
func (e *DataError) Line() int64 {
	e.once.Do(func() {
		at := e.at
		if at == 0 {
			at = e.Offset
		}
		open := e.open
		if open == nil {
			open = func() (source, error) { return os.Open(e.Path) }
		}
		e.line = lineAt(open, at)
	})
	return e.line
}

// Error implements error.
func (e *DataError) Error() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s", e.Path)
	if line := e.Line(); line > 0 {
		fmt.Fprintf(&b, ":%d", line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %s", e.Column)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	if e.Value != "" || e.Column != "" {
		v := e.Value
		if len(v) > 200 {
			v = v[:200] + "..."
		}
		fmt.Fprintf(&b, " (value %q)", v)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\nhint: %s", e.Hint)
	}
	return b.String()
}

// lineAt returns the 1-based line number of the byte at offset, counting
// line feeds from the start of the file. It reads the file up to offset, so
// it is only for error reports.
func lineAt(open func() (source, error), offset int64) int64 {
	f, err := open()
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var line int64 = 1
	var read int64
	for read < offset {
		want := int64(len(buf))
		if offset-read < want {
			want = offset - read
		}
		n, err := f.ReadAt(buf[:want], read)
		line += int64(bytes.Count(buf[:n], []byte{'\n'}))
		read += int64(n)
		if err != nil {
			break
		}
	}
	return line
}

// WidenError reports a value that does not fit its column's sniffed type.
// The column can be widened to To (DOUBLE for a decimal in a BIGINT column,
// TIMESTAMP for a time in a DATE column, else VARCHAR) and the query run
// again: see File.Widen.
type WidenError struct {
	*DataError
	Col      int // the column's index in the file
	From, To types.Type
}

// Reason says why the column is widened, for messages.
func (e *WidenError) Reason() string {
	return fmt.Sprintf("column %s of %s was read as %s (guessed from a sample of the file) until line %d held %q; it is %s from now on",
		e.Column, e.Path, e.From, e.Line(), e.Value, e.To)
}

// Unwrap returns the data error.
func (e *WidenError) Unwrap() error { return e.DataError }

// widenFor returns the narrowest type wider than t that holds v.
func widenFor(t types.Type, v []byte) types.Type {
	k := classify(string(v))
	switch {
	case t.ID == types.Bigint && k == types.Double:
		return types.DoubleType
	case t.ID == types.Decimal && (k == types.Double || k == types.Bigint):
		return types.DoubleType
	case t.ID == types.Date && k == types.Timestamp:
		return types.TimestampType
	}
	return types.VarcharType
}
