// Package parser turns SQL text into statements, using TiDB's MySQL parser
// in the ANSI_QUOTES and PIPES_AS_CONCAT modes: "double quoted" names are
// identifiers (as in PostgreSQL) and || concatenates.
package parser

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	tidb "github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	// The parser needs a driver for the values of literals.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Statement is one parsed statement with its text.
type Statement struct {
	Node ast.StmtNode
	// Text is the statement's own SQL text.
	Text string
	// Source is the whole text that was parsed; the positions in Node are
	// byte offsets into it.
	Source string
}

// Error is a syntax error at a position of the SQL text.
type Error struct {
	SQL    string
	Offset int // byte offset of the error in SQL
	Line   int // 1-based
	Column int // 1-based, in characters
	Near   string
	Msg    string
}

func (e *Error) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "syntax error at line %d, column %d", e.Line, e.Column)
	if e.Near != "" {
		// The rest of the statement's line, cut to 40 bytes.
		near := firstLine(e.Near)
		more := len(near) < len(strings.TrimRight(e.Near, " \t\r\n"))
		if len(near) > 40 {
			cut := 40
			for cut > 0 && !utf8.RuneStart(near[cut]) {
				cut--
			}
			near, more = near[:cut], true
		}
		if more {
			near += "..."
		}
		fmt.Fprintf(&sb, " near %q", near)
	}
	if e.Msg != "" {
		sb.WriteString(": " + e.Msg)
	}
	sb.WriteString("\n" + Caret(e.SQL, e.Offset))
	return sb.String()
}

// Caret returns the line of sql that holds offset, with a caret under it.
func Caret(sql string, offset int) string {
	if offset > len(sql) {
		offset = len(sql)
	}
	start := strings.LastIndexByte(sql[:offset], '\n') + 1
	end := strings.IndexByte(sql[offset:], '\n')
	if end < 0 {
		end = len(sql)
	} else {
		end += offset
	}
	line := strings.ReplaceAll(sql[start:end], "\t", " ")
	col := len([]rune(sql[start:offset]))
	return "  " + line + "\n  " + strings.Repeat(" ", col) + "^"
}

// Position converts a byte offset of sql into a 1-based line and column.
func Position(sql string, offset int) (line, col int) {
	if offset > len(sql) {
		offset = len(sql)
	}
	line = 1 + strings.Count(sql[:offset], "\n")
	start := strings.LastIndexByte(sql[:offset], '\n') + 1
	return line, 1 + len([]rune(sql[start:offset]))
}

var (
	tidbErr    = regexp.MustCompile(`line (\d+) column (\d+) near "((?s).*)"\s*$`)
	tidbCode   = regexp.MustCompile(`^\[[a-z]+:\d+\]\s*`)
	tidbQuoted = regexp.MustCompile(`'([^']+)'`)
)

// Parse parses one or more statements separated by semicolons.
func Parse(sql string) ([]Statement, error) {
	p := tidb.New()
	mode, err := mysql.GetSQLMode("ANSI_QUOTES,PIPES_AS_CONCAT")
	if err != nil {
		return nil, err
	}
	p.SetSQLMode(mode)
	nodes, _, err := p.Parse(sql, "", "")
	if err != nil {
		return nil, convertError(sql, err)
	}
	out := make([]Statement, len(nodes))
	for i, n := range nodes {
		out[i] = Statement{Node: n, Text: strings.TrimSpace(n.Text()), Source: sql}
	}
	return out, nil
}

func convertError(sql string, err error) error {
	msg := err.Error()
	m := tidbErr.FindStringSubmatch(msg)
	if m == nil {
		// A message without a position, e.g. "[types:1367]Illegal double
		// '1e309' value found during parsing": placed at the text it quotes.
		msg = tidbCode.ReplaceAllString(msg, "")
		offset := len(strings.TrimRight(sql, " \t\r\n;"))
		if q := tidbQuoted.FindStringSubmatch(msg); q != nil {
			if i := strings.Index(sql, q[1]); i >= 0 {
				offset = i
			}
			if strings.HasPrefix(msg, "Illegal double") {
				msg = fmt.Sprintf("the number %s is out of the DOUBLE range", q[1])
			}
		}
		l, c := Position(sql, offset)
		return &Error{SQL: sql, Offset: offset, Line: l, Column: c, Msg: msg}
	}
	line, _ := strconv.Atoi(m[1])
	near := m[3]
	// TiDB's near text is the rest of the statement from the bad token.
	offset := len(sql)
	if near != "" {
		if i := strings.LastIndex(sql, near); i >= 0 {
			offset = i
		} else if i := strings.Index(sql, firstLine(near)); i >= 0 {
			offset = i
		}
	} else {
		offset = len(strings.TrimRight(sql, " \t\r\n;"))
	}
	l, c := Position(sql, offset)
	if line != l {
		// Trust our own offset; TiDB counts lines the same way.
		line = l
	}
	e := &Error{SQL: sql, Offset: offset, Line: line, Column: c, Near: near}
	if near == "" {
		e.Msg = "unexpected end of statement"
	}
	return e
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
