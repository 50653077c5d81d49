package pgwire

import (
	"fmt"
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
			toks = append(toks, token{kind: 's', text: sb.String()})
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
			toks = append(toks, token{kind: 'i', text: sb.String()})
		case c == '$' && dollarTag(sql[i:]) != "":
			tag := dollarTag(sql[i:])
			start := i
			i += len(tag)
			j := strings.Index(sql[i:], tag)
			if j < 0 {
				return nil, 0, syntaxAt(sql, start, "unterminated dollar-quoted string")
			}
			toks = append(toks, token{kind: 's', text: sql[i : i+j]})
			i += j + len(tag)
		case isWordByte(c):
			start := i
			for i < len(sql) && (isWordByte(sql[i]) || sql[i] == '$' || sql[i] == '.') {
				i++
			}
			w := sql[start:i]
			toks = append(toks, token{kind: 'w', text: w, upper: strings.ToUpper(w)})
		default:
			toks = append(toks, token{kind: 'p', text: string(c)})
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
	}
	return nil, nil
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
