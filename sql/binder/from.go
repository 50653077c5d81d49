package binder

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// cte is a common table expression of a WITH clause in scope.
type cte struct {
	name string
	def  *ast.CommonTableExpression
	// ctes are the CTEs visible to its query: those before it.
	ctes []*cte
}

// lookupCTE finds a CTE by name, innermost WITH first.
func (b *binder) lookupCTE(name string) *cte {
	for i := len(b.ctes) - 1; i >= 0; i-- {
		if strings.EqualFold(b.ctes[i].name, name) {
			return b.ctes[i]
		}
	}
	return nil
}

// with brings a WITH clause's CTEs into scope and returns a function that
// takes them out again.
func (b *binder) with(w *ast.WithClause) (func(), error) {
	saved := b.ctes
	if w == nil {
		return func() {}, nil
	}
	if w.IsRecursive {
		return nil, &UnsupportedError{What: "WITH RECURSIVE", SQL: b.sql, Offset: -1}
	}
	for _, c := range w.CTEs {
		vis := append([]*cte(nil), b.ctes...)
		b.ctes = append(b.ctes, &cte{name: c.Name.O, def: c, ctes: vis})
	}
	return func() { b.ctes = saved }, nil
}

// from binds the FROM clause: tables, files, views, CTEs, derived tables
// and joins of them.
//
// outer is the scope of the query around this one (nil at the top), whose
// columns a subquery in FROM may read, as PostgreSQL allows.
func (b *binder) from(s *ast.SelectStmt, outer *scope) (plan.Node, *scope, error) {
	if s.From == nil {
		return plan.OneRow{}, &scope{}, nil
	}
	return b.tableRef(s.From.TableRefs, outer)
}

// tableRef binds one item of FROM; outer is the scope its subqueries see.
func (b *binder) tableRef(n ast.ResultSetNode, outer *scope) (plan.Node, *scope, error) {
	switch n := n.(type) {
	case *ast.Join:
		if n.Right == nil {
			return b.tableRef(n.Left, outer)
		}
		return b.join(n, outer)
	case *ast.TableSource:
		alias := strings.ToLower(n.AsName.O)
		switch src := n.Source.(type) {
		case *ast.TableName:
			return b.table(src, alias)
		case *ast.SelectStmt, *ast.SetOprStmt:
			if alias == "" {
				return nil, nil, &Error{SQL: b.sql, Offset: -1, Msg: "a subquery in FROM must have an alias",
					Hint: "write (SELECT ...) AS name"}
			}
			node, err := b.query(src, outer)
			if err != nil {
				return nil, nil, err
			}
			return b.derived(node, alias, n.ColumnNames)
		case *ast.Join:
			node, sc, err := b.tableRef(src, outer)
			if err != nil {
				return nil, nil, err
			}
			if alias != "" {
				for i := range sc.cols {
					sc.cols[i].table = alias
				}
			}
			return node, sc, nil
		}
	}
	return nil, nil, &UnsupportedError{What: fmt.Sprintf("this FROM item (%T)", n), SQL: b.sql, Offset: -1}
}

// derived names a subquery's result columns for the query around it.
func (b *binder) derived(node plan.Node, alias string, names []ast.CIStr) (plan.Node, *scope, error) {
	cols := node.Columns()
	if len(names) > 0 && len(names) != len(cols) {
		return nil, nil, &Error{SQL: b.sql, Offset: -1,
			Msg: fmt.Sprintf("%s has %d columns but %d names are given", alias, len(cols), len(names))}
	}
	sc := &scope{}
	for i, c := range cols {
		if len(names) > 0 {
			c.Name = names[i].O
		}
		sc.cols = append(sc.cols, scopeCol{table: alias, col: c})
	}
	if len(names) > 0 {
		node = renamed(node, sc)
	}
	return node, sc, nil
}

// renamed projects node's columns under the names in sc (same IDs), so
// that result column names follow a rename.
func renamed(node plan.Node, sc *scope) plan.Node {
	var exprs []plan.Expr
	var out []plan.Column
	for i, c := range node.Columns() {
		exprs = append(exprs, &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type})
		c.Name = sc.cols[i].col.Name
		out = append(out, c)
	}
	return &plan.Project{Input: node, Exprs: exprs, Out: out}
}

// table binds a named table, file, view or CTE.
func (b *binder) table(tn *ast.TableName, alias string) (plan.Node, *scope, error) {
	name := tn.Name.O
	if alias == "" {
		alias = strings.ToLower(tn.Name.O)
	}
	if tn.Schema.O == "" {
		if c := b.lookupCTE(name); c != nil {
			return b.cte(c, alias)
		}
	}
	t, err := b.cat.LookupIn(b.ctx, tn.Schema.O, name)
	if err != nil {
		return nil, nil, err
	}
	if v, ok := t.(*catalog.View); ok {
		return b.view(v, alias)
	}
	scan := &plan.Scan{Table: t}
	sc := &scope{}
	for i, c := range t.Columns() {
		col := b.newColumn(c.Name, c.Type, c.Nullable)
		col.Tag = c.Tag
		scan.Cols = append(scan.Cols, col)
		scan.Projection = append(scan.Projection, i)
		sc.cols = append(sc.cols, scopeCol{table: alias, col: col})
	}
	if h, ok := t.(catalog.WithHidden); ok {
		for _, c := range h.Hidden() {
			col := b.newColumn(c.Name, c.Type, c.Nullable)
			scan.Cols = append(scan.Cols, col)
			scan.Projection = append(scan.Projection, len(scan.Cols)-1)
			// A real column of the same name shadows a hidden one.
			if hits, _ := sc.resolve("", c.Name); len(hits) == 0 {
				sc.cols = append(sc.cols, scopeCol{table: alias, col: col, hidden: true})
			}
		}
	}
	return scan, sc, nil
}

// cte binds a reference to a common table expression: its query is bound
// afresh at each reference (as a view is).
func (b *binder) cte(c *cte, alias string) (plan.Node, *scope, error) {
	if b.depth >= maxViewDepth {
		return nil, nil, fmt.Errorf("WITH %s: nests more than %d deep", c.name, maxViewDepth)
	}
	saved := b.ctes
	b.ctes = c.ctes
	b.depth++
	node, err := b.query(c.def.Query.Query, nil)
	b.depth--
	b.ctes = saved
	if err != nil {
		return nil, nil, err
	}
	return b.derived(node, alias, c.def.ColNameList)
}

// view binds a view's query in place of a table: its result columns are
// the columns the outer query sees, under the view's name or alias.
func (b *binder) view(v *catalog.View, alias string) (plan.Node, *scope, error) {
	if b.depth >= maxViewDepth {
		return nil, nil, fmt.Errorf("view %s: views nest more than %d deep (does one refer to itself?)", v.ViewName, maxViewDepth)
	}
	sub := &binder{ctx: b.ctx, cat: b.cat, sql: v.SQL, nextID: b.nextID, depth: b.depth + 1, correlated: b.correlated, clock: b.clock, params: b.params}
	node, err := sub.query(v.Query, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("view %s: %w", v.ViewName, err)
	}
	b.nextID = sub.nextID
	var names []ast.CIStr
	for _, n := range v.ColNames {
		names = append(names, ast.NewCIStr(n))
	}
	return b.derived(node, alias, names)
}

// join binds a JOIN (or a comma) of two FROM items. A LATERAL subquery
// on the right reads the left side's columns: the join is then
// correlated, like a subquery in WHERE, until the optimizer flattens it.
func (b *binder) join(j *ast.Join, outer *scope) (plan.Node, *scope, error) {
	left, ls, err := b.tableRef(j.Left, outer)
	if err != nil {
		return nil, nil, err
	}
	rightOuter := outer
	if ts, ok := j.Right.(*ast.TableSource); ok && ts.Lateral {
		if j.Tp == ast.RightJoin {
			return nil, nil, &Error{SQL: b.sql, Offset: -1, Msg: "a LATERAL subquery cannot be on the right of a RIGHT JOIN",
				Hint: "use JOIN or LEFT JOIN"}
		}
		rightOuter = &scope{cols: ls.cols, outer: outer}
	}
	right, rs, err := b.tableRef(j.Right, rightOuter)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range rs.cols {
		if c.table != "" && ls.hasTable(c.table) {
			return nil, nil, &Error{SQL: b.sql, Offset: -1, Msg: fmt.Sprintf("table name %q appears more than once in FROM", c.table),
				Hint: "give one of them an alias: FROM t AS a JOIN t AS b ..."}
		}
	}
	kind := plan.InnerJoin
	switch j.Tp {
	case ast.LeftJoin, ast.RightJoin:
		kind = plan.LeftJoin
	}
	sc := &scope{cols: append(append([]scopeCol(nil), ls.cols...), rs.cols...)}
	var conds []plan.Expr

	// USING and NATURAL: equalities of the named columns, which then
	// appear once, from the side that keeps all its rows.
	var using []string
	if j.NaturalJoin {
		for _, lc := range ls.cols {
			if lc.hidden || lc.qualOnly {
				continue
			}
			for _, rc := range rs.cols {
				if !rc.hidden && !rc.qualOnly && strings.EqualFold(lc.col.Name, rc.col.Name) {
					using = append(using, lc.col.Name)
				}
			}
		}
	}
	for _, u := range j.Using {
		using = append(using, u.Name.O)
	}
	for _, name := range using {
		lh, _ := ls.resolve("", name)
		rh, _ := rs.resolve("", name)
		if len(lh) != 1 || len(rh) != 1 {
			side := "left"
			if len(lh) == 1 {
				side = "right"
			}
			return nil, nil, &Error{SQL: b.sql, Offset: -1, Msg: fmt.Sprintf("USING column %q is not exactly once on the %s side of the join", name, side)}
		}
		l, r := lh[0].col, rh[0].col
		eq, err := bindCompare("=", colRef(l), colRef(r))
		if err != nil {
			return nil, nil, &Error{SQL: b.sql, Offset: -1, Msg: fmt.Sprintf("USING %s: %v", name, err)}
		}
		conds = append(conds, eq)
		// Hide the duplicate from unqualified names and SELECT *.
		hide := r.ID
		if j.Tp == ast.RightJoin {
			hide = l.ID
		}
		for i := range sc.cols {
			if sc.cols[i].col.ID == hide {
				sc.cols[i].qualOnly = true
			}
		}
	}
	if j.On != nil {
		x := &exprBinder{b: b, scope: sc, where: "ON"}
		subs := &subqueries{}
		x.subs = subs
		on, err := x.bind(j.On.Expr)
		if err != nil {
			return nil, nil, err
		}
		if on, err = asCondition(on); err != nil {
			return nil, nil, x.wrap(j.On.Expr, err)
		}
		if len(subs.list) > 0 {
			return nil, nil, &UnsupportedError{What: "a subquery in ON (move it to WHERE)", SQL: b.sql, Offset: offsetOf(j.On.Expr)}
		}
		conds = append(conds, on)
	}
	if len(using) > 0 {
		// SELECT * lists the USING columns first (as PostgreSQL and MySQL do).
		var first, rest []scopeCol
		for _, c := range sc.cols {
			isUsing := false
			for _, u := range using {
				if !c.qualOnly && !c.hidden && strings.EqualFold(c.col.Name, u) {
					isUsing = true
				}
			}
			if isUsing {
				first = append(first, c)
			} else {
				rest = append(rest, c)
			}
		}
		sc.cols = append(first, rest...)
	}
	join := &plan.Join{Kind: kind, Left: left, Right: right, Cond: plan.JoinAnd(conds)}
	if j.Tp == ast.RightJoin {
		// A RIGHT JOIN is a LEFT JOIN the other way round; the scope keeps
		// the written order for SELECT *.
		join.Left, join.Right = right, left
	}
	return join, sc, nil
}

func colRef(c plan.Column) *plan.ColumnRef {
	return &plan.ColumnRef{ID: c.ID, Name: c.Name, T: c.Type}
}

// query binds a SELECT or a set operation; outer is the scope of the
// query around it, for a correlated subquery (nil otherwise).
func (b *binder) query(n ast.Node, outer *scope) (plan.Node, error) {
	switch n := n.(type) {
	case *ast.SelectStmt:
		return b.selectStmt(n, outer)
	case *ast.SetOprStmt:
		return b.setOpr(n, outer)
	case *ast.SubqueryExpr:
		return b.query(n.Query, outer)
	}
	return nil, &UnsupportedError{What: fmt.Sprintf("the query %T", n), SQL: b.sql, Offset: -1}
}
