package sqlcsv_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// A tracker polled from another goroutine while a GROUP BY runs sees
// the bytes and rows grow, never past the file's size, and at the end
// the whole file: every byte after the header and every row.
func TestProgress(t *testing.T) {
	path, st := arcosFile(t, 60000)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 2 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tr := sqlcsv.NewProgressTracker()
	ctx := sqlcsv.WithProgress(context.Background(), tr)

	done := make(chan struct{})
	var wg sync.WaitGroup
	var pollErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		var last sqlcsv.Progress
		for {
			select {
			case <-done:
				return
			default:
			}
			p := tr.Progress()
			switch {
			case p.Bytes < last.Bytes || p.Rows < last.Rows:
				pollErr = fmt.Errorf("progress went back: %+v after %+v", p, last)
				return
			case p.TotalBytes > fi.Size() || p.Bytes > fi.Size():
				pollErr = fmt.Errorf("progress %+v past the file's %d bytes", p, fi.Size())
				return
			}
			last = p
		}
	}()
	got, err := oneRow(ctx, db, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT BUYER_STATE, BUYER_COUNTY FROM "%s" GROUP BY 1, 2) g`, path))
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if pollErr != nil {
		t.Error(pollErr)
	}
	if len(got) != 1 || got[0] == 0 {
		t.Fatalf("groups: %v", got)
	}
	p := tr.Progress()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data := fi.Size() - int64(bytes.IndexByte(text, '\n')+1) // all but the header line
	if p.Rows != int64(st.Rows) || p.Bytes != data || p.TotalBytes != data {
		t.Errorf("at the end: %+v; want %d rows and %d bytes of %d", p, st.Rows, data, data)
	}
	if p.Fraction() != 1 || p.Elapsed <= 0 {
		t.Errorf("at the end: fraction %v, elapsed %v", p.Fraction(), p.Elapsed)
	}
}

// Watch calls back with the tracker's progress until its context ends.
func TestProgressWatch(t *testing.T) {
	path, st := arcosFile(t, 5000)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tr := sqlcsv.NewProgressTracker()
	if _, err := oneRow(sqlcsv.WithProgress(context.Background(), tr), db, fmt.Sprintf(`SELECT COUNT(*) FROM "%s"`, path)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan sqlcsv.Progress, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tr.Watch(ctx, time.Millisecond, func(p sqlcsv.Progress) {
			select {
			case got <- p:
			default:
			}
			cancel()
		})
	}()
	p := <-got
	<-done // Watch returned once its context ended
	if p.Rows != int64(st.Rows) || p.Fraction() != 1 {
		t.Errorf("watched %+v, want all %d rows", p, st.Rows)
	}
}

// A closed DB refuses queries and registrations.
func TestClosedDB(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Query(context.Background(), "SELECT 1"); !errors.Is(err, sqlcsv.ErrClosed) {
		t.Errorf("Query after Close: %v, want ErrClosed", err)
	}
	if err := db.Register(context.Background(), "t", "t.csv"); !errors.Is(err, sqlcsv.ErrClosed) {
		t.Errorf("Register after Close: %v, want ErrClosed", err)
	}
}
