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

import "testing"

// psql's catalog commands print what they print against PostgreSQL.
func TestPsqlCatalogCommands(t *testing.T) {
	pg, e := startPostgres(t), serveTrips(t, 0)
	// \dt+ shows PostgreSQL's on-disk size (sqlcsv its files'). The others
	// run by default (TestPsqlCatalog).
	for _, cmd := range []string{`\dt+ trips`} {
		t.Run(cmd, func(t *testing.T) {
			same(t, "psql -c "+cmd, psql(t, pg, "-c", cmd), psql(t, e, "-c", cmd))
		})
	}
}
