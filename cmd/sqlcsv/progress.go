package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// The shell's progress bar: on standard error when it is a terminal, for a
// query that runs longer than progressAfter; redrawn in place and cleared
// before the result prints.

// progressAfter is how long a query runs before its bar shows (a
// variable for the tests).
var progressAfter = time.Second

const (
	progressEvery = 100 * time.Millisecond
	barWidth      = 30
)

// progressBar draws a tracker's progress until stopped.
type progressBar struct {
	w       io.Writer
	tracker *sqlcsv.ProgressTracker
	stop    chan struct{}
	done    sync.WaitGroup
	once    sync.Once
}

// startProgress returns ctx with a tracker attached, and the bar that
// draws it on w after progressAfter (nil w: no bar).
func startProgress(ctx context.Context, w io.Writer) (context.Context, *progressBar) {
	if w == nil {
		return ctx, nil
	}
	b := &progressBar{w: w, tracker: sqlcsv.NewProgressTracker(), stop: make(chan struct{})}
	b.done.Add(1)
	go b.run()
	return sqlcsv.WithProgress(ctx, b.tracker), b
}

func (b *progressBar) run() {
	defer b.done.Done()
	wait := time.NewTimer(progressAfter)
	defer wait.Stop()
	select {
	case <-b.stop:
		return
	case <-wait.C:
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	drawn := false
	for {
		fmt.Fprint(b.w, "\r"+formatProgress(b.tracker.Progress())+"\x1b[K")
		drawn = true
		select {
		case <-b.stop:
			if drawn {
				fmt.Fprint(b.w, "\r\x1b[K")
			}
			return
		case <-tick.C:
		}
	}
}

// end stops the bar and clears it; safe to call more than once, and on
// a nil bar.
func (b *progressBar) end() {
	if b == nil {
		return
	}
	b.once.Do(func() {
		close(b.stop)
		b.done.Wait()
	})
}

// formatProgress is one line of progress: a bar and percentage when the
// total is known, the bytes read, the throughput, the time elapsed and
// the time left.
func formatProgress(p sqlcsv.Progress) string {
	var sb strings.Builder
	secs := p.Elapsed.Seconds()
	if f := p.Fraction(); f >= 0 {
		full := int(f * barWidth)
		sb.WriteString("[" + strings.Repeat("#", full) + strings.Repeat(".", barWidth-full) + "]")
		fmt.Fprintf(&sb, " %3.0f%%", 100*f)
	} else {
		fmt.Fprintf(&sb, "%s read", mb(p.Bytes))
	}
	if secs > 0 {
		fmt.Fprintf(&sb, "  %s/s", mb(int64(float64(p.Bytes)/secs)))
	}
	fmt.Fprintf(&sb, "  %s elapsed", clock(p.Elapsed))
	if f := p.Fraction(); f > 0 && f < 1 {
		left := time.Duration(float64(p.Elapsed) * (1 - f) / f)
		fmt.Fprintf(&sb, "  ~%s left", clock(left))
	}
	return sb.String()
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// clock is a duration as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
