package pgwire

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Array-typed columns in binary format (pgx asks for it in its prepared
// modes): array_send's layout, NULL elements and empty arrays too.
func TestArraysBinary(t *testing.T) {
	url := testServer(t, map[string]string{"core.csv": coreCSV})
	conn := connect(t, url)
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		var names []*string
		if err := conn.QueryRow(ctx, "SELECT array_agg(name ORDER BY id) FROM core", mode).Scan(&names); err != nil {
			t.Fatalf("%v: text[]: %v", mode, err)
		}
		var got []string
		for _, n := range names {
			if n == nil {
				got = append(got, "NULL")
			} else {
				got = append(got, *n)
			}
		}
		if strings.Join(got, ",") != "Ada,Bob,NULL" {
			t.Errorf("%v: text[] %v", mode, got)
		}
		var schemas []string
		if err := conn.QueryRow(ctx, "SELECT current_schemas(true)", mode).Scan(&schemas); err != nil || strings.Join(schemas, ",") != "pg_catalog,public" {
			t.Errorf("%v: name[] %v %v", mode, schemas, err)
		}
		var ids []int64
		if err := conn.QueryRow(ctx, "SELECT array_agg(id ORDER BY id DESC) FROM core", mode).Scan(&ids); err != nil || len(ids) != 3 || ids[0] != 3 || ids[2] != 1 {
			t.Errorf("%v: int8[] %v %v", mode, ids, err)
		}
		var none []int64
		if err := conn.QueryRow(ctx, "SELECT '{}'::int8[]", mode).Scan(&none); err != nil || len(none) != 0 {
			t.Errorf("%v: empty int8[] %v %v", mode, none, err)
		}
	}
}
