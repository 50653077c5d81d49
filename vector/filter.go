package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
)

// Filter passes on the rows for which a BOOLEAN predicate is TRUE.
type Filter struct {
	input Operator
	pred  Expr
	sel   []int32
}

// NewFilter returns a filter of input by pred.
func NewFilter(input Operator, pred Expr) *Filter { return &Filter{input: input, pred: pred} }

// Schema implements Operator.
func (f *Filter) Schema() *arrow.Schema { return f.input.Schema() }

// Open implements Operator.
func (f *Filter) Open(ctx context.Context) error { return f.input.Open(ctx) }

// Close implements Operator.
func (f *Filter) Close() error { return f.input.Close() }

// Next implements Operator.
func (f *Filter) Next(ctx context.Context) (arrow.Record, error) {
	for {
		rec, err := f.input.Next(ctx)
		if err != nil || rec == nil {
			return nil, err
		}
		out, err := applyFilter(rec, f.pred, &f.sel)
		rec.Release()
		if err != nil {
			return nil, err
		}
		if out.NumRows() > 0 {
			return out, nil
		}
		out.Release()
	}
}

var _ Operator = (*Filter)(nil)
