package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestQueryFilesAreGoTPCs checks bench/tpch/queries/qNN.sql against the
// queries of go-tpc v1.0.7 (tpch/query.go in the module cache): the same
// text but for the /*PLACEHOLDER*/ comments and the blank lines around.
func TestQueryFilesAreGoTPCs(t *testing.T) {
	dir, err := goTPCDir()
	if err != nil {
		t.Skip(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "tpch", "query.go"))
	if err != nil {
		t.Skip(err)
	}
	root, err := findRepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, m := range regexp.MustCompile("(?s)\\tq(\\d+) = `(.*?)`").FindAllStringSubmatch(string(src), -1) {
		n, _ := strconv.Atoi(m[1])
		want := strings.Trim(strings.ReplaceAll(m[2], "/*PLACEHOLDER*/ ", ""), "\n") + "\n"
		qs, err := loadTPCHQueries(root, []int{n}, false)
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].text != want {
			t.Errorf("%s differs from go-tpc's q%d:\n%s\nwant\n%s", qs[0].name, n, qs[0].text, want)
		}
		found++
	}
	if found != 22 {
		t.Fatalf("found %d queries in go-tpc's query.go, want 22", found)
	}
	// The variants: go-tpc's text with other parameters, so the same lines
	// but for a few.
	for _, n := range tpchVariants {
		qs, err := loadTPCHQueries(root, []int{n}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 2 {
			t.Fatalf("q%d: %d queries, want it and its variant", n, len(qs))
		}
		a, b := strings.Split(qs[0].text, "\n"), strings.Split(qs[1].text, "\n")
		differ := 0
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				differ++
			}
		}
		if len(a) != len(b) || differ == 0 || differ > 6 {
			t.Errorf("%s: %d lines, %d of them differ from %s's %d", qs[1].name, len(b), differ, qs[0].name, len(a))
		}
	}
}

// TestColumnKindsMatchGoTPCOutput checks tpchColumns against go-tpc's SF1
// answers (tpch/output/qN.out, MySQL's and TiDB's text): every value of a
// decS column has S decimals, int columns hold integers, date columns
// dates.
func TestColumnKindsMatchGoTPCOutput(t *testing.T) {
	dir, err := goTPCDir()
	if err != nil {
		t.Skip(err)
	}
	for n := 1; n <= 22; n++ {
		header, rows, err := goTPCAnswer(dir, n)
		if err != nil {
			t.Fatal(err)
		}
		kinds := strings.Fields(tpchColumns[n])
		if len(header) != len(kinds) {
			t.Errorf("q%d: %d columns in qN.out, %d kinds", n, len(header), len(kinds))
			continue
		}
		q := tpchQ{n: n, cols: kinds}
		got, err := tpchFormat(q, header, rows)
		if err != nil {
			t.Errorf("q%d: %v", n, err)
			continue
		}
		for i := range rows {
			for j := range rows[i] {
				if got[i][j] != rows[i][j] {
					t.Errorf("q%d row %d column %s: %s is not a %s", n, i+1, header[j], rows[i][j], kinds[j])
				}
			}
		}
	}
}

func TestDuckDBDialect(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"l_shipdate <= date_sub('1998-12-01', interval 108 day)", "l_shipdate <= (DATE '1998-12-01' - INTERVAL 108 DAY)"},
		{"o_orderdate < date_add('1995-01-01', interval '3' month)", "o_orderdate < (DATE '1995-01-01' + INTERVAL 3 MONTH)"},
		{"select 0.2 * avg(l_quantity)", "select 0.2 * CAST(avg(l_quantity) AS DECIMAL(38,6))"},
		{"avg(l_extendedprice) as avg_price", "avg(l_extendedprice) as avg_price"},
	} {
		if got := duckdbDialect(c.in); got != c.want {
			t.Errorf("duckdbDialect(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRoundDecimal(t *testing.T) {
	for _, c := range []struct {
		in    string
		scale int
		want  string // "" for an error
	}{
		{"17", 2, "17.00"},
		{"0", 4, "0.0000"},
		{"-1.5", 2, "-1.50"},
		{"123.45", 0, "123"},
		{"25.522006038", 6, "25.522006"},
		{"0.049985295838397614", 6, "0.049985"},
		{"16.579399367158754", 10, "16.5793993672"},
		{"3.8273129735e+04", 2, "38273.13"},
		{"-0.0000004", 6, "0.000000"},
		{"-2.0000006", 6, "-2.000001"},
		{"0.125", 2, ""},         // a DOUBLE exactly on a tie
		{"0.12500000001", 2, ""}, // within 1e-6 of a unit of one
		{"abc", 2, ""},
	} {
		got, err := roundDecimal(c.in, c.scale)
		if c.want == "" {
			if err == nil {
				t.Errorf("roundDecimal(%q, %d) = %q, want an error", c.in, c.scale, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("roundDecimal(%q, %d) = %q, %v; want %q", c.in, c.scale, got, err, c.want)
		}
	}
}

func TestTPCHCompareTies(t *testing.T) {
	q := tpchQ{n: 11, cols: []string{"int", "dec2"}, keys: []int{1}}
	want := [][]string{{"1", "9.00"}, {"2", "5.00"}, {"3", "5.00"}, {"4", "1.00"}}
	if d, _ := tpchCompare(q, [][]string{{"1", "9.00"}, {"3", "5.00"}, {"2", "5.00"}, {"4", "1.00"}}, want); d != "" {
		t.Errorf("rows of a tie swapped: %s", d)
	}
	if d, _ := tpchCompare(q, [][]string{{"2", "5.00"}, {"1", "9.00"}, {"3", "5.00"}, {"4", "1.00"}}, want); d == "" {
		t.Error("rows out of order passed")
	}
	if d, approx := tpchCompare(q, [][]string{{"1", "9"}, {"2", "5.000000000001"}, {"3", "5.00"}, {"4", "1.00"}}, want); d != "" || !approx {
		t.Errorf("DOUBLEs within 1e-9: %q, %v", d, approx)
	}
}

func TestParseCSVNulls(t *testing.T) {
	recs, err := parseCSV([]byte("a,b\n1,\n,\"\"\n\" x, \"\"y\"\"\",2\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"a", "b"}, {"1", nullText}, {nullText, ""}, {` x, "y"`, "2"}}
	if len(recs) != len(want) {
		t.Fatalf("got %q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: %q, want %q", i, recs[i], want[i])
		}
	}
	one, err := parseCSV([]byte("revenue\n\n"))
	if err != nil || len(one) != 2 || one[1][0] != nullText {
		t.Errorf("a one-column NULL row: %q, %v", one, err)
	}
	if got := string(csvLine([]string{"a", nullText, "", " b", "c,d"})); got != "a,,\"\",\" b\",\"c,d\"\n" {
		t.Errorf("csvLine: %q", got)
	}
}
