package vector

import (
	"math"
	"testing"

	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

func unit(t *testing.T, u string) *Const { return lit(t, tStr, u) }

func TestDateAddDate(t *testing.T) {
	rec := mkRec(t,
		col("d", tDate, "2024-01-31", "2023-01-31", "2024-02-29", "2024-03-31", nil, "2024-05-06", "9999-12-31", "0000-01-01", "1993-07-01"),
		col("n", tInt, 1, 1, 12, -1, 1, nil, 1, -1, 3),
	)
	defer rec.Release()
	d, n := ref(0, tDate), ref(1, tInt)
	// Months clamp the day to the new month's length.
	wantVals(t, "DATE + n MONTH", eval(t, fn(t, "date_add", tDate, d, n, unit(t, "MONTH")), rec),
		"2024-02-29", "2023-02-28", "2025-02-28", "2024-02-29", nil, nil, nil, nil, "1993-10-01")
	wantVals(t, "DATE + n YEAR", eval(t, fn(t, "date_add", tDate, d, n, unit(t, "YEAR")), rec),
		"2025-01-31", "2024-01-31", "2036-02-29", "2023-03-31", nil, nil, nil, nil, "1996-07-01")
	wantVals(t, "DATE + n QUARTER", eval(t, fn(t, "date_add", tDate, d, n, unit(t, "QUARTER")), rec),
		"2024-04-30", "2023-04-30", "2027-02-28", "2023-12-31", nil, nil, nil, nil, "1994-04-01")
	// Past 9999-12-31 or before 0000-01-01: NULL.
	wantVals(t, "DATE + n DAY", eval(t, fn(t, "date_add", tDate, d, n, unit(t, "DAY")), rec),
		"2024-02-01", "2023-02-01", "2024-03-12", "2024-03-30", nil, nil, nil, nil, "1993-07-04")
	wantVals(t, "DATE - n DAY", eval(t, fn(t, "date_sub", tDate, d, n, unit(t, "DAY")), rec),
		"2024-01-30", "2023-01-30", "2024-02-17", "2024-04-01", nil, nil, "9999-12-30", "0000-01-02", "1993-06-28")
	wantVals(t, "DATE + n WEEK", eval(t, fn(t, "date_add", tDate, d, n, unit(t, "WEEK")), rec),
		"2024-02-07", "2023-02-07", "2024-05-23", "2024-03-24", nil, nil, nil, nil, "1993-07-22")
}

func TestDateAddOverflow(t *testing.T) {
	rec := mkRec(t, col("d", tDate, "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"),
		col("n", tInt, math.MaxInt64, math.MinInt64, 1<<62, -(1<<40)))
	defer rec.Release()
	d, n := ref(0, tDate), ref(1, tInt)
	for _, u := range []string{"DAY", "WEEK", "MONTH", "YEAR"} {
		wantVals(t, "date_add huge "+u, eval(t, fn(t, "date_add", tDate, d, n, unit(t, u)), rec), nil, nil, nil, nil)
		wantVals(t, "date_sub huge "+u, eval(t, fn(t, "date_sub", tDate, d, n, unit(t, u)), rec), nil, nil, nil, nil)
	}
	ts := mkRec(t, col("x", tTS, "2024-01-01 00:00:00", "2024-01-01 00:00:00", "2024-01-01 00:00:00"),
		col("n", tInt, math.MaxInt64, math.MinInt64, 1<<58))
	defer ts.Release()
	for _, u := range []string{"MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "MONTH"} {
		wantVals(t, "timestamp + huge "+u, eval(t, fn(t, "date_add", tTS, ref(0, tTS), ref(1, tInt), unit(t, u)), ts), nil, nil, nil)
	}
}

func TestDateAddTimestamp(t *testing.T) {
	rec := mkRec(t,
		col("x", tTS, "2024-01-31 10:20:30.5", "1969-12-31 23:59:59", nil, "2024-02-29 00:00:00"),
		col("n", tInt, 1, 2, 1, -1),
	)
	defer rec.Release()
	x, n := ref(0, tTS), ref(1, tInt)
	wantVals(t, "TS + n MONTH", eval(t, fn(t, "date_add", tTS, x, n, unit(t, "MONTH")), rec),
		"2024-02-29 10:20:30.5", "1970-02-28 23:59:59", nil, "2024-01-29 00:00:00")
	wantVals(t, "TS + n HOUR", eval(t, fn(t, "date_add", tTS, x, n, unit(t, "HOUR")), rec),
		"2024-01-31 11:20:30.5", "1970-01-01 01:59:59", nil, "2024-02-28 23:00:00")
	wantVals(t, "TS - n SECOND", eval(t, fn(t, "date_sub", tTS, x, n, unit(t, "SECOND")), rec),
		"2024-01-31 10:20:29.5", "1969-12-31 23:59:57", nil, "2024-02-29 00:00:01")
	wantVals(t, "TS + n MICROSECOND", eval(t, fn(t, "date_add", tTS, x, n, unit(t, "MICROSECOND")), rec),
		"2024-01-31 10:20:30.500001", "1969-12-31 23:59:59.000002", nil, "2024-02-28 23:59:59.999999")
	wantVals(t, "TS + n DAY", eval(t, fn(t, "date_add", tTS, x, n, unit(t, "DAY")), rec),
		"2024-02-01 10:20:30.5", "1970-01-02 23:59:59", nil, "2024-02-28 00:00:00")
	wantVals(t, "TS + n MINUTE", eval(t, fn(t, "date_add", tTS, x, n, unit(t, "MINUTE")), rec),
		"2024-01-31 10:21:30.5", "1970-01-01 00:01:59", nil, "2024-02-28 23:59:00")
}

func TestDateAddErrors(t *testing.T) {
	_, err := NewFunc("date_add", []Expr{ref(0, tDate), ref(1, tInt), ref(2, tStr)}, tDate)
	wantErr(t, "column unit", err, "DATE_ADD: the unit must be a constant")
	_, err = NewFunc("date_add", []Expr{ref(0, tDate), ref(1, tInt), unit(t, "FORTNIGHT")}, tDate)
	wantErr(t, "bad unit", err, "DATE_ADD: the unit must be a constant")
	_, err = NewFunc("date_sub", []Expr{ref(0, tDate), ref(1, tInt), unit(t, "HOUR")}, tDate)
	wantErr(t, "DATE with HOUR", err, "DATE_SUB: a DATE takes no unit smaller than a day")
}

func TestDateDiffLastDay(t *testing.T) {
	rec := mkRec(t,
		col("a", tDate, "2024-03-01", "2024-01-01", nil, "1970-01-01", "2023-02-10", "2000-12-25"),
		col("b", tDate, "2024-02-01", "2024-03-01", "2024-01-01", "1969-12-31", "2023-02-10", nil),
	)
	defer rec.Release()
	wantVals(t, "DATEDIFF", eval(t, fn(t, "datediff", tInt, ref(0, tDate), ref(1, tDate)), rec), 29, -60, nil, 1, 0, nil)
	wantVals(t, "LAST_DAY", eval(t, fn(t, "last_day", tDate, ref(0, tDate)), rec),
		"2024-03-31", "2024-01-31", nil, "1970-01-31", "2023-02-28", "2000-12-31")
	wantVals(t, "LAST_DAY(b)", eval(t, fn(t, "last_day", tDate, ref(1, tDate)), rec),
		"2024-02-29", "2024-03-31", "2024-01-31", "1969-12-31", "2023-02-28", nil)
}

func TestDateTrunc(t *testing.T) {
	rec := mkRec(t,
		col("d", tDate, "2024-05-15", "2024-01-01", "1969-12-31", nil, "2000-02-29", "2024-05-19"),
		col("x", tTS, "2024-05-15 13:45:56.789", "2024-01-01 00:00:00", "1969-12-31 23:59:59.5", nil, "2000-02-29 12:00:00", "2024-05-19 23:59:59"),
	)
	defer rec.Release()
	d, x := ref(0, tDate), ref(1, tTS)
	cases := []struct {
		unit  string
		dates []any
		tss   []any
	}{
		{"year", []any{"2024-01-01", "2024-01-01", "1969-01-01", nil, "2000-01-01", "2024-01-01"},
			[]any{"2024-01-01 00:00:00", "2024-01-01 00:00:00", "1969-01-01 00:00:00", nil, "2000-01-01 00:00:00", "2024-01-01 00:00:00"}},
		{"quarter", []any{"2024-04-01", "2024-01-01", "1969-10-01", nil, "2000-01-01", "2024-04-01"}, nil},
		{"month", []any{"2024-05-01", "2024-01-01", "1969-12-01", nil, "2000-02-01", "2024-05-01"},
			[]any{"2024-05-01 00:00:00", "2024-01-01 00:00:00", "1969-12-01 00:00:00", nil, "2000-02-01 00:00:00", "2024-05-01 00:00:00"}},
		// Weeks start on Monday: 2024-05-15 is a Wednesday, 2024-05-19 a
		// Sunday, 1969-12-31 a Wednesday.
		{"week", []any{"2024-05-13", "2024-01-01", "1969-12-29", nil, "2000-02-28", "2024-05-13"},
			[]any{"2024-05-13 00:00:00", "2024-01-01 00:00:00", "1969-12-29 00:00:00", nil, "2000-02-28 00:00:00", "2024-05-13 00:00:00"}},
		{"decade", []any{"2020-01-01", "2020-01-01", "1960-01-01", nil, "2000-01-01", "2020-01-01"}, nil},
		{"century", []any{"2001-01-01", "2001-01-01", "1901-01-01", nil, "1901-01-01", "2001-01-01"}, nil},
		{"day", nil, []any{"2024-05-15 00:00:00", "2024-01-01 00:00:00", "1969-12-31 00:00:00", nil, "2000-02-29 00:00:00", "2024-05-19 00:00:00"}},
		{"hour", nil, []any{"2024-05-15 13:00:00", "2024-01-01 00:00:00", "1969-12-31 23:00:00", nil, "2000-02-29 12:00:00", "2024-05-19 23:00:00"}},
		{"minute", nil, []any{"2024-05-15 13:45:00", "2024-01-01 00:00:00", "1969-12-31 23:59:00", nil, "2000-02-29 12:00:00", "2024-05-19 23:59:00"}},
		{"second", nil, []any{"2024-05-15 13:45:56", "2024-01-01 00:00:00", "1969-12-31 23:59:59", nil, "2000-02-29 12:00:00", "2024-05-19 23:59:59"}},
		{"millisecond", nil, []any{"2024-05-15 13:45:56.789", "2024-01-01 00:00:00", "1969-12-31 23:59:59.5", nil, "2000-02-29 12:00:00", "2024-05-19 23:59:59"}},
	}
	for _, c := range cases {
		if c.dates != nil {
			wantVals(t, "DATE_TRUNC("+c.unit+", DATE)", eval(t, fn(t, "date_trunc", tDate, lit(t, tStr, c.unit), d), rec), c.dates...)
		}
		if c.tss != nil {
			wantVals(t, "DATE_TRUNC("+c.unit+", TIMESTAMP)", eval(t, fn(t, "date_trunc", tTS, lit(t, tStr, c.unit), x), rec), c.tss...)
		}
	}
	_, err := NewFunc("date_trunc", []Expr{lit(t, tStr, "fortnight"), d}, tDate)
	wantErr(t, "bad unit", err, "DATE_TRUNC: the unit must be a constant")
}

// MySQL's documented WEEK values, and mode 3 checked against Go's ISO
// weeks over several years.
func TestWeek(t *testing.T) {
	rec := mkRec(t,
		col("d", tDate, "2008-02-20", "2008-02-20", "2008-12-31", "2000-01-01", "2000-01-01", nil, "2024-12-30", "2021-01-03", "2021-01-03"),
		col("m", tInt, 0, 1, 1, 0, 2, 0, 3, 0, 7),
	)
	defer rec.Release()
	wantVals(t, "WEEK", eval(t, fn(t, "week", tInt, ref(0, tDate), ref(1, tInt)), rec), 7, 8, 53, 0, 52, nil, 1, 1, 52)

	start := timefmt.DaysFromCivil(1995, 1, 1)
	for d := start; d < start+366*12; d++ {
		y, m, dd := timefmt.CivilFromDays(d)
		w, wy := mysqlWeek(d, weekMode(3))
		gy, gw := isoWeek(y, m, dd)
		if w != gw || wy != gy {
			t.Fatalf("WEEK(%04d-%02d-%02d, 3) = %d of %d, ISO week %d of %d", y, m, dd, w, wy, gw, gy)
		}
	}
}

// isoWeek is the ISO 8601 week of a date, computed directly: the week of
// its Thursday.
func isoWeek(y, m, d int) (year, week int) {
	day := int64(timefmt.DaysFromCivil(y, m, d))
	wd := ((day+3)%7 + 7) % 7 // 0 = Monday
	thu := day - wd + 3
	ty, _, _ := timefmt.CivilFromDays(int32(thu))
	return ty, int((thu-int64(timefmt.DaysFromCivil(ty, 1, 1)))/7) + 1
}

func TestWeekday(t *testing.T) {
	rec := mkRec(t, col("d", tDate, "2024-05-13", "2024-05-19", "1970-01-01", "1969-12-28", nil))
	defer rec.Release()
	wantVals(t, "WEEKDAY", eval(t, fn(t, "weekday", tInt, ref(0, tDate)), rec), 0, 6, 3, 6, nil)
}

func TestTimestampDiff(t *testing.T) {
	rec := mkRec(t,
		col("a", tTS, "2024-01-31 00:00:00", "2024-01-31 00:00:00", "2024-03-15 12:00:00", "2024-01-01 00:00:00", nil, "2023-01-01 00:00:00"),
		col("b", tTS, "2024-02-29 00:00:00", "2024-03-31 00:00:00", "2023-03-15 12:00:01", "2024-01-02 12:00:00", "2024-01-01 00:00:00", "2024-12-31 23:59:59"),
	)
	defer rec.Release()
	a, b := ref(0, tTS), ref(1, tTS)
	td := func(u string) []any { return eval(t, fn(t, "timestampdiff", tInt, unit(t, u), a, b), rec) }
	wantVals(t, "MONTH", td("MONTH"), 0, 2, -11, 0, nil, 23)
	wantVals(t, "YEAR", td("YEAR"), 0, 0, 0, 0, nil, 1)
	wantVals(t, "QUARTER", td("QUARTER"), 0, 0, -3, 0, nil, 7)
	wantVals(t, "DAY", td("DAY"), 29, 60, -365, 1, nil, 730)
	wantVals(t, "WEEK", td("WEEK"), 4, 8, -52, 0, nil, 104)
	wantVals(t, "HOUR", td("HOUR"), 696, 1440, -8783, 36, nil, 17543)
	wantVals(t, "SECOND", td("SECOND"), 2505600, 5184000, -31622399, 129600, nil, 63158399)
}
