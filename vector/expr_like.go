package vector

import (
	"bytes"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Like matches a VARCHAR against a LIKE pattern: % matches any run of
// characters, _ one character, and the escape character makes the next
// pattern character literal. Matching is case-sensitive unless Fold is set
// (ILIKE).
type Like struct {
	X, Pattern Expr
	Escape     byte
	Not        bool
	Fold       bool
	fixed      *likeMatcher
}

// NewLike builds a Like; a constant pattern is compiled once.
func NewLike(x, pattern Expr, escape byte, not, fold bool) *Like {
	e := &Like{X: x, Pattern: pattern, Escape: escape, Not: not, Fold: fold}
	if c, ok := pattern.(*Const); ok && c.Value != nil {
		e.fixed = compileLike(c.Value.(string), escape, fold)
	}
	return e
}

// Type implements Expr.
func (e *Like) Type() types.Type { return types.BooleanType }

func (e *Like) String() string {
	op := " LIKE "
	if e.Fold {
		op = " ILIKE "
	}
	if e.Not {
		op = " NOT" + op
	}
	return "(" + e.X.String() + op + e.Pattern.String() + ")"
}

// Eval implements Expr.
func (e *Like) Eval(b arrow.Record) (arrow.Array, error) {
	x, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer x.Release()
	p, err := e.Pattern.Eval(b)
	if err != nil {
		return nil, err
	}
	defer p.Release()
	n := x.Len()
	valid, nulls := validity(n, x, p)
	out := make([]byte, bitutil.BytesForBits(int64(n)))
	if x.DataType().ID() == arrow.NULL || p.DataType().ID() == arrow.NULL {
		return nullsOf(types.BooleanType, n), nil
	}
	xo, xd := strs(x)
	m := e.fixed
	var po []int32
	var pd []byte
	if m == nil {
		po, pd = strs(p)
	}
	var lastPat string
	for i := 0; i < n; i++ {
		if m == nil || e.fixed == nil {
			pat := string(pd[po[i]:po[i+1]])
			if m == nil || pat != lastPat {
				m, lastPat = compileLike(pat, e.Escape, e.Fold), pat
			}
		}
		if m.match(xd[xo[i]:xo[i+1]]) != e.Not {
			out[i>>3] |= 1 << (i & 7)
		}
	}
	return NewBoolArray(out, n, valid, nulls), nil
}

type likeKind uint8

const (
	likeExact likeKind = iota
	likePrefix
	likeSuffix
	likeContains
	likeGeneral
)

// likeMatcher is a compiled LIKE pattern.
type likeMatcher struct {
	kind likeKind
	lit  []byte      // for the simple kinds
	toks []likeToken // for likeGeneral
	fold bool
}

type likeToken struct {
	any  bool // %
	one  bool // _
	text []byte
}

func compileLike(pat string, escape byte, fold bool) *likeMatcher {
	var toks []likeToken
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			toks = append(toks, likeToken{text: lit})
			lit = nil
		}
	}
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case escape != 0 && c == escape && i+1 < len(pat):
			i++
			lit = append(lit, pat[i])
		case c == '%':
			flush()
			if len(toks) == 0 || !toks[len(toks)-1].any {
				toks = append(toks, likeToken{any: true})
			}
		case c == '_':
			flush()
			toks = append(toks, likeToken{one: true})
		default:
			lit = append(lit, c)
		}
	}
	flush()
	m := &likeMatcher{kind: likeGeneral, toks: toks, fold: fold}
	if fold {
		for i := range m.toks {
			m.toks[i].text = bytes.ToLower(m.toks[i].text)
		}
	}
	switch {
	case len(toks) == 0:
		m.kind, m.lit = likeExact, nil
	case len(toks) == 1 && toks[0].text != nil:
		m.kind, m.lit = likeExact, toks[0].text
	case len(toks) == 1 && toks[0].any:
		m.kind, m.lit = likePrefix, nil
	case len(toks) == 2 && toks[0].text != nil && toks[1].any:
		m.kind, m.lit = likePrefix, toks[0].text
	case len(toks) == 2 && toks[0].any && toks[1].text != nil:
		m.kind, m.lit = likeSuffix, toks[1].text
	case len(toks) == 3 && toks[0].any && toks[1].text != nil && toks[2].any:
		m.kind, m.lit = likeContains, toks[1].text
	}
	return m
}

func (m *likeMatcher) match(s []byte) bool {
	if m.fold {
		s = bytes.ToLower(s)
	}
	switch m.kind {
	case likeExact:
		return bytes.Equal(s, m.lit)
	case likePrefix:
		return bytes.HasPrefix(s, m.lit)
	case likeSuffix:
		return bytes.HasSuffix(s, m.lit)
	case likeContains:
		return bytes.Contains(s, m.lit)
	}
	return matchTokens(m.toks, s)
}

// matchTokens matches s against tokens, backtracking only at % tokens.
func matchTokens(toks []likeToken, s []byte) bool {
	for len(toks) > 0 {
		t := toks[0]
		switch {
		case t.any:
			rest := toks[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(s); {
				if matchTokens(rest, s[i:]) {
					return true
				}
				if i == len(s) {
					break
				}
				_, w := utf8.DecodeRune(s[i:])
				i += w
			}
			return false
		case t.one:
			if len(s) == 0 {
				return false
			}
			_, w := utf8.DecodeRune(s)
			s = s[w:]
		default:
			if !bytes.HasPrefix(s, t.text) {
				return false
			}
			s = s[len(t.text):]
		}
		toks = toks[1:]
	}
	return len(s) == 0
}
