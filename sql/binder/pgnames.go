package binder

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
)

type pgNamesKey struct{}

// WithPostgresNames returns a context under which a select-list item
// without an alias is named as PostgreSQL names it (count, sum, case,
// ?column?) rather than by its text (COUNT(*)).
func WithPostgresNames(ctx context.Context) context.Context {
	return context.WithValue(ctx, pgNamesKey{}, true)
}

func postgresNames(ctx context.Context) bool {
	v, _ := ctx.Value(pgNamesKey{}).(bool)
	return v
}

// pgColumnName is PostgreSQL's name for an unaliased select-list item
// (FigureColname): a column's name, a function's or aggregate's name, the
// type of a cast of something nameless, "case", else "?column?".
func pgColumnName(e ast.ExprNode) string {
	if n := pgFigureName(e); n != "" {
		return n
	}
	return "?column?"
}

func pgFigureName(e ast.ExprNode) string {
	switch n := e.(type) {
	case *ast.ColumnNameExpr:
		return n.Name.Name.O
	case *ast.ParenthesesExpr:
		return pgFigureName(n.Expr)
	case *ast.FuncCallExpr:
		return n.FnName.L
	case *ast.AggregateFuncExpr:
		return strings.ToLower(n.F)
	case *ast.WindowFuncExpr:
		return strings.ToLower(n.Name)
	case *ast.FuncCastExpr:
		if name := pgFigureName(n.Expr); name != "" {
			return name
		}
		return pgTypeName(n)
	case *ast.CaseExpr:
		return "case"
	case *ast.ExistsSubqueryExpr:
		return "exists"
	case *ast.SubqueryExpr:
		if sel, ok := n.Query.(*ast.SelectStmt); ok && sel.Fields != nil && len(sel.Fields.Fields) > 0 {
			f := sel.Fields.Fields[0]
			if f.AsName.O != "" {
				return f.AsName.O
			}
			if f.Expr != nil {
				return pgFigureName(f.Expr)
			}
		}
	case *driver.ValueExpr:
		return ""
	}
	return ""
}

// pgTypeName is the PostgreSQL name of a cast's target type, which names
// a cast of a literal (SELECT 1::bigint is column int8).
func pgTypeName(n *ast.FuncCastExpr) string {
	switch s := strings.ToLower(n.Tp.String()); {
	case strings.HasPrefix(s, "bigint"):
		return "int8"
	case strings.HasPrefix(s, "double"):
		return "float8"
	case strings.HasPrefix(s, "decimal"):
		return "numeric"
	case strings.HasPrefix(s, "varchar"), strings.HasPrefix(s, "char"):
		return "text"
	case strings.HasPrefix(s, "datetime"):
		return "timestamp"
	case strings.HasPrefix(s, "date"):
		return "date"
	}
	return ""
}
