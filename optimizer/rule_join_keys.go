package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// ExtractJoinKeys moves the equalities of a join condition that compare
// an expression of the left side with one of the right side into the
// join's keys, which a hash join matches; the rest of the condition stays
// as a residual, tested on each matching pair.
//
//	Join inner cond=((a = x) AND (b < y))  => Join inner keys=[a = x] cond=(b < y)
func ExtractJoinKeys(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		j, ok := n.(*plan.Join)
		if !ok || j.Cond == nil || j.NullEqual {
			return n, nil
		}
		lcols := idSet(j.Left.Columns())
		rcols := idSet(j.Right.Columns())
		c := *j
		c.LeftKeys = append([]plan.Expr(nil), j.LeftKeys...)
		c.RightKeys = append([]plan.Expr(nil), j.RightKeys...)
		var rest []plan.Expr
		for _, p := range plan.SplitAnd(j.Cond) {
			if l, r, ok := equiKey(p, lcols, rcols); ok {
				c.LeftKeys = append(c.LeftKeys, l)
				c.RightKeys = append(c.RightKeys, r)
				continue
			}
			rest = append(rest, p)
		}
		c.Cond = plan.JoinAnd(rest)
		return &c, nil
	})
}

// equiKey recognises l = r with l over the left side's columns and r over
// the right side's (either way round), of types that hash alike.
func equiKey(p plan.Expr, lcols, rcols map[plan.ColumnID]bool) (plan.Expr, plan.Expr, bool) {
	c, ok := p.(*plan.Call)
	if !ok || c.Fn != "=" || len(c.Args) != 2 {
		return nil, nil, false
	}
	a, b := c.Args[0], c.Args[1]
	if !sameKeyType(a.Type(), b.Type()) {
		return nil, nil, false
	}
	if within(a, lcols) && onlyReads(b, rcols) {
		return a, b, true
	}
	if within(b, lcols) && onlyReads(a, rcols) {
		return b, a, true
	}
	return nil, nil, false
}

// sameKeyType reports whether values of two types encode alike as keys.
func sameKeyType(a, b types.Type) bool {
	if a.ID != b.ID {
		return false
	}
	return a.ID != types.Decimal || a.Scale == b.Scale
}
