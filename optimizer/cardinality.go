package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// Cardinality estimates: how many rows a plan produces, guessed without
// statistics from the tables' sizes (catalog.RowEstimator) and fixed
// selectivities of predicate shapes. They choose a join's build side and
// the order of multi-way joins; they need to be right in proportion, not
// exact.

// unknownTableRows is assumed for a table that cannot estimate itself.
const unknownTableRows = 1e6

func tableRows(t catalog.Table) float64 {
	if e, ok := t.(catalog.RowEstimator); ok {
		if n := e.EstimatedRows(); n > 0 {
			return n
		}
		return 1
	}
	return unknownTableRows
}

// estimateRows guesses the number of rows n produces.
func estimateRows(n plan.Node) float64 {
	switch n := n.(type) {
	case *plan.Scan:
		r := tableRows(n.Table)
		for _, f := range n.Filters {
			r *= selectivity(f)
		}
		return max(r, 1)
	case plan.OneRow:
		return 1
	case *plan.Filter:
		return max(estimateRows(n.Input)*selectivity(n.Pred), 1)
	case *plan.Aggregate:
		in := estimateRows(n.Input)
		if len(n.Keys) == 0 {
			return 1
		}
		groups := 1.0
		for _, k := range n.Keys {
			groups *= columnDomain(n.Input, k)
			if groups >= in {
				return in
			}
		}
		return max(min(groups, in), 1)
	case *plan.Limit:
		r := estimateRows(n.Input)
		if n.Count >= 0 {
			r = min(r, float64(n.Count))
		}
		return r
	case *plan.TopN:
		return min(estimateRows(n.Input), float64(n.Count))
	case *plan.Union:
		var r float64
		for _, in := range n.Inputs {
			r += estimateRows(in)
		}
		return r
	case *plan.Apply:
		// As many rows as the left side for the kinds that keep every
		// left row; a guess at half of them, or per row, for the others.
		l := estimateRows(n.Left)
		switch n.Kind {
		case plan.SemiJoin, plan.AntiJoin:
			return max(l/2, 1)
		case plan.InnerJoin:
			return max(l*estimateRows(n.Right)*selectivityOf(n.Cond), 1)
		}
		return l
	case *plan.Join:
		l := estimateRows(n.Left)
		switch n.Kind {
		case plan.SemiJoin:
			return max(l*semiFraction(n, l), 1)
		case plan.AntiJoin:
			return max(l/2, 1)
		case plan.MarkJoin:
			return l
		}
		r := estimateRows(n.Right)
		keys := joinEqualities(n)
		inner := l * r
		if len(keys) > 0 {
			inner = l * r * equiSelectivity(n.Left, n.Right, l, r, keys)
		}
		for _, p := range plan.SplitAnd(n.Cond) {
			if _, _, ok := equiKey(p, idSet(n.Left.Columns()), idSet(n.Right.Columns())); !ok {
				inner *= selectivity(p)
			}
		}
		if n.Kind == plan.LeftJoin || n.Kind == plan.SingleJoin {
			return max(inner, l)
		}
		return max(inner, 1)
	}
	kids := n.Children()
	if len(kids) == 1 {
		return estimateRows(kids[0])
	}
	return unknownTableRows
}

// semiFraction is the share of a semi join's left rows that find a
// partner: the share of the left key's values the right side holds (as
// for equiSelectivity, from the distinct values each side may hold), or
// one half without an equality.
func semiFraction(n *plan.Join, l float64) float64 {
	keys := joinEqualities(n)
	if len(keys) == 0 {
		return 0.5
	}
	r := estimateRows(n.Right)
	f := 1.0
	for _, k := range keys {
		d := min(exprDomain(n.Left, k[0]), exprDomain(n.Right, k[1]))
		f = min(f, min(d, r)/max(min(d, l), 1))
	}
	return f
}

// joinEqualities returns a join's equalities, from its keys and its
// condition, as (left, right) pairs.
func joinEqualities(n *plan.Join) [][2]plan.Expr {
	var out [][2]plan.Expr
	for i := range n.LeftKeys {
		out = append(out, [2]plan.Expr{n.LeftKeys[i], n.RightKeys[i]})
	}
	lc, rc := idSet(n.Left.Columns()), idSet(n.Right.Columns())
	for _, p := range plan.SplitAnd(n.Cond) {
		if l, r, ok := equiKey(p, lc, rc); ok {
			out = append(out, [2]plan.Expr{l, r})
		}
	}
	return out
}

// equiSelectivity is the fraction of pairs an equi-join keeps: for keys
// a = b from domains of sizes Da and Db (the distinct values of their
// columns: the rows of the tables they come from, or fewer if the sample
// saw the values repeat), the values share a domain of D = min(Da, Db) (a
// foreign key takes the values of the key it references); a side of n rows holds at most
// min(D, n) of them, and the pairs that match are 1/max of those. With
// several keys the most selective one counts (they are usually
// correlated, as a composite key's parts are).
func equiSelectivity(left, right plan.Node, l, r float64, keys [][2]plan.Expr) float64 {
	best := 1.0
	for _, k := range keys {
		d := min(exprDomain(left, k[0]), exprDomain(right, k[1]))
		s := 1 / max(min(d, l), min(d, r), 1)
		best = min(best, s)
	}
	return best
}

// exprDomain is the number of distinct values an expression may take.
func exprDomain(n plan.Node, e plan.Expr) float64 {
	if r, ok := e.(*plan.ColumnRef); ok {
		return columnDomain(n, r)
	}
	if c, ok := e.(*plan.Call); ok && c.Fn == "cast" {
		return exprDomain(n, c.Args[0])
	}
	return estimateRows(n)
}

// columnDomain is the number of distinct values a column of n may take:
// the rows of the table it comes from, at most.
func columnDomain(n plan.Node, e plan.Expr) float64 {
	r, ok := e.(*plan.ColumnRef)
	if !ok {
		return exprDomain(n, e)
	}
	if t, col := originTable(n, r.ID); t != nil {
		if d, ok := t.(catalog.DistinctEstimator); ok && col < len(t.Columns()) {
			if v := d.EstimatedDistinct(col); v > 0 {
				return v
			}
		}
		return tableRows(t)
	}
	return estimateRows(n)
}

// originTable finds the table (and the column's index in it) a column is
// read from, through filters, projections that pass it on, and joins.
func originTable(n plan.Node, id plan.ColumnID) (catalog.Table, int) {
	switch n := n.(type) {
	case *plan.Scan:
		for i, c := range n.Cols {
			if c.ID == id {
				return n.Table, i
			}
		}
		return nil, 0
	case *plan.Project:
		for i, c := range n.Out {
			if c.ID == id {
				if r, ok := n.Exprs[i].(*plan.ColumnRef); ok {
					return originTable(n.Input, r.ID)
				}
				return nil, 0
			}
		}
		return nil, 0
	case *plan.Aggregate:
		for i, c := range n.KeyCols {
			if c.ID == id {
				if r, ok := n.Keys[i].(*plan.ColumnRef); ok {
					return originTable(n.Input, r.ID)
				}
			}
		}
		return nil, 0
	}
	for _, k := range n.Children() {
		if t, col := originTable(k, id); t != nil {
			return t, col
		}
	}
	return nil, 0
}

// selectivityOf is the selectivity of a condition, 1 for none.
func selectivityOf(p plan.Expr) float64 {
	if p == nil {
		return 1
	}
	return selectivity(p)
}

// selectivity guesses the fraction of rows a predicate keeps.
func selectivity(p plan.Expr) float64 {
	c, ok := p.(*plan.Call)
	if !ok {
		if l, ok := p.(*plan.Literal); ok {
			if b, ok := l.Value.(bool); ok && b {
				return 1
			}
			return 0
		}
		return 0.5
	}
	switch c.Fn {
	case "and":
		s := 1.0
		for _, a := range c.Args {
			s *= selectivity(a)
		}
		return s
	case "or":
		s := 0.0
		for _, a := range c.Args {
			s += selectivity(a)
		}
		return min(s, 1)
	case "not":
		return 1 - selectivity(c.Args[0])
	case "=":
		return 0.1
	case "<>":
		return 0.9
	case "<", "<=", ">", ">=":
		return 0.33
	case "like", "ilike":
		return 0.25
	case "not_like", "not_ilike":
		return 0.75
	case "in":
		return min(0.1*float64(len(c.Args)-1), 0.5)
	case "not_in":
		return 0.9
	case "is_null":
		return 0.1
	case "is_not_null":
		return 0.9
	}
	return 0.5
}
