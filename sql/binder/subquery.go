package binder

import (
	"fmt"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// A subquery in an expression becomes a join of the clause's input with
// the subquery's plan, and the expression reads the join's output column:
// the subquery's value (a SingleJoin) or whether a partner exists (a
// MarkJoin). A correlated subquery's plan reads columns of the outer query;
// the optimizer's decorrelation rule turns those references into join
// conditions.

// subquery is one subquery of a clause, waiting to be joined in.
type subquery struct {
	join *plan.Join // Left is filled in when it is applied
}

// subqueries collects a clause's subqueries.
type subqueries struct {
	list []subquery
}

// apply joins the collected subqueries onto node, in order.
func (s *subqueries) apply(node plan.Node) plan.Node {
	if s == nil {
		return node
	}
	for _, q := range s.list {
		j := *q.join
		j.Left = node
		node = &j
	}
	s.list = nil
	return node
}

// subqueryPlan binds a subquery with the current scope as its outer scope.
func (x *exprBinder) subqueryPlan(n ast.Node, at ast.Node) (plan.Node, error) {
	if x.subs == nil {
		return nil, &UnsupportedError{What: "a subquery in " + x.where, SQL: x.b.sql, Offset: offsetOf(at)}
	}
	return x.b.query(n, x.scope)
}

// oneColumn returns a subquery's single output column.
func (x *exprBinder) oneColumn(sub plan.Node, at ast.Node) (plan.Column, error) {
	cols := sub.Columns()
	if len(cols) != 1 {
		return plan.Column{}, x.errAt(at, "the subquery must return one column, not %d", len(cols))
	}
	return cols[0], nil
}

// scalarSubquery binds (SELECT ...) used as a value: NULL when it returns
// no row, an error when it returns more than one.
func (x *exprBinder) scalarSubquery(n *ast.SubqueryExpr) (plan.Expr, error) {
	sub, err := x.subqueryPlan(n.Query, n)
	if err != nil {
		return nil, err
	}
	c, err := x.oneColumn(sub, n)
	if err != nil {
		return nil, err
	}
	x.subs.list = append(x.subs.list, subquery{join: &plan.Join{Kind: plan.SingleJoin, Right: sub, What: "scalar subquery"}})
	if c.Tag != "" {
		if x.b.subqueryTags == nil {
			x.b.subqueryTags = map[plan.ColumnID]string{}
		}
		x.b.subqueryTags[c.ID] = c.Tag
	}
	return colRef(c), nil
}

// existsSubquery binds [NOT] EXISTS (SELECT ...).
func (x *exprBinder) existsSubquery(n *ast.ExistsSubqueryExpr) (plan.Expr, error) {
	q, ok := n.Sel.(*ast.SubqueryExpr)
	if !ok {
		return nil, &UnsupportedError{What: "this EXISTS", SQL: x.b.sql, Offset: offsetOf(n)}
	}
	sub, err := x.subqueryPlan(q.Query, n)
	if err != nil {
		return nil, err
	}
	mark := x.b.newColumn("exists", types.BooleanType, false)
	x.subs.list = append(x.subs.list, subquery{join: &plan.Join{Kind: plan.MarkJoin, Right: sub, Mark: mark, What: "EXISTS"}})
	var e plan.Expr = colRef(mark)
	if n.Not {
		e = &plan.Call{Fn: "not", Args: []plan.Expr{e}, T: types.BooleanType}
	}
	return e, nil
}

// inSubquery binds x [NOT] IN (SELECT ...), with SQL's NULL rules: NULL
// rather than FALSE when x is NULL or the subquery returns a NULL (and
// the subquery returns rows).
func (x *exprBinder) inSubquery(n *ast.PatternInExpr) (plan.Expr, error) {
	return x.inJoin(n.Expr, n.Sel, n.Not, n)
}

func (x *exprBinder) inJoin(left ast.ExprNode, sel ast.ExprNode, not bool, at ast.Node) (plan.Expr, error) {
	q, ok := sel.(*ast.SubqueryExpr)
	if !ok {
		return nil, &UnsupportedError{What: "this IN", SQL: x.b.sql, Offset: offsetOf(at)}
	}
	if _, ok := left.(*ast.RowExpr); ok {
		return nil, &UnsupportedError{What: "(a, b) IN (subquery)", SQL: x.b.sql, Offset: offsetOf(at)}
	}
	v, err := x.bind(left)
	if err != nil {
		return nil, err
	}
	sub, err := x.subqueryPlan(q.Query, at)
	if err != nil {
		return nil, err
	}
	c, err := x.oneColumn(sub, at)
	if err != nil {
		return nil, err
	}
	eq, err := bindCompare("=", v, colRef(c))
	if err != nil {
		return nil, x.wrap(at, fmt.Errorf("IN: %w", err))
	}
	mark := x.b.newColumn("in", types.BooleanType, true)
	x.subs.list = append(x.subs.list, subquery{join: &plan.Join{Kind: plan.MarkJoin, Right: sub, Cond: eq, Mark: mark, NullAware: true, What: "IN (subquery)"}})
	var e plan.Expr = colRef(mark)
	if not {
		e = &plan.Call{Fn: "not", Args: []plan.Expr{e}, T: types.BooleanType}
	}
	return e, nil
}

// compareSubquery binds x = ANY (SELECT ...) (which is IN) and x <> ALL
// (SELECT ...) (NOT IN); other comparisons with ANY and ALL are not
// supported yet.
func (x *exprBinder) compareSubquery(n *ast.CompareSubqueryExpr) (plan.Expr, error) {
	switch {
	case n.Op == opcode.EQ && !n.All:
		return x.inJoin(n.L, n.R, false, n)
	case n.Op == opcode.NE && n.All:
		return x.inJoin(n.L, n.R, true, n)
	}
	return nil, &UnsupportedError{What: "comparisons with ANY or ALL other than = ANY and <> ALL", SQL: x.b.sql, Offset: offsetOf(n)}
}
