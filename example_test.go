package sqlcsv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/bench/arcos"
)

// writeFile writes a small CSV for the examples and returns its path.
func writeFile(name, text string) string {
	dir, err := os.MkdirTemp("", "sqlcsv-example")
	if err != nil {
		panic(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		panic(err)
	}
	return path
}

// A query names a file directly (or a table registered with Register) and
// streams its result as Arrow record batches.
func ExampleDB_Query() {
	ctx := context.Background()
	path := writeFile("sales.csv", "region,qty\neast,10\nwest,4\neast,3\n")
	defer os.RemoveAll(filepath.Dir(path))

	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	rows, err := db.Query(ctx, fmt.Sprintf(`SELECT region, SUM(qty) AS total FROM "%s" GROUP BY region ORDER BY region`, path))
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for _, c := range rows.Columns() {
		fmt.Printf("%s %s\n", c.Name, c.Type)
	}
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			panic(err)
		}
		if rec == nil {
			break
		}
		region, total := rec.Column(0).(*array.String), rec.Column(1).(*array.Int64)
		for i := 0; i < int(rec.NumRows()); i++ {
			fmt.Println(region.Value(i), total.Value(i))
		}
		rec.Release()
	}
	// Output:
	// region VARCHAR
	// total BIGINT
	// east 13
	// west 4
}

// Cancelling the context stops a query's workers; Next then returns the
// context's error.
func ExampleRows_Next_cancel() {
	path := writeFile("numbers.csv", "n\n1\n2\n3\n")
	defer os.RemoveAll(filepath.Dir(path))
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		panic(err)
	}
	defer db.Close()

	ctx, cancel := context.WithCancel(context.Background())
	rows, err := db.Query(ctx, fmt.Sprintf(`SELECT n FROM "%s"`, path))
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	cancel()
	_, err = rows.Next(ctx)
	fmt.Println(errors.Is(err, context.Canceled))
	// Output:
	// true
}

// NextRow gives a result row by row as Go values.
func ExampleRows_NextRow() {
	ctx := context.Background()
	path := writeFile("people.csv", "name,born\nAda,1815-12-10\nAlan,1912-06-23\n")
	defer os.RemoveAll(filepath.Dir(path))
	db, err := sqlcsv.Open(sqlcsv.Options{Root: filepath.Dir(path)})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	rows, err := db.Query(ctx, `SELECT name, born, YEAR(born) < ? AS early FROM "people.csv" ORDER BY born`, 1900)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for {
		row, err := rows.NextRow(ctx)
		if err != nil {
			panic(err)
		}
		if row == nil {
			break
		}
		fmt.Printf("%v %v %v\n", row[0], row[1].(time.Time).Format(time.DateOnly), row[2])
	}
	// Output:
	// Ada 1815-12-10 true
	// Alan 1912-06-23 false
}

// A query that runs past its deadline stops, and Query or Next returns
// context.DeadlineExceeded.
func Example_cancelLongQuery() {
	dir, _ := os.MkdirTemp("", "sqlcsv-example")
	defer os.RemoveAll(dir)
	f, _ := os.Create(filepath.Join(dir, "arcos.tsv"))
	arcos.Generate(f, arcos.Options{Rows: 200000, Seed: 1}) // 75 MB
	f.Close()

	db, err := sqlcsv.Open(sqlcsv.Options{Root: dir})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	rows, err := db.Query(ctx, `SELECT REPORTER_DEA_NO, COUNT(*) FROM "arcos.tsv" GROUP BY 1`)
	for err == nil {
		var rec arrow.Record
		if rec, err = rows.Next(ctx); rec == nil {
			break
		}
		rec.Release()
	}
	if rows != nil {
		rows.Close()
	}
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// true
}
