package sqlcsv_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// database/sql: open with a root directory, query a file in it with a
// placeholder, scan the rows into Go values.
func Example_databaseSQL() {
	dir, _ := os.MkdirTemp("", "sqlcsv-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "sales.csv"), []byte("region,qty\neast,10\nwest,4\neast,3\n"), 0o644)

	db, err := sql.Open("sqlcsv", "root="+dir+"&threads=2")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(),
		`SELECT region, SUM(qty) FROM "sales.csv" WHERE qty > ? GROUP BY region ORDER BY region`, 3)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var total int64
		if err := rows.Scan(&region, &total); err != nil {
			panic(err)
		}
		fmt.Println(region, total)
	}
	if err := rows.Err(); err != nil {
		panic(err)
	}
	// Output:
	// east 10
	// west 4
}

// Every type scans into its Go type and into sql.Null*, and the column
// types say what a generic tool needs.
func TestDriverTypes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte("i,f,s,d,ts\n1,2.5,abc,2024-02-29,2024-02-29 13:04:05\n,,,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlcsv", "root="+dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := `SELECT i, CAST(f AS DOUBLE) AS f, s, d, ts, i > 0 AS b, CAST(f AS DECIMAL(10,2)) AS amount FROM "t.csv" ORDER BY i IS NULL`
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for _, ct := range cts {
		null, _ := ct.Nullable()
		desc = append(desc, fmt.Sprintf("%s %s %v %v", ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), null))
	}
	want := []string{"i BIGINT int64 true", "f DOUBLE float64 true", "s VARCHAR string true", "d DATE time.Time true",
		"ts TIMESTAMP time.Time true", "b BOOLEAN bool true", "amount DECIMAL string true"}
	if !reflect.DeepEqual(desc, want) {
		t.Errorf("column types\n%s\nwant\n%s", strings.Join(desc, "\n"), strings.Join(want, "\n"))
	}
	if p, s, ok := cts[6].DecimalSize(); !ok || p != 10 || s != 2 {
		t.Errorf("DECIMAL size %d, %d, %v; want 10, 2", p, s, ok)
	}
	// The first row into Go values, the second (all NULL) into sql.Null*.
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	var (
		i     int64
		f     float64
		s     string
		d, ts time.Time
		b     bool
		dec   string
	)
	if err := rows.Scan(&i, &f, &s, &d, &ts, &b, &dec); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%d %v %s %s %s %v %s", i, f, s, d.Format(time.DateOnly), ts.Format(time.DateTime), b, dec)
	if want := "1 2.5 abc 2024-02-29 2024-02-29 13:04:05 true 2.50"; got != want {
		t.Errorf("row 1: %s, want %s", got, want)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	var (
		ni   sql.NullInt64
		nf   sql.NullFloat64
		ns   sql.NullString
		nd   sql.NullTime
		nts  sql.NullTime
		nb   sql.NullBool
		ndec sql.NullString
	)
	if err := rows.Scan(&ni, &nf, &ns, &nd, &nts, &nb, &ndec); err != nil {
		t.Fatal(err)
	}
	if ni.Valid || nf.Valid || ns.Valid || nd.Valid || nts.Valid || nb.Valid || ndec.Valid {
		t.Errorf("row 2 should be all NULL: %v %v %v %v %v %v %v", ni, nf, ns, nd, nts, nb, ndec)
	}
	if rows.Next() {
		t.Error("a third row")
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	// A prepared statement, its placeholders counted and bound.
	st, err := db.Prepare(`SELECT COUNT(*) FROM "t.csv" WHERE s = ? OR i > ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int64
	if err := st.QueryRow("abc", 5).Scan(&n); err != nil || n != 1 {
		t.Errorf("prepared: %d, %v; want 1", n, err)
	}
	if err := st.QueryRow("zzz", 0).Scan(&n); err != nil || n != 1 {
		t.Errorf("prepared: %d, %v; want 1", n, err)
	}
	if _, err := st.Query("abc"); err == nil {
		t.Error("one argument for two placeholders: no error")
	}
}

// A DB with a root reads files inside it only, symbolic links followed.
func TestRoot(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "root")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(root, "sub", "in.csv"), filepath.Join(base, "out.csv")} {
		if err := os.WriteFile(p, []byte("a\n1\n2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(base, "out.csv"), filepath.Join(root, "link.csv")); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Root: root, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	count := func(name string) error {
		rows, err := db.Query(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM "%s"`, name))
		if err != nil {
			return err
		}
		defer rows.Close()
		rec, err := rows.Next(ctx)
		if err != nil {
			return err
		}
		defer rec.Release()
		if got := rec.Column(0).ValueStr(0); got != "2" {
			return fmt.Errorf("COUNT(*) = %s", got)
		}
		return nil
	}
	for _, ok := range []string{"sub/in.csv", filepath.Join(root, "sub", "in.csv"), "sub/../sub/in.csv"} {
		if err := count(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"../out.csv", filepath.Join(base, "out.csv"), "link.csv"} {
		err := count(bad)
		var nf *sqlcsv.TableNotFoundError
		if !errors.As(err, &nf) || !strings.Contains(err.Error(), "outside the root directory") {
			t.Errorf("%s: %v, want an error that it is outside the root", bad, err)
		}
	}
	if err := db.Register(ctx, "in", "sub/in.csv"); err != nil {
		t.Errorf("Register relative to the root: %v", err)
	}
	if err := db.Register(ctx, "out", "../out.csv"); err == nil {
		t.Error("Register outside the root: no error")
	}
}

// ParseDSN reads every setting, and names the bad ones.
func TestParseDSN(t *testing.T) {
	o, err := sqlcsv.ParseDSN("root=/data&threads=3&all_varchar=true&ignore_errors=1&null=NA&null=-&memory_limit=1048576")
	if err != nil {
		t.Fatal(err)
	}
	if o.Root != "/data" || o.Threads != 3 || !o.AllVarchar || !o.IgnoreErrors || strings.Join(o.NullStrings, ",") != "NA,-" || o.MemoryLimit != 1<<20 {
		t.Errorf("parsed %+v", o)
	}
	o, err = sqlcsv.ParseDSN("search_path=pg_catalog,+information_schema&search_path=extra&default_schema=public")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(o.SearchPath, "|"); got != "pg_catalog|information_schema|extra" || o.DefaultSchema != "public" {
		t.Errorf("search_path %q, default_schema %q; want pg_catalog|information_schema|extra and public", got, o.DefaultSchema)
	}
	for dsn, want := range map[string]string{
		"thread=2":          `unknown setting "thread"`,
		"threads=two":       `threads="two"`,
		"all_varchar=maybe": `all_varchar="maybe"`,
		"root=%zz":          "invalid URL escape",
	} {
		if _, err := sqlcsv.ParseDSN(dsn); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDSN(%q): %v, want an error containing %s", dsn, err, want)
		}
	}
	if _, err := sql.Open("sqlcsv", "root="+filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a root directory that does not exist: no error")
	}
}
