package dsv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// spreadSamples is the number of places past the head where types are
// sniffed again, so that a column whose values change type deep in the file
// is usually typed right from the start.
const spreadSamples = 8

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniff fills in the file's dialect, columns and data offset.
func (f *File) sniff(ctx context.Context, fh source) error {
	head := make([]byte, f.opts.SampleSize)
	n, err := fh.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", f.path, err)
	}
	atEOF := err == io.EOF
	head = head[:n]
	// The sample must hold a whole line: read on until it does.
	for !atEOF && bytes.IndexByte(head, '\n') < 0 {
		more := make([]byte, max(len(head), 4096))
		m, err := fh.ReadAt(more, int64(len(head)))
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %s: %w", f.path, err)
		}
		atEOF = err == io.EOF || m == 0
		head = append(head, more[:m]...)
	}
	n = len(head)
	var skip int64
	if bytes.HasPrefix(head, bom) {
		head = head[len(bom):]
		skip = int64(len(bom))
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("%s: the file holds NUL bytes: it is not a delimited text file (or is UTF-16 encoded, which is not supported; convert it to UTF-8)", f.path)
	}
	// Only whole lines of the sample are used, unless it is the whole file.
	whole := atEOF || int64(n) == f.textSize
	if !whole {
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	if len(bytes.TrimSpace(head)) == 0 {
		// An empty file is a table with no rows, and no columns unless they
		// are declared.
		f.dialect = Dialect{Delimiter: ',', Quote: '"'}
		if f.opts.Dialect != nil {
			f.dialect = *f.opts.Dialect
		}
		f.dataStart = int64(n)
		f.columns = append([]types.Column(nil), f.opts.Columns...)
		return nil
	}
	d := sniffDialect(head)
	if f.opts.Dialect != nil {
		d = *f.opts.Dialect
	}
	rows, offs := splitRecords(head, d, 0)
	if len(rows) == 0 {
		return fmt.Errorf("%s: no complete line in the first %d bytes", f.path, len(head))
	}
	f.rowBytes = float64(len(head)) / float64(len(rows))
	d.CRLF = bytes.Contains(head, []byte("\r\n"))
	// Lines that end with the delimiter (TPC-H's .tbl files) have an empty
	// last field that is no column.
	if trailingDelimiter(head, rows, d) {
		d.TrailingDelimiter = true
		for i := range rows {
			rows[i] = rows[i][:len(rows[i])-1]
		}
	}
	ncols := len(rows[0])
	if f.opts.Columns != nil && len(f.opts.Columns) != ncols {
		return fmt.Errorf("%s: the table has %d columns, but the file's lines have %d fields", f.path, len(f.opts.Columns), ncols)
	}

	// Lines to skip: a header, sniffed or said.
	skipLines := 0
	var names []string
	guess := make(guesses, ncols)
	if f.opts.Dialect != nil {
		skipLines = min(f.opts.IgnoreLines, len(rows))
		d.Header = skipLines > 0
		if d.Header {
			names = rows[0]
		}
		for _, row := range rows[skipLines:] {
			guess.addRow(row, ncols)
		}
	} else {
		// Types from the head, without its first line, then from samples
		// spread over the rest of the file.
		for _, row := range rows[1:] {
			guess.addRow(row, ncols)
		}
		if !whole && !f.opts.AllVarchar && f.opts.Columns == nil && f.textSize >= 0 {
			if err := f.sniffSpread(ctx, fh, d, ncols, guess); err != nil {
				return err
			}
		}
		// The first line is a header unless it could be data of the types
		// the other lines have, or it looks like data anyway.
		d.Header = isHeader(rows[0], guess, len(rows) > 1)
		if d.Header {
			skipLines, names = 1, rows[0]
		} else {
			guess.addRow(rows[0], ncols)
		}
	}
	f.dialect = d
	f.lowDistinct = lowDistinct(rows[skipLines:], ncols)
	if whole {
		f.sampledRows = len(rows) - skipLines // the header is no row
	}
	if f.opts.Columns != nil {
		f.columns = append([]types.Column(nil), f.opts.Columns...)
	} else {
		f.columns = make([]types.Column, ncols)
		seen := map[string]int{}
		for i := range f.columns {
			name := fmt.Sprintf("column%d", i)
			if i < len(names) && strings.TrimSpace(names[i]) != "" {
				name = strings.TrimSpace(names[i])
			}
			base := name
			for k := 1; ; k++ {
				if _, dup := seen[strings.ToLower(name)]; !dup {
					break
				}
				name = fmt.Sprintf("%s_%d", base, k)
			}
			seen[strings.ToLower(name)] = i
			t := types.VarcharType
			if !f.opts.AllVarchar {
				var layout *timefmt.Format
				t, layout = guess[i].result()
				if layout != nil {
					if f.formats == nil {
						f.formats = make([]*timefmt.Format, ncols)
					}
					f.formats[i] = layout
				}
			}
			f.columns[i] = types.Column{Name: name, Type: t, Nullable: true, Origin: types.Sniffed}
		}
	}
	f.dataStart = skip
	if skipLines > 0 {
		f.dataStart = skip + int64(offs[skipLines-1])
	}
	return nil
}

// guesses are the type guesses of a row's columns.
type guesses []typeGuess

// addRow adds a row's values, if it has the expected width.
func (g guesses) addRow(row []string, ncols int) {
	if len(row) != ncols {
		return
	}
	for i, v := range row {
		g[i].add(v)
	}
}

// trailingDelimiter reports whether every line of the sample ends with the
// delimiter, leaving an empty last field.
func trailingDelimiter(head []byte, rows [][]string, d Dialect) bool {
	for _, r := range rows {
		if len(r) < 2 || r[len(r)-1] != "" {
			return false
		}
	}
	for _, line := range bytes.Split(bytes.TrimRight(head, "\r\n"), []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > 0 && line[len(line)-1] != d.Delimiter {
			return false
		}
	}
	return true
}

// sniffSpread types the rows of samples taken at spreadSamples places past
// the head of the file.
func (f *File) sniffSpread(ctx context.Context, fh source, d Dialect, ncols int, guess guesses) error {
	size := int64(f.opts.SampleSize / spreadSamples)
	if size < 4096 {
		size = 4096
	}
	buf := make([]byte, size)
	for k := 1; k <= spreadSamples; k++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		off := f.size * int64(k) / (spreadSamples + 1)
		if off <= int64(f.opts.SampleSize) {
			continue
		}
		n, err := fh.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %s: %w", f.path, err)
		}
		b := buf[:n]
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			continue
		}
		b = b[i+1:]
		if err != io.EOF {
			if j := bytes.LastIndexByte(b, '\n'); j >= 0 {
				b = b[:j+1]
			} else {
				continue
			}
		}
		rows, _ := splitRecords(b, d, 0)
		for _, row := range rows {
			if d.TrailingDelimiter && len(row) > 0 {
				row = row[:len(row)-1]
			}
			// A sample may start inside a quoted field: rows of the wrong
			// width are not used.
			guess.addRow(row, ncols)
		}
	}
	return nil
}

// sniffDialect picks the delimiter that splits the first lines into the
// same number of fields (more than one) most consistently, and the quoting:
// RFC 4180 double quotes, backslash-escaped quotes (\" inside a quoted
// field, as MySQL and many exporters write them) when only they make the
// quoted fields well formed, or none.
func sniffDialect(head []byte) Dialect {
	best := Dialect{Delimiter: ',', Quote: '"'}
	bestScore := 0
	escapes := []byte{0}
	if bytes.Contains(head, []byte(`\"`)) {
		escapes = append(escapes, '\\')
	}
	var cands []Dialect
	for _, c := range []byte{',', '\t', '|', ';'} {
		for _, e := range escapes {
			cands = append(cands, Dialect{Delimiter: c, Quote: '"', Escape: e})
		}
	}
	for _, d := range cands {
		rows, _ := splitRecords(head, d, 50)
		if len(rows) == 0 {
			continue
		}
		width := len(rows[0])
		if width < 2 {
			continue
		}
		same := 0
		for _, r := range rows {
			if len(r) == width {
				same++
			}
		}
		// Consistent rows first, then more fields.
		score := same*1000 + width
		if same*10 < len(rows)*9 {
			score = width
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	if best.Escape != 0 {
		plain := best
		plain.Escape = 0
		if malformed, _ := quoteUse(head, plain); !malformed {
			best = plain // the backslashes are text
		} else if malformed, _ := quoteUse(head, best); !malformed {
			return best
		} else {
			best = plain
		}
	}
	if malformed, needed := quoteUse(head, best); malformed && !needed {
		// Quote characters that do not delimit fields (a TSV cell like
		// "Best" buy), in a sample where no field needs quoting, are text:
		// the file is read without quoting, and nothing is lost.
		best.Quote = 0
	}
	return best
}

// quoteUse reports whether data has a field that starts with the quote
// character but is not a well-formed quoted field (closed by a quote that a
// delimiter or a line end follows, a doubled quote standing for one), and
// whether it has a well-formed one that needs its quotes (it holds the
// delimiter, a line break or a doubled quote).
func quoteUse(data []byte, d Dialect) (malformed, needed bool) {
	i := 0
	for i < len(data) {
		if data[i] != d.Quote {
			// An unquoted field: on to the next delimiter or line feed.
			for i < len(data) && data[i] != d.Delimiter && data[i] != '\n' {
				i++
			}
			i++
			continue
		}
		start := i
		for i++; ; i += 2 {
			k := bytes.IndexByte(data[i:], d.Quote)
			if d.Escape != 0 {
				if e := bytes.IndexByte(data[i:], d.Escape); e >= 0 && (k < 0 || e < k) {
					i += e // skip the escape and the character after it
					if i+1 >= len(data) {
						return malformed, needed // the sample ends inside the field
					}
					continue
				}
			}
			if k < 0 {
				return malformed, needed // the sample ends inside the field
			}
			i += k
			if i+1 >= len(data) || data[i+1] != d.Quote {
				break
			}
		}
		// data[i] is the closing quote.
		body := data[start+1 : i]
		i++
		if i < len(data) && data[i] == '\r' {
			i++
		}
		if i < len(data) && data[i] != d.Delimiter && data[i] != '\n' {
			malformed = true
			for i < len(data) && data[i] != d.Delimiter && data[i] != '\n' {
				i++
			}
		} else if bytes.IndexByte(body, d.Delimiter) >= 0 || bytes.IndexByte(body, '\n') >= 0 || bytes.IndexByte(body, d.Quote) >= 0 {
			needed = true
		}
		i++
	}
	return malformed, needed
}

// splitRecords splits data into rows of fields, honouring quotes, and
// returns the rows with the offset just past each row's line end. It stops
// after max rows (0: no limit) or at a row left incomplete by the data's end.
func splitRecords(data []byte, d Dialect, max int) ([][]string, []int) {
	// The fields' text goes into one buffer and becomes one string at the
	// end, so that a megabyte of sample costs a few allocations rather
	// than one per field.
	var text []byte
	var ends []int    // each field's end in text
	var rowEnds []int // each row's end in ends
	var offs []int
	var special [256]bool // the bytes that end a run of plain field text
	for _, c := range []byte{d.Delimiter, d.Quote, d.Escape, '\n', '\r'} {
		special[c] = true
	}
	if max == 0 {
		text = make([]byte, 0, len(data))
		ends = make([]int, 0, bytes.Count(data, []byte{d.Delimiter})+bytes.Count(data, []byte{'\n'})+1)
	}
	i := 0
	for i < len(data) && (max == 0 || len(rowEnds) < max) {
		rowStart, fieldFrom := len(ends), len(text)
		start := i
		inQuote, wasQuoted, fieldStart := false, false, true
		done := false
		for i < len(data) {
			c := data[i]
			if c == d.Escape && d.Escape != 0 && i+1 < len(data) {
				if !inQuote && fieldStart && data[i+1] == 'N' && (i+2 >= len(data) || data[i+2] == d.Delimiter || data[i+2] == '\n' || data[i+2] == '\r') {
					// \N, MySQL's NULL: no value for the types.
					i += 2
					fieldStart = false
					continue
				}
				text = append(text, unescape(data[i+1]))
				i += 2
				fieldStart = false
				continue
			}
			if inQuote {
				if c == d.Quote {
					if i+1 < len(data) && data[i+1] == d.Quote {
						text = append(text, c)
						i += 2
						continue
					}
					inQuote = false
					i++
					continue
				}
				text = append(text, c)
				i++
				continue
			}
			switch {
			case c == d.Quote && fieldStart:
				inQuote, wasQuoted, fieldStart = true, true, false
			case c == '\r' && i+1 < len(data) && data[i+1] == '\n':
				// The CR of a CRLF line end, after a closing quote too.
			case c == d.Delimiter:
				ends = append(ends, len(text))
				fieldFrom, wasQuoted, fieldStart = len(text), false, true
			case c == '\n':
				if !wasQuoted && len(text) > fieldFrom && text[len(text)-1] == '\r' {
					text = text[:len(text)-1]
				}
				ends = append(ends, len(text))
				done = true
			default:
				j := i + 1
				for j < len(data) && !special[data[j]] {
					j++
				}
				text = append(text, data[i:j]...)
				fieldStart = false
				i = j
				continue
			}
			i++
			if done {
				break
			}
		}
		if !done {
			if i >= len(data) && !inQuote && i > start {
				// The data ends without a line feed: the row is complete.
				ends = append(ends, len(text))
				rowEnds = append(rowEnds, len(ends))
				offs = append(offs, i)
			} else {
				ends, text = ends[:rowStart], text[:rowStartText(ends, rowStart)]
			}
			break
		}
		if len(ends) == rowStart+1 && ends[rowStart] == rowStartText(ends, rowStart) {
			ends, text = ends[:rowStart], text[:rowStartText(ends, rowStart)]
			continue // blank line
		}
		rowEnds = append(rowEnds, len(ends))
		offs = append(offs, i)
	}
	all := string(text)
	fields := make([]string, len(ends))
	from := 0
	for j, e := range ends {
		fields[j] = all[from:e]
		from = e
	}
	rows := make([][]string, len(rowEnds))
	from = 0
	for j, e := range rowEnds {
		rows[j] = fields[from:e:e]
		from = e
	}
	return rows, offs
}

// rowStartText is where in the text buffer of splitRecords the row whose
// first field is field number first begins.
func rowStartText(ends []int, first int) int {
	if first == 0 {
		return 0
	}
	return ends[first-1]
}

// typeGuess accumulates the narrowest type that holds every value seen.
// Dates and timestamps may be in ISO 8601 or in one of temporalFormats
// (fmts: the formats every value so far matched), not a mix.
//
// Numbers whose fractions all have the same number of digits (prices:
// 12.50, 3.25, 7) are fixed-point: DECIMAL(18,s) when they fit 18 digits.
type typeGuess struct {
	seen    bool
	varchar bool
	kind    types.ID
	fmts    uint32 // non-ISO dates or timestamps: candidate formats
	// Of the numbers: the number of fraction digits (0 until one has a
	// fraction), the most integer digits, and whether the fractions differ
	// in length or one has an exponent.
	scale, intDigits int
	floating         bool
}

// noteNumber records the shape of a number for the DECIMAL guess.
func (g *typeGuess) noteNumber(v string) {
	i := 0
	for i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	v = v[i:]
	dot := -1
	for j := 0; j < len(v); j++ {
		switch v[j] {
		case 'e', 'E':
			g.floating = true
			return
		case '.':
			if dot < 0 {
				dot = j
			}
		}
	}
	ip, frac := v, ""
	if dot >= 0 {
		ip, frac = v[:dot], v[dot+1:]
	}
	g.intDigits = max(g.intDigits, len(ip))
	switch {
	case len(frac) == 0:
	case g.scale == 0:
		g.scale = len(frac)
	case g.scale != len(frac):
		g.floating = true
	}
}

// temporalFormats are the date and timestamp layouts recognised besides
// ISO 8601, by order of preference (month first, as in the US).
var temporalFormats = func() []struct {
	kind types.ID
	f    *timefmt.Format
} {
	var out []struct {
		kind types.ID
		f    *timefmt.Format
	}
	for _, d := range []string{"%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%m-%d-%Y", "%d-%m-%Y"} {
		out = append(out, struct {
			kind types.ID
			f    *timefmt.Format
		}{types.Date, timefmt.MustCompile(d)})
	}
	for _, ts := range []string{"%m/%d/%Y %H:%i:%s", "%m/%d/%Y %H:%i", "%d/%m/%Y %H:%i:%s", "%Y/%m/%d %H:%i:%s", "%d.%m.%Y %H:%i:%s"} {
		out = append(out, struct {
			kind types.ID
			f    *timefmt.Format
		}{types.Timestamp, timefmt.MustCompile(ts)})
	}
	return out
}()

// temporalMatches returns the formats of temporalFormats that read v, with
// a four-digit year (so that "1/2/3" is no date).
func temporalMatches(v string) uint32 {
	if len(v) < 8 || len(v) > 26 || v[0] < '0' || v[0] > '9' {
		return 0
	}
	date, _, _ := strings.Cut(v, " ")
	sep := strings.IndexAny(date, "/.-")
	if sep < 0 {
		return 0
	}
	parts := strings.Split(date, date[sep:sep+1])
	if len(parts) != 3 || (len(parts[0]) != 4 && len(parts[2]) != 4) {
		return 0
	}
	var m uint32
	for i, tf := range temporalFormats {
		if _, ok := tf.f.Parse([]byte(v)); ok {
			m |= 1 << i
		}
	}
	return m
}

func isTemporal(k types.ID) bool { return k == types.Date || k == types.Timestamp }

func classify(v string) types.ID {
	b := []byte(v)
	if _, ok := parseBool(b); ok {
		return types.Boolean
	}
	if _, ok := parseInt64(b); ok {
		return types.Bigint
	}
	if looksIntegral(b) {
		// Digits that do not fit BIGINT (or keep a leading zero) are text:
		// identifiers, codes and ZIPs.
		return types.Varchar
	}
	if _, ok := parseFloat64(b); ok {
		return types.Double
	}
	if _, ok := timefmt.ParseDate(b); ok {
		return types.Date
	}
	if _, ok := timefmt.ParseTimestamp(b); ok {
		return types.Timestamp
	}
	return types.Varchar
}

func looksIntegral(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (g *typeGuess) add(v string) {
	if v == "" || g.varchar {
		return
	}
	k := classify(v)
	if k == types.Bigint || k == types.Double {
		g.noteNumber(v)
	}
	var fmts uint32
	if k == types.Varchar {
		if fmts = temporalMatches(v); fmts != 0 {
			k = temporalFormats[bits.TrailingZeros32(fmts)].kind
		}
	}
	if !g.seen {
		g.seen, g.kind, g.fmts = true, k, fmts
		g.varchar = k == types.Varchar
		return
	}
	if (g.fmts == 0) != (fmts == 0) && (isTemporal(k) || isTemporal(g.kind)) {
		g.varchar = true // ISO and other layouts mixed
		return
	}
	if fmts != 0 {
		g.fmts &= fmts
		if g.fmts == 0 || k != g.kind {
			g.varchar = true
		}
		return
	}
	if k == g.kind {
		return
	}
	switch {
	case (k == types.Bigint && g.kind == types.Double) || (k == types.Double && g.kind == types.Bigint):
		g.kind = types.Double
	case (k == types.Date && g.kind == types.Timestamp) || (k == types.Timestamp && g.kind == types.Date):
		g.kind = types.Timestamp
	default:
		g.varchar = true
	}
}

// result is the guessed type, with the layout of its values when they are
// dates or timestamps not in ISO 8601 (nil otherwise).
func (g *typeGuess) result() (types.Type, *timefmt.Format) {
	if !g.seen || g.varchar {
		return types.VarcharType, nil
	}
	if g.fmts != 0 {
		return types.Type{ID: g.kind}, temporalFormats[bits.TrailingZeros32(g.fmts)].f
	}
	if g.kind == types.Double && !g.floating && g.scale > 0 && g.intDigits+g.scale <= sniffedDecimalDigits {
		return types.DecimalType(sniffedDecimalDigits, g.scale), nil
	}
	return types.Type{ID: g.kind}, nil
}

// sniffedDecimalDigits is the precision of a sniffed DECIMAL: the most
// digits an int64 holds, so that its arithmetic takes the fast paths.
const sniffedDecimalDigits = 18

// isHeader decides whether the first line names the columns.
func isHeader(first []string, guess []typeGuess, haveData bool) bool {
	if !haveData {
		// A single line: a header if none of its fields looks like data.
		for _, v := range first {
			if v == "" || classify(v) != types.Varchar {
				return false
			}
		}
		return true
	}
	allText := true
	for i, v := range first {
		t, _ := guess[i].result()
		if t.ID == types.Varchar {
			continue
		}
		allText = false
		if v == "" {
			continue
		}
		k := classify(v)
		if k == t.ID || ((t.ID == types.Double || t.ID == types.Decimal) && (k == types.Bigint || k == types.Double)) || (t.ID == types.Timestamp && k == types.Date) ||
			(t.ID == types.Bigint && k == types.Double) || (t.ID == types.Date && k == types.Timestamp) {
			continue
		}
		// A typed column whose first value is not of its type: a name.
		return true
	}
	if !allText {
		return false
	}
	// Every column is text: a header if the first line's values are all
	// non-empty, distinct and not numbers.
	seen := map[string]bool{}
	for _, v := range first {
		if v == "" || seen[v] {
			return false
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return false
		}
		seen[v] = true
	}
	return true
}

// lowDistinct counts the distinct values of each column in the sampled
// rows, for the optimizer's estimates: a column whose values repeat on
// average 20 times or more in at least 200 rows (a code, a foreign key to
// a small table) is taken to have that many values in the whole file;
// other columns get 0, meaning "about one value a row".
func lowDistinct(rows [][]string, ncols int) []int {
	out := make([]int, ncols)
	if len(rows) < 200 {
		return out
	}
	limit := len(rows) / 20
	for c := 0; c < ncols; c++ {
		seen := map[string]struct{}{}
		for _, r := range rows {
			if c < len(r) {
				seen[r[c]] = struct{}{}
				if len(seen) > limit {
					break
				}
			}
		}
		if len(seen) <= limit {
			out[c] = len(seen)
		}
	}
	return out
}
