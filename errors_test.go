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
	run := func(sql string) error {
		rows, err := db.Query(ctx, sql)
		if err != nil {
			return err
		}
		defer rows.Close()
		for {
			rec, err := rows.Next(ctx)
			if err != nil || rec == nil {
				return err
			}
			rec.Release()
		}
	}
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
	if err := run(q(`SELECT a + 9223372036854775807 FROM "%s"`)); !errors.Is(err, sqlcsv.ErrOutOfRange) {
		t.Errorf("overflow: %v, want ErrOutOfRange", err)
	}
	var ce *sqlcsv.CastError
	if err := run(q(`SELECT CAST(b AS SIGNED) FROM "%s"`)); !errors.As(err, &ce) || ce.Value != "x" {
		t.Errorf("CAST('x' AS SIGNED): %v (as CastError: %+v)", err, ce)
	}
}
