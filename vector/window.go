package vector

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// WinFunc names a window function.
type WinFunc uint8

// The window functions.
const (
	WinRowNumber WinFunc = iota
	WinRank
	WinDenseRank
	WinPercentRank
	WinCumeDist
	WinNtile
	WinLag
	WinLead
	WinFirstValue
	WinLastValue
	WinNthValue
	WinCountStar
	WinCount
	WinSum
	WinAvg
	WinMin
	WinMax
)

var winNames = [...]string{"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
	"lag", "lead", "first_value", "last_value", "nth_value", "count_star", "count", "sum", "avg", "min", "max"}

func (f WinFunc) String() string {
	if int(f) < len(winNames) {
		return winNames[f]
	}
	return fmt.Sprintf("window function %d", f)
}

// WinFuncByName returns the window function of a lower-case name
// (count_star for COUNT(*)).
func WinFuncByName(name string) (WinFunc, bool) {
	for i, n := range winNames {
		if n == name {
			return WinFunc(i), true
		}
	}
	return 0, false
}

// BoundKind is the kind of one end of a window frame.
type BoundKind uint8

// The kinds of frame bounds, in the order rows come.
const (
	FrameUnboundedPreceding BoundKind = iota
	FramePreceding
	FrameCurrentRow
	FrameFollowing
	FrameUnboundedFollowing
)

// FrameBound is one end of a window frame. For FramePreceding and
// FrameFollowing, Offset is the distance: an int64 number of rows in a
// ROWS frame; in a RANGE frame, a distance on the single ORDER BY key in
// the key's representation: int64 for BIGINT, DATE (days) and TIMESTAMP
// (microseconds), float64 for DOUBLE, decimal128.Num at the key's scale for
// DECIMAL. Offsets are never negative.
type FrameBound struct {
	Kind   BoundKind
	Offset any
}

// Frame is the set of rows of its partition a window function sees for
// each row. In a ROWS frame offsets count rows; in a RANGE frame CURRENT
// ROW stands for the row's peers (the rows with equal ORDER BY keys, all of
// the partition without ORDER BY) and offsets are distances on the key.
type Frame struct {
	Range      bool
	Start, End FrameBound
}

// WindowFunc describes one function of a Window operator.
type WindowFunc struct {
	Func WinFunc
	// Args are input columns: the argument (none for the ranking
	// functions and COUNT(*)), and LAG and LEAD's default value.
	Args []int
	// N is NTILE's number of buckets, LAG and LEAD's offset, NTH_VALUE's
	// position.
	N     int64
	Frame Frame
}

// usesFrame reports whether the function's value depends on its frame.
func (f WindowFunc) usesFrame() bool {
	switch f.Func {
	case WinFirstValue, WinLastValue, WinNthValue, WinCountStar, WinCount, WinSum, WinAvg, WinMin, WinMax:
		return true
	}
	return false
}

// WindowResultType is the SQL type of a window function's values, given
// its argument's type.
func WindowResultType(f WinFunc, arg types.Type) types.Type {
	switch f {
	case WinRowNumber, WinRank, WinDenseRank, WinNtile, WinCountStar, WinCount:
		return types.BigintType
	case WinPercentRank, WinCumeDist:
		return types.DoubleType
	case WinSum:
		return types.SumType(arg)
	case WinAvg:
		return types.AvgType(arg)
	}
	return arg
}

// Window computes window functions. It reads its whole input, splits it
// into partitions (rows with equal partition keys; one partition without
// keys), orders each partition by the order keys (NULLs last ascending,
// first descending, ties in input order) and computes every function for
// every row. Partitions are computed in parallel by up to workers
// goroutines. Its output is the input's rows in input order (with a row
// limit, only the first rows of each partition), its first keep columns
// followed by one column per function; results do not depend
// on the number of workers.
//
// It holds its whole input in memory, with a copy of the columns that the
// keys and arguments read and each function's per-row values.
type Window struct {
	mem       memCharge // its input, charged to the query's budget
	held      int64
	input     Operator
	partition []int
	order     []SortKey
	funcs     []WindowFunc
	keep      int
	schema    *arrow.Schema
	workers   int
	limit     int // > 0: only the first limit rows of a partition come out

	batches []arrow.Record
	starts  []int         // starts[b] is the first row of batch b
	parts   *GroupTable   // the partition keys, numbered as the batches arrive
	partIDs []int32       // each row's partition
	cols    []arrow.Array // per input column, the whole column if a key or argument reads it
	kernels []winKernel
	next    int
	loaded  bool
	err     error // of loading, returned by every Next
}

// NewWindow returns the window functions funcs of input, partitioned by
// the partition columns and ordered by order within a partition; schema is
// the output: the first keep input columns, then one column per function
// (of WindowResultType).
func NewWindow(input Operator, partition []int, order []SortKey, funcs []WindowFunc, keep int, schema *arrow.Schema, workers int) (*Window, error) {
	w := &Window{input: input, partition: partition, order: order, funcs: funcs, keep: keep, schema: schema, workers: max(workers, 1)}
	in := input.Schema()
	ncol := in.NumFields()
	if keep < 0 || keep > ncol || schema.NumFields() != keep+len(funcs) {
		return nil, fmt.Errorf("window: output schema has %d columns for %d kept and %d functions", schema.NumFields(), keep, len(funcs))
	}
	for _, c := range partition {
		if c < 0 || c >= ncol {
			return nil, fmt.Errorf("window: partition column %d is not in the input", c)
		}
	}
	for _, k := range order {
		if k.Col < 0 || k.Col >= ncol {
			return nil, fmt.Errorf("window: order column %d is not in the input", k.Col)
		}
	}
	for i, f := range funcs {
		var argType types.Type
		for _, a := range f.Args {
			if a < 0 || a >= ncol {
				return nil, fmt.Errorf("window: %s reads column %d, which is not in the input", f.Func, a)
			}
		}
		if len(f.Args) > 0 {
			t, err := types.FromArrow(in.Field(f.Args[0]).Type)
			if err != nil {
				return nil, fmt.Errorf("window: %s: %w", f.Func, err)
			}
			argType = t
		}
		if err := w.check(f, argType); err != nil {
			return nil, fmt.Errorf("window: %s: %w", f.Func, err)
		}
		want := WindowResultType(f.Func, argType).Arrow()
		if got := schema.Field(keep + i).Type; !arrow.TypeEqual(got, want) {
			return nil, fmt.Errorf("window: %s returns %s, but its output column is %s", f.Func, want, got)
		}
	}
	return w, nil
}

// WithRowLimit makes the window output only the first k rows of each
// partition (in window order), for a filter above that keeps no other
// (WHERE ROW_NUMBER() ... <= k): the other rows are neither ordered nor
// numbered, which saves sorting whole partitions. It applies only when
// every function is ROW_NUMBER.
func (w *Window) WithRowLimit(k int) *Window {
	for _, f := range w.funcs {
		if f.Func != WinRowNumber {
			return w
		}
	}
	if k > 0 && k <= maxRowLimit {
		w.limit = k
	}
	return w
}

// maxRowLimit bounds the per-partition limit that is kept by selection
// (k passes over a partition's rows at worst).
const maxRowLimit = 64

// check validates a function's arguments and frame.
func (w *Window) check(f WindowFunc, arg types.Type) error {
	nargs := map[WinFunc][2]int{WinRowNumber: {0, 0}, WinRank: {0, 0}, WinDenseRank: {0, 0}, WinPercentRank: {0, 0},
		WinCumeDist: {0, 0}, WinNtile: {0, 0}, WinLag: {1, 2}, WinLead: {1, 2}, WinFirstValue: {1, 1}, WinLastValue: {1, 1},
		WinNthValue: {1, 1}, WinCountStar: {0, 0}, WinCount: {1, 1}, WinSum: {1, 1}, WinAvg: {1, 1}, WinMin: {1, 1}, WinMax: {1, 1}}
	n, ok := nargs[f.Func]
	if !ok {
		return fmt.Errorf("unknown window function")
	}
	if len(f.Args) < n[0] || len(f.Args) > n[1] {
		return fmt.Errorf("takes %d to %d arguments, not %d", n[0], n[1], len(f.Args))
	}
	switch f.Func {
	case WinNtile, WinNthValue:
		if f.N < 1 {
			return fmt.Errorf("the number must be positive, not %d", f.N)
		}
	case WinLag, WinLead:
		if len(f.Args) == 2 && !arrow.TypeEqual(w.input.Schema().Field(f.Args[1]).Type, w.input.Schema().Field(f.Args[0]).Type) {
			return fmt.Errorf("the default value's type differs from the argument's")
		}
	case WinSum, WinAvg:
		if !arg.IsNumeric() && arg.ID != types.Unknown {
			return fmt.Errorf("cannot add values of type %s", arg)
		}
	}
	if !f.usesFrame() {
		return nil
	}
	fr := f.Frame
	if fr.Start.Kind == FrameUnboundedFollowing || fr.End.Kind == FrameUnboundedPreceding || fr.Start.Kind > FrameUnboundedFollowing || fr.End.Kind > FrameUnboundedFollowing {
		return fmt.Errorf("bad frame")
	}
	for _, b := range []FrameBound{fr.Start, fr.End} {
		if b.Kind != FramePreceding && b.Kind != FrameFollowing {
			continue
		}
		if !fr.Range {
			if v, ok := b.Offset.(int64); !ok || v < 0 {
				return fmt.Errorf("a ROWS frame offset must be a non-negative int64, not %v", b.Offset)
			}
			continue
		}
		if len(w.order) != 1 {
			return fmt.Errorf("a RANGE frame with an offset needs exactly one order key, not %d", len(w.order))
		}
		kt := w.input.Schema().Field(w.order[0].Col).Type.ID()
		ok := false
		switch v := b.Offset.(type) {
		case int64:
			ok = v >= 0 && (kt == arrow.INT64 || kt == arrow.DATE32 || kt == arrow.TIMESTAMP)
		case float64:
			ok = v >= 0 && kt == arrow.FLOAT64
		case decimal128.Num:
			ok = v.Sign() >= 0 && kt == arrow.DECIMAL128
		}
		if !ok {
			return fmt.Errorf("RANGE offset %v (%T) does not fit an order key of type %s", b.Offset, b.Offset, w.input.Schema().Field(w.order[0].Col).Type)
		}
	}
	return nil
}

// Schema implements Operator.
func (w *Window) Schema() *arrow.Schema { return w.schema }

// Open implements Operator.
func (w *Window) Open(ctx context.Context) error { return w.input.Open(ctx) }

// Close implements Operator.
func (w *Window) Close() error {
	for _, b := range w.batches {
		if b != nil {
			b.Release()
		}
	}
	w.batches = nil
	if w.parts != nil {
		w.parts.Release()
		w.parts = nil
	}
	releaseAll(w.cols...)
	w.cols = nil
	w.kernels = nil
	w.mem.release()
	return w.input.Close()
}

// Next implements Operator.
func (w *Window) Next(ctx context.Context) (arrow.Record, error) {
	if !w.loaded {
		w.loaded = true
		w.err = w.load(ctx)
	}
	if w.err != nil {
		return nil, w.err
	}
	for w.next < len(w.batches) {
		b := w.batches[w.next]
		lo, hi := w.starts[w.next], w.starts[w.next]+int(b.NumRows())
		var sel []int32
		if w.limit > 0 {
			// Only the rows numbered 1..limit come out (the others have
			// no number).
			nums := w.kernels[0].(*rankKernel).ints[lo:hi]
			for i, v := range nums {
				if v >= 1 && v <= int64(w.limit) {
					sel = append(sel, int32(i))
				}
			}
			if len(sel) == 0 {
				b.Release()
				w.batches[w.next] = nil
				w.next++
				continue
			}
			if len(sel) == hi-lo {
				sel = nil
			}
		}
		cols := make([]arrow.Array, 0, w.keep+len(w.kernels))
		for c := 0; c < w.keep; c++ {
			col := b.Column(c)
			col.Retain()
			cols = append(cols, col)
		}
		for _, k := range w.kernels {
			a, err := k.result(lo, hi)
			if err != nil {
				releaseAll(cols...)
				return nil, err
			}
			cols = append(cols, a)
		}
		var rec arrow.Record = array.NewRecord(w.schema, cols, int64(hi-lo))
		releaseAll(cols...)
		b.Release()
		w.batches[w.next] = nil
		w.next++
		if sel != nil {
			out := TakeRecord(rec, sel)
			rec.Release()
			rec = out
		}
		return rec, nil
	}
	return nil, nil
}

// load reads the whole input and computes every function.
func (w *Window) load(ctx context.Context) error {
	n := 0
	for {
		rec, err := w.input.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		w.batches = append(w.batches, rec)
		w.starts = append(w.starts, n)
		for _, c := range rec.Columns() {
			w.held += arrayBytes(c)
		}
		if err := w.mem.set(ctx, "window function", w.held); err != nil {
			return err
		}
		if err := w.partition1(rec); err != nil {
			return err
		}
		n += int(rec.NumRows())
		if n > math.MaxInt32 {
			return fmt.Errorf("a window function holds its whole input in memory, and this one has more than %d rows; add a WHERE clause", math.MaxInt32)
		}
	}
	if n == 0 {
		return nil
	}
	// The columns that keys and arguments read, whole.
	w.cols = make([]arrow.Array, w.input.Schema().NumFields())
	need := func(c int) error {
		if w.cols[c] != nil {
			return nil
		}
		a, err := w.concat(c)
		w.cols[c] = a
		return err
	}
	for _, k := range w.order {
		if err := need(k.Col); err != nil {
			return err
		}
	}
	for _, f := range w.funcs {
		for _, a := range f.Args {
			if err := need(a); err != nil {
				return err
			}
		}
	}
	sh, err := w.prepare(n)
	if err != nil {
		return err
	}
	return w.run(ctx, sh)
}

// partition1 numbers the partitions of a batch's rows as it arrives, so
// that this work overlaps the reading of the input.
func (w *Window) partition1(rec arrow.Record) error {
	if len(w.partition) == 0 {
		return nil
	}
	if w.parts == nil {
		var keyTypes []types.Type
		for _, c := range w.partition {
			t, err := types.FromArrow(w.input.Schema().Field(c).Type)
			if err != nil {
				return err
			}
			keyTypes = append(keyTypes, t)
		}
		w.parts = NewGroupTable(keyTypes)
	}
	keys := make([]arrow.Array, len(w.partition))
	for i, c := range w.partition {
		keys[i] = rec.Column(c)
	}
	rows := int(rec.NumRows())
	start := len(w.partIDs)
	w.partIDs = append(w.partIDs, make([]int32, rows)...)
	w.parts.Insert(keys, rows, w.partIDs[start:])
	return nil
}

// concat returns input column c of every batch as one array.
func (w *Window) concat(c int) (arrow.Array, error) {
	if len(w.batches) == 1 {
		a := w.batches[0].Column(c)
		a.Retain()
		return a, nil
	}
	parts := make([]arrow.Array, len(w.batches))
	for i, b := range w.batches {
		parts[i] = b.Column(c)
	}
	a, err := array.Concatenate(parts, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("a window function holds its whole input in memory, and column %s of this one is too large for it (%w); add a WHERE clause",
			w.input.Schema().Field(c).Name, err)
	}
	return a, nil
}

// winShared is what the workers computing partitions share (read only,
// but for the kernels' per-row outputs, where each writes its own rows).
type winShared struct {
	perm    []int32 // input rows, partition after partition
	bounds  []int32 // partition p is perm[bounds[p]:bounds[p+1]]
	cmp     func(i, j int) int
	key     arrow.Array // the first order key, for RANGE offsets
	single  arrow.Array // the order key, if it is the only one
	desc    bool
	frames  []Frame
	kernels []winKernel
	limit   int  // see Window.WithRowLimit
	topDone bool // perm holds only each partition's first limit rows, in order
}

// prepare assigns rows to partitions and makes the kernels.
func (w *Window) prepare(n int) (*winShared, error) {
	sh := &winShared{limit: w.limit}
	var ids []int32
	groups := 1
	if len(w.partition) > 0 {
		ids, groups = w.partIDs, w.parts.Len()
	}
	sh.bounds = make([]int32, groups+1)
	if len(w.order) == 1 && w.limit > 0 && groups*w.limit <= 2*n {
		if ord := orderBits(w.cols[w.order[0].Col], w.order[0].Desc); ord != nil {
			// Each partition's first rows, found in one pass in input
			// order, are all the rows that come out.
			top, cnt := topRows(ids, groups, w.limit, ord, n)
			sh.perm = top[:0]
			for g := 0; g < groups; g++ {
				sh.perm = append(sh.perm, top[g*w.limit:g*w.limit+int(cnt[g])]...)
				sh.bounds[g+1] = int32(len(sh.perm))
			}
			sh.topDone = true
		}
	}
	if !sh.topDone {
		// The rows of each partition in input order (a counting sort).
		sh.perm = make([]int32, n)
		if ids == nil {
			for i := range sh.perm {
				sh.perm[i] = int32(i)
			}
			sh.bounds[1] = int32(n)
		} else {
			for _, g := range ids {
				sh.bounds[g+1]++
			}
			for g := 1; g < len(sh.bounds); g++ {
				sh.bounds[g] += sh.bounds[g-1]
			}
			fill := append([]int32(nil), sh.bounds[:groups]...)
			for i, g := range ids {
				sh.perm[fill[g]] = int32(i)
				fill[g]++
			}
		}
	}
	if len(w.order) > 0 {
		keys := make([]SortKey, len(w.order))
		arrs := make([]arrow.Array, len(w.order))
		fields := make([]arrow.Field, len(w.order))
		for i, k := range w.order {
			keys[i] = SortKey{Col: i, Desc: k.Desc}
			arrs[i] = w.cols[k.Col]
			fields[i] = w.input.Schema().Field(k.Col)
		}
		rec := array.NewRecord(arrow.NewSchema(fields, nil), arrs, int64(n))
		sh.cmp = rowOrder(rec, keys)
		rec.Release() // the comparison holds the arrays, which w.cols keeps
		sh.key = w.cols[w.order[0].Col]
		sh.desc = w.order[0].Desc
		if len(w.order) == 1 {
			sh.single = sh.key
		}
	}
	for _, f := range w.funcs {
		fi := -1
		if f.usesFrame() {
			fi = slices.Index(sh.frames, f.Frame)
			if fi < 0 {
				sh.frames = append(sh.frames, f.Frame)
				fi = len(sh.frames) - 1
			}
		}
		k, err := w.kernel(f, fi, n)
		if err != nil {
			return nil, err
		}
		sh.kernels = append(sh.kernels, k)
	}
	w.kernels = sh.kernels
	return sh, nil
}

// winTaskRows is about how many rows one task of a worker covers: small
// partitions are computed several at a time. Tests shrink it.
var winTaskRows int32 = 1 << 14

// run computes every partition, in parallel.
func (w *Window) run(ctx context.Context, sh *winShared) error {
	// Tasks: runs of whole partitions of about winTaskRows rows.
	var tasks []int // task t is partitions [tasks[t], tasks[t+1])
	parts := len(sh.bounds) - 1
	for p := 0; p < parts; {
		tasks = append(tasks, p)
		start := sh.bounds[p]
		for p++; p < parts && sh.bounds[p]-start < winTaskRows; p++ {
		}
	}
	tasks = append(tasks, parts)
	ntasks := len(tasks) - 1
	// Large partitions are sorted first, each by all the workers.
	sorted := make([]bool, parts)
	if w.workers > 1 && sh.cmp != nil && sh.limit == 0 {
		for p := 0; p < parts; p++ {
			if rows := sh.perm[sh.bounds[p]:sh.bounds[p+1]]; len(rows) >= winParallelSort {
				sh.parallelSortRows(rows, w.workers)
				sorted[p] = true
			}
		}
	}
	task := func(part *winPart, t int) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error in a window function: %v", r)
			}
		}()
		for p := tasks[t]; p < tasks[t+1]; p++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := part.compute(sh.perm[sh.bounds[p]:sh.bounds[p+1]], sorted[p]); err != nil {
				return err
			}
		}
		return nil
	}
	workers := min(w.workers, ntasks)
	if workers <= 1 {
		part := newWinPart(sh)
		for t := 0; t < ntasks; t++ {
			if err := task(part, t); err != nil {
				return err
			}
		}
		return nil
	}
	// The error returned is that of the first failed task, as in a serial
	// run; the tasks after a failed one are skipped.
	errs := make([]error, ntasks)
	var next atomic.Int64
	var failed atomic.Int64
	failed.Store(int64(ntasks))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			part := newWinPart(sh)
			for {
				t := int(next.Add(1) - 1)
				if t >= ntasks {
					return
				}
				if int64(t) > failed.Load() {
					continue
				}
				if errs[t] = task(part, t); errs[t] != nil {
					for {
						f := failed.Load()
						if int64(t) >= f || failed.CompareAndSwap(f, int64(t)) {
							break
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// winPart is a worker's view of the partition it computes, with the peer
// groups and frames the kernels ask for, computed once.
type winPart struct {
	sh        *winShared
	rows      []int32 // input rows of the partition, in window order
	peerStart []int32 // per position, the first position of its peer group
	peerEnd   []int32 // and the end (exclusive)
	peersDone bool
	lo, hi    [][]int32 // per frame, per position, the frame's positions [lo, hi)
	done      []bool
	// scratch for the kernels
	pre []int32
	dq  []int32
}

func newWinPart(sh *winShared) *winPart {
	return &winPart{sh: sh, lo: make([][]int32, len(sh.frames)), hi: make([][]int32, len(sh.frames)), done: make([]bool, len(sh.frames))}
}

// compute sorts one partition's rows and computes every function for them.
func (p *winPart) compute(rows []int32, sorted bool) error {
	switch {
	case sorted:
	case p.sh.topDone:
	case p.sh.limit > 0 && len(rows) > p.sh.limit:
		p.sh.firstRows(rows, p.sh.limit)
	default:
		p.sh.sortRows(rows)
	}
	if l := p.sh.limit; l > 0 && len(rows) > l {
		rows = rows[:l] // the others do not come out
	}
	p.rows = rows
	p.peersDone = false
	clear(p.done)
	for _, k := range p.sh.kernels {
		if err := k.compute(p); err != nil {
			return err
		}
	}
	return nil
}

// sortRows orders rows (input row numbers, increasing) by the order keys,
// ties in input order.
func (sh *winShared) sortRows(rows []int32) {
	if sh.cmp == nil || len(rows) < 2 {
		return
	}
	if sh.single != nil {
		// One key: NULLs apart (last ascending, first descending), then
		// the values with a comparison of their type.
		k := sh.single
		vals := rows
		if k.NullN() > 0 {
			nulls := make([]int32, 0, 16)
			vals = rows[:0]
			for _, r := range rows {
				if k.IsNull(int(r)) {
					nulls = append(nulls, r)
				} else {
					vals = append(vals, r)
				}
			}
			if sh.desc {
				copy(rows[len(nulls):], vals)
				copy(rows, nulls)
				vals = rows[len(nulls):]
			} else {
				copy(rows[len(vals):], nulls)
			}
		}
		sortValues(k, vals, sh.desc)
		return
	}
	cmp := sh.cmp
	slices.SortFunc(rows, func(a, b int32) int {
		if c := cmp(int(a), int(b)); c != 0 {
			return c
		}
		return int(a - b)
	})
}

// firstRows puts the first k rows of a partition in window order (ties in
// input order, as sortRows) at its front, in that order; the others follow
// in input order.
func (sh *winShared) firstRows(rows []int32, k int) {
	if sh.cmp == nil {
		return // no ORDER BY: input order is window order
	}
	before := func(a, b int32) bool {
		if c := sh.cmp(int(a), int(b)); c != 0 {
			return c < 0
		}
		return a < b
	}
	best := make([]int32, 0, k)
	for _, r := range rows {
		if len(best) == k && !before(r, best[k-1]) {
			continue
		}
		i := len(best)
		if i == k {
			i--
		} else {
			best = append(best, 0)
		}
		for i > 0 && before(r, best[i-1]) {
			best[i] = best[i-1]
			i--
		}
		best[i] = r
	}
	rest := make([]int32, 0, len(rows)-len(best))
	for _, r := range rows {
		if !slices.Contains(best, r) {
			rest = append(rest, r)
		}
	}
	copy(rows, best)
	copy(rows[len(best):], rest)
}

// orderBits returns, for a sort key without NULLs of a fixed-width type,
// a function giving each row's key as bits whose unsigned order is the
// window order (equal keys, equal bits); nil for other keys.
func orderBits(k arrow.Array, desc bool) func(i int) uint64 {
	if k.NullN() > 0 {
		return nil
	}
	flip := uint64(0)
	if desc {
		flip = ^uint64(0)
	}
	switch k.DataType().ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		v := int64s(k)
		return func(i int) uint64 { return (uint64(v[i]) ^ 1<<63) ^ flip }
	case arrow.DATE32:
		v := int32s(k)
		return func(i int) uint64 { return (uint64(int64(v[i])) ^ 1<<63) ^ flip }
	case arrow.FLOAT64:
		v := float64s(k)
		return func(i int) uint64 {
			f := v[i]
			var b uint64
			switch {
			case f != f:
				b = ^uint64(0) // NaN: after every number (cmpFloat)
			case f == 0:
				b = 1 << 63 // -0 is 0
			default:
				b = math.Float64bits(f)
				if b>>63 != 0 {
					b = ^b
				} else {
					b |= 1 << 63
				}
			}
			return b ^ flip
		}
	}
	return nil
}

// topRows finds the first k rows (in the order of ord, ties in input
// order) of each of groups partitions (row i's is ids[i]; all rows are
// one partition if ids is nil) in one pass over the n rows: partition g's
// are top[g*k : g*k+cnt[g]], in order.
func topRows(ids []int32, groups, k int, ord func(i int) uint64, n int) (top []int32, cnt []int32) {
	top = make([]int32, groups*k)
	keys := make([]uint64, groups*k)
	cnt = make([]int32, groups)
	for i := 0; i < n; i++ {
		g := 0
		if ids != nil {
			g = int(ids[i])
		}
		o := ord(i)
		base := g * k
		c := int(cnt[g])
		if c == k && o >= keys[base+k-1] {
			continue
		}
		j := c
		if c == k {
			j--
		} else {
			cnt[g]++
		}
		for j > 0 && o < keys[base+j-1] {
			keys[base+j], top[base+j] = keys[base+j-1], top[base+j-1]
			j--
		}
		keys[base+j], top[base+j] = o, int32(i)
	}
	return top, cnt
}

// sortValues orders rows by their non-NULL values of k, ties in input
// order, with a comparison specialised to k's type.
func sortValues(k arrow.Array, rows []int32, desc bool) {
	sign := 1
	if desc {
		sign = -1
	}
	switch k.DataType().ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		v := int64s(k)
		slices.SortFunc(rows, func(a, b int32) int {
			if x, y := v[a], v[b]; x != y {
				if x < y {
					return -sign
				}
				return sign
			}
			return int(a - b)
		})
	case arrow.FLOAT64:
		v := float64s(k)
		slices.SortFunc(rows, func(a, b int32) int {
			if c := cmpFloat(v[a], v[b]); c != 0 {
				return c * sign
			}
			return int(a - b)
		})
	case arrow.DATE32:
		v := int32s(k)
		slices.SortFunc(rows, func(a, b int32) int {
			if x, y := v[a], v[b]; x != y {
				if x < y {
					return -sign
				}
				return sign
			}
			return int(a - b)
		})
	case arrow.DECIMAL128:
		v := decs(k)
		slices.SortFunc(rows, func(a, b int32) int {
			if c := v[a].Cmp(v[b]); c != 0 {
				return c * sign
			}
			return int(a - b)
		})
	default:
		cmp := comparerOf(k)
		slices.SortFunc(rows, func(a, b int32) int {
			if c := cmp(int(a), int(b)); c != 0 {
				return c * sign
			}
			return int(a - b)
		})
	}
}

// winParallelSort is the size from which a partition is sorted by
// several workers. Tests shrink it.
var winParallelSort = 1 << 16

// parallelSortRows is sortRows by several goroutines: each sorts a chunk,
// then pairs of sorted runs are merged, pairs in parallel.
func (sh *winShared) parallelSortRows(rows []int32, workers int) {
	n := len(rows)
	cmp := sh.cmp
	less := func(a, b int32) bool {
		if c := cmp(int(a), int(b)); c != 0 {
			return c < 0
		}
		return a < b
	}
	var runs []int // run k is [runs[k], runs[k+1])
	for k := range workers {
		runs = append(runs, k*n/workers)
	}
	runs = append(runs, n)
	var wg sync.WaitGroup
	for k := 0; k+1 < len(runs); k++ {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			sh.sortRows(rows[lo:hi])
		}(runs[k], runs[k+1])
	}
	wg.Wait()
	src, dst := rows, make([]int32, n)
	for len(runs) > 2 {
		var next []int
		for k := 0; k+1 < len(runs); k += 2 {
			next = append(next, runs[k])
			if k+2 >= len(runs) {
				copy(dst[runs[k]:runs[k+1]], src[runs[k]:runs[k+1]])
				continue
			}
			wg.Add(1)
			go func(lo, mid, hi int) {
				defer wg.Done()
				i, j, o := lo, mid, lo
				for i < mid && j < hi {
					if less(src[j], src[i]) {
						dst[o] = src[j]
						j++
					} else {
						dst[o] = src[i]
						i++
					}
					o++
				}
				o += copy(dst[o:], src[i:mid])
				copy(dst[o:], src[j:hi])
			}(runs[k], runs[k+1], runs[k+2])
		}
		wg.Wait()
		runs = append(next, n)
		src, dst = dst, src
	}
	if &src[0] != &rows[0] {
		copy(rows, src)
	}
}

// peers returns each position's peer group [start, end).
func (p *winPart) peers() (start, end []int32) {
	if p.peersDone {
		return p.peerStart, p.peerEnd
	}
	m := len(p.rows)
	p.peerStart, p.peerEnd = resize32(p.peerStart, m), resize32(p.peerEnd, m)
	g := 0
	for j := 1; j <= m; j++ {
		if j < m && (p.sh.cmp == nil || p.sh.cmp(int(p.rows[j-1]), int(p.rows[j])) == 0) {
			continue
		}
		for k := g; k < j; k++ {
			p.peerStart[k], p.peerEnd[k] = int32(g), int32(j)
		}
		g = j
	}
	p.peersDone = true
	return p.peerStart, p.peerEnd
}

func resize32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

// frame returns the positions [lo[j], hi[j]) of frame k for each position
// j; both are non-decreasing in j, and lo[j] > hi[j] means empty.
func (p *winPart) frame(k int) (lo, hi []int32) {
	if p.done[k] {
		return p.lo[k], p.hi[k]
	}
	m := len(p.rows)
	f := p.sh.frames[k]
	lo, hi = resize32(p.lo[k], m), resize32(p.hi[k], m)
	p.lo[k], p.hi[k] = lo, hi
	p.done[k] = true
	if !f.Range {
		for j := range m {
			lo[j] = rowsBound(f.Start, j, m, false)
			hi[j] = rowsBound(f.End, j, m, true)
		}
		return lo, hi
	}
	var ps, pe []int32
	if f.Start.Kind != FrameUnboundedPreceding || f.End.Kind != FrameUnboundedFollowing {
		ps, pe = p.peers()
	}
	for j := range m {
		switch f.Start.Kind {
		case FrameUnboundedPreceding:
			lo[j] = 0
		default: // CURRENT ROW, and the NULL keys of offset bounds
			lo[j] = ps[j]
		}
		switch f.End.Kind {
		case FrameUnboundedFollowing:
			hi[j] = int32(m)
		default:
			hi[j] = pe[j]
		}
	}
	if f.Start.Kind == FramePreceding || f.Start.Kind == FrameFollowing {
		p.rangeOffsets(f.Start, lo, true)
	}
	if f.End.Kind == FramePreceding || f.End.Kind == FrameFollowing {
		p.rangeOffsets(f.End, hi, false)
	}
	return lo, hi
}

// rowsBound is where a ROWS frame bound falls for position j of m: the
// first position in the frame, or (end) the one after the last.
func rowsBound(b FrameBound, j, m int, end bool) int32 {
	var pos int64
	off, _ := b.Offset.(int64)
	off = min(off, 1<<40)
	switch b.Kind {
	case FrameUnboundedPreceding:
		return 0
	case FrameUnboundedFollowing:
		return int32(m)
	case FrameCurrentRow:
		pos = int64(j)
	case FramePreceding:
		pos = int64(j) - off
	case FrameFollowing:
		pos = int64(j) + off
	}
	if end {
		pos++
	}
	return int32(min(max(pos, 0), int64(m)))
}

// rangeOffsets sets out[j], for the positions j whose key is not NULL, to
// where a RANGE bound with an offset falls: the first position (start) whose
// key is at or after key[j] -/+ offset in window order, or (end) the first
// one after key[j] +/- offset. Positions with a NULL key keep their peer
// group's bound, as in PostgreSQL.
func (p *winPart) rangeOffsets(b FrameBound, out []int32, start bool) {
	key, rows := p.sh.key, p.rows
	m := len(rows)
	// The non-NULL keys are positions [a, z): NULLs come last ascending,
	// first descending.
	a, z := 0, m
	if key.NullN() > 0 {
		if p.sh.desc {
			for a < m && isNullAt(key, int(rows[a])) {
				a++
			}
		} else {
			for z > 0 && isNullAt(key, int(rows[z-1])) {
				z--
			}
		}
	}
	// Toward later rows (ascending FOLLOWING, descending PRECEDING) the
	// bound is key + offset.
	plus := (b.Kind == FrameFollowing) != p.sh.desc
	seg, res := rows[a:z], out[a:z]
	switch key.DataType().ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		v := int64s(key)
		scanRange(seg, res, a, func(r int32) int64 { return v[r] }, b.Offset.(int64), addSat, cmp3[int64], plus, p.sh.desc, start)
	case arrow.DATE32:
		v := int32s(key)
		scanRange(seg, res, a, func(r int32) int64 { return int64(v[r]) }, b.Offset.(int64), addSat, cmp3[int64], plus, p.sh.desc, start)
	case arrow.FLOAT64:
		v := float64s(key)
		scanRange(seg, res, a, func(r int32) float64 { return v[r] }, b.Offset.(float64),
			func(x, d float64, plus bool) float64 {
				if plus {
					return x + d
				}
				return x - d
			}, cmpFloat, plus, p.sh.desc, start)
	case arrow.DECIMAL128:
		v := decs(key)
		scanRange(seg, res, a, func(r int32) decimal128.Num { return v[r] }, b.Offset.(decimal128.Num), addDecSat,
			func(x, y decimal128.Num) int { return x.Cmp(y) }, plus, p.sh.desc, start)
	}
}

// scanRange finds RANGE bounds over keys in window order (positions base
// on), with two pointers: the bound moves the same way as the keys.
func scanRange[T any](rows, out []int32, base int, key func(int32) T, off T, shift func(x, d T, plus bool) T, cmp func(x, y T) int, plus, desc, start bool) {
	// inOrder compares in window order.
	inOrder := func(x, y T) int {
		if desc {
			return -cmp(x, y)
		}
		return cmp(x, y)
	}
	ptr := 0
	for j, r := range rows {
		bound := shift(key(r), off, plus)
		if start {
			for ptr < len(rows) && inOrder(key(rows[ptr]), bound) < 0 {
				ptr++
			}
		} else {
			for ptr < len(rows) && inOrder(key(rows[ptr]), bound) <= 0 {
				ptr++
			}
		}
		out[j] = int32(base + ptr)
	}
}

// addSat adds or subtracts d >= 0, saturating.
func addSat(x, d int64, plus bool) int64 {
	if plus {
		if x > math.MaxInt64-d {
			return math.MaxInt64
		}
		return x + d
	}
	if x < math.MinInt64+d {
		return math.MinInt64
	}
	return x - d
}

var (
	maxNum = decimal128.New(math.MaxInt64, math.MaxUint64)
	minNum = decimal128.New(math.MinInt64, 0)
)

// addDecSat adds or subtracts d >= 0, saturating at the 128-bit range.
func addDecSat(x, d decimal128.Num, plus bool) decimal128.Num {
	if !plus {
		d = d.Negate()
	}
	if s, ok := types.AddInt128(x, d); ok {
		return s
	}
	if plus {
		return maxNum
	}
	return minNum
}

// slide walks the frames [lo[j], hi[j]) of a partition's positions in
// order, calling add for each position entering the frame, remove for
// each leaving it, and then emit(j). Each position enters and leaves at
// most once.
func slide(lo, hi []int32, add, remove func(pos int32), emit func(j int)) {
	var cl, ch int32
	for j := range lo {
		l, h := lo[j], max(hi[j], lo[j])
		for ; ch < h; ch++ {
			add(ch)
		}
		for ; cl < l; cl++ {
			remove(cl)
		}
		emit(j)
	}
}

// winKernel computes one window function.
type winKernel interface {
	// compute computes the function for the rows of one partition,
	// writing each row's value at its input position.
	compute(p *winPart) error
	// result returns the values of input rows [lo, hi).
	result(lo, hi int) (arrow.Array, error)
}

// kernel makes the kernel of function f, whose frame is frames[frame].
func (w *Window) kernel(f WindowFunc, frame, n int) (winKernel, error) {
	var arg arrow.Array
	var argType types.Type
	if len(f.Args) > 0 {
		arg = w.cols[f.Args[0]]
		argType, _ = types.FromArrow(arg.DataType())
	}
	switch f.Func {
	case WinRowNumber, WinRank, WinDenseRank, WinNtile:
		return &rankKernel{fn: f.Func, n: f.N, ints: make([]int64, n)}, nil
	case WinPercentRank, WinCumeDist:
		return &rankKernel{fn: f.Func, floats: make([]float64, n)}, nil
	case WinLag, WinLead:
		k := &lagKernel{n: f.N, arg: arg, src: make([]int32, n)}
		if f.Func == WinLead {
			k.n = -f.N
		}
		if len(f.Args) > 1 {
			k.def = w.cols[f.Args[1]]
		}
		return k, nil
	case WinFirstValue, WinLastValue, WinNthValue:
		return &valueKernel{fn: f.Func, n: f.N, frame: frame, arg: arg, src: make([]int32, n)}, nil
	case WinCountStar, WinCount:
		k := &countKernel{frame: frame, out: make([]int64, n)}
		if f.Func == WinCount && arg.NullN() > 0 {
			k.arg = arg
		}
		return k, nil
	case WinMin, WinMax:
		return &minMaxKernel{max: f.Func == WinMax, frame: frame, arg: arg, cmp: comparerOf(arg), src: make([]int32, n)}, nil
	case WinSum, WinAvg:
		return newSumKernel(f.Func == WinAvg, frame, arg, argType, n)
	}
	return nil, fmt.Errorf("window function %s is not supported", f.Func)
}

// rankKernel numbers rows: ROW_NUMBER, RANK, DENSE_RANK, NTILE,
// PERCENT_RANK, CUME_DIST.
type rankKernel struct {
	fn     WinFunc
	n      int64
	ints   []int64
	floats []float64
}

func (k *rankKernel) compute(p *winPart) error {
	rows := p.rows
	m := int64(len(rows))
	switch k.fn {
	case WinRowNumber:
		for j, r := range rows {
			k.ints[r] = int64(j + 1)
		}
	case WinRank:
		ps, _ := p.peers()
		for j, r := range rows {
			k.ints[r] = int64(ps[j]) + 1
		}
	case WinDenseRank:
		ps, _ := p.peers()
		d := int64(0)
		for j, r := range rows {
			if ps[j] == int32(j) {
				d++
			}
			k.ints[r] = d
		}
	case WinNtile:
		// m rows in n buckets: the first m%n buckets have one row more.
		q, rem := m/k.n, m%k.n
		big := rem * (q + 1) // rows in the larger buckets
		for j, r := range rows {
			jj := int64(j)
			if jj < big {
				k.ints[r] = jj/(q+1) + 1
			} else {
				k.ints[r] = rem + (jj-big)/q + 1
			}
		}
	case WinPercentRank:
		ps, _ := p.peers()
		for j, r := range rows {
			if m > 1 {
				k.floats[r] = float64(ps[j]) / float64(m-1)
			} else {
				k.floats[r] = 0
			}
		}
	case WinCumeDist:
		_, pe := p.peers()
		for j, r := range rows {
			k.floats[r] = float64(pe[j]) / float64(m)
		}
	}
	return nil
}

func (k *rankKernel) result(lo, hi int) (arrow.Array, error) {
	if k.floats != nil {
		return NewFloat64Array(k.floats[lo:hi:hi], nil, 0), nil
	}
	return NewInt64Array(k.ints[lo:hi:hi], nil, 0), nil
}

// Source rows of the kernels that pick a value of another row.
const (
	srcNull    = -1 // the value is NULL
	srcDefault = -2 // the value is the default's at the row itself
)

// lagKernel is LAG (n > 0 looks back) and LEAD (n < 0 looks ahead).
type lagKernel struct {
	n        int64
	arg, def arrow.Array
	src      []int32
}

func (k *lagKernel) compute(p *winPart) error {
	rows := p.rows
	m := int64(len(rows))
	n := min(max(k.n, -1<<40), 1<<40)
	miss := int32(srcNull)
	if k.def != nil {
		miss = srcDefault
	}
	for j, r := range rows {
		if q := int64(j) - n; q >= 0 && q < m {
			k.src[r] = rows[q]
		} else {
			k.src[r] = miss
		}
	}
	return nil
}

func (k *lagKernel) result(lo, hi int) (arrow.Array, error) {
	return pick(k.arg, k.def, k.src[lo:hi], lo), nil
}

// valueKernel is FIRST_VALUE, LAST_VALUE and NTH_VALUE over a frame.
type valueKernel struct {
	fn    WinFunc
	n     int64
	frame int
	arg   arrow.Array
	src   []int32
}

func (k *valueKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	for j, r := range p.rows {
		l, h := int64(lo[j]), int64(hi[j])
		pos := int64(-1)
		switch k.fn {
		case WinFirstValue:
			pos = l
		case WinLastValue:
			pos = h - 1
		case WinNthValue:
			pos = l + min(k.n, 1<<40) - 1
		}
		if l < h && pos >= l && pos < h {
			k.src[r] = p.rows[pos]
		} else {
			k.src[r] = srcNull
		}
	}
	return nil
}

func (k *valueKernel) result(lo, hi int) (arrow.Array, error) {
	return pick(k.arg, nil, k.src[lo:hi], lo), nil
}

// countKernel is COUNT(*) (arg nil) and COUNT(x) over a frame.
type countKernel struct {
	frame int
	arg   arrow.Array // nil: count rows
	out   []int64
}

func (k *countKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	if k.arg == nil {
		for j, r := range p.rows {
			k.out[r] = int64(max(hi[j]-lo[j], 0))
		}
		return nil
	}
	// Prefix counts of the non-NULL values.
	m := len(p.rows)
	pre := resize32(p.pre, m+1)
	p.pre = pre
	pre[0] = 0
	valid := k.arg.DataType().ID() != arrow.NULL
	for j, r := range p.rows {
		pre[j+1] = pre[j]
		if valid && k.arg.IsValid(int(r)) {
			pre[j+1]++
		}
	}
	for j, r := range p.rows {
		k.out[r] = int64(max(pre[max(hi[j], lo[j])]-pre[lo[j]], 0))
	}
	return nil
}

func (k *countKernel) result(lo, hi int) (arrow.Array, error) {
	return NewInt64Array(k.out[lo:hi:hi], nil, 0), nil
}

// minMaxKernel is MIN and MAX over a frame: a monotonic queue of the
// frame's candidate positions (each better than every later one), so a
// partition takes linear time whatever the frame.
type minMaxKernel struct {
	max   bool
	frame int
	arg   arrow.Array
	cmp   rowComparer
	src   []int32
}

func (k *minMaxKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	rows := p.rows
	if k.arg.DataType().ID() == arrow.NULL {
		for _, r := range rows {
			k.src[r] = srcNull
		}
		return nil
	}
	nulls := k.arg.NullN() > 0
	dq, head := p.dq[:0], 0
	slide(lo, hi, func(pos int32) {
		r := int(rows[pos])
		if nulls && k.arg.IsNull(r) {
			return
		}
		// Drop the candidates the new value beats; an equal older one
		// stays, so the first of equal extremes is returned.
		for len(dq) > head {
			c := k.cmp(int(rows[dq[len(dq)-1]]), r)
			if (k.max && c < 0) || (!k.max && c > 0) {
				dq = dq[:len(dq)-1]
				continue
			}
			break
		}
		dq = append(dq, pos)
	}, func(pos int32) {
		if head < len(dq) && dq[head] == pos {
			head++
		}
	}, func(j int) {
		if head < len(dq) {
			k.src[rows[j]] = rows[dq[head]]
		} else {
			k.src[rows[j]] = srcNull
		}
	})
	p.dq = dq
	return nil
}

func (k *minMaxKernel) result(lo, hi int) (arrow.Array, error) {
	return pick(k.arg, nil, k.src[lo:hi], lo), nil
}

// pick returns, for each of src, row src[i] of a, NULL for srcNull, or
// for srcDefault row first+i of def.
func pick(a, def arrow.Array, src []int32, first int) arrow.Array {
	n := len(src)
	hasDef := false
	for _, s := range src {
		if s == srcDefault {
			hasDef = true
			break
		}
	}
	if hasDef {
		t, _ := types.FromArrow(a.DataType())
		ap := NewAppender(t)
		for i, s := range src {
			switch {
			case s >= 0:
				ap.AppendFrom(a, int(s))
			case s == srcDefault:
				ap.AppendFrom(def, first+i)
			default:
				ap.AppendNull()
			}
		}
		return ap.Finish()
	}
	if a.DataType().ID() == arrow.NULL {
		return NewNullArray(n)
	}
	idx := make([]int32, n)
	missing := 0
	for i, s := range src {
		if s < 0 {
			missing++
		} else {
			idx[i] = s
		}
	}
	if missing == n {
		t, _ := types.FromArrow(a.DataType())
		return nullsOf(t, n)
	}
	t := Take(a, idx)
	if missing == 0 {
		return t
	}
	// Clear the validity of the missing rows.
	bits := make([]byte, bitutil.BytesForBits(int64(n)))
	if v := validBits(t); v != nil {
		copy(bits, v)
	} else {
		bitutil.SetBitsTo(bits, 0, int64(n), true)
	}
	for i, s := range src {
		if s < 0 {
			bitutil.ClearBit(bits, i)
		}
	}
	d := t.Data()
	bufs := append([]*memory.Buffer{memory.NewBufferBytes(bits)}, d.Buffers()[1:]...)
	nd := array.NewData(d.DataType(), n, bufs, d.Children(), n-bitutil.CountSetBits(bits, 0, n), 0)
	out := array.MakeFromData(nd)
	nd.Release()
	t.Release()
	return out
}

// newSumKernel returns SUM or AVG over a frame of a numeric argument.
func newSumKernel(avg bool, frame int, arg arrow.Array, t types.Type, n int) (winKernel, error) {
	switch t.ID {
	case types.Bigint:
		k := &sumIntKernel{avg: avg, frame: frame, arg: arg}
		if avg {
			k.favg = &sumFloatAcc{avg: true}
			k.favg.resize(n)
		} else {
			k.acc = &sumIntAcc{}
			k.acc.resize(n)
		}
		return k, nil
	case types.Double, types.Unknown:
		acc := &sumFloatAcc{avg: avg}
		acc.resize(n)
		return &sumFloatKernel{frame: frame, arg: arg, acc: acc}, nil
	case types.Decimal:
		out := types.SumType(t)
		if avg {
			out = types.AvgType(t)
		}
		acc := &sumDecAcc{avg: avg, in: t, out: out}
		acc.resize(n)
		return &sumDecKernel{frame: frame, arg: arg, acc: acc}, nil
	}
	return nil, fmt.Errorf("SUM and AVG of %s are not supported", t)
}

// sumIntKernel sums BIGINTs over frames in 128 bits, so that values may
// leave the frame in any order; a SUM must fit BIGINT.
type sumIntKernel struct {
	avg   bool
	frame int
	arg   arrow.Array
	acc   *sumIntAcc   // SUM
	favg  *sumFloatAcc // AVG (a DOUBLE)
}

func (k *sumIntKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	rows := p.rows
	x := int64s(k.arg)
	nulls := k.arg.NullN() > 0
	var sum decimal128.Num
	var cnt int64
	var err error
	slide(lo, hi, func(pos int32) {
		if r := int(rows[pos]); !nulls || k.arg.IsValid(r) {
			sum = sum.Add(decimal128.FromI64(x[r]))
			cnt++
		}
	}, func(pos int32) {
		if r := int(rows[pos]); !nulls || k.arg.IsValid(r) {
			sum = sum.Sub(decimal128.FromI64(x[r]))
			cnt--
		}
	}, func(j int) {
		r := rows[j]
		if k.avg {
			*k.favg.st.at(int(r)) = sumState{sum: sum.ToFloat64(0), cnt: cnt}
			return
		}
		v, ok := types.Fits64(sum)
		if !ok && err == nil {
			err = fmt.Errorf("%w: SUM exceeds the BIGINT range; CAST the argument to DECIMAL(38,0)", ErrOutOfRange)
		}
		*k.acc.st.at(int(r)) = sumIntState{sum: v, cnt: cnt}
	})
	return err
}

func (k *sumIntKernel) result(lo, hi int) (arrow.Array, error) {
	if k.avg {
		return k.favg.result(lo, hi)
	}
	return k.acc.result(lo, hi)
}

// sumFloatKernel sums DOUBLEs over frames with compensated sums; infinities
// and NaNs are counted apart, so that they can leave the frame.
type sumFloatKernel struct {
	frame int
	arg   arrow.Array
	acc   *sumFloatAcc
}

func (k *sumFloatKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	rows := p.rows
	if k.arg.DataType().ID() == arrow.NULL {
		return nil // every state stays empty: NULL
	}
	x := float64s(k.arg)
	nulls := k.arg.NullN() > 0
	var s sumState
	var pinf, ninf, nan int64
	over := false
	upd := func(pos int32, sign int64) {
		r := int(rows[pos])
		if nulls && k.arg.IsNull(r) {
			return
		}
		v := x[r]
		switch {
		case v != v:
			nan += sign
		case math.IsInf(v, 1):
			pinf += sign
		case math.IsInf(v, -1):
			ninf += sign
		default:
			if s.add(float64(sign) * v) {
				over = true
			}
		}
		s.cnt += sign
		if s.cnt == 0 {
			s = sumState{}
		}
	}
	slide(lo, hi, func(pos int32) { upd(pos, 1) }, func(pos int32) { upd(pos, -1) }, func(j int) {
		st := s
		switch {
		case nan > 0 || (pinf > 0 && ninf > 0):
			st.sum, st.err = math.NaN(), 0
		case pinf > 0:
			st.sum, st.err = math.Inf(1), 0
		case ninf > 0:
			st.sum, st.err = math.Inf(-1), 0
		}
		*k.acc.st.at(int(rows[j])) = st
	})
	if over {
		return errSumDoubleRange
	}
	return nil
}

func (k *sumFloatKernel) result(lo, hi int) (arrow.Array, error) { return k.acc.result(lo, hi) }

// sumDecKernel sums DECIMALs over frames exactly, counting the 128-bit
// wraps of the running sum as the aggregate does.
type sumDecKernel struct {
	frame int
	arg   arrow.Array
	acc   *sumDecAcc
}

func (k *sumDecKernel) compute(p *winPart) error {
	lo, hi := p.frame(k.frame)
	rows := p.rows
	x := decs(k.arg)
	nulls := k.arg.NullN() > 0
	var st decState
	add := func(v decimal128.Num) {
		r := st.sum.Add(v)
		if (st.sum.HighBits()^r.HighBits())&(v.HighBits()^r.HighBits()) < 0 {
			if v.HighBits() >= 0 {
				st.wraps++
			} else {
				st.wraps--
			}
		}
		st.sum = r
	}
	var err error
	slide(lo, hi, func(pos int32) {
		if r := int(rows[pos]); !nulls || k.arg.IsValid(r) {
			add(x[r])
			st.cnt++
		}
	}, func(pos int32) {
		if r := int(rows[pos]); !nulls || k.arg.IsValid(r) {
			add(x[r].Negate())
			st.cnt--
		}
	}, func(j int) {
		if st.cnt > 0 && (st.wraps != 0 || !types.FitsPrecision(st.sum, types.MaxDecimalPrecision)) && err == nil {
			err = errSumRange
		}
		k.acc.st[rows[j]] = st
	})
	return err
}

func (k *sumDecKernel) result(lo, hi int) (arrow.Array, error) { return k.acc.result(lo, hi) }

var _ Operator = (*Window)(nil)
