package pgwire

// Clients run against a real PostgreSQL 15 (postgres_test.go) and against
// sqlcsv serve, both holding the table trips of tripsCSV, must print the
// same: PostgreSQL's output is the expected one. The clients whose
// catalog queries the server does not answer yet are in catalog_test.go,
// built with -tags pgcatalog.

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// same fails the test unless sqlcsv's output is PostgreSQL's.
func same(t *testing.T, what string, pg, got clientResult) {
	t.Helper()
	if pg.code != 0 {
		t.Fatalf("%s against PostgreSQL exited %d:\n%s%s", what, pg.code, pg.stdout, pg.stderr)
	}
	if got.code != pg.code || got.stdout != pg.stdout {
		t.Errorf("%s: sqlcsv exited %d and printed\n%s\nstderr:\n%s\nPostgreSQL 15 printed\n%s", what, got.code, got.stdout, got.stderr, pg.stdout)
	}
}

// SQLAlchemy's dialect initialization (version(), current_schema(), ...),
// pandas.read_sql through it, inspect() and read_sql_table.
func TestSQLAlchemy(t *testing.T) {
	py := python3(t)
	needPython(t, py, "psycopg2, sqlalchemy, pandas")
	script := filepath.Join(clientsDir(t), "python", "sqlalchemy_pandas.py")
	pg, e := startPostgres(t), serveTrips(t, 0)
	same(t, "sqlalchemy_pandas.py", runClient(t, pg.libpqEnv(), py, script), runClient(t, e.libpqEnv(), py, script))
}

// pgjdbc's DatabaseMetaData: getSchemas, getTables, getColumns,
// getPrimaryKeys.
func TestJDBCMetadata(t *testing.T) {
	pg, e := startPostgres(t), serveTrips(t, 0)
	same(t, "java Metadata.java", javaClient(t, pg, "Metadata.java"), javaClient(t, e, "Metadata.java"))
}

// psql's catalog commands print what they print against PostgreSQL.
func TestPsqlCatalog(t *testing.T) {
	pg, e := startPostgres(t), serveTrips(t, 0)
	for _, cmd := range []string{`\dt`, `\d`, `\dn`, `\dt trips`, `\d trips`, `\l`} {
		t.Run(cmd, func(t *testing.T) {
			same(t, "psql -c "+cmd, psql(t, pg, "-c", cmd), psql(t, e, "-c", cmd))
		})
	}
}

// capturedQuery is a message of the captures of what real clients send
// (sql/pgdialect/testdata, whose tests rewrite them all): a simple Query, or a
// Parse with the type OIDs of its parameters.
type capturedQuery struct {
	file, kind, sql string
	line            int
}

// key names a captured query as the exception lists do: file:line.
func (q capturedQuery) key() string { return fmt.Sprintf("%s:%d", q.file, q.line) }

// readCaptures reads the queries of the captures (and of testdata/*.sql:
// DBeaver's and Grafana's metadata queries): each is the text between a
// "-- [message]" line and the next "-- " line.
func readCaptures(t *testing.T) []capturedQuery {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "sql", "pgdialect", "testdata", "*.sql"))
	ours, _ := filepath.Glob(filepath.Join("testdata", "*.sql"))
	files = append(files, ours...)
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	sort.Strings(files)
	var qs []capturedQuery
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur *capturedQuery
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.HasPrefix(line, "-- ") {
				cur = nil
				if strings.HasPrefix(line, "-- [") {
					qs = append(qs, capturedQuery{file: filepath.Base(f), kind: strings.Trim(line[3:], "[]"), line: n + 1})
					cur = &qs[len(qs)-1]
				}
				continue
			}
			if cur != nil {
				cur.sql += line + "\n"
			}
		}
	}
	return qs
}

// resultShape is what one statement of a query answered.
type resultShape struct {
	err     string // SQLSTATE
	tag     string
	columns []string // name:type OID
	rows    int
	values  []string // the rows, in columns whose values do not depend on OIDs
}

func (r resultShape) String() string {
	if r.err != "" {
		return "ERROR " + r.err
	}
	return fmt.Sprintf("%s columns [%s] rows %d values %q", r.tag, strings.Join(r.columns, " "), r.rows, r.values)
}

// shape is the outcome without the rows: the error, or the command tag
// (without its row count) and the columns.
func (r resultShape) shape() string {
	if r.err != "" {
		return "ERROR " + r.err
	}
	tag := r.tag
	if i := strings.LastIndexByte(tag, ' '); i > 0 && strings.Trim(tag[i+1:], "0123456789") == "" {
		tag = tag[:i]
	}
	return fmt.Sprintf("%s columns [%s]", tag, strings.Join(r.columns, " "))
}

// oidTypes are the types whose values are OIDs, or differ between
// installations: their values are not compared.
var oidTypes = map[uint32]bool{26: true, 24: true, 2202: true, 2203: true, 2204: true, 2205: true, 2206: true, 4089: true, 4096: true, 28: true, 1028: true, 22: true, 30: true}

// shapes answers a captured query as a simple query (the message the
// captured client sent, with parameters, is left to the client tests).
func shapes(ctx context.Context, conn *pgconn.PgConn, sql string) []resultShape {
	mrr := conn.Exec(ctx, sql)
	var out []resultShape
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		// The columns even of a result without rows.
		fields := rr.FieldDescriptions()
		var s resultShape
		var keep []bool
		for _, f := range fields {
			s.columns = append(s.columns, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
			name := strings.ToLower(f.Name)
			keep = append(keep, !oidTypes[f.DataTypeOID] && !strings.Contains(name, "oid") && !strings.HasSuffix(name, "relid") && !strings.Contains(name, "typarray") && name != "server_version" && name != "version")
		}
		for rr.NextRow() {
			var cells []string
			for i, v := range rr.Values() {
				if i < len(keep) && keep[i] {
					cells = append(cells, string(v))
				}
			}
			s.values = append(s.values, strings.Join(cells, "|"))
			s.rows++
		}
		tag, err := rr.Close()
		if err != nil {
			break // the error is mrr's too
		}
		s.tag = tag.String()
		out = append(out, s)
	}
	if err := mrr.Close(); err != nil {
		code := err.Error()
		if pe, ok := err.(*pgconn.PgError); ok {
			code = pe.Code
		}
		out = append(out, resultShape{err: code})
	}
	return out
}

// capturedTripsOID is the OID trips had in the PostgreSQL the captures
// were made against: queries that name the table by its OID (psql's
// \d trips, SQLAlchemy's reflection) are sent with the OID trips has in
// the server asked.
const capturedTripsOID = "16384"

// tripsOID is trips' OID in a server.
func tripsOID(ctx context.Context, t *testing.T, conn *pgconn.PgConn) string {
	t.Helper()
	res, err := conn.Exec(ctx, "SELECT 'trips'::regclass::oid").ReadAll()
	if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
		t.Fatalf("trips' OID: %v", err)
	}
	return string(res[0].Rows[0][0])
}

// withOID puts a server's OID of trips for the captured one.
func withOID(sql, oid string) string {
	return regexp.MustCompile(`\b`+capturedTripsOID+`\b`).ReplaceAllString(sql, oid)
}

// builtinEnumerations are the captured queries whose rows list
// PostgreSQL's built-in objects, which sqlcsv emulates only in part: they
// must answer with PostgreSQL's outcome, command tag, column names and
// type OIDs, but their rows may differ.
var builtinEnumerations = map[string]string{
	// pgjdbc's type map: every type but the composite types of
	// relations that are not composite-only. sqlcsv has PostgreSQL's
	// built-in types (catalog_data.go) but not the composite type of each
	// catalog relation, nor their arrays (_pg_class, ...), nor _trips:
	// its relations have no row types.
	"jdbc.sql:16": "all of pg_type",
	// pgcli's function list for completion: PostgreSQL's 3227 built-in
	// functions; sqlcsv's pg_proc is empty.
	"pgcli.sql:127": "all of pg_proc",
	// pgjdbc's type map by search path position: all of pg_type,
	// composite types too.
	"jdbc.sql:18": "all of pg_type",
	// PostgreSQL's built-in extension plpgsql; sqlcsv has none.
	"dbeaver.sql:27": "all of pg_extension",
}

// Every parameterless captured query answers, in sqlcsv, with PostgreSQL
// 15's outcome (error or result), command tags, column names and type
// OIDs, and but for builtinEnumerations with its row counts and values
// (outside OID columns).
func TestCapturedQueriesDifferential(t *testing.T) {
	ctx := context.Background()
	pgEnd, e := startPostgres(t), serveTrips(t, 0)
	pgc, err := pgconn.Connect(ctx, pgEnd.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer pgc.Close(ctx)
	sc := connect(t, e.URL()).PgConn()
	pgOID, scOID := tripsOID(ctx, t, pgc), tripsOID(ctx, t, sc)
	var matched, skipped, total int
	seen := map[string]bool{}
	for _, q := range readCaptures(t) {
		if strings.Contains(q.sql, "$1") || strings.Contains(q.sql, `\bind`) {
			skipped++ // has parameters: the client tests send these
			continue
		}
		total++
		seen[q.key()] = true
		want := shapes(ctx, pgc, withOID(q.sql, pgOID))
		got := shapes(ctx, sc, withOID(q.sql, scOID))
		// Leave both sessions out of any transaction the query left open.
		for _, c := range []*pgconn.PgConn{pgc, sc} {
			if c.TxStatus() != 'I' {
				c.Exec(ctx, "ROLLBACK").ReadAll()
			}
		}
		ws, gs := fmt.Sprint(want), fmt.Sprint(got)
		_, isBuiltin := builtinEnumerations[q.key()]
		switch {
		case ws == gs:
			matched++
			if isBuiltin {
				t.Errorf("%s now answers as PostgreSQL does, rows too: take it off builtinEnumerations", q.key())
			}
		case isBuiltin:
			var wsh, gsh []string
			for _, r := range want {
				wsh = append(wsh, r.shape())
			}
			for _, r := range got {
				gsh = append(gsh, r.shape())
			}
			if fmt.Sprint(wsh) != fmt.Sprint(gsh) {
				t.Errorf("%s (%s):\n%s\nsqlcsv:     %s\nPostgreSQL: %s", q.key(), q.kind, strings.TrimSpace(q.sql), gsh, wsh)
			}
		default:
			t.Errorf("%s (%s):\n%s\nsqlcsv:     %s\nPostgreSQL: %s", q.key(), q.kind, strings.TrimSpace(q.sql), gs, ws)
		}
	}
	for k := range builtinEnumerations {
		if !seen[k] {
			t.Errorf("%s is on builtinEnumerations but is no parameterless captured query", k)
		}
	}
	t.Logf("%d of %d parameterless captured queries answer as PostgreSQL 15 does (%d with parameters are left to the client tests)", matched, total, skipped)
}
