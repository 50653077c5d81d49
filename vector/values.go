package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
)

// Values produces a fixed list of records: a single row with no columns
// for a SELECT without FROM, or literal rows.
type Values struct {
	schema *arrow.Schema
	recs   []arrow.Record
	i      int
}

// NewValues returns an operator that yields recs; it takes ownership.
func NewValues(schema *arrow.Schema, recs []arrow.Record) *Values {
	return &Values{schema: schema, recs: recs}
}

// OneRow returns the operator that yields a single row without columns.
func OneRow() *Values {
	s := arrow.NewSchema(nil, nil)
	return NewValues(s, []arrow.Record{NewRecord(s, nil, 1)})
}

// Schema implements Operator.
func (v *Values) Schema() *arrow.Schema { return v.schema }

// Open implements Operator.
func (v *Values) Open(context.Context) error { return nil }

// Next implements Operator.
func (v *Values) Next(context.Context) (arrow.Record, error) {
	if v.i >= len(v.recs) {
		return nil, nil
	}
	r := v.recs[v.i]
	v.recs[v.i] = nil
	v.i++
	return r, nil
}

// Close implements Operator.
func (v *Values) Close() error {
	for _, r := range v.recs {
		if r != nil {
			r.Release()
		}
	}
	v.recs = nil
	return nil
}

var _ Operator = (*Values)(nil)
