package tests

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
)

// EXPLAIN ANALYZE runs the query and shows each operator's actual rows
// (summed over partitions), with times and memory, which vary and are
// masked here.
func TestExplainAnalyze(t *testing.T) {
	ctx := context.Background()
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 48})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, f := range []string{"emp", "dept"} {
		if err := db.Register(ctx, f, filepath.Join("testdata", f+".csv")); err != nil {
			t.Fatal(err)
		}
	}
	got, err := collect(ctx, db, "EXPLAIN ANALYZE SELECT d.dname, COUNT(*) FROM emp e JOIN dept d ON e.dept = d.dept GROUP BY d.dname ORDER BY 2 DESC, 1")
	if err != nil {
		t.Fatal(err)
	}
	mask := regexp.MustCompile(`time=[^ \]]+|memory=[0-9.]+ [KMG]?i?B|partitions=\d+`)
	var lines []string
	for _, l := range got {
		lines = append(lines, mask.ReplaceAllStringFunc(l, func(s string) string {
			return s[:strings.IndexAny(s, "= ")+1] + "*"
		}))
	}
	want := []string{
		"Sort [COUNT(*) DESC, dname] (holds its whole input in memory) [actual rows=3 batches=1 time=* memory=*]",
		"  Project [dname, count(*) AS COUNT(*)] [actual rows=3 batches=1 time=*]",
		"    HashAggregate phase=final keys=[dname] aggs=[count(count(*)$count)] output=[dname, count(*)] (holds every group in memory) [actual rows=3 batches=1 time=* memory=*]",
	}
	if len(lines) < len(want)+1 {
		t.Fatalf("got:\n%s", strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], w)
		}
	}
	// The join produced 6 pairs in all, over the partitions of emp.
	joined := regexp.MustCompile(`HashJoin inner .*\[actual rows=6 `)
	found := false
	for _, l := range lines {
		found = found || joined.MatchString(l)
	}
	if !found {
		t.Errorf("no HashJoin line with 6 rows:\n%s", strings.Join(lines, "\n"))
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "Total: 3 rows in ") {
		t.Errorf("last line %q", last)
	}
}
