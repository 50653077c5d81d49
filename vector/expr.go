package vector

import (
	"fmt"
	"math"
	"strconv"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// Expr computes one column from a batch, a whole batch at a time.
type Expr interface {
	// Type is the SQL type of the result.
	Type() types.Type
	// Eval returns a column with one value per row of b; the caller
	// releases it.
	Eval(b arrow.Record) (arrow.Array, error)
	// String renders the expression for EXPLAIN.
	String() string
}

// ColumnRef is the expression that returns one of the batch's columns.
type ColumnRef struct {
	Index int
	Name  string
	T     types.Type
}

// Type implements Expr.
func (c *ColumnRef) Type() types.Type { return c.T }

// Eval implements Expr.
func (c *ColumnRef) Eval(b arrow.Record) (arrow.Array, error) {
	a := b.Column(c.Index)
	a.Retain()
	return a, nil
}

func (c *ColumnRef) String() string { return c.Name }

// Const is a constant; Value is nil (NULL), bool, int64, float64, string,
// or an int32 day number (DATE) or int64 microseconds (TIMESTAMP).
type Const struct {
	Value any
	T     types.Type
}

// Type implements Expr.
func (c *Const) Type() types.Type { return c.T }

// Eval implements Expr.
func (c *Const) Eval(b arrow.Record) (arrow.Array, error) {
	return Repeat(c.Value, c.T, int(b.NumRows())), nil
}

func (c *Const) String() string { return FormatScalar(c.Value, c.T) }

// FormatScalar renders a constant as SQL text.
func FormatScalar(v any, t types.Type) string {
	if v == nil {
		return "NULL"
	}
	switch t.ID {
	case types.Varchar:
		s := v.(string)
		out := []byte{'\''}
		for i := 0; i < len(s); i++ {
			if s[i] == '\'' {
				out = append(out, '\'')
			}
			out = append(out, s[i])
		}
		return string(append(out, '\''))
	case types.Date:
		return "DATE '" + string(timefmt.AppendDate(nil, v.(int32))) + "'"
	case types.Timestamp:
		return "TIMESTAMP '" + string(timefmt.AppendTimestamp(nil, v.(int64))) + "'"
	case types.Double:
		f := v.(float64)
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatFloat(f, 'f', 1, 64)
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	case types.Decimal:
		return string(types.AppendDecimal(nil, v.(decimal128.Num), int(t.Scale)))
	}
	return fmt.Sprint(v)
}

// Repeat returns an array of n copies of the constant v of type t.
func Repeat(v any, t types.Type, n int) arrow.Array {
	if v == nil {
		return nullsOf(t, n)
	}
	switch t.ID {
	case types.Boolean:
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		if v.(bool) {
			for i := range bits {
				bits[i] = 0xff
			}
		}
		return NewBoolArray(bits, n, nil, 0)
	case types.Bigint:
		vals := make([]int64, n)
		x := v.(int64)
		for i := range vals {
			vals[i] = x
		}
		return NewInt64Array(vals, nil, 0)
	case types.Double:
		vals := make([]float64, n)
		x := v.(float64)
		for i := range vals {
			vals[i] = x
		}
		return NewFloat64Array(vals, nil, 0)
	case types.Date:
		vals := make([]int32, n)
		x := v.(int32)
		for i := range vals {
			vals[i] = x
		}
		return NewDate32Array(vals, nil, 0)
	case types.Timestamp:
		vals := make([]int64, n)
		x := v.(int64)
		for i := range vals {
			vals[i] = x
		}
		return NewTimestampArray(vals, nil, 0)
	case types.Decimal:
		vals := make([]decimal128.Num, n)
		x := v.(decimal128.Num)
		for i := range vals {
			vals[i] = x
		}
		return NewDecimalArray(vals, t, nil, 0)
	case types.Varchar:
		s := v.(string)
		offs := make([]int32, n+1)
		data := make([]byte, 0, len(s)*n)
		for i := 0; i < n; i++ {
			data = append(data, s...)
			offs[i+1] = int32(len(data))
		}
		return NewStringArray(offs, data, nil, 0)
	}
	return NewNullArray(n)
}

// nullsOf returns n NULLs of type t.
func nullsOf(t types.Type, n int) arrow.Array {
	valid := memory.NewBufferBytes(make([]byte, bitutil.BytesForBits(int64(n))))
	switch t.ID {
	case types.Boolean:
		return NewBoolArray(make([]byte, bitutil.BytesForBits(int64(n))), n, valid, n)
	case types.Bigint:
		return NewInt64Array(make([]int64, n), valid, n)
	case types.Double:
		return NewFloat64Array(make([]float64, n), valid, n)
	case types.Date:
		return NewDate32Array(make([]int32, n), valid, n)
	case types.Timestamp:
		return NewTimestampArray(make([]int64, n), valid, n)
	case types.Varchar:
		return NewStringArray(make([]int32, n+1), nil, valid, n)
	case types.Decimal:
		return NewDecimalArray(make([]decimal128.Num, n), t, valid, n)
	}
	return NewNullArray(n)
}

// Scalar returns the value at row i of a as a Go value (nil for NULL), in
// the representation Const uses.
func Scalar(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Date32:
		return int32(a.Value(i))
	case *array.Timestamp:
		return int64(a.Value(i))
	case *array.Decimal128:
		return a.Value(i)
	}
	return nil
}

// The typed views of an array's values (they respect the array's offset).

func int64s(a arrow.Array) []int64 {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil {
		return make([]int64, a.Len())
	}
	s := unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), buf.Len()/8)
	return s[d.Offset() : d.Offset()+d.Len()]
}

func float64s(a arrow.Array) []float64 {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil {
		return make([]float64, a.Len())
	}
	s := unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), buf.Len()/8)
	return s[d.Offset() : d.Offset()+d.Len()]
}

func int32s(a arrow.Array) []int32 {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil {
		return make([]int32, a.Len())
	}
	s := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), buf.Len()/4)
	return s[d.Offset() : d.Offset()+d.Len()]
}

func decs(a arrow.Array) []decimal128.Num {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil {
		return make([]decimal128.Num, a.Len())
	}
	s := unsafe.Slice((*decimal128.Num)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), buf.Len()/16)
	return s[d.Offset() : d.Offset()+d.Len()]
}

// strs gives the offsets and data of a string array: value i is
// data[offs[i]:offs[i+1]].
func strs(a arrow.Array) (offs []int32, data []byte) {
	s := a.(*array.String)
	offs = s.ValueOffsets()
	if buf := a.Data().Buffers()[2]; buf != nil {
		data = buf.Bytes()
	}
	return offs, data
}

// validity returns the result validity of an operation that is NULL where
// any of its inputs is NULL.
func validity(n int, arrs ...arrow.Array) (*memory.Buffer, int) {
	var out []byte
	for _, a := range arrs {
		if a.NullN() == 0 {
			continue
		}
		if a.DataType().ID() == arrow.NULL {
			return memory.NewBufferBytes(make([]byte, bitutil.BytesForBits(int64(n)))), n
		}
		bm := a.NullBitmapBytes()
		off := a.Data().Offset()
		if out == nil {
			out = make([]byte, bitutil.BytesForBits(int64(n)))
			bitutil.CopyBitmap(bm, off, n, out, 0)
			continue
		}
		bitutil.BitmapAnd(out, bm, 0, int64(off), out, 0, int64(n))
	}
	if out == nil {
		return nil, 0
	}
	nulls := n - bitutil.CountSetBits(out, 0, n)
	if nulls == 0 {
		return nil, 0
	}
	return memory.NewBufferBytes(out), nulls
}

// validBits returns a bitmap of a's valid rows starting at bit 0 (nil when
// every row is valid).
func validBits(a arrow.Array) []byte {
	if a.NullN() == 0 {
		return nil
	}
	n := a.Len()
	if a.DataType().ID() == arrow.NULL {
		return make([]byte, bitutil.BytesForBits(int64(n)))
	}
	off := a.Data().Offset()
	bm := a.NullBitmapBytes()
	if off == 0 {
		return bm
	}
	out := make([]byte, bitutil.BytesForBits(int64(n)))
	bitutil.CopyBitmap(bm, off, n, out, 0)
	return out
}

// boolBits returns the values of a boolean array as a bitmap starting at
// bit 0.
func boolBits(a arrow.Array) []byte {
	n := a.Len()
	d := a.Data()
	if d.Buffers()[1] == nil {
		return make([]byte, bitutil.BytesForBits(int64(n)))
	}
	bm := d.Buffers()[1].Bytes()
	if d.Offset() == 0 {
		return bm
	}
	out := make([]byte, bitutil.BytesForBits(int64(n)))
	bitutil.CopyBitmap(bm, d.Offset(), n, out, 0)
	return out
}

// bufBytes returns a buffer's bytes, nil for a nil buffer.
func bufBytes(b *memory.Buffer) []byte {
	if b == nil {
		return nil
	}
	return b.Bytes()
}

// releaseAll releases every non-nil array.
func releaseAll(arrs ...arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}
