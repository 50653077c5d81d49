package sqlcsv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/bench/arcos"
	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// arcosFile writes a generated ARCOS-like TSV of n rows and returns its
// path and the generator's statistics.
func arcosFile(t *testing.T, n int) (string, *arcos.Stats) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "arcos.tsv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := arcos.Generate(f, arcos.Options{Rows: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, st
}

// oneRow runs a query of one BIGINT row on db and returns its values.
func oneRow(ctx context.Context, db *sqlcsv.DB, sql string) ([]int64, error) {
	rows, err := db.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return out, nil
		}
		for c := 0; c < int(rec.NumCols()); c++ {
			for i := 0; i < int(rec.NumRows()); i++ {
				out = append(out, rec.Column(c).(*array.Int64).Value(i))
			}
		}
		rec.Release()
	}
}

// Queries run concurrently on one DB (under -race in CI) give the exact
// answers: the row count and the number of (year, state, county) groups
// the generator made.
func TestConcurrentQueries(t *testing.T) {
	path, st := arcosFile(t, 20000)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Register(ctx, "arcos", path); err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		sql  string
		want int64
	}{
		{"SELECT COUNT(*) FROM arcos", int64(st.Rows)},
		{"SELECT COUNT(*) FROM (SELECT YEAR(STR_TO_DATE(TRANSACTION_DATE, '%m%d%Y')) AS y, BUYER_STATE, BUYER_COUNTY FROM arcos GROUP BY 1, 2, 3) g",
			int64(len(st.Groups))},
		{fmt.Sprintf(`SELECT COUNT(*) FROM "%s" WHERE BUYER_STATE IS NOT NULL OR BUYER_STATE IS NULL`, path), int64(st.Rows)},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				q := queries[(g+k)%len(queries)]
				got, err := oneRow(ctx, db, q.sql)
				if err != nil {
					errs <- fmt.Errorf("%s: %w", q.sql, err)
					return
				}
				if len(got) != 1 || got[0] != q.want {
					errs <- fmt.Errorf("%s = %v, want %d", q.sql, got, q.want)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Cancelling a query whose correlated subquery runs per outer row (an
// Apply: an inequality under COUNT) stops it between two rows' subqueries
// or inside one, and leaves no goroutine of any of them behind.
func TestCancelApply(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.csv")
	var sb strings.Builder
	sb.WriteString("a,b\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, "%d,%d\n", i, i%7)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timer := time.AfterFunc(20*time.Millisecond, cancel)
	defer timer.Stop()
	rows, err := db.Query(ctx, fmt.Sprintf(`SELECT a, (SELECT COUNT(*) FROM "%s" i WHERE i.a < o.a AND i.b = o.b) FROM "%[1]s" o`, path))
	for err == nil {
		var rec arrow.Record
		rec, err = rows.Next(ctx)
		if rec == nil && err == nil {
			t.Fatal("the query ran to its end before the cancel: make the file larger")
		}
		if rec != nil {
			rec.Release()
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after the cancel: %v, want context.Canceled", err)
	}
	if rows != nil {
		if err := rows.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	goleak.VerifyNone(t)
}

// Cancelling the context of a GROUP BY in the middle of its scan makes
// the query return context.Canceled (from Query, which runs the plan to
// its first batch, or from Next), and leaves no goroutine behind.
func TestCancelMidScan(t *testing.T) {
	path, _ := arcosFile(t, 300000)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled time.Time
	timer := time.AfterFunc(20*time.Millisecond, func() {
		cancelled = time.Now()
		cancel()
	})
	defer timer.Stop()
	rows, err := db.Query(ctx, fmt.Sprintf(`SELECT BUYER_STATE, BUYER_COUNTY, REPORTER_DEA_NO, SUM(CALC_BASE_WT_IN_GM) FROM "%s" GROUP BY 1, 2, 3`, path))
	for err == nil {
		var rec arrow.Record
		rec, err = rows.Next(ctx)
		if rec == nil && err == nil {
			t.Fatal("the query ran to its end before the cancel: make the file larger")
		}
		if rec != nil {
			rec.Release()
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after the cancel: %v, want context.Canceled", err)
	}
	if rows != nil {
		if err := rows.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	t.Logf("returned %v after the cancel", time.Since(cancelled))
	goleak.VerifyNone(t)
}
