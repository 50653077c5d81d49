package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// Concat returns the batches of its inputs, one input after the other
// (UNION ALL). The inputs have the same column types; the batches are
// relabelled with the output schema.
type Concat struct {
	inputs []Operator
	schema *arrow.Schema
	cur    int
}

// NewConcat returns the concatenation of inputs.
func NewConcat(inputs []Operator, schema *arrow.Schema) *Concat {
	return &Concat{inputs: inputs, schema: schema}
}

// Schema implements Operator.
func (c *Concat) Schema() *arrow.Schema { return c.schema }

// Open implements Operator. Inputs are opened one at a time, as they are
// reached, so only one holds resources at once.
func (c *Concat) Open(ctx context.Context) error {
	if len(c.inputs) == 0 {
		return nil
	}
	return c.inputs[0].Open(ctx)
}

// Next implements Operator.
func (c *Concat) Next(ctx context.Context) (arrow.Record, error) {
	for c.cur < len(c.inputs) {
		rec, err := c.inputs[c.cur].Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out := array.NewRecord(c.schema, rec.Columns(), rec.NumRows())
			rec.Release()
			return out, nil
		}
		// Past the input before its Close can fail: Close must not close
		// it again.
		err = c.inputs[c.cur].Close()
		c.cur++
		if err != nil {
			return nil, err
		}
		if c.cur < len(c.inputs) {
			if err := c.inputs[c.cur].Open(ctx); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

// Close implements Operator.
func (c *Concat) Close() error {
	var first error
	for i := c.cur; i < len(c.inputs); i++ {
		if err := c.inputs[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	c.cur = len(c.inputs)
	return first
}

var _ Operator = (*Concat)(nil)
