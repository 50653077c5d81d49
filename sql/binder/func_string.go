package binder

import (
	"regexp"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/dialect"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The string functions. Positions and lengths count characters (UTF-8
// code points), from 1, as in MySQL; comparisons are case-sensitive, as
// LIKE is.

func init() {
	register(
		funcDef{name: "lower", aliases: []string{"lcase"}, minArgs: 1, maxArgs: 1, bind: bindText},
		funcDef{name: "upper", aliases: []string{"ucase"}, minArgs: 1, maxArgs: 1, bind: bindText},
		funcDef{name: "length", aliases: []string{"octet_length"}, minArgs: 1, maxArgs: 1, bind: bindTextToInt},
		funcDef{name: "char_length", aliases: []string{"character_length"}, minArgs: 1, maxArgs: 1, bind: bindTextToInt},
		funcDef{name: "substring", aliases: []string{"substr", "mid"}, minArgs: 2, maxArgs: 3, bind: bindTextInts},
		funcDef{name: "left", minArgs: 2, maxArgs: 2, bind: bindTextInts},
		funcDef{name: "right", minArgs: 2, maxArgs: 2, bind: bindTextInts},
		funcDef{name: "concat", minArgs: 1, maxArgs: -1, bind: bindText},
		funcDef{name: "replace", minArgs: 3, maxArgs: 3, bind: bindText},
		funcDef{name: "trim", minArgs: 1, maxArgs: 2, bind: bindText},
		funcDef{name: "ltrim", minArgs: 1, maxArgs: 2, bind: bindText},
		funcDef{name: "rtrim", minArgs: 1, maxArgs: 2, bind: bindText},
	)
}

// bindText types a function of text arguments with a text result.
func bindText(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out := make([]plan.Expr, len(args))
	for i, a := range args {
		out[i] = wantText(a)
	}
	return c.call(types.VarcharType, out...), nil
}

// bindTextToInt types a function of one text with a BIGINT result.
func bindTextToInt(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	return c.call(types.BigintType, wantText(args[0])), nil
}

// bindTextInts types a function of a text and BIGINTs with a text result.
func bindTextInts(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out := []plan.Expr{wantText(args[0])}
	for i := 1; i < len(args); i++ {
		a, err := want(c.name, i, args[i], types.BigintType)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return c.call(types.VarcharType, out...), nil
}

func init() {
	register(
		funcDef{name: "locate", aliases: []string{"position"}, minArgs: 2, maxArgs: 3, bind: bindLocate},
		funcDef{name: "instr", minArgs: 2, maxArgs: 2, bind: bindLocate, kernels: rewritten},
		funcDef{name: "lpad", minArgs: 3, maxArgs: 3, bind: bindPad},
		funcDef{name: "rpad", minArgs: 3, maxArgs: 3, bind: bindPad},
		funcDef{name: "repeat", minArgs: 2, maxArgs: 2, bind: bindTextInts},
		funcDef{name: "reverse", minArgs: 1, maxArgs: 1, bind: bindText},
		funcDef{name: "split_part", minArgs: 3, maxArgs: 3, bind: bindSplitPart},
		funcDef{name: "starts_with", minArgs: 2, maxArgs: 2, bind: bindStartsWith},
		funcDef{name: "concat_ws", minArgs: 2, maxArgs: -1, bind: bindText},
		funcDef{name: "regexp_like", minArgs: 2, maxArgs: 3, bind: bindRegexp},
		funcDef{name: "regexp_replace", minArgs: 3, maxArgs: 6, bind: bindRegexp},
		funcDef{name: "regexp_substr", minArgs: 2, maxArgs: 5, bind: bindRegexp},
		funcDef{name: "regexp_instr", minArgs: 2, maxArgs: 6, bind: bindRegexp},
	)
}

// bindLocate types LOCATE(sub, s[, pos]), POSITION(sub IN s) (which the
// parser gives as position(sub, s)) and INSTR(s, sub): a BIGINT position,
// 0 when sub is not found.
func bindLocate(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	if c.name == "instr" {
		args = []plan.Expr{args[1], args[0]}
	}
	out := []plan.Expr{wantText(args[0]), wantText(args[1])}
	if len(args) > 2 {
		p, err := want(c.name, 2, args[2], types.BigintType)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return &plan.Call{Fn: "locate", Args: out, T: types.BigintType}, nil
}

// bindPad types LPAD(s, n, pad) and RPAD.
func bindPad(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	n, err := want(c.name, 1, args[1], types.BigintType)
	if err != nil {
		return nil, err
	}
	return c.call(types.VarcharType, wantText(args[0]), n, wantText(args[2])), nil
}

// bindSplitPart types PostgreSQL's SPLIT_PART(s, delimiter, n).
func bindSplitPart(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	n, err := want(c.name, 2, args[2], types.BigintType)
	if err != nil {
		return nil, err
	}
	if l, ok := n.(*plan.Literal); ok && l.Value == int64(0) {
		return nil, argErr(2, "fields count from 1, or from -1 at the end", "SPLIT_PART: field position must not be zero")
	}
	return c.call(types.VarcharType, wantText(args[0]), wantText(args[1]), n), nil
}

// bindStartsWith types STARTS_WITH(s, prefix), a BOOLEAN.
func bindStartsWith(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	return c.call(types.BooleanType, wantText(args[0]), wantText(args[1])), nil
}

// regexpLayout is, for each regexp function, its optional arguments after
// the fixed ones, in order, with their defaults: the kernels get them all.
// The last is the match type.
var regexpLayout = map[string]struct {
	fixed    int     // text arguments: s, pattern[, replacement]
	defaults []int64 // the BIGINT options: pos, occurrence[, return_option]
	result   types.Type
}{
	"regexp_like":    {2, nil, types.BooleanType},
	"regexp_replace": {3, []int64{1, 0}, types.VarcharType},
	"regexp_substr":  {2, []int64{1, 1}, types.VarcharType},
	"regexp_instr":   {2, []int64{1, 1, 0}, types.BigintType},
}

// bindRegexp types REGEXP_LIKE(s, pattern[, match_type]) (and s REGEXP
// pattern), REGEXP_REPLACE(s, pattern, replacement[, pos[, occurrence[,
// match_type]]]), REGEXP_SUBSTR(s, pattern[, pos[, occurrence[,
// match_type]]]) and REGEXP_INSTR(s, pattern[, pos[, occurrence[,
// return_option[, match_type]]]]), as in MySQL but with Go's regular
// expression syntax (RE2). The match type must be a constant; a constant
// pattern is checked here, so that a bad one is reported with its
// position.
func bindRegexp(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	lay := regexpLayout[c.name]
	var out []plan.Expr
	for i := 0; i < lay.fixed; i++ {
		out = append(out, wantText(args[i]))
	}
	for k, def := range lay.defaults {
		i := lay.fixed + k
		if i < len(args) {
			x, err := want(c.name, i, args[i], types.BigintType)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
			continue
		}
		out = append(out, &plan.Literal{Value: def, T: types.BigintType})
	}
	flags := ""
	if i := lay.fixed + len(lay.defaults); i < len(args) {
		l, ok := args[i].(*plan.Literal)
		if !ok || l.T.ID != types.Varchar || l.Value == nil {
			return nil, argErr(i, "", "%s: the match type must be a constant string", strings.ToUpper(c.name))
		}
		flags = l.Value.(string)
	}
	prefix, ok := dialect.RegexpFlags(flags)
	if !ok {
		return nil, argErr(len(args)-1, "the match type holds c (case-sensitive), i (case-insensitive), m (multi-line), n ('.' matches line ends), u",
			"%s: invalid match type %q", strings.ToUpper(c.name), flags)
	}
	out = append(out, &plan.Literal{Value: flags, T: types.VarcharType})
	if l, ok := out[1].(*plan.Literal); ok && l.Value != nil {
		if _, err := regexp.Compile(prefix + l.Value.(string)); err != nil {
			return nil, argErr(1, "the syntax is Go's (RE2): https://golang.org/s/re2syntax",
				"%s: invalid regular expression %q: %v", strings.ToUpper(c.name), l.Value.(string), regexpReason(err))
		}
	}
	return c.call(lay.result, out...), nil
}

// regexpReason is the part of a regexp error after Go's "error parsing
// regexp: ".
func regexpReason(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}
