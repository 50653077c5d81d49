package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestTakeEveryType(t *testing.T) {
	cases := []struct {
		typ  types.Type
		in   []any
		want []any // rows 3, 0, 0, 2
	}{
		{tInt, []any{1, nil, 3, 4}, []any{int64(4), int64(1), int64(1), int64(3)}},
		{tDbl, []any{1.5, 2.5, nil, negZero}, []any{0.0, 1.5, 1.5, nil}},
		{tStr, []any{"a", "", nil, "héllo"}, []any{"héllo", "a", "a", nil}},
		{tBool, []any{true, false, nil, false}, []any{false, true, true, nil}},
		{tDate, []any{"1969-12-31", nil, "2000-02-29", "1900-01-01"}, []any{"1900-01-01", "1969-12-31", "1969-12-31", "2000-02-29"}},
		{tTS, []any{nil, "1970-01-01 00:00:00", "1969-12-31 23:59:59.999999", "2011-07-18 13:05:09"}, []any{"2011-07-18 13:05:09", nil, nil, "1969-12-31 23:59:59.999999"}},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			a := mkArr(t, c.typ, c.in...)
			defer a.Release()
			out := Take(a, []int32{3, 0, 0, 2})
			defer out.Release()
			if !arrow.TypeEqual(out.DataType(), a.DataType()) {
				t.Errorf("type %s, want %s", out.DataType(), a.DataType())
			}
			wantVals(t, "Take", vals(t, out), c.want...)
			nulls := 0
			for _, v := range c.want {
				if v == nil {
					nulls++
				}
			}
			if out.NullN() != nulls {
				t.Errorf("NullN = %d, want %d", out.NullN(), nulls)
			}
			empty := Take(a, nil)
			defer empty.Release()
			if empty.Len() != 0 || !arrow.TypeEqual(empty.DataType(), a.DataType()) {
				t.Errorf("Take(nil): len %d type %s", empty.Len(), empty.DataType())
			}
		})
	}
}

func TestTakeFromSlicedArrays(t *testing.T) {
	// Offsets inside Arrow arrays must be honoured by every kernel.
	s := mkArr(t, tStr, "skip", "a", nil, "ccc", "dd")
	b := mkArr(t, tBool, false, false, true, nil, true, false, false, false, false, false, true)
	i := mkArr(t, tInt, 100, nil, 7, 8)
	defer releaseAll(s, b, i)

	ss := array.NewSlice(s, 1, 5) // a, NULL, ccc, dd
	sb := array.NewSlice(b, 2, 11)
	si := array.NewSlice(i, 1, 4) // NULL, 7, 8
	defer releaseAll(ss, sb, si)

	out := Take(ss, []int32{3, 1, 0, 2})
	defer out.Release()
	wantVals(t, "sliced strings", vals(t, out), "dd", nil, "a", "ccc")

	outb := Take(sb, []int32{0, 1, 2, 8, 3})
	defer outb.Release()
	wantVals(t, "sliced booleans", vals(t, outb), true, nil, true, true, false)

	outi := Take(si, []int32{2, 0, 1})
	defer outi.Release()
	wantVals(t, "sliced ints", vals(t, outi), int64(8), nil, int64(7))
}

func TestTakeNullTyped(t *testing.T) {
	n := NewNullArray(3)
	defer n.Release()
	out := Take(n, []int32{2, 2, 0, 1, 1})
	defer out.Release()
	if out.Len() != 5 || out.DataType().ID() != arrow.NULL {
		t.Errorf("Take of a NULL array: len %d type %s", out.Len(), out.DataType())
	}
}

func TestTakeRecord(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1, 2, 3), col("b", tStr, "x", nil, "z"))
	defer rec.Release()
	out := TakeRecord(rec, []int32{2, 1})
	defer out.Release()
	if !out.Schema().Equal(rec.Schema()) {
		t.Errorf("schema changed: %s", out.Schema())
	}
	wantRows(t, "TakeRecord", recRows(t, out), [][]any{{int64(3), "z"}, {int64(2), nil}})
	empty := TakeRecord(rec, []int32{})
	defer empty.Release()
	if empty.NumRows() != 0 || empty.NumCols() != 2 {
		t.Errorf("TakeRecord with no rows: %d rows %d cols", empty.NumRows(), empty.NumCols())
	}
}

func TestSelection(t *testing.T) {
	// 20 rows crossing two byte boundaries: TRUE at multiples of 3 but
	// NULL at 6 and 13.
	vs := make([]any, 20)
	var want []int32
	for i := range vs {
		switch {
		case i == 6 || i == 13:
			vs[i] = nil
		case i%3 == 0:
			vs[i] = true
			want = append(want, int32(i))
		default:
			vs[i] = false
		}
	}
	a := mkArr(t, tBool, vs...)
	defer a.Release()
	got := Selection(a, make([]int32, 5, 50))
	if !equalInt32s(got, want) {
		t.Errorf("Selection = %v, want %v", got, want)
	}

	// A NULL whose value bit is set must not be selected, nor bits past
	// the array's length.
	var v Validity
	v.Append(true)
	v.Append(false)
	v.Append(true)
	valid, nulls := v.Finish()
	h := NewBoolArray([]byte{0xff}, 3, valid, nulls)
	defer h.Release()
	if got := Selection(h, nil); !equalInt32s(got, []int32{0, 2}) {
		t.Errorf("Selection with a set bit under a NULL and past the end = %v, want [0 2]", got)
	}

	// A slice starting mid-byte.
	sl := array.NewSlice(a, 5, 19) // rows 5..18: TRUE at 9, 12, 15, 18
	defer sl.Release()
	if got := Selection(sl, nil); !equalInt32s(got, []int32{4, 7, 10, 13}) {
		t.Errorf("Selection of a slice = %v, want [4 7 10 13]", got)
	}

	n := NewNullArray(4)
	defer n.Release()
	if got := Selection(n, []int32{9}); len(got) != 0 {
		t.Errorf("Selection of a NULL array = %v, want []", got)
	}
	allFalse := mkArr(t, tBool, false, false)
	defer allFalse.Release()
	if got := Selection(allFalse, nil); len(got) != 0 {
		t.Errorf("Selection of FALSEs = %v", got)
	}
}

func equalInt32s(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
