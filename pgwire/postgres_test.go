package pgwire

// A real PostgreSQL 15, started by the tests that compare the server with
// it. Its binaries are found in Debian's
// /usr/lib/postgresql/15/bin (package postgresql) or on PATH. PostgreSQL
// refuses to run as root: as root, it runs as the user postgres (which
// the Debian package creates), or nobody.

import (
	"context"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresBin is the directory of initdb and postgres.
func postgresBin(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/postgres"); err == nil {
		return "/usr/lib/postgresql/15/bin"
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	t.Fatalf("PostgreSQL 15 is not installed (no /usr/lib/postgresql/15/bin, no initdb on PATH): apt-get install postgresql (.ci/run installs it)")
	return ""
}

// postgresCredential is whom postgres runs as: nil when not root.
func postgresCredential(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	t.Fatal("running as root and there is no user postgres or nobody to run PostgreSQL as")
	return nil
}

// startPostgres runs a fresh PostgreSQL 15 cluster (superuser tester,
// trust authentication, C locale, UTF8) on a free loopback port until the
// test ends, with a database test holding the table trips of tripsCSV.
func startPostgres(t *testing.T) endpoint {
	t.Helper()
	bin := postgresBin(t)
	cred := postgresCredential(t)
	dir, err := os.MkdirTemp("", "sqlcsv-postgres-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	asUser := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		return cmd
	}
	data := filepath.Join(dir, "data")
	if out, err := asUser("initdb", "-D", data, "-U", "tester", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := asUser("postgres", "-D", data, "-p", port, "-k", dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "TimeZone=UTC", "-c", "log_min_messages=fatal")
	logf, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("postgres did not stop on SIGINT")
		}
	})
	e := endpoint{Host: "127.0.0.1", Port: port}
	ctx := context.Background()
	admin := "postgres://tester@" + net.JoinHostPort(e.Host, e.Port) + "/postgres?sslmode=disable"
	var conn *pgx.Conn
	for deadline := time.Now().Add(time.Minute); ; {
		if conn, err = pgx.Connect(ctx, admin); err == nil {
			break
		}
		select {
		case err := <-exited:
			exited <- err
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("postgres exited: %v\n%s", err, log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("postgres not up in a minute: %v", err)
		}
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE test")
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err = pgx.Connect(ctx, e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, tripsDDL); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(tripsCSV), "COPY trips FROM STDIN WITH (FORMAT csv, HEADER true)"); err != nil {
		t.Fatal(err)
	}
	return e
}
