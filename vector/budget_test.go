package vector

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// run drains op with ctx and closes it, returning the rows it gave and
// the first error.
func runWith(ctx context.Context, op Operator) (int, error) {
	if err := op.Open(ctx); err != nil {
		op.Close()
		return 0, err
	}
	n := 0
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			op.Close()
			return n, err
		}
		if rec == nil {
			return n, op.Close()
		}
		n += int(rec.NumRows())
		rec.Release()
	}
}

// A GROUP BY (serial and gone parallel) and a sort charge what they hold
// to the budget in their context, fail past its limit with a
// MemoryLimitError, and give everything back when they close.
func TestMemoryBudget(t *testing.T) {
	const n, groups = 300000, 200000
	rows := keyedRows(n, groups)
	ts := []types.Type{tInt, tInt}
	// Partial states of the rows in two halves, for a final aggregation
	// that goes parallel past 131072 groups.
	partialSchema := aggSchema(t, []types.Type{tInt}, manySpecs, AggPartial)
	var states []arrow.Record
	for _, part := range [][][]any{rows[:n/2], rows[n/2:]} {
		h, err := NewHashAggregate(rowsSource(t, ts, part, 8192), AggPartial, []int{0}, manySpecs, [][]int{nil, {1}}, partialSchema)
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
	cases := []struct {
		name string
		op   func() Operator
	}{
		{"group by", func() Operator {
			h, err := NewHashAggregate(rowsSource(t, ts, rows, 8192), AggComplete, []int{0}, []AggSpec{spec(AggSum, tInt)}, [][]int{{1}},
				aggSchema(t, []types.Type{tInt}, []AggSpec{spec(AggSum, tInt)}, AggComplete))
			if err != nil {
				t.Fatal(err)
			}
			return h
		}},
		{"parallel final group by", func() Operator {
			for _, r := range states {
				r.Retain()
			}
			h, err := NewHashAggregate(newSource(t, partialSchema, states...), AggFinal, []int{0}, manySpecs,
				stateArgs(t, 1, manySpecs), aggSchema(t, []types.Type{tInt}, manySpecs, AggFinal))
			if err != nil {
				t.Fatal(err)
			}
			return h.WithWorkers(2).WithExpectedGroups(groups)
		}},
		{"sort", func() Operator { return NewSort(rowsSource(t, ts, rows, 8192), []SortKey{{Col: 1, Desc: true}}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			big := NewMemoryBudget(1 << 40)
			got, err := runWith(WithMemoryBudget(context.Background(), big), c.op())
			if err != nil || got == 0 {
				t.Fatalf("under a large budget: %d rows, %v", got, err)
			}
			if big.Used() != 0 {
				t.Errorf("%d bytes still charged after Close", big.Used())
			}
			small := NewMemoryBudget(1 << 20)
			_, err = runWith(WithMemoryBudget(context.Background(), small), c.op())
			var me *MemoryLimitError
			if !errors.As(err, &me) || !errors.Is(err, ErrMemoryLimit) || me.Limit != 1<<20 {
				t.Fatalf("past the limit: %v, want a MemoryLimitError", err)
			}
			if small.Used() != 0 {
				t.Errorf("%d bytes still charged after a failed run's Close", small.Used())
			}
		})
	}
}
