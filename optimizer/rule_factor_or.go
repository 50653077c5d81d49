package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// FactorOr takes the conjuncts that every branch of an OR shares out of
// it, so that they can be pushed down or used as join keys on their own:
//
//	(a = b AND x = 1) OR (a = b AND x = 2)  =>  a = b AND (x = 1 OR x = 2)
//
// (TPC-H Q19 joins its two tables only through such a shared equality.)
func FactorOr(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		return mapExprs(n, func(e plan.Expr) (plan.Expr, error) { return plan.Rewrite(e, factorOr), nil })
	})
}

func factorOr(e plan.Expr) plan.Expr {
	c, ok := e.(*plan.Call)
	if !ok || c.Fn != "or" {
		return e
	}
	branches := splitOr(c)
	conj := make([][]plan.Expr, len(branches))
	for i, b := range branches {
		conj[i] = plan.SplitAnd(b)
	}
	var common []plan.Expr
	for _, x := range conj[0] {
		inAll := true
		for _, other := range conj[1:] {
			if !containsExpr(other, x) {
				inAll = false
				break
			}
		}
		if inAll && !containsExpr(common, x) {
			common = append(common, x)
		}
	}
	if len(common) == 0 {
		return e
	}
	var rest []plan.Expr
	for _, cs := range conj {
		var left []plan.Expr
		for _, x := range cs {
			if !containsExpr(common, x) {
				left = append(left, x)
			}
		}
		if len(left) == 0 {
			// This branch is just the common part: the OR adds nothing.
			return plan.JoinAnd(common)
		}
		rest = append(rest, plan.JoinAnd(left))
	}
	or := rest[0]
	for _, r := range rest[1:] {
		or = &plan.Call{Fn: "or", Args: []plan.Expr{or, r}, T: types.BooleanType}
	}
	return plan.JoinAnd(append(common, or))
}

func splitOr(e plan.Expr) []plan.Expr {
	if c, ok := e.(*plan.Call); ok && c.Fn == "or" {
		var out []plan.Expr
		for _, a := range c.Args {
			out = append(out, splitOr(a)...)
		}
		return out
	}
	return []plan.Expr{e}
}

func containsExpr(es []plan.Expr, x plan.Expr) bool {
	for _, e := range es {
		if plan.Equal(e, x) {
			return true
		}
	}
	return false
}
