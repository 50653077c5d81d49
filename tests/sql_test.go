package tests

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/render"
)

// The SQL semantics suite reads tests/sql/*.test. A file is a list of
// records separated by blank lines:
//
//	# a comment
//	table people people.csv      (register testdata/people.csv as people)
//
//	query [rowsort]              (the SQL, then ----, then the rows)
//	SELECT id, name FROM people WHERE id < 3
//	----
//	1|Ann
//	2|Bob
//
//	error does not exist         (the SQL must fail with this text)
//	SELECT nope FROM people
//
//	statement                    (the SQL must succeed; its rows are ignored)
//	SET threads = 1
//
// Values print as the CLI prints them, NULL as NULL, separated by |.
// Every query runs under several configurations (one worker and one
// partition; several workers and partitions of a few dozen bytes; no
// decorrelation, so that every correlated subquery runs per outer row)
// and all must give the same rows. With -rewrite the expected rows are rewritten
// from what the engine returns: read the diff before committing it.

var rewrite = flag.Bool("rewrite", false, "rewrite the expected results of tests/sql/*.test")

type configuration struct {
	threads  int
	psize    int64
	disabled []string // optimizer rules
}

var configurations = []configuration{{1, 1 << 30, nil}, {3, 48, nil}, {2, 200, nil}, {2, 200, []string{"decorrelate"}}}

type record struct {
	kind    string // query, error, table
	args    []string
	sql     string
	want    []string
	line    int
	rowsort bool
}

func parseTestFile(t *testing.T, path string) []record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []record
	var cur *record
	inResult := false
	sc := bufio.NewScanner(f)
	n := 0
	flush := func() {
		if cur != nil {
			cur.sql = strings.TrimSpace(cur.sql)
			recs = append(recs, *cur)
			cur = nil
		}
		inResult = false
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur == nil && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == ""):
			continue
		case cur == nil:
			fields := strings.Fields(line)
			cur = &record{kind: fields[0], line: n}
			switch fields[0] {
			case "table":
				cur.args = fields[1:]
				flush()
			case "statement":
			case "query":
				for _, a := range fields[1:] {
					cur.rowsort = cur.rowsort || a == "rowsort"
				}
			case "error":
				cur.args = []string{strings.TrimSpace(strings.TrimPrefix(line, "error"))}
			default:
				t.Fatalf("%s:%d: unknown record %q", path, n, fields[0])
			}
		case strings.TrimSpace(line) == "":
			flush()
		case cur.kind == "query" && line == "----":
			inResult = true
		case inResult:
			cur.want = append(cur.want, line)
		default:
			cur.sql += line + "\n"
		}
	}
	flush()
	return recs
}

func TestSQLFiles(t *testing.T) {
	files, err := filepath.Glob("sql/*.test")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			recs := parseTestFile(t, file)
			got := runRecords(t, file, recs)
			if *rewrite {
				writeTestFile(t, file, recs, got)
			}
		})
	}
}

// runRecords runs a file's records under every configuration and returns
// the rows each query gave under the first.
func runRecords(t *testing.T, file string, recs []record) map[int][]string {
	results := map[int][]string{}
	ctx := context.Background()
	for ci, cfg := range configurations {
		db, err := sqlcsv.Open(sqlcsv.Options{Threads: cfg.threads, PartitionSize: cfg.psize, DisabledRules: cfg.disabled})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			where := fmt.Sprintf("%s:%d (threads=%d partition=%d disabled=%v)", file, r.line, cfg.threads, cfg.psize, cfg.disabled)
			switch r.kind {
			case "table":
				if err := db.Register(ctx, r.args[0], filepath.Join("testdata", r.args[1])); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
			case "statement":
				if _, err := collect(ctx, db, r.sql); err != nil {
					t.Errorf("%s: %v", where, err)
				}
			case "error":
				_, err := collect(ctx, db, r.sql)
				if err == nil {
					t.Errorf("%s: expected an error containing %q, got none", where, r.args[0])
				} else if !strings.Contains(err.Error(), r.args[0]) {
					t.Errorf("%s: error %q does not contain %q", where, err.Error(), r.args[0])
				}
			case "query":
				rows, err := collect(ctx, db, r.sql)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				if r.rowsort {
					sort.Strings(rows)
				}
				if ci == 0 {
					results[r.line] = rows
					if *rewrite {
						continue
					}
					if !equalLines(rows, r.want) {
						t.Errorf("%s:\n%s\ngot:\n%s\nwant:\n%s", where, r.sql, strings.Join(rows, "\n"), strings.Join(r.want, "\n"))
					}
				} else if !equalLines(rows, results[r.line]) {
					t.Errorf("%s: differs from the serial run:\n%s\ngot:\n%s\nserial:\n%s", where, r.sql,
						strings.Join(rows, "\n"), strings.Join(results[r.line], "\n"))
				}
			}
		}
		db.Close()
	}
	return results
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func collect(ctx context.Context, db *sqlcsv.DB, sql string) ([]string, error) {
	rows, err := db.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			out = append(out, formatRow(rec, i, "|"))
		}
		rec.Release()
	}
	return out, rows.Close()
}

// formatRow renders row i of rec as the CLI would, NULL as NULL, with line
// breaks inside values shown as \n.
func formatRow(rec arrow.Record, i int, sep string) string {
	parts := make([]string, rec.NumCols())
	for c := range parts {
		s, null := render.FormatValue(rec.Column(c), i)
		if null {
			s = "NULL"
		}
		parts[c] = strings.ReplaceAll(s, "\n", `\n`)
	}
	return strings.Join(parts, sep)
}

func writeTestFile(t *testing.T, file string, recs []record, got map[int][]string) {
	in, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(in), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		rows, ok := got[i+1]
		if !ok {
			continue
		}
		// Copy the query's SQL up to ----, replace the rows after it.
		for i+1 < len(lines) && lines[i+1] != "----" {
			i++
			out = append(out, lines[i])
		}
		i++
		out = append(out, "----")
		out = append(out, rows...)
		for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			i++
		}
	}
	if err := os.WriteFile(file, []byte(strings.Join(out, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %s (%d queries)", file, len(got))
}
