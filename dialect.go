package sqlcsv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/sql/pgdialect"
)

// Dialect is the SQL dialect a DB's queries are written in.
type Dialect int

const (
	// DialectMySQL is MySQL's dialect, which the engine parses (the
	// default): `backquoted` or "double-quoted" names, ? placeholders.
	DialectMySQL Dialect = iota
	// DialectPostgres is PostgreSQL's: queries are rewritten into the
	// engine's dialect before they are parsed (`::` casts, $1
	// placeholders, E'...' and $$...$$ strings, ~ and !~, = ANY(ARRAY[...]),
	// IS DISTINCT FROM, functions in FROM, string_agg and array_agg with
	// ORDER BY, ...), and result columns are named as PostgreSQL names
	// them (as with Options.PostgresNames). Error positions are in the text
	// as written.
	DialectPostgres
)

// String is the dialect's name, as ParseDialect reads it.
func (d Dialect) String() string {
	switch d {
	case DialectMySQL:
		return "mysql"
	case DialectPostgres:
		return "postgres"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// ParseDialect reads a dialect's name: mysql, or postgres (postgresql,
// pg).
func ParseDialect(name string) (Dialect, error) {
	switch name {
	case "mysql", "":
		return DialectMySQL, nil
	case "postgres", "postgresql", "pg":
		return DialectPostgres, nil
	}
	return 0, fmt.Errorf("unknown SQL dialect %q (mysql or postgres)", name)
}

// engineText is SQL text as the engine parses it: the text as written,
// rewritten from the DB's dialect, with the way back for error positions
// and the order of the arguments.
type engineText struct {
	written, sql string
	rw           *pgdialect.Result // nil: written in the engine's dialect
}

// toEngine rewrites sql from the DB's dialect.
func (db *DB) toEngine(sql string) (engineText, error) {
	if db.opts.Dialect != DialectPostgres {
		return engineText{written: sql, sql: sql}, nil
	}
	r, err := pgdialect.Rewrite(sql)
	if err != nil {
		var pe *pgdialect.Error
		if errors.As(err, &pe) {
			l, c := parser.Position(sql, pe.Offset)
			return engineText{}, &parser.Error{SQL: sql, Offset: pe.Offset, Line: l, Column: c, Near: pe.Near, Msg: pe.Msg}
		}
		return engineText{}, err
	}
	return engineText{written: sql, sql: r.SQL, rw: &r}, nil
}

// numParams is the number of arguments a statement of n ? placeholders
// takes: n, or the highest $n.
func (t engineText) numParams(n int) int {
	if t.rw == nil {
		return n
	}
	return t.rw.NumParams
}

// args orders a statement's arguments as its ? placeholders take them:
// $2 $1 $2 takes args[1], args[0], args[1].
func (t engineText) args(args []any) ([]any, error) {
	if t.rw == nil || len(t.rw.Params) == 0 && len(args) == 0 {
		return args, nil
	}
	if len(args) != t.rw.NumParams {
		return nil, fmt.Errorf("the statement takes %d arguments ($1 to $%d), not %d", t.rw.NumParams, t.rw.NumParams, len(args))
	}
	out := make([]any, len(t.rw.Params))
	for i, n := range t.rw.Params {
		out[i] = args[n-1]
	}
	return out, nil
}

// mapErr places the positions of syntax and binding errors in the
// rewritten text at the text as written.
func (t engineText) mapErr(err error) error {
	if t.rw == nil || err == nil {
		return err
	}
	var pe *parser.Error
	if errors.As(err, &pe) && pe.SQL == t.sql {
		pe.SQL, pe.Offset = t.written, t.rw.SourceOffset(pe.Offset)
		pe.Line, pe.Column = parser.Position(t.written, pe.Offset)
		pe.Near = t.written[pe.Offset:]
	}
	var be *binder.Error
	if errors.As(err, &be) && be.SQL == t.sql && be.Offset >= 0 {
		be.SQL, be.Offset = t.written, t.rw.SourceOffset(be.Offset)
	}
	if be != nil && strings.HasPrefix(be.Msg, "unknown function PG_") {
		// The rewriter's spelling of arrays and reg* casts, which the
		// server registers.
		be.Hint = "arrays (ARRAY[...], a[i], array_agg) and reg* casts are PostgreSQL features that sqlcsv serve provides; the library's PostgreSQL dialect has the rest"
	}
	var ue *binder.UnsupportedError
	if errors.As(err, &ue) && ue.SQL == t.sql && ue.Offset >= 0 {
		ue.SQL, ue.Offset = t.written, t.rw.SourceOffset(ue.Offset)
	}
	return err
}
