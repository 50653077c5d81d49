package pgwire

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlcsv/sqlcsv"
)

// authServer serves an empty DB with the given users and method.
func authServer(t *testing.T, method AuthMethod, users []User) string {
	t.Helper()
	db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	_, addr := runServer(t, Config{DB: db, Auth: method, Users: users})
	return addr
}

// Each method lets the right password in and keeps a wrong one, or an
// unknown user, out with SQLSTATE 28P01; the server goes on serving.
func TestAuthentication(t *testing.T) {
	// The verifier of password "s3cret" (salt "salt1234salt1234", 4096
	// iterations), as PostgreSQL stores it.
	sec, err := newSecretWithSalt("s3cret", []byte("salt1234salt1234"))
	if err != nil {
		t.Fatal(err)
	}
	users := []User{{Name: "ada", Password: "s3cret"}, {Name: "bob", Verifier: sec}}
	ctx := context.Background()
	for _, method := range []AuthMethod{AuthSCRAM, AuthMD5, AuthPassword} {
		us := users
		if method != AuthSCRAM {
			us = users[:1] // md5 and password need the clear password
		}
		addr := authServer(t, method, us)
		try := func(user, password string) error {
			conn, err := pgx.Connect(ctx, "postgres://"+user+":"+password+"@"+addr+"/db?sslmode=disable")
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			var n int
			return conn.QueryRow(ctx, "SELECT 41 + 1").Scan(&n)
		}
		if err := try("ada", "s3cret"); err != nil {
			t.Errorf("%s: the right password: %v", method, err)
		}
		if method == AuthSCRAM {
			if err := try("bob", "s3cret"); err != nil {
				t.Errorf("%s: a user with a stored verifier: %v", method, err)
			}
		}
		for _, bad := range [][2]string{{"ada", "wrong"}, {"nobody", "s3cret"}} {
			err := try(bad[0], bad[1])
			if pgCode(err) != "28P01" || !strings.Contains(err.Error(), `password authentication failed for user "`+bad[0]+`"`) {
				t.Errorf("%s: user %s with password %s: %v", method, bad[0], bad[1], err)
			}
		}
	}
	if _, err := NewServer(Config{DB: nil}); err == nil {
		t.Error("a server without a DB")
	}
}

// A users file holds clear passwords and SCRAM verifiers; a malformed
// line is an error naming it.
func TestReadUsers(t *testing.T) {
	users, err := ReadUsers(strings.NewReader("# users\nada:s3cret\n\nbob:SCRAM-SHA-256$4096:c2FsdA==$" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[0] != (User{Name: "ada", Password: "s3cret"}) || users[1].Name != "bob" || users[1].Password != "" {
		t.Errorf("users %+v", users)
	}
	for _, bad := range []string{"nopassword\n", "x:SCRAM-SHA-256$abc\n", ":pw\n"} {
		if _, err := ReadUsers(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Only loopback addresses count as loopback.
func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:5432": true, "[::1]:5432": true, "10.0.0.2:5432": false, "192.168.1.1:1": false} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := isLoopback(a); got != want {
			t.Errorf("%s: %v, want %v", addr, got, want)
		}
	}
}
