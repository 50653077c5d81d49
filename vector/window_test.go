package vector

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Frame bounds, shortly.
var (
	unbPre = FrameBound{Kind: FrameUnboundedPreceding}
	unbFol = FrameBound{Kind: FrameUnboundedFollowing}
	curRow = FrameBound{Kind: FrameCurrentRow}
)

func pre(off any) FrameBound { return FrameBound{Kind: FramePreceding, Offset: off} }
func fol(off any) FrameBound { return FrameBound{Kind: FrameFollowing, Offset: off} }

func rowsFr(s, e FrameBound) Frame  { return Frame{Start: s, End: e} }
func rangeFr(s, e FrameBound) Frame { return Frame{Range: true, Start: s, End: e} }

// The default frames: with ORDER BY, up to the current row's last peer;
// without, the whole partition.
var (
	growing = rangeFr(unbPre, curRow)
	whole   = rangeFr(unbPre, unbFol)
)

// windowSchema is the output schema of a window over in keeping every
// input column.
func windowSchema(in *arrow.Schema, keep int, funcs []WindowFunc) *arrow.Schema {
	fields := append([]arrow.Field(nil), in.Fields()[:keep]...)
	for i, f := range funcs {
		var at types.Type
		if len(f.Args) > 0 && f.Args[0] < in.NumFields() {
			at, _ = types.FromArrow(in.Field(f.Args[0]).Type)
		}
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("f%d", i), Type: WindowResultType(f.Func, at).Arrow(), Nullable: true})
	}
	return arrow.NewSchema(fields, nil)
}

// runWindow computes funcs over rows (in batches of per) with each of
// 1 and 3 workers, checks that both agree, and returns each function's
// values in input order.
func runWindow(t *testing.T, ts []types.Type, rows [][]any, per int, partition []int, order []SortKey, funcs ...WindowFunc) [][]any {
	t.Helper()
	var first [][]any
	for _, workers := range []int{1, 3} {
		src := rowsSource(t, ts, rows, per)
		w, err := NewWindow(src, partition, order, funcs, len(ts), windowSchema(src.Schema(), len(ts), funcs), workers)
		if err != nil {
			t.Fatalf("NewWindow: %v", err)
		}
		out := drain(t, w)
		if len(out) != len(rows) {
			t.Fatalf("%d rows out for %d in", len(out), len(rows))
		}
		cols := make([][]any, len(funcs))
		for r, row := range out {
			wantVals(t, fmt.Sprintf("row %d's input columns", r), row[:len(ts)], normalize(t, ts, rows[r])...)
			for f := range funcs {
				cols[f] = append(cols[f], row[len(ts)+f])
			}
		}
		if first == nil {
			first = cols
			continue
		}
		for f := range funcs {
			wantVals(t, fmt.Sprintf("function %d (%s) with %d workers", f, funcs[f].Func, workers), cols[f], first[f]...)
		}
	}
	return first
}

// normalize reads test values the way they come back from an array.
func normalize(t *testing.T, ts []types.Type, row []any) []any {
	t.Helper()
	rec := recFromRows(t, ts, [][]any{row})
	defer rec.Release()
	return recRows(t, rec)[0]
}

func wf(f WinFunc, args ...int) WindowFunc { return WindowFunc{Func: f, Args: args, Frame: growing} }

func withFrame(f WindowFunc, fr Frame) WindowFunc { f.Frame = fr; return f }

func withN(f WindowFunc, n int64) WindowFunc { f.N = n; return f }

func TestWindowRanking(t *testing.T) {
	setBatchSize(t, 2)
	ts := []types.Type{tStr, tInt}
	rows := [][]any{
		{"a", 2}, {"b", 1}, {"a", 1}, {"a", 2}, {nil, 5}, {"a", nil}, {"b", 1}, {nil, 3}, {"a", 3},
	}
	got := runWindow(t, ts, rows, 2, []int{0}, []SortKey{{Col: 1}},
		wf(WinRowNumber), wf(WinRank), wf(WinDenseRank), wf(WinPercentRank), wf(WinCumeDist), withN(wf(WinNtile), 3))
	// Partition a by key: rows 2 (1), 0 (2), 3 (2), 8 (3), 5 (NULL last).
	wantVals(t, "row_number", got[0], 2, 1, 1, 3, 2, 5, 2, 1, 4)
	wantVals(t, "rank", got[1], 2, 1, 1, 2, 2, 5, 1, 1, 4)
	wantVals(t, "dense_rank", got[2], 2, 1, 1, 2, 2, 4, 1, 1, 3)
	wantVals(t, "percent_rank", got[3], 0.25, 0.0, 0.0, 0.25, 1.0, 1.0, 0.0, 0.0, 0.75)
	wantVals(t, "cume_dist", got[4], 0.6, 1.0, 0.2, 0.6, 1.0, 1.0, 1.0, 0.5, 0.8)
	// 5 rows in 3 buckets: 2, 2, 1; 2 rows: 1, 1, 0.
	wantVals(t, "ntile(3)", got[5], 1, 1, 1, 2, 2, 3, 2, 1, 2)

	// Descending: NULL first.
	got = runWindow(t, ts, rows, 4, []int{0}, []SortKey{{Col: 1, Desc: true}}, wf(WinRowNumber), wf(WinRank))
	wantVals(t, "row_number desc", got[0], 3, 1, 5, 4, 1, 1, 2, 2, 2)
	wantVals(t, "rank desc", got[1], 3, 1, 5, 3, 1, 1, 1, 2, 2)

	// No ORDER BY: every row of a partition is a peer of every other.
	got = runWindow(t, ts, rows, 3, []int{0}, nil, wf(WinRowNumber), wf(WinRank), wf(WinCumeDist))
	wantVals(t, "row_number unordered (input order)", got[0], 1, 1, 2, 3, 1, 4, 2, 2, 5)
	wantVals(t, "rank unordered", got[1], 1, 1, 1, 1, 1, 1, 1, 1, 1)
	wantVals(t, "cume_dist unordered", got[2], 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)

	// No PARTITION BY: one partition.
	got = runWindow(t, ts, rows, 5, nil, []SortKey{{Col: 1}, {Col: 0, Desc: true}}, wf(WinRowNumber), wf(WinDenseRank))
	// By key then name descending (NULL first): (b,1) 1, (b,1) 6, (a,1) 2,
	// (a,2) 0, (a,2) 3, (NULL,3) 7, (a,3) 8, (NULL,5) 4, (a,NULL) 5.
	wantVals(t, "row_number two keys", got[0], 4, 1, 3, 5, 8, 9, 2, 6, 7)
	wantVals(t, "dense_rank two keys", got[1], 3, 1, 2, 3, 6, 7, 1, 4, 5)
}

func TestWindowNtile(t *testing.T) {
	var rows [][]any
	for i := 0; i < 10; i++ {
		rows = append(rows, []any{i})
	}
	for _, c := range []struct {
		n    int64
		want []any
	}{
		{1, []any{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{3, []any{1, 1, 1, 1, 2, 2, 2, 3, 3, 3}},
		{4, []any{1, 1, 1, 2, 2, 2, 3, 3, 4, 4}},
		{10, []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{25, []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		got := runWindow(t, []types.Type{tInt}, rows, 3, nil, []SortKey{{Col: 0}}, withN(wf(WinNtile), c.n))
		wantVals(t, fmt.Sprintf("ntile(%d)", c.n), got[0], c.want...)
	}
}

func TestWindowLagLead(t *testing.T) {
	ts := []types.Type{tInt, tInt, tStr, tStr}
	rows := [][]any{
		{1, 3, "c", "d0"},
		{2, 1, "x", "d1"},
		{1, 1, "a", "d2"},
		{1, 2, nil, "d3"},
		{2, 2, "y", nil},
		{1, 4, "e", "d5"},
	}
	got := runWindow(t, ts, rows, 4, []int{0}, []SortKey{{Col: 1}},
		withN(wf(WinLag, 2), 1), withN(wf(WinLag, 2, 3), 2), withN(wf(WinLead, 2), 1), withN(wf(WinLead, 2, 3), 1),
		withN(wf(WinLag, 2), 0), withN(wf(WinLag, 2), 1<<62))
	// Partition 1 in order: rows 2 (a), 3 (NULL), 0 (c), 5 (e); partition
	// 2: rows 1 (x), 4 (y).
	wantVals(t, "lag(v)", got[0], nil, nil, nil, "a", "x", "c")
	wantVals(t, "lag(v, 2, d)", got[1], "a", "d1", "d2", "d3", nil, nil)
	wantVals(t, "lead(v)", got[2], "e", "y", nil, "c", nil, nil)
	wantVals(t, "lead(v, 1, d)", got[3], "e", "y", nil, "c", nil, "d5")
	wantVals(t, "lag(v, 0)", got[4], "c", "x", "a", nil, "y", "e")
	wantVals(t, "lag(v, 2^62)", got[5], nil, nil, nil, nil, nil, nil)
}

// frameRows is a partition of six rows whose order key has ties and a
// NULL, and whose value has a NULL; in window order (key ascending) the
// rows are 0, 1, 2, 3, 5, 4.
var frameRows = [][]any{
	{1, 10},
	{2, nil},
	{2, 5},
	{4, 1},
	{nil, 7},
	{5, 2},
}

func TestWindowFrames(t *testing.T) {
	setBatchSize(t, 4)
	ts := []types.Type{tInt, tInt}
	asc := []SortKey{{Col: 0}}
	for _, c := range []struct {
		name string
		f    WindowFunc
		want []any // in input order
	}{
		// Running sum; the peers (key 2) come in together, NULL keys last.
		{"sum default frame", wf(WinSum, 1), []any{10, 15, 15, 16, 25, 18}},
		{"sum rows 1 preceding 1 following", withFrame(wf(WinSum, 1), rowsFr(pre(int64(1)), fol(int64(1)))), []any{10, 15, 6, 8, 9, 10}},
		{"count rows 2 preceding 1 preceding", withFrame(wf(WinCount, 1), rowsFr(pre(int64(2)), pre(int64(1)))), []any{0, 1, 1, 1, 2, 2}},
		{"sum rows 2 preceding 1 preceding", withFrame(wf(WinSum, 1), rowsFr(pre(int64(2)), pre(int64(1)))), []any{nil, 10, 10, 5, 3, 6}},
		{"count(*) rows 1 following 3 following", withFrame(wf(WinCountStar), rowsFr(fol(int64(1)), fol(int64(3)))), []any{3, 3, 3, 2, 0, 1}},
		{"min rows current 2 following", withFrame(wf(WinMin, 1), rowsFr(curRow, fol(int64(2)))), []any{5, 1, 1, 1, 7, 2}},
		{"max rows current 2 following", withFrame(wf(WinMax, 1), rowsFr(curRow, fol(int64(2)))), []any{10, 5, 5, 7, 7, 7}},
		{"max rows unbounded preceding current", withFrame(wf(WinMax, 1), rowsFr(unbPre, curRow)), []any{10, 10, 10, 10, 10, 10}},
		{"min rows 1 preceding current", withFrame(wf(WinMin, 1), rowsFr(pre(int64(1)), curRow)), []any{10, 10, 5, 1, 2, 1}},
		{"sum range 1 preceding 1 following", withFrame(wf(WinSum, 1), rangeFr(pre(int64(1)), fol(int64(1)))), []any{15, 15, 15, 3, 7, 3}},
		{"sum range 1 preceding unbounded following", withFrame(wf(WinSum, 1), rangeFr(pre(int64(1)), unbFol)), []any{25, 25, 25, 10, 7, 10}},
		{"count(*) range current unbounded following", withFrame(wf(WinCountStar), rangeFr(curRow, unbFol)), []any{6, 5, 5, 3, 1, 2}},
		{"count(*) range 1 following 2 following", withFrame(wf(WinCountStar), rangeFr(fol(int64(1)), fol(int64(2)))), []any{2, 1, 1, 1, 1, 0}},
		{"first_value default frame", wf(WinFirstValue, 1), []any{10, 10, 10, 10, 10, 10}},
		{"last_value default frame", wf(WinLastValue, 1), []any{10, 5, 5, 1, 7, 2}},
		{"last_value whole", withFrame(wf(WinLastValue, 1), whole), []any{7, 7, 7, 7, 7, 7}},
		{"nth_value 2 rows 1 preceding unbounded following", withN(withFrame(wf(WinNthValue, 1), rowsFr(pre(int64(1)), unbFol)), 2), []any{nil, nil, 5, 1, 7, 2}},
		{"first_value empty frames", withFrame(wf(WinFirstValue, 1), rowsFr(fol(int64(5)), fol(int64(9)))), []any{7, nil, nil, nil, nil, nil}},
		{"avg whole", withFrame(wf(WinAvg, 1), whole), []any{5.0, 5.0, 5.0, 5.0, 5.0, 5.0}},
		{"avg rows 1 preceding current", withFrame(wf(WinAvg, 1), rowsFr(pre(int64(1)), curRow)), []any{10.0, 10.0, 5.0, 3.0, 4.5, 1.5}},
		{"count(*) rows unbounded", withFrame(wf(WinCountStar), rowsFr(unbPre, unbFol)), []any{6, 6, 6, 6, 6, 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := runWindow(t, ts, frameRows, 3, nil, asc, c.f)
			wantVals(t, c.name, got[0], c.want...)
		})
	}
	// Descending, NULL key first: rows 4 (NULL), 5, 3, 1, 2, 0; 1
	// PRECEDING means a key up to 1 larger.
	got := runWindow(t, ts, frameRows, 2, nil, []SortKey{{Col: 0, Desc: true}},
		withFrame(wf(WinSum, 1), rangeFr(pre(int64(1)), curRow)), withFrame(wf(WinSum, 1), rangeFr(curRow, fol(int64(2)))),
		wf(WinSum, 1))
	wantVals(t, "sum range desc 1 preceding", got[0], 15, 5, 5, 3, 7, 2)
	wantVals(t, "sum range desc current 2 following", got[1], 10, 15, 15, 6, 7, 3)
	wantVals(t, "running sum desc", got[2], 25, 15, 15, 10, 7, 9)
}

func TestWindowRangeKeyTypes(t *testing.T) {
	dec := types.DecimalType(5, 2)
	rows := [][]any{
		{"2024-01-01", "1.50", 1.0, "1.0", "2024-01-01 00:00:00"},
		{"2024-01-03", "2.25", 1.4, "1.5", "2024-01-01 00:30:00"},
		{"2024-01-04", nil, 2.0, "3.0", "2024-01-01 02:00:00"},
		{"2024-01-10", "0.05", nan, "3.0", "2024-01-01 02:59:59"},
		{nil, "1.00", 2.6, nil, nil},
	}
	ts := []types.Type{tDate, dec, tDbl, types.DecimalType(4, 1), tTS}
	got := runWindow(t, ts, rows, 2, nil, []SortKey{{Col: 0}},
		withFrame(wf(WinSum, 1), rangeFr(pre(int64(2)), curRow)), withFrame(wf(WinAvg, 1), rangeFr(pre(int64(2)), curRow)))
	wantVals(t, "sum over 2 days", got[0], decVal("1.50"), decVal("3.75"), decVal("2.25"), decVal("0.05"), decVal("1.00"))
	wantVals(t, "avg over 2 days", got[1], decVal("1.500000"), decVal("1.875000"), decVal("2.250000"), decVal("0.050000"), decVal("1.000000"))

	// NaN sorts above every number and is a peer of NaN only.
	got = runWindow(t, ts, rows, 2, nil, []SortKey{{Col: 2}}, withFrame(wf(WinCountStar), rangeFr(pre(0.5), fol(0.5))))
	wantVals(t, "count within 0.5", got[0], 2, 2, 1, 1, 1)

	got = runWindow(t, ts, rows, 2, nil, []SortKey{{Col: 3}}, withFrame(wf(WinCountStar), rangeFr(pre(decimal128.FromI64(5)), curRow)))
	wantVals(t, "count within 0.5 before (decimal)", got[0], 1, 2, 2, 2, 1)

	hour := int64(3600 * 1e6)
	got = runWindow(t, ts, rows, 2, nil, []SortKey{{Col: 4, Desc: true}}, withFrame(wf(WinCountStar), rangeFr(curRow, fol(hour))))
	// Descending: 1 FOLLOWING is up to an hour earlier.
	wantVals(t, "count within the hour before", got[0], 1, 2, 1, 2, 1)
}

func TestWindowTypes(t *testing.T) {
	dec := types.DecimalType(10, 3)
	ts := []types.Type{tInt, tStr, tDbl, dec, tBool, tDate, tNull}
	rows := [][]any{
		{1, "pear", 1.5, "1.125", true, "2020-02-29", nil},
		{1, "apple", nil, "-2.000", false, nil, nil},
		{2, nil, math.Inf(1), nil, nil, "1999-12-31", nil},
		{2, "fig", -1.0, "9999999.999", true, "2000-01-01", nil},
		{2, "kiwi", math.Inf(-1), "0.001", false, "1970-01-01", nil},
	}
	part := []int{0}
	got := runWindow(t, ts, rows, 2, part, nil,
		withFrame(wf(WinMin, 1), whole), withFrame(wf(WinMax, 1), whole),
		withFrame(wf(WinSum, 2), whole), withFrame(wf(WinSum, 3), whole), withFrame(wf(WinAvg, 3), whole),
		withFrame(wf(WinMin, 4), whole), withFrame(wf(WinMax, 5), whole), withFrame(wf(WinFirstValue, 6), whole),
		withFrame(wf(WinCount, 6), whole), withFrame(wf(WinSum, 6), whole), withFrame(wf(WinMax, 6), whole))
	wantVals(t, "min(varchar)", got[0], "apple", "apple", "fig", "fig", "fig")
	wantVals(t, "max(varchar)", got[1], "pear", "pear", "kiwi", "kiwi", "kiwi")
	wantVals(t, "sum(double) with infinities", got[2], 1.5, 1.5, nan, nan, nan)
	wantVals(t, "sum(decimal)", got[3], decVal("-0.875"), decVal("-0.875"), decVal("10000000.000"), decVal("10000000.000"), decVal("10000000.000"))
	wantVals(t, "avg(decimal)", got[4], decVal("-0.4375000"), decVal("-0.4375000"), decVal("5000000.0000000"), decVal("5000000.0000000"), decVal("5000000.0000000"))
	wantVals(t, "min(boolean)", got[5], false, false, false, false, false)
	wantVals(t, "max(date)", got[6], "2020-02-29", "2020-02-29", "2000-01-01", "2000-01-01", "2000-01-01")
	wantVals(t, "first_value(NULL)", got[7], nil, nil, nil, nil, nil)
	wantVals(t, "count(NULL)", got[8], 0, 0, 0, 0, 0)
	wantVals(t, "sum(NULL)", got[9], nil, nil, nil, nil, nil)
	wantVals(t, "max(NULL)", got[10], nil, nil, nil, nil, nil)

	// Infinities leave a sliding frame cleanly.
	got = runWindow(t, []types.Type{tDbl}, [][]any{{1.0}, {math.Inf(1)}, {2.0}, {math.Inf(-1)}, {nan}, {3.0}, {4.0}}, 3, nil, nil,
		withFrame(wf(WinSum, 0), rowsFr(pre(int64(1)), curRow)))
	wantVals(t, "sliding sum of specials", got[0], 1.0, math.Inf(1), math.Inf(1), math.Inf(-1), nan, nan, 7.0)
}

func TestWindowBigintSums(t *testing.T) {
	max64 := int64(math.MaxInt64)
	rows := [][]any{{max64}, {-max64}, {max64}, {int64(-1)}, {nil}}
	// Every two-row frame fits, though the running total of a growing
	// frame would not.
	got := runWindow(t, []types.Type{tInt}, rows, 2, nil, nil,
		withFrame(wf(WinSum, 0), rowsFr(pre(int64(1)), curRow)),
		withFrame(wf(WinAvg, 0), rowsFr(curRow, fol(int64(1)))))
	wantVals(t, "sliding sum", got[0], max64, 0, 0, max64-1, -1)
	wantVals(t, "sliding avg", got[1], 0.0, 0.0, float64(max64-1)/2, -1.0, nil)

	src := rowsSource(t, []types.Type{tInt}, [][]any{{max64}, {int64(1)}}, 1)
	funcs := []WindowFunc{withFrame(wf(WinSum, 0), rowsFr(unbPre, curRow))}
	w, err := NewWindow(src, nil, nil, funcs, 1, windowSchema(src.Schema(), 1, funcs), 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = drainErr(t, w)
	wantErr(t, "sum past BIGINT", err, "SUM exceeds the BIGINT range")
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("error %v is not ErrOutOfRange", err)
	}
}

func TestWindowEdges(t *testing.T) {
	// No rows: no batches.
	src := rowsSource(t, []types.Type{tInt}, nil, 1)
	funcs := []WindowFunc{wf(WinRowNumber), wf(WinSum, 0)}
	w, err := NewWindow(src, []int{0}, []SortKey{{Col: 0}}, funcs, 1, windowSchema(src.Schema(), 1, funcs), 2)
	if err != nil {
		t.Fatal(err)
	}
	if rows := drain(t, w); len(rows) != 0 {
		t.Errorf("%d rows from no input", len(rows))
	}

	// One-row partitions.
	got := runWindow(t, []types.Type{tInt, tInt}, [][]any{{1, 5}, {2, nil}, {3, 7}}, 1, []int{0}, []SortKey{{Col: 1}},
		wf(WinRowNumber), wf(WinPercentRank), withN(wf(WinLag, 1), 1), wf(WinSum, 1), withN(wf(WinNtile), 4))
	wantVals(t, "row_number", got[0], 1, 1, 1)
	wantVals(t, "percent_rank", got[1], 0.0, 0.0, 0.0)
	wantVals(t, "lag", got[2], nil, nil, nil)
	wantVals(t, "sum", got[3], 5, nil, 7)
	wantVals(t, "ntile", got[4], 1, 1, 1)

	// Keep fewer columns than the input has; empty batches are skipped.
	ts := []types.Type{tInt, tStr}
	recs := recsFromRows(t, ts, [][]any{{2, "x"}, {1, "y"}}, 1)
	empty := recFromRows(t, ts, nil)
	src = newSource(t, mkSchema(ts...), recs[0], empty, recs[1])
	funcs = []WindowFunc{wf(WinRowNumber)}
	w, err = NewWindow(src, nil, []SortKey{{Col: 0}}, funcs, 1, windowSchema(src.Schema(), 1, funcs), 1)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "kept columns", drain(t, w), [][]any{{int64(2), int64(2)}, {int64(1), int64(1)}})
}

func TestWindowErrors(t *testing.T) {
	ts := []types.Type{tInt, tStr, tDbl}
	newWin := func(order []SortKey, f WindowFunc) error {
		src := rowsSource(t, ts, nil, 1)
		defer src.Close()
		_, err := NewWindow(src, nil, order, []WindowFunc{f}, 3, windowSchema(src.Schema(), 3, []WindowFunc{f}), 1)
		return err
	}
	asc := []SortKey{{Col: 0}}
	for _, c := range []struct {
		name  string
		order []SortKey
		f     WindowFunc
		want  string
	}{
		{"sum of text", asc, wf(WinSum, 1), "cannot add values of type VARCHAR"},
		{"ntile 0", asc, wf(WinNtile), "must be positive"},
		{"lag without argument", asc, wf(WinLag), "takes 1 to 2 arguments"},
		{"rows offset type", asc, withFrame(wf(WinSum, 0), rowsFr(pre(1.5), curRow)), "ROWS frame offset"},
		{"negative rows offset", asc, withFrame(wf(WinSum, 0), rowsFr(pre(int64(-1)), curRow)), "ROWS frame offset"},
		{"range offset needs one key", []SortKey{{Col: 0}, {Col: 2}}, withFrame(wf(WinSum, 0), rangeFr(pre(int64(1)), curRow)), "exactly one order key"},
		{"range offset on text", []SortKey{{Col: 1}}, withFrame(wf(WinSum, 0), rangeFr(pre(int64(1)), curRow)), "does not fit an order key"},
		{"range offset type", []SortKey{{Col: 2}}, withFrame(wf(WinSum, 0), rangeFr(pre(int64(1)), curRow)), "does not fit an order key"},
		{"frame end unbounded preceding", asc, withFrame(wf(WinSum, 0), rowsFr(unbPre, unbPre)), "bad frame"},
		{"argument out of range", asc, wf(WinMax, 7), "not in the input"},
	} {
		wantErr(t, c.name, newWin(c.order, c.f), c.want)
	}
	// A schema that does not match.
	src := rowsSource(t, ts, nil, 1)
	defer src.Close()
	funcs := []WindowFunc{wf(WinRowNumber)}
	_, err := NewWindow(src, nil, nil, funcs, 3, windowSchema(src.Schema(), 3, []WindowFunc{wf(WinCumeDist)}), 1)
	wantErr(t, "wrong output type", err, "returns int64")

	// The input's error.
	src = rowsSource(t, ts, [][]any{{1, "a", 1.0}}, 1)
	src.failAt, src.failErr = 1, errors.New("disk on fire")
	w, err := NewWindow(src, nil, nil, funcs, 3, windowSchema(src.Schema(), 3, funcs), 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = w.Next(ctx)
	wantErr(t, "input error", err, "disk on fire")
	_, err = w.Next(ctx)
	wantErr(t, "input error again", err, "disk on fire")
	w.Close()

	// Cancellation.
	src = rowsSource(t, ts, [][]any{{1, "a", 1.0}}, 1)
	w, err = NewWindow(src, nil, nil, funcs, 3, windowSchema(src.Schema(), 3, funcs), 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v", err)
	}
	w.Close()
}

// TestWindowAgainstReference compares every function over random data,
// with many partitions, ties and NULLs, to a direct computation of its
// definition, for frames of every kind.
func TestWindowAgainstReference(t *testing.T) {
	setBatchSize(t, 7)
	oldTask, oldSort := winTaskRows, winParallelSort
	winTaskRows, winParallelSort = 40, 50
	t.Cleanup(func() { winTaskRows, winParallelSort = oldTask, oldSort })

	rng := rand.New(rand.NewSource(1))
	ts := []types.Type{tInt, tInt, tInt, tStr, tDbl}
	var rows [][]any
	for i := 0; i < 160; i++ {
		row := []any{int64(rng.Intn(6)), int64(rng.Intn(15)), int64(rng.Intn(200) - 100), fmt.Sprintf("s%02d", rng.Intn(40)), float64(rng.Intn(9))}
		if rng.Intn(8) == 0 {
			row[0] = nil
		}
		if rng.Intn(6) == 0 {
			row[1] = nil
		}
		if rng.Intn(5) == 0 {
			row[2] = nil
		}
		if rng.Intn(5) == 0 {
			row[3] = nil
		}
		if i >= 80 {
			row[0] = int64(9) // one large partition, sorted in parallel
		}
		rows = append(rows, row)
	}
	bounds := []FrameBound{unbPre, pre(int64(0)), pre(int64(2)), pre(int64(5)), curRow, fol(int64(0)), fol(int64(1)), fol(int64(4)), unbFol}
	var frames []Frame
	for i, s := range bounds[:len(bounds)-1] {
		for _, e := range bounds[i:] {
			if s.Kind == FrameUnboundedPreceding && e.Kind == FrameUnboundedPreceding ||
				s.Kind == FrameCurrentRow && e.Kind == FramePreceding {
				continue
			}
			frames = append(frames, Frame{Start: s, End: e}, Frame{Range: true, Start: s, End: e})
		}
	}
	var funcs []WindowFunc
	for _, fr := range frames {
		for _, f := range []WinFunc{WinCountStar, WinCount, WinSum, WinAvg, WinMin, WinMax, WinFirstValue, WinLastValue} {
			arg := 2
			if f == WinCountStar {
				funcs = append(funcs, withFrame(wf(f), fr))
				continue
			}
			if f == WinMin || f == WinMax || f == WinFirstValue {
				arg = 3 // a string
			}
			funcs = append(funcs, withFrame(wf(f, arg), fr))
		}
		funcs = append(funcs, withN(withFrame(wf(WinNthValue, 2), fr), 3), withFrame(wf(WinSum, 4), fr))
	}
	ranking := []WindowFunc{wf(WinRowNumber), wf(WinRank), wf(WinDenseRank), wf(WinPercentRank), wf(WinCumeDist),
		withN(wf(WinNtile), 4), withN(wf(WinLag, 3), 1), withN(wf(WinLead, 2, 1), 3), withN(wf(WinLag, 3), 0)}
	for _, c := range []struct {
		name      string
		partition []int
		order     []SortKey
		funcs     []WindowFunc
	}{
		{"partitioned ascending", []int{0}, []SortKey{{Col: 1}}, append(append([]WindowFunc(nil), funcs...), ranking...)},
		{"partitioned descending", []int{0}, []SortKey{{Col: 1, Desc: true}}, append(append([]WindowFunc(nil), funcs...), ranking...)},
		{"two order keys", []int{0}, []SortKey{{Col: 1}, {Col: 3, Desc: true}}, append(rowsOnly(funcs), ranking...)},
		{"unordered", []int{0}, nil, append(rowsOnly(funcs), ranking...)},
		{"one partition", nil, []SortKey{{Col: 1, Desc: true}}, append(append([]WindowFunc(nil), funcs...), ranking...)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := runWindow(t, ts, rows, 13, c.partition, c.order, c.funcs...)
			want := reference(rows, c.partition, c.order, c.funcs)
			for i, f := range c.funcs {
				wantVals(t, fmt.Sprintf("%s %+v", f.Func, f.Frame), got[i], want[i]...)
			}
		})
	}
}

// rowsOnly keeps the functions whose frames have no RANGE offset.
func rowsOnly(funcs []WindowFunc) []WindowFunc {
	var out []WindowFunc
	for _, f := range funcs {
		off := func(b FrameBound) bool { return b.Kind == FramePreceding || b.Kind == FrameFollowing }
		if !f.Frame.Range || !off(f.Frame.Start) && !off(f.Frame.End) {
			out = append(out, f)
		}
	}
	return out
}

// reference computes window functions the slow way, from their
// definitions. RANGE offsets apply to a single BIGINT key.
func reference(rows [][]any, partition []int, order []SortKey, funcs []WindowFunc) [][]any {
	cmpVal := func(a, b any) int {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		case b == nil:
			return -1
		}
		switch a := a.(type) {
		case int64:
			return cmp3(a, b.(int64))
		case string:
			return cmp3(a, b.(string))
		case float64:
			return cmp3(a, b.(float64))
		}
		panic("type")
	}
	// peerCmp orders rows by the order keys.
	peerCmp := func(i, j int) int {
		for _, k := range order {
			if c := cmpVal(rows[i][k.Col], rows[j][k.Col]); c != 0 {
				if k.Desc {
					return -c
				}
				return c
			}
		}
		return 0
	}
	out := make([][]any, len(funcs))
	for i := range out {
		out[i] = make([]any, len(rows))
	}
	done := make([]bool, len(rows))
	for first := range rows {
		if done[first] {
			continue
		}
		var part []int
		for i := range rows {
			same := true
			for _, c := range partition {
				same = same && cmpVal(rows[i][c], rows[first][c]) == 0
			}
			if same {
				part = append(part, i)
				done[i] = true
			}
		}
		sort.SliceStable(part, func(a, b int) bool { return peerCmp(part[a], part[b]) < 0 })
		m := len(part)
		frames := map[Frame][][]int{} // per position, the frame's rows
		// Per position, the rows before its peers, up to its last peer,
		// and the peer groups up to its own.
		ranks := make([][3]int, m)
		for j, r := range part {
			for i := range part {
				c := peerCmp(part[i], r)
				if c < 0 {
					ranks[j][0]++
				}
				if c <= 0 {
					ranks[j][1]++
				}
				if i <= j && (i == 0 || peerCmp(part[i-1], part[i]) != 0) {
					ranks[j][2]++
				}
			}
		}
		for fi, f := range funcs {
			fr, ok := frames[f.Frame]
			if !ok {
				fr = make([][]int, m)
				for j := range part {
					for i := range part {
						if inFrame(f.Frame, rows, order, part, i, j, peerCmp) {
							fr[j] = append(fr[j], part[i])
						}
					}
				}
				frames[f.Frame] = fr
			}
			for j, r := range part {
				frame := fr[j]
				var arg func(r int) any
				if len(f.Args) > 0 {
					arg = func(r int) any { return rows[r][f.Args[0]] }
				}
				var nonNull []any
				for _, q := range frame {
					if arg != nil && arg(q) != nil {
						nonNull = append(nonNull, arg(q))
					}
				}
				before, upto, dense := ranks[j][0], ranks[j][1], ranks[j][2]
				var v any
				switch f.Func {
				case WinRowNumber:
					v = int64(j + 1)
				case WinRank:
					v = int64(before + 1)
				case WinDenseRank:
					v = int64(dense)
				case WinPercentRank:
					v = 0.0
					if m > 1 {
						v = float64(before) / float64(m-1)
					}
				case WinCumeDist:
					v = float64(upto) / float64(m)
				case WinNtile:
					// Bucket b (from 1) has m/n rows, one more if b <= m%n.
					size := func(b int64) int64 {
						if b <= int64(m)%f.N {
							return int64(m)/f.N + 1
						}
						return int64(m) / f.N
					}
					b, left := int64(1), size(1)
					for i := 0; i < j; i++ {
						left--
						for left == 0 {
							b++
							left = size(b)
						}
					}
					v = b
				case WinLag, WinLead:
					q := j - int(f.N)
					if f.Func == WinLead {
						q = j + int(f.N)
					}
					if q >= 0 && q < m {
						v = arg(part[q])
					} else if len(f.Args) > 1 {
						v = rows[r][f.Args[1]]
					}
				case WinFirstValue:
					if len(frame) > 0 {
						v = arg(frame[0])
					}
				case WinLastValue:
					if len(frame) > 0 {
						v = arg(frame[len(frame)-1])
					}
				case WinNthValue:
					if int(f.N) <= len(frame) {
						v = arg(frame[f.N-1])
					}
				case WinCountStar:
					v = int64(len(frame))
				case WinCount:
					v = int64(len(nonNull))
				case WinSum, WinAvg:
					if len(nonNull) == 0 {
						break
					}
					var si int64
					var sf float64
					for _, x := range nonNull {
						switch x := x.(type) {
						case int64:
							si += x
							sf += float64(x)
						case float64:
							sf += x
						}
					}
					_, isInt := nonNull[0].(int64)
					switch {
					case f.Func == WinAvg:
						v = sf / float64(len(nonNull))
					case isInt:
						v = si
					default:
						v = sf
					}
				case WinMin, WinMax:
					for _, x := range nonNull {
						if v == nil || (f.Func == WinMin && cmpVal(x, v) < 0) || (f.Func == WinMax && cmpVal(x, v) > 0) {
							v = x
						}
					}
				}
				out[fi][r] = v
			}
		}
	}
	return out
}

// inFrame reports whether position i of a sorted partition is in the frame
// of position j, by the definition of each bound.
func inFrame(fr Frame, rows [][]any, order []SortKey, part []int, i, j int, peerCmp func(i, j int) int) bool {
	var ki, kj any
	desc := false
	if len(order) > 0 {
		ki, kj = rows[part[i]][order[0].Col], rows[part[j]][order[0].Col]
		desc = order[0].Desc
	}
	// at compares i's key with kj moved by d (-1: preceding, +1:
	// following) offsets, in window order.
	at := func(off int64, d int64) int {
		if desc {
			d = -d
		}
		b := kj.(int64) + d*off
		c := cmp3(ki.(int64), b)
		if desc {
			return -c
		}
		return c
	}
	ok := func(b FrameBound, start bool) bool {
		kind := b.Kind
		off, _ := b.Offset.(int64)
		if fr.Range && kj == nil && (kind == FramePreceding || kind == FrameFollowing) {
			kind = FrameCurrentRow // NULL keys: the peers
		}
		switch kind {
		case FrameUnboundedPreceding, FrameUnboundedFollowing:
			return true
		case FrameCurrentRow:
			if !fr.Range {
				return (start && i >= j) || (!start && i <= j)
			}
			c := peerCmp(part[i], part[j])
			return (start && c >= 0) || (!start && c <= 0)
		}
		d := int64(1)
		if kind == FramePreceding {
			d = -1
		}
		if !fr.Range {
			p := int64(j) + d*off
			return (start && int64(i) >= p) || (!start && int64(i) <= p)
		}
		if ki == nil { // NULLs are after every key ascending, before descending
			return start != desc
		}
		c := at(off, d)
		return (start && c >= 0) || (!start && c <= 0)
	}
	return ok(fr.Start, true) && ok(fr.End, false)
}

// With a row limit k, the window outputs exactly the rows that a full
// sort numbers 1..k (ties in input order, NULLs placed as in a sort), in
// input order, with those numbers.
func TestWindowRowLimit(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	// Columns 3 and 4 have no NULLs: a single order key on them takes the
	// one-pass selection (with ties, -0 and 0, and NaNs).
	ts := []types.Type{tInt, tDbl, tInt, tDbl, tInt}
	var rows [][]any
	for i := 0; i < 3000; i++ {
		var v any = float64(r.Intn(50)) / 4
		if r.Intn(10) == 0 {
			v = nil
		}
		var d any = float64(r.Intn(30)-15) / 2
		switch r.Intn(20) {
		case 0:
			d = nan
		case 1:
			d = negZero
		}
		rows = append(rows, []any{r.Intn(40), v, r.Intn(3), d, r.Intn(100) - 50})
	}
	funcs := []WindowFunc{wf(WinRowNumber)}
	orders := [][]SortKey{{{Col: 1, Desc: true}}, {{Col: 1}}, {{Col: 2}, {Col: 1, Desc: true}},
		{{Col: 3, Desc: true}}, {{Col: 3}}, {{Col: 4, Desc: true}}, {{Col: 4}}}
	for _, part := range [][]int{{0}, nil} {
		for _, order := range orders {
			full := runWindow(t, ts, rows, 64, part, order, funcs...)[0]
			for _, k := range []int{1, 2, 5} {
				for _, workers := range []int{1, 3} {
					src := rowsSource(t, ts, rows, 64)
					w, err := NewWindow(src, part, order, funcs, len(ts), windowSchema(src.Schema(), len(ts), funcs), workers)
					if err != nil {
						t.Fatal(err)
					}
					// The rows numbered 1..k, in input order, and no other.
					var want [][]any
					for i, row := range rows {
						if n := full[i].(int64); n <= int64(k) {
							want = append(want, append(append([]any{}, row...), n))
						}
					}
					got := drain(t, w.WithRowLimit(k))
					if len(got) != len(want) {
						t.Fatalf("partition %v, order %v, k=%d, workers=%d: %d rows, want %d", part, order, k, workers, len(got), len(want))
					}
					for i := range got {
						if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
							t.Fatalf("partition %v, order %v, k=%d, workers=%d, row %d: %v, want %v", part, order, k, workers, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
	// Not applied to other functions.
	src := rowsSource(t, ts, rows, 64)
	rank := []WindowFunc{wf(WinRowNumber), wf(WinRank)}
	w, err := NewWindow(src, []int{0}, []SortKey{{Col: 1}}, rank, len(ts), windowSchema(src.Schema(), len(ts), rank), 1)
	if err != nil {
		t.Fatal(err)
	}
	if w.WithRowLimit(2).limit != 0 {
		t.Error("a row limit was taken with RANK among the functions")
	}
	src.Close()
}
