package dsv

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// MultiFile is several delimited files read as one table: a glob or a
// directory. Its columns are those of all the files, matched by name
// (case-insensitively) in order of first appearance; a file without a
// column gives NULLs in it. A column's type is the narrowest that holds it
// in every file. Its partitions are those of its files, in order.
type MultiFile struct {
	name    string
	files   []*File // each with its columns' types unified
	columns []types.Column
	maps    [][]int // per file: table column -> file column, or -1
}

// NewMultiFile makes one table of files (at least one).
func NewMultiFile(name string, files []*File) (*MultiFile, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("table %q: no files", name)
	}
	m := &MultiFile{name: name}
	index := map[string]int{}
	for _, f := range files {
		for _, c := range f.columns {
			k := strings.ToLower(c.Name)
			i, ok := index[k]
			if !ok {
				index[k] = len(m.columns)
				m.columns = append(m.columns, c)
				continue
			}
			t, ok := unifyTypes(m.columns[i].Type, c.Type)
			if !ok {
				return nil, fmt.Errorf("table %q: column %s is %s in %s but %s in an earlier file, and these types do not unify",
					name, c.Name, c.Type, f.path, m.columns[i].Type)
			}
			if c.Origin == types.Declared && m.columns[i].Origin == types.Declared && t != c.Type {
				return nil, fmt.Errorf("table %q: column %s is declared %s in %s but %s in an earlier file",
					name, c.Name, c.Type, f.path, m.columns[i].Type)
			}
			if c.Origin == types.Widened {
				m.columns[i].Origin = types.Widened
			}
			m.columns[i].Type = t
		}
	}
	for _, f := range files {
		view := f.WithName(name)
		view.columns = append([]types.Column(nil), f.columns...)
		mp := make([]int, len(m.columns))
		for i := range mp {
			mp[i] = -1
		}
		for j, c := range view.columns {
			i := index[strings.ToLower(c.Name)]
			mp[i] = j
			view.columns[j].Type = m.columns[i].Type
		}
		m.files = append(m.files, view)
		m.maps = append(m.maps, mp)
	}
	return m, nil
}

// unifyTypes returns the narrowest type holding values of a and b.
func unifyTypes(a, b types.Type) (types.Type, bool) {
	switch {
	case a == b:
		return a, true
	case a.ID == types.Double || b.ID == types.Double:
		if a.IsNumeric() && b.IsNumeric() {
			return types.DoubleType, true
		}
	case a.ID == types.Decimal || b.ID == types.Decimal:
		// A sniffed DECIMAL is DECIMAL(18,s): the larger scale; a value
		// that then does not fit widens the column as any misfit does.
		if a.IsNumeric() && b.IsNumeric() {
			return types.DecimalType(int(max(a.Precision, b.Precision, 18)), int(max(a.Scale, b.Scale))), true
		}
	case a.IsNumeric() && b.IsNumeric():
		return types.DoubleType, true
	case a.IsTemporal() && b.IsTemporal():
		return types.TimestampType, true
	}
	return types.VarcharType, true
}

// Name is the table's name.
func (m *MultiFile) Name() string { return m.name }

// Columns is the table's schema.
func (m *MultiFile) Columns() []types.Column { return m.columns }

// Hidden lists the hidden columns: the name of each row's file.
func (m *MultiFile) Hidden() []types.Column { return m.files[0].Hidden() }

// Files are the table's files, in the order their rows come.
func (m *MultiFile) Files() []*File { return m.files }

// NewScan implements vector.ScanSource.
func (m *MultiFile) NewScan(cols []int) vector.Scan {
	s := &multiScan{m: m, cols: cols}
	fn := len(m.columns) // the hidden file name's index
	for i, f := range m.files {
		// The file's own columns for the ones asked for; missing ones are
		// made NULL.
		var fcols []int
		for _, c := range cols {
			switch {
			case c == fn:
				fcols = append(fcols, len(f.columns))
			case m.maps[i][c] >= 0:
				fcols = append(fcols, m.maps[i][c])
			}
		}
		sc := f.NewScan(fcols)
		s.scans = append(s.scans, sc)
		s.base = append(s.base, s.parts)
		s.parts += sc.Partitions()
	}
	return s
}

// multiScan reads the partitions of every file in turn.
type multiScan struct {
	m     *MultiFile
	cols  []int
	scans []vector.Scan
	base  []int // first partition of each file
	parts int
}

// locate returns the file of partition p and its partition within it.
func (s *multiScan) locate(p int) (int, int) {
	i := len(s.base) - 1
	for i > 0 && s.base[i] > p {
		i--
	}
	return i, p - s.base[i]
}

func (s *multiScan) Partitions() int { return s.parts }

// Restart implements vector.Scan: the first partition of each file starts
// at a known row; the others are checked by their file's scan.
func (s *multiScan) Restart(p int) bool {
	if p <= 0 || p >= s.parts {
		return false
	}
	i, j := s.locate(p)
	if j == 0 {
		return false
	}
	return s.scans[i].Restart(j)
}

// Source implements vector.Rejecter: the table's name.
func (s *multiScan) Source() string { return s.m.name }

// Progress implements vector.ProgressReporter: the sums over the files
// (the total is unknown if any file's is).
func (s *multiScan) Progress() (bytes, total, rows int64) {
	for _, sc := range s.scans {
		p, ok := sc.(vector.ProgressReporter)
		if !ok {
			continue
		}
		b, t, r := p.Progress()
		bytes, rows = bytes+b, rows+r
		if t < 0 || total < 0 {
			total = -1
		} else {
			total += t
		}
	}
	return bytes, total, rows
}

// Rejected implements vector.Rejecter.
func (s *multiScan) Rejected() (int64, []string) {
	var n int64
	var lines []string
	for _, sc := range s.scans {
		if r, ok := sc.(vector.Rejecter); ok {
			k, l := r.Rejected()
			n += k
			lines = append(lines, l...)
		}
	}
	return n, lines
}

func (s *multiScan) Describe() string {
	all := append(append([]types.Column(nil), s.m.columns...), s.m.Hidden()...)
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = all[c].Name
	}
	return fmt.Sprintf("%d files (%s, ...) partitions=%d columns=[%s]", len(s.m.files),
		quoteName(s.m.files[0].path), s.parts, strings.Join(names, ", "))
}

// Open implements vector.Scan.
func (s *multiScan) Open(ctx context.Context, p int) (vector.BatchReader, error) {
	i, j := s.locate(p)
	r, err := s.scans[i].Open(ctx, j)
	if err != nil {
		return nil, err
	}
	// Where each asked-for column comes from in the file's batches.
	fn := len(s.m.columns)
	from := make([]int, len(s.cols))
	k := 0
	for o, c := range s.cols {
		if c == fn || s.m.maps[i][c] >= 0 {
			from[o] = k
			k++
		} else {
			from[o] = -1
		}
	}
	all := append(append([]types.Column(nil), s.m.columns...), s.m.Hidden()...)
	cols := make([]types.Column, len(s.cols))
	for o, c := range s.cols {
		cols[o] = all[c]
	}
	return &multiReader{r: r, from: from, cols: cols, schema: vector.SchemaOf(cols)}, nil
}

// multiReader puts a file's batches in the table's shape.
type multiReader struct {
	r      vector.BatchReader
	from   []int
	cols   []types.Column
	schema *arrow.Schema
}

func (r *multiReader) Next(ctx context.Context) (arrow.Record, error) {
	rec, err := r.r.Next(ctx)
	if err != nil || rec == nil {
		return nil, err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	arrs := make([]arrow.Array, len(r.from))
	for o, k := range r.from {
		if k < 0 {
			arrs[o] = vector.Repeat(nil, r.cols[o].Type, n)
			continue
		}
		arrs[o] = rec.Column(k)
		arrs[o].Retain()
	}
	out := vector.NewRecord(r.schema, arrs, n)
	for _, a := range arrs {
		a.Release()
	}
	return out, nil
}

func (r *multiReader) Close() error { return r.r.Close() }

var (
	_ vector.ScanSource = (*MultiFile)(nil)
	_ vector.Scan       = (*multiScan)(nil)
)

// EstimatedRows is the sum of the files' estimates.
func (m *MultiFile) EstimatedRows() float64 {
	var n float64
	for _, f := range m.files {
		n += f.EstimatedRows()
	}
	return n
}

// EstimatedDistinct is the largest of the files' estimates for a column
// every file has, else the table's rows.
func (m *MultiFile) EstimatedDistinct(col int) float64 {
	var d float64
	for i, f := range m.files {
		fc := m.maps[i][col]
		if fc < 0 {
			return m.EstimatedRows()
		}
		d = max(d, f.EstimatedDistinct(fc))
	}
	return d
}
