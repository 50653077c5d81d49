package vector

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// ScanReleaser is a Scan that holds its table's data from NewScan on. The
// owner of the query's plan calls ReleaseScan once no partition will be
// opened or read again (the query is closed, or its plan discarded); a
// second call does nothing.
type ScanReleaser interface {
	ReleaseScan()
	// Held reports whether the scan holds its table's data: false if the
	// table was released (dropped or replaced) before the scan was made,
	// and its partitions fail with ErrTableGone.
	Held() bool
}

// NewScan implements ScanSource: one query's reading of the columns cols,
// in a single partition of batches of at most BatchSize rows. The scan
// holds the table's rows until ReleaseScan.
func (t *RecordTable) NewScan(cols []int) Scan {
	s := &recordScan{table: t, cols: cols}
	if t.data.acquire() {
		s.data = t.data
	}
	s.schema = SchemaOf(t.projected(cols))
	return s
}

func (t *RecordTable) projected(cols []int) []types.Column {
	out := make([]types.Column, len(cols))
	for i, c := range cols {
		out[i] = t.cols[c]
	}
	return out
}

// recordScan is one query's reading of a RecordTable.
type recordScan struct {
	table  *RecordTable
	cols   []int
	schema *arrow.Schema

	mu      sync.Mutex
	data    *recordData // nil: the table was gone at NewScan, or the scan released
	readers int         // open readers, which use data
	release bool        // ReleaseScan was called while readers were open
}

// Partitions implements Scan: a RecordTable is small; one partition.
func (s *recordScan) Partitions() int { return 1 }

// Restart implements Scan: a partition never needs reading again.
func (s *recordScan) Restart(int) bool { return false }

// Describe implements Scan.
func (s *recordScan) Describe() string {
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = s.table.cols[c].Name
	}
	return fmt.Sprintf("records %s rows=%d partitions=1 columns=[%s]", `"`+strings.ReplaceAll(s.table.name, `"`, `""`)+`"`, s.table.data.rows, strings.Join(names, ", "))
}

// Open implements Scan.
func (s *recordScan) Open(ctx context.Context, p int) (BatchReader, error) {
	if p != 0 {
		return nil, fmt.Errorf("internal error: partition %d of table %s, which has one", p, s.table.name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil || s.release {
		return nil, fmt.Errorf("table %s: %w", s.table.name, ErrTableGone)
	}
	s.readers++
	return &recordReader{scan: s, recs: s.data.recs}, nil
}

// Held implements ScanReleaser.
func (s *recordScan) Held() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data != nil
}

// ReleaseScan implements ScanReleaser. Readers still open keep the rows
// until they are closed.
func (s *recordScan) ReleaseScan() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.release = true
	s.dropData()
}

// dropData gives the scan's reference back once it is released and no
// reader uses it; s.mu is held.
func (s *recordScan) dropData() {
	if s.release && s.readers == 0 && s.data != nil {
		s.data.release()
		s.data = nil
	}
}

func (s *recordScan) readerClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readers--
	s.dropData()
}

// recordReader yields the projected columns of a RecordTable's records,
// cut into batches of at most BatchSize rows. The batches share the
// records' buffers.
type recordReader struct {
	scan   *recordScan
	recs   []arrow.Record
	rec    int   // the record being read
	row    int64 // the first row of it not yet returned
	closed bool
}

// Next implements BatchReader.
func (r *recordReader) Next(ctx context.Context) (arrow.Record, error) {
	if r.closed {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for r.rec < len(r.recs) && r.row >= r.recs[r.rec].NumRows() {
		r.rec++
		r.row = 0
	}
	if r.rec >= len(r.recs) {
		return nil, nil
	}
	rec := r.recs[r.rec]
	from := r.row
	to := min(rec.NumRows(), from+int64(BatchSize))
	r.row = to
	whole := from == 0 && to == rec.NumRows()
	arrs := make([]arrow.Array, len(r.scan.cols))
	for i, c := range r.scan.cols {
		if whole {
			arrs[i] = rec.Column(c)
			arrs[i].Retain()
		} else {
			arrs[i] = array.NewSlice(rec.Column(c), from, to)
		}
	}
	out := array.NewRecord(r.scan.schema, arrs, to-from)
	releaseArrays(arrs)
	return out, nil
}

// Close implements BatchReader.
func (r *recordReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.recs = nil
	r.scan.readerClosed()
	return nil
}

var (
	_ ScanSource   = (*RecordTable)(nil)
	_ ScanReleaser = (*recordScan)(nil)
)
