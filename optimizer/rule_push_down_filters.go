package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// PushDownFilters moves each conjunct of a filter as close to the scan as
// its columns allow: through projections (substituting the projected
// expressions), through sorts, below an aggregation when it reads only
// group keys, and finally into the scan, which applies it to each batch
// as it is parsed.
//
//	SELECT * FROM (SELECT a, b + 1 AS c FROM t) WHERE c > 2 AND a = 'x'
//	=> Scan t filters=[(b + 1) > 2, a = 'x']
//
//	SELECT state, SUM(x) FROM t GROUP BY state HAVING state <> 'PR' AND SUM(x) > 0
//	=> the aggregation reads Scan t filters=[state <> 'PR'];
//	   Filter SUM(x) > 0 stays above it.
func PushDownFilters(n plan.Node) (plan.Node, error) {
	return pushInto(n, nil), nil
}

func withFilter(n plan.Node, preds []plan.Expr) plan.Node {
	if len(preds) == 0 {
		return n
	}
	return &plan.Filter{Input: n, Pred: plan.JoinAnd(preds)}
}

// pushInto returns n with preds (conjuncts over n's columns) applied, as
// deep as they can go.
func pushInto(n plan.Node, preds []plan.Expr) plan.Node {
	switch n := n.(type) {
	case *plan.Filter:
		return pushInto(n.Input, append(preds, plan.SplitAnd(n.Pred)...))
	case *plan.Scan:
		c := *n
		c.Filters = append(append([]plan.Expr(nil), n.Filters...), preds...)
		return &c
	case *plan.Project:
		sub := map[plan.ColumnID]plan.Expr{}
		for i, c := range n.Out {
			sub[c.ID] = n.Exprs[i]
		}
		var down []plan.Expr
		for _, p := range preds {
			down = append(down, substitute(p, sub))
		}
		return &plan.Project{Input: pushInto(n.Input, down), Exprs: n.Exprs, Out: n.Out}
	case *plan.Sort:
		return &plan.Sort{Input: pushInto(n.Input, preds), Keys: n.Keys}
	case *plan.ProjectSet:
		// A filter on the input's columns alone can run before the rows
		// are repeated.
		down, stay := splitWithin(preds, idSet(n.Input.Columns()))
		return withFilter(&plan.ProjectSet{Input: pushInto(n.Input, down), Calls: n.Calls, Out: n.Out}, stay)
	case *plan.Aggregate:
		if n.Phase != plan.Complete {
			break
		}
		sub := map[plan.ColumnID]plan.Expr{}
		for i, c := range n.KeyCols {
			sub[c.ID] = n.Keys[i]
		}
		// A filter on keys alone can run before grouping; not on a global
		// aggregation, which makes a row even from no input.
		var down, stay []plan.Expr
		for _, p := range preds {
			if len(n.Keys) > 0 && onlyColumns(p, sub) {
				down = append(down, substitute(p, sub))
			} else {
				stay = append(stay, p)
			}
		}
		c := *n
		c.Input = pushInto(n.Input, down)
		return withFilter(&c, stay)
	case *plan.Join:
		return pushIntoJoin(n, preds)
	case *plan.Apply:
		return pushIntoApply(n, preds)
	case *plan.Window:
		return pushIntoWindow(n, preds)
	}
	// Limits and top-N change which rows exist: nothing passes them.
	kids := n.Children()
	if len(kids) == 0 {
		return withFilter(n, preds)
	}
	nk := make([]plan.Node, len(kids))
	for i, k := range kids {
		nk[i] = pushInto(k, nil)
	}
	return withFilter(n.WithChildren(nk), preds)
}

// substitute replaces column references by expressions.
func substitute(e plan.Expr, sub map[plan.ColumnID]plan.Expr) plan.Expr {
	return plan.Rewrite(e, func(x plan.Expr) plan.Expr {
		if r, ok := x.(*plan.ColumnRef); ok {
			if s, ok := sub[r.ID]; ok {
				return s
			}
		}
		return x
	})
}

// onlyColumns reports whether e reads only columns in set.
func onlyColumns(e plan.Expr, set map[plan.ColumnID]plan.Expr) bool {
	for id := range plan.ColumnsOf(e, nil) {
		if _, ok := set[id]; !ok {
			return false
		}
	}
	return true
}

// pushIntoJoin splits the filters above a join and the join's own
// condition between its sides, as far as the join kind allows: a
// predicate on one side's columns filters that side before the join,
// except where it would remove rows an outer join must keep.
func pushIntoJoin(n *plan.Join, preds []plan.Expr) plan.Node {
	lcols := idSet(n.Left.Columns())
	rcols := idSet(n.Right.Columns())
	var left, right, cond, above []plan.Expr
	for _, p := range preds {
		switch {
		case within(p, lcols):
			left = append(left, p)
		case n.Kind == plan.InnerJoin && within(p, rcols):
			right = append(right, p)
		case n.Kind == plan.InnerJoin:
			cond = append(cond, p)
		default:
			above = append(above, p)
		}
	}
	for _, p := range plan.SplitAnd(n.Cond) {
		switch {
		case within(p, rcols) && len(plan.ColumnsOf(p, nil)) > 0:
			right = append(right, p)
		case within(p, lcols) && (n.Kind == plan.InnerJoin || n.Kind == plan.SemiJoin):
			left = append(left, p)
		case within(p, rcols):
			right = append(right, p)
		default:
			cond = append(cond, p)
		}
	}
	c := *n
	c.Left = pushInto(n.Left, left)
	c.Right = pushInto(n.Right, right)
	c.Cond = plan.JoinAnd(cond)
	return withFilter(&c, above)
}

// pushIntoApply pushes the filters above a dependent join that read only
// its left side's columns into that side (each output row keeps its left
// row's values), so that the right side runs for fewer rows. Nothing
// moves into the right side, nor out of it: its filters on the outer
// columns are constants per row.
func pushIntoApply(n *plan.Apply, preds []plan.Expr) plan.Node {
	left, above := splitWithin(preds, idSet(n.Left.Columns()))
	c := *n
	c.Left = pushInto(n.Left, left)
	c.Right = pushInto(n.Right, nil)
	return withFilter(&c, above)
}

func idSet(cols []plan.Column) map[plan.ColumnID]bool {
	s := make(map[plan.ColumnID]bool, len(cols))
	for _, c := range cols {
		s[c.ID] = true
	}
	return s
}

// within reports whether e reads only columns of set (or none).
func within(e plan.Expr, set map[plan.ColumnID]bool) bool {
	for id := range plan.ColumnsOf(e, nil) {
		if !set[id] {
			return false
		}
	}
	return true
}

// splitWithin splits preds into those that read only cols and the others.
func splitWithin(preds []plan.Expr, cols map[plan.ColumnID]bool) (in, out []plan.Expr) {
	for _, p := range preds {
		if within(p, cols) {
			in = append(in, p)
		} else {
			out = append(out, p)
		}
	}
	return in, out
}
