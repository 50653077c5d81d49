package dsv

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlcsv/sqlcsv/bench/arcos"
	"github.com/sqlcsv/sqlcsv/bench/groupby"
)

// BenchmarkScanArcos parses the five columns of the seed query from an
// ARCOS-like file of 200k rows, one partition at a time on one goroutine.
func BenchmarkScanArcos(b *testing.B) {
	path := filepath.Join(b.TempDir(), "arcos.tsv")
	if p := os.Getenv("ARCOS_FILE"); p != "" {
		path = p
	} else {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := arcos.Generate(f, arcos.Options{Rows: 200000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	benchScan(b, path, "BUYER_STATE", "BUYER_COUNTY", "TRANSACTION_DATE", "CALC_BASE_WT_IN_GM", "MME_Conversion_Factor")
}

// BenchmarkScanGroupby parses id6, v1, v2 and v3 (db-benchmark's q5)
// from a groupby G1 table of 500k rows on one goroutine.
func BenchmarkScanGroupby(b *testing.B) {
	path := filepath.Join(b.TempDir(), "g1.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := groupby.Generate(f, groupby.Options{Rows: 500000, K: 100, Seed: 108}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchScan(b, path, "id6", "v1", "v2", "v3")
}

// benchScan reads the named columns of the file at path, one partition
// at a time on one goroutine.
func benchScan(b *testing.B, path string, names ...string) {
	ctx := context.Background()
	file, err := Open(ctx, "t", path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cols []int
	for _, name := range names {
		for i, c := range file.Columns() {
			if c.Name == name {
				cols = append(cols, i)
			}
		}
	}
	b.SetBytes(file.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := file.NewScan(cols)
		rows := 0
		for p := 0; p < s.Partitions(); p++ {
			r, err := s.Open(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			for {
				rec, err := r.Next(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if rec == nil {
					break
				}
				rows += int(rec.NumRows())
				rec.Release()
			}
			r.Close()
		}
		if i == 0 {
			b.Logf("rows=%d", rows)
		}
	}
}
