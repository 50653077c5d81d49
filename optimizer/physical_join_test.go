package optimizer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/vector/dsv"
)

// newJoinFiles writes orders.tsv (60 rows: k = i % 6, amount = i) and
// cust.tsv (4 rows: k 0..3), small enough to be counted exactly, and
// returns them in a salesFile harness.
func newJoinFiles(t *testing.T) *salesFile {
	t.Helper()
	dir := t.TempDir()
	var orders, cust strings.Builder
	orders.WriteString("k\tamount\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&orders, "%d\t%d\n", i%6, i)
	}
	cust.WriteString("k\tname\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&cust, "%d\tc%d\n", i, i)
	}
	cat := catalog.New(nil)
	for name, text := range map[string]string{"orders": orders.String(), "cust": cust.String()} {
		path := filepath.Join(dir, name+".tsv")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := dsv.Open(context.Background(), name, path, dsv.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cat.Register(f)
	}
	return &salesFile{dir: dir, cat: cat}
}

// joinRows is the answer of the inner join below, by nested loops:
// customer k's orders with amount > k * 10, as "name | amount", sorted.
func joinRows() []string {
	var rows []string
	for k := 0; k < 4; k++ {
		for i := 0; i < 60; i++ {
			if i%6 == k && i > k*10 {
				rows = append(rows, fmt.Sprintf("c%d | %d", k, i))
			}
		}
	}
	sort.Strings(rows)
	return rows
}

func TestExplainHashJoinBuildsTheSmallerSide(t *testing.T) {
	s := newJoinFiles(t)
	const sql = "SELECT c.name, o.amount FROM cust c JOIN orders o ON c.k = o.k AND o.amount > c.k * 10"
	// The 4 customers are held in memory, the 60 orders stream, whether
	// the join order puts orders on the left (reorder_joins) or the
	// physical planner swaps the sides (with reorder_joins off, cust is
	// the left input).
	want := strings.Join([]string{
		"Gather partitions=1 workers=1 (in partition order)",
		"  Project [name, amount]",
		"    HashJoin inner keys=[k = k] residual=(amount > (k * 10)) (probes the first input; holds the second in memory, ~4 rows estimated)",
		"      Scan \"DIR/orders.tsv\" format=tsv partitions=1 columns=[k, amount] workers=1",
		"      Gather partitions=1 workers=1 (in partition order)",
		"        Scan \"DIR/cust.tsv\" format=tsv partitions=1 columns=[k, name] workers=1",
	}, "\n") + "\n"
	for _, c := range []struct {
		name string
		opts optimizer.Options
	}{
		{"reordered", optimizer.Options{}},
		{"swapped", optimizer.Options{Disabled: map[string]bool{"reorder_joins": true}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := s.explain(t, sql, c.opts); got != want {
				t.Errorf("EXPLAIN:\n%s\nwant:\n%s", got, want)
			}
			got := s.run(t, sql, c.opts)
			sort.Strings(got)
			if w := joinRows(); strings.Join(got, "\n") != strings.Join(w, "\n") || len(w) != 28 {
				t.Errorf("rows %v, want %v", got, w)
			}
		})
	}
}

func TestExplainHashJoinOuterBuildsTheSmallerPreservedSide(t *testing.T) {
	// A left join whose left side (4 rows) is at most a quarter of the
	// right one (~60 rows, a third after the filter) is built on the left:
	// the right side probes, and the OuterTail adds the left rows it never
	// matched (c2, whose ON condition fails).
	s := newJoinFiles(t)
	const sql = "SELECT c.name, o.amount FROM cust c LEFT JOIN orders o ON c.k = o.k AND o.amount > 50 AND c.name <> 'c2'"
	want := strings.Join([]string{
		"Project [name, amount]",
		"  OuterTail (adds the rows of the built side that no probe matched, after all probes)",
		"    Gather partitions=1 workers=1 (in partition order)",
		"      HashJoin left (built on the left side; the rows it keeps are added above) keys=[k = k] residual=(name <> 'c2') (probes the first input; holds the second in memory, ~4 rows estimated)",
		"        Scan \"DIR/orders.tsv\" format=tsv partitions=1 columns=[k, amount] workers=1 filter=(amount > 50)",
		"        Gather partitions=1 workers=1 (in partition order)",
		"          Scan \"DIR/cust.tsv\" format=tsv partitions=1 columns=[k, name] workers=1",
	}, "\n") + "\n"
	if got := s.explain(t, sql, optimizer.Options{}); got != want {
		t.Errorf("EXPLAIN:\n%s\nwant:\n%s", got, want)
	}
	got := s.run(t, sql, optimizer.Options{})
	sort.Strings(got)
	if w := "c0 | 54,c1 | 55,c2 | (null),c3 | 51,c3 | 57"; strings.Join(got, ",") != w {
		t.Errorf("rows %q, want %q", strings.Join(got, ","), w)
	}
}
