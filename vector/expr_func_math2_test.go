package vector

import (
	"math"
	"testing"
)

func TestLogBaseAndDomains(t *testing.T) {
	rec := mkRec(t,
		col("b", tDbl, 2.0, 10.0, 1.0, 0.0, -2.0, 2.0, 2.0, nil, 3.0),
		col("x", tDbl, 8.0, 1000.0, 5.0, 5.0, 4.0, 0.0, -1.0, 4.0, nil),
	)
	defer rec.Release()
	// NULL (as MySQL) when x <= 0, b <= 0 or b = 1.
	wantVals(t, "LOG(b, x)", eval(t, fn(t, "log", tDbl, ref(0, tDbl), ref(1, tDbl)), rec),
		3.0, math.Log(1000)/math.Log(10), nil, nil, nil, nil, nil, nil, nil)

	dom := mkRec(t, col("x", tDbl, 8.0, 0.0, -1.0, 0.5, 1.0, -1.0, 2.0, nil))
	defer dom.Release()
	x := ref(0, tDbl)
	wantVals(t, "LOG2", eval(t, fn(t, "log2", tDbl, x), dom), 3.0, nil, nil, -1.0, 0.0, nil, 1.0, nil)
	wantVals(t, "SQRT", eval(t, fn(t, "sqrt", tDbl, x), dom), math.Sqrt(8), 0.0, nil, math.Sqrt(0.5), 1.0, nil, math.Sqrt(2), nil)
	wantVals(t, "LN", eval(t, fn(t, "ln", tDbl, x), dom), math.Log(8), nil, nil, math.Log(0.5), 0.0, nil, math.Log(2), nil)
	wantVals(t, "ASIN", eval(t, fn(t, "asin", tDbl, x), dom), nil, 0.0, -math.Pi/2, math.Asin(0.5), math.Pi/2, -math.Pi/2, nil, nil)
	wantVals(t, "ACOS", eval(t, fn(t, "acos", tDbl, x), dom), nil, math.Pi/2, math.Pi, math.Acos(0.5), 0.0, math.Pi, nil, nil)
	wantVals(t, "DEGREES", eval(t, fn(t, "degrees", tDbl, x), dom), 8*180/math.Pi, 0.0, -180/math.Pi, 0.5*180/math.Pi, 180/math.Pi, -180/math.Pi, 360/math.Pi, nil)
	wantVals(t, "RADIANS", eval(t, fn(t, "radians", tDbl, x), dom), 8*math.Pi/180, 0.0, -math.Pi/180, 0.5*math.Pi/180, math.Pi/180, -math.Pi/180, 2*math.Pi/180, nil)
	wantVals(t, "SIN", eval(t, fn(t, "sin", tDbl, x), dom), math.Sin(8), 0.0, math.Sin(-1), math.Sin(0.5), math.Sin(1), math.Sin(-1), math.Sin(2), nil)
	wantVals(t, "COS", eval(t, fn(t, "cos", tDbl, x), dom), math.Cos(8), 1.0, math.Cos(-1), math.Cos(0.5), math.Cos(1), math.Cos(-1), math.Cos(2), nil)
	wantVals(t, "TAN", eval(t, fn(t, "tan", tDbl, x), dom), math.Tan(8), 0.0, math.Tan(-1), math.Tan(0.5), math.Tan(1), math.Tan(-1), math.Tan(2), nil)
	wantVals(t, "ATAN", eval(t, fn(t, "atan", tDbl, x), dom), math.Atan(8), 0.0, -math.Pi/4, math.Atan(0.5), math.Pi/4, -math.Pi/4, math.Atan(2), nil)
	wantVals(t, "ATAN2", eval(t, fn(t, "atan2", tDbl, x, lit(t, tDbl, -1.0)), dom),
		math.Atan2(8, -1), math.Pi, math.Atan2(-1, -1), math.Atan2(0.5, -1), math.Atan2(1, -1), math.Atan2(-1, -1), math.Atan2(2, -1), nil)
}

func TestGreatestLeast(t *testing.T) {
	rec := mkRec(t,
		col("a", tInt, 1, 5, nil, -3),
		col("b", tInt, 3, 2, 1, -3),
		col("c", tInt, 2, 9, 1, -4),
	)
	defer rec.Release()
	a, b, c := ref(0, tInt), ref(1, tInt), ref(2, tInt)
	wantVals(t, "GREATEST(BIGINT)", eval(t, fn(t, "greatest", tInt, a, b, c), rec), 3, 9, nil, -3)
	wantVals(t, "LEAST(BIGINT)", eval(t, fn(t, "least", tInt, a, b, c), rec), 1, 2, nil, -4)

	d := mkRec(t,
		col("x", tDbl, 1.5, -0.5, nil), col("y", tDbl, 2.5, -1.5, 1.0),
		col("s", tStr, "b", "Ab", "z"), col("r", tStr, "a", "ab", nil),
		col("d", tDate, "2024-01-01", "1969-12-31", "2000-01-01"), col("e", tDate, "2023-12-31", "1970-01-01", nil),
		col("t", tTS, "2024-01-01 00:00:01", "2024-01-01 00:00:00", nil), col("u", tTS, "2024-01-01 00:00:00", "2024-01-01 00:00:00.5", "2024-01-01 00:00:00"),
		col("p", tBool, true, false, true), col("q", tBool, false, false, nil),
		col("m", dec(5, 2), "1.50", "-2.25", nil), col("n", dec(5, 2), "1.49", "-2.24", "0.00"),
	)
	defer d.Release()
	wantVals(t, "GREATEST(DOUBLE)", eval(t, fn(t, "greatest", tDbl, ref(0, tDbl), ref(1, tDbl)), d), 2.5, -0.5, nil)
	wantVals(t, "LEAST(DOUBLE)", eval(t, fn(t, "least", tDbl, ref(0, tDbl), ref(1, tDbl)), d), 1.5, -1.5, nil)
	wantVals(t, "GREATEST(VARCHAR)", eval(t, fn(t, "greatest", tStr, ref(2, tStr), ref(3, tStr)), d), "b", "ab", nil)
	wantVals(t, "LEAST(VARCHAR)", eval(t, fn(t, "least", tStr, ref(2, tStr), ref(3, tStr)), d), "a", "Ab", nil)
	wantVals(t, "GREATEST(DATE)", eval(t, fn(t, "greatest", tDate, ref(4, tDate), ref(5, tDate)), d), "2024-01-01", "1970-01-01", nil)
	wantVals(t, "LEAST(TIMESTAMP)", eval(t, fn(t, "least", tTS, ref(6, tTS), ref(7, tTS)), d), "2024-01-01 00:00:00", "2024-01-01 00:00:00", nil)
	wantVals(t, "GREATEST(BOOLEAN)", eval(t, fn(t, "greatest", tBool, ref(8, tBool), ref(9, tBool)), d), true, false, nil)
	wantVals(t, "LEAST(BOOLEAN)", eval(t, fn(t, "least", tBool, ref(8, tBool), ref(9, tBool)), d), false, false, nil)
	wantVals(t, "GREATEST(DECIMAL)", eval(t, fn(t, "greatest", dec(5, 2), ref(10, dec(5, 2)), ref(11, dec(5, 2))), d), decVal("1.50"), decVal("-2.24"), nil)
	wantVals(t, "LEAST(DECIMAL)", eval(t, fn(t, "least", dec(5, 2), ref(10, dec(5, 2)), ref(11, dec(5, 2))), d), decVal("1.49"), decVal("-2.25"), nil)
}

func TestTruncate(t *testing.T) {
	rec := mkRec(t,
		col("x", tDbl, 1.999, -1.999, 0.29, 1234.5678, 1234.5678, -0.5, 1e300, nil, 5.0, 0.1),
		col("d", tInt, 2, 0, 2, -2, 10, 0, 2, 1, nil, 400),
	)
	defer rec.Release()
	// Cut on the printed digits: TRUNCATE(0.29, 2) is 0.29; no -0.
	wantVals(t, "TRUNCATE(DOUBLE)", eval(t, fn(t, "truncate", tDbl, ref(0, tDbl), ref(1, tInt)), rec),
		1.99, -1.0, 0.29, 1200.0, 1234.5678, 0.0, 1e300, nil, nil, 0.1)
	if v := eval(t, fn(t, "truncate", tDbl, ref(0, tDbl), ref(1, tInt)), rec)[5].(float64); math.Signbit(v) {
		t.Errorf("TRUNCATE(-0.5, 0) is -0")
	}
	ints := mkRec(t, col("x", tInt, 1234, -1299, 7, maxI, nil), col("d", tInt, -2, -2, 3, -19, 0))
	defer ints.Release()
	wantVals(t, "TRUNCATE(BIGINT)", eval(t, fn(t, "truncate", tInt, ref(0, tInt), ref(1, tInt)), ints), 1200, -1200, 7, 0, nil)

	decs := mkRec(t, col("x", dec(7, 3), "1234.567", "-1234.567", "0.999", nil))
	defer decs.Release()
	x := ref(0, dec(7, 3))
	wantVals(t, "TRUNCATE(DECIMAL, 2)", eval(t, fn(t, "truncate", dec(6, 2), x, lit(t, tInt, 2)), decs),
		decVal("1234.56"), decVal("-1234.56"), decVal("0.99"), nil)
	wantVals(t, "TRUNCATE(DECIMAL, 5)", eval(t, fn(t, "truncate", dec(7, 3), x, lit(t, tInt, 5)), decs),
		decVal("1234.567"), decVal("-1234.567"), decVal("0.999"), nil)
	wantVals(t, "TRUNCATE(DECIMAL, -2)", eval(t, fn(t, "truncate", dec(4, 0), x, lit(t, tInt, -2)), decs),
		decVal("1200"), decVal("-1200"), decVal("0"), nil)
	wantVals(t, "TRUNCATE(DECIMAL, -50)", eval(t, fn(t, "truncate", dec(4, 0), x, lit(t, tInt, -50)), decs),
		decVal("0"), decVal("0"), decVal("0"), nil)
	_, err := NewFunc("truncate", []Expr{x, ref(0, tInt)}, dec(6, 2))
	wantErr(t, "TRUNCATE(DECIMAL, column)", err, "TRUNCATE of a DECIMAL needs constant digits")
}
