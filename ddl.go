package sqlcsv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/dsv"
)

// declaredTable is a table made by CREATE TABLE: a schema, declared or
// left to the sniffer, and the files LOAD DATA attached to it, read in
// place at query time.
type declaredTable struct {
	name string
	db   *DB // for the settings that apply when the table is read
	mu   sync.Mutex
	cols []types.Column // nil until known
	// files are those of every LOAD DATA, in order.
	files []*dsv.File
}

// Name implements catalog.Table.
func (t *declaredTable) Name() string { return t.name }

// Columns implements catalog.Table.
func (t *declaredTable) Columns() []types.Column {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cols
}

// Hidden implements catalog.WithHidden: the name of each row's file.
func (t *declaredTable) Hidden() []types.Column {
	return []types.Column{{Name: dsv.FilenameColumn, Type: types.VarcharType, Origin: types.Derived}}
}

// NewScan implements vector.ScanSource.
func (t *declaredTable) NewScan(cols []int) vector.Scan {
	t.mu.Lock()
	files := append([]*dsv.File(nil), t.files...)
	t.mu.Unlock()
	if len(files) == 0 {
		return emptyScan{name: t.name}
	}
	ignore := t.db.fileOptions().IgnoreErrors
	for i, f := range files {
		files[i] = f.WithIgnoreErrors(ignore)
	}
	m, err := dsv.NewMultiFile(t.name, files)
	if err != nil {
		// Every file was made with the table's schema: they always unify.
		panic(err)
	}
	return m.NewScan(cols)
}

// EstimatedRows implements catalog.RowEstimator.
func (t *declaredTable) EstimatedRows() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var n float64
	for _, f := range t.files {
		n += f.EstimatedRows()
	}
	return n
}

// EstimatedDistinct implements catalog.DistinctEstimator.
func (t *declaredTable) EstimatedDistinct(col int) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var d float64
	for _, f := range t.files {
		d = max(d, f.EstimatedDistinct(col))
	}
	return d
}

// emptyScan reads a table without files.
type emptyScan struct{ name string }

func (e emptyScan) Partitions() int { return 0 }
func (e emptyScan) Open(context.Context, int) (vector.BatchReader, error) {
	return nil, fmt.Errorf("table %s has no files", e.name)
}
func (e emptyScan) Restart(int) bool { return false }
func (e emptyScan) Describe() string { return e.name + " (no files: LOAD DATA attaches them)" }

// sqlType maps a column type of CREATE TABLE to a SQL type of sqlcsv.
func sqlType(tp interface {
	GetType() byte
	GetFlen() int
	GetDecimal() int
	String() string
}) (types.Type, error) {
	switch tp.GetType() {
	case mysql.TypeTiny:
		if tp.GetFlen() == 1 {
			return types.BooleanType, nil // BOOLEAN is TINYINT(1)
		}
		return types.BigintType, nil
	case mysql.TypeShort, mysql.TypeInt24, mysql.TypeLong, mysql.TypeLonglong, mysql.TypeYear:
		return types.BigintType, nil
	case mysql.TypeFloat, mysql.TypeDouble:
		return types.DoubleType, nil
	case mysql.TypeNewDecimal:
		return types.NewDecimal(tp.GetFlen(), tp.GetDecimal())
	case mysql.TypeVarchar, mysql.TypeVarString, mysql.TypeString, mysql.TypeBlob,
		mysql.TypeTinyBlob, mysql.TypeMediumBlob, mysql.TypeLongBlob, mysql.TypeEnum, mysql.TypeSet:
		return types.VarcharType, nil
	case mysql.TypeDate:
		return types.DateType, nil
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		return types.TimestampType, nil
	}
	return types.Type{}, fmt.Errorf("column type %s is not supported (use BIGINT, DOUBLE, DECIMAL, VARCHAR, BOOLEAN, DATE or TIMESTAMP)", tp)
}

func (db *DB) createTable(n *ast.CreateTableStmt) error {
	name := db.tableName(n.Table)
	if n.Select != nil || n.ReferTable != nil {
		return &binder.UnsupportedError{What: "CREATE TABLE ... AS SELECT / LIKE (sqlcsv reads files in place; use CREATE VIEW)", Offset: -1}
	}
	if _, exists := db.cat.Get(name); exists {
		if n.IfNotExists {
			return nil
		}
		return fmt.Errorf("table %q already exists (DROP TABLE %s first)", name, name)
	}
	t := &declaredTable{name: name, db: db}
	if len(n.Cols) > 0 {
		t.cols = []types.Column{}
		seen := map[string]bool{}
		for _, c := range n.Cols {
			ty, err := sqlType(c.Tp)
			if err != nil {
				return fmt.Errorf("CREATE TABLE %s: column %s: %w", name, c.Name.Name.O, err)
			}
			if seen[c.Name.Name.L] {
				return fmt.Errorf("CREATE TABLE %s: column %s appears twice", name, c.Name.Name.O)
			}
			seen[c.Name.Name.L] = true
			nullable := true
			for _, o := range c.Options {
				if o.Tp == ast.ColumnOptionNotNull || o.Tp == ast.ColumnOptionPrimaryKey {
					nullable = false
				}
			}
			t.cols = append(t.cols, types.Column{Name: c.Name.Name.O, Type: ty, Nullable: nullable, Origin: types.Declared})
		}
	}
	db.cat.Register(t)
	return nil
}

func (db *DB) dropTable(n *ast.DropTableStmt) error {
	for _, tn := range n.Tables {
		name := db.tableName(tn)
		t, ok := db.cat.Get(name)
		_, isView := t.(*catalog.View)
		switch {
		case !ok && n.IfExists:
			continue
		case !ok:
			return fmt.Errorf("table %q does not exist", name)
		case n.IsView && !isView:
			return fmt.Errorf("%q is a table, not a view: use DROP TABLE", name)
		case !n.IsView && isView:
			return fmt.Errorf("%q is a view, not a table: use DROP VIEW", name)
		}
		db.cat.Drop(name)
		db.mu.Lock()
		delete(db.registered, name)
		db.mu.Unlock()
	}
	return nil
}

func (db *DB) createView(ctx context.Context, n *ast.CreateViewStmt, source string) error {
	name := db.tableName(n.ViewName)
	sel, ok := n.Select.(ast.ResultSetNode)
	if !ok {
		return &binder.UnsupportedError{What: "a view over this kind of query", Offset: -1}
	}
	if t, exists := db.cat.Get(name); exists {
		if _, isView := t.(*catalog.View); !isView || !n.OrReplace {
			return fmt.Errorf("table %q already exists", name)
		}
	}
	// Bind the query now: errors show at CREATE VIEW, and the view knows
	// its columns.
	if db.postgresNames() {
		ctx = binder.WithPostgresNames(ctx)
	}
	logical, err := binder.Select(ctx, db.cat, sel, source)
	if err != nil {
		return err
	}
	var cols []types.Column
	for _, c := range logical.Columns() {
		cols = append(cols, types.Column{Name: c.Name, Type: c.Type, Nullable: true, Origin: types.Derived})
	}
	var names []string
	if len(n.Cols) > 0 {
		if len(n.Cols) != len(cols) {
			return fmt.Errorf("CREATE VIEW %s: %d column names for %d columns", name, len(n.Cols), len(cols))
		}
		for i, c := range n.Cols {
			names = append(names, c.O)
			cols[i].Name = c.O
		}
	}
	db.cat.Register(&catalog.View{ViewName: name, Query: sel, SQL: source, Cols: cols, ColNames: names})
	return nil
}

// loadData attaches the files LOAD DATA names to a table made by CREATE
// TABLE, with the dialect it gives. Nothing is copied: the files are read
// when queried.
func (db *DB) loadData(ctx context.Context, n *ast.LoadDataStmt) error {
	tname := db.tableName(n.Table)
	t0, ok := db.cat.Get(tname)
	if !ok {
		return fmt.Errorf("LOAD DATA: table %q does not exist (CREATE TABLE %s first)", tname, tname)
	}
	t, ok := t0.(*declaredTable)
	if !ok {
		return fmt.Errorf("LOAD DATA: %q is not a table made by CREATE TABLE", tname)
	}
	if len(n.ColumnsAndUserVars) > 0 || len(n.ColumnAssignments) > 0 {
		return &binder.UnsupportedError{What: "LOAD DATA with a column list or SET", Offset: -1}
	}
	opts := db.fileOptions()
	opts.Cache = nil
	if n.FieldsInfo != nil || n.LinesInfo != nil {
		d := dsv.Dialect{Delimiter: '\t', Escape: '\\'} // MySQL's defaults
		if fi := n.FieldsInfo; fi != nil {
			if fi.Terminated != nil {
				if len(*fi.Terminated) != 1 {
					return fmt.Errorf("LOAD DATA: FIELDS TERMINATED BY must be one character, not %q", *fi.Terminated)
				}
				d.Delimiter = (*fi.Terminated)[0]
			}
			if fi.Enclosed != nil {
				if len(*fi.Enclosed) > 1 {
					return fmt.Errorf("LOAD DATA: ENCLOSED BY must be one character, not %q", *fi.Enclosed)
				}
				if len(*fi.Enclosed) == 1 {
					d.Quote = (*fi.Enclosed)[0]
				}
			}
			if fi.Escaped != nil {
				if len(*fi.Escaped) > 1 {
					return fmt.Errorf("LOAD DATA: ESCAPED BY must be one character, not %q", *fi.Escaped)
				}
				d.Escape = 0
				if len(*fi.Escaped) == 1 {
					d.Escape = (*fi.Escaped)[0]
				}
			}
			if fi.DefinedNullBy != nil {
				opts.NullStrings = []string{*fi.DefinedNullBy}
			}
		}
		if li := n.LinesInfo; li != nil {
			if li.Starting != nil && *li.Starting != "" {
				return &binder.UnsupportedError{What: "LINES STARTING BY", Offset: -1}
			}
			if li.Terminated != nil && *li.Terminated != "\n" && *li.Terminated != "\r\n" {
				return &binder.UnsupportedError{What: fmt.Sprintf("LINES TERMINATED BY %q (lines must end with \\n or \\r\\n)", *li.Terminated), Offset: -1}
			}
		}
		opts.Dialect = &d
	}
	if n.IgnoreLines != nil {
		opts.IgnoreLines = int(*n.IgnoreLines)
		if opts.Dialect == nil {
			// IGNORE without a FIELDS clause: sniff the rest, skip the lines.
			return &binder.UnsupportedError{What: "IGNORE n LINES without a FIELDS clause (say FIELDS TERMINATED BY ...)", Offset: -1}
		}
	}
	paths, err := expandPaths(n.Path)
	if err != nil {
		return fmt.Errorf("LOAD DATA: %w", err)
	}
	t.mu.Lock()
	cols := t.cols
	t.mu.Unlock()
	var files []*dsv.File
	for _, p := range paths {
		o := opts
		o.Columns = cols
		f, err := dsv.Open(ctx, tname, p, o)
		if err != nil {
			return fmt.Errorf("LOAD DATA: %w", err)
		}
		if cols == nil {
			// CREATE TABLE without columns: the first file says them.
			cols = f.Columns()
		}
		files = append(files, f)
	}
	t.mu.Lock()
	if t.cols == nil {
		t.cols = cols
	}
	t.files = append(t.files, files...)
	t.mu.Unlock()
	return nil
}

// expandPaths turns a path, a directory or a glob pattern into files.
func expandPaths(path string) ([]string, error) {
	var out []string
	if strings.ContainsAny(path, "*?[") {
		matches, err := filepath.Glob(path)
		if err != nil {
			return nil, fmt.Errorf("bad pattern %q: %w", path, err)
		}
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() {
				out = append(out, m)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no file matches %q", path)
		}
		sort.Strings(out)
		return out, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(path, e.Name()))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("directory %s holds no files", path)
	}
	sort.Strings(out)
	return out, nil
}
