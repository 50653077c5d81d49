package vector

import (
	"errors"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func dec(p, s int) types.Type { return types.DecimalType(p, s) }

func TestArithDecimal(t *testing.T) {
	d52 := dec(5, 2)
	rec := mkRec(t,
		col("a", d52, "1.25", "-7.50", "0.05", nil, "999.99"),
		col("b", d52, "0.75", "2.00", "-0.03", "1.00", "0.01"),
	)
	defer rec.Release()
	a, b := ref(0, d52), ref(1, d52)
	cases := []struct {
		op   ArithOp
		t    types.Type
		want []any
	}{
		{OpAdd, dec(6, 2), []any{decVal("2.00"), decVal("-5.50"), decVal("0.02"), nil, decVal("1000.00")}},
		{OpSub, dec(6, 2), []any{decVal("0.50"), decVal("-9.50"), decVal("0.08"), nil, decVal("999.98")}},
		// * adds the scales.
		{OpMul, dec(10, 4), []any{decVal("0.9375"), decVal("-15.0000"), decVal("-0.0015"), nil, decVal("9.9999")}},
		// / rounds half away from zero at the result's scale.
		{OpDiv, dec(11, 6), []any{decVal("1.666667"), decVal("-3.750000"), decVal("-1.666667"), nil, decVal("99999.000000")}},
		// The remainder has the dividend's sign; DIV truncates.
		{OpMod, d52, []any{decVal("0.50"), decVal("-1.50"), decVal("0.02"), nil, decVal("0.00")}},
		{OpIntDiv, dec(5, 0), []any{decVal("1"), decVal("-3"), decVal("-1"), nil, decVal("99999")}},
	}
	for _, c := range cases {
		e := &Arith{Op: c.op, L: a, R: b, T: c.t}
		if e.Type() != c.t {
			t.Errorf("%s: type %s, want %s", e, e.Type(), c.t)
		}
		wantVals(t, e.String(), eval(t, e, rec), c.want...)
	}
	// Mixed scales: DECIMAL(5,2) * DECIMAL(3,1).
	m := mkRec(t, col("a", d52, "1.25"), col("b", dec(3, 1), "-0.5"))
	defer m.Release()
	wantVals(t, "mixed scales", eval(t, &Arith{Op: OpMul, L: a, R: ref(1, dec(3, 1)), T: dec(8, 3)}, m), decVal("-0.625"))
	wantVals(t, "mixed scales /", eval(t, &Arith{Op: OpDiv, L: a, R: ref(1, dec(3, 1)), T: dec(9, 6)}, m), decVal("-2.500000"))
}

// Values past 64 bits take the 128-bit and big-number paths.
func TestArithDecimalWide(t *testing.T) {
	d38 := dec(38, 0)
	rec := mkRec(t,
		col("a", d38, "100000000000000000000", "-99999999999999999999", "9223372036854775807", "-9223372036854775808"),
		col("b", d38, "10000000000", "3", "1", "-1"),
	)
	defer rec.Release()
	a, b := ref(0, d38), ref(1, d38)
	wantVals(t, "*", eval(t, &Arith{Op: OpMul, L: a, R: b, T: d38}, rec),
		decVal("1000000000000000000000000000000"), decVal("-299999999999999999997"), decVal("9223372036854775807"), decVal("9223372036854775808"))
	wantVals(t, "+", eval(t, &Arith{Op: OpAdd, L: a, R: b, T: d38}, rec),
		decVal("100000000010000000000"), decVal("-99999999999999999996"), decVal("9223372036854775808"), decVal("-9223372036854775809"))
	wantVals(t, "-", eval(t, &Arith{Op: OpSub, L: a, R: b, T: d38}, rec),
		decVal("99999999990000000000"), decVal("-100000000000000000002"), decVal("9223372036854775806"), decVal("-9223372036854775807"))
	wantVals(t, "DIV", eval(t, &Arith{Op: OpIntDiv, L: a, R: b, T: d38}, rec),
		decVal("10000000000"), decVal("-33333333333333333333"), decVal("9223372036854775807"), decVal("9223372036854775808"))
	wantVals(t, "%", eval(t, &Arith{Op: OpMod, L: a, R: b, T: d38}, rec),
		decVal("0"), decVal("0"), decVal("0"), decVal("0"))
	wantVals(t, "/", eval(t, &Arith{Op: OpDiv, L: a, R: b, T: dec(38, 4)}, rec),
		decVal("10000000000.0000"), decVal("-33333333333333333333.0000"), decVal("9223372036854775807.0000"), decVal("9223372036854775808.0000"))
	// A quotient whose scaled dividend passes 128 bits.
	big := mkRec(t, col("a", d38, "99999999999999999999999999999999999999"), col("b", d38, "99999999999999999999999999999999999999"))
	defer big.Release()
	wantVals(t, "big /", eval(t, &Arith{Op: OpDiv, L: a, R: b, T: dec(38, 4)}, big), decVal("1.0000"))
}

func TestArithDecimalErrors(t *testing.T) {
	cases := []struct {
		name string
		op   ArithOp
		lt   types.Type
		l    any
		rt   types.Type
		r    any
		t    types.Type
		want string
		is   error
	}{
		{"past 38 digits", OpAdd, dec(38, 0), "99999999999999999999999999999999999999", dec(38, 0), "1", dec(38, 0),
			"DECIMAL value out of range: 99999999999999999999999999999999999999 + 1", ErrDecimalOutOfRange},
		{"past the type's precision", OpAdd, dec(3, 2), "9.99", dec(3, 2), "0.01", dec(3, 2),
			"DECIMAL value out of range: 9.99 + 0.01", ErrDecimalOutOfRange},
		{"past 128 bits", OpMul, dec(38, 0), "99999999999999999999999999999999999999", dec(38, 0), "10", dec(38, 0),
			"DECIMAL value out of range", ErrDecimalOutOfRange},
		{"division by zero", OpDiv, dec(5, 2), "1.00", dec(5, 2), "0.00", dec(9, 6), "division by zero", ErrDivisionByZero},
		{"modulo zero", OpMod, dec(5, 2), "1.00", dec(5, 2), "0.00", dec(5, 2), "division by zero", ErrDivisionByZero},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := mkRec(t, col("a", c.lt, c.l), col("b", c.rt, c.r))
			defer rec.Release()
			_, err := evalErr(t, &Arith{Op: c.op, L: ref(0, c.lt), R: ref(1, c.rt), T: c.t}, rec)
			wantErr(t, c.name, err, c.want)
			if !errors.Is(err, c.is) {
				t.Errorf("%v is not %v", err, c.is)
			}
		})
	}
	// A NULL row's operands are not looked at.
	rec := mkRec(t, col("a", dec(5, 2), nil, "1.00"), col("b", dec(5, 2), "0.00", nil))
	defer rec.Release()
	wantVals(t, "NULL / 0", eval(t, &Arith{Op: OpDiv, L: ref(0, dec(5, 2)), R: ref(1, dec(5, 2)), T: dec(9, 6)}, rec), nil, nil)
}

func TestNegateAndCompareDecimal(t *testing.T) {
	d := dec(38, 2)
	rec := mkRec(t,
		col("a", d, "1.50", "-0.01", nil, "12345678901234567890123.45", "0.00"),
		col("b", d, "1.50", "0.01", "1.00", "-12345678901234567890123.45", "-0.00"),
	)
	defer rec.Release()
	wantVals(t, "-a", eval(t, &Negate{X: ref(0, d)}, rec), decVal("-1.50"), decVal("0.01"), nil, decVal("-12345678901234567890123.45"), decVal("0.00"))
	want := map[CmpOp][]any{
		CmpEq: {true, false, nil, false, true},
		CmpNe: {false, true, nil, true, false},
		CmpLt: {false, true, nil, false, false},
		CmpLe: {true, true, nil, false, true},
		CmpGt: {false, false, nil, true, false},
		CmpGe: {true, false, nil, true, true},
	}
	for op, w := range want {
		e := &Compare{Op: op, L: ref(0, d), R: ref(1, d)}
		wantVals(t, e.String(), eval(t, e, rec), w...)
	}
}

func TestCastDecimal(t *testing.T) {
	d := dec(10, 2)
	rec := mkRec(t, col("a", d, "2.50", "-2.50", "0.10", nil, "-0.004", "12345678.99"))
	defer rec.Release()
	a := ref(0, d)
	// To BIGINT: half away from zero, as MySQL's CAST(... AS SIGNED).
	wantVals(t, "BIGINT", eval(t, &Cast{X: a, To: tInt}, rec), 3, -3, 0, nil, 0, 12345679)
	wantVals(t, "DOUBLE", eval(t, &Cast{X: a, To: tDbl}, rec), 2.5, -2.5, 0.1, nil, 0.0, 12345678.99)
	wantVals(t, "VARCHAR", eval(t, &Cast{X: a, To: tStr}, rec), "2.50", "-2.50", "0.10", nil, "0.00", "12345678.99")
	wantVals(t, "BOOLEAN", eval(t, &Cast{X: a, To: tBool}, rec), true, true, true, nil, false, true)
	// Rescaling rounds when digits go and fails when the integer part
	// does not fit.
	wantVals(t, "DECIMAL(12,1)", eval(t, &Cast{X: a, To: dec(12, 1)}, rec), decVal("2.5"), decVal("-2.5"), decVal("0.1"), nil, decVal("0.0"), decVal("12345679.0"))
	wantVals(t, "DECIMAL(20,5)", eval(t, &Cast{X: a, To: dec(20, 5)}, rec), decVal("2.50000"), decVal("-2.50000"), decVal("0.10000"), nil, decVal("0.00000"), decVal("12345678.99000"))
	// A wider precision at the same scale shares the buffers, also for a
	// slice of a batch.
	wantVals(t, "DECIMAL(30,2)", eval(t, &Cast{X: a, To: dec(30, 2)}, rec), decVal("2.50"), decVal("-2.50"), decVal("0.10"), nil, decVal("0.00"), decVal("12345678.99"))
	sl := rec.NewSlice(2, 5)
	defer sl.Release()
	wantVals(t, "DECIMAL(30,2) of a slice", eval(t, &Cast{X: a, To: dec(30, 2)}, sl), decVal("0.10"), nil, decVal("0.00"))
	_, err := evalErr(t, &Cast{X: a, To: dec(4, 2)}, rec)
	wantErr(t, "DECIMAL(4,2)", err, "DECIMAL value out of range: 12345678.99 does not fit DECIMAL(4,2)")

	src := mkRec(t, col("i", tInt, 7, -7, nil), col("f", tDbl, 0.1, 1.005, nil), col("b", tBool, true, false, nil), col("s", tStr, " 1.255", "-3", nil))
	defer src.Release()
	wantVals(t, "BIGINT to DECIMAL", eval(t, &Cast{X: ref(0, tInt), To: d}, src), decVal("7.00"), decVal("-7.00"), nil)
	// From the shortest text of the double: 0.1 is 0.10, 1.005 is 1.01.
	wantVals(t, "DOUBLE to DECIMAL", eval(t, &Cast{X: ref(1, tDbl), To: d}, src), decVal("0.10"), decVal("1.01"), nil)
	wantVals(t, "BOOLEAN to DECIMAL", eval(t, &Cast{X: ref(2, tBool), To: d}, src), decVal("1.00"), decVal("0.00"), nil)
	wantVals(t, "VARCHAR to DECIMAL", eval(t, &Cast{X: ref(3, tStr), To: d}, src), decVal("1.26"), decVal("-3.00"), nil)
	ten := mkRec(t, col("i", tInt, 9, 10))
	defer ten.Release()
	_, err = evalErr(t, &Cast{X: ref(0, tInt), To: dec(3, 2)}, ten)
	wantErr(t, "BIGINT to DECIMAL(3,2)", err, "DECIMAL value out of range: 10 does not fit DECIMAL(3,2)")
}

func TestDecimalMath(t *testing.T) {
	d := dec(6, 2)
	rec := mkRec(t, col("a", d, "2.50", "-2.50", "0.01", nil, "-0.49", "1234.56", "0.00"))
	defer rec.Release()
	a := ref(0, d)
	fn := func(name string, out types.Type, args ...Expr) Expr {
		t.Helper()
		e, err := NewFunc(name, append([]Expr{a}, args...), out)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	d0 := dec(5, 0)
	wantVals(t, "ABS", eval(t, fn("abs", d), rec), decVal("2.50"), decVal("2.50"), decVal("0.01"), nil, decVal("0.49"), decVal("1234.56"), decVal("0.00"))
	wantVals(t, "SIGN", eval(t, fn("sign", tInt), rec), 1, -1, 1, nil, -1, 1, 0)
	wantVals(t, "CEIL", eval(t, fn("ceil", d0), rec), decVal("3"), decVal("-2"), decVal("1"), nil, decVal("0"), decVal("1235"), decVal("0"))
	wantVals(t, "FLOOR", eval(t, fn("floor", d0), rec), decVal("2"), decVal("-3"), decVal("0"), nil, decVal("-1"), decVal("1234"), decVal("0"))
	wantVals(t, "ROUND", eval(t, fn("round", d0), rec), decVal("3"), decVal("-3"), decVal("0"), nil, decVal("0"), decVal("1235"), decVal("0"))
	wantVals(t, "ROUND 1", eval(t, fn("round", dec(6, 1), lit(t, tInt, 1)), rec),
		decVal("2.5"), decVal("-2.5"), decVal("0.0"), nil, decVal("-0.5"), decVal("1234.6"), decVal("0.0"))
	// More digits than the scale change nothing; negative digits zero the
	// integer part's last digits.
	wantVals(t, "ROUND 5", eval(t, fn("round", d, lit(t, tInt, 5)), rec),
		decVal("2.50"), decVal("-2.50"), decVal("0.01"), nil, decVal("-0.49"), decVal("1234.56"), decVal("0.00"))
	wantVals(t, "ROUND -2", eval(t, fn("round", d0, lit(t, tInt, -2)), rec),
		decVal("0"), decVal("0"), decVal("0"), nil, decVal("0"), decVal("1200"), decVal("0"))
	wantVals(t, "ROUND -40", eval(t, fn("round", d0, lit(t, tInt, -40)), rec),
		decVal("0"), decVal("0"), decVal("0"), nil, decVal("0"), decVal("0"), decVal("0"))
	if _, err := NewFunc("round", []Expr{a, ref(0, tInt)}, d); err == nil {
		t.Error("ROUND of a DECIMAL with column digits: no error")
	}
}

func TestAggDecimal(t *testing.T) {
	d := dec(18, 2)
	rows := groupedRows("a", "1.25", "b", nil, "a", "-0.50", "c", "99999999999999999.99", "a", "0.01", "c", "99999999999999999.99", "d", "0.01", "d", "0.02")
	specs := []AggSpec{spec(AggSum, d), spec(AggAvg, d), spec(AggMin, d), spec(AggMax, d), distinct(AggCount, d)}
	for _, s := range specs[:2] {
		if s.ResultType().Precision != 38 {
			t.Errorf("%s: result %s, want 38 digits", s, s.ResultType())
		}
	}
	args := [][]int{{1}, {1}, {1}, {1}, {1}}
	want := [][]any{
		{"a", decVal("0.76"), decVal("0.253333"), decVal("-0.50"), decVal("1.25"), 3},
		{"b", nil, nil, nil, nil, 0},
		// The sum of two 18-digit values needs 19.
		{"c", decVal("199999999999999999.98"), decVal("99999999999999999.990000"), decVal("99999999999999999.99"), decVal("99999999999999999.99"), 1},
		// AVG rounds half away from zero.
		{"d", decVal("0.03"), decVal("0.015000"), decVal("0.01"), decVal("0.02"), 2},
	}
	for _, per := range []int{1, 3, 8} {
		got, err := runAgg(t, AggComplete, []types.Type{tStr, d}, rows, per, []int{0}, specs, args)
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, "complete", got, want)
		// Partial then final gives the same (DISTINCT aside: its state is
		// a list).
		specs, args := specs[:4], args[:4]
		var want4 [][]any
		for _, w := range want {
			want4 = append(want4, w[:5])
		}
		final, err := runPartialFinal(t, []types.Type{tStr, d}, rows, per, specs, args)
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, "partial+final", final, want4)
	}
	// A running sum may pass 2^127 and come back: the answer does not
	// depend on the order of the rows.
	big9 := "90000000000000000000000000000000000000"
	for _, order := range [][]any{{big9, big9, "-" + big9}, {big9, "-" + big9, big9}, {"-" + big9, "-" + big9, big9}} {
		rows := groupedRows("a", order[0], "a", order[1], "a", order[2])
		want := big9
		if order[0] == "-"+big9 && order[1] == "-"+big9 {
			want = "-" + big9
		}
		ts, specs, args := []types.Type{tStr, dec(38, 0)}, []AggSpec{spec(AggSum, dec(38, 0))}, [][]int{{1}}
		got, err := runAgg(t, AggComplete, ts, rows, 1, []int{0}, specs, args)
		if err != nil {
			t.Fatalf("%v: %v", order, err)
		}
		wantRows(t, "wrapping SUM", got, [][]any{{"a", decVal(want)}})
		// Two rows per partial state (which may have wrapped), merged by
		// the final.
		got, err = runPartialFinal(t, ts, rows, 2, specs, args)
		if err != nil {
			t.Fatalf("%v, partial+final: %v", order, err)
		}
		wantRows(t, "wrapping SUM, partial+final", got, [][]any{{"a", decVal(want)}})
	}
	// Past 38 digits (but inside 128 bits), and past 128 bits.
	d38 := dec(38, 0)
	for _, v := range []string{"60000000000000000000000000000000000000", "99999999999999999999999999999999999999"} {
		_, err := runAgg(t, AggComplete, []types.Type{tStr, d38}, groupedRows("a", v, "a", v), 1, []int{0},
			[]AggSpec{spec(AggSum, d38)}, [][]int{{1}})
		wantErr(t, "SUM of "+v, err, "DECIMAL value out of range: SUM exceeds 38 digits; CAST the argument to DOUBLE")
	}
	// AVG of a one-cent and a two-cent value: 0.015, kept to six places.
	if got := types.AvgType(d); got != dec(38, 6) {
		t.Errorf("AvgType = %s", got)
	}
}

// runPartialFinal aggregates rows grouped by column 0 in partial mode, a
// partial aggregation per per rows (as per partition), then merges the
// partial states in final mode.
func runPartialFinal(t *testing.T, ts []types.Type, rows [][]any, per int, specs []AggSpec, args [][]int) ([][]any, error) {
	t.Helper()
	var part [][]any
	for start := 0; start < len(rows); start += per {
		p, err := runAgg(t, AggPartial, ts, rows[start:min(start+per, len(rows))], per, []int{0}, specs, args)
		if err != nil {
			return nil, err
		}
		part = append(part, p...)
	}
	var pts []types.Type
	for _, f := range aggSchema(t, ts[:1], specs, AggPartial).Fields() {
		ft, err := types.FromArrow(f.Type)
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, ft)
	}
	var stateArgs [][]int
	c := 1
	for _, s := range specs {
		sts, _ := StateTypes(s)
		var idx []int
		for range sts {
			idx = append(idx, c)
			c++
		}
		stateArgs = append(stateArgs, idx)
	}
	return runAgg(t, AggFinal, pts, part, 1, []int{0}, specs, stateArgs)
}
