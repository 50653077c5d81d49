package vector

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The Apply tests join left rows (k, x) with the rows of t2 (k2, b) whose
// k2 = k, the right side made for each left row computing that filter
// (as the optimizer's would, with k a constant); the condition, when
// there is one, is b > x.
var (
	applyLeft = [][]any{{1, 10}, {2, 20}, {3, nil}, {nil, 5}, {4, 0}}
	applyT2   = [][]any{{1, 5}, {1, 15}, {2, nil}, {2, 25}, {3, 7}}
)

// applyRight makes the right sides of a test Apply and records what it was
// given and what it made.
type applyRight struct {
	t     *testing.T
	rows  [][]any // t2
	cond  bool    // output b > x after b
	per   int     // rows per right batch (0: one batch)
	fail  error   // returned instead of a right side
	mod   func(i int, src *fakeSource)
	calls [][]any
	srcs  []*fakeSource
}

func (r *applyRight) build(_ context.Context, outer []any) (Operator, error) {
	r.calls = append(r.calls, outer)
	if r.fail != nil {
		return nil, r.fail
	}
	ts := []types.Type{tInt}
	if r.cond {
		ts = append(ts, tBool)
	}
	var rows [][]any
	for _, t2 := range r.rows {
		if outer[0] == nil || t2[0] == nil || asInt(t2[0]) != asInt(outer[0]) {
			continue
		}
		row := []any{t2[1]}
		if r.cond {
			row = append(row, greater(t2[1], outer[1]))
		}
		rows = append(rows, row)
	}
	per := r.per
	if per <= 0 {
		per = max(len(rows), 1)
	}
	src := rowsSource(r.t, ts, rows, per)
	if r.mod != nil {
		r.mod(len(r.srcs), src)
	}
	r.srcs = append(r.srcs, src)
	return src, nil
}

// checkClosed checks that every right side was closed once.
func (r *applyRight) checkClosed(t *testing.T) {
	t.Helper()
	for i, s := range r.srcs {
		if s.closes != 1 {
			t.Errorf("right side %d closed %d times, want 1", i, s.closes)
		}
	}
}

func asInt(v any) int64 {
	if i, ok := v.(int); ok {
		return int64(i)
	}
	return v.(int64)
}

// greater is b > x in SQL's logic.
func greater(b, x any) any {
	if b == nil || x == nil {
		return nil
	}
	return asInt(b) > asInt(x)
}

// applyOf returns an Apply of kind over left rows (k, x) in batches of per.
func applyOf(t *testing.T, kind JoinKind, nullAware bool, right *applyRight, left [][]any, per int) (*Apply, *fakeSource) {
	right.t = t
	if per <= 0 {
		per = max(len(left), 1)
	}
	src := rowsSource(t, []types.Type{tInt, tInt}, left, per)
	spec := ApplySpec{Kind: kind, NullAware: nullAware, Outer: []int{0, 1}, Right: right.build, Cond: right.cond}
	return NewApply(src, spec, joinSchema(kind, []types.Type{tInt, tInt}, []types.Type{tInt})), src
}

func TestApplyKinds(t *testing.T) {
	// Per left row: (1, 10) has b 5 (FALSE) and 15 (TRUE); (2, 20) has b
	// NULL (NULL) and 25 (TRUE); (3, NULL) has 7 (NULL); (NULL, 5) and
	// (4, 0) have no right row.
	for _, c := range []struct {
		name      string
		kind      JoinKind
		nullAware bool
		want      [][]any
	}{
		{"inner", JoinInner, false, [][]any{{1, 10, 15}, {2, 20, 25}}},
		{"left", JoinLeft, false, [][]any{{1, 10, 15}, {2, 20, 25}, {3, nil, nil}, {nil, 5, nil}, {4, 0, nil}}},
		{"single", JoinSingle, false, [][]any{{1, 10, 15}, {2, 20, 25}, {3, nil, nil}, {nil, 5, nil}, {4, 0, nil}}},
		{"semi", JoinSemi, false, [][]any{{1, 10}, {2, 20}}},
		{"anti", JoinAnti, false, [][]any{{3, nil}, {nil, 5}, {4, 0}}},
		// NOT IN: (3, NULL)'s NULL condition drops it.
		{"anti null-aware", JoinAnti, true, [][]any{{nil, 5}, {4, 0}}},
		{"mark", JoinMark, false, [][]any{{1, 10, true}, {2, 20, true}, {3, nil, false}, {nil, 5, false}, {4, 0, false}}},
		// IN: NULL where only a NULL condition was found; FALSE over no
		// right rows.
		{"mark null-aware", JoinMark, true, [][]any{{1, 10, true}, {2, 20, true}, {3, nil, nil}, {nil, 5, false}, {4, 0, false}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			right := &applyRight{rows: applyT2, cond: true}
			a, left := applyOf(t, c.kind, c.nullAware, right, applyLeft, 0)
			wantRows(t, c.name, drain(t, a), c.want)
			right.checkClosed(t)
			if left.closes != 1 {
				t.Errorf("left side closed %d times, want 1", left.closes)
			}
			// Every left row's values of the outer columns were passed on.
			if len(right.calls) != len(applyLeft) {
				t.Fatalf("%d right sides made, want %d", len(right.calls), len(applyLeft))
			}
			wantRows(t, "outer values", right.calls, applyLeft)
		})
	}
}

func TestApplyWithoutCondition(t *testing.T) {
	// Every right row is a partner.
	for _, c := range []struct {
		kind JoinKind
		want [][]any
	}{
		{JoinInner, [][]any{{1, 10, 5}, {1, 10, 15}, {2, 20, nil}, {2, 20, 25}, {3, nil, 7}}},
		{JoinLeft, [][]any{{1, 10, 5}, {1, 10, 15}, {2, 20, nil}, {2, 20, 25}, {3, nil, 7}, {nil, 5, nil}, {4, 0, nil}}},
		{JoinSemi, [][]any{{1, 10}, {2, 20}, {3, nil}}},
		{JoinAnti, [][]any{{nil, 5}, {4, 0}}},
		{JoinMark, [][]any{{1, 10, true}, {2, 20, true}, {3, nil, true}, {nil, 5, false}, {4, 0, false}}},
	} {
		t.Run(c.kind.String(), func(t *testing.T) {
			right := &applyRight{rows: applyT2}
			a, _ := applyOf(t, c.kind, false, right, applyLeft, 0)
			wantRows(t, c.kind.String(), drain(t, a), c.want)
			right.checkClosed(t)
		})
	}
}

func TestApplySingleSecondPartnerFails(t *testing.T) {
	right := &applyRight{rows: applyT2}
	a, _ := applyOf(t, JoinSingle, false, right, applyLeft, 0)
	_, err := drainErr(t, a)
	if !errors.Is(err, ErrSubqueryRows) {
		t.Fatalf("error %v, want ErrSubqueryRows", err)
	}
	wantErr(t, "single", err, "more than one row returned by a subquery used as an expression")
	right.checkClosed(t)

	// The error comes when the second partner is reached, even after the
	// first was returned in a batch of its own.
	setBatchSize(t, 1)
	right = &applyRight{rows: applyT2}
	a, _ = applyOf(t, JoinSingle, false, right, applyLeft, 0)
	batches, err := drainBatches(t, a)
	if !errors.Is(err, ErrSubqueryRows) {
		t.Fatalf("error %v, want ErrSubqueryRows", err)
	}
	if len(batches) != 1 {
		t.Fatalf("%d batches before the error, want 1: %v", len(batches), batches)
	}
	wantRows(t, "batch before the error", batches[0], [][]any{{1, 10, 5}})
	right.checkClosed(t)
}

func TestApplyBatchesAreBounded(t *testing.T) {
	// One left row with five partners spans three batches of two; the
	// left side comes in batches of two rows too, and output batches are
	// cut where a left batch ends.
	setBatchSize(t, 2)
	t2 := [][]any{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {2, 6}}
	right := &applyRight{rows: t2, per: 3}
	a, _ := applyOf(t, JoinInner, false, right, [][]any{{1, 0}, {2, 0}, {3, 0}, {2, 1}}, 2)
	batches, err := drainBatches(t, a)
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]any{
		{{1, 0, 1}, {1, 0, 2}},
		{{1, 0, 3}, {1, 0, 4}},
		{{1, 0, 5}, {2, 0, 6}},
		{{2, 1, 6}},
	}
	if len(batches) != len(want) {
		t.Fatalf("%d batches, want %d: %v", len(batches), len(want), batches)
	}
	for i := range want {
		wantRows(t, "batch", batches[i], want[i])
	}
	right.checkClosed(t)

	// A mark join outputs every left row: batches of two.
	right = &applyRight{rows: t2}
	a, _ = applyOf(t, JoinMark, false, right, [][]any{{1, 0}, {2, 0}, {3, 0}, {2, 1}, {5, 5}}, 0)
	batches, err = drainBatches(t, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(batches) != 3 || len(batches[0]) != 2 || len(batches[1]) != 2 || len(batches[2]) != 1 {
		t.Fatalf("batches %v, want 2, 2 and 1 rows", batches)
	}
}

func TestApplyStopsReadingOnceDecided(t *testing.T) {
	// Key 1 has five right rows, one a batch: a semi join's first partner
	// decides, and the right side is closed after one batch.
	t2 := [][]any{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}}
	for _, kind := range []JoinKind{JoinSemi, JoinAnti, JoinMark} {
		right := &applyRight{rows: t2, per: 1}
		a, _ := applyOf(t, kind, false, right, [][]any{{1, 0}}, 0)
		drain(t, a)
		if n := right.srcs[0].nexts; n != 1 {
			t.Errorf("%s: the right side was read %d times, want 1", kind, n)
		}
		right.checkClosed(t)
	}
	// A NULL condition decides NOT IN: the first right row (b = 1 > NULL).
	right := &applyRight{rows: t2, per: 1, cond: true}
	a, _ := applyOf(t, JoinAnti, true, right, [][]any{{1, nil}}, 0)
	wantRows(t, "not in", drain(t, a), nil)
	if n := right.srcs[0].nexts; n != 1 {
		t.Errorf("NOT IN: the right side was read %d times, want 1", n)
	}
	// IN goes on after a NULL, looking for a TRUE: b > 3 is first TRUE at
	// the fourth row.
	right = &applyRight{rows: append([][]any{{1, nil}}, t2...), per: 1, cond: true}
	a, _ = applyOf(t, JoinMark, true, right, [][]any{{1, 3}}, 0)
	wantRows(t, "in", drain(t, a), [][]any{{1, 3, true}})
	if n := right.srcs[0].nexts; n != 5 {
		t.Errorf("IN: the right side was read %d times, want 5", n)
	}
}

func TestApplyRightSideFails(t *testing.T) {
	boom := errors.New("boom")
	for _, c := range []struct {
		name  string
		right *applyRight
	}{
		{"making it", &applyRight{rows: applyT2, fail: boom}},
		{"opening it", &applyRight{rows: applyT2, mod: func(i int, s *fakeSource) {
			if i == 1 {
				s.openErr = boom
			}
		}}},
		{"reading it", &applyRight{rows: applyT2, mod: func(i int, s *fakeSource) {
			if i == 1 {
				s.failAt, s.failErr = 0, boom
			}
		}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, left := applyOf(t, JoinLeft, false, c.right, applyLeft, 2)
			_, err := drainErr(t, a)
			if !errors.Is(err, boom) {
				t.Fatalf("error %v, want boom", err)
			}
			c.right.checkClosed(t)
			if left.closes != 1 {
				t.Errorf("left side closed %d times, want 1", left.closes)
			}
		})
	}
}

func TestApplyRightSideOfTheWrongShape(t *testing.T) {
	// A right side whose column is not the output's type.
	left := rowsSource(t, []types.Type{tInt}, [][]any{{1}}, 1)
	var made *fakeSource
	spec := ApplySpec{Kind: JoinLeft, Outer: []int{0}, Right: func(context.Context, []any) (Operator, error) {
		made = rowsSource(t, []types.Type{tStr}, [][]any{{"x"}}, 1)
		return made, nil
	}}
	_, err := drainErr(t, NewApply(left, spec, mkSchema(tInt, tInt)))
	wantErr(t, "wrong type", err, "internal error: apply's right column 0 is of type utf8, want int64")
	if made.closes != 1 {
		t.Errorf("right side closed %d times, want 1", made.closes)
	}
}

func TestApplyCancelled(t *testing.T) {
	// The query is cancelled while the second left row's right side is
	// made: Next returns the context's error.
	setBatchSize(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	right := &applyRight{rows: applyT2, t: t}
	src := rowsSource(t, []types.Type{tInt, tInt}, applyLeft, 5)
	spec := ApplySpec{Kind: JoinLeft, Outer: []int{0}, Right: func(ctx context.Context, outer []any) (Operator, error) {
		if len(right.calls) == 1 {
			cancel()
		}
		return right.build(ctx, append(outer, nil))
	}}
	a := NewApply(src, spec, mkSchema(tInt, tInt, tInt))
	if err := a.Open(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	for err == nil {
		var rec arrow.Record
		rec, err = a.Next(ctx)
		if rec == nil && err == nil {
			t.Fatal("the stream ended without the cancellation")
		}
		if rec != nil {
			rec.Release()
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if cerr := a.Close(); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	right.checkClosed(t)
	if src.closes != 1 {
		t.Errorf("left side closed %d times, want 1", src.closes)
	}
}

func TestApplyPassesOuterValues(t *testing.T) {
	// The outer values of each type, in Const's representation, from a
	// left batch that is a slice of a larger one.
	dec := types.DecimalType(10, 2)
	ts := []types.Type{tBool, tInt, tDbl, tStr, tDate, tTS, dec, tNull}
	rec := recFromRows(t, ts, [][]any{
		{false, 0, 0.0, "", "2000-01-01", "2000-01-01 00:00:00", "0.00", nil},
		{true, 7, 2.5, "x'y", "2024-02-29", "2024-02-29 12:30:00", "12.34", nil},
		{nil, nil, nil, nil, nil, nil, nil, nil},
	})
	slice := rec.NewSlice(1, 3)
	rec.Release()
	left := newSource(t, mkSchema(ts...), slice)
	var got [][]any
	spec := ApplySpec{Kind: JoinSemi, Outer: []int{0, 1, 2, 3, 4, 5, 6, 7}, Right: func(_ context.Context, outer []any) (Operator, error) {
		got = append(got, outer)
		return rowsSource(t, []types.Type{tInt}, [][]any{{1}}, 1), nil
	}}
	rows := drain(t, NewApply(left, spec, mkSchema(ts...)))
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	n, _ := types.ParseDecimal([]byte("12.34"), 2)
	want := []any{true, int64(7), 2.5, "x'y", dayNum(t, "2024-02-29"), micros(t, "2024-02-29 12:30:00"), n, nil}
	if len(got) != 2 {
		t.Fatalf("%d right sides made, want 2", len(got))
	}
	for i, v := range want {
		if d, ok := v.(decimal128.Num); ok {
			if got[0][i] != d {
				t.Errorf("outer value %d = %#v, want %v", i, got[0][i], d)
			}
			continue
		}
		if got[0][i] != v {
			t.Errorf("outer value %d = %#v (%T), want %#v (%T)", i, got[0][i], got[0][i], v, v)
		}
	}
	for i, v := range got[1] {
		if v != nil {
			t.Errorf("outer value %d of the NULL row = %#v, want nil", i, v)
		}
	}
}
