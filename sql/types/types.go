// Package types defines the SQL types of sqlcsv, their Arrow representation
// and the description of a table's columns.
package types

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
)

// ID names a SQL type family.
type ID uint8

// The SQL types this engine knows.
const (
	// Unknown is the type of a bare NULL literal before context gives it one.
	Unknown ID = iota
	Boolean
	Bigint
	Double
	Varchar
	Date
	Timestamp
	// Decimal is DECIMAL(Precision, Scale): exact, up to 38 digits, held
	// as a 128-bit integer count of 10^-Scale.
	Decimal
	// Binary is an opaque byte string (Arrow large_binary). No SQL value
	// has it: it carries the partial states of some aggregates (MEDIAN's
	// values, APPROX_COUNT_DISTINCT's sketch) between the two phases.
	Binary
)

// Type is a SQL type. It is a value type, comparable with ==.
type Type struct {
	ID ID
	// Precision and Scale qualify DECIMAL: digits in all, and after the
	// point.
	Precision, Scale uint8
}

// The singleton types, for convenience.
var (
	UnknownType   = Type{ID: Unknown}
	BooleanType   = Type{ID: Boolean}
	BigintType    = Type{ID: Bigint}
	DoubleType    = Type{ID: Double}
	VarcharType   = Type{ID: Varchar}
	DateType      = Type{ID: Date}
	TimestampType = Type{ID: Timestamp}
	BinaryType    = Type{ID: Binary}
)

// String returns the SQL spelling of the type, as DESCRIBE and EXPLAIN show it.
func (t Type) String() string {
	switch t.ID {
	case Unknown:
		return "NULL"
	case Boolean:
		return "BOOLEAN"
	case Bigint:
		return "BIGINT"
	case Double:
		return "DOUBLE"
	case Varchar:
		return "VARCHAR"
	case Date:
		return "DATE"
	case Timestamp:
		return "TIMESTAMP"
	case Decimal:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case Binary:
		return "BINARY"
	}
	return fmt.Sprintf("TYPE(%d)", t.ID)
}

// IsNumeric reports whether arithmetic applies to the type.
func (t Type) IsNumeric() bool { return t.ID == Bigint || t.ID == Double || t.ID == Decimal }

// IsTemporal reports whether the type is a date or a timestamp.
func (t Type) IsTemporal() bool { return t.ID == Date || t.ID == Timestamp }

// Arrow returns the Arrow data type that holds values of t in a batch.
// DATE is days since 1970-01-01 (date32); TIMESTAMP is microseconds since
// 1970-01-01 00:00:00 without a time zone. Unknown (a NULL literal) is held
// as an Arrow null array.
func (t Type) Arrow() arrow.DataType {
	switch t.ID {
	case Boolean:
		return arrow.FixedWidthTypes.Boolean
	case Bigint:
		return arrow.PrimitiveTypes.Int64
	case Double:
		return arrow.PrimitiveTypes.Float64
	case Varchar:
		return arrow.BinaryTypes.String
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Timestamp:
		return arrow.FixedWidthTypes.Timestamp_us
	case Decimal:
		return &arrow.Decimal128Type{Precision: int32(t.Precision), Scale: int32(t.Scale)}
	case Binary:
		return arrow.BinaryTypes.LargeBinary
	}
	return arrow.Null
}

// FromArrow returns the SQL type whose Arrow representation is dt.
func FromArrow(dt arrow.DataType) (Type, error) {
	switch dt.ID() {
	case arrow.BOOL:
		return BooleanType, nil
	case arrow.INT64:
		return BigintType, nil
	case arrow.FLOAT64:
		return DoubleType, nil
	case arrow.STRING:
		return VarcharType, nil
	case arrow.DATE32:
		return DateType, nil
	case arrow.TIMESTAMP:
		return TimestampType, nil
	case arrow.NULL:
		return UnknownType, nil
	case arrow.DECIMAL128:
		d := dt.(*arrow.Decimal128Type)
		return DecimalType(int(d.Precision), int(d.Scale)), nil
	case arrow.LARGE_BINARY:
		return BinaryType, nil
	}
	return UnknownType, fmt.Errorf("no SQL type for Arrow type %s", dt)
}

// Origin says where a column's type came from.
type Origin uint8

// Where a column's type can come from.
const (
	// Sniffed types were guessed from a sample of the file.
	Sniffed Origin = iota
	// Declared types were given by the user.
	Declared
	// Derived types are those of computed columns.
	Derived
	// Widened types were sniffed, then widened when a value later in the
	// file did not fit.
	Widened
)

// String names the origin as DESCRIBE shows it.
func (o Origin) String() string {
	switch o {
	case Sniffed:
		return "sniffed"
	case Declared:
		return "declared"
	case Widened:
		return "widened"
	}
	return "derived"
}

// Column describes one column of a table or of a result.
type Column struct {
	Name     string
	Type     Type
	Nullable bool
	Origin   Origin
	// Tag is an opaque label a table gives its column (RegisterRecords
	// takes it from the Arrow field's "sqlcsv.tag" metadata); a result
	// column that is the table's column, referred to as it is, carries
	// it. The PostgreSQL server labels its catalog columns with their
	// PostgreSQL types this way.
	Tag string
}
