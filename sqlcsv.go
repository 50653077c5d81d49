// Package sqlcsv runs SQL over delimited text files (CSV, TSV,
// pipe-separated) of any size, in bounded memory and in parallel.
//
// # Queries
//
// A query names a file directly, or a table registered from one (Register),
// and streams its result as Apache Arrow record batches:
//
//	db, err := sqlcsv.Open(sqlcsv.Options{Root: "./data"})
//	defer db.Close()
//	rows, err := db.Query(ctx, `SELECT BUYER_STATE, COUNT(*) FROM "arcos.tsv" WHERE QUANTITY > ? GROUP BY 1`, 10)
//	defer rows.Close()
//	for {
//		rec, err := rows.Next(ctx) // an arrow.Record; nil at the end
//		...
//		rec.Release()
//	}
//
// The file's dialect (delimiter, header) and column types are sniffed from
// a sample of the file. Each query is parsed (MySQL syntax with
// ANSI_QUOTES and PIPES_AS_CONCAT), bound, optimized and run as a
// vectorized plan over Arrow batches: the scan reads only the columns the
// query uses, in byte-range partitions on all cores.
//
// # Tables in memory, schemas
//
// RegisterRecords makes Arrow records a table, held in memory and queried
// like any other (joined with files, filtered, grouped): a program can
// publish small relations of its own, such as catalog tables. A name may
// carry a schema ("pg_catalog.pg_class"); Options.SearchPath lists the
// schemas an unqualified name is looked up in when no table or file has
// it, and Options.DefaultSchema the schema that qualifies nothing
// ("public"."trips" is trips).
//
// # Arguments, prepared statements
//
// Arguments replace ? placeholders as literals of their Go type's SQL type
// (integers BIGINT, floats DOUBLE, strings VARCHAR, time.Time TIMESTAMP,
// nil NULL). Prepare parses a statement once for many runs; Exec runs
// one whose rows are not wanted (SET, CREATE TABLE, LOAD DATA).
//
// # Cancellation, progress, errors
//
// Cancelling a query's context stops its workers; Next then returns the
// context's error, and Close leaves no goroutine behind. A
// ProgressTracker attached to the context (WithProgress) reports the
// bytes and rows read so far, for a progress bar. Errors are typed:
// ParseError and BindError carry the position in the SQL, DataError the
// file, line, column and value; errors.Is finds ErrDivisionByZero and
// the range errors.
//
// # database/sql
//
// Importing the package registers the "sqlcsv" driver for database/sql
// (see Driver): sql.Open("sqlcsv", "root=./data&threads=4").
package sqlcsv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/pingcap/tidb/pkg/parser/ast"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/dsv"
)

// Options configure a DB.
type Options struct {
	// Threads is the number of workers a query's scan uses (default: the
	// number of CPUs).
	Threads int
	// PartitionSize is the number of bytes of a file one worker reads at a
	// time (default: a 64th of the file, from 32 MiB to 128 MiB).
	PartitionSize int64
	// AllVarchar reads every column of every file as VARCHAR instead of
	// sniffing types.
	AllVarchar bool
	// DisabledRules names optimizer rules to skip (for experiments).
	DisabledRules []string
	// SchemaCacheDir, if set, is where column types learnt by widening are
	// kept from one run to the next (see dsv.SchemaCache).
	SchemaCacheDir string
	// IgnoreErrors skips broken rows (the wrong number of fields, or a value
	// that does not fit a declared type) instead of failing; the result's
	// Warnings count them.
	IgnoreErrors bool
	// RejectsFile, if set, is where skipped rows are appended, one line
	// each: file:line: reason, a tab, the row's text.
	RejectsFile string
	// NullStrings are field values read as NULL in files named by path
	// (an empty unquoted field always is).
	NullStrings []string
	// MemoryLimit, if positive, bounds the bytes one query's operators
	// may hold (hash tables of GROUP BY and joins, the input of ORDER BY
	// and window functions): past it the query fails with a
	// MemoryLimitError instead of exhausting the machine. Streaming
	// operators and the batches in flight are not counted.
	MemoryLimit int64
	// Root, if set, is the directory that relative file paths (in queries
	// and Register) are resolved against, and that every file read must
	// be inside of (symbolic links followed): a query cannot read
	// /etc/passwd or ../secrets.csv.
	Root string
	// SearchPath are the schemas an unqualified table name is looked up
	// in, in order, when no table, view or file has that name: with
	// SearchPath ["pg_catalog"], pg_class finds a table registered as
	// "pg_catalog.pg_class". Names are compared case-insensitively.
	SearchPath []string
	// DefaultSchema, if set, is the schema whose qualified names mean the
	// unqualified ones: with "public", "public"."trips" is trips. Other
	// qualified names (pg_catalog.pg_class) name the table registered
	// under the whole dotted name, or else a file (data.csv).
	DefaultSchema string
	// PostgresNames names a result column that has no alias as
	// PostgreSQL does: count for COUNT(*), ?column? for 1 + 1, rather than
	// by the expression's text. It also tags (types.Column.Tag "pg:OID")
	// the result columns that PostgreSQL types otherwise than the engine's
	// type says: an integer literal is an int4 ("pg:23"), a call
	// pg_typed(CAST(x AS SIGNED), 'int4') is of the type it names, and
	// COALESCE, NULLIF, CASE, min, max and UNION keep their operands' tags.
	PostgresNames bool
	// Dialect is the SQL dialect of the queries (Query, Exec, Prepare,
	// Script): MySQL's by default, or PostgreSQL's (see Dialect).
	Dialect Dialect
}

// DB is a set of tables and the means to query them. It is safe for
// concurrent use.
type DB struct {
	opts  Options
	cat   *catalog.Catalog
	mu    sync.Mutex
	files map[string]*fileEntry // by absolute path
	// registered maps the tables Register made to their files, so that
	// they can be opened again when SET changes how files are read.
	registered map[string]string
	cache      *dsv.SchemaCache
	closed     bool
}

type fileEntry struct {
	size  int64
	mtime time.Time
	opts  dsv.Options
	file  *dsv.File
}

// fileOptions are the reader options of the DB's current settings.
func (db *DB) fileOptions() dsv.Options {
	db.mu.Lock()
	defer db.mu.Unlock()
	return dsv.Options{PartitionSize: db.opts.PartitionSize, AllVarchar: db.opts.AllVarchar, Cache: db.cache,
		IgnoreErrors: db.opts.IgnoreErrors, NullStrings: db.opts.NullStrings}
}

// Open returns a DB with no registered tables.
func Open(opts Options) (*DB, error) {
	if opts.Threads <= 0 {
		opts.Threads = runtime.NumCPU()
	}
	if opts.Root != "" {
		root, err := filepath.Abs(opts.Root)
		if err == nil {
			root, err = filepath.EvalSymlinks(root)
		}
		if err != nil {
			return nil, fmt.Errorf("root directory: %w", err)
		}
		opts.Root = root
	}
	db := &DB{opts: opts, files: map[string]*fileEntry{}, registered: map[string]string{}}
	if opts.SchemaCacheDir != "" {
		db.cache = dsv.NewSchemaCache(opts.SchemaCacheDir)
	}
	db.cat = catalog.New(db.resolve)
	db.cat.SetSchemas(opts.DefaultSchema, opts.SearchPath)
	return db, nil
}

// Close forgets the DB's tables and the files it has sniffed, and
// releases the records of tables registered from them (RegisterRecords);
// queries and registrations after it fail. Queries still running finish
// unharmed (each holds what it reads). Files are opened only while a
// query reads them, so nothing else stays open.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.closed = true
	db.files = map[string]*fileEntry{}
	db.registered = map[string]string{}
	db.cat.Clear()
	return nil
}

// ErrClosed is the error of a DB used after Close.
var ErrClosed = errors.New("sqlcsv: the DB is closed")

func (db *DB) isClosed() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.closed
}

// openFile opens (or reuses, if unchanged) the file at path as a table.
func (db *DB) openFile(ctx context.Context, name, path string) (*dsv.File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := db.inRoot(name, abs); err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	opts := db.fileOptions()
	db.mu.Lock()
	e := db.files[abs]
	db.mu.Unlock()
	if e != nil && e.size == st.Size() && e.mtime.Equal(st.ModTime()) && sameFileOptions(e.opts, opts) {
		if e.file.Name() != name {
			return e.file.WithName(name), nil
		}
		return e.file, nil
	}
	f, err := dsv.Open(ctx, name, path, opts)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	db.files[abs] = &fileEntry{size: st.Size(), mtime: st.ModTime(), opts: opts, file: f}
	db.mu.Unlock()
	return f, nil
}

// sameFileOptions reports whether files opened with a and b read alike.
func sameFileOptions(a, b dsv.Options) bool {
	return a.PartitionSize == b.PartitionSize && a.AllVarchar == b.AllVarchar && a.Cache == b.Cache &&
		a.IgnoreErrors == b.IgnoreErrors && slices.Equal(a.NullStrings, b.NullStrings)
}

// resolve makes a table of a file path named in a query.
func (db *DB) resolve(ctx context.Context, name string) (catalog.Table, error) {
	return db.openTable(ctx, name, db.rootPath(name))
}

// rootPath is path resolved against the root directory, if there is one.
func (db *DB) rootPath(path string) string {
	if db.opts.Root == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(db.opts.Root, path)
}

// inRoot checks that the file at abs (named name in the query) is inside
// the root directory, if there is one, after following symbolic links.
func (db *DB) inRoot(name, abs string) error {
	if db.opts.Root == "" {
		return nil
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(db.opts.Root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &catalog.NotFoundError{Name: name, Detail: fmt.Sprintf("%s is outside the root directory %s", abs, db.opts.Root)}
	}
	return nil
}

// openTable opens what path names as table name: a file; a directory, whose
// files (not its subdirectories) make one table; or a glob pattern
// ("logs/2024-*.csv.gz"), whose matches make one table.
func (db *DB) openTable(ctx context.Context, name, path string) (catalog.Table, error) {
	if !strings.ContainsAny(path, "*?[") {
		st, err := os.Stat(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				nf := &catalog.NotFoundError{Name: name}
				if name != path {
					nf.Detail = "no file or directory " + path
				}
				return nil, nf
			}
			return nil, err
		}
		if !st.IsDir() {
			return db.openFile(ctx, name, path)
		}
	} else if _, err := os.Stat(path); err == nil {
		// A file whose name holds a pattern character.
		return db.openFile(ctx, name, path)
	}
	paths, err := expandPaths(path)
	if err != nil {
		if strings.ContainsAny(path, "*?[") {
			return nil, &catalog.NotFoundError{Name: name, Detail: "no file matches the pattern"}
		}
		return nil, err
	}
	files := make([]*dsv.File, len(paths))
	for i, p := range paths {
		f, err := db.openFile(ctx, p, p)
		if err != nil {
			return nil, err
		}
		files[i] = f
	}
	return dsv.NewMultiFile(name, files)
}

// Register makes the file at path (or the files of a directory or a glob
// pattern) queryable as table name; an empty name uses the base name
// without its extension.
func (db *DB) Register(ctx context.Context, name, path string) error {
	if db.isClosed() {
		return ErrClosed
	}
	if name == "" {
		name = TableName(path)
	}
	path = db.rootPath(path)
	t, err := db.openTable(ctx, name, path)
	if err != nil {
		return err
	}
	db.cat.Register(t)
	db.mu.Lock()
	db.registered[name] = path
	db.mu.Unlock()
	return nil
}

// reopenRegistered opens every registered table's file again with the
// current settings.
func (db *DB) reopenRegistered(ctx context.Context) error {
	db.mu.Lock()
	reg := make(map[string]string, len(db.registered))
	for n, p := range db.registered {
		reg[n] = p
	}
	db.mu.Unlock()
	for name, path := range reg {
		t, err := db.openTable(ctx, name, path)
		if err != nil {
			return err
		}
		db.cat.Register(t)
	}
	return nil
}

// TableName is the table name a file registers under: its base name up to
// the first dot ("data/arcos.tsv" is "arcos").
func TableName(path string) string {
	base := filepath.Base(path)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// Statements splits SQL text into its statements' texts.
func Statements(sql string) ([]string, error) {
	stmts, err := parser.Parse(sql)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = s.Text
	}
	return out, nil
}

// Rows is the streamed result of one statement. Statements that return no
// rows have no columns.
type Rows struct {
	cols     []types.Column
	op       vector.Operator
	first    arrow.Record // fetched by the query, before any widening retry
	db       *DB
	phys     optimizer.Physical
	closed   bool
	ended    bool
	warnings []string
	row      arrow.Record // the batch NextRow reads from
	rowAt    int
}

// Warnings are notes about a result that ran to its end: rows skipped as
// broken, and where they were written.
func (r *Rows) Warnings() []string { return r.warnings }

// end collects the warnings of a query whose stream is over.
func (r *Rows) end() error {
	if r.ended || r.phys == nil {
		return nil
	}
	r.ended = true
	for _, s := range optimizer.Scans(r.phys) {
		rj, ok := s.(vector.Rejecter)
		if !ok {
			continue
		}
		n, lines := rj.Rejected()
		if n == 0 {
			continue
		}
		w := fmt.Sprintf("skipped %d broken row(s) of %s", n, rj.Source())
		if len(lines) > 0 {
			w += "; the first: " + lines[0]
		}
		if path := r.db.rejectsFile(); path != "" {
			if err := appendLines(path, lines); err != nil {
				return err
			}
			w += fmt.Sprintf("; %d written to %s", len(lines), path)
		}
		r.warnings = append(r.warnings, w)
	}
	return nil
}

func (db *DB) rejectsFile() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.opts.RejectsFile
}

// appendLines appends lines to a file.
func appendLines(path string, lines []string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("rejects file: %w", err)
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(f, l); err != nil {
			f.Close()
			return fmt.Errorf("rejects file: %w", err)
		}
	}
	return f.Close()
}

// Columns describes the result's columns.
func (r *Rows) Columns() []types.Column { return r.cols }

// Next returns the next batch of rows, or nil at the end. The caller must
// Release the record.
func (r *Rows) Next(ctx context.Context) (rec arrow.Record, err error) {
	if r.op == nil || r.closed {
		return nil, nil
	}
	defer recoverInternal(&err)
	if err := ctx.Err(); err != nil {
		return nil, err // even with a batch fetched ahead
	}
	if r.first != nil {
		rec, r.first = r.first, nil
		return rec, nil
	}
	rec, err = r.op.Next(ctx)
	if rec == nil && err == nil {
		return nil, r.end()
	}
	var we *dsv.WidenError
	if errors.As(err, &we) && r.db != nil {
		// Rows were returned already: remember the wider type for the
		// next run, and say so.
		if werr := r.db.widen(ctx, we); werr == nil {
			return nil, fmt.Errorf("%s, but rows were already returned with the old type: run the query again", we.Reason())
		}
	}
	return rec, err
}

// recoverInternal turns a panic (a bug) into an error, so that one bad
// query does not take the program down.
func recoverInternal(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("internal error: %v (please report this with the query)", p)
	}
}

// Close stops the query and releases its resources.
func (r *Rows) Close() error {
	if r.op == nil || r.closed {
		return nil
	}
	r.closed = true
	if r.first != nil {
		r.first.Release()
		r.first = nil
	}
	if r.row != nil {
		r.row.Release()
		r.row = nil
	}
	err := r.op.Close()
	if r.phys != nil {
		optimizer.ReleaseScans(r.phys)
	}
	return err
}

// Script runs every statement of script in order, passing each one's text
// and result to each, which must consume or close the rows before
// returning; it stops at the first error. Error positions count lines and
// columns in the whole script.
func (db *DB) Script(ctx context.Context, script string, each func(stmt string, rows *Rows) error) error {
	text, err := db.toEngine(script)
	if err != nil {
		return err
	}
	stmts, err := parser.Parse(text.sql)
	if err != nil {
		return text.mapErr(err)
	}
	for _, st := range stmts {
		rows, err := db.run(ctx, st)
		if err != nil {
			return text.mapErr(err)
		}
		err = each(st.Text, rows)
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Query runs one statement and returns its result stream; args replace
// its ? placeholders in order (see the package documentation). The context
// bounds the whole stream: cancelling it stops the query's workers.
func (db *DB) Query(ctx context.Context, sql string, args ...any) (*Rows, error) {
	st, err := db.Prepare(sql)
	if err != nil {
		return nil, err
	}
	return st.Query(ctx, args...)
}

// Exec runs one statement (SET, CREATE TABLE, LOAD DATA, or a query
// whose rows are not wanted) to its end; args replace its ? placeholders.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	rows, err := db.Query(ctx, sql, args...)
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

// Stmt is a statement parsed once, to run any number of times with its
// placeholders bound to new arguments. It is safe for concurrent use.
type Stmt struct {
	db           *DB
	st           parser.Statement
	placeholders int
	text         engineText
}

// Prepare parses one statement for later runs.
func (db *DB) Prepare(sql string) (*Stmt, error) {
	text, err := db.toEngine(sql)
	if err != nil {
		return nil, err
	}
	stmts, err := parser.Parse(text.sql)
	if err != nil {
		return nil, text.mapErr(err)
	}
	if len(stmts) != 1 {
		return nil, fmt.Errorf("a query is one statement; got %d (use Statements to split a script)", len(stmts))
	}
	return &Stmt{db: db, st: stmts[0], placeholders: len(placeholders(stmts[0])), text: text}, nil
}

// NumPlaceholders is the number of arguments the statement takes: its ?
// placeholders, or in PostgreSQL's dialect its highest $n.
func (s *Stmt) NumPlaceholders() int { return s.text.numParams(s.placeholders) }

// Query runs the statement with args bound to its placeholders.
func (s *Stmt) Query(ctx context.Context, args ...any) (*Rows, error) {
	rows, err := s.query(ctx, args)
	return rows, s.text.mapErr(err)
}

func (s *Stmt) query(ctx context.Context, args []any) (*Rows, error) {
	args, err := s.text.args(args)
	if err != nil {
		return nil, err
	}
	st := s.st
	if s.placeholders > 0 || len(args) > 0 {
		text, err := bindArgs(st, args)
		if err != nil {
			return nil, err
		}
		stmts, err := parser.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("binding the arguments: %w", err)
		}
		st = stmts[0]
	}
	return s.db.run(ctx, st)
}

// Columns returns the columns the statement's result would have with args
// bound (missing arguments are taken as NULL), without running it: nil
// for a statement that returns no rows.
func (s *Stmt) Columns(ctx context.Context, args ...any) (cols []types.Column, err error) {
	defer recoverInternal(&err)
	defer func() { err = s.text.mapErr(err) }()
	if s.db.isClosed() {
		return nil, ErrClosed
	}
	if s.text.rw != nil {
		full := make([]any, max(s.text.rw.NumParams, len(args)))
		copy(full, args)
		if args, err = s.text.args(full[:s.text.rw.NumParams]); err != nil {
			return nil, err
		}
	}
	st := s.st
	if s.placeholders > 0 || len(args) > 0 {
		full := make([]any, max(s.placeholders, len(args)))
		copy(full, args)
		text, err := bindArgs(st, full)
		if err != nil {
			return nil, err
		}
		stmts, err := parser.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("binding the arguments: %w", err)
		}
		st = stmts[0]
	}
	var node ast.ResultSetNode
	switch n := st.Node.(type) {
	case *ast.SelectStmt:
		node = n
	case *ast.SetOprStmt:
		node = n
	case *ast.ExplainStmt, *ast.ShowStmt:
		// Their rows are made when they run.
		rows, err := s.db.run(ctx, st)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		return rows.Columns(), nil
	default:
		return nil, nil
	}
	phys, err := s.db.planSelect(ctx, node, st.Source)
	if err != nil {
		return nil, err
	}
	optimizer.ReleaseScans(phys) // the plan is not run
	return resultColumns(phys), nil
}

// ParamTypes returns the type each ? placeholder (in PostgreSQL's
// dialect, each $n) takes from its context in the statement (id = ?
// makes it id's type), or types.UnknownType (NULL) where nothing decides:
// what a client is told to send.
func (s *Stmt) ParamTypes(ctx context.Context) (ts []types.Type, err error) {
	defer recoverInternal(&err)
	defer func() { err = s.text.mapErr(err) }()
	if s.db.isClosed() {
		return nil, ErrClosed
	}
	if rw := s.text.rw; rw != nil {
		// Each $n takes the type of its first ? that has one.
		each, err := s.paramTypes(ctx)
		if err != nil {
			return nil, err
		}
		ts = make([]types.Type, rw.NumParams)
		for i := range ts {
			ts[i] = types.UnknownType
		}
		for i, n := range rw.Params {
			if i < len(each) && ts[n-1].ID == types.Unknown {
				ts[n-1] = each[i]
			}
		}
		return ts, nil
	}
	return s.paramTypes(ctx)
}

func (s *Stmt) paramTypes(ctx context.Context) (ts []types.Type, err error) {
	switch n := s.st.Node.(type) {
	case *ast.SelectStmt:
		return binder.ParamTypes(ctx, s.db.cat, n, s.st.Source, placeholders(s.st))
	case *ast.SetOprStmt:
		return binder.ParamTypes(ctx, s.db.cat, n, s.st.Source, placeholders(s.st))
	}
	ts = make([]types.Type, s.placeholders)
	for i := range ts {
		ts[i] = types.UnknownType
	}
	return ts, nil
}

func (db *DB) run(ctx context.Context, st parser.Statement) (rows *Rows, err error) {
	defer recoverInternal(&err)
	if db.isClosed() {
		return nil, ErrClosed
	}
	switch n := st.Node.(type) {
	case *ast.SelectStmt:
		return db.runSelect(ctx, n, st.Source)
	case *ast.SetOprStmt:
		return db.runSelect(ctx, n, st.Source)
	case *ast.ExplainStmt:
		return db.explain(ctx, n, st.Source)
	case *ast.ShowStmt:
		if n.Tp == ast.ShowTables {
			return db.showTables()
		}
	case *ast.SetStmt:
		if err := db.set(n); err != nil {
			return nil, err
		}
		return &Rows{}, db.reopenRegistered(ctx)
	case *ast.CreateTableStmt:
		return &Rows{}, db.createTable(n)
	case *ast.DropTableStmt:
		return &Rows{}, db.dropTable(n)
	case *ast.CreateViewStmt:
		return &Rows{}, db.createView(ctx, n, st.Source)
	case *ast.LoadDataStmt:
		return &Rows{}, db.loadData(ctx, n)
	}
	return nil, &binder.UnsupportedError{What: "the statement " + statementKind(st.Node), Offset: -1}
}

func statementKind(n ast.StmtNode) string {
	switch n.(type) {
	case *ast.SetOprStmt:
		return "UNION, INTERSECT or EXCEPT"
	case *ast.InsertStmt:
		return "INSERT"
	case *ast.UpdateStmt:
		return "UPDATE"
	case *ast.DeleteStmt:
		return "DELETE"
	case *ast.CreateTableStmt:
		return "CREATE TABLE"
	case *ast.CreateViewStmt:
		return "CREATE VIEW"
	case *ast.DropTableStmt:
		return "DROP"
	case *ast.LoadDataStmt:
		return "LOAD DATA"
	}
	s := strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
	return strings.ToUpper(strings.TrimSuffix(s, "Stmt"))
}

// set applies SET name = value for the DB's settings: threads,
// partition_size (bytes) and all_varchar.
func (db *DB) set(n *ast.SetStmt) error {
	for _, v := range n.Variables {
		val, ok := v.Value.(*driver.ValueExpr)
		if !ok {
			return fmt.Errorf("SET %s: the value must be a constant", v.Name)
		}
		num, isNum := val.GetValue().(int64)
		db.mu.Lock()
		switch strings.ToLower(v.Name) {
		case "threads":
			if !isNum || num < 1 || num > 1024 {
				db.mu.Unlock()
				return fmt.Errorf("SET threads: want a number of threads from 1 to 1024")
			}
			db.opts.Threads = int(num)
		case "partition_size":
			if !isNum || num < 1 {
				db.mu.Unlock()
				return fmt.Errorf("SET partition_size: want a positive number of bytes")
			}
			db.opts.PartitionSize = num
		case "all_varchar":
			if !isNum {
				db.mu.Unlock()
				return fmt.Errorf("SET all_varchar: want true or false")
			}
			db.opts.AllVarchar = num != 0
		case "ignore_errors":
			if !isNum {
				db.mu.Unlock()
				return fmt.Errorf("SET ignore_errors: want true or false")
			}
			db.opts.IgnoreErrors = num != 0
		case "rejects_file":
			s, ok := val.GetValue().(string)
			if !ok {
				db.mu.Unlock()
				return fmt.Errorf("SET rejects_file: want a file name in quotes ('' for none)")
			}
			db.opts.RejectsFile = s
		case "null_strings":
			s, ok := val.GetValue().(string)
			if !ok {
				db.mu.Unlock()
				return fmt.Errorf("SET null_strings: want a comma-separated list in quotes, e.g. 'NULL,NA,\\N'")
			}
			db.opts.NullStrings = nil
			if s != "" {
				db.opts.NullStrings = strings.Split(s, ",")
			}
		default:
			db.mu.Unlock()
			return fmt.Errorf("SET: unknown setting %q (the settings are threads, partition_size, all_varchar, ignore_errors, rejects_file and null_strings)", v.Name)
		}
		db.mu.Unlock()
	}
	return nil
}

func (db *DB) optimizerOptions() optimizer.Options {
	db.mu.Lock()
	defer db.mu.Unlock()
	o := optimizer.Options{Threads: db.opts.Threads, Disabled: map[string]bool{}}
	for _, r := range db.opts.DisabledRules {
		o.Disabled[r] = true
	}
	return o
}

func (db *DB) planSelect(ctx context.Context, s ast.ResultSetNode, source string) (optimizer.Physical, error) {
	return db.plan(ctx, s, source, false)
}

func (db *DB) plan(ctx context.Context, s ast.ResultSetNode, source string, analyze bool) (optimizer.Physical, error) {
	if db.postgresNames() {
		ctx = binder.WithPostgresNames(ctx)
	}
	logical, err := binder.Select(ctx, db.cat, s, source)
	if err != nil {
		return nil, err
	}
	opts := db.optimizerOptions()
	opts.Analyze = analyze
	opt, err := optimizer.Optimize(logical, opts)
	if err != nil {
		return nil, err
	}
	return optimizer.Physicalize(opt, opts)
}

func resultColumns(p optimizer.Physical) []types.Column {
	cols := p.Columns()
	out := make([]types.Column, len(cols))
	for i, c := range cols {
		out[i] = types.Column{Name: c.Name, Type: c.Type, Nullable: c.Nullable, Origin: types.Derived, Tag: c.Tag}
	}
	return out
}

// maxWidenings bounds how often one query is run again after widening a
// column (each widening is of one column, at most twice).
const maxWidenings = 1000

// runSelect runs a SELECT up to its first batch. When a file holds a value
// that does not fit the type its column was sniffed as, the column is
// widened and the query planned and run again, transparently, as long as
// no row has been returned yet.
func (db *DB) runSelect(ctx context.Context, s ast.ResultSetNode, source string) (*Rows, error) {
	db.mu.Lock()
	limit := db.opts.MemoryLimit
	db.mu.Unlock()
	if limit > 0 {
		ctx = vector.WithMemoryBudget(ctx, vector.NewMemoryBudget(limit))
	}
	var widened *dsv.WidenError
	for attempt := 0; ; attempt++ {
		phys, err := db.planSelect(ctx, s, source)
		if err != nil {
			if widened != nil {
				// The query no longer fits the wider column (SUM of text).
				return nil, fmt.Errorf("%s; then: %w", widened.Reason(), err)
			}
			return nil, err
		}
		if !optimizer.ScansHeld(phys) && attempt < maxWidenings {
			optimizer.ReleaseScans(phys)
			continue // a table was replaced while the query was planned
		}
		op, err := optimizer.Build(phys)
		if err != nil {
			optimizer.ReleaseScans(phys)
			return nil, err
		}
		trackProgress(ctx, phys)
		err = op.Open(ctx)
		var rec arrow.Record
		if err == nil {
			rec, err = op.Next(ctx)
		}
		if err != nil {
			op.Close()
			optimizer.ReleaseScans(phys)
			var we *dsv.WidenError
			if errors.As(err, &we) && attempt < maxWidenings {
				if werr := db.widen(ctx, we); werr != nil {
					return nil, werr
				}
				widened = we
				continue
			}
			return nil, err
		}
		rows := &Rows{cols: resultColumns(phys), op: op, first: rec, db: db, phys: phys}
		if rec == nil {
			if err := rows.end(); err != nil {
				rows.Close()
				return nil, err
			}
		}
		return rows, nil
	}
}

// widen records that a file's column is wider than sniffed: later queries
// (and tables registered from the file) read it with the wider type.
func (db *DB) widen(ctx context.Context, we *dsv.WidenError) error {
	abs, err := filepath.Abs(we.Path)
	if err != nil {
		return err
	}
	db.mu.Lock()
	e := db.files[abs]
	if e == nil {
		db.mu.Unlock()
		return we.DataError
	}
	e.file = e.file.Widen(we.Col, we.To)
	size, mtime := e.size, e.mtime
	db.mu.Unlock()
	if db.cache != nil {
		if err := db.cache.Store(abs, size, mtime, we.Column, we.To); err != nil {
			return err
		}
	}
	return db.reopenRegistered(ctx)
}

func (db *DB) explain(ctx context.Context, n *ast.ExplainStmt, source string) (*Rows, error) {
	switch s := n.Stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		if n.Analyze {
			return db.explainAnalyze(ctx, s.(ast.ResultSetNode), source)
		}
		phys, err := db.planSelect(ctx, s.(ast.ResultSetNode), source)
		if err != nil {
			return nil, err
		}
		tree := optimizer.ExplainTree(phys)
		optimizer.ReleaseScans(phys)
		return textRows("plan", strings.Split(strings.TrimRight(tree, "\n"), "\n")), nil
	case *ast.ShowStmt:
		// DESCRIBE t parses as EXPLAIN of SHOW COLUMNS.
		if s.Tp == ast.ShowColumns && s.Table != nil {
			return db.describe(ctx, s.Table.Schema.O, s.Table.Name.O)
		}
	}
	return nil, &binder.UnsupportedError{What: "EXPLAIN of this statement", Offset: -1}
}

// explainAnalyze runs a query to its end, dropping its rows, and returns
// its plan with what each operator did.
func (db *DB) explainAnalyze(ctx context.Context, s ast.ResultSetNode, source string) (*Rows, error) {
	phys, err := db.plan(ctx, s, source, true)
	if err != nil {
		return nil, err
	}
	defer optimizer.ReleaseScans(phys)
	start := time.Now()
	op, err := optimizer.Build(phys)
	if err != nil {
		return nil, err
	}
	err = op.Open(ctx)
	var rows int64
	for err == nil {
		var rec arrow.Record
		rec, err = op.Next(ctx)
		if rec == nil {
			break
		}
		rows += rec.NumRows()
		rec.Release()
	}
	if cerr := op.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(optimizer.ExplainTree(phys), "\n"), "\n")
	lines = append(lines, fmt.Sprintf("Total: %d rows in %s", rows, time.Since(start).Round(time.Microsecond)))
	return textRows("plan", lines), nil
}

func (db *DB) describe(ctx context.Context, schema, name string) (*Rows, error) {
	t, err := db.cat.LookupIn(ctx, schema, name)
	if err != nil {
		return nil, err
	}
	cols := []types.Column{
		{Name: "column_name", Type: types.VarcharType},
		{Name: "column_type", Type: types.VarcharType},
		{Name: "null", Type: types.VarcharType},
		{Name: "type_source", Type: types.VarcharType},
	}
	apps := make([]*vector.Appender, len(cols))
	for i := range apps {
		apps[i] = vector.NewAppender(types.VarcharType)
	}
	for _, c := range t.Columns() {
		null := "NO"
		if c.Nullable {
			null = "YES"
		}
		for i, v := range []string{c.Name, c.Type.String(), null, c.Origin.String()} {
			apps[i].AppendValue(v)
		}
	}
	return valuesRows(cols, apps), nil
}

func (db *DB) showTables() (*Rows, error) {
	app := vector.NewAppender(types.VarcharType)
	for _, n := range db.cat.Names() {
		app.AppendValue(n)
	}
	return valuesRows([]types.Column{{Name: "name", Type: types.VarcharType}}, []*vector.Appender{app}), nil
}

func textRows(name string, lines []string) *Rows {
	app := vector.NewAppender(types.VarcharType)
	for _, l := range lines {
		app.AppendValue(l)
	}
	return valuesRows([]types.Column{{Name: name, Type: types.VarcharType}}, []*vector.Appender{app})
}

func valuesRows(cols []types.Column, apps []*vector.Appender) *Rows {
	arrs := make([]arrow.Array, len(apps))
	n := 0
	for i, a := range apps {
		n = a.Len()
		arrs[i] = a.Finish()
	}
	schema := vector.SchemaOf(cols)
	rec := vector.NewRecord(schema, arrs, n)
	for _, a := range arrs {
		a.Release()
	}
	return &Rows{cols: cols, op: vector.NewValues(schema, []arrow.Record{rec})}
}

// postgresNames says whether result columns are named as PostgreSQL
// names them.
func (db *DB) postgresNames() bool {
	return db.opts.PostgresNames || db.opts.Dialect == DialectPostgres
}
