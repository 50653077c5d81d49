package vector

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// unionInputs are three inputs of (BIGINT, VARCHAR): two batches, none,
// one batch.
func unionInputs(t *testing.T) []*fakeSource {
	ts := []types.Type{tInt, tStr}
	return []*fakeSource{
		rowsSource(t, ts, [][]any{{1, "a"}, {2, "b"}, {3, nil}}, 2),
		rowsSource(t, ts, nil, 1),
		rowsSource(t, ts, [][]any{{nil, "d"}}, 1),
	}
}

func concatOf(srcs []*fakeSource) *Concat {
	ops := make([]Operator, len(srcs))
	for i, s := range srcs {
		ops[i] = s
	}
	// The output schema names the columns differently from the inputs.
	return NewConcat(ops, schemaOfSpecs(col("n", tInt), col("s", tStr)))
}

func TestUnionConcatInOrder(t *testing.T) {
	srcs := unionInputs(t)
	// drainBatches checks that every batch has the output schema.
	batches, err := drainBatches(t, concatOf(srcs))
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]any{{{1, "a"}, {2, "b"}}, {{3, nil}}, {{nil, "d"}}}
	if len(batches) != len(want) {
		t.Fatalf("%d batches, want %d: %v", len(batches), len(want), batches)
	}
	for i := range want {
		wantRows(t, fmt.Sprintf("batch %d", i), batches[i], want[i])
	}
	for i, s := range srcs {
		if s.opens != 1 || s.closes != 1 {
			t.Errorf("input %d opened %d and closed %d times, want 1 and 1", i, s.opens, s.closes)
		}
	}
}

func TestUnionConcatOpensInputsOneAtATime(t *testing.T) {
	srcs := unionInputs(t)
	c := concatOf(srcs)
	ctx := context.Background()
	counts := func() string {
		var s string
		for _, src := range srcs {
			s += fmt.Sprintf("[%d %d]", src.opens, src.closes)
		}
		return s
	}
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if got := counts(); got != "[1 0][0 0][0 0]" {
		t.Errorf("after Open: opens and closes %s", got)
	}
	for i, want := range []string{"[1 0][0 0][0 0]", "[1 0][0 0][0 0]", "[1 1][1 1][1 0]"} {
		rec, err := c.Next(ctx)
		if err != nil || rec == nil {
			t.Fatalf("Next %d = %v, %v", i, rec, err)
		}
		rec.Release()
		if got := counts(); got != want {
			t.Errorf("after Next %d: opens and closes %s, want %s", i, got, want)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got := counts(); got != "[1 1][1 1][1 1]" {
		t.Errorf("after Close: opens and closes %s", got)
	}
}

func TestUnionConcatCloseEarly(t *testing.T) {
	srcs := unionInputs(t)
	c := concatOf(srcs)
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := c.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec.Release()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Every input is closed once; the unread batches are released (the
	// tracker checks).
	for i, s := range srcs {
		if s.closes != 1 {
			t.Errorf("input %d closed %d times, want 1", i, s.closes)
		}
	}
	if srcs[1].opens != 0 || srcs[2].opens != 0 {
		t.Errorf("inputs not reached were opened")
	}
}

func TestUnionConcatNoInputs(t *testing.T) {
	rows := drain(t, NewConcat(nil, mkSchema(tInt)))
	if len(rows) != 0 {
		t.Errorf("rows %v, want none", rows)
	}
}

// closeErrSource is a fakeSource whose Close fails.
type closeErrSource struct {
	*fakeSource
	err error
}

func (s closeErrSource) Close() error {
	s.fakeSource.Close()
	return s.err
}

func TestUnionConcatErrors(t *testing.T) {
	boom := errors.New("boom")
	t.Run("Next", func(t *testing.T) {
		srcs := unionInputs(t)
		srcs[2].failAt = 0
		srcs[2].failErr = boom
		rows, err := drainErr(t, concatOf(srcs))
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
		wantRows(t, "rows before the error", rows, [][]any{{1, "a"}, {2, "b"}, {3, nil}})
		for i, s := range srcs {
			if s.closes != 1 {
				t.Errorf("input %d closed %d times, want 1", i, s.closes)
			}
		}
	})
	t.Run("Open of a later input", func(t *testing.T) {
		srcs := unionInputs(t)
		srcs[1].openErr = boom
		rows, err := drainErr(t, concatOf(srcs))
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
		if len(rows) != 3 {
			t.Errorf("%d rows before the error, want 3", len(rows))
		}
		for i, s := range srcs {
			if s.closes != 1 {
				t.Errorf("input %d closed %d times, want 1", i, s.closes)
			}
		}
		if srcs[2].opens != 0 {
			t.Errorf("the input after the failed one was opened")
		}
	})
	t.Run("Close of a finished input", func(t *testing.T) {
		// The failing Close is reported, and the input is not closed a
		// second time by the Concat's own Close.
		srcs := unionInputs(t)
		ops := []Operator{closeErrSource{srcs[0], boom}, srcs[1], srcs[2]}
		c := NewConcat(ops, mkSchema(tInt, tStr))
		rows, err := drainErr(t, c)
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
		if len(rows) != 3 {
			t.Errorf("%d rows before the error, want 3", len(rows))
		}
		if srcs[0].closes != 1 {
			t.Errorf("the failing input was closed %d times, want 1", srcs[0].closes)
		}
		for i, s := range srcs[1:] {
			if s.opens != 0 || s.closes != 1 {
				t.Errorf("input %d opened %d and closed %d times, want 0 and 1", i+1, s.opens, s.closes)
			}
		}
	})
}
