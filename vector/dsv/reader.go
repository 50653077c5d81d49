package dsv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// readSize is how many bytes a reader asks the file for at a time.
const readSize = 1 << 20

// slack is the room kept after the data in the buffer, so that the field
// splitter may load whole 64-byte blocks past the last row.
const slack = 64

// reader parses the rows of one partition: those whose first byte lies in
// [lo, hi). The last row may run past hi; it is read to its end.
type reader struct {
	scan *scan
	part int
	fh   source
	path string
	dl   Dialect

	buf      []byte
	off      int64 // file offset of buf[0]
	n        int   // valid bytes in buf
	complete int   // buf[:complete] ends with a line feed (or is the end of the file)
	r        int   // parse position
	eof      bool  // the file's end has been read into buf
	hi       int64 // rows starting at or after hi belong to the next partition
	done     bool
	guessed  bool  // the partition's start was guessed, not known
	start    int64 // where the partition's first row starts

	nulls []string // field values that are NULL
	// rows skipped as broken: how many, and the first ones' text
	nrejected   int64
	rejects     []rejected
	rejectBytes int
	cols        []column // per output column (nil for the file name)
	virtual     []int    // output columns holding the file name
	slot        []int    // for each field of a row: output column, or -1
	needed      []int    // the fields that go to an output column, ascending
	nfields     int
	schema      *arrow.Schema
	rows        int
	colTypes    []types.Type
	colNames    []string
	dm, nm      []uint64 // delimiter and line-feed masks of buf's blocks
	masked      int      // blocks of buf whose masks are computed
	quotes      bool     // the quote character occurs in those blocks
	escapes     bool     // the escape character does
	scratch     []byte   // unescaped quoted field
	fieldBufs   [][]byte
	quoted      []bool
	nullField   []bool // the field is \N (with an escape character)
	reported    int64  // the file offset up to which readBytes counts this reader
}

func newReader(s *scan, p int, fh source) *reader {
	f := s.file
	r := &reader{scan: s, part: p, fh: fh, path: f.path, dl: f.dialect, nfields: len(f.columns), nulls: f.opts.NullStrings}
	if f.dialect.TrailingDelimiter {
		r.nfields++ // the empty field after the last delimiter
	}
	r.slot = make([]int, r.nfields)
	for i := range r.slot {
		r.slot[i] = -1
	}
	cols := make([]types.Column, len(s.cols))
	all := f.allColumns()
	for i, c := range s.cols {
		cols[i] = all[c]
		if c >= len(f.columns) {
			r.virtual = append(r.virtual, i) // the file name
			continue
		}
		r.slot[c] = i
	}
	for i, o := range r.slot {
		if o >= 0 {
			r.needed = append(r.needed, i)
		}
	}
	r.schema = vector.SchemaOf(cols)
	r.cols = make([]column, len(cols))
	for i, c := range cols {
		if c0 := s.cols[i]; c0 < len(f.columns) {
			var layout *timefmt.Format
			if f.formats != nil {
				layout = f.formats[c0]
			}
			r.cols[i] = newColumn(c.Type, min(vector.BatchSize, 256), layout, c.Origin == types.Declared)
		}
		r.colTypes = append(r.colTypes, c.Type)
		r.colNames = append(r.colNames, c.Name)
	}
	r.fieldBufs = make([][]byte, r.nfields)
	r.quoted = make([]bool, r.nfields)
	r.nullField = make([]bool, r.nfields)
	return r
}

// firstRowAfter returns the offset of the first row that starts at or after
// off: the byte after the first line feed at or after off-1.
func (r *reader) firstRowAfter(off int64) (int64, error) {
	if off <= r.scan.file.dataStart {
		return r.scan.file.dataStart, nil
	}
	buf := make([]byte, 16<<10)
	pos := off - 1
	for {
		n, err := r.fh.ReadAt(buf, pos)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i) + 1, nil
		}
		pos += int64(n)
		if err == io.EOF {
			return r.scan.file.textSize, nil
		}
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", r.path, err)
		}
	}
}

func (r *reader) begin(lo, hi int64) {
	r.off, r.hi, r.start, r.reported = lo, hi, lo, lo
	if lo >= hi && lo > r.scan.file.dataStart {
		// The first row starts in a later partition: nothing is ours.
		r.done = true
		r.scan.finished(r.part, lo)
	}
}

func (r *reader) Close() error {
	if r.fh == nil {
		return nil
	}
	err := r.fh.Close()
	r.fh = nil
	return err
}

// fill moves the unparsed tail of the buffer to its front and reads more of
// the file after it, growing the buffer when one row does not fit. Unless
// force is set, it reads until the buffer holds a line feed.
func (r *reader) fill(force bool) error {
	if r.eof {
		return nil
	}
	r.masked = 0
	if r.r > 0 {
		copy(r.buf, r.buf[r.r:r.n])
		r.off += int64(r.r)
		r.n -= r.r
		r.complete = 0
		r.r = 0
	}
	if r.buf == nil {
		// A small partition needs a small buffer; it grows if a row is
		// longer.
		size := int64(readSize)
		if span := r.hi - r.off + 4096; span < size {
			size = max(span, 8192)
		}
		r.buf = make([]byte, int(size)+slack)
	}
	for {
		if len(r.buf)-slack-r.n < (len(r.buf)-slack)/2 {
			nb := make([]byte, 2*(len(r.buf)-slack)+slack)
			copy(nb, r.buf[:r.n])
			r.buf = nb
		}
		m, err := r.fh.ReadAt(r.buf[r.n:len(r.buf)-slack], r.off+int64(r.n))
		r.n += m
		if err == io.EOF || (err == nil && r.scan.file.textSize >= 0 && r.off+int64(r.n) >= r.scan.file.textSize) {
			r.eof = true
			if r.n > 0 && r.buf[r.n-1] != '\n' {
				// The last line has no line feed: give it one.
				r.buf[r.n] = '\n'
				r.n++
			}
			r.complete = r.n
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", r.path, err)
		}
		if i := bytes.LastIndexByte(r.buf[:r.n], '\n'); i >= 0 && (!force || m > 0) {
			r.complete = i + 1
			return nil
		}
	}
}

// Next implements vector.BatchReader.
func (r *reader) Next(ctx context.Context) (arrow.Record, error) {
	if r.done {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for r.rows < vector.BatchSize && !r.done {
		if r.r >= r.complete {
			if r.eof {
				r.finish()
				break
			}
			if err := r.fill(false); err != nil {
				return nil, err
			}
			if r.n == 0 {
				r.finish()
				break
			}
			continue
		}
		r.computeMasks()
		var err error
		if (r.dl.Quote == 0 || !r.quotes) && !r.escapes {
			err = r.parseFast(vector.BatchSize - r.rows)
		} else {
			err = r.parseQuoted(vector.BatchSize - r.rows)
		}
		if err != nil {
			return nil, err
		}
	}
	if at := r.off + int64(r.r); at > r.reported {
		r.scan.readBytes.Add(at - r.reported)
		r.reported = at
	}
	if r.rows == 0 {
		return nil, nil
	}
	n := r.rows
	r.scan.readRows.Add(int64(n))
	arrs := make([]arrow.Array, len(r.cols))
	for i, c := range r.cols {
		if c != nil {
			arrs[i] = c.finish()
		}
	}
	for _, i := range r.virtual {
		arrs[i] = vector.Repeat(r.path, types.VarcharType, n)
	}
	r.rows = 0
	return vector.NewRecord(r.schema, arrs, n), nil
}

func (r *reader) finish() {
	r.done = true
	r.scan.finished(r.part, r.off+int64(r.r))
	r.scan.rejectedRows(r.part, r.nrejected, r.rejects)
}

// rowStartsOurs reports whether the row at buf[r.r] belongs to this
// partition; if not, the partition is finished.
func (r *reader) rowStartsOurs() bool {
	if r.off+int64(r.r) >= r.hi {
		r.finish()
		return false
	}
	return true
}

// computeMasks makes the masks of the blocks up to r.complete, and notes
// whether the quote character occurs in them.
func (r *reader) computeMasks() {
	nb := (r.complete + 63) >> 6
	if r.masked >= nb {
		return
	}
	if cap(r.dm) < nb {
		r.dm = make([]uint64, nb, (len(r.buf)+63)>>6)
		r.nm = make([]uint64, nb, cap(r.dm))
		r.masked, r.quotes = 0, false
	}
	r.dm, r.nm = r.dm[:nb], r.nm[:nb]
	if r.masked == 0 {
		r.quotes, r.escapes = false, false
	}
	q := computeMasks(r.buf[r.masked*64:], r.dl.Delimiter, r.dl.Quote, r.dm[r.masked:nb], r.nm[r.masked:nb])
	r.quotes = r.quotes || q
	if r.dl.Escape != 0 && !r.escapes {
		r.escapes = bytes.IndexByte(r.buf[r.masked*64:min(nb*64, r.n)], r.dl.Escape) >= 0
	}
	r.masked = nb
}

// parseFast parses up to max rows from a region free of quote characters.
// A row is buf[start:nl], nl being its line feed. Its fields are found with
// the delimiter masks of the buffer's 64-byte blocks: the fields that no
// output column needs are skipped with popcounts, not one by one, and the
// row's field count is checked by counting the delimiters left.
func (r *reader) parseFast(max int) error {
	nb := (r.complete + 63) >> 6
	buf, dm, nm := r.buf, r.dm[:nb], r.nm[:nb]
	needed := r.needed
	last := r.nfields - 1
rows:
	for done := 0; done < max && r.r < r.complete; done++ {
		if !r.rowStartsOurs() {
			return nil
		}
		start := r.r
		// The row's line feed: the next set bit of the line-feed masks.
		w := start >> 6
		m := nm[w] & (^uint64(0) << uint(start&63))
		for m == 0 {
			w++
			m = nm[w]
		}
		nl := w<<6 + bits.TrailingZeros64(m)
		r.r = nl + 1
		if nl == start || (nl == start+1 && buf[start] == '\r') {
			done-- // a blank line: no row
			continue
		}
		cur := delimCursor{dm: dm, b: start >> 6, m: dm[start>>6] & (^uint64(0) << uint(start&63))}
		consumed := -1    // index of the last delimiter consumed in this row
		prev := start - 1 // its position
		for _, f := range needed {
			// Skip to the delimiter that ends field f-1, then take field f.
			if consumed < f-1 {
				prev = cur.skip(f - 1 - consumed)
				consumed = f - 1
				if prev >= nl {
					if err := r.skip(r.fieldCountError(start), start, nl+1); err != nil {
						return err
					}
					continue rows
				}
			}
			end := nl
			if f != last {
				end = cur.skip(1)
				if end >= nl {
					if err := r.skip(r.fieldCountError(start), start, nl+1); err != nil {
						return err
					}
					continue rows
				}
				consumed = f
			}
			v := buf[prev+1 : end]
			if f == last && len(v) > 0 && v[len(v)-1] == '\r' {
				v = v[:len(v)-1]
			}
			if len(v) == 0 || (r.nulls != nil && isNullString(v, r.nulls)) {
				r.cols[r.slot[f]].appendNull()
			} else if !r.cols[r.slot[f]].appendValue(v) {
				err := r.valueError(start, f, v)
				if countBits(dm, start, nl) != last {
					err = r.fieldCountError(start)
				}
				if err := r.skip(err, start, nl+1); err != nil {
					return err
				}
				continue rows
			}
			if end < nl {
				prev = end
			}
		}
		// The rest of the row must hold exactly the remaining delimiters.
		if countBits(dm, prev+1, nl) != last-1-consumed {
			if err := r.skip(r.fieldCountError(start), start, nl+1); err != nil {
				return err
			}
			continue rows
		}
		r.rows++
	}
	return nil
}

// delimCursor walks the set bits of the delimiter masks.
type delimCursor struct {
	dm []uint64
	b  int    // current block
	m  uint64 // its bits not consumed yet
}

// skip consumes k delimiters and returns the position of the last, or a
// position past every block when there are not that many.
func (c *delimCursor) skip(k int) int {
	m := c.m
	for {
		n := bits.OnesCount64(m)
		if n >= k {
			break
		}
		k -= n
		c.b++
		if c.b >= len(c.dm) {
			c.m = 0
			return len(c.dm) << 6
		}
		m = c.dm[c.b]
	}
	for ; k > 1; k-- {
		m &= m - 1
	}
	c.m = m & (m - 1)
	return c.b<<6 + bits.TrailingZeros64(m)
}

// countBits counts the set bits of masks in positions [a, b).
func countBits(masks []uint64, a, b int) int {
	if a >= b {
		return 0
	}
	wa, wb := a>>6, b>>6
	lo := ^uint64(0) << uint(a&63)
	hi := uint64(1)<<uint(b&63) - 1
	if wa == wb {
		return bits.OnesCount64(masks[wa] & lo & hi)
	}
	c := bits.OnesCount64(masks[wa] & lo)
	for w := wa + 1; w < wb; w++ {
		c += bits.OnesCount64(masks[w])
	}
	if hi != 0 {
		c += bits.OnesCount64(masks[wb] & hi)
	}
	return c
}

// parseQuoted parses up to limit rows field by field, honouring quotes: a
// field that starts with the quote character runs to the matching quote and
// may hold delimiters, line feeds and doubled quotes.
func (r *reader) parseQuoted(limit int) error {
	for done := 0; done < limit; {
		if r.r >= r.complete || !r.rowStartsOurs() {
			return nil
		}
		end, blank, err := r.splitQuotedRow(r.r)
		if err != nil {
			// A broken row ends, as far as can be told, at the next line
			// feed.
			next := r.r + bytes.IndexByte(r.buf[r.r:r.n], '\n') + 1
			if next <= r.r {
				next = r.n
			}
			if err := r.skip(err, r.r, next); err != nil {
				return err
			}
			continue
		}
		if end < 0 {
			// The row runs past the buffered data: read more and retry.
			if r.eof {
				return &DataError{open: r.scan.file.open, Path: r.path, Offset: r.off + int64(r.r),
					Msg: "a quoted field is not closed before the end of the file", Hint: "check for a missing closing quote character"}
			}
			if r.guessed && int64(r.n-r.r) > max(r.scan.file.partitionSize(), 1<<20) {
				if r.scan.tryAbandon(r.part, r.start) {
					return errAbandoned
				}
				r.guessed = false
			}
			if err := r.fill(true); err != nil {
				return err
			}
			continue
		}
		start := r.r
		r.r = end
		if blank {
			continue
		}
		if err := r.appendRow(start); err != nil {
			if err := r.skip(err, start, end); err != nil {
				return err
			}
			continue
		}
		done++
	}
	return nil
}

// splitQuotedRow splits the row at buf[i:] into r.fieldBufs and returns the
// index just after its line end, or -1 if the buffered data ends first, and
// whether the line is blank.
func (r *reader) splitQuotedRow(i int) (int, bool, error) {
	if r.dl.Escape != 0 && r.dl.Escape != r.dl.Quote {
		return r.splitEscapedRow(i)
	}
	buf, n := r.buf, r.n
	q, d := r.dl.Quote, r.dl.Delimiter
	for k := range r.fieldBufs {
		r.fieldBufs[k] = nil
		r.quoted[k] = false
	}
	r.scratch = r.scratch[:0]
	rowStart := i
	if i < n && (buf[i] == '\n' || (buf[i] == '\r' && i+1 < n && buf[i+1] == '\n')) {
		if buf[i] == '\r' {
			i++
		}
		return i + 1, true, nil
	}
	f := 0
	for {
		if i >= n {
			return -1, false, nil
		}
		if f >= r.nfields {
			return 0, false, r.fieldCountError(rowStart)
		}
		if buf[i] == q {
			// Quoted field.
			s0 := len(r.scratch)
			j := i + 1
			for {
				k := bytes.IndexByte(buf[j:n], q)
				if k < 0 {
					return -1, false, nil
				}
				r.scratch = append(r.scratch, buf[j:j+k]...)
				j += k + 1
				if j < n && buf[j] == q {
					r.scratch = append(r.scratch, q)
					j++
					continue
				}
				if j >= n {
					return -1, false, nil
				}
				break
			}
			r.fieldBufs[f] = r.scratch[s0:len(r.scratch):len(r.scratch)]
			r.quoted[f] = true
			i = j
			if buf[i] == '\r' {
				if i+1 >= n {
					return -1, false, nil // its '\n' is not read yet
				}
				if buf[i+1] == '\n' {
					i++
				}
			}
			switch buf[i] {
			case d:
				i++
				f++
				continue
			case '\n':
				if f != r.nfields-1 {
					return 0, false, r.fieldCountError(rowStart)
				}
				return i + 1, false, nil
			default:
				return 0, false, &DataError{open: r.scan.file.open, Path: r.path, at: r.off + int64(i), Offset: r.off + int64(rowStart),
					Column: r.columnName(f), Value: string(buf[i:min(i+20, n)]),
					Msg:  "unexpected character after a closing quote",
					Hint: "a quote character inside a quoted field must be doubled"}
			}
		}
		// Unquoted field: up to the next delimiter or line feed.
		j := i
		for j < n && buf[j] != d && buf[j] != '\n' {
			j++
		}
		if j >= n {
			return -1, false, nil
		}
		v := buf[i:j]
		if buf[j] == '\n' {
			if len(v) > 0 && v[len(v)-1] == '\r' {
				v = v[:len(v)-1]
			}
			r.fieldBufs[f] = v[:len(v):len(v)]
			if f != r.nfields-1 {
				return 0, false, r.fieldCountError(rowStart)
			}
			return j + 1, false, nil
		}
		r.fieldBufs[f] = v[:len(v):len(v)]
		i = j + 1
		f++
	}
}

// rejected is a row skipped as broken (SET ignore_errors = 1).
type rejected struct {
	err *DataError
	row string
}

// maxRejectBytes bounds the text of a partition's rejected rows kept for a
// rejects file; past it only their number is kept.
const maxRejectBytes = 16 << 20

// skip handles a broken row buf[start:end]: with ignore_errors (and for a
// row error, not a value that only needs its column widened) it undoes
// whatever the row appended, records the row, moves past it and returns
// nil; otherwise it returns err.
func (r *reader) skip(err error, start, end int) error {
	var de *DataError
	var we *WidenError
	if !r.scan.file.opts.IgnoreErrors || errors.As(err, &we) || !errors.As(err, &de) {
		return err
	}
	for _, c := range r.cols {
		if c != nil {
			c.truncate(r.rows)
		}
	}
	r.nrejected++
	if r.rejectBytes < maxRejectBytes {
		row := strings.TrimRight(string(r.buf[start:min(end, r.n)]), "\r\n")
		r.rejects = append(r.rejects, rejected{err: de, row: row})
		r.rejectBytes += len(row)
	}
	r.r = max(r.r, end)
	return nil
}

// columnName names field f (the field after a trailing delimiter has none).
func (r *reader) columnName(f int) string {
	if f < len(r.scan.file.columns) {
		return r.scan.file.columns[f].Name
	}
	return ""
}

// splitEscapedRow is splitQuotedRow for a dialect with an escape character
// (MySQL's LOAD DATA default is the backslash): the escape makes the next
// character literal, \n \t \r \0 \b \Z stand for their control characters,
// and a field that is exactly \N is NULL. Every field is copied.
func (r *reader) splitEscapedRow(i int) (int, bool, error) {
	buf, n := r.buf, r.n
	q, d, e := r.dl.Quote, r.dl.Delimiter, r.dl.Escape
	for k := range r.fieldBufs {
		r.fieldBufs[k] = nil
		r.quoted[k] = false
		r.nullField[k] = false
	}
	r.scratch = r.scratch[:0]
	rowStart := i
	if i < n && (buf[i] == '\n' || (buf[i] == '\r' && i+1 < n && buf[i+1] == '\n')) {
		if buf[i] == '\r' {
			i++
		}
		return i + 1, true, nil
	}
	f := 0
	for {
		if f >= r.nfields {
			return 0, false, r.fieldCountError(rowStart)
		}
		s0 := len(r.scratch)
		quoted := q != 0 && i < n && buf[i] == q
		if quoted {
			i++
		}
		fieldStart := i
		for {
			if i >= n {
				return -1, false, nil
			}
			c := buf[i]
			if c == e {
				if i+1 >= n {
					return -1, false, nil
				}
				r.scratch = append(r.scratch, unescape(buf[i+1]))
				i += 2
				continue
			}
			if quoted {
				if c == q {
					if i+1 < n && buf[i+1] == q {
						r.scratch = append(r.scratch, q)
						i += 2
						continue
					}
					i++ // the closing quote
					quoted = false
					if i >= n {
						return -1, false, nil
					}
					if buf[i] == '\r' && i+1 < n && buf[i+1] == '\n' {
						i++
					}
					if buf[i] != d && buf[i] != '\n' {
						return 0, false, &DataError{open: r.scan.file.open, Path: r.path, at: r.off + int64(i), Offset: r.off + int64(rowStart),
							Column: r.columnName(f), Value: string(buf[i:min(i+20, n)]),
							Msg:  "unexpected character after a closing quote",
							Hint: "a quote character inside a quoted field must be doubled or escaped"}
					}
					r.quoted[f] = true
					break
				}
				r.scratch = append(r.scratch, c)
				i++
				continue
			}
			if c == d || c == '\n' {
				break
			}
			r.scratch = append(r.scratch, c)
			i++
		}
		v := r.scratch[s0:len(r.scratch):len(r.scratch)]
		if !r.quoted[f] {
			if buf[i] == '\n' && len(v) > 0 && v[len(v)-1] == '\r' && (i-1 < fieldStart || buf[i-2] != e) {
				v = v[:len(v)-1]
			}
			if i-fieldStart == 2 && buf[fieldStart] == e && buf[fieldStart+1] == 'N' {
				r.nullField[f] = true
			}
		}
		r.fieldBufs[f] = v
		if buf[i] == '\n' {
			if f != r.nfields-1 {
				return 0, false, r.fieldCountError(rowStart)
			}
			return i + 1, false, nil
		}
		i++ // the delimiter
		f++
	}
}

// unescape translates the character after an escape, as MySQL does.
func unescape(c byte) byte {
	switch c {
	case '0':
		return 0
	case 'b':
		return '\b'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'Z':
		return 0x1a
	}
	return c
}

// appendRow sends the fields split by splitQuotedRow to the output columns.
func (r *reader) appendRow(start int) error {
	for _, f := range r.needed {
		v := r.fieldBufs[f]
		// An empty field is NULL; quoted ("") it is the empty string, for
		// text columns (other types have no empty value).
		if (len(v) == 0 && (!r.quoted[f] || r.colTypes[r.slot[f]].ID != types.Varchar)) || r.nullField[f] ||
			(r.nulls != nil && !r.quoted[f] && isNullString(v, r.nulls)) {
			r.cols[r.slot[f]].appendNull()
		} else if !r.cols[r.slot[f]].appendValue(v) {
			return r.valueError(start, f, v)
		}
	}
	r.rows++
	return nil
}

func (r *reader) valueError(rowStart, field int, v []byte) error {
	c := r.scan.file.columns[field]
	off := r.off + int64(rowStart)
	e := &DataError{open: r.scan.file.open, Path: r.path, Offset: off, Column: c.Name, Value: string(v),
		Msg: fmt.Sprintf("value does not fit the column's type %s", c.Type)}
	switch c.Origin {
	case types.Sniffed, types.Widened:
		e.Hint = fmt.Sprintf("the type %s of %s was guessed from a sample of the file; read every column as text (sqlcsv --all-varchar, SET all_varchar = 1, or Options.AllVarchar) and CAST the values you need", c.Type, c.Name)
		return &WidenError{DataError: e, Col: field, From: c.Type, To: widenFor(c.Type, v)}
	default:
		e.Hint = fmt.Sprintf("the column was declared %s; fix the value or declare the column VARCHAR", c.Type)
	}
	return e
}

func (r *reader) fieldCountError(rowStart int) error {
	off := r.off + int64(rowStart)
	got, text := 0, ""
	if rows, ends := splitRecords(r.buf[rowStart:r.n], r.dl, 1); len(rows) > 0 {
		got = len(rows[0])
		text = strings.TrimRight(string(r.buf[rowStart:rowStart+ends[0]]), "\r\n")
	}
	want := len(r.scan.file.columns)
	if r.dl.TrailingDelimiter {
		got-- // the empty field after the last delimiter
	}
	first := "the header"
	switch {
	case r.scan.file.opts.Columns != nil:
		first = "the table"
	case !r.dl.Header:
		first = "the first line"
	}
	msg := fmt.Sprintf("the row has %d fields, %s has %d", got, first, want)
	if got >= 0 && got < want {
		msg += fmt.Sprintf("; column %s has no value", r.scan.file.columns[got].Name)
	}
	return &DataError{open: r.scan.file.open, Path: r.path, Offset: off, Value: text, Msg: msg,
		Hint: "every row must have as many fields as the first line; a value holding the delimiter or a line break must be quoted"}
}

var _ vector.BatchReader = (*reader)(nil)

// isNullString reports whether v is one of the strings that stand for NULL.
func isNullString(v []byte, nulls []string) bool {
	for _, n := range nulls {
		if len(n) == len(v) && string(v) == n {
			return true
		}
	}
	return false
}
