package vector

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// keyedRows makes n rows (k BIGINT, x BIGINT) with k = i % groups, x = i.
func keyedRows(n, groups int) [][]any {
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{i % groups, i}
	}
	return rows
}

var manySpecs = []AggSpec{spec(AggCountStar, tNull), spec(AggSum, tInt)}

// A partial aggregation whose first 65536 rows are (nine in ten) groups
// of their own stops grouping: it passes the table's groups, then every
// further row as a state of its own.
func TestHashAggregatePartialPassesThrough(t *testing.T) {
	ts := []types.Type{tInt, tInt}
	got, err := runAgg(t, AggPartial, ts, keyedRows(150000, 100000), 8192, []int{0}, manySpecs, [][]int{nil, {1}})
	if err != nil {
		t.Fatal(err)
	}
	// Grouping would give 100000 rows; passing through gives the 73728
	// groups of the first nine batches, then the other 76272 rows.
	if len(got) != 150000 {
		t.Fatalf("%d partial rows, want 150000", len(got))
	}
	// A row passed on is its own state: count 1, sum x, count of x 1.
	last := got[len(got)-1]
	if fmt.Sprint(last) != fmt.Sprint([]any{int64(49999), int64(1), int64(149999), int64(1), int64(0)}) {
		t.Errorf("last state %v", last)
	}
	// Fewer groups: no pass-through. (40000 groups are four in five of
	// the first 49152 rows, a third of the first 122880.)
	for _, groups := range []int{10, 40000} {
		got, err = runAgg(t, AggPartial, ts, keyedRows(150000, groups), 8192, []int{0}, manySpecs, [][]int{nil, {1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != groups {
			t.Fatalf("%d partial rows, want %d", len(got), groups)
		}
	}
}

// A final aggregation of many groups goes parallel: the same groups and
// values as the oracle, in the same order for any number of workers;
// with one BIGINT key (a fixed-key table, whose rows are taken whole) and
// with a BIGINT and a VARCHAR key (encoded and hashed once, the
// sub-aggregations taking only the state columns).
func TestHashAggregateParallelFinal(t *testing.T) {
	const n, groups = 400000, 200000
	// The key is a BIGINT (a fixed-key table), a BIGINT and a VARCHAR
	// (encoded keys), or a VARCHAR of short and long strings (the
	// short-string table).
	for _, mode := range []string{"bigint", "twoKeys", "varchar"} {
		t.Run(mode, func(t *testing.T) {
			twoKeys := mode == "twoKeys"
			ts := []types.Type{tInt, tInt}
			keyTypes := []types.Type{tInt}
			keys := []int{0}
			rows := keyedRows(n, groups)
			// strKey is the VARCHAR key of group k.
			strKey := func(k int) string {
				if k%5 == 0 {
					return fmt.Sprintf("a key longer than fifteen bytes %d", k)
				}
				return fmt.Sprintf("k%d", k)
			}
			if mode == "varchar" {
				ts = []types.Type{tStr, tInt}
				keyTypes = []types.Type{tStr}
				for i, r := range rows {
					rows[i] = []any{strKey(r[0].(int)), r[1]}
				}
			}
			if twoKeys {
				ts = []types.Type{tInt, tStr, tInt}
				keyTypes = []types.Type{tInt, tStr}
				keys = []int{0, 1}
				for i, r := range rows {
					var s any = fmt.Sprintf("s%d", r[0].(int)%7)
					if r[0].(int)%11 == 0 {
						s = nil
					}
					rows[i] = []any{r[0], s, r[1]}
				}
			}
			argCol := len(ts) - 1
			parts := [][][]any{rows[:n/2], rows[n/2:]}
			partialSchema := aggSchema(t, keyTypes, manySpecs, AggPartial)
			var states []arrow.Record
			for _, rows := range parts {
				h, err := NewHashAggregate(rowsSource(t, ts, rows, 8192), AggPartial, keys, manySpecs, [][]int{nil, {argCol}}, partialSchema)
				if err != nil {
					t.Fatal(err)
				}
				recs, err := collect(t, h)
				if err != nil {
					t.Fatal(err)
				}
				states = append(states, recs...)
			}
			defer releaseRecords(states)
			final := func(workers int) *HashAggregate {
				for _, r := range states {
					r.Retain()
				}
				h, err := NewHashAggregate(newSource(t, partialSchema, states...), AggFinal, keys, manySpecs,
					stateArgs(t, len(keys), manySpecs), aggSchema(t, keyTypes, manySpecs, AggFinal))
				if err != nil {
					t.Fatal(err)
				}
				return h.WithWorkers(workers).WithExpectedGroups(groups)
			}
			run := func(workers int) [][]any {
				h := final(workers)
				out, err := drainErr(t, h)
				if err != nil {
					t.Fatal(err)
				}
				if h.par == nil {
					t.Fatalf("workers=%d: the aggregation did not go parallel", workers)
				}
				return out
			}
			one, four := run(1), run(4)
			if len(one) != groups {
				t.Fatalf("%d groups, want %d", len(one), groups)
			}
			for i := range one {
				if fmt.Sprint(one[i]) != fmt.Sprint(four[i]) {
					t.Fatalf("row %d: %v with one worker, %v with four", i, one[i], four[i])
				}
				// Key k holds rows k and k + 200000: count 2, sum 2k + 200000.
				c := len(keys)
				if mode == "varchar" {
					sum := one[i][c+1].(int64)
					k := int((sum - groups) / 2)
					if one[i][c].(int64) != 2 || sum != 2*int64(k)+groups || one[i][0] != strKey(k) {
						t.Fatalf("group %d: %v", k, one[i])
					}
					continue
				}
				k := one[i][0].(int64)
				if one[i][c].(int64) != 2 || one[i][c+1].(int64) != 2*k+groups {
					t.Fatalf("group %d: %v", k, one[i])
				}
				if twoKeys {
					want := fmt.Sprintf("s%d", k%7)
					if k%11 == 0 {
						if one[i][1] != nil {
							t.Fatalf("group %d: key %v, want NULL", k, one[i][1])
						}
					} else if one[i][1] != want {
						t.Fatalf("group %d: key %v, want %s", k, one[i][1], want)
					}
				}
			}
			if twoKeys {
				// The VARCHAR key left out: the same rows without it. The
				// output schema then has no column for it.
				for _, r := range states {
					r.Retain()
				}
				h, err := NewHashAggregate(newSource(t, partialSchema, states...), AggFinal, keys, manySpecs,
					stateArgs(t, len(keys), manySpecs), aggSchema(t, keyTypes[:1], manySpecs, AggFinal))
				if err != nil {
					t.Fatal(err)
				}
				out, err := drainErr(t, h.WithWorkers(2).WithExpectedGroups(groups).WithUnusedKeys([]bool{false, true}))
				if err != nil {
					t.Fatal(err)
				}
				if h.par == nil {
					t.Fatal("the aggregation did not go parallel")
				}
				if len(out) != len(one) {
					t.Fatalf("%d rows without the key, %d with", len(out), len(one))
				}
				for i := range out {
					if want := fmt.Sprint([]any{one[i][0], one[i][2], one[i][3]}); fmt.Sprint(out[i]) != want {
						t.Fatalf("row %d without the key: %v, want %v", i, out[i], want)
					}
				}
			}
			// Closed after one batch: the partitions computed ahead are
			// released and no goroutine is left (TestMain checks).
			h := final(2)
			if err := h.Open(context.Background()); err != nil {
				t.Fatal(err)
			}
			rec, err := h.Next(context.Background())
			if err != nil || rec == nil {
				t.Fatalf("first batch: %v, %v", rec, err)
			}
			rec.Release()
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
