package vector

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
)

func cmpE(op CmpOp, l, r Expr) *Compare { return &Compare{Op: op, L: l, R: r} }

func divE(l, r Expr) *Arith { return &Arith{Op: OpIntDiv, L: l, R: r} }

func TestCaseEvaluatesThenOnlyOnChosenRows(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 0, 5, nil, 2, 0, 10, 3, 0, 1, -5))
	defer rec.Release()
	x := ref(0, tInt)
	zero, ten := lit(t, tInt, 0), lit(t, tInt, 10)

	// CASE WHEN x <> 0 THEN 10 DIV x END: no ELSE, NULL for x = 0 and for
	// x NULL (the condition is NULL, not TRUE).
	e := &Case{Whens: []Expr{cmpE(CmpNe, x, zero)}, Thens: []Expr{divE(ten, x)}, T: tInt}
	wantVals(t, e.String(), eval(t, e, rec), nil, 2, nil, 5, nil, 1, 3, nil, 10, -2)

	// With an ELSE that divides too: evaluated only on the other rows.
	e2 := &Case{Whens: []Expr{cmpE(CmpEq, x, zero)}, Thens: []Expr{lit(t, tInt, -1)}, Else: divE(ten, x), T: tInt}
	got, err := evalErr(t, e2, rec)
	// x NULL goes to ELSE: 10 DIV NULL is NULL.
	if err != nil {
		t.Fatalf("%s: %v", e2, err)
	}
	wantVals(t, e2.String(), got, -1, 2, nil, 5, -1, 1, 3, -1, 10, -2)

	// A later WHEN's condition is evaluated only on rows no earlier WHEN
	// took: 10 DIV x > 2 never sees x = 0.
	e3 := &Case{
		Whens: []Expr{cmpE(CmpEq, x, zero), cmpE(CmpGt, divE(ten, x), lit(t, tInt, 2))},
		Thens: []Expr{lit(t, tStr, "zero"), lit(t, tStr, "small")},
		Else:  lit(t, tStr, "other"),
		T:     tStr,
	}
	wantVals(t, e3.String(), eval(t, e3, rec), "zero", "other", "other", "small", "zero", "other", "small", "zero", "small", "other")
}

func TestCaseFirstTrueWhenWins(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 2, 3, 4, nil))
	defer rec.Release()
	x := ref(0, tInt)
	e := &Case{
		Whens: []Expr{cmpE(CmpGe, x, lit(t, tInt, 3)), cmpE(CmpGe, x, lit(t, tInt, 2)), lit(t, tBool, true)},
		Thens: []Expr{lit(t, tStr, "ge3"), lit(t, tStr, "ge2"), lit(t, tStr, "any")},
		T:     tStr,
	}
	wantVals(t, "first match", eval(t, e, rec), "any", "ge2", "ge3", "ge3", "any")
	if s := e.String(); s != "CASE WHEN (c0 >= 3) THEN 'ge3' WHEN (c0 >= 2) THEN 'ge2' WHEN true THEN 'any' END" {
		t.Errorf("String = %q", s)
	}
}

func TestCaseWhenNullAndFalseFallThrough(t *testing.T) {
	rec := mkRec(t, col("c", tBool, true, false, nil), col("v", tDbl, 1.5, 2.5, 3.5))
	defer rec.Release()
	e := &Case{Whens: []Expr{ref(0, tBool)}, Thens: []Expr{ref(1, tDbl)}, Else: lit(t, tDbl, -1.0), T: tDbl}
	wantVals(t, "CASE WHEN c THEN v ELSE -1", eval(t, e, rec), 1.5, -1.0, -1.0)
	// THEN values are taken from the right rows (not the first ones).
	e2 := &Case{Whens: []Expr{&Not{X: ref(0, tBool)}}, Thens: []Expr{ref(1, tDbl)}, Else: &Negate{X: ref(1, tDbl)}, T: tDbl}
	wantVals(t, "CASE WHEN NOT c THEN v ELSE -v", eval(t, e2, rec), -1.5, 2.5, -3.5)
}

func TestCaseAllRowsOneBranch(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 2, 3))
	defer rec.Release()
	x := ref(0, tInt)
	e := &Case{Whens: []Expr{cmpE(CmpGt, x, lit(t, tInt, 0))}, Thens: []Expr{x}, Else: divE(x, lit(t, tInt, 0)), T: tInt}
	wantVals(t, "all rows THEN", eval(t, e, rec), 1, 2, 3)
	e2 := &Case{Whens: []Expr{cmpE(CmpLt, x, lit(t, tInt, 0))}, Thens: []Expr{divE(x, lit(t, tInt, 0))}, Else: x, T: tInt}
	wantVals(t, "all rows ELSE", eval(t, e2, rec), 1, 2, 3)
	e3 := &Case{Whens: []Expr{cmpE(CmpLt, x, lit(t, tInt, 0))}, Thens: []Expr{x}, T: tInt}
	wantVals(t, "no row chosen, no ELSE", eval(t, e3, rec), nil, nil, nil)
}

func TestCaseThenErrorOnChosenRow(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 0))
	defer rec.Release()
	x := ref(0, tInt)
	e := &Case{Whens: []Expr{cmpE(CmpLt, x, lit(t, tInt, 5))}, Thens: []Expr{divE(lit(t, tInt, 1), x)}, T: tInt}
	_, err := evalErr(t, e, rec)
	wantErr(t, "THEN error on a chosen row", err, "division by zero")
	// A WHEN condition failing on a row it is evaluated on is an error.
	e2 := &Case{Whens: []Expr{cmpE(CmpEq, divE(lit(t, tInt, 1), x), x)}, Thens: []Expr{x}, T: tInt}
	_, err = evalErr(t, e2, rec)
	wantErr(t, "WHEN error", err, "division by zero")
}

func TestCaseManyRowsMixedBranches(t *testing.T) {
	// 50 rows, three branches interleaved, VARCHAR and DATE results.
	var xs, wantS, wantD []any
	for i := 0; i < 50; i++ {
		xs = append(xs, i)
		switch {
		case i%3 == 0:
			wantS = append(wantS, "fizz")
			wantD = append(wantD, "1969-12-31")
		case i%3 == 1:
			wantS = append(wantS, "")
			wantD = append(wantD, nil)
		default:
			wantS = append(wantS, nil)
			wantD = append(wantD, "2000-02-29")
		}
	}
	rec := mkRec(t, col("x", tInt, xs...))
	defer rec.Release()
	mod := &Arith{Op: OpMod, L: ref(0, tInt), R: lit(t, tInt, 3)}
	es := &Case{
		Whens: []Expr{cmpE(CmpEq, mod, lit(t, tInt, 0)), cmpE(CmpEq, mod, lit(t, tInt, 1))},
		Thens: []Expr{lit(t, tStr, "fizz"), lit(t, tStr, "")},
		T:     tStr,
	}
	wantVals(t, "VARCHAR CASE", eval(t, es, rec), wantS...)
	ed := &Case{
		Whens: []Expr{cmpE(CmpEq, mod, lit(t, tInt, 0)), cmpE(CmpEq, mod, lit(t, tInt, 1))},
		Thens: []Expr{lit(t, tDate, "1969-12-31"), &Const{T: tDate}},
		Else:  lit(t, tDate, "2000-02-29"),
		T:     tDate,
	}
	wantVals(t, "DATE CASE", eval(t, ed, rec), wantD...)
}

// The result of Eval must have the expression's type even when a branch
// is a bare NULL (the NULL type) that covers every row.
func TestCaseUntypedNullBranchKeepsType(t *testing.T) {
	rec := mkRec(t, col("x", tInt, 1, 2))
	defer rec.Release()
	e := &Case{Whens: []Expr{lit(t, tBool, true)}, Thens: []Expr{&Const{T: tNull}}, Else: ref(0, tInt), T: tInt}
	got, err := evalErr(t, e, rec)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	wantVals(t, e.String(), got, nil, nil)
	e2 := &Case{Whens: []Expr{cmpE(CmpEq, ref(0, tInt), lit(t, tInt, 1))}, Thens: []Expr{&Const{T: tNull}}, Else: ref(0, tInt), T: tInt}
	wantVals(t, e2.String(), eval(t, e2, rec), nil, 2)
}

func TestCoalesce(t *testing.T) {
	rec := mkRec(t,
		col("a", tInt, nil, 1, nil, nil),
		col("b", tInt, 2, 20, nil, nil),
		col("c", tInt, 3, 30, 300, nil),
		col("s", tStr, nil, "", "x", nil),
	)
	defer rec.Release()
	a, b, c := ref(0, tInt), ref(1, tInt), ref(2, tInt)
	e := &Coalesce{Args: []Expr{a, b, c}, T: tInt}
	wantVals(t, e.String(), eval(t, e, rec), 2, 1, 300, nil)
	if e.String() != "COALESCE(c0, c1, c2)" || e.Type() != tInt {
		t.Errorf("String, Type = %q, %s", e.String(), e.Type())
	}
	wantVals(t, "COALESCE(a, 7)", eval(t, &Coalesce{Args: []Expr{a, lit(t, tInt, 7)}, T: tInt}, rec), 7, 1, 7, 7)
	wantVals(t, "COALESCE(c)", eval(t, &Coalesce{Args: []Expr{c}, T: tInt}, rec), 3, 30, 300, nil)
	// '' is not NULL.
	wantVals(t, "COALESCE(s, 'd')", eval(t, &Coalesce{Args: []Expr{ref(3, tStr), lit(t, tStr, "d")}, T: tStr}, rec), "d", "", "x", "d")
	// An untyped NULL argument is skipped.
	wantVals(t, "COALESCE(NULL, a, 5)", eval(t, &Coalesce{Args: []Expr{&Const{T: tNull}, a, lit(t, tInt, 5)}, T: tInt}, rec), 5, 1, 5, 5)
	// Arguments after the first NULL-free one are not evaluated.
	boom := divE(lit(t, tInt, 1), lit(t, tInt, 0))
	wantVals(t, "COALESCE(7, 1 DIV 0)", eval(t, &Coalesce{Args: []Expr{lit(t, tInt, 7), boom}, T: tInt}, rec), 7, 7, 7, 7)
	_, err := evalErr(t, &Coalesce{Args: []Expr{a, boom}, T: tInt}, rec)
	wantErr(t, "COALESCE(a, 1 DIV 0)", err, "division by zero")
}

func TestCoalesceZeroRowsKeepsType(t *testing.T) {
	rec := mkRec(t, col("a", tInt))
	defer rec.Release()
	e := &Coalesce{Args: []Expr{&Const{T: tNull}, ref(0, tInt)}, T: tInt}
	got, err := evalErr(t, e, rec)
	if err != nil {
		t.Fatalf("%s over zero rows: %v", e, err)
	}
	if len(got) != 0 {
		t.Errorf("%d values for zero rows", len(got))
	}
	// Through a projection, a wrong type would break the record.
	out, err := projectSafe(rec, []Expr{e}, mkSchema(tInt))
	if err != nil {
		t.Errorf("projecting %s over zero rows: %v", e, err)
	} else {
		out.Release()
	}
}

// projectSafe is ProjectRecord with a panic turned into an error.
func projectSafe(rec arrow.Record, exprs []Expr, schema *arrow.Schema) (out arrow.Record, err error) {
	err = catchPanic(func() error {
		var e error
		out, e = ProjectRecord(rec, exprs, schema)
		return e
	})
	return out, err
}
