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

	typeNames []string   // with ShowTypes
	tail      [][]string // with MaxRows: the last rows seen, a ring
	tailNext  int        // where the ring's next row goes
	hidden    int        // with Width: columns hidden behind a "…" column
}

// head and tail are how many first and last rows MaxRows shows.
func (t *tableWriter) headTail() (head, tail int) {
	return (t.opt.MaxRows + 1) / 2, t.opt.MaxRows / 2
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
		if t.opt.ShowTypes {
			tn := c.Type.String()
			t.typeNames = append(t.typeNames, tn)
			t.widths[i] = max(t.widths[i], utf8.RuneCountInString(tn))
		}
	}
	return nil
}

// formatRow is row i of arrs as display cells.
func (t *tableWriter) formatRow(arrs []arrow.Array, i int) []string {
	row := make([]string, len(arrs))
	for c, a := range arrs {
		t.cell = t.display(t.cell[:0], a, i)
		row[c] = string(t.cell)
	}
	return row
}

// writeCapped takes the rows of a batch when MaxRows is set: the first
// ones into the head, and those that may be among the last into the ring.
func (t *tableWriter) writeCapped(arrs []arrow.Array, n int) {
	head, tail := t.headTail()
	for i := 0; i < n; i++ {
		switch {
		case t.rows < int64(head):
			t.cells = append(t.cells, t.formatRow(arrs, i)...)
			t.nbuf++
		case n-1-i < tail:
			// Fewer than tail rows follow in this batch: it may be shown.
			if len(t.tail) < tail {
				t.tail = append(t.tail, t.formatRow(arrs, i))
			} else {
				t.tail[t.tailNext] = t.formatRow(arrs, i)
				t.tailNext = (t.tailNext + 1) % tail
			}
		}
		t.rows++
	}
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
	if t.opt.MaxRows > 0 {
		t.writeCapped(arrs, n)
		return t.ew.err
	}
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
	t.centered(t.names)
	if t.typeNames != nil {
		t.centered(t.typeNames)
	}
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

// centered prints a header line: each column's text centered in its
// width.
func (t *tableWriter) centered(texts []string) {
	for c, s := range texts {
		if c > 0 {
			t.bw.WriteByte('|')
		}
		pad := t.widths[c] - utf8.RuneCountInString(s)
		t.spaces(1 + pad/2)
		t.bw.WriteString(s)
		t.spaces((pad+1)/2 + 1)
	}
	t.bw.WriteByte('\n')
}

// endCapped prints a table of MaxRows: the head, a row of "…" if rows
// were left out, the tail, and the footer with the count.
func (t *tableWriter) endCapped() error {
	head, _ := t.headTail()
	tail := append(append([][]string(nil), t.tail[t.tailNext:]...), t.tail[:t.tailNext]...)
	ncol := len(t.names)
	for r := 0; r < t.nbuf; r++ {
		for c, s := range t.cells[r*ncol : (r+1)*ncol] {
			t.widths[c] = max(t.widths[c], utf8.RuneCountInString(s))
		}
	}
	for _, row := range tail {
		for c, s := range row {
			t.widths[c] = max(t.widths[c], utf8.RuneCountInString(s))
		}
	}
	if t.opt.Width > 0 {
		tail = t.fitWidth(tail)
	}
	t.flush1000() // header and head rows
	omitted := t.rows - int64(head) - int64(len(tail))
	if omitted > 0 {
		for c := range t.names {
			t.writeCell(c, 1, "…", nil)
		}
		t.bw.WriteByte('\n')
	}
	for _, row := range tail {
		for c, s := range row {
			t.writeCell(c, utf8.RuneCountInString(s), s, nil)
		}
		t.bw.WriteByte('\n')
	}
	t.bw.WriteByte('(')
	t.bw.Write(strconv.AppendInt(t.val[:0], t.rows, 10))
	switch {
	case t.rows == 1:
		t.bw.WriteString(" row")
	case omitted > 0:
		t.bw.WriteString(" rows, " + strconv.FormatInt(t.rows-omitted, 10) + " shown")
	default:
		t.bw.WriteString(" rows")
	}
	if t.hidden > 0 {
		shown := len(t.names) - 1
		t.bw.WriteString("; " + strconv.Itoa(shown+t.hidden) + " columns, " + strconv.Itoa(shown) + " shown")
	}
	t.bw.WriteString(")\n")
	return t.flush()
}

// Narrowing a capped table to the terminal's width: the widest columns
// are first narrowed to no less than fitWidthSoft runes; if a line is
// still too wide, columns are hidden from the middle, a "…" column
// standing for them; if the first and last columns alone are too wide,
// they are narrowed to no less than fitWidthHard runes.
const (
	fitWidthSoft = 10
	fitWidthHard = 3
)

// lineWidth is how wide a line of columns of widths ws is: a space, the
// widths, " | " between columns and a space.
func lineWidth(ws []int) int {
	n := 2 + 3*(len(ws)-1)
	for _, w := range ws {
		n += w
	}
	return n
}

// narrow narrows the widest of ws, none below floor, until a line fits
// in width or none can be narrowed.
func narrow(ws []int, width, floor int) {
	for over := lineWidth(ws) - width; over > 0; over = lineWidth(ws) - width {
		widest, second := 0, 0
		for c, w := range ws {
			if w > ws[widest] {
				widest = c
			}
		}
		for c, w := range ws {
			if c != widest && w > second {
				second = w
			}
		}
		if ws[widest] <= floor {
			return
		}
		// Narrow the widest to the next one's width, or by what is over.
		ws[widest] = max(floor, ws[widest]-max(1, min(over, ws[widest]-second)))
	}
}

// fitWidth fits the capped table held (names, types, head rows and tail)
// in Width runes, and returns the tail rows as they are to print.
func (t *tableWriter) fitWidth(tail [][]string) [][]string {
	narrow(t.widths, t.opt.Width, fitWidthSoft)
	ncol := len(t.names)
	// Show the first keep columns and the last ones, of the narrowed
	// widths, with a "…" column between, hiding as few as fit.
	keepFirst, keepLast := ncol, 0
	if lineWidth(t.widths) > t.opt.Width && ncol > 2 {
		keepFirst, keepLast = 1, 1
		for keepFirst+keepLast < ncol-1 {
			// Grow the side that is shorter, the first side first.
			f, l := keepFirst, keepLast
			if f <= l {
				f++
			} else {
				l++
			}
			ws := append(append(append([]int(nil), t.widths[:f]...), 1), t.widths[ncol-l:]...)
			if lineWidth(ws) > t.opt.Width {
				break
			}
			keepFirst, keepLast = f, l
		}
	}
	if keepFirst < ncol {
		t.hidden = ncol - keepFirst - keepLast
		pick := func(row []string, mid string) []string {
			out := append(append([]string(nil), row[:keepFirst]...), mid)
			return append(out, row[ncol-keepLast:]...)
		}
		t.names = pick(t.names, "…")
		if t.typeNames != nil {
			t.typeNames = pick(t.typeNames, "")
		}
		t.right = append(append(append([]bool(nil), t.right[:keepFirst]...), false), t.right[ncol-keepLast:]...)
		t.widths = append(append(append([]int(nil), t.widths[:keepFirst]...), 1), t.widths[ncol-keepLast:]...)
		var cells []string
		for r := 0; r < t.nbuf; r++ {
			cells = append(cells, pick(t.cells[r*ncol:(r+1)*ncol], "…")...)
		}
		t.cells = cells
		for i, row := range tail {
			tail[i] = pick(row, "…")
		}
		ncol = len(t.names)
	}
	narrow(t.widths, t.opt.Width, fitWidthHard)
	cut := func(row []string) {
		for c, s := range row {
			row[c] = cutRunes(s, t.widths[c])
		}
	}
	cut(t.names)
	if t.typeNames != nil {
		cut(t.typeNames)
	}
	for r := 0; r < t.nbuf; r++ {
		cut(t.cells[r*ncol : (r+1)*ncol])
	}
	for _, row := range tail {
		cut(row)
	}
	return tail
}

// cutRunes is s cut to w runes, the last of which is "…", when it is
// longer.
func cutRunes(s string, w int) string {
	if utf8.RuneCountInString(s) <= w {
		return s
	}
	j := 0
	for k := 0; k < w-1; k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return s[:j] + "…"
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
	if t.opt.MaxRows > 0 {
		return t.endCapped()
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
