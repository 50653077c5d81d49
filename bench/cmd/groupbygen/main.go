// Command groupbygen writes the G1 table of the db-benchmark groupby task
// (h2oai/db-benchmark, now DuckDB Labs') as its groupby-datagen.R does for
// G1_<N>_<K>_0_0: same columns, same random numbers (R's generator is
// reproduced, see package github.com/sqlcsv/sqlcsv/bench/groupby), same
// fwrite text.
//
// Usage:
//
//	go run ./bench/cmd/groupbygen [-rows 10000000] [-k 100] [-seed 108] [-o FILE|-]
//
// Without -o the file is G1_<N>_<K>_0_0.csv in the current directory (the
// name db-benchmark gives it); with -o - it goes to standard output. A
// summary (rows, bytes, MB/s) is printed to standard error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sqlcsv/sqlcsv/bench/groupby"
)

func main() {
	rows := flag.Int("rows", 10_000_000, "number of data rows (N)")
	k := flag.Int("k", 100, "groups of id1, id2, id4 and id5 (K); id3 and id6 have N/K")
	out := flag.String("o", "", "output file, or - for standard output (default G1_<N>_<K>_0_0.csv)")
	seed := flag.Int("seed", groupby.DefaultSeed, "R's set.seed argument (db-benchmark uses 108)")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: groupbygen [-rows N] [-k K] [-seed S] [-o FILE|-]")
		os.Exit(2)
	}
	if *out == "" {
		*out = groupby.Name(*rows, *k) + ".csv"
	}
	if err := run(*out, groupby.Options{Rows: *rows, K: *k, Seed: int32(*seed)}); err != nil {
		fmt.Fprintln(os.Stderr, "groupbygen:", err)
		os.Exit(1)
	}
}

func run(out string, o groupby.Options) error {
	var w io.Writer = os.Stdout
	var f *os.File
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			return fmt.Errorf("creating the output: %w", err)
		}
		w = f
	}
	start := time.Now()
	st, err := groupby.Generate(w, o)
	if f != nil {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing %s: %w", out, cerr)
		}
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(os.Stderr, "%s: rows=%d bytes=%d time=%s speed=%.1f MB/s\n",
		out, st.Rows, st.Bytes, el.Round(time.Millisecond), float64(st.Bytes)/1e6/el.Seconds())
	return nil
}
