package optimizer

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// FoldConstants evaluates, once at planning time, every call whose
// arguments are all constants, and simplifies AND/OR with a constant side.
//
//	SELECT x * (2 + 3) FROM t WHERE d >= CAST('2011-01-01' AS DATE) AND TRUE
//	=> SELECT x * 5 FROM t WHERE d >= DATE(14975)
//
// A call that fails on its constants (1/0) is left alone: it fails at run
// time only if it is evaluated. A volatile call (a user-defined function
// registered as Volatile) is left alone too; other user-defined functions
// of constants are called here, once, with the statement's context.
func FoldConstants(n plan.Node) (plan.Node, error) {
	return transformUp(n, func(n plan.Node) (plan.Node, error) {
		return mapExprs(n, func(e plan.Expr) (plan.Expr, error) { return plan.Rewrite(e, foldCall), nil })
	})
}

var oneRow = func() arrow.Record {
	s := arrow.NewSchema(nil, nil)
	return vector.NewRecord(s, nil, 1)
}()

func foldCall(e plan.Expr) plan.Expr {
	c, ok := e.(*plan.Call)
	if !ok {
		return e
	}
	if s := simplifyLogic(c); s != nil {
		return s
	}
	if c.Volatile() {
		return e
	}
	for _, a := range c.Args {
		if _, ok := a.(*plan.Literal); !ok {
			return e
		}
	}
	k, err := compile(c, layout{})
	if err != nil {
		return e
	}
	arr, err := k.Eval(oneRow)
	if err != nil {
		return e
	}
	defer arr.Release()
	return &plan.Literal{Value: vector.Scalar(arr, 0), T: c.T}
}

// simplifyLogic drops TRUE from AND and FALSE from OR, and reduces AND with
// FALSE to FALSE and OR with TRUE to TRUE.
func simplifyLogic(c *plan.Call) plan.Expr {
	if c.Fn != "and" && c.Fn != "or" {
		return nil
	}
	and := c.Fn == "and"
	var keep []plan.Expr
	for _, a := range c.Args {
		if l, ok := a.(*plan.Literal); ok && l.Value != nil {
			if b, ok := l.Value.(bool); ok {
				if b == and {
					continue // TRUE in AND, FALSE in OR: no effect
				}
				return &plan.Literal{Value: !and, T: types.BooleanType}
			}
		}
		keep = append(keep, a)
	}
	switch {
	case len(keep) == len(c.Args):
		return nil
	case len(keep) == 0:
		return &plan.Literal{Value: and, T: types.BooleanType}
	case len(keep) == 1:
		return keep[0]
	}
	return &plan.Call{Fn: c.Fn, Args: keep, T: c.T}
}
