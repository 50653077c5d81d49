package binder

import (
	"strings"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The statistical aggregates. TiDB's parser reads STDDEV, STDDEV_SAMP,
// STDDEV_POP, STD, VARIANCE, VAR_SAMP, VAR_POP and APPROX_COUNT_DISTINCT
// as aggregate calls, and MEDIAN, QUANTILE_CONT, CORR, COVAR_SAMP and
// COVAR_POP as plain function calls, which these names pick out.
//
// STDDEV, STD and VARIANCE are the sample statistics, as in PostgreSQL and
// DuckDB, not the population ones as in MySQL (whose parser TiDB's follows:
// it names them stddev_pop and var_pop, so the binder reads the name the
// query wrote).
var statsFuncCalls = map[string]bool{"median": true, "quantile_cont": true, "corr": true,
	"covar_samp": true, "covar_pop": true, "string_agg": true}

// statsAggregates are the statistical aggregates among the names of
// ast.AggregateFuncExpr, mapped to the aggregates of the plan; stddev, std
// and variance are the names as written.
var statsAggregates = map[string]string{"stddev_samp": "stddev_samp", "stddev_pop": "stddev_pop",
	"var_samp": "var_samp", "var_pop": "var_pop", "stddev": "stddev_samp", "std": "stddev_samp",
	"variance": "var_samp", "approx_count_distinct": "approx_count_distinct"}

// isStatsCall reports whether n calls a statistical aggregate that the
// parser reads as a plain function call.
func isStatsCall(n ast.Node) bool {
	f, ok := n.(*ast.FuncCallExpr)
	return ok && statsFuncCalls[f.FnName.L]
}

// statsAggregateName returns the plan's name for an aggregate call that
// the parser names f, if it is a statistical one, reading the name as the
// query wrote it.
func (x *exprBinder) statsAggregateName(n *ast.AggregateFuncExpr, f string) (string, bool) {
	if _, ok := statsAggregates[f]; !ok {
		return "", false
	}
	if p := n.OriginTextPosition(); p >= 0 && p < len(x.b.sql) {
		end := p
		for end < len(x.b.sql) && isIdentByte(x.b.sql[end]) {
			end++
		}
		if name, ok := statsAggregates[strings.ToLower(x.b.sql[p:end])]; ok {
			return name, true
		}
	}
	return statsAggregates[f], true
}

func isIdentByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// statsAggregate binds a call of a statistical aggregate named name (as
// the plan names it) with the given arguments. Their arguments become
// DOUBLE, except MEDIAN's and QUANTILE_CONT's, which keep BIGINT and
// DECIMAL (exact as long as the unscaled values are below 2^53), and
// APPROX_COUNT_DISTINCT's, which may be of any type. All return DOUBLE but
// APPROX_COUNT_DISTINCT, which returns BIGINT and is never NULL.
func (x *exprBinder) statsAggregate(n ast.ExprNode, name string, args []ast.ExprNode, distinct bool) (plan.Expr, error) {
	if x.aggs == nil {
		return nil, x.errAt(n, "aggregate functions are not allowed in %s", x.where)
	}
	upper := strings.ToUpper(name)
	switch name {
	case "corr", "covar_samp", "covar_pop":
		if len(args) != 2 {
			return nil, x.errAt(n, "%s takes two arguments (y, x)", upper)
		}
	case "quantile_cont":
		if len(args) != 2 {
			return nil, x.errAt(n, "QUANTILE_CONT takes two arguments: the values and a fraction between 0 and 1")
		}
	case "string_agg":
		if len(args) != 2 {
			return nil, x.errAt(n, "STRING_AGG takes two arguments: the values and a separator")
		}
	default:
		if len(args) != 1 {
			return nil, x.errAt(n, "%s takes one argument", upper)
		}
	}
	inner := &exprBinder{b: x.b, scope: x.scope, where: "the argument of an aggregate function"}
	arg, err := inner.bind(args[0])
	if err != nil {
		return nil, err
	}
	call := plan.AggCall{Func: name, Distinct: distinct, Arg: arg}
	call.Out.Type, call.Out.Nullable = types.DoubleType, true
	switch name {
	case "approx_count_distinct":
		call.Out.Type, call.Out.Nullable = types.BigintType, false
	case "string_agg":
		call.Out.Type = types.VarcharType
		call.Arg = castTo(arg, types.VarcharType)
		sep, err := inner.bind(args[1])
		if err != nil {
			return nil, err
		}
		l, ok := sep.(*plan.Literal)
		if ok {
			call.Sep, ok = l.Value.(string)
		}
		if !ok {
			return nil, x.errAt(args[1], "the separator of STRING_AGG must be a string constant")
		}
	case "median", "quantile_cont":
		if call.Arg, err = wantNumber(name, 0, arg); err != nil {
			return nil, x.wrap(n, err)
		}
		if name == "quantile_cont" {
			f, ok := fraction(args[1], inner)
			if !ok {
				return nil, x.errAt(args[1], "the fraction of QUANTILE_CONT must be a number between 0 and 1")
			}
			call.Fraction = f
		}
	default:
		asDouble := func(i int, e plan.Expr) (plan.Expr, error) {
			e, err := wantNumber(name, i, e)
			if err != nil {
				return nil, x.wrap(n, err)
			}
			return castTo(e, types.DoubleType), nil
		}
		if call.Arg, err = asDouble(0, arg); err != nil {
			return nil, err
		}
		if len(args) == 2 {
			arg2, err := inner.bind(args[1])
			if err != nil {
				return nil, err
			}
			if call.Arg2, err = asDouble(1, arg2); err != nil {
				return nil, err
			}
		}
	}
	return x.aggs.add(call, offsetOf(n)), nil
}

// fraction reads QUANTILE_CONT's fraction: a number between 0 and 1,
// written as a constant.
func fraction(n ast.ExprNode, x *exprBinder) (float64, bool) {
	e, err := x.bind(n)
	if err != nil {
		return 0, false
	}
	l, ok := e.(*plan.Literal)
	if !ok || l.Value == nil {
		return 0, false
	}
	var f float64
	switch v := l.Value.(type) {
	case int64:
		f = float64(v)
	case float64:
		f = v
	case decimal128.Num:
		f = types.DecimalToFloat(v, int(l.T.Scale))
	default:
		return 0, false
	}
	return f, f >= 0 && f <= 1
}

// sameArg reports whether two arguments of aggregate calls, either nil,
// are the same.
func sameArg(a, b plan.Expr) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && plan.Equal(a, b))
}
