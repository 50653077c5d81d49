package main

import (
	"strconv"
	"strings"
	"testing"
)

func TestGBCheckSQL(t *testing.T) {
	q := gbQuestions[2] // q3
	if q.id != "q3" {
		t.Fatalf("gbQuestions[2] is %s", q.id)
	}
	got := gbCheckSQL(gbRender(q.sqlcsv, "`G1_1e7_1e2_0_0`"), q.measures)
	want := "SELECT COUNT(*) AS nr, SUM(v1) AS v1, SUM(v3) AS v3 FROM (" +
		"SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM `G1_1e7_1e2_0_0` GROUP BY id3) AS ans"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	q = gbQuestions[7] // q8: {x} inside its own subquery
	got = gbCheckSQL(gbRender(q.duckdb, "read_csv('/d/G1.csv')"), q.measures)
	want = "SELECT COUNT(*) AS nr, SUM(largest2_v3) AS largest2_v3 FROM (" +
		"SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3 " +
		"FROM read_csv('/d/G1.csv') WHERE v3 IS NOT NULL) sub_query WHERE order_v3 <= 2) AS ans"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestGBQuestions(t *testing.T) {
	if len(gbQuestions) != 10 {
		t.Fatalf("%d questions", len(gbQuestions))
	}
	for i, q := range gbQuestions {
		if q.id != "q"+strconv.Itoa(i+1) || q.sqlcsv == "" || q.duckdb == "" || len(q.measures) == 0 {
			t.Errorf("question %d: %+v", i, q)
		}
		for _, s := range []string{q.sqlcsv, q.duckdb} {
			if strings.Count(s, "{x}") != 1 {
				t.Errorf("%s: want one {x} in %s", q.id, s)
			}
			for _, m := range q.measures {
				if !strings.Contains(s, " AS "+m+" ") && !strings.Contains(s, " AS "+m+",") {
					t.Errorf("%s: measure %s is not a column of %s", q.id, m, s)
				}
			}
		}
		if q.id != "q6" && q.sqlcsv != q.duckdb {
			t.Errorf("%s: sqlcsv and DuckDB SQL differ", q.id)
		}
	}
	got, err := selectQuestions(" q10,q1")
	if err != nil || len(got) != 2 || got[0].id != "q10" || got[1].id != "q1" {
		t.Errorf("selectQuestions: %v, %v", got, err)
	}
	if _, err := selectQuestions("q11"); err == nil {
		t.Error("selectQuestions(q11): no error")
	}
}

func TestSQLCSVTableName(t *testing.T) {
	for path, want := range map[string]string{
		"/tmp/sqlcsv-bench/G1_1e7_1e2_0_0.csv": "G1_1e7_1e2_0_0",
		"G1_1e6_1e1_0_0.csv.gz":                "G1_1e6_1e1_0_0",
		"/x/plain":                             "plain",
	} {
		if got := sqlcsvTableName(path); got != want {
			t.Errorf("sqlcsvTableName(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestParseWrappedCheck(t *testing.T) {
	measures := []string{"v3", "count"}
	c, err := parseWrappedCheck([][]string{{"nr", "v3", "count"}, {"9999", "500370986.8527372", "10000000"}}, measures)
	if err != nil {
		t.Fatal(err)
	}
	if c.rows != 9999 || c.sums[0] != "500370986.8527372" || c.sums[1] != "10000000" {
		t.Errorf("got %+v", c)
	}
	if got := c.String(measures); got != "nr=9999 v3=500370986.8527372 count=10000000" {
		t.Errorf("String() = %q", got)
	}
	for _, recs := range [][][]string{
		{{"nr", "v3", "count"}},
		{{"nr", "v3", "count"}, {"1", "2"}},
		{{"nr", "v3", "count"}, {"x", "2", "3"}},
		{{"nr", "v3", "count"}, {"1", "2", "3"}, {"1", "2", "3"}},
	} {
		if _, err := parseWrappedCheck(recs, measures); err == nil {
			t.Errorf("parseWrappedCheck(%q): no error", recs)
		}
	}
}

func TestComputeCheck(t *testing.T) {
	answer := "id4,id5,median_v3,sd_v3\n1,1,2.5,\n1,2,0.25,1e-3\n2,1,1.25,2\n"
	c, err := computeCheck(strings.NewReader(answer), []string{"median_v3", "SD_V3"})
	if err != nil {
		t.Fatal(err)
	}
	if c.rows != 3 || c.sums[0] != "4" || c.sums[1] != "2.001" {
		t.Errorf("got %+v", c)
	}
	c, err = computeCheck(strings.NewReader("id1,v1\na,\nb,\n"), []string{"v1"})
	if err != nil || c.rows != 2 || c.sums[0] != "" || c.String([]string{"v1"}) != "nr=2 v1=NULL" {
		t.Errorf("all NULL: %+v, %v", c, err)
	}
	if _, err := computeCheck(strings.NewReader("id1,v1\na,1\n"), []string{"v2"}); err == nil || !strings.Contains(err.Error(), "no column v2") {
		t.Errorf("missing column: %v", err)
	}
	if _, err := computeCheck(strings.NewReader("id1,v1\na,one\n"), []string{"v1"}); err == nil {
		t.Error("non-number: no error")
	}
}

func TestCompareChecks(t *testing.T) {
	m := []string{"v1", "v3"}
	ref := &gbCheck{rows: 100, sums: []string{"3000297", "500393.4615026365"}}
	for _, c := range []struct {
		got  gbCheck
		want string
	}{
		{gbCheck{100, []string{"3000297", "500393.4615026365"}}, ""},
		// Other spellings of the same numbers.
		{gbCheck{100, []string{"3.000297e+06", "500393.46150263650"}}, ""},
		// Float rounding: 1e-12 relative.
		{gbCheck{100, []string{"3000297", "500393.4615026370"}}, ""},
		{gbCheck{101, []string{"3000297", "500393.4615026365"}}, "nr 101 vs 100"},
		// 1e-8 relative is more than rounding.
		{gbCheck{100, []string{"3000297", "500393.4665"}}, "v3 500393.4665 vs 500393.4615026365 (relative difference 1e-08)"},
		{gbCheck{100, []string{"3000298", ""}}, "v1 3000298 vs 3000297 (relative difference 3.3e-07); v3 NULL vs 500393.4615026365"},
		{gbCheck{100, []string{"x", "500393.4615026365"}}, `v1 "x" vs "3000297"`},
	} {
		if got := compareChecks(ref, &c.got, m); got != c.want {
			t.Errorf("compareChecks(%+v) = %q, want %q", c.got, got, c.want)
		}
	}
	nan := &gbCheck{rows: 1, sums: []string{"NaN", ""}}
	if got := compareChecks(nan, &gbCheck{rows: 1, sums: []string{"nan", ""}}, m); got != "" {
		t.Errorf("NaN and NULL: %q", got)
	}
}
