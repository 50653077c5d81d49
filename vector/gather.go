package vector

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
)

// Gather runs one copy of a pipeline per partition on a pool of workers and
// yields the pipelines' batches in partition order: all of partition 0's,
// then partition 1's, and so on. Results therefore do not depend on the
// number of workers. At most a few batches per worker wait in memory:
// each partition queues gatherQueue batches, and workers start a partition
// only while fewer than aheadPerWorker per worker are started and not yet
// consumed, so that small partitions, which fit their queue whole, do not
// let the workers race through the file ahead of a slow consumer.
//
// Errors are deterministic too: the error returned is that of the first
// partition in partition order whose output is used and failed, as in a
// serial run. Without a restart hook, the partitions after a failed one
// stop at once; with one, a failed partition may yet be read again, so the
// others go on (a few batches each, at most) until Next reaches it.
//
// Before it uses partition p (p > 0), once partition p-1 is done, Gather asks
// restart(p) whether p was read from a wrong guess of where it starts; if
// so, it discards p's output and reads p again itself.
type Gather struct {
	parts   int
	workers int
	build   func(p int) (Operator, error)
	restart func(p int) bool
	schema  *arrow.Schema

	ctx     context.Context
	cancel  context.CancelFunc
	chans   []chan arrow.Record
	ahead   chan struct{} // a token per partition started and not yet consumed
	pcancel []context.CancelFunc
	discard []atomic.Bool
	next    atomic.Int64
	wg      sync.WaitGroup
	errMu   sync.Mutex
	errs    []error      // per partition
	minErr  atomic.Int64 // lowest partition that failed (parts: none)

	cur     int // the partition being consumed
	checked int // partitions up to this one have been checked for restart
	inline  Operator
	opened  bool
}

// gatherQueue is the number of batches a partition may have waiting.
const gatherQueue = 2

// aheadPerWorker bounds, per worker, the partitions started and not yet
// consumed.
const aheadPerWorker = 2

// NewGather returns a Gather over parts partitions with the given number of
// workers; build makes partition p's pipeline; restart may be nil.
func NewGather(schema *arrow.Schema, parts, workers int, build func(p int) (Operator, error), restart func(p int) bool) *Gather {
	if workers < 1 {
		workers = 1
	}
	if workers > parts {
		workers = max(parts, 1)
	}
	return &Gather{parts: parts, workers: workers, build: build, restart: restart, schema: schema}
}

// Schema implements Operator.
func (g *Gather) Schema() *arrow.Schema { return g.schema }

// Open implements Operator: it starts the workers.
func (g *Gather) Open(ctx context.Context) error {
	g.ctx, g.cancel = context.WithCancel(ctx)
	g.opened = true
	g.chans = make([]chan arrow.Record, g.parts)
	g.pcancel = make([]context.CancelFunc, g.parts)
	g.discard = make([]atomic.Bool, g.parts)
	g.errs = make([]error, g.parts)
	g.minErr.Store(int64(g.parts))
	g.ahead = make(chan struct{}, aheadPerWorker*g.workers)
	pctxs := make([]context.Context, g.parts)
	for p := range g.chans {
		g.chans[p] = make(chan arrow.Record, gatherQueue)
		pctxs[p], g.pcancel[p] = context.WithCancel(g.ctx)
	}
	for w := 0; w < g.workers; w++ {
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			for {
				select {
				case g.ahead <- struct{}{}: // wait for the consumer to catch up
				case <-g.ctx.Done():
					return
				}
				p := int(g.next.Add(1) - 1)
				if p >= g.parts {
					return
				}
				if int64(p) > g.minErr.Load() {
					close(g.chans[p]) // a partition before it failed
					continue
				}
				err := g.runPartition(pctxs[p], p)
				if err != nil && !g.discard[p].Load() && pctxs[p].Err() == nil {
					g.fail(p, err)
				}
				close(g.chans[p])
			}
		}()
	}
	return nil
}

// fail records partition p's error and stops the partitions after it.
func (g *Gather) fail(p int, err error) {
	g.errMu.Lock()
	g.errs[p] = err
	if g.restart != nil && p > 0 {
		// p may yet be read again from a corrected start, which discards
		// this error: Next returns it only when it reaches p and finds no
		// restart, so the partitions after p must go on meanwhile.
		g.errMu.Unlock()
		return
	}
	if int64(p) < g.minErr.Load() {
		g.minErr.Store(int64(p))
	}
	g.errMu.Unlock()
	for q := p + 1; q < g.parts; q++ {
		g.pcancel[q]()
	}
}

// errOf returns partition p's error, if it failed.
func (g *Gather) errOf(p int) error {
	g.errMu.Lock()
	defer g.errMu.Unlock()
	return g.errs[p]
}

func (g *Gather) runPartition(ctx context.Context, p int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in partition %d: %v", p, r)
		}
	}()
	op, err := g.build(p)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := op.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := op.Open(ctx); err != nil {
		return err
	}
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			return nil
		}
		select {
		case g.chans[p] <- rec:
		case <-ctx.Done():
			rec.Release()
			return ctx.Err()
		}
	}
}

// Next implements Operator.
func (g *Gather) Next(ctx context.Context) (arrow.Record, error) {
	for {
		if g.inline != nil {
			rec, err := g.inline.Next(g.ctx)
			if err != nil {
				return nil, err
			}
			if rec != nil {
				return rec, nil
			}
			err = g.inline.Close()
			g.inline = nil
			if err != nil {
				return nil, err
			}
			g.consumed()
			continue
		}
		if g.cur >= g.parts {
			return nil, nil
		}
		if g.checked < g.cur {
			// Partition cur-1 is done: is cur's start right?
			g.checked = g.cur
			if g.restart != nil && g.restart(g.cur) {
				if err := g.rerun(g.cur); err != nil {
					return nil, err
				}
				continue
			}
		}
		select {
		case rec, ok := <-g.chans[g.cur]:
			if rec != nil {
				return rec, nil
			}
			if !ok {
				if err := g.errOf(g.cur); err != nil {
					return nil, err
				}
				if err := g.ctx.Err(); err != nil {
					return nil, g.ctxErr(ctx)
				}
				g.consumed()
			}
		case <-g.ctx.Done():
			return nil, g.ctxErr(ctx)
		}
	}
}

// consumed moves past the current partition, letting a worker start
// another.
func (g *Gather) consumed() {
	g.cur++
	select {
	case <-g.ahead:
	default:
	}
}

func (g *Gather) ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := g.ctx.Err(); err != nil {
		return err
	}
	return errors.New("gather stopped")
}

// rerun discards partition p's output and reads it again inline.
func (g *Gather) rerun(p int) error {
	g.discard[p].Store(true)
	g.pcancel[p]()
	for rec := range g.chans[p] {
		if rec != nil {
			rec.Release()
		}
	}
	g.errMu.Lock()
	g.errs[p] = nil
	g.errMu.Unlock()
	op, err := g.build(p)
	if err != nil {
		return err
	}
	if err := op.Open(g.ctx); err != nil {
		op.Close()
		return err
	}
	g.inline = op
	return nil
}

// Close implements Operator: it stops the workers and waits for them.
func (g *Gather) Close() error {
	if !g.opened {
		return nil
	}
	g.cancel()
	g.wg.Wait()
	for _, c := range g.chans {
	drain:
		for {
			select {
			case rec, ok := <-c:
				if !ok {
					break drain
				}
				rec.Release()
			default:
				break drain
			}
		}
	}
	var err error
	if g.inline != nil {
		err = g.inline.Close()
		g.inline = nil
	}
	for _, c := range g.pcancel {
		c()
	}
	return err
}

var _ Operator = (*Gather)(nil)
