package binder

import (
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
