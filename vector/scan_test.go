package vector

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// fakeScan is a Scan over partitions given as records. Each Open of a
// partition gets a reader that yields (retained copies of) its records.
type fakeScan struct {
	schema *arrow.Schema
	parts  [][]arrow.Record

	mu            sync.Mutex
	opens         []int // per partition
	readersClosed int
	openErr       map[int]error
	nextErr       map[int]error // returned by a reader after its records
	restart       func(p int) bool
	restarts      []int
}

// newFakeScan makes a scan whose partition p holds rows parts[p], in
// batches of per rows; its records are tracked.
func newFakeScan(t *testing.T, ts []types.Type, parts [][][]any, per int) *fakeScan {
	tr := newTracker(t)
	s := &fakeScan{schema: mkSchema(ts...), opens: make([]int, len(parts))}
	for _, rows := range parts {
		var recs []arrow.Record
		for _, r := range recsFromRows(t, ts, rows, per) {
			recs = append(recs, tr.track(r))
		}
		s.parts = append(s.parts, recs)
	}
	// Registered after the tracker's check, so it runs before it.
	t.Cleanup(func() {
		for _, recs := range s.parts {
			releaseRecords(recs)
		}
	})
	return s
}

func (s *fakeScan) Partitions() int { return len(s.parts) }

func (s *fakeScan) Open(ctx context.Context, p int) (BatchReader, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opens[p]++
	if err := s.openErr[p]; err != nil {
		return nil, err
	}
	return &fakeReader{scan: s, recs: s.parts[p], err: s.nextErr[p]}, nil
}

func (s *fakeScan) Restart(p int) bool {
	s.mu.Lock()
	s.restarts = append(s.restarts, p)
	f := s.restart
	s.mu.Unlock()
	return f != nil && f(p)
}

func (s *fakeScan) Describe() string { return fmt.Sprintf("fake partitions=%d", len(s.parts)) }

type fakeReader struct {
	scan   *fakeScan
	recs   []arrow.Record
	pos    int
	err    error
	closed bool
}

func (r *fakeReader) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.pos >= len(r.recs) {
		return nil, r.err
	}
	rec := r.recs[r.pos]
	r.pos++
	rec.Retain()
	return rec, nil
}

func (r *fakeReader) Close() error {
	if r.closed {
		return errors.New("reader closed twice")
	}
	r.closed = true
	r.scan.mu.Lock()
	r.scan.readersClosed++
	r.scan.mu.Unlock()
	return nil
}

var _ Scan = (*fakeScan)(nil)

func TestTableScanReadsItsPartition(t *testing.T) {
	ts := []types.Type{tInt, tStr}
	scan := newFakeScan(t, ts, [][][]any{
		{{1, "a"}, {2, "b"}},
		{{3, nil}, {4, "d"}, {5, ""}},
	}, 2)
	op := NewTableScan(scan, 1, scan.schema, nil)
	if op.Schema() != scan.schema {
		t.Errorf("Schema is not the given schema")
	}
	got := drain(t, op)
	wantRows(t, "partition 1", got, [][]any{{3, nil}, {4, "d"}, {5, ""}})
	if scan.opens[0] != 0 || scan.opens[1] != 1 || scan.readersClosed != 1 {
		t.Errorf("opens %v, readers closed %d; want [0 1], 1", scan.opens, scan.readersClosed)
	}
}

func TestTableScanFilter(t *testing.T) {
	ts := []types.Type{tInt}
	var rows [][]any
	for i := 0; i < 10; i++ {
		rows = append(rows, []any{i})
	}
	rows = append(rows, []any{nil})
	scan := newFakeScan(t, ts, [][][]any{rows}, 3)
	// Batches 0-2 and 3-5 have no row > 6: they must be skipped, not
	// returned empty.
	op := NewTableScan(scan, 0, scan.schema, cmpE(CmpGt, ref(0, tInt), lit(t, tInt, 6)))
	batches, err := drainBatches(t, op)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range batches {
		if len(b) == 0 {
			t.Errorf("batch %d is empty", i)
		}
	}
	var got [][]any
	for _, b := range batches {
		got = append(got, b...)
	}
	wantRows(t, "c0 > 6", got, [][]any{{7}, {8}, {9}})

	all := drain(t, NewTableScan(scan, 0, scan.schema, lit(t, tBool, true)))
	wantRows(t, "WHERE TRUE", all, rows)
}

func TestTableScanErrors(t *testing.T) {
	ts := []types.Type{tInt}
	scan := newFakeScan(t, ts, [][][]any{{{1}, {0}}, {{2}}}, 1)
	scan.openErr = map[int]error{1: errors.New("cannot open partition 1")}
	scan.nextErr = map[int]error{0: errors.New("parse error at line 3")}

	op := NewTableScan(scan, 1, scan.schema, nil)
	_, err := drainErr(t, op)
	wantErr(t, "open error", err, "cannot open partition 1")
	if err := op.Close(); err != nil {
		t.Errorf("Close after a failed Open: %v", err)
	}

	got, err := drainErr(t, NewTableScan(scan, 0, scan.schema, nil))
	wantErr(t, "reader error", err, "parse error at line 3")
	wantRows(t, "rows before the reader error", got, [][]any{{1}, {0}})

	_, err = drainErr(t, NewTableScan(scan, 0, scan.schema, cmpE(CmpEq, divE(lit(t, tInt, 1), ref(0, tInt)), lit(t, tInt, 1))))
	wantErr(t, "filter error", err, "division by zero")

	_, err = drainErr(t, NewTableScan(scan, 0, scan.schema, ref(0, tInt)))
	wantErr(t, "non-boolean filter", err, "filter c0 is not BOOLEAN")

	scan.mu.Lock()
	defer scan.mu.Unlock()
	if want := scan.opens[0]; scan.readersClosed != want {
		t.Errorf("%d readers closed, %d opened", scan.readersClosed, want)
	}
}

func TestTableScanCloseIsIdempotentAndStopsEarly(t *testing.T) {
	ts := []types.Type{tInt}
	scan := newFakeScan(t, ts, [][][]any{{{1}, {2}, {3}}}, 1)
	op := NewTableScan(scan, 0, scan.schema, nil)
	ctx := context.Background()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := op.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("Next = %v, %v", rec, err)
	}
	rec.Release()
	if err := op.Close(); err != nil {
		t.Fatal(err)
	}
	if err := op.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if scan.readersClosed != 1 {
		t.Errorf("%d readers closed, want 1", scan.readersClosed)
	}
	// Close without Open.
	if err := NewTableScan(scan, 0, scan.schema, nil).Close(); err != nil {
		t.Errorf("Close without Open: %v", err)
	}
}
