package sqlcsv

import (
	"context"
	"sync"
	"time"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/vector"
)

// Progress is how far a query has read its files.
type Progress struct {
	// Bytes of text parsed so far, of TotalBytes (-1 when unknown, as for
	// a compressed file).
	Bytes, TotalBytes int64
	// Rows read from the files so far.
	Rows int64
	// Elapsed is the time since the query started.
	Elapsed time.Duration
}

// Fraction is Bytes / TotalBytes, from 0 to 1, or -1 when the total is
// unknown.
func (p Progress) Fraction() float64 {
	if p.TotalBytes < 0 {
		return -1
	}
	if p.TotalBytes == 0 {
		return 1
	}
	return float64(p.Bytes) / float64(p.TotalBytes)
}

// A ProgressTracker follows the queries run with a context from
// WithProgress, so that a user interface can poll it from another
// goroutine while a query runs, including while Query itself is still
// working (an aggregation reads its whole input before Query returns).
type ProgressTracker struct {
	mu    sync.Mutex
	start time.Time
	scans []vector.Scan
}

// NewProgressTracker returns a tracker following nothing yet.
func NewProgressTracker() *ProgressTracker { return &ProgressTracker{} }

type progressKey struct{}

// WithProgress returns a context that makes the queries run with it
// report to t; the latest query started replaces the previous one.
func WithProgress(ctx context.Context, t *ProgressTracker) context.Context {
	return context.WithValue(ctx, progressKey{}, t)
}

// track makes t follow the scans of a query starting now.
func (t *ProgressTracker) track(scans []vector.Scan) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.start, t.scans = time.Now(), scans
}

// Progress is the progress of the query followed; safe to call from any
// goroutine at any time.
func (t *ProgressTracker) Progress() Progress {
	t.mu.Lock()
	start, scans := t.start, t.scans
	t.mu.Unlock()
	p := scanProgress(scans)
	if !start.IsZero() {
		p.Elapsed = time.Since(start)
	}
	return p
}

// Watch calls f with the progress every interval until ctx ends: run it
// on a goroutine of its own beside the query, with a context the caller
// cancels when the query is over.
func (t *ProgressTracker) Watch(ctx context.Context, every time.Duration, f func(Progress)) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			f(t.Progress())
		}
	}
}

// scanProgress sums what the scans report.
func scanProgress(scans []vector.Scan) Progress {
	var p Progress
	for _, s := range scans {
		r, ok := s.(vector.ProgressReporter)
		if !ok {
			continue
		}
		b, t, n := r.Progress()
		p.Bytes, p.Rows = p.Bytes+b, p.Rows+n
		if t < 0 || p.TotalBytes < 0 {
			p.TotalBytes = -1
		} else {
			p.TotalBytes += t
		}
	}
	if p.TotalBytes >= 0 && p.Bytes > p.TotalBytes {
		p.Bytes = p.TotalBytes // partitions read again count again
	}
	return p
}

// trackProgress reports a query's scans to the tracker of ctx, if any.
func trackProgress(ctx context.Context, phys optimizer.Physical) {
	if t, ok := ctx.Value(progressKey{}).(*ProgressTracker); ok && t != nil {
		t.track(optimizer.Scans(phys))
	}
}

// Progress is how far the query has read its files (its Elapsed is
// zero: see ProgressTracker for the time).
func (r *Rows) Progress() Progress {
	if r.phys == nil {
		return Progress{}
	}
	return scanProgress(optimizer.Scans(r.phys))
}
