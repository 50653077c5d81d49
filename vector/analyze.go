package vector

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
)

// OpStats are what EXPLAIN ANALYZE reports of one plan operator, summed
// over its instances (one per partition for an operator below a Gather).
type OpStats struct {
	Rows      atomic.Int64
	Batches   atomic.Int64
	Nanos     atomic.Int64 // time in Open and Next, its inputs' included
	Instances atomic.Int64
	PeakBytes atomic.Int64 // the most memory one instance held
}

// MemoryUser is an operator that holds data in memory (a hash table, a
// sort's input); MemoryBytes estimates how much it holds now.
type MemoryUser interface {
	MemoryBytes() int64
}

// Instrumented counts an operator's rows, batches, time and memory into
// stats.
type Instrumented struct {
	op    Operator
	stats *OpStats
	peak  int64
}

// Instrument wraps op so that it reports to stats.
func Instrument(op Operator, stats *OpStats) *Instrumented {
	stats.Instances.Add(1)
	return &Instrumented{op: op, stats: stats}
}

// Schema implements Operator.
func (o *Instrumented) Schema() *arrow.Schema { return o.op.Schema() }

// Open implements Operator.
func (o *Instrumented) Open(ctx context.Context) error {
	start := time.Now()
	err := o.op.Open(ctx)
	o.stats.Nanos.Add(int64(time.Since(start)))
	o.sample()
	return err
}

// Next implements Operator.
func (o *Instrumented) Next(ctx context.Context) (arrow.Record, error) {
	start := time.Now()
	rec, err := o.op.Next(ctx)
	o.stats.Nanos.Add(int64(time.Since(start)))
	if rec != nil {
		o.stats.Rows.Add(rec.NumRows())
		o.stats.Batches.Add(1)
	}
	o.sample()
	return rec, err
}

// sample records the operator's memory, if it reports any.
func (o *Instrumented) sample() {
	m, ok := o.op.(MemoryUser)
	if !ok {
		return
	}
	if b := m.MemoryBytes(); b > o.peak {
		o.peak = b
		for {
			cur := o.stats.PeakBytes.Load()
			if b <= cur || o.stats.PeakBytes.CompareAndSwap(cur, b) {
				break
			}
		}
	}
}

// Close implements Operator.
func (o *Instrumented) Close() error { return o.op.Close() }

var _ Operator = (*Instrumented)(nil)

// MemoryBytes implements MemoryUser: the build side's table.
func (h *HashJoin) MemoryBytes() int64 {
	if h.t == nil {
		return 0
	}
	return h.t.Bytes()
}

// MemoryBytes implements MemoryUser: the sorted input.
func (s *Sort) MemoryBytes() int64 {
	if s.out == nil {
		return 0
	}
	var n int64
	for _, c := range s.out.Columns() {
		n += arrayBytes(c)
	}
	return n + int64(len(s.order))*4
}

// MemoryBytes implements MemoryUser: the group table and, roughly, the
// aggregates' states (16 bytes a group each).
func (h *HashAggregate) MemoryBytes() int64 {
	if h.par != nil {
		var n int64
		for _, s := range h.par.subs {
			n += s.MemoryBytes()
		}
		return n
	}
	if h.table == nil {
		return 0
	}
	t := h.table
	return t.Bytes() + int64(t.Len()*16*len(h.aggs))
}
