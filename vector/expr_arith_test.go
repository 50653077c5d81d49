package vector

import (
	"errors"
	"math"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

const (
	maxI = math.MaxInt64
	minI = math.MinInt64
)

func TestArithBigint(t *testing.T) {
	rec := mkRec(t,
		col("a", tInt, 7, -7, 7, -7, nil, 0, maxI-1),
		col("b", tInt, 2, 2, -2, -2, 3, 5, 1),
	)
	defer rec.Release()
	a, b := ref(0, tInt), ref(1, tInt)
	cases := []struct {
		op   ArithOp
		want []any
	}{
		{OpAdd, []any{9, -5, 5, -9, nil, 5, maxI}},
		{OpSub, []any{5, -9, 9, -5, nil, -5, maxI - 2}},
		{OpMul, []any{14, -14, -14, 14, nil, 0, maxI - 1}},
		// Integer quotients truncate toward zero, remainders take the sign
		// of the dividend (PostgreSQL and MySQL agree).
		{OpDiv, []any{3, -3, -3, 3, nil, 0, maxI - 1}},
		{OpIntDiv, []any{3, -3, -3, 3, nil, 0, maxI - 1}},
		{OpMod, []any{1, -1, 1, -1, nil, 0, 0}},
	}
	for _, c := range cases {
		e := &Arith{Op: c.op, L: a, R: b}
		wantVals(t, e.String(), eval(t, e, rec), c.want...)
	}
	// x % -1 is 0 even for the smallest BIGINT.
	m := mkRec(t, col("a", tInt, minI, 5), col("b", tInt, -1, -1))
	defer m.Release()
	wantVals(t, "x % -1", eval(t, &Arith{Op: OpMod, L: a, R: b}, m), 0, 0)
	m1 := m.NewSlice(1, 2)
	defer m1.Release()
	wantVals(t, "5 DIV -1", eval(t, &Arith{Op: OpIntDiv, L: a, R: b}, m1), -5)
	if got := (&Arith{Op: OpIntDiv, L: a, R: b}).String(); got != "(c0 DIV c1)" {
		t.Errorf("String = %q", got)
	}
	if got := (&Arith{Op: OpMod, L: a, R: lit(t, tInt, 3)}).String(); got != "(c0 % 3)" {
		t.Errorf("String = %q", got)
	}
	if got := (&Arith{Op: OpAdd, L: a, R: b}).Type(); got != tInt {
		t.Errorf("Type = %s", got)
	}
}

func TestArithBigintOverflow(t *testing.T) {
	cases := []struct {
		op   ArithOp
		x, y int64
		msg  string
	}{
		{OpAdd, maxI, 1, "BIGINT value out of range: 9223372036854775807 + 1"},
		{OpAdd, minI, -1, "BIGINT value out of range: -9223372036854775808 + -1"},
		{OpSub, minI, 1, "BIGINT value out of range: -9223372036854775808 - 1"},
		{OpSub, 0, minI, "BIGINT value out of range: 0 - -9223372036854775808"},
		{OpMul, maxI, 2, "BIGINT value out of range: 9223372036854775807 * 2"},
		{OpMul, -1, minI, "BIGINT value out of range: -1 * -9223372036854775808"},
		{OpMul, minI, -1, "BIGINT value out of range: -9223372036854775808 * -1"},
		{OpMul, 1 << 32, 1 << 31, "BIGINT value out of range: 4294967296 * 2147483648"},
		{OpIntDiv, minI, -1, "BIGINT value out of range: -9223372036854775808 DIV -1"},
		{OpDiv, minI, -1, "BIGINT value out of range"},
	}
	for _, c := range cases {
		// The overflowing row is the second of three, after a valid one.
		rec := mkRec(t, col("x", tInt, 1, c.x, 2), col("y", tInt, 1, c.y, 2))
		_, err := evalErr(t, &Arith{Op: c.op, L: ref(0, tInt), R: ref(1, tInt)}, rec)
		rec.Release()
		wantErr(t, arithNames[c.op], err, c.msg)
		if !errors.Is(err, ErrOutOfRange) {
			t.Errorf("%d %s %d: error %v is not ErrOutOfRange", c.x, arithNames[c.op], c.y, err)
		}
	}
	// The extremes that do fit are no error.
	rec := mkRec(t, col("x", tInt, maxI, minI, minI, -1), col("y", tInt, minI, maxI, 1, maxI))
	defer rec.Release()
	x, y := ref(0, tInt), ref(1, tInt)
	wantVals(t, "x + y", eval(t, &Arith{Op: OpAdd, L: x, R: y}, rec), -1, -1, minI+1, maxI-1)
	wantVals(t, "x - x", eval(t, &Arith{Op: OpSub, L: x, R: x}, rec), 0, 0, 0, 0)
	wantVals(t, "y * 1", eval(t, &Arith{Op: OpMul, L: y, R: lit(t, tInt, 1)}, rec), minI, maxI, 1, maxI)
}

// The overflow test above has NULL-free inputs except where noted; NULL
// rows whose hidden values would overflow or divide by zero are no error.
func TestArithIgnoresValuesUnderNulls(t *testing.T) {
	var v Validity
	v.Append(true)
	v.Append(false)
	valid, nulls := v.Finish()
	x := NewInt64Array([]int64{1, maxI}, valid, nulls) // NULL hides maxI
	y := NewInt64Array([]int64{1, 0}, nil, 0)          // 0 at the NULL row
	y2 := NewInt64Array([]int64{1, 5}, nil, 0)
	rec := NewRecord(mkSchema(tInt, tInt, tInt), []arrow.Array{x, y, y2}, 2)
	releaseAll(x, y, y2)
	defer rec.Release()
	for _, op := range []ArithOp{OpAdd, OpSub, OpMul, OpDiv, OpIntDiv, OpMod} {
		e := &Arith{Op: op, L: ref(0, tInt), R: ref(1, tInt)}
		got, err := evalErr(t, e, rec)
		if err != nil {
			t.Errorf("%s: %v (the failing row is NULL)", e, err)
			continue
		}
		if got[1] != nil {
			t.Errorf("%s: row 1 = %v, want NULL", e, got[1])
		}
	}
	// maxI (hidden) * 5 and maxI + 5 must not be reported either.
	for _, op := range []ArithOp{OpAdd, OpMul} {
		e := &Arith{Op: op, L: ref(0, tInt), R: ref(2, tInt)}
		if _, err := evalErr(t, e, rec); err != nil {
			t.Errorf("%s: %v (the overflowing row is NULL)", e, err)
		}
	}

	fv := NewFloat64Array([]float64{1, 0}, valid, nulls)
	fx := NewFloat64Array([]float64{2, 3}, nil, 0)
	frec := NewRecord(mkSchema(tDbl, tDbl), []arrow.Array{fx, fv}, 2)
	releaseAll(fv, fx)
	defer frec.Release()
	for _, op := range []ArithOp{OpDiv, OpIntDiv, OpMod} {
		e := &Arith{Op: op, L: ref(0, tDbl), R: ref(1, tDbl)}
		got, err := evalErr(t, e, frec)
		if err != nil {
			t.Errorf("%s: %v (the zero divisor is NULL)", e, err)
			continue
		}
		if got[1] != nil {
			t.Errorf("%s: row 1 = %v, want NULL", e, got[1])
		}
	}
}

func TestArithDivisionByZero(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 4, 1, 0), col("y", tInt, 2, 0, 0),
		col("f", tDbl, 4.0, 1.0, 0.0), col("g", tDbl, 2.0, negZero, 0.0))
	defer rec.Release()
	for _, op := range []ArithOp{OpDiv, OpIntDiv, OpMod} {
		_, err := evalErr(t, &Arith{Op: op, L: ref(0, tInt), R: ref(1, tInt)}, rec)
		if !errors.Is(err, ErrDivisionByZero) {
			t.Errorf("BIGINT %s by zero: error %v, want ErrDivisionByZero", arithNames[op], err)
		}
		wantErr(t, "BIGINT "+arithNames[op], err, "division by zero")
		// DOUBLE division by zero (also by -0) is an error too, as in
		// PostgreSQL, not Infinity or NaN.
		_, err = evalErr(t, &Arith{Op: op, L: ref(2, tDbl), R: ref(3, tDbl)}, rec)
		if !errors.Is(err, ErrDivisionByZero) {
			t.Errorf("DOUBLE %s by zero: error %v, want ErrDivisionByZero", arithNames[op], err)
		}
	}
	// 0 divided by something is fine; NULL divided by zero is NULL.
	rec2 := mkRec(t, col("x", tInt, 0, nil), col("y", tInt, 5, 0))
	defer rec2.Release()
	wantVals(t, "0/5, NULL/0", eval(t, &Arith{Op: OpIntDiv, L: ref(0, tInt), R: ref(1, tInt)}, rec2), 0, nil)
}

func TestArithDouble(t *testing.T) {
	rec := mkRec(t,
		col("a", tDbl, 7.5, -7.0, 1e308, nil, nan, 0.1),
		col("b", tDbl, 2.0, 2.0, 10.0, 1.0, 1.0, 0.2),
	)
	defer rec.Release()
	a, b := ref(0, tDbl), ref(1, tDbl)
	p1, p2 := 0.1, 0.2 // variables: Go would fold constants exactly
	wantVals(t, "+", eval(t, &Arith{Op: OpAdd, L: a, R: b}, rec), 9.5, -5.0, 1e308+10, nil, nan, p1+p2)
	wantVals(t, "-", eval(t, &Arith{Op: OpSub, L: a, R: b}, rec), 5.5, -9.0, 1e308-10, nil, nan, p1-p2)
	// Overflow of a DOUBLE is an error (as in PostgreSQL and MySQL), not
	// Infinity; a NULL row's values do not count.
	if _, err := evalErr(t, &Arith{Op: OpMul, L: a, R: b}, rec); !errors.Is(err, ErrDoubleOutOfRange) {
		t.Errorf("1e308 * 10: error %v, want ErrDoubleOutOfRange", err)
	}
	tail := rec.NewSlice(3, 6)
	defer tail.Release()
	wantVals(t, "*", eval(t, &Arith{Op: OpMul, L: a, R: b}, tail), nil, nan, p1*p2)
	small := mkRec(t, col("a", tDbl, 7.5, -7.0), col("b", tDbl, 2.0, 2.0))
	defer small.Release()
	wantVals(t, "*", eval(t, &Arith{Op: OpMul, L: a, R: b}, small), 15.0, -14.0)
	over := mkRec(t, col("a", tDbl, 1e308, -1e308, 1e308), col("b", tDbl, 1e308, 1e308, 1e-10))
	defer over.Release()
	for _, op := range []ArithOp{OpAdd, OpSub, OpDiv} {
		if _, err := evalErr(t, &Arith{Op: op, L: a, R: b}, over); !errors.Is(err, ErrDoubleOutOfRange) {
			t.Errorf("%s overflowing: error %v, want ErrDoubleOutOfRange", arithNames[op], err)
		}
	}
	nullOver := mkRec(t, col("a", tDbl, nil, 1.0), col("b", tDbl, 1e308, 1e308))
	defer nullOver.Release()
	wantVals(t, "NULL * 1e308", eval(t, &Arith{Op: OpMul, L: a, R: b}, nullOver), nil, 1e308)
	wantVals(t, "/", eval(t, &Arith{Op: OpDiv, L: a, R: b}, rec), 3.75, -3.5, 1e307, nil, nan, 0.5)
	wantVals(t, "DIV", eval(t, &Arith{Op: OpIntDiv, L: a, R: b}, rec), 3.0, -3.0, 1e307, nil, nan, 0.0)
	wantVals(t, "%", eval(t, &Arith{Op: OpMod, L: a, R: b}, rec), 1.5, -1.0, math.Mod(1e308, 10), nil, nan, 0.1)
}

func TestArithOnSlicedInputs(t *testing.T) {
	x := mkArr(t, tInt, 100, 1, 2, 3)
	y := mkArr(t, tInt, 10, 20, 30, 40)
	defer releaseAll(x, y)
	sx := array.NewSlice(x, 1, 4)
	sy := array.NewSlice(y, 0, 3)
	defer releaseAll(sx, sy)
	rec := NewRecord(mkSchema(tInt, tInt), []arrow.Array{sx, sy}, 3)
	defer rec.Release()
	wantVals(t, "sliced x + y", eval(t, &Arith{Op: OpAdd, L: ref(0, tInt), R: ref(1, tInt)}, rec), 11, 22, 33)
}

func TestArithUnsupportedType(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "a"))
	defer rec.Release()
	_, err := evalErr(t, &Arith{Op: OpAdd, L: ref(0, tStr), R: ref(0, tStr)}, rec)
	wantErr(t, "VARCHAR + VARCHAR", err, "arithmetic on VARCHAR is not supported")
}

func TestNegate(t *testing.T) {
	rec := mkRec(t, col("i", tInt, 5, nil, -3, maxI, 0), col("f", tDbl, 1.5, nil, negZero, 0.0, nan))
	defer rec.Release()
	wantVals(t, "-i", eval(t, &Negate{X: ref(0, tInt)}, rec), -5, nil, 3, -maxI, 0)
	got := eval(t, &Negate{X: ref(1, tDbl)}, rec)
	wantVals(t, "-f", got, -1.5, nil, 0.0, 0.0, nan)
	if f, _ := got[3].(float64); !math.Signbit(f) {
		t.Errorf("-(0.0) = %v, want -0", got[3])
	}
	if (&Negate{X: ref(0, tInt)}).String() != "(-c0)" {
		t.Errorf("String = %q", (&Negate{X: ref(0, tInt)}).String())
	}

	bad := mkRec(t, col("i", tInt, 1, minI))
	defer bad.Release()
	_, err := evalErr(t, &Negate{X: ref(0, tInt)}, bad)
	wantErr(t, "-(MinInt64)", err, "BIGINT value out of range: -(-9223372036854775808)")
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("error %v is not ErrOutOfRange", err)
	}

	var v Validity
	v.AppendNull()
	valid, nulls := v.Finish()
	hidden := NewInt64Array([]int64{minI}, valid, nulls)
	hrec := NewRecord(mkSchema(tInt), []arrow.Array{hidden}, 1)
	hidden.Release()
	defer hrec.Release()
	wantVals(t, "-(NULL hiding MinInt64)", eval(t, &Negate{X: ref(0, tInt)}, hrec), nil)

	s := mkRec(t, col("s", tStr, "x"))
	defer s.Release()
	_, err = evalErr(t, &Negate{X: ref(0, tStr)}, s)
	wantErr(t, "-VARCHAR", err, "negation of VARCHAR is not supported")
}
