package vector

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// Func is a call of a scalar function. Its kernel is chosen once, when the
// expression is built, from the function's name and argument types.
type Func struct {
	Name   string
	Args   []Expr
	T      types.Type
	kernel func(args []arrow.Array, n int) (arrow.Array, error)
}

// Type implements Expr.
func (e *Func) Type() types.Type { return e.T }

func (e *Func) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return strings.ToUpper(e.Name) + "(" + strings.Join(parts, ", ") + ")"
}

// Eval implements Expr.
func (e *Func) Eval(b arrow.Record) (arrow.Array, error) {
	args := make([]arrow.Array, len(e.Args))
	defer func() { releaseAll(args...) }()
	for i, a := range e.Args {
		v, err := a.Eval(b)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	out, err := e.kernel(args, int(b.NumRows()))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.ToUpper(e.Name), err)
	}
	return out, nil
}

// constString returns the value of a constant VARCHAR argument.
func constString(e Expr) (string, bool) {
	c, ok := e.(*Const)
	if !ok || c.Value == nil {
		return "", false
	}
	s, ok := c.Value.(string)
	return s, ok
}

func init() {
	registerKernel(strToDateKernel, "str_to_date")
	registerKernel(dateFormatKernel, "date_format")
	registerKernel(datePartKernel, "year", "month", "day", "quarter", "dayofyear", "dayofweek", "hour", "minute", "second", "microsecond", "weekday")
	registerKernel(caseKernel, "lower", "upper")
	registerKernel(lengthKernel, "length", "char_length")
	registerKernel(simple(substringKernel), "substring")
	registerKernel(leftRightKernel, "left", "right")
	registerKernel(simple(concatKernel), "concat")
	registerKernel(simple(replaceKernel), "replace")
	registerKernel(trimKernel, "trim", "ltrim", "rtrim")
	registerKernel(mathKernel, "abs", "ceil", "floor", "sign", "sqrt", "ln", "log10", "log2", "exp",
		"sin", "cos", "tan", "asin", "acos", "atan", "degrees", "radians")
	registerKernel(roundBuilder, "round")
	registerKernel(simple(powerKernel), "power")
	registerKernel(nullIfKernel, "nullif")
}

func strToDateKernel(_ string, args []Expr, t types.Type) (kernel, error) {
	format, ok := constString(args[1])
	if !ok {
		return nil, fmt.Errorf("STR_TO_DATE: the format must be a constant string")
	}
	ft, err := timefmt.Compile(format)
	if err != nil {
		return nil, fmt.Errorf("STR_TO_DATE: %w", err)
	}
	if t.ID == types.Date {
		return func(a []arrow.Array, n int) (arrow.Array, error) { return strToDate(a[0], ft), nil }, nil
	}
	return func(a []arrow.Array, n int) (arrow.Array, error) { return strToTimestamp(a[0], ft), nil }, nil
}

func dateFormatKernel(_ string, args []Expr, _ types.Type) (kernel, error) {
	format, ok := constString(args[1])
	if !ok {
		return nil, fmt.Errorf("DATE_FORMAT: the format must be a constant string")
	}
	ft, err := timefmt.Compile(format)
	if err != nil {
		return nil, fmt.Errorf("DATE_FORMAT: %w", err)
	}
	isDate := args[0].Type().ID == types.Date
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		var in64 []int64
		var in32 []int32
		if isDate {
			in32 = int32s(a[0])
		} else {
			in64 = int64s(a[0])
		}
		return toStrings(a[0], func(dst []byte, i int) []byte {
			if isDate {
				return ft.Append(dst, int64(in32[i])*microsPerDay)
			}
			return ft.Append(dst, in64[i])
		}), nil
	}, nil
}

func datePartKernel(part string, args []Expr, _ types.Type) (kernel, error) {
	isDate := args[0].Type().ID == types.Date
	return func(a []arrow.Array, n int) (arrow.Array, error) { return datePart(part, a[0], isDate), nil }, nil
}

func caseKernel(name string, _ []Expr, _ types.Type) (kernel, error) {
	up := name == "upper"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		return mapStrings(a[0], func(dst, s []byte) []byte {
			if up {
				return append(dst, bytes.ToUpper(s)...)
			}
			return append(dst, bytes.ToLower(s)...)
		}), nil
	}, nil
}

func lengthKernel(name string, _ []Expr, _ types.Type) (kernel, error) {
	chars := name == "char_length"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		offs, data := strs(a[0])
		out := make([]int64, n)
		for i := range out {
			s := data[offs[i]:offs[i+1]]
			if chars {
				out[i] = int64(utf8.RuneCount(s))
			} else {
				out[i] = int64(len(s))
			}
		}
		valid, nulls := validity(n, a[0])
		return NewInt64Array(out, valid, nulls), nil
	}, nil
}

func leftRightKernel(name string, _ []Expr, _ types.Type) (kernel, error) {
	left := name == "left"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		lens := int64s(a[1])
		return mapStringsN(a, n, func(dst []byte, i int, s []byte) []byte {
			k := int(max(lens[i], 0))
			rc := utf8.RuneCount(s)
			if k >= rc {
				return append(dst, s...)
			}
			if left {
				return append(dst, s[:runeOffset(s, k)]...)
			}
			return append(dst, s[runeOffset(s, rc-k):]...)
		}), nil
	}, nil
}

func concatKernel(a []arrow.Array, n int) (arrow.Array, error) {
	return mapStringsN(a, n, func(dst []byte, i int, _ []byte) []byte {
		for _, x := range a {
			offs, data := strs(x)
			dst = append(dst, data[offs[i]:offs[i+1]]...)
		}
		return dst
	}), nil
}

func replaceKernel(a []arrow.Array, n int) (arrow.Array, error) {
	fo, fd := strs(a[1])
	to, td := strs(a[2])
	return mapStringsN(a, n, func(dst []byte, i int, s []byte) []byte {
		from := fd[fo[i]:fo[i+1]]
		if len(from) == 0 {
			return append(dst, s...)
		}
		return append(dst, bytes.ReplaceAll(s, from, td[to[i]:to[i+1]])...)
	}), nil
}

func trimKernel(name string, _ []Expr, _ types.Type) (kernel, error) {
	leading, trailing := name != "rtrim", name != "ltrim"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		var co []int32
		var cd []byte
		if len(a) > 1 {
			co, cd = strs(a[1])
		}
		return mapStringsN(a, n, func(dst []byte, i int, s []byte) []byte {
			cut := []byte(" ")
			if co != nil {
				cut = cd[co[i]:co[i+1]]
			}
			if len(cut) == 0 {
				return append(dst, s...)
			}
			// MySQL's TRIM removes whole repetitions of the string.
			for leading && bytes.HasPrefix(s, cut) {
				s = s[len(cut):]
			}
			for trailing && bytes.HasSuffix(s, cut) {
				s = s[:len(s)-len(cut)]
			}
			return append(dst, s...)
		}), nil
	}, nil
}

func mathKernel(op string, args []Expr, t types.Type) (kernel, error) {
	switch args[0].Type().ID {
	case types.Decimal:
		in := args[0].Type()
		return func(a []arrow.Array, n int) (arrow.Array, error) { return decimalMath(op, a[0], in, t) }, nil
	case types.Bigint:
		return func(a []arrow.Array, n int) (arrow.Array, error) { return intMath(op, a[0]) }, nil
	}
	return func(a []arrow.Array, n int) (arrow.Array, error) { return floatMath(op, a[0]) }, nil
}

func roundBuilder(_ string, args []Expr, t types.Type) (kernel, error) {
	if args[0].Type().ID != types.Decimal {
		return roundKernel, nil
	}
	d := int64(0)
	if len(args) > 1 {
		c, ok := args[1].(*Const)
		if !ok || c.Value == nil {
			return nil, fmt.Errorf("ROUND of a DECIMAL needs constant digits")
		}
		d = c.Value.(int64)
	}
	in := args[0].Type()
	d = max(min(d, 64), -64)
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		return roundDecimal(a[0], in, t, int(d))
	}, nil
}

// powerKernel is POW(x, y). A result that is not a finite number (10^400,
// 0^-1, (-8)^(1/3)) is an error, as in MySQL ("DOUBLE value is out of
// range") and PostgreSQL.
func powerKernel(a []arrow.Array, n int) (arrow.Array, error) {
	x, y := float64s(a[0]), float64s(a[1])
	out := make([]float64, n)
	valid, nulls := validity(n, a...)
	vb := bufBytes(valid)
	for i := range out {
		v := math.Pow(x[i], y[i])
		if (math.IsInf(v, 0) || math.IsNaN(v)) && isValid(vb, i) {
			return nil, fmt.Errorf("%w: POW(%s, %s)", ErrDoubleOutOfRange, AppendFloat(nil, x[i]), AppendFloat(nil, y[i]))
		}
		out[i] = v
	}
	return NewFloat64Array(out, valid, nulls), nil
}

func nullIfKernel(_ string, args []Expr, t types.Type) (kernel, error) {
	cmp := &Compare{Op: CmpEq, L: args[0], R: args[1]}
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		eq, err := cmp.evalArrays(a[0], a[1])
		if err != nil {
			return nil, err
		}
		defer eq.Release()
		keep := make([]int32, 0, n)
		hit := Selection(eq, nil)
		hi := 0
		for i := 0; i < n; i++ {
			if hi < len(hit) && int(hit[hi]) == i {
				hi++
				continue
			}
			keep = append(keep, int32(i))
		}
		if len(keep) == n {
			a[0].Retain()
			return a[0], nil
		}
		part := Take(a[0], keep)
		defer part.Release()
		return Assemble(t, n, []arrow.Array{part}, [][]int32{keep}), nil
	}, nil
}

func strToDate(x arrow.Array, ft *timefmt.Format) arrow.Array {
	n := x.Len()
	offs, data := strs(x)
	out := make([]int32, n)
	var valid Validity
	for i := 0; i < n; i++ {
		if x.IsNull(i) {
			valid.AppendNull()
			continue
		}
		d, ok := ft.ParseDate(data[offs[i]:offs[i+1]])
		out[i] = d
		valid.Append(ok)
	}
	vb, nulls := valid.Finish()
	return NewDate32Array(out, vb, nulls)
}

func strToTimestamp(x arrow.Array, ft *timefmt.Format) arrow.Array {
	n := x.Len()
	offs, data := strs(x)
	out := make([]int64, n)
	var valid Validity
	for i := 0; i < n; i++ {
		if x.IsNull(i) {
			valid.AppendNull()
			continue
		}
		ts, ok := ft.Parse(data[offs[i]:offs[i+1]])
		out[i] = ts
		valid.Append(ok)
	}
	vb, nulls := valid.Finish()
	return NewTimestampArray(out, vb, nulls)
}

// yearStart is the first day number of the year table: 1900-01-01.
var yearStart = timefmt.DaysFromCivil(1900, 1, 1)

// yearOf maps day numbers from 1900-01-01 to 2099-12-31 to their year, the
// fast path of YEAR().
var yearOf = func() []int16 {
	end := timefmt.DaysFromCivil(2100, 1, 1)
	t := make([]int16, end-yearStart)
	for d := yearStart; d < end; d++ {
		y, _, _ := timefmt.CivilFromDays(d)
		t[d-yearStart] = int16(y)
	}
	return t
}()

func datePart(part string, x arrow.Array, isDate bool) arrow.Array {
	n := x.Len()
	out := make([]int64, n)
	valid, nulls := validity(n, x)
	if isDate && part == "year" {
		in := int32s(x)
		for i, d := range in {
			if k := uint32(d - yearStart); k < uint32(len(yearOf)) {
				out[i] = int64(yearOf[k])
			} else {
				y, _, _ := timefmt.CivilFromDays(d)
				out[i] = int64(y)
			}
		}
		return NewInt64Array(out, valid, nulls)
	}
	var days32 []int32
	var micros []int64
	if isDate {
		days32 = int32s(x)
	} else {
		micros = int64s(x)
	}
	for i := range out {
		var day int32
		var tod int64
		if isDate {
			day = days32[i]
		} else {
			d := floorDiv(micros[i], microsPerDay)
			day, tod = int32(d), micros[i]-d*microsPerDay
		}
		y, m, d := timefmt.CivilFromDays(day)
		switch part {
		case "year":
			out[i] = int64(y)
		case "month":
			out[i] = int64(m)
		case "day":
			out[i] = int64(d)
		case "quarter":
			out[i] = int64((m-1)/3 + 1)
		case "dayofyear":
			out[i] = int64(day-timefmt.DaysFromCivil(y, 1, 1)) + 1
		case "dayofweek":
			// MySQL: 1 = Sunday ... 7 = Saturday; 1970-01-01 was a Thursday.
			out[i] = (int64(day)%7+7+4)%7 + 1
		case "weekday":
			// MySQL: 0 = Monday ... 6 = Sunday.
			out[i] = (int64(day)%7 + 7 + 3) % 7
		case "hour":
			out[i] = tod / 3600e6
		case "minute":
			out[i] = tod / 60e6 % 60
		case "second":
			out[i] = tod / 1e6 % 60
		case "microsecond":
			out[i] = tod % 1e6
		}
	}
	return NewInt64Array(out, valid, nulls)
}

// mapStrings applies f to every valid string of x.
func mapStrings(x arrow.Array, f func(dst, s []byte) []byte) arrow.Array {
	offs, data := strs(x)
	return toStrings(x, func(dst []byte, i int) []byte { return f(dst, data[offs[i]:offs[i+1]]) })
}

// mapStringsN builds a VARCHAR result that is NULL where any argument is
// NULL; f gets row i and the first argument's string there.
func mapStringsN(args []arrow.Array, n int, f func(dst []byte, i int, s []byte) []byte) arrow.Array {
	valid, _ := validity(n, args...)
	vb := bufBytes(valid)
	offs, data := strs(args[0])
	sb := NewStringBuilder(n, 12)
	var tmp []byte
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			sb.AppendNull()
			continue
		}
		tmp = f(tmp[:0], i, data[offs[i]:offs[i+1]])
		sb.Append(tmp)
	}
	return sb.Finish()
}

// runeOffset returns the byte offset of the k-th rune of s.
func runeOffset(s []byte, k int) int {
	off := 0
	for ; k > 0 && off < len(s); k-- {
		_, w := utf8.DecodeRune(s[off:])
		off += w
	}
	return off
}

// substringKernel is MySQL's SUBSTRING(s, pos[, len]): positions count
// characters from 1; a negative pos counts from the end; pos 0 gives ”.
func substringKernel(a []arrow.Array, n int) (arrow.Array, error) {
	pos := int64s(a[1])
	var lens []int64
	if len(a) > 2 {
		lens = int64s(a[2])
	}
	return mapStringsN(a, n, func(dst []byte, i int, s []byte) []byte {
		rc := int64(utf8.RuneCount(s))
		p := pos[i]
		switch {
		case p > 0:
			p--
		case p < 0:
			p = rc + p
			if p < 0 {
				return dst
			}
		default:
			return dst
		}
		if p >= rc {
			return dst
		}
		end := rc
		if lens != nil {
			if lens[i] <= 0 {
				return dst
			}
			if lens[i] < rc-p {
				end = p + lens[i]
			}
		}
		return append(dst, s[runeOffset(s, int(p)):runeOffset(s, int(end))]...)
	}), nil
}

func intMath(op string, x arrow.Array) (arrow.Array, error) {
	n := x.Len()
	in := int64s(x)
	valid, nulls := validity(n, x)
	switch op {
	case "abs", "sign", "ceil", "floor":
		out := make([]int64, n)
		for i, v := range in {
			switch op {
			case "abs":
				if v == math.MinInt64 && x.IsValid(i) {
					return nil, fmt.Errorf("%w: ABS(%d)", ErrOutOfRange, v)
				}
				if v < 0 {
					v = -v
				}
			case "sign":
				v = int64(b2i(v > 0) - b2i(v < 0))
			}
			out[i] = v
		}
		return NewInt64Array(out, valid, nulls), nil
	}
	f, err := CastArray(x, types.BigintType, types.DoubleType)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	return floatMath(op, f)
}

// floatMath computes a function of one DOUBLE. Outside a function's
// domain the result is NULL, as MySQL gives NULL (with a warning) for
// SQRT(-1), LN(0), LOG10(-2), ASIN(2) and the like; a result past the
// DOUBLE range (EXP(1000)) is an error, as in MySQL.
func floatMath(op string, x arrow.Array) (arrow.Array, error) {
	n := x.Len()
	in := float64s(x)
	mask := newNullMask(n, x)
	out := make([]float64, n)
	for i, v := range in {
		switch op {
		case "abs":
			v = math.Abs(v)
		case "ceil":
			v = math.Ceil(v)
		case "floor":
			v = math.Floor(v)
		case "sign":
			v = float64(b2i(v > 0) - b2i(v < 0))
		case "sqrt":
			if v < 0 {
				mask.clear(i)
			}
			v = math.Sqrt(v)
		case "ln", "log10", "log2":
			if v <= 0 {
				mask.clear(i)
			}
			switch op {
			case "ln":
				v = math.Log(v)
			case "log10":
				v = math.Log10(v)
			default:
				v = math.Log2(v)
			}
		case "exp":
			e := math.Exp(v)
			if math.IsInf(e, 0) && mask.valid(i) {
				return nil, fmt.Errorf("%w: EXP(%s)", ErrDoubleOutOfRange, AppendFloat(nil, v))
			}
			v = e
		case "sin":
			v = math.Sin(v)
		case "cos":
			v = math.Cos(v)
		case "tan":
			v = math.Tan(v)
		case "asin", "acos":
			if v < -1 || v > 1 {
				mask.clear(i)
			}
			if op == "asin" {
				v = math.Asin(v)
			} else {
				v = math.Acos(v)
			}
		case "atan":
			v = math.Atan(v)
		case "degrees":
			v = v * (180 / math.Pi)
		case "radians":
			v = v * (math.Pi / 180)
		}
		out[i] = v
	}
	valid, nulls := mask.finish()
	return NewFloat64Array(out, valid, nulls), nil
}

// roundKernel is ROUND(x[, d]): half away from zero, d decimals (may be
// negative); a BIGINT stays a BIGINT.
func roundKernel(a []arrow.Array, n int) (arrow.Array, error) {
	digits := make([]int64, n)
	if len(a) > 1 {
		digits = int64s(a[1])
	}
	valid, nulls := validity(n, a...)
	vb := bufBytes(valid)
	if a[0].DataType().ID() == arrow.INT64 {
		in := int64s(a[0])
		out := make([]int64, n)
		for i, v := range in {
			d := digits[i]
			if d >= 0 {
				out[i] = v
				continue
			}
			if d < -18 {
				continue
			}
			p := int64(math.Pow10(int(-d)))
			q := v / p * p
			if r := v - q; 2*r >= p {
				if q > math.MaxInt64-p && isValid(vb, i) {
					return nil, fmt.Errorf("%w: ROUND(%d, %d)", ErrOutOfRange, v, d)
				}
				q += p
			} else if 2*r <= -p {
				if q < math.MinInt64+p && isValid(vb, i) {
					return nil, fmt.Errorf("%w: ROUND(%d, %d)", ErrOutOfRange, v, d)
				}
				q -= p
			}
			out[i] = q
		}
		return NewInt64Array(out, valid, nulls), nil
	}
	in := float64s(a[0])
	out := make([]float64, n)
	for i, v := range in {
		d := digits[i]
		switch {
		case d == 0:
			out[i] = math.Round(v)
		case d > 0 && d < 23:
			p := math.Pow10(int(d))
			r := math.Round(v*p) / p
			if math.IsInf(r, 0) || math.IsNaN(r) {
				r = v
			}
			out[i] = r
		case d < 0 && d > -309:
			p := math.Pow10(int(-d))
			out[i] = math.Round(v/p) * p
		default:
			out[i] = v
			if d < 0 {
				out[i] = 0
			}
		}
	}
	return NewFloat64Array(out, valid, nulls), nil
}
