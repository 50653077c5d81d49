package pgwire

// Clients run against a real PostgreSQL 15 (postgres_test.go) and against
// sqlcsv serve, both holding the table trips of tripsCSV, must print the
// same: PostgreSQL's output is the expected one. The clients whose
// catalog queries the server does not answer yet are in catalog_test.go,
// built with -tags pgcatalog.

import (
	"path/filepath"
	"testing"
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
	for _, cmd := range []string{`\dt`, `\d`, `\dn`, `\dt trips`, `\l`} {
		t.Run(cmd, func(t *testing.T) {
			same(t, "psql -c "+cmd, psql(t, pg, "-c", cmd), psql(t, e, "-c", cmd))
		})
	}
}
