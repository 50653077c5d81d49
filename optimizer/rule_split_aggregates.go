package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/vector"
)

// SplitAggregates turns each aggregation over a table into a partial
// aggregation, run on every partition of the scan in parallel, and a final
// one that merges the partials' states.
//
//	SELECT state, SUM(x) FROM t GROUP BY state
//	=> Aggregate phase=final keys=[state] aggs=[sum]
//	     Aggregate phase=partial keys=[state] aggs=[sum(x)]  (per partition)
//
// Aggregates with DISTINCT keep a single complete phase: their state (the
// set of values) does not shrink when split.
func SplitAggregates(n plan.Node) (plan.Node, error) {
	next := maxColumnID(n)
	newCol := func(c plan.Column) plan.Column {
		next++
		c.ID = next
		return c
	}
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		a, ok := n.(*plan.Aggregate)
		if !ok || a.Phase != plan.Complete || !readsTable(a.Input) {
			return n, nil
		}
		for _, c := range a.Aggs {
			if c.Distinct {
				return n, nil
			}
		}
		partial := &plan.Aggregate{Input: a.Input, Phase: plan.Partial, Keys: a.Keys}
		final := &plan.Aggregate{Input: partial, Phase: plan.Final, KeyCols: a.KeyCols, Unused: a.Unused}
		for _, k := range a.KeyCols {
			pk := newCol(k)
			partial.KeyCols = append(partial.KeyCols, pk)
			final.Keys = append(final.Keys, &plan.ColumnRef{ID: pk.ID, Name: pk.Name, T: pk.Type})
		}
		for _, c := range a.Aggs {
			spec, err := aggSpec(c)
			if err != nil {
				return nil, err
			}
			sts, err := vector.StateColumns(spec)
			if err != nil {
				return nil, err
			}
			pc := c
			pc.StateCols = nil
			for _, st := range sts {
				pc.StateCols = append(pc.StateCols, newCol(plan.Column{Name: c.Out.Name + "$" + st.Name, Type: st.Type, Nullable: true}))
			}
			partial.Aggs = append(partial.Aggs, pc)
			fc := c
			fc.Arg, fc.Arg2 = nil, nil
			fc.StateCols = pc.StateCols
			final.Aggs = append(final.Aggs, fc)
		}
		return final, nil
	})
}

// readsTable reports whether a plan reads a table (so it can be split into
// partitions).
func readsTable(n plan.Node) bool {
	switch n.(type) {
	case *plan.Scan:
		return true
	case *plan.Window:
		return false // it gathers its input: what is above runs once
	}
	for _, c := range n.Children() {
		if readsTable(c) {
			return true
		}
	}
	return false
}

func maxColumnID(n plan.Node) plan.ColumnID {
	m := plan.ColumnID(0)
	for _, c := range n.Columns() {
		m = max(m, c.ID)
	}
	if s, ok := n.(*plan.Scan); ok {
		for _, c := range s.Cols {
			m = max(m, c.ID)
		}
	}
	if a, ok := n.(*plan.Aggregate); ok {
		for _, c := range a.Aggs {
			m = max(m, c.Out.ID)
			for _, s := range c.StateCols {
				m = max(m, s.ID)
			}
		}
	}
	for _, k := range n.Children() {
		m = max(m, maxColumnID(k))
	}
	return m
}
