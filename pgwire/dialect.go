package pgwire

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/pgdialect"
)

// The PostgreSQL dialect, read by package pgdialect: a query string split
// into statements, the commands the server runs itself, and queries
// rewritten for the engine.

// statements splits a query string into its statements: for each, the
// command the server runs, or nil and the text of a query for the engine.
func statements(sql string) ([]pgdialect.Command, error) {
	cmds, err := pgdialect.Classify(sql)
	if err != nil {
		return nil, dialectError(err, sql, 0)
	}
	return cmds, nil
}

// dialectError makes a pgdialect error a syntax error at its position in
// the client's text (the statement starting at base).
func dialectError(err error, sql string, base int) error {
	var de *pgdialect.Error
	if errors.As(err, &de) {
		return &pgError{code: codeSyntax, msg: de.Msg, position: position(sql, base+de.Offset)}
	}
	return err
}

// toCommand is the server's command for a classified statement, or nil
// for a query the engine runs.
func toCommand(c pgdialect.Command) (*command, error) {
	switch c.Kind {
	case pgdialect.Query:
		return nil, nil
	case pgdialect.Set:
		return &command{kind: cmdSet, name: c.Name, value: c.Value, def: c.Default, tag: "SET"}, nil
	case pgdialect.Show:
		return &command{kind: cmdShow, name: c.Name, tag: "SHOW"}, nil
	case pgdialect.Reset:
		return &command{kind: cmdReset, name: c.Name, tag: "RESET"}, nil
	case pgdialect.Begin:
		tag := "BEGIN"
		if strings.HasPrefix(strings.ToUpper(c.Text), "START") {
			tag = "START TRANSACTION"
		}
		return &command{kind: cmdBegin, tag: tag}, nil
	case pgdialect.Commit:
		return &command{kind: cmdCommit, tag: "COMMIT"}, nil
	case pgdialect.Rollback:
		return &command{kind: cmdRollback, tag: "ROLLBACK"}, nil
	case pgdialect.RollbackTo:
		return &command{kind: cmdRollbackTo, tag: "ROLLBACK"}, nil
	case pgdialect.Savepoint:
		return &command{kind: cmdNoop, tag: "SAVEPOINT"}, nil
	case pgdialect.Release:
		return &command{kind: cmdNoop, tag: "RELEASE"}, nil
	case pgdialect.Discard:
		if c.Name == "all" {
			return &command{kind: cmdDiscard, tag: "DISCARD ALL"}, nil
		}
		return &command{kind: cmdNoop, tag: "DISCARD " + strings.ToUpper(c.Name)}, nil
	case pgdialect.Deallocate:
		tag := "DEALLOCATE"
		if c.Name == "all" {
			tag = "DEALLOCATE ALL"
		}
		return &command{kind: cmdDeallocate, name: c.Name, tag: tag}, nil
	case pgdialect.Listen, pgdialect.Unlisten, pgdialect.Notify:
		return &command{kind: cmdNoop, tag: strings.ToUpper(c.Kind.String())}, nil
	case pgdialect.Declare:
		opts := " " + strings.ToUpper(c.Options) + " "
		return &command{kind: cmdDeclare, name: c.Name, query: c.Query, tag: "DECLARE CURSOR",
			binary: strings.Contains(opts, " BINARY "), hold: strings.Contains(opts, " WITH HOLD ")}, nil
	case pgdialect.Fetch:
		n := c.Count
		if n < 0 {
			n = 0 // ALL
		}
		return &command{kind: cmdFetch, name: c.Name, count: n, tag: "FETCH"}, nil
	case pgdialect.Close:
		if c.Name == "all" {
			return &command{kind: cmdCloseCursor, name: "all", tag: "CLOSE CURSOR ALL"}, nil
		}
		return &command{kind: cmdCloseCursor, name: c.Name, tag: "CLOSE CURSOR"}, nil
	case pgdialect.Copy:
		return copyCommand(c)
	}
	return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("the statement %s is not supported", c.Kind))
}

// copyCommand reads COPY ... TO STDOUT.
func copyCommand(c pgdialect.Command) (*command, error) {
	if c.From {
		return nil, &pgError{code: "25006", msg: "COPY FROM is not supported: this server only reads its files"}
	}
	o, err := pgdialect.ParseCopyOptions(c.Options)
	if err != nil {
		var de *pgdialect.Error
		if errors.As(err, &de) {
			return nil, errorf(codeSyntax, "COPY: "+de.Msg)
		}
		return nil, err
	}
	if o.Format == "binary" {
		return nil, errorf(codeFeatureNotSupp, "COPY in the binary format is not supported (text and csv are)")
	}
	query := c.Query
	if query == "" {
		cols := "*"
		if len(c.Columns) > 0 {
			var quoted []string
			for _, col := range c.Columns {
				quoted = append(quoted, quoteIdent(col))
			}
			cols = strings.Join(quoted, ", ")
		}
		var parts []string
		for _, p := range strings.Split(c.Table, ".") {
			parts = append(parts, quoteIdent(p))
		}
		query = "SELECT " + cols + " FROM " + strings.Join(parts, ".")
	}
	return &command{kind: cmdCopy, query: query, tag: "COPY", copy: o}, nil
}

// quoteIdent quotes a name as a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// rewritten is a statement in the engine's dialect.
type rewritten struct {
	sql string
	pgdialect.Result
}

// rewrite turns a PostgreSQL statement into the engine's dialect.
func rewrite(sql string) (rewritten, error) {
	r, err := pgdialect.Rewrite(sql)
	if err != nil {
		return rewritten{}, dialectError(err, sql, 0)
	}
	return rewritten{sql: r.SQL, Result: r}, nil
}

// mapOffsets places an engine error's position, an offset in the
// rewritten text, in the client's text.
func mapOffsets(err error, r rewritten, text string) error {
	pe := toPgError(err, r.sql)
	if pe.position > 0 {
		// position counts characters of r.sql; find its byte offset.
		off := byteOffset(r.sql, int(pe.position)-1)
		pe.position = position(text, r.SourceOffset(off))
	}
	return pe
}

// byteOffset is the byte offset of the n-th character of s.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
