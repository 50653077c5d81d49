package pgwire

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// psql runs psql (the PostgreSQL 15 client) against e with -X (no psqlrc)
// and the given arguments.
func psql(t *testing.T, e endpoint, args ...string) clientResult {
	t.Helper()
	bin := need(t, "psql", "apt-get install postgresql-client")
	return runClient(t, e.libpqEnv(), bin, append([]string{"-X", "-v", "ON_ERROR_STOP=1"}, args...)...)
}

// psql prints query results, aligned and unaligned, as it does for
// PostgreSQL, against the real `sqlcsv serve`.
func TestPsqlQuery(t *testing.T) {
	e := serveBinary(t, filepath.Dir(writeTrips(t)), "trips.csv")
	expectOutput(t, "psql -A -t", psql(t, e, "-q", "-A", "-t", "-c", "SELECT id, name, price, flag FROM trips ORDER BY id"),
		"1|Ada|12.50|t\n"+
			"2|Bob|-0.07|f\n"+
			"3|Cy, Jr||\n"+
			"4|Dee|100.00|t\n")
	expectOutput(t, "psql aligned", psql(t, e, "-c", "SELECT * FROM trips WHERE id <> 3 ORDER BY id DESC"),
		" id | name | price  | amount |     d      |             ts             | flag \n"+
			"----+------+--------+--------+------------+----------------------------+------\n"+
			"  4 | Dee  | 100.00 |      1 | 2024-01-01 | 2024-01-01 00:00:00.000001 | t\n"+
			"  2 | Bob  |  -0.07 |        | 1999-12-31 | 1970-01-01 00:00:00        | f\n"+
			"  1 | Ada  |  12.50 |      3 | 2024-02-29 | 2024-02-29 13:45:01.5      | t\n"+
			"(3 rows)\n\n")
}

// \copy (query) to stdout sends COPY ... TO STDOUT and prints the CSV.
func TestPsqlCopyOut(t *testing.T) {
	e := serveTrips(t, 0)
	expectOutput(t, `psql \copy`, psql(t, e, "-q", "-c", `\copy (SELECT * FROM trips ORDER BY id) to stdout csv header`),
		"id,name,price,amount,d,ts,flag\n"+
			"1,Ada,12.50,3,2024-02-29,2024-02-29 13:45:01.5,t\n"+
			"2,Bob,-0.07,,1999-12-31,1970-01-01 00:00:00,f\n"+
			"3,\"Cy, Jr\",,7,,,\n"+
			"4,Dee,100.00,1,2024-01-01,2024-01-01 00:00:00.000001,t\n")
	// psql sends the query with a space between every token: count ( * ).
	expectOutput(t, `psql \copy of an aggregate`, psql(t, e, "-q", "-c", `\copy (SELECT flag, count(*), max(id) FROM trips GROUP BY flag ORDER BY 3) to stdout csv header`),
		"flag,count,max\n"+
			"f,1,2\n"+
			",1,3\n"+
			"t,2,4\n")
}

// A script goes on past a failed statement without ON_ERROR_STOP; errors
// print as their SQLSTATE (VERBOSITY sqlstate) so that the text of the
// engine's messages does not matter here.
func TestPsqlScriptErrors(t *testing.T) {
	e := serveTrips(t, 0)
	script := filepath.Join(t.TempDir(), "s.sql")
	os.WriteFile(script, []byte("\\set VERBOSITY sqlstate\n"+
		"SELECT 1 AS one; SELECT 2 AS two;\n"+
		"SELECT 1 FROM nosuch;\n"+
		"SELECT COUNT(*) FROM trips;\n"+
		"SELECT * FROM trips WHERE id = 1/0;\n"+
		"SHOW server_version;\n"), 0o644)
	bin := need(t, "psql", "apt-get install postgresql-client")
	res := runClient(t, e.libpqEnv(), bin, "-X", "-q", "-A", "-t", "-f", script)
	if res.code != 0 {
		t.Fatalf("psql exited %d: %s", res.code, res.stderr)
	}
	if want := "1\n2\n4\n15.18 (sqlcsv)\n"; res.stdout != want {
		t.Errorf("stdout\n%s\nwant\n%s", res.stdout, want)
	}
	if want := "psql:" + script + ":3: ERROR:  42P01\n" + "psql:" + script + ":5: ERROR:  22012\n"; res.stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", res.stderr, want)
	}
}

const longQuery = "SELECT COUNT(*) FROM big a JOIN big b ON a.k = b.k;" // 5e9 joined rows: runs until cancelled

// Ctrl-C in psql running a script (SIGINT) sends a CancelRequest: the
// query fails with "canceling statement due to user request", and psql,
// not being interactive, then stops the script with exit status 3, as it
// does against PostgreSQL. The server goes on serving.
func TestPsqlCancelScript(t *testing.T) {
	e := serveTrips(t, 100000)
	bin := need(t, "psql", "apt-get install postgresql-client")
	script := filepath.Join(t.TempDir(), "cancel.sql")
	// \warn goes to stderr unbuffered: once it is read, psql sends the
	// long query next.
	os.WriteFile(script, []byte("\\warn started\n"+longQuery+"\nSELECT 42;\n"), 0o644)
	cmd := exec.Command(bin, "-X", "-q", "-A", "-t", "-f", script)
	cmd.Env = append(os.Environ(), e.libpqEnv()...)
	var stdout bytes.Buffer
	stderr := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	waitFor(t, stderr, "started\n", exited)
	var err error
	for done := false; !done; {
		select {
		case err = <-exited:
			exited <- err
			done = true
		case <-time.After(500 * time.Millisecond):
			cmd.Process.Signal(syscall.SIGINT)
		case <-time.After(2 * time.Minute):
			t.Fatal("psql did not end after SIGINT")
		}
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 3 {
		t.Errorf("psql exited with %v, want exit status 3", err)
	}
	if want := "started\nCancel request sent\npsql:" + script + ":2: ERROR:  canceling statement due to user request\n"; stderr.String() != want {
		t.Errorf("stderr\n%s\nwant\n%s", stderr.String(), want)
	}
	if stdout.String() != "" {
		t.Errorf("stdout %q, want none", stdout.String())
	}
	expectOutput(t, "psql after the cancel", psql(t, e, "-q", "-A", "-t", "-c", "SELECT COUNT(*) FROM big WHERE k = 1"), "50000\n")
}

// Ctrl-C typed in an interactive psql (on a terminal) cancels the running
// query, and psql goes on to the next statement typed.
func TestPsqlCancelInteractive(t *testing.T) {
	e := serveTrips(t, 100000)
	bin := need(t, "psql", "apt-get install postgresql-client")
	cmd := exec.Command(bin, "-X", "-A", "-t", "-v", "PROMPT1=psql> ")
	cmd.Env = append(os.Environ(), append(e.libpqEnv(), "TERM=dumb", "PAGER=cat")...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
		tty.Close()
		<-copied
	}()
	waitFor(t, out, "psql> ", exited)
	tty.Write([]byte("\\warn started\n"))
	waitFor(t, out, "started", exited)
	tty.Write([]byte(longQuery + "\n"))
	waitFor(t, out, longQuery, exited)
	prompts := strings.Count(out.String(), "psql> ")
	// Ctrl-C once, and again only if psql has not answered in 5 s (as
	// when the signal came before psql sent the query): a spare Ctrl-C
	// at the prompt would eat the line typed next.
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(out.String(), "canceling statement due to user request") {
		if time.Now().After(deadline) {
			t.Fatalf("no cancel in\n%s", out.String())
		}
		tty.Write([]byte{3}) // Ctrl-C: the terminal sends psql SIGINT
		for wait := time.Now().Add(5 * time.Second); time.Now().Before(wait) && !strings.Contains(out.String(), "canceling statement"); {
			time.Sleep(20 * time.Millisecond)
		}
	}
	for !strings.HasSuffix(out.String(), "psql> ") || strings.Count(out.String(), "psql> ") == prompts {
		if time.Now().After(deadline) {
			t.Fatalf("no prompt after the cancel:\n%s", out.String())
		}
		waitFor(t, out, "psql> ", exited)
		time.Sleep(20 * time.Millisecond)
	}
	tty.Write([]byte("SELECT 40 + 2 AS answer;\n"))
	waitFor(t, out, "\n42\r\n", exited)
	tty.Write([]byte("\\q\n"))
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Errorf("psql: %v\n%s", err, out.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("psql did not quit:\n%s", out.String())
	}
	// The whole session, as typed and printed (the terminal's CRs dropped).
	got := strings.ReplaceAll(out.String(), "\r", "")
	for _, want := range []string{
		"started\n",
		"Cancel request sent\nERROR:  canceling statement due to user request\n",
		"SELECT 40 + 2 AS answer;\n42\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("session lacks %q:\n%s", want, got)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until out holds want, failing the test if the program
// exits first or a minute passes.
func waitFor(t *testing.T, out *syncBuffer, want string, exited chan error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), want) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("exited (%v) before printing %q:\n%s", err, want, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q in a minute:\n%s", want, out.String())
		}
	}
}
