package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

var allCmpOps = []CmpOp{CmpEq, CmpNe, CmpLt, CmpLe, CmpGt, CmpGe}

// cmpWant gives, for a three-way result c, the answers of = <> < <= > >=.
func cmpWant(c int) []bool {
	return []bool{c == 0, c != 0, c < 0, c <= 0, c > 0, c >= 0}
}

func TestCompareEveryTypeAndOperator(t *testing.T) {
	// Each case: left and right columns and the three-way order of each
	// row (0 for equal, -1 for less, 1 for greater, 9 for NULL).
	cases := []struct {
		typ  types.Type
		l, r []any
		ord  []int
	}{
		{tInt, []any{1, 2, 3, nil, 5, minI}, []any{1, 3, 2, 4, nil, maxI}, []int{0, -1, 1, 9, 9, -1}},
		{tDbl, []any{1.5, -1.0, 2.0, negZero, nil, -1e308}, []any{1.5, 1.0, -2.0, 0.0, 1.0, 1e308}, []int{0, -1, 1, 0, 9, -1}},
		// Strings compare by bytes; "" is a value, not NULL; a prefix is less.
		{tStr, []any{"a", "a", "b", "", "", nil, "ab", "é", "Z"}, []any{"a", "b", "a", "", "a", "", "a", "e", "a"}, []int{0, -1, 1, 0, -1, 9, 1, 1, -1}},
		{tBool, []any{true, false, true, false, nil}, []any{true, true, false, false, true}, []int{0, -1, 1, 0, 9}},
		{tDate, []any{"1969-12-31", "1970-01-01", "2000-02-29", nil}, []any{"1969-12-31", "1969-12-31", "2000-03-01", "2000-01-01"}, []int{0, 1, -1, 9}},
		{tTS, []any{"1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", nil}, []any{"1970-01-01 00:00:00", "1970-01-01 00:00:00", "1970-01-01 00:00:00"}, []int{-1, 0, 9}},
	}
	for _, c := range cases {
		rec := mkRec(t, col("l", c.typ, c.l...), col("r", c.typ, c.r...))
		for k, op := range allCmpOps {
			e := &Compare{Op: op, L: ref(0, c.typ), R: ref(1, c.typ)}
			want := make([]any, len(c.ord))
			for i, o := range c.ord {
				if o != 9 {
					want[i] = cmpWant(o)[k]
				}
			}
			wantVals(t, c.typ.String()+" "+e.String(), eval(t, e, rec), want...)
		}
		rec.Release()
	}
}

func TestCompareManyRowsAcrossBytes(t *testing.T) {
	// 21 rows: results must land in the right bit of the right byte.
	var l, r, want []any
	for i := 0; i < 21; i++ {
		l = append(l, i)
		r = append(r, 10)
		want = append(want, i < 10)
	}
	rec := mkRec(t, col("l", tInt, l...), col("r", tInt, r...))
	defer rec.Release()
	wantVals(t, "i < 10", eval(t, &Compare{Op: CmpLt, L: ref(0, tInt), R: ref(1, tInt)}, rec), want...)
}

func TestCompareSlicedStrings(t *testing.T) {
	a := mkArr(t, tStr, "zz", "b", "c")
	b := mkArr(t, tStr, "b", "c", "yy")
	defer releaseAll(a, b)
	sa, sb := array.NewSlice(a, 1, 3), array.NewSlice(b, 0, 2)
	defer releaseAll(sa, sb)
	rec := NewRecord(mkSchema(tStr, tStr), []arrow.Array{sa, sb}, 2)
	defer rec.Release()
	wantVals(t, "sliced =", eval(t, &Compare{Op: CmpEq, L: ref(0, tStr), R: ref(1, tStr)}, rec), true, true)
}

func TestCompareWithConstantAndNullType(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "abc", "", nil))
	defer rec.Release()
	e := &Compare{Op: CmpEq, L: ref(0, tStr), R: lit(t, tStr, "")}
	wantVals(t, "s = ''", eval(t, e, rec), false, true, nil)
	if e.String() != "(c0 = '')" || e.Type() != tBool {
		t.Errorf("String, Type = %q, %s", e.String(), e.Type())
	}
	n := &Compare{Op: CmpLt, L: &Const{T: tNull}, R: &Const{T: tNull}}
	wantVals(t, "NULL < NULL", eval(t, n, rec), nil, nil, nil)
}

func TestCompareUnsupportedType(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1))
	defer rec.Release()
	bad := types.Type{ID: 99}
	_, err := evalErr(t, &Compare{Op: CmpEq, L: &Const{Value: nil, T: bad}, R: &Const{Value: nil, T: bad}}, rec)
	wantErr(t, "compare TYPE(99)", err, "comparison of TYPE(99) values is not supported")
}

// PostgreSQL orders NaN above every number and equal to itself; sqlcsv's
// Sort (cmpFloat) and GROUP BY (canonFloat) follow it, so comparisons must
// too, or WHERE x = y and ORDER BY/GROUP BY disagree on the same values.
func TestCompareNaNAsPostgreSQL(t *testing.T) {
	rec := mkRec(t, col("l", tDbl, nan, nan, 1.0), col("r", tDbl, nan, 1e308, nan))
	defer rec.Release()
	l, r := ref(0, tDbl), ref(1, tDbl)
	// ord: NaN = NaN, NaN > 1e308, 1 < NaN.
	ord := []int{0, 1, -1}
	for k, op := range allCmpOps {
		want := make([]any, len(ord))
		for i, o := range ord {
			want[i] = cmpWant(o)[k]
		}
		wantVals(t, "NaN "+cmpNames[op], eval(t, &Compare{Op: op, L: l, R: r}, rec), want...)
	}
}
