package optimizer

import (
	"slices"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// PropagateEqualities adds the comparisons with constants that equalities
// between columns imply: in a filter (or an inner join's condition) that
// says a = b and b = c, a comparison of any of a, b, c with a constant
// holds for the others too, so each can filter its own table before the
// join.
//
//	WHERE o_orderkey = l_orderkey AND o_orderkey < 100
//	=> ... AND l_orderkey < 100 (pushed into lineitem's scan)
func PropagateEqualities(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		switch n := n.(type) {
		case *plan.Filter:
			return &plan.Filter{Input: n.Input, Pred: plan.JoinAnd(propagate(plan.SplitAnd(n.Pred)))}, nil
		case *plan.Join:
			if n.Kind == plan.InnerJoin && n.Cond != nil {
				c := *n
				c.Cond = plan.JoinAnd(propagate(plan.SplitAnd(n.Cond)))
				return &c, nil
			}
		}
		return n, nil
	})
}

// propagate returns conjuncts with the implied comparisons added.
func propagate(conj []plan.Expr) []plan.Expr {
	// Classes of columns equal to each other (union-find on IDs).
	parent := map[plan.ColumnID]plan.ColumnID{}
	refs := map[plan.ColumnID]*plan.ColumnRef{}
	var find func(id plan.ColumnID) plan.ColumnID
	find = func(id plan.ColumnID) plan.ColumnID {
		p, ok := parent[id]
		if !ok || p == id {
			return id
		}
		r := find(p)
		parent[id] = r
		return r
	}
	for _, p := range conj {
		if l, r, ok := columnEquality(p); ok {
			refs[l.ID], refs[r.ID] = l, r
			parent[find(l.ID)] = find(r.ID)
		}
	}
	if len(refs) == 0 {
		return conj
	}
	ids := make([]plan.ColumnID, 0, len(refs))
	for id := range refs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := append([]plan.Expr(nil), conj...)
	for _, p := range conj {
		col, op, lit, ok := constantComparison(p)
		if !ok || refs[col.ID] == nil {
			continue
		}
		for _, id := range ids {
			other := refs[id]
			if id == col.ID || find(id) != find(col.ID) || other.T != col.T {
				continue
			}
			derived := &plan.Call{Fn: op, Args: []plan.Expr{other, lit}, T: types.BooleanType}
			if !containsExpr(out, derived) {
				out = append(out, derived)
			}
		}
	}
	return out
}

// columnEquality recognises a = b between two columns of the same type.
func columnEquality(p plan.Expr) (*plan.ColumnRef, *plan.ColumnRef, bool) {
	c, ok := p.(*plan.Call)
	if !ok || c.Fn != "=" || len(c.Args) != 2 {
		return nil, nil, false
	}
	l, lok := c.Args[0].(*plan.ColumnRef)
	r, rok := c.Args[1].(*plan.ColumnRef)
	if !lok || !rok || l.ID == r.ID || l.T != r.T {
		return nil, nil, false
	}
	return l, r, true
}

var flipped = map[string]string{"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// constantComparison recognises col op literal (either way round), as
// col op' literal.
func constantComparison(p plan.Expr) (*plan.ColumnRef, string, *plan.Literal, bool) {
	c, ok := p.(*plan.Call)
	if !ok || len(c.Args) != 2 {
		return nil, "", nil, false
	}
	if _, ok := flipped[c.Fn]; !ok {
		return nil, "", nil, false
	}
	if col, ok := c.Args[0].(*plan.ColumnRef); ok {
		if lit, ok := c.Args[1].(*plan.Literal); ok && lit.Value != nil {
			return col, c.Fn, lit, true
		}
	}
	if col, ok := c.Args[1].(*plan.ColumnRef); ok {
		if lit, ok := c.Args[0].(*plan.Literal); ok && lit.Value != nil {
			return col, flipped[c.Fn], lit, true
		}
	}
	return nil, "", nil, false
}
