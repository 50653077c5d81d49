package main

import (
	"bufio"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"time"

	"github.com/marcboeker/go-duckdb"
)

// childMain runs one query in this process and writes the result as CSV (a
// header row, then the rows; NULL as an empty field) to standard output. It
// is the hidden "-child duckdb" mode that the parent re-executes so that
// DuckDB's wall time and peak RSS are measured as a process of their own.
func childMain(args []string) int {
	fs := flag.NewFlagSet("child", flag.ContinueOnError)
	threads := fs.Int("threads", 2, "DuckDB threads")
	query := fs.String("sql", "", "SQL to run")
	if len(args) > 0 && args[0] == "duckdb-tpch" {
		return tpchChildMain(args[1:])
	}
	// The engine name comes first: -child duckdb -threads T -sql S.
	if len(args) == 0 || args[0] != "duckdb" {
		fmt.Fprintln(os.Stderr, "usage: -child duckdb -threads T -sql SQL")
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if err := runDuckDB(*threads, *query); err != nil {
		fmt.Fprintln(os.Stderr, "duckdb:", err)
		return 1
	}
	return 0
}

func runDuckDB(threads int, query string) error {
	db, err := sql.Open("duckdb", "") // in-memory
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
		return err
	}
	var version string
	if err := db.QueryRow("SELECT version()").Scan(&version); err == nil {
		fmt.Fprintf(os.Stderr, "engine-version: DuckDB %s (go-duckdb v1.8.5)\n", version)
	}
	rows, err := db.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	return writeCSV(rows, os.Stdout)
}

// writeCSV writes rows as CSV with a header row, as sqlcsv's --format csv
// does (csvnull.go): NULL is an empty unquoted field, the empty string "".
func writeCSV(rows *sql.Rows, out io.Writer) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	if _, err := bw.Write(csvLine(cols)); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var line []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		line = line[:0]
		for i, v := range vals {
			if i > 0 {
				line = append(line, ',')
			}
			line = csvField(line, formatValue(v), v == nil)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int8:
		return strconv.FormatInt(int64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint16:
		return strconv.FormatUint(uint64(x), 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case bool:
		return strconv.FormatBool(x)
	case *big.Int:
		return x.String()
	case duckdb.Decimal:
		return x.String()
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05.999999")
	default:
		return fmt.Sprint(x)
	}
}
