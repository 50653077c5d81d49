package vector

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/dialect"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The regular expression kernels: MySQL's REGEXP_LIKE (and the REGEXP and
// RLIKE operators), REGEXP_REPLACE, REGEXP_SUBSTR and REGEXP_INSTR, on Go's
// RE2 syntax. Matching is case-sensitive unless the match type says 'i'.
// The binder passes every optional argument (with its default), so the
// kernels see full argument lists:
//
//	regexp_like(s, pattern, flags)
//	regexp_replace(s, pattern, replacement, pos, occurrence, flags)
//	regexp_substr(s, pattern, pos, occurrence, flags)
//	regexp_instr(s, pattern, pos, occurrence, return_option, flags)
//
// flags is a constant. A constant pattern is compiled once, when the call
// is built; others once per distinct value in a batch.

func init() {
	registerKernel(regexpBuilder, "regexp_like", "regexp_replace", "regexp_substr", "regexp_instr")
}

// patterns compiles a regexp argument: once, or per distinct value.
type patterns struct {
	fixed *regexp.Regexp
	flags string
	cache map[string]*regexp.Regexp
}

func (p *patterns) get(pattern []byte) (*regexp.Regexp, error) {
	if p.fixed != nil {
		return p.fixed, nil
	}
	if re, ok := p.cache[string(pattern)]; ok {
		return re, nil
	}
	re, err := regexp.Compile(p.flags + string(pattern))
	if err != nil {
		return nil, fmt.Errorf("invalid pattern %q: %w", pattern, err)
	}
	if p.cache == nil || len(p.cache) > 256 {
		p.cache = map[string]*regexp.Regexp{}
	}
	p.cache[string(pattern)] = re
	return re, nil
}

func regexpBuilder(name string, args []Expr, _ types.Type) (kernel, error) {
	fn := strings.ToUpper(name)
	flagText, ok := constString(args[len(args)-1])
	if !ok {
		return nil, fmt.Errorf("%s: the match type must be a constant string", fn)
	}
	flags, ok := dialect.RegexpFlags(flagText)
	if !ok {
		return nil, fmt.Errorf("%s: invalid match type %q", fn, flagText)
	}
	var fixed *regexp.Regexp
	if p, ok := constString(args[1]); ok {
		re, err := regexp.Compile(flags + p)
		if err != nil {
			return nil, fmt.Errorf("%s: invalid pattern %q: %w", fn, p, err)
		}
		fixed = re
	}
	newPatterns := func() *patterns { return &patterns{fixed: fixed, flags: flags} }
	switch name {
	case "regexp_like":
		return func(a []arrow.Array, n int) (arrow.Array, error) { return regexpLike(newPatterns(), a, n) }, nil
	case "regexp_replace":
		return func(a []arrow.Array, n int) (arrow.Array, error) { return regexpReplace(newPatterns(), a, n) }, nil
	case "regexp_substr":
		return func(a []arrow.Array, n int) (arrow.Array, error) { return regexpSubstr(newPatterns(), a, n) }, nil
	}
	return func(a []arrow.Array, n int) (arrow.Array, error) { return regexpInstr(newPatterns(), a, n) }, nil
}

func regexpLike(p *patterns, a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	po, pd := strs(a[1])
	valid, nulls := validity(n, a[0], a[1])
	vb := bufBytes(valid)
	bits := make([]byte, bitutil.BytesForBits(int64(n)))
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			continue
		}
		re, err := p.get(pd[po[i]:po[i+1]])
		if err != nil {
			return nil, err
		}
		if re.Match(sd[so[i]:so[i+1]]) {
			bitutil.SetBit(bits, i)
		}
	}
	return NewBoolArray(bits, n, valid, nulls), nil
}

// searchStart returns the byte offset of character pos (from 1) of s, one
// past the end at most; pos out of that range is an error, as in MySQL.
func searchStart(s []byte, pos int64) (int, error) {
	if pos < 1 || pos-1 > int64(len(s)) {
		return 0, fmt.Errorf("index %d out of bounds in regular expression search", pos)
	}
	off := 0
	for k := pos - 1; k > 0; k-- {
		if off >= len(s) {
			return 0, fmt.Errorf("index %d out of bounds in regular expression search", pos)
		}
		_, w := utf8.DecodeRune(s[off:])
		off += w
	}
	return off, nil
}

// regexpReplace replaces the occurrence-th match at or after pos, or every
// one when occurrence is 0 (or less); the text before pos is kept.
func regexpReplace(p *patterns, a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	po, pd := strs(a[1])
	ro, rd := strs(a[2])
	pos, occ := int64s(a[3]), int64s(a[4])
	valid, _ := validity(n, a[:5]...)
	vb := bufBytes(valid)
	sb := NewStringBuilder(n, 16)
	var tmp []byte
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			sb.AppendNull()
			continue
		}
		re, err := p.get(pd[po[i]:po[i+1]])
		if err != nil {
			return nil, err
		}
		s := sd[so[i]:so[i+1]]
		start, err := searchStart(s, pos[i])
		if err != nil {
			return nil, err
		}
		limit := -1
		if occ[i] > 0 {
			limit = int(min(occ[i], int64(len(s)+1)))
		}
		matches := re.FindAllSubmatchIndex(s[start:], limit)
		if occ[i] > 0 {
			if int64(len(matches)) < occ[i] {
				matches = nil
			} else {
				matches = matches[occ[i]-1:]
			}
		}
		repl := rd[ro[i]:ro[i+1]]
		tmp = append(tmp[:0], s[:start]...)
		last := start
		for _, m := range matches {
			tmp = append(tmp, s[last:start+m[0]]...)
			tmp = expandReplacement(tmp, repl, s[start:], m)
			last = start + m[1]
		}
		tmp = append(tmp, s[last:]...)
		sb.Append(tmp)
	}
	return sb.Finish(), nil
}

// expandReplacement appends repl with $n replaced by the text of group n
// of match m (in src) and \c by c, as MySQL's (ICU's) replacement strings
// are written; the longest run of digits naming a group counts, and a $
// not followed by one is itself.
func expandReplacement(dst, repl, src []byte, m []int) []byte {
	groups := len(m) / 2
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		switch {
		case c == '\\' && i+1 < len(repl):
			i++
			dst = append(dst, repl[i])
		case c == '$' && i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9':
			g, j := 0, i+1
			for j < len(repl) && repl[j] >= '0' && repl[j] <= '9' && g*10+int(repl[j]-'0') < groups {
				g = g*10 + int(repl[j]-'0')
				j++
			}
			if j == i+1 {
				// $n past the groups: nothing, as in ICU (which errors).
				j++
			} else if m[2*g] >= 0 {
				dst = append(dst, src[m[2*g]:m[2*g+1]]...)
			}
			i = j - 1
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// nthMatch finds the occurrence-th (from 1; less counts as 1) match of re
// in s at or after byte offset start, as byte offsets into s.
func nthMatch(re *regexp.Regexp, s []byte, start int, occurrence int64) (lo, hi int, ok bool) {
	k := max(occurrence, 1)
	ms := re.FindAllIndex(s[start:], int(min(k, int64(len(s)+1))))
	if int64(len(ms)) < k {
		return 0, 0, false
	}
	m := ms[k-1]
	return start + m[0], start + m[1], true
}

func regexpSubstr(p *patterns, a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	po, pd := strs(a[1])
	pos, occ := int64s(a[2]), int64s(a[3])
	valid, _ := validity(n, a[:4]...)
	vb := bufBytes(valid)
	sb := NewStringBuilder(n, 16)
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			sb.AppendNull()
			continue
		}
		re, err := p.get(pd[po[i]:po[i+1]])
		if err != nil {
			return nil, err
		}
		s := sd[so[i]:so[i+1]]
		start, err := searchStart(s, pos[i])
		if err != nil {
			return nil, err
		}
		lo, hi, ok := nthMatch(re, s, start, occ[i])
		if !ok {
			sb.AppendNull()
			continue
		}
		sb.Append(s[lo:hi])
	}
	return sb.Finish(), nil
}

func regexpInstr(p *patterns, a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	po, pd := strs(a[1])
	pos, occ, ret := int64s(a[2]), int64s(a[3]), int64s(a[4])
	valid, nulls := validity(n, a[:5]...)
	vb := bufBytes(valid)
	out := make([]int64, n)
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			continue
		}
		re, err := p.get(pd[po[i]:po[i+1]])
		if err != nil {
			return nil, err
		}
		s := sd[so[i]:so[i+1]]
		start, err := searchStart(s, pos[i])
		if err != nil {
			return nil, err
		}
		lo, hi, ok := nthMatch(re, s, start, occ[i])
		if !ok {
			continue
		}
		at := lo
		if ret[i] != 0 {
			at = hi
		}
		out[i] = int64(utf8.RuneCount(s[:at])) + 1
	}
	return NewInt64Array(out, valid, nulls), nil
}
