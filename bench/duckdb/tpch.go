package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The TPC-H modes: -tpch-gen writes the .tbl files (tpchgen.go);
// -tpch-check runs the same queries over them with sqlcsv (tables declared
// and loaded by bench/tpch/schema.sql) and DuckDB (the same schema,
// translated), and compares answers and times.

// tpchQuery is one query of -tpch-check.
type tpchQuery struct {
	name string
	// sqlcsv is the query as go-tpc runs it on MySQL/TiDB (tpch/query.go,
	// without its /*PLACEHOLDER*/ hint comment).
	sqlcsv string
	// sqlcsvAlt, if set, is run instead when sqlcsv fails: the same query
	// with its date arithmetic folded into literal dates.
	sqlcsvAlt string
	altNote   string
	duckdb    string
	// sf1 is the answer at scale factor 1: go-tpc's tpch/answer.go for Q1
	// and Q6, the TPC-H specification's table sizes for the counts.
	sf1 [][]string
}

// go-tpc's Q1 uses DELTA = 108 days (the specification allows 60 to 120),
// and go-tpc's answer.go holds the SF1 answers for that.
const tpchQ1 = `select
	l_returnflag,
	l_linestatus,
	sum(l_quantity) as sum_qty,
	sum(l_extendedprice) as sum_base_price,
	sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
	sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
	avg(l_quantity) as avg_qty,
	avg(l_extendedprice) as avg_price,
	avg(l_discount) as avg_disc,
	count(*) as count_order
from
	lineitem
where
	l_shipdate <= date_sub('1998-12-01', interval 108 day)
group by
	l_returnflag,
	l_linestatus
order by
	l_returnflag,
	l_linestatus`

const tpchQ6 = `select
	sum(l_extendedprice * l_discount) as revenue
from
	lineitem
where
	l_shipdate >= '1994-01-01'
	and l_shipdate < date_add('1994-01-01', interval '1' year)
	and l_discount between 0.06 - 0.01 and 0.06 + 0.01
	and l_quantity < 24`

func tpchQueries() []tpchQuery {
	sf1Counts := map[string]string{"customer": "150000", "orders": "1500000", "lineitem": "6001215", "part": "200000",
		"partsupp": "800000", "supplier": "10000", "nation": "25", "region": "5"}
	var qs []tpchQuery
	for _, t := range tpchTables {
		q := "SELECT COUNT(*) FROM " + t
		qs = append(qs, tpchQuery{name: "count_" + t, sqlcsv: q, duckdb: q, sf1: [][]string{{sf1Counts[t]}}})
	}
	qs = append(qs, tpchQuery{
		name:      "q1",
		sqlcsv:    tpchQ1,
		sqlcsvAlt: strings.Replace(tpchQ1, "date_sub('1998-12-01', interval 108 day)", "'1998-08-15'", 1),
		altNote:   "date_sub('1998-12-01', interval 108 day) written as '1998-08-15'",
		duckdb:    strings.Replace(tpchQ1, "date_sub('1998-12-01', interval 108 day)", "DATE '1998-12-01' - INTERVAL 108 DAY", 1),
		// go-tpc tpch/answer.go, q1a.
		sf1: [][]string{
			{`A`, `F`, `37734107.00`, `56586554400.73`, `53758257134.8700`, `55909065222.827692`, `25.522006`, `38273.129735`, `0.049985`, `1478493`},
			{`N`, `F`, `991417.00`, `1487504710.38`, `1413082168.0541`, `1469649223.194375`, `25.516472`, `38284.467761`, `0.050093`, `38854`},
			{`N`, `O`, `73533166.00`, `110287596362.18`, `104774847005.9449`, `108969626230.358561`, `25.502145`, `38249.003129`, `0.049996`, `2883411`},
			{`R`, `F`, `37719753.00`, `56568041380.90`, `53741292684.6040`, `55889619119.831932`, `25.505794`, `38250.854626`, `0.050009`, `1478870`}},
	})
	qs = append(qs, tpchQuery{
		name:      "q6",
		sqlcsv:    tpchQ6,
		sqlcsvAlt: strings.Replace(tpchQ6, "date_add('1994-01-01', interval '1' year)", "'1995-01-01'", 1),
		altNote:   "date_add('1994-01-01', interval '1' year) written as '1995-01-01'",
		duckdb: strings.Replace(strings.Replace(tpchQ6, "date_add('1994-01-01', interval '1' year)", "DATE '1994-01-01' + INTERVAL 1 YEAR", 1),
			"l_shipdate >= '1994-01-01'", "l_shipdate >= DATE '1994-01-01'", 1),
		// go-tpc tpch/answer.go, q6a.
		sf1: [][]string{{`123141078.2283`}},
	})
	return qs
}

// tpchRun is the outcome of one query in one engine and run.
type tpchRun struct {
	wall   float64 // seconds: the sqlcsv process, or the statement inside DuckDB
	rssMiB float64
	header []string
	rows   [][]string
	raw    []byte // the sqlcsv process's standard output
	err    string
}

type tpchResult struct {
	q        tpchQuery
	usedAlt  bool   // sqlcsv ran sqlcsvAlt
	origErr  string // why sqlcsv's go-tpc form failed
	sqlcsv   []tpchRun
	duckdb   []tpchRun
	sqlcsvOK bool
}

func runTPCH(cfg *config) error {
	if cfg.tpchGen || !tpchFilesExist(cfg.dir) {
		if err := tpchGenerate(cfg.dir, cfg.sf, cfg.compress); err != nil {
			return err
		}
	}
	if !cfg.tpchCheck {
		return nil
	}
	if !cfg.runsSet {
		cfg.runs = 1
	}
	repoRoot, err := findRepoRoot()
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s, %d cores (runtime.NumCPU), %s RAM, %s %s/%s\n",
		cpuModel(), runtime.NumCPU(), memTotal(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	dir, err := filepath.Abs(cfg.dir)
	if err != nil {
		return err
	}
	var total int64
	for _, t := range tpchTables {
		total += fileSize(filepath.Join(dir, t+".tbl"))
	}
	fmt.Printf("data: %s, 8 .tbl files, %d bytes (%.2f GB)\n", dir, total, float64(total)/1e9)

	work := cfg.workDir
	if work == "" {
		if work, err = os.MkdirTemp("", "sqlcsv-tpch-check-"); err != nil {
			return err
		}
		if !cfg.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}

	// The schema script, with <DIR> substituted, for sqlcsv; its
	// translation for DuckDB.
	schemaPath := filepath.Join(repoRoot, "bench", "tpch", "schema.sql")
	schemaSrc, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	schema := strings.ReplaceAll(string(schemaSrc), "<DIR>", dir)
	sqlcsvSchema := filepath.Join(work, "tpch-schema.sql")
	if err := os.WriteFile(sqlcsvSchema, []byte(schema), 0o644); err != nil {
		return err
	}
	duckSetup, err := duckdbSetup(schema)
	if err != nil {
		return fmt.Errorf("translating %s for DuckDB: %v", schemaPath, err)
	}

	// sqlcsv.
	bin := cfg.sqlcsvBin
	label := ""
	if bin == "" {
		bin = filepath.Join(work, "sqlcsv")
		fmt.Printf("building sqlcsv: (cd %s && go build -o %s github.com/sqlcsv/sqlcsv/cmd/sqlcsv)\n", repoRoot, bin)
		cmd := exec.Command("go", "build", "-o", bin, "github.com/sqlcsv/sqlcsv/cmd/sqlcsv")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("building sqlcsv: %v\n%s", err, out)
		}
		label = "sqlcsv " + gitDescribe(repoRoot)
	} else {
		if bin, err = filepath.Abs(bin); err != nil {
			return err
		}
		label = "sqlcsv " + filepath.Base(bin)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	sqlcsvArgs := []string{bin, "--threads", strconv.Itoa(cfg.threads), "--format", "csv"}
	fmt.Printf("schema: %s (<DIR> = %s)\n", schemaPath, dir)
	fmt.Printf("sqlcsv: %s -f %s -c QUERY   (a process per query; load only: without -c; all at once: -f <schema + queries>)\n", shellJoin(sqlcsvArgs, false), sqlcsvSchema)
	fmt.Printf("duckdb: %s -child duckdb-tpch -threads %d -spec SPEC   (one process: load, then every query, each timed inside)\n", self, cfg.threads)
	fmt.Println("duckdb load statements (schema.sql translated: PRIMARY KEY dropped, LOAD DATA as COPY):")
	for _, s := range duckSetup {
		fmt.Printf("  %s\n", oneLine(s.SQL))
	}

	if cfg.warm {
		t0 := time.Now()
		for _, t := range tpchTables {
			if err := readAll(filepath.Join(dir, t+".tbl")); err != nil {
				return err
			}
		}
		el := time.Since(t0)
		fmt.Printf("warm-up: read the .tbl files once in %.2fs (%.0f MB/s)\n", el.Seconds(), float64(total)/1e6/el.Seconds())
	}

	results := []*tpchResult{}
	for _, q := range tpchQueries() {
		results = append(results, &tpchResult{q: q})
	}
	var loadOnly, scriptWall, scriptRSS, duckWall, duckRSS []float64
	var duckLoad []map[string]float64
	var scriptNote, duckVersion string
	for r := 1; r <= cfg.runs; r++ {
		fmt.Printf("\nrun %d of %d\n", r, cfg.runs)
		// sqlcsv: the schema alone (process start, CREATE TABLE, LOAD DATA).
		run := runProcess(cfg, append(slices.Clone(sqlcsvArgs), "-f", sqlcsvSchema))
		if run.err != "" {
			return fmt.Errorf("sqlcsv -f %s failed: %s", sqlcsvSchema, run.err)
		}
		loadOnly = append(loadOnly, run.wall)
		fmt.Printf("  sqlcsv  load (schema.sql only)   %8.3fs  peak RSS %6.1f MiB\n", run.wall, run.rssMiB)
		// sqlcsv: one process per query.
		var all bytes.Buffer
		var script strings.Builder
		script.WriteString(schema)
		for _, res := range results {
			q := res.q.sqlcsv
			if res.usedAlt {
				q = res.q.sqlcsvAlt
			}
			run := runProcess(cfg, append(slices.Clone(sqlcsvArgs), "-f", sqlcsvSchema, "-c", q))
			if run.err != "" && r == 1 && res.q.sqlcsvAlt != "" && !res.usedAlt {
				res.origErr = run.err
				res.usedAlt = true
				fmt.Printf("  sqlcsv  %-24s FAILED in go-tpc's form: %s\n", res.q.name, run.err)
				fmt.Printf("          retrying with %s\n", res.q.altNote)
				q = res.q.sqlcsvAlt
				run = runProcess(cfg, append(slices.Clone(sqlcsvArgs), "-f", sqlcsvSchema, "-c", q))
			}
			res.sqlcsv = append(res.sqlcsv, run)
			if run.err != "" {
				fmt.Printf("  sqlcsv  %-24s FAILED after %.3fs: %s\n", res.q.name, run.wall, run.err)
				continue
			}
			all.Write(run.raw)
			script.WriteString("\n" + q + ";\n")
			fmt.Printf("  sqlcsv  %-24s %8.3fs  peak RSS %6.1f MiB  %d rows\n", res.q.name, run.wall, run.rssMiB, len(run.rows))
		}
		// sqlcsv: the whole script (schema and every query that ran) in one
		// process, as `sqlcsv --format csv -f script.sql`; its output must be
		// the per-query outputs one after the other.
		scriptPath := filepath.Join(work, "tpch-script.sql")
		if err := os.WriteFile(scriptPath, []byte(script.String()), 0o644); err != nil {
			return err
		}
		run = runProcess(cfg, append(slices.Clone(sqlcsvArgs), "-f", scriptPath))
		switch {
		case run.err != "":
			scriptNote = "FAILED: " + run.err
		case !bytes.Equal(run.raw, all.Bytes()):
			scriptNote = fmt.Sprintf("output DIFFERS from the per-query runs (%d vs %d bytes); kept in %s", len(run.raw), all.Len(), work)
			os.WriteFile(filepath.Join(work, "script-output.csv"), run.raw, 0o644)
			os.WriteFile(filepath.Join(work, "per-query-output.csv"), all.Bytes(), 0o644)
		default:
			scriptNote = "output identical to the per-query runs"
		}
		scriptWall = append(scriptWall, run.wall)
		scriptRSS = append(scriptRSS, run.rssMiB)
		fmt.Printf("  sqlcsv  whole script (one process) %8.3fs  peak RSS %6.1f MiB  %s\n", run.wall, run.rssMiB, scriptNote)

		// DuckDB: one child process loads the tables and runs every query.
		spec := duckSpec{Threads: cfg.threads, Setup: duckSetup}
		for i, res := range results {
			spec.Queries = append(spec.Queries, duckStmt{Name: res.q.name, SQL: res.q.duckdb, Out: filepath.Join(work, fmt.Sprintf("duckdb-%d-%02d.csv", r, i))})
		}
		specPath := filepath.Join(work, "duckdb-spec.json")
		reportPath := filepath.Join(work, "duckdb-report.json")
		b, _ := json.MarshalIndent(spec, "", "  ")
		if err := os.WriteFile(specPath, b, 0o644); err != nil {
			return err
		}
		os.Remove(reportPath)
		drun := runProcess(cfg, []string{self, "-child", "duckdb-tpch", "-spec", specPath, "-report", reportPath})
		var rep duckReport
		if rb, err := os.ReadFile(reportPath); err != nil {
			return fmt.Errorf("duckdb child failed: %s (no report: %v)", drun.err, err)
		} else if err := json.Unmarshal(rb, &rep); err != nil {
			return fmt.Errorf("duckdb child report %s: %v", reportPath, err)
		}
		if rep.Error != "" {
			return fmt.Errorf("duckdb child failed: %s", rep.Error)
		}
		duckVersion = rep.Version
		duckWall = append(duckWall, drun.wall)
		duckRSS = append(duckRSS, drun.rssMiB)
		loads := map[string]float64{}
		var loadSum float64
		for _, st := range rep.Setup {
			loads[st.Name] = st.Seconds
			loadSum += st.Seconds
		}
		loads["total"] = loadSum
		duckLoad = append(duckLoad, loads)
		var parts []string
		for _, st := range rep.Setup {
			if name, ok := strings.CutPrefix(st.Name, "load "); ok {
				parts = append(parts, fmt.Sprintf("%s %.3fs", name, st.Seconds))
			}
		}
		fmt.Printf("  duckdb  load (CREATE + COPY)     %8.3fs  (COPY: %s)\n", loadSum, strings.Join(parts, ", "))
		for i, res := range results {
			st := rep.Queries[i]
			dr := tpchRun{wall: st.Seconds, err: st.Err}
			if st.Err == "" {
				if dr.header, dr.rows, err = readCSVFile(spec.Queries[i].Out); err != nil {
					dr.err = err.Error()
				}
				if !cfg.keep {
					os.Remove(spec.Queries[i].Out)
				}
			}
			res.duckdb = append(res.duckdb, dr)
			if dr.err != "" {
				fmt.Printf("  duckdb  %-24s FAILED: %s\n", res.q.name, dr.err)
			} else {
				fmt.Printf("  duckdb  %-24s %8.3fs  %d rows\n", res.q.name, dr.wall, len(dr.rows))
			}
		}
		fmt.Printf("  duckdb  child process            %8.3fs  peak RSS %6.1f MiB\n", drun.wall, drun.rssMiB)
	}

	// Answers side by side, from run 1.
	fmt.Println()
	fmt.Println("answers (run 1): numbers agree when within 1e-6 relative, or when one is the other rounded to its 4 or more printed")
	fmt.Println("decimals (MySQL's AVG of a DECIMAL); the SF1 answers are go-tpc's tpch/answer.go (Q1, Q6) and the TPC-H specification's")
	fmt.Println("table sizes (counts), also accepted within half a unit of their last printed digit")
	for _, res := range results {
		s, d := res.sqlcsv[0], res.duckdb[0]
		var ref [][]string
		if cfg.sf == 1 {
			ref = res.q.sf1
		}
		fmt.Printf("\n== %s\n", res.q.name)
		if res.usedAlt {
			fmt.Printf("   sqlcsv failed on go-tpc's form with: %s\n   so it ran: %s\n", res.origErr, res.q.altNote)
		}
		if s.header != nil {
			fmt.Printf("   columns: %s\n", strings.Join(s.header, ","))
		} else if d.header != nil {
			fmt.Printf("   columns: %s\n", strings.Join(d.header, ","))
		}
		n := max(len(s.rows), len(d.rows), len(ref))
		for i := 0; i < n; i++ {
			fmt.Printf("   row %d  sqlcsv  %s\n", i+1, rowText(s, i))
			fmt.Printf("          duckdb  %s\n", rowText(tpchRun{rows: d.rows, err: d.err}, i))
			if ref != nil {
				fmt.Printf("          SF1     %s\n", rowText(tpchRun{rows: ref}, i))
			}
		}
		res.sqlcsvOK = s.err == "" && d.err == "" && compareTPCH(s.rows, d.rows, false) == ""
	}

	// Summary.
	fmt.Println()
	fmt.Printf("machine: %s, %d cores, %s RAM\n", cpuModel(), runtime.NumCPU(), memTotal())
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	fmt.Printf("data: TPC-H SF%g, %s (%.2f GB); threads %d; %d run(s), medians; engines: %s, %s\n",
		cfg.sf, dir, float64(total)/1e9, cfg.threads, cfg.runs, label, duckVersion)
	fmt.Println("sqlcsv_s: wall time of `sqlcsv -f schema.sql -c QUERY` (process start + CREATE/LOAD DATA + query); sqlcsv_net_s: that minus the")
	fmt.Println("load-only process; duckdb_s: the statement's time inside the DuckDB process (query + fetching the rows), tables already loaded")
	fmt.Println()
	fmt.Printf("%-16s %9s %12s %9s %-8s %-10s %-10s %s\n", "query", "sqlcsv_s", "sqlcsv_net_s", "duckdb_s", "s=d", "sqlcsv/SF1", "duckdb/SF1", "note")
	lo := median(loadOnly)
	var dl []float64
	for _, m := range duckLoad {
		dl = append(dl, m["total"])
	}
	fmt.Printf("%-16s %9.3f %12s %9.3f %-8s %-10s %-10s %s\n", "load", lo, "-", median(dl), "", "", "",
		"sqlcsv: CREATE TABLE + LOAD DATA attach the files (read at query time); duckdb: CREATE TABLE + COPY into memory")
	for _, res := range results {
		sw, dw := walls(res.sqlcsv), walls(res.duckdb)
		ss, sn, ds := "FAIL", "-", "FAIL"
		if len(sw) > 0 {
			ss = fmt.Sprintf("%.3f", median(sw))
			sn = fmt.Sprintf("%.3f", median(sw)-lo)
		}
		if len(dw) > 0 {
			ds = fmt.Sprintf("%.3f", median(dw))
		}
		s, d := res.sqlcsv[0], res.duckdb[0]
		eq := "DIFF"
		if s.err != "" || d.err != "" {
			eq = "-"
		} else if res.sqlcsvOK {
			eq = "OK"
		}
		sr, dr := "-", "-"
		if cfg.sf == 1 && res.q.sf1 != nil {
			sr, dr = refVerdict(s, res.q.sf1), refVerdict(d, res.q.sf1)
		}
		var notes []string
		if res.usedAlt {
			notes = append(notes, "sqlcsv: "+res.q.altNote+" (go-tpc's form failed: "+res.origErr+")")
		}
		if s.err != "" {
			notes = append(notes, "sqlcsv failed: "+s.err)
		} else if d.err == "" && !res.sqlcsvOK {
			notes = append(notes, "sqlcsv vs duckdb: "+compareTPCH(s.rows, d.rows, false))
		}
		if d.err != "" {
			notes = append(notes, "duckdb failed: "+d.err)
		}
		fmt.Printf("%-16s %9s %12s %9s %-8s %-10s %-10s %s\n", res.q.name, ss, sn, ds, eq, sr, dr, strings.Join(notes, "; "))
	}
	fmt.Printf("%-16s %9.3f %12s %9.3f %-8s %-10s %-10s %s\n", "all (1 process)", median(scriptWall), "-", median(duckWall), "", "", "",
		fmt.Sprintf("sqlcsv: -f <schema + all queries>, %s, peak RSS %.1f MiB; duckdb: the child process (load + all queries), peak RSS %.1f MiB",
			scriptNote, median(scriptRSS), median(duckRSS)))
	if cfg.keep {
		fmt.Printf("work directory kept: %s\n", work)
	}
	return nil
}

func walls(runs []tpchRun) []float64 {
	var w []float64
	for _, r := range runs {
		if r.err == "" {
			w = append(w, r.wall)
		}
	}
	return w
}

func rowText(r tpchRun, i int) string {
	if r.err != "" {
		if i == 0 {
			return "ERROR: " + r.err
		}
		return ""
	}
	if i >= len(r.rows) {
		return "(no row)"
	}
	return strings.Join(r.rows[i], ",")
}

func refVerdict(r tpchRun, ref [][]string) string {
	if r.err != "" {
		return "-"
	}
	if compareTPCH(ref, r.rows, true) == "" {
		return "OK"
	}
	return "DIFF"
}

// compareTPCH compares results row by row, in order (the queries sort or
// return one row): equal text, or numbers within 1e-6 relative, or one
// number the other rounded to the first's decimals when it prints at least 4
// (MySQL's AVG of a DECIMAL(p,s) has scale s+4, DuckDB's is a DOUBLE). With
// ref, a is a reference printed with a fixed number of decimals, and a
// difference of half a unit in its last digit is accepted whatever their
// number. It returns "" when they agree, else the first difference.
func compareTPCH(a, b [][]string, ref bool) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d rows vs %d rows", len(a), len(b))
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return fmt.Sprintf("row %d: %d columns vs %d", i+1, len(a[i]), len(b[i]))
		}
		for j := range a[i] {
			x, y := a[i][j], b[i][j]
			if x == y {
				continue
			}
			fx, err1 := strconv.ParseFloat(x, 64)
			fy, err2 := strconv.ParseFloat(y, 64)
			if err1 != nil || err2 != nil {
				return fmt.Sprintf("row %d column %d: %q vs %q", i+1, j+1, x, y)
			}
			diff := math.Abs(fx - fy)
			tol := 1e-6 * math.Max(math.Abs(fx), math.Abs(fy))
			dx, dy := decimals(x), decimals(y)
			switch {
			case ref:
				tol = math.Max(tol, 0.5*math.Pow10(-dx)*(1+1e-9))
			case min(dx, dy) >= 4:
				tol = math.Max(tol, 0.5*math.Pow10(-min(dx, dy))*(1+1e-9))
			}
			if diff > tol {
				rel := diff / math.Max(math.Abs(fx), math.Abs(fy))
				return fmt.Sprintf("row %d column %d: %s vs %s (relative difference %.3g)", i+1, j+1, x, y, rel)
			}
		}
	}
	return ""
}

// decimals returns the number of digits after the point in a number's text.
func decimals(s string) int {
	_, frac, ok := strings.Cut(s, ".")
	if !ok {
		return 0
	}
	n := 0
	for n < len(frac) && frac[n] >= '0' && frac[n] <= '9' {
		n++
	}
	return n
}

// runProcess runs argv, capturing standard output, and measures its wall
// time and peak RSS.
func runProcess(cfg *config, argv []string) tpchRun {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	t0 := time.Now()
	err := cmd.Run()
	r := tpchRun{wall: time.Since(t0).Seconds(), raw: stdout.Bytes()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssMiB = float64(ru.Maxrss) / 1024
		}
	}
	if err != nil {
		r.err = strings.TrimSpace(stderr.String())
		if r.err == "" {
			r.err = err.Error()
		} else {
			r.err = strings.ReplaceAll(r.err, "\n", " | ") + " (" + err.Error() + ")"
		}
		return r
	}
	if len(r.raw) > 0 {
		recs, err := parseCSV(r.raw)
		if err != nil {
			r.err = "reading its output: " + err.Error()
			return r
		}
		r.header, r.rows = recs[0], recs[1:]
	}
	return r
}

func readCSVFile(path string) ([]string, [][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	recs, err := parseCSV(b)
	if err != nil {
		return nil, nil, err
	}
	return recs[0], recs[1:], nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// splitSQL splits a script into statements at semicolons outside quotes,
// dropping -- and /* */ comments and empty statements.
func splitSQL(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						j += 2
						continue
					}
					break
				}
				if s[j] == '\\' && c == '\'' {
					j++
				}
				j++
			}
			cur.WriteString(s[i:min(j+1, len(s))])
			i = j
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			cur.WriteByte('\n')
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				i = len(s)
			} else {
				i += end + 3
			}
			cur.WriteByte(' ')
		case c == ';':
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, t)
			}
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if t := strings.TrimSpace(cur.String()); t != "" {
		out = append(out, t)
	}
	return out
}

var (
	reCreateTable = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)`)
	rePrimaryKey  = regexp.MustCompile(`(?is),\s*PRIMARY\s+KEY\s*\([^)]*\)`)
	reLoadData    = regexp.MustCompile(`(?is)^LOAD\s+DATA\s+(?:LOCAL\s+)?INFILE\s+'((?:[^']|'')*)'\s+INTO\s+TABLE\s+(\w+)\s+FIELDS\s+TERMINATED\s+BY\s+'([^']+)'$`)
)

// duckdbSetup translates the schema script for DuckDB: CREATE TABLE as it
// is but without PRIMARY KEY (DuckDB would build and check an index while
// loading, which sqlcsv does not do either), and each LOAD DATA INFILE as
// COPY ... FROM, DuckDB's way of loading a dbgen .tbl file.
func duckdbSetup(schema string) ([]duckStmt, error) {
	var out []duckStmt
	for _, st := range splitSQL(schema) {
		if m := reCreateTable.FindStringSubmatch(st); m != nil {
			out = append(out, duckStmt{Name: "create " + strings.ToLower(m[1]), SQL: rePrimaryKey.ReplaceAllString(st, "")})
			continue
		}
		if m := reLoadData.FindStringSubmatch(st); m != nil {
			delim := m[3]
			out = append(out, duckStmt{Name: "load " + strings.ToLower(m[2]),
				SQL: fmt.Sprintf("COPY %s FROM '%s' (DELIMITER '%s', HEADER false)", m[2], m[1], delim)})
			continue
		}
		return nil, fmt.Errorf("cannot translate statement: %s", oneLine(st))
	}
	return out, nil
}

// The DuckDB child of -tpch-check: it runs the setup statements, then every
// query (writing its rows as CSV to Out), timing each, and writes a JSON
// report.
//
// A query may have Pre statements (Q15's CREATE VIEW) and Post statements
// (its DROP VIEW): they run before and after it and are timed with it; after
// a failure the Post statements still run, their errors ignored.
// node/tpch.mjs is the DuckDB 1.5 twin of this child.
type duckStmt struct {
	Name string
	SQL  string
	Pre  []string `json:",omitempty"`
	Post []string `json:",omitempty"`
	Out  string   `json:",omitempty"`
}

type duckSpec struct {
	Threads int
	Setup   []duckStmt
	Queries []duckStmt
}

type duckTiming struct {
	Name    string
	Seconds float64
	Err     string `json:",omitempty"`
}

type duckReport struct {
	Version string
	Setup   []duckTiming
	Queries []duckTiming
	Error   string `json:",omitempty"`
}

func tpchChildMain(args []string) int {
	fs := flag.NewFlagSet("child duckdb-tpch", flag.ContinueOnError)
	specPath := fs.String("spec", "", "JSON spec")
	reportPath := fs.String("report", "", "JSON report to write")
	if err := fs.Parse(args); err != nil || *specPath == "" || *reportPath == "" {
		fmt.Fprintln(os.Stderr, "usage: -child duckdb-tpch -spec FILE -report FILE")
		return 2
	}
	var rep duckReport
	err := runDuckTPCH(*specPath, &rep)
	if err != nil {
		rep.Error = err.Error()
		fmt.Fprintln(os.Stderr, "duckdb:", err)
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if werr := os.WriteFile(*reportPath, b, 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, werr)
		return 1
	}
	if err != nil {
		return 1
	}
	return 0
}

func runDuckTPCH(specPath string, rep *duckReport) error {
	b, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	var spec duckSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		return err
	}
	db, err := sql.Open("duckdb", "") // in-memory
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fmt.Sprintf("SET threads = %d", spec.Threads)); err != nil {
		return err
	}
	var version string
	if err := db.QueryRow("SELECT version()").Scan(&version); err == nil {
		rep.Version = "DuckDB " + version + " (go-duckdb v1.8.5)"
	}
	for _, st := range spec.Setup {
		t0 := time.Now()
		_, err := db.Exec(st.SQL)
		rep.Setup = append(rep.Setup, duckTiming{Name: st.Name, Seconds: time.Since(t0).Seconds()})
		if err != nil {
			return fmt.Errorf("%s: %v (SQL: %s)", st.Name, err, oneLine(st.SQL))
		}
	}
	for _, q := range spec.Queries {
		t0 := time.Now()
		err := duckRunQuery(db, q)
		t := duckTiming{Name: q.Name, Seconds: time.Since(t0).Seconds()}
		if err != nil {
			t.Err = err.Error()
		}
		rep.Queries = append(rep.Queries, t)
	}
	return nil
}

// duckRunQuery runs q's Pre statements, q.SQL (its rows to q.Out) and its
// Post statements.
func duckRunQuery(db *sql.DB, q duckStmt) (err error) {
	defer func() {
		if err != nil {
			for _, s := range q.Post {
				db.Exec(s) // the Pre statement it undoes may have failed
			}
		}
	}()
	for _, s := range q.Pre {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	if err := duckQueryToFile(db, q.SQL, q.Out); err != nil {
		return err
	}
	for _, s := range q.Post {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

func duckQueryToFile(db *sql.DB, query, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := db.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := writeCSV(rows, f); err != nil {
		return err
	}
	return f.Close()
}
