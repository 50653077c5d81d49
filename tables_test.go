package sqlcsv_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv"
)

// Tables lists file tables (with their path), views and record tables,
// with their columns, sorted by name.
func TestTables(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trips.csv")
	if err := os.WriteFile(path, []byte("id,city\n1,Oslo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Register(ctx, "", path); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, "CREATE VIEW oslo AS SELECT id FROM trips WHERE city = 'Oslo'"); err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "oid", Type: arrow.PrimitiveTypes.Int64}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	b.Field(0).(*array.Int64Builder).Append(11)
	rec := b.NewRecord()
	defer rec.Release()
	if err := db.RegisterRecords("pg_catalog.pg_namespace", schema, rec); err != nil {
		t.Fatal(err)
	}
	tables, err := db.Tables()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ti := range tables {
		var cols []string
		for _, c := range ti.Columns {
			cols = append(cols, c.Name+" "+c.Type.String())
		}
		got = append(got, fmt.Sprintf("%s %s %q (%s)", ti.Name, ti.Kind, ti.Path, strings.Join(cols, ", ")))
	}
	want := []string{
		`oslo view "" (id BIGINT)`,
		`pg_catalog.pg_namespace records "" (oid BIGINT)`,
		fmt.Sprintf(`trips file %q (id BIGINT, city VARCHAR)`, path),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Tables:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	db.Close()
	if _, err := db.Tables(); err != sqlcsv.ErrClosed {
		t.Errorf("Tables after Close: %v", err)
	}
}
