package vector

import (
	"errors"
	"math/rand"
	"sort"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestSortSingleKeys(t *testing.T) {
	cases := []struct {
		name string
		typ  types.Type
		in   []any
		asc  []any // NULLs last
	}{
		{"bigint", tInt, []any{3, nil, -1, maxI, 0, minI, nil, 2}, []any{minI, -1, 0, 2, 3, maxI, nil, nil}},
		// NaN sorts above every number (PostgreSQL), below NULL.
		{"double", tDbl, []any{1.5, nan, nil, -2.0, 1e308, -1e308}, []any{-1e308, -2.0, 1.5, 1e308, nan, nil}},
		// Bytewise: "" first, upper case before lower case, é after z.
		{"varchar", tStr, []any{"b", "", nil, "a", "B", "é", "ab", "z"}, []any{"", "B", "a", "ab", "b", "z", "é", nil}},
		{"boolean", tBool, []any{true, nil, false, true}, []any{false, true, true, nil}},
		{"date", tDate, []any{"2000-01-01", "1969-12-31", nil, "1600-02-29", "1970-01-01"}, []any{"1600-02-29", "1969-12-31", "1970-01-01", "2000-01-01", nil}},
		{"decimal", types.DecimalType(38, 2), []any{"1.50", nil, "-1.50", "0.01", "-99999999999999999999999.99", "99999999999999999999999.99", "-0.01"},
			[]any{decVal("-99999999999999999999999.99"), decVal("-1.50"), decVal("-0.01"), decVal("0.01"), decVal("1.50"), decVal("99999999999999999999999.99"), nil}},
		{"timestamp", tTS, []any{"1970-01-01 00:00:00", "1969-12-31 23:59:59.999999", nil, "1970-01-01 00:00:00.000001"}, []any{"1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", "1970-01-01 00:00:00.000001", nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rows [][]any
			for _, v := range c.in {
				rows = append(rows, []any{v})
			}
			got := drain(t, NewSort(rowsSource(t, []types.Type{c.typ}, rows, 3), []SortKey{{Col: 0}}))
			var gotVals []any
			for _, r := range got {
				gotVals = append(gotVals, r[0])
			}
			wantVals(t, "ASC", gotVals, c.asc...)

			// DESC is the exact reverse here (no ties but NULLs, which
			// come first).
			got = drain(t, NewSort(rowsSource(t, []types.Type{c.typ}, rows, 3), []SortKey{{Col: 0, Desc: true}}))
			gotVals = gotVals[:0]
			for _, r := range got {
				gotVals = append(gotVals, r[0])
			}
			desc := make([]any, len(c.asc))
			for i, v := range c.asc {
				desc[len(desc)-1-i] = v
			}
			wantVals(t, "DESC", gotVals, desc...)
		})
	}
}

func TestSortMultiKeyStable(t *testing.T) {
	setBatchSize(t, 3)
	ts := []types.Type{tStr, tInt, tInt}
	// c2 is the input position, to check stability.
	rows := [][]any{
		{"b", 2, 0}, {"a", 1, 1}, {"b", 1, 2}, {nil, 1, 3}, {"a", 1, 4},
		{"b", nil, 5}, {"a", 2, 6}, {nil, nil, 7}, {"b", 2, 8}, {"a", nil, 9},
	}
	got := drain(t, NewSort(rowsSource(t, ts, rows, 4), []SortKey{{Col: 0}, {Col: 1, Desc: true}}))
	wantRows(t, "ORDER BY c0, c1 DESC", got, [][]any{
		{"a", nil, 9}, {"a", 2, 6}, {"a", 1, 1}, {"a", 1, 4},
		{"b", nil, 5}, {"b", 2, 0}, {"b", 2, 8}, {"b", 1, 2},
		{nil, nil, 7}, {nil, 1, 3},
	})
	// No keys: input order.
	got = drain(t, NewSort(rowsSource(t, ts, rows, 4), nil))
	wantRows(t, "no keys", got, rows)
}

func TestSortNegativeZeroTiesAreStable(t *testing.T) {
	ts := []types.Type{tDbl, tInt}
	rows := [][]any{{0.0, 0}, {negZero, 1}, {0.0, 2}, {-1.0, 3}, {negZero, 4}}
	got := drain(t, NewSort(rowsSource(t, ts, rows, 2), []SortKey{{Col: 0}}))
	var order []any
	for _, r := range got {
		order = append(order, r[1])
	}
	wantVals(t, "-0 and 0 tie, in input order", order, 3, 0, 1, 2, 4)
}

func TestSortOutputBatches(t *testing.T) {
	setBatchSize(t, 4)
	r := rand.New(rand.NewSource(1))
	var rows [][]any
	var keys []int
	for i := 0; i < 103; i++ {
		k := r.Intn(50)
		keys = append(keys, k)
		rows = append(rows, []any{k, i})
	}
	batches, err := drainBatches(t, NewSort(rowsSource(t, []types.Type{tInt, tInt}, rows, 7), []SortKey{{Col: 0}}))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, b := range batches {
		if len(b) == 0 || len(b) > 4 {
			t.Errorf("batch %d has %d rows, want 1..4", i, len(b))
		}
		n += len(b)
	}
	if n != 103 {
		t.Fatalf("%d rows, want 103", n)
	}
	// Expected: a stable sort of the input by key.
	want := make([][]any, len(rows))
	copy(want, rows)
	sort.SliceStable(want, func(i, j int) bool { return want[i][0].(int) < want[j][0].(int) })
	var got [][]any
	for _, b := range batches {
		got = append(got, b...)
	}
	wantRows(t, "sorted", got, want)
}

func TestSortEmptyInputAndErrors(t *testing.T) {
	got := drain(t, NewSort(rowsSource(t, []types.Type{tInt, tStr}, nil, 3), []SortKey{{Col: 1}}))
	wantRows(t, "empty input", got, nil)

	src := rowsSource(t, []types.Type{tInt}, [][]any{{2}, {1}, {3}}, 1)
	src.failAt = 2
	src.failErr = errors.New("disk on fire")
	s := NewSort(src, []SortKey{{Col: 0}})
	got, err := drainErr(t, s)
	wantErr(t, "input error", err, "disk on fire")
	if len(got) != 0 {
		t.Errorf("rows before the error: %v; a sort returns nothing before its whole input", got)
	}
	if !s.Schema().Equal(src.Schema()) {
		t.Errorf("Schema = %s", s.Schema())
	}
}

func TestSortNullTypedKey(t *testing.T) {
	ts := []types.Type{tNull, tInt}
	rows := [][]any{{nil, 2}, {nil, 1}, {nil, 3}}
	got := drain(t, NewSort(rowsSource(t, ts, rows, 2), []SortKey{{Col: 0}, {Col: 1}}))
	wantRows(t, "NULL-typed first key", got, [][]any{{nil, 1}, {nil, 2}, {nil, 3}})
}

func TestCmpFloat(t *testing.T) {
	cases := []struct {
		a, b float64
		want int
	}{
		{1, 2, -1}, {2, 1, 1}, {1, 1, 0}, {negZero, 0, 0},
		{nan, nan, 0}, {nan, 1e308, 1}, {1e308, nan, -1}, {nan, -1, 1},
	}
	for _, c := range cases {
		if got := cmpFloat(c.a, c.b); got != c.want {
			t.Errorf("cmpFloat(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
