package pgwire

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlcsv/sqlcsv"
)

// A client reads only files under the root: not by an absolute path, not
// by .., not through a symbolic link out of it.
func TestRootConfinement(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.csv")
	if err := os.WriteFile(secret, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ok.csv"), []byte("a\n1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "link.csv")); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: root}))
	if err != nil {
		t.Fatal(err)
	}
	_, addr := runServer(t, Config{DB: db})
	conn := connect(t, "postgres://tester@"+addr+"/test?sslmode=disable")
	rel, err := filepath.Rel(root, secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{secret, rel, "link.csv"} {
		var n int
		err := conn.QueryRow(context.Background(), `SELECT COUNT(*) FROM "`+name+`"`).Scan(&n)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42P01" || !strings.Contains(pe.Message, "is outside the root directory") {
			t.Errorf("%s: %v", name, err)
		}
	}
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT COUNT(*) FROM "ok.csv"`).Scan(&n); err != nil || n != 2 {
		t.Errorf("a file under the root: %d, %v", n, err)
	}
}

// statement_timeout (the server's, or the session's SET) cancels a long
// query with SQLSTATE 57014, and the session goes on.
func TestStatementTimeout(t *testing.T) {
	url := serveFile(t, writeRows(t, 100000), sqlcsv.Options{Threads: 2})
	conn := connect(t, url)
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "SET statement_timeout = '100ms'"); err != nil {
		t.Fatal(err)
	}
	var n int64
	err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM big a JOIN big b ON a.k = b.k").Scan(&n)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to statement timeout" {
		t.Fatalf("a query past the timeout: %v", err)
	}
	if _, err := conn.Exec(ctx, "RESET statement_timeout"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM big").Scan(&n); err != nil || n != 100000 {
		t.Fatalf("after the timeout: %d, %v", n, err)
	}
}

// Past MaxConnections sessions, a client is refused with SQLSTATE 53300;
// once one ends, the next is served.
func TestMaxConnections(t *testing.T) {
	db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	_, addr := runServer(t, Config{DB: db, MaxConnections: 1})
	url := "postgres://tester@" + addr + "/test?sslmode=disable"
	ctx := context.Background()
	first, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = pgx.Connect(ctx, url)
	if pgCode(err) != "53300" {
		t.Errorf("a second session: %v", err)
	}
	first.Close(ctx)
	// The first session ends asynchronously; the next connection is served
	// once it has.
	var second *pgx.Conn
	for i := 0; i < 1000 && second == nil; i++ {
		time.Sleep(10 * time.Millisecond)
		second, err = pgx.Connect(ctx, url)
		if err != nil && pgCode(err) != "53300" {
			t.Fatal(err)
		}
	}
	if second == nil {
		t.Fatal("no session was served after the first ended")
	}
	second.Close(ctx)
}
