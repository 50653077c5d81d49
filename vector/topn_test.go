package vector

import (
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestTopNMatchesStableSortPrefix(t *testing.T) {
	setBatchSize(t, 3) // compactions happen every few batches
	r := rand.New(rand.NewSource(7))
	var rows [][]any
	for i := 0; i < 200; i++ {
		var k any = r.Intn(20) // many ties
		if r.Intn(10) == 0 {
			k = nil
		}
		rows = append(rows, []any{k, i})
	}
	less := func(desc bool) func(a, b []any) bool {
		// NULL is larger than every value.
		return func(a, b []any) bool {
			x, y := a[0], b[0]
			switch {
			case x == nil && y == nil:
				return false
			case x == nil:
				return desc
			case y == nil:
				return !desc
			}
			if desc {
				return x.(int) > y.(int)
			}
			return x.(int) < y.(int)
		}
	}
	for _, desc := range []bool{false, true} {
		for _, n := range []int64{0, 1, 2, 5, 17, 199, 200, 500} {
			t.Run(fmt.Sprintf("desc=%v_n=%d", desc, n), func(t *testing.T) {
				want := make([][]any, len(rows))
				copy(want, rows)
				lf := less(desc)
				sort.SliceStable(want, func(i, j int) bool { return lf(want[i], want[j]) })
				want = want[:min(int(n), len(want))]
				batches, err := drainBatches(t, NewTopN(rowsSource(t, []types.Type{tInt, tInt}, rows, 3), []SortKey{{Col: 0, Desc: desc}}, n))
				if err != nil {
					t.Fatal(err)
				}
				var got [][]any
				for i, b := range batches {
					if len(b) == 0 || len(b) > 3 {
						t.Errorf("batch %d has %d rows, want 1..3", i, len(b))
					}
					got = append(got, b...)
				}
				wantRows(t, "top rows", got, want)
			})
		}
	}
}

func TestTopNTwoKeysAndTypes(t *testing.T) {
	ts := []types.Type{tStr, tDbl, tInt}
	rows := [][]any{
		{"b", 1.5, 0}, {"a", nan, 1}, {"a", 2.0, 2}, {nil, 0.0, 3},
		{"a", nil, 4}, {"a", -1.0, 5}, {"", 9.0, 6}, {"b", 1.5, 7},
	}
	got := drain(t, NewTopN(rowsSource(t, ts, rows, 3), []SortKey{{Col: 0}, {Col: 1, Desc: true}}, 5))
	// "" first; then a: NULL first in DESC, then NaN (above numbers), 2, -1.
	wantRows(t, "ORDER BY c0, c1 DESC LIMIT 5", got, [][]any{
		{"", 9.0, 6}, {"a", nil, 4}, {"a", nan, 1}, {"a", 2.0, 2}, {"a", -1.0, 5},
	})
}

func TestTopNErrorsAndEmpty(t *testing.T) {
	got := drain(t, NewTopN(rowsSource(t, []types.Type{tInt}, nil, 3), []SortKey{{Col: 0}}, 3))
	wantRows(t, "empty input", got, nil)

	setBatchSize(t, 1)
	src := rowsSource(t, []types.Type{tInt}, [][]any{{3}, {1}, {2}, {5}, {4}}, 1)
	src.failAt = 4
	src.failErr = errors.New("late failure")
	top := NewTopN(src, []SortKey{{Col: 0}}, 1)
	_, err := drainErr(t, top)
	wantErr(t, "input error after compactions", err, "late failure")
	if !top.Schema().Equal(src.Schema()) {
		t.Errorf("Schema = %s", top.Schema())
	}
}
