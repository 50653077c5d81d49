package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// LimitWindowRows notices a filter that keeps only the first k rows of
// each window partition (WHERE rn <= k, rn being a ROW_NUMBER() of the
// window just below, whose functions are all ROW_NUMBER) and tells the
// window, which then picks those k rows instead of sorting each whole
// partition, and outputs only those. The filter stays, as it may test
// more than the row number.
//
//	SELECT ... FROM (SELECT id6, v3, ROW_NUMBER() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS rn FROM x) t WHERE rn <= 2
//	=> Filter (rn <= 2)
//	     Window partition=[id6] order=[v3 DESC] funcs=[row_number()] first=2
func LimitWindowRows(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		f, ok := n.(*plan.Filter)
		if !ok {
			return n, nil
		}
		w, ok := f.Input.(*plan.Window)
		if !ok {
			return n, nil
		}
		rn := map[plan.ColumnID]bool{}
		for _, fn := range w.Funcs {
			if fn.Func != "row_number" {
				return n, nil
			}
			rn[fn.Out.ID] = true
		}
		limit := int64(0)
		for _, p := range plan.SplitAnd(f.Pred) {
			col, op, lit, ok := constantComparison(p)
			if !ok || !rn[col.ID] {
				continue
			}
			v, ok := lit.Value.(int64)
			if !ok {
				continue
			}
			switch op {
			case "<=":
			case "<":
				v--
			case "=":
			default:
				continue
			}
			if v >= 1 && (limit == 0 || v < limit) {
				limit = v
			}
		}
		if limit == 0 || limit == w.RowLimit {
			return n, nil
		}
		c := *w
		c.RowLimit = limit
		return &plan.Filter{Input: &c, Pred: f.Pred}, nil
	})
}
