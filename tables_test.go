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

// With PostgresNames, result columns carry the PostgreSQL type (a "pg:OID"
// tag) where PostgreSQL types them otherwise than the engine's type says:
// integer literals are int4, pg_typed names the type of a cast (the
// PostgreSQL dialect's rewriter spells x::int4 so), COALESCE, NULLIF, CASE,
// min, max and int4 arithmetic keep their operands' type, a UNION keeps
// its first branch's string type, a scalar subquery its column's; and the
// columns are named as PostgreSQL names them.
func TestPostgresTags(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{PostgresNames: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "oid", Type: arrow.PrimitiveTypes.Int64, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:26"})},
		{Name: "name", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:19"})},
		{Name: "kind", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:18"})},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{"pg:23"})},
		{Name: "plain", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	b.Field(2).(*array.StringBuilder).AppendValues([]string{"r", ""}, nil)
	b.Field(3).(*array.Int64Builder).AppendValues([]int64{7, 8}, nil)
	b.Field(4).(*array.Int64Builder).AppendValues([]int64{5, 6}, nil)
	rec := b.NewRecord()
	defer rec.Release()
	if err := db.RegisterRecords("t", schema, rec); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT 1, -2147483648, 2147483648, 1.5, TRUE, 'x', NULL", "?column?:pg:23 ?column?:pg:23 ?column?: ?column?: ?column?: ?column?: ?column?:"},
		{"SELECT 1 + 1, 2 * n, n - plain, -n, n / 2, plain % 3 FROM t", "?column?:pg:23 ?column?:pg:23 ?column?: ?column?:pg:23 ?column?: ?column?:"},
		{"SELECT pg_typed(CAST(plain AS SIGNED), 'int4'), pg_typed(CAST(1 AS SIGNED), 'int2'), pg_typed(CAST(NULL AS CHAR), 'name'), pg_typed(CAST(3 AS DOUBLE), 'float4') FROM t",
			"plain:pg:23 int2:pg:21 name:pg:19 float4:pg:700"},
		{"SELECT CAST(NULL AS CHAR), CAST(oid AS SIGNED), CAST(1 AS SIGNED) FROM t", "text: oid: int8:"},
		{"SELECT NULLIF(kind, ''), COALESCE(kind, 'x'), COALESCE(n, 0), COALESCE(n, plain), COALESCE(name, kind) FROM t",
			"nullif:pg:18 coalesce:pg:18 coalesce:pg:23 coalesce: coalesce:"},
		{"SELECT CASE WHEN n > 7 THEN name ELSE NULL END, CASE WHEN n > 7 THEN 'a' ELSE name END, CASE WHEN n > 7 THEN 1 ELSE 2 END, CASE WHEN n > 0 THEN '' ELSE kind END AS k FROM t",
			"case:pg:19 name:pg:19 case:pg:23 k:pg:18"},
		{"SELECT MAX(kind), MIN(n), SUM(n), COUNT(*) FROM t", "max:pg:18 min:pg:23 sum: count:"},
		{"SELECT name, CAST(NULL AS CHAR) FROM t UNION ALL SELECT CAST(NULL AS CHAR), name FROM t", "name:pg:19 text:"},
		{"SELECT name FROM t UNION SELECT 'x'", "name:pg:19"},
		{"SELECT n FROM t UNION ALL SELECT plain FROM t", "n:"},
		{"SELECT 1 UNION ALL SELECT 2", "?column?:pg:23"},
		{"SELECT (SELECT name FROM t WHERE n = 7), (SELECT MAX(n) FROM t) AS m", "name:pg:19 m:pg:23"},
		{"SELECT s.x FROM (SELECT 1 AS x) s", "x:pg:23"},
	} {
		rows, err := db.Query(context.Background(), c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var cols []string
		for _, col := range rows.Columns() {
			cols = append(cols, col.Name+":"+col.Tag)
		}
		rows.Close()
		if got := strings.Join(cols, " "); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}
