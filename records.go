package sqlcsv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/vector"
)

// RegisterRecords makes recs, Arrow records of the given schema, queryable
// as table name, held in memory: a small table a program makes, such as a
// catalog relation. The name may hold a dot to put the table in a schema
// ("pg_catalog.pg_class"; see Options.SearchPath). It replaces any table
// or view of that name; a query already running on the old table reads it
// to its end.
//
// The table retains the records it keeps (the caller keeps its own
// references, and may release them at once) and releases them when it is
// replaced or dropped (DROP TABLE) and the queries reading it are closed,
// or when the DB is closed. The columns' types map to SQL types: int64
// (and the other integers, unsigned ones while their values fit) BIGINT;
// float64 and float32 DOUBLE; string and large_string VARCHAR; bool
// BOOLEAN; date32 and date64 DATE; timestamp (any unit, read as UTC)
// TIMESTAMP; decimal128 DECIMAL(p,s). Another type is an error naming the
// column. Values of the engine's own Arrow types (those of
// types.Type.Arrow) are shared, the others copied.
func (db *DB) RegisterRecords(name string, schema *arrow.Schema, recs ...arrow.Record) error {
	if name == "" {
		return errors.New("RegisterRecords: the table needs a name")
	}
	if db.isClosed() {
		return ErrClosed
	}
	t, err := vector.NewRecordTable(name, schema, recs)
	if err != nil {
		return fmt.Errorf("RegisterRecords: %w", err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		t.Release()
		return ErrClosed
	}
	// A file registered under the name before is not opened again when
	// SET changes how files are read.
	for n := range db.registered {
		if strings.EqualFold(n, name) {
			delete(db.registered, n)
		}
	}
	db.cat.Register(t)
	return nil
}

// tableName is the catalog name of a table named in a statement: the
// name alone when it is unqualified or qualified by the default schema,
// else schema.name.
func (db *DB) tableName(tn *ast.TableName) string {
	if tn.Schema.O == "" || db.opts.DefaultSchema != "" && strings.EqualFold(tn.Schema.O, db.opts.DefaultSchema) {
		return tn.Name.O
	}
	return tn.Schema.O + "." + tn.Name.O
}
