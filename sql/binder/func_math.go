package binder

import (
	"math"
	"strings"

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
		funcDef{name: "ln", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "log", minArgs: 1, maxArgs: 2, bind: bindLog},
		funcDef{name: "log2", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "log10", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "exp", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "power", aliases: []string{"pow"}, minArgs: 2, maxArgs: 2, bind: bindDoubles},
		funcDef{name: "mod", minArgs: 2, maxArgs: 2, bind: bindMod, kernels: rewritten},
		funcDef{name: "sin", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "cos", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "tan", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "asin", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "acos", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "atan", minArgs: 1, maxArgs: 2, bind: bindAtan},
		funcDef{name: "atan2", minArgs: 2, maxArgs: 2, bind: bindDoubles},
		funcDef{name: "degrees", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "radians", minArgs: 1, maxArgs: 1, bind: bindDoubles},
		funcDef{name: "pi", bind: bindPi, kernels: rewritten},
		funcDef{name: "truncate", minArgs: 2, maxArgs: 2, bind: bindTruncate},
		funcDef{name: "greatest", minArgs: 2, maxArgs: -1, bind: bindExtreme},
		funcDef{name: "least", minArgs: 2, maxArgs: -1, bind: bindExtreme},
	)
}

// Outside their domains SQRT, LN, LOG, LOG2, LOG10, ASIN and ACOS give
// NULL, as MySQL does (with a warning): SQRT(-1) and LN(0) are NULL.

// bindLog types LOG(x), which is LN(x), and LOG(b, x), the logarithm of x
// to the base b.
func bindLog(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	e, err := bindDoubles(c, args)
	if err != nil {
		return nil, err
	}
	if len(args) == 1 {
		e.(*plan.Call).Fn = "ln"
	}
	return e, nil
}

// bindAtan types ATAN(x), and ATAN(y, x), which is ATAN2(y, x).
func bindAtan(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	e, err := bindDoubles(c, args)
	if err != nil {
		return nil, err
	}
	if len(args) == 2 {
		e.(*plan.Call).Fn = "atan2"
	}
	return e, nil
}

// bindPi types PI(): the constant.
func bindPi(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	return &plan.Literal{Value: math.Pi, T: types.DoubleType}, nil
}

// bindTruncate types MySQL's TRUNCATE(x, d), x cut toward zero to d
// decimals: of x's type, except that a DECIMAL keeps min(d, scale)
// decimals (d must then be a constant, or the cut is in DOUBLE).
func bindTruncate(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := wantNumber(c.name, 0, args[0])
	if err != nil {
		return nil, err
	}
	d, err := want(c.name, 1, args[1], types.BigintType)
	if err != nil {
		return nil, err
	}
	t := x.Type()
	if t.ID != types.Decimal {
		return c.call(t, x, d), nil
	}
	l, ok := d.(*plan.Literal)
	if !ok || l.Value == nil {
		return c.call(types.DoubleType, castTo(x, types.DoubleType), d), nil
	}
	s := int(max(min(l.Value.(int64), int64(t.Scale)), 0))
	p := max(int(t.Precision-t.Scale)+s, 1)
	return c.call(types.DecimalType(p, s), x, d), nil
}

// bindExtreme types GREATEST(x, ...) and LEAST(x, ...): the arguments
// meet in their common type; NULL when any is NULL, as in MySQL.
func bindExtreme(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out, t, err := unify(args)
	if err != nil {
		return nil, ferr("", "%s: %v", strings.ToUpper(c.name), err)
	}
	if t.ID == types.Unknown {
		return &plan.Literal{T: types.UnknownType}, nil
	}
	return c.call(t, out...), nil
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
