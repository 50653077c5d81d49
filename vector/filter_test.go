package vector

import (
	"errors"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestFilterKeepsOnlyTrueRows(t *testing.T) {
	ts := []types.Type{tInt, tStr}
	rows := [][]any{{1, "a"}, {2, nil}, {nil, "c"}, {4, "d"}, {5, ""}, {6, "f"}, {7, "g"}}
	src := rowsSource(t, ts, rows, 3)
	// c0 > 2: NULL (row 3) is not TRUE, so it is dropped too.
	f := NewFilter(src, cmpE(CmpGt, ref(0, tInt), lit(t, tInt, 2)))
	if !f.Schema().Equal(src.Schema()) {
		t.Errorf("Schema = %s", f.Schema())
	}
	got := drain(t, f)
	wantRows(t, "c0 > 2", got, [][]any{{4, "d"}, {5, ""}, {6, "f"}, {7, "g"}})
	if src.opens != 1 || src.closes != 1 {
		t.Errorf("input opened %d, closed %d times; want 1, 1", src.opens, src.closes)
	}
}

func TestFilterSkipsEmptyBatches(t *testing.T) {
	ts := []types.Type{tInt}
	var rows [][]any
	for i := 0; i < 12; i++ {
		rows = append(rows, []any{i})
	}
	src := rowsSource(t, ts, rows, 3) // batches 0-2, 3-5, 6-8, 9-11
	// Only the last batch has rows that pass: Filter must not return the
	// empty batches in between.
	f := NewFilter(src, cmpE(CmpGe, ref(0, tInt), lit(t, tInt, 10)))
	batches, err := drainBatches(t, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(batches) != 1 {
		t.Fatalf("%d batches, want 1 (no empty batch): %v", len(batches), batches)
	}
	wantRows(t, "c0 >= 10", batches[0], [][]any{{10}, {11}})
}

func TestFilterAllOrNothing(t *testing.T) {
	ts := []types.Type{tInt}
	rows := [][]any{{1}, {2}, {3}, {4}}
	all := drain(t, NewFilter(rowsSource(t, ts, rows, 2), lit(t, tBool, true)))
	wantRows(t, "WHERE TRUE", all, rows)
	none := drain(t, NewFilter(rowsSource(t, ts, rows, 2), lit(t, tBool, false)))
	wantRows(t, "WHERE FALSE", none, nil)
	nullTyped := drain(t, NewFilter(rowsSource(t, ts, rows, 2), &Const{T: tNull}))
	wantRows(t, "WHERE NULL (untyped)", nullTyped, nil)
	nullBool := drain(t, NewFilter(rowsSource(t, ts, rows, 2), &Const{T: tBool}))
	wantRows(t, "WHERE NULL::BOOLEAN", nullBool, nil)
	empty := drain(t, NewFilter(rowsSource(t, ts, nil, 2), lit(t, tBool, true)))
	wantRows(t, "empty input", empty, nil)
}

func TestFilterErrors(t *testing.T) {
	ts := []types.Type{tInt}
	rows := [][]any{{1}, {0}}
	_, err := drainErr(t, NewFilter(rowsSource(t, ts, rows, 5), ref(0, tInt)))
	wantErr(t, "non-boolean predicate", err, "filter c0 is not BOOLEAN")

	_, err = drainErr(t, NewFilter(rowsSource(t, ts, rows, 5), cmpE(CmpEq, divE(lit(t, tInt, 1), ref(0, tInt)), lit(t, tInt, 1))))
	wantErr(t, "predicate error", err, "division by zero")

	src := rowsSource(t, ts, rows, 1)
	boom := errors.New("input broke")
	src.failAt = 1
	src.failErr = boom
	got, err := drainErr(t, NewFilter(src, lit(t, tBool, true)))
	if !errors.Is(err, boom) {
		t.Errorf("input error: got %v, want %v", err, boom)
	}
	wantRows(t, "rows before the input error", got, [][]any{{1}})

	src2 := rowsSource(t, ts, rows, 1)
	src2.openErr = errors.New("cannot open")
	_, err = drainErr(t, NewFilter(src2, lit(t, tBool, true)))
	wantErr(t, "open error", err, "cannot open")
}

func TestFilterManyBatches(t *testing.T) {
	setBatchSize(t, 3)
	ts := []types.Type{tInt, tStr}
	var rows, want [][]any
	for i := 0; i < 40; i++ {
		r := []any{i, string(rune('a' + i%26))}
		if i%7 == 3 {
			r[0] = nil
		}
		rows = append(rows, r)
		if r[0] != nil && i%2 == 0 {
			want = append(want, r)
		}
	}
	pred := cmpE(CmpEq, &Arith{Op: OpMod, L: ref(0, tInt), R: lit(t, tInt, 2)}, lit(t, tInt, 0))
	got := drain(t, NewFilter(rowsSource(t, ts, rows, 3), pred))
	wantRows(t, "even c0", got, want)
}
