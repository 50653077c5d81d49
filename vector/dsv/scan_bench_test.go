package dsv

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlcsv/sqlcsv/bench/arcos"
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
	ctx := context.Background()
	file, err := Open(ctx, "arcos", path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cols []int
	for _, name := range []string{"BUYER_STATE", "BUYER_COUNTY", "TRANSACTION_DATE", "CALC_BASE_WT_IN_GM", "MME_Conversion_Factor"} {
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
