package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/render"
)

func TestFormatProgress(t *testing.T) {
	for _, c := range []struct {
		p    sqlcsv.Progress
		want string
	}{
		{sqlcsv.Progress{Bytes: 50e6, TotalBytes: 200e6, Elapsed: 2 * time.Second},
			"[#######.......................]  25%  25.0 MB/s  0:02 elapsed  ~0:06 left"},
		{sqlcsv.Progress{Bytes: 200e6, TotalBytes: 200e6, Elapsed: 4 * time.Second},
			"[##############################] 100%  50.0 MB/s  0:04 elapsed"},
		{sqlcsv.Progress{Bytes: 3e6, TotalBytes: -1, Elapsed: 90 * time.Second},
			"3.0 MB read  0.0 MB/s  1:30 elapsed"},
		{sqlcsv.Progress{TotalBytes: 0}, "[##############################] 100%  0:00 elapsed"},
	} {
		if got := formatProgress(c.p); got != c.want {
			t.Errorf("formatProgress(%+v)\n got %q\nwant %q", c.p, got, c.want)
		}
	}
}

// syncBuffer is a buffer the bar's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// With a bar that shows at once, a query draws it on the progress writer
// and clears it before its result prints on the output.
func TestShellProgressBar(t *testing.T) {
	old := progressAfter
	progressAfter = 0
	defer func() { progressAfter = old }()
	path := filepath.Join(t.TempDir(), "n.csv")
	var text strings.Builder
	text.WriteString("n\n")
	for i := 0; i < 50000; i++ {
		text.WriteString("12345\n")
	}
	if err := os.WriteFile(path, []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out bytes.Buffer
	var bar syncBuffer
	sh := newShell(db, &scripted{lines: []string{`SELECT COUNT(*) AS c FROM "` + path + `";`}}, &out, &bar, render.Table)
	sh.progress = &bar
	sh.interrupt = func(ctx context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	sh.run(context.Background())
	got := bar.String()
	if !strings.HasPrefix(got, "\r") || !strings.HasSuffix(got, "\r\x1b[K") || !strings.Contains(got, "elapsed") {
		t.Errorf("bar output %q: want redraws ending in a cleared line", got)
	}
	if !strings.Contains(out.String(), "  50000\n") {
		t.Errorf("result %q", out.String())
	}
}
