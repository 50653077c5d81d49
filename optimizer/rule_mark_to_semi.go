package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// MarkJoinsToSemi turns a mark join whose mark only filters (WHERE x IN
// (subquery), WHERE NOT EXISTS (...)) into a semi or anti join, which
// produces the rows that pass instead of a column to test.
//
//	Filter m  over  Join mark=m  => Join semi
//	Filter NOT m  over  Join mark=m  => Join anti (null-aware for NOT IN)
func MarkJoinsToSemi(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		f, ok := n.(*plan.Filter)
		if !ok {
			return n, nil
		}
		j, ok := f.Input.(*plan.Join)
		if !ok || j.Kind != plan.MarkJoin {
			return n, nil
		}
		var rest []plan.Expr
		kind := plan.MarkJoin
		for _, p := range plan.SplitAnd(f.Pred) {
			switch k := markTest(p, j.Mark.ID); {
			case k != plan.MarkJoin && kind == plan.MarkJoin:
				kind = k
			default:
				rest = append(rest, p)
			}
		}
		if kind == plan.MarkJoin {
			return n, nil
		}
		for _, p := range rest {
			if plan.ColumnsOf(p, nil)[j.Mark.ID] {
				return n, nil // the mark is also read otherwise
			}
		}
		c := *j
		c.Kind = kind
		if kind == plan.SemiJoin {
			c.NullAware = false // NULL and FALSE both fail a filter
		}
		return withFilter(&c, rest), nil
	})
}

// markTest recognises m (SemiJoin) and NOT m (AntiJoin).
func markTest(p plan.Expr, mark plan.ColumnID) plan.JoinKind {
	if r, ok := p.(*plan.ColumnRef); ok && r.ID == mark {
		return plan.SemiJoin
	}
	if c, ok := p.(*plan.Call); ok && c.Fn == "not" {
		if r, ok := c.Args[0].(*plan.ColumnRef); ok && r.ID == mark {
			return plan.AntiJoin
		}
	}
	return plan.MarkJoin
}
