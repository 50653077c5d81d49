package binder

import (
	"context"
	"math"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

type pgNamesKey struct{}

// WithPostgresNames returns a context under which a select-list item
// without an alias is named as PostgreSQL names it (count, sum, case,
// ?column?) rather than by its text (COUNT(*)), and result columns carry
// the PostgreSQL type ("pg:OID" tag) of what PostgreSQL types differently
// from the engine's own types (SELECT 1 is int4, x::name is name).
func WithPostgresNames(ctx context.Context) context.Context {
	return context.WithValue(ctx, pgNamesKey{}, true)
}

func postgresNames(ctx context.Context) bool {
	v, _ := ctx.Value(pgNamesKey{}).(bool)
	return v
}

// pgTypedFunc is the call the PostgreSQL dialect's rewriter wraps a cast
// in when the engine's CAST does not say the PostgreSQL type:
// pg_typed(CAST(x AS SIGNED), 'int4'). It binds to its first argument; the
// second names and types the result column.
const pgTypedFunc = "pg_typed"

// pgColumnName is PostgreSQL's name for an unaliased select-list item
// (FigureColname): a column's name, a function's or aggregate's name, the
// type of a cast of something nameless, "case", else "?column?".
func pgColumnName(e ast.ExprNode) string {
	if n, _ := pgFigureName(e); n != "" {
		return n
	}
	return "?column?"
}

// pgFigureName is FigureColnameInternal: a name and its strength, 2 for
// a name of the expression itself (a column's, a function's), 1 for a
// fallback (a cast's type, "case"), 0 for none.
func pgFigureName(e ast.ExprNode) (string, int) {
	switch n := e.(type) {
	case *ast.ColumnNameExpr:
		return n.Name.Name.O, 2
	case *ast.ParenthesesExpr:
		return pgFigureName(n.Expr)
	case *ast.FuncCallExpr:
		if name, strength, ok := pgRewrittenName(n); ok {
			return name, strength
		}
		return n.FnName.L, 2
	case *ast.AggregateFuncExpr:
		if strings.EqualFold(n.F, "group_concat") {
			return "string_agg", 2 // the rewriter's spelling of an ordered string_agg
		}
		return strings.ToLower(n.F), 2
	case *ast.WindowFuncExpr:
		return strings.ToLower(n.Name), 2
	case *ast.FuncCastExpr:
		if name, strength := pgFigureName(n.Expr); strength == 2 {
			return name, 2
		}
		if name := pgTypeName(n); name != "" {
			return name, 1
		}
	case *ast.CaseExpr:
		// The ELSE result's name, if it has one of its own.
		if n.ElseClause != nil {
			if name, strength := pgFigureName(n.ElseClause); strength == 2 {
				return name, 2
			}
		}
		return "case", 1
	case *ast.ExistsSubqueryExpr:
		return "exists", 2
	case *ast.SubqueryExpr:
		if sel, ok := n.Query.(*ast.SelectStmt); ok && sel.Fields != nil && len(sel.Fields.Fields) > 0 {
			f := sel.Fields.Fields[0]
			if f.AsName.O != "" {
				return f.AsName.O, 2
			}
			if f.Expr != nil {
				return pgFigureName(f.Expr)
			}
		}
	}
	return "", 0
}

// pgRewrittenName names the calls the PostgreSQL dialect's rewriter
// (sql/pgdialect) spells casts, arrays and operators with as PostgreSQL
// names what they stand for: a cast by its operand's name or else its
// type's, ARRAY[...] "array", x[i] as x, (r).f as f, an operator not at
// all. ok is false for another function.
func pgRewrittenName(n *ast.FuncCallExpr) (name string, strength int, ok bool) {
	fn := n.FnName.L
	castOf := func(typ string) (string, int, bool) {
		if len(n.Args) > 0 {
			inner := n.Args[0]
			if c, ok := inner.(*ast.FuncCastExpr); ok && fn == pgTypedFunc {
				inner = c.Expr
			}
			if name, strength := pgFigureName(inner); strength == 2 {
				return name, 2, true
			}
		}
		return typ, 1, true
	}
	stringArg := func(i int) string {
		if i < len(n.Args) {
			if v, ok := n.Args[i].(*driver.ValueExpr); ok && v.Kind() == driver.KindString {
				return v.GetString()
			}
		}
		return ""
	}
	switch {
	case fn == pgTypedFunc:
		return castOf(stringArg(1))
	case fn == "pg_array_cast":
		return castOf(strings.TrimSuffix(stringArg(1), "[]"))
	case fn == "pg_to_bool":
		return castOf("bool")
	case strings.HasPrefix(fn, "pg_to_reg"):
		return castOf(strings.TrimPrefix(fn, "pg_to_"))
	case strings.HasPrefix(fn, "pg_reg") && strings.HasSuffix(fn, "_name"):
		return castOf("text")
	case fn == "pg_array" || fn == "pg_array_subquery":
		return "array", 2, true
	case fn == "pg_array_agg":
		return "array_agg", 2, true
	case fn == "pg_array_elem":
		if len(n.Args) > 0 {
			name, strength := pgFigureName(n.Args[0])
			return name, strength, true
		}
	case fn == "pg_record_field":
		if f := stringArg(1); f != "" {
			return f, 2, true
		}
	case fn == "pg_any_eq" || fn == "pg_any" || fn == "pg_all":
		return "", 0, true
	}
	return "", 0, false
}

// pgTypeName is the PostgreSQL name of a cast's target type, which names
// a cast of a literal (SELECT 1::bigint is column int8).
func pgTypeName(n *ast.FuncCastExpr) string {
	switch n.Tp.GetType() {
	case mysql.TypeLonglong:
		return "int8"
	case mysql.TypeDouble:
		return "float8"
	case mysql.TypeNewDecimal:
		return "numeric"
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar:
		return "text"
	case mysql.TypeDatetime:
		return "timestamp"
	case mysql.TypeDate:
		return "date"
	}
	return ""
}

// pgTypeTags are the column tags of the PostgreSQL types pg_typed names
// that the engine holds in a type of its own of another name: the
// integers, float4 and the string types.
var pgTypeTags = map[string]string{
	"int2": "pg:21", "int4": "pg:23", "oid": "pg:26", "xid": "pg:28", "cid": "pg:29",
	"float4": "pg:700", "name": "pg:19", "char": "pg:18", "varchar": "pg:1043", "bpchar": "pg:1042",
	"json": "pg:114",
	// Arrays, which the engine holds as their text.
	"bool[]": "pg:1000", "char[]": "pg:1002", `"char"[]`: "pg:1002", "name[]": "pg:1003", "int2[]": "pg:1005", "int4[]": "pg:1007",
	"text[]": "pg:1009", "varchar[]": "pg:1015", "int8[]": "pg:1016", "float8[]": "pg:1022", "oid[]": "pg:1028",
	"numeric[]": "pg:1231", "regtype[]": "pg:2211",
}

// pgTagTypes are the engine types that hold the values of the tags the
// binder gives: such a tag goes to a column of that type only (the tags of
// tables' columns and functions' results are theirs to get right).
var pgTagTypes = map[string]types.ID{
	"pg:21": types.Bigint, "pg:23": types.Bigint, "pg:26": types.Bigint, "pg:28": types.Bigint, "pg:29": types.Bigint,
	"pg:700": types.Double, "pg:19": types.Varchar, "pg:18": types.Varchar, "pg:1043": types.Varchar,
	"pg:1042": types.Varchar, "pg:114": types.Varchar,
	"pg:1000": types.Varchar, "pg:1002": types.Varchar, "pg:1003": types.Varchar, "pg:1005": types.Varchar,
	"pg:1007": types.Varchar, "pg:1009": types.Varchar, "pg:1015": types.Varchar, "pg:1016": types.Varchar,
	"pg:1022": types.Varchar, "pg:1028": types.Varchar, "pg:1231": types.Varchar, "pg:2211": types.Varchar,
}

// pgIntWidth orders PostgreSQL's integer types (int2 < int4 < int8; the
// engine's untagged BIGINT is int8).
var pgIntWidth = map[string]int{"pg:21": 1, "pg:23": 2, "": 3}

// pgResultTag is the PostgreSQL type, as a tag, of select-list item n
// bound to e, when PostgreSQL types it otherwise than the engine's type
// of e says: a literal integer is int4, a cast is of the type it names,
// COALESCE, NULLIF, CASE, min and max of one type and arithmetic of int2
// and int4 keep it. "" for the engine type's own.
func (x *exprBinder) pgResultTag(n ast.ExprNode, e plan.Expr) string {
	tag := x.pgTag(n)
	if c, ok := e.(*plan.Call); ok && c.User != nil && (c.User.Func.ResultFor != nil || tag == "") {
		tag = c.User.Tag // what the function chose for its arguments; a parenless call's
	}
	if want, ok := pgTagTypes[tag]; ok && want != e.Type().ID {
		return ""
	}
	return tag
}

// pgTag is pgResultTag of an expression not yet checked against its
// engine type.
func (x *exprBinder) pgTag(n ast.ExprNode) string {
	switch n := n.(type) {
	case *ast.ParenthesesExpr:
		return x.pgTag(n.Expr)
	case *ast.ColumnNameExpr:
		return x.columnTag(n)
	case *driver.ValueExpr:
		if l, err := x.literal(n); err == nil && l.Type().ID == types.Bigint {
			if v, ok := l.(*plan.Literal); ok && v.Value != nil {
				if i, ok := v.Value.(int64); ok && i >= math.MinInt32 && i <= math.MaxInt32 {
					return "pg:23"
				}
			}
		}
	case *ast.UnaryOperationExpr:
		switch n.Op {
		case opcode.Minus:
			// PostgreSQL folds the sign into a literal: -2147483648 is int4.
			if v, ok := n.V.(*driver.ValueExpr); ok && (v.Kind() == driver.KindInt64 || v.Kind() == driver.KindUint64) {
				if l, err := x.literal(v); err == nil && l.Type().ID == types.Bigint {
					if lit, ok := l.(*plan.Literal); ok {
						if i, ok := lit.Value.(int64); ok && -i >= math.MinInt32 && -i <= math.MaxInt32 {
							return "pg:23"
						}
					}
				}
				return ""
			}
			fallthrough
		case opcode.Plus:
			if t := x.pgTag(n.V); t == "pg:21" || t == "pg:23" {
				return t
			}
		}
	case *ast.BinaryOperationExpr:
		switch n.Op {
		case opcode.Plus, opcode.Minus, opcode.Mul, opcode.Mod:
			l, r := x.pgTag(n.L), x.pgTag(n.R)
			if (l == "pg:21" || l == "pg:23") && (r == "pg:21" || r == "pg:23") {
				if pgIntWidth[l] >= pgIntWidth[r] {
					return l
				}
				return r
			}
		}
	case *ast.FuncCallExpr:
		switch n.FnName.L {
		case "generate_series":
			// Of int4s an int4 (of int2s too); of anything else the
			// engine's int8.
			if len(n.Args) >= 2 {
				for _, a := range n.Args {
					if t := x.pgTag(a); t != "pg:23" && t != "pg:21" {
						return ""
					}
				}
				return "pg:23"
			}
		case "pg_record_field":
			// (r).n of _pg_expandarray's records is an int4.
			if len(n.Args) == 2 {
				if v, ok := n.Args[1].(*driver.ValueExpr); ok && v.Kind() == driver.KindString && v.GetString() == "n" {
					return "pg:23"
				}
			}
		case pgTypedFunc, "pg_array_cast":
			if len(n.Args) == 2 {
				if v, ok := n.Args[1].(*driver.ValueExpr); ok && v.Kind() == driver.KindString {
					return pgTypeTags[v.GetString()]
				}
			}
		case "pg_array_agg":
			// array_agg(x) (the rewriter's spelling): an array of x's type.
			if len(n.Args) == 1 {
				if agg, ok := n.Args[0].(*ast.AggregateFuncExpr); ok && len(agg.Args) > 0 {
					elem := agg.Args[0]
					if item, ok := elem.(*ast.FuncCallExpr); ok && item.FnName.L == "pg_array_item" && len(item.Args) == 1 {
						elem = item.Args[0]
					}
					tag := x.pgTag(elem)
					if tag == "" {
						// Untagged: the PostgreSQL type of the engine's.
						inner := &exprBinder{b: x.b, scope: x.scope, where: "array_agg"}
						if e, err := inner.bind(elem); err == nil {
							tag = pgTypeOf[e.Type().ID]
						}
					}
					return pgArrayTags[tag]
				}
			}
		case "coalesce", "nullif", "greatest", "least", "ifnull":
			args := n.Args
			if n.FnName.L == "nullif" && len(args) > 1 {
				args = args[:1] // NULLIF is of its first argument's type
			}
			return x.pgCommonTag(args)
		}
		if !IsBuiltin(n.FnName.L) && x.b.cat != nil {
			// A user-defined function's result tag, when its overloads agree.
			fs := x.b.cat.Functions(n.FnName.L)
			if len(fs) > 0 {
				tag := fs[0].ResultTag
				for _, f := range fs[1:] {
					if f.ResultTag != tag {
						return ""
					}
				}
				return tag
			}
		}
	case *ast.AggregateFuncExpr:
		if f := strings.ToLower(n.F); (f == "min" || f == "max") && len(n.Args) == 1 {
			return x.pgTag(n.Args[0])
		}
	case *ast.CaseExpr:
		var results []ast.ExprNode
		for _, w := range n.WhenClauses {
			results = append(results, w.Result)
		}
		if n.ElseClause != nil {
			results = append(results, n.ElseClause)
		}
		return x.pgCommonTag(results)
	}
	return ""
}

// pgCommonTag is the tag of the PostgreSQL type that
// select_common_type chooses for exprs: NULLs and string literals
// (unknown) take any type; the same type stays; of integers, the widest;
// of strings, the first.
func (x *exprBinder) pgCommonTag(exprs []ast.ExprNode) string {
	var tags []string
	for _, e := range exprs {
		if v, ok := unparen(e).(*driver.ValueExpr); ok && (v.Kind() == driver.KindNull || v.Kind() == driver.KindString) {
			continue
		}
		tags = append(tags, x.pgTag(e))
	}
	return pgCommonTag(tags)
}

// pgCommonTag resolves the tags of a UNION's branches, or of COALESCE's
// arguments, as PostgreSQL resolves their types.
func pgCommonTag(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	first, widest := tags[0], tags[0]
	ints := true
	for _, t := range tags {
		w, isInt := pgIntWidth[t]
		if !isInt {
			ints = false
		} else if w > pgIntWidth[widest] {
			widest = t
		}
	}
	if ints {
		return widest
	}
	for _, t := range tags[1:] {
		if t != first && !(pgStringTags[t] && pgStringTags[first]) {
			return ""
		}
	}
	return first
}

// pgStringTags are PostgreSQL's string types, which PostgreSQL's UNION
// resolves to the first branch's: text (the engine's untagged VARCHAR),
// name, varchar, bpchar.
var pgStringTags = map[string]bool{"": true, "pg:25": true, "pg:19": true, "pg:1043": true, "pg:1042": true}

func unparen(e ast.ExprNode) ast.ExprNode {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// columnTag is the tag of the column a name refers to, in the scope or
// an outer one ("" if none, or the name is ambiguous).
func (x *exprBinder) columnTag(n *ast.ColumnNameExpr) string {
	for s := x.scope; s != nil; s = s.outer {
		hits, _ := s.resolve(n.Name.Table.L, n.Name.Name.O)
		if len(hits) == 1 {
			return hits[0].col.Tag
		}
		if len(hits) > 1 {
			return ""
		}
	}
	return ""
}

// pgArrayTags are the tags of the array types of element types.
var pgArrayTags = map[string]string{"pg:16": "pg:1000", "pg:18": "pg:1002", "pg:19": "pg:1003", "pg:20": "pg:1016",
	"pg:21": "pg:1005", "pg:23": "pg:1007", "pg:25": "pg:1009", "pg:26": "pg:1028", "pg:701": "pg:1022",
	"pg:1043": "pg:1015", "pg:1700": "pg:1231", "pg:1082": "pg:1182", "pg:1114": "pg:1115"}

// pgTypeOf are the PostgreSQL types of the engine's (as the server
// describes untagged columns).
var pgTypeOf = map[types.ID]string{types.Boolean: "pg:16", types.Bigint: "pg:20", types.Double: "pg:701",
	types.Varchar: "pg:25", types.Date: "pg:1082", types.Timestamp: "pg:1114", types.Decimal: "pg:1700"}
