package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Running the 22 queries with each engine, for -tpch and -tpch-golden.

// tpchSchemaFor returns bench/tpch/schema.sql with each LOAD DATA INFILE
// '<DIR>/<table>.tbl' replaced by the path of that table's file in dir (<table>.tbl, or its
// .zst or .gz form), and that path by table.
func tpchSchemaFor(repoRoot, dir string) (string, map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "bench", "tpch", "schema.sql"))
	if err != nil {
		return "", nil, err
	}
	files := map[string]string{}
	for _, t := range tpchTables {
		var found []string
		for _, ext := range tpchExts {
			if fi, err := os.Stat(filepath.Join(dir, t+ext)); err == nil && fi.Mode().IsRegular() {
				found = append(found, t+ext)
			}
		}
		switch len(found) {
		case 0:
			return "", nil, fmt.Errorf("no %s.tbl (or .tbl.zst, .tbl.gz) in %s", t, dir)
		case 1:
			files[t] = tpchFile(dir, t)
		default:
			return "", nil, fmt.Errorf("%s holds %s: which one is table %s?", dir, strings.Join(found, " and "), t)
		}
	}
	var missing []string
	re := regexp.MustCompile(`(?i)(INFILE\s+)'<DIR>/(\w+)\.tbl'`)
	schema := re.ReplaceAllStringFunc(string(b), func(m string) string {
		sm := re.FindStringSubmatch(m)
		p, ok := files[sm[2]]
		if !ok {
			missing = append(missing, sm[2])
			return m
		}
		return sm[1] + sqlQuote(p)
	})
	if len(missing) > 0 {
		return "", nil, fmt.Errorf("schema.sql loads unknown tables %v", missing)
	}
	return schema, files, nil
}

var reColumnType = regexp.MustCompile(`(?i)^(\w+)\s+(BIGINT|INT|INTEGER|DATE|(?:VAR)?CHAR\s*\(\s*\d+\s*\)|DECIMAL\s*\(\s*\d+\s*,\s*\d+\s*\))(\s+NOT\s+NULL)?$`)

// duckdbViews translates the schema script (tpchSchemaFor's) into DuckDB
// views that read the files at every query, as sqlcsv does:
//
//	CREATE VIEW lineitem AS SELECT * FROM read_csv('<file>', delim = '|',
//	    header = false, columns = {'L_ORDERKEY': 'BIGINT', ...})
//
// with the declared column types (CHAR(n) and VARCHAR(n) as VARCHAR, which
// is what DuckDB makes of them). DuckDB ignores the '|' that ends every
// dbgen line, and reads .gz and .zst files itself.
func duckdbViews(schema string) ([]duckStmt, error) {
	cols := map[string]string{}
	var out []duckStmt
	for _, st := range splitSQL(schema) {
		if m := reCreateTable.FindStringSubmatch(st); m != nil {
			open, close := strings.Index(st, "("), strings.LastIndex(st, ")")
			if open < 0 || close < open {
				return nil, fmt.Errorf("cannot read the columns of: %s", oneLine(st))
			}
			var defs []string
			for _, item := range splitTopLevel(st[open+1 : close]) {
				item = oneLine(item)
				if strings.HasPrefix(strings.ToUpper(item), "PRIMARY KEY") {
					continue
				}
				c := reColumnType.FindStringSubmatch(item)
				if c == nil {
					return nil, fmt.Errorf("cannot translate column %q of %s", item, m[1])
				}
				typ := strings.ToUpper(strings.ReplaceAll(c[2], " ", ""))
				if strings.Contains(typ, "CHAR") {
					typ = "VARCHAR"
				}
				defs = append(defs, fmt.Sprintf("%s: %s", sqlQuote(c[1]), sqlQuote(typ)))
			}
			cols[strings.ToLower(m[1])] = "{" + strings.Join(defs, ", ") + "}"
			continue
		}
		if m := reLoadData.FindStringSubmatch(st); m != nil {
			t := strings.ToLower(m[2])
			c, ok := cols[t]
			if !ok {
				return nil, fmt.Errorf("LOAD DATA into %s before its CREATE TABLE", t)
			}
			out = append(out, duckStmt{Name: "view " + t, SQL: fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_csv(%s, delim = %s, header = false, columns = %s)",
				t, sqlQuote(strings.ReplaceAll(m[1], "''", "'")), sqlQuote(m[3]), c)})
			continue
		}
		return nil, fmt.Errorf("cannot translate statement: %s", oneLine(st))
	}
	return out, nil
}

// splitTopLevel splits s at the commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// duckEngine is a DuckDB engine of the TPC-H modes: "duckdb15" (node
// node/tpch.mjs) or "duckdb" (this program's -child duckdb-tpch).
type duckEngine struct {
	name    string
	argv    func(spec, report string) []string
	version string
	failed  string // why it cannot run
}

func newDuckEngines(cfg *config, repoRoot string, names []string) ([]*duckEngine, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var out []*duckEngine
	for _, name := range names {
		e := &duckEngine{name: name}
		switch name {
		case "duckdb":
			e.argv = func(spec, report string) []string {
				return []string{self, "-child", "duckdb-tpch", "-spec", spec, "-report", report}
			}
		case "duckdb15":
			script := filepath.Join(repoRoot, "bench", "duckdb", "node", "tpch.mjs")
			mods := filepath.Join(repoRoot, "bench", "duckdb", "node", "node_modules", "@duckdb", "node-api")
			if _, err := exec.LookPath(cfg.node); err != nil {
				e.failed = "node not found: " + err.Error()
			} else if _, err := os.Stat(mods); err != nil {
				e.failed = "bench/duckdb/node/node_modules/@duckdb/node-api missing: run (cd bench/duckdb/node && npm install)"
			}
			e.argv = func(spec, report string) []string { return []string{cfg.node, script, spec, report} }
		default:
			return nil, fmt.Errorf("engine %q is not a DuckDB engine", name)
		}
		out = append(out, e)
	}
	return out, nil
}

// runDuckQueries runs the queries in one child process of engine e: the
// setup statements (views), then each query in DuckDB's dialect, timed
// inside the process. It returns one tpchRun per query (wall: the query's
// seconds inside DuckDB) and the child's own run (wall time, peak RSS).
func runDuckQueries(cfg *config, e *duckEngine, setup []duckStmt, qs []tpchQ, work, tag string) ([]tpchRun, tpchRun, error) {
	spec := duckSpec{Threads: cfg.threads, Setup: setup}
	for _, q := range qs {
		st := duckStmt{Name: q.name, Out: filepath.Join(work, fmt.Sprintf("%s-%s-%s.csv", e.name, tag, q.name))}
		for i, s := range q.stmts {
			s = duckdbDialect(s)
			switch {
			case i < q.main:
				st.Pre = append(st.Pre, s)
			case i == q.main:
				st.SQL = s
			default:
				st.Post = append(st.Post, s)
			}
		}
		spec.Queries = append(spec.Queries, st)
	}
	specPath := filepath.Join(work, fmt.Sprintf("%s-%s-spec.json", e.name, tag))
	reportPath := filepath.Join(work, fmt.Sprintf("%s-%s-report.json", e.name, tag))
	b, _ := json.MarshalIndent(spec, "", "  ")
	if err := os.WriteFile(specPath, b, 0o644); err != nil {
		return nil, tpchRun{}, err
	}
	os.Remove(reportPath)
	proc := runProcess(cfg, e.argv(specPath, reportPath))
	var rep duckReport
	if rb, err := os.ReadFile(reportPath); err != nil {
		return nil, proc, fmt.Errorf("%s child failed: %s (no report: %v)", e.name, proc.err, err)
	} else if err := json.Unmarshal(rb, &rep); err != nil {
		return nil, proc, fmt.Errorf("%s child report %s: %v", e.name, reportPath, err)
	}
	if rep.Error != "" {
		return nil, proc, fmt.Errorf("%s: %s", e.name, rep.Error)
	}
	if len(rep.Queries) != len(qs) {
		return nil, proc, fmt.Errorf("%s: the report has %d queries, want %d (%s)", e.name, len(rep.Queries), len(qs), proc.err)
	}
	e.version = rep.Version
	runs := make([]tpchRun, len(qs))
	for i, st := range rep.Queries {
		r := tpchRun{wall: st.Seconds, err: st.Err}
		if r.err == "" {
			var err error
			if r.header, r.rows, err = readCSVFile(spec.Queries[i].Out); err != nil {
				r.err = "reading its answer: " + err.Error()
			}
		}
		if !cfg.keep {
			os.Remove(spec.Queries[i].Out)
		}
		runs[i] = r
	}
	return runs, proc, nil
}

// sqlcsvArgv is the command line of one sqlcsv query process: the schema
// script, then the query's text (Q15: its three statements) with -c.
func sqlcsvArgv(cfg *config, bin, schemaPath string, q *tpchQ) []string {
	argv := []string{bin, "--threads", strconv.Itoa(cfg.threads), "--format", "csv", "-f", schemaPath}
	if q != nil {
		argv = append(argv, "-c", strings.TrimSpace(q.text))
	}
	return argv
}

// buildSqlcsv builds cmd/sqlcsv from the work tree into work, unless
// -sqlcsv-bin names a binary. It returns the binary and a label.
func buildSqlcsv(cfg *config, repoRoot, work string) (string, string, error) {
	if cfg.sqlcsvBin != "" {
		bin, err := filepath.Abs(cfg.sqlcsvBin)
		return bin, "sqlcsv " + filepath.Base(bin), err
	}
	bin := filepath.Join(work, "sqlcsv")
	fmt.Printf("building sqlcsv: (cd %s && go build -o %s github.com/sqlcsv/sqlcsv/cmd/sqlcsv)\n", repoRoot, bin)
	cmd := exec.Command("go", "build", "-o", bin, "github.com/sqlcsv/sqlcsv/cmd/sqlcsv")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("building sqlcsv: %v\n%s", err, out)
	}
	return bin, "sqlcsv " + gitDescribe(repoRoot), nil
}

// tpchScaleOf infers the scale factor of the files in dir from customer's
// row count (150,000 per unit of scale).
func tpchScaleOf(dir string) (float64, error) {
	p := tpchFile(dir, "customer")
	if p == "" {
		return 0, fmt.Errorf("no customer.tbl in %s", dir)
	}
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	src, err := decompressed(f, p)
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return float64(n) / 150000, nil
}

func engineNames(cfg *config) []string {
	if !cfg.enginesSet {
		return []string{"sqlcsv", "duckdb15", "duckdb"}
	}
	return slices.Clone(cfg.engines)
}
