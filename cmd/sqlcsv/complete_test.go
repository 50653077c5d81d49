package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
)

// Tab completes keywords, tables and columns, the columns after
// "table.", and file paths inside quotes.
func TestComplete(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"people.csv", "pets.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("name,age\nAda,36\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Register(context.Background(), "people", filepath.Join(dir, "people.csv")); err != nil {
		t.Fatal(err)
	}
	c := completer{db: db}
	for _, tc := range []struct {
		line string
		want string // the endings offered, joined by |, then the length replaced
	}{
		{"SEL", "ECT 3"},
		{"select * fr", "om 2"},
		{"SELECT na", "me 2"},
		{"SELECT * FROM peo", "ple 3"},
		{"SELECT people.", "age|name 7"},
		{"SELECT people.a", "ge 8"},
		{"SELECT zz", " 2"},
		{`SELECT * FROM "` + dir + `/pe`, "ople.csv|ts.csv 2"},
		{`SELECT * FROM '` + dir + `/s`, "ub/ 1"},
	} {
		ends, n := c.Do([]rune(tc.line), len([]rune(tc.line)))
		var got []string
		for _, e := range ends {
			got = append(got, string(e))
		}
		if s := strings.Join(got, "|") + " " + strconv.Itoa(n); s != tc.want {
			t.Errorf("complete %q: %q, want %q", tc.line, s, tc.want)
		}
	}
}
