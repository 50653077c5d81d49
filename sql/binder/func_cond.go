package binder

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The conditional functions.

func init() {
	register(
		// COALESCE runs on vector.Coalesce, which the optimizer builds
		// itself: it evaluates an argument only for the rows that need it.
		funcDef{name: "coalesce", minArgs: 1, maxArgs: -1, bind: bindCoalesce, kernels: rewritten},
		funcDef{name: "ifnull", minArgs: 2, maxArgs: 2, bind: bindCoalesce, kernels: rewritten},
		funcDef{name: "nullif", minArgs: 2, maxArgs: 2, bind: bindNullIf},
		funcDef{name: "if", minArgs: 3, maxArgs: 3, bind: bindIf, kernels: rewritten},
	)
}

func bindCoalesce(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out, t, err := unify(args)
	if err != nil {
		return nil, ferr("", "COALESCE: %v", err)
	}
	return &plan.Call{Fn: "coalesce", Args: out, T: t}, nil
}

func bindNullIf(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out, t, err := unify(args)
	if err != nil {
		return nil, ferr("", "NULLIF: %v", err)
	}
	return c.call(t, out...), nil
}

// bindIf makes IF(c, a, b) a CASE.
func bindIf(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	cond, err := want(c.name, 0, args[0], types.BooleanType)
	if err != nil {
		cond, err = asCondition(args[0])
		if err != nil {
			return nil, err
		}
	}
	out, t, err := unify(args[1:])
	if err != nil {
		return nil, ferr("", "IF: %v", err)
	}
	return &plan.Call{Fn: "case", Args: []plan.Expr{cond, out[0], out[1]}, T: t}, nil
}
