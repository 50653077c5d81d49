package vector

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// JoinKind says which rows a hash join produces; see HashJoin.
type JoinKind uint8

// The join kinds.
const (
	// JoinInner: each pair of matching probe and build rows.
	JoinInner JoinKind = iota
	// JoinLeft: JoinInner, plus each probe row without a match, with NULL
	// build columns.
	JoinLeft
	// JoinSemi: each probe row with a match, once.
	JoinSemi
	// JoinAnti: each probe row without a match.
	JoinAnti
	// JoinMark: each probe row and a BOOLEAN: whether it has a match.
	JoinMark
	// JoinSingle: JoinLeft where a second match of a probe row is an error
	// (a scalar subquery).
	JoinSingle
)

var joinKindNames = [...]string{"inner", "left", "semi", "anti", "mark", "single"}

// ErrSubqueryRows is the error of a JoinSingle (a scalar subquery) that
// finds a second partner for a row.
var ErrSubqueryRows = errors.New("more than one row returned by a subquery used as an expression")

func (k JoinKind) String() string { return joinKindNames[k] }

// JoinTable is the build side of a hash join: all its rows, hashed on the
// join keys. It is built once and then only read, by any number of probes
// at once.
type JoinTable struct {
	cols    []arrow.Array // the build rows, each column in one array
	rows    int
	groups  *GroupTable
	start   []int32 // the rows of key group g are order[start[g]:start[g+1]]
	order   []int32
	hasNull bool // a row has a NULL key
	noKeys  bool
	// nullEqual: NULL keys match each other.
	nullEqual bool
	bytes     int64
	// matched has a bit per build row that a probe matched (for an outer
	// join that keeps the build side's rows), set by concurrent probes.
	matched []uint32
}

// markMatched records that build rows were matched.
func (t *JoinTable) markMatched(rows []int32) {
	for _, r := range rows {
		w := &t.matched[r>>5]
		if bit := uint32(1) << (r & 31); atomic.LoadUint32(w)&bit == 0 {
			atomic.OrUint32(w, bit)
		}
	}
}

// unmatched returns the build rows no probe matched.
func (t *JoinTable) unmatched() []int32 {
	var out []int32
	for r := 0; r < t.rows; r++ {
		if atomic.LoadUint32(&t.matched[r>>5])&(1<<(r&31)) == 0 {
			out = append(out, int32(r))
		}
	}
	return out
}

// Rows is the number of build rows.
func (t *JoinTable) Rows() int { return t.rows }

// Bytes estimates the memory the table holds.
func (t *JoinTable) Bytes() int64 { return t.bytes }

// BuildJoinTable reads in to its end and hashes its rows on keys. With
// nullEqual, NULL keys match each other (INTERSECT, EXCEPT); otherwise a
// row with a NULL key never matches.
func BuildJoinTable(ctx context.Context, in Operator, keys []Expr, nullEqual bool) (t *JoinTable, err error) {
	if err := in.Open(ctx); err != nil {
		in.Close()
		return nil, err
	}
	defer func() {
		if cerr := in.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	keyTypes := make([]types.Type, len(keys))
	for i, k := range keys {
		keyTypes[i] = k.Type()
	}
	t = &JoinTable{groups: NewGroupTable(keyTypes), noKeys: len(keys) == 0, nullEqual: nullEqual}
	var batches [][]arrow.Array
	var ids []int32
	var charge memCharge
	var held int64
	nullGroup := map[int32]bool{}
	schema := in.Schema()
	for {
		rec, err := in.Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		n := int(rec.NumRows())
		if !t.noKeys {
			karrs, err := evalKeys(rec, keys)
			if err != nil {
				rec.Release()
				return nil, err
			}
			start := len(ids)
			ids = append(ids, make([]int32, n)...)
			t.groups.Insert(karrs, n, ids[start:])
			if !nullEqual {
				for i := 0; i < n; i++ {
					if anyNull(karrs, i) {
						t.hasNull = true
						nullGroup[ids[start+i]] = true
					}
				}
			}
			releaseAll(karrs...)
		}
		cols := make([]arrow.Array, rec.NumCols())
		for i := range cols {
			cols[i] = rec.Column(i)
			cols[i].Retain()
		}
		for _, c := range cols {
			held += arrayBytes(c)
		}
		rec.Release()
		batches = append(batches, cols)
		t.rows += n
		// Charged until the query ends: the table serves every probe.
		if err := charge.set(ctx, "join's hash table", held+t.groups.Bytes()); err != nil {
			for _, b := range batches {
				releaseAll(b...)
			}
			return nil, err
		}
	}
	if t.rows > 1<<31-1 {
		return nil, fmt.Errorf("the build side of a join has more than 2^31 rows")
	}
	// One array per column.
	t.cols = make([]arrow.Array, len(schema.Fields()))
	for c := range t.cols {
		parts := make([]arrow.Array, 0, len(batches))
		for _, b := range batches {
			parts = append(parts, b[c])
		}
		if len(parts) == 0 {
			ty, err := types.FromArrow(schema.Field(c).Type)
			if err != nil {
				return nil, err
			}
			t.cols[c] = nullsOf(ty, 0)
			continue
		}
		a, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			return nil, fmt.Errorf("join build: %w", err)
		}
		t.cols[c] = a
		for _, p := range parts {
			p.Release()
		}
		t.bytes += arrayBytes(a)
	}
	// Rows by group, NULL-key groups left out.
	groups := t.groups.Len()
	if t.noKeys {
		groups = 1
		ids = make([]int32, t.rows)
	}
	t.start = make([]int32, groups+1)
	for _, g := range ids {
		if !nullGroup[g] {
			t.start[g+1]++
		}
	}
	for g := 0; g < groups; g++ {
		t.start[g+1] += t.start[g]
	}
	t.order = make([]int32, t.start[groups])
	fill := append([]int32(nil), t.start[:groups]...)
	for r, g := range ids {
		if !nullGroup[g] {
			t.order[fill[g]] = int32(r)
			fill[g]++
		}
	}
	t.matched = make([]uint32, (t.rows+31)/32)
	t.bytes += int64(len(t.order)+len(t.start)+len(ids))*4 + t.groups.Bytes()
	return t, nil
}

func arrayBytes(a arrow.Array) int64 {
	var n int64
	for _, b := range a.Data().Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	return n
}

// evalKeys computes the key columns of a batch; an all-NULL result gets
// its key's type, so that it encodes like the other batches.
func evalKeys(rec arrow.Record, keys []Expr) ([]arrow.Array, error) {
	out := make([]arrow.Array, len(keys))
	for i, k := range keys {
		a, err := k.Eval(rec)
		if err != nil {
			releaseAll(out[:i]...)
			return nil, err
		}
		if a.DataType().ID() == arrow.NULL {
			n := a.Len()
			a.Release()
			a = nullsOf(k.Type(), n)
		}
		out[i] = a
	}
	return out, nil
}

func anyNull(arrs []arrow.Array, i int) bool {
	for _, a := range arrs {
		if a.IsNull(i) {
			return true
		}
	}
	return false
}

// SharedJoinTable builds a join table once for all the probes of a query
// (one per partition). The build starts when the first probe opens and
// runs in the background while the probe side opens (so the builds of
// nested joins overlap); a probe's Get waits for it. The build has a
// lifetime of its own, not that of the partition that started it: it is
// cancelled when every probe that asked for it has gone (a cancelled
// query), and started again if a probe comes later.
type SharedJoinTable struct {
	build func(ctx context.Context) (*JoinTable, error)

	mu      sync.Mutex
	users   int
	run     *tableBuild // the build in progress or done; nil before
	settled *tableBuild // a build that finished (successfully or not)
}

// tableBuild is one run of a build.
type tableBuild struct {
	done   chan struct{}
	cancel context.CancelFunc
	t      *JoinTable
	err    error
}

// NewSharedJoinTable returns a table that build makes when first asked.
func NewSharedJoinTable(build func(ctx context.Context) (*JoinTable, error)) *SharedJoinTable {
	return &SharedJoinTable{build: build}
}

// acquire registers a probe and starts the build if none is running or
// done; ctx supplies the values (not the cancellation) of the build's.
func (s *SharedJoinTable) acquire(ctx context.Context) *tableBuild {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users++
	if s.settled != nil {
		return s.settled
	}
	if s.run == nil {
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		r := &tableBuild{done: make(chan struct{}), cancel: cancel}
		s.run = r
		go func() {
			t, err := s.build(bctx)
			s.mu.Lock()
			r.t, r.err = t, err
			if bctx.Err() == nil || err == nil {
				s.settled = r
			}
			s.mu.Unlock()
			cancel()
			close(r.done)
		}()
	}
	return s.run
}

// release unregisters a probe; the last one cancels an unfinished build
// and waits for it to stop, so that nothing of it outlives its users.
func (s *SharedJoinTable) release() {
	s.mu.Lock()
	s.users--
	var stopping *tableBuild
	if s.users == 0 && s.run != nil && s.settled == nil {
		stopping = s.run
		s.run = nil // a later probe builds again
	}
	s.mu.Unlock()
	if stopping != nil {
		stopping.cancel()
		<-stopping.done
	}
}

// Get builds the table, or waits for the build in progress; it returns
// early with ctx's error if ctx ends first.
func (s *SharedJoinTable) Get(ctx context.Context) (*JoinTable, error) {
	r := s.acquire(ctx)
	defer s.release()
	return r.wait(ctx)
}

func (r *tableBuild) wait(ctx context.Context) (*JoinTable, error) {
	select {
	case <-r.done:
		return r.t, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// HashJoinSpec describes a hash join's probe side.
type HashJoinSpec struct {
	Kind JoinKind
	// ProbeKeys are computed from each probe batch and matched with the
	// table's keys (same number, same types).
	ProbeKeys []Expr
	// Residual, if set, is tested on each matching pair, laid out as the
	// probe columns then the build columns.
	Residual Expr
	// NullAware (JoinMark, JoinAnti; one key, no residual): x IN (subquery)
	// semantics, where a NULL probe key or a NULL among the build keys
	// makes "no match" unknown rather than false, unless the build side
	// is empty.
	NullAware bool
	// What names the join for errors.
	What string
	// MarkBuild (JoinInner) records the build rows that match, for an
	// OuterTail above to add those that never do (a LEFT JOIN built on
	// its preserved side).
	MarkBuild bool
}

// HashJoin matches each batch of its probe input with a JoinTable.
//
// Its output is the probe columns followed by the build columns (JoinInner,
// JoinLeft, JoinSingle), by a BOOLEAN (JoinMark), or by nothing (JoinSemi,
// JoinAnti). A probe batch's output is produced in batches of at most
// BatchSize pairs.
type HashJoin struct {
	probe  Operator
	table  *SharedJoinTable
	spec   HashJoinSpec
	schema *arrow.Schema
	build  *tableBuild // the table's build, from Open to Close
	t      *JoinTable

	// The probe batch being joined.
	cur     arrow.Record
	ids     []int32
	keyNull []bool
	matched []int32 // matches per probe row so far
	row     int     // next probe row to pair
	pos     int32   // next match of that row
	tail    bool    // pairs done; unmatched rows (JoinLeft/JoinSingle) or the verdicts left
	scratch KeyScratch
	pi, bi  []int32
	sel     []int32
}

// NewHashJoin returns a join of probe's batches with the table.
func NewHashJoin(probe Operator, table *SharedJoinTable, spec HashJoinSpec, schema *arrow.Schema) *HashJoin {
	return &HashJoin{probe: probe, table: table, spec: spec, schema: schema}
}

// Schema implements Operator.
func (h *HashJoin) Schema() *arrow.Schema { return h.schema }

// Open implements Operator: it starts the table's build (or joins the
// one running), opens the probe side meanwhile, then waits for the table.
func (h *HashJoin) Open(ctx context.Context) error {
	h.build = h.table.acquire(ctx)
	if err := h.probe.Open(ctx); err != nil {
		return err
	}
	t, err := h.build.wait(ctx)
	if err != nil {
		return err
	}
	h.t = t
	return nil
}

// Close implements Operator.
func (h *HashJoin) Close() error {
	if h.cur != nil {
		h.cur.Release()
		h.cur = nil
	}
	if h.build != nil {
		h.table.release()
		h.build = nil
	}
	return h.probe.Close()
}

// Next implements Operator.
func (h *HashJoin) Next(ctx context.Context) (arrow.Record, error) {
	for {
		// A probe batch may pair into many output batches: stop between
		// them when the query is cancelled.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if h.cur == nil {
			rec, err := h.probe.Next(ctx)
			if err != nil || rec == nil {
				return nil, err
			}
			if err := h.start(rec); err != nil {
				rec.Release()
				return nil, err
			}
			h.cur = rec
		}
		out, err := h.step()
		if err != nil {
			return nil, err
		}
		if out != nil {
			if out.NumRows() > 0 {
				return out, nil
			}
			out.Release()
		}
	}
}

// start looks up the keys of a new probe batch.
func (h *HashJoin) start(rec arrow.Record) error {
	n := int(rec.NumRows())
	h.ids = resize(h.ids, n)
	h.keyNull = resizeBool(h.keyNull, n)
	h.matched = resize(h.matched, n)
	for i := range h.matched {
		h.matched[i] = 0
		h.keyNull[i] = false
	}
	h.row, h.pos, h.tail = 0, 0, false
	if h.t.noKeys {
		for i := range h.ids {
			h.ids[i] = 0
		}
		return nil
	}
	karrs, err := evalKeys(rec, h.spec.ProbeKeys)
	if err != nil {
		return err
	}
	defer releaseAll(karrs...)
	h.t.groups.Lookup(karrs, n, h.ids, &h.scratch)
	for _, a := range karrs {
		if a.NullN() == 0 || h.t.nullEqual {
			continue
		}
		for i := 0; i < n; i++ {
			if a.IsNull(i) {
				h.keyNull[i] = true
				h.ids[i] = -1
			}
		}
	}
	return nil
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func resizeBool(s []bool, n int) []bool { return resize(s, n) }

// candidates returns the build rows matching probe row i.
func (h *HashJoin) candidates(i int) []int32 {
	g := h.ids[i]
	if g < 0 || int(g)+1 >= len(h.t.start) {
		return nil
	}
	return h.t.order[h.t.start[g]:h.t.start[g+1]]
}

// step produces the next output of the current probe batch, or nil (and
// drops the batch) when it is done.
func (h *HashJoin) step() (arrow.Record, error) {
	n := int(h.cur.NumRows())
	if !h.tail {
		if h.spec.Residual == nil && h.spec.Kind != JoinInner && h.spec.Kind != JoinLeft && h.spec.Kind != JoinSingle {
			// Semi, anti, mark: the lookup decides.
			for i := 0; i < n; i++ {
				h.matched[i] = int32(len(h.candidates(i)))
			}
			h.tail = true
		} else {
			out, err := h.pairs()
			if err != nil || out != nil {
				return out, err
			}
			h.tail = true
		}
	}
	out, err := h.finish()
	h.cur.Release()
	h.cur = nil
	return out, err
}

// pairs produces the next batch of matching pairs (after the residual),
// or nil when every probe row has been paired.
func (h *HashJoin) pairs() (arrow.Record, error) {
	n := int(h.cur.NumRows())
	for h.row < n {
		h.pi, h.bi = h.pi[:0], h.bi[:0]
		for h.row < n && len(h.pi) < BatchSize {
			c := h.candidates(h.row)
			take := min(len(c)-int(h.pos), BatchSize-len(h.pi))
			for _, r := range c[h.pos : int(h.pos)+take] {
				h.pi = append(h.pi, int32(h.row))
				h.bi = append(h.bi, r)
			}
			h.pos += int32(take)
			if int(h.pos) >= len(c) {
				h.row++
				h.pos = 0
			}
		}
		if len(h.pi) == 0 {
			continue
		}
		rec := h.pairRecord(h.pi, h.bi)
		if h.spec.Residual != nil {
			filtered, err := applyFilter(rec, h.spec.Residual, &h.sel)
			if err != nil {
				rec.Release()
				return nil, err
			}
			if filtered != rec {
				// Keep the pairs that passed.
				pi, bi := h.pi[:0], h.bi[:0]
				for _, s := range h.sel {
					pi = append(pi, h.pi[s])
					bi = append(bi, h.bi[s])
				}
				h.pi, h.bi = pi, bi
			}
			rec.Release()
			rec = filtered
		}
		if h.spec.MarkBuild {
			h.t.markMatched(h.bi)
		}
		for _, p := range h.pi {
			h.matched[p]++
			if h.spec.Kind == JoinSingle && h.matched[p] > 1 {
				rec.Release()
				return nil, ErrSubqueryRows
			}
		}
		switch h.spec.Kind {
		case JoinInner, JoinLeft, JoinSingle:
			if rec.NumRows() > 0 {
				return rec, nil
			}
		}
		rec.Release()
	}
	return nil, nil
}

// pairRecord lays out pairs as the probe columns then the build columns.
func (h *HashJoin) pairRecord(pi, bi []int32) arrow.Record {
	nc := int(h.cur.NumCols())
	cols := make([]arrow.Array, 0, nc+len(h.t.cols))
	for c := 0; c < nc; c++ {
		cols = append(cols, Take(h.cur.Column(c), pi))
	}
	for _, b := range h.t.cols {
		cols = append(cols, Take(b, bi))
	}
	return newRecord(h.pairSchema(), cols, len(pi))
}

// pairSchema is the layout of pairs: the output schema for the kinds that
// output pairs, else probe then build fields.
func (h *HashJoin) pairSchema() *arrow.Schema {
	switch h.spec.Kind {
	case JoinInner, JoinLeft, JoinSingle:
		return h.schema
	}
	fields := append([]arrow.Field(nil), h.cur.Schema().Fields()...)
	for i, b := range h.t.cols {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("build%d", i), Type: b.DataType(), Nullable: true})
	}
	return arrow.NewSchema(fields, nil)
}

// finish produces what a probe batch gives once its pairs are done.
func (h *HashJoin) finish() (arrow.Record, error) {
	n := int(h.cur.NumRows())
	switch h.spec.Kind {
	case JoinInner:
		return nil, nil
	case JoinLeft, JoinSingle:
		h.sel = h.sel[:0]
		for i := 0; i < n; i++ {
			if h.matched[i] == 0 {
				h.sel = append(h.sel, int32(i))
			}
		}
		if len(h.sel) == 0 {
			return nil, nil
		}
		cols := make([]arrow.Array, 0, h.schema.NumFields())
		for c := 0; c < int(h.cur.NumCols()); c++ {
			cols = append(cols, Take(h.cur.Column(c), h.sel))
		}
		for _, b := range h.t.cols {
			ty, err := types.FromArrow(b.DataType())
			if err != nil {
				releaseAll(cols...)
				return nil, err
			}
			cols = append(cols, nullsOf(ty, len(h.sel)))
		}
		return newRecord(h.schema, cols, len(h.sel)), nil
	case JoinSemi, JoinAnti:
		h.sel = h.sel[:0]
		for i := 0; i < n; i++ {
			if h.passes(i) {
				h.sel = append(h.sel, int32(i))
			}
		}
		// Relabelled with the join's schema, like the other kinds' output.
		if len(h.sel) == n {
			return array.NewRecord(h.schema, h.cur.Columns(), int64(n)), nil
		}
		cols := make([]arrow.Array, h.cur.NumCols())
		for c := range cols {
			cols[c] = Take(h.cur.Column(c), h.sel)
		}
		return newRecord(h.schema, cols, len(h.sel)), nil
	case JoinMark:
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		valid := make([]byte, len(bits))
		nulls := 0
		for i := 0; i < n; i++ {
			switch {
			case h.matched[i] > 0:
				bitutil.SetBit(bits, i)
				bitutil.SetBit(valid, i)
			case h.unknown(i):
				nulls++
			default:
				bitutil.SetBit(valid, i)
			}
		}
		var vb *memory.Buffer
		if nulls > 0 {
			vb = memory.NewBufferBytes(valid)
		}
		cols := make([]arrow.Array, 0, h.schema.NumFields())
		for c := 0; c < int(h.cur.NumCols()); c++ {
			a := h.cur.Column(c)
			a.Retain()
			cols = append(cols, a)
		}
		cols = append(cols, NewBoolArray(bits, n, vb, nulls))
		return newRecord(h.schema, cols, n), nil
	}
	return nil, fmt.Errorf("internal error: join kind %s", h.spec.Kind)
}

// unknown reports whether "no match" for probe row i is NULL rather than
// FALSE (x IN (subquery) with a NULL in play, and a subquery with rows).
func (h *HashJoin) unknown(i int) bool {
	return h.spec.NullAware && h.t.rows > 0 && (h.keyNull[i] || h.t.hasNull)
}

// passes reports whether probe row i is output by a semi or anti join.
func (h *HashJoin) passes(i int) bool {
	if h.spec.Kind == JoinSemi {
		return h.matched[i] > 0
	}
	return h.matched[i] == 0 && !h.unknown(i)
}

func newRecord(schema *arrow.Schema, cols []arrow.Array, n int) arrow.Record {
	rec := array.NewRecord(schema, cols, int64(n))
	releaseAll(cols...)
	return rec
}

var _ Operator = (*HashJoin)(nil)
