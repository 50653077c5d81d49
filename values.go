package sqlcsv

import (
	"context"
	"database/sql/driver"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// NextRow returns the next row of the result as Go values, the types
// database/sql scans from (int64, float64, string, bool, time.Time, nil
// for NULL; DECIMAL as its exact text), or nil at the end. It reads the
// same stream as Next: use one or the other.
func (r *Rows) NextRow(ctx context.Context) ([]any, error) {
	for r.row == nil || r.rowAt >= int(r.row.NumRows()) {
		if r.row != nil {
			r.row.Release()
			r.row = nil
		}
		rec, err := r.Next(ctx)
		if err != nil || rec == nil {
			return nil, err
		}
		r.row, r.rowAt = rec, 0
	}
	out := make([]any, r.row.NumCols())
	for c := range out {
		out[c] = goValue(r.row.Column(c), r.rowAt)
	}
	r.rowAt++
	return out, nil
}

// goValue is row i of a as a driver.Value.
func goValue(a arrow.Array, i int) driver.Value {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Int64:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Date32:
		return time.Unix(int64(a.Value(i))*86400, 0).UTC()
	case *array.Timestamp:
		return time.UnixMicro(int64(a.Value(i))).UTC()
	case *array.LargeBinary:
		return append([]byte(nil), a.Value(i)...)
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return string(types.AppendDecimal(nil, a.Value(i), int(scale)))
	}
	return nil
}
