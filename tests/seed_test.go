// Package tests holds sqlcsv's end-to-end suites: the seed query checked
// against independently computed answers, and SQL semantics from text files.
package tests

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/bench/arcos"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// seedQuery is the motivating query, verbatim, over a table named by path.
const seedQuery = `SELECT YEAR(STR_TO_DATE(TRANSACTION_DATE, '%%m%%d%%Y')) AS year, BUYER_STATE, BUYER_COUNTY,
       SUM(CALC_BASE_WT_IN_GM * MME_Conversion_Factor) AS morphine_equivalent_g
FROM "%s" GROUP BY year, BUYER_STATE, BUYER_COUNTY`

// seedRow is one group of the seed query's answer.
type seedRow struct {
	key arcos.GroupKey
	mme int64 // in millionths: the sum is a DECIMAL(38,6), exact
}

// runSeed runs the seed query on path and returns its rows in the order
// the engine produced them.
func runSeed(t *testing.T, path string, opts sqlcsv.Options) []seedRow {
	t.Helper()
	return runQueryRows(t, fmt.Sprintf(seedQuery, path), opts)
}

func runQueryRows(t *testing.T, sql string, opts sqlcsv.Options) []seedRow {
	t.Helper()
	ctx := context.Background()
	db, err := sqlcsv.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []seedRow
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec == nil {
			break
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			var r seedRow
			r.key.Year = int(vector.Scalar(rec.Column(0), i).(int64))
			r.key.State = vector.Scalar(rec.Column(1), i).(string)
			if c := vector.Scalar(rec.Column(2), i); c == nil {
				r.key.CountyNull = true
			} else {
				r.key.County = c.(string)
			}
			if typ := rec.Schema().Field(3).Type.String(); typ != "decimal(38, 6)" {
				t.Fatalf("the sum has type %s, want decimal(38, 6)", typ)
			}
			mme, ok := types.Fits64(vector.Scalar(rec.Column(3), i).(decimal128.Num))
			if !ok {
				t.Fatalf("sum %v out of range", vector.Scalar(rec.Column(3), i))
			}
			r.mme = mme
			out = append(out, r)
		}
		rec.Release()
	}
	return out
}

func generate(t *testing.T, opt arcos.Options) (string, *arcos.Stats) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "arcos.tsv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := arcos.Generate(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, st
}

// checkAgainstStats compares the engine's groups with the generator's
// exact sums: every group present once, no other group, and each sum equal
// to the exact decimal value (the columns are sniffed as DECIMALs).
func checkAgainstStats(t *testing.T, got []seedRow, st *arcos.Stats) {
	t.Helper()
	if len(got) != len(st.Groups) {
		t.Fatalf("got %d groups, the generator made %d", len(got), len(st.Groups))
	}
	seen := map[arcos.GroupKey]bool{}
	for _, r := range got {
		if seen[r.key] {
			t.Fatalf("group %+v appears twice", r.key)
		}
		seen[r.key] = true
		g, ok := st.Groups[r.key]
		if !ok {
			t.Fatalf("group %+v is not in the data", r.key)
		}
		if r.mme != g.MMEMicro {
			t.Fatalf("group %+v: sum %d millionths, exact %d", r.key, r.mme, g.MMEMicro)
		}
	}
}

func TestSeedQueryMatchesGenerator(t *testing.T) {
	path, st := generate(t, arcos.Options{Rows: 30000, Seed: 7})
	// One worker, one partition: the serial answer.
	serial := runSeed(t, path, sqlcsv.Options{Threads: 1, PartitionSize: 1 << 30})
	checkAgainstStats(t, serial, st)
	// Many small partitions that start mid-record, four workers.
	parallel := runSeed(t, path, sqlcsv.Options{Threads: 4, PartitionSize: 64 << 10})
	checkAgainstStats(t, parallel, st)
	// The same partitions with one worker give the same answer to the
	// bit, in the same order: partials merge in partition order.
	one := runSeed(t, path, sqlcsv.Options{Threads: 1, PartitionSize: 64 << 10})
	if len(one) != len(parallel) {
		t.Fatalf("1 worker: %d groups, 4 workers: %d", len(one), len(parallel))
	}
	for i := range one {
		if one[i] != parallel[i] {
			t.Fatalf("row %d: 1 worker %+v, 4 workers %+v", i, one[i], parallel[i])
		}
	}
}

func TestSeedQueryLineEndings(t *testing.T) {
	for _, opt := range []arcos.Options{
		{Rows: 5000, Seed: 3, CRLF: true},
		{Rows: 5000, Seed: 4, NoFinalNewline: true},
		{Rows: 5000, Seed: 5, CRLF: true, NoFinalNewline: true},
	} {
		t.Run(fmt.Sprintf("crlf=%v,final=%v", opt.CRLF, !opt.NoFinalNewline), func(t *testing.T) {
			path, st := generate(t, opt)
			for _, ps := range []int64{1 << 30, 4096, 1000} {
				checkAgainstStats(t, runSeed(t, path, sqlcsv.Options{Threads: 3, PartitionSize: ps}), st)
			}
		})
	}
}

// TestSeedQueryEveryPartitionSize cuts a small file at every possible
// place: partitions of 1..n bytes all give the serial answer exactly.
func TestSeedQueryEveryPartitionSize(t *testing.T) {
	path, st := generate(t, arcos.Options{Rows: 40, Seed: 11})
	serial := runSeed(t, path, sqlcsv.Options{Threads: 1, PartitionSize: 1 << 30})
	checkAgainstStats(t, serial, st)
	sortRows(serial)
	info, _ := os.Stat(path)
	for ps := int64(1); ps <= info.Size(); ps += 37 {
		got := runSeed(t, path, sqlcsv.Options{Threads: 2, PartitionSize: ps})
		sortRows(got)
		if len(got) != len(serial) {
			t.Fatalf("partition size %d: %d groups, want %d", ps, len(got), len(serial))
		}
		for i := range got {
			if got[i] != serial[i] {
				t.Fatalf("partition size %d: row %d = %+v, want %+v", ps, i, got[i], serial[i])
			}
		}
	}
}

func sortRows(rows []seedRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i].key, rows[j].key
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.State != b.State {
			return a.State < b.State
		}
		if a.CountyNull != b.CountyNull {
			return b.CountyNull
		}
		return a.County < b.County
	})
}

func TestEmptyFile(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	header := filepath.Join(dir, "header.tsv")
	if err := os.WriteFile(header, []byte(bytes.Join([][]byte{[]byte("a\tb"), nil}, []byte("\n"))), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	for _, tc := range []struct{ sql, want string }{
		{fmt.Sprintf(`SELECT COUNT(*) FROM "%s"`, empty), "0"},
		{fmt.Sprintf(`SELECT COUNT(*), MAX(a) FROM "%s"`, header), "0|NULL"},
		{fmt.Sprintf(`SELECT * FROM "%s"`, header), ""},
	} {
		got := queryText(t, ctx, db, tc.sql)
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.sql, got, tc.want)
		}
	}
}

// queryText runs sql and renders the result as lines of |-separated values.
func queryText(t *testing.T, ctx context.Context, db *sqlcsv.DB, sql string) string {
	t.Helper()
	rows, err := db.Query(ctx, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var lines []string
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if rec == nil {
			break
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			lines = append(lines, formatRow(rec, i, "|"))
		}
		rec.Release()
	}
	var buf bytes.Buffer
	for i, l := range lines {
		if i > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(l)
	}
	return buf.String()
}

// TestArcosTypes: the columns that made Dask users write a dtype dict are
// typed right without a schema: codes and ZIPs with leading zeros stay
// text, and columns empty in the first third of the file and text later
// are VARCHAR. A query over every column then succeeds.
func TestArcosTypes(t *testing.T) {
	path, st := generate(t, arcos.Options{Rows: 30000, Seed: 9})
	ctx := context.Background()
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	got := queryText(t, ctx, db, fmt.Sprintf(`DESCRIBE "%s"`, path))
	want := `REPORTER_DEA_NO|VARCHAR|YES|sniffed
REPORTER_BUS_ACT|VARCHAR|YES|sniffed
REPORTER_NAME|VARCHAR|YES|sniffed
REPORTER_ADDL_CO_INFO|VARCHAR|YES|sniffed
REPORTER_ADDRESS1|VARCHAR|YES|sniffed
REPORTER_ADDRESS2|VARCHAR|YES|sniffed
REPORTER_CITY|VARCHAR|YES|sniffed
REPORTER_STATE|VARCHAR|YES|sniffed
REPORTER_ZIP|VARCHAR|YES|sniffed
REPORTER_COUNTY|VARCHAR|YES|sniffed
BUYER_DEA_NO|VARCHAR|YES|sniffed
BUYER_BUS_ACT|VARCHAR|YES|sniffed
BUYER_NAME|VARCHAR|YES|sniffed
BUYER_ADDL_CO_INFO|VARCHAR|YES|sniffed
BUYER_ADDRESS1|VARCHAR|YES|sniffed
BUYER_ADDRESS2|VARCHAR|YES|sniffed
BUYER_CITY|VARCHAR|YES|sniffed
BUYER_STATE|VARCHAR|YES|sniffed
BUYER_ZIP|VARCHAR|YES|sniffed
BUYER_COUNTY|VARCHAR|YES|sniffed
TRANSACTION_CODE|VARCHAR|YES|sniffed
DRUG_CODE|BIGINT|YES|sniffed
NDC_NO|VARCHAR|YES|sniffed
DRUG_NAME|VARCHAR|YES|sniffed
QUANTITY|BIGINT|YES|sniffed
UNIT|VARCHAR|YES|sniffed
ACTION_INDICATOR|VARCHAR|YES|sniffed
ORDER_FORM_NO|VARCHAR|YES|sniffed
CORRECTION_NO|VARCHAR|YES|sniffed
STRENGTH|DECIMAL(18,1)|YES|sniffed
TRANSACTION_DATE|VARCHAR|YES|sniffed
CALC_BASE_WT_IN_GM|DECIMAL(18,4)|YES|sniffed
DOSAGE_UNIT|DECIMAL(18,1)|YES|sniffed
TRANSACTION_ID|BIGINT|YES|sniffed
Product_Name|VARCHAR|YES|sniffed
Ingredient_Name|VARCHAR|YES|sniffed
Measure|VARCHAR|YES|sniffed
MME_Conversion_Factor|DECIMAL(18,2)|YES|sniffed
Combined_Labeler_Name|VARCHAR|YES|sniffed
Revised_Company_Name|VARCHAR|YES|sniffed
Reporter_family|VARCHAR|YES|sniffed
dos_str|DECIMAL(18,1)|YES|sniffed`
	if got != want {
		t.Fatalf("DESCRIBE:\n%s", got)
	}
	var maxes []string
	for _, c := range arcos.Columns() {
		maxes = append(maxes, fmt.Sprintf(`COUNT("%s")`, c))
	}
	counts := queryText(t, ctx, db, fmt.Sprintf(`SELECT COUNT(*), %s FROM "%s"`, strings.Join(maxes, ", "), path))
	if !strings.HasPrefix(counts, fmt.Sprintf("%d|", st.Rows)) {
		t.Fatalf("COUNT over every column: %s", counts)
	}
}

// TestSeedQueryOverDirectory: three ARCOS-like files (one gzip-compressed)
// in a directory are one table; the seed query over it, with partitions
// that start mid-record in every file, gives the three files' summed
// answers.
func TestSeedQueryOverDirectory(t *testing.T) {
	dir := t.TempDir()
	total := &arcos.Stats{Groups: map[arcos.GroupKey]*arcos.GroupStat{}}
	for i, name := range []string{"part1.tsv", "part2.tsv", "part3.tsv.gz"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var w io.Writer = f
		var gz *gzip.Writer
		if strings.HasSuffix(name, ".gz") {
			gz = gzip.NewWriter(f)
			w = gz
		}
		st, err := arcos.Generate(w, arcos.Options{Rows: 4000, Seed: uint64(20 + i)})
		if err != nil {
			t.Fatal(err)
		}
		if gz != nil {
			gz.Close()
		}
		f.Close()
		for k, g := range st.Groups {
			if total.Groups[k] == nil {
				total.Groups[k] = &arcos.GroupStat{}
			}
			total.Groups[k].Rows += g.Rows
			total.Groups[k].MMEMicro += g.MMEMicro
		}
	}
	for _, ps := range []int64{1 << 30, 50000, 7777} {
		checkAgainstStats(t, runSeed(t, dir, sqlcsv.Options{Threads: 3, PartitionSize: ps}), total)
	}
}

// TestArcosWithoutSchema: the queries that failed for DuckDB and Dask
// users succeed with no schema given; the counts are checked against a
// plain split of the file.
func TestArcosWithoutSchema(t *testing.T) {
	path, _ := generate(t, arcos.Options{Rows: 30000, Seed: 13})
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	cols := strings.Split(lines[0], "\t")
	idx := func(name string) int {
		for i, c := range cols {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	ofn, act := idx("ORDER_FORM_NO"), idx("ACTION_INDICATOR")
	want := map[string]int{}
	nullable := func(s string) string {
		if s == "" {
			return "NULL"
		}
		return s
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		want[nullable(f[ofn])+"|"+nullable(f[act])]++
	}
	ctx := context.Background()
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 256 << 10})
	got, err := collect(ctx, db, fmt.Sprintf(`SELECT ORDER_FORM_NO, ACTION_INDICATOR, COUNT(*) FROM "%s" GROUP BY 1, 2`, path))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d", len(got), len(want))
	}
	for _, g := range got {
		k := g[:strings.LastIndexByte(g, '|')]
		if fmt.Sprint(want[k]) != g[len(k)+1:] {
			t.Errorf("group %s: got %s, want %d", k, g[len(k)+1:], want[k])
		}
	}
	star, err := collect(ctx, db, fmt.Sprintf(`SELECT * FROM "%s" LIMIT 3`, path))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range star {
		if strings.Count(r, "|") != 41 || !strings.HasPrefix(r, strings.SplitN(lines[i+1], "\t", 2)[0]+"|") {
			t.Errorf("SELECT * row %d: %s", i, r)
		}
	}
}
