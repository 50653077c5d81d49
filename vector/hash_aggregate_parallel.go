package vector

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
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

// WithExpectedGroups tells a final aggregation how many groups the
// planner expects, so that once it goes parallel its sub-aggregations
// start at their expected size instead of growing to it.
func (h *HashAggregate) WithExpectedGroups(n float64) *HashAggregate {
	h.expect = n
	return h
}

// maxReservePerPart bounds what an estimate reserves per
// sub-aggregation.
const maxReservePerPart = 1 << 20

// aggJob is a batch of states for one sub-aggregation: either a record
// of the input's shape (rec), or the rows sel of a batch whose keys are
// encoded and hashed in enc, with cols holding their state columns (by
// input column; nil for the keys).
type aggJob struct {
	part int
	rec  arrow.Record
	enc  *encodedBatch
	sel  []int32
	cols []arrow.Array
}

// encodedBatch is the key encodings and hashes of a batch's rows, shared
// by the sub-aggregations that take rows of it; the last one done with it
// gives it back to encodedPool.
type encodedBatch struct {
	keys   []byte
	offs   []int32
	hashes []uint64
	refs   atomic.Int32
}

var encodedPool = sync.Pool{New: func() any { return new(encodedBatch) }}

func (b *encodedBatch) release() {
	if b.refs.Add(-1) == 0 {
		encodedPool.Put(b)
	}
}

// partOfHash is the sub-aggregation of a key with hash h (hashKey):
// bits that the tables' slots and tags do not use.
func partOfHash(h uint64) int { return int(h>>44) & (aggPartitions - 1) }

// partOfFixed is the sub-aggregation of a fixed-width key with bits k:
// bits of its mix64 that a fixed-key table's slots do not use.
func partOfFixed(k uint64) int { return int(mix64(k)>>16) & (aggPartitions - 1) }

// partOfShort is the sub-aggregation of a VARCHAR key with hash h (see
// shortTable): bits that the tables' slots do not use.
func partOfShort(h uint64) int { return int(h>>16) & (aggPartitions - 1) }

// parallelAgg is the state of a final aggregation gone parallel.
type parallelAgg struct {
	subs    []*HashAggregate
	chans   []chan aggJob
	errs    []error // per partition, the first merge error
	wg      sync.WaitGroup
	fixed   fixedTable // scratch for the key bits of a fixed-width key
	short   shortTable // and the words of a VARCHAR one
	emitted int        // partitions emitted so far
	closed  bool
	// the output: each partition's batches, computed ahead
	ready []chan prepared
	cur   []arrow.Record // the rest of partition emitted's batches
	prep  sync.WaitGroup
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
func (h *HashAggregate) goParallel(ctx context.Context) error {
	p := &parallelAgg{errs: make([]error, aggPartitions)}
	for i := 0; i < aggPartitions; i++ {
		sub := &HashAggregate{input: h.input, mode: AggFinal, keys: h.keys, aggs: h.aggs, args: h.args, schema: h.schema, unused: h.unused,
			table: NewGroupTable(h.table.types), built: true}
		per := 0
		if h.expect > parallelAggAfter {
			per = int(min(h.expect/aggPartitions, maxReservePerPart))
			sub.table.Reserve(per)
		}
		for _, a := range h.aggs {
			acc, err := newAccumulator(a)
			if err != nil {
				return err
			}
			acc.resize(per) // states past the groups held stay zero and unread
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
					sub := p.subs[job.part]
					if job.enc != nil {
						p.errs[job.part] = sub.addEncoded(job)
					} else {
						p.errs[job.part] = sub.add(job.rec, false)
					}
					if p.errs[job.part] == nil {
						p.errs[job.part] = sub.mem.set(ctx, "GROUP BY", sub.MemoryBytes())
					}
				}
				job.release()
			}
		}()
	}
	h.par = p
	// The groups held so far, as a batch of the input's shape.
	held := h.heldStates()
	h.table, h.accs, h.groups = nil, nil, 0
	h.mem.release() // the sub-aggregations charge what they take over
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
// worker of its sub-aggregation. Keys of more than one column, or of a
// variable width, are encoded and hashed once here: the sub-aggregations
// take those and only the state columns of their rows.
func (h *HashAggregate) scatter(rec arrow.Record) error {
	p := h.par
	n := int(rec.NumRows())
	keyArrs := make([]arrow.Array, len(h.keys))
	for i, k := range h.keys {
		keyArrs[i] = rec.Column(k)
	}
	var sels [aggPartitions][]int32
	types := p.subs[0].table.types
	if p.subs[0].table.fixed != nil {
		bits := p.fixed.keyBits(types[0], keyArrs[0], n)
		valid := validBits(keyArrs[0])
		for i, k := range bits {
			part := partOfFixed(k)
			if valid != nil && !bitutil.BitIsSet(valid, i) {
				part = 0
			}
			sels[part] = append(sels[part], int32(i))
		}
		for part, sel := range sels {
			if len(sel) > 0 {
				p.chans[part%len(p.chans)] <- aggJob{part: part, rec: TakeRecord(rec, sel)}
			}
		}
		return nil
	}
	if sh := p.subs[0].table.short; sh != nil {
		p.short.rowWords(keyArrs[0], n)
		for i, h := range p.short.hs[:n] {
			part := partOfShort(h)
			if p.short.bw[i] == 0 {
				part = 0
			}
			sels[part] = append(sels[part], int32(i))
		}
		for part, sel := range sels {
			if len(sel) > 0 {
				p.chans[part%len(p.chans)] <- aggJob{part: part, rec: TakeRecord(rec, sel)}
			}
		}
		return nil
	}
	enc := encodedPool.Get().(*encodedBatch)
	encodeKeys(types, keyArrs, n, &enc.keys, &enc.offs)
	if cap(enc.hashes) < n {
		enc.hashes = make([]uint64, n)
	}
	enc.hashes = enc.hashes[:n]
	for i := range enc.hashes {
		hv := hashKey(enc.keys[enc.offs[i]:enc.offs[i+1]])
		enc.hashes[i] = hv
		part := partOfHash(hv)
		sels[part] = append(sels[part], int32(i))
	}
	isKey := make([]bool, rec.NumCols())
	for _, k := range h.keys {
		isKey[k] = true
	}
	enc.refs.Store(1) // held until every job is sent
	for part, sel := range sels {
		if len(sel) == 0 {
			continue
		}
		cols := make([]arrow.Array, rec.NumCols())
		for c := range cols {
			if !isKey[c] {
				cols[c] = Take(rec.Column(c), sel)
			}
		}
		enc.refs.Add(1)
		p.chans[part%len(p.chans)] <- aggJob{part: part, enc: enc, sel: sel, cols: cols}
	}
	enc.release()
	return nil
}

// release drops what a job holds.
func (j aggJob) release() {
	if j.rec != nil {
		j.rec.Release()
	}
	for _, c := range j.cols {
		if c != nil {
			c.Release()
		}
	}
	if j.enc != nil {
		j.enc.release()
	}
}

// addEncoded merges a job of encoded keys into the sub-aggregation.
func (h *HashAggregate) addEncoded(j aggJob) error {
	n := len(j.sel)
	if cap(h.ids) < n {
		h.ids = make([]int32, n)
	}
	ids := h.ids[:n]
	h.table.insertEncoded(j.enc.keys, j.enc.offs, j.enc.hashes, j.sel, ids)
	if g := h.table.Len(); g > h.groups {
		h.groups = g
		for _, a := range h.accs {
			a.resize(g)
		}
	}
	for i, a := range h.accs {
		st := make([]arrow.Array, len(h.args[i]))
		for k, c := range h.args[i] {
			st[k] = j.cols[c]
		}
		if err := a.merge(ids, st); err != nil {
			return err
		}
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

// nextParallel returns the next batch of results, partition by
// partition. The results of the next few partitions are computed ahead,
// in parallel (one goroutine per partition, as many as there are
// workers), while the earlier ones are read.
func (h *HashAggregate) nextParallel(ctx context.Context) (arrow.Record, error) {
	p := h.par
	if p.ready == nil {
		p.ready = make([]chan prepared, len(p.subs))
		for i := range p.ready {
			p.ready[i] = make(chan prepared, 1)
		}
		for i := 0; i < min(max(h.workers, 1), len(p.subs)); i++ {
			p.prepare(ctx, i)
		}
	}
	for p.emitted < len(p.subs) {
		if p.cur == nil {
			r := <-p.ready[p.emitted]
			if r.err != nil {
				return nil, r.err
			}
			p.cur = r.recs
			if next := p.emitted + max(h.workers, 1); next < len(p.subs) {
				p.prepare(ctx, next)
			}
		}
		if len(p.cur) > 0 {
			rec := p.cur[0]
			p.cur[0] = nil
			p.cur = p.cur[1:]
			return rec, nil
		}
		p.cur = nil
		p.emitted++
	}
	return nil, nil
}

// prepared is the whole output of one partition.
type prepared struct {
	recs []arrow.Record
	err  error
}

// prepare computes the output of partition i in the background, then
// drops the partition's groups.
func (p *parallelAgg) prepare(ctx context.Context, i int) {
	p.prep.Add(1)
	go func() {
		defer p.prep.Done()
		var r prepared
		for {
			rec, err := p.subs[i].Next(ctx)
			if err != nil {
				releaseRecords(r.recs)
				r = prepared{err: err}
				break
			}
			if rec == nil {
				break
			}
			r.recs = append(r.recs, rec)
		}
		p.subs[i].table.Release() // the batches hold copies of the keys
		p.subs[i].mem.release()
		p.subs[i].table, p.subs[i].accs = nil, nil
		p.ready[i] <- r
	}()
}

// closeParallel stops the workers of an aggregation abandoned midway.
func (h *HashAggregate) closeParallel() {
	p := h.par
	if p == nil {
		return
	}
	if !p.closed {
		p.closed = true
		for _, ch := range p.chans {
			close(ch)
		}
		p.wg.Wait()
	}
	// Output computed ahead and not read.
	p.prep.Wait()
	for _, ch := range p.ready {
		select {
		case r := <-ch:
			for _, rec := range r.recs {
				rec.Release()
			}
		default:
		}
	}
	for _, rec := range p.cur {
		rec.Release()
	}
	p.cur, p.ready = nil, nil
}
