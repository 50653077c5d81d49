package vector

import (
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// ArithOp is an arithmetic operator.
type ArithOp uint8

// The arithmetic operators.
const (
	OpAdd ArithOp = iota
	OpSub
	OpMul
	OpDiv    // / : exact quotient (DOUBLE)
	OpIntDiv // DIV: integer quotient, truncated
	OpMod    // % or MOD
)

var arithNames = [...]string{"+", "-", "*", "/", "DIV", "%"}

// ErrDivisionByZero is returned when a divisor is zero.
var ErrDivisionByZero = errors.New("division by zero")

// ErrOutOfRange is returned when an integer result does not fit BIGINT.
var ErrOutOfRange = errors.New("BIGINT value out of range")

// ErrDoubleOutOfRange is returned when a DOUBLE result overflows to an
// infinity (as in PostgreSQL and MySQL; no operation makes one from finite
// operands silently, so no infinity or NaN ever reaches a result).
var ErrDoubleOutOfRange = errors.New("DOUBLE value out of range")

// Arith applies an arithmetic operator to two numbers of the same type
// (BIGINT or DOUBLE), which is also the result's type, or to two DECIMALs,
// whose result type T the binder derived.
type Arith struct {
	Op   ArithOp
	L, R Expr
	T    types.Type // the result type; zero means L's type
}

// Type implements Expr.
func (e *Arith) Type() types.Type {
	if e.T.ID != types.Unknown {
		return e.T
	}
	return e.L.Type()
}

func (e *Arith) String() string {
	return "(" + e.L.String() + " " + arithNames[e.Op] + " " + e.R.String() + ")"
}

// Eval implements Expr.
func (e *Arith) Eval(b arrow.Record) (arrow.Array, error) {
	la, err := e.L.Eval(b)
	if err != nil {
		return nil, err
	}
	defer la.Release()
	ra, err := e.R.Eval(b)
	if err != nil {
		return nil, err
	}
	defer ra.Release()
	n := la.Len()
	valid, nulls := validity(n, la, ra)
	switch e.Type().ID {
	case types.Double:
		out := make([]float64, n)
		if err := arithFloat(e.Op, out, float64s(la), float64s(ra), bufBytes(valid)); err != nil {
			return nil, fmt.Errorf("%w in %s", err, e)
		}
		return NewFloat64Array(out, valid, nulls), nil
	case types.Bigint:
		out := make([]int64, n)
		if err := arithInt(e.Op, out, int64s(la), int64s(ra), bufBytes(valid)); err != nil {
			return nil, fmt.Errorf("%w in %s", err, e)
		}
		return NewInt64Array(out, valid, nulls), nil
	case types.Decimal:
		out, err := arithDecimal(e.Op, la, ra, e.L.Type(), e.R.Type(), e.Type())
		if err != nil {
			return nil, fmt.Errorf("%w in %s", err, e)
		}
		return out, nil
	}
	return nil, fmt.Errorf("arithmetic on %s is not supported", e.Type())
}

func isValid(valid []byte, i int) bool { return valid == nil || bitutil.BitIsSet(valid, i) }

func arithFloat(op ArithOp, out, a, b []float64, valid []byte) error {
	if err := arithFloatValues(op, out, a, b, valid); err != nil {
		return err
	}
	for i, v := range out {
		if math.IsInf(v, 0) && isValid(valid, i) {
			return fmt.Errorf("%w: %s %s %s", ErrDoubleOutOfRange, AppendFloat(nil, a[i]), arithNames[op], AppendFloat(nil, b[i]))
		}
	}
	return nil
}

func arithFloatValues(op ArithOp, out, a, b []float64, valid []byte) error {
	switch op {
	case OpAdd:
		for i := range out {
			out[i] = a[i] + b[i]
		}
	case OpSub:
		for i := range out {
			out[i] = a[i] - b[i]
		}
	case OpMul:
		for i := range out {
			out[i] = a[i] * b[i]
		}
	case OpDiv, OpIntDiv, OpMod:
		for i := range out {
			if b[i] == 0 {
				if isValid(valid, i) {
					return ErrDivisionByZero
				}
				continue
			}
			switch op {
			case OpDiv:
				out[i] = a[i] / b[i]
			case OpIntDiv:
				out[i] = math.Trunc(a[i] / b[i])
			default:
				out[i] = math.Mod(a[i], b[i])
			}
		}
	}
	return nil
}

func arithInt(op ArithOp, out, a, b []int64, valid []byte) error {
	switch op {
	case OpAdd:
		var ovf int64
		for i := range out {
			s := a[i] + b[i]
			out[i] = s
			ovf |= (s ^ a[i]) & (s ^ b[i])
		}
		if ovf < 0 {
			for i := range out {
				if s := out[i]; (s^a[i])&(s^b[i]) < 0 && isValid(valid, i) {
					return fmt.Errorf("%w: %d + %d", ErrOutOfRange, a[i], b[i])
				}
			}
		}
	case OpSub:
		var ovf int64
		for i := range out {
			s := a[i] - b[i]
			out[i] = s
			ovf |= (a[i] ^ b[i]) & (s ^ a[i])
		}
		if ovf < 0 {
			for i := range out {
				if s := out[i]; (a[i]^b[i])&(s^a[i]) < 0 && isValid(valid, i) {
					return fmt.Errorf("%w: %d - %d", ErrOutOfRange, a[i], b[i])
				}
			}
		}
	case OpMul:
		for i := range out {
			x, y := a[i], b[i]
			p := x * y
			if x != 0 && (p/x != y || (x == -1 && y == math.MinInt64)) && isValid(valid, i) {
				return fmt.Errorf("%w: %d * %d", ErrOutOfRange, x, y)
			}
			out[i] = p
		}
	case OpDiv, OpIntDiv, OpMod:
		for i := range out {
			x, y := a[i], b[i]
			if y == 0 {
				if isValid(valid, i) {
					return ErrDivisionByZero
				}
				continue
			}
			if y == -1 {
				if op == OpMod {
					out[i] = 0
					continue
				}
				if x == math.MinInt64 && isValid(valid, i) {
					return fmt.Errorf("%w: %d DIV -1", ErrOutOfRange, x)
				}
				out[i] = -x
				continue
			}
			if op == OpMod {
				out[i] = x % y
			} else {
				out[i] = x / y
			}
		}
	}
	return nil
}

// Negate is unary minus on a number.
type Negate struct{ X Expr }

// Type implements Expr.
func (e *Negate) Type() types.Type { return e.X.Type() }

func (e *Negate) String() string { return "(-" + e.X.String() + ")" }

// Eval implements Expr.
func (e *Negate) Eval(b arrow.Record) (arrow.Array, error) {
	x, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer x.Release()
	n := x.Len()
	valid, nulls := validity(n, x)
	switch e.Type().ID {
	case types.Double:
		in := float64s(x)
		out := make([]float64, n)
		for i := range out {
			out[i] = -in[i]
		}
		return NewFloat64Array(out, valid, nulls), nil
	case types.Bigint:
		in := int64s(x)
		out := make([]int64, n)
		for i := range out {
			if in[i] == math.MinInt64 && x.IsValid(i) {
				return nil, fmt.Errorf("%w: -(%d)", ErrOutOfRange, in[i])
			}
			out[i] = -in[i]
		}
		return NewInt64Array(out, valid, nulls), nil
	case types.Decimal:
		return negateDecimal(x, e.Type()), nil
	}
	return nil, fmt.Errorf("negation of %s is not supported", e.Type())
}
