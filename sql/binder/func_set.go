package binder

import (
	"sort"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The set-returning functions: a call returns rows, not a value. They are
// allowed at the top of select-list expressions (and so in FROM, which the
// PostgreSQL dialect writes as a LATERAL subquery's select list), where a
// ProjectSet evaluates them; their kernels are vector's set functions.

const codeFeatureNotSupported = "0A000"

func init() {
	register(funcDef{name: "generate_series", minArgs: 2, maxArgs: 3, bind: bindGenerateSeries, kernels: rewritten, set: true})
}

// bindGenerateSeries types GENERATE_SERIES(start, stop [, step]) over
// integers.
func bindGenerateSeries(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out := make([]plan.Expr, len(args))
	for i, a := range args {
		e, err := want(c.name, i, a, types.BigintType)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	call := c.call(types.BigintType, out...)
	call.Set = true
	return call, nil
}

// SetFunctions returns the names of the built-in set-returning functions,
// sorted: each needs a set function of that name in package vector.
func SetFunctions() []string {
	var out []string
	for name, d := range registry {
		if d.set && name == d.name {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// hasSetCall reports whether e holds a set-returning call.
func hasSetCall(e plan.Expr) bool {
	found := false
	plan.Rewrite(e, func(x plan.Expr) plan.Expr {
		if c, ok := x.(*plan.Call); ok && c.Set {
			found = true
		}
		return x
	})
	return found
}

// projectSet moves the set-returning calls of the select list's
// expressions into a ProjectSet over node, each replaced by a reference to
// its output column. A call inside another's arguments is refused.
func (b *binder) projectSet(node plan.Node, items []item) (plan.Node, error) {
	ps := &plan.ProjectSet{Input: node}
	for i := range items {
		nested := false
		plan.Walk(items[i].expr, func(x plan.Expr) bool {
			if c, ok := x.(*plan.Call); ok && c.Set {
				for _, a := range c.Args {
					nested = nested || hasSetCall(a)
				}
			}
			return true
		})
		if nested {
			return nil, &Error{SQL: b.sql, Offset: offsetOf(items[i].ast), Code: codeFeatureNotSupported,
				Msg: "a set-returning function cannot take another's rows as its argument", Hint: "call the inner one in FROM"}
		}
		items[i].expr = plan.Rewrite(items[i].expr, func(x plan.Expr) plan.Expr {
			c, ok := x.(*plan.Call)
			if !ok || !c.Set {
				return x
			}
			col := b.newColumn(c.Fn, c.T, true)
			ps.Calls = append(ps.Calls, c)
			ps.Out = append(ps.Out, col)
			return colRef(col)
		})
	}
	if len(ps.Calls) == 0 {
		return node, nil
	}
	return ps, nil
}
