package vector

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Logic is AND or OR over BOOLEAN operands, with SQL's three-valued logic:
// FALSE AND NULL is FALSE, TRUE OR NULL is TRUE.
type Logic struct {
	And  bool
	Args []Expr
}

// Type implements Expr.
func (e *Logic) Type() types.Type { return types.BooleanType }

func (e *Logic) String() string {
	op := " OR "
	if e.And {
		op = " AND "
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return "(" + strings.Join(parts, op) + ")"
}

// Eval implements Expr. Every argument is first evaluated on the whole
// batch; if one fails (a division by zero, a bad cast), the batch is
// evaluated again row-wise lazily, each argument only on the rows the
// earlier ones left undecided, so that x <> 0 AND 10 / x > 1 fails only if
// a row really needs the division, whatever rows share its batch.
func (e *Logic) Eval(b arrow.Record) (arrow.Array, error) {
	if out, err := e.eval(b, false); err == nil {
		return out, nil
	}
	return e.eval(b, true)
}

func (e *Logic) eval(b arrow.Record, lazy bool) (arrow.Array, error) {
	n := int(b.NumRows())
	nb := int(bitutil.BytesForBits(int64(n)))
	// val and known describe the running result: known=0 means NULL.
	val := make([]byte, nb)
	known := make([]byte, nb)
	init := byte(0)
	if e.And {
		init = 0xff
	}
	for i := range val {
		val[i], known[i] = init, 0xff
	}
	for _, arg := range e.Args {
		var x, xv []byte
		if lazy {
			// The rows still open: not known FALSE (AND) or TRUE (OR).
			var open []int32
			for i := 0; i < n; i++ {
				k, v := bitutil.BitIsSet(known, i), bitutil.BitIsSet(val, i)
				if !k || v == e.And {
					open = append(open, int32(i))
				}
			}
			if len(open) == 0 {
				break
			}
			var err error
			if x, xv, err = evalBoolOn(arg, b, open, e.And); err != nil {
				return nil, err
			}
		} else {
			a, err := arg.Eval(b)
			if err != nil {
				return nil, err
			}
			if a.DataType().ID() == arrow.NULL {
				x = make([]byte, nb)
			} else {
				x = boolBits(a)
			}
			xv = validBits(a)
			defer a.Release()
		}
		for i := 0; i < nb; i++ {
			xk := byte(0xff)
			if xv != nil {
				xk = xv[i]
			}
			xval := x[i] & xk // unknown counts as false for AND's value
			if e.And {
				// Result false if either is known false; known if both known
				// or either is known false.
				falseA := known[i] &^ val[i]
				falseX := xk &^ x[i]
				val[i] = val[i] & known[i] & xval
				known[i] = (known[i] & xk) | falseA | falseX
			} else {
				trueA := known[i] & val[i]
				trueX := xk & x[i]
				val[i] = (val[i] & known[i]) | xval
				known[i] = (known[i] & xk) | trueA | trueX
			}
		}
	}
	return finishBool(val, known, n), nil
}

// evalBoolOn evaluates a BOOLEAN expression on the rows sel of b and
// returns value and validity bitmaps over all of b's rows; the rows not in
// sel read as the neutral value of AND (TRUE) or OR (FALSE).
func evalBoolOn(x Expr, b arrow.Record, sel []int32, and bool) (vals, valid []byte, err error) {
	n := int(b.NumRows())
	nb := int(bitutil.BytesForBits(int64(n)))
	vals = make([]byte, nb)
	valid = make([]byte, nb)
	neutral := byte(0)
	if and {
		neutral = 0xff
	}
	for i := range vals {
		vals[i], valid[i] = neutral, 0xff
	}
	sub := b
	if len(sel) < n {
		sub = TakeRecord(b, sel)
		defer sub.Release()
	}
	a, err := x.Eval(sub)
	if err != nil {
		return nil, nil, err
	}
	defer a.Release()
	isNullType := a.DataType().ID() == arrow.NULL
	var bits []byte
	if !isNullType {
		bits = boolBits(a)
	}
	for j, i := range sel {
		if isNullType || a.IsNull(j) {
			bitutil.ClearBit(valid, int(i))
			bitutil.ClearBit(vals, int(i))
			continue
		}
		bitutil.SetBitTo(vals, int(i), bitutil.BitIsSet(bits, j))
	}
	return vals, valid, nil
}

// finishBool builds a BOOLEAN array from value bits and known (valid) bits.
func finishBool(val, known []byte, n int) arrow.Array {
	nulls := n - bitutil.CountSetBits(known, 0, n)
	if nulls == 0 {
		return NewBoolArray(val, n, nil, 0)
	}
	for i := range val {
		val[i] &= known[i]
	}
	return NewBoolArray(val, n, memory.NewBufferBytes(known), nulls)
}

// Not negates a BOOLEAN; NOT NULL is NULL.
type Not struct{ X Expr }

// Type implements Expr.
func (e *Not) Type() types.Type { return types.BooleanType }

func (e *Not) String() string { return "(NOT " + e.X.String() + ")" }

// Eval implements Expr.
func (e *Not) Eval(b arrow.Record) (arrow.Array, error) {
	a, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	if a.DataType().ID() == arrow.NULL {
		return nullsOf(types.BooleanType, n), nil
	}
	x := boolBits(a)
	out := make([]byte, len(x))
	for i := range x {
		out[i] = ^x[i]
	}
	valid, nulls := validity(n, a)
	return NewBoolArray(out, n, valid, nulls), nil
}

// IsNull tests for NULL (or, with Not, for a value); never NULL itself.
type IsNull struct {
	X   Expr
	Not bool
}

// Type implements Expr.
func (e *IsNull) Type() types.Type { return types.BooleanType }

func (e *IsNull) String() string {
	if e.Not {
		return "(" + e.X.String() + " IS NOT NULL)"
	}
	return "(" + e.X.String() + " IS NULL)"
}

// Eval implements Expr.
func (e *IsNull) Eval(b arrow.Record) (arrow.Array, error) {
	a, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	nb := int(bitutil.BytesForBits(int64(n)))
	out := make([]byte, nb)
	v := validBits(a)
	for i := range out {
		x := byte(0xff)
		if v != nil {
			x = v[i]
		}
		if e.Not {
			out[i] = x
		} else {
			out[i] = ^x
		}
	}
	return NewBoolArray(out, n, nil, 0), nil
}

// IsTruth tests a BOOLEAN for TRUE or FALSE (IS [NOT] TRUE|FALSE); never
// NULL itself.
type IsTruth struct {
	X     Expr
	Truth bool
	Not   bool
}

// Type implements Expr.
func (e *IsTruth) Type() types.Type { return types.BooleanType }

func (e *IsTruth) String() string {
	s := "(" + e.X.String() + " IS "
	if e.Not {
		s += "NOT "
	}
	if e.Truth {
		return s + "TRUE)"
	}
	return s + "FALSE)"
}

// Eval implements Expr.
func (e *IsTruth) Eval(b arrow.Record) (arrow.Array, error) {
	a, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	nb := int(bitutil.BytesForBits(int64(n)))
	out := make([]byte, nb)
	if a.DataType().ID() != arrow.NULL {
		x, v := boolBits(a), validBits(a)
		for i := range out {
			k := byte(0xff)
			if v != nil {
				k = v[i]
			}
			if e.Truth {
				out[i] = x[i] & k
			} else {
				out[i] = ^x[i] & k
			}
		}
	}
	if e.Not {
		for i := range out {
			out[i] = ^out[i]
		}
	}
	return NewBoolArray(out, n, nil, 0), nil
}

// InList tests membership of a value in a list of constants of its type:
// NULL when the value is NULL, or when it is not found and the list holds
// a NULL.
type InList struct {
	X       Expr
	Values  []any
	Not     bool
	set     map[any]struct{}
	hasNull bool
	hasNaN  bool
}

// NewInList builds an InList; values are constants in Const's
// representation, of X's type.
func NewInList(x Expr, values []any, not bool) *InList {
	e := &InList{X: x, Values: values, Not: not, set: map[any]struct{}{}}
	for _, v := range values {
		if v == nil {
			e.hasNull = true
			continue
		}
		if f, ok := v.(float64); ok {
			if f != f {
				e.hasNaN = true
				continue
			}
			if f == 0 {
				v = 0.0 // -0 is 0
			}
		}
		e.set[v] = struct{}{}
	}
	return e
}

// Type implements Expr.
func (e *InList) Type() types.Type { return types.BooleanType }

func (e *InList) String() string {
	parts := make([]string, len(e.Values))
	for i, v := range e.Values {
		parts[i] = FormatScalar(v, e.X.Type())
	}
	op := " IN ("
	if e.Not {
		op = " NOT IN ("
	}
	return "(" + e.X.String() + op + strings.Join(parts, ", ") + "))"
}

// Eval implements Expr.
func (e *InList) Eval(b arrow.Record) (arrow.Array, error) {
	a, err := e.X.Eval(b)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	nb := int(bitutil.BytesForBits(int64(n)))
	val := make([]byte, nb)
	known := make([]byte, nb)
	var look func(i int) bool
	switch e.X.Type().ID {
	case types.Varchar:
		offs, data := strs(a)
		look = func(i int) bool { _, ok := e.set[string(data[offs[i]:offs[i+1]])]; return ok }
	case types.Bigint, types.Timestamp:
		v := int64s(a)
		look = func(i int) bool { _, ok := e.set[v[i]]; return ok }
	case types.Double:
		v := float64s(a)
		look = func(i int) bool {
			if v[i] != v[i] {
				return e.hasNaN
			}
			x := v[i]
			if x == 0 {
				x = 0
			}
			_, ok := e.set[x]
			return ok
		}
	case types.Date:
		v := int32s(a)
		look = func(i int) bool { _, ok := e.set[v[i]]; return ok }
	case types.Decimal:
		v := decs(a)
		look = func(i int) bool { _, ok := e.set[v[i]]; return ok }
	case types.Boolean:
		bb := boolBits(a)
		look = func(i int) bool { _, ok := e.set[bitutil.BitIsSet(bb, i)]; return ok }
	case types.Unknown:
		return nullsOf(types.BooleanType, n), nil
	default:
		return nil, fmt.Errorf("IN over %s values is not supported", e.X.Type())
	}
	for i := 0; i < n; i++ {
		if a.IsNull(i) {
			continue
		}
		found := look(i)
		switch {
		case found:
			bitutil.SetBit(known, i)
			if !e.Not {
				bitutil.SetBit(val, i)
			}
		case !e.hasNull:
			bitutil.SetBit(known, i)
			if e.Not {
				bitutil.SetBit(val, i)
			}
		}
	}
	return finishBool(val, known, n), nil
}
