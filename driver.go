package sqlcsv

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func init() { sql.Register("sqlcsv", Driver{}) }

// Driver is the database/sql driver, registered as "sqlcsv" by importing
// this package:
//
//	db, err := sql.Open("sqlcsv", "root=./data&threads=4")
//	rows, err := db.QueryContext(ctx, `SELECT region, SUM(qty) FROM "sales.csv" WHERE qty > ? GROUP BY 1`, 10)
//
// The data source name is a URL query of Options: root (the directory
// file paths are resolved against and restricted to), threads,
// memory_limit (bytes a query's operators may hold), all_varchar (true or
// false), null (a NULL string; repeat for more), ignore_errors,
// search_path (schemas, comma-separated) and default_schema. All connections of one sql.DB share one DB. Values
// scan as int64 (BIGINT), float64 (DOUBLE), string (VARCHAR, and DECIMAL
// as its exact text), bool, time.Time (DATE and TIMESTAMP, in UTC), or
// nil for NULL. Transactions are accepted and do nothing: every table is
// read-only.
type Driver struct{}

// Open implements driver.Driver.
func (d Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector implements driver.DriverContext: one DB for all the
// connections of an sql.DB.
func (Driver) OpenConnector(dsn string) (driver.Connector, error) {
	opts, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := Open(opts)
	if err != nil {
		return nil, err
	}
	return &connector{db: db}, nil
}

// ParseDSN reads the Options of a data source name (see Driver).
func ParseDSN(dsn string) (Options, error) {
	var opts Options
	q, err := url.ParseQuery(dsn)
	if err != nil {
		return opts, fmt.Errorf("sqlcsv data source %q: %w", dsn, err)
	}
	for key, vals := range q {
		v := vals[len(vals)-1]
		var err error
		switch key {
		case "root":
			opts.Root = v
		case "threads":
			opts.Threads, err = strconv.Atoi(v)
		case "memory_limit":
			opts.MemoryLimit, err = strconv.ParseInt(v, 10, 64)
		case "all_varchar":
			opts.AllVarchar, err = strconv.ParseBool(v)
		case "ignore_errors":
			opts.IgnoreErrors, err = strconv.ParseBool(v)
		case "null":
			opts.NullStrings = vals
		case "search_path":
			opts.SearchPath = nil
			for _, v := range vals {
				for _, s := range strings.Split(v, ",") {
					if s = strings.TrimSpace(s); s != "" {
						opts.SearchPath = append(opts.SearchPath, s)
					}
				}
			}
		case "default_schema":
			opts.DefaultSchema = v
		case "dialect":
			opts.Dialect, err = ParseDialect(v)
		default:
			return opts, fmt.Errorf("sqlcsv data source: unknown setting %q (root, threads, memory_limit, all_varchar, ignore_errors, null, search_path, default_schema, dialect)", key)
		}
		if err != nil {
			return opts, fmt.Errorf("sqlcsv data source: %s=%q: %w", key, v, err)
		}
	}
	return opts, nil
}

type connector struct{ db *DB }

func (c *connector) Connect(context.Context) (driver.Conn, error) { return &conn{db: c.db}, nil }
func (c *connector) Driver() driver.Driver                        { return Driver{} }
func (c *connector) Close() error                                 { return c.db.Close() }

var _ io.Closer = (*connector)(nil)

// conn is one database/sql connection: a view of the shared DB.
type conn struct{ db *DB }

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	st, err := c.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	return &stmt{st: st}, nil
}

func (c *conn) Close() error { return nil }

func (c *conn) Begin() (driver.Tx, error) { return tx{}, nil }

func (c *conn) BeginTx(_ context.Context, opts driver.TxOptions) (driver.Tx, error) { return tx{}, nil }

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	vals, err := positional(args)
	if err != nil {
		return nil, err
	}
	r, err := c.db.Query(ctx, query, vals...)
	if err != nil {
		return nil, err
	}
	return &rows{ctx: ctx, r: r}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	vals, err := positional(args)
	if err != nil {
		return nil, err
	}
	if err := c.db.Exec(ctx, query, vals...); err != nil {
		return nil, err
	}
	return driver.RowsAffected(0), nil
}

// positional turns database/sql's arguments into Query's.
func positional(args []driver.NamedValue) ([]any, error) {
	vals := make([]any, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, fmt.Errorf("named argument %q: sqlcsv takes ? placeholders only", a.Name)
		}
		vals[i] = a.Value
	}
	return vals, nil
}

type tx struct{}

func (tx) Commit() error   { return nil }
func (tx) Rollback() error { return nil }

type stmt struct{ st *Stmt }

func (s *stmt) Close() error  { return nil }
func (s *stmt) NumInput() int { return s.st.NumPlaceholders() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	vals, err := positional(args)
	if err != nil {
		return nil, err
	}
	r, err := s.st.Query(ctx, vals...)
	if err != nil {
		return nil, err
	}
	return &rows{ctx: ctx, r: r}, nil
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dest := make([]driver.Value, len(r.Columns()))
	for {
		if err := r.Next(dest); err != nil {
			if errors.Is(err, io.EOF) {
				return driver.RowsAffected(0), nil
			}
			return nil, err
		}
	}
}

// rows streams a result to database/sql a row at a time, holding one
// Arrow batch.
type rows struct {
	ctx context.Context
	r   *Rows
	rec arrow.Record
	i   int
}

func (r *rows) Columns() []string {
	cols := r.r.Columns()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func (r *rows) Close() error {
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
	return r.r.Close()
}

func (r *rows) Next(dest []driver.Value) error {
	for r.rec == nil || r.i >= int(r.rec.NumRows()) {
		if r.rec != nil {
			r.rec.Release()
			r.rec = nil
		}
		rec, err := r.r.Next(r.ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			return io.EOF
		}
		r.rec, r.i = rec, 0
	}
	for c := range dest {
		dest[c] = goValue(r.rec.Column(c), r.i)
	}
	r.i++
	return nil
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	t := r.r.Columns()[i].Type
	if t.ID == types.Decimal {
		return "DECIMAL"
	}
	return strings.ToUpper(t.String())
}

func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.r.Columns()[i].Nullable, true
}

func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	t := r.r.Columns()[i].Type
	if t.ID != types.Decimal {
		return 0, 0, false
	}
	return int64(t.Precision), int64(t.Scale), true
}

func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	switch r.r.Columns()[i].Type.ID {
	case types.Bigint:
		return reflect.TypeFor[int64]()
	case types.Double:
		return reflect.TypeFor[float64]()
	case types.Varchar, types.Decimal:
		return reflect.TypeFor[string]()
	case types.Boolean:
		return reflect.TypeFor[bool]()
	case types.Date, types.Timestamp:
		return reflect.TypeFor[time.Time]()
	}
	return reflect.TypeFor[any]()
}

var (
	_ driver.DriverContext                  = Driver{}
	_ driver.QueryerContext                 = (*conn)(nil)
	_ driver.ExecerContext                  = (*conn)(nil)
	_ driver.ConnPrepareContext             = (*conn)(nil)
	_ driver.ConnBeginTx                    = (*conn)(nil)
	_ driver.StmtQueryContext               = (*stmt)(nil)
	_ driver.StmtExecContext                = (*stmt)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)
