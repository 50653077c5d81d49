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
//
// A mark that is read anywhere else (by a projection above the filter, as
// in SELECT * FROM (SELECT x IN (...) AS m ...) WHERE m) stays a mark.
// A dependent join (Apply) changes kind the same way.
func MarkJoinsToSemi(n plan.Node) (plan.Node, error) {
	reads := map[plan.ColumnID]int{}
	countReads(n, reads)
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		f, ok := n.(*plan.Filter)
		if !ok {
			return n, nil
		}
		var mark plan.Column
		switch j := f.Input.(type) {
		case *plan.Join:
			if j.Kind != plan.MarkJoin {
				return n, nil
			}
			mark = j.Mark
		case *plan.Apply:
			if j.Kind != plan.MarkJoin {
				return n, nil
			}
			mark = j.Mark
		default:
			return n, nil
		}
		var rest []plan.Expr
		kind := plan.MarkJoin
		for _, p := range plan.SplitAnd(f.Pred) {
			switch k := markTest(p, mark.ID); {
			case k != plan.MarkJoin && kind == plan.MarkJoin:
				kind = k
			default:
				rest = append(rest, p)
			}
		}
		if kind == plan.MarkJoin {
			return n, nil
		}
		if reads[mark.ID] > 1 {
			return n, nil // the mark is also read otherwise
		}
		// NULL and FALSE both fail a filter: a semi join need not tell
		// them apart.
		switch j := f.Input.(type) {
		case *plan.Join:
			c := *j
			c.Kind = kind
			c.NullAware = c.NullAware && kind == plan.AntiJoin
			return withFilter(&c, rest), nil
		case *plan.Apply:
			c := *j
			c.Kind = kind
			c.NullAware = c.NullAware && kind == plan.AntiJoin
			return withFilter(&c, rest), nil
		}
		return n, nil
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

// countReads counts the column references of every expression of n and
// the nodes below it, by column.
func countReads(n plan.Node, into map[plan.ColumnID]int) {
	for _, e := range plan.Exprs(n) {
		plan.Walk(e, func(e plan.Expr) bool {
			if r, ok := e.(*plan.ColumnRef); ok {
				into[r.ID]++
			}
			return true
		})
	}
	for _, k := range n.Children() {
		countReads(k, into)
	}
}
