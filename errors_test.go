package sqlcsv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlcsv/sqlcsv"
)

// Each kind of error a query can end in is reachable with errors.As or
// errors.Is from the root package, with its position or place.
func TestTypedErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(good, []byte("a,b\n1,x\n2,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The third row is short a field.
	if err := os.WriteFile(bad, []byte("a,b\n1,x\n2,y\n3\n4,z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	run := func(sql string) error { return db.Exec(ctx, sql) } // runs the query to its end
	q := func(format string) string { return fmt.Sprintf(format, good) }

	var pe *sqlcsv.ParseError
	if err := run("SELECT a FROM WHERE"); !errors.As(err, &pe) || pe.Line != 1 || pe.Column != 15 {
		t.Errorf("syntax error: %v (as ParseError: %+v)", err, pe)
	}
	var be *sqlcsv.BindError
	if err := run(q(`SELECT nope FROM "%s"`)); !errors.As(err, &be) || be.Offset != 7 {
		t.Errorf("unknown column: %v (as BindError: %+v)", err, be)
	}
	var nf *sqlcsv.TableNotFoundError
	if err := run("SELECT * FROM no_such_table"); !errors.As(err, &nf) || nf.Name != "no_such_table" {
		t.Errorf("unknown table: %v (as TableNotFoundError: %+v)", err, nf)
	}
	var de *sqlcsv.DataError
	if err := run(fmt.Sprintf(`SELECT a, b FROM "%s"`, bad)); !errors.As(err, &de) || de.Path != bad || de.Line() != 4 {
		t.Errorf("short row: %v (as DataError: %+v)", err, de)
	}
	if err := run(q(`SELECT a / 0 FROM "%s"`)); !errors.Is(err, sqlcsv.ErrDivisionByZero) {
		t.Errorf("a / 0: %v, want ErrDivisionByZero", err)
	}
	if err := run(q(`SELECT a, (SELECT b FROM "%s") FROM "%[1]s"`)); !errors.Is(err, sqlcsv.ErrSubqueryRows) {
		t.Errorf("two rows of a scalar subquery: %v, want ErrSubqueryRows", err)
	}
	if err := run(q(`SELECT a, (SELECT max(i.b) FROM "%s" i WHERE i.a >= o.a GROUP BY i.a) FROM "%[1]s" o`)); !errors.Is(err, sqlcsv.ErrSubqueryRows) {
		t.Errorf("two rows of a scalar subquery run per row: %v, want ErrSubqueryRows", err)
	}
	if err := run(q(`SELECT a + 9223372036854775807 FROM "%s"`)); !errors.Is(err, sqlcsv.ErrOutOfRange) {
		t.Errorf("overflow: %v, want ErrOutOfRange", err)
	}
	var ce *sqlcsv.CastError
	if err := run(q(`SELECT CAST(b AS SIGNED) FROM "%s"`)); !errors.As(err, &ce) || ce.Value != "x" {
		t.Errorf("CAST('x' AS SIGNED): %v (as CastError: %+v)", err, ce)
	}
}

// With a memory limit, a GROUP BY of many groups, an ORDER BY of the whole
// file, a window function and a join whose build side is the file fail
// with a MemoryLimitError; a GROUP BY of a few groups under the same limit
// runs.
func TestMemoryLimit(t *testing.T) {
	path, st := arcosFile(t, 30000)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, MemoryLimit: 512 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Register(ctx, "arcos", path); err != nil {
		t.Fatal(err)
	}
	got, err := oneRow(ctx, db, "SELECT COUNT(*) FROM (SELECT BUYER_STATE FROM arcos GROUP BY 1) g")
	if err != nil || len(got) != 1 || got[0] < 10 {
		t.Errorf("a GROUP BY of a few groups under the limit: %v, %v", got, err)
	}
	for _, c := range []struct{ sql, op string }{
		{"SELECT COUNT(*) FROM (SELECT TRANSACTION_ID, REPORTER_DEA_NO, BUYER_DEA_NO, COUNT(*) FROM arcos GROUP BY 1, 2, 3) g", "GROUP BY"},
		{"SELECT * FROM arcos ORDER BY TRANSACTION_ID", "ORDER BY"},
		{"SELECT SUM(n) FROM (SELECT ROW_NUMBER() OVER (ORDER BY REPORTER_NAME || BUYER_NAME || BUYER_ADDRESS1 || TRANSACTION_ID) AS n FROM arcos) w", "window function"},
		{"SELECT COUNT(*) FROM arcos a JOIN arcos b ON a.TRANSACTION_ID = b.TRANSACTION_ID AND a.REPORTER_DEA_NO = b.REPORTER_DEA_NO", "join's hash table"},
	} {
		_, err := oneRow(ctx, db, c.sql)
		var me *sqlcsv.MemoryLimitError
		if !errors.As(err, &me) || !errors.Is(err, sqlcsv.ErrMemoryLimit) || me.Limit != 512<<10 || me.Needed <= me.Limit || me.Operator != c.op {
			t.Errorf("%s: %v, want a MemoryLimitError of its %s", c.sql, err, c.op)
		}
	}
	// The same queries run without a limit.
	free, err := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer free.Close()
	got, err = oneRow(ctx, free, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT TRANSACTION_ID, REPORTER_DEA_NO, BUYER_DEA_NO, COUNT(*) FROM "%s" GROUP BY 1, 2, 3) g`, path))
	if err != nil || len(got) != 1 || got[0] == 0 || got[0] > int64(st.Rows) {
		t.Errorf("without a limit: %v, %v", got, err)
	}
}
