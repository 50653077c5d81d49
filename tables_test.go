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
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Tables lists file tables (with their path), views and record tables,
// with their columns, sorted by name.
func TestTables(t *testing.T) {
	db, path := csvDB(t, "trips", "id,city\n1,Oslo\n")
	ctx := context.Background()
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

// With PostgresNames, unaliased result columns are named as PostgreSQL
// names them; without, by their text.
func TestPostgresNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(path, []byte("id,name\n1,a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const sql = `SELECT COUNT(*), SUM(t.id), t.id, 1 + 1, CAST(1 AS SIGNED), CAST(name AS CHAR), CASE WHEN id > 0 THEN 1 END,
		(SELECT MAX(id) FROM t), COALESCE(id, 0), ROW_NUMBER() OVER (), 'x', id AS alias FROM t GROUP BY id, name`
	for _, c := range []struct {
		pg   bool
		want string
	}{
		{true, "count|sum|id|?column?|int8|name|case|max|coalesce|row_number|?column?|alias"},
		{false, "COUNT(*)|SUM(t.id)|id|1 + 1|CAST(1 AS SIGNED)|CAST(name AS CHAR)|CASE WHEN id > 0 THEN 1 END|(SELECT MAX(id) FROM t)|COALESCE(id, 0)|ROW_NUMBER() OVER ()|'x'|alias"},
	} {
		db, err := sqlcsv.Open(sqlcsv.Options{PostgresNames: c.pg})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := db.Register(ctx, "t", path); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, col := range rows.Columns() {
			names = append(names, col.Name)
		}
		rows.Close()
		db.Close()
		if got := strings.Join(names, "|"); got != c.want {
			t.Errorf("PostgresNames %v:\n got %s\nwant %s", c.pg, got, c.want)
		}
	}
}

// A record table's column tags (Arrow field metadata "sqlcsv.tag") reach
// the result columns that are those columns, through filters, joins,
// sorts, derived tables and GROUP BY, and no computed column.
func TestColumnTags(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "oid", Type: arrow.PrimitiveTypes.Int64, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:26"})},
		{Name: "name", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:19"})},
		{Name: "plain", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	b.Field(2).(*array.Int64Builder).AppendValues([]int64{5, 6}, nil)
	rec := b.NewRecord()
	defer rec.Release()
	if err := db.RegisterRecords("t", schema, rec); err != nil {
		t.Fatal(err)
	}
	if err := db.RegisterFunction(sqlcsv.Function{Name: "whoami", Result: types.VarcharType, ResultTag: "pg:19",
		Eval: func(context.Context, []any) (any, error) { return "me", nil }}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT whoami(), whoami() || 'x', name FROM t", "pg:19,,pg:19"},
		{"SELECT * FROM t", "pg:26,pg:19,"},
		{"SELECT oid, oid + 1 AS x, name AS n, plain FROM t WHERE plain > 0 ORDER BY name", "pg:26,,pg:19,"},
		{"SELECT a.name, b.oid FROM t a JOIN t b ON a.oid = b.oid", "pg:19,pg:26"},
		{"SELECT s.name FROM (SELECT name, oid FROM t) s", "pg:19"},
		{"SELECT name, COUNT(*) FROM t GROUP BY name", "pg:19,"},
		{"SELECT CAST(name AS CHAR), (oid) FROM t", ",pg:26"},
	} {
		rows, err := db.Query(context.Background(), c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var tags []string
		for _, col := range rows.Columns() {
			tags = append(tags, col.Tag)
		}
		rows.Close()
		if got := strings.Join(tags, ","); got != c.want {
			t.Errorf("%s: tags %q, want %q", c.sql, got, c.want)
		}
	}
}
