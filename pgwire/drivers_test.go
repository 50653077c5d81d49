package pgwire

// Go drivers other than the pgx basics of server_test.go: parameters of
// each type through every pgx QueryExecMode, and lib/pq through
// database/sql (text parameters of unspecified type, errors with their
// SQLSTATE, a large streamed result, cancellation by context).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lib/pq"

	"github.com/sqlcsv/sqlcsv"
)

// paramCase is a query of trips with parameters, and the ids it finds.
type paramCase struct {
	query string
	args  []any
	want  string // ids, comma-separated
}

var paramCases = []paramCase{
	{"SELECT id FROM trips WHERE id = $1", []any{int64(2)}, "2"},
	{"SELECT id FROM trips WHERE id > $1 AND id < $2 ORDER BY id", []any{1, 4}, "2,3"},
	{"SELECT id FROM trips WHERE name = $1", []any{"Cy, Jr"}, "3"},
	{"SELECT id FROM trips WHERE name = $1 OR name = $2 ORDER BY id", []any{"Ada", "Dee"}, "1,4"},
	{"SELECT id FROM trips WHERE price > $1 ORDER BY id", []any{0.5}, "1,4"},
	{"SELECT id FROM trips WHERE price < $1 ORDER BY id", []any{-0.01}, "2"},
	{"SELECT id FROM trips WHERE flag = $1 ORDER BY id", []any{true}, "1,4"},
	{"SELECT id FROM trips WHERE flag = $1 ORDER BY id", []any{false}, "2"},
	{"SELECT id FROM trips WHERE amount IS NOT DISTINCT FROM $1", []any{nil}, "2"},
}

var pgxModes = []pgx.QueryExecMode{
	pgx.QueryExecModeCacheStatement,
	pgx.QueryExecModeCacheDescribe,
	pgx.QueryExecModeDescribeExec,
	pgx.QueryExecModeExec,
	pgx.QueryExecModeSimpleProtocol,
}

// Parameters of every type find the same rows through every pgx mode:
// prepared and described (pgx encodes by the described types, binary
// where it can), unprepared (Exec: types chosen by pgx) and interpolated
// into a simple query.
func TestPgxParameters(t *testing.T) {
	testPgxParameters(t, paramCases)
}

func testPgxParameters(t *testing.T, cases []paramCase) {
	conn := connect(t, serveTrips(t, 0).URL())
	ctx := context.Background()
	for _, mode := range pgxModes {
		for _, c := range cases {
			rows, err := conn.Query(ctx, c.query, append([]any{mode}, c.args...)...)
			if err != nil {
				t.Errorf("%v: %s %v: %v", mode, c.query, c.args, err)
				continue
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Errorf("%v: %s %v: %v", mode, c.query, c.args, err)
				continue
			}
			if got := joinIDs(ids); got != c.want {
				t.Errorf("%v: %s %v: ids %s, want %s", mode, c.query, c.args, got, c.want)
			}
		}
	}
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

// openPQ opens a database/sql DB with lib/pq on url.
func openPQ(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// lib/pq sends parameters as text of unspecified type (OID 0), in the
// extended protocol, and reads text results.
func TestLibpqParameters(t *testing.T) {
	db := testLibpqParameters(t, paramCases)
	testLibpqParametersRest(t, db)
}

func testLibpqParameters(t *testing.T, cases []paramCase) *sql.DB {
	db := openPQ(t, serveTrips(t, 0).URL())
	for _, c := range cases {
		rows, err := db.Query(c.query, c.args...)
		if err != nil {
			t.Errorf("%s %v: %v", c.query, c.args, err)
			continue
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s %v: %v", c.query, c.args, err)
		}
		rows.Close()
		if got := joinIDs(ids); got != c.want {
			t.Errorf("%s %v: ids %s, want %s", c.query, c.args, got, c.want)
		}
	}
	return db
}

func testLibpqParametersRest(t *testing.T, db *sql.DB) {
	// Every column type reads back through lib/pq's text decoding.
	var (
		id, amount int64
		name       string
		price      string
		d, ts      time.Time
		flag       bool
	)
	err := db.QueryRow("SELECT id, name, price, amount, d, ts, flag FROM trips WHERE id = $1", 1).Scan(&id, &name, &price, &amount, &d, &ts, &flag)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(id, "|", name, "|", price, "|", amount, "|", d.Format(time.DateOnly), "|", ts.Format("2006-01-02 15:04:05.999999999"), "|", flag)
	if want := "1|Ada|12.50|3|2024-02-29|2024-02-29 13:45:01.5|true"; got != want {
		t.Errorf("row 1 read %s, want %s", got, want)
	}
}

// Errors carry their SQLSTATE to pq.Error.Code, in both protocols, and
// the connection goes on.
func TestLibpqErrors(t *testing.T) {
	db := openPQ(t, serveTrips(t, 0).URL())
	db.SetMaxOpenConns(1) // one session throughout
	for _, c := range []struct {
		query string
		args  []any
		code  pq.ErrorCode
	}{
		{"SELECT 1 FROM nosuch", nil, "42P01"},
		{"SELECT nosuch FROM trips", nil, "42703"},
		{"SELEC 1", nil, "42601"},
		{"SELECT id / 0 FROM trips", nil, "22012"},
		{"SELECT id FROM trips WHERE id = $1", []any{"x"}, "22P02"},
		{"SELECT id FROM trips WHERE id = $1 / 0", []any{1}, "22012"},
		{"SELECT 1 FROM nosuch WHERE 1 = $1", []any{1}, "42P01"},
	} {
		rows, err := db.Query(c.query, c.args...)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		var pe *pq.Error
		if !errors.As(err, &pe) || pe.Code != c.code {
			t.Errorf("%s %v: %v, want SQLSTATE %s", c.query, c.args, err, c.code)
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM trips WHERE id > $1", 0).Scan(&n); err != nil || n != 4 {
			t.Errorf("after %s: %d, %v", c.query, n, err)
		}
	}
}

// A million rows stream through lib/pq, counted and summed exactly, by
// a simple query and by an extended one.
func TestLibpqLargeResult(t *testing.T) {
	const n = 1000000
	db := openPQ(t, serveFile(t, writeRows(t, n), sqlcsv.Options{Threads: 2, PartitionSize: 4 << 20}))
	for _, q := range []struct {
		query string
		args  []any
	}{
		{"SELECT i, s FROM big", nil},
		{"SELECT i, s FROM big WHERE k >= $1", []any{0}},
	} {
		rows, err := db.Query(q.query, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var count, sum int64
		for rows.Next() {
			var i int64
			var s string
			if err := rows.Scan(&i, &s); err != nil {
				t.Fatal(err)
			}
			if s != "row"+fmt.Sprint(i) {
				t.Fatalf("row %d: s = %q", i, s)
			}
			count++
			sum += i
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if count != n || sum != int64(n)*(n-1)/2 {
			t.Errorf("%s: %d rows summing to %d, want %d and %d", q.query, count, sum, n, int64(n)*(n-1)/2)
		}
	}
}

// Cancelling the context of a running query makes lib/pq send a
// CancelRequest: the query ends with SQLSTATE 57014 and the pool's
// connection goes on serving.
func TestLibpqCancel(t *testing.T) {
	e := serveTrips(t, 100000)
	db := openPQ(t, e.URL())
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		var n int64
		errc <- db.QueryRowContext(ctx, longQuery).Scan(&n)
	}()
	time.Sleep(500 * time.Millisecond)
	cancel()
	var err error
	select {
	case err = <-errc:
	case <-time.After(2 * time.Minute):
		t.Fatal("the query did not end on cancel")
	}
	var pe *pq.Error
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
		t.Fatalf("cancelled query: %v", err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM big WHERE k = $1", 1).Scan(&n); err != nil || n != 50000 {
		t.Fatalf("after the cancel: %d, %v", n, err)
	}
}
