package sqlcsv_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/vector"
)

// checkedMem is an allocator that fails the test if anything it allocated
// is still held at the end.
func checkedMem(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

var citySchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int32},
	{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "pop", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "capital", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "founded", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "updated", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	{Name: "area", Type: &arrow.Decimal128Type{Precision: 8, Scale: 2}, Nullable: true},
}, nil)

type city struct {
	id      int32
	name    string // "" for NULL, and NULL in the other nullable columns
	pop     float64
	capital bool
	founded int32 // days since 1970-01-01
	updated int64 // µs since 1970-01-01
	area    int64 // hundredths
}

func cityRecord(mem memory.Allocator, cities ...city) arrow.Record {
	b := array.NewRecordBuilder(mem, citySchema)
	defer b.Release()
	for _, c := range cities {
		b.Field(0).(*array.Int32Builder).Append(c.id)
		if c.name == "" {
			for i := 1; i < len(citySchema.Fields()); i++ {
				b.Field(i).AppendNull()
			}
			continue
		}
		b.Field(1).(*array.StringBuilder).Append(c.name)
		b.Field(2).(*array.Float64Builder).Append(c.pop)
		b.Field(3).(*array.BooleanBuilder).Append(c.capital)
		b.Field(4).(*array.Date32Builder).Append(arrow.Date32(c.founded))
		b.Field(5).(*array.TimestampBuilder).Append(arrow.Timestamp(c.updated))
		b.Field(6).(*array.Decimal128Builder).Append(decimal128.FromI64(c.area))
	}
	return b.NewRecord()
}

// registerCities registers table cities (two records) made with mem.
func registerCities(t *testing.T, db *sqlcsv.DB, mem memory.Allocator) {
	t.Helper()
	r1 := cityRecord(mem,
		city{1, "Paris", 2.1e6, true, -47482, 1704164645123456, 10540},
		city{2, "Lyon", 5.2e5, false, -47000, 0, 4787})
	r2 := cityRecord(mem,
		city{3, "Bern", 1.3e5, true, 0, -1, 5162},
		city{4, "", 0, false, 0, 0, 0},
		city{5, "Zurich", 4.2e5, false, 19000, 1, 8788})
	defer r1.Release()
	defer r2.Release()
	if err := db.RegisterRecords("cities", citySchema, r1, r2); err != nil {
		t.Fatal(err)
	}
}

func wantQuery(t *testing.T, db *sqlcsv.DB, sql string, want ...string) {
	t.Helper()
	_, got := queryAll(t, db, sql)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant\n%s", sql, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRegisterRecords(t *testing.T) {
	mem := checkedMem(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "trips.csv"), []byte("city_id,km\n1,10\n3,7\n1,5\n9,1\n4,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Root: dir, Threads: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	registerCities(t, db, mem)

	typs, rows := queryAll(t, db, "SELECT * FROM cities")
	if got, want := strings.Join(typs, ","), "BIGINT,VARCHAR,DOUBLE,BOOLEAN,DATE,TIMESTAMP,DECIMAL(8,2)"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	want := []string{
		"1|Paris|2.1e+06|true|1840-01-01|2024-01-02 03:04:05.123456|105.40",
		"2|Lyon|520000|false|1841-04-27|1970-01-01 00:00:00.000000|47.87",
		"3|Bern|130000|true|1970-01-01|1969-12-31 23:59:59.999999|51.62",
		"4|NULL|NULL|NULL|NULL|NULL|NULL",
		"5|Zurich|420000|false|2022-01-08|1970-01-01 00:00:00.000001|87.88",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("SELECT *:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	wantQuery(t, db, "SELECT name FROM cities WHERE pop > 200000 ORDER BY name DESC", "Zurich", "Paris", "Lyon")
	wantQuery(t, db, "SELECT id FROM cities WHERE name IS NULL", "4")
	wantQuery(t, db, "SELECT capital, COUNT(*), SUM(pop), SUM(area) FROM cities GROUP BY capital ORDER BY capital",
		"false|2|940000|135.75", "true|2|2.23e+06|157.02", "NULL|1|NULL|NULL")
	wantQuery(t, db, "SELECT founded + INTERVAL 1 DAY, YEAR(updated), area * 2 FROM cities WHERE id = 1",
		"1840-01-02|2024|210.80")
	wantQuery(t, db, `SELECT c.name, SUM(t.km) FROM "trips.csv" AS t JOIN cities AS c ON c.id = t.city_id GROUP BY c.name ORDER BY 2 DESC`,
		"Paris|15", "Bern|7", "NULL|2")
	wantQuery(t, db, `SELECT t.city_id, c.name FROM "trips.csv" AS t LEFT JOIN cities AS c ON c.id = t.city_id AND c.capital ORDER BY 1, 2`,
		"1|Paris", "1|Paris", "3|Bern", "4|NULL", "9|NULL")
	wantQuery(t, db, "DESCRIBE cities",
		"id|BIGINT|NO|declared", "name|VARCHAR|YES|declared", "pop|DOUBLE|YES|declared", "capital|BOOLEAN|YES|declared",
		"founded|DATE|YES|declared", "updated|TIMESTAMP|YES|declared", "area|DECIMAL(8,2)|YES|declared")
	// The scan reads only the columns used, under the filter.
	_, plan := queryAll(t, db, "EXPLAIN SELECT name FROM cities WHERE pop > 1")
	if got, want := strings.Join(plan, "\n"), `Scan records "cities" rows=5 partitions=1 columns=[name, pop] workers=1 filter=`; !strings.Contains(got, want) {
		t.Errorf("EXPLAIN:\n%s\nwant a line containing %s", got, want)
	}
	// A correlated subquery run per outer row (an Apply) reads the table
	// too; describing a statement plans it without running it. Neither
	// keeps the records (checkedMem).
	const perRow = `SELECT t.city_id, (SELECT MAX(c.pop) FROM cities c WHERE c.id < t.city_id) FROM "trips.csv" AS t ORDER BY 1, 2`
	wantQuery(t, db, perRow, "1|NULL", "1|NULL", "3|2.1e+06", "4|2.1e+06", "9|2.1e+06")
	st, err := db.Prepare(perRow)
	if err != nil {
		t.Fatal(err)
	}
	if cols, err := st.Columns(context.Background()); err != nil || len(cols) != 2 {
		t.Errorf("Columns: %v, %v", cols, err)
	}
	// Registering another table under the name replaces it.
	one := cityRecord(mem, city{7, "Oslo", 7e5, true, 0, 0, 45400})
	defer one.Release()
	if err := db.RegisterRecords("CITIES", citySchema, one); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, db, "SELECT id, name FROM cities", "7|Oslo")
	wantQuery(t, db, "SHOW TABLES", "CITIES")
}

func TestRegisterRecordsUnsupportedType(t *testing.T) {
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := arrow.NewSchema([]arrow.Field{{Name: "oid", Type: arrow.PrimitiveTypes.Int64},
		{Name: "relacl", Type: arrow.ListOf(arrow.BinaryTypes.String)}}, nil)
	err = db.RegisterRecords("pg_class", schema)
	want := `RegisterRecords: table pg_class: column "relacl": Arrow type list<item: utf8, nullable> is not supported (use int64, float64, string, bool, date32, timestamp or decimal128)`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	if _, err := db.Query(context.Background(), "SELECT * FROM pg_class"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("the table was registered anyway: %v", err)
	}
	if err := db.RegisterRecords("", schema); err == nil {
		t.Error("no error for a table without a name")
	}
}

// idRecord is a record of one BIGINT column id holding ids.
func idRecord(mem memory.Allocator, ids ...int64) arrow.Record {
	b := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}}, nil))
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues(ids, nil)
	return b.NewRecord()
}

func registerIDs(t *testing.T, db *sqlcsv.DB, mem memory.Allocator, name string, ids ...int64) {
	t.Helper()
	rec := idRecord(mem, ids...)
	defer rec.Release()
	if err := db.RegisterRecords(name, rec.Schema(), rec); err != nil {
		t.Fatal(err)
	}
}

// A query running when its table is replaced reads the old rows to its
// end; the old records are freed when it closes, the new ones by Close.
func TestRecordsReplacedMidStream(t *testing.T) {
	old := vector.BatchSize
	vector.BatchSize = 2
	defer func() { vector.BatchSize = old }()
	mem := checkedMem(t)
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	registerIDs(t, db, mem, "t", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	v1 := mem.CurrentAlloc()
	ctx := context.Background()
	rows, err := db.Query(ctx, "SELECT id FROM t")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := rows.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("first batch: %v, %v", rec, err)
	}
	var got []string
	add := func(rec arrow.Record) {
		for i := 0; i < int(rec.NumRows()); i++ {
			got = append(got, rec.Column(0).ValueStr(i))
		}
		rec.Release()
	}
	add(rec)
	registerIDs(t, db, mem, "t", 100, 200)
	wantQuery(t, db, "SELECT id FROM t", "100", "200")
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec == nil {
			break
		}
		add(rec)
	}
	if got, want := strings.Join(got, ","), "1,2,3,4,5,6,7,8,9,10"; got != want {
		t.Errorf("the running query read %s, want %s", got, want)
	}
	if mem.CurrentAlloc() <= v1 {
		t.Error("the old records were freed while a query read them")
	}
	rows.Close()
	if got := mem.CurrentAlloc(); got >= v1 {
		t.Errorf("after the query closed, %d bytes are held; the new table alone held less than the old (%d)", got, v1)
	}
	if _, err := db.Query(ctx, "EXPLAIN SELECT id FROM t"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after Close, %d bytes are held", n)
	}
	if err := db.RegisterRecords("u", arrow.NewSchema(nil, nil)); !errors.Is(err, sqlcsv.ErrClosed) {
		t.Errorf("RegisterRecords after Close: %v, want ErrClosed", err)
	}
}

// Queries race with replacements and drops of their table: each sees one
// version whole, or no table; nothing leaks.
func TestRecordsConcurrentReplace(t *testing.T) {
	mem := checkedMem(t)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	const versions = 200
	// Version k is ten rows of k: COUNT 10, SUM 10k.
	ten := func(k int64) []int64 {
		out := make([]int64, 10)
		for i := range out {
			out[i] = k
		}
		return out
	}
	registerIDs(t, db, mem, "t", ten(0)...)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, sql := range []string{"SELECT COUNT(*), SUM(id), MIN(id) FROM t", "SELECT COUNT(*), SUM(id), MIN(id) FROM (SELECT id FROM t WHERE id >= 0 ORDER BY id LIMIT 100) AS s"} {
					res, err := oneRow(ctx, db, sql)
					if errors.Is(err, catalog.ErrNotFound) {
						continue // dropped at the time
					}
					if err != nil {
						t.Errorf("%s: %v", sql, err)
						return
					}
					if res[0] != 10 || res[1] != 10*res[2] {
						t.Errorf("%s = %v: not one whole version", sql, res)
						return
					}
				}
			}
		}()
	}
	for k := int64(1); k <= versions; k++ {
		if k%10 == 0 {
			if err := db.Exec(ctx, "DROP TABLE t"); err != nil {
				t.Fatal(err)
			}
		}
		registerIDs(t, db, mem, "t", ten(k)...)
	}
	close(stop)
	wg.Wait()
	db.Close()
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("after Close, %d bytes are held", n)
	}
}

func TestSearchPathAndDefaultSchema(t *testing.T) {
	mem := checkedMem(t)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"t.csv":     "oid,note\n1,first\n2,second\n",
		"trips.csv": "id,km\n1,10\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Root: dir, SearchPath: []string{"pg_catalog", "information_schema"}, DefaultSchema: "public"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Register(ctx, "trips", filepath.Join(dir, "trips.csv")); err != nil {
		t.Fatal(err)
	}
	registerIDs(t, db, mem, "pg_catalog.pg_class", 2, 1)
	registerIDs(t, db, mem, "information_schema.columns", 7)
	registerIDs(t, db, mem, "pg_catalog.columns", 8) // the search path's order decides
	for _, tc := range []struct{ sql, want string }{
		{"SELECT id FROM pg_class ORDER BY id", "1,2"},
		{"SELECT id FROM PG_CLASS ORDER BY id", "1,2"},
		{"SELECT id FROM pg_catalog.pg_class ORDER BY id", "1,2"},
		{`SELECT id FROM "pg_catalog"."pg_class" ORDER BY id`, "1,2"},
		{`SELECT id FROM "pg_catalog.pg_class" ORDER BY id`, "1,2"},
		{`SELECT c.id FROM "pg_catalog"."pg_class" AS c WHERE c.id > 1`, "2"},
		{"SELECT pg_class.id FROM pg_class WHERE pg_class.id = 1", "1"},
		{"SELECT id FROM columns", "8"},
		{"SELECT id FROM information_schema.columns", "7"},
		{`SELECT km FROM "public"."trips"`, "10"},
		{`SELECT km FROM PUBLIC.trips`, "10"},
		{`SELECT id FROM public.pg_class ORDER BY id`, "1,2"},
		{`SELECT note FROM "t.csv" ORDER BY oid`, "first,second"},
		{`SELECT f.note FROM "t.csv" AS f JOIN pg_class AS c ON c.id = f.oid ORDER BY c.id DESC`, "second,first"},
		{`SELECT f.note FROM t.csv AS f JOIN pg_catalog.pg_class AS c ON c.id = f.oid WHERE c.id = 1`, "first"},
		{"SELECT COUNT(*) FROM pg_class, information_schema.columns", "2"},
	} {
		_, rows := queryAll(t, db, tc.sql)
		if got := strings.Join(rows, ","); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.sql, got, tc.want)
		}
	}
	wantQuery(t, db, "DESCRIBE pg_catalog.pg_class", "id|BIGINT|NO|declared")
	for _, sql := range []string{"SELECT * FROM other.pg_class", "SELECT * FROM pg_catalog.trips", "SELECT * FROM pg_type"} {
		if _, err := db.Query(ctx, sql); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", sql, err)
		}
	}
	if err := db.Exec(ctx, "DROP TABLE pg_catalog.pg_class"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Query(ctx, "SELECT * FROM pg_class"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("pg_class after DROP TABLE pg_catalog.pg_class: %v, want ErrNotFound", err)
	}
	if err := db.Exec(ctx, "DROP TABLE public.trips"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Query(ctx, "SELECT * FROM trips"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("trips after DROP TABLE public.trips: %v, want ErrNotFound", err)
	}

	// Without a search path, pg_class is not found; neither is public.x.
	plain, err := sqlcsv.Open(sqlcsv.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	registerIDs(t, plain, mem, "pg_catalog.pg_class", 1)
	wantQuery(t, plain, "SELECT id FROM pg_catalog.pg_class", "1")
	for _, sql := range []string{"SELECT * FROM pg_class", `SELECT * FROM "public"."t"`} {
		_, err := plain.Query(ctx, sql)
		if !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("%s without a search path: %v, want ErrNotFound", sql, err)
		}
	}
}
