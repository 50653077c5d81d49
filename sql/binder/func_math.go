package binder

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The numeric functions.

func init() {
	register(
		funcDef{name: "abs", minArgs: 1, maxArgs: 1, bind: bindUnaryMath},
		funcDef{name: "ceil", aliases: []string{"ceiling"}, minArgs: 1, maxArgs: 1, bind: bindUnaryMath},
		funcDef{name: "floor", minArgs: 1, maxArgs: 1, bind: bindUnaryMath},
		funcDef{name: "sign", minArgs: 1, maxArgs: 1, bind: bindUnaryMath},
		funcDef{name: "round", minArgs: 1, maxArgs: 2, bind: bindRound},
		funcDef{name: "sqrt", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "ln", aliases: []string{"log"}, minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "log10", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "exp", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "power", aliases: []string{"pow"}, minArgs: 2, maxArgs: 2, bind: bindDoubles},
		funcDef{name: "mod", minArgs: 2, maxArgs: 2, bind: bindMod, kernels: rewritten},
	)
}

// bindUnaryMath types ABS, CEIL, FLOOR and SIGN: the argument's type,
// except that CEIL and FLOOR of a DECIMAL have no fraction digits and SIGN
// of a DECIMAL is a BIGINT.
func bindUnaryMath(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := wantNumber(c.name, 0, args[0])
	if err != nil {
		return nil, err
	}
	if t := x.Type(); t.ID == types.Decimal {
		switch c.name {
		case "sign":
			return c.call(types.BigintType, x), nil
		case "ceil", "floor":
			return c.call(types.DecimalType(min(int(t.Precision-t.Scale)+1, types.MaxDecimalPrecision), 0), x), nil
		}
	}
	return c.call(x.Type(), x), nil
}

func bindRound(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := wantNumber(c.name, 0, args[0])
	if err != nil {
		return nil, err
	}
	out := []plan.Expr{x}
	if len(args) > 1 {
		d, err := want(c.name, 1, args[1], types.BigintType)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if t := x.Type(); t.ID == types.Decimal {
		// The scale of the result is the digits kept, so they must be
		// known when binding; otherwise the rounding is in DOUBLE.
		d := int64(0)
		if len(out) > 1 {
			l, ok := out[1].(*plan.Literal)
			if !ok || l.Value == nil {
				out[0] = castTo(x, types.DoubleType)
				return c.call(types.DoubleType, out...), nil
			}
			d = l.Value.(int64)
		}
		s := int(max(min(d, int64(t.Scale)), 0))
		p := min(int(t.Precision-t.Scale)+1+s, types.MaxDecimalPrecision)
		return c.call(types.DecimalType(p, s), out...), nil
	}
	return c.call(x.Type(), out...), nil
}

// bindDoubles types a function of DOUBLEs with a DOUBLE result.
func bindDoubles(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out := make([]plan.Expr, len(args))
	for i, a := range args {
		x, err := want(c.name, i, a, types.DoubleType)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return c.call(types.DoubleType, out...), nil
}

func bindMod(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	return bindArith("%", args[0], args[1])
}
