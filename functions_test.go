package sqlcsv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// mustRegister registers functions, failing the test on an error.
func mustRegister(t *testing.T, db *sqlcsv.DB, fs ...sqlcsv.Function) {
	t.Helper()
	for _, f := range fs {
		if err := db.RegisterFunction(f); err != nil {
			t.Fatal(err)
		}
	}
}

// queryErr runs sql to its end and returns its error.
func queryErr(ctx context.Context, db *sqlcsv.DB, sql string) error {
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

// tripsDB is a DB with the file trips.csv and the records table cities.
func tripsDB(t *testing.T) *sqlcsv.DB {
	t.Helper()
	mem := checkedMem(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "trips.csv"), []byte("city_id,km\n1,10\n3,7\n1,5\n9,1\n4,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlcsv.Open(sqlcsv.Options{Root: dir, Threads: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	registerCities(t, db, mem)
	return db
}

func TestFunctionOverFileAndRecords(t *testing.T) {
	db := tripsDB(t)
	mustRegister(t, db,
		sqlcsv.Function{Name: "double_km", Args: []types.Type{types.BigintType}, Result: types.BigintType,
			Eval: func(_ context.Context, a []any) (any, error) {
				if a[0] == nil {
					return nil, nil
				}
				return 2 * a[0].(int64), nil
			}},
		sqlcsv.Function{Name: "Initial", Args: []types.Type{types.VarcharType}, Result: types.VarcharType,
			Eval: func(_ context.Context, a []any) (any, error) {
				if a[0] == nil {
					return "none", nil
				}
				return a[0].(string)[:1], nil
			}},
		sqlcsv.Function{Name: "is_big", Args: []types.Type{types.DoubleType}, Result: types.BooleanType,
			Eval: func(_ context.Context, a []any) (any, error) {
				if a[0] == nil {
					return nil, nil
				}
				return a[0].(float64) > 3e5, nil
			}},
		sqlcsv.Function{Name: "same", Args: []types.Type{types.BigintType, types.BigintType}, Result: types.BooleanType,
			Eval: func(_ context.Context, a []any) (any, error) { return a[0] == a[1], nil }},
		sqlcsv.Function{Name: "show_args", AnyArgs: true, MaxArgs: -1, Result: types.VarcharType,
			Eval: func(_ context.Context, a []any) (any, error) {
				var parts []string
				for _, v := range a {
					parts = append(parts, fmt.Sprintf("%T:%v", v, v))
				}
				return strings.Join(parts, " "), nil
			}})
	// Over a file's column: in the select list, WHERE and ORDER BY; a
	// BIGINT column widens to the declared DOUBLE.
	wantQuery(t, db, `SELECT city_id, double_km(km) FROM "trips.csv" WHERE double_km(km) > 3 ORDER BY double_km(km) DESC`,
		"1|20", "3|14", "1|10", "4|4")
	wantQuery(t, db, `SELECT is_big(km * 100000) FROM "trips.csv" ORDER BY km`, "false", "false", "true", "true", "true")
	// Over a registered table's: NULL in, a value out; GROUP BY.
	wantQuery(t, db, "SELECT id, INITIAL(name) FROM cities ORDER BY id", "1|P", "2|L", "3|B", "4|none", "5|Z")
	wantQuery(t, db, "SELECT is_big(pop), COUNT(*) FROM cities GROUP BY is_big(pop) ORDER BY 1",
		"false|1", "true|3", "NULL|1")
	// JOIN ON, on a key the function computes and as the whole condition.
	wantQuery(t, db, `SELECT c.name, t.km FROM "trips.csv" AS t JOIN cities AS c ON c.id = double_km(t.city_id) / 2 ORDER BY t.km`,
		"NULL|2", "Paris|5", "Bern|7", "Paris|10")
	wantQuery(t, db, `SELECT c.name, t.km FROM "trips.csv" AS t JOIN cities AS c ON same(c.id, t.city_id) ORDER BY t.km`,
		"NULL|2", "Paris|5", "Bern|7", "Paris|10")
	// Every type as the function receives it.
	wantQuery(t, db, "SELECT show_args(id, name, pop, capital, founded, updated, area) FROM cities WHERE id IN (1, 4)",
		"int64:1 string:Paris float64:2.1e+06 bool:true time.Time:1840-01-01 00:00:00 +0000 UTC time.Time:2024-01-02 03:04:05.123456 +0000 UTC string:105.40",
		"int64:4 <nil>:<nil> <nil>:<nil> <nil>:<nil> <nil>:<nil> <nil>:<nil> <nil>:<nil>")
	// A folded call shows as its value in EXPLAIN, a call on a column as
	// itself.
	_, plan := queryAll(t, db, `EXPLAIN SELECT double_km(km), double_km(21) FROM "trips.csv"`)
	if got := strings.Join(plan, "\n"); !strings.Contains(got, "Project [DOUBLE_KM(km) AS double_km(km), 42 AS double_km(21)]") {
		t.Errorf("EXPLAIN:\n%s\nwant the call on km kept, the one on 21 folded", got)
	}
}

func TestFunctionOverloadsAndAnyArgs(t *testing.T) {
	db := tripsDB(t)
	formatType := func(_ context.Context, a []any) (any, error) {
		name := map[int64]string{23: "integer", 1043: "character varying"}[a[0].(int64)]
		if len(a) == 2 && a[1] != nil {
			name += fmt.Sprintf("(%d)", a[1].(int64)-4)
		}
		return name, nil
	}
	mustRegister(t, db,
		sqlcsv.Function{Name: "format_type", Args: []types.Type{types.BigintType, types.BigintType}, Result: types.VarcharType, Eval: formatType},
		sqlcsv.Function{Name: "format_type", Args: []types.Type{types.BigintType}, Result: types.VarcharType,
			Eval: func(ctx context.Context, a []any) (any, error) { return formatType(ctx, a) }},
		sqlcsv.Function{Name: "pg_get_expr", AnyArgs: true, MinArgs: 2, MaxArgs: 3, Result: types.VarcharType,
			Eval: func(_ context.Context, a []any) (any, error) {
				return fmt.Sprintf("%d args, %T %T", len(a), a[0], a[1]), nil
			}})
	wantQuery(t, db, "SELECT format_type(23), format_type(1043, 20), format_type(1043, NULL), format_type('23')",
		"integer|character varying(16)|character varying|integer")
	wantQuery(t, db, "SELECT pg_get_expr('x', 1), pg_get_expr(NULL, 1.5, TRUE), pg_get_expr(CAST(1.5 AS DOUBLE), CURRENT_DATE)",
		"2 args, string int64|3 args, <nil> string|2 args, float64 time.Time")
	// Catalog OIDs as BIGINT or VARCHAR alike.
	mustRegister(t, db, sqlcsv.Function{Name: "oid_text", AnyArgs: true, MinArgs: 1, MaxArgs: 1, Result: types.VarcharType,
		Eval: func(_ context.Context, a []any) (any, error) { return fmt.Sprint(a[0]), nil }})
	wantQuery(t, db, `SELECT oid_text(city_id), oid_text(CAST(city_id AS CHAR)) FROM "trips.csv" WHERE km = 7`, "3|3")
	// A registration taking a count an overload takes replaces it.
	mustRegister(t, db, sqlcsv.Function{Name: "FORMAT_TYPE", Args: []types.Type{types.VarcharType}, Result: types.VarcharType,
		Eval: func(_ context.Context, a []any) (any, error) { return "new " + a[0].(string), nil }})
	wantQuery(t, db, "SELECT format_type('23'), format_type(23, 8)", "new 23|integer(4)")
	err := queryErr(context.Background(), db, "SELECT format_type(1, 2, 3)")
	if want := "FORMAT_TYPE takes 1 or 2 arguments, not 3 (line 1, column 8)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %s", err, want)
	}
	err = queryErr(context.Background(), db, "SELECT pg_get_expr(1)")
	if want := "PG_GET_EXPR takes 2 to 3 arguments, not 1 (line 1, column 8)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// A volatile function is called for every row it is evaluated for; another
// is called once for constant arguments, and once per row for a
// computation written twice.
func TestFunctionVolatileAndFolding(t *testing.T) {
	mem := checkedMem(t)
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	registerIDs(t, db, mem, "t3", 1, 2, 3)
	var calls atomic.Int64
	counter := func(_ context.Context, a []any) (any, error) {
		n := calls.Add(1)
		if len(a) == 1 && a[0] != nil {
			return a[0].(int64) * 10, nil
		}
		return n, nil
	}
	mustRegister(t, db,
		sqlcsv.Function{Name: "next_n", Result: types.BigintType, Volatile: true, Eval: counter},
		sqlcsv.Function{Name: "vol", Args: []types.Type{types.BigintType}, Result: types.BigintType, Volatile: true, Eval: counter},
		sqlcsv.Function{Name: "det", Args: []types.Type{types.BigintType}, Result: types.BigintType, Eval: counter},
		sqlcsv.Function{Name: "det0", Result: types.BigintType, Eval: counter})
	for _, c := range []struct {
		sql   string
		want  []string
		calls int64
	}{
		{"SELECT next_n() FROM t3", []string{"1", "2", "3"}, 3},
		{"SELECT det0() FROM t3", []string{"1", "1", "1"}, 1},
		{"SELECT vol(7) FROM t3", []string{"70", "70", "70"}, 3},
		{"SELECT det(7) FROM t3", []string{"70", "70", "70"}, 1},
		{"SELECT det(id) FROM t3", []string{"10", "20", "30"}, 3},
		{"SELECT det(id) + 1, det(id) + 2 FROM t3", []string{"11|12", "21|22", "31|32"}, 3},
		{"SELECT vol(id) + 1, vol(id) + 2 FROM t3", []string{"11|12", "21|22", "31|32"}, 6},
		{"SELECT id FROM t3 WHERE det(2) = id * 10", []string{"2"}, 1},
	} {
		calls.Store(0)
		_, got := queryAll(t, db, c.sql)
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(c.want, ",") || calls.Load() != c.calls {
			t.Errorf("%s: %v after %d calls, want %v after %d", c.sql, got, calls.Load(), c.want, c.calls)
		}
	}
}

type sessionKey struct{}

// TestFunctionParenless checks the PostgreSQL functions called without
// parentheses, whose values come from the statement's context.
func TestFunctionParenless(t *testing.T) {
	mem := checkedMem(t)
	db, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	session := func(field string) func(ctx context.Context, _ []any) (any, error) {
		return func(ctx context.Context, _ []any) (any, error) {
			s, _ := ctx.Value(sessionKey{}).(map[string]string)
			return s[field], nil
		}
	}
	for _, name := range []string{"current_user", "session_user", "current_role", "user", "current_schema", "current_catalog", "current_database", "version"} {
		mustRegister(t, db, sqlcsv.Function{Name: name, Result: types.VarcharType, Eval: session(name)})
	}
	ctx := context.WithValue(context.Background(), sessionKey{}, map[string]string{
		"current_user": "ann", "session_user": "sam", "current_role": "rob", "user": "uma",
		"current_schema": "public", "current_catalog": "db1", "current_database": "db1", "version": "PostgreSQL 15.18 (sqlcsv)"})
	rows, err := db.Query(ctx, "SELECT current_user, current_user(), CURRENT_USER, session_user, session_user(), current_role, "+
		"user, user(), current_schema, CURRENT_SCHEMA(), current_catalog, current_database(), version()")
	if err != nil {
		t.Fatal(err)
	}
	row, err := rows.NextRow(ctx)
	rows.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"ann", "ann", "ann", "sam", "sam", "rob", "uma", "uma", "public", "public", "db1", "db1", "PostgreSQL 15.18 (sqlcsv)"}
	if fmt.Sprint(row) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", row, want)
	}
	// A column of that name is the column.
	rec := idRecord(mem, 5)
	defer rec.Release()
	if err := db.RegisterRecords("u", rec.Schema(), rec); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, db, `SELECT "user" FROM (SELECT id AS "user" FROM u) AS s`, "5")
}

func TestFunctionErrors(t *testing.T) {
	db := tripsDB(t)
	ctx := context.Background()
	errBad := errors.New("bad id 3")
	mustRegister(t, db,
		sqlcsv.Function{Name: "fail_on_3", Args: []types.Type{types.BigintType}, Result: types.BigintType,
			Eval: func(_ context.Context, a []any) (any, error) {
				if a[0] == int64(3) {
					return nil, errBad
				}
				return a[0], nil
			}},
		sqlcsv.Function{Name: "bad_result", Result: types.BigintType, Volatile: true,
			Eval: func(context.Context, []any) (any, error) { return "x", nil }},
		sqlcsv.Function{Name: "panics", Result: types.BigintType, Volatile: true,
			Eval: func(context.Context, []any) (any, error) { panic("oops") }},
		sqlcsv.Function{Name: "needs_int", Args: []types.Type{types.BigintType}, Result: types.BigintType,
			Eval: func(_ context.Context, a []any) (any, error) { return a[0], nil }})
	err := queryErr(ctx, db, "SELECT fail_on_3(id) FROM cities")
	if !errors.Is(err, errBad) || !strings.Contains(err.Error(), "FAIL_ON_3: bad id 3") {
		t.Errorf("Eval error: %v", err)
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT bad_result() FROM cities", "BAD_RESULT returned a string for a BIGINT result"},
		{"SELECT panics() FROM cities", "PANICS: panic: oops"},
		{"SELECT needs_int(name) FROM cities", "NEEDS_INT: argument 1 has type VARCHAR, expected BIGINT"},
		{"SELECT needs_int(1, 2)", "NEEDS_INT takes 1 argument, not 2"},
		{"SELECT bad_result(1)", "BAD_RESULT takes no arguments, not 1"},
		{"SELECT needs_in(1)", "unknown function NEEDS_IN (did you mean NEEDS_INT?)"},
		{"SELECT uper('a')", "unknown function UPER (did you mean UPPER?)"},
	} {
		err := queryErr(ctx, db, c.sql)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s", c.sql, err, c.want)
		}
	}
	eval := func(context.Context, []any) (any, error) { return nil, nil }
	for _, c := range []struct {
		f    sqlcsv.Function
		want string
	}{
		{sqlcsv.Function{Name: "Upper", Args: []types.Type{types.VarcharType}, Result: types.VarcharType, Eval: eval},
			"RegisterFunction Upper: the name of a built-in function"},
		{sqlcsv.Function{Name: "count", Result: types.BigintType, Eval: eval}, "RegisterFunction count: the name of a built-in function"},
		{sqlcsv.Function{Name: "cast", Result: types.BigintType, Eval: eval}, "RegisterFunction cast: the name of a built-in function"},
		{sqlcsv.Function{Name: "1x", Result: types.BigintType, Eval: eval},
			"RegisterFunction 1x: the name must be letters, digits and underscores, not starting with a digit"},
		{sqlcsv.Function{Name: "f", Result: types.BigintType}, "RegisterFunction f: Eval is nil"},
		{sqlcsv.Function{Name: "f", Eval: eval}, "RegisterFunction f: result: type NULL is not a SQL value's"},
		{sqlcsv.Function{Name: "f", Result: types.DecimalType(40, 2), Eval: eval},
			"RegisterFunction f: result: DECIMAL precision 40 is out of range (1 to 38)"},
		{sqlcsv.Function{Name: "f", Args: []types.Type{types.BigintType, {}}, Result: types.BigintType, Eval: eval},
			"RegisterFunction f: argument 2: type NULL is not a SQL value's"},
		{sqlcsv.Function{Name: "f", AnyArgs: true, Args: []types.Type{types.BigintType}, Result: types.BigintType, Eval: eval},
			"RegisterFunction f: AnyArgs with Args: leave Args nil"},
		{sqlcsv.Function{Name: "f", AnyArgs: true, MinArgs: 2, MaxArgs: 1, Result: types.BigintType, Eval: eval},
			"RegisterFunction f: MinArgs 2 and MaxArgs 1: want 0 <= MinArgs <= MaxArgs, or MaxArgs < 0 for no limit"},
		{sqlcsv.Function{Name: "f", MinArgs: 1, Result: types.BigintType, Eval: eval},
			"RegisterFunction f: MinArgs and MaxArgs are for AnyArgs; Args sets the count"},
	} {
		if err := db.RegisterFunction(c.f); err == nil || err.Error() != c.want {
			t.Errorf("%+v: %v, want %s", c.f.Name, err, c.want)
		}
	}
	if err := db.RegisterFunction(sqlcsv.Function{Name: "lower", Result: types.VarcharType, Eval: eval}); !errors.Is(err, sqlcsv.ErrBuiltinFunction) {
		t.Errorf("built-in name: %v, want ErrBuiltinFunction", err)
	}
	db.Close()
	if err := db.RegisterFunction(sqlcsv.Function{Name: "g", Result: types.VarcharType, Eval: eval}); !errors.Is(err, sqlcsv.ErrClosed) {
		t.Errorf("after Close: %v, want ErrClosed", err)
	}
}

// Each DB has its own functions.
func TestFunctionsPerDB(t *testing.T) {
	a, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlcsv.Open(sqlcsv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	constant := func(v string) sqlcsv.Function {
		return sqlcsv.Function{Name: "whoami", Result: types.VarcharType,
			Eval: func(context.Context, []any) (any, error) { return v, nil }}
	}
	mustRegister(t, a, constant("a"))
	wantQuery(t, a, "SELECT whoami()", "a")
	err = queryErr(context.Background(), b, "SELECT whoami()")
	if err == nil || !strings.HasPrefix(err.Error(), "unknown function WHOAMI") {
		t.Errorf("the other DB: %v", err)
	}
	mustRegister(t, b, constant("b"))
	wantQuery(t, a, "SELECT whoami()", "a")
	wantQuery(t, b, "SELECT whoami()", "b")
}

// Queries from several sessions run while functions are registered; each
// sees its own session's state.
func TestFunctionsConcurrent(t *testing.T) {
	mem := checkedMem(t)
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := make([]int64, 5000)
	for i := range ids {
		ids[i] = int64(i)
	}
	registerIDs(t, db, mem, "n", ids...)
	user := sqlcsv.Function{Name: "current_user", Result: types.VarcharType,
		Eval: func(ctx context.Context, _ []any) (any, error) { return ctx.Value(sessionKey{}).(string), nil }}
	plus := sqlcsv.Function{Name: "plus", Args: []types.Type{types.BigintType, types.VarcharType}, Result: types.BigintType, Volatile: true,
		Eval: func(ctx context.Context, a []any) (any, error) {
			return a[0].(int64) + int64(len(a[1].(string))) + int64(len(ctx.Value(sessionKey{}).(string))), nil
		}}
	mustRegister(t, db, user, plus)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := strings.Repeat("u", g+1)
			ctx := context.WithValue(context.Background(), sessionKey{}, name)
			for i := 0; i < 10; i++ {
				if g%2 == 0 {
					// Registering again replaces the function with an equal one.
					if err := db.RegisterFunction(plus); err != nil {
						errs <- err
						return
					}
				}
				rows, err := db.Query(ctx, "SELECT current_user, SUM(plus(id, 'ab')) FROM n WHERE plus(id, '') % 2 = 0")
				if err != nil {
					errs <- err
					return
				}
				row, err := rows.NextRow(ctx)
				rows.Close()
				if err != nil {
					errs <- err
					return
				}
				// plus(id, '') = id + g+1 is even for half of the ids; the
				// sum of id + 2 + g+1 over them.
				var want int64
				for _, id := range ids {
					if (id+int64(g+1))%2 == 0 {
						want += id + 2 + int64(g+1)
					}
				}
				if row[0] != name || row[1] != want {
					errs <- fmt.Errorf("session %s: got %v, want [%s %d]", name, row, name, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A set-returning function (Rows) yields rows in the select list, each
// input row repeated once per value; ResultFor types a call from its
// arguments' tags; Eval and Rows together are refused.
func TestFunctionRows(t *testing.T) {
	db := tripsDB(t)
	mustRegister(t, db,
		sqlcsv.Function{Name: "digits", Args: []types.Type{types.BigintType}, Result: types.VarcharType,
			Rows: func(_ context.Context, a []any) ([]any, error) {
				if a[0] == nil {
					return nil, nil
				}
				var out []any
				for _, r := range strconv.FormatInt(a[0].(int64), 10) {
					out = append(out, string(r))
				}
				return out, nil
			}},
		sqlcsv.Function{Name: "echo", AnyArgs: true, MinArgs: 1, MaxArgs: 1, Result: types.VarcharType,
			ResultFor: func(tags []string) (types.Type, string) {
				if tags[0] == "" {
					return types.BigintType, "untagged"
				}
				return types.VarcharType, "from " + tags[0]
			},
			Eval: func(_ context.Context, a []any) (any, error) { return fmt.Sprint(a[0]), nil }})
	wantQuery(t, db, `SELECT km, digits(km * 11) AS d FROM "trips.csv" WHERE km > 5 ORDER BY km, d`,
		"7|7", "7|7", "10|0", "10|1", "10|1")
	wantQuery(t, db, `SELECT count(*) FROM (SELECT digits(city_id * 1000) AS d FROM "trips.csv") s`, "20")
	// An untagged argument makes echo BIGINT, from the number's text.
	wantQuery(t, db, `SELECT echo(km) + 1 FROM "trips.csv" ORDER BY 1 LIMIT 2`, "2", "3")
	err := db.RegisterFunction(sqlcsv.Function{Name: "both", Result: types.BigintType,
		Eval: func(context.Context, []any) (any, error) { return nil, nil },
		Rows: func(context.Context, []any) ([]any, error) { return nil, nil }})
	if err == nil || !strings.Contains(err.Error(), "both Eval and Rows are set") {
		t.Errorf("Eval and Rows: %v", err)
	}
}
