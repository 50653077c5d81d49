package tests

import (
	"bufio"
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/vector"
)

// writeInts writes a CSV of id,amount with integer amounts, except for the
// row bad, whose amount is badValue: deep in the file, between two of the
// places the sniffer samples.
func writeInts(t *testing.T, badValue string) (path string, bad int) {
	path = filepath.Join(t.TempDir(), "ints.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,amount")
	const rows = 1500000
	bad = 240000
	for i := 1; i <= rows; i++ {
		if i == bad {
			fmt.Fprintf(w, "%d,%s\n", i, badValue)
			continue
		}
		fmt.Fprintf(w, "%d,%d\n", i, i%1000)
	}
	w.Flush()
	f.Close()
	return path, bad
}

// TestWidening: a value that does not fit its column's sniffed type, deep
// in a file where no sample looked, widens the column and the query runs
// again transparently, under any number of threads; the corrected type is
// remembered and DESCRIBE shows it.
func TestWidening(t *testing.T) {
	ctx := context.Background()
	path, _ := writeInts(t, "2.5")
	// The exact sum: (0+1+...+999) per 1000 rows, minus the replaced value,
	// plus 2.5.
	var sum float64
	for i := 1; i <= 1500000; i++ {
		sum += float64(i % 1000)
	}
	sum = sum - float64(240000%1000) + 2.5
	for _, threads := range []int{1, 2} {
		db, _ := sqlcsv.Open(sqlcsv.Options{Threads: threads, PartitionSize: 1 << 20})
		got := queryText(t, ctx, db, fmt.Sprintf(`SELECT SUM(amount), COUNT(*) FROM "%s"`, path))
		if want := fmt.Sprintf("%s|1500000", strconv.FormatFloat(sum, 'f', -1, 64)); got != want {
			t.Errorf("threads=%d: got %s, want %s", threads, got, want)
		}
		if got := queryText(t, ctx, db, fmt.Sprintf(`DESCRIBE "%s"`, path)); got != "id|BIGINT|YES|sniffed\namount|DOUBLE|YES|widened" {
			t.Errorf("threads=%d: DESCRIBE after widening:\n%s", threads, got)
		}
	}
}

// TestWideningDecimal: a column sniffed as fixed-point (DECIMAL(18,2))
// widens to DOUBLE when a value deep in the file has more fraction digits,
// or more digits than 18.
func TestWideningDecimal(t *testing.T) {
	ctx := context.Background()
	for _, badValue := range []string{"2.125", "12345678901234567.25"} {
		path := filepath.Join(t.TempDir(), "prices.csv")
		var b strings.Builder
		b.WriteString("id,price\n")
		const rows, bad = 400000, 300000
		// The exact sum, rounded once to a double (the engine's sum is
		// compensated).
		exact := new(big.Rat)
		for i := 1; i <= rows; i++ {
			if i == bad {
				fmt.Fprintf(&b, "%d,%s\n", i, badValue)
				v, _ := new(big.Rat).SetString(badValue)
				exact.Add(exact, v)
				continue
			}
			fmt.Fprintf(&b, "%d,%d.25\n", i, i%1000)
			exact.Add(exact, big.NewRat(int64(i%1000)*4+1, 4))
		}
		sum, _ := exact.Float64()
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 1 << 20})
		if got := queryText(t, ctx, db, fmt.Sprintf(`DESCRIBE "%s"`, path)); got != "id|BIGINT|YES|sniffed\nprice|DECIMAL(18,2)|YES|sniffed" {
			t.Fatalf("%s: DESCRIBE before:\n%s", badValue, got)
		}
		got := queryText(t, ctx, db, fmt.Sprintf(`SELECT SUM(price), COUNT(*) FROM "%s"`, path))
		if want := fmt.Sprintf("%s|%d", string(vector.AppendFloat(nil, sum)), rows); got != want {
			t.Errorf("%s: got %s, want %s", badValue, got, want)
		}
		if got := queryText(t, ctx, db, fmt.Sprintf(`DESCRIBE "%s"`, path)); got != "id|BIGINT|YES|sniffed\nprice|DOUBLE|YES|widened" {
			t.Errorf("%s: DESCRIBE after widening:\n%s", badValue, got)
		}
	}
}

// TestWideningToText: a text value widens the column to VARCHAR; a query
// that then needs a number says why the column is text.
func TestWideningToText(t *testing.T) {
	ctx := context.Background()
	path, bad := writeInts(t, "12x")
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 1 << 20})
	if got := queryText(t, ctx, db, fmt.Sprintf(`SELECT COUNT(*), MAX(amount) FROM "%s" WHERE amount LIKE '%%x'`, path)); got != "1|12x" {
		t.Errorf("got %q", got)
	}
	_, err := collect(ctx, db, fmt.Sprintf(`SELECT SUM(amount) FROM "%s"`, path))
	want := fmt.Sprintf("SUM: argument 1 has type VARCHAR, expected a number")
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want an error containing %q", err, want)
	}
	// A fresh DB learns the type again, and says why SUM fails.
	db2, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 1 << 20})
	_, err = collect(ctx, db2, fmt.Sprintf(`SELECT SUM(amount) FROM "%s"`, path))
	reason := fmt.Sprintf("column amount of %s was read as BIGINT (guessed from a sample of the file) until line %d held \"12x\"; it is VARCHAR from now on; then: SUM: argument 1 has type VARCHAR", path, bad+1)
	if err == nil || !strings.HasPrefix(err.Error(), reason) {
		t.Fatalf("got %v, want prefix %q", err, reason)
	}
}

// TestWideningAfterRowsReturned: when rows have already streamed out, the
// query cannot be run again behind the caller's back: it fails saying so,
// and the next run reads the column as text.
func TestWideningAfterRowsReturned(t *testing.T) {
	ctx := context.Background()
	path, bad := writeInts(t, "12x")
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 1 << 20})
	_, err := collect(ctx, db, fmt.Sprintf(`SELECT amount FROM "%s"`, path))
	want := fmt.Sprintf("column amount of %s was read as BIGINT (guessed from a sample of the file) until line %d held \"12x\"; it is VARCHAR from now on, but rows were already returned with the old type: run the query again", path, bad+1)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	rows, err := collect(ctx, db, fmt.Sprintf(`SELECT amount FROM "%s"`, path))
	if err != nil || len(rows) != 1500000 || rows[bad-1] != "12x" {
		t.Fatalf("second run: %d rows, %v", len(rows), err)
	}
}

// TestFieldCountError names the line of a row with the wrong number of
// fields.
func TestFieldCountError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "short.tsv")
	if err := os.WriteFile(path, []byte("a\tb\tc\n1\t2\t3\n4\t5\n6\t7\t8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	_, err := collect(context.Background(), db, fmt.Sprintf(`SELECT a FROM "%s"`, path))
	want := path + ":3: the row has 2 fields, the header has 3"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want prefix %q", err, want)
	}
}

// TestWideningRemembered: with a schema cache, a fresh DB (the next run of
// the command) knows the widened type without reading the file again.
func TestWideningRemembered(t *testing.T) {
	ctx := context.Background()
	path, _ := writeInts(t, "2.5")
	cache := t.TempDir()
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, SchemaCacheDir: cache})
	if _, err := collect(ctx, db, fmt.Sprintf(`SELECT SUM(amount) FROM "%s"`, path)); err != nil {
		t.Fatal(err)
	}
	next, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, SchemaCacheDir: cache})
	if got := queryText(t, ctx, next, fmt.Sprintf(`DESCRIBE "%s"`, path)); got != "id|BIGINT|YES|sniffed\namount|DOUBLE|YES|widened" {
		t.Errorf("DESCRIBE in the next run:\n%s", got)
	}
	// A changed file is sniffed afresh.
	if err := os.WriteFile(path, []byte("id,amount\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, SchemaCacheDir: cache})
	if got := queryText(t, ctx, fresh, fmt.Sprintf(`DESCRIBE "%s"`, path)); got != "id|BIGINT|YES|sniffed\namount|BIGINT|YES|sniffed" {
		t.Errorf("DESCRIBE of the changed file:\n%s", got)
	}
}

// TestIgnoreErrors: with ignore_errors, broken rows (too few or too many
// fields, a value that misfits a declared type) are skipped, counted and
// written to the rejects file, in file order, whatever the partitioning;
// nothing is dropped silently.
func TestIgnoreErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ragged.csv")
	var b strings.Builder
	b.WriteString("a,b\n")
	var wantSum int
	for i := 1; i <= 3000; i++ {
		switch {
		case i%1000 == 7:
			fmt.Fprintf(&b, "%d\n", i) // too few fields
		case i%1000 == 500:
			fmt.Fprintf(&b, "%d,%d,extra\n", i, i) // too many
		default:
			fmt.Fprintf(&b, "%d,%d\n", i, i)
			wantSum += i
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// By default the first broken row stops the query.
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	if _, err := collect(ctx, db, fmt.Sprintf(`SELECT SUM(b) FROM "%s"`, path)); err == nil ||
		!strings.HasPrefix(err.Error(), path+":8: the row has 1 fields, the header has 2; column b has no value") {
		t.Fatalf("default: %v", err)
	}
	for _, ps := range []int64{1 << 30, 1000, 97} {
		rejects := filepath.Join(dir, fmt.Sprintf("rejects-%d.txt", ps))
		db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 3, PartitionSize: ps, IgnoreErrors: true, RejectsFile: rejects})
		rows, err := db.Query(ctx, fmt.Sprintf(`SELECT SUM(b), COUNT(*) FROM "%s"`, path))
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for {
			rec, err := rows.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rec == nil {
				break
			}
			got = formatRow(rec, 0, "|")
			rec.Release()
		}
		if want := fmt.Sprintf("%d|%d", wantSum, 3000-6); got != want {
			t.Errorf("partition %d: got %s, want %s", ps, got, want)
		}
		w := rows.Warnings()
		if len(w) != 1 || !strings.HasPrefix(w[0], "skipped 6 broken row(s) of") || !strings.HasSuffix(w[0], "; 6 written to "+rejects) {
			t.Errorf("partition %d: warnings %q", ps, w)
		}
		rows.Close()
		text, _ := os.ReadFile(rejects)
		want := strings.Join([]string{
			path + ":8: the row has 1 fields, the header has 2; column b has no value\t7",
			path + ":501: the row has 3 fields, the header has 2\t500,500,extra",
			path + ":1008: the row has 1 fields, the header has 2; column b has no value\t1007",
			path + ":1501: the row has 3 fields, the header has 2\t1500,1500,extra",
			path + ":2008: the row has 1 fields, the header has 2; column b has no value\t2007",
			path + ":2501: the row has 3 fields, the header has 2\t2500,2500,extra",
		}, "\n") + "\n"
		if string(text) != want {
			t.Errorf("partition %d: rejects file:\n%s\nwant:\n%s", ps, text, want)
		}
	}
}
