package binder

import (
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Functions the embedder registers (catalog.Function) are looked up in the
// statement's catalog when no built-in function has the name: the
// overload that takes as many arguments as the call has is chosen, its
// arguments converted to the declared types as a built-in function's are
// (want), and the call is a plan.Call with User set, which the optimizer
// compiles to a vector.UserFunc.

// internalCalls are the names of plan.Call operators that are not in the
// registry, and the aggregates: no user-defined function may take them.
var internalCalls = []string{"+", "-", "*", "/", "div", "%", "neg", "=", "<>", "<", "<=", ">", ">=",
	"and", "or", "not", "is_null", "is_not_null", "is_true", "is_not_true", "is_false", "is_not_false",
	"like", "not_like", "ilike", "not_ilike", "in", "not_in", "case", "cast", "coalesce",
	"dateliteral", "timestampliteral", pgTypedFunc, "count", "count_star", "sum", "avg", "min", "max"}

// IsBuiltin reports whether name (any case) is a built-in scalar function,
// an operator's call name or an aggregate: a name a user-defined function
// cannot have.
func IsBuiltin(name string) bool {
	name = strings.ToLower(name)
	if _, ok := registry[name]; ok {
		return true
	}
	if _, ok := statsAggregates[name]; ok || statsFuncCalls[name] {
		return true
	}
	for _, n := range internalCalls {
		if n == name {
			return true
		}
	}
	for _, k := range Kernels() {
		if k == name {
			return true
		}
	}
	return false
}

// parenless are the functions PostgreSQL calls without parentheses, which
// the parser reads as column names (current_user and current_role it
// reads as calls): a name among them that no column has is a call of the
// user-defined function without arguments of that name, if there is one.
var parenless = map[string]bool{"session_user": true, "current_schema": true, "current_catalog": true, "user": true}

// parenlessCall returns the call of a user-defined function that a column
// name stands for, or nil.
func parenlessCall(b *binder, name string) plan.Expr {
	name = strings.ToLower(name)
	if b == nil || b.cat == nil || !parenless[name] {
		return nil
	}
	for _, f := range b.cat.Functions(name) {
		if f.Takes(0) {
			e, err := bindUserCall(b, name, []*catalog.Function{f}, nil)
			if err == nil {
				return e
			}
		}
	}
	return nil
}

// bindUserCall types a call of the user-defined function whose overloads
// are fs.
func bindUserCall(b *binder, name string, fs []*catalog.Function, args []plan.Expr) (plan.Expr, error) {
	var f *catalog.Function
	for _, o := range fs {
		if o.Takes(len(args)) {
			f = o
			break
		}
	}
	if f == nil {
		n := catalog.ArityText(fs)
		noun := "arguments"
		switch n {
		case "0":
			n = "no"
		case "1":
			noun = "argument"
		}
		return nil, ferr("", "%s takes %s %s, not %d", strings.ToUpper(name), n, noun, len(args))
	}
	out := make([]plan.Expr, len(args))
	for i, a := range args {
		if f.AnyArgs {
			if a.Type().ID == types.Unknown {
				a = castTo(a, types.VarcharType)
			}
			out[i] = a
			continue
		}
		e, err := want(name, i, a, f.Args[i])
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return &plan.Call{Fn: f.Name, Args: out, T: f.Result, User: &plan.UserCall{Func: f, Ctx: b.ctx, Tag: f.ResultTag}, Set: f.Rows != nil}, nil
}

// unknownFunction is the error of a call of a function nothing has,
// suggesting a near name among the built-in and registered functions.
func unknownFunction(b *binder, name string) error {
	names := Functions()
	if b != nil && b.cat != nil {
		names = append(names, b.cat.FunctionNames()...)
	}
	msg := "unknown function " + strings.ToUpper(name)
	if s := catalog.Closest(name, names); s != "" {
		msg += " (did you mean " + strings.ToUpper(s) + "?)"
	}
	return &funcError{msg: msg, hint: "the functions of this version are listed in README.md", code: codeUndefinedFunction}
}
