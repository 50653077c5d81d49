package optimizer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/vector"
)

// statesTable is a RecordTable (code, name, pop) of four states, made with mem.
func statesTable(t *testing.T, mem memory.Allocator) *vector.RecordTable {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "code", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String}, {Name: "pop", Type: arrow.PrimitiveTypes.Int32}}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"OH", "PA", "NY", "CA"}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"Ohio", "Pennsylvania", "New York", "California"}, nil)
	b.Field(2).(*array.Int32Builder).AppendValues([]int32{12, 13, 20, 39}, nil)
	rec := b.NewRecord()
	defer rec.Release()
	tb, err := vector.NewRecordTable("states", schema, []arrow.Record{rec})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// A RecordTable is planned as a scan of one partition of the columns used,
// joined with a file like any table; the plan holds its rows until
// ReleaseScans, even once the table is dropped.
func TestPhysicalRecordTable(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := newSalesFile(t)
	s.cat.Register(statesTable(t, mem))
	const sql = "SELECT st.name, SUM(qty) FROM sales JOIN states AS st ON st.code = sales.state WHERE st.pop < 30 GROUP BY st.name ORDER BY 1"
	p := s.physical(t, sql, fourThreads)
	plan := optimizer.ExplainTree(p)
	if want := `Scan records "states" rows=4 partitions=1 columns=[code, name, pop] workers=1 filter=(pop < 30)`; !strings.Contains(plan, want) {
		t.Errorf("plan:\n%s\nwant a line containing %s", plan, want)
	}
	if !optimizer.ScansHeld(p) {
		t.Error("ScansHeld = false for a plan of a registered table")
	}
	s.cat.Drop("states") // the plan keeps the rows
	rows := runPlan(t, p)
	if got, want := strings.Join(rows, "\n"), "New York | 200\nOhio | 180\nPennsylvania | 190"; got != want {
		t.Errorf("rows:\n%s\nwant\n%s", got, want)
	}
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the rows were freed while the plan held them")
	}
	optimizer.ReleaseScans(p)
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after ReleaseScans, %d bytes are held", n)
	}
}

// runPlan runs a physical plan, cells separated by " | ".
func runPlan(t *testing.T, p optimizer.Physical) []string {
	t.Helper()
	op, err := optimizer.Build(p)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer op.Close()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec == nil {
			return rows
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			cells := make([]string, rec.NumCols())
			for c := range cells {
				cells[c] = rec.Column(c).ValueStr(i)
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		rec.Release()
	}
}
