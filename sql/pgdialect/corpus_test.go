package pgdialect

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/parser"
)

// corpusFailures lists the corpus statements that are expected not to
// parse after rewriting, with why.
var corpusFailures = map[string]string{
	`q\q`:                                 "not SQL: pgcli's quit command was typed as a query",
	`select 1::int8 \bind 5 \g`:           "psql meta-commands on the line; psql sends select 1::int8",
	"SELECT s_p.nspname AS parentschema,": "array_agg(x ORDER BY y): TiDB parses ORDER BY only inside GROUP_CONCAT",
}

type corpusStmt struct {
	file string
	cmd  Command
}

func loadCorpus(t testing.TB) []corpusStmt {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	sort.Strings(files)
	var out []corpusStmt
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// psql meta-commands (\bind, \g, \q) that the capture kept on the
		// statement's line are not SQL.
		cmds, err := classifyLines(string(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cmds {
			out = append(out, corpusStmt{filepath.Base(f), c})
		}
	}
	return out
}

// classifyLines classifies a capture file, splitting out the statements
// that hold psql meta-commands so that one bad line does not fail the file.
func classifyLines(text string) ([]Command, error) {
	var out []Command
	var good strings.Builder
	flush := func() error {
		cmds, err := Classify(good.String())
		out = append(out, cmds...)
		good.Reset()
		return err
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.Contains(line, `\`) && !strings.HasPrefix(line, "--") && !strings.Contains(line, "E'") {
			if err := flush(); err != nil {
				return nil, err
			}
			out = append(out, Command{Kind: Query, Text: strings.TrimRight(strings.TrimSpace(line), ";")})
			continue
		}
		good.WriteString(line)
	}
	return out, flush()
}

func TestCorpus(t *testing.T) {
	stmts := loadCorpus(t)
	var before, after, queries int
	for _, s := range stmts {
		if _, err := parser.Parse(s.cmd.Text); err == nil {
			before++
		}
		if s.cmd.Kind != Query {
			after++
			continue
		}
		queries++
		res, err := Rewrite(s.cmd.Text)
		if err == nil {
			_, err = parser.Parse(res.SQL)
		}
		if err == nil {
			after++
			if testing.Verbose() {
				t.Logf("%s\n=>\n%s", s.cmd.Text, res.SQL)
			}
			continue
		}
		key := firstLine(s.cmd.Text)
		if why, ok := corpusFailures[key]; ok {
			t.Logf("%s: expected failure (%s): %s", s.file, why, key)
			continue
		}
		t.Errorf("%s: %v\n%s\n=>\n%s", s.file, err, s.cmd.Text, res.SQL)
	}
	t.Logf("%d statements (%d queries): %d parsed before rewriting, %d parse or are server commands after", len(stmts), queries, before, after)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
