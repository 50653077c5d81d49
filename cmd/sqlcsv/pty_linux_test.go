//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sqlcsv/sqlcsv/bench/arcos"
)

// peakRSS is the peak resident set size of process pid, in bytes, from
// /proc/PID/status.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// largeTSV writes an ARCOS-like TSV of blocks×rows rows (one generated
// block of rows, repeated) and returns its path and size.
func largeTSV(t *testing.T, rows, blocks int) (string, int64) {
	t.Helper()
	var block bytes.Buffer
	if _, err := arcos.Generate(&block, arcos.Options{Rows: rows, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	header, body, _ := bytes.Cut(block.Bytes(), []byte("\n"))
	path := filepath.Join(t.TempDir(), "big.tsv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.Write(header)
	w.WriteByte('\n')
	for i := 0; i < blocks; i++ {
		w.Write(body)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, st.Size()
}

// maxSelectStarRSS bounds the peak RSS of the shell streaming SELECT *
// over a 359 MiB file with one worker.
const maxSelectStarRSS = 160 << 20

// SELECT * over a file far larger than the bound shows the capped table
// (the first and last 20 rows and the count), narrowed to the terminal's
// width, while the process's peak RSS stays a small fraction of the file.
func TestShellSelectStarLargeFile(t *testing.T) {
	const rows, blocks = 20000, 50
	path, size := largeTSV(t, rows, blocks)
	s := startPty(t, "--threads", "1", path)
	defer s.f.Close()
	s.expect("sqlcsv> ")
	s.send("SELECT * FROM big;\r")
	s.expect(fmt.Sprintf("(%d rows, 40 shown; 42 columns, ", rows*blocks))
	// Holding the result would take more than the file's 359 MiB. One
	// worker streams it in about 50 MiB (about 120 MiB under the race
	// detector, whose shadow memory grows with the heap).
	peak := peakRSS(t, s.cmd.Process.Pid)
	t.Logf("file %d MiB, peak RSS %d MiB", size>>20, peak>>20)
	if peak > maxSelectStarRSS {
		t.Errorf("peak RSS %d MiB over a %d MiB file, over the bound of %d MiB", peak>>20, size>>20, maxSelectStarRSS>>20)
	}
	out := s.output()
	table := out[strings.Index(out, "SELECT * FROM big;"):]
	var lines int
	for _, line := range strings.Split(table, "\r\n")[1:] {
		if strings.HasPrefix(line, "(") {
			break
		}
		lines++
		if n := utf8.RuneCountInString(line); n > ptyCols {
			t.Errorf("a line of %d runes on a terminal of %d: %q", n, ptyCols, line)
		}
	}
	// The name and type lines, the rule, 20 rows, the "…" row, 20 rows.
	if lines != 44 {
		t.Errorf("the table has %d lines, want 44:\n%s", lines, table)
	}
	s.send("\\q\r")
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the shell did not exit on \\q")
	}
	s.cmd.Wait()
}
