package sqlcsv_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// pgDB is a DB in PostgreSQL's dialect over trips.csv.
func pgDB(t *testing.T) *sqlcsv.DB {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "trips.csv"), []byte("city_id,km,name\n1,10,Ann\n3,7,bob\n1,5,Cy\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Root: dir, Dialect: sqlcsv.DialectPostgres})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Register(context.Background(), "trips", "trips.csv"); err != nil {
		t.Fatal(err)
	}
	return db
}

// In PostgreSQL's dialect queries take casts, $n placeholders (in any
// order, repeated), regular expressions, functions in FROM and ordered
// aggregates, and columns are named as PostgreSQL names them.
func TestDialectPostgres(t *testing.T) {
	db := pgDB(t)
	cols, got := queryAll(t, db, `SELECT km::text || 'km' AS d, count(*) FROM trips WHERE name ~* '^[ab]' GROUP BY 1 ORDER BY 1`)
	if strings.Join(got, " ") != "10km|1 7km|1" || strings.Join(cols, ",") != "VARCHAR,BIGINT" {
		t.Errorf("casts and ~*: %v %v", cols, got)
	}
	rows, err := db.Query(context.Background(), "SELECT count(*), max(km) FROM trips")
	if err != nil {
		t.Fatal(err)
	}
	if names := []string{rows.Columns()[0].Name, rows.Columns()[1].Name}; names[0] != "count" || names[1] != "max" {
		t.Errorf("column names %v, want PostgreSQL's [count max]", names)
	}
	rows.Close()
	_, got = queryAll(t, db, `SELECT name FROM trips WHERE km > $2 AND city_id = $1 OR km = $2 ORDER BY name`, int64(1), int64(7))
	if strings.Join(got, " ") != "Ann bob" {
		t.Errorf("$2, $1, $2: %v", got)
	}
	_, got = queryAll(t, db, `SELECT g, string_agg(name, '+' ORDER BY km DESC) FROM trips, generate_series(1, 2) AS g GROUP BY g ORDER BY g`)
	if strings.Join(got, " ") != "1|Ann+bob+Cy 2|Ann+bob+Cy" {
		t.Errorf("generate_series and string_agg: %v", got)
	}
	st, err := db.Prepare(`SELECT name FROM trips WHERE km > $2 AND city_id = $1`)
	if err != nil {
		t.Fatal(err)
	}
	if n := st.NumPlaceholders(); n != 2 {
		t.Errorf("NumPlaceholders %d, want 2", n)
	}
	ts, err := st.ParamTypes(context.Background())
	if err != nil || len(ts) != 2 || ts[0].ID != types.Bigint || ts[1].ID != types.Bigint {
		t.Errorf("ParamTypes %v %v", ts, err)
	}
	if _, err := st.Query(context.Background(), int64(1)); err == nil || !strings.Contains(err.Error(), "takes 2 arguments ($1 to $2), not 1") {
		t.Errorf("one argument of two: %v", err)
	}
}

// Errors are placed in the text as written, not as rewritten.
func TestDialectPostgresErrorPositions(t *testing.T) {
	db := pgDB(t)
	ctx := context.Background()
	_, err := db.Query(ctx, "SELECT km::text, nope::int FROM trips")
	var be *sqlcsv.BindError
	if !errors.As(err, &be) || be.SQL != "SELECT km::text, nope::int FROM trips" || be.Offset != 17 {
		t.Errorf("unknown column: %#v", err)
	}
	_, err = db.Query(ctx, "SELECT E'x' ||| 1")
	var pe *sqlcsv.ParseError
	if !errors.As(err, &pe) || pe.SQL != "SELECT E'x' ||| 1" || pe.Line != 1 || pe.Column != 15 {
		t.Errorf("syntax error: %#v", err)
	}
	_, err = db.Query(ctx, "SELECT 'open")
	if !errors.As(err, &pe) || pe.Offset != 7 || !strings.Contains(err.Error(), "unterminated") {
		t.Errorf("lexer error: %#v %v", err, err)
	}
	err = db.Script(ctx, "SELECT 1;\nSELECT nope::int FROM trips", func(string, *sqlcsv.Rows) error { return nil })
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "line 2, column 8") {
		t.Errorf("script: %v", err)
	}
}

// The database/sql driver takes dialect=postgres.
func TestDialectDSN(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte("a\n1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlcsv", "root="+dir+"&dialect=postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow(`SELECT sum(a::int) FROM "t.csv" WHERE a > $1`, 0).Scan(&n); err != nil || n != 3 {
		t.Errorf("sum %d, %v", n, err)
	}
	if _, err := sqlcsv.ParseDSN("dialect=oracle"); err == nil || !strings.Contains(err.Error(), `unknown SQL dialect "oracle"`) {
		t.Errorf("dialect=oracle: %v", err)
	}
}

// The server's array functions are not the library's: the error says so.
func TestDialectPostgresArraysHint(t *testing.T) {
	db := pgDB(t)
	_, err := db.Query(context.Background(), "SELECT array_agg(name) FROM trips")
	var be *sqlcsv.BindError
	if !errors.As(err, &be) || !strings.Contains(be.Hint, "sqlcsv serve provides") {
		t.Errorf("array_agg in the library: %v", err)
	}
}
