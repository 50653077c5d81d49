//go:build pgcatalog

package pgwire

// Differential tests the server does not pass yet (see the README's
// "The PostgreSQL server" for what is missing): they are built only with
//
//	go test -tags pgcatalog ./pgwire/...
//
// and move to differential_test.go as they pass.
//
// Each runs a client against a real PostgreSQL 15 (postgres_test.go)
// and against sqlcsv serve, both holding the table trips of tripsCSV, and
// expects the same: PostgreSQL's output is the expected one.

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// psql's catalog commands print what they print against PostgreSQL.
func TestPsqlCatalogCommands(t *testing.T) {
	pg, e := startPostgres(t), serveTrips(t, 0)
	// \l lists template databases sqlcsv has not; \dt+ shows
	// PostgreSQL's on-disk size. The others run by default
	// (TestPsqlCatalog).
	for _, cmd := range []string{`\l`, `\dt+ trips`} {
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

// readCaptures reads the queries of the captures: each is the
// text between a "-- [message]" line and the next "-- " line.
func readCaptures(t *testing.T) []capturedQuery {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "sql", "pgdialect", "testdata", "*.sql"))
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

// oidTypes are the types whose values are OIDs, or differ between
// installations: their values are not compared.
var oidTypes = map[uint32]bool{26: true, 24: true, 2202: true, 2203: true, 2204: true, 2205: true, 2206: true, 4089: true, 4096: true, 28: true, 1028: true, 22: true, 30: true}

// run answers a captured query as a simple query (the message the
// captured client sent, with parameters, is left to the client tests).
func shapes(ctx context.Context, conn *pgconn.PgConn, sql string) []resultShape {
	results, err := conn.Exec(ctx, sql).ReadAll()
	var out []resultShape
	for _, r := range results {
		s := resultShape{tag: r.CommandTag.String(), rows: len(r.Rows)}
		var keep []bool
		for _, f := range r.FieldDescriptions {
			s.columns = append(s.columns, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
			name := strings.ToLower(f.Name)
			keep = append(keep, !oidTypes[f.DataTypeOID] && !strings.Contains(name, "oid") && !strings.HasSuffix(name, "relid") && !strings.Contains(name, "typarray") && name != "server_version" && name != "version")
		}
		for _, row := range r.Rows {
			var cells []string
			for i, v := range row {
				if i < len(keep) && keep[i] {
					cells = append(cells, string(v))
				}
			}
			s.values = append(s.values, strings.Join(cells, "|"))
		}
		out = append(out, s)
	}
	if err != nil {
		code := "?"
		if pe, ok := err.(*pgconn.PgError); ok {
			code = pe.Code
		} else {
			code = err.Error()
		}
		out = append(out, resultShape{err: code})
	}
	return out
}

// Every captured query answers, in sqlcsv, with PostgreSQL's columns (names
// and type OIDs), row counts, and values (outside OID columns).
func TestCapturedQueriesDifferential(t *testing.T) {
	ctx := context.Background()
	pgEnd, e := startPostgres(t), serveTrips(t, 0)
	pgc, err := pgconn.Connect(ctx, pgEnd.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer pgc.Close(ctx)
	var sc *pgx.Conn = connect(t, e.URL())
	qs := readCaptures(t)
	var matched, skipped, total int
	for _, q := range qs {
		if strings.Contains(q.sql, "$1") || strings.Contains(q.sql, `\bind`) {
			skipped++ // has parameters: the client tests send these
			continue
		}
		total++
		want := shapes(ctx, pgc, q.sql)
		got := shapes(ctx, sc.PgConn(), q.sql)
		ws, gs := fmt.Sprint(want), fmt.Sprint(got)
		if ws == gs {
			matched++
			continue
		}
		t.Errorf("%s:%d (%s):\n%s\nsqlcsv:     %s\nPostgreSQL: %s", q.file, q.line, q.kind, strings.TrimSpace(q.sql), gs, ws)
		// Leave both sessions out of any transaction the query left open.
		for _, c := range []*pgconn.PgConn{pgc, sc.PgConn()} {
			if c.TxStatus() != 'I' {
				c.Exec(ctx, "ROLLBACK").ReadAll()
			}
		}
	}
	t.Logf("%d of %d captured queries answer as PostgreSQL 15 does (%d with parameters left to the client tests)", matched, total, skipped)
}
