package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
)

// Limit skips the first Offset rows of its input and passes on at most
// Count of the rest (Count < 0: no limit). It stops pulling its input as
// soon as it has passed on Count rows.
type Limit struct {
	input         Operator
	offset, count int64
	seen, sent    int64
}

// NewLimit returns the limit of input.
func NewLimit(input Operator, offset, count int64) *Limit {
	return &Limit{input: input, offset: offset, count: count}
}

// Schema implements Operator.
func (l *Limit) Schema() *arrow.Schema { return l.input.Schema() }

// Open implements Operator.
func (l *Limit) Open(ctx context.Context) error { return l.input.Open(ctx) }

// Close implements Operator.
func (l *Limit) Close() error { return l.input.Close() }

// Next implements Operator.
func (l *Limit) Next(ctx context.Context) (arrow.Record, error) {
	for {
		if l.count >= 0 && l.sent >= l.count {
			return nil, nil
		}
		rec, err := l.input.Next(ctx)
		if err != nil || rec == nil {
			return nil, err
		}
		n := rec.NumRows()
		lo := int64(0)
		if l.seen < l.offset {
			lo = min(l.offset-l.seen, n)
		}
		l.seen += n
		hi := n
		if l.count >= 0 {
			hi = min(n, lo+l.count-l.sent)
		}
		if lo >= hi {
			rec.Release()
			continue
		}
		l.sent += hi - lo
		if lo == 0 && hi == n {
			return rec, nil
		}
		out := rec.NewSlice(lo, hi)
		rec.Release()
		return out, nil
	}
}

var _ Operator = (*Limit)(nil)
