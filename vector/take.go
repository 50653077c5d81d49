package vector

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Take returns the rows idx of a, in that order.
func Take(a arrow.Array, idx []int32) arrow.Array {
	n := len(idx)
	var valid *memory.Buffer
	nulls := 0
	if a.NullN() > 0 {
		if a.DataType().ID() == arrow.NULL {
			return NewNullArray(n)
		}
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		for j, i := range idx {
			if a.IsValid(int(i)) {
				bitutil.SetBit(bits, j)
			} else {
				nulls++
			}
		}
		if nulls > 0 {
			valid = memory.NewBufferBytes(bits)
		}
	}
	switch a.DataType().ID() {
	case arrow.INT64:
		return NewInt64Array(takeFixed(int64s(a), idx), valid, nulls)
	case arrow.TIMESTAMP:
		return NewTimestampArray(takeFixed(int64s(a), idx), valid, nulls)
	case arrow.FLOAT64:
		return NewFloat64Array(takeFixed(float64s(a), idx), valid, nulls)
	case arrow.DATE32:
		return NewDate32Array(takeFixed(int32s(a), idx), valid, nulls)
	case arrow.BOOL:
		src := boolBits(a)
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		for j, i := range idx {
			if bitutil.BitIsSet(src, int(i)) {
				bitutil.SetBit(bits, j)
			}
		}
		return NewBoolArray(bits, n, valid, nulls)
	case arrow.STRING:
		offs, data := strs(a)
		size := 0
		for _, i := range idx {
			size += int(offs[i+1] - offs[i])
		}
		outOffs := make([]int32, n+1)
		out := make([]byte, 0, size)
		for j, i := range idx {
			out = append(out, data[offs[i]:offs[i+1]]...)
			outOffs[j+1] = int32(len(out))
		}
		return NewStringArray(outOffs, out, valid, nulls)
	case arrow.DECIMAL128:
		t, _ := types.FromArrow(a.DataType())
		return NewDecimalArray(takeFixed(decs(a), idx), t, valid, nulls)
	case arrow.NULL:
		return NewNullArray(n)
	}
	panic(fmt.Sprintf("vector.Take: unsupported type %s", a.DataType()))
}

func takeFixed[T int64 | float64 | int32 | decimal128.Num](src []T, idx []int32) []T {
	out := make([]T, len(idx))
	for j, i := range idx {
		out[j] = src[i]
	}
	return out
}

// TakeRecord returns the rows idx of rec, in that order.
func TakeRecord(rec arrow.Record, idx []int32) arrow.Record {
	cols := make([]arrow.Array, rec.NumCols())
	for i := range cols {
		cols[i] = Take(rec.Column(i), idx)
	}
	r := array.NewRecord(rec.Schema(), cols, int64(len(idx)))
	releaseAll(cols...)
	return r
}

// Selection returns the indices of the rows where a BOOLEAN array is TRUE
// (not FALSE, not NULL), appended to sel[:0].
func Selection(a arrow.Array, sel []int32) []int32 {
	sel = sel[:0]
	if a.DataType().ID() == arrow.NULL {
		return sel
	}
	n := a.Len()
	bits := boolBits(a)
	v := validBits(a)
	for w := 0; w < len(bits) && w*8 < n; w++ {
		x := bits[w]
		if v != nil {
			x &= v[w]
		}
		for x != 0 {
			k := trailingZeros8(x)
			i := w*8 + k
			if i >= n {
				break
			}
			sel = append(sel, int32(i))
			x &= x - 1
		}
	}
	return sel
}

func trailingZeros8(x byte) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}

// Appender builds an array of one SQL type value by value, copying values
// out of other arrays of that type. It is the generic (slower) path for
// operators that assemble rows from several sources.
type Appender struct {
	t     types.Type
	i64   []int64
	dec   []decimal128.Num
	f64   []float64
	i32   []int32
	bits  []byte
	n     int
	str   *StringBuilder
	valid Validity
}

// NewAppender returns an Appender for type t.
func NewAppender(t types.Type) *Appender {
	a := &Appender{t: t}
	if t.ID == types.Varchar {
		a.str = NewStringBuilder(64, 8)
	}
	return a
}

// Len is the number of values appended.
func (a *Appender) Len() int { return a.n }

// AppendNull appends a NULL.
func (a *Appender) AppendNull() {
	switch a.t.ID {
	case types.Bigint, types.Timestamp:
		a.i64 = append(a.i64, 0)
	case types.Decimal:
		a.dec = append(a.dec, decimal128.Num{})
	case types.Double:
		a.f64 = append(a.f64, 0)
	case types.Date:
		a.i32 = append(a.i32, 0)
	case types.Boolean:
		if a.n/8 >= len(a.bits) {
			a.bits = append(a.bits, 0)
		}
	case types.Varchar:
		a.str.AppendNull()
	}
	a.valid.AppendNull()
	a.n++
}

// AppendFrom appends row i of src, which must be of the Appender's type
// (or the NULL type).
func (a *Appender) AppendFrom(src arrow.Array, i int) {
	if src.IsNull(i) || src.DataType().ID() == arrow.NULL {
		a.AppendNull()
		return
	}
	switch a.t.ID {
	case types.Bigint, types.Timestamp:
		a.i64 = append(a.i64, int64s(src)[i])
	case types.Decimal:
		a.dec = append(a.dec, decs(src)[i])
	case types.Double:
		a.f64 = append(a.f64, float64s(src)[i])
	case types.Date:
		a.i32 = append(a.i32, int32s(src)[i])
	case types.Boolean:
		if a.n/8 >= len(a.bits) {
			a.bits = append(a.bits, 0)
		}
		if src.(*array.Boolean).Value(i) {
			bitutil.SetBit(a.bits, a.n)
		}
	case types.Varchar:
		offs, data := strs(src)
		a.str.Append(data[offs[i]:offs[i+1]])
	}
	a.valid.AppendValid()
	a.n++
}

// AppendValue appends a Go value in Const's representation (nil: NULL).
func (a *Appender) AppendValue(v any) {
	if v == nil {
		a.AppendNull()
		return
	}
	switch a.t.ID {
	case types.Bigint, types.Timestamp:
		a.i64 = append(a.i64, v.(int64))
	case types.Decimal:
		a.dec = append(a.dec, v.(decimal128.Num))
	case types.Double:
		a.f64 = append(a.f64, v.(float64))
	case types.Date:
		a.i32 = append(a.i32, v.(int32))
	case types.Boolean:
		if a.n/8 >= len(a.bits) {
			a.bits = append(a.bits, 0)
		}
		if v.(bool) {
			bitutil.SetBit(a.bits, a.n)
		}
	case types.Varchar:
		a.str.AppendString(v.(string))
	}
	a.valid.AppendValid()
	a.n++
}

// appendInt64s appends valid BIGINTs (or TIMESTAMPs).
func (a *Appender) appendInt64s(vs []int64) {
	a.i64 = append(a.i64, vs...)
	for range vs {
		a.valid.AppendValid()
	}
	a.n += len(vs)
}

// Finish returns the array and resets the Appender.
func (a *Appender) Finish() arrow.Array {
	valid, nulls := a.valid.Finish()
	n := a.n
	var out arrow.Array
	switch a.t.ID {
	case types.Bigint:
		out = NewInt64Array(a.i64, valid, nulls)
	case types.Timestamp:
		out = NewTimestampArray(a.i64, valid, nulls)
	case types.Decimal:
		out = NewDecimalArray(a.dec, a.t, valid, nulls)
	case types.Double:
		out = NewFloat64Array(a.f64, valid, nulls)
	case types.Date:
		out = NewDate32Array(a.i32, valid, nulls)
	case types.Boolean:
		if len(a.bits) < int(bitutil.BytesForBits(int64(n))) {
			a.bits = append(a.bits, make([]byte, int(bitutil.BytesForBits(int64(n)))-len(a.bits))...)
		}
		out = NewBoolArray(a.bits, n, valid, nulls)
	case types.Varchar:
		out = a.str.Finish()
	default:
		out = NewNullArray(n)
	}
	*a = *NewAppender(a.t)
	return out
}

// Assemble builds an array of n rows of type t from pieces: piece k gives
// the values of rows rows[k][j] = arrs[k][j]. Rows no piece covers are NULL.
func Assemble(t types.Type, n int, arrs []arrow.Array, rows [][]int32) arrow.Array {
	src := make([]int32, n) // piece+1 per row; 0 = NULL
	pos := make([]int32, n)
	for k, rs := range rows {
		for j, r := range rs {
			src[r] = int32(k + 1)
			pos[r] = int32(j)
		}
	}
	ap := NewAppender(t)
	for i := 0; i < n; i++ {
		if src[i] == 0 {
			ap.AppendNull()
			continue
		}
		ap.AppendFrom(arrs[src[i]-1], int(pos[i]))
	}
	return ap.Finish()
}
