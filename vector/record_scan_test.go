package vector

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// twoColumnTable is a table (id BIGINT, name VARCHAR) of the given records'
// rows, each record a list of (id, name) pairs; made with mem.
func twoColumnTable(t *testing.T, mem memory.Allocator, name string, recs ...[][2]any) *RecordTable {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "name", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	var rs []arrow.Record
	for _, rows := range recs {
		var ids, names []any
		for _, r := range rows {
			ids, names = append(ids, r[0]), append(names, r[1])
		}
		rs = append(rs, buildRecord(t, mem, schema, ids, names))
	}
	tb, err := NewRecordTable(name, schema, rs)
	for _, r := range rs {
		r.Release()
	}
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestRecordScanBatchesAndProjection(t *testing.T) {
	setBatchSize(t, 2)
	mem := checkedMem(t)
	tb := twoColumnTable(t, mem, "t",
		[][2]any{{1, "a"}, {2, nil}, {3, "c"}, {4, "d"}, {5, "e"}},
		nil, // an empty record
		[][2]any{{6, "f"}})
	defer tb.Release()
	s := tb.NewScan([]int{1})
	defer s.(ScanReleaser).ReleaseScan()
	if got, want := s.Describe(), `records "t" rows=6 partitions=1 columns=[name]`; got != want {
		t.Errorf("Describe = %s, want %s", got, want)
	}
	if s.Partitions() != 1 || s.Restart(1) {
		t.Errorf("Partitions = %d, Restart = %v; want 1, false", s.Partitions(), s.Restart(1))
	}
	batches, err := drainBatches(t, NewTableScan(s, 0, SchemaOf(tb.projected([]int{1})), nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmtBatches(batches), `"a" NULL | "c" "d" | "e" | "f"`; got != want {
		t.Errorf("batches %s, want %s", got, want)
	}
	// Both columns, the other way round, under a filter.
	filter := &Compare{Op: CmpGe, L: ref(1, tInt), R: lit(t, tInt, 3)}
	s2 := tb.NewScan([]int{1, 0})
	defer s2.(ScanReleaser).ReleaseScan()
	rows := drain(t, NewTableScan(s2, 0, SchemaOf(tb.projected([]int{1, 0})), filter))
	wantRows(t, "name, id WHERE id >= 3", rows, [][]any{{"c", int64(3)}, {"d", int64(4)}, {"e", int64(5)}, {"f", int64(6)}})
}

func fmtBatches(batches [][][]any) string {
	var parts []string
	for _, b := range batches {
		var rows []string
		for _, r := range b {
			for _, v := range r {
				rows = append(rows, fmtVal(v))
			}
		}
		parts = append(parts, strings.Join(rows, " "))
	}
	return strings.Join(parts, " | ")
}

func TestRecordScanOutlivesTable(t *testing.T) {
	mem := checkedMem(t)
	tb := twoColumnTable(t, mem, "t", [][2]any{{1, "a"}, {2, "b"}})
	s := tb.NewScan([]int{0})
	tb.Release() // dropped: the scan keeps the rows
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the records were freed while a scan held them")
	}
	if !s.(ScanReleaser).Held() {
		t.Error("Held = false for a scan made before the table was released")
	}
	r, err := s.Open(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	s.(ScanReleaser).ReleaseScan() // the query is done with the plan, but the reader reads on
	s.(ScanReleaser).ReleaseScan() // a second time does nothing
	rec, err := r.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "rows after the table is gone", recRows(t, rec), [][]any{{int64(1)}, {int64(2)}})
	rec.Release()
	if _, err := s.Open(context.Background(), 0); !errors.Is(err, ErrTableGone) {
		t.Errorf("Open after ReleaseScan: %v, want ErrTableGone", err)
	}
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the records were freed while a reader was open")
	}
	r.Close()
	r.Close()
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after the reader closed, %d bytes are held", n)
	}
}

func TestRecordScanOfReleasedTable(t *testing.T) {
	mem := checkedMem(t)
	tb := twoColumnTable(t, mem, "t", [][2]any{{1, "a"}})
	tb.Release()
	s := tb.NewScan([]int{0})
	defer s.(ScanReleaser).ReleaseScan()
	if s.(ScanReleaser).Held() {
		t.Error("Held = true for a scan of a released table")
	}
	_, err := s.Open(context.Background(), 0)
	if !errors.Is(err, ErrTableGone) || err.Error() != "table t: the table was dropped or replaced while the query was planned" {
		t.Errorf("Open: %v, want ErrTableGone naming the table", err)
	}
}

func TestRecordScanConcurrent(t *testing.T) {
	setBatchSize(t, 3)
	mem := checkedMem(t)
	rows := make([][2]any, 100)
	for i := range rows {
		rows[i] = [2]any{i, "x"}
	}
	tb := twoColumnTable(t, mem, "t", rows)
	var wg sync.WaitGroup
	scans := make(chan Scan, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range scans {
				var sum int64
				for _, r := range drain(t, NewTableScan(s, 0, SchemaOf(tb.projected([]int{0})), nil)) {
					sum += r[0].(int64)
				}
				if sum != 4950 {
					t.Errorf("sum %d, want 4950", sum)
				}
				s.(ScanReleaser).ReleaseScan()
			}
		}()
	}
	// Every scan is planned before the table is dropped (a scan planned
	// after the drop fails with ErrTableGone, or not, depending on whether
	// the earlier scans still hold the rows: TestRecordScanAfterDrop), and
	// the drop comes while half of them run.
	all := make([]Scan, 64)
	for i := range all {
		all[i] = tb.NewScan([]int{0})
	}
	for i, s := range all {
		scans <- s
		if i == 32 {
			tb.Release() // dropped while scans run
		}
	}
	close(scans)
	wg.Wait()
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after every scan, %d bytes are held", n)
	}
}
