package vector

import (
	"errors"
	"math"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func castE(x Expr, to types.Type) *Cast { return &Cast{X: x, To: to} }

func TestCastFromText(t *testing.T) {
	cases := []struct {
		to   types.Type
		in   []any
		want []any
	}{
		{tInt, []any{"42", "  -7 ", "007", "+3", nil, "9223372036854775807", "-9223372036854775808"},
			[]any{42, -7, 7, 3, nil, maxI, minI}},
		{tDbl, []any{"1.5", " -2e3 ", "0", "-0", ".5", "NaN", "Infinity", "-inf", nil},
			[]any{1.5, -2000.0, 0.0, 0.0, 0.5, nan, math.Inf(1), math.Inf(-1), nil}},
		{tBool, []any{"true", "T", "yes", "Y", "on", "1", " TRUE ", "false", "f", "No", "n", "OFF", "0", nil},
			[]any{true, true, true, true, true, true, true, false, false, false, false, false, false, nil}},
		// A timestamp's text gives its date (rounding toward the past).
		{tDate, []any{"2011-07-18", " 1969-12-31 ", "2000-02-29", "2011-07-18 13:05:09", "1969-12-31 23:59:59.999999", "0001-01-01", nil},
			[]any{"2011-07-18", "1969-12-31", "2000-02-29", "2011-07-18", "1969-12-31", "0001-01-01", nil}},
		{tTS, []any{"2011-07-18 13:05:09", "2011-07-18T13:05:09.5", "1969-12-31 23:59:59.999999", "2011-07-18", nil},
			[]any{"2011-07-18 13:05:09", "2011-07-18 13:05:09.5", "1969-12-31 23:59:59.999999", "2011-07-18 00:00:00", nil}},
		{tStr, []any{" keep spaces ", "", nil}, []any{" keep spaces ", "", nil}},
	}
	for _, c := range cases {
		rec := mkRec(t, col("s", tStr, c.in...))
		e := castE(ref(0, tStr), c.to)
		wantVals(t, e.String(), eval(t, e, rec), c.want...)
		rec.Release()
	}
}

func TestCastFromTextErrorsNameTheValue(t *testing.T) {
	cases := []struct {
		to  types.Type
		bad string
		msg string
	}{
		{tInt, "abc", `cannot cast "abc" to BIGINT`},
		{tInt, "1.5", `cannot cast "1.5" to BIGINT`},
		{tInt, "", `cannot cast "" to BIGINT`},
		{tInt, "9223372036854775808", `cannot cast "9223372036854775808" to BIGINT`},
		{tInt, "1 2", `cannot cast "1 2" to BIGINT`},
		{tDbl, "1,5", `cannot cast "1,5" to DOUBLE`},
		{tDbl, " ", `cannot cast " " to DOUBLE`},
		{tBool, "maybe", `cannot cast "maybe" to BOOLEAN`},
		{tDate, "2011-02-30", `cannot cast "2011-02-30" to DATE`},
		{tDate, "18/07/2011", `cannot cast "18/07/2011" to DATE`},
		{tTS, "2011-07-18 25:00:00", `cannot cast "2011-07-18 25:00:00" to TIMESTAMP`},
		{tTS, "2011-07-18 13:05:09+02:00", `cannot cast "2011-07-18 13:05:09+02:00" to TIMESTAMP`},
	}
	for _, c := range cases {
		// The bad value is the third row, after good values and a NULL.
		good := map[types.ID]string{types.Bigint: "1", types.Double: "1", types.Boolean: "t", types.Date: "2000-01-01", types.Timestamp: "2000-01-01 00:00:00"}[c.to.ID]
		rec := mkRec(t, col("s", tStr, good, nil, c.bad, good))
		_, err := evalErr(t, castE(ref(0, tStr), c.to), rec)
		rec.Release()
		wantErr(t, "CAST("+c.bad+" AS "+c.to.String()+")", err, c.msg)
		var ce *CastError
		if !errors.As(err, &ce) || ce.Value != c.bad || ce.To != c.to {
			t.Errorf("CAST(%q AS %s): error %v is not a *CastError naming the value", c.bad, c.to, err)
		}
	}
}

func TestCastNumbers(t *testing.T) {
	rec := mkRec(t,
		col("i", tInt, 1, -2, 0, nil, maxI),
		col("f", tDbl, 2.5, -2.5, 0.49999999999999994, nil, -9.223372036854775808e18),
	)
	defer rec.Release()
	i, f := ref(0, tInt), ref(1, tDbl)
	wantVals(t, "BIGINT -> DOUBLE", eval(t, castE(i, tDbl), rec), 1.0, -2.0, 0.0, nil, 9.223372036854775807e18)
	wantVals(t, "BIGINT -> BOOLEAN", eval(t, castE(i, tBool), rec), true, true, false, nil, true)
	wantVals(t, "BIGINT -> VARCHAR", eval(t, castE(i, tStr), rec), "1", "-2", "0", nil, "9223372036854775807")
	// DOUBLE -> BIGINT rounds half away from zero.
	wantVals(t, "DOUBLE -> BIGINT", eval(t, castE(f, tInt), rec), 3, -3, 0, nil, minI)
	wantVals(t, "DOUBLE -> BOOLEAN", eval(t, castE(f, tBool), rec), true, true, true, nil, true)
	// Same type: the input itself.
	wantVals(t, "BIGINT -> BIGINT", eval(t, castE(i, tInt), rec), 1, -2, 0, nil, maxI)

	for _, bad := range []struct {
		v   float64
		msg string
	}{
		{9.3e18, "BIGINT value out of range: 9.3e+18"},
		{9.223372036854775807e18, "BIGINT value out of range: 9.223372036854776e+18"},
		{-9.3e18, "BIGINT value out of range: -9.3e+18"},
		{nan, "BIGINT value out of range: NaN"},
		{math.Inf(1), "BIGINT value out of range: Infinity"},
	} {
		r := mkRec(t, col("f", tDbl, 1.0, bad.v))
		_, err := evalErr(t, castE(ref(0, tDbl), tInt), r)
		r.Release()
		wantErr(t, "CAST(DOUBLE AS BIGINT)", err, bad.msg)
		if !errors.Is(err, ErrOutOfRange) {
			t.Errorf("CAST(%v AS BIGINT): error %v is not ErrOutOfRange", bad.v, err)
		}
	}

	// A NULL hiding an out-of-range value is no error.
	var v Validity
	v.AppendNull()
	valid, nulls := v.Finish()
	hidden := NewFloat64Array([]float64{nan}, valid, nulls)
	hrec := NewRecord(mkSchema(tDbl), []arrow.Array{hidden}, 1)
	hidden.Release()
	defer hrec.Release()
	wantVals(t, "CAST(NULL hiding NaN AS BIGINT)", eval(t, castE(ref(0, tDbl), tInt), hrec), nil)
}

func TestCastBooleans(t *testing.T) {
	rec := mkRec(t, col("b", tBool, true, false, nil))
	defer rec.Release()
	b := ref(0, tBool)
	wantVals(t, "BOOLEAN -> BIGINT", eval(t, castE(b, tInt), rec), 1, 0, nil)
	wantVals(t, "BOOLEAN -> DOUBLE", eval(t, castE(b, tDbl), rec), 1.0, 0.0, nil)
	wantVals(t, "BOOLEAN -> VARCHAR", eval(t, castE(b, tStr), rec), "true", "false", nil)
}

func TestCastDatesAndTimestamps(t *testing.T) {
	rec := mkRec(t,
		col("d", tDate, "1969-07-20", "1970-01-01", "2000-02-29", nil, "0001-01-01"),
		col("ts", tTS, "1969-07-20 20:17:40", "1969-12-31 23:59:59.999999", "2000-02-29 00:00:00.5", nil, "1970-01-01 00:00:00.000001"),
	)
	defer rec.Release()
	d, ts := ref(0, tDate), ref(1, tTS)
	wantVals(t, "DATE -> TIMESTAMP", eval(t, castE(d, tTS), rec),
		"1969-07-20 00:00:00", "1970-01-01 00:00:00", "2000-02-29 00:00:00", nil, "0001-01-01 00:00:00")
	wantVals(t, "DATE -> VARCHAR", eval(t, castE(d, tStr), rec), "1969-07-20", "1970-01-01", "2000-02-29", nil, "0001-01-01")
	// TIMESTAMP -> DATE keeps the day, also before 1970 (floor, not
	// truncation toward zero).
	wantVals(t, "TIMESTAMP -> DATE", eval(t, castE(ts, tDate), rec), "1969-07-20", "1969-12-31", "2000-02-29", nil, "1970-01-01")
	wantVals(t, "TIMESTAMP -> VARCHAR", eval(t, castE(ts, tStr), rec),
		"1969-07-20 20:17:40", "1969-12-31 23:59:59.999999", "2000-02-29 00:00:00.5", nil, "1970-01-01 00:00:00.000001")
}

func TestCastUnsupportedAndUntyped(t *testing.T) {
	rec := mkRec(t, col("d", tDate, "2000-01-01"), col("i", tInt, 1))
	defer rec.Release()
	_, err := evalErr(t, castE(ref(0, tDate), tInt), rec)
	wantErr(t, "DATE -> BIGINT", err, "cannot cast DATE to BIGINT")
	_, err = evalErr(t, castE(ref(1, tInt), tDate), rec)
	wantErr(t, "BIGINT -> DATE", err, "cannot cast BIGINT to DATE")
	for _, to := range []types.Type{tInt, tDbl, tStr, tBool, tDate, tTS} {
		wantVals(t, "CAST(NULL AS "+to.String()+")", eval(t, castE(&Const{T: tNull}, to), rec), nil)
	}
	if s := castE(ref(1, tInt), tStr).String(); s != "CAST(c1 AS VARCHAR)" {
		t.Errorf("String = %q", s)
	}
}

func TestParseText(t *testing.T) {
	cases := []struct {
		s    string
		to   types.Type
		want any
		ok   bool
	}{
		{" 12 ", tInt, int64(12), true},
		{"0x10", tInt, nil, false},
		{"1_000", tInt, nil, false},
		{"\t2.5\n", tDbl, 2.5, true},
		{"yes", tBool, true, true},
		{"2000-01-01", tDate, int32(10957), true},
		{"1970-01-01 00:00:01", tTS, int64(1_000_000), true},
		{"x", tStr, "x", true},
		{"x", tNull, nil, false},
	}
	for _, c := range cases {
		got, ok := ParseText([]byte(c.s), c.to)
		if ok != c.ok || !same(got, c.want) {
			t.Errorf("ParseText(%q, %s) = %#v, %v; want %#v, %v", c.s, c.to, got, ok, c.want, c.ok)
		}
	}
}

// AppendFloat promises PostgreSQL's float8 output: the shortest text that
// reads back, in exponent form when the decimal exponent is < -4 or >= 15.
func TestAppendFloat(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{negZero, "-0"},
		{1, "1"},
		{-1.5, "-1.5"},
		{0.1, "0.1"},
		{100, "100"},
		{123456789012345, "123456789012345"},
		{999999999999999.9, "999999999999999.9"},
		{1e15, "1e+15"},
		{1.5e15, "1.5e+15"},
		{1e20, "1e+20"},
		{0.0001, "0.0001"},
		{0.00012, "0.00012"},
		{9.999999999999999e-05, "9.999999999999999e-05"},
		{1e-05, "1e-05"},
		{-2.5e-10, "-2.5e-10"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{nan, "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, c := range cases {
		if got := string(AppendFloat([]byte("x"), c.f)); got != "x"+c.want {
			t.Errorf("AppendFloat(%v) = %q, want %q", c.f, got[1:], c.want)
		}
	}
	// Through CAST.
	rec := mkRec(t, col("f", tDbl, 1e15, 0.5, nil))
	defer rec.Release()
	wantVals(t, "DOUBLE -> VARCHAR", eval(t, castE(ref(0, tDbl), tStr), rec), "1e+15", "0.5", nil)
}

func TestCastError(t *testing.T) {
	e := &CastError{Value: `a"b`, To: tDate}
	if e.Error() != `cannot cast "a\"b" to DATE` {
		t.Errorf("Error() = %q", e.Error())
	}
}
