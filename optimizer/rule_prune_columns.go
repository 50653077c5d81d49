package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// PruneColumns removes the columns no operator above needs: projections
// drop unused outputs and every scan reads only the columns the query uses
// (the parser then skips the other fields of each row).
//
//	SELECT a FROM (SELECT a, b, UPPER(c) AS u FROM t) WHERE b > 0
//	=> Scan t columns=[a, b]
func PruneColumns(n plan.Node) (plan.Node, error) {
	need := map[plan.ColumnID]bool{}
	for _, c := range n.Columns() {
		need[c.ID] = true
	}
	return prune(n, need), nil
}

func prune(n plan.Node, need map[plan.ColumnID]bool) plan.Node {
	switch n := n.(type) {
	case *plan.Scan:
		c := *n
		use := map[plan.ColumnID]bool{}
		for id := range need {
			use[id] = true
		}
		for _, f := range n.Filters {
			plan.ColumnsOf(f, use)
		}
		c.Projection = nil
		for i, col := range n.Cols {
			if use[col.ID] {
				c.Projection = append(c.Projection, i)
			}
		}
		return &c
	case *plan.Project:
		var exprs []plan.Expr
		var outs []plan.Column
		child := map[plan.ColumnID]bool{}
		for i, c := range n.Out {
			if need[c.ID] {
				exprs = append(exprs, n.Exprs[i])
				outs = append(outs, c)
				plan.ColumnsOf(n.Exprs[i], child)
			}
		}
		return &plan.Project{Input: prune(n.Input, child), Exprs: exprs, Out: outs}
	case *plan.ProjectSet:
		// Every call stays: each decides how many rows there are.
		child := copySet(need)
		for _, call := range n.Calls {
			plan.ColumnsOf(call, child)
		}
		return &plan.ProjectSet{Input: prune(n.Input, child), Calls: n.Calls, Out: n.Out}
	case *plan.Filter:
		child := copySet(need)
		plan.ColumnsOf(n.Pred, child)
		return &plan.Filter{Input: prune(n.Input, child), Pred: n.Pred}
	case *plan.Aggregate:
		child := map[plan.ColumnID]bool{}
		for _, k := range n.Keys {
			plan.ColumnsOf(k, child)
		}
		for _, a := range n.Aggs {
			if a.Arg != nil {
				plan.ColumnsOf(a.Arg, child)
			}
			if a.Arg2 != nil {
				plan.ColumnsOf(a.Arg2, child)
			}
			for _, s := range a.StateCols {
				child[s.ID] = true
			}
		}
		c := *n
		c.Input = prune(n.Input, child)
		c.Unused = unusedKeys(n, need)
		return &c
	case *plan.Sort:
		child := copySet(need)
		for _, k := range n.Keys {
			plan.ColumnsOf(k.Expr, child)
		}
		return &plan.Sort{Input: prune(n.Input, child), Keys: n.Keys}
	case *plan.TopN:
		child := copySet(need)
		for _, k := range n.Keys {
			plan.ColumnsOf(k.Expr, child)
		}
		c := *n
		c.Input = prune(n.Input, child)
		return &c
	case *plan.Limit:
		return &plan.Limit{Input: prune(n.Input, need), Offset: n.Offset, Count: n.Count}
	case *plan.Join:
		child := copySet(need)
		for _, e := range plan.Exprs(n) {
			plan.ColumnsOf(e, child)
		}
		// A right side still correlated (decorrelate switched off) reads
		// the left side's columns: they stay.
		left := child
		if free := plan.FreeColumns(n.Right); len(free) > 0 {
			left = copySet(child)
			for id := range free {
				left[id] = true
			}
		}
		c := *n
		c.Left = prune(n.Left, left)
		c.Right = prune(n.Right, child)
		return &c
	case *plan.Apply:
		// The left side also keeps the columns the right side reads: they
		// are its values per row.
		child := copySet(need)
		if n.Cond != nil {
			plan.ColumnsOf(n.Cond, child)
		}
		left := copySet(child)
		for id := range plan.FreeColumns(n.Right) {
			left[id] = true
		}
		c := *n
		c.Left = prune(n.Left, left)
		c.Right = prune(n.Right, child)
		return &c
	case *plan.Union:
		// Every input keeps all its columns: they line up by position.
		c := *n
		c.Inputs = make([]plan.Node, len(n.Inputs))
		for i, in := range n.Inputs {
			all := map[plan.ColumnID]bool{}
			for _, col := range in.Columns() {
				all[col.ID] = true
			}
			c.Inputs[i] = prune(in, all)
		}
		return &c
	case *plan.Window:
		return pruneWindow(n, need)
	}
	return n
}

// unusedKeys marks the keys of a Complete or Final aggregation that no
// operator above needs, so that they group without being output; nil when
// every key is needed. At least one column stays: an aggregation of keys
// alone keeps its first.
func unusedKeys(n *plan.Aggregate, need map[plan.ColumnID]bool) []bool {
	if n.Phase == plan.Partial {
		return nil
	}
	var out []bool
	kept := len(n.Aggs)
	for i, c := range n.KeyCols {
		if !need[c.ID] {
			if out == nil {
				out = make([]bool, len(n.KeyCols))
			}
			out[i] = true
		} else {
			kept++
		}
	}
	if out != nil && kept == 0 {
		out[0] = false
	}
	return out
}

func copySet(s map[plan.ColumnID]bool) map[plan.ColumnID]bool {
	out := make(map[plan.ColumnID]bool, len(s))
	for k := range s {
		out[k] = true
	}
	return out
}
