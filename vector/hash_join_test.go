package vector

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// joinSide is one input of a test join: rows of the given column types,
// in batches of per rows (0: one batch).
type joinSide struct {
	ts   []types.Type
	rows [][]any
	per  int
}

func (s joinSide) source(t *testing.T) *fakeSource {
	t.Helper()
	per := s.per
	if per <= 0 {
		per = max(len(s.rows), 1)
	}
	return rowsSource(t, s.ts, s.rows, per)
}

// joinTest is one hash join over literal rows.
type joinTest struct {
	kind         JoinKind
	probe, build joinSide
	// probeKeys index the probe columns, buildKeys the build columns.
	probeKeys, buildKeys []Expr
	// residual reads the probe columns then the build columns.
	residual  Expr
	nullAware bool
	nullEqual bool
}

// joinSchema is the output layout of a join kind (columns c0, c1, ...).
func joinSchema(kind JoinKind, probe, build []types.Type) *arrow.Schema {
	switch kind {
	case JoinSemi, JoinAnti:
		return mkSchema(probe...)
	case JoinMark:
		return mkSchema(append(append([]types.Type(nil), probe...), tBool)...)
	}
	return mkSchema(append(append([]types.Type(nil), probe...), build...)...)
}

// sharedOf returns a table built from src on first use; builds counts the
// builds.
func sharedOf(src Operator, keys []Expr, nullEqual bool, builds *atomic.Int32) *SharedJoinTable {
	return NewSharedJoinTable(func(ctx context.Context) (*JoinTable, error) {
		if builds != nil {
			builds.Add(1)
		}
		return BuildJoinTable(ctx, src, keys, nullEqual)
	})
}

func (j joinTest) spec() HashJoinSpec {
	return HashJoinSpec{Kind: j.kind, ProbeKeys: j.probeKeys, Residual: j.residual, NullAware: j.nullAware, What: "test join"}
}

// op returns the join and its two sources.
func (j joinTest) op(t *testing.T) (*HashJoin, *fakeSource, *fakeSource) {
	t.Helper()
	probe, build := j.probe.source(t), j.build.source(t)
	h := NewHashJoin(probe, sharedOf(build, j.buildKeys, j.nullEqual, nil), j.spec(), joinSchema(j.kind, j.probe.ts, j.build.ts))
	return h, probe, build
}

// run drains the join and checks that both inputs were opened and closed
// once.
func (j joinTest) run(t *testing.T) ([][]any, error) {
	t.Helper()
	h, probe, build := j.op(t)
	rows, err := drainErr(t, h)
	if build.opens != 1 || build.closes != 1 {
		t.Errorf("build side opened %d and closed %d times, want 1 and 1", build.opens, build.closes)
	}
	if probe.closes != 1 {
		t.Errorf("probe side closed %d times, want 1", probe.closes)
	}
	return rows, err
}

func (j joinTest) want(t *testing.T, what string, want [][]any) {
	t.Helper()
	got, err := j.run(t)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	wantRows(t, what, got, want)
}

// The common data: probe (k, s) and build (k, v), with a duplicate key on
// both sides (1), a NULL key on both sides, a probe key the build side
// lacks (3) and a build key the probe side lacks (4).
var (
	kvTypes   = []types.Type{tInt, tStr}
	probeRows = [][]any{{1, "a"}, {2, "b"}, {nil, "c"}, {3, "d"}, {1, "e"}}
	buildRows = [][]any{{1, "x"}, {nil, "n"}, {2, "z"}, {1, "y"}, {4, "w"}}
)

func kvJoin(kind JoinKind, build [][]any) joinTest {
	return joinTest{
		kind:      kind,
		probe:     joinSide{ts: kvTypes, rows: probeRows},
		build:     joinSide{ts: kvTypes, rows: build},
		probeKeys: []Expr{ref(0, tInt)},
		buildKeys: []Expr{ref(0, tInt)},
	}
}

func TestHashJoinKinds(t *testing.T) {
	for _, c := range []struct {
		name string
		j    joinTest
		want [][]any
	}{
		// Each probe row's partners in build order; NULL keys never match.
		{"inner", kvJoin(JoinInner, buildRows), [][]any{
			{1, "a", 1, "x"}, {1, "a", 1, "y"}, {2, "b", 2, "z"}, {1, "e", 1, "x"}, {1, "e", 1, "y"},
		}},
		// The unmatched probe rows of a batch follow its pairs.
		{"left", kvJoin(JoinLeft, buildRows), [][]any{
			{1, "a", 1, "x"}, {1, "a", 1, "y"}, {2, "b", 2, "z"}, {1, "e", 1, "x"}, {1, "e", 1, "y"},
			{nil, "c", nil, nil}, {3, "d", nil, nil},
		}},
		// Once per probe row, however many partners.
		{"semi", kvJoin(JoinSemi, buildRows), [][]any{{1, "a"}, {2, "b"}, {1, "e"}}},
		{"anti", kvJoin(JoinAnti, buildRows), [][]any{{nil, "c"}, {3, "d"}}},
		{"mark", kvJoin(JoinMark, buildRows), [][]any{
			{1, "a", true}, {2, "b", true}, {nil, "c", false}, {3, "d", false}, {1, "e", true},
		}},
		// A build side with one row per key.
		{"single", kvJoin(JoinSingle, [][]any{{1, "x"}, {nil, "n"}, {2, "z"}, {4, "w"}}), [][]any{
			{1, "a", 1, "x"}, {2, "b", 2, "z"}, {1, "e", 1, "x"}, {nil, "c", nil, nil}, {3, "d", nil, nil},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.j.want(t, c.name, c.want)
		})
	}
}

func TestHashJoinUnmatchedRowsFollowTheirBatch(t *testing.T) {
	// Probe batches [a b] [c d] [e]: the unmatched c and d come out with
	// their batch, before e's pairs.
	j := kvJoin(JoinLeft, buildRows)
	j.probe.per = 2
	h, _, _ := j.op(t)
	batches, err := drainBatches(t, h)
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]any{
		{{1, "a", 1, "x"}, {1, "a", 1, "y"}, {2, "b", 2, "z"}},
		{{nil, "c", nil, nil}, {3, "d", nil, nil}},
		{{1, "e", 1, "x"}, {1, "e", 1, "y"}},
	}
	if len(batches) != len(want) {
		t.Fatalf("%d batches, want %d: %v", len(batches), len(want), batches)
	}
	for i := range want {
		wantRows(t, fmt.Sprintf("batch %d", i), batches[i], want[i])
	}
}

func TestHashJoinNullAware(t *testing.T) {
	// x IN (subquery) and x NOT IN (subquery): "no match" is NULL rather
	// than FALSE when x is NULL or the build side holds a NULL key, unless
	// the build side is empty.
	withNull := buildRows
	noNull := [][]any{{1, "x"}, {2, "z"}}
	for _, c := range []struct {
		name  string
		kind  JoinKind
		build [][]any
		want  [][]any
	}{
		{"mark, NULL on the build side", JoinMark, withNull, [][]any{
			{1, "a", true}, {2, "b", true}, {nil, "c", nil}, {3, "d", nil}, {1, "e", true},
		}},
		{"anti, NULL on the build side", JoinAnti, withNull, nil},
		{"mark, NULL probe key only", JoinMark, noNull, [][]any{
			{1, "a", true}, {2, "b", true}, {nil, "c", nil}, {3, "d", false}, {1, "e", true},
		}},
		{"anti, NULL probe key only", JoinAnti, noNull, [][]any{{3, "d"}}},
		{"mark, empty build side", JoinMark, nil, [][]any{
			{1, "a", false}, {2, "b", false}, {nil, "c", false}, {3, "d", false}, {1, "e", false},
		}},
		{"anti, empty build side", JoinAnti, nil, probeRows},
		// The build side holds only a NULL key: nothing matches, all unknown.
		{"mark, only a NULL on the build side", JoinMark, [][]any{{nil, "n"}}, [][]any{
			{1, "a", nil}, {2, "b", nil}, {nil, "c", nil}, {3, "d", nil}, {1, "e", nil},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := kvJoin(c.kind, c.build)
			j.nullAware = true
			j.want(t, c.name, c.want)
		})
	}
	// Without NullAware, the same inputs give FALSE and keep the rows.
	j := kvJoin(JoinAnti, withNull)
	j.want(t, "anti, not null-aware", [][]any{{nil, "c"}, {3, "d"}})
}

func TestHashJoinNullEqual(t *testing.T) {
	// INTERSECT and EXCEPT: NULL keys match each other.
	for _, c := range []struct {
		kind JoinKind
		want [][]any
	}{
		{JoinInner, [][]any{
			{1, "a", 1, "x"}, {1, "a", 1, "y"}, {2, "b", 2, "z"}, {nil, "c", nil, "n"}, {1, "e", 1, "x"}, {1, "e", 1, "y"},
		}},
		{JoinSemi, [][]any{{1, "a"}, {2, "b"}, {nil, "c"}, {1, "e"}}},
		{JoinAnti, [][]any{{3, "d"}}},
	} {
		t.Run(c.kind.String(), func(t *testing.T) {
			j := kvJoin(c.kind, buildRows)
			j.nullEqual = true
			j.want(t, c.kind.String(), c.want)
		})
	}
}

func TestHashJoinSingleSecondMatchFails(t *testing.T) {
	j := kvJoin(JoinSingle, buildRows) // key 1 twice
	_, err := j.run(t)
	wantErr(t, "single join", err, "more than one row returned by a subquery used as an expression")

	// The error comes when the second partner is reached, even in a later
	// output batch: with one pair per batch, a's first pair is returned,
	// then the second fails.
	setBatchSize(t, 1)
	h, _, _ := kvJoin(JoinSingle, buildRows).op(t)
	batches, err := drainBatches(t, h)
	wantErr(t, "single join, one pair per batch", err, "more than one row returned by a subquery used as an expression")
	if len(batches) != 1 {
		t.Fatalf("%d batches before the error, want 1: %v", len(batches), batches)
	}
	wantRows(t, "batch before the error", batches[0], [][]any{{1, "a", 1, "x"}})
}

// The residual data: probe (k, p) and build (k, lo), joined on k where
// p > lo.
var (
	resTypes = []types.Type{tInt, tInt}
	resProbe = [][]any{{1, 10}, {1, 20}, {2, 5}, {3, 1}, {2, 0}, {1, nil}}
	resBuild = [][]any{{1, 15}, {1, 5}, {2, 10}, {2, 1}}
)

func resJoin(kind JoinKind, probe [][]any) joinTest {
	return joinTest{
		kind:      kind,
		probe:     joinSide{ts: resTypes, rows: probe},
		build:     joinSide{ts: resTypes, rows: resBuild},
		probeKeys: []Expr{ref(0, tInt)},
		buildKeys: []Expr{ref(0, tInt)},
		residual:  cmpE(CmpGt, ref(1, tInt), ref(3, tInt)),
	}
}

func TestHashJoinResidual(t *testing.T) {
	// (2, 0) has partners, none of which pass; (1, NULL) makes the
	// residual NULL, which is no match either.
	pairs := [][]any{{1, 10, 1, 5}, {1, 20, 1, 15}, {1, 20, 1, 5}, {2, 5, 2, 1}}
	for _, c := range []struct {
		name string
		j    joinTest
		want [][]any
	}{
		{"inner", resJoin(JoinInner, resProbe), pairs},
		{"left", resJoin(JoinLeft, resProbe), append(append([][]any(nil), pairs...),
			[]any{3, 1, nil, nil}, []any{2, 0, nil, nil}, []any{1, nil, nil, nil})},
		{"semi", resJoin(JoinSemi, resProbe), [][]any{{1, 10}, {1, 20}, {2, 5}}},
		{"anti", resJoin(JoinAnti, resProbe), [][]any{{3, 1}, {2, 0}, {1, nil}}},
		{"mark", resJoin(JoinMark, resProbe), [][]any{
			{1, 10, true}, {1, 20, true}, {2, 5, true}, {3, 1, false}, {2, 0, false}, {1, nil, false},
		}},
		// Keys 1 and 2 have two build rows each, but the residual leaves
		// at most one partner per probe row: no error.
		{"single", resJoin(JoinSingle, [][]any{{1, 10}, {2, 5}, {3, 1}, {2, 0}}), [][]any{
			{1, 10, 1, 5}, {2, 5, 2, 1}, {3, 1, nil, nil}, {2, 0, nil, nil},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.j.want(t, c.name, c.want)
		})
	}
	// (1, 20) keeps two partners after the residual.
	_, err := resJoin(JoinSingle, resProbe).run(t)
	wantErr(t, "single join with two partners after the residual", err, "more than one row returned")
}

func TestHashJoinResidualAcrossPairBatches(t *testing.T) {
	// With two pairs per batch, the only partner that passes the residual
	// is in the third batch of pairs; semi, anti and mark count it.
	setBatchSize(t, 2)
	build := [][]any{{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}}
	probe := [][]any{{1, 3}, {1, 9}, {2, 3}}
	mk := func(kind JoinKind) joinTest {
		j := resJoin(kind, probe)
		j.build.rows = build
		j.residual = cmpE(CmpLt, ref(1, tInt), ref(3, tInt)) // p < lo
		return j
	}
	mk(JoinSemi).want(t, "semi", [][]any{{1, 3}})
	mk(JoinAnti).want(t, "anti", [][]any{{1, 9}, {2, 3}})
	mk(JoinMark).want(t, "mark", [][]any{{1, 3, true}, {1, 9, false}, {2, 3, false}})
	mk(JoinLeft).want(t, "left", [][]any{{1, 3, 1, 4}, {1, 9, nil, nil}, {2, 3, nil, nil}})
}

func TestHashJoinEmptyBuildSide(t *testing.T) {
	for _, c := range []struct {
		kind JoinKind
		want [][]any
	}{
		{JoinInner, nil},
		{JoinLeft, [][]any{
			{1, "a", nil, nil}, {2, "b", nil, nil}, {nil, "c", nil, nil}, {3, "d", nil, nil}, {1, "e", nil, nil},
		}},
		{JoinSingle, [][]any{
			{1, "a", nil, nil}, {2, "b", nil, nil}, {nil, "c", nil, nil}, {3, "d", nil, nil}, {1, "e", nil, nil},
		}},
		{JoinSemi, nil},
		{JoinAnti, probeRows},
		{JoinMark, [][]any{
			{1, "a", false}, {2, "b", false}, {nil, "c", false}, {3, "d", false}, {1, "e", false},
		}},
	} {
		kvJoin(c.kind, nil).want(t, c.kind.String(), c.want)
	}
	// A build side of one batch of no rows.
	src := newSource(t, mkSchema(kvTypes...), recFromRows(t, kvTypes, nil))
	tbl, err := BuildJoinTable(context.Background(), src, []Expr{ref(0, tInt)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Rows() != 0 {
		t.Errorf("Rows = %d, want 0", tbl.Rows())
	}
	h := NewHashJoin(rowsSource(t, kvTypes, probeRows, 5), NewSharedJoinTable(func(context.Context) (*JoinTable, error) { return tbl, nil }),
		HashJoinSpec{Kind: JoinLeft, ProbeKeys: []Expr{ref(0, tInt)}}, joinSchema(JoinLeft, kvTypes, kvTypes))
	wantRows(t, "left join with a zero-row build batch", drain(t, h), [][]any{
		{1, "a", nil, nil}, {2, "b", nil, nil}, {nil, "c", nil, nil}, {3, "d", nil, nil}, {1, "e", nil, nil},
	})
}

func TestHashJoinEmptyProbeSide(t *testing.T) {
	for _, kind := range []JoinKind{JoinInner, JoinLeft, JoinSemi, JoinAnti, JoinMark, JoinSingle} {
		t.Run(kind.String(), func(t *testing.T) {
			j := kvJoin(kind, buildRows)
			j.probe.rows = nil
			// run checks that the build side was still read once.
			j.want(t, kind.String(), nil)
		})
	}
}

func TestHashJoinNoKeys(t *testing.T) {
	probe := joinSide{ts: []types.Type{tStr, tInt}, rows: [][]any{{"a", 1}, {"b", 3}}}
	build := joinSide{ts: []types.Type{tInt}, rows: [][]any{{1}, {2}, {3}}, per: 2}
	cross := func(kind JoinKind) joinTest { return joinTest{kind: kind, probe: probe, build: build} }
	cross(JoinInner).want(t, "cross join", [][]any{
		{"a", 1, 1}, {"a", 1, 2}, {"a", 1, 3}, {"b", 3, 1}, {"b", 3, 2}, {"b", 3, 3},
	})
	cross(JoinSemi).want(t, "semi, no condition", [][]any{{"a", 1}, {"b", 3}})
	cross(JoinAnti).want(t, "anti, no condition", nil)
	cross(JoinMark).want(t, "mark, no condition", [][]any{{"a", 1, true}, {"b", 3, true}})

	// A non-equi join: only the residual.
	lt := cmpE(CmpLt, ref(1, tInt), ref(2, tInt))
	j := cross(JoinInner)
	j.residual = lt
	j.want(t, "inner on p < q", [][]any{{"a", 1, 2}, {"a", 1, 3}})
	j.kind = JoinLeft
	j.want(t, "left on p < q", [][]any{{"a", 1, 2}, {"a", 1, 3}, {"b", 3, nil}})
	j.kind = JoinAnti
	j.want(t, "anti on p < q", [][]any{{"b", 3}})
	j.kind = JoinMark
	j.want(t, "mark on p < q", [][]any{{"a", 1, true}, {"b", 3, false}})

	// An empty build side.
	j = cross(JoinInner)
	j.build.rows = nil
	j.want(t, "cross join with nothing", nil)
	j.kind = JoinLeft
	j.want(t, "left join with nothing", [][]any{{"a", 1, nil}, {"b", 3, nil}})
	j.kind = JoinAnti
	j.want(t, "anti join with nothing", [][]any{{"a", 1}, {"b", 3}})
	j.kind = JoinMark
	j.nullAware = true
	j.want(t, "null-aware mark join with nothing", [][]any{{"a", 1, false}, {"b", 3, false}})
}

func TestHashJoinMultiColumnKeys(t *testing.T) {
	// Keys BIGINT, VARCHAR, DATE, DECIMAL(10,2), DOUBLE, then a tag.
	ts := []types.Type{tInt, tStr, tDate, dec(10, 2), tDbl, tStr}
	nan2 := math.Float64frombits(0x7ff8000000000abc) // another NaN
	build := [][]any{
		{1, "a", "2020-01-01", "1.50", 0.0, "b0"},
		{1, "a", "2020-01-01", "1.50", nan, "b1"},
		{1, "ab", "2020-01-01", "1.50", 1.0, "b2"},
		{1, "a", "2020-01-02", "1.50", 1.0, "b3"},
		{1, "a", "2020-01-01", "-1.50", 1.0, "b4"},
		{2, "a", "2020-01-01", "1.50", 1.0, "b5"},
		{1, "a", "2020-01-01", "1.50", 1.0, "b6"},
		{1, nil, "2020-01-01", "1.50", 1.0, "b7"},
		{1, "a", "2020-01-01", "1.51", 1.0, "b8"},
	}
	probe := [][]any{
		{1, "a", "2020-01-01", "1.50", negZero, "p0"}, // -0 = 0
		{1, "a", "2020-01-01", "1.50", nan2, "p1"},    // NaN = NaN, whatever the bits
		{1, "a", "2020-01-01", "1.50", 1.0, "p2"},
		{1, nil, "2020-01-01", "1.50", 1.0, "p3"}, // a NULL key part never matches
		{2, "a", "2020-01-01", "-1.50", 1.0, "p4"},
		{1, "ab", "2020-01-01", "1.50", 1.0, "p5"},
		{1, "a", "2020-01-01", "1.50", 2.0, "p6"},
	}
	var pk, bk []Expr
	for i, typ := range ts[:5] {
		pk = append(pk, ref(i, typ))
		bk = append(bk, ref(i, typ))
	}
	tags := func(rows [][]any) [][]any {
		var out [][]any
		for _, r := range rows {
			out = append(out, []any{r[5], r[11]})
		}
		return out
	}
	j := joinTest{kind: JoinInner, probe: joinSide{ts: ts, rows: probe, per: 3}, build: joinSide{ts: ts, rows: build, per: 4}, probeKeys: pk, buildKeys: bk}
	got, err := j.run(t)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "pairs", tags(got), [][]any{{"p0", "b0"}, {"p1", "b1"}, {"p2", "b6"}, {"p5", "b2"}})
	j.nullEqual = true
	got, err = j.run(t)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "pairs, NULLs equal", tags(got), [][]any{{"p0", "b0"}, {"p1", "b1"}, {"p2", "b6"}, {"p3", "b7"}, {"p5", "b2"}})
}

func TestHashJoinOutputLargerThanBatchSize(t *testing.T) {
	// One probe batch of 3 rows makes 11 pairs: batches of at most 4,
	// one probe row's partners split across batches.
	setBatchSize(t, 4)
	j := joinTest{
		kind:      JoinInner,
		probe:     joinSide{ts: []types.Type{tInt, tStr}, rows: [][]any{{1, "p"}, {2, "q"}, {1, "r"}, {9, "s"}}},
		build:     joinSide{ts: []types.Type{tInt, tInt}, rows: [][]any{{1, 0}, {1, 1}, {2, 5}, {1, 2}, {1, 3}, {1, 4}}},
		probeKeys: []Expr{ref(0, tInt)},
		buildKeys: []Expr{ref(0, tInt)},
	}
	batches := func(j joinTest) [][][]any {
		t.Helper()
		h, _, _ := j.op(t)
		b, err := drainBatches(t, h)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	wantBatches := func(what string, got, want [][][]any) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d batches, want %d: %v", what, len(got), len(want), got)
		}
		for i := range want {
			wantRows(t, fmt.Sprintf("%s, batch %d", what, i), got[i], want[i])
		}
	}
	wantBatches("inner", batches(j), [][][]any{
		{{1, "p", 1, 0}, {1, "p", 1, 1}, {1, "p", 1, 2}, {1, "p", 1, 3}},
		{{1, "p", 1, 4}, {2, "q", 2, 5}, {1, "r", 1, 0}, {1, "r", 1, 1}},
		{{1, "r", 1, 2}, {1, "r", 1, 3}, {1, "r", 1, 4}},
	})
	j.kind = JoinLeft
	wantBatches("left", batches(j), [][][]any{
		{{1, "p", 1, 0}, {1, "p", 1, 1}, {1, "p", 1, 2}, {1, "p", 1, 3}},
		{{1, "p", 1, 4}, {2, "q", 2, 5}, {1, "r", 1, 0}, {1, "r", 1, 1}},
		{{1, "r", 1, 2}, {1, "r", 1, 3}, {1, "r", 1, 4}},
		{{9, "s", nil, nil}},
	})
	// A residual thins each batch of pairs; empty ones are skipped.
	j.kind = JoinInner
	j.residual = cmpE(CmpGe, ref(3, tInt), lit(t, tInt, 4))
	wantBatches("inner with a residual", batches(j), [][][]any{
		{{1, "p", 1, 4}, {2, "q", 2, 5}},
		{{1, "r", 1, 4}},
	})
}

func TestHashJoinBatchSchema(t *testing.T) {
	// Every kind's batches carry the join's schema, even when its names
	// differ from the probe side's (drainBatches checks each batch).
	for _, kind := range []JoinKind{JoinInner, JoinLeft, JoinSemi, JoinAnti, JoinMark, JoinSingle} {
		t.Run(kind.String(), func(t *testing.T) {
			j := kvJoin(kind, [][]any{{1, "x"}, {2, "z"}})
			base := joinSchema(kind, kvTypes, kvTypes)
			fields := make([]arrow.Field, base.NumFields())
			for i, f := range base.Fields() {
				f.Name = fmt.Sprintf("out%d", i)
				fields[i] = f
			}
			h := NewHashJoin(j.probe.source(t), sharedOf(j.build.source(t), j.buildKeys, false, nil), j.spec(), arrow.NewSchema(fields, nil))
			rows := drain(t, h)
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
		})
	}
}

// failExpr is an expression whose evaluation fails.
type failExpr struct{ T types.Type }

func (e failExpr) Type() types.Type                       { return e.T }
func (e failExpr) String() string                         { return "fail()" }
func (e failExpr) Eval(arrow.Record) (arrow.Array, error) { return nil, errors.New("eval failed") }

func TestHashJoinErrors(t *testing.T) {
	boom := errors.New("boom")
	t.Run("build side fails", func(t *testing.T) {
		j := kvJoin(JoinInner, buildRows)
		j.build.per = 2
		h, probe, build := j.op(t)
		build.failAt = 1
		build.failErr = boom
		_, err := drainErr(t, h)
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
		// The probe side opened while the table built.
		if build.closes != 1 || probe.opens != 1 || probe.closes != 1 {
			t.Errorf("build closed %d times, probe opened %d and closed %d times; want 1, 1, 1", build.closes, probe.opens, probe.closes)
		}
	})
	t.Run("build side fails to open", func(t *testing.T) {
		h, _, build := kvJoin(JoinInner, buildRows).op(t)
		build.openErr = boom
		_, err := drainErr(t, h)
		if !errors.Is(err, boom) || build.closes != 1 {
			t.Errorf("error %v, build closes %d; want %v, 1", err, build.closes, boom)
		}
	})
	t.Run("build key fails", func(t *testing.T) {
		j := kvJoin(JoinInner, buildRows)
		j.buildKeys = []Expr{failExpr{tInt}}
		_, err := j.run(t)
		wantErr(t, "build key", err, "eval failed")
	})
	t.Run("probe key fails", func(t *testing.T) {
		j := kvJoin(JoinInner, buildRows)
		j.probeKeys = []Expr{failExpr{tInt}}
		_, err := j.run(t)
		wantErr(t, "probe key", err, "eval failed")
	})
	t.Run("residual fails", func(t *testing.T) {
		j := kvJoin(JoinSemi, buildRows)
		j.residual = failExpr{tBool}
		_, err := j.run(t)
		wantErr(t, "residual", err, "eval failed")
	})
	t.Run("residual not BOOLEAN", func(t *testing.T) {
		j := kvJoin(JoinInner, buildRows)
		j.residual = ref(0, tInt)
		_, err := j.run(t)
		wantErr(t, "residual", err, "is not BOOLEAN")
	})
	t.Run("probe side fails", func(t *testing.T) {
		j := kvJoin(JoinInner, buildRows)
		j.probe.per = 2
		h, probe, _ := j.op(t)
		probe.failAt = 1
		probe.failErr = boom
		batches, err := drainBatches(t, h)
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
		if len(batches) != 1 {
			t.Errorf("%d batches before the error, want 1", len(batches))
		}
	})
}

func TestBuildJoinTable(t *testing.T) {
	src := rowsSource(t, kvTypes, buildRows, 2)
	tbl, err := BuildJoinTable(context.Background(), src, []Expr{ref(0, tInt)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Rows() != 5 {
		t.Errorf("Rows = %d, want 5", tbl.Rows())
	}
	// 5 BIGINTs and 5 strings at least.
	if tbl.Bytes() < 5*8+5 {
		t.Errorf("Bytes = %d, too small", tbl.Bytes())
	}
	if src.opens != 1 || src.closes != 1 {
		t.Errorf("source opened %d and closed %d times, want 1 and 1", src.opens, src.closes)
	}
}

func TestSharedJoinTableConcurrentProbes(t *testing.T) {
	// Several goroutines, each with its own HashJoin over one shared
	// table: the table is built once and every probe gets the whole
	// answer (run under -race).
	const buildN, probeN, workers = 1000, 300, 6
	var build [][]any
	for i := 0; i < buildN; i++ {
		k := any(i % 97)
		if i%50 == 0 {
			k = nil
		}
		build = append(build, []any{k, fmt.Sprintf("b%d", i)})
	}
	probes := make([][][]any, workers)
	wants := make([][][]any, workers)
	for w := range probes {
		for i := 0; i < probeN; i++ {
			k := any((i*7 + w) % 110) // keys 97..109 have no partner
			if i%41 == 0 {
				k = nil
			}
			probes[w] = append(probes[w], []any{k, fmt.Sprintf("w%dp%d", w, i)})
		}
		// The answer, by nested loops: partners in build order.
		for _, p := range probes[w] {
			for _, b := range build {
				if p[0] != nil && b[0] != nil && p[0] == b[0] {
					wants[w] = append(wants[w], []any{p[0], p[1], b[0], b[1]})
				}
			}
		}
	}
	var builds atomic.Int32
	shared := sharedOf(rowsSource(t, kvTypes, build, 128), []Expr{ref(0, tInt)}, false, &builds)
	setBatchSize(t, 100)
	joins := make([]*HashJoin, workers)
	for w := range joins {
		joins[w] = NewHashJoin(rowsSource(t, kvTypes, probes[w], 64), shared,
			HashJoinSpec{Kind: JoinInner, ProbeKeys: []Expr{ref(0, tInt)}}, joinSchema(JoinInner, kvTypes, kvTypes))
	}
	got := make([][][]any, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range joins {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			got[w], errs[w] = drainErr(t, joins[w])
		}(w)
	}
	wg.Wait()
	for w := range joins {
		if errs[w] != nil {
			t.Fatalf("probe %d: %v", w, errs[w])
		}
		if len(wants[w]) == 0 {
			t.Fatalf("probe %d: the test expects no rows", w)
		}
		wantRows(t, fmt.Sprintf("probe %d", w), got[w], wants[w])
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("the table was built %d times, want 1", n)
	}
}

func TestSharedJoinTableBuildErrorReachesEveryProbe(t *testing.T) {
	var builds atomic.Int32
	boom := errors.New("boom")
	shared := NewSharedJoinTable(func(context.Context) (*JoinTable, error) {
		builds.Add(1)
		return nil, boom
	})
	for i := 0; i < 3; i++ {
		probe := rowsSource(t, kvTypes, probeRows, 2)
		h := NewHashJoin(probe, shared, HashJoinSpec{Kind: JoinInner, ProbeKeys: []Expr{ref(0, tInt)}}, joinSchema(JoinInner, kvTypes, kvTypes))
		_, err := drainErr(t, h)
		if !errors.Is(err, boom) {
			t.Errorf("probe %d: error %v, want %v", i, err, boom)
		}
		// The probe side opens while the table builds.
		if probe.opens != 1 || probe.closes != 1 {
			t.Errorf("probe %d opened %d and closed %d times, want 1 and 1", i, probe.opens, probe.closes)
		}
	}
	if builds.Load() != 1 {
		t.Errorf("built %d times, want 1", builds.Load())
	}
}

// ctxSource is a fakeSource that honours its context, as real scans do.
type ctxSource struct{ *fakeSource }

func (s ctxSource) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.fakeSource.Next(ctx)
}

func TestHashJoinContextCancel(t *testing.T) {
	t.Run("while building", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		build := ctxSource{rowsSource(t, kvTypes, buildRows, 2)}
		probe := rowsSource(t, kvTypes, probeRows, 2)
		h := NewHashJoin(probe, sharedOf(build, []Expr{ref(0, tInt)}, false, nil),
			HashJoinSpec{Kind: JoinInner, ProbeKeys: []Expr{ref(0, tInt)}}, joinSchema(JoinInner, kvTypes, kvTypes))
		_, err := drainErr(t, &ctxOp{h, ctx})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		// The build stops (and is closed) by the time the join is closed.
		if build.closes != 1 || probe.closes != 1 {
			t.Errorf("build closed %d times, probe closed %d times; want 1, 1", build.closes, probe.closes)
		}
	})
	t.Run("before reading the probe side", func(t *testing.T) {
		// The probe source ignores the context; the join itself notices it
		// before reading a probe batch.
		ctx, cancel := context.WithCancel(context.Background())
		j := kvJoin(JoinInner, buildRows)
		j.probe.rows = [][]any{{7, "a"}, {8, "b"}, {9, "c"}}
		j.probe.per = 1
		h, probe, _ := j.op(t)
		if err := h.Open(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		rec, err := h.Next(ctx)
		if rec != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("Next = %v, %v; want nil, context.Canceled", rec, err)
		}
		if probe.nexts != 0 {
			t.Errorf("the probe side was read %d times, want 0", probe.nexts)
		}
		if err := h.Close(); err != nil {
			t.Error(err)
		}
	})
	t.Run("between the output batches of a probe batch", func(t *testing.T) {
		// A probe batch that pairs into several output batches stops
		// between them, and Close releases it.
		setBatchSize(t, 2)
		ctx, cancel := context.WithCancel(context.Background())
		j := kvJoin(JoinInner, buildRows)
		j.probe.per = 2 // [a b] [c d] [e]
		h, probe, _ := j.op(t)
		if err := h.Open(ctx); err != nil {
			t.Fatal(err)
		}
		rec, err := h.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, "first batch", recRows(t, rec), [][]any{{1, "a", 1, "x"}, {1, "a", 1, "y"}})
		rec.Release()
		cancel()
		rec, err = h.Next(ctx)
		if rec != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("Next = %v, %v; want nil, context.Canceled", rec, err)
		}
		if probe.nexts != 1 {
			t.Errorf("the probe side was read %d times, want 1", probe.nexts)
		}
		if err := h.Close(); err != nil {
			t.Error(err)
		}
	})
}

func TestJoinKindString(t *testing.T) {
	var got []string
	for k := JoinInner; k <= JoinSingle; k++ {
		got = append(got, k.String())
	}
	if fmt.Sprint(got) != "[inner left semi anti mark single]" {
		t.Errorf("names %v", got)
	}
}

// nullOfType is an expression of a type whose evaluation gives an array of
// the NULL type (as an untyped NULL literal cast lazily might).
type nullOfType struct{ T types.Type }

func (e nullOfType) Type() types.Type { return e.T }
func (e nullOfType) String() string   { return "NULL" }
func (e nullOfType) Eval(b arrow.Record) (arrow.Array, error) {
	return NewNullArray(int(b.NumRows())), nil
}

func TestHashJoinNullTypedKeyArrays(t *testing.T) {
	// A key whose batch is of the NULL type encodes like its type's NULLs:
	// with NullEqual it finds the build side's NULL keys, on either side.
	j := kvJoin(JoinInner, buildRows)
	j.nullEqual = true
	j.probeKeys = []Expr{nullOfType{tInt}}
	j.probe.rows = [][]any{{5, "p"}}
	j.want(t, "probe key all NULL", [][]any{{5, "p", nil, "n"}})

	j = kvJoin(JoinSemi, buildRows)
	j.nullEqual = true
	j.buildKeys = []Expr{nullOfType{tInt}}
	j.want(t, "build key all NULL", [][]any{{nil, "c"}})
}
