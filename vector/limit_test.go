package vector

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// tenBatches is a source of 30 rows 0..29 in 10 batches of 3.
func tenBatches(t *testing.T) *fakeSource {
	var rows [][]any
	for i := 0; i < 30; i++ {
		rows = append(rows, []any{i})
	}
	return rowsSource(t, []types.Type{tInt}, rows, 3)
}

func intRows(from, to int) [][]any {
	var rows [][]any
	for i := from; i < to; i++ {
		rows = append(rows, []any{i})
	}
	return rows
}

func TestLimitStopsPullingInput(t *testing.T) {
	cases := []struct {
		offset, count int64
		want          [][]any
		nexts         int // input Next calls
	}{
		{0, 4, intRows(0, 4), 2},
		{0, 3, intRows(0, 3), 1},     // exactly one batch: no second pull
		{0, 1, intRows(0, 1), 1},     // inside the first batch
		{0, 0, nil, 0},               // LIMIT 0 never pulls
		{5, 2, intRows(5, 7), 3},     // batch 0-2 skipped, 3-5 gives 5, 6-8 gives 6
		{3, 3, intRows(3, 6), 2},     // offset ends on a boundary
		{28, 5, intRows(28, 30), 11}, // runs out: reads to the end
		{30, 1, nil, 11},
		{100, 1, nil, 11},
		{0, -1, intRows(0, 30), 11}, // no limit
		{7, -1, intRows(7, 30), 11},
		{0, 30, intRows(0, 30), 10}, // satisfied by the last row: no extra pull
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("offset%d_count%d", c.offset, c.count), func(t *testing.T) {
			src := tenBatches(t)
			l := NewLimit(src, c.offset, c.count)
			got := drain(t, l)
			wantRows(t, "rows", got, c.want)
			if src.nexts != c.nexts {
				t.Errorf("input Next called %d times, want %d", src.nexts, c.nexts)
			}
			if src.closes != 1 {
				t.Errorf("input closed %d times", src.closes)
			}
		})
	}
}

func TestLimitAfterEndKeepsReturningNil(t *testing.T) {
	src := tenBatches(t)
	l := NewLimit(src, 0, 2)
	ctx := t.Context()
	if err := l.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := l.Next(ctx)
	if err != nil || rec == nil || rec.NumRows() != 2 {
		t.Fatalf("first Next = %v, %v", rec, err)
	}
	rec.Release()
	for i := 0; i < 3; i++ {
		rec, err := l.Next(ctx)
		if rec != nil || err != nil {
			t.Fatalf("Next after the limit = %v, %v; want nil, nil", rec, err)
		}
	}
	if src.nexts != 1 {
		t.Errorf("input Next called %d times, want 1", src.nexts)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLimitSchemaAndErrors(t *testing.T) {
	src := tenBatches(t)
	l := NewLimit(src, 0, 5)
	if !l.Schema().Equal(src.Schema()) {
		t.Errorf("Schema = %s", l.Schema())
	}
	src.failAt = 1
	src.failErr = errors.New("read failed")
	got, err := drainErr(t, l)
	wantErr(t, "input error", err, "read failed")
	wantRows(t, "rows before the error", got, intRows(0, 3))
}

func TestLimitMultiColumnSlices(t *testing.T) {
	ts := []types.Type{tStr, tBool}
	rows := [][]any{{"a", true}, {nil, false}, {"c", nil}, {"", true}, {"e", false}}
	got := drain(t, NewLimit(rowsSource(t, ts, rows, 5), 1, 3))
	wantRows(t, "OFFSET 1 LIMIT 3 inside one batch", got, rows[1:4])
}
