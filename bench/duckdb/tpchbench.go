package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// -tpch: the 22 TPC-H queries with sqlcsv and DuckDB over the same files.
//
// sqlcsv runs each query in a process of its own, `sqlcsv --threads T
// --format csv -f schema.sql -c QUERY`, the schema declaring the tables and
// attaching the files (bench/tpch/schema.sql), which sqlcsv reads during the
// query. Each DuckDB engine runs every query in one child process over views
// that read the same files with read_csv at every query (duckdbViews),
// timing each query inside. A query's answer is checked against go-tpc's
// answer at SF1 (its rules) and against DuckDB's, put in MySQL's types
// (tpchFormat). Failures do not stop the other queries.

type benchEngine struct {
	name  string
	duck  *duckEngine // nil for sqlcsv
	label string
	runs  [][]tpchRun // [query][run]
	procs []tpchRun   // DuckDB: the child process of each run
	load  []tpchRun   // sqlcsv: the schema alone, each run
	fail  string      // could not run at all
}

func runTPCHBench(cfg *config) error {
	if !cfg.runsSet {
		cfg.runs = 1
	}
	if !tpchFilesExist(cfg.dir) {
		if err := tpchGenerate(cfg.dir, cfg.sf, cfg.compress); err != nil {
			return err
		}
	}
	repoRoot, err := findRepoRoot()
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(cfg.dir)
	if err != nil {
		return err
	}
	qs, err := loadTPCHQueries(repoRoot, cfg.only, false)
	if err != nil {
		return err
	}
	sf, err := tpchScaleOf(dir)
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s, %d cores (runtime.NumCPU), %s RAM, %s %s/%s\n",
		cpuModel(), runtime.NumCPU(), memTotal(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	schema, files, err := tpchSchemaFor(repoRoot, dir)
	if err != nil {
		return err
	}
	var total int64
	for _, t := range tpchTables {
		total += fileSize(files[t])
	}
	fmt.Printf("data: %s, TPC-H SF%g (customer rows / 150000), 8 files, %d bytes (%.3f GB)\n", dir, sf, total, float64(total)/1e9)

	work := cfg.workDir
	if work == "" {
		if work, err = os.MkdirTemp("", "sqlcsv-tpch-"); err != nil {
			return err
		}
		if !cfg.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	schemaPath := filepath.Join(work, "tpch-schema.sql")
	if err := os.WriteFile(schemaPath, []byte(schema), 0o644); err != nil {
		return err
	}
	setup, err := duckdbViews(schema)
	if err != nil {
		return fmt.Errorf("translating bench/tpch/schema.sql for DuckDB: %v", err)
	}

	var engines []*benchEngine
	var bin string
	var duckNames []string
	for _, name := range engineNames(cfg) {
		if name != "sqlcsv" {
			duckNames = append(duckNames, name)
		}
	}
	ducks, err := newDuckEngines(cfg, repoRoot, duckNames)
	if err != nil {
		return err
	}
	for _, name := range engineNames(cfg) {
		e := &benchEngine{name: name, runs: make([][]tpchRun, len(qs))}
		if name == "sqlcsv" {
			var label string
			if bin, label, err = buildSqlcsv(cfg, repoRoot, work); err != nil {
				return err
			}
			e.label = label
			fmt.Printf("sqlcsv: %s   (a process per query; QUERY is bench/tpch/queries/qNN.sql)\n", shellJoin(sqlcsvArgv(cfg, bin, schemaPath, &tpchQ{text: "QUERY"}), false))
		} else {
			for _, d := range ducks {
				if d.name == name {
					e.duck = d
				}
			}
			e.fail = e.duck.failed
			if e.fail != "" {
				fmt.Printf("engine %s skipped: %s\n", name, e.fail)
			} else {
				fmt.Printf("%s: %s   (one process: views, then every query in DuckDB's dialect, each timed inside)\n", name, shellJoin(e.duck.argv("SPEC", "REPORT"), false))
			}
		}
		engines = append(engines, e)
	}
	if len(ducks) > 0 {
		fmt.Println("DuckDB views (bench/tpch/schema.sql translated; the files are read at every query):")
		for _, s := range setup {
			fmt.Printf("  %s\n", s.SQL)
		}
	}

	// go-tpc's answers, at SF1.
	var goTPC map[int][][]string
	if sf == 1 {
		gdir, err := goTPCDir()
		if err != nil {
			fmt.Printf("go-tpc's answers unavailable: %v\n", err)
		} else {
			goTPC = map[int][][]string{}
			for _, q := range qs {
				if _, rows, err := goTPCAnswer(gdir, q.n); err != nil {
					fmt.Printf("go-tpc's answer of %s unavailable: %v\n", q.name, err)
				} else {
					goTPC[q.n] = rows
				}
			}
			fmt.Printf("reference answers: %s/tpch/output/qN.out (SF1), compared with go-tpc's rules (tpch/check.go)\n", gdir)
		}
	} else {
		fmt.Println("reference answers: none at this scale factor (go-tpc's are for SF1); answers are compared with DuckDB's")
	}

	if cfg.warm {
		t0 := time.Now()
		for _, t := range tpchTables {
			if err := readAll(files[t]); err != nil {
				return err
			}
		}
		el := time.Since(t0)
		fmt.Printf("warm-up: read the files once in %.2fs\n", el.Seconds())
	}

	for r := 1; r <= cfg.runs; r++ {
		fmt.Printf("\nrun %d of %d\n", r, cfg.runs)
		for _, e := range engines {
			if e.fail != "" {
				continue
			}
			if e.duck == nil {
				load := runProcess(cfg, sqlcsvArgv(cfg, bin, schemaPath, nil))
				e.load = append(e.load, load)
				fmt.Printf("  %-8s load    %8.3fs  (schema.sql alone: process start, CREATE TABLE, LOAD DATA)%s\n", e.name, load.wall, errSuffix(load.err))
				for i := range qs {
					run := runProcess(cfg, sqlcsvArgv(cfg, bin, schemaPath, &qs[i]))
					e.runs[i] = append(e.runs[i], run)
					fmt.Printf("  %-8s %-7s %8.3fs  peak RSS %6.1f MiB  %s\n", e.name, qs[i].name, run.wall, run.rssMiB, rowsOrError(run))
				}
				continue
			}
			runs, proc, err := runDuckQueries(cfg, e.duck, setup, qs, work, fmt.Sprintf("run%d", r))
			if err != nil {
				e.fail = err.Error()
				fmt.Printf("  %-8s FAILED: %v\n", e.name, err)
				continue
			}
			e.procs = append(e.procs, proc)
			for i, run := range runs {
				e.runs[i] = append(e.runs[i], run)
				fmt.Printf("  %-8s %-7s %8.3fs  %s\n", e.name, qs[i].name, run.wall, rowsOrError(run))
			}
			fmt.Printf("  %-8s process %8.3fs  peak RSS %6.1f MiB  (%s)\n", e.name, proc.wall, proc.rssMiB, e.duck.version)
		}
	}

	// Answers: each engine's first run.
	first := func(e *benchEngine, i int) *tpchRun {
		if len(e.runs[i]) == 0 {
			return nil
		}
		return &e.runs[i][0]
	}
	// DuckDB's answers in MySQL's types; the reference is the first DuckDB
	// engine that answered.
	type duckAnswer struct {
		rows [][]string
		err  string
	}
	duckAns := map[string][]duckAnswer{}
	for _, e := range engines {
		if e.duck == nil {
			continue
		}
		ans := make([]duckAnswer, len(qs))
		for i, q := range qs {
			r := first(e, i)
			switch {
			case r == nil:
				ans[i].err = "did not run: " + e.fail
			case r.err != "":
				ans[i].err = r.err
			default:
				rows, err := tpchFormat(q, r.header, r.rows)
				if err != nil {
					ans[i].err = "its answer in MySQL's types: " + err.Error()
				}
				ans[i].rows = rows
			}
		}
		duckAns[e.name] = ans
	}

	var details []string
	verdicts := map[string]int{}
	fmt.Println()
	fmt.Printf("machine: %s, %d cores, %s RAM\n", cpuModel(), runtime.NumCPU(), memTotal())
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	var labels []string
	for _, e := range engines {
		switch {
		case e.duck == nil:
			labels = append(labels, e.label)
		case e.duck.version != "":
			labels = append(labels, e.name+": "+e.duck.version)
		default:
			labels = append(labels, e.name+": "+e.fail)
		}
	}
	fmt.Printf("data: TPC-H SF%g, %s (%.3f GB); threads %d; %d run(s), medians; %s\n", sf, dir, float64(total)/1e9, cfg.threads, cfg.runs, strings.Join(labels, "; "))
	fmt.Println("times in seconds: sqlcsv, the wall time of its process (start, schema.sql, the query, printing the answer);")
	fmt.Println("DuckDB, the query inside its process (views reading the files, the query, writing the answer)")
	ratioTo := ""
	for _, e := range engines {
		if e.duck != nil && ratioTo == "" {
			ratioTo = e.name
		}
	}
	fmt.Println()
	head := fmt.Sprintf("%-7s", "query")
	for _, e := range engines {
		head += fmt.Sprintf(" %9s", e.name)
	}
	if ratioTo != "" && slices.ContainsFunc(engines, func(e *benchEngine) bool { return e.duck == nil }) {
		head += fmt.Sprintf(" %8s", "ratio")
	}
	head += "  sqlcsv answer"
	if goTPC != nil {
		head += "  (vs go-tpc, vs DuckDB)"
	}
	fmt.Println(head)
	totals := map[string]float64{}
	var allRan []float64 // per engine order: totals over queries every engine answered
	allRan = make([]float64, len(engines))
	nAllRan := 0
	for i, q := range qs {
		line := fmt.Sprintf("%-7s", q.name)
		med := map[string]float64{}
		everyone := true
		for _, e := range engines {
			w := walls(e.runs[i])
			if len(w) == 0 || (first(e, i) != nil && first(e, i).err != "") {
				line += fmt.Sprintf(" %9s", "-")
				everyone = false
				continue
			}
			med[e.name] = median(w)
			totals[e.name] += med[e.name]
			line += fmt.Sprintf(" %9.3f", med[e.name])
		}
		if everyone {
			nAllRan++
			for k, e := range engines {
				allRan[k] += med[e.name]
			}
		}
		sq := -1
		for k, e := range engines {
			if e.duck == nil {
				sq = k
			}
		}
		if ratioTo != "" && sq >= 0 {
			s, ok1 := med["sqlcsv"]
			d, ok2 := med[ratioTo]
			if ok1 && ok2 && d > 0 {
				line += fmt.Sprintf(" %8.2f", s/d)
			} else {
				line += fmt.Sprintf(" %8s", "-")
			}
		}
		// sqlcsv's answer.
		if sq >= 0 {
			verdict, vs := "OK", []string{}
			r := first(engines[sq], i)
			switch {
			case r == nil:
				verdict = "-"
			case r.err != "":
				verdict = "ERROR"
				details = append(details, fmt.Sprintf("%s sqlcsv ERROR: %s", q.name, r.err))
			default:
				if ref, ok := goTPC[q.n]; ok {
					if d := goTPCCheck(q.n, ref, r.rows); d != "" {
						verdict = "WRONG"
						vs = append(vs, "go-tpc WRONG")
						details = append(details, fmt.Sprintf("%s sqlcsv WRONG vs go-tpc's SF1 answer: %s", q.name, d))
					} else {
						vs = append(vs, "go-tpc OK")
					}
				}
				for _, e := range engines {
					a, ok := duckAns[e.name]
					if !ok {
						continue
					}
					if a[i].err != "" {
						vs = append(vs, e.name+" -")
						continue
					}
					if d, approx := tpchCompare(q, r.rows, a[i].rows); d != "" {
						verdict = "WRONG"
						vs = append(vs, e.name+" WRONG")
						details = append(details, fmt.Sprintf("%s sqlcsv WRONG vs %s: %s", q.name, e.name, d))
					} else if approx {
						vs = append(vs, e.name+" OK (DOUBLE within 1e-9)")
					} else {
						vs = append(vs, e.name+" OK")
					}
				}
			}
			verdicts[verdict]++
			line += "  " + verdict
			if len(vs) > 0 && verdict != "ERROR" {
				line += " (" + strings.Join(vs, ", ") + ")"
			}
		}
		fmt.Println(line)
		// DuckDB's answers: against go-tpc's, and against each other.
		for _, e := range engines {
			a, ok := duckAns[e.name]
			if !ok {
				continue
			}
			if a[i].err != "" {
				details = append(details, fmt.Sprintf("%s %s ERROR: %s", q.name, e.name, a[i].err))
				continue
			}
			if ref, ok := goTPC[q.n]; ok {
				if d := goTPCCheck(q.n, ref, a[i].rows); d != "" {
					details = append(details, fmt.Sprintf("%s %s WRONG vs go-tpc's SF1 answer: %s", q.name, e.name, d))
				} else if d, _ := tpchCompare(q, a[i].rows, ref); d != "" {
					details = append(details, fmt.Sprintf("%s %s passes go-tpc's check, but its answer in MySQL's types is not go-tpc's text: %s", q.name, e.name, d))
				}
			}
		}
		var prev string
		for _, e := range engines {
			a, ok := duckAns[e.name]
			if !ok || a[i].err != "" {
				continue
			}
			if prev != "" {
				if d, _ := tpchCompare(q, a[i].rows, duckAns[prev][i].rows); d != "" {
					details = append(details, fmt.Sprintf("%s %s and %s differ: %s", q.name, e.name, prev, d))
				}
			}
			prev = e.name
		}
	}
	line := fmt.Sprintf("%-7s", "total")
	for _, e := range engines {
		line += fmt.Sprintf(" %9.3f", totals[e.name])
	}
	fmt.Println(line + "  (each engine: the queries it answered)")
	if nAllRan > 0 && nAllRan < len(qs) {
		line = fmt.Sprintf("%-7s", "common")
		for k := range engines {
			line += fmt.Sprintf(" %9.3f", allRan[k])
		}
		fmt.Println(line + fmt.Sprintf("  (the %d queries every engine answered)", nAllRan))
	}
	for _, e := range engines {
		if e.duck == nil && len(e.load) > 0 {
			fmt.Printf("sqlcsv: schema.sql alone takes %.3fs (median), included in every sqlcsv time above\n", median(walls(e.load)))
		}
		if e.duck != nil && len(e.procs) > 0 {
			fmt.Printf("%s: whole child process %.3fs (median; start, views and every query), peak RSS %.1f MiB\n", e.name, median(walls(e.procs)), e.procs[0].rssMiB)
		}
	}
	if len(verdicts) > 0 {
		fmt.Printf("sqlcsv answers: %d OK, %d WRONG, %d ERROR of %d\n", verdicts["OK"], verdicts["WRONG"], verdicts["ERROR"], len(qs))
	}
	if len(details) > 0 {
		fmt.Println("\ndetails:")
		for _, d := range details {
			fmt.Println("  " + d)
		}
	}
	if cfg.keep {
		fmt.Printf("work directory kept: %s\n", work)
	}
	return nil
}

func rowsOrError(r tpchRun) string {
	if r.err != "" {
		return "ERROR: " + r.err
	}
	return fmt.Sprintf("%d rows", len(r.rows))
}

func errSuffix(err string) string {
	if err == "" {
		return ""
	}
	return "  ERROR: " + err
}
