package optimizer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/vector/dsv"
)

// salesFile is a TSV of 40 rows: a 25-byte header and 1100 bytes of data,
// which 256-byte partitions cut into 5.
type salesFile struct {
	dir string
	cat *catalog.Catalog
}

func newSalesFile(t *testing.T) *salesFile {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "sales.tsv")
	var sb strings.Builder
	sb.WriteString("state\tcity\tqty\tprice\tday\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&sb, "%s\tcity%d\t%d\t%d.5\t2012-01-%02d\n", []string{"OH", "PA", "NY", "WV"}[i%4], i%7, i, i, i%28+1)
	}
	if sb.Len() != 1125 {
		t.Fatalf("the file has %d bytes, want 1125", sb.Len())
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := dsv.Open(context.Background(), "sales", path, dsv.Options{PartitionSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range f.Columns() {
		cols = append(cols, c.Name+" "+c.Type.String())
	}
	if got, want := strings.Join(cols, ", "), "state VARCHAR, city VARCHAR, qty BIGINT, price DECIMAL(18,1), day DATE"; got != want {
		t.Fatalf("sniffed columns %s, want %s", got, want)
	}
	cat := catalog.New(nil)
	cat.Register(f)
	return &salesFile{dir: dir, cat: cat}
}

// physical plans sql with opts.
func (s *salesFile) physical(t *testing.T, sql string, opts optimizer.Options) optimizer.Physical {
	t.Helper()
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	n, err := binder.Select(context.Background(), s.cat, stmts[0].Node.(*ast.SelectStmt), stmts[0].Text)
	if err != nil {
		t.Fatalf("bind %q: %v", sql, err)
	}
	n, err = optimizer.Optimize(n, opts)
	if err != nil {
		t.Fatalf("optimize %q: %v", sql, err)
	}
	p, err := optimizer.Physicalize(n, opts)
	if err != nil {
		t.Fatalf("physicalize %q: %v", sql, err)
	}
	return p
}

// explain returns the EXPLAIN text of sql, with the file's directory
// written DIR.
func (s *salesFile) explain(t *testing.T, sql string, opts optimizer.Options) string {
	t.Helper()
	return strings.ReplaceAll(optimizer.ExplainTree(s.physical(t, sql, opts)), filepath.ToSlash(s.dir), "DIR")
}

// run executes sql and returns its rows, cells separated by " | ".
func (s *salesFile) run(t *testing.T, sql string, opts optimizer.Options) []string {
	t.Helper()
	rows, err := s.tryRun(t, sql, opts)
	if err != nil {
		t.Fatalf("run %q: %v", sql, err)
	}
	return rows
}

func (s *salesFile) tryRun(t *testing.T, sql string, opts optimizer.Options) ([]string, error) {
	t.Helper()
	op, err := optimizer.Build(s.physical(t, sql, opts))
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	if err := op.Open(ctx); err != nil {
		op.Close()
		return nil, err
	}
	defer op.Close()
	var rows []string
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			return rows, err
		}
		if rec == nil {
			return rows, nil
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			cells := make([]string, rec.NumCols())
			for c := range cells {
				cells[c] = rec.Column(c).ValueStr(i)
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		rec.Release()
	}
}

var fourThreads = optimizer.Options{Threads: 4}

func TestExplainAggregate(t *testing.T) {
	s := newSalesFile(t)
	// The filter and the projection go into the scan; each partition
	// aggregates its rows, the gather merges the partitions' states in
	// the final aggregation.
	wantPlan(t, "explain", s.explain(t, "SELECT state, sum(qty) FROM sales WHERE city <> 'city3' GROUP BY state", fourThreads),
		"Project [state, sum(qty)]",
		"  HashAggregate phase=final keys=[state] aggs=[sum(sum(qty)$sum, sum(qty)$count, sum(qty)$wraps)] output=[state, sum(qty)] (holds every group in memory)",
		"    Gather partitions=5 workers=4 (in partition order)",
		"      HashAggregate phase=partial keys=[state] aggs=[sum(qty)] output=[state, sum(qty)$sum, sum(qty)$count, sum(qty)$wraps] (per partition)",
		"        Project [state, qty]",
		`          Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, qty] workers=4 filter=(city <> 'city3')`)
}

func TestExplainCountStar(t *testing.T) {
	s := newSalesFile(t)
	wantPlan(t, "explain", s.explain(t, "SELECT count(*) FROM sales", fourThreads),
		"Project [count(*)]",
		"  HashAggregate phase=final keys=[] aggs=[count(count(*)$count)] output=[count(*)] (holds every group in memory)",
		"    Gather partitions=5 workers=4 (in partition order)",
		"      HashAggregate phase=partial keys=[] aggs=[count(*)] output=[count(*)$count] (per partition)",
		"        Project []",
		`          Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[] workers=4`)
	if got := s.run(t, "SELECT count(*) FROM sales", fourThreads); strings.Join(got, "\n") != "40" {
		t.Errorf("count(*) = %q, want 40", got)
	}
}

func TestExplainTopN(t *testing.T) {
	s := newSalesFile(t)
	// Each partition keeps its best 3 rows; the final top-N picks among
	// them.
	wantPlan(t, "explain", s.explain(t, "SELECT city, qty FROM sales ORDER BY qty DESC LIMIT 3", fourThreads),
		"TopN [qty DESC] offset=0 count=3 keep=3",
		"  Gather partitions=5 workers=4 (in partition order)",
		"    TopN per partition keep=3",
		"      Project [city, qty]",
		`        Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[city, qty] workers=4`)
	// With an offset every partition keeps offset+count rows, and a limit
	// skips the offset; the ORDER BY column is dropped at the end.
	sql := "SELECT city FROM sales WHERE price > 10 ORDER BY qty DESC LIMIT 3 OFFSET 2"
	wantPlan(t, "explain offset", s.explain(t, sql, fourThreads),
		"Project [city]",
		"  Limit offset=2 count=3",
		"    TopN [qty DESC] offset=2 count=3 keep=5",
		"      Gather partitions=5 workers=4 (in partition order)",
		"        TopN per partition keep=5",
		"          Project [city, qty]",
		`            Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[city, qty, price] workers=4 filter=(price > 10.0)`)
	want := "city2\ncity1\ncity0"
	if got := s.run(t, sql, fourThreads); strings.Join(got, "\n") != want {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestExplainScanOnly(t *testing.T) {
	s := newSalesFile(t)
	wantPlan(t, "project", s.explain(t, "SELECT upper(city) AS c FROM sales WHERE state = 'OH'", fourThreads),
		"Gather partitions=5 workers=4 (in partition order)",
		"  Project [UPPER(city) AS c]",
		`    Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city] workers=4 filter=(state = 'OH')`)
	wantPlan(t, "limit", s.explain(t, "SELECT * FROM sales LIMIT 2", fourThreads),
		"Limit offset=0 count=2",
		"  Gather partitions=5 workers=4 (in partition order)",
		"    Project [state, city, qty, price, day]",
		`      Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, qty, price, day] workers=4`)
	wantPlan(t, "sort", s.explain(t, "SELECT city FROM sales ORDER BY day", fourThreads),
		"Project [city]",
		"  Sort [day] (holds its whole input in memory)",
		"    Gather partitions=5 workers=4 (in partition order)",
		"      Project [city, day]",
		`        Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[city, day] workers=4`)
}

// A DISTINCT aggregate is not split: the partitions are gathered before a
// complete aggregation.
func TestExplainDistinctAggregate(t *testing.T) {
	s := newSalesFile(t)
	sql := "SELECT state, avg(price), count(DISTINCT city) FROM sales GROUP BY 1 ORDER BY 1"
	wantPlan(t, "explain", s.explain(t, sql, fourThreads),
		"Sort [state] (holds its whole input in memory)",
		"  Project [state, avg(price), count(DISTINCT city)]",
		"    HashAggregate phase=complete keys=[state] aggs=[avg(price), count(DISTINCT city)] output=[state, avg(price), count(DISTINCT city)] (holds every group in memory)",
		"      Project [state, price, city]",
		"        Gather partitions=5 workers=4 (in partition order)",
		`          Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, price] workers=4`)
	want := "NY | 20.5 | 7\nOH | 18.5 | 7\nPA | 19.5 | 7\nWV | 21.5 | 7"
	if got := s.run(t, sql, fourThreads); strings.Join(got, "\n") != want {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// Workers are the threads, at most one per partition.
func TestExplainWorkers(t *testing.T) {
	s := newSalesFile(t)
	for _, c := range []struct {
		threads int
		want    string
	}{
		{0, "workers=1"}, {1, "workers=1"}, {3, "workers=3"}, {5, "workers=5"}, {16, "workers=5"},
	} {
		got := s.explain(t, "SELECT qty FROM sales", optimizer.Options{Threads: c.threads})
		want := "Gather partitions=5 " + c.want + " (in partition order)\n" +
			"  Project [qty]\n" +
			`    Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[qty] ` + c.want + "\n"
		if got != want {
			t.Errorf("threads=%d:\n%s\nwant:\n%s", c.threads, got, want)
		}
	}
}

// The rules' effect shows in EXPLAIN: without the split the whole input is
// gathered into one complete aggregation; without pruning the scan reads
// every column, the hidden file name too; without the pushdown the filter
// runs after the scan.
func TestExplainDisabledRules(t *testing.T) {
	s := newSalesFile(t)
	sql := "SELECT state, max(qty) FROM sales WHERE price < 20 GROUP BY state"
	opts := optimizer.Options{Threads: 2, Disabled: map[string]bool{"split_aggregates": true, "prune_columns": true, "push_down_filters": true}}
	wantPlan(t, "explain", s.explain(t, sql, opts),
		"Project [state, max(qty)]",
		"  HashAggregate phase=complete keys=[state] aggs=[max(qty)] output=[state, max(qty)] (holds every group in memory)",
		"    Project [state, qty]",
		"      Gather partitions=5 workers=2 (in partition order)",
		"        Filter (price < 20.0)",
		`          Scan "DIR/sales.tsv" format=tsv partitions=5 columns=[state, city, qty, price, day, filename] workers=2`)
	var want []string
	for _, o := range []optimizer.Options{opts, {Threads: 2}} {
		got := s.run(t, sql, o)
		sort.Strings(got)
		if want == nil {
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("with and without the rules the rows differ:\n%s\nand:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if strings.Join(want, "\n") != "NY | 18\nOH | 16\nPA | 17\nWV | 19" {
		t.Errorf("rows:\n%s", strings.Join(want, "\n"))
	}
}

// HAVING FALSE on an aggregation without GROUP BY returns no rows
// (PostgreSQL); the aggregation of no rows is one row, which HAVING
// removes.
func TestRunHavingFalseOnGlobalAggregate(t *testing.T) {
	s := newSalesFile(t)
	for _, sql := range []string{
		"SELECT count(*) FROM sales HAVING FALSE",
		"SELECT count(*) FROM sales HAVING 1 = 0",
		"SELECT sum(qty) FROM sales HAVING 1 > 2",
	} {
		if got := s.run(t, sql, fourThreads); len(got) != 0 {
			t.Errorf("%s: rows %q, want none", sql, got)
		}
	}
	// The one row of an aggregation over no rows.
	if got := s.run(t, "SELECT count(*), sum(qty) FROM sales WHERE qty > 100", fourThreads); strings.Join(got, "\n") != "0 | (null)" {
		t.Errorf("count over no rows: %q, want [0 | (null)]", got)
	}
}

// LIMIT and OFFSET as large as they come (MySQL's idiom for "all rows"):
// the rows a top-N keeps, offset + count, must not overflow.
func TestRunHugeLimitOffset(t *testing.T) {
	s := newSalesFile(t)
	for _, c := range []struct{ sql, want string }{
		{"SELECT qty FROM sales ORDER BY qty DESC LIMIT 18446744073709551615 OFFSET 38", "1\n0"},
		{"SELECT qty FROM sales ORDER BY qty DESC LIMIT 18446744073709551615 OFFSET 18446744073709551615", ""},
		{"SELECT qty FROM sales ORDER BY qty DESC LIMIT 2 OFFSET 18446744073709551615", ""},
	} {
		rows, err := s.tryRun(t, c.sql, fourThreads)
		if got := strings.Join(rows, "\n"); err != nil || got != c.want {
			t.Errorf("%s: rows %q, error %v; want %q", c.sql, got, err, c.want)
		}
	}
}

func TestExplainOneRow(t *testing.T) {
	s := newSalesFile(t)
	wantPlan(t, "explain", s.explain(t, "SELECT 1 + 2", fourThreads),
		"Project [3 AS 1 + 2]",
		"  OneRow")
}

// A table that cannot be scanned has logical plans but no physical one.
func TestPhysicalizeUnscannableTable(t *testing.T) {
	n := bind(t, "SELECT a FROM t")
	_, err := optimizer.Physicalize(n, optimizer.Options{})
	if err == nil || err.Error() != "table t cannot be scanned" {
		t.Fatalf("got error %v, want table t cannot be scanned", err)
	}
}
