// Package pgdialect rewrites PostgreSQL SQL text into the MySQL dialect that
// sqlcsv's parser reads (TiDB's parser in the ANSI_QUOTES and
// PIPES_AS_CONCAT modes), keeping the Postgres meaning, and classifies the
// statements that a Postgres server handles itself (SET, SHOW, BEGIN, COPY,
// cursors ...).
//
// The rewrites (standard_conforming_strings on):
//
//   - strings ('x', E'x', U&'x', $$x$$, $tag$x$tag$) become MySQL literals with
//     the same value; comments become a space;
//   - $n becomes ? (Result.Params says which n each ? is);
//   - x::type and CAST(x AS type) map the type: integers and oid to SIGNED,
//     float4/float8 to DOUBLE, numeric(p,s) to DECIMAL(p,s) (bare numeric to
//     DECIMAL(38,10)), text types to CHAR[(n)], timestamp[tz] to DATETIME,
//     date to DATE; bool to pg_to_bool(x) (literals fold to TRUE/FALSE);
//     regclass/regtype/regnamespace/regproc... to pg_to_regclass(x) etc.
//     and a text cast of those to pg_regclass_name(...) etc.; arrays to
//     pg_array_cast(x, 'int4[]'); interval and unknown types are errors;
//   - type 'literal': DATE and TIMESTAMP stay, others become casts;
//   - ~ !~ ~* !~* become REGEXP, NOT REGEXP (with (?i) for ~*), ~~ and
//     friends LIKE/ILIKE; OPERATOR(pg_catalog.op) becomes op;
//   - COLLATE default/"C"/"POSIX" goes;
//   - x = ANY(ARRAY[..]) and x = ANY('{..}') become x IN (..), <> ALL
//     NOT IN; other arrays pg_any_eq(x, a) (NOT for <> ALL), other
//     operators pg_any(x, 'op', a) / pg_all(x, 'op', a); subqueries stay;
//   - ARRAY[..] becomes pg_array(..), ARRAY(subquery) pg_array_subquery(..),
//     a[i] pg_array_elem(a, i), (x).f pg_record_field((x), 'f');
//   - IS [NOT] DISTINCT FROM becomes NOT (a <=> b) / a <=> b;
//   - pg_catalog.f(..) calls become f(..) (table names keep pg_catalog.);
//   - LIMIT ALL, OFFSET n ROWS, FETCH FIRST n ROWS ONLY become LIMIT n
//     OFFSET m;
//   - FROM f(args) [AS] a[(c)] becomes FROM (SELECT f(args) AS c) AS a, so
//     a set-returning function runs as a select-list one;
//   - an alias after AS that MySQL reserves is quoted;
//   - SET x TO y becomes SET x = y.
package pgdialect

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a lexical or rewriting error at a position of the original text.
type Error struct {
	Offset int    // byte offset in the original text
	Line   int    // 1-based
	Column int    // 1-based, in characters
	Near   string // the offending text, cut to 40 bytes
	Msg    string
}

func (e *Error) Error() string {
	if e.Near == "" {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("line %d, column %d: %s at %q", e.Line, e.Column, e.Msg, e.Near)
}

// errAt builds an Error at offset of src.
func errAt(src string, offset int, format string, args ...any) *Error {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	line := 1 + strings.Count(src[:offset], "\n")
	col := 1 + utf8.RuneCountInString(src[strings.LastIndexByte(src[:offset], "\n"[0])+1:offset])
	near := src[offset:]
	if i := strings.IndexByte(near, '\n'); i >= 0 {
		near = near[:i]
	}
	if len(near) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(near[cut]) {
			cut--
		}
		near = near[:cut]
	}
	return &Error{Offset: offset, Line: line, Column: col, Near: near, Msg: fmt.Sprintf(format, args...)}
}

type tokKind int

const (
	tkIdent  tokKind = iota // unquoted identifier or keyword; val is lower case
	tkQIdent                // "quoted identifier"; val is the name
	tkString                // any string constant; val is its value
	tkNumber
	tkParam // $n; num is n
	tkOp    // operator; val is its text (OPERATOR(schema.op) is folded to op)
	tkPunct // ( ) [ ] , ; . ::
)

// token is one significant token. space is the whitespace before it, with
// comments replaced by a space.
type token struct {
	kind     tokKind
	pos, end int
	text     string
	val      string
	num      int
	space    string
	spacePos int
}

func (t token) is(kw string) bool { return t.kind == tkIdent && t.val == kw }
func (t token) punct(p string) bool {
	return t.kind == tkPunct && t.text == p
}
func (t token) op(p string) bool { return t.kind == tkOp && t.val == p }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentCont(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

const opChars = "+-*/<>=~!@#%^&|`?"

// lex splits src into significant tokens.
func lex(src string) ([]token, error) {
	var toks []token
	var space strings.Builder
	spacePos := 0
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case isSpace(c):
			if space.Len() == 0 {
				spacePos = i
			}
			space.WriteByte(c)
			i++
			continue
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			if space.Len() == 0 {
				spacePos = i
			}
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			space.WriteByte(' ')
			i += j
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			if space.Len() == 0 {
				spacePos = i
			}
			start, depth := i, 0
			for {
				if i >= len(src) {
					return nil, errAt(src, start, "unterminated /* comment")
				}
				if strings.HasPrefix(src[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(src[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			space.WriteByte(' ')
			continue
		}
		t, err := lexOne(src, i)
		if err != nil {
			return nil, err
		}
		t.space, t.spacePos = space.String(), spacePos
		if t.space == "" {
			t.spacePos = t.pos
		}
		space.Reset()
		toks = append(toks, t)
		i = t.end
	}
	return toks, nil
}

// lexOne reads the token that starts at src[i].
func lexOne(src string, i int) (token, error) {
	c := src[i]
	t := token{pos: i}
	done := func(kind tokKind, end int, val string) (token, error) {
		t.kind, t.end, t.text, t.val = kind, end, src[i:end], val
		return t, nil
	}
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch {
	case (c == 'e' || c == 'E') && next == '\'':
		v, end, err := lexEscapeString(src, i+1)
		if err != nil {
			return t, err
		}
		return done(tkString, end, v)
	case (c == 'u' || c == 'U') && next == '&' && i+2 < len(src) && (src[i+2] == '\'' || src[i+2] == '"'):
		return lexUnicode(src, i)
	case (c == 'n' || c == 'N') && next == '\'':
		v, end, err := lexQuoted(src, i+1, '\'')
		if err != nil {
			return t, err
		}
		return done(tkString, end, v)
	case (c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'':
		return t, errAt(src, i, "bit-string constants are not supported")
	case isIdentStart(c):
		j := i + 1
		for j < len(src) && isIdentCont(src[j]) {
			j++
		}
		return done(tkIdent, j, strings.ToLower(src[i:j]))
	case c == '"':
		v, end, err := lexQuoted(src, i, '"')
		if err != nil {
			return t, err
		}
		if v == "" {
			return t, errAt(src, i, "zero-length delimited identifier")
		}
		return done(tkQIdent, end, v)
	case c == '\'':
		v, end, err := lexQuoted(src, i, '\'')
		if err != nil {
			return t, err
		}
		return done(tkString, end, v)
	case c == '$':
		if isDigit(next) {
			j := i + 1
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			n, err := strconv.Atoi(src[i+1 : j])
			if err != nil || n < 1 || n > 65535 {
				return t, errAt(src, i, "bad parameter number")
			}
			t.num = n
			return done(tkParam, j, "")
		}
		// $tag$...$tag$
		j := i + 1
		if j < len(src) && isIdentStart(src[j]) {
			for j < len(src) && isIdentCont(src[j]) && src[j] != '$' {
				j++
			}
		}
		if j >= len(src) || src[j] != '$' {
			return t, errAt(src, i, "unexpected character")
		}
		tag := src[i : j+1]
		k := strings.Index(src[j+1:], tag)
		if k < 0 {
			return t, errAt(src, i, "unterminated dollar-quoted string")
		}
		body := src[j+1 : j+1+k]
		if !utf8.ValidString(body) {
			return t, errAt(src, i, "invalid UTF-8 in string")
		}
		return done(tkString, j+1+k+len(tag), body)
	case isDigit(c) || c == '.' && isDigit(next):
		j := i
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if j < len(src) && src[j] == '.' && !(j+1 < len(src) && src[j+1] == '.') {
			j++
			for j < len(src) && isDigit(src[j]) {
				j++
			}
		}
		if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && isDigit(src[k]) {
				for k < len(src) && isDigit(src[k]) {
					k++
				}
				j = k
			}
		}
		return done(tkNumber, j, src[i:j])
	case c == ':' && next == ':':
		return done(tkPunct, i+2, "::")
	case strings.IndexByte("()[],;.:", c) >= 0:
		return done(tkPunct, i+1, src[i:i+1])
	case strings.IndexByte(opChars, c) >= 0:
		j := i
		for j < len(src) && strings.IndexByte(opChars, src[j]) >= 0 {
			if j > i && (strings.HasPrefix(src[j:], "--") || strings.HasPrefix(src[j:], "/*")) {
				break
			}
			j++
		}
		// A multi-character operator cannot end in + or - unless it also
		// holds one of ~ ! @ # % ^ & | ` ?.
		for j-i > 1 && (src[j-1] == '+' || src[j-1] == '-') && strings.IndexAny(src[i:j-1], "~!@#%^&|`?") < 0 {
			j--
		}
		return done(tkOp, j, src[i:j])
	}
	r, _ := utf8.DecodeRuneInString(src[i:])
	return t, errAt(src, i, "unexpected character %q", r)
}

// lexQuoted reads a quote-delimited constant at src[i] where a doubled
// quote stands for one quote.
func lexQuoted(src string, i int, q byte) (string, int, error) {
	var sb strings.Builder
	j := i + 1
	for {
		k := strings.IndexByte(src[j:], q)
		if k < 0 {
			what := "string"
			if q == '"' {
				what = "quoted identifier"
			}
			return "", 0, errAt(src, i, "unterminated %s", what)
		}
		sb.WriteString(src[j : j+k])
		j += k + 1
		if j < len(src) && src[j] == q {
			sb.WriteByte(q)
			j++
			continue
		}
		return sb.String(), j, nil
	}
}

// lexEscapeString reads an E'...' string whose quote is at src[i].
func lexEscapeString(src string, i int) (string, int, error) {
	var b []byte
	j := i + 1
	for {
		if j >= len(src) {
			return "", 0, errAt(src, i-1, "unterminated string")
		}
		c := src[j]
		switch {
		case c == '\'':
			if j+1 < len(src) && src[j+1] == '\'' {
				b = append(b, '\'')
				j += 2
				continue
			}
			if !utf8.Valid(b) {
				return "", 0, errAt(src, i-1, "invalid UTF-8 in escape string")
			}
			return string(b), j + 1, nil
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(src) {
			return "", 0, errAt(src, i-1, "unterminated string")
		}
		e := src[j+1]
		start := j
		j += 2
		switch e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'x':
			n, k := 0, 0
			for k < 2 && j < len(src) && isHex(src[j]) {
				n = n*16 + hexVal(src[j])
				j++
				k++
			}
			if k == 0 {
				return "", 0, errAt(src, start, "bad \\x escape")
			}
			if n == 0 {
				return "", 0, errAt(src, start, "a string cannot hold a NUL byte")
			}
			b = append(b, byte(n))
		case 'u', 'U':
			digits := 4
			if e == 'U' {
				digits = 8
			}
			if j+digits > len(src) {
				return "", 0, errAt(src, start, "bad \\%c escape", e)
			}
			n, err := strconv.ParseUint(src[j:j+digits], 16, 32)
			if err != nil || n == 0 || n > utf8.MaxRune || n >= 0xD800 && n < 0xE000 {
				return "", 0, errAt(src, start, "bad Unicode escape")
			}
			j += digits
			b = utf8.AppendRune(b, rune(n))
		default:
			if e >= '0' && e <= '7' {
				n, k := int(e-'0'), 1
				for k < 3 && j < len(src) && src[j] >= '0' && src[j] <= '7' {
					n = n*8 + int(src[j]-'0')
					j++
					k++
				}
				if n == 0 {
					return "", 0, errAt(src, start, "a string cannot hold a NUL byte")
				}
				b = append(b, byte(n))
				continue
			}
			// \\, \' and any other character stand for themselves.
			if e >= 0x80 {
				_, size := utf8.DecodeRuneInString(src[j-1:])
				b = append(b, src[j-1:j-1+size]...)
				j += size - 1
				continue
			}
			b = append(b, e)
		}
	}
}

// lexUnicode reads U&'...' or U&"..." (with the default escape character
// \; UESCAPE is not supported).
func lexUnicode(src string, i int) (token, error) {
	q := src[i+2]
	raw, end, err := lexQuoted(src, i+2, q)
	if err != nil {
		return token{}, err
	}
	var b []byte
	for k := 0; k < len(raw); {
		if raw[k] != '\\' {
			b = append(b, raw[k])
			k++
			continue
		}
		switch {
		case k+1 < len(raw) && raw[k+1] == '\\':
			b = append(b, '\\')
			k += 2
			continue
		case k+1 < len(raw) && raw[k+1] == '+':
			if k+8 > len(raw) {
				return token{}, errAt(src, i, "bad Unicode escape")
			}
			n, err := strconv.ParseUint(raw[k+2:k+8], 16, 32)
			if err != nil || n == 0 || n > utf8.MaxRune {
				return token{}, errAt(src, i, "bad Unicode escape")
			}
			b = utf8.AppendRune(b, rune(n))
			k += 8
		default:
			if k+5 > len(raw) {
				return token{}, errAt(src, i, "bad Unicode escape")
			}
			n, err := strconv.ParseUint(raw[k+1:k+5], 16, 32)
			if err != nil || n == 0 {
				return token{}, errAt(src, i, "bad Unicode escape")
			}
			b = utf8.AppendRune(b, rune(n))
			k += 5
		}
	}
	if !utf8.Valid(b) {
		return token{}, errAt(src, i, "invalid UTF-8")
	}
	kind := tkString
	if q == '"' {
		kind = tkQIdent
	}
	return token{kind: kind, pos: i, end: end, text: src[i:end], val: string(b)}, nil
}

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}
