package sqlcsv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv"
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
