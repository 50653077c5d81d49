package vector

import (
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	rec := mkRec(t,
		col("sub", tStr, "b", "b", "", "", "é!", "x", nil, "b", "", "bar"),
		col("s", tStr, "abcb", "abcb", "abc", "abc", "café!", "abc", "abc", nil, "abc", "foobarbar"),
		col("pos", tInt, 1, 3, 3, 5, 1, 1, 1, 1, 0, 5),
	)
	defer rec.Release()
	wantVals(t, "LOCATE(sub, s)", eval(t, fn(t, "locate", tInt, ref(0, tStr), ref(1, tStr)), rec),
		2, 2, 1, 1, 4, 0, nil, nil, 1, 4)
	// An empty sub is found at pos when pos <= length + 1; pos < 1 finds
	// nothing.
	wantVals(t, "LOCATE(sub, s, pos)", eval(t, fn(t, "locate", tInt, ref(0, tStr), ref(1, tStr), ref(2, tInt)), rec),
		2, 4, 3, 0, 4, 0, nil, nil, 0, 7)
}

func TestPad(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "hi", "hello", "x", "Chloé", "ab", nil, "ab", "", "ab"),
		col("n", tInt, 5, 3, 3, 7, -1, 3, nil, 4, 2),
		col("pad", tStr, "ab", "x", "", "é", "x", "x", "x", "xy", ""),
	)
	defer rec.Release()
	s, n, p := ref(0, tStr), ref(1, tInt), ref(2, tStr)
	wantVals(t, "LPAD", eval(t, fn(t, "lpad", tStr, s, n, p), rec),
		"abahi", "hel", nil, "ééChloé", nil, nil, nil, "xyxy", "ab")
	wantVals(t, "RPAD", eval(t, fn(t, "rpad", tStr, s, n, p), rec),
		"hiaba", "hel", nil, "Chloééé", nil, nil, nil, "xyxy", "ab")
	huge := mkRec(t, col("s", tStr, "a"), col("n", tInt, 1<<40), col("pad", tStr, "b"))
	defer huge.Release()
	wantVals(t, "LPAD past 64 MiB", eval(t, fn(t, "lpad", tStr, s, n, p), huge), nil)
}

func TestRepeatReverse(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "ab", "ab", "ab", "", nil, "Chloé", "ab"),
		col("n", tInt, 3, 0, -2, 5, 2, 2, 1<<40),
	)
	defer rec.Release()
	wantVals(t, "REPEAT", eval(t, fn(t, "repeat", tStr, ref(0, tStr), ref(1, tInt)), rec),
		"ababab", "", "", "", nil, "ChloéChloé", nil)
	wantVals(t, "REVERSE", eval(t, fn(t, "reverse", tStr, ref(0, tStr)), rec),
		"ba", "ba", "ba", "", nil, "éolhC", "ba")
	// Bytes that are not UTF-8 stay as they are, one character each.
	bad := mkRec(t, col("s", tStr, "a\xffb\xc3"))
	defer bad.Release()
	wantVals(t, "REVERSE(bad UTF-8)", eval(t, fn(t, "reverse", tStr, ref(0, tStr)), bad), "\xc3b\xffa")
}

func TestSplitPart(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "a,b,,c", "a,b,,c", "a,b,,c", "a,b,,c", "a,b,,c", "a--b--c", "abc", "abc", "abc", nil, ""),
		col("d", tStr, ",", ",", ",", ",", ",", "--", "", "", "x", ",", ","),
		col("k", tInt, 1, 3, 4, 5, -1, 2, 1, 2, -1, 1, 1),
	)
	defer rec.Release()
	wantVals(t, "SPLIT_PART", eval(t, fn(t, "split_part", tStr, ref(0, tStr), ref(1, tStr), ref(2, tInt)), rec),
		"a", "", "c", "", "c", "b", "abc", "", "abc", nil, "")
	neg := mkRec(t, col("s", tStr, "a,b,c", "a,b,c", "a,b,c"), col("d", tStr, ",", ",", ","), col("k", tInt, -2, -3, -4))
	defer neg.Release()
	wantVals(t, "SPLIT_PART negative", eval(t, fn(t, "split_part", tStr, ref(0, tStr), ref(1, tStr), ref(2, tInt)), neg), "b", "a", "")
	zero := mkRec(t, col("s", tStr, "a,b"), col("d", tStr, ","), col("k", tInt, 0))
	defer zero.Release()
	_, err := evalErr(t, fn(t, "split_part", tStr, ref(0, tStr), ref(1, tStr), ref(2, tInt)), zero)
	wantErr(t, "SPLIT_PART(.., 0)", err, "SPLIT_PART: field position must not be zero")
}

func TestStartsWithConcatWS(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "hello", "hello", "", nil, "hello"),
		col("p", tStr, "he", "lo", "", "a", ""),
	)
	defer rec.Release()
	wantVals(t, "STARTS_WITH", eval(t, fn(t, "starts_with", tBool, ref(0, tStr), ref(1, tStr)), rec), true, false, true, nil, true)
	// CONCAT_WS skips NULL strings; a NULL separator makes NULL.
	ws := mkRec(t,
		col("sep", tStr, "-", "-", nil, ", ", "-"),
		col("a", tStr, "a", nil, "a", "x", nil),
		col("b", tStr, "b", "b", "b", "y", nil),
	)
	defer ws.Release()
	wantVals(t, "CONCAT_WS", eval(t, fn(t, "concat_ws", tStr, ref(0, tStr), ref(1, tStr), ref(2, tStr)), ws), "a-b", "b", nil, "x, y", "")
}

func TestRegexpLike(t *testing.T) {
	rec := mkRec(t, col("s", tStr, "abc", "ABC", "", nil, "a\nb", "xyz"))
	defer rec.Release()
	s := ref(0, tStr)
	like := func(p, flags string) []any {
		return eval(t, fn(t, "regexp_like", tBool, s, lit(t, tStr, p), lit(t, tStr, flags)), rec)
	}
	wantVals(t, "b", like("b", ""), true, false, false, nil, true, false)
	wantVals(t, "b, i", like("b", "i"), true, true, false, nil, true, false)
	wantVals(t, "b, ic (rightmost wins)", like("b", "ic"), true, false, false, nil, true, false)
	wantVals(t, "^b$ (one line)", like("^b$", ""), false, false, false, nil, false, false)
	wantVals(t, "^b$, m", like("^b$", "m"), false, false, false, nil, true, false)
	wantVals(t, "a.b, n", like("a.b", "n"), false, false, false, nil, true, false)
	wantVals(t, "^$", like("^$", ""), false, false, true, nil, false, false)

	// A pattern per row, bad ones failing.
	rows := mkRec(t, col("s", tStr, "abc", "abc", "abc", "x"), col("p", tStr, "^a", "c$", nil, "[xy]"))
	defer rows.Release()
	wantVals(t, "column pattern", eval(t, fn(t, "regexp_like", tBool, ref(0, tStr), ref(1, tStr), lit(t, tStr, "")), rows), true, true, nil, true)
	bad := mkRec(t, col("s", tStr, "abc", "abc"), col("p", tStr, "a", "("))
	defer bad.Release()
	_, err := evalErr(t, fn(t, "regexp_like", tBool, ref(0, tStr), ref(1, tStr), lit(t, tStr, "")), bad)
	wantErr(t, "bad column pattern", err, "REGEXP_LIKE: invalid pattern \"(\"", "missing closing )")

	_, err = NewFunc("regexp_like", []Expr{s, lit(t, tStr, "a)"), lit(t, tStr, "")}, tBool)
	wantErr(t, "bad constant pattern", err, "REGEXP_LIKE: invalid pattern \"a)\"")
	_, err = NewFunc("regexp_like", []Expr{s, lit(t, tStr, "a"), lit(t, tStr, "x")}, tBool)
	wantErr(t, "bad match type", err, "REGEXP_LIKE: invalid match type \"x\"")
	_, err = NewFunc("regexp_like", []Expr{s, lit(t, tStr, "a"), ref(0, tStr)}, tBool)
	wantErr(t, "column match type", err, "REGEXP_LIKE: the match type must be a constant string")
}

func TestRegexpReplace(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "a1b22c333", "John Smith", "abc", "aaa", "café café", nil, "a1b2c3", "a1b2c3"),
		col("p", tStr, "[0-9]+", `(\w+) (\w+)`, "x*", "a", "é", "a", "([0-9])", "[0-9]"),
		col("r", tStr, "<$0>", "$2, $1", "-", "b", "E", "b", `\$$10`, "#"),
		col("pos", tInt, 1, 1, 1, 2, 1, 1, 1, 3),
		col("occ", tInt, 0, 0, 0, 0, 2, 0, 2, 0),
	)
	defer rec.Release()
	e := fn(t, "regexp_replace", tStr, ref(0, tStr), ref(1, tStr), ref(2, tStr), ref(3, tInt), ref(4, tInt), lit(t, tStr, ""))
	// $10 with one group is $1 then 0; \$ is a dollar; pos keeps what is
	// before it; occurrence picks one match.
	wantVals(t, e.String(), eval(t, e, rec),
		"a<1>b<22>c<333>", "Smith, John", "-a-b-c-", "abb", "café cafE", nil, "a1b$20c3", "a1b#c#")

	oob := mkRec(t, col("s", tStr, "abc"), col("p", tStr, "a"), col("r", tStr, "b"), col("pos", tInt, 5), col("occ", tInt, 0))
	defer oob.Release()
	_, err := evalErr(t, e, oob)
	wantErr(t, "pos past the end", err, "REGEXP_REPLACE: index 5 out of bounds")
}

func TestRegexpSubstrInstr(t *testing.T) {
	rec := mkRec(t,
		col("s", tStr, "a1b22c333", "a1b22c333", "a1b22c333", "héllo wörld", "abc", nil, "a1b22c333"),
		col("pos", tInt, 1, 1, 4, 1, 1, 1, 3),
		col("occ", tInt, 1, 2, 1, 2, 1, 1, 3),
	)
	defer rec.Release()
	s, pos, occ := ref(0, tStr), ref(1, tInt), ref(2, tInt)
	sub := fn(t, "regexp_substr", tStr, s, lit(t, tStr, "[0-9]+|ö"), pos, occ, lit(t, tStr, ""))
	wantVals(t, sub.String(), eval(t, sub, rec), "1", "22", "22", nil, nil, nil, nil)
	word := fn(t, "regexp_substr", tStr, s, lit(t, tStr, `[^ ]+`), pos, occ, lit(t, tStr, ""))
	wantVals(t, word.String(), eval(t, word, rec), "a1b22c333", nil, "22c333", "wörld", "abc", nil, nil)
	in0 := fn(t, "regexp_instr", tInt, s, lit(t, tStr, "[0-9]+|ö"), pos, occ, lit(t, tInt, 0), lit(t, tStr, ""))
	wantVals(t, in0.String(), eval(t, in0, rec), 2, 4, 4, 0, 0, nil, 0)
	in1 := fn(t, "regexp_instr", tInt, s, lit(t, tStr, "[0-9]+|ö"), pos, occ, lit(t, tInt, 1), lit(t, tStr, ""))
	wantVals(t, in1.String(), eval(t, in1, rec), 3, 6, 6, 0, 0, nil, 0)
	// Characters, not bytes: ö is the 8th character of "héllo wörld".
	one := mkRec(t, col("s", tStr, "héllo wörld"))
	defer one.Release()
	wantVals(t, "REGEXP_INSTR(ö)", eval(t, fn(t, "regexp_instr", tInt, ref(0, tStr), lit(t, tStr, "ö"), lit(t, tInt, 1), lit(t, tInt, 1), lit(t, tInt, 0), lit(t, tStr, "")), one), 8)
}

func TestStringKernelsNulls(t *testing.T) {
	// Every new string kernel gives NULL on a NULL argument and keeps the
	// other rows right, over several validity bytes.
	var ss []any
	for i := 0; i < 20; i++ {
		if i%3 == 0 {
			ss = append(ss, nil)
		} else {
			ss = append(ss, strings.Repeat("ab", i%4))
		}
	}
	rec := mkRec(t, col("s", tStr, ss...))
	defer rec.Release()
	s := ref(0, tStr)
	for _, e := range []Expr{
		fn(t, "reverse", tStr, s),
		fn(t, "repeat", tStr, s, lit(t, tInt, 2)),
		fn(t, "lpad", tStr, s, lit(t, tInt, 4), lit(t, tStr, "*")),
		fn(t, "split_part", tStr, s, lit(t, tStr, "b"), lit(t, tInt, 1)),
		fn(t, "locate", tInt, lit(t, tStr, "b"), s),
		fn(t, "starts_with", tBool, s, lit(t, tStr, "a")),
		fn(t, "regexp_like", tBool, s, lit(t, tStr, "b"), lit(t, tStr, "")),
		fn(t, "regexp_replace", tStr, s, lit(t, tStr, "b"), lit(t, tStr, "B"), lit(t, tInt, 1), lit(t, tInt, 0), lit(t, tStr, "")),
	} {
		got := eval(t, e, rec)
		for i, v := range got {
			if (v == nil) != (ss[i] == nil) {
				t.Errorf("%s row %d: got %v for %v", e, i, fmtVal(v), fmtVal(ss[i]))
			}
		}
	}
}
