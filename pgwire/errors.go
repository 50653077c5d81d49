package pgwire

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv"
)

// SQLSTATE codes the server sends.
const (
	codeSyntax             = "42601"
	codeUndefinedTable     = "42P01"
	codeUndefinedColumn    = "42703"
	codeSyntaxOrAccess     = "42000"
	codeInvalidText        = "22P02"
	codeDivisionByZero     = "22012"
	codeOutOfRange         = "22003"
	codeQueryCanceled      = "57014"
	codeFeatureNotSupp     = "0A000"
	codeOutOfMemory        = "53200"
	codeTooManyConnections = "53300"
	codeProtocolViolation  = "08P01"
	codeInvalidAuth        = "28P01"
	codeInFailedTx         = "25P02"
	codeUndefinedObject    = "42704"
	codeUndefinedFunction  = "42883"
	codeInvalidCursor      = "34000"
	codeInvalidStatement   = "26000"
	codeInvalidParameter   = "22023"
	codeInternal           = "XX000"
	codeCantChangeRuntime  = "55P02"
	codeInvalidBinaryRepr  = "22P03"
	codeDuplicatePrepared  = "42P05"
	codeInvalidSQLStmtName = "26000"
	codeCardinality        = "21000"
)

// pgError is an error as the client sees it: a SQLSTATE, a message, and
// optionally a detail, a hint and a 1-based character position in the
// query text.
type pgError struct {
	code, msg, detail, hint string
	position                int32
}

func (e *pgError) Error() string { return e.msg }

// errorf makes a pgError.
func errorf(code, msg string) *pgError { return &pgError{code: code, msg: msg} }

// toPgError maps an engine error to its SQLSTATE, message and position in
// sql (the text the client sent), as PostgreSQL would report it.
func toPgError(err error, sql string) *pgError {
	var pe *pgError
	if errors.As(err, &pe) {
		return pe
	}
	e := &pgError{code: codeInternal, msg: err.Error()}
	var parseErr *sqlcsv.ParseError
	var bindErr *sqlcsv.BindError
	var unsupported *sqlcsv.UnsupportedError
	var notFound *sqlcsv.TableNotFoundError
	var dataErr *sqlcsv.DataError
	var castErr *sqlcsv.CastError
	var memErr *sqlcsv.MemoryLimitError
	switch {
	case errors.Is(err, context.Canceled):
		return &pgError{code: codeQueryCanceled, msg: "canceling statement due to user request"}
	case errors.Is(err, context.DeadlineExceeded):
		return &pgError{code: codeQueryCanceled, msg: "canceling statement due to statement timeout"}
	case errors.As(err, &parseErr):
		e.code = codeSyntax
		e.msg, e.hint = splitHint(firstLine(err.Error()))
		e.position = position(sql, parseErr.Offset)
	case errors.As(err, &notFound):
		e.code = codeUndefinedTable
		e.msg, e.hint = splitHint(err.Error())
	case errors.As(err, &bindErr):
		e.code = bindErr.Code
		if e.code == "" {
			e.code = codeSyntaxOrAccess
		}
		e.msg, e.hint = bindErr.Msg, bindErr.Hint
		if bindErr.Offset >= 0 {
			e.position = position(sql, bindErr.Offset)
		}
	case errors.As(err, &unsupported):
		e.code = codeFeatureNotSupp
		e.msg = firstLine(err.Error())
		if unsupported.Offset >= 0 && unsupported.SQL != "" {
			e.position = position(sql, unsupported.Offset)
		}
	case errors.Is(err, sqlcsv.ErrDivisionByZero):
		e.code = codeDivisionByZero
	case errors.Is(err, sqlcsv.ErrOutOfRange), errors.Is(err, sqlcsv.ErrDoubleOutOfRange), errors.Is(err, sqlcsv.ErrDecimalOutOfRange):
		e.code = codeOutOfRange
	case errors.As(err, &memErr):
		e.code = codeOutOfMemory
	case errors.Is(err, sqlcsv.ErrSubqueryRows):
		e.code = codeCardinality
	case errors.As(err, &castErr), errors.As(err, &dataErr):
		e.code = codeInvalidText
	}
	if e.hint == "" {
		e.msg, e.hint = splitHint(e.msg)
	}
	return e
}

// splitHint separates a trailing "hint: ..." line of an engine message.
func splitHint(msg string) (string, string) {
	if i := strings.Index(msg, "\nhint: "); i >= 0 {
		return msg[:i], strings.TrimSpace(msg[i+len("\nhint: "):])
	}
	return msg, ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// position is the 1-based character position of byte offset off in sql,
// or 0 when off is outside it.
func position(sql string, off int) int32 {
	if off < 0 || off > len(sql) {
		return 0
	}
	return int32(utf8.RuneCountInString(sql[:off]) + 1)
}

// message is the ErrorResponse for e.
func (e *pgError) message() *pgproto3.ErrorResponse {
	return &pgproto3.ErrorResponse{
		Severity: "ERROR", SeverityUnlocalized: "ERROR",
		Code: e.code, Message: e.msg, Detail: e.detail, Hint: e.hint, Position: e.position,
	}
}
