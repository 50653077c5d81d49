package vector

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// AggMode says which half (or both) of a two-phase aggregation an operator
// performs.
type AggMode uint8

// The aggregation modes.
const (
	// AggComplete aggregates raw rows into final values.
	AggComplete AggMode = iota
	// AggPartial aggregates raw rows into partial states.
	AggPartial
	// AggFinal merges partial states into final values.
	AggFinal
)

func (m AggMode) String() string {
	return [...]string{"complete", "partial", "final"}[m]
}

// HashAggregate groups its input by key columns and computes aggregates per
// group. Its output is the key columns followed by one column per aggregate
// (final values) or by each aggregate's state columns (AggPartial). Groups
// come out in order of first appearance. It holds every group in memory.
type HashAggregate struct {
	input  Operator
	mode   AggMode
	keys   []int
	aggs   []AggSpec
	args   [][]int // per aggregate, its input columns
	schema *arrow.Schema

	table   *GroupTable
	accs    []accumulator
	ids     []int32
	groups  int
	emitted int
	built   bool
	hint    *GroupHint
	// passThrough: a partial aggregation that found almost every row a
	// group of its own (nine in ten) stops grouping and passes each further row on as
	// its own state, leaving the grouping to the final aggregation.
	passThrough bool
	seen        int // input rows consumed into the table
	// workers and par: a final aggregation of many groups goes parallel
	// (hash_aggregate_parallel.go).
	workers int
	par     *parallelAgg
	expect  float64 // groups the planner expects (WithExpectedGroups)
	unused  []bool  // keys not output (WithUnusedKeys)
	// shared: the accumulators whose states share one store (sharer),
	// updated together a chunk of rows at a time; isShared by index.
	shared    []sharer
	sharedIdx []int
	isShared  []bool
	mem       memCharge // what the table and states hold, charged to the query's budget
}

// sharedChunk is the number of rows whose shared states are updated
// together: their cache lines stay in L1 from one aggregate to the next.
const sharedChunk = 256

// shareStates puts the states of the SUMs and AVGs of a raw input
// (not a final aggregation's), when there are two or more, in one store.
func (h *HashAggregate) shareStates() {
	if h.mode == AggFinal {
		return
	}
	var idx []int
	for i, a := range h.accs {
		if _, ok := a.(sharer); ok && len(h.args[i]) == 1 {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return
	}
	st := &sharedStates{width: len(idx)}
	h.isShared = make([]bool, len(h.accs))
	for col, i := range idx {
		sh := h.accs[i].(sharer)
		sh.share(st, col)
		h.shared = append(h.shared, sh)
		h.sharedIdx = append(h.sharedIdx, i)
		h.isShared[i] = true
	}
}

// WithUnusedKeys makes a complete or final aggregation leave out of its
// output the keys i for which unused[i] is set: they group the rows but
// are never decoded. The schema has no column for them.
func (h *HashAggregate) WithUnusedKeys(unused []bool) *HashAggregate {
	h.unused = unused
	return h
}

// passThroughAfter is the number of rows after which a partial
// aggregation checks whether grouping pays: when nine rows in ten are
// groups of their own, it does not.
const passThroughAfter = 1 << 16

// GroupHint remembers the most groups any hash aggregate sharing it has
// held, so that the aggregates of later partitions start with tables of
// that size instead of growing them row by row.
type GroupHint struct{ n atomic.Int64 }

// WithHint makes h size its table from hint and report its size to it.
func (h *HashAggregate) WithHint(hint *GroupHint) *HashAggregate {
	h.hint = hint
	return h
}

// NewHashAggregate returns a hash aggregation of input. keys are the input
// columns to group by; args[i] are aggregate i's input columns: its
// argument (none for COUNT(*); y and x for CORR(y, x)) in the raw modes,
// its state columns in AggFinal. schema is the output schema.
func NewHashAggregate(input Operator, mode AggMode, keys []int, aggs []AggSpec, args [][]int, schema *arrow.Schema) (*HashAggregate, error) {
	h := &HashAggregate{input: input, mode: mode, keys: keys, aggs: aggs, args: args, schema: schema}
	var keyTypes []types.Type
	in := input.Schema()
	for _, k := range keys {
		t, err := types.FromArrow(in.Field(k).Type)
		if err != nil {
			return nil, err
		}
		keyTypes = append(keyTypes, t)
	}
	h.table = NewGroupTable(keyTypes)
	for _, a := range aggs {
		acc, err := newAccumulator(a)
		if err != nil {
			return nil, err
		}
		h.accs = append(h.accs, acc)
	}
	h.shareStates()
	return h, nil
}

// StateTypes returns the partial state columns' types of an aggregate.
func StateTypes(a AggSpec) ([]types.Type, error) {
	cols, err := StateColumns(a)
	if err != nil {
		return nil, err
	}
	out := make([]types.Type, len(cols))
	for i, c := range cols {
		out[i] = c.Type
	}
	return out, nil
}

// StateColumns describes the partial state columns of an aggregate: their
// names (sum, count, ...) and types.
func StateColumns(a AggSpec) ([]types.Column, error) {
	if a.Distinct && a.Func != AggMin && a.Func != AggMax {
		return nil, fmt.Errorf("%s has no SQL-typed partial state (its state is a LIST of the values)", a)
	}
	acc, err := newAccumulator(a)
	if err != nil {
		return nil, err
	}
	names, ts := acc.stateNames(), acc.stateTypes()
	out := make([]types.Column, len(ts))
	for i := range ts {
		out[i] = types.Column{Name: names[i], Type: ts[i], Nullable: true, Origin: types.Derived}
	}
	return out, nil
}

// Schema implements Operator.
func (h *HashAggregate) Schema() *arrow.Schema { return h.schema }

// Open implements Operator.
func (h *HashAggregate) Open(ctx context.Context) error { return h.input.Open(ctx) }

// Close implements Operator.
func (h *HashAggregate) Close() error {
	h.closeParallel()
	if h.table != nil {
		h.table.Release()
		h.table = nil
	}
	h.mem.release()
	if h.par != nil {
		for _, s := range h.par.subs {
			if s.table != nil {
				s.table.Release()
				s.table = nil
			}
			s.mem.release()
		}
	}
	return h.input.Close()
}

func (h *HashAggregate) consume(ctx context.Context) error {
	global := len(h.keys) == 0
	if h.hint != nil && !global {
		h.table.Reserve(int(h.hint.n.Load()))
		defer func() {
			if h.table == nil {
				return // gone parallel
			}
			for n := int64(h.table.Len()); ; {
				old := h.hint.n.Load()
				if n <= old || h.hint.n.CompareAndSwap(old, n) {
					break
				}
			}
		}()
	}
	if global {
		h.groups = 1
		for _, a := range h.accs {
			a.resize(1)
		}
	}
	for {
		rec, err := h.input.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			if h.par != nil {
				return h.finishParallel()
			}
			return nil
		}
		if h.par != nil {
			err = h.scatter(rec)
		} else {
			err = h.add(rec, global)
			if err == nil && !global {
				err = h.mem.set(ctx, "GROUP BY", h.MemoryBytes())
			}
		}
		rec.Release()
		if err != nil {
			return err
		}
		if h.par == nil && h.mode == AggFinal && h.groups >= parallelAggAfter && h.canGoParallel() {
			if err := h.goParallel(ctx); err != nil {
				return err
			}
		}
		h.seen += int(rec.NumRows())
		if h.mode == AggPartial && !global && h.seen >= passThroughAfter && 10*h.groups > 9*h.seen {
			h.passThrough = true
			return nil
		}
	}
}

// passOn turns a batch of raw rows into one state row each.
func (h *HashAggregate) passOn(rec arrow.Record) (arrow.Record, error) {
	n := int(rec.NumRows())
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i)
	}
	var cols []arrow.Array
	for _, k := range h.keys {
		a := rec.Column(k)
		a.Retain()
		cols = append(cols, a)
	}
	for i, spec := range h.aggs {
		acc, err := newAccumulator(spec)
		if err != nil {
			releaseAll(cols...)
			return nil, err
		}
		acc.resize(n)
		if args := h.args[i]; len(args) == 2 {
			err = updatePairs(acc, ids, rec.Column(args[0]), rec.Column(args[1]))
		} else {
			var arg arrow.Array
			if len(args) > 0 {
				arg = rec.Column(args[0])
			}
			err = acc.update(ids, arg)
		}
		if err != nil {
			releaseAll(cols...)
			return nil, err
		}
		cols = append(cols, acc.state(0, n)...)
	}
	out := NewRecord(h.schema, cols, n)
	releaseAll(cols...)
	return out, nil
}

func (h *HashAggregate) add(rec arrow.Record, global bool) error {
	n := int(rec.NumRows())
	if cap(h.ids) < n {
		h.ids = make([]int32, n)
	}
	ids := h.ids[:n]
	if global {
		for i := range ids {
			ids[i] = 0
		}
	} else {
		keyArrs := make([]arrow.Array, len(h.keys))
		for i, k := range h.keys {
			keyArrs[i] = rec.Column(k)
		}
		h.table.Insert(keyArrs, n, ids)
		if g := h.table.Len(); g > h.groups {
			h.groups = g
			for _, a := range h.accs {
				a.resize(g)
			}
		}
	}
	if h.shared != nil {
		args := make([]arrow.Array, len(h.shared))
		for j, i := range h.sharedIdx {
			args[j] = rec.Column(h.args[i][0])
		}
		for lo := 0; lo < n; lo += sharedChunk {
			hi := min(lo+sharedChunk, n)
			for j, a := range h.shared {
				if err := a.updateAt(ids[lo:hi], args[j], lo); err != nil {
					return err
				}
			}
		}
	}
	for i, a := range h.accs {
		if h.isShared != nil && h.isShared[i] {
			continue
		}
		var err error
		if h.mode == AggFinal {
			st := make([]arrow.Array, len(h.args[i]))
			for j, c := range h.args[i] {
				st[j] = rec.Column(c)
			}
			err = a.merge(ids, st)
		} else if args := h.args[i]; len(args) == 2 {
			err = updatePairs(a, ids, rec.Column(args[0]), rec.Column(args[1]))
		} else {
			var arg arrow.Array
			if len(h.args[i]) > 0 {
				arg = rec.Column(h.args[i][0])
			}
			err = a.update(ids, arg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Next implements Operator.
func (h *HashAggregate) Next(ctx context.Context) (arrow.Record, error) {
	if !h.built {
		if err := h.consume(ctx); err != nil {
			return nil, err
		}
		h.built = true
	}
	if h.par != nil {
		return h.nextParallel(ctx)
	}
	if h.emitted >= h.groups {
		if !h.passThrough {
			return nil, nil
		}
		rec, err := h.input.Next(ctx)
		if err != nil || rec == nil {
			return nil, err
		}
		defer rec.Release()
		return h.passOn(rec)
	}
	from := h.emitted
	to := min(from+BatchSize, h.groups)
	h.emitted = to
	var cols []arrow.Array
	if len(h.keys) > 0 {
		cols = h.table.KeysExcept(from, to, h.unused)
	}
	for _, a := range h.accs {
		if h.mode == AggPartial {
			cols = append(cols, a.state(from, to)...)
			continue
		}
		r, err := a.result(from, to)
		if err != nil {
			releaseAll(cols...)
			return nil, err
		}
		cols = append(cols, r)
	}
	if len(cols) != h.schema.NumFields() {
		releaseAll(cols...)
		return nil, fmt.Errorf("hash aggregate: %d columns for a schema of %d", len(cols), h.schema.NumFields())
	}
	rec := NewRecord(h.schema, cols, to-from)
	releaseAll(cols...)
	return rec, nil
}

var _ Operator = (*HashAggregate)(nil)
