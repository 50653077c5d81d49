package optimizer

import (
	"fmt"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Decorrelate removes the outer references of correlated subqueries: a
// join whose right side (the subquery) reads columns of its left side
// (the query around it) gets those predicates pulled up out of the right
// side into its condition, so the subquery is computed once, not once per
// outer row. Pulling a predicate through an aggregation groups it by the
// inner column the predicate compares.
//
//	SELECT ... FROM part WHERE p_size = (SELECT MIN(ps_cost) FROM partsupp WHERE ps_partkey = p_partkey)
//	=> Join single cond=(ps_partkey = p_partkey)
//	     Scan part
//	     Aggregate keys=[ps_partkey] aggs=[min(ps_cost)]
//
// An EXISTS subquery's LIMIT (of at least one row) is dropped: it does
// not change whether a partner exists. A correlated aggregation without
// GROUP BY makes a row even for an outer row without partners, which the
// grouped one does not: that is refused unless the row would have been
// all NULLs where NULL means the same as no row (a scalar or IN
// subquery), or can be put back (see repairEmptyGroups): COUNT's 0 in a
// scalar subquery, TRUE for EXISTS.
//
// A correlated subquery that cannot be decorrelated so becomes an Apply,
// which runs it once per outer row:
//
//	SELECT a, (SELECT max(b) FROM t2 WHERE t2.k < t1.k) FROM t1
//	=> Apply single (runs the right side once per outer row)
//	     Scan t1
//	     Aggregate keys=[] aggs=[max(b)]
//	       Filter (k < k)
//	         Scan t2
//
// So does x [NOT] IN (correlated subquery) unless it only filters (WHERE
// x IN ..., which becomes a semi join): a hash join's NULL rules
// (vector.HashJoinSpec.NullAware) see the NULLs of the whole right side,
// not those of each outer row's partners.
func Decorrelate(n plan.Node) (plan.Node, error) {
	next := maxColumnID(n)
	filtering := filteringMarks(n)
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		j, ok := n.(*plan.Join)
		if !ok {
			return n, nil
		}
		c := *j
		if isExists(&c) {
			c.Right = dropLimits(c.Right)
		}
		outer := plan.Produced(c.Left, nil)
		if !readsAny(c.Right, outer) {
			return &c, nil
		}
		if c.NullAware && (c.Kind != plan.MarkJoin || !filtering[c.Mark.ID]) {
			return asApply(&c)
		}
		orig := c
		origCols := c.Columns()
		h := hoistSelectList(&c, outer, &next)
		right, preds, err := pullUp(c.Right, outer)
		if err != nil || readsAny(right, outer) {
			return asApply(&orig)
		}
		if err := checkEmptyGroups(&c, outer); err != nil {
			if fixed, ok := repairEmptyGroups(&c, right, preds, outer, &next); ok {
				return h.apply(fixed, origCols), nil
			}
			return asApply(&orig)
		}
		c.Right = right
		c.Cond = plan.JoinAnd(append(plan.SplitAnd(c.Cond), preds...))
		return h.apply(&c, origCols), nil
	})
}

// dependentJoin returns j, whose right side reads columns of its left
// side, as an Apply: its keys become equalities of its condition.
func dependentJoin(j *plan.Join) (*plan.Apply, error) {
	if j.NullEqual {
		return nil, unsupportedCorrelation(j.What, "NULLs equal to each other")
	}
	var cond []plan.Expr
	for i := range j.LeftKeys {
		cond = append(cond, &plan.Call{Fn: "=", Args: []plan.Expr{j.LeftKeys[i], j.RightKeys[i]}, T: types.BooleanType})
	}
	cond = append(cond, plan.SplitAnd(j.Cond)...)
	return &plan.Apply{Kind: j.Kind, Left: j.Left, Right: j.Right, Cond: plan.JoinAnd(cond), NullAware: j.NullAware,
		Mark: j.Mark, What: j.What}, nil
}

// asApply is dependentJoin for transformUp.
func asApply(j *plan.Join) (plan.Node, error) {
	a, err := dependentJoin(j)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// filteringMarks returns the marks of mark joins that only filter, which
// MarkJoinsToSemi will make semi joins: those read once in the plan, as
// a conjunct of a filter (WHERE x IN (...) AND ...).
func filteringMarks(n plan.Node) map[plan.ColumnID]bool {
	reads := map[plan.ColumnID]int{}
	countReads(n, reads)
	out := map[plan.ColumnID]bool{}
	var rec func(n plan.Node)
	rec = func(n plan.Node) {
		if f, ok := n.(*plan.Filter); ok {
			for _, p := range plan.SplitAnd(f.Pred) {
				if r, ok := p.(*plan.ColumnRef); ok && reads[r.ID] == 1 {
					out[r.ID] = true
				}
			}
		}
		for _, k := range n.Children() {
			rec(k)
		}
	}
	rec(n)
	return out
}

// hoisted are the expressions of a scalar subquery's select list that
// read the outer query, moved above the join: the subquery passes up the
// inner columns they read and a marker that is TRUE on a row it produced.
type hoisted struct {
	exprs  map[plan.ColumnID]plan.Expr // by the subquery's output column
	marker plan.Column
}

// hoistSelectList moves the outer-reading expressions of the select list
// of j's scalar subquery (a single join's right side topped by a
// projection, without an aggregation) above the join, so that the rest
// can be decorrelated:
//
//	SELECT (SELECT o.a || i.b FROM i WHERE i.k = o.k) FROM o
//	=> Project [CASE WHEN m IS NOT NULL THEN o.a || i.b END]
//	     Join single cond=(i.k = o.k)
//	       Scan o
//	       Project [i.b, TRUE AS m] (Scan i)
//
// It returns nil when there is nothing to hoist.
func hoistSelectList(j *plan.Join, outer map[plan.ColumnID]bool, next *plan.ColumnID) *hoisted {
	p, ok := j.Right.(*plan.Project)
	if !ok || j.Kind != plan.SingleJoin || !exprsRead(p.Exprs, outer) {
		return nil
	}
	if agg, _ := chainAggregate(p); agg != nil {
		return nil
	}
	h := &hoisted{exprs: map[plan.ColumnID]plan.Expr{}}
	var exprs []plan.Expr
	var out []plan.Column
	needed := map[plan.ColumnID]bool{}
	for i, e := range p.Exprs {
		if !exprReads(e, outer) {
			exprs = append(exprs, e)
			out = append(out, p.Out[i])
			continue
		}
		h.exprs[p.Out[i].ID] = e
		for id := range plan.ColumnsOf(e, nil) {
			if !outer[id] {
				needed[id] = true
			}
		}
	}
	for _, col := range p.Input.Columns() {
		if needed[col.ID] && !hasKey(out, col.ID) {
			exprs = append(exprs, &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type})
			out = append(out, col)
		}
	}
	*next++
	h.marker = plan.Column{ID: *next, Name: "matched", Type: types.BooleanType, Nullable: true}
	exprs = append(exprs, &plan.Literal{Value: true, T: types.BooleanType})
	out = append(out, h.marker)
	j.Right = &plan.Project{Input: p.Input, Exprs: exprs, Out: out}
	return h
}

// apply puts the hoisted expressions above the decorrelated join n,
// computed where the subquery produced a row (NULL elsewhere), giving n's
// columns back their order before the hoisting.
func (h *hoisted) apply(n plan.Node, cols []plan.Column) plan.Node {
	if h == nil {
		return n
	}
	matched := &plan.Call{Fn: "is_not_null", Args: []plan.Expr{&plan.ColumnRef{ID: h.marker.ID, Name: h.marker.Name, T: h.marker.Type}}, T: types.BooleanType}
	top := &plan.Project{Input: n, Out: cols}
	for _, col := range cols {
		var e plan.Expr = &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type}
		if x, ok := h.exprs[col.ID]; ok {
			e = &plan.Call{Fn: "case", Args: []plan.Expr{matched, x, &plan.Literal{T: col.Type}}, T: col.Type}
		}
		top.Exprs = append(top.Exprs, e)
	}
	return top
}

// repairEmptyGroups decorrelates j, whose subquery aggregates without
// GROUP BY (at the top, under projections and sorts) over rows correlated
// with the outer query, giving outer rows without partners the subquery's
// answer over no rows, which the grouped aggregation does not: EXISTS is
// then TRUE, and a scalar subquery's value, a constant (COUNT's 0,
// COALESCE(MAX(x), -1)), is put back with a CASE on whether the row found
// a group; and where a HAVING drops the row over no rows, the grouped
// aggregation is right as it is. right and preds are pullUp's result. It
// reports false for the other cases.
func repairEmptyGroups(j *plan.Join, right plan.Node, preds []plan.Expr, outer map[plan.ColumnID]bool, next *plan.ColumnID) (plan.Node, bool) {
	agg, filtered := chainAggregate(j.Right)
	if agg == nil || !readsAny(agg.Input, outer) || keylessAggregateBelow(j.Right, agg, outer) {
		return nil, false
	}
	vals, row := emptyResult(j.Right, agg)
	c := *j
	c.Right = right
	c.Cond = plan.JoinAnd(append(plan.SplitAnd(c.Cond), preds...))
	switch {
	case row == rowNo:
		return &c, true // HAVING drops the row over no rows: no row either way
	case row != rowYes || filtered:
		// A HAVING keeps the row over no rows but may drop a group: a
		// partnered outer row must then get no row, not that one.
		return nil, false
	case isExists(j) && j.Cond == nil:
		return alwaysExists(j), true
	case j.Kind != plan.SingleJoin:
		return nil, false
	}
	for _, col := range j.Right.Columns() {
		if vals[col.ID] == nil {
			return nil, false
		}
	}
	// A matched row has a non-NULL inner column of an equality.
	var marker *plan.ColumnRef
	rightCols := right.Columns()
	for _, p := range preds {
		if inner, ok := innerEquality(p, outer); ok && hasKey(rightCols, inner.ID) {
			marker = inner
			break
		}
	}
	if marker == nil {
		return nil, false
	}
	// The join produces the subquery's values under new IDs; a projection
	// above it gives them back their IDs, corrected.
	out := c.Columns()
	renamed := map[plan.ColumnID]plan.Column{}
	exprs := make([]plan.Expr, len(rightCols))
	cols := make([]plan.Column, len(rightCols))
	for i, col := range rightCols {
		exprs[i] = &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type}
		cols[i] = col
		if l := vals[col.ID]; l != nil && l.Value != nil {
			*next++
			cols[i].ID = *next
			renamed[col.ID] = cols[i]
		}
	}
	if len(renamed) == 0 {
		return &c, true // NULL over no rows, like no row
	}
	c.Right = &plan.Project{Input: right, Exprs: exprs, Out: cols}
	top := &plan.Project{Input: &c, Out: out}
	for _, col := range out {
		var e plan.Expr = &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type}
		if r, ok := renamed[col.ID]; ok {
			matched := &plan.Call{Fn: "is_not_null", Args: []plan.Expr{marker}, T: types.BooleanType}
			e = &plan.Call{Fn: "case", Args: []plan.Expr{matched, &plan.ColumnRef{ID: r.ID, Name: r.Name, T: r.Type}, vals[col.ID]}, T: col.Type}
		}
		top.Exprs = append(top.Exprs, e)
	}
	return top, true
}

// chainAggregate finds the aggregation without GROUP BY at the bottom of a
// chain of projections, filters (HAVING) and sorts, and whether the chain
// has a filter.
func chainAggregate(n plan.Node) (agg *plan.Aggregate, filtered bool) {
	for {
		switch m := n.(type) {
		case *plan.Project:
			n = m.Input
		case *plan.Sort:
			n = m.Input
		case *plan.Filter:
			filtered = true
			n = m.Input
		case *plan.Aggregate:
			if len(m.Keys) == 0 {
				return m, filtered
			}
			return nil, false
		default:
			return nil, false
		}
	}
}

// keylessAggregateBelow reports whether n holds an aggregation without
// GROUP BY, other than top, over rows that read the outer query.
func keylessAggregateBelow(n plan.Node, top *plan.Aggregate, outer map[plan.ColumnID]bool) bool {
	if a, ok := n.(*plan.Aggregate); ok && a != top && len(a.Keys) == 0 && readsAny(a.Input, outer) {
		return true
	}
	for _, k := range n.Children() {
		if keylessAggregateBelow(k, top, outer) {
			return true
		}
	}
	return false
}

// alwaysExists replaces EXISTS over an aggregation without GROUP BY or
// HAVING, which always returns a row, by TRUE.
func alwaysExists(j *plan.Join) plan.Node {
	switch j.Kind {
	case plan.SemiJoin:
		return j.Left
	case plan.AntiJoin:
		return &plan.Filter{Input: j.Left, Pred: &plan.Literal{Value: false, T: types.BooleanType}}
	}
	cols := j.Left.Columns()
	exprs := make([]plan.Expr, 0, len(cols)+1)
	for _, col := range cols {
		exprs = append(exprs, &plan.ColumnRef{ID: col.ID, Name: col.Name, T: col.Type})
	}
	exprs = append(exprs, &plan.Literal{Value: true, T: types.BooleanType})
	return &plan.Project{Input: j.Left, Exprs: exprs, Out: append(append([]plan.Column(nil), cols...), j.Mark)}
}

// The answers of emptyResult about whether the subquery returns its row.
const (
	rowUnknown = iota
	rowNo
	rowYes
)

// emptyResult evaluates the chain from n down to agg (see chainAggregate)
// for an outer row without partners, for which agg returns one row: COUNT
// 0, the other aggregates NULL. It returns the values of n's columns (nil
// where they are not constants) and whether n returns the row.
func emptyResult(n plan.Node, agg *plan.Aggregate) (map[plan.ColumnID]*plan.Literal, int) {
	switch n := n.(type) {
	case *plan.Aggregate:
		vals := map[plan.ColumnID]*plan.Literal{}
		for _, a := range n.Aggs {
			v := &plan.Literal{T: a.Out.Type}
			if a.Func == "count" || a.Func == "count_star" {
				v.Value = int64(0)
			}
			vals[a.Out.ID] = v
		}
		return vals, rowYes
	case *plan.Project:
		in, row := emptyResult(n.Input, agg)
		out := map[plan.ColumnID]*plan.Literal{}
		for i, e := range n.Exprs {
			out[n.Out[i].ID] = constantOver(e, in)
		}
		return out, row
	case *plan.Filter:
		in, row := emptyResult(n.Input, agg)
		if row == rowYes {
			switch l := constantOver(n.Pred, in); {
			case l == nil:
				row = rowUnknown
			case l.Value != true:
				row = rowNo
			}
		}
		return in, row
	case *plan.Sort:
		return emptyResult(n.Input, agg)
	}
	return nil, rowUnknown
}

// constantOver folds e with its columns replaced by the values in vals; nil
// if it does not fold to a constant.
func constantOver(e plan.Expr, vals map[plan.ColumnID]*plan.Literal) *plan.Literal {
	known := true
	out := plan.Rewrite(e, func(x plan.Expr) plan.Expr {
		if r, ok := x.(*plan.ColumnRef); ok {
			if l := vals[r.ID]; l != nil {
				return l
			}
			known = false
			return x
		}
		return foldCall(x)
	})
	l, ok := out.(*plan.Literal)
	if !known || !ok {
		return nil
	}
	return l
}

// isExists reports whether a join tests only whether its right side has
// rows (EXISTS): its condition reads none of the right side's output. An
// IN subquery's condition compares the subquery's column.
func isExists(j *plan.Join) bool {
	if j.Kind != plan.SemiJoin && j.Kind != plan.AntiJoin && j.Kind != plan.MarkJoin {
		return false
	}
	return j.Cond == nil || !exprReads(j.Cond, idSet(j.Right.Columns()))
}

// emptyGroup is what decorrelation does to the row a subquery gives an
// outer row that has no partner, when it pulls a predicate through an
// aggregation without GROUP BY: before, the aggregation made one row (its
// aggregates over no rows); after, it groups by the correlated column and
// makes no row for that outer row.
type emptyGroup uint8

const (
	// emptySame: no such change (or the row was filtered out anyway).
	emptySame emptyGroup = iota
	// emptyNulls: a row of NULLs became no row.
	emptyNulls
	// emptyValues: a row with some value other than NULL became no row.
	emptyValues
)

// emptyGroupOf finds what decorrelating n does to an outer row without
// partners.
func emptyGroupOf(n plan.Node, outer map[plan.ColumnID]bool) emptyGroup {
	switch n := n.(type) {
	case *plan.Aggregate:
		if len(n.Keys) > 0 || !readsAny(n.Input, outer) {
			if emptyGroupOf(n.Input, outer) != emptySame {
				return emptyValues
			}
			return emptySame
		}
		for _, a := range n.Aggs {
			if a.Func == "count" || a.Func == "count_star" {
				return emptyValues
			}
		}
		return emptyNulls
	case *plan.Filter:
		g := emptyGroupOf(n.Input, outer)
		if g == emptyNulls && nullOnNulls(n.Pred) {
			return emptySame // the row of NULLs did not pass
		}
		return g
	case *plan.Project:
		g := emptyGroupOf(n.Input, outer)
		if g == emptyNulls {
			for _, e := range n.Exprs {
				if !nullOnNulls(e) {
					return emptyValues
				}
			}
		}
		return g
	case *plan.Sort:
		return emptyGroupOf(n.Input, outer)
	}
	for _, k := range n.Children() {
		if emptyGroupOf(k, outer) != emptySame {
			return emptyValues
		}
	}
	return emptySame
}

// nullOnNulls reports whether e is surely NULL when every column it reads
// is NULL.
func nullOnNulls(e plan.Expr) bool {
	switch e := e.(type) {
	case *plan.ColumnRef:
		return true
	case *plan.Literal:
		return e.Value == nil
	case *plan.Call:
		switch e.Fn {
		case "+", "-", "*", "/", "div", "%", "neg", "=", "<>", "<", "<=", ">", ">=", "not", "cast":
			// NULL when any argument is.
			for _, a := range e.Args {
				if nullOnNulls(a) {
					return true
				}
			}
		case "like", "not_like", "ilike", "not_ilike", "in", "not_in", "lower", "upper", "length", "char_length",
			"substring", "left", "right", "concat", "replace", "trim", "ltrim", "rtrim", "abs", "ceil", "floor",
			"sign", "round", "power", "mod", "year", "month", "day", "quarter", "dayofyear", "dayofweek", "hour",
			"minute", "second", "microsecond", "str_to_date", "date_format":
			// NULL when the first argument is.
			return len(e.Args) > 0 && nullOnNulls(e.Args[0])
		case "and", "or":
			// NULL AND FALSE is FALSE, NULL OR TRUE is TRUE.
			for _, a := range e.Args {
				if !nullOnNulls(a) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// checkEmptyGroups refuses a decorrelation that changes the answer for
// outer rows without partners (see emptyGroup): a scalar subquery's value
// must be NULL there anyway, and so must an IN subquery's (x IN (NULL) is
// not TRUE); EXISTS over an aggregation without GROUP BY is always TRUE.
func checkEmptyGroups(j *plan.Join, outer map[plan.ColumnID]bool) error {
	switch emptyGroupOf(j.Right, outer) {
	case emptyValues:
		return unsupportedCorrelation(j.What, "its aggregation without GROUP BY gives a value other than NULL when no row matches")
	case emptyNulls:
		if isExists(j) || (j.Kind != plan.SingleJoin && j.Kind != plan.MarkJoin && j.Kind != plan.SemiJoin && j.Kind != plan.AntiJoin) {
			return unsupportedCorrelation(j.What, "an aggregation without GROUP BY gives a row even when no row matches")
		}
	}
	return nil
}

// dropLimits removes LIMITs of at least one row at the top of an EXISTS
// subquery. (Not IN: there the LIMIT chooses the values compared.)
func dropLimits(n plan.Node) plan.Node {
	switch l := n.(type) {
	case *plan.Limit:
		if l.Offset == 0 && l.Count != 0 {
			return dropLimits(l.Input)
		}
	case *plan.Project:
		c := *l
		c.Input = dropLimits(l.Input)
		return &c
	case *plan.Sort:
		return dropLimits(l.Input)
	}
	return n
}

func unsupportedCorrelation(what, why string) error {
	if what == "" {
		what = "subquery"
	}
	msg := fmt.Sprintf("this correlated %s is not supported yet", what)
	if why != "" {
		msg += " (" + why + ")"
	}
	return fmt.Errorf("%s; rewrite it as a join", msg)
}

// readsAny reports whether a plan's expressions read any of the columns.
func readsAny(n plan.Node, cols map[plan.ColumnID]bool) bool {
	for _, e := range plan.Exprs(n) {
		if exprReads(e, cols) {
			return true
		}
	}
	for _, k := range n.Children() {
		if readsAny(k, cols) {
			return true
		}
	}
	return false
}

func exprReads(e plan.Expr, cols map[plan.ColumnID]bool) bool {
	for id := range plan.ColumnsOf(e, nil) {
		if cols[id] {
			return true
		}
	}
	return false
}

// pullUp removes the predicates that read outer columns from n and
// returns them, rewritten over n's new output (which gains the inner
// columns they read).
func pullUp(n plan.Node, outer map[plan.ColumnID]bool) (plan.Node, []plan.Expr, error) {
	switch n := n.(type) {
	case *plan.Filter:
		in, preds, err := pullUp(n.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		var keep []plan.Expr
		for _, p := range plan.SplitAnd(n.Pred) {
			if exprReads(p, outer) {
				preds = append(preds, p)
			} else {
				keep = append(keep, p)
			}
		}
		if len(keep) == 0 {
			return in, preds, nil
		}
		return &plan.Filter{Input: in, Pred: plan.JoinAnd(keep)}, preds, nil
	case *plan.Project:
		for _, e := range n.Exprs {
			if exprReads(e, outer) {
				return nil, nil, unsupportedCorrelation("", "the subquery's select list reads the outer query")
			}
		}
		in, preds, err := pullUp(n.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		c := &plan.Project{Input: in, Exprs: n.Exprs, Out: n.Out}
		c.Exprs, c.Out = passThrough(c.Exprs, c.Out, in.Columns(), preds, outer)
		return c, preds, nil
	case *plan.Sort:
		in, preds, err := pullUp(n.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		return &plan.Sort{Input: in, Keys: n.Keys}, preds, nil
	case *plan.Aggregate:
		for _, e := range plan.Exprs(n) {
			if exprReads(e, outer) {
				return nil, nil, unsupportedCorrelation("", "an aggregate reads the outer query")
			}
		}
		in, preds, err := pullUp(n.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		if len(preds) == 0 {
			c := *n
			c.Input = in
			return &c, nil, nil
		}
		c := *n
		c.Input = in
		c.Keys = append([]plan.Expr(nil), n.Keys...)
		c.KeyCols = append([]plan.Column(nil), n.KeyCols...)
		inCols := in.Columns()
		for _, p := range preds {
			inner, ok := innerEquality(p, outer)
			if !ok {
				return nil, nil, unsupportedCorrelation("", "only equalities with the outer query can pass an aggregation: "+p.String())
			}
			if hasKey(c.KeyCols, inner.ID) {
				continue
			}
			col, ok := findColumn(inCols, inner.ID)
			if !ok {
				return nil, nil, fmt.Errorf("internal error: correlated column %s is not below the aggregation", inner.Name)
			}
			c.Keys = append(c.Keys, inner)
			c.KeyCols = append(c.KeyCols, col)
		}
		return &c, preds, nil
	case *plan.Join:
		switch n.Kind {
		case plan.InnerJoin:
			l, lp, err := pullUp(n.Left, outer)
			if err != nil {
				return nil, nil, err
			}
			r, rp, err := pullUp(n.Right, outer)
			if err != nil {
				return nil, nil, err
			}
			var keep, preds []plan.Expr
			for _, p := range plan.SplitAnd(n.Cond) {
				if exprReads(p, outer) {
					preds = append(preds, p)
				} else {
					keep = append(keep, p)
				}
			}
			c := *n
			c.Left, c.Right, c.Cond = l, r, plan.JoinAnd(keep)
			return &c, append(append(lp, rp...), preds...), nil
		default:
			if readsAny(n.Right, outer) || exprsRead(plan.Exprs(n), outer) {
				return nil, nil, unsupportedCorrelation("", "the outer query is read inside a subquery's own outer join or subquery")
			}
			l, lp, err := pullUp(n.Left, outer)
			if err != nil {
				return nil, nil, err
			}
			c := *n
			c.Left = l
			return &c, lp, nil
		}
	}
	if readsAny(n, outer) {
		return nil, nil, unsupportedCorrelation("", fmt.Sprintf("the outer query is read below %s", n.Describe()))
	}
	return n, nil, nil
}

func exprsRead(es []plan.Expr, cols map[plan.ColumnID]bool) bool {
	for _, e := range es {
		if exprReads(e, cols) {
			return true
		}
	}
	return false
}

// passThrough adds to a projection the input columns that preds read.
func passThrough(exprs []plan.Expr, out, in []plan.Column, preds []plan.Expr, outer map[plan.ColumnID]bool) ([]plan.Expr, []plan.Column) {
	exprs = append([]plan.Expr(nil), exprs...)
	out = append([]plan.Column(nil), out...)
	for _, p := range preds {
		for id := range plan.ColumnsOf(p, nil) {
			if outer[id] || hasKey(out, id) {
				continue
			}
			if c, ok := findColumn(in, id); ok {
				exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
				out = append(out, c)
			}
		}
	}
	return exprs, out
}

// innerEquality recognises inner = outer (either way round) where the
// inner side is a column; it returns that column.
func innerEquality(p plan.Expr, outer map[plan.ColumnID]bool) (*plan.ColumnRef, bool) {
	c, ok := p.(*plan.Call)
	if !ok || c.Fn != "=" || len(c.Args) != 2 {
		return nil, false
	}
	for _, side := range [][2]plan.Expr{{c.Args[0], c.Args[1]}, {c.Args[1], c.Args[0]}} {
		r, ok := side[0].(*plan.ColumnRef)
		if ok && !outer[r.ID] && onlyReads(side[1], outer) {
			return r, true
		}
	}
	return nil, false
}

// onlyReads reports whether e reads columns, all of them in cols.
func onlyReads(e plan.Expr, cols map[plan.ColumnID]bool) bool {
	ids := plan.ColumnsOf(e, nil)
	if len(ids) == 0 {
		return false
	}
	for id := range ids {
		if !cols[id] {
			return false
		}
	}
	return true
}

func hasKey(cols []plan.Column, id plan.ColumnID) bool {
	_, ok := findColumn(cols, id)
	return ok
}

func findColumn(cols []plan.Column, id plan.ColumnID) (plan.Column, bool) {
	for _, c := range cols {
		if c.ID == id {
			return c, true
		}
	}
	return plan.Column{}, false
}
