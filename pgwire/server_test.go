package pgwire

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/sqlcsv/sqlcsv"
)

// testServer serves a DB over the files of dir on a loopback port, and
// returns the connection string.
func testServer(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: dir, Threads: 2}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := db.Register(ctx, "", path); err != nil {
			t.Fatal(err)
		}
	}
	_, addr := runServer(t, Config{DB: db})
	return "postgres://tester@" + addr + "/test?sslmode=disable"
}

// runServer serves cfg on a loopback port until the test ends, then
// closes the server and its DB; it returns the server and its address.
func runServer(t testing.TB, cfg Config) (*Server, string) {
	t.Helper()
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), ln) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		cfg.DB.Close()
	})
	return srv, ln.Addr().String()
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// pgCode is the SQLSTATE of a server error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

const coreCSV = "id,name,price,ratio,day,at,ok\n" +
	"1,Ada,12.50,0.25,2024-02-29,2024-02-29 13:45:01.5,true\n" +
	"2,Bob,-0.07,1e300,1999-12-31,1970-01-01 00:00:00,false\n" +
	"3,,,,,,\n"

// Every core type reads back exactly, through the simple protocol (text)
// and the extended one (pgx asks for binary int8, float8, numeric, date,
// timestamp and bool), NULLs included.
func TestCoreTypes(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	want := []string{
		"1|Ada|12.50|0.25|2024-02-29|2024-02-29 13:45:01.5|true",
		"2|Bob|-0.07|1e+300|1999-12-31|1970-01-01 00:00:00|false",
		"3|NULL|NULL|NULL|NULL|NULL|NULL",
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec} {
		rows, err := conn.Query(ctx, "SELECT id, name, price, ratio, day, at, ok FROM core ORDER BY id", mode)
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		var got []string
		for rows.Next() {
			var (
				id    int64
				name  *string
				price pgtype.Numeric
				ratio *float64
				day   pgtype.Date
				at    pgtype.Timestamp
				ok    *bool
			)
			if err := rows.Scan(&id, &name, &price, &ratio, &day, &at, &ok); err != nil {
				t.Fatalf("%v: scan: %v", mode, err)
			}
			cells := []string{fmt.Sprint(id), orNull(name), numericText(t, price), orNull(ratio), "NULL", "NULL", orNull(ok)}
			if day.Valid {
				cells[4] = day.Time.Format("2006-01-02")
			}
			if at.Valid {
				cells[5] = at.Time.Format("2006-01-02 15:04:05.999999")
			}
			got = append(got, strings.Join(cells, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v: got\n%s\nwant\n%s", mode, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		fields := rows.FieldDescriptions()
		var oids []string
		for _, f := range fields {
			oids = append(oids, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
		}
		if got, want := strings.Join(oids, " "), "id:20 name:25 price:1700 ratio:701 day:1082 at:1114 ok:16"; got != want {
			t.Errorf("%v: fields %s, want %s", mode, got, want)
		}
	}
}

// Integer literals and casts to int4 and int2 are those types, as in
// PostgreSQL, in text and binary; a value past the type's range fails
// with 22003 as PostgreSQL's int4 arithmetic does.
func TestSmallIntegers(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec} {
		rows, err := conn.Query(ctx, "SELECT 1, -2147483648, 2147483648, id::int4 AS i, id::smallint, 7::oid FROM core WHERE id = 2", mode)
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		var oids []string
		for _, f := range rows.FieldDescriptions() {
			oids = append(oids, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
		}
		if got, want := strings.Join(oids, " "), "?column?:23 ?column?:23 ?column?:20 i:23 id:21 oid:26"; got != want {
			t.Errorf("%v: fields %s, want %s", mode, got, want)
		}
		var one, min int32
		var big int64
		var i int32
		var small int16
		var oid uint32
		if !rows.Next() {
			t.Fatalf("%v: no row: %v", mode, rows.Err())
		}
		if err := rows.Scan(&one, &min, &big, &i, &small, &oid); err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		rows.Close()
		if one != 1 || min != -2147483648 || big != 2147483648 || i != 2 || small != 2 || oid != 7 {
			t.Errorf("%v: %d %d %d %d %d %d", mode, one, min, big, i, small, oid)
		}
		for sql, msg := range map[string]string{
			"SELECT 2147483647 + 1":               "integer out of range",
			"SELECT (id * 40000)::int2 FROM core": "smallint out of range",
		} {
			rows, err := conn.Query(ctx, sql, mode)
			if err == nil {
				for rows.Next() {
				}
				err = rows.Err()
			}
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != "22003" || pe.Message != msg {
				t.Errorf("%v: %s: %v, want 22003 %s", mode, sql, err, msg)
			}
		}
	}
}

func orNull[T any](p *T) string {
	if p == nil {
		return "NULL"
	}
	if f, ok := any(*p).(float64); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprint(*p)
}

func numericText(t *testing.T, n pgtype.Numeric) string {
	if !n.Valid {
		return "NULL"
	}
	v, err := n.Value()
	if err != nil {
		t.Fatal(err)
	}
	return v.(string)
}

// Errors carry PostgreSQL's SQLSTATEs and positions, and the session
// goes on after each.
func TestErrors(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	for _, c := range []struct {
		sql, code, msg string
		pos            int32
	}{
		{"SELEC 1", "42601", `syntax error at line 1, column 1 near "SELEC 1"`, 1},
		{"SELECT * FROM nosuch", "42P01", "", 0},
		{"SELECT nosuch FROM core", "42703", `column "nosuch" does not exist`, 8},
		{"SELECT id / 0 FROM core", "22012", "", 0},
		{"SELECT CAST('x' AS DATE)", "22P02", `"x" is not a valid DATE`, 8},
		{"SELECT id, COUNT(*) FROM core", "42803", `column "id" must appear in the GROUP BY clause or be used in an aggregate function`, 8},
		{"SELECT nosuchfunc(1)", "42883", "unknown function NOSUCHFUNC", 8},
		{"SELECT id, (SELECT name FROM core) FROM core", "21000", "more than one row returned by a subquery used as an expression", 0},
		{"SELECT id, (SELECT MAX(i.name) FROM core i WHERE i.id >= o.id GROUP BY i.id) FROM core o", "21000", "more than one row returned by a subquery used as an expression", 0},
	} {
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeDescribeExec} {
			rows, err := conn.Query(ctx, c.sql, mode)
			if err == nil {
				rows.Next()
				rows.Close()
				err = rows.Err()
			}
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Errorf("%s (%v): error %v, want SQLSTATE %s", c.sql, mode, err, c.code)
				continue
			}
			if pe.Code != c.code || (c.msg != "" && pe.Message != c.msg) || pe.Position != c.pos {
				t.Errorf("%s (%v): got %s %q at %d, want %s %q at %d", c.sql, mode, pe.Code, pe.Message, pe.Position, c.code, c.msg, c.pos)
			}
			var n int64
			if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM core").Scan(&n); err != nil || n != 3 {
				t.Fatalf("after %s: %d, %v", c.sql, n, err)
			}
		}
	}
}

// A simple query of several statements answers each; an error stops the
// rest; an empty query answers EmptyQueryResponse; a transaction block
// reports its status, fails on an error and ends with ROLLBACK.
func TestSimpleQueryFlow(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	pg := conn.PgConn()
	results, err := pg.Exec(ctx, "SELECT 1 AS a; SELECT 'x' AS b, 2 AS c;; SET application_name = 'tests'; SHOW application_name").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		var cells []string
		for _, row := range r.Rows {
			for _, v := range row {
				cells = append(cells, string(v))
			}
		}
		got = append(got, r.CommandTag.String()+":"+strings.Join(cells, ","))
	}
	if want := "SELECT 1:1|SELECT 1:x,2|SET:|SHOW:tests"; strings.Join(got, "|") != want {
		t.Errorf("results %s, want %s", strings.Join(got, "|"), want)
	}
	if v := pg.ParameterStatus("application_name"); v != "tests" {
		t.Errorf("application_name reported as %q", v)
	}
	// An error stops the statements after it.
	results, err = pg.Exec(ctx, "SELECT 1; SELECT 1/0; SET application_name = 'after'").ReadAll()
	if pgCode(err) != "22012" || len(results) != 1 || results[0].CommandTag.String() != "SELECT 1" {
		t.Errorf("error in the middle: %d results, %v", len(results), err)
	}
	if v := pg.ParameterStatus("application_name"); v != "tests" {
		t.Errorf("the statement after an error ran: application_name is %q", v)
	}
	// Empty.
	results, err = pg.Exec(ctx, " -- nothing\n ;").ReadAll()
	if err != nil || len(results) != 1 || results[0].CommandTag.String() != "" {
		t.Errorf("empty query: %v %v", results, err)
	}
	// Transaction status.
	status := func() byte { return pg.TxStatus() }
	if _, err := pg.Exec(ctx, "BEGIN READ ONLY").ReadAll(); err != nil || status() != 'T' {
		t.Fatalf("BEGIN: %v, status %c", err, status())
	}
	if _, err := pg.Exec(ctx, "SELECT * FROM nosuch").ReadAll(); pgCode(err) != "42P01" || status() != 'E' {
		t.Fatalf("error in a block: %v, status %c", err, status())
	}
	if _, err := pg.Exec(ctx, "SELECT 1").ReadAll(); pgCode(err) != "25P02" {
		t.Errorf("a query in a failed block: %v", err)
	}
	results, err = pg.Exec(ctx, "COMMIT").ReadAll()
	if err != nil || results[0].CommandTag.String() != "ROLLBACK" || status() != 'I' {
		t.Errorf("COMMIT of a failed block: %v %v, status %c", results, err, status())
	}
}

// SET, SHOW, RESET and DISCARD ALL, and the settings reported at startup.
func TestSettings(t *testing.T) {
	url := testServer(t, nil)
	conn := connect(t, url+"&application_name=app1&DateStyle=ISO")
	ctx := context.Background()
	pg := conn.PgConn()
	for name, want := range map[string]string{
		"server_version": ServerVersion, "client_encoding": "UTF8", "DateStyle": "ISO", "integer_datetimes": "on",
		"standard_conforming_strings": "on", "application_name": "app1", "TimeZone": "UTC", "server_encoding": "UTF8",
		"IntervalStyle": "postgres", "is_superuser": "on", "session_authorization": "tester",
		"default_transaction_read_only": "off", "in_hot_standby": "off",
	} {
		if got := pg.ParameterStatus(name); got != want {
			t.Errorf("%s reported as %q, want %q", name, got, want)
		}
	}
	show := func(name string) string {
		var v string
		if err := conn.QueryRow(ctx, "SHOW "+name, pgx.QueryExecModeSimpleProtocol).Scan(&v); err != nil {
			t.Fatalf("SHOW %s: %v", name, err)
		}
		return v
	}
	for _, c := range []struct{ set, name, want string }{
		{"SET search_path TO myschema, public", "search_path", "myschema, public"},
		{"SET SESSION statement_timeout = '5s'", "statement_timeout", "5s"},
		{"SET TIME ZONE 'Europe/Paris'", "TimeZone", "Europe/Paris"},
		{"SET my.custom = 42", "my.custom", "42"},
		{"SET extra_float_digits = 3", "extra_float_digits", "3"},
	} {
		if _, err := conn.Exec(ctx, c.set, pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatalf("%s: %v", c.set, err)
		}
		if got := show(c.name); got != c.want {
			t.Errorf("after %s: SHOW %s = %q, want %q", c.set, c.name, got, c.want)
		}
	}
	if got := pg.ParameterStatus("TimeZone"); got != "Europe/Paris" {
		t.Errorf("TimeZone reported as %q after SET", got)
	}
	if _, err := conn.Exec(ctx, "RESET TimeZone", pgx.QueryExecModeSimpleProtocol); err != nil || show("timezone") != "UTC" {
		t.Errorf("RESET TimeZone: %v", err)
	}
	if _, err := conn.Exec(ctx, "SET server_version = '9'", pgx.QueryExecModeSimpleProtocol); pgCode(err) != "55P02" {
		t.Errorf("SET server_version: %v", err)
	}
	if _, err := conn.Exec(ctx, "SHOW nosuch", pgx.QueryExecModeSimpleProtocol); pgCode(err) != "42704" {
		t.Errorf("SHOW nosuch: %v", err)
	}
	if _, err := conn.Exec(ctx, "DISCARD ALL", pgx.QueryExecModeSimpleProtocol); err != nil || show("search_path") != `"$user", public` {
		t.Errorf("DISCARD ALL: %v", err)
	}
}

// writeRows writes a CSV of n rows "i,k,s" (k = i mod 2) to a file in a
// fresh directory, and returns it.
func writeRows(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("i,k,s\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%d,%d,row%d\n", i, i%2, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// serveFile serves one registered file (and its directory as the root).
func serveFile(t *testing.T, path string, opts sqlcsv.Options) string {
	t.Helper()
	_, url := serveFileServer(t, path, opts)
	return url
}

// serveFileServer is serveFile, returning the server too.
func serveFileServer(t *testing.T, path string, opts sqlcsv.Options) (*Server, string) {
	t.Helper()
	opts.Root = filepath.Dir(path)
	db, err := sqlcsv.Open(DBOptions(opts))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Register(context.Background(), "", path); err != nil {
		t.Fatal(err)
	}
	srv, addr := runServer(t, Config{DB: db})
	return srv, "postgres://tester@" + addr + "/test?sslmode=disable"
}

// A CancelRequest cancels the running query with SQLSTATE 57014, and the
// session goes on.
func TestCancelRequest(t *testing.T) {
	url := serveFile(t, writeRows(t, 100000), sqlcsv.Options{Threads: 2})
	conn := connect(t, url)
	ctx := context.Background()
	errc := make(chan error, 1)
	go func() {
		// 5e9 joined rows: it runs until cancelled.
		var n int64
		errc <- conn.QueryRow(ctx, "SELECT COUNT(*) FROM big a JOIN big b ON a.k = b.k").Scan(&n)
	}()
	var err error
	for done := false; !done; {
		time.Sleep(50 * time.Millisecond)
		if cerr := conn.PgConn().CancelRequest(ctx); cerr != nil {
			t.Fatal(cerr)
		}
		select {
		case err = <-errc:
			done = true
		default:
		}
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
		t.Fatalf("cancelled query: %v", err)
	}
	var n int64
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM big WHERE k = 1").Scan(&n); err != nil || n != 50000 {
		t.Fatalf("after the cancel: %d, %v", n, err)
	}
}

// A large result streams: the client reads every row while the server's
// heap stays far below the result's size.
func TestLargeResultStreams(t *testing.T) {
	const n = 2000000
	path := writeRows(t, n)
	url := serveFile(t, path, sqlcsv.Options{Threads: 2, PartitionSize: 4 << 20})
	conn := connect(t, url)
	ctx := context.Background()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	rows, err := conn.Query(ctx, "SELECT i, s FROM big")
	if err != nil {
		t.Fatal(err)
	}
	var count, sum int64
	var bytes int
	for rows.Next() {
		var i int64
		var s string
		if err := rows.Scan(&i, &s); err != nil {
			t.Fatal(err)
		}
		count++
		sum += i
		bytes += 8 + len(s)
	}
	close(stop)
	<-sampled
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if count != n || sum != int64(n)*(n-1)/2 {
		t.Fatalf("read %d rows summing to %d, want %d and %d", count, sum, n, int64(n)*(n-1)/2)
	}
	t.Logf("result %d MiB, peak heap in use %d MiB", bytes>>20, peak.Load()>>20)
}

// queryStrings runs a query and returns its rows as "a|b" lines (NULL
// as NULL), through the simple protocol.
func queryStrings(t *testing.T, conn *pgx.Conn, sql string, args ...any) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		var cells []string
		for _, v := range vals {
			if v == nil {
				cells = append(cells, "NULL")
				continue
			}
			cells = append(cells, fmt.Sprint(v))
		}
		out = append(out, strings.Join(cells, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// The emulated catalog lists the DB's tables and columns, by qualified
// and unqualified names, and a view created through the server appears.
func TestCatalog(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{`SELECT c.relname, c.relkind::text, c.relnatts FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		  WHERE n.nspname = 'public' ORDER BY 1`, []string{"core|r|7"}},
		{`SELECT a.attname, a.atttypid, a.attnum, a.atttypmod FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		  WHERE c.relname = 'core' AND a.attnum > 0 ORDER BY a.attnum`, []string{
			"id|20|1|-1", "name|25|2|-1", "price|1700|3|1179654", "ratio|701|4|-1", "day|1082|5|-1", "at|1114|6|-1", "ok|16|7|-1"}},
		{`SELECT column_name, data_type, numeric_precision, numeric_scale, is_nullable FROM information_schema.columns
		  WHERE table_schema = 'public' AND table_name = 'core' ORDER BY ordinal_position`, []string{
			"id|bigint|64|0|YES", "name|text|NULL|NULL|YES", "price|numeric|18|2|YES", "ratio|double precision|53|NULL|YES",
			"day|date|NULL|NULL|YES", "at|timestamp without time zone|NULL|NULL|YES", "ok|boolean|NULL|NULL|YES"}},
		{`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public'`, []string{"core|BASE TABLE"}},
		{`SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname = 'public'`, []string{"public|core|sqlcsv"}},
		{`SELECT COUNT(*) FROM "public"."core"`, []string{"3"}},
		{`SELECT nspname FROM pg_namespace ORDER BY oid`, []string{"pg_catalog", "pg_toast", "public", "information_schema"}},
		{`SELECT datname FROM pg_database ORDER BY 1`, []string{"postgres", "template0", "template1", "test"}},
		// The template databases' privileges name the owner, the session's user.
		{`SELECT datname, datallowconn, datacl, pg_get_userbyid(datdba) FROM pg_database WHERE datistemplate ORDER BY 1`, []string{
			"template0|false|[=c/tester tester=CTc/tester]|tester", "template1|true|[=c/tester tester=CTc/tester]|tester"}},
		// pg_settings lists PostgreSQL 15's settings, with the session's values.
		{`SELECT name, setting, vartype FROM pg_settings WHERE name IN ('work_mem', 'DateStyle', 'application_name') ORDER BY 1`, []string{
			"DateStyle|ISO, MDY|string", "application_name||string", "work_mem|4096|integer"}},
		// PostgreSQL 15's built-in types, information_schema's domains off
		// the search path; reg* casts by name.
		{`SELECT typname, typtype::text, format_type(typbasetype, typtypmod), pg_type_is_visible(oid), typinput FROM pg_type
		  WHERE typname IN ('int4', 'yes_or_no', '_int4', 'trigger') ORDER BY 1`, []string{
			"_int4|b|-|true|array_in", "int4|b|-|true|int4in", "trigger|p|-|true|trigger_in", "yes_or_no|d|character varying(3)|false|domain_in"}},
		{`SELECT 'int4'::regtype::oid, 'integer[]'::regtype::oid, 'pg_catalog.array_in'::regproc::oid, 'character varying'::regtype::text`, []string{
			"23|1007|750|character varying"}},
	} {
		got := queryStrings(t, conn, c.sql)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", c.sql, got, c.want)
		}
	}
	// pg_settings shows what the session has set.
	if _, err := conn.Exec(context.Background(), "SET application_name = 'catalog test'"); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, conn, `SELECT setting FROM pg_settings WHERE name = 'application_name'`); strings.Join(got, "\n") != "catalog test" {
		t.Errorf("pg_settings after SET: %q", got)
	}
	// A table's system columns are listed, numbered below 0, as in
	// PostgreSQL.
	if got := queryStrings(t, conn, `SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'core'::regclass AND attnum < 0`); strings.Join(got, "") != "tableoid,cmax,xmax,cmin,xmin,ctid" {
		t.Errorf("system columns: %q", got)
	}
	// information_schema's relations are not on the search path.
	got := queryStrings(t, conn, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE pg_table_is_visible(c.oid) AND n.nspname <> 'pg_catalog' ORDER BY 1`)
	if want := "core"; strings.Join(got, "\n") != want {
		t.Errorf("visible relations outside pg_catalog: %q, want %q", got, want)
	}
	// A file table's size is its file's; a catalog relation's 0.
	got = queryStrings(t, conn, `SELECT pg_table_size('core'::regclass), pg_size_pretty(pg_total_relation_size(c.oid)), pg_table_size('pg_class'::regclass) FROM pg_class c WHERE relname = 'core'`)
	if want := fmt.Sprintf("%d|%d bytes|0", len(coreCSV), len(coreCSV)); strings.Join(got, "\n") != want {
		t.Errorf("sizes: %q, want %q", got, want)
	}
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "CREATE VIEW cheap AS SELECT id, price FROM core WHERE price < 1"); err != nil {
		t.Fatal(err)
	}
	got = queryStrings(t, conn, `SELECT relname, relkind::text FROM pg_class WHERE relnamespace = 2200 ORDER BY 1`)
	if want := "cheap|v\ncore|r"; strings.Join(got, "\n") != want {
		t.Errorf("after CREATE VIEW: %q, want %q", got, want)
	}
	// OIDs stay the same.
	before := queryStrings(t, conn, `SELECT oid FROM pg_class WHERE relname = 'core'`)
	if _, err := conn.Exec(ctx, "DROP VIEW cheap"); err != nil {
		t.Fatal(err)
	}
	after := queryStrings(t, conn, `SELECT oid FROM pg_class WHERE relname = 'core'`)
	if len(before) != 1 || before[0] != after[0] || before[0] != "16384" {
		t.Errorf("core's OID was %v, then %v; want 16384 both times", before, after)
	}
}

// Parameters ($n, in any order, repeated) bind with the types the
// client gives, in text and binary, through every pgx execution mode.
func TestParameters(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe,
		pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		// A time.Time for a DATE: PostgreSQL's date input takes a
		// timestamp; but in the simple protocol pgx writes it with a
		// zone, which the engine's DATE text does not take.
		var dayArg any = day
		if mode == pgx.QueryExecModeSimpleProtocol {
			dayArg = pgtype.Date{Time: day, Valid: true}
		}
		got := queryStrings(t, conn, `SELECT id, name FROM core WHERE (id = $2 OR name = $1 OR ok = $3) AND day > $4 ORDER BY id`,
			mode, "Ada", int64(2), false, dayArg)
		if want := "1|Ada"; strings.Join(got, "\n") != want {
			t.Errorf("%v: %q, want %q", mode, got, want)
		}
		var sum float64
		var label string
		if err := conn.QueryRow(ctx, `SELECT SUM(ratio) * $1, $2 || '!' FROM core WHERE price > $3`, mode, 2.0, "x", pgtype.Numeric{Int: big.NewInt(-1), Exp: -1, Valid: true}).Scan(&sum, &label); err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		if sum != 2*(0.25+1e300) || label != "x!" {
			t.Errorf("%v: %v %q", mode, sum, label)
		}
	}
}

// COPY (query) TO STDOUT streams text or CSV lines; DECLARE, FETCH and
// CLOSE page through a query inside a transaction block.
func TestCopyAndCursors(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	pg := conn.PgConn()
	for _, c := range []struct{ sql, want string }{
		{"COPY (SELECT id, name, price FROM core ORDER BY id) TO STDOUT", "1\tAda\t12.50\n2\tBob\t-0.07\n3\t\\N\t\\N\n"},
		{"COPY (SELECT id, name || ',x' AS n, '' AS e, ok FROM core ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)",
			"id,n,e,ok\n1,\"Ada,x\",\"\",t\n2,\"Bob,x\",\"\",f\n3,,\"\",\n"},
		{"COPY core (id, ok) TO STDOUT WITH CSV DELIMITER ';'", "1;t\n2;f\n3;\n"},
	} {
		var buf bytes.Buffer
		tag, err := pg.CopyTo(ctx, &buf, c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if buf.String() != c.want || tag.String() != "COPY 3" {
			t.Errorf("%s: %q (%s), want %q", c.sql, buf.String(), tag, c.want)
		}
	}
	if _, err := pg.CopyTo(ctx, io.Discard, "COPY core TO '/tmp/x.csv'"); pgCode(err) != "42601" {
		t.Errorf("COPY to a file: %v", err)
	}
	results, err := pg.Exec(ctx, "BEGIN; DECLARE c CURSOR FOR SELECT id FROM core ORDER BY id; FETCH 2 FROM c; FETCH NEXT FROM c; FETCH ALL IN c; CLOSE c; COMMIT").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		var vals []string
		for _, row := range r.Rows {
			vals = append(vals, string(row[0]))
		}
		got = append(got, r.CommandTag.String()+":"+strings.Join(vals, ","))
	}
	if want := "BEGIN:|DECLARE CURSOR:|FETCH 2:1,2|FETCH 1:3|FETCH 0:|CLOSE CURSOR:|COMMIT:"; strings.Join(got, "|") != want {
		t.Errorf("cursor: %s, want %s", strings.Join(got, "|"), want)
	}
	if _, err := pg.Exec(ctx, "DECLARE d CURSOR FOR SELECT 1").ReadAll(); pgCode(err) != "25P01" {
		t.Errorf("DECLARE outside a transaction block: %v", err)
	}
}

// A query past the DB's memory limit fails with SQLSTATE 53200, and the
// session goes on.
func TestMemoryLimitError(t *testing.T) {
	url := serveFile(t, writeRows(t, 200000), sqlcsv.Options{Threads: 1, MemoryLimit: 1 << 20})
	conn := connect(t, url)
	ctx := context.Background()
	var n int64
	err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT s, COUNT(*) FROM big GROUP BY s) g").Scan(&n)
	if pgCode(err) != "53200" {
		t.Fatalf("a GROUP BY past the limit: %v", err)
	}
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM big WHERE k = 0").Scan(&n); err != nil || n != 100000 {
		t.Fatalf("after: %d, %v", n, err)
	}
}

// Set-returning functions in FROM and in the select list, as PostgreSQL
// answers them, with PostgreSQL's column names and types.
func TestSetReturningFunctions(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	for _, c := range []struct {
		sql, cols string
		want      []string
	}{
		{`SELECT * FROM generate_series(1, 3)`, "generate_series:23", []string{"1", "2", "3"}},
		{`SELECT s.i * 2 FROM pg_catalog.generate_series(3, 1, -1) AS s(i)`, "?column?:23", []string{"6", "4", "2"}},
		{`SELECT unnest(current_schemas(true))`, "unnest:19", []string{"pg_catalog", "public"}},
		{`SELECT s.r, (current_schemas(false))[s.r] AS nspname FROM generate_series(1, array_upper(current_schemas(false), 1)) AS s(r)`,
			"r:23 nspname:19", []string{"1|public"}},
		{`SELECT x, u FROM (SELECT 7 AS x) t, unnest('{a,NULL,"b c"}'::text[]) u`, "x:23 u:25", []string{"7|a", "7|NULL", "7|b c"}},
		{`SELECT id, generate_series(1, id) AS g FROM core WHERE id < 3 ORDER BY 1, 2`, "id:20 g:20", []string{"1|1", "2|1", "2|2"}},
		{`SELECT c.relname, a.attname FROM pg_class c, generate_series(1, 2) k, pg_attribute a
		  WHERE c.relname = 'core' AND a.attrelid = c.oid AND a.attnum = k ORDER BY k`, "relname:19 attname:19", []string{"core|id", "core|name"}},
		{`SELECT generate_subscripts('{x,y,z}'::text[], 1) AS i`, "i:23", []string{"1", "2", "3"}},
		{`SELECT string_agg(attname, ', ') FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'core' AND a.attnum BETWEEN 1 AND 3`,
			"string_agg:25", []string{"id, name, price"}},
		// Ordered aggregates.
		{`SELECT array_agg(attname ORDER BY attnum DESC) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'core' AND a.attnum BETWEEN 1 AND 3`,
			"array_agg:1003", []string{"{price,name,id}"}},
		{`SELECT string_agg(name, '|' ORDER BY id DESC) FROM core`, "string_agg:25", []string{"Bob|Ada"}},
		// NULL elements are kept; elements with delimiters quoted.
		{`SELECT array_agg(name ORDER BY id), array_agg(name || ', x' ORDER BY id) AS q FROM core`, "array_agg:1009 q:1009",
			[]string{`{Ada,Bob,NULL}|{"Ada, x","Bob, x",NULL}`}},
		{`SELECT unnest((SELECT array_agg(attname ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 5)) AS a FROM pg_class c WHERE relname = 'core'`,
			"a:19", []string{"at", "ok"}},
	} {
		rows, err := conn.Query(context.Background(), c.sql, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var cols []string
		for _, f := range rows.FieldDescriptions() {
			cols = append(cols, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
		}
		var got []string
		for rows.Next() {
			vals := rows.RawValues()
			var cells []string
			for _, v := range vals {
				if v == nil {
					cells = append(cells, "NULL")
				} else {
					cells = append(cells, string(v))
				}
			}
			got = append(got, strings.Join(cells, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if strings.Join(cols, " ") != c.cols || strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\ngot  %s %q\nwant %s %q", c.sql, cols, got, c.cols, c.want)
		}
	}
}

// Cursors over the extended protocol (as psqlODBC and JDBC send them):
// DECLARE, FETCH (described with the cursor's columns, rows in the
// FETCH's formats, through every pgx mode that prepares) and CLOSE.
func TestCursorsExtendedProtocol(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec} {
		t.Run(mode.String(), func(t *testing.T) {
			conn := connect(t, url)
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, "DECLARE c CURSOR FOR SELECT id, name, price FROM core ORDER BY id", mode); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range []int{2, 2} {
				rows, err := tx.Query(ctx, fmt.Sprintf("FETCH %d FROM c", n), mode)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id int64
					var name *string
					var price pgtype.Numeric
					if err := rows.Scan(&id, &name, &price); err != nil {
						t.Fatal(err)
					}
					v, _ := price.Value()
					got = append(got, fmt.Sprintf("%d:%v:%v", id, deref(name), v))
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				got = append(got, rows.CommandTag().String())
			}
			if want := "1:Ada:12.50 2:Bob:-0.07 FETCH 2 3:<nil>:<nil> FETCH 1"; strings.Join(got, " ") != want {
				t.Errorf("fetched %q, want %q", strings.Join(got, " "), want)
			}
			if tag, err := tx.Exec(ctx, "CLOSE c", mode); err != nil || tag.String() != "CLOSE CURSOR" {
				t.Errorf("CLOSE: %v %v", tag, err)
			}
			if _, err := tx.Exec(ctx, "FETCH 1 FROM c", mode); pgCode(err) != "34000" {
				t.Errorf("FETCH from a closed cursor: %v", err)
			}
		})
	}
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// COPY TO STDOUT over the extended protocol: Describe answers NoData,
// Execute streams the copy.
func TestCopyExtendedProtocol(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	pg := conn.PgConn()
	fe := pg.Frontend()
	fe.Send(&pgproto3.Parse{Query: "COPY (SELECT id, name FROM core ORDER BY id) TO STDOUT WITH (FORMAT csv)"})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Describe{ObjectType: 'P'})
	fe.Send(&pgproto3.Execute{})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			got = append(got, strings.TrimSpace(string(m.Data)))
		case *pgproto3.CommandComplete:
			got = append(got, string(m.CommandTag))
		case *pgproto3.ErrorResponse:
			t.Fatalf("error %s: %s", m.Code, m.Message)
		default:
			got = append(got, fmt.Sprintf("%T", m)[len("*pgproto3."):])
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	want := "ParseComplete BindComplete NoData CopyOutResponse 1,Ada 2,Bob 3, CopyDone COPY 3 ReadyForQuery"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
}
