package sqlcsv

import (
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/dsv"
)

// The errors of a query are values that callers inspect with errors.As
// and errors.Is; their messages name the position in the SQL text, or the
// file, line, column and value, with a hint.
//
//	var de *sqlcsv.DataError
//	if errors.As(err, &de) {
//		fmt.Println(de.Path, de.Line(), de.Column, de.Value)
//	}
//
// A cancelled query returns the context's error (context.Canceled or
// context.DeadlineExceeded), possibly wrapped.
type (
	// ParseError is a syntax error: Line and Column (1-based) and Offset
	// (in bytes) locate it in SQL.
	ParseError = parser.Error
	// BindError is a query that parses but means nothing here: an unknown
	// column or function, a type mismatch. Offset locates it in SQL (-1
	// if unknown), Hint suggests a fix.
	BindError = binder.Error
	// UnsupportedError names SQL that this version does not run.
	UnsupportedError = binder.UnsupportedError
	// TableNotFoundError names a table that is neither registered nor a
	// readable file, with the closest registered name in Suggest.
	TableNotFoundError = catalog.NotFoundError
	// DataError is a row or value of a file that cannot be read as its
	// table says: Path, the row's byte Offset, Line(), Column, Value.
	DataError = dsv.DataError
	// CastError is a value that does not convert to the type asked for.
	CastError = vector.CastError
	// MemoryLimitError is a query that needed more memory than
	// Options.MemoryLimit; errors.Is(err, ErrMemoryLimit) holds too.
	MemoryLimitError = vector.MemoryLimitError
)

// Errors of arithmetic and of subqueries, for errors.Is.
var (
	// ErrDivisionByZero is an integer or DECIMAL division or modulo by zero.
	ErrDivisionByZero = vector.ErrDivisionByZero
	// ErrOutOfRange is a BIGINT result past the BIGINT range.
	ErrOutOfRange = vector.ErrOutOfRange
	// ErrDoubleOutOfRange is a DOUBLE result past the DOUBLE range.
	ErrDoubleOutOfRange = vector.ErrDoubleOutOfRange
	// ErrDecimalOutOfRange is a DECIMAL result past its precision.
	ErrDecimalOutOfRange = vector.ErrDecimalOutOfRange
	// ErrMemoryLimit is what every MemoryLimitError is.
	ErrMemoryLimit = vector.ErrMemoryLimit
	// ErrSubqueryRows is a scalar subquery that returned more than one
	// row for a row of the query around it.
	ErrSubqueryRows = vector.ErrSubqueryRows
)
