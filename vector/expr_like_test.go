package vector

import (
	"fmt"
	"strings"
	"testing"
)

type likeCase struct {
	s, pat string
	want   bool
}

var likeCases = []likeCase{
	{"abc", "abc", true},
	{"abc", "ab", false},
	{"abc", "ABC", false}, // LIKE is case-sensitive
	{"", "", true},
	{"a", "", false},
	{"", "%", true},
	{"anything", "%", true},
	{"", "%%", true},
	{"abc", "a%", true},
	{"a", "a%", true},
	{"ba", "a%", false},
	{"abc", "%c", true},
	{"abcd", "%c", false},
	{"abc", "%b%", true},
	{"abc", "%x%", false},
	{"abc", "a_c", true},
	{"ac", "a_c", false},
	{"abbc", "a_c", false},
	{"", "_", false},
	{"a", "%_", true},
	{"", "%_", false},
	{"abc", "___", true},
	{"abc", "__", false},
	{"abc", "_%_", true},
	// _ is one character, not one byte.
	{"héllo", "h_llo", true},
	{"héllo", "h__llo", false},
	{"日本", "__", true},
	{"日本語", "%語", true},
	{"日本語", "_本_", true},
	// General patterns need backtracking.
	{"abcabcabd", "%abd", true},
	{"abcabcabd", "a%b%d", true},
	{"abcabcab", "a%b%d", false},
	{"xaxbxc", "%a%b%c", true},
	{"xaxcxb", "%a%b%c", false},
	{"aaa", "a%a%a", true},
	{"aa", "a%a%a", false},
	{"mississippi", "%iss%ipp%", true},
	{"mississippi", "m%s_s%i", true},
	// The escape makes % and _ and itself literal.
	{"50%", `50\%`, true},
	{"500", `50\%`, false},
	{"a_b", `a\_b`, true},
	{"axb", `a\_b`, false},
	{`a\b`, `a\\b`, true},
	{"100% sure", `%\%%`, true},
	{"100 sure", `%\%%`, false},
	{"a%", `%\%`, true},
}

func TestLikeConstantPatterns(t *testing.T) {
	for _, c := range likeCases {
		rec := mkRec(t, col("s", tStr, c.s, nil))
		for _, not := range []bool{false, true} {
			e := NewLike(ref(0, tStr), lit(t, tStr, c.pat), '\\', not, false)
			want := c.want != not
			wantVals(t, fmt.Sprintf("%q %s", c.s, e), eval(t, e, rec), want, nil)
		}
		rec.Release()
	}
}

func TestLikePatternColumn(t *testing.T) {
	// The same cases with the pattern a column: compiled per row, with
	// repeated patterns in a row and NULL patterns in between.
	var ss, ps []any
	var want, wantNot []any
	for _, c := range likeCases {
		for rep := 0; rep < 2; rep++ {
			ss = append(ss, c.s)
			ps = append(ps, c.pat)
			want = append(want, c.want)
			wantNot = append(wantNot, !c.want)
		}
		ss = append(ss, c.s)
		ps = append(ps, nil)
		want = append(want, nil)
		wantNot = append(wantNot, nil)
	}
	rec := mkRec(t, col("s", tStr, ss...), col("p", tStr, ps...))
	defer rec.Release()
	wantVals(t, "s LIKE p", eval(t, NewLike(ref(0, tStr), ref(1, tStr), '\\', false, false), rec), want...)
	wantVals(t, "s NOT LIKE p", eval(t, NewLike(ref(0, tStr), ref(1, tStr), '\\', true, false), rec), wantNot...)
}

func TestLikeCustomEscapeAndNoEscape(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "10%", "10x", `a\b`, "a!b"))
	defer rec.Release()
	s := ref(0, tStr)
	wantVals(t, "LIKE '10!%' ESCAPE '!'", eval(t, NewLike(s, lit(t, tStr, "10!%"), '!', false, false), rec), true, false, false, false)
	// Without an escape character, \ is an ordinary character.
	wantVals(t, `LIKE 'a\b' (no escape)`, eval(t, NewLike(s, lit(t, tStr, `a\b`), 0, false, false), rec), false, false, true, false)
	wantVals(t, `LIKE 'a!!b' ESCAPE '!'`, eval(t, NewLike(s, lit(t, tStr, "a!!b"), '!', false, false), rec), false, false, false, true)
}

func TestILike(t *testing.T) {
	cases := []likeCase{
		{"ABCdef", "abc%", true},
		{"abcdef", "ABC%", true},
		{"xAbCx", "%aBc%", true},
		{"ABC", "abc", true},
		{"ABC", "abd", false},
		{"ÉTÉ", "été", true},
		{"été", "%TÉ", true},
		{"Straße", "STRA_E", true},
		{"HELLO", "h_l%O", true},
		{"50%", `50\%`, true},
	}
	for _, c := range cases {
		rec := mkRec(t, col("s", tStr, c.s))
		e := NewLike(ref(0, tStr), lit(t, tStr, c.pat), '\\', false, true)
		wantVals(t, fmt.Sprintf("%q %s", c.s, e), eval(t, e, rec), c.want)
		// The pattern as a column takes the other path.
		rec2 := mkRec(t, col("s", tStr, c.s), col("p", tStr, c.pat))
		e2 := NewLike(ref(0, tStr), ref(1, tStr), '\\', false, true)
		wantVals(t, fmt.Sprintf("%q ILIKE %q (column)", c.s, c.pat), eval(t, e2, rec2), c.want)
		rec.Release()
		rec2.Release()
	}
}

func TestLikeNulls(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "a", nil, ""))
	defer rec.Release()
	s := ref(0, tStr)
	wantVals(t, "s LIKE NULL", eval(t, NewLike(s, &Const{Value: nil, T: tStr}, '\\', false, false), rec), nil, nil, nil)
	wantVals(t, "s NOT LIKE NULL", eval(t, NewLike(s, &Const{Value: nil, T: tStr}, '\\', true, false), rec), nil, nil, nil)
	wantVals(t, "s LIKE NULL(untyped)", eval(t, NewLike(s, &Const{T: tNull}, '\\', false, false), rec), nil, nil, nil)
	wantVals(t, "NULL(untyped) LIKE 'a'", eval(t, NewLike(&Const{T: tNull}, lit(t, tStr, "a"), '\\', false, false), rec), nil, nil, nil)
	// '' is a value: '' LIKE '%' is TRUE, NULL LIKE '%' is NULL.
	wantVals(t, "s LIKE '%'", eval(t, NewLike(s, lit(t, tStr, "%"), '\\', false, false), rec), true, nil, true)
}

func TestLikeString(t *testing.T) {
	cases := []struct {
		not, fold bool
		want      string
	}{
		{false, false, "(c0 LIKE 'a%')"},
		{true, false, "(c0 NOT LIKE 'a%')"},
		{false, true, "(c0 ILIKE 'a%')"},
		{true, true, "(c0 NOT ILIKE 'a%')"},
	}
	for _, c := range cases {
		e := NewLike(ref(0, tStr), lit(t, tStr, "a%"), '\\', c.not, c.fold)
		if e.String() != c.want || e.Type() != tBool {
			t.Errorf("String, Type = %q, %s; want %q", e.String(), e.Type(), c.want)
		}
	}
}

func TestLikeLongInputManyRows(t *testing.T) {
	// A long subject and many rows (several result bytes).
	long := strings.Repeat("ab", 500) + "c"
	var ss, want []any
	for i := 0; i < 20; i++ {
		if i%2 == 0 {
			ss = append(ss, long)
			want = append(want, true)
		} else {
			ss = append(ss, long[:len(long)-1])
			want = append(want, false)
		}
	}
	rec := mkRec(t, col("s", tStr, ss...))
	defer rec.Release()
	wantVals(t, "LIKE '%b%c'", eval(t, NewLike(ref(0, tStr), lit(t, tStr, "%b%c"), '\\', false, false), rec), want...)
}

func TestCompileLikeKinds(t *testing.T) {
	cases := []struct {
		pat  string
		kind likeKind
		lit  string
	}{
		{"", likeExact, ""},
		{"abc", likeExact, "abc"},
		{`a\%`, likeExact, "a%"},
		{"%", likePrefix, ""},
		{"ab%", likePrefix, "ab"},
		{"%ab", likeSuffix, "ab"},
		{"%ab%", likeContains, "ab"},
		{"a_", likeGeneral, ""},
		{"%a%b", likeGeneral, ""},
	}
	for _, c := range cases {
		m := compileLike(c.pat, '\\', false)
		if m.kind != c.kind || (c.kind != likeGeneral && string(m.lit) != c.lit) {
			t.Errorf("compileLike(%q) = kind %d lit %q; want kind %d lit %q", c.pat, m.kind, m.lit, c.kind, c.lit)
		}
	}
}
