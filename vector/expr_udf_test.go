package vector

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// TestUserFuncArgs checks the Go values a user-defined function receives
// for each type, NULL included.
func TestUserFuncArgs(t *testing.T) {
	dec := types.DecimalType(5, 2)
	rec := mkRec(t,
		col("i", tInt, 7, nil),
		col("f", tDbl, 1.5, nil),
		col("s", tStr, "x", nil),
		col("b", tBool, true, nil),
		col("d", tDate, "2024-02-29", nil),
		col("ts", tTS, "2024-02-29 13:14:15.5", nil),
		col("m", dec, "-12.50", nil),
		col("n", tNull, nil, nil))
	defer rec.Release()
	var got [][]any
	e := &UserFunc{Name: "probe", T: tStr, Call: func(args []any) (any, error) {
		got = append(got, append([]any(nil), args...))
		return fmt.Sprint(len(args)), nil
	}}
	ts := []types.Type{tInt, tDbl, tStr, tBool, tDate, tTS, dec, tNull}
	for i, typ := range ts {
		e.Args = append(e.Args, ref(i, typ))
	}
	out, err := e.Eval(rec)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	want := [][]any{
		{int64(7), 1.5, "x", true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 2, 29, 13, 14, 15, 500000000, time.UTC), "-12.50", nil},
		{nil, nil, nil, nil, nil, nil, nil, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("args = %#v\nwant %#v", got, want)
	}
	if v := vals(t, out); !reflect.DeepEqual(v, []any{"8", "8"}) {
		t.Errorf("result = %v", v)
	}
	if s := e.String(); s != "PROBE(c0, c1, c2, c3, c4, c5, c6, c7)" {
		t.Errorf("String() = %q", s)
	}
}

// TestUserFuncResults checks the Go values a function may return for each
// result type, and how the others fail.
func TestUserFuncResults(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1))
	defer rec.Release()
	cases := []struct {
		typ  types.Type
		ret  any
		want any // the value read back, or an error's text
	}{
		{tInt, int64(5), int64(5)},
		{tInt, 5, int64(5)},
		{tInt, uint8(5), int64(5)},
		{tInt, nil, nil},
		{tInt, 1.5, "PROBE returned a float64 for a BIGINT result"},
		{tInt, uint64(1 << 63), "PROBE returned a uint64 for a BIGINT result"},
		{tDbl, 2.5, 2.5},
		{tDbl, float32(0.5), 0.5},
		{tDbl, 3, 3.0},
		{tStr, "s", "s"},
		{tStr, []byte("b"), "b"},
		{tStr, 1, "PROBE returned a int for a VARCHAR result"},
		{tBool, false, false},
		{tDate, time.Date(2024, 3, 1, 23, 0, 0, 0, time.FixedZone("x", -5*3600)), "2024-03-01"},
		{tTS, time.Date(2024, 3, 1, 23, 0, 0, 1000, time.FixedZone("x", -5*3600)), "2024-03-01 23:00:00.000001"},
		{types.DecimalType(5, 2), "1.5", decVal("1.50")},
		{types.DecimalType(5, 2), 3, decVal("3.00")},
		{types.DecimalType(5, 2), 0.25, decVal("0.25")},
		{types.DecimalType(5, 2), "12345", "PROBE returned 12345, which is not a DECIMAL(5,2)"},
		{types.DecimalType(5, 2), "x", "PROBE returned x, which is not a DECIMAL(5,2)"},
		{types.DecimalType(5, 2), true, "PROBE returned a bool for a DECIMAL(5,2) result"},
	}
	for _, c := range cases {
		e := &UserFunc{Name: "probe", T: c.typ, Call: func([]any) (any, error) { return c.ret, nil }}
		out, err := e.Eval(rec)
		if msg, ok := c.want.(string); ok && len(msg) > 6 && msg[:6] == "PROBE " {
			if err == nil || err.Error() != msg {
				t.Errorf("%s from %#v: err = %v, want %q", c.typ, c.ret, err, msg)
				if err == nil {
					out.Release()
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s from %#v: %v", c.typ, c.ret, err)
			continue
		}
		if v := vals(t, out); !reflect.DeepEqual(v, []any{c.want}) {
			t.Errorf("%s from %#v = %#v, want %#v", c.typ, c.ret, v, c.want)
		}
		out.Release()
	}
}

// TestUserFuncErrors checks that an error or a panic of the function fails
// the evaluation, naming the function.
func TestUserFuncErrors(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 2))
	defer rec.Release()
	boom := errors.New("boom")
	e := &UserFunc{Name: "f", Args: []Expr{ref(0, tInt)}, T: tInt, Call: func(args []any) (any, error) {
		if args[0] == int64(2) {
			return nil, boom
		}
		return args[0], nil
	}}
	_, err := e.Eval(rec)
	if !errors.Is(err, boom) || err.Error() != "F: boom" {
		t.Errorf("err = %v", err)
	}
	e.Call = func([]any) (any, error) { panic("oops") }
	_, err = e.Eval(rec)
	if err == nil || err.Error() != "F: panic: oops" {
		t.Errorf("err = %v", err)
	}
}

// TestUserFuncRowCount checks that a function without arguments is called
// once per row.
func TestUserFuncRowCount(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 2, 3))
	defer rec.Release()
	n := int64(0)
	e := &UserFunc{Name: "counter", T: tInt, Call: func([]any) (any, error) { n++; return n, nil }}
	out, err := e.Eval(rec)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	if v := vals(t, out); !reflect.DeepEqual(v, []any{int64(1), int64(2), int64(3)}) {
		t.Errorf("result = %v", v)
	}
}
