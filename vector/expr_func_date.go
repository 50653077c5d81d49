package vector

import (
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// The date arithmetic kernels. Results outside MySQL's range of dates,
// 0000-01-01 to 9999-12-31, are NULL, as MySQL returns NULL for them.

func init() {
	registerKernel(dateAddKernel, "date_add", "date_sub")
	registerKernel(simple(dateDiffKernel), "datediff")
	registerKernel(simple(lastDayKernel), "last_day")
	registerKernel(dateTruncKernel, "date_trunc")
	registerKernel(simple(weekKernel), "week")
	registerKernel(timestampDiffKernel, "timestampdiff")
}

var (
	minDay    = int64(timefmt.DaysFromCivil(0, 1, 1))
	maxDay    = int64(timefmt.DaysFromCivil(9999, 12, 31))
	minMicros = minDay * microsPerDay
	maxMicros = (maxDay+1)*microsPerDay - 1
)

// intervalUnit is the length of one unit of INTERVAL: months, days or
// microseconds (exactly one is set).
type intervalUnit struct {
	months, days, micros int64
}

// intervalUnits are the units the date_add, date_sub and timestampdiff
// kernels take, by name.
var intervalUnits = map[string]intervalUnit{
	"MICROSECOND": {micros: 1},
	"SECOND":      {micros: timefmt.MicrosPerSecond},
	"MINUTE":      {micros: timefmt.MicrosPerMinute},
	"HOUR":        {micros: timefmt.MicrosPerHour},
	"DAY":         {days: 1},
	"WEEK":        {days: 7},
	"MONTH":       {months: 1},
	"QUARTER":     {months: 3},
	"YEAR":        {months: 12},
}

// nullMask is the validity of a result being built: NULL where an input
// is, and where the kernel clears a row.
type nullMask struct {
	bits []byte // nil: all valid so far
	n    int
}

func newNullMask(n int, arrs ...arrow.Array) *nullMask {
	valid, _ := validity(n, arrs...)
	return &nullMask{bits: bufBytes(valid), n: n}
}

func (m *nullMask) valid(i int) bool { return m.bits == nil || bitutil.BitIsSet(m.bits, i) }

func (m *nullMask) clear(i int) {
	if m.bits == nil {
		m.bits = make([]byte, bitutil.BytesForBits(int64(m.n)))
		bitutil.SetBitsTo(m.bits, 0, int64(m.n), true)
	}
	bitutil.ClearBit(m.bits, i)
}

func (m *nullMask) finish() (*memory.Buffer, int) {
	if m.bits == nil {
		return nil, 0
	}
	nulls := m.n - bitutil.CountSetBits(m.bits, 0, m.n)
	if nulls == 0 {
		return nil, 0
	}
	return memory.NewBufferBytes(m.bits), nulls
}

// addMonths adds n months to a day number, clamping the day of the month
// to the new month's length (2024-01-31 + 1 month is 2024-02-29); ok is
// false past the range of dates.
func addMonths(day int64, n int64) (int64, bool) {
	if n > 12*10000 || n < -12*10000 {
		return 0, false
	}
	y, m, d := timefmt.CivilFromDays(int32(day))
	total := int64(y)*12 + int64(m-1) + n
	if total < 0 || total >= 12*10000 {
		return 0, false
	}
	ny, nm := int(total/12), int(total%12)+1
	return int64(timefmt.DaysFromCivil(ny, nm, min(d, timefmt.DaysInMonth(ny, nm)))), true
}

// mulFits returns a*b when it fits in an int64 of magnitude under 2^62.
func mulFits(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	const lim = 1 << 62
	if a > lim || a < -lim || b > lim || b < -lim {
		return 0, false
	}
	p := a * b
	if p/b != a || p > lim || p < -lim {
		return 0, false
	}
	return p, true
}

// addInterval adds n units to a DATE (day number, isDate) or TIMESTAMP
// (microseconds); ok is false when the result is out of range.
func addInterval(v int64, isDate bool, u intervalUnit, n int64) (int64, bool) {
	switch {
	case u.months != 0:
		months, ok := mulFits(n, u.months)
		if !ok {
			return 0, false
		}
		if isDate {
			return addMonths(v, months)
		}
		day := floorDiv(v, microsPerDay)
		tod := v - day*microsPerDay
		d, ok := addMonths(day, months)
		return d*microsPerDay + tod, ok
	case u.days != 0 && isDate:
		days, ok := mulFits(n, u.days)
		r := v + days
		return r, ok && r >= minDay && r <= maxDay
	default:
		step := u.micros
		if u.days != 0 {
			step = u.days * microsPerDay
		}
		us, ok := mulFits(n, step)
		r := v + us
		return r, ok && r >= minMicros && r <= maxMicros
	}
}

// dateAddKernel is DATE_ADD(x, n, unit) and DATE_SUB: x is a DATE (for
// units of a day or more) or a TIMESTAMP, n a BIGINT, unit a constant
// name from intervalUnits.
func dateAddKernel(name string, args []Expr, t types.Type) (kernel, error) {
	unitName, ok := constString(args[2])
	u, known := intervalUnits[unitName]
	if !ok || !known {
		return nil, fmt.Errorf("%s: the unit must be a constant DAY, MONTH, ... (got %s)", strings.ToUpper(name), args[2])
	}
	isDate := args[0].Type().ID == types.Date
	if isDate && u.micros != 0 {
		return nil, fmt.Errorf("%s: a DATE takes no unit smaller than a day", strings.ToUpper(name))
	}
	sub := name == "date_sub"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		counts := int64s(a[1])
		mask := newNullMask(n, a[0], a[1])
		if isDate {
			in := int32s(a[0])
			out := make([]int32, n)
			for i := range out {
				c := counts[i]
				if sub {
					c = -c
				}
				r, ok := addInterval(int64(in[i]), true, u, c)
				if !ok || (sub && counts[i] == math.MinInt64) {
					mask.clear(i)
					continue
				}
				out[i] = int32(r)
			}
			valid, nulls := mask.finish()
			return NewDate32Array(out, valid, nulls), nil
		}
		in := int64s(a[0])
		out := make([]int64, n)
		for i := range out {
			c := counts[i]
			if sub {
				c = -c
			}
			r, ok := addInterval(in[i], false, u, c)
			if !ok || (sub && counts[i] == math.MinInt64) {
				mask.clear(i)
				continue
			}
			out[i] = r
		}
		valid, nulls := mask.finish()
		return NewTimestampArray(out, valid, nulls), nil
	}, nil
}

// dateDiffKernel is DATEDIFF(a, b) of two DATEs: a - b in days.
func dateDiffKernel(a []arrow.Array, n int) (arrow.Array, error) {
	x, y := int32s(a[0]), int32s(a[1])
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(x[i]) - int64(y[i])
	}
	valid, nulls := validity(n, a...)
	return NewInt64Array(out, valid, nulls), nil
}

// lastDayKernel is LAST_DAY(d): the last day of d's month.
func lastDayKernel(a []arrow.Array, n int) (arrow.Array, error) {
	in := int32s(a[0])
	out := make([]int32, n)
	for i, d := range in {
		y, m, _ := timefmt.CivilFromDays(d)
		out[i] = timefmt.DaysFromCivil(y, m, timefmt.DaysInMonth(y, m))
	}
	valid, nulls := validity(n, a...)
	return NewDate32Array(out, valid, nulls), nil
}

// truncUnits are DATE_TRUNC's units.
var truncUnits = map[string]bool{"microsecond": true, "millisecond": true, "second": true, "minute": true,
	"hour": true, "day": true, "week": true, "month": true, "quarter": true, "year": true, "decade": true, "century": true}

// truncDay truncates a day number to the start of its week (Monday, as
// ISO and PostgreSQL count), month, quarter, year, decade or century.
func truncDay(day int32, unit string) int32 {
	if unit == "week" {
		// 1970-01-01 was a Thursday: 3 days after a Monday.
		return day - int32(((int64(day)+3)%7+7)%7)
	}
	y, m, _ := timefmt.CivilFromDays(day)
	switch unit {
	case "month":
		return timefmt.DaysFromCivil(y, m, 1)
	case "quarter":
		return timefmt.DaysFromCivil(y, (m-1)/3*3+1, 1)
	case "year":
		return timefmt.DaysFromCivil(y, 1, 1)
	case "decade":
		return timefmt.DaysFromCivil(int(floorDiv(int64(y), 10)*10), 1, 1)
	case "century":
		// The first century began with year 1, as PostgreSQL counts.
		return timefmt.DaysFromCivil(int(floorDiv(int64(y)-1, 100)*100+1), 1, 1)
	}
	return day
}

// dateTruncKernel is PostgreSQL's DATE_TRUNC(unit, x) with a constant
// unit: x (a DATE or TIMESTAMP, of the result's type) cut down to the
// start of its unit.
func dateTruncKernel(_ string, args []Expr, t types.Type) (kernel, error) {
	unit, ok := constString(args[0])
	if !ok || !truncUnits[unit] {
		return nil, fmt.Errorf("DATE_TRUNC: the unit must be a constant: second, minute, hour, day, week, month, quarter, year, ...")
	}
	if t.ID == types.Date {
		return func(a []arrow.Array, n int) (arrow.Array, error) {
			in := int32s(a[1])
			out := make([]int32, n)
			for i, d := range in {
				out[i] = truncDay(d, unit)
			}
			valid, nulls := validity(n, a[1])
			return NewDate32Array(out, valid, nulls), nil
		}, nil
	}
	var step int64
	switch unit {
	case "microsecond":
		step = 1
	case "millisecond":
		step = 1000
	case "second":
		step = timefmt.MicrosPerSecond
	case "minute":
		step = timefmt.MicrosPerMinute
	case "hour":
		step = timefmt.MicrosPerHour
	case "day":
		step = microsPerDay
	}
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		in := int64s(a[1])
		out := make([]int64, n)
		for i, v := range in {
			if step != 0 {
				out[i] = floorDiv(v, step) * step
				continue
			}
			out[i] = int64(truncDay(int32(floorDiv(v, microsPerDay)), unit)) * microsPerDay
		}
		valid, nulls := validity(n, a[1])
		return NewTimestampArray(out, valid, nulls), nil
	}, nil
}

// weekKernel is MySQL's WEEK(d, mode) of a DATE and a BIGINT mode (only
// its low three bits count, as in MySQL).
func weekKernel(a []arrow.Array, n int) (arrow.Array, error) {
	in := int32s(a[0])
	modes := int64s(a[1])
	out := make([]int64, n)
	for i, d := range in {
		w, _ := mysqlWeek(d, weekMode(int(modes[i]&7)))
		out[i] = int64(w)
	}
	valid, nulls := validity(n, a...)
	return NewInt64Array(out, valid, nulls), nil
}

// The bits of a MySQL week behaviour (sql-common/my_time.cc).
const (
	weekMondayFirst  = 1
	weekYear         = 2
	weekFirstWeekday = 4
)

// weekMode turns WEEK's mode argument into a week behaviour, as MySQL's
// week_mode does.
func weekMode(mode int) int {
	f := mode & 7
	if f&weekMondayFirst == 0 {
		f ^= weekFirstWeekday
	}
	return f
}

// mysqlWeek is MySQL's calc_week: the week number of day d under the
// behaviour b, and the year the week belongs to.
func mysqlWeek(d int32, b int) (week, year int) {
	y, m, dd := timefmt.CivilFromDays(d)
	day := int64(d)
	first := int64(timefmt.DaysFromCivil(y, 1, 1))
	mondayFirst := b&weekMondayFirst != 0
	wy := b&weekYear != 0
	firstWeekday := b&weekFirstWeekday != 0
	// weekday of 1 January: 0 is Monday (or Sunday unless mondayFirst).
	wd := func(x int64) int {
		off := int64(3) // 1970-01-01 was a Thursday: 3 days after Monday
		if !mondayFirst {
			off = 4
		}
		return int(((x+off)%7 + 7) % 7)
	}
	weekday := wd(first)
	year = y
	daysIn := func(y int) int {
		if timefmt.DaysInMonth(y, 2) == 29 {
			return 366
		}
		return 365
	}
	if m == 1 && dd <= 7-weekday {
		if !wy && ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)) {
			return 0, year
		}
		wy = true
		year--
		n := daysIn(year)
		first -= int64(n)
		weekday = (weekday + 53*7 - n) % 7
	}
	var days int64
	if (firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4) {
		days = day - (first + int64(7-weekday))
	} else {
		days = day - (first - int64(weekday))
	}
	if wy && days >= 52*7 {
		weekday = (weekday + daysIn(year)) % 7
		if (!firstWeekday && weekday < 4) || (firstWeekday && weekday == 0) {
			return 1, year + 1
		}
	}
	return int(days/7) + 1, year
}

// timestampDiffKernel is MySQL's TIMESTAMPDIFF(unit, a, b) of two
// TIMESTAMPs with a constant unit: b - a in whole units, truncated toward
// zero. Months count only when b's day and time of day reach a's.
func timestampDiffKernel(_ string, args []Expr, _ types.Type) (kernel, error) {
	unitName, ok := constString(args[0])
	u, known := intervalUnits[unitName]
	if !ok || !known {
		return nil, fmt.Errorf("TIMESTAMPDIFF: the unit must be a constant DAY, MONTH, ... (got %s)", args[0])
	}
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		x, y := int64s(a[1]), int64s(a[2])
		out := make([]int64, n)
		mask := newNullMask(n, a[1], a[2])
		for i := range out {
			switch {
			case u.months != 0:
				out[i] = monthsBetween(x[i], y[i]) / u.months
			default:
				step := u.micros
				if u.days != 0 {
					step = u.days * microsPerDay
				}
				diff := y[i] - x[i]
				if (y[i] >= x[i]) != (diff >= 0) {
					mask.clear(i) // only far out of range values overflow
					continue
				}
				out[i] = diff / step
			}
		}
		valid, nulls := mask.finish()
		return NewInt64Array(out, valid, nulls), nil
	}, nil
}

// monthsBetween is the whole months from timestamp a to b, truncated
// toward zero.
func monthsBetween(a, b int64) int64 {
	neg := b < a
	if neg {
		a, b = b, a
	}
	ad, bd := floorDiv(a, microsPerDay), floorDiv(b, microsPerDay)
	at, bt := a-ad*microsPerDay, b-bd*microsPerDay
	ay, am, aday := timefmt.CivilFromDays(int32(ad))
	by, bm, bday := timefmt.CivilFromDays(int32(bd))
	months := int64(by-ay)*12 + int64(bm-am)
	if bday < aday || (bday == aday && bt < at) {
		months--
	}
	if neg {
		return -months
	}
	return months
}
