package vector

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// UserFunc is a call of a scalar function written in Go by the embedder (a
// user-defined function), evaluated one row at a time: each row's
// arguments are passed to Call as Go values, and the values it returns are
// appended to the result.
//
// Values are nil for NULL, int64 (BIGINT), float64 (DOUBLE), string
// (VARCHAR), bool (BOOLEAN), time.Time in UTC (DATE at midnight,
// TIMESTAMP), and DECIMAL as its exact text ("12.50"). Call may return
// these, or for a BIGINT result any Go integer or its decimal text, for
// DOUBLE any Go number,
// for VARCHAR a []byte, for DECIMAL a string, integer or float64; a
// time.Time is read as its wall clock.
type UserFunc struct {
	Name string
	Args []Expr
	T    types.Type
	// Call computes one row. It may be called from several goroutines at
	// once, and must not keep args.
	Call func(args []any) (any, error)
}

// Type implements Expr.
func (e *UserFunc) Type() types.Type { return e.T }

func (e *UserFunc) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return strings.ToUpper(e.Name) + "(" + strings.Join(parts, ", ") + ")"
}

// Eval implements Expr.
func (e *UserFunc) Eval(b arrow.Record) (out arrow.Array, err error) {
	args := make([]arrow.Array, len(e.Args))
	defer func() { releaseAll(args...) }()
	for i, a := range e.Args {
		v, err := a.Eval(b)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	n := int(b.NumRows())
	app := NewAppender(e.T)
	vals := make([]any, len(args))
	for r := 0; r < n; r++ {
		for i, a := range args {
			vals[i] = goArg(a, r, e.Args[i].Type())
		}
		v, err := e.call(vals)
		if err != nil {
			app.Finish().Release()
			return nil, fmt.Errorf("%s: %w", strings.ToUpper(e.Name), err)
		}
		c, err := fromGo(v, e.T)
		if err != nil {
			app.Finish().Release()
			return nil, fmt.Errorf("%s returned %w", strings.ToUpper(e.Name), err)
		}
		app.AppendValue(c)
	}
	return app.Finish(), nil
}

// call runs Call, turning a panic into an error.
func (e *UserFunc) call(args []any) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return e.Call(args)
}

// goArg is row i of a, of type t, as a user-defined function receives it.
func goArg(a arrow.Array, i int, t types.Type) any {
	v := Scalar(a, i)
	if v == nil {
		return nil
	}
	switch t.ID {
	case types.Date:
		return time.Unix(int64(v.(int32))*86400, 0).UTC()
	case types.Timestamp:
		return time.UnixMicro(v.(int64)).UTC()
	case types.Decimal:
		return string(types.AppendDecimal(nil, v.(decimal128.Num), int(t.Scale)))
	}
	return v
}

// fromGo converts a user-defined function's result to Const's
// representation of type t.
func fromGo(v any, t types.Type) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) { return nil, fmt.Errorf("a %T for a %s result", v, t) }
	switch t.ID {
	case types.Bigint:
		if i, ok := goInt(v); ok {
			return i, nil
		}
		if s, ok := v.(string); ok {
			// An integer as text (an array's element, say).
			if i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
				return i, nil
			}
		}
	case types.Double:
		if f, ok := v.(float64); ok {
			return f, nil
		}
		if f, ok := v.(float32); ok {
			return float64(f), nil
		}
		if i, ok := goInt(v); ok {
			return float64(i), nil
		}
	case types.Varchar:
		switch s := v.(type) {
		case string:
			return s, nil
		case []byte:
			return string(s), nil
		}
	case types.Boolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case types.Date:
		if tm, ok := v.(time.Time); ok {
			y, m, d := tm.Date()
			return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400), nil
		}
	case types.Timestamp:
		if tm, ok := v.(time.Time); ok {
			y, m, d := tm.Date()
			return time.Date(y, m, d, tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), time.UTC).UnixMicro(), nil
		}
	case types.Decimal:
		var n decimal128.Num
		ok := false
		switch x := v.(type) {
		case string:
			n, ok = types.ParseDecimal([]byte(strings.TrimSpace(x)), int(t.Scale))
		case float64:
			n, ok = types.DecimalFromFloat(x, int(t.Scale))
		default:
			if i, isInt := goInt(v); isInt {
				n, ok = types.Rescale(decimal128.FromI64(i), 0, int(t.Scale))
			} else {
				return bad()
			}
		}
		if !ok || !types.FitsPrecision(n, int(t.Precision)) {
			return nil, fmt.Errorf("%v, which is not a %s", v, t)
		}
		return n, nil
	}
	return bad()
}

// goInt reads a Go integer of any size that fits an int64.
func goInt(v any) (int64, bool) {
	switch i := v.(type) {
	case int64:
		return i, true
	case int:
		return int64(i), true
	case int32:
		return int64(i), true
	case int16:
		return int64(i), true
	case int8:
		return int64(i), true
	case uint32:
		return int64(i), true
	case uint16:
		return int64(i), true
	case uint8:
		return int64(i), true
	case uint:
		return int64(i), uint64(i) <= 1<<63-1
	case uint64:
		return int64(i), i <= 1<<63-1
	}
	return 0, false
}
