package main

import (
	"os"
	"strings"
	"testing"
)

func TestCompareTPCH(t *testing.T) {
	row := func(v ...string) [][]string { return [][]string{v} }
	for _, c := range []struct {
		a, b [][]string
		ref  bool
		ok   bool
	}{
		{row("A", "37734107"), row("A", "37734107.00"), false, true},
		{row("55909065222.82769"), row("55909065222.827692"), false, true},
		{row("75207768.1855"), row("123141078.2283"), false, false},
		{row("A"), row("B"), false, false},
		// MySQL's AVG of a DECIMAL(15,2) prints 6 decimals.
		{row("0.049985"), row("0.049985295838397614"), false, true},
		{row("0.049986"), row("0.049985295838397614"), false, false},
		// A short decimal is not taken as rounded: DuckDB prints 0.05 for 0.05.
		{row("0.05"), row("0.049985"), false, false},
		// References are rounded to their printed decimals.
		{row("0.05"), row("0.049985"), true, true},
		{row("25.522006"), row("25.522005853257337"), true, true},
		{row("1"), row("1", "2"), false, false},
		{row("1"), nil, false, false},
	} {
		if got := compareTPCH(c.a, c.b, c.ref) == ""; got != c.ok {
			t.Errorf("compareTPCH(%q, %q, %v): agree = %v, want %v", c.a, c.b, c.ref, got, c.ok)
		}
	}
}

// The DuckDB setup is schema.sql translated; every statement must translate.
func TestDuckDBSetupFromSchema(t *testing.T) {
	b, err := os.ReadFile("../tpch/schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	st, err := duckdbSetup(strings.ReplaceAll(string(b), "<DIR>", "/data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 16 {
		t.Fatalf("%d statements, want 8 CREATE TABLE and 8 loads", len(st))
	}
	for _, s := range st {
		if strings.Contains(strings.ToUpper(s.SQL), "PRIMARY KEY") {
			t.Errorf("%s: PRIMARY KEY left in %s", s.Name, s.SQL)
		}
	}
	want := "COPY lineitem FROM '/data/lineitem.tbl' (DELIMITER '|', HEADER false)"
	if got := st[15].SQL; got != want {
		t.Errorf("last statement %q, want %q", got, want)
	}
	for _, tbl := range tpchTables {
		found := false
		for _, s := range st {
			found = found || s.Name == "load "+tbl
		}
		if !found {
			t.Errorf("no load of %s", tbl)
		}
	}
}

func TestSplitSQL(t *testing.T) {
	got := splitSQL("-- a; comment\nSELECT 'x;y' AS \"a;b\"; /* c; */ SELECT 2;\n\n")
	want := []string{"SELECT 'x;y' AS \"a;b\"", "SELECT 2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitSQL: %q, want %q", got, want)
	}
}
