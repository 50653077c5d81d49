package vector

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"go.uber.org/goleak"
)

// The Gather tests run partitions made of partOps: partition p yields
// one-row batches (p, i). A harness counts builds, opens and closes per
// partition, and tracks every record so that the test fails if Gather
// leaks one it discards.

type gatherHarness struct {
	t      *testing.T
	schema *arrow.Schema
	tr     *tracker

	mu       sync.Mutex
	attempts []int // calls of build per partition
	builds   []int // ops built per partition
	closes   []int
	closeLog []int           // partitions in the order their ops closed
	done     []chan struct{} // closed when the first op of p is closed
	restarts []int

	// spec gives partition p's op for its build number b (0 first); nil
	// means the build fails.
	spec func(p, b int) *partOp
}

func newHarness(t *testing.T, parts int, spec func(p, b int) *partOp) *gatherHarness {
	h := &gatherHarness{
		t: t, schema: mkSchema(tInt, tInt), tr: newTracker(t), spec: spec,
		attempts: make([]int, parts), builds: make([]int, parts), closes: make([]int, parts), done: make([]chan struct{}, parts),
	}
	for p := range h.done {
		h.done[p] = make(chan struct{})
	}
	return h
}

func (h *gatherHarness) build(p int) (Operator, error) {
	h.mu.Lock()
	b := h.attempts[p]
	h.attempts[p]++
	h.mu.Unlock()
	op := h.spec(p, b)
	if op == nil {
		return nil, fmt.Errorf("cannot build partition %d", p)
	}
	h.mu.Lock()
	h.builds[p]++
	h.mu.Unlock()
	op.h, op.p, op.b = h, p, b
	return op, nil
}

func (h *gatherHarness) gather(workers int, restart func(p int) bool) *Gather {
	var rs func(int) bool
	if restart != nil {
		rs = func(p int) bool {
			h.mu.Lock()
			h.restarts = append(h.restarts, p)
			h.mu.Unlock()
			return restart(p)
		}
	}
	return NewGather(h.schema, len(h.builds), workers, h.build, rs)
}

// checkClosed checks that every op that was built was closed once.
func (h *gatherHarness) checkClosed() {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for p := range h.builds {
		if h.closes[p] != h.builds[p] {
			h.t.Errorf("partition %d: %d ops built, %d closed", p, h.builds[p], h.closes[p])
		}
	}
}

// partOp yields n one-row batches (n < 0: until its context ends); before
// is called before batch i and may block or fail; err ends the stream.
type partOp struct {
	n        int
	before   func(ctx context.Context, i int) error
	err      error
	openErr  error
	closeErr error
	shift    int64 // added to i in the rows (to tell a wrong first run)

	h    *gatherHarness
	p, b int
	i    int
}

func (o *partOp) Schema() *arrow.Schema { return o.h.schema }

func (o *partOp) Open(ctx context.Context) error { return o.openErr }

func (o *partOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.before != nil {
		if err := o.before(ctx, o.i); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.n >= 0 && o.i >= o.n {
		return nil, o.err
	}
	rec := NewRecord(o.h.schema, []arrow.Array{
		NewInt64Array([]int64{int64(o.p)}, nil, 0),
		NewInt64Array([]int64{int64(o.i) + o.shift}, nil, 0),
	}, 1)
	rec.Column(0).Release()
	rec.Column(1).Release()
	o.i++
	return o.h.tr.track(rec), nil
}

func (o *partOp) Close() error {
	o.h.mu.Lock()
	o.h.closes[o.p]++
	o.h.closeLog = append(o.h.closeLog, o.p)
	if o.b == 0 {
		close(o.h.done[o.p])
	}
	o.h.mu.Unlock()
	return o.closeErr
}

// partRows is the expected output of partitions with ns[p] batches.
func partRows(ns ...int) [][]any {
	var rows [][]any
	for p, n := range ns {
		for i := 0; i < n; i++ {
			rows = append(rows, []any{p, i})
		}
	}
	return rows
}

// sleepy makes a before hook that sleeps d before each batch.
func sleepy(d time.Duration) func(ctx context.Context, i int) error {
	return func(ctx context.Context, i int) error {
		select {
		case <-time.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// untilDone blocks from batch from on until the context ends.
func untilDone(from int) func(ctx context.Context, i int) error {
	return func(ctx context.Context, i int) error {
		if i < from {
			return nil
		}
		<-ctx.Done()
		return ctx.Err()
	}
}

// waitFor waits until every channel is closed (or fails after a long
// safety timeout, so that a broken Gather fails the test instead of
// hanging it).
func waitFor(ctx context.Context, chans ...chan struct{}) error {
	safety := time.After(20 * time.Second)
	for _, c := range chans {
		select {
		case <-c:
		case <-ctx.Done():
			return ctx.Err()
		case <-safety:
			return errors.New("waited 20s for other partitions")
		}
	}
	return nil
}

// isPrefix reports whether got is a prefix of want.
func isPrefix(got, want [][]any) bool {
	if len(got) > len(want) {
		return false
	}
	for i := range got {
		if !sameRow(got[i], want[i]) {
			return false
		}
	}
	return true
}

func TestGatherPartitionOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	ns := []int{2, 1, 3, 0, 2, 1}
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			// Earlier partitions are slower, so later ones finish first.
			h := newHarness(t, len(ns), func(p, b int) *partOp {
				return &partOp{n: ns[p], before: sleepy(time.Duration(len(ns)-p) * 300 * time.Microsecond)}
			})
			g := h.gather(workers, nil)
			if g.Schema() != h.schema {
				t.Errorf("Schema is not the given schema")
			}
			got := drain(t, g)
			wantRows(t, "rows in partition order", got, partRows(ns...))
			h.checkClosed()
			if fmt.Sprint(h.builds) != "[1 1 1 1 1 1]" {
				t.Errorf("builds per partition %v, want one each", h.builds)
			}
		})
	}
}

func TestGatherOrderWhenLaterPartitionsFinishFirst(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, workers := range []int{2, 3, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var h *gatherHarness
			// Partition 0 produces nothing until partitions 1..3 are
			// completely done (their output fits in Gather's queues).
			h = newHarness(t, 4, func(p, b int) *partOp {
				if p == 0 {
					return &partOp{n: 2, before: func(ctx context.Context, i int) error {
						if i > 0 {
							return nil
						}
						return waitFor(ctx, h.done[1], h.done[2], h.done[3])
					}}
				}
				return &partOp{n: 2}
			})
			got := drain(t, h.gather(workers, nil))
			wantRows(t, "rows in partition order", got, partRows(2, 2, 2, 2))
			h.checkClosed()
			if last := h.closeLog[len(h.closeLog)-1]; last != 0 {
				t.Errorf("close order %v: partition 0 should have finished last", h.closeLog)
			}
		})
	}
}

func TestGatherManyBatchesPerPartition(t *testing.T) {
	defer goleak.VerifyNone(t)
	// Far more batches than the queue holds: workers block and resume.
	ns := []int{40, 7, 0, 55, 13}
	h := newHarness(t, len(ns), func(p, b int) *partOp { return &partOp{n: ns[p]} })
	got := drain(t, h.gather(3, nil))
	wantRows(t, "rows", got, partRows(ns...))
	h.checkClosed()
}

// Errors are deterministic: the error returned is that of the first
// partition that failed in partition order; the partitions before it
// finish (all their rows come out first), those after it are stopped.
func TestGatherErrorStopsLaterPartitions(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("boom in partition 1")
	for _, workers := range []int{2, 3, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var h *gatherHarness
			h = newHarness(t, 5, func(p, b int) *partOp {
				switch p {
				case 0:
					// Produces its rows only after partition 1 has failed.
					return &partOp{n: 2, before: func(ctx context.Context, i int) error {
						if i == 0 {
							return waitFor(ctx, h.done[1])
						}
						return nil
					}}
				case 1:
					return &partOp{n: 0, err: boom}
				}
				// Endless partitions that only stop when cancelled.
				return &partOp{n: -1, before: sleepy(100 * time.Microsecond)}
			})
			got, err := drainErr(t, h.gather(workers, nil))
			if !errors.Is(err, boom) {
				t.Errorf("error %v, want %v", err, boom)
			}
			wantRows(t, "rows before the error: all of partition 0", got, partRows(2))
			h.checkClosed()
		})
	}
}

func TestGatherFirstFailureInPartitionOrderWins(t *testing.T) {
	defer goleak.VerifyNone(t)
	err1 := errors.New("error of partition 1")
	err3 := errors.New("error of partition 3")
	for _, workers := range []int{2, 4, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var h *gatherHarness
			// Partition 3 fails first in time, partition 1 later: the
			// answer is partition 1's error, as a serial run would give.
			h = newHarness(t, 5, func(p, b int) *partOp {
				switch p {
				case 1:
					return &partOp{n: 1, err: err1, before: func(ctx context.Context, i int) error {
						if i == 1 {
							if err := waitFor(context.Background(), h.done[3]); err != nil {
								return err
							}
						}
						return nil
					}}
				case 3:
					return &partOp{n: 0, err: err3}
				}
				return &partOp{n: 2}
			})
			got, err := drainErr(t, h.gather(workers, nil))
			if !errors.Is(err, err1) {
				t.Errorf("error %v, want %v", err, err1)
			}
			wantRows(t, "rows before the error", got, partRows(2, 1))
			h.checkClosed()
		})
	}
}

func TestGatherErrorAfterRows(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("bad row 3 in partition 2")
	// Partition 2 fails after its rows; partition 3 is endless, so the
	// error must stop it.
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			h := newHarness(t, 4, func(p, b int) *partOp {
				switch p {
				case 2:
					return &partOp{n: 3, err: boom}
				case 3:
					return &partOp{n: -1, before: sleepy(100 * time.Microsecond)}
				}
				return &partOp{n: 2}
			})
			got, err := drainErr(t, h.gather(workers, nil))
			if !errors.Is(err, boom) {
				t.Errorf("error %v, want %v", err, boom)
			}
			wantRows(t, "rows before the error", got, partRows(2, 2, 3))
			h.checkClosed()
		})
	}
}

func TestGatherBuildOpenCloseErrorsAndPanics(t *testing.T) {
	defer goleak.VerifyNone(t)
	cases := []struct {
		name string
		spec func(p, b int) *partOp
		rows [][]any // all rows before the error
		msg  string
	}{
		{"build", func(p, b int) *partOp {
			if p == 2 {
				return nil
			}
			return &partOp{n: 1}
		}, partRows(1, 1), "cannot build partition 2"},
		{"open", func(p, b int) *partOp {
			if p == 1 {
				return &partOp{n: 1, openErr: errors.New("cannot open 1")}
			}
			return &partOp{n: 1}
		}, partRows(1), "cannot open 1"},
		{"close", func(p, b int) *partOp {
			if p == 1 {
				return &partOp{n: 1, closeErr: errors.New("close of 1 failed")}
			}
			return &partOp{n: -1, before: sleepy(100 * time.Microsecond), closeErr: nil}
		}, nil, "close of 1 failed"},
		{"panic", func(p, b int) *partOp {
			if p == 1 {
				return &partOp{n: 2, before: func(ctx context.Context, i int) error {
					if i == 1 {
						panic("kaboom")
					}
					return nil
				}}
			}
			return &partOp{n: 1}
		}, partRows(1, 1), "internal error in partition 1: kaboom"},
	}
	for _, c := range cases {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.name, workers), func(t *testing.T) {
				spec := c.spec
				if c.name == "close" {
					// Partition 0 must end for partition 1's error to be
					// reached; partition 2 is endless and must be stopped.
					spec = func(p, b int) *partOp {
						if p == 0 {
							return &partOp{n: 2}
						}
						return c.spec(p, b)
					}
					c.rows = [][]any{{0, 0}, {0, 1}, {1, 0}}
				}
				h := newHarness(t, 3, spec)
				got, err := drainErr(t, h.gather(workers, nil))
				wantErr(t, c.name, err, c.msg)
				wantRows(t, "rows before the error", got, c.rows)
				h.checkClosed()
			})
		}
	}
}

func TestGatherCloseBeforeTheEnd(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			// Endless partitions: Close must stop the workers (they are
			// blocked on full queues or producing).
			h := newHarness(t, 8, func(p, b int) *partOp { return &partOp{n: -1} })
			g := h.gather(workers, nil)
			ctx := context.Background()
			if err := g.Open(ctx); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				rec, err := g.Next(ctx)
				if err != nil || rec == nil {
					t.Fatalf("Next = %v, %v", rec, err)
				}
				wantRows(t, "row", recRows(t, rec), [][]any{{0, i}})
				rec.Release()
			}
			if err := g.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			h.checkClosed()
		})
	}
	// Close right after Open, and Close without Open.
	h := newHarness(t, 4, func(p, b int) *partOp { return &partOp{n: -1} })
	g := h.gather(2, nil)
	if err := g.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := g.Close(); err != nil {
		t.Errorf("Close right after Open: %v", err)
	}
	h.checkClosed()
	if err := h.gather(2, nil).Close(); err != nil {
		t.Errorf("Close without Open: %v", err)
	}
}

func TestGatherContextCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			h := newHarness(t, 3, func(p, b int) *partOp { return &partOp{n: -1} })
			g := h.gather(workers, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := g.Open(ctx); err != nil {
				t.Fatal(err)
			}
			rec, err := g.Next(ctx)
			if err != nil || rec == nil {
				t.Fatalf("Next = %v, %v", rec, err)
			}
			rec.Release()
			cancel()
			// A few batches may already wait in the queue; then the
			// cancellation must show.
			for i := 0; ; i++ {
				rec, err := g.Next(ctx)
				if err != nil {
					if !errors.Is(err, context.Canceled) {
						t.Errorf("error after cancel = %v, want context.Canceled", err)
					}
					break
				}
				if rec == nil {
					t.Fatal("end of stream after cancel, want context.Canceled")
				}
				rec.Release()
				if i > 100 {
					t.Fatal("still getting batches 100 calls after cancel")
				}
			}
			if err := g.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			h.checkClosed()
		})
	}

	// A context cancelled before Open.
	h := newHarness(t, 2, func(p, b int) *partOp { return &partOp{n: -1} })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := h.gather(2, nil)
	_, err := drainErr(t, &ctxOp{g, ctx})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error with a cancelled context = %v, want context.Canceled", err)
	}
	h.checkClosed()
}

// ctxOp runs an operator under a given context.
type ctxOp struct {
	Operator
	ctx context.Context
}

func (o *ctxOp) Open(context.Context) error { return o.Operator.Open(o.ctx) }
func (o *ctxOp) Next(context.Context) (arrow.Record, error) {
	return o.Operator.Next(o.ctx)
}

func TestGatherRestartRereadsPartition(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			// Partition 2's first run starts at a wrong guess: its rows
			// (shifted by 100) must be discarded and a second run used.
			h := newHarness(t, 4, func(p, b int) *partOp {
				if p == 2 && b == 0 {
					return &partOp{n: 3, shift: 100}
				}
				return &partOp{n: 2}
			})
			got := drain(t, h.gather(workers, func(p int) bool { return p == 2 }))
			wantRows(t, "rows", got, partRows(2, 2, 2, 2))
			if fmt.Sprint(h.builds) != "[1 1 2 1]" {
				t.Errorf("builds %v, want [1 1 2 1]", h.builds)
			}
			// Restart is asked for every partition but the first, in order,
			// once each.
			if fmt.Sprint(h.restarts) != "[1 2 3]" {
				t.Errorf("restart calls %v, want [1 2 3]", h.restarts)
			}
			h.checkClosed()
		})
	}
}

func TestGatherRestartStopsARunningFirstAttempt(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			// Partition 1's first run never ends by itself: the restart
			// must cancel it.
			h := newHarness(t, 3, func(p, b int) *partOp {
				if p == 1 && b == 0 {
					return &partOp{n: -1, shift: 100}
				}
				return &partOp{n: 3}
			})
			got := drain(t, h.gather(workers, func(p int) bool { return p == 1 }))
			wantRows(t, "rows", got, partRows(3, 3, 3))
			h.checkClosed()
		})
	}
}

func TestGatherRestartEveryPartition(t *testing.T) {
	defer goleak.VerifyNone(t)
	setBatchSize(t, 2)
	h := newHarness(t, 5, func(p, b int) *partOp {
		if b == 0 {
			return &partOp{n: 4, shift: 50}
		}
		return &partOp{n: p}
	})
	got := drain(t, h.gather(3, func(p int) bool { return true }))
	// Partition 0 is never restarted; every other one is read twice.
	want := [][]any{{0, 50}, {0, 51}, {0, 52}, {0, 53}}
	want = append(want, partRows(0, 1, 2, 3, 4)...)
	wantRows(t, "rows", got, want)
	if fmt.Sprint(h.builds) != "[1 2 2 2 2]" {
		t.Errorf("builds %v", h.builds)
	}
	h.checkClosed()
}

// A partition whose start was guessed wrong may well fail (it starts in
// the middle of a row). When restart says so, that first run is discarded
// with its error: the query must not fail because of it.
func TestGatherRestartDiscardsErrorOfFirstAttempt(t *testing.T) {
	defer goleak.VerifyNone(t)
	badGuess := errors.New("partition 1: cannot parse \"ne\" as BIGINT")
	for _, workers := range []int{2, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var h *gatherHarness
			h = newHarness(t, 3, func(p, b int) *partOp {
				switch {
				case p == 1 && b == 0:
					return &partOp{n: 0, err: badGuess}
				case p == 0:
					// Partition 0 is still being read when partition 1's
					// first run fails.
					return &partOp{n: 2, before: func(ctx context.Context, i int) error {
						if i > 0 {
							return nil
						}
						return waitFor(ctx, h.done[1])
					}}
				}
				return &partOp{n: 2}
			})
			got, err := drainErr(t, h.gather(workers, func(p int) bool { return p == 1 }))
			if err != nil {
				t.Fatalf("error %v: partition 1's failed first run should have been discarded and read again", err)
			}
			wantRows(t, "rows", got, partRows(2, 2, 2))
			h.checkClosed()
		})
	}
}

func TestGatherRestartRebuildFails(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := newHarness(t, 3, func(p, b int) *partOp {
		if p == 1 && b == 1 {
			return nil
		}
		return &partOp{n: 1}
	})
	got, err := drainErr(t, h.gather(2, func(p int) bool { return p == 1 }))
	wantErr(t, "rebuild", err, "cannot build partition 1")
	wantRows(t, "rows before the error", got, partRows(1))
	h.checkClosed()

	h2 := newHarness(t, 3, func(p, b int) *partOp {
		if p == 1 && b == 1 {
			return &partOp{n: 1, openErr: errors.New("cannot reopen 1")}
		}
		return &partOp{n: 1}
	})
	_, err = drainErr(t, h2.gather(2, func(p int) bool { return p == 1 }))
	wantErr(t, "reopen", err, "cannot reopen 1")
	h2.checkClosed()

	h3 := newHarness(t, 3, func(p, b int) *partOp {
		if p == 1 && b == 1 {
			return &partOp{n: 1, err: errors.New("second run failed")}
		}
		return &partOp{n: 1}
	})
	got, err = drainErr(t, h3.gather(2, func(p int) bool { return p == 1 }))
	wantErr(t, "second run", err, "second run failed")
	wantRows(t, "rows before the error", got, [][]any{{0, 0}, {1, 0}})
	h3.checkClosed()
}

func TestGatherCloseDuringRestartedPartition(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := newHarness(t, 3, func(p, b int) *partOp {
		if p == 1 && b == 1 {
			return &partOp{n: -1}
		}
		return &partOp{n: 1}
	})
	g := h.gather(2, func(p int) bool { return p == 1 })
	ctx := context.Background()
	if err := g.Open(ctx); err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]any{{0, 0}, {1, 0}, {1, 1}} {
		rec, err := g.Next(ctx)
		if err != nil || rec == nil {
			t.Fatalf("Next %d = %v, %v", i, rec, err)
		}
		wantRows(t, "row", recRows(t, rec), [][]any{want})
		rec.Release()
	}
	// The rerun partition runs inline; Close must close it.
	if err := g.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	h.checkClosed()
}

func TestGatherNoPartitionsAndWorkerClamp(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := newHarness(t, 0, func(p, b int) *partOp { return &partOp{n: 1} })
	got := drain(t, h.gather(4, nil))
	wantRows(t, "no partitions", got, nil)

	h2 := newHarness(t, 3, func(p, b int) *partOp { return &partOp{n: p + 1} })
	got = drain(t, h2.gather(0, nil))
	wantRows(t, "zero workers means one", got, partRows(1, 2, 3))
	h2.checkClosed()
	g := NewGather(h2.schema, 2, 100, h2.build, nil)
	if g.workers != 2 {
		t.Errorf("workers = %d for 2 partitions, want 2", g.workers)
	}
}

func TestGatherOverTableScans(t *testing.T) {
	defer goleak.VerifyNone(t)
	ts := []types.Type{tInt, tStr}
	scan := newFakeScan(t, ts, [][][]any{
		{{1, "a"}, {2, "b"}, {3, "c"}},
		{{4, "d"}, {5, nil}},
		{},
		{{6, "f"}, {7, "g"}, {8, "h"}, {9, "i"}},
	}, 2)
	// Partition 1 is read twice (restart), its rows once.
	scan.restart = func(p int) bool { return p == 1 }
	filter := cmpE(CmpNe, ref(0, tInt), lit(t, tInt, 7))
	g := NewGather(scan.schema, scan.Partitions(), 3, func(p int) (Operator, error) {
		return NewFilter(NewTableScan(scan, p, scan.schema, nil), filter), nil
	}, scan.Restart)
	got := drain(t, g)
	wantRows(t, "rows", got, [][]any{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}, {5, nil}, {6, "f"}, {8, "h"}, {9, "i"}})
	scan.mu.Lock()
	defer scan.mu.Unlock()
	if fmt.Sprint(scan.opens) != "[1 2 1 1]" || fmt.Sprint(scan.restarts) != "[1 2 3]" {
		t.Errorf("opens %v restarts %v; want [1 2 1 1] and [1 2 3]", scan.opens, scan.restarts)
	}
	if scan.readersClosed != 5 {
		t.Errorf("%d readers closed, want 5", scan.readersClosed)
	}
}

// Partitions small enough to fit their queue whole do not let the
// workers race ahead of a slow consumer: at every batch the consumer
// takes, at most aheadPerWorker partitions per worker have been started
// and not yet consumed.
func TestGatherBoundsPartitionsAhead(t *testing.T) {
	defer goleak.VerifyNone(t)
	const parts, workers = 40, 2
	ns := make([]int, parts)
	for i := range ns {
		ns[i] = 1
	}
	h := newHarness(t, parts, func(p, b int) *partOp { return &partOp{n: 1} })
	g := h.gather(workers, nil)
	ctx := context.Background()
	if err := g.Open(ctx); err != nil {
		t.Fatal(err)
	}
	started := func() int {
		h.mu.Lock()
		defer h.mu.Unlock()
		n := 0
		for _, b := range h.builds {
			n += b
		}
		return n
	}
	var got [][]any
	for consumed := 0; ; consumed++ {
		time.Sleep(time.Millisecond) // a slow consumer: the workers could run ahead
		if s := started(); s > consumed+aheadPerWorker*workers {
			t.Fatalf("%d partitions started with %d consumed: more than %d ahead", s, consumed, aheadPerWorker*workers)
		}
		rec, err := g.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec == nil {
			break
		}
		got = append(got, recRows(t, rec)...)
		rec.Release()
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	wantRows(t, "rows in partition order", got, partRows(ns...))
}
