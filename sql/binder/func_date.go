package binder

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// The date and time functions.

func init() {
	register(
		funcDef{name: "str_to_date", minArgs: 2, maxArgs: 2, bind: bindStrToDate},
		funcDef{name: "date_format", minArgs: 2, maxArgs: 2, bind: bindDateFormat},
	)
	for _, part := range []string{"year", "month", "day", "quarter", "dayofyear", "dayofweek", "hour", "minute", "second", "microsecond"} {
		d := funcDef{name: part, minArgs: 1, maxArgs: 1, bind: bindDatePart}
		if part == "day" {
			d.aliases = []string{"dayofmonth"}
		}
		register(d)
	}
}

func bindStrToDate(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	lit, ok := args[1].(*plan.Literal)
	if !ok || lit.T.ID != types.Varchar || lit.Value == nil {
		return nil, ferr("write the format as a string literal, e.g. '%m/%d/%Y'", "STR_TO_DATE: the format must be a constant string")
	}
	f, err := timefmt.Compile(lit.Value.(string))
	if err != nil {
		return nil, ferr("see MySQL's DATE_FORMAT specifiers", "STR_TO_DATE: %v", err)
	}
	t := types.DateType
	if f.HasTime() {
		t = types.TimestampType
	}
	return c.call(t, wantText(args[0]), args[1]), nil
}

func bindDateFormat(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	lit, ok := args[1].(*plan.Literal)
	if !ok || lit.T.ID != types.Varchar || lit.Value == nil {
		return nil, ferr("", "DATE_FORMAT: the format must be a constant string")
	}
	if _, err := timefmt.Compile(lit.Value.(string)); err != nil {
		return nil, ferr("", "DATE_FORMAT: %v", err)
	}
	x, err := wantTemporal(c.name, 0, args[0], args[0].Type().ID == types.Varchar)
	if err != nil {
		return nil, err
	}
	return c.call(types.VarcharType, x, args[1]), nil
}

// bindDatePart types YEAR(x) and the like: a BIGINT field of a date or
// timestamp.
func bindDatePart(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	tod := c.name == "hour" || c.name == "minute" || c.name == "second" || c.name == "microsecond"
	x, err := wantTemporal(c.name, 0, args[0], tod)
	if err != nil {
		return nil, err
	}
	return c.call(types.BigintType, x), nil
}

func init() {
	register(
		funcDef{name: "date_add", aliases: []string{"adddate"}, minArgs: 3, maxArgs: 3, bind: bindDateAdd},
		funcDef{name: "date_sub", aliases: []string{"subdate"}, minArgs: 3, maxArgs: 3, bind: bindDateAdd},
		funcDef{name: "timestampadd", minArgs: 3, maxArgs: 3, bind: bindTimestampAdd, kernels: rewritten},
		funcDef{name: "datediff", minArgs: 2, maxArgs: 2, bind: bindDateDiff},
		funcDef{name: "timestampdiff", minArgs: 3, maxArgs: 3, bind: bindTimestampDiff},
		funcDef{name: "last_day", minArgs: 1, maxArgs: 1, bind: bindLastDay},
		funcDef{name: "date_trunc", minArgs: 2, maxArgs: 2, bind: bindDateTrunc},
		funcDef{name: "date", minArgs: 1, maxArgs: 1, bind: bindDate, kernels: rewritten},
		funcDef{name: "week", minArgs: 1, maxArgs: 2, bind: bindWeek},
		funcDef{name: "weekday", minArgs: 1, maxArgs: 1, bind: bindDatePart},
		funcDef{name: "dayname", minArgs: 1, maxArgs: 1, bind: bindDayName, kernels: rewritten},
		funcDef{name: "monthname", minArgs: 1, maxArgs: 1, bind: bindDayName, kernels: rewritten},
		funcDef{name: "extract", minArgs: 2, maxArgs: 2, bind: bindExtract, kernels: rewritten},
		funcDef{name: "current_date", aliases: []string{"curdate", "utc_date"}, bind: bindNow, kernels: rewritten},
		funcDef{name: "now", aliases: []string{"current_timestamp", "localtimestamp", "localtime", "sysdate", "utc_timestamp"},
			maxArgs: 1, bind: bindNow, kernels: rewritten},
	)
}

// timeUnits are the units of INTERVAL shorter than a day: with one, a DATE
// becomes a TIMESTAMP.
var timeUnits = map[string]bool{"MICROSECOND": true, "SECOND": true, "MINUTE": true, "HOUR": true}

// simpleUnits are the units of INTERVAL n unit whose n is one number; the
// kernels take these.
var simpleUnits = map[string]bool{"MICROSECOND": true, "SECOND": true, "MINUTE": true, "HOUR": true,
	"DAY": true, "WEEK": true, "MONTH": true, "QUARTER": true, "YEAR": true}

// compositeUnits are the units whose n is a string of several numbers
// ('1:30' HOUR_MINUTE), with the units of their parts, left to right.
var compositeUnits = map[string][]string{
	"SECOND_MICROSECOND": {"SECOND", "MICROSECOND"},
	"MINUTE_MICROSECOND": {"MINUTE", "SECOND", "MICROSECOND"},
	"MINUTE_SECOND":      {"MINUTE", "SECOND"},
	"HOUR_MICROSECOND":   {"HOUR", "MINUTE", "SECOND", "MICROSECOND"},
	"HOUR_SECOND":        {"HOUR", "MINUTE", "SECOND"},
	"HOUR_MINUTE":        {"HOUR", "MINUTE"},
	"DAY_MICROSECOND":    {"DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND"},
	"DAY_SECOND":         {"DAY", "HOUR", "MINUTE", "SECOND"},
	"DAY_MINUTE":         {"DAY", "HOUR", "MINUTE"},
	"DAY_HOUR":           {"DAY", "HOUR"},
	"YEAR_MONTH":         {"YEAR", "MONTH"},
}

// unitMicros and unitMonths are the lengths of the parts of composite
// units.
var (
	unitMicros = map[string]int64{"MICROSECOND": 1, "SECOND": 1e6, "MINUTE": 60e6, "HOUR": 3600e6, "DAY": 86400e6}
	unitMonths = map[string]int64{"MONTH": 1, "YEAR": 12}
)

// unitArg returns the unit the binder passed for an INTERVAL's or
// EXTRACT's TimeUnitExpr (an upper-case string literal).
func unitArg(fn string, e plan.Expr) (string, error) {
	if l, ok := e.(*plan.Literal); ok && l.T.ID == types.Varchar && l.Value != nil {
		return l.Value.(string), nil
	}
	return "", ferr("", "%s: expected a unit (DAY, MONTH, ...), got %s", strings.ToUpper(fn), e)
}

// dateArg converts argument i of fn to a DATE, or to a TIMESTAMP when
// needTime or when it is one already. A string literal is a DATE when it
// holds a date alone ('1995-01-01') and a TIMESTAMP when it has a time of
// day; MySQL would compute on the string and return a string, we return
// a DATE or TIMESTAMP. Other text is read as a DATE.
func dateArg(fn string, i int, e plan.Expr, needTime bool) (plan.Expr, error) {
	t := types.DateType
	switch e.Type().ID {
	case types.Date, types.Unknown:
	case types.Timestamp:
		t = types.TimestampType
	case types.Varchar:
		if l, ok := e.(*plan.Literal); ok && l.Value != nil {
			if _, isDate := timefmt.ParseDate([]byte(strings.TrimSpace(l.Value.(string)))); !isDate {
				t = types.TimestampType
			}
		}
	default:
		return nil, ferr("", "%s: argument %d has type %s, expected DATE or TIMESTAMP", strings.ToUpper(fn), i+1, e.Type())
	}
	if needTime {
		t = types.TimestampType
	}
	return castTo(e, t), nil
}

// bindDateAdd types DATE_ADD(x, INTERVAL n unit) and DATE_SUB (also
// written x + INTERVAL n unit, INTERVAL n unit + x, x - INTERVAL n unit,
// ADDDATE, SUBDATE). The result is a DATE for a DATE and a unit of a day
// or more, else a TIMESTAMP. Months are added on the calendar, the day
// clamped to the month's length (2024-01-31 + INTERVAL 1 MONTH is
// 2024-02-29); a result outside 0000-01-01..9999-12-31 is NULL, as in
// MySQL.
func bindDateAdd(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	unit, err := unitArg(c.name, args[2])
	if err != nil {
		return nil, err
	}
	unit, n, err := intervalCount(c.name, unit, args[1])
	if err != nil {
		return nil, err
	}
	x, err := dateArg(c.name, 0, args[0], timeUnits[unit])
	if err != nil {
		return nil, err
	}
	return c.call(x.Type(), x, n, &plan.Literal{Value: unit, T: types.VarcharType}), nil
}

// bindTimestampAdd types MySQL's TIMESTAMPADD(unit, n, x), which is
// DATE_ADD(x, INTERVAL n unit).
func bindTimestampAdd(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	unit, err := unitArg(c.name, args[0])
	if err != nil {
		return nil, err
	}
	if !simpleUnits[unit] {
		return nil, ferr("", "TIMESTAMPADD: unknown unit %s", unit)
	}
	return bindDateAdd(&callEnv{name: "date_add", called: c.called, b: c.b}, []plan.Expr{args[2], args[1], args[0]})
}

// intervalCount converts the n of INTERVAL n unit to the BIGINT count of a
// simple unit the kernels take: fractions of a second become
// microseconds, other numbers are rounded, and the string of a composite
// unit ('1:30' HOUR_MINUTE) becomes a count of months or microseconds.
func intervalCount(fn, unit string, n plan.Expr) (string, plan.Expr, error) {
	if parts, ok := compositeUnits[unit]; ok {
		return compositeInterval(fn, unit, parts, n)
	}
	if !simpleUnits[unit] {
		return "", nil, ferr("", "%s: unknown unit %s", strings.ToUpper(fn), unit)
	}
	if isStringLiteral(n) && n.(*plan.Literal).Value != nil {
		text := strings.TrimSpace(n.(*plan.Literal).Value.(string))
		if _, ok := types.ParseText([]byte(text), types.BigintType); !ok {
			if d, ok := decimalLiteral(text); ok {
				n = d
			}
		}
	}
	switch t := n.Type(); {
	case t.ID == types.Double || t.ID == types.Decimal && t.Scale > 0:
		if unit == "SECOND" {
			// INTERVAL 1.5 SECOND: 1500000 microseconds.
			us, err := bindArith("*", n, &plan.Literal{Value: int64(1e6), T: types.BigintType})
			if err != nil {
				return "", nil, err
			}
			return "MICROSECOND", castTo(us, types.BigintType), nil
		}
		return unit, castTo(n, types.BigintType), nil
	case t.IsNumeric() || t.ID == types.Boolean || t.ID == types.Varchar || t.ID == types.Unknown:
		return unit, castTo(n, types.BigintType), nil
	}
	return "", nil, ferr("", "%s: the interval must be a number, not %s", strings.ToUpper(fn), n.Type())
}

// compositeInterval reads the constant n of a composite unit as MySQL
// does: numbers separated by any other characters, an optional leading
// minus, the parts given counting from the right ('5' DAY_HOUR is 5
// hours), and a MICROSECOND part that is a fraction ('1.5'
// SECOND_MICROSECOND is 1.5 seconds).
func compositeInterval(fn, unit string, parts []string, n plan.Expr) (string, plan.Expr, error) {
	l, ok := n.(*plan.Literal)
	if !ok {
		return "", nil, ferr("write it as a string literal, e.g. INTERVAL '1:30' HOUR_MINUTE",
			"%s: INTERVAL ... %s needs a constant", strings.ToUpper(fn), unit)
	}
	if l.Value == nil {
		return "MICROSECOND", &plan.Literal{T: types.BigintType}, nil
	}
	text := fmt.Sprint(l.Value)
	if l.T.ID != types.Varchar {
		text = l.String()
	}
	s := strings.TrimSpace(text)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var nums []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		nums = append(nums, f)
	}
	bad := ferr(fmt.Sprintf("INTERVAL ... %s is written '%s'", unit, compositeForm(parts)),
		"%s: %q is not a valid INTERVAL ... %s", strings.ToUpper(fn), text, unit)
	if len(nums) == 0 || len(nums) > len(parts) {
		return "", nil, bad
	}
	parts = parts[len(parts)-len(nums):]
	var total int64
	months := unitMonths[parts[0]] > 0
	for i, p := range parts {
		digits := nums[i]
		v, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || v > 1e12 {
			return "", nil, bad
		}
		if p == "MICROSECOND" {
			if len(digits) > 6 {
				return "", nil, bad
			}
			for k := len(digits); k < 6; k++ {
				v *= 10
			}
		}
		if months {
			total += v * unitMonths[p]
		} else {
			total += v * unitMicros[p]
		}
		if total < 0 || total > 1e18 {
			return "", nil, bad
		}
	}
	if neg {
		total = -total
	}
	out := "MICROSECOND"
	if months {
		out = "MONTH"
	}
	return out, &plan.Literal{Value: total, T: types.BigintType}, nil
}

// compositeForm shows how the value of a composite unit is written.
func compositeForm(parts []string) string {
	var sb strings.Builder
	for i, p := range parts {
		if i > 0 {
			switch {
			case p == "MICROSECOND":
				sb.WriteByte('.')
			case parts[i-1] == "DAY":
				sb.WriteByte(' ')
			case parts[i-1] == "YEAR":
				sb.WriteByte('-')
			default:
				sb.WriteByte(':')
			}
		}
		sb.WriteString(strings.ToLower(p) + "s")
	}
	return sb.String()
}

// bindDateDiff types DATEDIFF(a, b): the days from b to a, ignoring the
// times of day, as in MySQL.
func bindDateDiff(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	out := make([]plan.Expr, 2)
	for i, a := range args {
		x, err := dateArg(c.name, i, a, false)
		if err != nil {
			return nil, err
		}
		out[i] = castTo(x, types.DateType)
	}
	return c.call(types.BigintType, out...), nil
}

// bindTimestampDiff types MySQL's TIMESTAMPDIFF(unit, a, b): b - a in
// whole units (truncated toward zero).
func bindTimestampDiff(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	unit, err := unitArg(c.name, args[0])
	if err != nil {
		return nil, err
	}
	if !simpleUnits[unit] {
		return nil, ferr("", "TIMESTAMPDIFF: unknown unit %s", unit)
	}
	out := []plan.Expr{args[0]}
	for i, a := range args[1:] {
		x, err := dateArg(c.name, i+1, a, true)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return c.call(types.BigintType, out...), nil
}

// bindLastDay types LAST_DAY(x): the DATE of the last day of x's month.
func bindLastDay(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := dateArg(c.name, 0, args[0], false)
	if err != nil {
		return nil, err
	}
	return c.call(types.DateType, castTo(x, types.DateType)), nil
}

// truncUnits are DATE_TRUNC's units, and whether they are shorter than a
// day.
var truncUnits = map[string]bool{"microsecond": true, "millisecond": true, "second": true, "minute": true, "hour": true,
	"day": false, "week": false, "month": false, "quarter": false, "year": false, "decade": false, "century": false}

// bindDateTrunc types PostgreSQL's DATE_TRUNC('unit', x): x cut down to
// the start of its unit (weeks start on Monday). Unlike PostgreSQL, a
// DATE truncated to a day or more stays a DATE.
func bindDateTrunc(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	l, ok := args[0].(*plan.Literal)
	if !ok || l.T.ID != types.Varchar || l.Value == nil {
		return nil, argErr(0, "", "DATE_TRUNC: the unit must be a constant string such as 'month'")
	}
	unit := strings.ToLower(strings.TrimSpace(l.Value.(string)))
	sub, ok := truncUnits[unit]
	if !ok {
		return nil, argErr(0, "the units are microsecond, millisecond, second, minute, hour, day, week, month, quarter, year, decade, century",
			"DATE_TRUNC: unknown unit %q", l.Value.(string))
	}
	x, err := dateArg(c.name, 1, args[1], sub)
	if err != nil {
		return nil, err
	}
	return c.call(x.Type(), &plan.Literal{Value: unit, T: types.VarcharType}, x), nil
}

// bindDate types DATE(x): the date of a timestamp.
func bindDate(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := dateArg(c.name, 0, args[0], false)
	if err != nil {
		return nil, err
	}
	return castTo(x, types.DateType), nil
}

// bindWeek types MySQL's WEEK(x[, mode]); the mode is 0 when omitted (as
// MySQL's default_week_format).
func bindWeek(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	x, err := dateArg(c.name, 0, args[0], false)
	if err != nil {
		return nil, err
	}
	mode := plan.Expr(&plan.Literal{Value: int64(0), T: types.BigintType})
	if len(args) > 1 {
		if mode, err = want(c.name, 1, args[1], types.BigintType); err != nil {
			return nil, err
		}
	}
	return c.call(types.BigintType, castTo(x, types.DateType), mode), nil
}

// bindDayName types DAYNAME(x) and MONTHNAME(x) as DATE_FORMAT(x, '%W')
// and DATE_FORMAT(x, '%M').
func bindDayName(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	f := "%W"
	if c.name == "monthname" {
		f = "%M"
	}
	x, err := dateArg(c.name, 0, args[0], false)
	if err != nil {
		return nil, err
	}
	return bindCall(c.b, "date_format", []plan.Expr{x, &plan.Literal{Value: f, T: types.VarcharType}})
}

// extractParts are the fields of EXTRACT's units, left to right; a
// composite unit's value is its fields' digits side by side (two digits
// each, six for microseconds), as in MySQL: EXTRACT(DAY_MINUTE FROM
// '2019-07-02 01:02:03') is 20102.
var extractParts = map[string][]string{
	"YEAR": {"year"}, "QUARTER": {"quarter"}, "MONTH": {"month"}, "WEEK": {"week"}, "DAY": {"day"},
	"HOUR": {"hour"}, "MINUTE": {"minute"}, "SECOND": {"second"}, "MICROSECOND": {"microsecond"},
	"YEAR_MONTH":         {"year", "month"},
	"DAY_HOUR":           {"day", "hour"},
	"DAY_MINUTE":         {"day", "hour", "minute"},
	"DAY_SECOND":         {"day", "hour", "minute", "second"},
	"DAY_MICROSECOND":    {"day", "hour", "minute", "second", "microsecond"},
	"HOUR_MINUTE":        {"hour", "minute"},
	"HOUR_SECOND":        {"hour", "minute", "second"},
	"HOUR_MICROSECOND":   {"hour", "minute", "second", "microsecond"},
	"MINUTE_SECOND":      {"minute", "second"},
	"MINUTE_MICROSECOND": {"minute", "second", "microsecond"},
	"SECOND_MICROSECOND": {"second", "microsecond"},
}

// bindExtract types EXTRACT(unit FROM x), which the parser gives as
// extract(unit, x).
func bindExtract(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	unit, err := unitArg(c.name, args[0])
	if err != nil {
		return nil, err
	}
	parts, ok := extractParts[unit]
	if !ok {
		return nil, ferr("", "EXTRACT: unknown unit %s", unit)
	}
	var out plan.Expr
	for _, p := range parts {
		f, err := bindCall(c.b, p, []plan.Expr{args[1]})
		if err != nil {
			return nil, err
		}
		if out != nil {
			scale := int64(100)
			if p == "microsecond" {
				scale = 1e6
			}
			if out, err = bindArith("*", out, &plan.Literal{Value: scale, T: types.BigintType}); err != nil {
				return nil, err
			}
			if f, err = bindArith("+", out, f); err != nil {
				return nil, err
			}
		}
		out = f
	}
	return out, nil
}

// bindNow types NOW() (CURRENT_TIMESTAMP, LOCALTIMESTAMP, SYSDATE,
// UTC_TIMESTAMP) and CURRENT_DATE (CURDATE, UTC_DATE): constants, the
// same in every row and every call of one statement. NOW() is in the
// local time zone with whole seconds, NOW(n) with n digits of fraction (0
// to 6), as in MySQL.
func bindNow(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	fsp := int64(0)
	if len(args) > 0 {
		l, _ := args[0].(*plan.Literal)
		var ok bool
		if l != nil {
			fsp, ok = l.Value.(int64)
		}
		if !ok || fsp < 0 || fsp > 6 {
			return nil, argErr(0, "", "%s: the precision must be a constant from 0 to 6", strings.ToUpper(c.called))
		}
	}
	t := c.now()
	if strings.HasPrefix(c.called, "utc_") {
		t = t.UTC()
	}
	_, off := t.Zone()
	micros := (t.Unix()+int64(off))*1e6 + int64(t.Nanosecond()/1000)
	if c.name == "current_date" {
		return &plan.Literal{Value: int32(floorDivInt(micros, 86400e6)), T: types.DateType}, nil
	}
	unit := int64(math.Pow10(int(6 - fsp)))
	return &plan.Literal{Value: floorDivInt(micros, unit) * unit, T: types.TimestampType}, nil
}

func floorDivInt(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
