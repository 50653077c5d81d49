package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestColumnRef(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1, nil), col("b", tStr, "x", "y"))
	defer rec.Release()
	e := &ColumnRef{Index: 1, Name: "b", T: tStr}
	wantVals(t, "b", eval(t, e, rec), "x", "y")
	if e.String() != "b" || e.Type() != tStr {
		t.Errorf("String, Type = %q, %s", e.String(), e.Type())
	}
	// The result is the column itself, retained: releasing it leaves the
	// record intact.
	a, _ := e.Eval(rec)
	a.Release()
	wantVals(t, "column after releasing a result", vals(t, rec.Column(1)), "x", "y")
}

func TestConstRepeatsForEveryRow(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1, 2, 3))
	defer rec.Release()
	cases := []struct {
		c    *Const
		want any
	}{
		{lit(t, tInt, int64(-7)), int64(-7)},
		{lit(t, tDbl, 2.5), 2.5},
		{lit(t, tStr, "é"), "é"},
		{lit(t, tStr, ""), ""},
		{lit(t, tBool, true), true},
		{lit(t, tBool, false), false},
		{lit(t, tDate, "1969-07-20"), "1969-07-20"},
		{lit(t, tTS, "1969-07-20 20:17:40"), "1969-07-20 20:17:40"},
		{&Const{Value: nil, T: tInt}, nil},
		{&Const{Value: nil, T: tStr}, nil},
		{&Const{Value: nil, T: tBool}, nil},
		{&Const{Value: nil, T: tDate}, nil},
		{&Const{Value: nil, T: tTS}, nil},
		{&Const{Value: nil, T: tDbl}, nil},
		{&Const{Value: nil, T: tNull}, nil},
	}
	for _, c := range cases {
		wantVals(t, c.c.String(), eval(t, c.c, rec), c.want, c.want, c.want)
	}
}

func TestRepeatManyRowsAndZeroRows(t *testing.T) {
	a := Repeat(true, tBool, 19)
	defer a.Release()
	for i, v := range vals(t, a) {
		if v != true {
			t.Fatalf("Repeat(true, 19)[%d] = %v", i, v)
		}
	}
	for _, typ := range []types.Type{tInt, tDbl, tStr, tBool, tDate, tTS, tNull} {
		z := Repeat(nil, typ, 0)
		if z.Len() != 0 || !arrow.TypeEqual(z.DataType(), typ.Arrow()) {
			t.Errorf("Repeat(NULL, %s, 0): len %d type %s", typ, z.Len(), z.DataType())
		}
		z.Release()
		n := Repeat(nil, typ, 4)
		if n.Len() != 4 || n.NullN() != 4 {
			t.Errorf("Repeat(NULL, %s, 4): len %d nulls %d", typ, n.Len(), n.NullN())
		}
		n.Release()
	}
}

func TestFormatScalar(t *testing.T) {
	cases := []struct {
		v    any
		t    types.Type
		want string
	}{
		{nil, tInt, "NULL"},
		{int64(-3), tInt, "-3"},
		{"it's", tStr, "'it''s'"},
		{"", tStr, "''"},
		{true, tBool, "true"},
		{1.0, tDbl, "1.0"},
		{-2.0, tDbl, "-2.0"},
		{0.5, tDbl, "0.5"},
		{1e20, tDbl, "1e+20"},
		{int32(-1), tDate, "DATE '1969-12-31'"},
		{int64(-500000), tTS, "TIMESTAMP '1969-12-31 23:59:59.5'"},
	}
	for _, c := range cases {
		if got := FormatScalar(c.v, c.t); got != c.want {
			t.Errorf("FormatScalar(%#v, %s) = %q, want %q", c.v, c.t, got, c.want)
		}
	}
}

func TestScalar(t *testing.T) {
	rec := mkRec(t,
		col("b", tBool, true, nil),
		col("i", tInt, 5, nil),
		col("f", tDbl, 0.25, nil),
		col("s", tStr, "s", nil),
		col("d", tDate, int32(-3), nil),
		col("ts", tTS, int64(-9), nil),
	)
	defer rec.Release()
	want := []any{true, int64(5), 0.25, "s", int32(-3), int64(-9)}
	for c, w := range want {
		if got := Scalar(rec.Column(c), 0); got != w {
			t.Errorf("Scalar(col %d, 0) = %#v, want %#v", c, got, w)
		}
		if got := Scalar(rec.Column(c), 1); got != nil {
			t.Errorf("Scalar(col %d, 1) = %#v, want nil", c, got)
		}
	}
}

func TestTypedViewsRespectOffsets(t *testing.T) {
	i := mkArr(t, tInt, 1, 2, 3, 4)
	f := mkArr(t, tDbl, 1.5, 2.5, 3.5)
	d := mkArr(t, tDate, int32(7), int32(8), int32(9))
	defer releaseAll(i, f, d)
	si := array.NewSlice(i, 1, 3)
	sf := array.NewSlice(f, 2, 3)
	sd := array.NewSlice(d, 1, 2)
	defer releaseAll(si, sf, sd)
	if got := int64s(si); len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("int64s(slice) = %v, want [2 3]", got)
	}
	if got := float64s(sf); len(got) != 1 || got[0] != 3.5 {
		t.Errorf("float64s(slice) = %v, want [3.5]", got)
	}
	if got := int32s(sd); len(got) != 1 || got[0] != 8 {
		t.Errorf("int32s(slice) = %v, want [8]", got)
	}
}

func TestValidityOfSeveralInputs(t *testing.T) {
	a := mkArr(t, tInt, 1, nil, 3, 4, 5, 6, 7, 8, nil, 10)
	b := mkArr(t, tInt, nil, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	c := mkArr(t, tInt, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	defer releaseAll(a, b, c)
	buf, nulls := validity(10, a, b, c)
	if nulls != 3 {
		t.Fatalf("validity nulls = %d, want 3", nulls)
	}
	for i := 0; i < 10; i++ {
		want := i != 0 && i != 1 && i != 8
		if isValid(bufBytes(buf), i) != want {
			t.Errorf("row %d valid = %v, want %v", i, !want, want)
		}
	}
	if buf, nulls := validity(10, c, c); buf != nil || nulls != 0 {
		t.Errorf("validity of NULL-free inputs = %v, %d; want nil, 0", buf, nulls)
	}
	// A sliced input (offset 1) shifts its bitmap.
	sa := array.NewSlice(a, 1, 10)
	sc := array.NewSlice(c, 0, 9)
	defer releaseAll(sa, sc)
	buf, nulls = validity(9, sc, sa)
	if nulls != 2 || isValid(bufBytes(buf), 0) || !isValid(bufBytes(buf), 1) || isValid(bufBytes(buf), 7) {
		t.Errorf("validity of a slice: nulls %d", nulls)
	}
	n := NewNullArray(10)
	defer n.Release()
	if _, nulls := validity(10, c, n); nulls != 10 {
		t.Errorf("validity with a NULL-typed input: %d nulls, want 10", nulls)
	}
}

func TestFormatScalarDoubleEdgeCases(t *testing.T) {
	cases := map[float64]string{
		123456789012345.0: "123456789012345.0",
		1e15:              "1e+15",
		0.1:               "0.1",
		-1.5e-7:           "-1.5e-07",
	}
	for f, want := range cases {
		if got := FormatScalar(f, tDbl); got != want {
			t.Errorf("FormatScalar(%v) = %q, want %q", f, got, want)
		}
	}
}
