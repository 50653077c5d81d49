package optimizer

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// ReorderJoins chooses the order of a tree of inner joins (FROM a, b, c
// WHERE ..., or a JOIN b ON ... JOIN c ON ...) by estimated size, greedily:
// of the pairs of inputs a predicate connects, the pair whose join is
// estimated smallest is joined first, and the result takes their place,
// until one input is left (inputs no predicate connects are cross-joined
// last, smallest first). Each join's condition gathers every predicate
// whose columns its inputs hold. The larger input of each join is put on
// the left, the side a hash join streams.
//
//	FROM lineitem, orders, customer WHERE l_orderkey = o_orderkey AND o_custkey = c_custkey AND c_mktsegment = 'X'
//	=> (lineitem JOIN (orders JOIN customer ON o_custkey = c_custkey) ON l_orderkey = o_orderkey)
func ReorderJoins(n plan.Node) (plan.Node, error) {
	return reorder(n), nil
}

func reorder(n plan.Node) plan.Node {
	if j, ok := n.(*plan.Join); ok && (j.Kind == plan.SemiJoin || j.Kind == plan.AntiJoin) {
		if pushed, ok := pushSemiJoin(j); ok {
			return reorder(pushed)
		}
	}
	if !reorderable(n) {
		kids := n.Children()
		if len(kids) == 0 {
			return n
		}
		nk := make([]plan.Node, len(kids))
		for i, k := range kids {
			nk[i] = reorder(k)
		}
		return n.WithChildren(nk)
	}
	var leaves []plan.Node
	var preds []plan.Expr
	var collect func(n plan.Node)
	collect = func(n plan.Node) {
		if reorderable(n) {
			j := n.(*plan.Join)
			collect(j.Left)
			collect(j.Right)
			preds = append(preds, plan.SplitAnd(j.Cond)...)
			return
		}
		leaves = append(leaves, reorder(n))
	}
	collect(n)
	return joinGreedy(leaves, preds)
}

// reorderable reports whether n is an inner join whose keys are not yet
// extracted (the keys are not collected as predicates).
func reorderable(n plan.Node) bool {
	j, ok := n.(*plan.Join)
	return ok && j.Kind == plan.InnerJoin && len(j.LeftKeys) == 0
}

// pushSemiJoin moves a semi or anti join below the inner join it filters,
// onto the input that holds every left column it reads, so that it
// filters before the inner join rather than after (an IN subquery on
// orders applies to orders, not to orders joined with lineitem) — unless
// the inner join is estimated to keep fewer rows than that input has.
func pushSemiJoin(j *plan.Join) (plan.Node, bool) {
	in, ok := j.Left.(*plan.Join)
	if !ok || in.Kind != plan.InnerJoin {
		return nil, false
	}
	reads := map[plan.ColumnID]bool{}
	for _, e := range append(append([]plan.Expr(nil), j.LeftKeys...), plan.SplitAnd(j.Cond)...) {
		plan.ColumnsOf(e, reads)
	}
	for _, side := range []int{0, 1} {
		child := in.Left
		if side == 1 {
			child = in.Right
		}
		other := idSet(in.Children()[1-side].Columns())
		usesOther := false
		usesChild := false
		cols := idSet(child.Columns())
		for id := range reads {
			usesOther = usesOther || other[id]
			usesChild = usesChild || cols[id]
		}
		if usesOther || !usesChild {
			continue
		}
		// Only below a join that does not itself cut the rows down: the
		// semi join costs a probe per row it sees.
		if estimateRows(in) < estimateRows(child) {
			continue
		}
		s := *j
		s.Left = child
		var down plan.Node = &s
		if pushed, ok := pushSemiJoin(&s); ok {
			down = pushed
		}
		c := *in
		if side == 0 {
			c.Left = down
		} else {
			c.Right = down
		}
		return &c, true
	}
	return nil, false
}

// joinRel is an input of the join tree being built.
type joinRel struct {
	node plan.Node
	cols map[plan.ColumnID]bool
	rows float64
}

func joinGreedy(leaves []plan.Node, preds []plan.Expr) plan.Node {
	rels := make([]joinRel, len(leaves))
	for i, l := range leaves {
		rels[i] = joinRel{node: l, cols: idSet(l.Columns()), rows: estimateRows(l)}
	}
	used := make([]bool, len(preds))
	// applicable returns the unused predicates whose columns a and b hold
	// together, and whether one of them is an equality between the two.
	applicable := func(a, b joinRel) ([]int, bool) {
		var idx []int
		equi := false
		both := unionSet(a.cols, b.cols)
		for i, p := range preds {
			if used[i] || !within(p, both) {
				continue
			}
			idx = append(idx, i)
			if _, _, ok := equiKey(p, a.cols, b.cols); ok {
				equi = true
			}
		}
		return idx, equi
	}
	for len(rels) > 1 {
		bi, bj, best := -1, -1, 0.0
		for i := range rels {
			for k := i + 1; k < len(rels); k++ {
				idx, equi := applicable(rels[i], rels[k])
				if !equi {
					continue
				}
				est := estimateRows(makeJoin(rels[i], rels[k], preds, idx))
				if bi < 0 || est < best {
					bi, bj, best = i, k, est
				}
			}
		}
		if bi < 0 {
			// Nothing connects: cross-join the two smallest.
			bi, bj = smallestTwo(rels)
		}
		idx, _ := applicable(rels[bi], rels[bj])
		for _, i := range idx {
			used[i] = true
		}
		node := makeJoin(rels[bi], rels[bj], preds, idx)
		merged := joinRel{node: node, cols: unionSet(rels[bi].cols, rels[bj].cols), rows: estimateRows(node)}
		rels[bi] = merged
		rels = append(rels[:bj], rels[bj+1:]...)
	}
	var rest []plan.Expr
	for i, p := range preds {
		if !used[i] {
			rest = append(rest, p)
		}
	}
	return withFilter(rels[0].node, rest)
}

// makeJoin joins two inputs on the predicates idx, the larger on the left.
func makeJoin(a, b joinRel, preds []plan.Expr, idx []int) *plan.Join {
	if a.rows < b.rows {
		a, b = b, a
	}
	var cond []plan.Expr
	for _, i := range idx {
		cond = append(cond, preds[i])
	}
	return &plan.Join{Kind: plan.InnerJoin, Left: a.node, Right: b.node, Cond: plan.JoinAnd(cond)}
}

func smallestTwo(rels []joinRel) (int, int) {
	a, b := -1, -1
	for i, r := range rels {
		switch {
		case a < 0 || r.rows < rels[a].rows:
			a, b = i, a
		case b < 0 || r.rows < rels[b].rows:
			b = i
		}
	}
	if a > b {
		a, b = b, a
	}
	return a, b
}

func unionSet(a, b map[plan.ColumnID]bool) map[plan.ColumnID]bool {
	out := make(map[plan.ColumnID]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
