// Command duckdb benchmarks sqlcsv against DuckDB on an ARCOS-like TSV file.
//
// It lives in its own Go module (github.com/sqlcsv/sqlcsv/bench/duckdb) so
// that the engine module stays pure Go: DuckDB comes in through cgo
// (github.com/marcboeker/go-duckdb, DuckDB 1.1) and, optionally, through
// Node (@duckdb/node-api, DuckDB 1.5) from ./node.
//
// Usage (from the repository root):
//
//	cd bench/duckdb && go run . [-rows N] [-file PATH] [-runs K] [-threads T]
//	    [-engines sqlcsv,duckdb,duckdb15] [-query seed|count|filter] [-sql SQL]
//
// Every engine runs as a separate child process; the parent measures each
// child's wall time and reads its peak RSS from the child's rusage. The
// engines alternate run by run so that machine noise hits them alike.
//
// TPC-H modes (tpchgen.go, tpch.go, tpchbench.go, tpchgolden.go):
//
//	go run . -tpch-gen -sf 1 -dir /tmp/sqlcsv-bench/tpch-sf1    # dbgen .tbl files
//	go run . -tpch-check -dir /tmp/sqlcsv-bench/tpch-sf1        # counts, Q1, Q6: sqlcsv vs DuckDB answers
//	go run . -tpch -dir /tmp/sqlcsv-bench/tpch-sf1              # the 22 queries: times and answers
//	go run . -tpch-golden                                       # tests/testdata/tpch/sf0.01: SF 0.01 data and answers
//
// db-benchmark groupby mode (groupby.go): its G1 table (bench/groupby) and
// its ten groupby questions, with db-benchmark's check of every answer:
//
//	go run . -groupby [-rows 10000000] [-k 100] [-runs 3] [-questions q1,q3]
//
// See README.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sqlcsv/sqlcsv/bench/arcos"
)

// defaultCSVOptions are the read_csv options given to DuckDB unless
// -duckdb-csv says otherwise. The sniffer is left to type most columns, but
// the ARCOS columns that trip it are forced to VARCHAR: TRANSACTION_DATE
// (MMDDYYYY with leading zeros, which a BIGINT would lose), the zip and NDC
// codes (leading zeros), and UNIT, ACTION_INDICATOR, ORDER_FORM_NO and
// CORRECTION_NO (empty for a long stretch, then text such as O30700521, so a
// type sniffed from a sample can fail mid-file). See README.md.
const defaultCSVOptions = `delim='\t', header=true, types={` +
	`'TRANSACTION_DATE': 'VARCHAR', 'REPORTER_ZIP': 'VARCHAR', 'BUYER_ZIP': 'VARCHAR', 'NDC_NO': 'VARCHAR', ` +
	`'UNIT': 'VARCHAR', 'ACTION_INDICATOR': 'VARCHAR', 'ORDER_FORM_NO': 'VARCHAR', 'CORRECTION_NO': 'VARCHAR'}`

type query struct {
	sqlcsv string // {table} is replaced by "<file>"
	duckdb string // {table} is replaced by read_csv('<file>', <options>)
}

var queries = map[string]query{
	"seed": {
		sqlcsv: "SELECT YEAR(STR_TO_DATE(TRANSACTION_DATE, '%m%d%Y')) AS year, BUYER_STATE, BUYER_COUNTY, " +
			"SUM(CALC_BASE_WT_IN_GM * MME_Conversion_Factor) AS morphine_equivalent_g " +
			"FROM {table} GROUP BY year, BUYER_STATE, BUYER_COUNTY",
		duckdb: "SELECT year(strptime(TRANSACTION_DATE, '%m%d%Y')) AS year, BUYER_STATE, BUYER_COUNTY, " +
			"SUM(CALC_BASE_WT_IN_GM * MME_Conversion_Factor) AS morphine_equivalent_g " +
			"FROM {table} GROUP BY ALL",
	},
	"count": {
		sqlcsv: "SELECT COUNT(*) FROM {table}",
		duckdb: "SELECT COUNT(*) FROM {table}",
	},
	"filter": {
		sqlcsv: "SELECT COUNT(*) FROM {table} WHERE BUYER_STATE = 'OH'",
		duckdb: "SELECT COUNT(*) FROM {table} WHERE BUYER_STATE = 'OH'",
	},
}

type config struct {
	rows       int
	file       string
	runs       int
	threads    int
	engines    []string
	queryName  string
	sql        string
	sqlDuckDB  string
	csvOptions string
	workDir    string
	keep       bool
	warm       bool
	timeout    time.Duration
	exact      bool
	node       string
	sqlcsvBin  string

	// TPC-H modes (tpch.go).
	tpchGen    bool
	tpchCheck  bool
	tpchBench  bool
	tpchGolden bool
	sf         float64
	dir        string
	compress   string // -tpch-gen: "", "gzip" or "zstd"
	only       []int  // -queries: the TPC-H queries to run (1..22); empty: all
	runsSet    bool   // -runs was given
	enginesSet bool   // -engines was given
	sfSet      bool   // -sf was given

	// db-benchmark groupby mode (groupby.go).
	groupby   bool
	k         int
	questions string
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "-child" || os.Args[1] == "--child") {
		os.Exit(childMain(os.Args[2:]))
	}
	cfg, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/duckdb:", err)
		os.Exit(2)
	}
	if cfg.groupby {
		if err := runGroupBy(cfg); err != nil {
			fmt.Fprintln(os.Stderr, "bench/duckdb:", err)
			os.Exit(1)
		}
		return
	}
	if cfg.tpchBench || cfg.tpchGolden {
		run := runTPCHBench
		if cfg.tpchGolden {
			run = runTPCHGolden
		}
		if err := run(cfg); err != nil {
			fmt.Fprintln(os.Stderr, "bench/duckdb:", err)
			os.Exit(1)
		}
		return
	}
	if cfg.tpchGen || cfg.tpchCheck {
		if err := runTPCH(cfg); err != nil {
			fmt.Fprintln(os.Stderr, "bench/duckdb:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench/duckdb:", err)
		os.Exit(1)
	}
}

func parseFlags() (*config, error) {
	c := &config{}
	var engines string
	flag.IntVar(&c.rows, "rows", 10_000_000, "rows of the generated ARCOS-like file")
	flag.StringVar(&c.file, "file", "", "TSV `path` (default /tmp/sqlcsv-bench/arcos-<rows>.tsv, generated with bench/arcos if missing)")
	flag.IntVar(&c.runs, "runs", 5, "runs per engine")
	flag.IntVar(&c.threads, "threads", 2, "threads given to every engine")
	flag.StringVar(&engines, "engines", "sqlcsv,duckdb,duckdb15", "comma-separated engines: sqlcsv, duckdb (go-duckdb, DuckDB 1.1), duckdb15 (Node @duckdb/node-api, DuckDB 1.5)")
	flag.StringVar(&c.queryName, "query", "seed", "named query: seed, count or filter")
	flag.StringVar(&c.sql, "sql", "", "custom SQL for all engines; write {table} where the file goes (overrides -query)")
	flag.StringVar(&c.sqlDuckDB, "sql-duckdb", "", "DuckDB dialect of -sql, if it differs (also uses {table})")
	flag.StringVar(&c.csvOptions, "duckdb-csv", defaultCSVOptions, "options of DuckDB's read_csv after the file name")
	flag.StringVar(&c.workDir, "workdir", "", "directory for the sqlcsv binary and result files (default: a new temporary directory)")
	flag.BoolVar(&c.keep, "keep", false, "keep the work directory (result CSVs, stderr logs)")
	flag.BoolVar(&c.warm, "warm", true, "read the file once before the runs so that every run finds it in the page cache")
	flag.DurationVar(&c.timeout, "timeout", time.Hour, "time limit of one child run")
	flag.BoolVar(&c.exact, "exact", true, "for a generated arcos file, also check results against the generator's exact answers (seed, count, filter)")
	flag.StringVar(&c.node, "node", "node", "Node.js executable for duckdb15")
	flag.StringVar(&c.sqlcsvBin, "sqlcsv-bin", "", "use this sqlcsv `binary` instead of building cmd/sqlcsv from the work tree")
	flag.BoolVar(&c.tpchGen, "tpch-gen", false, "TPC-H mode: generate the 8 .tbl files of scale factor -sf into -dir (github.com/pingcap/go-tpc/tpch/dbgen), unless they exist")
	flag.BoolVar(&c.tpchCheck, "tpch-check", false, "TPC-H mode: run COUNT(*) of every table, Q1 and Q6 over the .tbl files in -dir with sqlcsv (bench/tpch/schema.sql) and DuckDB, compare the answers and times (generates the files first if missing)")
	flag.BoolVar(&c.tpchBench, "tpch", false, "TPC-H mode: run the 22 queries (bench/tpch/queries, go-tpc's MySQL form) over the .tbl files in -dir with sqlcsv and DuckDB, time them and check the answers (generates the files first if missing)")
	flag.BoolVar(&c.tpchGolden, "tpch-golden", false, "TPC-H mode: write the answers of the 22 queries over the files in -dir (default tests/testdata/tpch/sf0.01, SF 0.01 zstd files generated if missing) as qNN.csv, computed by DuckDB 1.5 and checked against DuckDB 1.1")
	flag.Float64Var(&c.sf, "sf", 1, "TPC-H scale factor: an integer, or below 1 as dbgen -s 0.01 does (0.001 steps)")
	flag.StringVar(&c.dir, "dir", "", "TPC-H data `directory` (default /tmp/sqlcsv-bench/tpch-sf<sf>; for -tpch-golden, tests/testdata/tpch/sf0.01)")
	flag.StringVar(&c.compress, "compress", "", "-tpch-gen: write <table>.tbl.gz (gzip) or <table>.tbl.zst (zstd) instead of <table>.tbl")
	queriesFlag := flag.String("queries", "", "-tpch, -tpch-golden: comma-separated query numbers to run (default all 22), e.g. 1,6,15")
	flag.BoolVar(&c.groupby, "groupby", false, "db-benchmark groupby mode: its 10 questions over its G1 table (-file, default /tmp/sqlcsv-bench/G1_<rows>_<k>_0_0.csv, generated with bench/groupby if missing)")
	flag.IntVar(&c.k, "k", 100, "groupby mode: K of the G1 table (groups of id1, id2, id4, id5)")
	flag.StringVar(&c.questions, "questions", "", "groupby mode: comma-separated questions to run, e.g. q1,q3 (default all ten)")
	flag.Parse()
	csvSet := false
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "runs":
			c.runsSet = true
		case "duckdb-csv":
			csvSet = true
		case "engines":
			c.enginesSet = true
		case "sf":
			c.sfSet = true
		}
	})
	if c.groupby {
		if c.k < 1 || c.rows%c.k != 0 {
			return nil, fmt.Errorf("-groupby: -rows (%d) must be a multiple of -k (%d)", c.rows, c.k)
		}
		if c.file == "" {
			c.file = gbDefaultFile(c.rows, c.k)
		}
		if !csvSet {
			c.csvOptions = "" // DuckDB's sniffer alone, as db-benchmark's read_csv_auto
		}
		if !c.runsSet {
			c.runs = 3
		}
	}
	switch c.compress {
	case "", "gzip", "zstd":
	default:
		return nil, fmt.Errorf("-compress %q: want gzip or zstd", c.compress)
	}
	for _, f := range strings.Split(*queriesFlag, ",") {
		if f = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(f)), "q")); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 22 {
			return nil, fmt.Errorf("-queries: %q is not a query number from 1 to 22", f)
		}
		if !slices.Contains(c.only, n) {
			c.only = append(c.only, n)
		}
	}
	slices.Sort(c.only)
	if c.dir == "" && !c.tpchGolden {
		c.dir = fmt.Sprintf("/tmp/sqlcsv-bench/tpch-sf%g", c.sf)
	}
	if flag.NArg() != 0 {
		return nil, fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	if c.rows < 0 || c.runs < 1 || c.threads < 1 {
		return nil, errors.New("-rows must be >= 0, -runs and -threads >= 1")
	}
	for _, e := range strings.Split(engines, ",") {
		e = strings.TrimSpace(e)
		switch e {
		case "":
		case "sqlcsv", "duckdb", "duckdb15":
			if !slices.Contains(c.engines, e) {
				c.engines = append(c.engines, e)
			}
		default:
			return nil, fmt.Errorf("unknown engine %q (want sqlcsv, duckdb, duckdb15)", e)
		}
	}
	if len(c.engines) == 0 {
		return nil, errors.New("no engine")
	}
	if c.sql == "" {
		if _, ok := queries[c.queryName]; !ok {
			return nil, fmt.Errorf("unknown -query %q (want seed, count or filter, or use -sql)", c.queryName)
		}
	} else {
		c.queryName = "custom"
		if c.sqlDuckDB == "" {
			c.sqlDuckDB = c.sql
		}
		if !strings.Contains(c.sql, "{table}") || !strings.Contains(c.sqlDuckDB, "{table}") {
			return nil, errors.New("-sql (and -sql-duckdb) must name the file as {table}")
		}
	}
	if c.file == "" {
		c.file = fmt.Sprintf("/tmp/sqlcsv-bench/arcos-%d.tsv", c.rows)
	}
	return c, nil
}

// engine is one engine's child command and its measurements.
type engine struct {
	name    string
	label   string
	sql     string
	args    []string // argv of the child
	env     []string
	walls   []float64
	rss     []float64 // MiB
	cpu     []float64 // user+system seconds of the child
	rows    int
	result  [][]string // header-less rows of the first successful run
	failed  string
	version string
	startup float64 // median wall seconds of SELECT 1 (process start, engine load)
	noop    []string
}

func run(cfg *config) error {
	repoRoot, err := findRepoRoot()
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s, %d cores (runtime.NumCPU), %s RAM, %s %s/%s\n",
		cpuModel(), runtime.NumCPU(), memTotal(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))

	// The data file.
	var stats *arcos.Stats
	generatedHere := false
	if _, err := os.Stat(cfg.file); errors.Is(err, os.ErrNotExist) {
		fmt.Printf("generating %s (%d rows, bench/arcos seed 1)...\n", cfg.file, cfg.rows)
		t0 := time.Now()
		if stats, err = generate(cfg.file, cfg.rows); err != nil {
			return err
		}
		generatedHere = true
		fmt.Printf("  wrote %d bytes in %s\n", stats.Bytes, time.Since(t0).Round(time.Millisecond))
	} else if err != nil {
		return err
	}
	fi, err := os.Stat(cfg.file)
	if err != nil {
		return err
	}
	size := fi.Size()
	fmt.Printf("file: %s (%d bytes, %.1f MB)\n", cfg.file, size, float64(size)/1e6)

	work := cfg.workDir
	if work == "" {
		if work, err = os.MkdirTemp("", "sqlcsv-duckdb-bench-"); err != nil {
			return err
		}
		if !cfg.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	absFile, err := filepath.Abs(cfg.file)
	if err != nil {
		return err
	}

	q := queries[cfg.queryName]
	if cfg.queryName == "custom" {
		q = query{sqlcsv: cfg.sql, duckdb: cfg.sqlDuckDB}
	}
	sqlcsvSQL := strings.ReplaceAll(q.sqlcsv, "{table}", `"`+strings.ReplaceAll(absFile, `"`, `""`)+`"`)
	readCSV := "read_csv(" + sqlQuote(absFile) + ", " + cfg.csvOptions + ")"
	duckSQL := strings.ReplaceAll(q.duckdb, "{table}", readCSV)

	var engines []*engine
	for _, name := range cfg.engines {
		e := &engine{name: name}
		switch name {
		case "sqlcsv":
			bin := cfg.sqlcsvBin
			if bin == "" {
				bin = filepath.Join(work, "sqlcsv")
				fmt.Printf("building sqlcsv: (cd %s && go build -o %s github.com/sqlcsv/sqlcsv/cmd/sqlcsv)\n", repoRoot, bin)
				cmd := exec.Command("go", "build", "-o", bin, "github.com/sqlcsv/sqlcsv/cmd/sqlcsv")
				cmd.Dir = repoRoot
				if out, err := cmd.CombinedOutput(); err != nil {
					e.failed = "build failed: " + strings.TrimSpace(string(out))
					fmt.Printf("  sqlcsv build failed: %v\n%s\n", err, indent(string(out)))
				}
				e.label = "sqlcsv (" + gitDescribe(repoRoot) + ")"
			} else {
				if bin, err = filepath.Abs(bin); err != nil {
					return err
				}
				e.label = "sqlcsv (" + filepath.Base(bin) + ")"
			}
			e.sql = sqlcsvSQL
			e.args = []string{bin, "--threads", strconv.Itoa(cfg.threads), "--format", "csv", "-c", sqlcsvSQL}
			e.noop = []string{bin, "--threads", strconv.Itoa(cfg.threads), "--format", "csv", "-c", "SELECT 1"}
		case "duckdb":
			e.label = "duckdb (go-duckdb v1.8.5)"
			e.sql = duckSQL
			e.args = []string{self, "-child", "duckdb", "-threads", strconv.Itoa(cfg.threads), "-sql", duckSQL}
			e.noop = []string{self, "-child", "duckdb", "-threads", strconv.Itoa(cfg.threads), "-sql", "SELECT 1"}
		case "duckdb15":
			e.label = "duckdb15 (@duckdb/node-api)"
			e.sql = duckSQL
			script := filepath.Join(repoRoot, "bench", "duckdb", "node", "run.mjs")
			mods := filepath.Join(repoRoot, "bench", "duckdb", "node", "node_modules", "@duckdb", "node-api")
			if _, err := exec.LookPath(cfg.node); err != nil {
				e.failed = "node not found: " + err.Error()
			} else if _, err := os.Stat(mods); err != nil {
				e.failed = "bench/duckdb/node/node_modules/@duckdb/node-api missing: run (cd bench/duckdb/node && npm install)"
			}
			e.args = []string{cfg.node, script, absFile, strconv.Itoa(cfg.threads), duckSQL}
			e.noop = []string{cfg.node, script, absFile, strconv.Itoa(cfg.threads), "SELECT 1"}
		}
		if e.failed != "" {
			fmt.Printf("engine %s skipped: %s\n", name, e.failed)
		}
		engines = append(engines, e)
	}

	fmt.Printf("query: %s, threads: %d, runs: %d\n", cfg.queryName, cfg.threads, cfg.runs)
	for _, e := range engines {
		if e.failed == "" {
			fmt.Printf("  %s: %s\n", e.name, shellJoin(e.args, false))
		}
	}

	if cfg.warm {
		t0 := time.Now()
		if err := readAll(absFile); err != nil {
			return err
		}
		el := time.Since(t0)
		fmt.Printf("warm-up: read the file once in %.2fs (%.0f MB/s)\n", el.Seconds(), float64(size)/1e6/el.Seconds())
	}

	// Fixed cost of each engine: process start and engine load, on SELECT 1.
	for _, e := range engines {
		if e.failed != "" {
			continue
		}
		var ts []float64
		for range 3 {
			cmd := exec.Command(e.noop[0], e.noop[1:]...)
			t0 := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				fmt.Printf("startup %s: SELECT 1 failed: %v\n%s\n", e.name, err, indent(tail(string(out), 2000)))
				ts = nil
				break
			}
			ts = append(ts, time.Since(t0).Seconds())
		}
		if ts != nil {
			e.startup = median(ts)
			fmt.Printf("startup %-9s %.3fs (median of 3 runs of SELECT 1)\n", e.name, e.startup)
		}
	}

	for r := 1; r <= cfg.runs; r++ {
		for _, e := range engines {
			if e.failed != "" {
				continue
			}
			runOnce(cfg, e, r, work)
		}
	}

	// Correctness.
	fmt.Println()
	fmt.Println("results:")
	var ref *engine
	for _, e := range engines {
		if e.failed != "" || e.result == nil {
			continue
		}
		if ref == nil {
			ref = e
			fmt.Printf("  %-9s %d rows\n", e.name, len(e.result))
			continue
		}
		if msg := compareResults(ref.result, e.result); msg != "" {
			fmt.Printf("  %-9s %d rows: DIFFERS from %s: %s\n", e.name, len(e.result), ref.name, msg)
		} else {
			fmt.Printf("  %-9s %d rows: same as %s (sorted, numbers to 1e-9 relative)\n", e.name, len(e.result), ref.name)
		}
	}
	if ref == nil {
		fmt.Println("  (no engine returned a result)")
	}
	if cfg.exact && cfg.queryName != "custom" && ref != nil {
		if stats == nil && !generatedHere && filepath.Base(cfg.file) == fmt.Sprintf("arcos-%d.tsv", cfg.rows) {
			fmt.Printf("  computing the generator's exact answers (bench/arcos, %d rows, seed 1)...\n", cfg.rows)
			if stats, err = arcos.Generate(io.Discard, arcos.Options{Rows: cfg.rows, Seed: 1}); err != nil {
				return err
			}
		}
		if stats != nil && stats.Bytes != size {
			fmt.Printf("  exact check skipped: the file has %d bytes, bench/arcos -rows %d would write %d\n", size, cfg.rows, stats.Bytes)
			stats = nil
		}
		if stats != nil {
			want := expected(cfg.queryName, stats)
			for _, e := range engines {
				if e.result == nil {
					continue
				}
				if msg := compareResults(want, e.result); msg != "" {
					fmt.Printf("  %-9s vs exact answer: WRONG: %s\n", e.name, msg)
				} else {
					fmt.Printf("  %-9s vs exact answer: ok (%d rows)\n", e.name, len(want))
				}
			}
		}
	}

	printTable(cfg, engines, size)
	if cfg.keep {
		fmt.Printf("work directory kept: %s\n", work)
	}
	return nil
}

func runOnce(cfg *config, e *engine, r int, work string) {
	outPath := filepath.Join(work, fmt.Sprintf("%s-run%d.csv", e.name, r))
	out, err := os.Create(outPath)
	if err != nil {
		e.failed = err.Error()
		return
	}
	var stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.args[0], e.args[1:]...)
	cmd.Stdout = out
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start).Seconds()
	out.Close()
	if !cfg.keep {
		defer os.Remove(outPath)
	}
	var rssMiB, cpu float64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssMiB = float64(ru.Maxrss) / 1024 // KiB on Linux
		}
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	if err != nil {
		e.failed = fmt.Sprintf("run %d: %v", r, err)
		if msg := lastErrorLine(stderr.String()); msg != "" {
			e.failed += ": " + msg
		}
		fmt.Printf("run %d %-9s FAILED after %.2fs: %v\n%s\n", r, e.name, wall, err, indent(tail(stderr.String(), 4000)))
		return
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "engine-version: "); ok {
			e.version = strings.TrimSpace(v)
		}
	}
	rows, err := readResult(outPath)
	if err != nil {
		e.failed = fmt.Sprintf("run %d: reading its result: %v", r, err)
		fmt.Printf("run %d %-9s FAILED: %v\n", r, e.name, err)
		return
	}
	if e.result == nil {
		e.result = rows
		e.rows = len(rows)
	} else if len(rows) != e.rows {
		fmt.Printf("  warning: %s returned %d rows in run %d, %d in run 1\n", e.name, len(rows), r, e.rows)
	}
	e.walls = append(e.walls, wall)
	e.rss = append(e.rss, rssMiB)
	e.cpu = append(e.cpu, cpu)
	fmt.Printf("run %d %-9s %8.3fs  %7.1f MB/s  peak RSS %7.1f MiB  cpu %7.2fs  %d rows\n",
		r, e.name, wall, float64(fileSize(cfg.file))/1e6/wall, rssMiB, cpu, len(rows))
}

func printTable(cfg *config, engines []*engine, size int64) {
	fmt.Println()
	fmt.Printf("machine: %s, %d cores, %s RAM\n", cpuModel(), runtime.NumCPU(), memTotal())
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	fmt.Printf("file: %s, %.1f MB; query %s; threads %d; %d runs each, engines alternating; wall time and peak RSS of each child process\n",
		cfg.file, float64(size)/1e6, cfg.queryName, cfg.threads, cfg.runs)
	fmt.Printf("DuckDB read_csv options: %s\n", cfg.csvOptions)
	fmt.Println()
	fmt.Printf("%-9s %-34s %4s %9s %8s %8s %8s %11s %8s %9s %6s\n", "engine", "version", "runs", "median_s", "min_s", "max_s", "MB/s", "peakRSS_MiB", "cpu_s", "startup_s", "rows")
	med := map[string]float64{}
	byName := map[string]*engine{}
	for _, e := range engines {
		byName[e.name] = e
		ver := e.version
		if ver == "" {
			ver = strings.TrimSuffix(strings.TrimPrefix(e.label, e.name+" ("), ")")
		}
		if e.name == "sqlcsv" {
			ver = "sqlcsv " + ver
		}
		if len(e.walls) == 0 {
			fmt.Printf("%-9s %-34s %4d %9s %8s %8s %8s %11s %8s %9s %6s  %s\n", e.name, ver, 0, "-", "-", "-", "-", "-", "-", "-", "-", "FAILED: "+firstLine(e.failed))
			continue
		}
		m := median(e.walls)
		med[e.name] = m
		note := ""
		if e.failed != "" {
			note = "  (then failed: " + firstLine(e.failed) + ")"
		}
		fmt.Printf("%-9s %-34s %4d %9.3f %8.3f %8.3f %8.1f %11.1f %8.2f %9.3f %6d%s\n", e.name, ver, len(e.walls), m,
			slices.Min(e.walls), slices.Max(e.walls), float64(size)/1e6/m, median(e.rss), median(e.cpu), e.startup, e.rows, note)
	}
	fmt.Println()
	if s, ok := med["sqlcsv"]; ok {
		for _, d := range []string{"duckdb", "duckdb15"} {
			if v, ok := med[d]; ok {
				fmt.Printf("ratio sqlcsv/%s of median wall times: %.2f (of median CPU times: %.2f)\n", d, s/v, median(byName["sqlcsv"].cpu)/median(byName[d].cpu))
			}
		}
	}
}

// generate writes the arcos file atomically and returns its exact stats.
func generate(path string, rows int) (*arcos.Stats, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	st, err := arcos.Generate(f, arcos.Options{Rows: rows, Seed: 1})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return st, os.Rename(tmp, path)
}

// expected returns the exact answer of a named query from the generator's
// statistics, as result rows without a header.
func expected(name string, st *arcos.Stats) [][]string {
	switch name {
	case "seed":
		var rows [][]string
		for k, g := range st.Groups {
			county := k.County
			if k.CountyNull {
				county = ""
			}
			rows = append(rows, []string{strconv.Itoa(k.Year), k.State, county,
				strconv.FormatFloat(float64(g.MMEMicro)/1e6, 'g', -1, 64)})
		}
		return rows
	case "count":
		return [][]string{{strconv.Itoa(st.Rows)}}
	case "filter":
		n := int64(0)
		for k, g := range st.Groups {
			if k.State == "OH" {
				n += g.Rows
			}
		}
		return [][]string{{strconv.FormatInt(n, 10)}}
	}
	return nil
}

// readResult reads a CSV result with a header row and returns the data rows.
func readResult(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errors.New("no header row")
	}
	return recs[1:], nil
}

// compareResults compares two results as multisets of rows: both are sorted
// (by their text), then compared cell by cell, numbers to 1e-9 relative.
// It returns "" when they agree.
func compareResults(a, b [][]string) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d rows vs %d rows", len(a), len(b))
	}
	sa, sb := sortedRows(a), sortedRows(b)
	bad := 0
	var first string
	for i := range sa {
		if !rowsEqual(sa[i], sb[i]) {
			if bad == 0 {
				first = fmt.Sprintf("first difference %q vs %q", sa[i], sb[i])
			}
			bad++
		}
	}
	if bad > 0 {
		return fmt.Sprintf("%d of %d rows differ; %s", bad, len(sa), first)
	}
	return ""
}

// sortedRows sorts by every column but the last when there is more than one
// column (the group key of an aggregate), so that a last column of floats
// printed differently does not change the order.
func sortedRows(rows [][]string) [][]string {
	s := slices.Clone(rows)
	slices.SortFunc(s, func(x, y []string) int {
		kx, ky := x, y
		if len(kx) > 1 {
			kx = kx[:len(kx)-1]
		}
		if len(ky) > 1 {
			ky = ky[:len(ky)-1]
		}
		if c := slices.Compare(kx, ky); c != 0 {
			return c
		}
		return slices.Compare(x, y)
	})
	return s
}

func rowsEqual(x, y []string) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] == y[i] {
			continue
		}
		fx, err1 := strconv.ParseFloat(x[i], 64)
		fy, err2 := strconv.ParseFloat(y[i], 64)
		if err1 != nil || err2 != nil {
			return false
		}
		if math.Abs(fx-fy) > 1e-9*math.Max(math.Abs(fx), math.Abs(fy)) {
			return false
		}
	}
	return true
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/sqlcsv/sqlcsv\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no github.com/sqlcsv/sqlcsv go.mod above %s: run from bench/duckdb", dir)
		}
	}
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(v)
			if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
				return fmt.Sprintf("%.1f GiB", kb/1024/1024)
			}
		}
	}
	return "?"
}

func gitDescribe(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "work tree"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+dirty"
	}
	return rev
}

func readAll(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyBuffer(io.Discard, f, make([]byte, 4<<20))
	return err
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// shellJoin quotes args for a POSIX shell; with lead, a space precedes the
// result when it is not empty.
func shellJoin(args []string, lead bool) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 || lead {
			b.WriteByte(' ')
		}
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+@%", r))
		}) < 0 {
			b.WriteString(a)
		} else {
			b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
		}
	}
	return b.String()
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

func indent(s string) string {
	if s == "" {
		return "    (no stderr)"
	}
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// lastErrorLine returns the first stderr line that looks like an error
// message, else the first non-empty line.
func lastErrorLine(s string) string {
	var first string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "engine-version: ") {
			continue
		}
		if strings.Contains(strings.ToLower(line), "error") {
			return line
		}
		if first == "" {
			first = line
		}
	}
	return first
}
