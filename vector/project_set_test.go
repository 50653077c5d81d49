package vector

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func seriesFunc(args ...Expr) SetFunc {
	open, _ := SetFuncOpen("generate_series")
	return SetFunc{Name: "generate_series", Args: args, T: tInt, Open: open}
}

// Each row repeats as often as its longest call yields; a shorter call's
// column is NULL once it has run out, a row whose calls yield nothing (or
// NULL arguments) disappears.
func TestProjectSet(t *testing.T) {
	ts := []types.Type{tStr, tInt, tInt}
	rows := [][]any{{"a", 1, 3}, {"b", 2, 1}, {"c", nil, 5}, {"d", 5, 6}}
	src := rowsSource(t, ts, rows, 3)
	schema := SchemaOf([]types.Column{{Name: "s", Type: tStr}, {Name: "lo", Type: tInt}, {Name: "hi", Type: tInt},
		{Name: "g", Type: tInt}, {Name: "h", Type: tInt}})
	p := NewProjectSet(src, []SetFunc{
		seriesFunc(ref(1, tInt), ref(2, tInt)),
		seriesFunc(lit(t, tInt, 10), &Arith{Op: OpAdd, L: lit(t, tInt, 9), R: ref(1, tInt)}),
	}, schema)
	got := drain(t, p)
	wantRows(t, "project set", got, [][]any{
		{"a", 1, 3, 1, 10},
		{"a", 1, 3, 2, nil},
		{"a", 1, 3, 3, nil},
		{"b", 2, 1, nil, 10},
		{"b", 2, 1, nil, 11},
		{"d", 5, 6, 5, 10},
		{"d", 5, 6, 6, 11},
		{"d", 5, 6, nil, 12},
		{"d", 5, 6, nil, 13},
		{"d", 5, 6, nil, 14},
	})
	if src.opens != 1 || src.closes != 1 {
		t.Errorf("input opened %d, closed %d times", src.opens, src.closes)
	}
}

// A call yielding more rows than a batch holds streams over several
// batches of at most BatchSize rows.
func TestProjectSetStreamsLongSeries(t *testing.T) {
	setBatchSize(t, 4)
	src := rowsSource(t, []types.Type{tInt}, [][]any{{10}, {0}, {3}}, 2)
	schema := SchemaOf([]types.Column{{Name: "n", Type: tInt}, {Name: "g", Type: tInt}})
	p := NewProjectSet(src, []SetFunc{seriesFunc(lit(t, tInt, 1), ref(0, tInt))}, schema)
	batches, err := drainBatches(t, p)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var got [][]any
	for _, b := range batches {
		sizes = append(sizes, len(b))
		got = append(got, b...)
	}
	if len(sizes) != 4 || sizes[0] != 4 || sizes[1] != 4 || sizes[2] != 2 || sizes[3] != 3 {
		t.Errorf("batch sizes %v, want [4 4 2 3]", sizes)
	}
	var want [][]any
	for i := 1; i <= 10; i++ {
		want = append(want, []any{10, i})
	}
	for i := 1; i <= 3; i++ {
		want = append(want, []any{3, i})
	}
	wantRows(t, "long series", got, want)
}

// Steps count down and stop before overflowing; a zero step is an error
// naming the function.
func TestGenerateSeriesSteps(t *testing.T) {
	collect := func(args ...any) ([]any, error) {
		open, _ := SetFuncOpen("generate_series")
		it, err := open(context.Background(), args)
		if err != nil {
			return nil, err
		}
		var out []any
		for {
			v, ok, err := it.Next()
			if err != nil || !ok {
				return out, err
			}
			out = append(out, v)
		}
	}
	cases := []struct {
		args []any
		want []any
	}{
		{[]any{int64(5), int64(1), int64(-2)}, []any{int64(5), int64(3), int64(1)}},
		{[]any{int64(1), int64(10), int64(4)}, []any{int64(1), int64(5), int64(9)}},
		{[]any{int64(3), int64(1)}, nil},
		{[]any{int64(9223372036854775806), int64(9223372036854775807)}, []any{int64(9223372036854775806), int64(9223372036854775807)}},
		{[]any{int64(1), nil}, nil},
	}
	for _, c := range cases {
		got, err := collect(c.args...)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		wantVals(t, "generate_series", got, c.want...)
	}
	if _, err := collect(int64(1), int64(2), int64(0)); err == nil || err.Error() != "step size cannot equal zero" {
		t.Errorf("zero step: %v", err)
	}
}

// An error or a panic of a call fails the query with the function's name;
// a cancelled context stops it.
func TestProjectSetErrors(t *testing.T) {
	boom := SetFunc{Name: "boom", Args: []Expr{ref(0, tInt)}, T: tInt, Open: func(_ context.Context, args []any) (SetIter, error) {
		if args[0] == int64(2) {
			return nil, errors.New("no twos")
		}
		return SetIterFunc(func() (any, bool, error) { panic("broken") }), nil
	}}
	schema := SchemaOf([]types.Column{{Name: "n", Type: tInt}, {Name: "b", Type: tInt}})
	_, err := drainErr(t, NewProjectSet(rowsSource(t, []types.Type{tInt}, [][]any{{2}}, 1), []SetFunc{boom}, schema))
	wantErr(t, "open error", err, "BOOM: no twos")
	_, err = drainErr(t, NewProjectSet(rowsSource(t, []types.Type{tInt}, [][]any{{1}}, 1), []SetFunc{boom}, schema))
	wantErr(t, "panic", err, "BOOM: panic: broken")

	ctx, cancel := context.WithCancel(context.Background())
	p := NewProjectSet(rowsSource(t, []types.Type{tInt}, [][]any{{1 << 40}}, 1), []SetFunc{seriesFunc(lit(t, tInt, 1), ref(0, tInt))}, schema)
	if err := p.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := p.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("first batch: %v", err)
	}
	rec.Release()
	cancel()
	if _, err := p.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}
