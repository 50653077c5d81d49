package plan

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func col(id ColumnID, name string) *ColumnRef {
	return &ColumnRef{ID: id, Name: name, T: types.BigintType}
}

func lit(v int64) *Literal { return &Literal{Value: v, T: types.BigintType} }

func call(fn string, t types.Type, args ...Expr) *Call { return &Call{Fn: fn, Args: args, T: t} }

func TestStringAndEqual(t *testing.T) {
	a := call("and", types.BooleanType,
		call(">", types.BooleanType, col(1, "x"), lit(2)),
		call("in", types.BooleanType, col(2, "y"), lit(1), lit(3)))
	if got := a.String(); got != "((x > 2) AND (y IN (1, 3)))" {
		t.Errorf("String() = %q", got)
	}
	b := call("and", types.BooleanType,
		call(">", types.BooleanType, col(1, "x"), lit(2)),
		call("in", types.BooleanType, col(2, "y"), lit(1), lit(3)))
	if !Equal(a, b) {
		t.Error("equal trees are not Equal")
	}
	if Equal(a, call("and", types.BooleanType, b.Args[0], call("in", types.BooleanType, col(2, "y"), lit(1), lit(4)))) {
		t.Error("different literals are Equal")
	}
	if Equal(col(1, "x"), col(2, "x")) {
		t.Error("columns with other IDs are Equal")
	}
	cs := call("case", types.BigintType, call("=", types.BooleanType, col(1, "x"), lit(1)), lit(10), lit(20))
	if got := cs.String(); got != "CASE WHEN (x = 1) THEN 10 ELSE 20 END" {
		t.Errorf("case String() = %q", got)
	}
}

func TestSplitJoinAndRewrite(t *testing.T) {
	p1 := call(">", types.BooleanType, col(1, "x"), lit(2))
	p2 := call("<", types.BooleanType, col(2, "y"), lit(5))
	p3 := call("is_null", types.BooleanType, col(3, "z"))
	conj := JoinAnd([]Expr{p1, p2, p3})
	parts := SplitAnd(conj)
	if len(parts) != 3 || parts[0] != p1 || parts[1] != p2 || parts[2] != p3 {
		t.Fatalf("SplitAnd(JoinAnd) = %v", parts)
	}
	if JoinAnd(nil) != nil || JoinAnd([]Expr{p1}) != p1 {
		t.Error("JoinAnd of none or one")
	}
	cols := ColumnsOf(conj, nil)
	if len(cols) != 3 || !cols[1] || !cols[2] || !cols[3] {
		t.Errorf("ColumnsOf = %v", cols)
	}
	// Replace column 1 by a literal: only the path to it is rebuilt.
	out := Rewrite(conj, func(e Expr) Expr {
		if r, ok := e.(*ColumnRef); ok && r.ID == 1 {
			return lit(7)
		}
		return e
	})
	if got := out.String(); got != "(((7 > 2) AND (y < 5)) AND (z IS NULL))" {
		t.Errorf("Rewrite = %q", got)
	}
	if got := conj.String(); got != "(((x > 2) AND (y < 5)) AND (z IS NULL))" {
		t.Errorf("Rewrite changed its input: %q", got)
	}
}
