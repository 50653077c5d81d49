// Command arcosgen writes a deterministic ARCOS-like TSV file (see package
// github.com/sqlcsv/sqlcsv/bench/arcos).
//
// Usage:
//
//	go run ./bench/cmd/arcosgen -rows 1000000 -o arcos.tsv [-seed 1] [-crlf] [-no-final-newline]
//
// With -o - the file goes to standard output. A summary (rows, bytes,
// groups, MB/s) is printed to standard error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sqlcsv/sqlcsv/bench/arcos"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "number of data rows")
	out := flag.String("o", "", "output file, or - for standard output (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	crlf := flag.Bool("crlf", false, "end lines with CRLF instead of LF")
	noFinal := flag.Bool("no-final-newline", false, "omit the line end after the last row")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 || *rows < 0 {
		fmt.Fprintln(os.Stderr, "usage: arcosgen -rows N -o FILE|- [-seed S] [-crlf] [-no-final-newline]")
		os.Exit(2)
	}
	if err := run(*rows, *out, *seed, *crlf, *noFinal); err != nil {
		fmt.Fprintln(os.Stderr, "arcosgen:", err)
		os.Exit(1)
	}
}

func run(rows int, out string, seed uint64, crlf, noFinal bool) error {
	var w io.Writer = os.Stdout
	var f *os.File
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
		w = f
	}
	start := time.Now()
	st, err := arcos.Generate(w, arcos.Options{Rows: rows, Seed: seed, CRLF: crlf, NoFinalNewline: noFinal})
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	avg := 0.0
	if rows > 0 {
		header := len(strings.Join(arcos.Columns(), "\t")) + 1
		if crlf {
			header++
		}
		avg = float64(st.Bytes-int64(header)) / float64(rows) // data rows only
	}
	fmt.Fprintf(os.Stderr, "rows=%d bytes=%d (%.1f bytes/row) groups=%d time=%s speed=%.1f MB/s\n",
		st.Rows, st.Bytes, avg, len(st.Groups), el.Round(time.Millisecond), float64(st.Bytes)/1e6/el.Seconds())
	return nil
}
