package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// Run as the command itself, for the tests that start it on a
	// pseudo-terminal (pty_test.go).
	if os.Getenv("SQLCSV_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	// The schema cache goes to the user cache directory: keep it out of
	// the user's home.
	dir, err := os.MkdirTemp("", "sqlcsv-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const cities = "city\tstate\tpop\nBoston\tMA\t675647\nWorcester\tMA\t206518\nAustin\tTX\t961855\nDallas\tTX\t1304379\n"

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestFormats(t *testing.T) {
	path := writeFile(t, "cities.tsv", cities)
	sql := "SELECT state, SUM(pop) AS pop, COUNT(*) AS n FROM cities GROUP BY state ORDER BY state"
	for _, tc := range []struct{ format, want string }{
		{"table", " state |   pop   | n \n-------+---------+---\n MA    |  882165 | 2\n TX    | 2266234 | 2\n(2 rows)\n"},
		{"csv", "state,pop,n\nMA,882165,2\nTX,2266234,2\n"},
		{"tsv", "state\tpop\tn\nMA\t882165\t2\nTX\t2266234\t2\n"},
		{"json", "[{\"state\":\"MA\",\"pop\":882165,\"n\":2},\n{\"state\":\"TX\",\"pop\":2266234,\"n\":2}]\n"},
	} {
		out, errOut, code := runCLI(t, "", "--format", tc.format, path, "-c", sql)
		if code != 0 || out != tc.want {
			t.Errorf("--format %s: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", tc.format, code, errOut, out, tc.want)
		}
	}
}

func TestScriptsAndStatementsWithoutRows(t *testing.T) {
	path := writeFile(t, "cities.tsv", cities)
	script := writeFile(t, "q.sql", "SET threads = 1;\nSELECT COUNT(*) AS n FROM cities;\nSELECT MAX(pop) AS m FROM cities WHERE state = 'MA';\n")
	// -f: SET prints nothing; each query's rows follow one another.
	out, errOut, code := runCLI(t, "", "--format", "csv", "-f", script, path)
	if code != 0 || out != "n\n4\nm\n675647\n" {
		t.Errorf("-f: exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	// Standard input when neither -c nor -f is given.
	out, errOut, code = runCLI(t, "SELECT city FROM cities WHERE pop > 1000000;", "--format", "csv", path)
	if code != 0 || out != "city\nDallas\n" {
		t.Errorf("stdin: exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	// A file named in the query, relative to the working directory.
	dir := filepath.Dir(path)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	out, _, code = runCLI(t, "", "--format", "tsv", "-c", `SELECT COUNT(*) FROM "cities.tsv"; SELECT COUNT(*) FROM `+"`cities.tsv`")
	if code != 0 || out != "COUNT(*)\n4\nCOUNT(*)\n4\n" {
		t.Errorf("path in query: exit %d, stdout %q", code, out)
	}
}

func TestErrorsGoToStderr(t *testing.T) {
	path := writeFile(t, "cities.tsv", cities)
	out, errOut, code := runCLI(t, "", path, "--format", "csv", "-c", "SELECT COUNT(*) FROM cities; SELECT cty FROM cities; SELECT 1")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	// The statements before the error ran; those after it did not.
	if out != "COUNT(*)\n4\n" {
		t.Errorf("stdout %q", out)
	}
	want := "Error: column \"cty\" does not exist (did you mean city?) (line 1, column 37)\n" +
		"  SELECT COUNT(*) FROM cities; SELECT cty FROM cities; SELECT 1\n" +
		"                                      ^\n"
	if errOut != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, want)
	}
	_, errOut, code = runCLI(t, "", "--format", "xml", "-c", "SELECT 1")
	if code != 2 || !strings.Contains(errOut, `unknown output format "xml" (valid formats: table, csv, tsv, json)`) {
		t.Errorf("bad format: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, "", "/no/such/file.csv", "-c", "SELECT 1")
	if code != 1 || !strings.Contains(errOut, "/no/such/file.csv") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
}

func TestThreadsAndPartitionFlags(t *testing.T) {
	path := writeFile(t, "cities.tsv", cities)
	for _, args := range [][]string{
		{"--threads", "1"},
		{"--threads", "3", "--partition-size", "16"},
		{"--partition-size", "1K"},
	} {
		a := append(append([]string{}, args...), "--format", "csv", path, "-c", "SELECT city FROM cities WHERE state = 'TX' ORDER BY pop DESC")
		out, errOut, code := runCLI(t, "", a...)
		if code != 0 || out != "city\nDallas\nAustin\n" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", args, code, errOut, out)
		}
	}
	if _, errOut, code := runCLI(t, "", "--partition-size", "lots", "-c", "SELECT 1"); code != 2 || !strings.Contains(errOut, `bad size "lots"`) {
		t.Errorf("bad size: exit %d, stderr %q", code, errOut)
	}
}

func TestScriptsRunInCommandLineOrder(t *testing.T) {
	f := writeFile(t, "s.sql", "SELECT 'from the file' AS src;")
	out, errOut, code := runCLI(t, "", "--format", "csv", "-f", f, "-c", "SELECT 'from -c' AS src", "-f", f)
	if code != 0 || out != "src\nfrom the file\nsrc\nfrom -c\nsrc\nfrom the file\n" {
		t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
	}
}

// --dialect postgres reads PostgreSQL's SQL, with errors placed in the
// text as written; an unknown dialect is a usage error.
func TestDialectFlag(t *testing.T) {
	path := writeFile(t, "cities.tsv", cities)
	out, errOut, code := runCLI(t, "", "--dialect", "postgres", "--format", "csv", path, "-c",
		"SELECT state, string_agg(city, '/' ORDER BY pop DESC), count(*) FROM cities WHERE city ~ 'o' GROUP BY state ORDER BY state::text")
	if code != 0 || out != "state,string_agg,count\nMA,Boston/Worcester,2\n" {
		t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	_, errOut, code = runCLI(t, "", "--dialect", "postgres", path, "-c", "SELECT pop::int, cty::text FROM cities")
	want := "Error: column \"cty\" does not exist (did you mean city?) (line 1, column 18)\n" +
		"  SELECT pop::int, cty::text FROM cities\n" +
		"                   ^\n"
	if code != 1 || errOut != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, errOut, want)
	}
	_, errOut, code = runCLI(t, "", "--dialect", "oracle", "-c", "SELECT 1")
	if code != 2 || !strings.Contains(errOut, `unknown SQL dialect "oracle" (mysql or postgres)`) {
		t.Errorf("bad dialect: exit %d, stderr %q", code, errOut)
	}
}
