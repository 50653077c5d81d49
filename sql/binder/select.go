package binder

import (
	"context"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// binder holds the state of binding one statement.
type binder struct {
	ctx    context.Context
	cat    *catalog.Catalog
	sql    string
	nextID plan.ColumnID
	depth  int // views and CTEs being expanded
	ctes   []*cte
	// correlated are the columns that subqueries read from the queries
	// around them.
	correlated map[plan.ColumnID]bool

	// clock is the statement's time for NOW() and CURRENT_DATE.
	clock *stmtClock
	// params collects the types the ? placeholders take from their
	// context (ParamTypes); nil when not asked.
	params map[int]types.Type
	// subqueryTags are the tags of scalar subqueries' columns, by the
	// column the subquery's value is read from.
	subqueryTags map[plan.ColumnID]string
}

// maxViewDepth bounds views defined on views (and catches cycles).
const maxViewDepth = 32

func (b *binder) newColumn(name string, t types.Type, nullable bool) plan.Column {
	b.nextID++
	return plan.Column{ID: b.nextID, Name: name, Type: t, Nullable: nullable}
}

// isColumnName says whether e is a column name, possibly parenthesized.
func isColumnName(e ast.ExprNode) bool {
	switch e := e.(type) {
	case *ast.ColumnNameExpr:
		return true
	case *ast.ParenthesesExpr:
		return isColumnName(e.Expr)
	}
	return false
}

// isSubquery says whether e is a scalar subquery, possibly parenthesized.
func isSubquery(e ast.ExprNode) bool {
	_, ok := unparen(e).(*ast.SubqueryExpr)
	return ok
}

// Select binds a query (a SELECT, or a UNION, INTERSECT or EXCEPT of
// them) whose text is sql and returns its plan; the plan's root columns
// are the result's columns, named.
func Select(ctx context.Context, cat *catalog.Catalog, stmt ast.ResultSetNode, sql string) (plan.Node, error) {
	b := &binder{ctx: ctx, cat: cat, sql: sql, correlated: map[plan.ColumnID]bool{}, clock: &stmtClock{}}
	return b.query(stmt, nil)
}

// ParamTypes binds a query whose ? placeholders are not replaced by
// values and returns the type each placeholder (at the given byte offsets
// of sql) takes from its context (comparing it with a BIGINT column makes
// it a BIGINT), or types.UnknownType where nothing says.
func ParamTypes(ctx context.Context, cat *catalog.Catalog, stmt ast.ResultSetNode, sql string, offsets []int) ([]types.Type, error) {
	b := &binder{ctx: ctx, cat: cat, sql: sql, correlated: map[plan.ColumnID]bool{}, clock: &stmtClock{}, params: map[int]types.Type{}}
	if _, err := b.query(stmt, nil); err != nil {
		return nil, err
	}
	out := make([]types.Type, len(offsets))
	for i, off := range offsets {
		out[i] = types.UnknownType
		if t, ok := b.params[off+1]; ok {
			out[i] = t
		}
	}
	return out, nil
}

// item is one expression of the select list with its output column.
type item struct {
	expr  plan.Expr
	col   plan.Column
	ast   ast.ExprNode // nil for expanded *
	alias string       // the AS name, if any
}

func (b *binder) selectStmt(s *ast.SelectStmt, outer *scope) (plan.Node, error) {
	if err := b.checkUnsupported(s); err != nil {
		return nil, err
	}
	restore, err := b.with(s.With)
	if err != nil {
		return nil, err
	}
	defer restore()
	wins, err := b.newWindows(s)
	if err != nil {
		return nil, err
	}
	node, sc, err := b.from(s, outer)
	if err != nil {
		return nil, err
	}
	sc.outer = outer
	if s.Where != nil {
		subs := &subqueries{}
		x := &exprBinder{b: b, scope: sc, where: "WHERE", subs: subs}
		pred, err := x.bind(s.Where)
		if err != nil {
			return nil, err
		}
		if pred, err = asCondition(pred); err != nil {
			return nil, x.wrap(s.Where, err)
		}
		node = &plan.Filter{Input: subs.apply(node), Pred: pred}
	}

	hasAgg := s.GroupBy != nil || s.Having != nil || containsAggregate(s.Fields) ||
		(s.OrderBy != nil && containsAggregate(s.OrderBy))
	var aggs *aggCollector
	if hasAgg {
		aggs = &aggCollector{}
	}
	selSubs := &subqueries{}
	x := &exprBinder{b: b, scope: sc, aggs: aggs, where: "this clause", subs: selSubs}
	x.wins = wins

	// The select list.
	var items []item
	for _, f := range s.Fields.Fields {
		if f.WildCard != nil {
			qual := f.WildCard.Table.O
			n := 0
			for _, c := range sc.cols {
				if c.hidden || (qual != "" && !strings.EqualFold(c.table, qual)) || (qual == "" && c.qualOnly) {
					continue
				}
				items = append(items, item{expr: &plan.ColumnRef{ID: c.col.ID, Name: c.col.Name, T: c.col.Type}, col: c.col})
				n++
			}
			if n == 0 && qual != "" {
				return nil, &Error{SQL: b.sql, Offset: -1, Msg: fmt.Sprintf("no table %q in FROM for %s.*", qual, qual)}
			}
			continue
		}
		x.sets = true
		e, err := x.bind(f.Expr)
		x.sets = false
		if err != nil {
			return nil, err
		}
		name := f.AsName.O
		if name == "" {
			if c, ok := f.Expr.(*ast.ColumnNameExpr); ok {
				name = c.Name.Name.O
				if ref, ok := e.(*plan.ColumnRef); ok && postgresNames(b.ctx) {
					// The column's own name: PostgreSQL folds the
					// unquoted names of a query to lower case.
					name = ref.Name
				}
			} else if postgresNames(b.ctx) {
				name = pgColumnName(f.Expr)
			} else {
				name = strings.TrimSpace(f.Text())
			}
		}
		col := plan.Column{Name: name, Type: e.Type(), Nullable: true}
		// A column referred to as it is keeps its tag; a CAST of it to
		// its own type binds to the same reference but is a new value.
		if ref, ok := e.(*plan.ColumnRef); ok && isColumnName(f.Expr) {
			col.Tag = x.scope.tagOf(ref.ID)
		} else if ref, ok := e.(*plan.ColumnRef); ok && isSubquery(f.Expr) {
			// A scalar subquery is of its column's type.
			col.Tag = b.subqueryTags[ref.ID]
		} else if postgresNames(b.ctx) {
			col.Tag = x.pgResultTag(f.Expr, e)
		} else if call, ok := e.(*plan.Call); ok && call.User != nil {
			col.Tag = call.User.Tag
		}
		items = append(items, item{expr: e, col: col, ast: f.Expr, alias: f.AsName.O})
	}

	for _, it := range items {
		if f := it.ast; f != nil && it.alias != "" {
			if x.aliases == nil {
				x.aliases = map[string]plan.Expr{}
			}
			if _, dup := x.aliases[strings.ToLower(it.alias)]; !dup {
				x.aliases[strings.ToLower(it.alias)] = it.expr
			}
		}
	}

	// GROUP BY keys, by position, select alias, or expression.
	var keys []plan.Expr
	if s.GroupBy != nil {
		for _, by := range s.GroupBy.Items {
			k, err := b.groupKey(x, by.Expr, items)
			if err != nil {
				return nil, err
			}
			if hasSetCall(k) {
				return nil, &Error{SQL: b.sql, Offset: offsetOf(by.Expr), Code: codeFeatureNotSupported,
					Msg: "set-returning functions are not allowed in GROUP BY"}
			}
			keys = append(keys, k)
		}
	}
	var having plan.Expr
	if s.Having != nil {
		if having, err = x.bind(s.Having.Expr); err != nil {
			return nil, err
		}
		if having, err = asCondition(having); err != nil {
			return nil, x.wrap(s.Having.Expr, err)
		}
	}
	// ORDER BY: output positions and names first, then expressions.
	type orderKey struct {
		out  int       // index into items, or -1
		expr plan.Expr // bound expression when out < 0
		desc bool
		ast  ast.ExprNode
	}
	var order []orderKey
	if s.OrderBy != nil {
		for _, by := range s.OrderBy.Items {
			k := orderKey{out: -1, desc: by.Desc, ast: by.Expr}
			if i, ok, err := b.outputRef(by.Expr, items, "ORDER BY"); err != nil {
				return nil, err
			} else if ok {
				k.out = i
			} else {
				e, err := x.bind(by.Expr)
				if err != nil {
					return nil, err
				}
				k.expr = e
			}
			order = append(order, k)
		}
	}

	if hasAgg {
		if aggs.order != nil {
			// The ordered aggregates see their values in order.
			node = &plan.Sort{Input: node, Keys: aggs.order}
		}
		agg := &plan.Aggregate{Input: node, Phase: plan.Complete, Keys: keys}
		for _, k := range keys {
			name := k.String()
			if r, ok := k.(*plan.ColumnRef); ok {
				name = r.Name
			}
			agg.KeyCols = append(agg.KeyCols, b.newColumn(name, k.Type(), true))
		}
		for i := range aggs.calls {
			c := &aggs.calls[i]
			c.Out = b.newColumn(c.String(), c.Out.Type, c.Out.Nullable)
		}
		agg.Aggs = aggs.calls
		for _, q := range selSubs.list {
			if len(b.freeColumns(q.join.Right)) > 0 {
				return nil, &UnsupportedError{What: "a correlated subquery in the select list, HAVING or ORDER BY of an aggregation", SQL: b.sql, Offset: -1}
			}
			for _, c := range q.join.Right.Columns() {
				b.correlated[c.ID] = true
			}
			if q.join.Kind == plan.MarkJoin {
				b.correlated[q.join.Mark.ID] = true
			}
		}
		node = selSubs.apply(agg)
		if err := wins.overAggregate(b, agg, having); err != nil {
			return nil, err
		}
		post := func(e plan.Expr, at ast.Node) (plan.Expr, error) { return b.overAggregate(e, agg, at) }
		for i := range items {
			if items[i].expr, err = post(items[i].expr, items[i].ast); err != nil {
				return nil, err
			}
		}
		if having != nil {
			if having, err = post(having, s.Having.Expr); err != nil {
				return nil, err
			}
			node = &plan.Filter{Input: node, Pred: having}
		}
		for i := range order {
			if order[i].expr != nil {
				if order[i].expr, err = post(order[i].expr, order[i].ast); err != nil {
					return nil, err
				}
			}
		}
	}

	node = selSubs.apply(node)
	// Window functions, over the aggregation.
	refs := make([]*plan.Expr, 0, len(items)+len(order))
	for i := range items {
		refs = append(refs, &items[i].expr)
	}
	for i := range order {
		if order[i].expr != nil {
			refs = append(refs, &order[i].expr)
		}
	}
	node = b.windowNodes(node, wins, refs)
	if node, err = b.projectSet(node, items); err != nil {
		return nil, err
	}

	// Project the select list, plus ORDER BY expressions not in it.
	var exprs []plan.Expr
	var outs []plan.Column
	for i := range items {
		c := b.newColumn(items[i].col.Name, items[i].expr.Type(), true)
		c.Tag = items[i].col.Tag
		items[i].col = c
		exprs = append(exprs, items[i].expr)
		outs = append(outs, c)
	}
	visible := len(outs)
	var sortKeys []plan.SortKey
	for _, k := range order {
		idx := k.out
		if idx < 0 {
			for i, e := range exprs[:visible] {
				if plan.Equal(e, k.expr) {
					idx = i
					break
				}
			}
		}
		if idx < 0 {
			if s.Distinct {
				return nil, &Error{SQL: b.sql, Offset: offsetOf(k.ast),
					Msg: "with SELECT DISTINCT, ORDER BY expressions must appear in the select list"}
			}
			exprs = append(exprs, k.expr)
			outs = append(outs, b.newColumn(k.expr.String(), k.expr.Type(), true))
			idx = len(outs) - 1
		}
		c := outs[idx]
		sortKeys = append(sortKeys, plan.SortKey{Expr: &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}, Desc: k.desc})
	}
	node = &plan.Project{Input: node, Exprs: exprs, Out: outs}

	if s.Distinct {
		agg := &plan.Aggregate{Input: node, Phase: plan.Complete}
		remap := map[plan.ColumnID]plan.Column{}
		for _, c := range outs {
			agg.Keys = append(agg.Keys, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
			nc := b.newColumn(c.Name, c.Type, true)
			nc.Tag = c.Tag
			agg.KeyCols = append(agg.KeyCols, nc)
			remap[c.ID] = nc
		}
		for i, k := range sortKeys {
			c := remap[k.Expr.(*plan.ColumnRef).ID]
			sortKeys[i].Expr = &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
		}
		node = agg
	}
	if len(sortKeys) > 0 {
		node = &plan.Sort{Input: node, Keys: sortKeys}
	}
	if s.Limit != nil {
		count, offset := int64(-1), int64(0)
		if s.Limit.Count != nil {
			if count, err = b.constInt(s.Limit.Count, "LIMIT"); err != nil {
				return nil, err
			}
		}
		if s.Limit.Offset != nil {
			if offset, err = b.constInt(s.Limit.Offset, "OFFSET"); err != nil {
				return nil, err
			}
		}
		node = &plan.Limit{Input: node, Offset: offset, Count: count}
	}
	if cols := node.Columns(); len(cols) > visible {
		// Drop the ORDER BY helper columns.
		var ex []plan.Expr
		for _, c := range cols[:visible] {
			ex = append(ex, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
		}
		node = &plan.Project{Input: node, Exprs: ex, Out: cols[:visible]}
	}
	return node, nil
}

func (b *binder) checkUnsupported(s *ast.SelectStmt) error {
	switch {
	case s.LockInfo != nil && s.LockInfo.LockType != ast.SelectLockNone:
		return &UnsupportedError{What: "FOR UPDATE", SQL: b.sql, Offset: -1}
	}
	return nil
}

// containsAggregate reports whether an AST holds an aggregate call.
func containsAggregate(n ast.Node) bool {
	v := &aggFinder{}
	n.Accept(v)
	return v.found
}

type aggFinder struct{ found bool }

func (v *aggFinder) Enter(n ast.Node) (ast.Node, bool) {
	if _, ok := n.(*ast.SubqueryExpr); ok {
		return n, true // a subquery's aggregates are its own
	}
	if _, ok := n.(*ast.AggregateFuncExpr); ok || isStatsCall(n) {
		v.found = true
	}
	return n, v.found
}

func (v *aggFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// outputRef resolves a GROUP BY or ORDER BY item that names a select-list
// entry: a position (1-based) or, for ORDER BY, an output column name.
func (b *binder) outputRef(e ast.ExprNode, items []item, clause string) (int, bool, error) {
	switch e := e.(type) {
	case *ast.PositionExpr:
		n := e.N
		if e.P != nil {
			return 0, false, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: clause + " position must be a constant"}
		}
		if n < 1 || n > len(items) {
			return 0, false, &Error{SQL: b.sql, Offset: offsetOf(e),
				Msg: fmt.Sprintf("%s position %d is not in the select list (it has %d columns)", clause, n, len(items))}
		}
		return n - 1, true, nil
	case *ast.ColumnNameExpr:
		if clause != "ORDER BY" || e.Name.Table.O != "" {
			return 0, false, nil
		}
		hit := -1
		for i, it := range items {
			if strings.EqualFold(it.col.Name, e.Name.Name.O) {
				if hit >= 0 && !plan.Equal(items[hit].expr, it.expr) {
					return 0, false, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: fmt.Sprintf("ORDER BY %q is ambiguous", e.Name.Name.O)}
				}
				if hit < 0 {
					hit = i
				}
			}
		}
		return hit, hit >= 0, nil
	}
	return 0, false, nil
}

// groupKey binds a GROUP BY item: a position, an input column, a select
// alias (when no input column has that name), or an expression.
func (b *binder) groupKey(x *exprBinder, e ast.ExprNode, items []item) (plan.Expr, error) {
	if i, ok, err := b.outputRef(e, items, "GROUP BY"); err != nil {
		return nil, err
	} else if ok {
		if items[i].ast == nil || containsAggregate(items[i].ast) {
			return nil, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: "cannot GROUP BY an aggregate"}
		}
		return items[i].expr, nil
	}
	if c, ok := e.(*ast.ColumnNameExpr); ok && c.Name.Table.O == "" {
		if hits, _ := x.scope.resolve("", c.Name.Name.O); len(hits) == 0 {
			for _, it := range items {
				if strings.EqualFold(it.col.Name, c.Name.Name.O) && it.ast != nil {
					if containsAggregate(it.ast) {
						return nil, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: "cannot GROUP BY an aggregate"}
					}
					return it.expr, nil
				}
			}
		}
	}
	if containsAggregate(e) {
		return nil, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: "cannot GROUP BY an aggregate"}
	}
	inner := &exprBinder{b: b, scope: x.scope, where: "GROUP BY"}
	return inner.bind(e)
}

// overAggregate rewrites an expression bound against the aggregation's
// input into one over its output: group keys and aggregate results.
func (b *binder) overAggregate(e plan.Expr, agg *plan.Aggregate, at ast.Node) (plan.Expr, error) {
	var bad *plan.ColumnRef
	var rewrite func(e plan.Expr) plan.Expr
	rewrite = func(e plan.Expr) plan.Expr {
		for i, k := range agg.Keys {
			if plan.Equal(e, k) {
				c := agg.KeyCols[i]
				return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
			}
		}
		switch e := e.(type) {
		case *aggRef:
			c := agg.Aggs[e.idx].Out
			return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
		case *plan.ColumnRef:
			if bad == nil && !b.correlated[e.ID] {
				bad = e
			}
			return e
		case *plan.Call:
			args := make([]plan.Expr, len(e.Args))
			for i, a := range e.Args {
				args[i] = rewrite(a)
			}
			return e.WithArgs(args)
		}
		return e
	}
	out := rewrite(e)
	if bad != nil {
		return nil, &Error{SQL: b.sql, Offset: offsetOf(at), Code: codeGrouping,
			Msg:  fmt.Sprintf("column %q must appear in the GROUP BY clause or be used in an aggregate function", bad.Name),
			Hint: fmt.Sprintf("add %s to GROUP BY, or use e.g. MAX(%s)", bad.Name, bad.Name)}
	}
	return out, nil
}

// constInt reads a LIMIT or OFFSET value.
func (b *binder) constInt(e ast.ExprNode, clause string) (int64, error) {
	v, ok := e.(*driver.ValueExpr)
	if ok {
		switch v.Kind() {
		case driver.KindInt64:
			if v.GetInt64() >= 0 {
				return v.GetInt64(), nil
			}
		case driver.KindUint64:
			return int64(min(v.GetUint64(), 1<<62)), nil
		}
	}
	return 0, &Error{SQL: b.sql, Offset: offsetOf(e), Msg: clause + " must be a non-negative integer constant"}
}

// freeColumns returns the columns a plan reads without producing them: a
// correlated subquery's references to the queries around it.
func (b *binder) freeColumns(n plan.Node) map[plan.ColumnID]bool {
	return plan.FreeColumns(n)
}
