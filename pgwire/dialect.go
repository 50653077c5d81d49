package pgwire

import (
	"fmt"
	"strconv"
	"strings"
)

// The PostgreSQL dialect as far as the server reads it itself: statements
// split at semicolons outside quotes, comments and dollar quotes, and the
// statements it runs without the engine (transaction control, settings).

// token is a word, a quoted string or identifier, or a punctuation mark of
// a statement.
type token struct {
	kind  byte   // 'w' word or number, 's' string, 'i' quoted identifier, 'p' punctuation
	text  string // the word, the string's value, or the mark
	upper string // the word in upper case
	off   int    // where it starts in the statement
	end   int    // where it ends
}

// scanStatement lexes sql from i to the end of the statement (a ';' outside
// quotes, or the end), returning its tokens and where the next one
// starts.
func scanStatement(sql string, i int) (toks []token, end int, err error) {
	for i < len(sql) {
		c := sql[i]
		switch {
		case c == ';':
			return toks, i + 1, nil
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			depth, start := 0, i
			for {
				if i+1 >= len(sql) {
					return nil, 0, syntaxAt(sql, start, "unterminated /* comment")
				}
				if sql[i] == '/' && sql[i+1] == '*' {
					depth++
					i += 2
				} else if sql[i] == '*' && sql[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case c == '\'' || ((c == 'E' || c == 'e') && i+1 < len(sql) && sql[i+1] == '\''):
			escapes := c != '\''
			start := i
			if escapes {
				i++
			}
			var sb strings.Builder
			i++
			for {
				if i >= len(sql) {
					return nil, 0, syntaxAt(sql, start, "unterminated quoted string")
				}
				if sql[i] == '\\' && escapes && i+1 < len(sql) {
					sb.WriteByte(sql[i+1])
					i += 2
					continue
				}
				if sql[i] == '\'' {
					if i+1 < len(sql) && sql[i+1] == '\'' {
						sb.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				sb.WriteByte(sql[i])
				i++
			}
			toks = append(toks, token{kind: 's', text: sb.String(), off: start, end: i})
		case c == '"':
			start := i
			var sb strings.Builder
			i++
			for {
				if i >= len(sql) {
					return nil, 0, syntaxAt(sql, start, "unterminated quoted identifier")
				}
				if sql[i] == '"' {
					if i+1 < len(sql) && sql[i+1] == '"' {
						sb.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				sb.WriteByte(sql[i])
				i++
			}
			toks = append(toks, token{kind: 'i', text: sb.String(), off: start, end: i})
		case c == '$' && dollarTag(sql[i:]) != "":
			tag := dollarTag(sql[i:])
			start := i
			i += len(tag)
			j := strings.Index(sql[i:], tag)
			if j < 0 {
				return nil, 0, syntaxAt(sql, start, "unterminated dollar-quoted string")
			}
			i += j + len(tag)
			toks = append(toks, token{kind: 's', text: sql[start+len(tag) : i-len(tag)], off: start, end: i})
		case isWordByte(c):
			start := i
			for i < len(sql) && (isWordByte(sql[i]) || sql[i] == '$' || sql[i] == '.') {
				i++
			}
			w := sql[start:i]
			toks = append(toks, token{kind: 'w', text: w, upper: strings.ToUpper(w), off: start, end: i})
		default:
			toks = append(toks, token{kind: 'p', text: string(c), off: i, end: i + 1})
			i++
		}
	}
	return toks, i, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// dollarTag is the $tag$ that s starts with, or "".
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '$':
			return s[:j+1]
		case !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || (j > 1 && c >= '0' && c <= '9')):
			return ""
		}
	}
	return ""
}

func syntaxAt(sql string, off int, msg string) error {
	return &pgError{code: codeSyntax, msg: msg, position: position(sql, off)}
}

// splitStatements splits a query string into its statements, leaving out
// empty ones.
func splitStatements(sql string) ([]string, error) {
	var out []string
	for i := 0; i < len(sql); {
		toks, end, err := scanStatement(sql, i)
		if err != nil {
			return nil, err
		}
		if len(toks) > 0 {
			out = append(out, strings.TrimSpace(strings.TrimSuffix(sql[i:end], ";")))
		}
		i = end
	}
	return out, nil
}

// isBlank says whether sql holds no statement (only blanks, comments and
// semicolons).
func isBlank(sql string) bool {
	for i := 0; i < len(sql); {
		toks, end, err := scanStatement(sql, i)
		if err != nil || len(toks) > 0 {
			return false
		}
		i = end
	}
	return true
}

// stripComments is sql's tokens joined by spaces, for reading its leading
// keywords.
func stripComments(sql string) string {
	toks, _, err := scanStatement(sql, 0)
	if err != nil {
		return sql
	}
	var words []string
	for _, t := range toks {
		words = append(words, t.text)
	}
	return strings.Join(words, " ")
}

// classify reads a statement the server runs itself, or returns nil for
// one the engine runs.
func classify(sql string) (*command, error) {
	toks, _, err := scanStatement(sql, 0)
	if err != nil || len(toks) == 0 {
		return nil, err
	}
	word := func(i int) string {
		if i < len(toks) && toks[i].kind == 'w' {
			return toks[i].upper
		}
		return ""
	}
	switch word(0) {
	case "BEGIN":
		return &command{kind: cmdBegin, tag: "BEGIN"}, nil
	case "START":
		if word(1) == "TRANSACTION" {
			return &command{kind: cmdBegin, tag: "START TRANSACTION"}, nil
		}
	case "COMMIT", "END":
		if word(1) == "PREPARED" {
			return nil, errorf(codeFeatureNotSupp, "COMMIT PREPARED is not supported")
		}
		return &command{kind: cmdCommit, tag: "COMMIT"}, nil
	case "ROLLBACK", "ABORT":
		if word(1) == "TO" || word(2) == "TO" {
			return &command{kind: cmdRollbackTo, tag: "ROLLBACK"}, nil
		}
		if word(1) == "PREPARED" {
			return nil, errorf(codeFeatureNotSupp, "ROLLBACK PREPARED is not supported")
		}
		return &command{kind: cmdRollback, tag: "ROLLBACK"}, nil
	case "SAVEPOINT":
		return &command{kind: cmdNoop, tag: "SAVEPOINT"}, nil
	case "RELEASE":
		return &command{kind: cmdNoop, tag: "RELEASE"}, nil
	case "SET":
		return classifySet(toks[1:])
	case "SHOW":
		name := settingName(toks[1:])
		if name == "" {
			return nil, errorf(codeSyntax, "SHOW needs the name of a setting, or ALL")
		}
		return &command{kind: cmdShow, name: name, tag: "SHOW"}, nil
	case "RESET":
		name := settingName(toks[1:])
		if name == "" {
			return nil, errorf(codeSyntax, "RESET needs the name of a setting, or ALL")
		}
		return &command{kind: cmdReset, name: name, tag: "RESET"}, nil
	case "DISCARD":
		if word(1) == "ALL" {
			return &command{kind: cmdDiscard, tag: "DISCARD ALL"}, nil
		}
		return &command{kind: cmdNoop, tag: "DISCARD " + word(1)}, nil
	case "DEALLOCATE":
		i := 1
		if word(1) == "PREPARE" {
			i = 2
		}
		if i >= len(toks) {
			return nil, errorf(codeSyntax, "DEALLOCATE needs the name of a prepared statement, or ALL")
		}
		if word(i) == "ALL" {
			return &command{kind: cmdDeallocate, name: "all", tag: "DEALLOCATE ALL"}, nil
		}
		return &command{kind: cmdDeallocate, name: toks[i].text, tag: "DEALLOCATE"}, nil
	case "LISTEN", "UNLISTEN", "NOTIFY":
		return &command{kind: cmdNoop, tag: word(0)}, nil
	case "COPY":
		return classifyCopy(sql, toks)
	case "DECLARE":
		return classifyDeclare(sql, toks)
	case "FETCH", "MOVE":
		return classifyFetch(toks)
	case "CLOSE":
		if len(toks) < 2 {
			return nil, errorf(codeSyntax, "CLOSE needs the name of a cursor, or ALL")
		}
		if word(1) == "ALL" {
			return &command{kind: cmdCloseCursor, name: "all", tag: "CLOSE CURSOR ALL"}, nil
		}
		return &command{kind: cmdCloseCursor, name: toks[1].text, tag: "CLOSE CURSOR"}, nil
	}
	return nil, nil
}

// classifyCopy reads COPY (query) TO STDOUT [WITH] [(options)], and COPY
// table [(columns)] TO STDOUT, in the current and the legacy option
// syntax.
func classifyCopy(sql string, toks []token) (*command, error) {
	c := &command{kind: cmdCopy, tag: "COPY", copyFormat: "text"}
	i := 1
	switch {
	case i < len(toks) && toks[i].text == "(":
		depth, start := 0, toks[i].end
		for ; i < len(toks); i++ {
			if toks[i].kind == 'p' && toks[i].text == "(" {
				depth++
			} else if toks[i].kind == 'p' && toks[i].text == ")" {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if i >= len(toks) {
			return nil, errorf(codeSyntax, "COPY: the query's parenthesis is not closed")
		}
		c.query = strings.TrimSpace(sql[start:toks[i].off])
		i++
	case i < len(toks) && (toks[i].kind == 'w' || toks[i].kind == 'i'):
		table := sql[toks[i].off:toks[i].end]
		cols := "*"
		i++
		if i < len(toks) && toks[i].text == "(" {
			j := i
			for j < len(toks) && toks[j].text != ")" {
				j++
			}
			if j >= len(toks) {
				return nil, errorf(codeSyntax, "COPY: the column list's parenthesis is not closed")
			}
			cols = sql[toks[i].end:toks[j].off]
			i = j + 1
		}
		c.query = "SELECT " + cols + " FROM " + table
	default:
		return nil, errorf(codeSyntax, "COPY needs a table or a (query)")
	}
	upper := func(i int) string {
		if i < len(toks) {
			return strings.ToUpper(toks[i].text)
		}
		return ""
	}
	switch upper(i) {
	case "TO":
	case "FROM":
		return nil, errorf("25006", "COPY FROM is not supported: this server only reads files")
	default:
		return nil, errorf(codeSyntax, "COPY: expected TO STDOUT")
	}
	if upper(i+1) != "STDOUT" {
		return nil, &pgError{code: "42501", msg: "COPY to a file or program is not allowed: this server never writes files",
			hint: "use COPY ... TO STDOUT (psql's \\copy)"}
	}
	i += 2
	if upper(i) == "WITH" {
		i++
	}
	value := func() string {
		if upper(i) == "AS" {
			i++
		}
		if i < len(toks) {
			v := toks[i].text
			i++
			return v
		}
		return ""
	}
	boolOpt := func() bool {
		switch upper(i) {
		case "TRUE", "ON", "1":
			i++
			return true
		case "FALSE", "OFF", "0":
			i++
			return false
		}
		return true
	}
	paren := upper(i) == "("
	if paren {
		i++
	}
	for i < len(toks) {
		opt := upper(i)
		i++
		switch opt {
		case ",", ")":
		case "FORMAT":
			c.copyFormat = strings.ToLower(value())
		case "CSV":
			c.copyFormat = "csv"
		case "BINARY":
			c.copyFormat = "binary"
		case "HEADER":
			c.copyHeader = boolOpt()
		case "DELIMITER":
			c.copyDelim = value()
		case "NULL":
			c.copyNull = value()
			c.nullSet = true
		case "QUOTE", "ESCAPE", "ENCODING", "FORCE_QUOTE", "FORCE", "FORCE_NOT_NULL", "FORCE_NULL":
			// Only the defaults are written.
			value()
		default:
			return nil, errorf(codeSyntax, fmt.Sprintf("COPY: option %q is not recognized", opt))
		}
	}
	switch c.copyFormat {
	case "csv":
		if c.copyDelim == "" {
			c.copyDelim = ","
		}
	case "text":
		if c.copyDelim == "" {
			c.copyDelim = "\t"
		}
		if !c.nullSet {
			c.copyNull = `\N`
		}
	default:
		return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("COPY format %q is not supported (text and csv are)", c.copyFormat))
	}
	if len(c.copyDelim) != 1 {
		return nil, errorf(codeFeatureNotSupp, "COPY delimiter must be a single one-byte character")
	}
	return c, nil
}

// classifyDeclare reads DECLARE name [BINARY] [INSENSITIVE] [[NO] SCROLL]
// CURSOR [{WITH | WITHOUT} HOLD] FOR query.
func classifyDeclare(sql string, toks []token) (*command, error) {
	if len(toks) < 2 {
		return nil, errorf(codeSyntax, "DECLARE needs a cursor name")
	}
	c := &command{kind: cmdDeclare, name: toks[1].text, tag: "DECLARE CURSOR"}
	for i := 2; i < len(toks); i++ {
		switch toks[i].upper {
		case "BINARY":
			c.binary = true
		case "HOLD":
			c.hold = toks[i-1].upper == "WITH"
		case "FOR":
			c.query = strings.TrimSpace(sql[toks[i].end:])
			return c, nil
		}
	}
	return nil, errorf(codeSyntax, "DECLARE ... CURSOR needs FOR and a query")
}

// classifyFetch reads FETCH [direction] [FROM | IN] name, and MOVE.
func classifyFetch(toks []token) (*command, error) {
	c := &command{kind: cmdFetch, count: 1, tag: "FETCH"}
	if toks[0].upper == "MOVE" {
		c.move, c.tag = true, "MOVE"
	}
	rest := toks[1:]
	if len(rest) == 0 {
		return nil, errorf(codeSyntax, "FETCH needs a cursor name")
	}
	c.name = rest[len(rest)-1].text
	rest = rest[:len(rest)-1]
	if len(rest) > 0 && (rest[len(rest)-1].upper == "FROM" || rest[len(rest)-1].upper == "IN") {
		rest = rest[:len(rest)-1]
	}
	if len(rest) > 0 && rest[0].upper == "FORWARD" {
		rest = rest[1:]
	}
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && rest[0].upper == "NEXT":
	case len(rest) == 1 && rest[0].upper == "ALL":
		c.count = 0
	case len(rest) == 1 && rest[0].kind == 'w':
		n, err := strconv.ParseInt(rest[0].text, 10, 64)
		if err != nil || n < 0 {
			return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("FETCH %s: only forward fetches (NEXT, n, ALL, FORWARD ...) are supported", rest[0].text))
		}
		c.count = n
		if n == 0 {
			return nil, errorf(codeFeatureNotSupp, "FETCH 0 (the current row) is not supported")
		}
	default:
		return nil, errorf(codeFeatureNotSupp, "only forward fetches (NEXT, n, ALL, FORWARD ...) are supported: cursors here do not scroll")
	}
	return c, nil
}

// settingName reads the setting SHOW or RESET names: a name, ALL, or the
// multi-word names of the SQL standard.
func settingName(toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	var words []string
	for _, t := range toks {
		words = append(words, strings.ToUpper(t.text))
	}
	switch strings.Join(words, " ") {
	case "ALL":
		return "all"
	case "TIME ZONE":
		return "TimeZone"
	case "TRANSACTION ISOLATION LEVEL":
		return "transaction_isolation"
	case "SESSION AUTHORIZATION":
		return "session_authorization"
	}
	return toks[0].text
}

// classifySet reads SET [SESSION | LOCAL] name {TO | =} value [, ...].
func classifySet(toks []token) (*command, error) {
	if len(toks) > 0 && toks[0].kind == 'w' && (toks[0].upper == "SESSION" || toks[0].upper == "LOCAL") {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil, errorf(codeSyntax, "SET needs a setting and a value")
	}
	upper := func(i int) string {
		if i < len(toks) && toks[i].kind == 'w' {
			return toks[i].upper
		}
		return ""
	}
	switch upper(0) {
	case "TRANSACTION", "CHARACTERISTICS", "CONSTRAINTS":
		// Isolation and access modes: every transaction here reads.
		return &command{kind: cmdNoop, tag: "SET"}, nil
	case "TIME":
		if upper(1) == "ZONE" {
			return setValue("TimeZone", toks[2:])
		}
	case "NAMES":
		return setValue("client_encoding", toks[1:])
	case "SCHEMA":
		return setValue("search_path", toks[1:])
	case "ROLE", "SESSION":
		return &command{kind: cmdNoop, tag: "SET"}, nil
	}
	name := toks[0].text
	rest := toks[1:]
	if len(rest) > 0 && (rest[0].upper == "TO" || rest[0].text == "=") {
		rest = rest[1:]
	} else {
		return nil, errorf(codeSyntax, fmt.Sprintf("SET %s: expected TO or = after the name", name))
	}
	return setValue(name, rest)
}

func setValue(name string, toks []token) (*command, error) {
	if len(toks) == 0 {
		return nil, errorf(codeSyntax, fmt.Sprintf("SET %s: the value is missing", name))
	}
	if len(toks) == 1 && toks[0].kind == 'w' && (toks[0].upper == "DEFAULT" || toks[0].upper == "LOCAL") {
		return &command{kind: cmdSet, name: name, def: true, tag: "SET"}, nil
	}
	var sb strings.Builder
	for i, t := range toks {
		switch {
		case t.kind == 'p' && t.text == ",":
			sb.WriteString(", ")
		case t.kind == 'p' && t.text == "-" && i+1 < len(toks):
			sb.WriteString("-")
		default:
			sb.WriteString(t.text)
		}
	}
	return &command{kind: cmdSet, name: name, value: sb.String(), tag: "SET"}, nil
}

// rewritten is a statement in the engine's dialect.
type rewritten struct {
	sql       string
	params    []int // for each ? in sql, the $n it stands for
	numParams int
}

// rewrite turns a PostgreSQL statement into the engine's dialect.
func rewrite(sql string) (rewritten, error) {
	return rewritten{sql: sql}, nil
}

// mapOffsets places an engine error's position in the client's text.
func mapOffsets(err error, r rewritten) error { return err }
