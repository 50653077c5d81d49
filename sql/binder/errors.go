// Package binder resolves a parsed SELECT against the catalog and builds
// its logical plan: names become column references, every expression gets
// a type, implicit conversions become explicit casts, and aggregation,
// DISTINCT, ORDER BY and LIMIT become plan operators.
package binder

import (
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/parser"
)

// Error is a problem with a query's meaning, at a position of its text.
type Error struct {
	SQL    string
	Offset int // -1 if unknown
	Msg    string
	Hint   string
	// Code is the SQLSTATE PostgreSQL gives the same error (42703 for an
	// unknown column, 42883 for an unknown function, ...), or "" when
	// none is more specific than 42000.
	Code string
}

func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString(e.Msg)
	if e.Offset >= 0 && e.SQL != "" {
		line, col := parser.Position(e.SQL, e.Offset)
		fmt.Fprintf(&sb, " (line %d, column %d)\n%s", line, col, parser.Caret(e.SQL, e.Offset))
	}
	if e.Hint != "" {
		sb.WriteString("\nhint: " + e.Hint)
	}
	return sb.String()
}

// UnsupportedError names SQL that this version does not run.
type UnsupportedError struct {
	What   string
	SQL    string
	Offset int
}

func (e *UnsupportedError) Error() string {
	msg := e.What + " is not supported yet"
	if e.Offset >= 0 && e.SQL != "" {
		line, col := parser.Position(e.SQL, e.Offset)
		msg += fmt.Sprintf(" (line %d, column %d)\n%s", line, col, parser.Caret(e.SQL, e.Offset))
	}
	return msg
}
