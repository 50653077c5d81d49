package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// -tpch-golden: the answers tests/tpch_test.go checks sqlcsv against.
//
// The data are TPC-H SF 0.01 (dbgen -s 0.01: 60,175 lineitems; see
// tpchscale.go), generated into -dir as zstd-compressed .tbl files when
// they are not there. DuckDB 1.5 (node/tpch.mjs) runs the 22 queries over
// those very files (views over read_csv, duckdbViews) in its dialect
// (duckdbDialect); its answers are put in MySQL's types as sqlcsv prints
// them (tpchFormat) and written as <dir>/qNN.csv. DuckDB 1.1 (go-duckdb)
// runs them too, and its answers must be the same, or nothing is written.
// The variants of Q18 and Q19 with the specification's parameters
// (tpchVariants) are run and written too, as qNNs.csv.

func runTPCHGolden(cfg *config) error {
	repoRoot, err := findRepoRoot()
	if err != nil {
		return err
	}
	if cfg.dir == "" {
		cfg.dir = filepath.Join(repoRoot, "tests", "testdata", "tpch", "sf0.01")
	}
	if !cfg.sfSet {
		cfg.sf = 0.01
	}
	if cfg.compress == "" {
		cfg.compress = "zstd"
	}
	dir, err := filepath.Abs(cfg.dir)
	if err != nil {
		return err
	}
	if !tpchFilesExist(dir) {
		if err := tpchGenerate(dir, cfg.sf, cfg.compress); err != nil {
			return err
		}
	}
	sf, err := tpchScaleOf(dir)
	if err != nil {
		return err
	}
	qs, err := loadTPCHQueries(repoRoot, cfg.only, true)
	if err != nil {
		return err
	}
	schema, files, err := tpchSchemaFor(repoRoot, dir)
	if err != nil {
		return err
	}
	setup, err := duckdbViews(schema)
	if err != nil {
		return err
	}
	var total int64
	for _, t := range tpchTables {
		total += fileSize(files[t])
	}
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	fmt.Printf("data: %s, TPC-H SF%g, 8 files, %d bytes\n", dir, sf, total)

	work, err := os.MkdirTemp("", "sqlcsv-tpch-golden-")
	if err != nil {
		return err
	}
	if !cfg.keep {
		defer os.RemoveAll(work)
	}

	// Each query, and for a query with LIMIT n, the same with LIMIT n+1:
	// the row after the last must not tie with it on the ORDER BY keys, or
	// the answer would depend on how ties are broken.
	reLimit := regexp.MustCompile(`(?i)\blimit\s+(\d+)\s*$`)
	runQs := append([]tpchQ(nil), qs...)
	limitOf := map[string]int{} // query name -> n
	for _, q := range qs {
		if m := reLimit.FindStringSubmatch(q.stmts[q.main]); m != nil {
			n, _ := strconv.Atoi(m[1])
			limitOf[q.name] = n
			more := q
			more.name = q.name + "-limit+1"
			more.stmts = append([]string(nil), q.stmts...)
			more.stmts[q.main] = reLimit.ReplaceAllString(q.stmts[q.main], fmt.Sprintf("limit %d", n+1))
			runQs = append(runQs, more)
		}
	}

	names := []string{"duckdb15", "duckdb"}
	if cfg.enginesSet {
		names = nil
		for _, e := range cfg.engines {
			if e != "sqlcsv" {
				names = append(names, e)
			}
		}
	}
	ducks, err := newDuckEngines(cfg, repoRoot, names)
	if err != nil {
		return err
	}
	answers := map[string][]tpchRun{}
	for _, e := range ducks {
		if e.failed != "" {
			return fmt.Errorf("%s: %s", e.name, e.failed)
		}
		runs, proc, err := runDuckQueries(cfg, e, setup, runQs, work, "golden")
		if err != nil {
			return err
		}
		fmt.Printf("%s: %s, %.1fs\n", e.name, e.version, proc.wall)
		answers[e.name] = runs
	}

	// go-tpc's qN.out: their headers are MySQL's column names (Q18's
	// unnamed sum(l_quantity) too), and at SF1 their rows are the answers.
	goTPC, err := goTPCDir()
	if err != nil {
		return err
	}

	var problems []string
	golden := map[string][]byte{}
	for i, q := range qs {
		var rows [][]string
		var header []string
		var from string
		for _, e := range ducks {
			r := answers[e.name][i]
			if r.err != "" {
				problems = append(problems, fmt.Sprintf("%s: %s failed: %s", q.name, e.name, r.err))
				rows = nil
				break
			}
			f, err := tpchFormat(q, r.header, r.rows)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %s's answer in MySQL's types: %v", q.name, e.name, err))
				rows = nil
				break
			}
			if rows == nil && header == nil {
				rows, header, from = f, r.header, e.name
				continue
			}
			if d, _ := tpchCompare(q, f, rows); d != "" {
				problems = append(problems, fmt.Sprintf("%s: %s and %s differ: %s", q.name, e.name, from, d))
				rows = nil
				break
			}
		}
		if rows == nil && header == nil {
			continue
		}
		ties := 0
		for k := 1; k < len(rows); k++ {
			if len(q.keys) > 0 && sameKey(q, rows[k-1], rows[k]) {
				ties++
			}
		}
		note := ""
		if ties > 0 {
			note = fmt.Sprintf(", %d rows tie with the one before on the ORDER BY keys (compared as sets)", ties)
		}
		if n, ok := limitOf[q.name]; ok {
			for k := range runQs[len(qs):] {
				more := runQs[len(qs)+k]
				if more.name != q.name+"-limit+1" {
					continue
				}
				for _, e := range ducks {
					r := answers[e.name][len(qs)+k]
					if r.err != "" {
						problems = append(problems, fmt.Sprintf("%s: %s with LIMIT %d failed: %s", q.name, e.name, n+1, r.err))
						continue
					}
					f, err := tpchFormat(q, r.header, r.rows)
					if err != nil {
						problems = append(problems, fmt.Sprintf("%s: %s with LIMIT %d: %v", q.name, e.name, n+1, err))
						continue
					}
					if len(f) > n && len(rows) == n && sameKey(q, f[n-1], f[n]) {
						problems = append(problems, fmt.Sprintf("%s: row %d ties with row %d on the ORDER BY keys: LIMIT %d cuts a tie", q.name, n+1, n, n))
					}
				}
			}
			note += fmt.Sprintf(", LIMIT %d: no tie across it", n)
		}
		// go-tpc's header; DuckDB's names must be the same but for case.
		h, ref, err := goTPCAnswer(goTPC, q.n)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", q.name, err))
			continue
		}
		if !slices.EqualFunc(h, header, strings.EqualFold) {
			problems = append(problems, fmt.Sprintf("%s: DuckDB's column names %q are not go-tpc's %q", q.name, header, h))
			continue
		}
		header = h
		if sf == 1 && !q.variant() {
			{
				if d := goTPCCheck(q.n, ref, rows); d != "" {
					problems = append(problems, fmt.Sprintf("%s: fails go-tpc's check against its SF1 answer: %s", q.name, d))
				} else if d, _ := tpchCompare(q, rows, ref); d != "" {
					note += "; passes go-tpc's check but is not its text: " + d
				} else {
					note += "; same text as go-tpc's SF1 answer"
				}
			}
		}
		if len(header) != len(q.cols) {
			problems = append(problems, fmt.Sprintf("%s: %d column names, want %d", q.name, len(header), len(q.cols)))
			continue
		}
		var b []byte
		b = append(b, csvLine(header)...)
		for _, r := range rows {
			b = append(b, csvLine(r)...)
		}
		golden[q.name] = b
		fmt.Printf("%s: %d rows%s\n", q.name, len(rows), note)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Println("PROBLEM: " + p)
		}
		return fmt.Errorf("%d problems: no answers written", len(problems))
	}
	for _, q := range qs {
		p := filepath.Join(dir, q.name+".csv")
		if err := os.WriteFile(p, golden[q.name], 0o644); err != nil {
			return err
		}
	}
	var engines []string
	for _, e := range ducks {
		engines = append(engines, e.version)
	}
	fmt.Printf("wrote %d answers to %s/qNN.csv (%s)\n", len(qs), dir, strings.Join(engines, ", agreeing with "))
	return nil
}
