package tests

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
)

// TestBadValueError: a value that does not fit its column's sniffed type,
// deep in a file where no sample looked, stops the query with the file,
// line, column, value and a hint, under any number of threads.
func TestBadValueError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ints.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,amount")
	const rows, bad = 1500000, 240000 // the bad row sits between two samples
	for i := 1; i <= rows; i++ {
		if i == bad {
			fmt.Fprintf(w, "%d,12x\n", i)
			continue
		}
		fmt.Fprintf(w, "%d,%d\n", i, i%1000)
	}
	w.Flush()
	f.Close()
	for _, threads := range []int{1, 2} {
		db, _ := sqlcsv.Open(sqlcsv.Options{Threads: threads, PartitionSize: 1 << 20})
		_, err := collect(context.Background(), db, fmt.Sprintf(`SELECT SUM(amount) FROM "%s"`, path))
		if err == nil {
			t.Fatal("no error for the bad value")
		}
		want := fmt.Sprintf("%s:%d: column amount: value does not fit the column's type BIGINT (value \"12x\")\n"+
			"hint: the type BIGINT of amount was guessed from a sample of the file; read every column as text (sqlcsv --all-varchar, SET all_varchar = 1, or Options.AllVarchar) and CAST the values you need", path, bad+1)
		if err.Error() != want {
			t.Errorf("threads=%d: error\n%s\nwant\n%s", threads, err, want)
		}
	}
	// With every column read as text, the query runs and the bad value
	// can be dealt with in SQL.
	db, _ := sqlcsv.Open(sqlcsv.Options{Threads: 2, AllVarchar: true})
	got, err := collect(context.Background(), db, fmt.Sprintf(`SELECT COUNT(*), MAX(amount) FROM "%s" WHERE amount LIKE '%%x'`, path))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != "1|12x" {
		t.Errorf("all-varchar: got %q", got)
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
