package binder

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// setOpr binds UNION [ALL], INTERSECT and EXCEPT. INTERSECT binds tighter
// than UNION and EXCEPT, which apply left to right; the result's columns
// take the first query's names and each position's common type.
func (b *binder) setOpr(n *ast.SetOprStmt, outer *scope) (plan.Node, error) {
	restore, err := b.with(n.With)
	if err != nil {
		return nil, err
	}
	defer restore()
	node, err := b.setOprList(n.SelectList, outer)
	if err != nil {
		return nil, err
	}
	return b.setOprTail(node, n.OrderBy, n.Limit)
}

func (b *binder) setOprList(l *ast.SetOprSelectList, outer *scope) (plan.Node, error) {
	restore, err := b.with(l.With)
	if err != nil {
		return nil, err
	}
	defer restore()
	type operand struct {
		node plan.Node
		op   *ast.SetOprType
	}
	var ops []operand
	for _, s := range l.Selects {
		var node plan.Node
		var op *ast.SetOprType
		switch s := s.(type) {
		case *ast.SelectStmt:
			node, err = b.selectStmt(s, outer)
			op = s.AfterSetOperator
		case *ast.SetOprSelectList:
			node, err = b.setOprList(s, outer)
			op = s.AfterSetOperator
		default:
			err = &UnsupportedError{What: fmt.Sprintf("%T in a set operation", s), SQL: b.sql, Offset: -1}
		}
		if err != nil {
			return nil, err
		}
		ops = append(ops, operand{node: node, op: op})
	}
	// INTERSECT first, then the others left to right.
	var merged []operand
	for _, o := range ops {
		if o.op != nil && (*o.op == ast.Intersect || *o.op == ast.IntersectAll) && len(merged) > 0 {
			last := &merged[len(merged)-1]
			node, err := b.setOp(*o.op, last.node, o.node)
			if err != nil {
				return nil, err
			}
			last.node = node
			continue
		}
		merged = append(merged, o)
	}
	node := merged[0].node
	for _, o := range merged[1:] {
		if node, err = b.setOp(*o.op, node, o.node); err != nil {
			return nil, err
		}
	}
	return b.setOprTail(node, l.OrderBy, l.Limit)
}

// setOp combines two queries' results.
func (b *binder) setOp(op ast.SetOprType, l, r plan.Node) (plan.Node, error) {
	lc, rc := l.Columns(), r.Columns()
	if len(lc) != len(rc) {
		return nil, &Error{SQL: b.sql, Offset: -1,
			Msg: fmt.Sprintf("each query of %s must have the same number of columns: %d and %d", strings.ToUpper(op.String()), len(lc), len(rc))}
	}
	// Cast both sides to each position's common type.
	var lx, rx []plan.Expr
	var out []plan.Column
	for i := range lc {
		t, ok := commonType([]plan.Expr{colRef(lc[i]), colRef(rc[i])})
		if !ok {
			return nil, &Error{SQL: b.sql, Offset: -1,
				Msg: fmt.Sprintf("%s: column %d is %s in one query and %s in the other", strings.ToUpper(op.String()), i+1, lc[i].Type, rc[i].Type)}
		}
		if t.ID == types.Unknown {
			t = types.VarcharType
		}
		lx = append(lx, castTo(colRef(lc[i]), t))
		rx = append(rx, castTo(colRef(rc[i]), t))
		c := b.newColumn(lc[i].Name, t, true)
		c.Tag = b.setOpTag(lc[i], rc[i], t)
		out = append(out, c)
	}
	project := func(n plan.Node, exprs []plan.Expr) (plan.Node, []plan.Column) {
		var cols []plan.Column
		for i, e := range exprs {
			c := b.newColumn(out[i].Name, e.Type(), true)
			c.Tag = out[i].Tag
			cols = append(cols, c)
		}
		return &plan.Project{Input: n, Exprs: exprs, Out: cols}, cols
	}
	switch op {
	case ast.UnionAll:
		l, _ = project(l, lx)
		r, _ = project(r, rx)
		return &plan.Union{Inputs: []plan.Node{l, r}, Out: out}, nil
	case ast.Union:
		l, _ = project(l, lx)
		r, _ = project(r, rx)
		u := &plan.Union{Inputs: []plan.Node{l, r}, Out: out}
		return b.distinct(u), nil
	case ast.Intersect, ast.Except:
		l, lcols := project(l, lx)
		r, rcols := project(r, rx)
		dl := b.distinct(l)
		dcols := dl.Columns()
		kind := plan.SemiJoin
		if op == ast.Except {
			kind = plan.AntiJoin
		}
		j := &plan.Join{Kind: kind, Left: dl, Right: r, NullEqual: true}
		for i := range lcols {
			j.LeftKeys = append(j.LeftKeys, colRef(dcols[i]))
			j.RightKeys = append(j.RightKeys, colRef(rcols[i]))
		}
		return j, nil
	}
	return nil, &UnsupportedError{What: strings.ToUpper(op.String()), SQL: b.sql, Offset: -1}
}

// setOpTag is the tag of a set operation's column of type t whose
// operands are l and r: theirs when they agree; under PostgreSQL names,
// the type PostgreSQL resolves them to (a bare NULL takes the other's,
// of integers the widest, of strings the first's).
func (b *binder) setOpTag(l, r plan.Column, t types.Type) string {
	if l.Tag == r.Tag {
		return l.Tag
	}
	if !postgresNames(b.ctx) {
		return ""
	}
	var tags []string
	for _, c := range []plan.Column{l, r} {
		if c.Type.ID != types.Unknown {
			tags = append(tags, c.Tag)
		}
	}
	tag := pgCommonTag(tags)
	if want, ok := pgTagTypes[tag]; !ok || want != t.ID {
		return ""
	}
	return tag
}

// distinct removes duplicate rows (NULLs equal), keeping the names.
func (b *binder) distinct(n plan.Node) plan.Node {
	agg := &plan.Aggregate{Input: n, Phase: plan.Complete}
	for _, c := range n.Columns() {
		agg.Keys = append(agg.Keys, colRef(c))
		kc := b.newColumn(c.Name, c.Type, true)
		kc.Tag = c.Tag
		agg.KeyCols = append(agg.KeyCols, kc)
	}
	return agg
}

// setOprTail applies the ORDER BY and LIMIT of a set operation, which
// name output columns by name or position.
func (b *binder) setOprTail(node plan.Node, order *ast.OrderByClause, limit *ast.Limit) (plan.Node, error) {
	cols := node.Columns()
	if order != nil {
		var keys []plan.SortKey
		for _, by := range order.Items {
			idx := -1
			switch e := by.Expr.(type) {
			case *ast.PositionExpr:
				if e.P == nil && e.N >= 1 && e.N <= len(cols) {
					idx = e.N - 1
				}
			case *ast.ColumnNameExpr:
				for i, c := range cols {
					if strings.EqualFold(c.Name, e.Name.Name.O) {
						idx = i
						break
					}
				}
			}
			if idx < 0 {
				return nil, &Error{SQL: b.sql, Offset: offsetOf(by.Expr),
					Msg: "ORDER BY of a UNION, INTERSECT or EXCEPT must name a result column or give its position"}
			}
			keys = append(keys, plan.SortKey{Expr: colRef(cols[idx]), Desc: by.Desc})
		}
		node = &plan.Sort{Input: node, Keys: keys}
	}
	if limit != nil {
		count, offset := int64(-1), int64(0)
		var err error
		if limit.Count != nil {
			if count, err = b.constInt(limit.Count, "LIMIT"); err != nil {
				return nil, err
			}
		}
		if limit.Offset != nil {
			if offset, err = b.constInt(limit.Offset, "OFFSET"); err != nil {
				return nil, err
			}
		}
		node = &plan.Limit{Input: node, Offset: offset, Count: count}
	}
	return node, nil
}
