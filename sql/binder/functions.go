package binder

import (
	"fmt"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// This file types the calls of operators, and holds the helpers the
// scalar functions' binding hooks (registry.go, func_*.go) share: they
// check the argument types, insert the implicit conversions, and derive the
// result type. The kernels that compute them live in package vector under
// the same names.

// isStringLiteral reports whether e is a VARCHAR constant, which converts
// implicitly to whatever type its context wants (as an untyped literal does
// in PostgreSQL, and as MySQL compares dates with date strings).
func isStringLiteral(e plan.Expr) bool {
	l, ok := e.(*plan.Literal)
	return ok && l.T.ID == types.Varchar
}

func isNullLiteral(e plan.Expr) bool {
	l, ok := e.(*plan.Literal)
	return ok && l.Value == nil
}

// castTo converts e to type t: a no-op when it has that type, a typed NULL
// for a NULL literal, otherwise a cast. It does not check that the cast is
// allowed; callers decide that.
func castTo(e plan.Expr, t types.Type) plan.Expr {
	if e.Type() == t {
		return e
	}
	if isNullLiteral(e) {
		param := 0
		if l, ok := e.(*plan.Literal); ok {
			param = l.Param
		}
		return &plan.Literal{Value: nil, T: t, Param: param}
	}
	return &plan.Call{Fn: "cast", Args: []plan.Expr{e}, T: t}
}

// implicit reports whether a value of type from converts to type to
// without the user asking: widening numbers, DATE to TIMESTAMP, BOOLEAN to
// BIGINT, and a NULL to anything.
func implicit(from, to types.Type) bool {
	if from == to || from.ID == types.Unknown {
		return true
	}
	switch {
	case from.ID == types.Bigint && to.ID == types.Double:
		return true
	case from.IsNumeric() && to.IsNumeric() && numericCommon(from, to) == to:
		return true
	case from.ID == types.Date && to.ID == types.Timestamp:
		return true
	case from.ID == types.Boolean && to.IsNumeric():
		return true
	}
	return false
}

// asDecimal is the DECIMAL that holds every value of a BIGINT or BOOLEAN
// (DECIMAL(19,0), DECIMAL(1,0)); other types are returned as they are.
func asDecimal(t types.Type) types.Type {
	switch t.ID {
	case types.Bigint:
		return types.DecimalType(19, 0)
	case types.Boolean:
		return types.DecimalType(1, 0)
	}
	return t
}

// numericCommon is the type two numbers meet in: DOUBLE if either is one,
// else a DECIMAL with the larger scale and room for the larger integer
// part (at most 38 digits) if either is one, else BIGINT.
func numericCommon(a, b types.Type) types.Type {
	switch {
	case a.ID == types.Double || b.ID == types.Double:
		return types.DoubleType
	case a.ID == types.Decimal || b.ID == types.Decimal:
		a, b = asDecimal(a), asDecimal(b)
		s := max(a.Scale, b.Scale)
		ip := max(a.Precision-a.Scale, b.Precision-b.Scale)
		if int(ip)+int(s) > types.MaxDecimalPrecision {
			// No DECIMAL holds both: converting one side could fail.
			return types.DoubleType
		}
		return types.DecimalType(int(ip)+int(s), int(s))
	}
	return types.BigintType
}

// decimalStrings replaces the string literals among es that spell numbers
// with DECIMAL literals of their own digits, when another of es is a
// DECIMAL: '12.505' compared with a DECIMAL(4,2) is 12.505, not 12.51.
func decimalStrings(es []plan.Expr) []plan.Expr {
	has := false
	for _, e := range es {
		has = has || e.Type().ID == types.Decimal
	}
	if !has {
		return es
	}
	out := append([]plan.Expr(nil), es...)
	for i, e := range out {
		if isStringLiteral(e) && e.(*plan.Literal).Value != nil {
			if l, ok := decimalLiteral(strings.TrimSpace(e.(*plan.Literal).Value.(string))); ok {
				out[i] = l
			}
		}
	}
	return out
}

// commonType returns the type that values of all of es convert to
// implicitly; string literals adapt to the others.
func commonType(es []plan.Expr) (types.Type, bool) {
	t := types.UnknownType
	for _, e := range es {
		if isStringLiteral(e) || e.Type().ID == types.Unknown {
			continue
		}
		switch {
		case t.ID == types.Unknown:
			t = e.Type()
		case t.IsNumeric() && e.Type().IsNumeric():
			t = numericCommon(t, e.Type())
		case implicit(e.Type(), t):
		case implicit(t, e.Type()):
			t = e.Type()
		case t.IsNumeric() && e.Type().IsNumeric():
			t = types.DoubleType
		default:
			return t, false
		}
	}
	if t.ID == types.Unknown {
		for _, e := range es {
			if isStringLiteral(e) {
				return types.VarcharType, true
			}
		}
	}
	return t, true
}

// unify converts all of es to their common type.
func unify(es []plan.Expr) ([]plan.Expr, types.Type, error) {
	es = decimalStrings(es)
	t, ok := commonType(es)
	if !ok {
		names := make([]string, len(es))
		for i, e := range es {
			names[i] = e.Type().String()
		}
		return nil, t, fmt.Errorf("cannot mix values of types %s", strings.Join(names, ", "))
	}
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		out[i] = castTo(e, t)
	}
	return out, t, nil
}

// funcError is an error about a call, which the caller places in the text:
// at the call, or at its argument arg (1-based) when arg > 0.
type funcError struct {
	msg, hint string
	arg       int
	code      string // SQLSTATE, "" for the default of a typing error
}

func (e *funcError) Error() string { return e.msg }

func ferr(hint, format string, args ...any) error {
	return &funcError{msg: fmt.Sprintf(format, args...), hint: hint}
}

// Codes of binder errors (SQLSTATE, as PostgreSQL reports the same error).
const (
	codeUndefinedColumn   = "42703"
	codeUndefinedFunction = "42883"
	codeGrouping          = "42803"
	codeDatatypeMismatch  = "42804"
	codeInvalidText       = "22P02"
	codeOutOfRange        = "22003"
)

// want converts argument e of a function to type t when that is implicit
// (or e is a string literal), else fails naming the function.
func want(fn string, i int, e plan.Expr, t types.Type) (plan.Expr, error) {
	if implicit(e.Type(), t) || isStringLiteral(e) {
		return castTo(e, t), nil
	}
	return nil, ferr(fmt.Sprintf("use CAST(... AS %s)", castName(t)),
		"%s: argument %d has type %s, expected %s", strings.ToUpper(fn), i+1, e.Type(), t)
}

// castName is the spelling of a type in MySQL's CAST.
func castName(t types.Type) string {
	switch t.ID {
	case types.Bigint:
		return "SIGNED"
	case types.Varchar:
		return "CHAR"
	case types.Timestamp:
		return "DATETIME"
	}
	return t.String()
}

// wantTemporal converts argument e to DATE or TIMESTAMP: text is read as a
// date (or timestamp, if timeOfDay).
func wantTemporal(fn string, i int, e plan.Expr, timeOfDay bool) (plan.Expr, error) {
	switch e.Type().ID {
	case types.Date:
		if timeOfDay {
			return castTo(e, types.TimestampType), nil
		}
		return e, nil
	case types.Timestamp:
		return e, nil
	case types.Varchar, types.Unknown:
		if timeOfDay {
			return castTo(e, types.TimestampType), nil
		}
		return castTo(e, types.DateType), nil
	}
	return nil, ferr("", "%s: argument %d has type %s, expected DATE or TIMESTAMP", strings.ToUpper(fn), i+1, e.Type())
}

func wantText(e plan.Expr) plan.Expr {
	if e.Type().ID == types.Varchar {
		return e
	}
	return castTo(e, types.VarcharType)
}

func arity(fn string, args []plan.Expr, lo, hi int) error {
	if len(args) < lo || len(args) > hi {
		n := fmt.Sprint(lo)
		if hi > lo {
			n = fmt.Sprintf("%d to %d", lo, hi)
		}
		if hi > 1000 {
			n = fmt.Sprintf("at least %d", lo)
		}
		noun := "arguments"
		if n == "1" {
			noun = "argument"
		}
		if n == "0" {
			n = "no"
		}
		return ferr("", "%s takes %s %s, not %d", strings.ToUpper(fn), n, noun, len(args))
	}
	return nil
}

func wantNumber(fn string, i int, e plan.Expr) (plan.Expr, error) {
	switch {
	case e.Type().IsNumeric():
		return e, nil
	case e.Type().ID == types.Unknown:
		return castTo(e, types.DoubleType), nil
	case e.Type().ID == types.Boolean:
		return castTo(e, types.BigintType), nil
	case isStringLiteral(e):
		return castTo(e, types.DoubleType), nil
	}
	return nil, ferr("use CAST(... AS DOUBLE) or CAST(... AS SIGNED)", "%s: argument %d has type %s, expected a number", strings.ToUpper(fn), i+1, e.Type())
}

// bindArith types an arithmetic operator.
func bindArith(op string, l, r plan.Expr) (plan.Expr, error) {
	// A NULL operand takes the other's numeric type: NULL + 1.5 is a
	// DECIMAL, as 1.5 + 1.5 is.
	if l.Type().ID == types.Unknown && r.Type().IsNumeric() {
		l = castTo(l, r.Type())
	} else if r.Type().ID == types.Unknown && l.Type().IsNumeric() {
		r = castTo(r, l.Type())
	}
	ln, err := wantNumber(op, 0, l)
	if err != nil {
		return nil, operandError(op, l, r, err)
	}
	rn, err := wantNumber(op, 1, r)
	if err != nil {
		return nil, operandError(op, l, r, err)
	}
	l, r = ln, rn
	if lt, rt := l.Type(), r.Type(); (lt.ID == types.Decimal || rt.ID == types.Decimal) && lt.ID != types.Double && rt.ID != types.Double {
		if e, ok := bindDecimalArith(op, l, r); ok {
			return e, nil
		}
		l, r = castTo(l, types.DoubleType), castTo(r, types.DoubleType)
	}
	t := types.BigintType
	if l.Type().ID == types.Double || r.Type().ID == types.Double || op == "/" {
		t = types.DoubleType
	}
	if op == "div" {
		t = types.BigintType
		if l.Type().ID == types.Double || r.Type().ID == types.Double {
			// DIV of doubles truncates to an integer, as MySQL does.
			l, r = castTo(l, types.DoubleType), castTo(r, types.DoubleType)
			return castTo(&plan.Call{Fn: "div", Args: []plan.Expr{l, r}, T: types.DoubleType}, types.BigintType), nil
		}
	}
	return &plan.Call{Fn: op, Args: []plan.Expr{castTo(l, t), castTo(r, t)}, T: t}, nil
}

// bindDecimalArith types arithmetic on DECIMALs (and BIGINTs meeting
// them), as MySQL does: + and - have the larger scale and one more
// integer digit, * adds the scales, / has DecimalAvgScale more digits of
// scale than its left side, % and DIV work at the common scale. ok is false
// when the result would need a scale over 38 digits; the caller computes
// in DOUBLE then.
func bindDecimalArith(op string, l, r plan.Expr) (plan.Expr, bool) {
	lt, rt := asDecimal(l.Type()), asDecimal(r.Type())
	l, r = castTo(l, lt), castTo(r, rt)
	lp, ls, rp, rs := int(lt.Precision), int(lt.Scale), int(rt.Precision), int(rt.Scale)
	const maxP = types.MaxDecimalPrecision
	call := func(t types.Type, args ...plan.Expr) plan.Expr { return &plan.Call{Fn: op, Args: args, T: t} }
	switch op {
	case "+", "-", "%", "div":
		c := numericCommon(lt, rt)
		if c.ID != types.Decimal {
			return nil, false
		}
		l, r = castTo(l, c), castTo(r, c)
		switch op {
		case "+", "-":
			return call(types.DecimalType(min(int(c.Precision)+1, maxP), int(c.Scale)), l, r), true
		case "%":
			return call(c, l, r), true
		}
		q := call(types.DecimalType(int(c.Precision), 0), l, r)
		return castTo(q, types.BigintType), true
	case "*":
		if ls+rs > maxP {
			return nil, false
		}
		return call(types.DecimalType(min(lp+rp, maxP), ls+rs), l, r), true
	case "/":
		s := ls + types.DecimalAvgScale
		if s > maxP || s-ls+rs > maxP {
			// The dividend would be scaled by more than 10^38.
			return nil, false
		}
		return call(types.DecimalType(min(max(lp-ls+rs+s, 1), maxP), s), l, r), true
	}
	return nil, false
}

func operandError(op string, l, r plan.Expr, err error) error {
	if fe, ok := err.(*funcError); ok {
		hint := fe.hint
		if (op == "+" || op == "-") && (l.Type().IsTemporal() || r.Type().IsTemporal()) {
			hint = "add time as d + INTERVAL n DAY (or MONTH, HOUR, ...); DATEDIFF(a, b) is the days from b to a"
		}
		return ferr(hint, "operator %s cannot be applied to %s and %s", strings.ToUpper(op), typeOf(l), typeOf(r))
	}
	return err
}

func typeOf(e plan.Expr) string {
	if e == nil {
		return "?"
	}
	return e.Type().String()
}

// bindCompare types a comparison.
func bindCompare(op string, l, r plan.Expr) (plan.Expr, error) {
	if ds := decimalStrings([]plan.Expr{l, r}); ds[0] != l || ds[1] != r {
		l, r = ds[0], ds[1]
	}
	if args, ok := decimalOperands(l, r); ok {
		return &plan.Call{Fn: op, Args: args, T: types.BooleanType}, nil
	}
	args, t, err := unify([]plan.Expr{l, r})
	if err != nil {
		return nil, ferr("CAST one side to the other's type", "cannot compare %s with %s", l.Type(), r.Type())
	}
	_ = t
	return &plan.Call{Fn: op, Args: args, T: types.BooleanType}, nil
}

// decimalOperands brings two numbers of which one is a DECIMAL (and
// neither a DOUBLE) to one scale for comparing them, changing only the
// side with fewer fraction digits: comparison needs a common scale, not a
// common precision, so a DECIMAL column compared with a constant is not
// converted row by row.
func decimalOperands(l, r plan.Expr) ([]plan.Expr, bool) {
	lt, rt := l.Type(), r.Type()
	num := func(t types.Type) bool { return t.ID == types.Decimal || t.ID == types.Bigint }
	if !num(lt) || !num(rt) || (lt.ID != types.Decimal && rt.ID != types.Decimal) {
		return nil, false
	}
	lt, rt = asDecimal(lt), asDecimal(rt)
	s := max(lt.Scale, rt.Scale)
	if int(lt.Precision-lt.Scale+s) > types.MaxDecimalPrecision || int(rt.Precision-rt.Scale+s) > types.MaxDecimalPrecision {
		return nil, false // compared as DOUBLE: no DECIMAL holds both
	}
	to := func(e plan.Expr, t types.Type) plan.Expr {
		return castTo(e, types.DecimalType(min(int(t.Precision-t.Scale+s), types.MaxDecimalPrecision), int(s)))
	}
	return []plan.Expr{to(l, lt), to(r, rt)}, true
}

// asCondition makes a BOOLEAN of e: numbers are true when not zero, as in
// MySQL.
func asCondition(e plan.Expr) (plan.Expr, error) {
	switch e.Type().ID {
	case types.Boolean:
		return e, nil
	case types.Unknown:
		return castTo(e, types.BooleanType), nil
	case types.Bigint, types.Double, types.Decimal:
		return &plan.Call{Fn: "<>", Args: []plan.Expr{e, castTo(&plan.Literal{Value: int64(0), T: types.BigintType}, e.Type())}, T: types.BooleanType}, nil
	}
	return nil, ferr("", "expected a condition (BOOLEAN), got %s", e.Type())
}
