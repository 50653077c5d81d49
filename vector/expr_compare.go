package vector

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// CmpOp is a comparison operator.
type CmpOp uint8

// The comparison operators.
const (
	CmpEq CmpOp = iota
	CmpNe
	CmpLt
	CmpLe
	CmpGt
	CmpGe
)

var cmpNames = [...]string{"=", "<>", "<", "<=", ">", ">="}

// Compare compares two values of the same type; the result is BOOLEAN,
// NULL where either side is NULL.
type Compare struct {
	Op   CmpOp
	L, R Expr
}

// Type implements Expr.
func (e *Compare) Type() types.Type { return types.BooleanType }

func (e *Compare) String() string {
	return "(" + e.L.String() + " " + cmpNames[e.Op] + " " + e.R.String() + ")"
}

// Eval implements Expr.
func (e *Compare) Eval(b arrow.Record) (arrow.Array, error) {
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
	return e.evalArrays(la, ra)
}

// evalArrays compares two evaluated operands.
func (e *Compare) evalArrays(la, ra arrow.Array) (arrow.Array, error) {
	n := la.Len()
	valid, nulls := validity(n, la, ra)
	out := make([]byte, bitutil.BytesForBits(int64(n)))
	switch e.L.Type().ID {
	case types.Bigint, types.Timestamp:
		cmpOrdered(e.Op, int64s(la), int64s(ra), out)
	case types.Double:
		// As in PostgreSQL, NaN equals NaN and sorts above every number,
		// so comparisons agree with ORDER BY and GROUP BY.
		x, y := float64s(la), float64s(ra)
		for i := range x {
			out[i>>3] |= cmpResult(e.Op, cmpFloat(x[i], y[i])) << (i & 7)
		}
	case types.Date:
		cmpOrdered(e.Op, int32s(la), int32s(ra), out)
	case types.Decimal:
		cmpDecimal(e.Op, decs(la), decs(ra), out)
	case types.Varchar:
		cmpStrings(e.Op, la, ra, out)
	case types.Boolean:
		x, y := boolBits(la), boolBits(ra)
		for i := 0; i < n; i++ {
			a, b := b2i(bitutil.BitIsSet(x, i)), b2i(bitutil.BitIsSet(y, i))
			out[i>>3] |= cmpResult(e.Op, a-b) << (i & 7)
		}
	case types.Unknown:
		return nullsOf(types.BooleanType, n), nil
	default:
		return nil, fmt.Errorf("comparison of %s values is not supported", e.L.Type())
	}
	return NewBoolArray(out, n, valid, nulls), nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cmpResult turns a three-way comparison c (<0, 0, >0) into the operator's
// answer.
func cmpResult(op CmpOp, c int) byte {
	switch op {
	case CmpEq:
		return b2u(c == 0)
	case CmpNe:
		return b2u(c != 0)
	case CmpLt:
		return b2u(c < 0)
	case CmpLe:
		return b2u(c <= 0)
	case CmpGt:
		return b2u(c > 0)
	}
	return b2u(c >= 0)
}

func cmpOrdered[T int64 | float64 | int32](op CmpOp, a, b []T, out []byte) {
	switch op {
	case CmpEq:
		for i := range a {
			out[i>>3] |= b2u(a[i] == b[i]) << (i & 7)
		}
	case CmpNe:
		for i := range a {
			out[i>>3] |= b2u(a[i] != b[i]) << (i & 7)
		}
	case CmpLt:
		for i := range a {
			out[i>>3] |= b2u(a[i] < b[i]) << (i & 7)
		}
	case CmpLe:
		for i := range a {
			out[i>>3] |= b2u(a[i] <= b[i]) << (i & 7)
		}
	case CmpGt:
		for i := range a {
			out[i>>3] |= b2u(a[i] > b[i]) << (i & 7)
		}
	case CmpGe:
		for i := range a {
			out[i>>3] |= b2u(a[i] >= b[i]) << (i & 7)
		}
	}
}

func cmpStrings(op CmpOp, la, ra arrow.Array, out []byte) {
	lo, ld := strs(la)
	ro, rd := strs(ra)
	n := la.Len()
	if op == CmpEq || op == CmpNe {
		want := op == CmpEq
		for i := 0; i < n; i++ {
			x, y := ld[lo[i]:lo[i+1]], rd[ro[i]:ro[i+1]]
			out[i>>3] |= b2u((len(x) == len(y) && string(x) == string(y)) == want) << (i & 7)
		}
		return
	}
	for i := 0; i < n; i++ {
		c := bytes.Compare(ld[lo[i]:lo[i+1]], rd[ro[i]:ro[i+1]])
		out[i>>3] |= cmpResult(op, c) << (i & 7)
	}
}
