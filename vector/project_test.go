package vector

import (
	"errors"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestProject(t *testing.T) {
	ts := []types.Type{tInt, tStr}
	rows := [][]any{{1, "a"}, {nil, "b"}, {3, nil}, {4, "dd"}, {5, ""}}
	src := rowsSource(t, ts, rows, 2)
	schema := SchemaOf([]types.Column{{Name: "s", Type: tStr}, {Name: "twice", Type: tInt}, {Name: "len", Type: tInt}, {Name: "k", Type: tDate}})
	p := NewProject(src, []Expr{
		ref(1, tStr),
		&Arith{Op: OpMul, L: ref(0, tInt), R: lit(t, tInt, 2)},
		fn(t, "char_length", tInt, ref(1, tStr)),
		lit(t, tDate, "1969-12-31"),
	}, schema)
	if p.Schema() != schema {
		t.Errorf("Schema is not the given schema")
	}
	batches, err := drainBatches(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(batches) != 3 {
		t.Errorf("%d batches, want 3 (one per input batch)", len(batches))
	}
	var got [][]any
	for _, b := range batches {
		got = append(got, b...)
	}
	wantRows(t, "projection", got, [][]any{
		{"a", 2, 1, "1969-12-31"},
		{"b", nil, 1, "1969-12-31"},
		{nil, 6, nil, "1969-12-31"},
		{"dd", 8, 2, "1969-12-31"},
		{"", 10, 0, "1969-12-31"},
	})
	if src.opens != 1 || src.closes != 1 {
		t.Errorf("input opened %d, closed %d times", src.opens, src.closes)
	}
}

func TestProjectNoColumnsKeepsRowCount(t *testing.T) {
	src := rowsSource(t, []types.Type{tInt}, [][]any{{1}, {2}, {3}}, 2)
	p := NewProject(src, nil, mkSchema())
	batches, err := drainBatches(t, p)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range batches {
		n += len(b)
	}
	if n != 3 {
		t.Errorf("%d rows without columns, want 3", n)
	}
}

func TestProjectErrors(t *testing.T) {
	ts := []types.Type{tInt}
	rows := [][]any{{2}, {0}}
	// The first expression succeeds and the second fails: the first's
	// column must be released (the tracker of the source checks inputs).
	p := NewProject(rowsSource(t, ts, rows, 1), []Expr{ref(0, tInt), divE(lit(t, tInt, 10), ref(0, tInt))}, mkSchema(tInt, tInt))
	got, err := drainErr(t, p)
	wantErr(t, "division in a projection", err, "division by zero")
	wantRows(t, "rows before the error", got, [][]any{{2, 5}})

	src := rowsSource(t, ts, rows, 1)
	src.failAt = 0
	src.failErr = errors.New("no input")
	_, err = drainErr(t, NewProject(src, []Expr{ref(0, tInt)}, mkSchema(tInt)))
	wantErr(t, "input error", err, "no input")
}

func TestProjectRecord(t *testing.T) {
	rec := mkRec(t, col("a", tInt, 1, 2))
	defer rec.Release()
	out, err := ProjectRecord(rec, []Expr{&Negate{X: ref(0, tInt)}, ref(0, tInt)}, mkSchema(tInt, tInt))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	wantRows(t, "ProjectRecord", recRows(t, out), [][]any{{-1, 1}, {-2, 2}})
}
