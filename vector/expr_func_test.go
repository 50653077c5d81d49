package vector

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// fn builds a function call; the test fails if NewFunc refuses it.
func fn(t *testing.T, name string, typ types.Type, args ...Expr) Expr {
	t.Helper()
	e, err := NewFunc(name, args, typ)
	if err != nil {
		t.Fatalf("NewFunc(%s): %v", name, err)
	}
	return e
}

func TestNewFuncErrors(t *testing.T) {
	s := ref(0, tStr)
	_, err := NewFunc("frobnicate", []Expr{s}, tStr)
	wantErr(t, "unknown function", err, "no kernel for function FROBNICATE")
	_, err = NewFunc("str_to_date", []Expr{s, s}, tDate)
	wantErr(t, "STR_TO_DATE with a column format", err, "STR_TO_DATE: the format must be a constant string")
	_, err = NewFunc("str_to_date", []Expr{s, &Const{Value: nil, T: tStr}}, tDate)
	wantErr(t, "STR_TO_DATE with a NULL format", err, "STR_TO_DATE: the format must be a constant string")
	_, err = NewFunc("str_to_date", []Expr{s, lit(t, tStr, "%Y-%Q")}, tDate)
	wantErr(t, "STR_TO_DATE with a bad format", err, "STR_TO_DATE: ", "unknown specifier %Q at offset 3")
	_, err = NewFunc("date_format", []Expr{ref(0, tDate), s}, tStr)
	wantErr(t, "DATE_FORMAT with a column format", err, "DATE_FORMAT: the format must be a constant string")
	_, err = NewFunc("date_format", []Expr{ref(0, tDate), lit(t, tStr, "%Y%")}, tStr)
	wantErr(t, "DATE_FORMAT with a lone %", err, "DATE_FORMAT: ", "lone percent sign")
}

func TestFuncString(t *testing.T) {
	e := fn(t, "substring", tStr, ref(0, tStr), lit(t, tInt, 2), lit(t, tInt, 3))
	if e.String() != "SUBSTRING(c0, 2, 3)" || e.Type() != tStr {
		t.Errorf("String, Type = %q, %s", e.String(), e.Type())
	}
}

func TestStrToDate(t *testing.T) {
	rec := mkRec(t, col("s", tStr,
		"07/18/2011", "12/31/1969", "7/4/1776", "02/29/2000",
		"02/30/2011", "garbage", "", nil, "13/01/2011", "07/18/2011 extra"))
	defer rec.Release()
	// MySQL returns NULL (with a warning) for text it cannot parse and for
	// dates that do not exist.
	e := fn(t, "str_to_date", tDate, ref(0, tStr), lit(t, tStr, "%m/%d/%Y"))
	wantVals(t, e.String(), eval(t, e, rec),
		"2011-07-18", "1969-12-31", "1776-07-04", "2000-02-29",
		nil, nil, nil, nil, nil, nil)

	rec2 := mkRec(t, col("s", tStr, "18 July 2011", "1 jan 1900", "31 Dec 1899", "32 Dec 1899", "18 Julyy 2011"))
	defer rec2.Release()
	e2 := fn(t, "str_to_date", tDate, ref(0, tStr), lit(t, tStr, "%d %M %Y"))
	wantVals(t, e2.String(), eval(t, e2, rec2), "2011-07-18", "1900-01-01", "1899-12-31", nil, nil)

	rec3 := mkRec(t, col("s", tStr, "1969-12-31 23:59:59", "2011-07-18 13:05:09", "2011-07-18", "2011-07-18 24:00:00", "nope", nil))
	defer rec3.Release()
	e3 := fn(t, "str_to_date", tTS, ref(0, tStr), lit(t, tStr, "%Y-%m-%d %H:%i:%s"))
	wantVals(t, e3.String(), eval(t, e3, rec3),
		"1969-12-31 23:59:59", "2011-07-18 13:05:09", "2011-07-18 00:00:00", nil, nil, nil)

	rec4 := mkRec(t, col("s", tStr, "07/18/2011 01:02:03 PM", "12/31/1969 12:00:00 AM"))
	defer rec4.Release()
	e4 := fn(t, "str_to_date", tTS, ref(0, tStr), lit(t, tStr, "%m/%d/%Y %r"))
	wantVals(t, e4.String(), eval(t, e4, rec4), "2011-07-18 13:02:03", "1969-12-31 00:00:00")
}

func TestDateFormat(t *testing.T) {
	rec := mkRec(t,
		col("d", tDate, "1969-07-20", "1899-12-31", "2000-02-29", nil, "2011-07-01"),
		col("ts", tTS, "1969-07-20 20:17:40.5", "1969-12-31 00:05:09", "2000-02-29 12:00:00", nil, "2011-07-01 00:00:00.000001"),
	)
	defer rec.Release()
	d, ts := ref(0, tDate), ref(1, tTS)
	df := func(x Expr, f string) Expr { return fn(t, "date_format", tStr, x, lit(t, tStr, f)) }

	wantVals(t, "DATE %W %M %D %Y", eval(t, df(d, "%W %M %D %Y"), rec),
		"Sunday July 20th 1969", "Sunday December 31st 1899", "Tuesday February 29th 2000", nil, "Friday July 1st 2011")
	wantVals(t, "DATE %a %b %e %c %y %j %w", eval(t, df(d, "%a %b %e %c %y %j %w"), rec),
		"Sun Jul 20 7 69 201 0", "Sun Dec 31 12 99 365 0", "Tue Feb 29 2 00 060 2", nil, "Fri Jul 1 7 11 182 5")
	// A DATE has midnight as its time of day.
	wantVals(t, "DATE %Y-%m-%d %T", eval(t, df(d, "%Y-%m-%d %T"), rec),
		"1969-07-20 00:00:00", "1899-12-31 00:00:00", "2000-02-29 00:00:00", nil, "2011-07-01 00:00:00")
	wantVals(t, "TIMESTAMP %H:%i:%s %p|%h %l %k|%f|%r|%%", eval(t, df(ts, "%H:%i:%s %p|%h %l %k|%f|%r|%%"), rec),
		"20:17:40 PM|08 8 20|500000|08:17:40 PM|%",
		"00:05:09 AM|12 12 0|000000|12:05:09 AM|%",
		"12:00:00 PM|12 12 12|000000|12:00:00 PM|%",
		nil,
		"00:00:00 AM|12 12 0|000001|12:00:00 AM|%")
	wantVals(t, "TIMESTAMP %Y-%m-%d", eval(t, df(ts, "%Y-%m-%d"), rec),
		"1969-07-20", "1969-12-31", "2000-02-29", nil, "2011-07-01")
}

func TestDateParts(t *testing.T) {
	dates := []any{"1899-12-31", "1969-12-31", "1970-01-01", "2000-02-29", "2100-01-01", "1600-03-01", "2011-07-18", nil, "0001-01-01"}
	tss := []any{"1899-12-31 01:02:03.000004", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", "2000-02-29 12:30:45.5", "2100-01-01 23:00:00", "1600-03-01 00:00:59", "2011-07-18 13:05:09.000123", nil, "0001-01-01 00:01:00"}
	rec := mkRec(t, col("d", tDate, dates...), col("ts", tTS, tss...))
	defer rec.Release()
	d, ts := ref(0, tDate), ref(1, tTS)
	want := map[string][]any{
		"year":      {1899, 1969, 1970, 2000, 2100, 1600, 2011, nil, 1},
		"month":     {12, 12, 1, 2, 1, 3, 7, nil, 1},
		"day":       {31, 31, 1, 29, 1, 1, 18, nil, 1},
		"quarter":   {4, 4, 1, 1, 1, 1, 3, nil, 1},
		"dayofyear": {365, 365, 1, 60, 1, 61, 199, nil, 1},
		// MySQL: 1 = Sunday ... 7 = Saturday.
		"dayofweek": {1, 4, 5, 3, 6, 4, 2, nil, 2},
	}
	for part, w := range want {
		wantVals(t, part+"(DATE)", eval(t, fn(t, part, tInt, d), rec), w...)
		wantVals(t, part+"(TIMESTAMP)", eval(t, fn(t, part, tInt, ts), rec), w...)
	}
	timeWant := map[string][]any{
		"hour":        {1, 23, 0, 12, 23, 0, 13, nil, 0},
		"minute":      {2, 59, 0, 30, 0, 0, 5, nil, 1},
		"second":      {3, 59, 0, 45, 0, 59, 9, nil, 0},
		"microsecond": {4, 999999, 0, 500000, 0, 0, 123, nil, 0},
	}
	zeros := []any{0, 0, 0, 0, 0, 0, 0, nil, 0}
	for part, w := range timeWant {
		wantVals(t, part+"(TIMESTAMP)", eval(t, fn(t, part, tInt, ts), rec), w...)
		wantVals(t, part+"(DATE)", eval(t, fn(t, part, tInt, d), rec), zeros...)
	}
}

func TestYearFastPathBoundaries(t *testing.T) {
	// The YEAR table covers 1900..2099; check both sides of each end.
	rec := mkRec(t, col("d", tDate, "1899-12-31", "1900-01-01", "2099-12-31", "2100-01-01", "0001-06-01"))
	defer rec.Release()
	wantVals(t, "YEAR", eval(t, fn(t, "year", tInt, ref(0, tDate)), rec), 1899, 1900, 2099, 2100, 1)
	// Extreme day numbers.
	d := NewDate32Array([]int32{math.MinInt32, math.MaxInt32, -719528}, nil, 0)
	r2 := NewRecord(mkSchema(tDate), []arrow.Array{d}, 3)
	d.Release()
	defer r2.Release()
	got := eval(t, fn(t, "year", tInt, ref(0, tDate)), r2)
	if got[2] != int64(0) {
		t.Errorf("YEAR(0000-01-01) = %v, want 0", got[2])
	}
	if y, _ := got[0].(int64); y > -5000000 {
		t.Errorf("YEAR(MinInt32 days) = %v, want about -5.88 million", got[0])
	}
	if y, _ := got[1].(int64); y < 5000000 {
		t.Errorf("YEAR(MaxInt32 days) = %v, want about 5.88 million", got[1])
	}
}

func TestLowerUpper(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "Hello", "ÄrGer ß", "", nil, "123-x"))
	defer rec.Release()
	wantVals(t, "LOWER", eval(t, fn(t, "lower", tStr, ref(0, tStr)), rec), "hello", "ärger ß", "", nil, "123-x")
	wantVals(t, "UPPER", eval(t, fn(t, "upper", tStr, ref(0, tStr)), rec), "HELLO", "ÄRGER ß", "", nil, "123-X")
}

func TestLengthCharLength(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "abc", "héllo", "", nil, "日本語", "a\x00b"))
	defer rec.Release()
	// LENGTH counts bytes (MySQL), CHAR_LENGTH characters.
	wantVals(t, "LENGTH", eval(t, fn(t, "length", tInt, ref(0, tStr)), rec), 3, 6, 0, nil, 9, 3)
	wantVals(t, "CHAR_LENGTH", eval(t, fn(t, "char_length", tInt, ref(0, tStr)), rec), 3, 5, 0, nil, 3, 3)
}

func TestSubstring(t *testing.T) {
	cases := []struct {
		s      any
		pos    any
		length any // absent when noLen
		noLen  bool
		want   any
	}{
		// MySQL's documented examples.
		{"Quadratically", 5, nil, true, "ratically"},
		{"Quadratically", 5, 6, false, "ratica"},
		{"Sakila", -3, nil, true, "ila"},
		{"Sakila", -5, 3, false, "aki"},
		{"foobarbar", 4, nil, true, "barbar"},
		// Position 0 gives '' in MySQL; beyond the end gives ''.
		{"abc", 0, nil, true, ""},
		{"abc", 0, 2, false, ""},
		{"abc", 4, nil, true, ""},
		{"abc", 3, nil, true, "c"},
		{"abc", -3, nil, true, "abc"},
		{"abc", -4, nil, true, ""},
		{"abc", 1, 0, false, ""},
		{"abc", 1, -1, false, ""},
		{"abc", 2, 100, false, "bc"},
		{"", 1, nil, true, ""},
		// Characters, not bytes.
		{"héllo", 2, 3, false, "éll"},
		{"héllo", -4, 1, false, "é"},
		{"日本語テキスト", 3, 2, false, "語テ"},
		// NULL in any argument gives NULL.
		{nil, 1, nil, true, nil},
		{"abc", nil, nil, true, nil},
		{"abc", 1, nil, false, nil},
	}
	for _, c := range cases {
		var e Expr
		var rec arrow.Record
		if c.noLen {
			rec = mkRec(t, col("s", tStr, c.s), col("p", tInt, c.pos))
			e = fn(t, "substring", tStr, ref(0, tStr), ref(1, tInt))
		} else {
			rec = mkRec(t, col("s", tStr, c.s), col("p", tInt, c.pos), col("l", tInt, c.length))
			e = fn(t, "substring", tStr, ref(0, tStr), ref(1, tInt), ref(2, tInt))
		}
		got, err := evalErr(t, e, rec)
		rec.Release()
		if err != nil {
			t.Errorf("SUBSTRING(%v, %v, %v): %v", c.s, c.pos, c.length, err)
			continue
		}
		wantVals(t, "SUBSTRING", got, c.want)
	}
}

// A huge length must not overflow pos+len: MySQL gives the rest of the
// string.
func TestSubstringHugeLength(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "abc", "héllo"), col("p", tInt, 2, 3), col("l", tInt, maxI, maxI))
	defer rec.Release()
	e := fn(t, "substring", tStr, ref(0, tStr), ref(1, tInt), ref(2, tInt))
	got, err := evalErr(t, e, rec)
	if err != nil {
		t.Fatalf("SUBSTRING(s, p, MaxInt64): %v", err)
	}
	wantVals(t, "SUBSTRING(s, p, MaxInt64)", got, "bc", "llo")
}

func TestLeftRight(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "héllo", "héllo", "abc", "abc", "abc", "", nil, "abc"),
		col("n", tInt, 2, 0, 3, 10, -1, 5, 1, nil),
	)
	defer rec.Release()
	wantVals(t, "LEFT", eval(t, fn(t, "left", tStr, ref(0, tStr), ref(1, tInt)), rec), "hé", "", "abc", "abc", "", "", nil, nil)
	wantVals(t, "RIGHT", eval(t, fn(t, "right", tStr, ref(0, tStr), ref(1, tInt)), rec), "lo", "", "abc", "abc", "", "", nil, nil)
	rec2 := mkRec(t, col("s", tStr, "héllo", "日本語"), col("n", tInt, 4, 2))
	defer rec2.Release()
	wantVals(t, "RIGHT unicode", eval(t, fn(t, "right", tStr, ref(0, tStr), ref(1, tInt)), rec2), "éllo", "本語")
	wantVals(t, "LEFT unicode", eval(t, fn(t, "left", tStr, ref(0, tStr), ref(1, tInt)), rec2), "héll", "日本")
}

func TestConcat(t *testing.T) {
	rec := mkRec(t, col("a", tStr, "a", "", "x", nil, "é"), col("b", tStr, "b", "", nil, "y", "ü"))
	defer rec.Release()
	// MySQL: CONCAT is NULL when any argument is NULL.
	e := fn(t, "concat", tStr, ref(0, tStr), lit(t, tStr, "-"), ref(1, tStr))
	wantVals(t, e.String(), eval(t, e, rec), "a-b", "-", nil, nil, "é-ü")
	wantVals(t, "CONCAT(a)", eval(t, fn(t, "concat", tStr, ref(0, tStr)), rec), "a", "", "x", nil, "é")
}

func TestReplace(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "aaa", "abcabc", "abc", "abc", nil, "abc", "héllo", ""),
		col("f", tStr, "a", "bc", "", "x", "a", nil, "é", "a"),
		col("t", tStr, "bb", "", "z", "y", "b", "b", "e", "b"),
	)
	defer rec.Release()
	e := fn(t, "replace", tStr, ref(0, tStr), ref(1, tStr), ref(2, tStr))
	wantVals(t, e.String(), eval(t, e, rec), "bbbbbb", "aa", "abc", "abc", nil, nil, "hello", "")
}

func TestTrim(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "  x  ", "\tx ", "", "   ", nil, "x y", "  ü  "))
	defer rec.Release()
	s := ref(0, tStr)
	// Only spaces, as in MySQL.
	wantVals(t, "TRIM", eval(t, fn(t, "trim", tStr, s), rec), "x", "\tx", "", "", nil, "x y", "ü")
	wantVals(t, "LTRIM", eval(t, fn(t, "ltrim", tStr, s), rec), "x  ", "\tx ", "", "", nil, "x y", "ü  ")
	wantVals(t, "RTRIM", eval(t, fn(t, "rtrim", tStr, s), rec), "  x", "\tx", "", "", nil, "x y", "  ü")

	// TRIM(BOTH cut FROM s) removes whole repetitions of cut.
	rec2 := mkRec(t,
		col("s", tStr, "xxaxx", "ababcab", "aba", "abc", "abc", "ééxé", "abc"),
		col("c", tStr, "x", "ab", "ab", "", nil, "é", "abcd"),
	)
	defer rec2.Release()
	s2, c2 := ref(0, tStr), ref(1, tStr)
	wantVals(t, "TRIM(c FROM s)", eval(t, fn(t, "trim", tStr, s2, c2), rec2), "a", "c", "a", "abc", nil, "x", "abc")
	wantVals(t, "TRIM(LEADING c FROM s)", eval(t, fn(t, "ltrim", tStr, s2, c2), rec2), "axx", "cab", "a", "abc", nil, "xé", "abc")
	wantVals(t, "TRIM(TRAILING c FROM s)", eval(t, fn(t, "rtrim", tStr, s2, c2), rec2), "xxa", "ababc", "aba", "abc", nil, "ééx", "abc")
}

func TestIntegerMath(t *testing.T) {
	rec := mkRec(t, col("i", tInt, -5, 0, 7, nil, maxI, minI+1))
	defer rec.Release()
	i := ref(0, tInt)
	wantVals(t, "ABS", eval(t, fn(t, "abs", tInt, i), rec), 5, 0, 7, nil, maxI, maxI)
	wantVals(t, "SIGN", eval(t, fn(t, "sign", tInt, i), rec), -1, 0, 1, nil, 1, -1)
	wantVals(t, "CEIL", eval(t, fn(t, "ceil", tInt, i), rec), -5, 0, 7, nil, maxI, minI+1)
	wantVals(t, "FLOOR", eval(t, fn(t, "floor", tInt, i), rec), -5, 0, 7, nil, maxI, minI+1)

	rec2 := mkRec(t, col("i", tInt, 16, 1, 100, nil))
	defer rec2.Release()
	i2 := ref(0, tInt)
	wantVals(t, "SQRT(BIGINT)", eval(t, fn(t, "sqrt", tDbl, i2), rec2), 4.0, 1.0, 10.0, nil)
	wantVals(t, "LOG10(BIGINT)", eval(t, fn(t, "log10", tDbl, i2), rec2), math.Log10(16), 0.0, 2.0, nil)
	wantVals(t, "LN(BIGINT)", eval(t, fn(t, "ln", tDbl, i2), rec2), math.Log(16), 0.0, math.Log(100), nil)
	wantVals(t, "EXP(BIGINT)", eval(t, fn(t, "exp", tDbl, i2), rec2), math.Exp(16), math.E, math.Exp(100), nil)

	bad := mkRec(t, col("i", tInt, 1, minI))
	defer bad.Release()
	_, err := evalErr(t, fn(t, "abs", tInt, ref(0, tInt)), bad)
	wantErr(t, "ABS(MinInt64)", err, "ABS: BIGINT value out of range: ABS(-9223372036854775808)")
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ABS overflow %v is not ErrOutOfRange", err)
	}
}

func TestFloatMath(t *testing.T) {
	rec := mkRec(t, col("f", tDbl, -1.5, 1.5, -0.5, 0.0, nil, 2.0))
	defer rec.Release()
	f := ref(0, tDbl)
	wantVals(t, "ABS", eval(t, fn(t, "abs", tDbl, f), rec), 1.5, 1.5, 0.5, 0.0, nil, 2.0)
	wantVals(t, "CEIL", eval(t, fn(t, "ceil", tDbl, f), rec), -1.0, 2.0, 0.0, 0.0, nil, 2.0)
	wantVals(t, "FLOOR", eval(t, fn(t, "floor", tDbl, f), rec), -2.0, 1.0, -1.0, 0.0, nil, 2.0)
	wantVals(t, "SIGN", eval(t, fn(t, "sign", tDbl, f), rec), -1.0, 1.0, -1.0, 0.0, nil, 1.0)
	wantVals(t, "EXP", eval(t, fn(t, "exp", tDbl, f), rec), math.Exp(-1.5), math.Exp(1.5), math.Exp(-0.5), 1.0, nil, math.Exp(2))

	pos := mkRec(t, col("f", tDbl, 4.0, 1000.0, math.E, nil))
	defer pos.Release()
	p := ref(0, tDbl)
	wantVals(t, "SQRT", eval(t, fn(t, "sqrt", tDbl, p), pos), 2.0, math.Sqrt(1000), math.Sqrt(math.E), nil)
	wantVals(t, "LOG10", eval(t, fn(t, "log10", tDbl, p), pos), math.Log10(4), 3.0, math.Log10(math.E), nil)
	wantVals(t, "LN", eval(t, fn(t, "ln", tDbl, p), pos), math.Log(4), math.Log(1000), 1.0, nil)

	// Outside the domain: NULL, as in MySQL (it was an error before the
	// function registry).
	domRec := mkRec(t, col("f", tDbl, 4.0, -1.0), col("z", tDbl, 1.0, 0.0), col("n", tDbl, 1.0, -2.5))
	defer domRec.Release()
	wantVals(t, "SQRT(-1)", eval(t, fn(t, "sqrt", tDbl, ref(0, tDbl)), domRec), 2.0, nil)
	wantVals(t, "LN(0)", eval(t, fn(t, "ln", tDbl, ref(1, tDbl)), domRec), 0.0, nil)
	wantVals(t, "LOG10(-2.5)", eval(t, fn(t, "log10", tDbl, ref(2, tDbl)), domRec), 0.0, nil)

	// NULLs hiding bad values are no error.
	var v Validity
	v.AppendNull()
	valid, nulls := v.Finish()
	h := NewFloat64Array([]float64{-1}, valid, nulls)
	hrec := NewRecord(mkSchema(tDbl), []arrow.Array{h}, 1)
	h.Release()
	defer hrec.Release()
	for _, name := range []string{"sqrt", "ln", "log10"} {
		wantVals(t, name+"(NULL hiding -1)", eval(t, fn(t, name, tDbl, ref(0, tDbl)), hrec), nil)
	}
}

func TestRoundDouble(t *testing.T) {
	rec := mkRec(t,
		col("x", tDbl, 2.5, -2.5, 0.5, -0.5, 1.25, -1.25, 1234.5678, 1234.5678, -1250.0, 150.0, 1e300, 5.0, nil, 7.0, 0.4),
		col("d", tInt, 0, 0, 0, 0, 1, 1, 2, -2, -2, -2, 2, -400, 0, nil, 0),
	)
	defer rec.Release()
	e := fn(t, "round", tDbl, ref(0, tDbl), ref(1, tInt))
	// Half away from zero, also for negative digits.
	wantVals(t, e.String(), eval(t, e, rec), 3.0, -3.0, 1.0, -1.0, 1.3, -1.3, 1234.57, 1200.0, -1300.0, 200.0, 1e300, 0.0, nil, nil, 0.0)
	one := fn(t, "round", tDbl, ref(0, tDbl))
	wantVals(t, "ROUND(x)", eval(t, one, rec), 3.0, -3.0, 1.0, -1.0, 1.0, -1.0, 1235.0, 1235.0, -1250.0, 150.0, 1e300, 5.0, nil, 7.0, 0.0)
}

func TestRoundBigint(t *testing.T) {
	rec := mkRec(t,
		col("x", tInt, 15, -15, 14, 1234, 1250, -1250, 5, 9, maxI, nil, 7, 949, 950),
		col("d", tInt, -1, -1, -1, 2, -2, -2, -1, -19, -18, -1, nil, -2, -2),
	)
	defer rec.Release()
	e := fn(t, "round", tInt, ref(0, tInt), ref(1, tInt))
	wantVals(t, e.String(), eval(t, e, rec), 20, -20, 10, 1234, 1300, -1300, 10, 0, int64(9e18), nil, nil, 900, 1000)
	head := rec.NewSlice(0, 3)
	defer head.Release()
	wantVals(t, "ROUND(BIGINT)", eval(t, fn(t, "round", tInt, ref(0, tInt)), head), 15, -15, 14)
}

// Rounding a BIGINT up past the largest BIGINT must be an error, not a
// silent wrap to a negative number.
func TestRoundBigintOverflow(t *testing.T) {
	rec := mkRec(t, col("x", tInt, maxI, minI), col("d", tInt, -1, -1))
	defer rec.Release()
	e := fn(t, "round", tInt, ref(0, tInt), ref(1, tInt))
	got, err := evalErr(t, e, rec)
	if err == nil {
		t.Fatalf("ROUND(9223372036854775807, -1) = %v, want a BIGINT out of range error", got)
	}
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("error %v is not ErrOutOfRange", err)
	}
}

func TestPower(t *testing.T) {
	rec := mkRec(t, col("x", tDbl, 2.0, 2.0, nil, 4.0, -8.0), col("y", tDbl, 10.0, -1.0, 2.0, nil, 3.0))
	defer rec.Release()
	e := fn(t, "power", tDbl, ref(0, tDbl), ref(1, tDbl))
	wantVals(t, e.String(), eval(t, e, rec), 1024.0, 0.5, nil, nil, -512.0)
	// MySQL's error where the result is not a finite number.
	for _, c := range []struct {
		x, y float64
		want string
	}{
		{-8, 0.5, "DOUBLE value out of range: POW(-8, 0.5)"},
		{0, -1, "DOUBLE value out of range: POW(0, -1)"},
		{10, 400, "DOUBLE value out of range: POW(10, 400)"},
	} {
		r := mkRec(t, col("x", tDbl, c.x), col("y", tDbl, c.y))
		_, err := evalErr(t, e, r)
		r.Release()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("POW(%v, %v): error %v, want %q", c.x, c.y, err, c.want)
		}
	}
}

func TestNullIf(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1, 2, nil, 4, 0), col("b", tInt, 1, 3, 1, nil, 0))
	defer rec.Release()
	e := fn(t, "nullif", tInt, ref(0, tInt), ref(1, tInt))
	wantVals(t, e.String(), eval(t, e, rec), nil, 2, nil, 4, nil)
	recS := mkRec(t, col("a", tStr, "", "x", "y"), col("b", tStr, "", "", nil))
	defer recS.Release()
	es := fn(t, "nullif", tStr, ref(0, tStr), ref(1, tStr))
	wantVals(t, "NULLIF(VARCHAR)", eval(t, es, recS), nil, "x", "y")
	// No row equal: the first argument itself.
	recN := mkRec(t, col("a", tDbl, 1.5, nil), col("b", tDbl, 2.5, 1.5))
	defer recN.Release()
	wantVals(t, "NULLIF(DOUBLE) no match", eval(t, fn(t, "nullif", tDbl, ref(0, tDbl), ref(1, tDbl)), recN), 1.5, nil)
}

func TestFuncNullsEverywhere(t *testing.T) {
	// Every string function gives NULL on a NULL argument and keeps the
	// other rows right (several NULLs crossing byte boundaries).
	var ss, want []any
	for i := 0; i < 20; i++ {
		if i%3 == 0 {
			ss = append(ss, nil)
			want = append(want, nil)
		} else {
			ss = append(ss, "Ab")
			want = append(want, "AB")
		}
	}
	rec := mkRec(t, col("s", tStr, ss...))
	defer rec.Release()
	wantVals(t, "UPPER over 20 rows", eval(t, fn(t, "upper", tStr, ref(0, tStr)), rec), want...)
}
