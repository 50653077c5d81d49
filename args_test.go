package sqlcsv_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// csvDB opens a DB with the CSV content registered as table name (from
// the file name.csv of a fresh directory), closed when the test ends; it
// returns the DB and the file's path.
func csvDB(t *testing.T, name, content string) (*sqlcsv.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Register(context.Background(), name, path); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// queryAll runs a query and returns its column types and rows as text.
func queryAll(t *testing.T, db *sqlcsv.DB, sql string, args ...any) ([]string, []string) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var typs, out []string
	for _, c := range rows.Columns() {
		typs = append(typs, c.Type.String())
	}
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if rec == nil {
			return typs, out
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			var cells []string
			for c := 0; c < int(rec.NumCols()); c++ {
				cells = append(cells, cellText(rec.Column(c), i))
			}
			out = append(out, strings.Join(cells, "|"))
		}
		rec.Release()
	}
}

func cellText(a arrow.Array, i int) string {
	if a.IsNull(i) || a.DataType().ID() == arrow.NULL {
		return "NULL"
	}
	if ts, ok := a.(*array.Timestamp); ok {
		return time.UnixMicro(int64(ts.Value(i))).UTC().Format("2006-01-02 15:04:05.000000")
	}
	if d, ok := a.(*array.Decimal128); ok { // exactly, not through a float
		return string(types.AppendDecimal(nil, d.Value(i), int(d.DataType().(*arrow.Decimal128Type).Scale)))
	}
	return a.ValueStr(i)
}

// Placeholders take their argument's SQL type, a ? in a string is text,
// and quotes and backslashes in a string argument stay data.
func TestPlaceholders(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ts := time.Date(2024, 2, 29, 13, 4, 5, 123456000, time.UTC)
	typs, rows := queryAll(t, db, "SELECT ? AS i, ? AS f, ? AS s, ? AS b, ? AS t, ? AS n, '?' AS q, ? - 1 AS neg, ? AS u",
		int64(-5), 1.5, `it's a \ "?"`, true, ts, nil, -3, uint8(7))
	if got, want := strings.Join(typs, ","), "BIGINT,DOUBLE,VARCHAR,BOOLEAN,TIMESTAMP,NULL,VARCHAR,BIGINT,BIGINT"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	if want := `-5|1.5|it's a \ "?"|true|2024-02-29 13:04:05.123456|NULL|?|-4|7`; len(rows) != 1 || rows[0] != want {
		t.Errorf("rows %q, want %q", rows, want)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "n.csv")
	if err := os.WriteFile(path, []byte("a,b\n1,x\n2,y\n3,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := db.Prepare(fmt.Sprintf(`SELECT COUNT(*) FROM "%s" WHERE a > ? AND b = ?`, path))
	if err != nil {
		t.Fatal(err)
	}
	if st.NumPlaceholders() != 2 {
		t.Errorf("NumPlaceholders = %d, want 2", st.NumPlaceholders())
	}
	for _, c := range []struct {
		a    any
		b    string
		want string
	}{{0, "x", "2"}, {1, "x", "1"}, {1.5, "y", "1"}, {0, "z", "0"}} {
		rs, err := st.Query(context.Background(), c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := rs.Next(context.Background())
		if err != nil || rec == nil {
			t.Fatalf("a > %v AND b = %q: %v", c.a, c.b, err)
		}
		if got := rec.Column(0).ValueStr(0); got != c.want {
			t.Errorf("a > %v AND b = %q: %s, want %s", c.a, c.b, got, c.want)
		}
		rec.Release()
		rs.Close()
	}

	for _, c := range []struct {
		sql  string
		args []any
		want string
	}{
		{"SELECT ?, ?", []any{1}, "2 placeholder(s) (?) but 1 argument(s)"},
		{"SELECT 1", []any{1}, "0 placeholder(s) (?) but 1 argument(s)"},
		{"SELECT ?", []any{struct{}{}}, "cannot bind a struct {}"},
		{"SELECT ?", []any{uint64(1) << 63}, "past the BIGINT range"},
	} {
		_, err := db.Query(context.Background(), c.sql, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: %v, want an error containing %q", c.sql, c.args, err, c.want)
		}
	}
}

// A Decimal argument is an exact DECIMAL of its digits; a malformed one
// is an error naming it.
func TestDecimalArgument(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	typs, rows := queryAll(t, db, "SELECT ? AS a, ? AS b, ? + 0.001 AS c, ? AS d",
		sqlcsv.Decimal("12.50"), sqlcsv.Decimal("-0.125"), sqlcsv.Decimal("99999999999999999999999999999999999.1"), sqlcsv.Decimal(".5"))
	if got, want := strings.Join(typs, ","), "DECIMAL(4,2),DECIMAL(3,3),DECIMAL(38,3),DECIMAL(1,1)"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	if got, want := strings.Join(rows, "\n"), "12.50|-0.125|99999999999999999999999999999999999.101|0.5"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
	for _, bad := range []string{"", "-", "1.2.3", "1e5", "12a", strings.Repeat("9", 39)} {
		_, err := db.Query(context.Background(), "SELECT ?", sqlcsv.Decimal(bad))
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q is not a decimal number", bad)) {
			t.Errorf("Decimal(%q): error %v", bad, err)
		}
	}
}

// Stmt.Columns describes a statement's result without running it, with
// missing arguments taken as NULL, and nil for a statement without rows.
func TestStmtColumns(t *testing.T) {
	db, _ := csvDB(t, "t", "id,name,price\n1,a,1.5\n")
	ctx := context.Background()
	for _, c := range []struct {
		sql  string
		args []any
		want string
	}{
		{"SELECT id, name, price * 2 AS p, COUNT(*) AS n FROM t WHERE id > ? GROUP BY 1, 2, 3", nil, "id BIGINT, name VARCHAR, p DECIMAL(37,1), n BIGINT"},
		{"SELECT ? AS x, ? AS y", []any{int64(1)}, "x BIGINT, y NULL"},
		{"SET threads = 2", nil, ""},
	} {
		st, err := db.Prepare(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := st.Columns(ctx, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var got []string
		for _, col := range cols {
			got = append(got, col.Name+" "+col.Type.String())
		}
		if strings.Join(got, ", ") != c.want {
			t.Errorf("%s: columns %q, want %q", c.sql, strings.Join(got, ", "), c.want)
		}
	}
	st, err := db.Prepare("SELECT nope FROM t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Columns(ctx); err == nil || !strings.Contains(err.Error(), `column "nope" does not exist`) {
		t.Errorf("unknown column: %v", err)
	}
}

// ParamTypes infers each placeholder's type from its context, and leaves
// it unknown (NULL) where nothing decides.
func TestParamTypes(t *testing.T) {
	db, _ := csvDB(t, "t", "id,name,price,day\n1,a,1.5,2024-01-02\n")
	ctx := context.Background()
	for _, c := range []struct{ sql, want string }{
		{"SELECT * FROM t WHERE id = ? AND name = ? AND day > ? AND price < ?", "BIGINT VARCHAR DATE DECIMAL(18,1)"},
		{"SELECT ?, id + ?, ? || 'x' FROM t WHERE id IN (SELECT id FROM t WHERE name <> ?)", "NULL BIGINT VARCHAR VARCHAR"},
		{"SELECT 1", ""},
	} {
		st, err := db.Prepare(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := st.ParamTypes(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var got []string
		for _, ty := range ts {
			got = append(got, ty.String())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: %q, want %q", c.sql, strings.Join(got, " "), c.want)
		}
	}
}
