package vector

import (
	"context"
	"sync"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/zeebo/xxh3"
)

// A final aggregation that holds many groups (a GROUP BY on a key of most
// rows) spreads them over aggPartitions sub-aggregations by a hash of the
// key, merged by the workers in parallel: each sub-aggregation sees its
// rows in input order and belongs to one worker, and the groups come out
// partition by partition, so the answer (and its order) depends neither on
// the number of workers nor on timing. It starts once the single table
// passes parallelAggAfter groups; those groups are moved over first.

const (
	aggPartitions    = 16
	parallelAggAfter = 1 << 17
)

// WithWorkers lets a final aggregation merge on up to n goroutines once
// it holds many groups.
func (h *HashAggregate) WithWorkers(n int) *HashAggregate {
	h.workers = max(n, 1)
	return h
}

// aggJob is a batch of states for one sub-aggregation.
type aggJob struct {
	part int
	rec  arrow.Record
}

// parallelAgg is the state of a final aggregation gone parallel.
type parallelAgg struct {
	subs    []*HashAggregate
	chans   []chan aggJob
	errs    []error // per partition, the first merge error
	wg      sync.WaitGroup
	keyBuf  []byte
	offBuf  []int32
	sels    [aggPartitions][]int32
	emitted int // partitions emitted so far
	closed  bool
}

// canGoParallel reports whether the input is exactly keys and states, so
// that the groups held so far can be moved as an input batch.
func (h *HashAggregate) canGoParallel() bool {
	if h.mode != AggFinal || len(h.keys) == 0 {
		return false
	}
	used := map[int]bool{}
	for _, k := range h.keys {
		used[k] = true
	}
	for _, a := range h.args {
		for _, c := range a {
			used[c] = true
		}
	}
	return len(used) == h.input.Schema().NumFields()
}

// goParallel starts the sub-aggregations and hands them the groups held.
func (h *HashAggregate) goParallel() error {
	p := &parallelAgg{errs: make([]error, aggPartitions)}
	for i := 0; i < aggPartitions; i++ {
		sub := &HashAggregate{input: h.input, mode: AggFinal, keys: h.keys, aggs: h.aggs, args: h.args, schema: h.schema,
			table: NewGroupTable(h.table.types), built: true}
		for _, a := range h.aggs {
			acc, err := newAccumulator(a)
			if err != nil {
				return err
			}
			sub.accs = append(sub.accs, acc)
		}
		p.subs = append(p.subs, sub)
	}
	workers := max(1, min(h.workers, aggPartitions))
	for w := 0; w < workers; w++ {
		ch := make(chan aggJob, 2*aggPartitions)
		p.chans = append(p.chans, ch)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for job := range ch {
				if p.errs[job.part] == nil {
					p.errs[job.part] = p.subs[job.part].add(job.rec, false)
				}
				job.rec.Release()
			}
		}()
	}
	h.par = p
	// The groups held so far, as a batch of the input's shape.
	held := h.heldStates()
	h.table, h.accs, h.groups = nil, nil, 0
	err := h.scatter(held)
	held.Release()
	return err
}

// heldStates returns the groups of the single table as an input batch.
func (h *HashAggregate) heldStates() arrow.Record {
	in := h.input.Schema()
	cols := make([]arrow.Array, in.NumFields())
	keys := h.table.Keys(0, h.groups)
	for i, k := range h.keys {
		cols[k] = keys[i]
	}
	for i, a := range h.accs {
		for j, st := range a.state(0, h.groups) {
			cols[h.args[i][j]] = st
		}
	}
	rec := NewRecord(in, cols, h.groups)
	releaseAll(cols...)
	return rec
}

// scatter splits a batch of states by key hash and sends each part to the
// worker of its sub-aggregation.
func (h *HashAggregate) scatter(rec arrow.Record) error {
	p := h.par
	n := int(rec.NumRows())
	keyArrs := make([]arrow.Array, len(h.keys))
	for i, k := range h.keys {
		keyArrs[i] = rec.Column(k)
	}
	encodeKeys(p.subs[0].table.types, keyArrs, n, &p.keyBuf, &p.offBuf)
	for i := range p.sels {
		p.sels[i] = p.sels[i][:0]
	}
	for i := 0; i < n; i++ {
		hv := xxh3.Hash(p.keyBuf[p.offBuf[i]:p.offBuf[i+1]])
		part := int(hv >> 60) // aggPartitions = 16
		p.sels[part] = append(p.sels[part], int32(i))
	}
	for part, sel := range p.sels {
		if len(sel) == 0 {
			continue
		}
		sub := TakeRecord(rec, sel)
		p.chans[part%len(p.chans)] <- aggJob{part: part, rec: sub}
	}
	return nil
}

// finishParallel waits for the workers and returns the first error, in
// partition order.
func (h *HashAggregate) finishParallel() error {
	p := h.par
	if !p.closed {
		p.closed = true
		for _, ch := range p.chans {
			close(ch)
		}
		p.wg.Wait()
	}
	for _, err := range p.errs {
		if err != nil {
			return err
		}
	}
	for _, s := range p.subs {
		s.groups = s.table.Len()
	}
	return nil
}

// nextParallel returns the next batch of results, partition by partition.
func (h *HashAggregate) nextParallel(ctx context.Context) (arrow.Record, error) {
	p := h.par
	for p.emitted < len(p.subs) {
		rec, err := p.subs[p.emitted].Next(ctx)
		if err != nil || rec != nil {
			return rec, err
		}
		p.emitted++
	}
	return nil, nil
}

// closeParallel stops the workers of an aggregation abandoned midway.
func (h *HashAggregate) closeParallel() {
	if p := h.par; p != nil && !p.closed {
		p.closed = true
		for _, ch := range p.chans {
			close(ch)
		}
		p.wg.Wait()
	}
}
