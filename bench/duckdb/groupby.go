package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
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

	"github.com/sqlcsv/sqlcsv/bench/groupby"
)

// The -groupby mode: db-benchmark's ten groupby questions over its G1 table
// (bench/groupby writes it), each a SELECT straight from the CSV file, with
// sqlcsv, DuckDB 1.1 (go-duckdb) and DuckDB 1.5 (Node).

// gbQuestion is one question of db-benchmark's groupby task.
type gbQuestion struct {
	id    string // q1 ... q10
	title string // db-benchmark's name of the question
	// duckdb is the SQL of db-benchmark's DuckDB solution
	// (duckdb/groupby-duckdb.R) without its CREATE TABLE ans AS; {x} is
	// the table.
	duckdb string
	// sqlcsv is the same in sqlcsv's (MySQL's) dialect.
	sqlcsv string
	// measures are the answer's columns whose sums db-benchmark checks
	// (its chk), besides the number of rows.
	measures []string
}

var gbQuestions = []gbQuestion{
	{id: "q1", title: "sum v1 by id1", measures: []string{"v1"},
		duckdb: "SELECT id1, sum(v1) AS v1 FROM {x} GROUP BY id1"},
	{id: "q2", title: "sum v1 by id1:id2", measures: []string{"v1"},
		duckdb: "SELECT id1, id2, sum(v1) AS v1 FROM {x} GROUP BY id1, id2"},
	{id: "q3", title: "sum v1 mean v3 by id3", measures: []string{"v1", "v3"},
		duckdb: "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM {x} GROUP BY id3"},
	{id: "q4", title: "mean v1:v3 by id4", measures: []string{"v1", "v2", "v3"},
		duckdb: "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM {x} GROUP BY id4"},
	{id: "q5", title: "sum v1:v3 by id6", measures: []string{"v1", "v2", "v3"},
		duckdb: "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM {x} GROUP BY id6"},
	{id: "q6", title: "median v3 sd v3 by id4 id5", measures: []string{"median_v3", "sd_v3"},
		duckdb: "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM {x} GROUP BY id4, id5",
		// DuckDB's stddev (and R's sd) is the sample standard deviation;
		// MySQL's STDDEV is the population one, so sqlcsv names it.
		sqlcsv: "SELECT id4, id5, median(v3) AS median_v3, stddev_samp(v3) AS sd_v3 FROM {x} GROUP BY id4, id5"},
	{id: "q7", title: "max v1 - min v2 by id3", measures: []string{"range_v1_v2"},
		duckdb: "SELECT id3, max(v1)-min(v2) AS range_v1_v2 FROM {x} GROUP BY id3"},
	{id: "q8", title: "largest two v3 by id6", measures: []string{"largest2_v3"},
		duckdb: "SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3 " +
			"FROM {x} WHERE v3 IS NOT NULL) sub_query WHERE order_v3 <= 2"},
	{id: "q9", title: "regression v1 v2 by id2 id4", measures: []string{"r2"},
		duckdb: "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM {x} GROUP BY id2, id4"},
	{id: "q10", title: "sum v3 count by id1:id6", measures: []string{"v3", "count"},
		duckdb: "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM {x} GROUP BY id1, id2, id3, id4, id5, id6"},
}

func init() {
	for i := range gbQuestions {
		if gbQuestions[i].sqlcsv == "" {
			gbQuestions[i].sqlcsv = gbQuestions[i].duckdb
		}
	}
}

// gbCheckSQL wraps a question so that it returns db-benchmark's check
// alone: one row with the answer's row count (nr) and the sum of each
// measure column.
func gbCheckSQL(question string, measures []string) string {
	var b strings.Builder
	b.WriteString("SELECT COUNT(*) AS nr")
	for _, m := range measures {
		fmt.Fprintf(&b, ", SUM(%s) AS %s", m, m)
	}
	b.WriteString(" FROM (")
	b.WriteString(question)
	b.WriteString(") AS ans")
	return b.String()
}

// gbRender puts the table into a question.
func gbRender(question, table string) string {
	return strings.ReplaceAll(question, "{x}", table)
}

// sqlcsvTableName is the table a file registers under in sqlcsv (its
// sqlcsv.TableName): the base name up to the first dot.
func sqlcsvTableName(path string) string {
	base := filepath.Base(path)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// gbCheck is db-benchmark's check of an answer: its number of rows and the
// sum of each measure column (text as the engine printed it; "" is NULL).
type gbCheck struct {
	rows int64
	sums []string
}

// String shows the check as nr=... m=..., numbers in plain decimal
// notation (engines print 3000297, 3.000297e+06 or 3000297.0).
func (c *gbCheck) String(measures []string) string {
	parts := []string{"nr=" + strconv.FormatInt(c.rows, 10)}
	for i, m := range measures {
		v := c.sums[i]
		if f, err := strconv.ParseFloat(v, 64); err == nil && math.Abs(f) < 1e21 {
			v = strconv.FormatFloat(f, 'f', -1, 64)
		} else if v == "" {
			v = "NULL"
		}
		parts = append(parts, m+"="+v)
	}
	return strings.Join(parts, " ")
}

// parseWrappedCheck reads the output of gbCheckSQL: a header and one row of
// nr and the sums, in that order.
func parseWrappedCheck(recs [][]string, measures []string) (*gbCheck, error) {
	if len(recs) != 2 {
		return nil, fmt.Errorf("check query returned %d lines, want a header and one row", len(recs))
	}
	row := recs[1]
	if len(row) != 1+len(measures) {
		return nil, fmt.Errorf("check row %q has %d columns, want %d", row, len(row), 1+len(measures))
	}
	n, err := strconv.ParseInt(row[0], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("row count %q: %w", row[0], err)
	}
	return &gbCheck{rows: n, sums: slices.Clone(row[1:])}, nil
}

// computeCheck computes the check from a question's full answer (CSV with
// a header): the rows are counted and the measure columns, found by name,
// summed as float64 (NULLs, empty fields, skipped; all NULL gives NULL).
func computeCheck(r io.Reader, measures []string) (*gbCheck, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	idx := make([]int, len(measures))
	for i, m := range measures {
		idx[i] = slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(h, m) })
		if idx[i] < 0 {
			return nil, fmt.Errorf("answer has no column %s (columns %q)", m, header)
		}
	}
	sums := make([]float64, len(measures))
	seen := make([]bool, len(measures))
	var rows int64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading row %d: %w", rows+1, err)
		}
		rows++
		for i, j := range idx {
			if rec[j] == "" {
				continue
			}
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", rows, measures[i], err)
			}
			sums[i] += v
			seen[i] = true
		}
	}
	c := &gbCheck{rows: rows, sums: make([]string, len(measures))}
	for i := range sums {
		if seen[i] {
			c.sums[i] = strconv.FormatFloat(sums[i], 'f', -1, 64)
		}
	}
	return c, nil
}

// compareChecks compares an engine's check with the reference's: the row
// counts exactly, the sums as numbers within 1e-9 relative (float rounding:
// the engines add in different orders), NULL only to NULL. It returns ""
// when they agree, else what differs.
func compareChecks(ref, got *gbCheck, measures []string) string {
	var diffs []string
	if ref.rows != got.rows {
		diffs = append(diffs, fmt.Sprintf("nr %d vs %d", got.rows, ref.rows))
	}
	for i, m := range measures {
		a, b := got.sums[i], ref.sums[i]
		if a == b {
			continue
		}
		if a == "" || b == "" {
			diffs = append(diffs, fmt.Sprintf("%s %s vs %s", m, shownNull(a), shownNull(b)))
			continue
		}
		fa, err1 := strconv.ParseFloat(a, 64)
		fb, err2 := strconv.ParseFloat(b, 64)
		if err1 != nil || err2 != nil {
			diffs = append(diffs, fmt.Sprintf("%s %q vs %q", m, a, b))
			continue
		}
		if math.IsNaN(fa) && math.IsNaN(fb) {
			continue
		}
		d := math.Abs(fa - fb)
		if !(d <= 1e-9*math.Max(math.Abs(fa), math.Abs(fb))) {
			diffs = append(diffs, fmt.Sprintf("%s %s vs %s (relative difference %.2g)", m, a, b, d/math.Max(math.Abs(fa), math.Abs(fb))))
		}
	}
	return strings.Join(diffs, "; ")
}

func shownNull(s string) string {
	if s == "" {
		return "NULL"
	}
	return s
}

// gbEngine is one engine of the groupby mode.
type gbEngine struct {
	name    string
	label   string
	failed  string // set up failed: not run
	table   string // what {x} becomes
	sqlcsv  bool   // uses the sqlcsv dialect
	argv    func(sql string) []string
	version string
	startup float64
}

// gbCell is one question on one engine.
type gbCell struct {
	sql     string // the SQL that runs
	direct  bool   // runs the bare question: the check SQL failed
	wrapErr string // why the check SQL failed
	walls   []float64
	rss     []float64
	check   *gbCheck
	err     string // failed: not run again
	diff    string // differs from the reference
}

func gbDefaultFile(rows, k int) string {
	return filepath.Join("/tmp/sqlcsv-bench", groupby.Name(rows, k)+".csv")
}

func runGroupBy(cfg *config) error {
	repoRoot, err := findRepoRoot()
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s, %d cores (runtime.NumCPU), %s RAM, %s %s/%s\n",
		cpuModel(), runtime.NumCPU(), memTotal(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))

	questions, err := selectQuestions(cfg.questions)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.file); errors.Is(err, os.ErrNotExist) {
		fmt.Printf("generating %s (db-benchmark G1, %d rows, K=%d, R's set.seed(%d))...\n", cfg.file, cfg.rows, cfg.k, groupby.DefaultSeed)
		t0 := time.Now()
		st, err := gbGenerate(cfg.file, cfg.rows, cfg.k)
		if err != nil {
			return err
		}
		fmt.Printf("  wrote %d bytes in %s\n", st.Bytes, time.Since(t0).Round(time.Millisecond))
	} else if err != nil {
		return fmt.Errorf("data file: %w", err)
	}
	absFile, err := filepath.Abs(cfg.file)
	if err != nil {
		return fmt.Errorf("data file: %w", err)
	}
	size := fileSize(absFile)
	fmt.Printf("file: %s (%d bytes, %.1f MB)\n", absFile, size, float64(size)/1e6)

	work := cfg.workDir
	if work == "" {
		if work, err = os.MkdirTemp("", "sqlcsv-groupby-"); err != nil {
			return fmt.Errorf("work directory: %w", err)
		}
		if !cfg.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("work directory: %w", err)
	}
	engines, err := gbEngines(cfg, repoRoot, work, absFile)
	if err != nil {
		return err
	}
	fmt.Printf("threads: %d, runs: %d, questions: %d\n", cfg.threads, cfg.runs, len(questions))
	for _, e := range engines {
		if e.failed != "" {
			fmt.Printf("engine %s skipped: %s\n", e.name, e.failed)
			continue
		}
		fmt.Printf("  %-9s %s   ({x} = %s)\n", e.name, shellJoin(e.argv("SQL"), false), e.table)
	}
	fmt.Println("each question runs wrapped as its check: SELECT COUNT(*) AS nr, SUM(<measure>) AS <measure>, ... FROM (<question>) AS ans")

	if cfg.warm {
		t0 := time.Now()
		if err := readAll(absFile); err != nil {
			return fmt.Errorf("warming the page cache: %w", err)
		}
		el := time.Since(t0)
		fmt.Printf("warm-up: read the file once in %.2fs (%.0f MB/s)\n", el.Seconds(), float64(size)/1e6/el.Seconds())
	}
	for _, e := range engines {
		if e.failed != "" {
			continue
		}
		var ts []float64
		for range 3 {
			argv := e.argv("SELECT 1")
			t0 := time.Now()
			out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
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

	cells := make([][]*gbCell, len(questions))
	for qi, q := range questions {
		cells[qi] = make([]*gbCell, len(engines))
		for ei, e := range engines {
			text := q.duckdb
			if e.sqlcsv {
				text = q.sqlcsv
			}
			cells[qi][ei] = &gbCell{sql: gbCheckSQL(gbRender(text, e.table), q.measures)}
		}
	}
	for r := 1; r <= cfg.runs; r++ {
		fmt.Printf("\nrun %d of %d\n", r, cfg.runs)
		for qi, q := range questions {
			for ei, e := range engines {
				c := cells[qi][ei]
				if e.failed != "" || c.err != "" {
					continue
				}
				gbRunCell(cfg, work, e, q, c, r)
			}
		}
	}

	// Checks against the reference: DuckDB 1.5, else DuckDB 1.1.
	fmt.Println()
	fmt.Println("checks (db-benchmark's: rows of the answer, sum of each measure column):")
	refIdx := make([]int, len(questions))
	for qi, q := range questions {
		refIdx[qi] = -1
		for _, name := range []string{"duckdb15", "duckdb"} {
			for ei, e := range engines {
				if refIdx[qi] < 0 && e.name == name && cells[qi][ei].check != nil {
					refIdx[qi] = ei
				}
			}
		}
		for ei, e := range engines {
			c := cells[qi][ei]
			switch {
			case c.check != nil:
				note := ""
				if ei == refIdx[qi] {
					note = "  (reference)"
				} else if refIdx[qi] >= 0 {
					if c.diff = compareChecks(cells[qi][refIdx[qi]].check, c.check, q.measures); c.diff != "" {
						note = "  MISMATCH: " + c.diff
					} else {
						note = "  OK"
					}
				}
				fmt.Printf("  %-4s %-9s %s%s\n", q.id, e.name, c.check.String(q.measures), note)
			case c.err != "":
				fmt.Printf("  %-4s %-9s ERROR: %s\n", q.id, e.name, c.err)
			}
		}
	}

	gbPrintTable(cfg, absFile, size, questions, engines, cells, refIdx)
	if cfg.keep {
		fmt.Printf("work directory kept: %s\n", work)
	}
	return nil
}

func selectQuestions(list string) ([]gbQuestion, error) {
	if list == "" {
		return gbQuestions, nil
	}
	var out []gbQuestion
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		i := slices.IndexFunc(gbQuestions, func(q gbQuestion) bool { return q.id == id })
		if i < 0 {
			return nil, fmt.Errorf("-questions: unknown question %q (want q1 ... q10)", id)
		}
		out = append(out, gbQuestions[i])
	}
	return out, nil
}

// gbGenerate writes the G1 file atomically (to path.tmp, then renamed).
func gbGenerate(path string, rows, k int) (groupby.Stats, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return groupby.Stats{}, fmt.Errorf("generating %s: %w", path, err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return groupby.Stats{}, fmt.Errorf("generating %s: %w", path, err)
	}
	st, err := groupby.Generate(f, groupby.Options{Rows: rows, K: k, Seed: groupby.DefaultSeed})
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return groupby.Stats{}, fmt.Errorf("generating %s: %w", path, err)
	}
	return st, nil
}

// gbEngines sets up the engines of cfg.engines: it builds sqlcsv (unless
// -sqlcsv-bin) and finds the DuckDB children.
func gbEngines(cfg *config, repoRoot, work, absFile string) ([]*gbEngine, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program: %w", err)
	}
	threads := strconv.Itoa(cfg.threads)
	readCSV := "read_csv(" + sqlQuote(absFile) + ")"
	if cfg.csvOptions != "" {
		readCSV = "read_csv(" + sqlQuote(absFile) + ", " + cfg.csvOptions + ")"
	}
	var out []*gbEngine
	for _, name := range cfg.engines {
		e := &gbEngine{name: name}
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
				}
				e.label = "sqlcsv " + gitDescribe(repoRoot)
			} else {
				if bin, err = filepath.Abs(bin); err != nil {
					return nil, fmt.Errorf("-sqlcsv-bin: %w", err)
				}
				e.label = "sqlcsv " + filepath.Base(bin)
			}
			e.sqlcsv = true
			e.table = "`" + strings.ReplaceAll(sqlcsvTableName(absFile), "`", "``") + "`"
			e.argv = func(sql string) []string {
				return []string{bin, "--threads", threads, "--format", "csv", "-c", sql, absFile}
			}
		case "duckdb":
			e.label = "DuckDB 1.1 (go-duckdb v1.8.5)"
			e.table = readCSV
			e.argv = func(sql string) []string {
				return []string{self, "-child", "duckdb", "-threads", threads, "-sql", sql}
			}
		case "duckdb15":
			e.label = "DuckDB 1.5 (@duckdb/node-api)"
			e.table = readCSV
			script := filepath.Join(repoRoot, "bench", "duckdb", "node", "run.mjs")
			mods := filepath.Join(repoRoot, "bench", "duckdb", "node", "node_modules", "@duckdb", "node-api")
			if _, err := exec.LookPath(cfg.node); err != nil {
				e.failed = "node not found: " + err.Error()
			} else if _, err := os.Stat(mods); err != nil {
				e.failed = "bench/duckdb/node/node_modules/@duckdb/node-api missing: run (cd bench/duckdb/node && npm install)"
			}
			e.argv = func(sql string) []string {
				return []string{cfg.node, script, absFile, threads, sql}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// gbRunCell runs one question once on one engine. When the check SQL fails
// on the first run, the bare question runs instead (from then on), and the
// harness computes the check from its full answer: the engine's time then
// includes writing every row of the answer.
func gbRunCell(cfg *config, work string, e *gbEngine, q gbQuestion, c *gbCell, r int) {
	outPath := filepath.Join(work, fmt.Sprintf("%s-%s-run%d.csv", e.name, q.id, r))
	if !cfg.keep {
		defer os.Remove(outPath)
	}
	res := gbRunProcess(cfg, e.argv(c.sql), outPath)
	if res.err != "" && r == 1 && !c.direct {
		c.direct = true
		c.wrapErr = res.err
		text := q.duckdb
		if e.sqlcsv {
			text = q.sqlcsv
		}
		c.sql = gbRender(text, e.table)
		fmt.Printf("  %-4s %-9s check SQL FAILED after %.3fs: %s\n", q.id, e.name, res.wall, res.err)
		fmt.Printf("  %-4s %-9s running the bare question; its time includes writing the whole answer\n", q.id, e.name)
		res = gbRunProcess(cfg, e.argv(c.sql), outPath)
	}
	if res.err != "" {
		c.err = res.err
		fmt.Printf("  %-4s %-9s FAILED after %.3fs: %s\n", q.id, e.name, res.wall, res.err)
		return
	}
	if res.version != "" {
		e.version = res.version
	}
	var chk *gbCheck
	f, err := os.Open(outPath)
	if err == nil {
		if c.direct {
			chk, err = computeCheck(f, q.measures)
		} else {
			var recs [][]string
			cr := csv.NewReader(f)
			cr.FieldsPerRecord = -1
			if recs, err = cr.ReadAll(); err == nil {
				chk, err = parseWrappedCheck(recs, q.measures)
			}
		}
		f.Close()
	}
	if err != nil {
		c.err = "reading its answer: " + err.Error()
		fmt.Printf("  %-4s %-9s FAILED: %s\n", q.id, e.name, c.err)
		return
	}
	if c.check == nil {
		c.check = chk
	} else if d := compareChecks(c.check, chk, q.measures); d != "" {
		fmt.Printf("  warning: %s %s run %d differs from its run 1: %s\n", q.id, e.name, r, d)
	}
	c.walls = append(c.walls, res.wall)
	c.rss = append(c.rss, res.rssMiB)
	form := ""
	if c.direct {
		form = " (bare question)"
	}
	fmt.Printf("  %-4s %-9s %8.3fs  peak RSS %7.1f MiB  %s%s\n", q.id, e.name, res.wall, res.rssMiB, chk.String(q.measures), form)
}

type gbResult struct {
	wall, rssMiB float64
	version      string
	err          string
}

// gbRunProcess runs argv with its standard output going to outPath and
// measures the child's wall time and peak RSS.
func gbRunProcess(cfg *config, argv []string, outPath string) gbResult {
	out, err := os.Create(outPath)
	if err != nil {
		return gbResult{err: err.Error()}
	}
	defer out.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout = out
	cmd.Stderr = &stderr
	t0 := time.Now()
	err = cmd.Run()
	res := gbResult{wall: time.Since(t0).Seconds()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.rssMiB = float64(ru.Maxrss) / 1024
		}
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "engine-version: "); ok {
			res.version = strings.TrimSpace(v)
		}
	}
	if err != nil {
		res.err = lastErrorLine(stderr.String())
		switch {
		case ctx.Err() != nil:
			res.err = strings.TrimSpace(fmt.Sprintf("timed out after %s (-timeout) %s", cfg.timeout, res.err))
		case res.err == "":
			res.err = err.Error()
		}
	}
	return res
}

func gbPrintTable(cfg *config, file string, size int64, questions []gbQuestion, engines []*gbEngine, cells [][]*gbCell, refIdx []int) {
	byName := map[string]int{}
	for i, e := range engines {
		byName[e.name] = i
	}
	fmt.Println()
	fmt.Printf("machine: %s, %d cores, %s RAM\n", cpuModel(), runtime.NumCPU(), memTotal())
	fmt.Printf("command: cd bench/duckdb && go run .%s\n", shellJoin(os.Args[1:], true))
	fmt.Printf("file: %s, %.1f MB; threads %d; %d runs each, engines alternating; median wall time and peak RSS of each child process\n",
		file, float64(size)/1e6, cfg.threads, cfg.runs)
	for _, e := range engines {
		v := e.version
		if v == "" {
			v = e.label
		}
		if e.failed != "" {
			v += " (skipped: " + firstLine(e.failed) + ")"
		}
		fmt.Printf("  %-9s %s, startup (SELECT 1) %.3fs\n", e.name, v, e.startup)
	}
	fmt.Println("check: db-benchmark's (rows of the answer, sum of each measure column) against DuckDB 1.5's, 1e-9 relative")
	fmt.Println()

	cell := func(qi int, name string) *gbCell {
		if i, ok := byName[name]; ok {
			return cells[qi][i]
		}
		return nil
	}
	secs := func(c *gbCell) string {
		if c == nil || len(c.walls) == 0 {
			if c != nil && c.err != "" {
				return "ERROR"
			}
			return "-"
		}
		s := fmt.Sprintf("%.3f", median(c.walls))
		if c.direct {
			s += "*"
		}
		return s
	}
	ratio := func(a, b *gbCell) string {
		if a == nil || b == nil || len(a.walls) == 0 || len(b.walls) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", median(a.walls)/median(b.walls))
	}
	// paired is the median over runs of the ratio of a's time to b's in
	// the same run (the engines alternate, so a run's two times share the
	// machine's state), and in how many runs a was the faster.
	paired := func(a, b *gbCell) string {
		if a == nil || b == nil || len(a.walls) == 0 || len(a.walls) != len(b.walls) {
			return "-"
		}
		var rs []float64
		wins := 0
		for k := range a.walls {
			rs = append(rs, a.walls[k]/b.walls[k])
			if a.walls[k] < b.walls[k] {
				wins++
			}
		}
		return fmt.Sprintf("%.2f %d/%d", median(rs), wins, len(rs))
	}
	rss := func(c *gbCell) string {
		if c == nil || len(c.rss) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f", median(c.rss))
	}
	verdict := func(qi int, name string) string {
		i, ok := byName[name]
		if !ok {
			return "-"
		}
		c := cells[qi][i]
		switch {
		case c.err != "":
			return "ERROR"
		case c.check == nil:
			return "-"
		case i == refIdx[qi]:
			return "ref"
		case refIdx[qi] < 0:
			return "no ref"
		case c.diff != "":
			return "MISMATCH"
		}
		return "OK"
	}
	fmt.Printf("%-4s %-27s %9s %10s %10s %6s %6s %-9s %-9s %-18s %-8s %-8s %s\n", "q", "question", "sqlcsv_s", "duckdb11_s", "duckdb15_s",
		"s/d11", "s/d15", "pair/d11", "pair/d15", "RSS_MiB s/d11/d15", "sqlcsv", "duckdb11", "note")
	var notes []string
	for qi, q := range questions {
		s, d11, d15 := cell(qi, "sqlcsv"), cell(qi, "duckdb"), cell(qi, "duckdb15")
		var note []string
		for _, name := range []string{"sqlcsv", "duckdb", "duckdb15"} {
			c := cell(qi, name)
			if c == nil {
				continue
			}
			if c.err != "" {
				note = append(note, name+": "+firstLine(c.err))
				notes = append(notes, fmt.Sprintf("%s %s error: %s", q.id, name, c.err))
			} else if c.direct {
				note = append(note, name+"*: check SQL failed: "+firstLine(c.wrapErr))
				notes = append(notes, fmt.Sprintf("%s %s: check SQL failed (%s), so the bare question ran and its time includes writing all %d rows of the answer",
					q.id, name, c.wrapErr, c.check.rows))
			}
			if c.diff != "" {
				notes = append(notes, fmt.Sprintf("%s %s MISMATCH: %s", q.id, name, c.diff))
			}
		}
		fmt.Printf("%-4s %-27s %9s %10s %10s %6s %6s %-9s %-9s %-18s %-8s %-8s %s\n", q.id, q.title, secs(s), secs(d11), secs(d15),
			ratio(s, d11), ratio(s, d15), paired(s, d11), paired(s, d15), rss(s)+"/"+rss(d11)+"/"+rss(d15), verdict(qi, "sqlcsv"), verdict(qi, "duckdb"), strings.Join(note, "; "))
	}
	fmt.Println("(* = the check SQL failed, so the bare question ran and the time includes writing its whole answer as CSV;")
	fmt.Println(" pair = the median of each run's sqlcsv/DuckDB time ratio, and the runs sqlcsv was faster in)")
	if len(notes) > 0 {
		fmt.Println()
		for _, n := range notes {
			fmt.Println(n)
		}
	}
}
