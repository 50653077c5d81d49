package vector

// Shared helpers of the vector package's tests: building arrays and records
// from Go values, reading them back, draining operators, and fake operators.
//
// Values are written in Go as: nil (NULL), bool, int or int64 (BIGINT),
// float64 (DOUBLE), string (VARCHAR), and for DATE and TIMESTAMP either the
// raw int32 day number / int64 microseconds or a string "YYYY-MM-DD" /
// "YYYY-MM-DD HH:MM:SS[.ffffff]". Read back, DATE and TIMESTAMP values are
// strings in that form, so expected rows can be written readably. The
// calendar conversions use package time, independently of timefmt.

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"go.uber.org/goleak"
)

// TestMain checks that no test of the package leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	tBool = types.BooleanType
	tInt  = types.BigintType
	tDbl  = types.DoubleType
	tStr  = types.VarcharType
	tDate = types.DateType
	tTS   = types.TimestampType
	tNull = types.UnknownType
)

// nan is a quiet NaN; negZero is -0.0.
var (
	nan     = math.NaN()
	negZero = math.Copysign(0, -1)
)

// setBatchSize sets BatchSize for the duration of a test.
func setBatchSize(t testing.TB, n int) {
	old := BatchSize
	BatchSize = n
	t.Cleanup(func() { BatchSize = old })
}

// dayNum returns the day number of "YYYY-MM-DD".
func dayNum(t testing.TB, s string) int32 {
	t.Helper()
	tm, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("bad date literal %q in test: %v", s, err)
	}
	return int32(math.Floor(float64(tm.Unix()) / 86400))
}

// micros returns the microseconds of "YYYY-MM-DD HH:MM:SS[.ffffff]".
func micros(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.Parse("2006-01-02 15:04:05.999999", s)
	if err != nil {
		t.Fatalf("bad timestamp literal %q in test: %v", s, err)
	}
	return tm.UnixMicro()
}

func fmtDate(d int32) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

func fmtTS(us int64) string {
	return time.UnixMicro(us).UTC().Format("2006-01-02 15:04:05.999999")
}

// goValue converts a test value to Const's representation for type typ.
func goValue(t testing.TB, typ types.Type, v any) any {
	t.Helper()
	if v == nil {
		return nil
	}
	switch typ.ID {
	case types.Bigint:
		switch x := v.(type) {
		case int:
			return int64(x)
		case int64:
			return x
		}
	case types.Double:
		switch x := v.(type) {
		case int:
			return float64(x)
		case float64:
			return x
		}
	case types.Varchar:
		if s, ok := v.(string); ok {
			return s
		}
	case types.Boolean:
		if b, ok := v.(bool); ok {
			return b
		}
	case types.Date:
		switch x := v.(type) {
		case int32:
			return x
		case string:
			return dayNum(t, x)
		}
	case types.Timestamp:
		switch x := v.(type) {
		case int64:
			return x
		case string:
			return micros(t, x)
		}
	case types.Decimal:
		var text string
		switch x := v.(type) {
		case decVal:
			text = string(x)
		case string:
			text = x
		case int:
			text = fmt.Sprint(x)
		}
		if n, ok := types.ParseDecimal([]byte(text), int(typ.Scale)); ok && text != "" {
			return n
		}
		// A value read back from an array (a wrapped partial sum may
		// pass 38 digits): its digits are the 128-bit count.
		if b, ok := new(big.Int).SetString(strings.Replace(text, ".", "", 1), 10); ok && b.BitLen() <= 127 {
			return decimal128.FromBigInt(b)
		}
	}
	t.Fatalf("test value %#v does not fit type %s", v, typ)
	return nil
}

// mkArr builds an array of SQL type typ with Arrow's own builders.
func mkArr(t testing.TB, typ types.Type, vals ...any) arrow.Array {
	t.Helper()
	mem := memory.DefaultAllocator
	if typ.ID == types.Unknown {
		for _, v := range vals {
			if v != nil {
				t.Fatalf("a NULL-typed column can only hold NULLs, got %#v", v)
			}
		}
		return array.NewNull(len(vals))
	}
	b := array.NewBuilder(mem, typ.Arrow())
	defer b.Release()
	for _, v := range vals {
		g := goValue(t, typ, v)
		if g == nil {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.Int64Builder:
			bb.Append(g.(int64))
		case *array.Float64Builder:
			bb.Append(g.(float64))
		case *array.StringBuilder:
			bb.Append(g.(string))
		case *array.BooleanBuilder:
			bb.Append(g.(bool))
		case *array.Date32Builder:
			bb.Append(arrow.Date32(g.(int32)))
		case *array.TimestampBuilder:
			bb.Append(arrow.Timestamp(g.(int64)))
		case *array.Decimal128Builder:
			bb.Append(g.(decimal128.Num))
		default:
			t.Fatalf("no builder for %s", typ)
		}
	}
	return b.NewArray()
}

// colSpec is one column of a record under construction.
type colSpec struct {
	name string
	typ  types.Type
	vals []any
}

func col(name string, typ types.Type, vals ...any) colSpec {
	return colSpec{name: name, typ: typ, vals: vals}
}

// schemaOfSpecs is the schema of the given columns.
func schemaOfSpecs(cols ...colSpec) *arrow.Schema {
	cs := make([]types.Column, len(cols))
	for i, c := range cols {
		cs[i] = types.Column{Name: c.name, Type: c.typ, Nullable: true}
	}
	return SchemaOf(cs)
}

// mkRec builds a record from columns of equal length.
func mkRec(t testing.TB, cols ...colSpec) arrow.Record {
	t.Helper()
	n := -1
	arrs := make([]arrow.Array, len(cols))
	for i, c := range cols {
		if n >= 0 && len(c.vals) != n {
			t.Fatalf("column %s has %d values, want %d", c.name, len(c.vals), n)
		}
		n = len(c.vals)
		arrs[i] = mkArr(t, c.typ, c.vals...)
	}
	if n < 0 {
		n = 0
	}
	rec := array.NewRecord(schemaOfSpecs(cols...), arrs, int64(n))
	releaseAll(arrs...)
	return rec
}

// mkSchema returns a schema of columns c0, c1, ... of the given types.
func mkSchema(ts ...types.Type) *arrow.Schema {
	cs := make([]types.Column, len(ts))
	for i, typ := range ts {
		cs[i] = types.Column{Name: fmt.Sprintf("c%d", i), Type: typ, Nullable: true}
	}
	return SchemaOf(cs)
}

// recFromRows builds one record of columns c0, c1, ... from rows.
func recFromRows(t testing.TB, ts []types.Type, rows [][]any) arrow.Record {
	t.Helper()
	cols := make([]colSpec, len(ts))
	for c, typ := range ts {
		cols[c] = colSpec{name: fmt.Sprintf("c%d", c), typ: typ, vals: make([]any, len(rows))}
	}
	for r, row := range rows {
		if len(row) != len(ts) {
			t.Fatalf("row %d has %d values, want %d", r, len(row), len(ts))
		}
		for c, v := range row {
			cols[c].vals[r] = v
		}
	}
	return mkRec(t, cols...)
}

// recsFromRows splits rows into records of at most per rows each.
func recsFromRows(t testing.TB, ts []types.Type, rows [][]any, per int) []arrow.Record {
	t.Helper()
	var recs []arrow.Record
	for i := 0; i < len(rows); i += per {
		recs = append(recs, recFromRows(t, ts, rows[i:min(i+per, len(rows))]))
	}
	return recs
}

// vals reads an array back as Go values (nil for NULL; DATE and TIMESTAMP
// as strings).
func vals(t testing.TB, a arrow.Array) []any {
	t.Helper()
	out := make([]any, a.Len())
	if a.DataType().ID() == arrow.NULL { // Arrow's IsNull is false there
		return out
	}
	for i := range out {
		if a.IsNull(i) {
			continue
		}
		switch a := a.(type) {
		case *array.Int64:
			out[i] = a.Value(i)
		case *array.Float64:
			out[i] = a.Value(i)
		case *array.String:
			out[i] = a.Value(i)
		case *array.Boolean:
			out[i] = a.Value(i)
		case *array.Date32:
			out[i] = fmtDate(int32(a.Value(i)))
		case *array.Timestamp:
			out[i] = fmtTS(int64(a.Value(i)))
		case *array.Decimal128:
			out[i] = decVal(types.AppendDecimal(nil, a.Value(i), int(a.DataType().(*arrow.Decimal128Type).Scale)))
		case *array.List:
			s, e := a.ValueOffsets(i)
			vs := vals(t, a.ListValues())
			out[i] = vs[s:e]
		default:
			t.Fatalf("cannot read back an array of type %s", a.DataType())
		}
	}
	return out
}

// recRows reads a record back as rows.
func recRows(t testing.TB, rec arrow.Record) [][]any {
	t.Helper()
	n := int(rec.NumRows())
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = make([]any, rec.NumCols())
	}
	for c := 0; c < int(rec.NumCols()); c++ {
		if rec.Column(c).Len() < n {
			t.Fatalf("column %d has %d values for %d rows", c, rec.Column(c).Len(), n)
		}
		vs := vals(t, rec.Column(c))
		for r := 0; r < n; r++ {
			rows[r][c] = vs[r]
		}
	}
	return rows
}

// catchPanic runs f and turns a panic into an error; the code under test
// must return errors, never panic.
func catchPanic(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("PANIC: %v", r)
		}
	}()
	return f()
}

// drainBatches runs an operator through its whole contract (Open, Next until
// nil or an error, Close) and returns its batches as rows; every batch must
// have the operator's schema. It returns the first error (of Open, Next or
// Close), or a panic as an error.
func drainBatches(t testing.TB, op Operator) ([][][]any, error) {
	t.Helper()
	ctx := context.Background()
	var batches [][][]any
	err := catchPanic(func() error {
		if err := op.Open(ctx); err != nil {
			op.Close()
			return err
		}
		for {
			rec, err := op.Next(ctx)
			if err != nil {
				op.Close()
				return err
			}
			if rec == nil {
				break
			}
			if !rec.Schema().Equal(op.Schema()) {
				t.Errorf("batch schema %s differs from the operator's %s", rec.Schema(), op.Schema())
			}
			batches = append(batches, recRows(t, rec))
			rec.Release()
		}
		return op.Close()
	})
	return batches, err
}

// drainErr is drainBatches with the batches flattened.
func drainErr(t testing.TB, op Operator) ([][]any, error) {
	t.Helper()
	batches, err := drainBatches(t, op)
	var rows [][]any
	for _, b := range batches {
		rows = append(rows, b...)
	}
	return rows, err
}

// drain is drainErr for an operator that must succeed.
func drain(t testing.TB, op Operator) [][]any {
	t.Helper()
	rows, err := drainErr(t, op)
	if err != nil {
		t.Fatalf("operator failed: %v", err)
	}
	return rows
}

// evalErr evaluates e over rec.
func evalErr(t testing.TB, e Expr, rec arrow.Record) ([]any, error) {
	t.Helper()
	var out []any
	err := catchPanic(func() error {
		a, err := e.Eval(rec)
		if err != nil {
			return err
		}
		defer a.Release()
		if a.Len() != int(rec.NumRows()) {
			return fmt.Errorf("result has %d values for %d rows", a.Len(), rec.NumRows())
		}
		if !arrow.TypeEqual(a.DataType(), e.Type().Arrow()) {
			return fmt.Errorf("result is of Arrow type %s, but the expression's type %s is %s", a.DataType(), e.Type(), e.Type().Arrow())
		}
		out = vals(t, a)
		return nil
	})
	return out, err
}

// eval evaluates e over rec; it must succeed.
func eval(t testing.TB, e Expr, rec arrow.Record) []any {
	t.Helper()
	out, err := evalErr(t, e, rec)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return out
}

// decVal is a DECIMAL read back, as its text at its scale ("1.50"): a
// distinct type, so that it never equals a VARCHAR.
type decVal string

// same reports whether two read-back values are equal; NaN equals NaN.
func same(a, b any) bool {
	if x, ok := a.(float64); ok {
		if y, ok := b.(float64); ok && math.IsNaN(x) && math.IsNaN(y) {
			return true
		}
	}
	if x, ok := a.([]any); ok {
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !same(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	if x, ok := b.(int); ok { // expected ints are BIGINTs
		b = int64(x)
	}
	return a == b
}

func sameRow(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !same(a[i], b[i]) {
			return false
		}
	}
	return true
}

func fmtVal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return fmt.Sprintf("%q", x)
	case float64:
		if x == 0 && math.Signbit(x) {
			return "-0.0"
		}
		return fmt.Sprintf("%v(dbl)", x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmtVal(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

func fmtRows(rows [][]any) string {
	var sb strings.Builder
	for _, r := range rows {
		parts := make([]string, len(r))
		for i, v := range r {
			parts[i] = fmtVal(v)
		}
		sb.WriteString("\n  (" + strings.Join(parts, ", ") + ")")
	}
	if len(rows) == 0 {
		return " (no rows)"
	}
	return sb.String()
}

// wantVals checks a column of values.
func wantVals(t testing.TB, what string, got []any, want ...any) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = same(got[i], want[i])
	}
	if !ok {
		t.Errorf("%s:\n got: %s\nwant: %s", what, fmtVal(got), fmtVal(want))
	}
}

// wantRows checks rows, in order.
func wantRows(t testing.TB, what string, got, want [][]any) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = sameRow(got[i], want[i])
	}
	if !ok {
		t.Errorf("%s:\n got:%s\nwant:%s", what, fmtRows(got), fmtRows(want))
	}
}

// wantErr checks that err is an error whose text contains every fragment.
func wantErr(t testing.TB, what string, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one containing %q", what, fragments)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("%s: error %q does not contain %q", what, err, f)
		}
	}
}

// trackedRecord counts the references to a record handed to the code under
// test, so that a test can check the code releases what it is given.
type trackedRecord struct {
	arrow.Record
	refs *atomic.Int64
}

func (r *trackedRecord) Retain() {
	r.refs.Add(1)
	r.Record.Retain()
}

func (r *trackedRecord) Release() {
	if r.refs.Add(-1) < 0 {
		panic("record released more often than retained")
	}
	r.Record.Release()
}

// tracker hands out tracked records and checks, when the test ends, that
// every one of them was released.
type tracker struct {
	mu   sync.Mutex
	recs []*trackedRecord
}

func newTracker(t testing.TB) *tracker {
	tr := &tracker{}
	t.Cleanup(func() {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		for i, r := range tr.recs {
			if n := r.refs.Load(); n != 0 {
				t.Errorf("input record %d still has %d reference(s) after the test: an operator did not release it", i, n)
			}
		}
	})
	return tr
}

func (tr *tracker) track(rec arrow.Record) arrow.Record {
	r := &trackedRecord{Record: rec, refs: new(atomic.Int64)}
	r.refs.Store(1)
	tr.mu.Lock()
	tr.recs = append(tr.recs, r)
	tr.mu.Unlock()
	return r
}

// fakeSource is an Operator that yields given records (it owns them: what
// is not consumed is released by Close). It counts its calls and can fail.
type fakeSource struct {
	schema *arrow.Schema
	recs   []arrow.Record
	pos    int

	opens, nexts, closes int
	openErr              error
	failAt               int // the Next call (0-based) that fails with failErr; -1: none
	failErr              error
}

// newSource returns a fake source of tracked records: the test fails if
// any of them is not released by its end.
func newSource(t testing.TB, schema *arrow.Schema, recs ...arrow.Record) *fakeSource {
	tr := newTracker(t)
	s := &fakeSource{schema: schema, failAt: -1}
	for _, r := range recs {
		s.recs = append(s.recs, tr.track(r))
	}
	return s
}

// rowsSource is a fake source of the given rows in batches of per rows.
func rowsSource(t testing.TB, ts []types.Type, rows [][]any, per int) *fakeSource {
	t.Helper()
	return newSource(t, mkSchema(ts...), recsFromRows(t, ts, rows, per)...)
}

func (s *fakeSource) Schema() *arrow.Schema { return s.schema }

func (s *fakeSource) Open(context.Context) error {
	s.opens++
	return s.openErr
}

func (s *fakeSource) Next(context.Context) (arrow.Record, error) {
	call := s.nexts
	s.nexts++
	if call == s.failAt {
		return nil, s.failErr
	}
	if s.pos >= len(s.recs) {
		return nil, nil
	}
	r := s.recs[s.pos]
	s.recs[s.pos] = nil
	s.pos++
	return r, nil
}

func (s *fakeSource) Close() error {
	s.closes++
	for i, r := range s.recs {
		if r != nil {
			r.Release()
			s.recs[i] = nil
		}
	}
	return nil
}

var _ Operator = (*fakeSource)(nil)

// col0 is a reference to column i of type typ.
func ref(i int, typ types.Type) *ColumnRef {
	return &ColumnRef{Index: i, Name: fmt.Sprintf("c%d", i), T: typ}
}

// lit is a constant.
func lit(t testing.TB, typ types.Type, v any) *Const {
	t.Helper()
	return &Const{Value: goValue(t, typ, v), T: typ}
}

// Tests of the helpers themselves: a wrong helper would make other tests
// meaningless.

func TestHelpersRoundTrip(t *testing.T) {
	rec := mkRec(t,
		col("b", tBool, true, nil, false),
		col("i", tInt, 1, int64(-2), nil),
		col("f", tDbl, 1.5, nil, nan),
		col("s", tStr, "", nil, "é"),
		col("d", tDate, "1969-12-31", "1970-01-01", nil),
		col("ts", tTS, "1969-12-31 23:59:59.5", nil, "2011-07-18 13:05:09"),
	)
	defer rec.Release()
	wantRows(t, "round trip", recRows(t, rec), [][]any{
		{true, int64(1), 1.5, "", "1969-12-31", "1969-12-31 23:59:59.5"},
		{nil, int64(-2), nil, nil, "1970-01-01", nil},
		{false, nil, nan, "é", nil, "2011-07-18 13:05:09"},
	})
	if d := dayNum(t, "1969-12-31"); d != -1 {
		t.Errorf("dayNum(1969-12-31) = %d, want -1", d)
	}
	if us := micros(t, "1969-12-31 23:59:59.5"); us != -500000 {
		t.Errorf("micros = %d, want -500000", us)
	}
	if same(1.0, 2.0) || !same(nan, nan) || !same(int64(3), 3) || same(nil, int64(0)) || same("", nil) {
		t.Errorf("same() is wrong")
	}
}
