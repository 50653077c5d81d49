package sqlcsv

import (
	"sort"

	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// TableKind says what a table of the DB reads.
type TableKind string

// The kinds of tables.
const (
	// FileTable reads a delimited file, or the files of a directory or
	// glob (Register).
	FileTable TableKind = "file"
	// ViewTable runs a query (CREATE VIEW).
	ViewTable TableKind = "view"
	// RecordsTable holds Arrow records in memory (RegisterRecords).
	RecordsTable TableKind = "records"
)

// TableInfo describes a registered table: its name as registered (which
// may be schema-qualified, as "pg_catalog.pg_class"), its kind, the file
// it reads (for a file table registered from one path) and its columns.
type TableInfo struct {
	Name    string
	Kind    TableKind
	Path    string
	Columns []types.Column
}

// Tables lists the DB's registered tables and views, sorted by name.
// Files that queries name directly are not listed.
func (db *DB) Tables() ([]TableInfo, error) {
	if db.isClosed() {
		return nil, ErrClosed
	}
	db.mu.Lock()
	paths := make(map[string]string, len(db.registered))
	for n, p := range db.registered {
		paths[n] = p
	}
	db.mu.Unlock()
	var out []TableInfo
	for _, name := range db.cat.Names() {
		t, ok := db.cat.Get(name)
		if !ok {
			continue // dropped meanwhile
		}
		info := TableInfo{Name: t.Name(), Kind: FileTable, Columns: append([]types.Column(nil), t.Columns()...)}
		switch t.(type) {
		case *catalog.View:
			info.Kind = ViewTable
		case *vector.RecordTable:
			info.Kind = RecordsTable
		}
		if info.Kind == FileTable {
			info.Path = paths[name]
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
