package tests

import (
	"context"
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
)

// writeGroupbyFile writes rows like db-benchmark's groupby data: id4 and
// id5 in 1..k, v1 in 1..5, v2 in 1..15, v3 in [0, 100) with six decimals,
// a NULL v3 now and then. It returns the path and, per (id4, id5), the v3
// values in millionths.
func writeGroupbyFile(t *testing.T, rows, k int) (string, map[[2]int][]int64) {
	t.Helper()
	r := rand.New(rand.NewSource(11))
	var sb strings.Builder
	sb.WriteString("id4,id5,v1,v2,v3\n")
	groups := map[[2]int][]int64{}
	for i := 0; i < rows; i++ {
		id4, id5 := 1+r.Intn(k), 1+r.Intn(k)
		v3 := r.Int63n(100_000_000)
		fmt.Fprintf(&sb, "%d,%d,%d,%d,", id4, id5, 1+r.Intn(5), 1+r.Intn(15))
		if r.Intn(50) > 0 {
			fmt.Fprintf(&sb, "%d.%06d", v3/1_000_000, v3%1_000_000)
			groups[[2]int{id4, id5}] = append(groups[[2]int{id4, id5}], v3)
		}
		sb.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, groups
}

// TestStatsSameOverPartitions runs db-benchmark's q6 and q9 over 50,000
// rows in one partition and in many small ones: the answers are the same
// to the last digit, and the medians are the exact ones.
func TestStatsSameOverPartitions(t *testing.T) {
	path, groups := writeGroupbyFile(t, 50_000, 10)
	queries := []string{
		`SELECT id4, id5, MEDIAN(v3) AS median_v3, STDDEV(v3) AS sd_v3 FROM x GROUP BY id4, id5 ORDER BY id4, id5`,
		`SELECT id4, POW(CORR(v1, v2), 2) AS r2, VAR_POP(v3), COVAR_SAMP(v3, v1), QUANTILE_CONT(v3, 0.9), APPROX_COUNT_DISTINCT(v3) FROM x GROUP BY id4 ORDER BY id4`,
	}
	run := func(opts sqlcsv.Options) [][]string {
		ctx := context.Background()
		db, err := sqlcsv.Open(opts)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Register(ctx, "x", path); err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, q := range queries {
			rows, err := collect(ctx, db, q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out = append(out, rows)
		}
		return out
	}
	serial := run(sqlcsv.Options{Threads: 1, PartitionSize: 1 << 30})
	for _, opts := range []sqlcsv.Options{{Threads: 3, PartitionSize: 16 << 10}, {Threads: 2, PartitionSize: 100 << 10}} {
		got := run(opts)
		for i := range queries {
			if strings.Join(got[i], "\n") != strings.Join(serial[i], "\n") {
				t.Errorf("threads=%d partition=%d: %s\ngot:\n%s\none partition:\n%s", opts.Threads, opts.PartitionSize,
					queries[i], strings.Join(got[i], "\n"), strings.Join(serial[i], "\n"))
			}
		}
	}
	if len(serial[0]) != len(groups) {
		t.Fatalf("%d groups, want %d", len(serial[0]), len(groups))
	}
	for _, row := range serial[0] {
		f := strings.Split(row, "|")
		var key [2]int
		fmt.Sscan(f[0], &key[0])
		fmt.Sscan(f[1], &key[1])
		v := append([]int64(nil), groups[key]...)
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		n := len(v)
		m := new(big.Rat).SetFrac64(v[n/2]+v[(n-1)/2], 2_000_000) // exact median
		want, _ := m.Float64()
		if got := fmt.Sprint(want); f[2] != got {
			t.Errorf("group %v: median %s, exact %s", key, f[2], got)
		}
	}
}
