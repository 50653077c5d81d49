package main

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqlcsv/sqlcsv"
)

// completer completes the word before the cursor in the shell: a file
// path inside double or single quotes; after "name." the columns of table
// name; otherwise SQL keywords, table names and the tables' columns.
type completer struct{ db *sqlcsv.DB }

var sqlKeywords = []string{"SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET",
	"JOIN", "LEFT JOIN", "INNER JOIN", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "IS NULL", "IS NOT NULL",
	"LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "COUNT", "SUM", "AVG", "MIN", "MAX",
	"UNION", "UNION ALL", "EXCEPT", "INTERSECT", "WITH", "OVER", "PARTITION BY", "DESC", "ASC", "CAST",
	"EXPLAIN", "EXPLAIN ANALYZE", "DESCRIBE", "SHOW TABLES", "CREATE TABLE", "LOAD DATA", "SET"}

// Do implements readline.AutoCompleter: the endings of the candidates
// that start with the word before pos, and that word's length.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line[:pos])
	if q := openQuote(text); q >= 0 {
		return completePath(text[q+1:])
	}
	start := len(text)
	for start > 0 && isWordByte(text[start-1]) {
		start--
	}
	word := text[start:]
	var cands []string
	if dot := strings.LastIndexByte(word, '.'); dot > 0 {
		table := word[:dot]
		for _, col := range c.columns(table) {
			cands = append(cands, table+"."+col)
		}
	} else {
		lower := word != "" && word == strings.ToLower(word)
		for _, k := range sqlKeywords {
			if lower { // keywords in the case being typed
				k = strings.ToLower(k)
			}
			cands = append(cands, k)
		}
		for _, t := range c.tables() {
			cands = append(cands, t)
			cands = append(cands, c.columns(t)...)
		}
	}
	return endings(cands, word), len([]rune(word))
}

func isWordByte(b byte) bool {
	return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// openQuote is the position of the quote still open at the end of text,
// or -1.
func openQuote(text string) int {
	open := -1
	var q byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case open >= 0 && c == q:
			open = -1
		case open < 0 && (c == '"' || c == '\''):
			open, q = i, c
		}
	}
	return open
}

// endings are the rest of each candidate that starts with word, ignoring
// case, sorted and without duplicates.
func endings(cands []string, word string) [][]rune {
	seen := map[string]bool{}
	var out []string
	for _, c := range cands {
		if len(c) >= len(word) && strings.EqualFold(c[:len(word)], word) && !seen[c] {
			seen[c] = true
			out = append(out, c[len(word):])
		}
	}
	sort.Strings(out)
	rs := make([][]rune, len(out))
	for i, s := range out {
		rs[i] = []rune(s)
	}
	return rs
}

// completePath completes a partial file path: the entries of its
// directory that start with its last element (directories end with /).
func completePath(partial string) ([][]rune, int) {
	dir, base := filepath.Split(partial)
	entries, err := os.ReadDir(expandHome(orDot(dir)))
	if err != nil {
		return nil, 0
	}
	var cands []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		cands = append(cands, name)
	}
	var out [][]rune
	for _, c := range cands {
		if strings.HasPrefix(c, base) {
			out = append(out, []rune(c[len(base):]))
		}
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i]) < string(out[j]) })
	return out, len([]rune(base))
}

func orDot(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// tables are the registered tables' names.
func (c completer) tables() []string { return c.firstColumn("SHOW TABLES") }

// columns are a table's column names (none if it is unknown).
func (c completer) columns(table string) []string {
	return c.firstColumn(`DESCRIBE "` + strings.ReplaceAll(table, `"`, `""`) + `"`)
}

// firstColumn runs a statement and returns its first column as text.
func (c completer) firstColumn(sql string) []string {
	ctx := context.Background()
	rows, err := c.db.Query(ctx, sql)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for {
		row, err := rows.NextRow(ctx)
		if err != nil || row == nil {
			return out
		}
		if s, ok := row[0].(string); ok {
			out = append(out, s)
		}
	}
}
