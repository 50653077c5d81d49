package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// InlineLateral computes a LATERAL subquery without FROM (projections,
// set-returning calls and filters over one row, reading the left side's
// columns) over the left side itself, instead of once per left row as a
// correlated subquery: the PostgreSQL dialect writes a function in FROM
// this way.
//
//	SELECT * FROM t, LATERAL (SELECT generate_series(1, t.n) AS g) s
//	=> Project [t's columns, generate_series AS g]
//	     ProjectSet [GENERATE_SERIES(1, n)]
//	       Scan t
//
// An inner join's condition becomes a filter above. A LEFT JOIN is
// inlined only without condition and without set-returning calls (the
// subquery then makes exactly one row per left row).
func InlineLateral(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		j, ok := n.(*plan.Join)
		if !ok || (j.Kind != plan.InnerJoin && j.Kind != plan.LeftJoin) {
			return n, nil
		}
		if !readsAny(j.Right, plan.Produced(j.Left, nil)) {
			return n, nil
		}
		top, ok := j.Right.(*plan.Project)
		if !ok || !overOneRow(top, j.Kind == plan.LeftJoin) {
			return n, nil
		}
		cond := j.Cond
		if l, ok := cond.(*plan.Literal); ok && l.Value == true {
			cond = nil
		}
		if j.Kind == plan.LeftJoin && cond != nil {
			return n, nil
		}
		out := overLeft(top, j.Left)
		if cond != nil {
			out = &plan.Filter{Input: out, Pred: cond}
		}
		return out, nil
	})
}

// overOneRow reports whether n is a chain of projections, filters and
// (unless oneRowEach) set-returning projections ending in OneRow; with
// oneRowEach, filters are refused too.
func overOneRow(n plan.Node, oneRowEach bool) bool {
	switch n := n.(type) {
	case plan.OneRow:
		return true
	case *plan.Project:
		return overOneRow(n.Input, oneRowEach)
	case *plan.ProjectSet:
		return !oneRowEach && overOneRow(n.Input, oneRowEach)
	case *plan.Filter:
		return !oneRowEach && overOneRow(n.Input, oneRowEach)
	}
	return false
}

// overLeft rebuilds the chain n (see overOneRow) over left instead of
// OneRow, each projection passing left's columns through first.
func overLeft(n plan.Node, left plan.Node) plan.Node {
	switch n := n.(type) {
	case plan.OneRow:
		return left
	case *plan.Project:
		var exprs []plan.Expr
		var out []plan.Column
		for _, c := range left.Columns() {
			exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
			out = append(out, c)
		}
		return &plan.Project{Input: overLeft(n.Input, left), Exprs: append(exprs, n.Exprs...), Out: append(out, n.Out...)}
	}
	kids := n.Children()
	return n.WithChildren([]plan.Node{overLeft(kids[0], left)})
}
