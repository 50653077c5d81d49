package dsv

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// column parses the text of one field into a growing Arrow column.
type column interface {
	// appendValue parses a non-NULL field; false when it does not fit the type.
	appendValue(b []byte) bool
	appendNull()
	// truncate forgets every value from index n on.
	truncate(n int)
	finish() arrow.Array
}

// newColumn returns the column of type t; layout, if set, is the format of
// its dates or timestamps (ISO 8601 otherwise). declared says the user gave
// the type, which makes a DECIMAL lenient (see parseDecimal).
func newColumn(t types.Type, capacity int, layout *timefmt.Format, declared bool) column {
	switch t.ID {
	case types.Decimal:
		return &decimalColumn{t: t, strict: !declared, vals: make([]decimal128.Num, 0, capacity)}
	case types.Bigint:
		return &int64Column{vals: make([]int64, 0, capacity)}
	case types.Double:
		return &float64Column{vals: make([]float64, 0, capacity)}
	case types.Boolean:
		return &boolColumn{}
	case types.Date:
		return &dateColumn{vals: make([]int32, 0, capacity), layout: layout}
	case types.Timestamp:
		return &timestampColumn{vals: make([]int64, 0, capacity), layout: layout}
	default:
		return &stringColumn{b: vector.NewStringBuilder(capacity, 8)}
	}
}

type int64Column struct {
	vals  []int64
	valid vector.Validity
}

func (c *int64Column) appendValue(b []byte) bool {
	v, ok := parseInt64(b)
	if !ok {
		return false
	}
	c.vals = append(c.vals, v)
	c.valid.AppendValid()
	return true
}
func (c *int64Column) truncate(n int) { c.vals = c.vals[:n]; c.valid.Truncate(n) }
func (c *int64Column) appendNull()    { c.vals = append(c.vals, 0); c.valid.AppendNull() }
func (c *int64Column) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewInt64Array(c.vals, valid, nulls)
	c.vals = make([]int64, 0, cap(c.vals))
	return a
}

type decimalColumn struct {
	t      types.Type
	strict bool
	vals   []decimal128.Num
	valid  vector.Validity
}

func (c *decimalColumn) appendValue(b []byte) bool {
	v, ok := parseDecimal(b, int(c.t.Scale), int(c.t.Precision), c.strict)
	if !ok {
		return false
	}
	c.vals = append(c.vals, v)
	c.valid.AppendValid()
	return true
}
func (c *decimalColumn) truncate(n int) { c.vals = c.vals[:n]; c.valid.Truncate(n) }
func (c *decimalColumn) appendNull() {
	c.vals = append(c.vals, decimal128.Num{})
	c.valid.AppendNull()
}
func (c *decimalColumn) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewDecimalArray(c.vals, c.t, valid, nulls)
	c.vals = make([]decimal128.Num, 0, cap(c.vals))
	return a
}

type float64Column struct {
	vals  []float64
	valid vector.Validity
}

func (c *float64Column) appendValue(b []byte) bool {
	v, ok := parseFloat64(b)
	if !ok {
		return false
	}
	c.vals = append(c.vals, v)
	c.valid.AppendValid()
	return true
}
func (c *float64Column) truncate(n int) { c.vals = c.vals[:n]; c.valid.Truncate(n) }
func (c *float64Column) appendNull()    { c.vals = append(c.vals, 0); c.valid.AppendNull() }
func (c *float64Column) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewFloat64Array(c.vals, valid, nulls)
	c.vals = make([]float64, 0, cap(c.vals))
	return a
}

type dateColumn struct {
	vals   []int32
	valid  vector.Validity
	layout *timefmt.Format
}

func (c *dateColumn) appendValue(b []byte) bool {
	var v int32
	var ok bool
	if c.layout != nil {
		v, ok = c.layout.ParseDate(b)
	} else {
		v, ok = timefmt.ParseDate(b)
	}
	if !ok {
		return false
	}
	c.vals = append(c.vals, v)
	c.valid.AppendValid()
	return true
}
func (c *dateColumn) truncate(n int) { c.vals = c.vals[:n]; c.valid.Truncate(n) }
func (c *dateColumn) appendNull()    { c.vals = append(c.vals, 0); c.valid.AppendNull() }
func (c *dateColumn) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewDate32Array(c.vals, valid, nulls)
	c.vals = make([]int32, 0, cap(c.vals))
	return a
}

type timestampColumn struct {
	vals   []int64
	valid  vector.Validity
	layout *timefmt.Format
}

func (c *timestampColumn) appendValue(b []byte) bool {
	var v int64
	var ok bool
	if c.layout != nil {
		v, ok = c.layout.Parse(b)
	} else {
		v, ok = timefmt.ParseTimestamp(b)
	}
	if !ok {
		return false
	}
	c.vals = append(c.vals, v)
	c.valid.AppendValid()
	return true
}
func (c *timestampColumn) truncate(n int) { c.vals = c.vals[:n]; c.valid.Truncate(n) }
func (c *timestampColumn) appendNull()    { c.vals = append(c.vals, 0); c.valid.AppendNull() }
func (c *timestampColumn) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewTimestampArray(c.vals, valid, nulls)
	c.vals = make([]int64, 0, cap(c.vals))
	return a
}

type boolColumn struct {
	bits  []byte
	n     int
	valid vector.Validity
}

func (c *boolColumn) grow() {
	if c.n/8 >= len(c.bits) {
		nb := make([]byte, 2*len(c.bits)+8)
		copy(nb, c.bits)
		c.bits = nb
	}
}

func (c *boolColumn) appendValue(b []byte) bool {
	v, ok := parseBool(b)
	if !ok {
		return false
	}
	c.grow()
	if v {
		bitutil.SetBit(c.bits, c.n)
	}
	c.n++
	c.valid.AppendValid()
	return true
}
func (c *boolColumn) truncate(n int) {
	for i := n; i < c.n; i++ {
		bitutil.ClearBit(c.bits, i)
	}
	c.n = min(c.n, n)
	c.valid.Truncate(n)
}
func (c *boolColumn) appendNull() { c.grow(); c.n++; c.valid.AppendNull() }
func (c *boolColumn) finish() arrow.Array {
	valid, nulls := c.valid.Finish()
	a := vector.NewBoolArray(c.bits, c.n, valid, nulls)
	c.bits, c.n = nil, 0
	return a
}

type stringColumn struct {
	b *vector.StringBuilder
}

func (c *stringColumn) appendValue(b []byte) bool { c.b.Append(b); return true }
func (c *stringColumn) truncate(n int)            { c.b.Truncate(n) }
func (c *stringColumn) appendNull()               { c.b.AppendNull() }
func (c *stringColumn) finish() arrow.Array       { return c.b.Finish() }
