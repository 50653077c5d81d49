package pgdialect

import (
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/parser"
)

// FuzzRewrite checks that Rewrite and Classify never panic, that errors
// carry a position inside the text, and that a statement the engine's
// parser reads without Postgres-only syntax still parses after rewriting.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{
		"select 1", "select a, b from t where x = 'y' and z > 2 order by 1 limit 3",
		"select $1::int", "select E'a\\nb'", "select x from t where a ~ 'b' and c = ANY(ARRAY[1,2])",
		"select (a).b[1] from t", "select 'a''b', \"c\"\"d\" from t", "select $$x$$, $t$y$t$",
		"select /* /* */ */ 1 -- x", "SET x TO y; SHOW x; BEGIN READ ONLY; FETCH 2 FROM c",
		"select * from generate_series(1,3) as s(i)", "select a IS DISTINCT FROM b",
		"select cast(a as numeric(10,2)), b::regclass::text",
	} {
		f.Add(s)
	}
	for _, st := range loadCorpus(f) {
		f.Add(st.cmd.Text)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		_, _ = Classify(sql)
		res, err := Rewrite(sql)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Offset < 0 || e.Offset > len(sql) {
				t.Fatalf("Rewrite(%q): bad error %v", sql, err)
			}
			return
		}
		for k := 0; k <= len(res.SQL); k++ {
			if o := res.SourceOffset(k); o < 0 || o > len(sql) {
				t.Fatalf("SourceOffset(%d) = %d out of range", k, o)
			}
		}
		if _, err := parser.Parse(sql); err != nil || pgOnly(sql) {
			return
		}
		if _, err := parser.Parse(res.SQL); err != nil {
			t.Fatalf("%q parsed but its rewrite %q does not: %v", sql, res.SQL, err)
		}
	})
}

// pgOnly reports text whose meaning the two dialects read differently, so
// that parsing before rewriting says nothing.
func pgOnly(sql string) bool {
	for i := 1; i < len(sql); i++ {
		// MySQL reads 1a as a name, Postgres as 1 and a.
		if isDigit(sql[i-1]) && isIdentStart(sql[i]) {
			return true
		}
	}
	return strings.ContainsAny(sql, "\\$#?`[]:{}~") || strings.Contains(sql, "--") || strings.Contains(sql, "/*")
}
