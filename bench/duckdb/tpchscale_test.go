package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaleBelowOne generates SF 0.01 and checks it is dbgen -s 0.01's: the
// row counts, the first lineitem line, and every foreign key resolving.
//
// dbgen's state is global and not all of it is reset by InitDbGen (after
// TestTblLinesMatchGoTPC's rows, the same generation gives other lines), so
// the data are generated in a child process: this test binary run again
// with $TPCH_GEN_DIR set.
func TestScaleBelowOne(t *testing.T) {
	if dir := os.Getenv("TPCH_GEN_DIR"); dir != "" {
		if err := tpchGenerate(dir, 0.01, ""); err != nil {
			t.Fatal(err)
		}
		return
	}
	if testing.Short() {
		t.Skip("generates SF 0.01 (~15 s)")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleBelowOne$", "-test.v")
	cmd.Env = append(os.Environ(), "TPCH_GEN_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generating SF 0.01: %v\n%s", err, out)
	}
	// Each table's rows, split into fields.
	rows := map[string][][]string{}
	for _, table := range tpchTables {
		f, err := os.Open(filepath.Join(dir, table+".tbl"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasSuffix(line, "|") {
				t.Fatalf("%s: line %q does not end with |", table, line)
			}
			rows[table] = append(rows[table], strings.Split(strings.TrimSuffix(line, "|"), "|"))
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"customer": 1500, "orders": 15000, "lineitem": 60175, "part": 2000,
		"partsupp": 8000, "supplier": 100, "nation": 25, "region": 5}
	for table, n := range want {
		if len(rows[table]) != n {
			t.Errorf("%s: %d rows, want %d", table, len(rows[table]), n)
		}
	}
	if got := strings.Join(rows["lineitem"][0], "|"); got != "1|1552|93|1|17|24710.35|0.04|0.02|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN PERSON|TRUCK|egular courts above the" {
		t.Errorf("lineitem's first line is %q, not dbgen -s 0.01's", got)
	}
	// key returns the set of values of the given columns of table.
	key := func(table string, cols ...int) map[string]bool {
		set := map[string]bool{}
		for _, r := range rows[table] {
			var k []string
			for _, c := range cols {
				k = append(k, r[c])
			}
			set[strings.Join(k, "|")] = true
		}
		return set
	}
	for _, fk := range []struct {
		table   string
		cols    []int
		refers  string
		refCols []int
	}{
		{"nation", []int{2}, "region", []int{0}},
		{"supplier", []int{3}, "nation", []int{0}},
		{"customer", []int{3}, "nation", []int{0}},
		{"partsupp", []int{0}, "part", []int{0}},
		{"partsupp", []int{1}, "supplier", []int{0}},
		{"orders", []int{1}, "customer", []int{0}},
		{"lineitem", []int{0}, "orders", []int{0}},
		{"lineitem", []int{1, 2}, "partsupp", []int{0, 1}},
	} {
		refs := key(fk.refers, fk.refCols...)
		missing := 0
		for k := range key(fk.table, fk.cols...) {
			if !refs[k] {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%s%v -> %s%v: %d values do not resolve", fk.table, fk.cols, fk.refers, fk.refCols, missing)
		}
	}
	// Keys are unique.
	for _, pk := range []struct {
		table string
		cols  []int
	}{{"customer", []int{0}}, {"orders", []int{0}}, {"part", []int{0}}, {"supplier", []int{0}},
		{"partsupp", []int{0, 1}}, {"lineitem", []int{0, 3}}, {"nation", []int{0}}, {"region", []int{0}}} {
		if n := len(key(pk.table, pk.cols...)); n != len(rows[pk.table]) {
			t.Errorf("%s: %d distinct keys in %d rows", pk.table, n, len(rows[pk.table]))
		}
	}
}
