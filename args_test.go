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
