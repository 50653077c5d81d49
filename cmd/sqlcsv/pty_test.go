//go:build linux || darwin

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/sqlcsv/sqlcsv/bench/arcos"
)

// ptySession runs the sqlcsv binary on a pseudo-terminal, as a user
// would, and collects what it prints.
type ptySession struct {
	t    *testing.T
	f    *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

// ptyCols is the width of the test terminal.
const ptyCols = 120

func startPty(t *testing.T, args ...string) *ptySession {
	t.Helper()
	// The test binary runs as the command (see TestMain).
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SQLCSV_TEST_AS_MAIN=1", "HOME="+t.TempDir())
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: ptyCols})
	if err != nil {
		t.Fatal(err)
	}
	s := &ptySession{t: t, f: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return s
}

// expect waits until the output holds want (up to a generous deadline,
// a bound on a hang rather than a timing assertion).
func (s *ptySession) expect(want string) {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		got := s.out.String()
		s.mu.Unlock()
		if strings.Contains(got, want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.Fatalf("the shell never printed %q; it printed:\n%s", want, s.out.String())
}

// sendUntil sends text every 200 ms until the output holds want.
func (s *ptySession) sendUntil(text, want string) {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		s.send(text)
		time.Sleep(200 * time.Millisecond)
		s.mu.Lock()
		got := strings.Contains(s.out.String(), want)
		s.mu.Unlock()
		if got {
			return
		}
	}
	s.t.Fatalf("the shell never printed %q", want)
}

// output is what the shell has printed so far.
func (s *ptySession) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func (s *ptySession) send(text string) {
	s.t.Helper()
	if _, err := s.f.Write([]byte(text)); err != nil {
		s.t.Fatal(err)
	}
}

// The real shell on a terminal: a query typed over two lines prints its
// table, a syntax error shows where it is, \d lists the tables, \timing prints a time, and \q ends the
// process.
func TestShellOnTerminal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(path, []byte("name,age\nAda,36\nAlan,41\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startPty(t, path)
	defer s.f.Close()
	s.expect("sqlcsv> ")
	s.send("SELECT name, age\r")
	s.expect("...> ")
	s.send("FROM people ORDER BY age DESC;\r")
	s.expect(" Alan    |     41")
	s.expect("(2 rows)")
	// A syntax error (FORM reads as an alias) is one block, with a caret under the bad token, and
	// the shell goes on.
	s.send("SELECT name FORM people;\r")
	s.expect("Error: syntax error at line 1, column 18 near \"people;\"\r\n  SELECT name FORM people;\r\n                   ^\r\n")
	s.send("\\d\r")
	s.expect(" people\r\n(1 row)")
	s.send("\\timing on\r")
	s.expect("Timing is on.")
	s.send("SELECT COUNT(*) FROM people;\r")
	s.expect("Time: ")
	s.send("\\q\r")
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the shell did not exit on \\q")
	}
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
}

// Ctrl-C during a long query cancels it and the shell goes on: the next
// query runs.
func TestShellCtrlCCancelsQuery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.tsv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := arcos.Generate(f, arcos.Options{Rows: 400000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s := startPty(t, "--threads", "1", path)
	defer s.f.Close()
	s.expect("sqlcsv> ")
	s.send("SELECT REPORTER_DEA_NO, BUYER_DEA_NO, TRANSACTION_ID, COUNT(*) FROM big GROUP BY 1, 2, 3 ORDER BY 4 DESC;\r")
	// Ctrl-C until the query says it was cancelled: one that comes
	// before the terminal leaves the line editor's raw mode is read as a
	// key, not as an interrupt of the query.
	s.sendUntil("\x03", "Error: query cancelled")
	s.expect("sqlcsv> ")
	time.Sleep(200 * time.Millisecond) // any Ctrl-C read as a key clears an empty line first
	s.send("SELECT 6 * 7 AS answer;\r")
	s.expect("     42")
	s.send("\x04") // Ctrl-D
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the shell did not exit on Ctrl-D")
	}
	s.cmd.Wait()
}
