package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// SortLimitToTopN replaces a sort followed by a limit with a top-N, which
// keeps only the best rows instead of sorting the whole input.
//
//	SELECT * FROM t ORDER BY x DESC LIMIT 10
//	=> TopN [x DESC] count=10
func SortLimitToTopN(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		l, ok := n.(*plan.Limit)
		if !ok || l.Count < 0 {
			return n, nil
		}
		switch in := l.Input.(type) {
		case *plan.Sort:
			return &plan.TopN{Input: in.Input, Keys: in.Keys, Offset: l.Offset, Count: l.Count}, nil
		case *plan.Project:
			// The projection that drops ORDER BY helper columns sits
			// between them: move the limit under it.
			if s, ok := in.Input.(*plan.Sort); ok {
				top := &plan.TopN{Input: s.Input, Keys: s.Keys, Offset: l.Offset, Count: l.Count}
				return &plan.Project{Input: top, Exprs: in.Exprs, Out: in.Out}, nil
			}
		}
		return n, nil
	})
}
