package optimizer

import (
	"context"
	"fmt"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// layout maps the columns of an operator's input to their positions.
type layout map[plan.ColumnID]int

func layoutOf(cols []plan.Column) layout {
	l := layout{}
	for i, c := range cols {
		l[c.ID] = i
	}
	return l
}

var arithOps = map[string]vector.ArithOp{"+": vector.OpAdd, "-": vector.OpSub, "*": vector.OpMul, "/": vector.OpDiv, "div": vector.OpIntDiv, "%": vector.OpMod}
var cmpOps = map[string]vector.CmpOp{"=": vector.CmpEq, "<>": vector.CmpNe, "<": vector.CmpLt, "<=": vector.CmpLe, ">": vector.CmpGt, ">=": vector.CmpGe}

// compile turns a bound expression into a vector kernel over a batch laid
// out as l.
func compile(e plan.Expr, l layout) (vector.Expr, error) {
	switch e := e.(type) {
	case *plan.ColumnRef:
		i, ok := l[e.ID]
		if !ok {
			return nil, fmt.Errorf("internal error: column %s (#%d) is not in the input", e.Name, e.ID)
		}
		return &vector.ColumnRef{Index: i, Name: e.Name, T: e.T}, nil
	case *plan.Literal:
		return &vector.Const{Value: e.Value, T: e.T}, nil
	case *plan.Call:
		return compileCall(e, l)
	}
	return nil, fmt.Errorf("internal error: cannot compile %T", e)
}

func compileAll(es []plan.Expr, l layout) ([]vector.Expr, error) {
	out := make([]vector.Expr, len(es))
	for i, e := range es {
		c, err := compile(e, l)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func compileCall(e *plan.Call, l layout) (vector.Expr, error) {
	if e.User != nil {
		return compileUserCall(e, l)
	}
	if e.Fn == "in" || e.Fn == "not_in" {
		return compileIn(e, l)
	}
	args, err := compileAll(e.Args, l)
	if err != nil {
		return nil, err
	}
	if op, ok := arithOps[e.Fn]; ok {
		return &vector.Arith{Op: op, L: args[0], R: args[1], T: e.T}, nil
	}
	if op, ok := cmpOps[e.Fn]; ok {
		return &vector.Compare{Op: op, L: args[0], R: args[1]}, nil
	}
	switch e.Fn {
	case "neg":
		return &vector.Negate{X: args[0]}, nil
	case "and", "or":
		var flat []vector.Expr
		for _, a := range args {
			if lg, ok := a.(*vector.Logic); ok && lg.And == (e.Fn == "and") {
				flat = append(flat, lg.Args...)
			} else {
				flat = append(flat, a)
			}
		}
		return &vector.Logic{And: e.Fn == "and", Args: flat}, nil
	case "not":
		return &vector.Not{X: args[0]}, nil
	case "is_null", "is_not_null":
		return &vector.IsNull{X: args[0], Not: e.Fn == "is_not_null"}, nil
	case "is_true", "is_not_true", "is_false", "is_not_false":
		return &vector.IsTruth{X: args[0], Truth: e.Fn == "is_true" || e.Fn == "is_not_true",
			Not: e.Fn == "is_not_true" || e.Fn == "is_not_false"}, nil
	case "like", "not_like", "ilike", "not_ilike":
		esc := byte('\\')
		if c, ok := args[2].(*vector.Const); ok {
			if s, ok := c.Value.(string); ok && len(s) == 1 {
				esc = s[0]
			}
		}
		return vector.NewLike(args[0], args[1], esc, e.Fn == "not_like" || e.Fn == "not_ilike",
			e.Fn == "ilike" || e.Fn == "not_ilike"), nil
	case "case":
		c := &vector.Case{T: e.T}
		i := 0
		for ; i+1 < len(args); i += 2 {
			c.Whens = append(c.Whens, args[i])
			c.Thens = append(c.Thens, args[i+1])
		}
		if i < len(args) {
			c.Else = args[i]
		}
		return c, nil
	case "cast":
		return &vector.Cast{X: args[0], To: e.T}, nil
	case "coalesce":
		return &vector.Coalesce{Args: args, T: e.T}, nil
	}
	return vector.NewFunc(e.Fn, args, e.T)
}

// compileIn builds IN over constants as a set lookup, and IN with other
// items as a chain of equalities.
func compileIn(e *plan.Call, l layout) (vector.Expr, error) {
	x, err := compile(e.Args[0], l)
	if err != nil {
		return nil, err
	}
	not := e.Fn == "not_in"
	var values []any
	allConst := true
	for _, a := range e.Args[1:] {
		lit, ok := a.(*plan.Literal)
		if !ok {
			allConst = false
			break
		}
		values = append(values, lit.Value)
	}
	if allConst {
		return vector.NewInList(x, values, not), nil
	}
	var eqs []plan.Expr
	for _, a := range e.Args[1:] {
		eqs = append(eqs, &plan.Call{Fn: "=", Args: []plan.Expr{e.Args[0], a}, T: types.BooleanType})
	}
	var or plan.Expr = &plan.Call{Fn: "or", Args: eqs, T: types.BooleanType}
	if len(eqs) == 1 {
		or = eqs[0]
	}
	if not {
		or = &plan.Call{Fn: "not", Args: []plan.Expr{or}, T: types.BooleanType}
	}
	return compile(or, l)
}

// compileUserCall builds a call of a user-defined function, which receives
// the statement's context.
func compileUserCall(e *plan.Call, l layout) (vector.Expr, error) {
	args, err := compileAll(e.Args, l)
	if err != nil {
		return nil, err
	}
	f, ctx := e.User.Func, e.User.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	call := func(args []any) (any, error) { return f.Eval(ctx, args) }
	return &vector.UserFunc{Name: e.Fn, Args: args, T: e.T, Call: call}, nil
}

// compileSetCall builds a call of a set-returning function: a built-in
// one of package vector, or a user-defined one, which receives the
// statement's context.
func compileSetCall(e *plan.Call, l layout) (vector.SetFunc, error) {
	args, err := compileAll(e.Args, l)
	if err != nil {
		return vector.SetFunc{}, err
	}
	f := vector.SetFunc{Name: e.Fn, Args: args, T: e.T}
	if e.User != nil {
		uf, ctx := e.User.Func, e.User.Ctx
		if ctx == nil {
			ctx = context.Background()
		}
		f.Open = func(_ context.Context, args []any) (vector.SetIter, error) {
			vs, err := uf.Rows(ctx, args)
			if err != nil {
				return nil, err
			}
			i := 0
			return vector.SetIterFunc(func() (any, bool, error) {
				if i >= len(vs) {
					return nil, false, nil
				}
				i++
				return vs[i-1], true, nil
			}), nil
		}
		return f, nil
	}
	open, ok := vector.SetFuncOpen(e.Fn)
	if !ok {
		return vector.SetFunc{}, fmt.Errorf("internal error: no set function %s", e.Fn)
	}
	f.Open = open
	return f, nil
}
