package vector

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// RecordTable is a table whose rows are held in memory as Arrow records,
// such as a small catalog relation made by a program. It is immutable and
// safe for concurrent queries.
//
// Its records stay alive while the table is registered (until Release) and
// while any query that scans it runs: each scan holds a reference from
// NewScan until the scan's Release, so a query planned before the table
// is dropped or replaced reads the old rows to its end.
type RecordTable struct {
	name string
	cols []types.Column
	data *recordData
}

// recordData is the rows of a RecordTable, shared by the table and the
// scans of it, and released when the last of them lets go.
type recordData struct {
	schema *arrow.Schema // the engine's types for the columns
	recs   []arrow.Record
	rows   int64
	refs   atomic.Int64
}

// ErrTableGone is the error of a scan of a RecordTable that was released
// (dropped or replaced) before the scan could take hold of its rows:
// planning the query again finds the table now registered.
var ErrTableGone = errors.New("the table was dropped or replaced while the query was planned")

// NewRecordTable returns a table named name whose rows are those of recs,
// which must all have schema's column types. The table retains what it
// keeps of the records (the caller keeps its own references). Column
// types map to SQL types as follows: int64 (and the narrower integers,
// and unsigned ones whose values fit) BIGINT; float64 and float32 DOUBLE;
// string and large_string VARCHAR; bool BOOLEAN; date32 and date64 DATE;
// timestamp of any unit TIMESTAMP (microseconds, the time zone's instant
// read as UTC); decimal128 DECIMAL(p,s). Other types are an error that
// names the column. A column is nullable if its field says so or it
// holds a NULL.
func NewRecordTable(name string, schema *arrow.Schema, recs []arrow.Record) (*RecordTable, error) {
	if schema == nil {
		return nil, fmt.Errorf("table %s: no schema", name)
	}
	cols := make([]types.Column, schema.NumFields())
	seen := map[string]bool{}
	for i, f := range schema.Fields() {
		if f.Name == "" {
			return nil, fmt.Errorf("table %s: column %d has no name", name, i+1)
		}
		if seen[strings.ToLower(f.Name)] {
			return nil, fmt.Errorf("table %s: column %q appears twice", name, f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
		t, err := recordColumnType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("table %s: column %q: %w", name, f.Name, err)
		}
		cols[i] = types.Column{Name: f.Name, Type: t, Nullable: f.Nullable, Origin: types.Declared}
		if f.HasMetadata() {
			if k := f.Metadata.FindKey("sqlcsv.tag"); k >= 0 {
				cols[i].Tag = f.Metadata.Values()[k]
			}
		}
	}
	// Every field of a batch is nullable, as everywhere in the engine.
	d := &recordData{schema: SchemaOf(cols)}
	d.refs.Store(1)
	ok := false
	defer func() {
		if !ok {
			d.release()
		}
	}()
	for r, rec := range recs {
		if rec == nil {
			return nil, fmt.Errorf("table %s: record %d is nil", name, r)
		}
		if int(rec.NumCols()) != len(cols) {
			return nil, fmt.Errorf("table %s: record %d has %d columns, the schema %d", name, r, rec.NumCols(), len(cols))
		}
		arrs := make([]arrow.Array, len(cols))
		for i, col := range rec.Columns() {
			if !arrow.TypeEqual(col.DataType(), schema.Field(i).Type) {
				releaseArrays(arrs[:i])
				return nil, fmt.Errorf("table %s: record %d: column %q is %s, the schema says %s",
					name, r, cols[i].Name, col.DataType(), schema.Field(i).Type)
			}
			a, err := toEngineArray(col, cols[i].Type)
			if err != nil {
				releaseArrays(arrs[:i])
				return nil, fmt.Errorf("table %s: record %d: column %q: %w", name, r, cols[i].Name, err)
			}
			arrs[i] = a
			if a.NullN() > 0 {
				cols[i].Nullable = true
			}
		}
		d.recs = append(d.recs, array.NewRecord(d.schema, arrs, rec.NumRows()))
		releaseArrays(arrs)
		d.rows += rec.NumRows()
	}
	ok = true
	return &RecordTable{name: name, cols: cols, data: d}, nil
}

func releaseArrays(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

// recordColumnType is the SQL type of an Arrow column of a RecordTable.
func recordColumnType(dt arrow.DataType) (types.Type, error) {
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
		return types.BigintType, nil
	case arrow.FLOAT32, arrow.FLOAT64:
		return types.DoubleType, nil
	case arrow.STRING, arrow.LARGE_STRING:
		return types.VarcharType, nil
	case arrow.BOOL:
		return types.BooleanType, nil
	case arrow.DATE32, arrow.DATE64:
		return types.DateType, nil
	case arrow.TIMESTAMP:
		return types.TimestampType, nil
	case arrow.DECIMAL128:
		d := dt.(*arrow.Decimal128Type)
		return types.NewDecimal(int(d.Precision), int(d.Scale))
	}
	return types.Type{}, fmt.Errorf("Arrow type %s is not supported (use int64, float64, string, bool, date32, timestamp or decimal128)", dt)
}

// toEngineArray returns a (a new reference to) as the engine holds values
// of type t: the same buffers when the layout is the engine's, else a
// converted copy.
func toEngineArray(a arrow.Array, t types.Type) (arrow.Array, error) {
	want := t.Arrow()
	if arrow.TypeEqual(a.DataType(), want) {
		a.Retain()
		return a, nil
	}
	mem := memory.DefaultAllocator
	n := a.Len()
	switch src := a.(type) {
	case *array.Timestamp:
		unit := src.DataType().(*arrow.TimestampType).Unit
		if unit == arrow.Microsecond {
			// Only the time zone differs: share the buffers.
			d := array.NewData(want, n, a.Data().Buffers(), nil, a.NullN(), a.Data().Offset())
			defer d.Release()
			return array.MakeFromData(d), nil
		}
		b := array.NewTimestampBuilder(mem, want.(*arrow.TimestampType))
		defer b.Release()
		for i := 0; i < n; i++ {
			if src.IsNull(i) {
				b.AppendNull()
				continue
			}
			v := int64(src.Value(i))
			switch unit {
			case arrow.Second:
				if v > math.MaxInt64/1_000_000 || v < math.MinInt64/1_000_000 {
					return nil, fmt.Errorf("timestamp %d s is out of range", v)
				}
				v *= 1e6
			case arrow.Millisecond:
				if v > math.MaxInt64/1000 || v < math.MinInt64/1000 {
					return nil, fmt.Errorf("timestamp %d ms is out of range", v)
				}
				v *= 1e3
			case arrow.Nanosecond:
				v = floorDiv(v, 1e3)
			}
			b.Append(arrow.Timestamp(v))
		}
		return b.NewArray(), nil
	case *array.Date64:
		b := array.NewDate32Builder(mem)
		defer b.Release()
		for i := 0; i < n; i++ {
			if src.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(arrow.Date32(floorDiv(int64(src.Value(i)), 86400000)))
		}
		return b.NewArray(), nil
	case *array.Float32:
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		for i := 0; i < n; i++ {
			if src.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(float64(src.Value(i)))
		}
		return b.NewArray(), nil
	case *array.LargeString:
		b := array.NewStringBuilder(mem)
		defer b.Release()
		for i := 0; i < n; i++ {
			if src.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(src.Value(i))
		}
		return b.NewArray(), nil
	}
	if t.ID == types.Bigint {
		return toInt64Array(a)
	}
	return nil, fmt.Errorf("internal error: no conversion from %s to %s", a.DataType(), t)
}

// toInt64Array widens an integer array to int64.
func toInt64Array(a arrow.Array) (arrow.Array, error) {
	var get func(i int) (int64, bool)
	switch src := a.(type) {
	case *array.Int8:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Int16:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Int32:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Uint8:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Uint16:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Uint32:
		get = func(i int) (int64, bool) { return int64(src.Value(i)), true }
	case *array.Uint64:
		get = func(i int) (int64, bool) { v := src.Value(i); return int64(v), v <= math.MaxInt64 }
	default:
		return nil, fmt.Errorf("internal error: no conversion from %s to BIGINT", a.DataType())
	}
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		v, ok := get(i)
		if !ok {
			return nil, fmt.Errorf("row %d: %s does not fit in a BIGINT", i+1, a.ValueStr(i))
		}
		b.Append(v)
	}
	return b.NewArray(), nil
}

// Name is the table's name.
func (t *RecordTable) Name() string { return t.name }

// Columns is the table's schema.
func (t *RecordTable) Columns() []types.Column { return t.cols }

// EstimatedRows is the table's exact number of rows (catalog.RowEstimator).
func (t *RecordTable) EstimatedRows() float64 { return float64(t.data.rows) }

// Release gives back the table's hold on its records, when it is dropped
// or replaced; scans made before keep theirs. Only the table's owner
// calls it, once.
func (t *RecordTable) Release() { t.data.release() }

// acquire takes a reference to the rows, unless they are released already.
func (d *recordData) acquire() bool {
	for {
		n := d.refs.Load()
		if n <= 0 {
			return false
		}
		if d.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release gives a reference back; the last one releases the records.
func (d *recordData) release() {
	switch n := d.refs.Add(-1); {
	case n == 0:
		for _, r := range d.recs {
			r.Release()
		}
		d.recs = nil
	case n < 0:
		panic("internal error: records of a RecordTable released too often")
	}
}
