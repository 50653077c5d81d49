package vector

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// OuterTail completes an outer join that was built on the side whose rows
// it keeps (a LEFT JOIN whose left input is the smaller): it passes on the
// matching pairs that the hash joins below it produce (probe columns, then
// build columns; the probes run with HashJoinSpec.MarkBuild), and once
// they are all done adds each build row that no probe matched, with NULLs
// for the probe columns. It sits above the Gather of the probes, since
// those rows are known only when every partition has been probed.
type OuterTail struct {
	input      Operator
	table      *SharedJoinTable
	probeTypes []types.Type
	schema     *arrow.Schema

	rest []int32 // unmatched build rows still to emit, once known
	tail bool
	t    *JoinTable
}

// NewOuterTail returns the completion of the join whose pairs input
// produces and whose build side is table; probeTypes are the types of the
// probe columns that come first in schema.
func NewOuterTail(input Operator, table *SharedJoinTable, probeTypes []types.Type, schema *arrow.Schema) *OuterTail {
	return &OuterTail{input: input, table: table, probeTypes: probeTypes, schema: schema}
}

// Schema implements Operator.
func (o *OuterTail) Schema() *arrow.Schema { return o.schema }

// Open implements Operator.
func (o *OuterTail) Open(ctx context.Context) error { return o.input.Open(ctx) }

// Close implements Operator.
func (o *OuterTail) Close() error { return o.input.Close() }

// Next implements Operator.
func (o *OuterTail) Next(ctx context.Context) (arrow.Record, error) {
	if !o.tail {
		rec, err := o.input.Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out := NewRecord(o.schema, rec.Columns(), int(rec.NumRows()))
			rec.Release()
			return out, nil
		}
		// Every probe is done (or there was none: then build now).
		t, err := o.table.Get(ctx)
		if err != nil {
			return nil, err
		}
		o.t, o.rest, o.tail = t, t.unmatched(), true
	}
	if len(o.rest) == 0 {
		return nil, nil
	}
	n := min(len(o.rest), BatchSize)
	idx := o.rest[:n]
	o.rest = o.rest[n:]
	cols := make([]arrow.Array, 0, o.schema.NumFields())
	for _, pt := range o.probeTypes {
		cols = append(cols, nullsOf(pt, n))
	}
	for _, c := range o.t.cols {
		cols = append(cols, Take(c, idx))
	}
	if len(cols) != o.schema.NumFields() {
		releaseAll(cols...)
		return nil, fmt.Errorf("outer join: %d columns for a schema of %d", len(cols), o.schema.NumFields())
	}
	out := NewRecord(o.schema, cols, n)
	releaseAll(cols...)
	return out, nil
}

var _ Operator = (*OuterTail)(nil)
