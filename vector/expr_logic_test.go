package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// tri is the three truth values, NULL as nil.
var tri = []any{true, false, nil}

func and3(a, b any) any {
	if a == false || b == false {
		return false
	}
	if a == nil || b == nil {
		return nil
	}
	return true
}

func or3(a, b any) any {
	if a == true || b == true {
		return true
	}
	if a == nil || b == nil {
		return nil
	}
	return false
}

// truthTableRec has every pair of truth values (9 rows), repeated so that
// the rows cross byte boundaries (27 rows), and a third column for
// three-argument tests.
func truthTableRec(t *testing.T) (rec arrow.Record, a, b, c []any) {
	for rep := 0; rep < 3; rep++ {
		for _, x := range tri {
			for _, y := range tri {
				a = append(a, x)
				b = append(b, y)
				c = append(c, tri[(len(c)/9)%3])
			}
		}
	}
	return mkRec(t, col("a", tBool, a...), col("b", tBool, b...), col("c", tBool, c...)), a, b, c
}

func TestLogicThreeValued(t *testing.T) {
	rec, a, b, c := truthTableRec(t)
	defer rec.Release()
	ra, rb, rc := ref(0, tBool), ref(1, tBool), ref(2, tBool)
	var wantAnd, wantOr, wantAnd3, wantOr3 []any
	for i := range a {
		wantAnd = append(wantAnd, and3(a[i], b[i]))
		wantOr = append(wantOr, or3(a[i], b[i]))
		wantAnd3 = append(wantAnd3, and3(and3(a[i], b[i]), c[i]))
		wantOr3 = append(wantOr3, or3(or3(a[i], b[i]), c[i]))
	}
	wantVals(t, "a AND b", eval(t, &Logic{And: true, Args: []Expr{ra, rb}}, rec), wantAnd...)
	wantVals(t, "a OR b", eval(t, &Logic{And: false, Args: []Expr{ra, rb}}, rec), wantOr...)
	wantVals(t, "a AND b AND c", eval(t, &Logic{And: true, Args: []Expr{ra, rb, rc}}, rec), wantAnd3...)
	wantVals(t, "a OR b OR c", eval(t, &Logic{And: false, Args: []Expr{ra, rb, rc}}, rec), wantOr3...)
	// Order of the arguments does not matter.
	wantVals(t, "b AND a", eval(t, &Logic{And: true, Args: []Expr{rb, ra}}, rec), wantAnd...)
	wantVals(t, "b OR a", eval(t, &Logic{And: false, Args: []Expr{rb, ra}}, rec), wantOr...)

	if s := (&Logic{And: true, Args: []Expr{ra, rb, rc}}).String(); s != "(c0 AND c1 AND c2)" {
		t.Errorf("String = %q", s)
	}
	if s := (&Logic{Args: []Expr{ra, rb}}).String(); s != "(c0 OR c1)" {
		t.Errorf("String = %q", s)
	}
}

func TestLogicWithConstants(t *testing.T) {
	rec := mkRec(t, col("a", tBool, true, false, nil))
	defer rec.Release()
	a := ref(0, tBool)
	null := &Const{Value: nil, T: tBool}
	wantVals(t, "a AND NULL", eval(t, &Logic{And: true, Args: []Expr{a, null}}, rec), nil, false, nil)
	wantVals(t, "a OR NULL", eval(t, &Logic{Args: []Expr{a, null}}, rec), true, nil, nil)
	wantVals(t, "a AND TRUE", eval(t, &Logic{And: true, Args: []Expr{a, lit(t, tBool, true)}}, rec), true, false, nil)
	wantVals(t, "a OR FALSE", eval(t, &Logic{Args: []Expr{a, lit(t, tBool, false)}}, rec), true, false, nil)
	wantVals(t, "a OR TRUE", eval(t, &Logic{Args: []Expr{a, lit(t, tBool, true)}}, rec), true, true, true)
	wantVals(t, "a AND FALSE", eval(t, &Logic{And: true, Args: []Expr{a, lit(t, tBool, false)}}, rec), false, false, false)
}

// A bare NULL literal has the NULL type (an Arrow null array); Logic checks
// for it, but must not crash on it first.
func TestLogicWithNullTypedArgument(t *testing.T) {
	rec := mkRec(t, col("a", tBool, true, false, nil))
	defer rec.Release()
	a := ref(0, tBool)
	null := &Const{Value: nil, T: tNull}
	got, err := evalErr(t, &Logic{And: true, Args: []Expr{a, null}}, rec)
	if err != nil {
		t.Fatalf("a AND NULL(untyped): %v", err)
	}
	wantVals(t, "a AND NULL(untyped)", got, nil, false, nil)
	got, err = evalErr(t, &Logic{Args: []Expr{null, a}}, rec)
	if err != nil {
		t.Fatalf("NULL(untyped) OR a: %v", err)
	}
	wantVals(t, "NULL(untyped) OR a", got, true, nil, nil)
}

func TestLogicOnSlicedInput(t *testing.T) {
	x := mkArr(t, tBool, false, false, false, true, nil, true, true, true, true, false)
	defer x.Release()
	sx := array.NewSlice(x, 3, 10) // true NULL true true true true false
	defer sx.Release()
	rec := NewRecord(mkSchema(tBool), []arrow.Array{sx}, 7)
	defer rec.Release()
	e := &Logic{And: true, Args: []Expr{ref(0, tBool), lit(t, tBool, true)}}
	wantVals(t, "sliced AND TRUE", eval(t, e, rec), true, nil, true, true, true, true, false)
}

func TestLogicPropagatesErrors(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 0))
	defer rec.Release()
	div := &Compare{Op: CmpGt, L: &Arith{Op: OpIntDiv, L: lit(t, tInt, 1), R: ref(0, tInt)}, R: lit(t, tInt, 0)}
	_, err := evalErr(t, &Logic{And: true, Args: []Expr{lit(t, tBool, true), div}}, rec)
	wantErr(t, "TRUE AND 1 DIV x > 0", err, "division by zero")
}

func TestNot(t *testing.T) {
	rec, a, _, _ := truthTableRec(t)
	defer rec.Release()
	var want []any
	for _, v := range a {
		switch v {
		case true:
			want = append(want, false)
		case false:
			want = append(want, true)
		default:
			want = append(want, nil)
		}
	}
	e := &Not{X: ref(0, tBool)}
	wantVals(t, "NOT a", eval(t, e, rec), want...)
	if e.String() != "(NOT c0)" || e.Type() != tBool {
		t.Errorf("String, Type = %q, %s", e.String(), e.Type())
	}
	wantVals(t, "NOT NULL(untyped)", eval(t, &Not{X: &Const{T: tNull}}, rec)[:2], nil, nil)

	x := mkArr(t, tBool, true, true, false, nil)
	defer x.Release()
	sx := array.NewSlice(x, 1, 4)
	defer sx.Release()
	srec := NewRecord(mkSchema(tBool), []arrow.Array{sx}, 3)
	defer srec.Release()
	wantVals(t, "NOT sliced", eval(t, e, srec), false, true, nil)
}

func TestIsNull(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "", nil, "x"), col("i", tInt, 0, 1, nil))
	defer rec.Release()
	wantVals(t, "s IS NULL", eval(t, &IsNull{X: ref(0, tStr)}, rec), false, true, false)
	wantVals(t, "s IS NOT NULL", eval(t, &IsNull{X: ref(0, tStr), Not: true}, rec), true, false, true)
	wantVals(t, "i IS NULL", eval(t, &IsNull{X: ref(1, tInt)}, rec), false, false, true)
	wantVals(t, "NULL IS NULL", eval(t, &IsNull{X: &Const{T: tNull}}, rec), true, true, true)
	wantVals(t, "NULL IS NOT NULL", eval(t, &IsNull{X: &Const{T: tNull}, Not: true}, rec), false, false, false)
	wantVals(t, "1 IS NULL", eval(t, &IsNull{X: lit(t, tInt, 1)}, rec), false, false, false)
	if s := (&IsNull{X: ref(0, tStr), Not: true}).String(); s != "(c0 IS NOT NULL)" {
		t.Errorf("String = %q", s)
	}
	// Never NULL itself.
	a, _ := (&IsNull{X: ref(0, tStr)}).Eval(rec)
	defer a.Release()
	if a.NullN() != 0 {
		t.Errorf("IS NULL result has %d NULLs", a.NullN())
	}
}

func TestIsTruth(t *testing.T) {
	rec := mkRec(t, col("a", tBool, true, false, nil))
	defer rec.Release()
	a := ref(0, tBool)
	cases := []struct {
		truth, not bool
		want       []any
		str        string
	}{
		{true, false, []any{true, false, false}, "(c0 IS TRUE)"},
		{false, false, []any{false, true, false}, "(c0 IS FALSE)"},
		{true, true, []any{false, true, true}, "(c0 IS NOT TRUE)"},
		{false, true, []any{true, false, true}, "(c0 IS NOT FALSE)"},
	}
	for _, c := range cases {
		e := &IsTruth{X: a, Truth: c.truth, Not: c.not}
		wantVals(t, c.str, eval(t, e, rec), c.want...)
		if e.String() != c.str {
			t.Errorf("String = %q, want %q", e.String(), c.str)
		}
		wantVals(t, c.str+" on untyped NULL", eval(t, &IsTruth{X: &Const{T: tNull}, Truth: c.truth, Not: c.not}, rec)[:1], c.not)
	}
}

func TestInList(t *testing.T) {
	rec := mkRec(t,
		col("i", tInt, 1, 2, 3, nil),
		col("s", tStr, "a", "", "c", nil),
		col("f", tDbl, 1.5, negZero, 3.0, nil),
		col("d", tDate, "2000-01-01", "1969-12-31", "1970-01-01", nil),
		col("b", tBool, true, false, true, nil),
		col("ts", tTS, "2000-01-01 00:00:00", "1969-12-31 23:59:59", "1970-01-01 00:00:00", nil),
	)
	defer rec.Release()
	cases := []struct {
		x      Expr
		values []any
		not    bool
		want   []any
	}{
		{ref(0, tInt), []any{int64(1), int64(3)}, false, []any{true, false, true, nil}},
		{ref(0, tInt), []any{int64(1), int64(3)}, true, []any{false, true, false, nil}},
		// NULL in the list: not found is NULL, found is TRUE (FALSE for NOT IN).
		{ref(0, tInt), []any{int64(1), nil}, false, []any{true, nil, nil, nil}},
		{ref(0, tInt), []any{int64(1), nil}, true, []any{false, nil, nil, nil}},
		{ref(0, tInt), []any{}, false, []any{false, false, false, nil}},
		{ref(1, tStr), []any{"", "c"}, false, []any{false, true, true, nil}},
		// -0 and 0 are the same number.
		{ref(2, tDbl), []any{0.0, 3.0}, false, []any{false, true, true, nil}},
		{ref(3, tDate), []any{int32(-1)}, false, []any{false, true, false, nil}},
		{ref(4, tBool), []any{false}, false, []any{false, true, false, nil}},
		{ref(5, tTS), []any{int64(-1_000_000)}, true, []any{true, false, true, nil}},
	}
	for _, c := range cases {
		e := NewInList(c.x, c.values, c.not)
		wantVals(t, e.String(), eval(t, e, rec), c.want...)
	}
	if s := NewInList(ref(1, tStr), []any{"a", nil}, true).String(); s != "(c1 NOT IN ('a', NULL))" {
		t.Errorf("String = %q", s)
	}
	u := NewInList(&Const{T: tNull}, []any{int64(1)}, false)
	wantVals(t, "NULL IN (1)", eval(t, u, rec), nil, nil, nil, nil)

	bad := types.Type{ID: 99}
	_, err := evalErr(t, NewInList(&Const{T: bad}, []any{int64(1)}, false), rec)
	wantErr(t, "IN over TYPE(99)", err, "IN over TYPE(99) values is not supported")
}

// NaN IN (NaN) is TRUE in PostgreSQL, as NaN = NaN is; GROUP BY puts all
// NaNs in one group here too.
func TestInListNaN(t *testing.T) {
	rec := mkRec(t, col("f", tDbl, nan, 1.0))
	defer rec.Release()
	wantVals(t, "f IN (NaN)", eval(t, NewInList(ref(0, tDbl), []any{nan}, false), rec), true, false)
}
