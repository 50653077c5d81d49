package sqlcsv

import (
	"database/sql/driver"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
	tdriver "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/sqlcsv/sqlcsv/sql/parser"
)

// Arguments of a query replace its ? placeholders, in order, as SQL
// literals of their Go type's SQL type: integers are BIGINT, floats
// DOUBLE, strings and byte slices VARCHAR, bools BOOLEAN, time.Time a
// TIMESTAMP (its wall clock), nil NULL; a driver.Valuer gives its Value.
// A ? inside a string, a quoted name or a comment is not a placeholder.

// placeholders returns the byte offsets of the ? placeholders of a
// statement, in text order.
func placeholders(st parser.Statement) []int {
	v := &markerVisitor{}
	st.Node.Accept(v)
	slices.Sort(v.offsets)
	return v.offsets
}

type markerVisitor struct{ offsets []int }

func (v *markerVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if p, ok := n.(*tdriver.ParamMarkerExpr); ok {
		v.offsets = append(v.offsets, p.Offset)
	}
	return n, false
}

func (v *markerVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// bindArgs returns the statement's text with its placeholders replaced by
// args, as the text of a new statement to parse.
func bindArgs(st parser.Statement, args []any) (string, error) {
	offs := placeholders(st)
	if len(offs) != len(args) {
		return "", fmt.Errorf("the statement has %d placeholder(s) (?) but %d argument(s) were given", len(offs), len(args))
	}
	src := st.Source
	var sb strings.Builder
	prev := 0
	for i, off := range offs {
		lit, err := sqlLiteral(args[i])
		if err != nil {
			return "", fmt.Errorf("argument %d: %w", i+1, err)
		}
		sb.WriteString(src[prev:off])
		sb.WriteString(lit)
		prev = off + 1
	}
	sb.WriteString(src[prev:])
	return sb.String(), nil
}

// Decimal is an argument that binds as an exact DECIMAL literal: decimal
// digits with an optional sign and point ("-12.50"), of up to 38 digits.
type Decimal string

// decimalLiteral checks d and returns its SQL text.
func decimalLiteral(d Decimal) (string, error) {
	s := string(d)
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, dot := 0, 0
	for _, c := range body {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dot++
		default:
			digits = -1 << 30
		}
	}
	if digits <= 0 || dot > 1 || digits > 38 {
		return "", fmt.Errorf("%q is not a decimal number of up to 38 digits", s)
	}
	if strings.HasPrefix(body, ".") {
		body = "0" + body
	}
	if strings.HasSuffix(body, ".") {
		body += "0"
	}
	if strings.HasPrefix(s, "-") {
		return "(-" + body + ")", nil
	}
	return body, nil
}

// sqlLiteral is the SQL text of a Go value.
func sqlLiteral(v any) (string, error) {
	if vr, ok := v.(driver.Valuer); ok {
		dv, err := vr.Value()
		if err != nil {
			return "", err
		}
		v = dv
	}
	signed := func(n int64) string {
		if n < 0 {
			return "(" + strconv.FormatInt(n, 10) + ")"
		}
		return strconv.FormatInt(n, 10)
	}
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		if x {
			return "TRUE", nil
		}
		return "FALSE", nil
	case int:
		return signed(int64(x)), nil
	case int8:
		return signed(int64(x)), nil
	case int16:
		return signed(int64(x)), nil
	case int32:
		return signed(int64(x)), nil
	case int64:
		return signed(x), nil
	case uint:
		return unsignedLiteral(uint64(x))
	case uint8:
		return unsignedLiteral(uint64(x))
	case uint16:
		return unsignedLiteral(uint64(x))
	case uint32:
		return unsignedLiteral(uint64(x))
	case uint64:
		return unsignedLiteral(x)
	case float32:
		return floatLiteral(float64(x))
	case float64:
		return floatLiteral(x)
	case Decimal:
		return decimalLiteral(x)
	case string:
		return stringLiteral(x), nil
	case []byte:
		return stringLiteral(string(x)), nil
	case time.Time:
		return "TIMESTAMP '" + x.Format("2006-01-02 15:04:05.999999") + "'", nil
	}
	return "", fmt.Errorf("cannot bind a %T (use an integer, float, Decimal, string, []byte, bool, time.Time or nil)", v)
}

func unsignedLiteral(u uint64) (string, error) {
	if u > math.MaxInt64 {
		return "", fmt.Errorf("%d is past the BIGINT range", u)
	}
	return strconv.FormatUint(u, 10), nil
}

// floatLiteral writes a float with an exponent, which makes it a DOUBLE
// (1.5 alone would be a DECIMAL).
func floatLiteral(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%v has no SQL literal", f)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	if f < 0 || (f == 0 && math.Signbit(f)) {
		return "(" + s + ")", nil
	}
	return s, nil
}

// stringLiteral quotes s for the MySQL dialect, where a backslash escapes.
func stringLiteral(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `''`)
	return "'" + r.Replace(s) + "'"
}
