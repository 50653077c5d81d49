// Package dsv reads delimiter-separated text files (CSV, TSV, pipe- or
// semicolon-separated) as tables: it sniffs a file's dialect and column
// types, cuts the file into byte-range partitions, and parses the requested
// columns of each partition straight into Arrow arrays.
package dsv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// Dialect says how a file is laid out.
type Dialect struct {
	// Delimiter separates fields: ',', '\t', '|' or ';'.
	Delimiter byte
	// Quote starts and ends a quoted field (0: no quoting). Inside a quoted
	// field a doubled quote stands for one quote character.
	Quote byte
	// Escape, if set, makes the next character literal (MySQL's \ in LOAD
	// DATA): see reader.splitEscapedRow.
	Escape byte
	// Header is true when the first line holds the column names.
	Header bool
	// CRLF reports that lines end with "\r\n". It is informational: the
	// reader drops a '\r' before a line feed either way.
	CRLF bool
	// TrailingDelimiter is true when every line ends with the delimiter
	// (TPC-H's .tbl files): the empty field after it is no column.
	TrailingDelimiter bool
}

// Name returns a short name of the delimiter for EXPLAIN and DESCRIBE.
func (d Dialect) Name() string {
	switch d.Delimiter {
	case '\t':
		return "tsv"
	case ',':
		return "csv"
	case '|':
		return "psv"
	case ';':
		return "ssv"
	}
	return fmt.Sprintf("delimiter %q", d.Delimiter)
}

// Options tune how files are opened and read.
type Options struct {
	// PartitionSize is the number of bytes in one partition. The default
	// depends on the file's size alone (not on the number of threads, so
	// that results do not either): a 64th of the file, from 32 MiB to
	// 128 MiB.
	PartitionSize int64
	// AllVarchar reads every column as VARCHAR instead of sniffing types.
	AllVarchar bool
	// SampleSize is the number of bytes sniffed from the head of the file,
	// and the number sniffed again spread over the rest (default 1 MiB).
	SampleSize int
	// Cache, if set, supplies the column types earlier runs learnt by
	// widening.
	Cache *SchemaCache
	// Dialect, if set, is the file's layout, not sniffed; IgnoreLines
	// lines at its start are skipped (the first one names the columns when
	// they are not declared).
	Dialect     *Dialect
	IgnoreLines int
	// Columns, if set, is the declared schema: names and types, matched to
	// the fields by position.
	Columns []types.Column
	// NullStrings are field values that stand for NULL (an empty unquoted
	// field always does).
	NullStrings []string
	// IgnoreErrors skips rows with the wrong number of fields or a value
	// that does not fit a declared type, counting them (see
	// Scan.Rejected), instead of failing.
	IgnoreErrors bool
}

func (o Options) withDefaults() Options {
	if o.SampleSize <= 0 {
		o.SampleSize = 1 << 20
	}
	return o
}

// File is one delimited file opened as a table.
type File struct {
	name        string
	path        string
	size        int64 // bytes on disk
	compression Compression
	textSize    int64   // bytes of text: size, or -1 for a compressed stream
	rowBytes    float64 // average length of the sampled lines
	sampledRows int     // lines of a file sampled whole (else 0)
	lowDistinct []int   // per column, its few distinct values in the sample (0: many)
	dialect     Dialect
	columns     []types.Column
	formats     []*timefmt.Format // per column, the layout of non-ISO dates and timestamps
	dataStart   int64             // offset of the first data row
	opts        Options
}

// Open sniffs the file at path and returns it as a table named name.
func Open(ctx context.Context, name, path string, opts Options) (*File, error) {
	opts = opts.withDefaults()
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open table %q: %w", name, err)
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("open table %q: %w", name, err)
	}
	if st.IsDir() {
		fh.Close()
		return nil, fmt.Errorf("open table %q: %s is a directory (directories as tables come later; name a file)", name, path)
	}
	magic := make([]byte, 4)
	n, _ := fh.ReadAt(magic, 0)
	fh.Close()
	f := &File{name: name, path: path, size: st.Size(), textSize: st.Size(), compression: compressionOf(magic[:n]), opts: opts}
	if f.compression != Uncompressed {
		f.textSize = -1
	}
	src, err := f.open()
	if err != nil {
		return nil, fmt.Errorf("open table %q: %w", name, err)
	}
	defer src.Close()
	if err := f.sniff(ctx, src); err != nil {
		return nil, err
	}
	f.applyCache(st.ModTime())
	return f, nil
}

// Name is the table's name.
func (f *File) Name() string { return f.name }

// Path is the file's path.
func (f *File) Path() string { return f.path }

// Size is the file's size in bytes (compressed, for a compressed file).
func (f *File) Size() int64 { return f.size }

// Compression is the file's compression.
func (f *File) Compression() Compression { return f.compression }

// Dialect is the file's sniffed layout.
func (f *File) Dialect() Dialect { return f.dialect }

// Columns is the table's schema.
func (f *File) Columns() []types.Column { return f.columns }

// FilenameColumn is the hidden column that holds the path of each row's
// file: SELECT filename, ... names it; SELECT * leaves it out.
const FilenameColumn = "filename"

// Hidden lists the table's hidden columns: the file name.
func (f *File) Hidden() []types.Column {
	return []types.Column{{Name: FilenameColumn, Type: types.VarcharType, Origin: types.Derived}}
}

// allColumns is the schema followed by the hidden columns, the indexes
// NewScan takes.
func (f *File) allColumns() []types.Column {
	return append(append([]types.Column(nil), f.columns...), f.Hidden()...)
}

// partitionSize is the number of bytes in each partition of the file.
func (f *File) partitionSize() int64 {
	if f.opts.PartitionSize > 0 {
		return f.opts.PartitionSize
	}
	const lo, hi = 32 << 20, 128 << 20
	return min(max((f.size+63)/64, lo), hi)
}

// WithIgnoreErrors returns the table reading with IgnoreErrors set to on;
// f itself is unchanged.
func (f *File) WithIgnoreErrors(on bool) *File {
	w := *f
	w.opts.IgnoreErrors = on
	return &w
}

// WithName returns the table under another name; f itself is unchanged.
func (f *File) WithName(name string) *File {
	w := *f
	w.name = name
	return &w
}

// Widen returns the table with column col's type widened to t (origin
// Widened); f itself is unchanged.
func (f *File) Widen(col int, t types.Type) *File {
	w := *f
	w.columns = append([]types.Column(nil), f.columns...)
	w.columns[col].Type = t
	w.columns[col].Origin = types.Widened
	if w.formats != nil {
		w.formats = append([]*timefmt.Format(nil), f.formats...)
		w.formats[col] = nil
	}
	return &w
}

// NewScan prepares one query's reading of the columns cols.
func (f *File) NewScan(cols []int) vector.Scan {
	n := 1 // a compressed stream is read whole, from the start
	if f.textSize >= 0 {
		ps := f.partitionSize()
		n = max(int((f.textSize-f.dataStart+ps-1)/ps), 1)
	}
	s := &scan{file: f, cols: cols, parts: n}
	s.start = make([]int64, n)
	s.end = make([]int64, n)
	s.exact = make([]bool, n)
	s.abandoned = make([]bool, n)
	s.nrejected = make([]int64, n)
	s.rejects = make([][]rejected, n)
	for i := range s.start {
		s.start[i], s.end[i] = -1, -1
	}
	s.start[0], s.exact[0] = f.dataStart, true
	return s
}

// scan is one query's reading of a file. It remembers where each partition's
// first row started and where its last row ended, so that a partition whose
// start was guessed wrong (a quoted field holding a line break across the
// partition boundary) is detected and read again from the right place.
type scan struct {
	file  *File
	cols  []int
	parts int

	mu        sync.Mutex
	start     []int64 // where partition p's first row starts (-1: not opened)
	exact     []bool  // start[p] is known to be a row boundary
	end       []int64 // where the row after partition p's last row starts (-1: not done)
	abandoned []bool  // p gave up on its guessed start (see errAbandoned)
	nrejected []int64 // per partition, rows skipped as broken
	rejects   [][]rejected
	// what the readers have parsed so far (Progress)
	readBytes, readRows atomic.Int64
}

// Progress implements vector.ProgressReporter.
func (s *scan) Progress() (bytes, total, rows int64) {
	total = s.file.textSize
	if total >= 0 {
		total -= s.file.dataStart
	}
	return s.readBytes.Load(), total, s.readRows.Load()
}

// rejectedRows records the broken rows partition p skipped (again, if it
// was read again).
func (s *scan) rejectedRows(p int, n int64, rows []rejected) {
	s.mu.Lock()
	s.nrejected[p], s.rejects[p] = n, rows
	s.mu.Unlock()
}

// Source implements vector.Rejecter: the table's name.
func (s *scan) Source() string { return s.file.name }

// Rejected reports the rows skipped as broken, in file order: how many,
// and a line for each of the first ones (file:line: reason: text).
func (s *scan) Rejected() (int64, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	var lines []string
	for p := range s.nrejected {
		n += s.nrejected[p]
		for _, r := range s.rejects[p] {
			lines = append(lines, fmt.Sprintf("%s:%d: %s\t%s", r.err.Path, r.err.Line(), r.err.Msg, r.row))
		}
	}
	return n, lines
}

// errAbandoned stops a partition that began at a guessed start and met a
// "row" longer than a partition: the guess fell inside a quoted field, and
// reading on would buffer the file up to the next quote. Restart then has
// the partition read again from its exact start.
var errAbandoned = errors.New("partition abandoned: its guessed start is inside a quoted field")

// tryAbandon makes partition p, begun at the guessed start, give up on it,
// unless Restart has meanwhile confirmed that the guess was right (the long
// row is real): then it returns false and the partition reads on.
func (s *scan) tryAbandon(p int, start int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exact[p] && s.start[p] == start {
		return false
	}
	s.abandoned[p] = true
	return true
}

func (s *scan) Partitions() int { return s.parts }

func (s *scan) Describe() string {
	names := make([]string, len(s.cols))
	all := s.file.allColumns()
	for i, c := range s.cols {
		names[i] = all[c].Name
	}
	format := s.file.dialect.Name()
	if s.file.compression != Uncompressed {
		format += "+" + s.file.compression.String()
	}
	return fmt.Sprintf("%s format=%s partitions=%d columns=[%s]", quoteName(s.file.path), format, s.parts, strings.Join(names, ", "))
}

// Restart implements vector.Scan.
func (s *scan) Restart(p int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p <= 0 || p >= s.parts || s.end[p-1] < 0 {
		return false
	}
	want := s.end[p-1]
	if s.abandoned[p] {
		s.abandoned[p] = false
		s.start[p], s.exact[p] = want, true
		return true
	}
	if s.start[p] == want {
		s.exact[p] = true
		return false
	}
	restart := s.start[p] >= 0
	s.start[p], s.exact[p] = want, true
	return restart
}

func (s *scan) rangeOf(p int) (lo, hi int64) {
	ps := s.file.partitionSize()
	lo = s.file.dataStart + int64(p)*ps
	hi = lo + ps
	if p == s.parts-1 || hi > s.file.textSize {
		hi = s.file.textSize
	}
	if s.file.textSize < 0 {
		hi = math.MaxInt64
	}
	return lo, hi
}

// Open implements vector.Scan.
func (s *scan) Open(ctx context.Context, p int) (vector.BatchReader, error) {
	if p < 0 || p >= s.parts {
		return nil, fmt.Errorf("scan %s: no partition %d", s.file.path, p)
	}
	fh, err := s.file.open()
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", s.file.path, err)
	}
	r := newReader(s, p, fh)
	lo, hi := s.rangeOf(p)
	s.mu.Lock()
	exact, known := s.exact[p], s.start[p]
	s.mu.Unlock()
	if exact {
		lo = known
	} else {
		guess, err := r.firstRowAfter(lo)
		if err != nil {
			fh.Close()
			return nil, err
		}
		// Restart may have learnt the exact start meanwhile.
		s.mu.Lock()
		if s.exact[p] {
			guess = s.start[p]
		}
		s.start[p] = guess
		s.mu.Unlock()
		lo = guess
	}
	r.guessed = !exact
	r.begin(lo, hi)
	return r, nil
}

// finished records where the row after partition p's last row starts.
func (s *scan) finished(p int, end int64) {
	s.mu.Lock()
	s.end[p] = end
	s.mu.Unlock()
}

func quoteName(p string) string {
	return `"` + strings.ReplaceAll(filepath.ToSlash(p), `"`, `""`) + `"`
}

// EstimatedRows guesses the number of rows from the file's size and the
// average length of the lines sniffed (exact for a small file read whole).
// A compressed file is assumed to hold four times its size in text.
func (f *File) EstimatedRows() float64 {
	if f.sampledRows > 0 {
		return float64(f.sampledRows)
	}
	if f.rowBytes <= 0 {
		return 0
	}
	size := float64(f.textSize)
	if f.textSize < 0 {
		size = 4 * float64(f.size)
	}
	return size / f.rowBytes
}

// EstimatedDistinct guesses the number of distinct values of column col:
// the count seen in the sample for a column whose values repeat a lot
// there, else one a row.
func (f *File) EstimatedDistinct(col int) float64 {
	if col < len(f.lowDistinct) && f.lowDistinct[col] > 0 {
		return float64(f.lowDistinct[col])
	}
	return f.EstimatedRows()
}
