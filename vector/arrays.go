package vector

import (
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// This file builds Arrow arrays straight from Go slices, without Arrow's
// builders: the kernels and the scanner fill plain slices and wrap them.

// Validity is a growable validity bitmap that is only materialised once the
// first NULL arrives; until then every value is valid.
type Validity struct {
	bits  []byte
	n     int
	nulls int
}

// Append records one more value, valid or not.
func (v *Validity) Append(valid bool) {
	if !valid {
		v.AppendNull()
		return
	}
	if v.bits != nil {
		v.grow()
		bitutil.SetBit(v.bits, v.n)
	}
	v.n++
}

// AppendValid records one more valid value.
func (v *Validity) AppendValid() {
	if v.bits != nil {
		v.grow()
		bitutil.SetBit(v.bits, v.n)
	}
	v.n++
}

// AppendNull records one more NULL.
func (v *Validity) AppendNull() {
	if v.bits == nil {
		v.bits = make([]byte, bitutil.BytesForBits(int64(v.n+1))+64)
		for i := 0; i < v.n; i++ {
			bitutil.SetBit(v.bits, i)
		}
	}
	v.grow()
	bitutil.ClearBit(v.bits, v.n)
	v.n++
	v.nulls++
}

func (v *Validity) grow() {
	need := v.n/8 + 1
	if need > len(v.bits) {
		nb := make([]byte, 2*need+8)
		copy(nb, v.bits)
		v.bits = nb
	}
}

// Len is the number of values recorded.
func (v *Validity) Len() int { return v.n }

// Nulls is the number of NULLs recorded.
func (v *Validity) Nulls() int { return v.nulls }

// Truncate forgets every value from index n on.
func (v *Validity) Truncate(n int) {
	if n >= v.n {
		return
	}
	if v.bits != nil {
		for i := n; i < v.n; i++ {
			if !bitutil.BitIsSet(v.bits, i) {
				v.nulls--
			}
			bitutil.ClearBit(v.bits, i)
		}
	}
	v.n = n
}

// Finish returns the bitmap as an Arrow buffer (nil when there is no NULL)
// with the NULL count, and resets v for reuse.
func (v *Validity) Finish() (*memory.Buffer, int) {
	var buf *memory.Buffer
	if v.nulls > 0 {
		buf = memory.NewBufferBytes(v.bits[:bitutil.BytesForBits(int64(v.n))])
	}
	nulls := v.nulls
	*v = Validity{}
	return buf, nulls
}

// Reset forgets every value.
func (v *Validity) Reset() { *v = Validity{} }

func bytesOf[T int32 | int64 | float64](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// NewInt64Array wraps values (and an optional validity buffer) as an Arrow
// int64 array; the array takes ownership of the slice.
func NewInt64Array(values []int64, valid *memory.Buffer, nulls int) arrow.Array {
	return newFixed(arrow.PrimitiveTypes.Int64, len(values), bytesOf(values), valid, nulls)
}

// NewFloat64Array wraps values as an Arrow float64 array.
func NewFloat64Array(values []float64, valid *memory.Buffer, nulls int) arrow.Array {
	return newFixed(arrow.PrimitiveTypes.Float64, len(values), bytesOf(values), valid, nulls)
}

// NewDate32Array wraps day numbers as an Arrow date32 array.
func NewDate32Array(values []int32, valid *memory.Buffer, nulls int) arrow.Array {
	return newFixed(arrow.FixedWidthTypes.Date32, len(values), bytesOf(values), valid, nulls)
}

// NewTimestampArray wraps microseconds since the epoch as an Arrow
// timestamp[us] array.
func NewTimestampArray(values []int64, valid *memory.Buffer, nulls int) arrow.Array {
	return newFixed(arrow.FixedWidthTypes.Timestamp_us, len(values), bytesOf(values), valid, nulls)
}

// NewDecimalArray wraps 128-bit values as an Arrow decimal128 array of
// type t (a DECIMAL).
func NewDecimalArray(values []decimal128.Num, t types.Type, valid *memory.Buffer, nulls int) arrow.Array {
	var data []byte
	if len(values) > 0 {
		data = unsafe.Slice((*byte)(unsafe.Pointer(&values[0])), len(values)*16)
	}
	return newFixed(t.Arrow(), len(values), data, valid, nulls)
}

// NewBoolArray wraps a packed bitmap of n booleans as an Arrow boolean array.
func NewBoolArray(bits []byte, n int, valid *memory.Buffer, nulls int) arrow.Array {
	return newFixed(arrow.FixedWidthTypes.Boolean, n, bits, valid, nulls)
}

// NewStringArray wraps offsets (len n+1) and data as an Arrow string array.
func NewStringArray(offsets []int32, data []byte, valid *memory.Buffer, nulls int) arrow.Array {
	d := array.NewData(arrow.BinaryTypes.String, len(offsets)-1,
		[]*memory.Buffer{valid, memory.NewBufferBytes(bytesOf(offsets)), memory.NewBufferBytes(data)}, nil, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// NewNullArray returns an array of n NULLs of the NULL type.
func NewNullArray(n int) arrow.Array { return array.NewNull(n) }

func newFixed(dt arrow.DataType, n int, data []byte, valid *memory.Buffer, nulls int) arrow.Array {
	d := array.NewData(dt, n, []*memory.Buffer{valid, memory.NewBufferBytes(data)}, nil, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// NewRecord assembles columns into a record of n rows with the given schema.
func NewRecord(schema *arrow.Schema, cols []arrow.Array, n int) arrow.Record {
	return array.NewRecord(schema, cols, int64(n))
}

// SchemaOf returns the Arrow schema of a list of columns.
func SchemaOf(cols []types.Column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// StringBuilder accumulates strings into Arrow's offsets-and-data layout.
type StringBuilder struct {
	offsets []int32
	data    []byte
	valid   Validity
	// the size of the last batch finished, for the next one's buffers
	nextN, nextAvg int
}

// NewStringBuilder returns a builder sized for about n values of avg bytes.
func NewStringBuilder(n, avg int) *StringBuilder {
	b := &StringBuilder{}
	b.reserve(n, avg)
	return b
}

func (b *StringBuilder) reserve(n, avg int) {
	b.offsets = make([]int32, 1, n+1)
	b.data = make([]byte, 0, n*avg)
}

// start makes the buffers of a builder new or just finished.
func (b *StringBuilder) start() {
	if b.nextN > 0 {
		b.reserve(b.nextN, b.nextAvg)
		return
	}
	b.reserve(64, 8)
}

// Append adds one string value.
func (b *StringBuilder) Append(s []byte) {
	if b.offsets == nil {
		b.start()
	}
	b.data = append(b.data, s...)
	b.offsets = append(b.offsets, int32(len(b.data)))
	b.valid.AppendValid()
}

// AppendString adds one string value.
func (b *StringBuilder) AppendString(s string) {
	if b.offsets == nil {
		b.start()
	}
	b.data = append(b.data, s...)
	b.offsets = append(b.offsets, int32(len(b.data)))
	b.valid.AppendValid()
}

// AppendNull adds one NULL.
func (b *StringBuilder) AppendNull() {
	if b.offsets == nil {
		b.start()
	}
	b.offsets = append(b.offsets, int32(len(b.data)))
	b.valid.AppendNull()
}

// Len is the number of values appended.
func (b *StringBuilder) Len() int { return b.valid.Len() }

// Truncate forgets every value from index n on.
func (b *StringBuilder) Truncate(n int) {
	if n >= b.Len() {
		return
	}
	b.offsets = b.offsets[:n+1]
	b.data = b.data[:b.offsets[n]]
	b.valid.Truncate(n)
}

// Finish returns the array and resets the builder, keeping its capacity
// estimate for the next batch.
func (b *StringBuilder) Finish() arrow.Array {
	if b.offsets == nil {
		b.reserve(0, 0)
	}
	valid, nulls := b.valid.Finish()
	arr := NewStringArray(b.offsets, b.data, valid, nulls)
	n, size := cap(b.offsets)-1, cap(b.data)
	avg := 8
	if n > 0 {
		avg = size/n + 1
	}
	// The next batch's buffers, of this one's size, are made when it
	// starts: a builder used once allocates them never.
	b.offsets, b.data = nil, nil
	b.nextN, b.nextAvg = n, avg
	return arr
}
