package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// finishValidity reads a Validity's state through Finish.
func finishValidity(v *Validity) (bits []bool, nulls int) {
	n := v.Len()
	buf, nulls := v.Finish()
	bits = make([]bool, n)
	for i := range bits {
		bits[i] = buf == nil || bitutil.BitIsSet(buf.Bytes(), i)
	}
	return bits, nulls
}

func TestValidityAllValidHasNoBitmap(t *testing.T) {
	var v Validity
	for i := 0; i < 100; i++ {
		v.AppendValid()
		v.Append(true)
	}
	if v.Len() != 200 || v.Nulls() != 0 {
		t.Fatalf("Len, Nulls = %d, %d; want 200, 0", v.Len(), v.Nulls())
	}
	buf, nulls := v.Finish()
	if buf != nil || nulls != 0 {
		t.Errorf("Finish of an all-valid bitmap = %v, %d; want nil, 0", buf, nulls)
	}
	if v.Len() != 0 {
		t.Errorf("Finish must reset: Len = %d", v.Len())
	}
}

func TestValidityMaterialisesOnFirstNull(t *testing.T) {
	var v Validity
	// 70 valid values first, so that the late bitmap must back-fill them
	// across several bytes; then a mix crossing byte boundaries.
	want := make([]bool, 0, 200)
	for i := 0; i < 70; i++ {
		v.AppendValid()
		want = append(want, true)
	}
	for i := 0; i < 130; i++ {
		ok := i%3 != 0
		v.Append(ok)
		want = append(want, ok)
	}
	wantNulls := 0
	for _, ok := range want {
		if !ok {
			wantNulls++
		}
	}
	if v.Nulls() != wantNulls {
		t.Errorf("Nulls = %d, want %d", v.Nulls(), wantNulls)
	}
	bits, nulls := finishValidity(&v)
	if nulls != wantNulls {
		t.Errorf("Finish nulls = %d, want %d", nulls, wantNulls)
	}
	for i := range want {
		if bits[i] != want[i] {
			t.Fatalf("bit %d = %v, want %v", i, bits[i], want[i])
		}
	}
}

func TestNewFixedArrays(t *testing.T) {
	var v Validity
	v.Append(true)
	v.Append(false)
	v.Append(true)
	valid, nulls := v.Finish()
	i64 := NewInt64Array([]int64{1, 99, -3}, valid, nulls)
	defer i64.Release()
	wantVals(t, "int64", vals(t, i64), int64(1), nil, int64(-3))
	if i64.DataType().ID() != arrow.INT64 || i64.NullN() != 1 {
		t.Errorf("int64 array: type %s, %d nulls", i64.DataType(), i64.NullN())
	}

	f64 := NewFloat64Array([]float64{0.5, negZero}, nil, 0)
	defer f64.Release()
	wantVals(t, "float64", vals(t, f64), 0.5, 0.0)

	d := NewDate32Array([]int32{-1, 0, 15173}, nil, 0)
	defer d.Release()
	wantVals(t, "date32", vals(t, d), "1969-12-31", "1970-01-01", "2011-07-18")

	ts := NewTimestampArray([]int64{-1, 1_500_000}, nil, 0)
	defer ts.Release()
	wantVals(t, "timestamp", vals(t, ts), "1969-12-31 23:59:59.999999", "1970-01-01 00:00:01.5")
	if !arrow.TypeEqual(ts.DataType(), arrow.FixedWidthTypes.Timestamp_us) {
		t.Errorf("timestamp type = %s", ts.DataType())
	}

	// 10 booleans: bits 0b1000000101 = rows 0, 2, 9 true.
	b := NewBoolArray([]byte{0x05, 0x02}, 10, nil, 0)
	defer b.Release()
	wantVals(t, "bool", vals(t, b), true, false, true, false, false, false, false, false, false, true)

	empty := NewInt64Array(nil, nil, 0)
	defer empty.Release()
	if empty.Len() != 0 {
		t.Errorf("empty int64 array has %d values", empty.Len())
	}

	nulls3 := NewNullArray(3)
	defer nulls3.Release()
	if nulls3.Len() != 3 || nulls3.NullN() != 3 || nulls3.DataType().ID() != arrow.NULL {
		t.Errorf("NewNullArray(3) = len %d, %d nulls, type %s", nulls3.Len(), nulls3.NullN(), nulls3.DataType())
	}
}

func TestNewStringArray(t *testing.T) {
	data := []byte("héllo" + "x")
	var v Validity
	v.Append(true)
	v.Append(false)
	v.Append(true)
	v.Append(true)
	valid, nulls := v.Finish()
	// "héllo", NULL, "", "x"
	a := NewStringArray([]int32{0, 6, 6, 6, 7}, data, valid, nulls)
	defer a.Release()
	wantVals(t, "strings", vals(t, a), "héllo", nil, "", "x")

	// All values empty: no data at all.
	e := NewStringArray([]int32{0, 0, 0}, nil, nil, 0)
	defer e.Release()
	wantVals(t, "empty strings", vals(t, e), "", "")
}

func TestNewRecordAndSchemaOf(t *testing.T) {
	s := SchemaOf([]types.Column{{Name: "a", Type: tInt}, {Name: "b", Type: tStr}, {Name: "n", Type: tNull}, {Name: "d", Type: tDate}})
	if s.NumFields() != 4 {
		t.Fatalf("SchemaOf: %d fields", s.NumFields())
	}
	wantTypes := []arrow.DataType{arrow.PrimitiveTypes.Int64, arrow.BinaryTypes.String, arrow.Null, arrow.FixedWidthTypes.Date32}
	for i, f := range s.Fields() {
		if !arrow.TypeEqual(f.Type, wantTypes[i]) || !f.Nullable {
			t.Errorf("field %d = %s %s nullable=%v; want %s nullable", i, f.Name, f.Type, f.Nullable, wantTypes[i])
		}
	}
	if s.Field(0).Name != "a" || s.Field(3).Name != "d" {
		t.Errorf("field names %q, %q", s.Field(0).Name, s.Field(3).Name)
	}

	cols := []arrow.Array{
		NewInt64Array([]int64{1, 2}, nil, 0),
		mkArr(t, tStr, "x", nil),
		NewNullArray(2),
		NewDate32Array([]int32{0, 1}, nil, 0),
	}
	rec := NewRecord(s, cols, 2)
	releaseAll(cols...)
	defer rec.Release()
	wantRows(t, "record", recRows(t, rec), [][]any{
		{int64(1), "x", nil, "1970-01-01"},
		{int64(2), nil, nil, "1970-01-02"},
	})

	// A record without columns still has rows (SELECT without FROM).
	one := NewRecord(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	if one.NumRows() != 1 || one.NumCols() != 0 {
		t.Errorf("column-less record: %d rows, %d cols", one.NumRows(), one.NumCols())
	}
}

func TestStringBuilder(t *testing.T) {
	b := NewStringBuilder(2, 1)
	b.AppendString("a")
	b.AppendNull()
	b.Append([]byte(""))
	b.AppendString("héllo wörld, longer than the reserve")
	if b.Len() != 4 {
		t.Fatalf("Len = %d, want 4", b.Len())
	}
	a := b.Finish()
	defer a.Release()
	wantVals(t, "first batch", vals(t, a), "a", nil, "", "héllo wörld, longer than the reserve")
	if a.NullN() != 1 {
		t.Errorf("NullN = %d, want 1", a.NullN())
	}

	// The builder is reusable after Finish and must not write into the
	// memory of the array it returned.
	b.AppendString("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")
	b.AppendString("q")
	c := b.Finish()
	defer c.Release()
	wantVals(t, "second batch", vals(t, c), "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "q")
	wantVals(t, "first batch after reuse", vals(t, a), "a", nil, "", "héllo wörld, longer than the reserve")

	// A builder that never got a value gives an empty array.
	var zero StringBuilder
	e := zero.Finish()
	defer e.Release()
	if e.Len() != 0 || e.DataType().ID() != arrow.STRING {
		t.Errorf("empty Finish: len %d type %s", e.Len(), e.DataType())
	}
	// The zero builder works without NewStringBuilder.
	var z2 StringBuilder
	z2.AppendNull()
	z2.AppendString("x")
	e2 := z2.Finish()
	defer e2.Release()
	wantVals(t, "zero-value builder", vals(t, e2), nil, "x")
}

func TestAppenderEveryType(t *testing.T) {
	cases := []struct {
		typ  types.Type
		in   []any // in Const's representation
		want []any // read back
	}{
		{tInt, []any{int64(1), nil, int64(-9)}, []any{int64(1), nil, int64(-9)}},
		{tDbl, []any{nil, 2.5, nan}, []any{nil, 2.5, nan}},
		{tStr, []any{"", nil, "ü"}, []any{"", nil, "ü"}},
		{tDate, []any{int32(-1), nil}, []any{"1969-12-31", nil}},
		{tTS, []any{int64(-1), nil}, []any{"1969-12-31 23:59:59.999999", nil}},
		{tBool, []any{true, nil, false, true}, []any{true, nil, false, true}},
		{tNull, []any{nil, nil}, []any{nil, nil}},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			ap := NewAppender(c.typ)
			for _, v := range c.in {
				ap.AppendValue(v)
			}
			if ap.Len() != len(c.in) {
				t.Errorf("Len = %d, want %d", ap.Len(), len(c.in))
			}
			a := ap.Finish()
			defer a.Release()
			if !arrow.TypeEqual(a.DataType(), c.typ.Arrow()) {
				t.Errorf("type %s, want %s", a.DataType(), c.typ.Arrow())
			}
			if c.typ.ID != types.Unknown {
				wantVals(t, "AppendValue", vals(t, a), c.want...)
			} else if a.Len() != 2 || a.NullN() != 2 {
				t.Errorf("NULL appender: len %d nulls %d", a.Len(), a.NullN())
			}

			// AppendFrom copies the same values back, in reverse order,
			// from a sliced source (offset 1).
			if c.typ.ID == types.Unknown {
				return
			}
			padded := append([]any{c.in[0]}, c.in...)
			src := NewAppender(c.typ)
			for _, v := range padded {
				src.AppendValue(v)
			}
			full := src.Finish()
			defer full.Release()
			sl := array.NewSlice(full, 1, int64(len(padded)))
			defer sl.Release()
			ap2 := NewAppender(c.typ)
			for i := sl.Len() - 1; i >= 0; i-- {
				ap2.AppendFrom(sl, i)
			}
			b := ap2.Finish()
			defer b.Release()
			rev := make([]any, len(c.want))
			for i, v := range c.want {
				rev[len(rev)-1-i] = v
			}
			wantVals(t, "AppendFrom (reversed, sliced source)", vals(t, b), rev...)
		})
	}
}

func TestAppenderReusableAndManyBools(t *testing.T) {
	ap := NewAppender(tBool)
	var want []any
	for i := 0; i < 37; i++ {
		switch {
		case i%5 == 0:
			ap.AppendNull()
			want = append(want, nil)
		default:
			ap.AppendValue(i%2 == 0)
			want = append(want, i%2 == 0)
		}
	}
	a := ap.Finish()
	defer a.Release()
	wantVals(t, "37 booleans", vals(t, a), want...)

	// After Finish the appender starts afresh.
	ap.AppendValue(true)
	b := ap.Finish()
	defer b.Release()
	wantVals(t, "after Finish", vals(t, b), true)
	wantVals(t, "first array unchanged", vals(t, a)[:3], nil, false, true)

	// NULLs only, then Finish: a boolean array of NULLs with enough bits.
	for i := 0; i < 9; i++ {
		ap.AppendNull()
	}
	c := ap.Finish()
	defer c.Release()
	if c.Len() != 9 || c.NullN() != 9 {
		t.Errorf("9 NULL booleans: len %d nulls %d", c.Len(), c.NullN())
	}
}

func TestAppenderFromNullTypedSource(t *testing.T) {
	ap := NewAppender(tInt)
	n := NewNullArray(2)
	defer n.Release()
	ap.AppendFrom(n, 1)
	ap.AppendValue(int64(4))
	a := ap.Finish()
	defer a.Release()
	wantVals(t, "AppendFrom a NULL-typed array", vals(t, a), nil, int64(4))
}

func TestAssemble(t *testing.T) {
	p0 := mkArr(t, tStr, "a", nil)
	p1 := mkArr(t, tStr, "c")
	defer releaseAll(p0, p1)
	// Row 0 from p0[1] (NULL), row 1 uncovered (NULL), row 2 from p1[0],
	// row 3 from p0[0].
	out := Assemble(tStr, 4, []arrow.Array{p0, p1}, [][]int32{{3, 0}, {2}})
	defer out.Release()
	wantVals(t, "Assemble", vals(t, out), nil, nil, "c", "a")

	nul := NewNullArray(1)
	i := mkArr(t, tInt, 7)
	defer releaseAll(nul, i)
	out2 := Assemble(tInt, 2, []arrow.Array{nul, i}, [][]int32{{1}, {0}})
	defer out2.Release()
	wantVals(t, "Assemble with a NULL-typed piece", vals(t, out2), int64(7), nil)

	out3 := Assemble(tDbl, 0, nil, nil)
	defer out3.Release()
	if out3.Len() != 0 || !arrow.TypeEqual(out3.DataType(), arrow.PrimitiveTypes.Float64) {
		t.Errorf("empty Assemble: len %d type %s", out3.Len(), out3.DataType())
	}
}

func TestArrayOutlivesRecord(t *testing.T) {
	// Arrays built from Go slices must survive the Release of a record
	// holding them as long as they are retained elsewhere.
	a := NewInt64Array([]int64{5, 6}, nil, 0)
	rec := NewRecord(mkSchema(tInt), []arrow.Array{a}, 2)
	rec.Release()
	wantVals(t, "after record release", vals(t, a), int64(5), int64(6))
	a.Release()
}
