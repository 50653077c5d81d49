package optimizer

import (
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// CommonSubexpressions computes once an expression that a projection or
// an aggregation evaluates several times: a projection below it computes
// the expression into a new column, which the uses read.
//
//	SELECT SUM(p * (1 - d)), SUM(p * (1 - d) * (1 + t)) FROM lineitem
//	=> Aggregate aggs=[sum(common7), sum((common7 * (1 + t)))]
//	     Project [..., (p * (1 - d)) AS common7]
//
// Only expressions evaluated for every row are shared: those inside AND,
// OR, CASE or COALESCE may be skipped for some rows (and may fail where
// skipped, as a division guarded by a CASE), so they are left in place.
func CommonSubexpressions(n plan.Node) (plan.Node, error) {
	next := maxColumnID(n)
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		switch n := n.(type) {
		case *plan.Project:
			exprs, below, ok := shareSubexpressions(n.Input, n.Exprs, &next)
			if !ok {
				return n, nil
			}
			return &plan.Project{Input: below, Exprs: exprs, Out: n.Out}, nil
		case *plan.Aggregate:
			if n.Phase != plan.Complete {
				return n, nil
			}
			all := append([]plan.Expr(nil), n.Keys...)
			for _, a := range n.Aggs {
				if a.Arg != nil {
					all = append(all, a.Arg)
				}
			}
			exprs, below, ok := shareSubexpressions(n.Input, all, &next)
			if !ok {
				return n, nil
			}
			c := *n
			c.Input = below
			c.Keys = exprs[:len(n.Keys)]
			c.Aggs = append([]plan.AggCall(nil), n.Aggs...)
			i := len(n.Keys)
			for j := range c.Aggs {
				if c.Aggs[j].Arg != nil {
					c.Aggs[j].Arg = exprs[i]
					i++
				}
			}
			return &c, nil
		}
		return n, nil
	})
}

// shareSubexpressions finds the calls that exprs evaluate more than once
// and returns exprs reading them from a projection over input instead.
func shareSubexpressions(input plan.Node, exprs []plan.Expr, next *plan.ColumnID) ([]plan.Expr, plan.Node, bool) {
	var chosen []plan.Expr
	var cols []plan.Column
	out := append([]plan.Expr(nil), exprs...)
	for {
		counts := map[string]int{}
		first := map[string]plan.Expr{}
		for _, e := range out {
			countCalls(e, counts, first)
		}
		best := ""
		for k, c := range counts {
			if c >= 2 && (len(k) > len(best) || (len(k) == len(best) && k < best)) {
				best = k
			}
		}
		if best == "" {
			break
		}
		e := first[best]
		*next++
		col := plan.Column{ID: *next, Name: fmt.Sprintf("common%d", *next), Type: e.Type(), Nullable: true}
		ref := &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type}
		for i := range out {
			out[i] = replaceExpr(out[i], best, ref)
		}
		chosen = append(chosen, e)
		cols = append(cols, col)
	}
	if len(chosen) == 0 {
		return nil, nil, false
	}
	// The projection passes the input on and adds the shared expressions
	// (a later one may contain an earlier: it is computed in full).
	var pexprs []plan.Expr
	var pout []plan.Column
	for _, c := range input.Columns() {
		pexprs = append(pexprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
		pout = append(pout, c)
	}
	for i, e := range chosen {
		pexprs = append(pexprs, expand(e, chosen[:i], cols[:i]))
		pout = append(pout, cols[i])
	}
	return out, &plan.Project{Input: input, Exprs: pexprs, Out: pout}, true
}

// expand undoes replacements: chosen expressions refer to the input only.
func expand(e plan.Expr, chosen []plan.Expr, cols []plan.Column) plan.Expr {
	return plan.Rewrite(e, func(x plan.Expr) plan.Expr {
		if r, ok := x.(*plan.ColumnRef); ok {
			for i, c := range cols {
				if c.ID == r.ID {
					return expand(chosen[i], chosen[:i], cols[:i])
				}
			}
		}
		return x
	})
}

// A volatile call (a user-defined function that may return different
// values for the same arguments) is computed as often as it is written.

// conditional calls evaluate some arguments only for some rows.
var conditional = map[string]bool{"and": true, "or": true, "case": true, "coalesce": true, "if": true, "ifnull": true, "nullif": true}

// countCalls counts the calls e evaluates for every row, by their key.
func countCalls(e plan.Expr, counts map[string]int, first map[string]plan.Expr) {
	c, ok := e.(*plan.Call)
	if !ok || conditional[c.Fn] {
		return
	}
	if readsColumns(c) && !c.Volatile() {
		k := exprKey(c)
		counts[k]++
		if _, ok := first[k]; !ok {
			first[k] = c
		}
	}
	for _, a := range c.Args {
		countCalls(a, counts, first)
	}
}

func readsColumns(e plan.Expr) bool { return len(plan.ColumnsOf(e, nil)) > 0 }

// replaceExpr replaces the every-row occurrences of the call with key k.
func replaceExpr(e plan.Expr, k string, with plan.Expr) plan.Expr {
	c, ok := e.(*plan.Call)
	if !ok || conditional[c.Fn] {
		return e
	}
	if exprKey(c) == k {
		return with
	}
	args := make([]plan.Expr, len(c.Args))
	for i, a := range c.Args {
		args[i] = replaceExpr(a, k, with)
	}
	return c.WithArgs(args)
}

// exprKey identifies an expression structurally (columns by ID).
func exprKey(e plan.Expr) string {
	switch e := e.(type) {
	case *plan.ColumnRef:
		return fmt.Sprintf("#%d", e.ID)
	case *plan.Literal:
		return fmt.Sprintf("%s:%s", e.String(), e.T)
	case *plan.Call:
		parts := make([]string, len(e.Args))
		for i, a := range e.Args {
			parts[i] = exprKey(a)
		}
		return fmt.Sprintf("%s(%s):%s", e.Fn, strings.Join(parts, ","), e.T)
	}
	return fmt.Sprintf("%T:%s", e, e.String())
}
