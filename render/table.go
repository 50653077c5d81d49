package render

import (
	"strconv"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// tableRows is how many rows the table buffers to fix its column widths.
const tableRows = 1000

// tableWriter prints psql's aligned format (border 1):
//
//	 year | state |   mme
//	------+-------+---------
//	 2006 | AL    |    12.5
//	(1 row)
//
// The rules, as psql's print_aligned_text follows them:
//   - a column's width is the largest rune count of its name and of its
//     cells in the first 1000 rows;
//   - the header line is, for each column, " " + the name centered in the
//     width (floor(pad/2) spaces before, the rest after) + " ", columns
//     joined by "|"; it therefore ends with a space;
//   - the separator line is, for each column, width+2 "-", joined by "+";
//   - a data line is, for each column, " " + the cell + " ", joined by "|",
//     except that nothing follows the last cell; BIGINT and DOUBLE cells are
//     right-aligned (padded before), the others left-aligned (padded after),
//     and a left-aligned last cell is not padded, so data lines have no
//     trailing spaces (but a line whose last cell is an empty string ends
//     with "| ");
//   - the footer is "(N rows)", or "(1 row)".
//
// Unlike psql, a newline, carriage return or tab in a value shows as \n, \r
// or \t, keeping one line per row, and no blank line follows the footer.
// Rows after the first 1000 use the widths fixed so far; a longer value is
// printed whole and shifts the rest of its line.
type tableWriter struct {
	base
	opt    Options
	names  []string // escaped column names
	right  []bool   // right-aligned columns
	widths []int

	cells   []string // buffered cells, row-major
	nbuf    int      // buffered rows
	flushed bool     // header and buffered rows printed; now streaming
	rows    int64

	val  []byte // scratch: canonical value
	cell []byte // scratch: display text
	ends []int  // scratch: ends of a streamed row's cells in row
	row  []byte // scratch: a streamed row's cells
}

func (t *tableWriter) Begin(cols []types.Column) error {
	if err := t.begin(cols); err != nil {
		return err
	}
	t.names = make([]string, len(cols))
	t.right = make([]bool, len(cols))
	t.widths = make([]int, len(cols))
	for i, c := range cols {
		t.names[i] = string(escape(nil, []byte(c.Name)))
		t.right[i] = c.Type.IsNumeric()
		t.widths[i] = utf8.RuneCountInString(t.names[i])
	}
	return nil
}

// display appends the display text of value i of arr to dst: NullString for
// NULL, else the canonical text with control characters escaped and cut to
// MaxWidth runes.
func (t *tableWriter) display(dst []byte, arr arrow.Array, i int) []byte {
	var null bool
	t.val, null = AppendValue(t.val[:0], arr, i)
	if null {
		return append(dst, t.opt.NullString...)
	}
	start := len(dst)
	dst = escape(dst, t.val)
	if m := t.opt.MaxWidth; m > 0 && utf8.RuneCount(dst[start:]) > m {
		// Keep m-1 runes and end with an ellipsis.
		j := start
		for k := 0; k < m-1; k++ {
			_, size := utf8.DecodeRune(dst[j:])
			j += size
		}
		dst = append(dst[:j], "…"...)
	}
	return dst
}

// escape appends s to dst with newline, carriage return and tab written as
// \n, \r and \t.
func escape(dst, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func (t *tableWriter) Write(rec arrow.Record) error {
	if err := t.check(rec); err != nil {
		return err
	}
	arrs := rec.Columns()
	n := int(rec.NumRows())
	for i := 0; i < n; i++ {
		t.rows++
		if !t.flushed {
			for c, a := range arrs {
				t.cell = t.display(t.cell[:0], a, i)
				s := string(t.cell)
				if w := utf8.RuneCountInString(s); w > t.widths[c] {
					t.widths[c] = w
				}
				t.cells = append(t.cells, s)
			}
			t.nbuf++
			if t.nbuf == tableRows {
				t.flush1000()
			}
			continue
		}
		t.row = t.row[:0]
		t.ends = t.ends[:0]
		for _, a := range arrs {
			t.row = t.display(t.row, a, i)
			t.ends = append(t.ends, len(t.row))
		}
		start := 0
		for c, end := range t.ends {
			b := t.row[start:end]
			t.writeCell(c, utf8.RuneCount(b), "", b)
			start = end
		}
		t.bw.WriteByte('\n')
	}
	return t.ew.err
}

// flush1000 prints the header and the buffered rows, and switches to
// streaming.
func (t *tableWriter) flush1000() {
	t.flushed = true
	bw := t.bw
	for c, name := range t.names {
		if c > 0 {
			bw.WriteByte('|')
		}
		pad := t.widths[c] - utf8.RuneCountInString(name)
		t.spaces(1 + pad/2)
		bw.WriteString(name)
		t.spaces((pad+1)/2 + 1)
	}
	bw.WriteByte('\n')
	for c, w := range t.widths {
		if c > 0 {
			bw.WriteByte('+')
		}
		for k := 0; k < w+2; k++ {
			bw.WriteByte('-')
		}
	}
	bw.WriteByte('\n')
	ncol := len(t.names)
	for r := 0; r < t.nbuf; r++ {
		for c, s := range t.cells[r*ncol : (r+1)*ncol] {
			t.writeCell(c, utf8.RuneCountInString(s), s, nil)
		}
		bw.WriteByte('\n')
	}
	t.cells = nil
	t.nbuf = 0
}

// writeCell prints cell c of a data line, whose text is s or b (the other
// being empty) and n runes wide.
func (t *tableWriter) writeCell(c, n int, s string, b []byte) {
	if c > 0 {
		t.bw.WriteString(" | ")
	} else {
		t.bw.WriteByte(' ')
	}
	pad := t.widths[c] - n
	if t.right[c] {
		t.spaces(pad)
	}
	t.bw.WriteString(s)
	t.bw.Write(b)
	if !t.right[c] && c < len(t.widths)-1 {
		t.spaces(pad)
	}
}

const blanks = "                                                                "

// spaces writes n spaces (none when n <= 0).
func (t *tableWriter) spaces(n int) {
	for n > 0 {
		k := min(n, len(blanks))
		t.bw.WriteString(blanks[:k])
		n -= k
	}
}

func (t *tableWriter) End() error {
	if err := t.end(); err != nil {
		return err
	}
	if !t.flushed {
		t.flush1000()
	}
	t.bw.WriteByte('(')
	t.bw.Write(strconv.AppendInt(t.val[:0], t.rows, 10))
	if t.rows == 1 {
		t.bw.WriteString(" row)\n")
	} else {
		t.bw.WriteString(" rows)\n")
	}
	return t.flush()
}
