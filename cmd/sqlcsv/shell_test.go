package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chzyer/readline"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/render"
)

// scripted feeds the shell lines; "^C" stands for a Ctrl-C.
type scripted struct {
	lines   []string
	prompts []string
}

func (s *scripted) Readline() (string, error) {
	if len(s.lines) == 0 {
		return "", io.EOF
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	if l == "^C" {
		return "", readline.ErrInterrupt
	}
	return l, nil
}

func (s *scripted) SetPrompt(p string) { s.prompts = append(s.prompts, p) }

// runLines runs a shell over lines on a DB with table t registered, and
// returns its output, errors and prompts.
func runLines(t *testing.T, lines ...string) (string, string, []string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(path, []byte("a,b\n1,x\n2,y\n3,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Register(context.Background(), "t", path); err != nil {
		t.Fatal(err)
	}
	in := &scripted{lines: lines}
	var out, errs bytes.Buffer
	sh := newShell(db, in, &out, &errs, render.Table)
	sh.interrupt = func(ctx context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	sh.run(context.Background())
	return out.String(), errs.String(), in.prompts
}

// A statement over several lines runs at its ";", under the continuation
// prompt, and prints a table with the column types.
func TestShellMultiLineQuery(t *testing.T) {
	out, errs, prompts := runLines(t, "SELECT a,", "  b", "FROM t WHERE a > 1", "ORDER BY a;")
	want := "" +
		"   a    |    b    \n" +
		" BIGINT | VARCHAR \n" +
		"--------+---------\n" +
		"      2 | y\n" +
		"      3 | NULL\n" +
		"(2 rows)\n"
	if out != want || errs != "" {
		t.Errorf("output\n%s\nerrors %q\nwant\n%s", out, errs, want)
	}
	if got := strings.Join(prompts, "|"); got != "sqlcsv> |   ...> |   ...> |   ...> |sqlcsv> " {
		t.Errorf("prompts %q", got)
	}
}

// A ";" inside a string, a quoted name or a comment does not end the
// statement; two statements on one line both run.
func TestStatementEnds(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT 1;":                    true,
		"SELECT 1;  \n":                true,
		"SELECT ';'":                   false,
		"SELECT ';';":                  true,
		"SELECT 'it''s;'":              false,
		`SELECT "a;b" FROM t`:          false,
		"SELECT 1; -- done":            true,
		"SELECT 1 -- not done;":        false,
		"SELECT 1 /* ; */":             false,
		"SELECT 1 /* ; */;":            true,
		"SELECT 1; SELECT 2":           false,
		"SELECT 1; SELECT 2;":          true,
		"SELECT 'a\\';":                false,
		"SELECT 'open":                 false,
		"SELECT 1 /* open":             false,
		"SELECT 1;\n# a MySQL comment": true,
	} {
		if got := statementEnds(sql); got != want {
			t.Errorf("statementEnds(%q) = %v, want %v", sql, got, want)
		}
	}
}

// The meta-commands: \d, \d NAME, \timing, \x, \format, \o, \i, \q, an
// unknown one, and Ctrl-C clearing a half-typed statement.
func TestShellMetaCommands(t *testing.T) {
	dir := t.TempDir()
	outFile := filepath.Join(dir, "out.txt")
	script := filepath.Join(dir, "s.sql")
	if err := os.WriteFile(script, []byte("SELECT COUNT(*) AS n FROM t;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, _ := runLines(t,
		`\d`,
		`\d t`,
		"SELECT a FROM", "^C", // cleared: never runs
		`\x`, "SELECT a, b FROM t WHERE a = 3;", `\x`,
		`\format csv`, "SELECT a FROM t WHERE a < 3;", `\format table`,
		`\o `+outFile, "SELECT 42 AS answer;", `\o`,
		`\i `+script,
		`\timing on`, "SELECT 1 AS one;", `\timing off`,
		`\nope`,
		`\q`,
		"SELECT 'after quit';",
	)
	for _, want := range []string{
		"  name   \n VARCHAR \n---------\n t\n(1 row)\n",
		" column_name | column_type |  null   | type_source \n",
		" a           | BIGINT      | YES     | sniffed\n",
		"Expanded display is on.\n-[ RECORD 1 ]--\na | 3\nb | NULL\nExpanded display is off.\n",
		"Output format is csv.\na\n1\n2\nOutput format is table.\n",
		"   n    \n BIGINT \n--------\n      3\n(1 row)\n",
		"Timing is on.\n",
		"(1 row)\nTime: ",
		"Timing is off.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, absent := range []string{"answer", "after quit", "SELECT a FROM"} {
		if strings.Contains(out, absent) {
			t.Errorf("output has %q:\n%s", absent, out)
		}
	}
	if errs != "invalid command \\nope; try \\? for help\n" {
		t.Errorf("errors %q", errs)
	}
	b, err := os.ReadFile(outFile)
	if err != nil || !strings.Contains(string(b), "answer") || !strings.Contains(string(b), "42") {
		t.Errorf("\\o file: %q, %v", b, err)
	}
}

// A query error is printed and the shell goes on; a cancelled query says
// so and the next one runs.
func TestShellErrorsAndCancel(t *testing.T) {
	out, errs, _ := runLines(t, "SELECT nope FROM t;", "SELECT COUNT(*) AS n FROM t;")
	if !strings.Contains(errs, "Error: ") || !strings.Contains(errs, "nope") || !strings.Contains(out, "      3\n") {
		t.Errorf("output %q errors %q", out, errs)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "t.csv")
	os.WriteFile(path, []byte("a\n1\n"), 0o644)
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	defer db.Close()
	var o, e bytes.Buffer
	sh := newShell(db, &scripted{lines: []string{`SELECT COUNT(*) AS n FROM "` + path + `";`, `SELECT 7 AS seven;`}}, &o, &e, render.Table)
	first := true
	sh.interrupt = func(ctx context.Context) (context.Context, context.CancelFunc) {
		c, cancel := context.WithCancel(ctx)
		if first { // a Ctrl-C during the first query
			first = false
			cancel()
		}
		return c, cancel
	}
	start := time.Now()
	sh.run(context.Background())
	if e.String() != "Error: query cancelled\n" || !strings.Contains(o.String(), "     7\n") {
		t.Errorf("after a cancel: output %q errors %q (%v)", o.String(), e.String(), time.Since(start))
	}
}
