package vector

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// checkedMem returns an allocator that fails the test if anything it
// allocated is still held at the end.
func checkedMem(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

// buildRecord makes a record of schema from columns of Go values (nil for
// NULL), with mem.
func buildRecord(t *testing.T, mem memory.Allocator, schema *arrow.Schema, cols ...[]any) arrow.Record {
	t.Helper()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for i, vs := range cols {
		fb := b.Field(i)
		for _, v := range vs {
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int8Builder:
				fb.Append(int8(v.(int)))
			case *array.Int16Builder:
				fb.Append(int16(v.(int)))
			case *array.Int32Builder:
				fb.Append(int32(v.(int)))
			case *array.Int64Builder:
				fb.Append(int64(v.(int)))
			case *array.Uint8Builder:
				fb.Append(uint8(v.(int)))
			case *array.Uint32Builder:
				fb.Append(uint32(v.(int)))
			case *array.Uint64Builder:
				fb.Append(v.(uint64))
			case *array.Float32Builder:
				fb.Append(float32(v.(float64)))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.StringBuilder:
				fb.Append(v.(string))
			case *array.LargeStringBuilder:
				fb.Append(v.(string))
			case *array.BooleanBuilder:
				fb.Append(v.(bool))
			case *array.Date32Builder:
				fb.Append(arrow.Date32(dayNum(t, v.(string))))
			case *array.Date64Builder:
				fb.Append(arrow.Date64(int64(dayNum(t, v.(string))) * 86400000))
			case *array.TimestampBuilder:
				fb.Append(arrow.Timestamp(v.(int64)))
			case *array.Decimal128Builder:
				fb.Append(decimal128.FromI64(int64(v.(int))))
			default:
				t.Fatalf("buildRecord: no case for %T", fb)
			}
		}
	}
	return b.NewRecord()
}

// scanAll reads every row of the table's columns cols through a
// TableScan.
func scanAll(t *testing.T, tb *RecordTable, cols ...int) [][]any {
	t.Helper()
	s := tb.NewScan(cols)
	defer s.(ScanReleaser).ReleaseScan()
	return drain(t, NewTableScan(s, 0, SchemaOf(tb.projected(cols)), nil))
}

func TestRecordTableTypes(t *testing.T) {
	mem := checkedMem(t)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
		{Name: "i16", Type: arrow.PrimitiveTypes.Int16},
		{Name: "i32", Type: arrow.PrimitiveTypes.Int32},
		{Name: "i64", Type: arrow.PrimitiveTypes.Int64},
		{Name: "u8", Type: arrow.PrimitiveTypes.Uint8},
		{Name: "u32", Type: arrow.PrimitiveTypes.Uint32},
		{Name: "u64", Type: arrow.PrimitiveTypes.Uint64},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32},
		{Name: "f64", Type: arrow.PrimitiveTypes.Float64},
		{Name: "s", Type: arrow.BinaryTypes.String},
		{Name: "ls", Type: arrow.BinaryTypes.LargeString},
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "d32", Type: arrow.FixedWidthTypes.Date32},
		{Name: "d64", Type: arrow.FixedWidthTypes.Date64},
		{Name: "ts_us", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{Name: "ts_s", Type: &arrow.TimestampType{Unit: arrow.Second}},
		{Name: "ts_ns", Type: &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "America/New_York"}},
		{Name: "dec", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}},
	}, nil)
	rec := buildRecord(t, mem, schema,
		[]any{-8, nil}, []any{-16, 16}, []any{-32, 32}, []any{-64, 64}, []any{255, 0}, []any{4000000000, 1},
		[]any{uint64(1 << 62), nil}, []any{1.5, nil}, []any{-2.25, 1e300}, []any{"héllo", nil}, []any{"large", ""},
		[]any{true, false}, []any{"2024-02-29", nil}, []any{"1969-12-31", "2000-01-01"},
		[]any{micros(t, "2024-01-02 03:04:05.123456"), nil}, []any{int64(86400), int64(-1)},
		[]any{micros(t, "2024-01-02 03:04:05.123456")*1000 + 999, int64(-1)}, []any{12345, -1})
	tb, err := NewRecordTable("all_types", schema, []arrow.Record{rec})
	rec.Release() // the table keeps its own references
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	var got []string
	for _, c := range tb.Columns() {
		null := ""
		if c.Nullable {
			null = " NULL"
		}
		got = append(got, c.Name+" "+c.Type.String()+null)
	}
	want := "i8 BIGINT NULL, i16 BIGINT, i32 BIGINT, i64 BIGINT, u8 BIGINT, u32 BIGINT, u64 BIGINT NULL, f32 DOUBLE NULL, " +
		"f64 DOUBLE, s VARCHAR NULL, ls VARCHAR, b BOOLEAN, d32 DATE NULL, d64 DATE, ts_us TIMESTAMP NULL, ts_s TIMESTAMP, " +
		"ts_ns TIMESTAMP, dec DECIMAL(10,2)"
	if strings.Join(got, ", ") != want {
		t.Errorf("columns:\n%s\nwant\n%s", strings.Join(got, ", "), want)
	}
	all := make([]int, len(tb.Columns()))
	for i := range all {
		all[i] = i
	}
	wantRows(t, "every type", scanAll(t, tb, all...), [][]any{
		{int64(-8), int64(-16), int64(-32), int64(-64), int64(255), int64(4000000000), int64(1 << 62), 1.5, -2.25, "héllo", "large",
			true, "2024-02-29", "1969-12-31", "2024-01-02 03:04:05.123456", "1970-01-02 00:00:00", "2024-01-02 03:04:05.123456", decVal("123.45")},
		{nil, int64(16), int64(32), int64(64), int64(0), int64(1), nil, nil, 1e300, nil, "",
			false, nil, "2000-01-01", nil, "1969-12-31 23:59:59", "1969-12-31 23:59:59.999999", decVal("-0.01")},
	})
}

func TestRecordTableErrors(t *testing.T) {
	mem := checkedMem(t)
	ok := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64}}, nil)
	rec := buildRecord(t, mem, ok, []any{1})
	defer rec.Release()
	big := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Uint64}}, nil)
	bigRec := buildRecord(t, mem, big, []any{uint64(1) << 63})
	defer bigRec.Release()
	other := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int32}}, nil)
	for _, tc := range []struct {
		what   string
		schema *arrow.Schema
		recs   []arrow.Record
		want   string
	}{
		{"unsupported type", arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64},
			{Name: "blob", Type: arrow.BinaryTypes.Binary}}, nil), nil,
			`table t: column "blob": Arrow type binary is not supported (use int64, float64, string, bool, date32, timestamp or decimal128)`},
		{"list", arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64)}}, nil), nil,
			`table t: column "l": Arrow type list<item: int64, nullable> is not supported`},
		{"duplicate", arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64},
			{Name: "A", Type: arrow.PrimitiveTypes.Int64}}, nil), nil, `table t: column "A" appears twice`},
		{"no name", arrow.NewSchema([]arrow.Field{{Type: arrow.PrimitiveTypes.Int64}}, nil), nil, `table t: column 1 has no name`},
		{"record of another type", other, []arrow.Record{rec}, `table t: record 0: column "a" is int64, the schema says int32`},
		{"record of another width", arrow.NewSchema(nil, nil), []arrow.Record{rec}, `table t: record 0 has 1 columns, the schema 0`},
		{"nil record", ok, []arrow.Record{rec, nil}, `table t: record 1 is nil`},
		{"uint64 too large", big, []arrow.Record{bigRec}, `table t: record 0: column "a": row 1: 9223372036854775808 does not fit in a BIGINT`},
		{"no schema", nil, nil, `table t: no schema`},
	} {
		tb, err := NewRecordTable("t", tc.schema, tc.recs)
		if err == nil {
			tb.Release()
			t.Errorf("%s: no error", tc.what)
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant %s", tc.what, err, tc.want)
		}
	}
}

func TestRecordTableReleasedOnce(t *testing.T) {
	mem := checkedMem(t)
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64}}, nil)
	rec := buildRecord(t, mem, schema, []any{1, 2})
	tb, err := NewRecordTable("t", schema, []arrow.Record{rec, rec})
	if err != nil {
		t.Fatal(err)
	}
	rec.Release()
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the table does not hold its records")
	}
	if got := tb.EstimatedRows(); got != 4 {
		t.Errorf("EstimatedRows = %v, want 4", got)
	}
	wantRows(t, "the record twice", scanAll(t, tb, 0), [][]any{{int64(1)}, {int64(2)}, {int64(1)}, {int64(2)}})
	tb.Release()
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after Release, %d bytes are held", n)
	}
}
