// Package timefmt converts dates and timestamps to and from text.
//
// Dates are int32 days since 1970-01-01 (Arrow date32) and timestamps are
// int64 microseconds since 1970-01-01 00:00:00 without a time zone (Arrow
// timestamp[us]), both in the proleptic Gregorian calendar. The package
// serves the CSV scanner (typing columns as DATE or TIMESTAMP), CAST, and the
// MySQL functions STR_TO_DATE and DATE_FORMAT (see Compile).
//
// Every per-value function is meant for the hot path: it does no allocation
// (the Append functions write into the caller's buffer) and does not use
// package time; calendar arithmetic is pure integer code after Howard
// Hinnant's days_from_civil and civil_from_days algorithms.
package timefmt

// Microsecond counts used to split timestamps.
const (
	// MicrosPerSecond is the number of microseconds in a second.
	MicrosPerSecond = 1_000_000
	// MicrosPerMinute is the number of microseconds in a minute.
	MicrosPerMinute = 60 * MicrosPerSecond
	// MicrosPerHour is the number of microseconds in an hour.
	MicrosPerHour = 60 * MicrosPerMinute
	// MicrosPerDay is the number of microseconds in a day: a timestamp
	// divided by it (rounding toward minus infinity) is its date.
	MicrosPerDay = 24 * MicrosPerHour
)

// DaysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (negative before 1970). It does not check the date
// (see ValidDate); a month outside 1..12 or a day outside the month gives an
// unspecified result, as does a date whose day number does not fit an int32.
func DaysFromCivil(y, m, d int) int32 {
	if uint(m-1) < 12 && uint(y+399) < 1<<20 {
		return daysFromValid(y, m, d)
	}
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	// Era arithmetic on a non-negative year keeps the divisions unsigned
	// (cheaper) and correct for years before 0.
	var shift int64
	if yy < 0 {
		shift = (-yy + 399) / 400
		yy += shift * 400
	}
	uy := uint64(yy)
	era := uy / 400
	yoe := uy - era*400 // [0, 399]
	mp := uint64(m + 9)
	if m > 2 {
		mp = uint64(m - 3)
	}
	doy := (153*mp+2)/5 + uint64(d) - 1    // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return int32(int64(era)*146097 + int64(doe) - 719468 - shift*146097)
}

// CivilFromDays returns the proleptic Gregorian date that is the given number
// of days after 1970-01-01: it is the inverse of DaysFromCivil, with m in
// 1..12 and d in 1..31.
func CivilFromDays(days int32) (y, m, d int) {
	if days < civilFastMin || days > civilFastMax {
		return civilFromDaysSlow(days)
	}
	// Neri and Schneider's Euclidean affine functions ("Euclidean affine
	// functions and their application to calendar algorithms", 2022): the
	// day count is shifted by s 400-year eras so that all arithmetic is
	// unsigned and 32-bit, and most divisions become multiplications.
	const (
		s = 82
		k = 719468 + 146097*s
		l = 400 * s
	)
	n := uint32(days + k)
	// Century.
	n1 := 4*n + 3
	c := n1 / 146097
	nc := n1 % 146097 / 4
	// Year of the century, and day of the (March-based) year.
	n2 := 4*nc + 3
	p2 := uint64(2939745) * uint64(n2)
	z := uint32(p2 >> 32)
	ny := uint32(p2) / 2939745 / 4
	// Month and day, March-based.
	n3 := 2141*ny + 197913
	mm := n3 >> 16
	dd := (n3 & 0xFFFF) / 2141
	y = int(100*c+z) - l
	if ny >= 306 { // January or February: next civil year
		y++
		mm -= 12
	}
	return y, int(mm), int(dd) + 1
}

// The range of days where CivilFromDays takes the fast 32-bit path (years
// about -32800 to 2.9 million); the tests check it against
// civilFromDaysSlow.
const (
	civilFastMin = -(719468 + 146097*82)
	civilFastMax = (1<<32-3)/4 - (719468 + 146097*82) // 4n+3 must fit 32 bits
)

// civilFromDaysSlow is Howard Hinnant's civil_from_days, for any int32.
func civilFromDaysSlow(days int32) (y, m, d int) {
	z := int64(days) + 719468
	// Shift into non-negative territory by whole 400-year eras so that
	// every division below is unsigned. int32 days reach back only about
	// 5.9 million years; 15000 eras (6 million years) cover them all.
	const eraShift = 15000
	uz := uint64(z + eraShift*146097)
	era := uz / 146097
	doe := uz - era*146097                                 // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11]
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(int64(yoe) + (int64(era)-eraShift)*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// ValidDate reports whether y-m-d is a real calendar date with a year in
// 0..9999 (the range of MySQL's DATE; year 0 is a leap year in the proleptic
// Gregorian calendar).
func ValidDate(y, m, d int) bool {
	if uint(y) > 9999 || uint(m-1) > 11 {
		return false
	}
	// Branch-free on the day: random days of the month would make a
	// "d > 28" branch a costly guess.
	return uint(d-1) < uint(monthLen[leapBits[y>>3]>>(y&7)&1][m&15])
}

// isLeap reports whether y is a leap year of the proleptic Gregorian
// calendar.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// leapBits has bit y&7 of byte y>>3 set when year y (0..9999) is a leap
// year.
var leapBits = func() (t [10000/8 + 1]uint8) {
	for y := 0; y < 10000; y += 4 {
		if isLeap(y) {
			t[y>>3] |= 1 << (y & 7)
		}
	}
	return t
}()

// monthLen[leap][m] is the length of month m (1..12).
var monthLen = [2][16]uint8{
	{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

// daysFromValid is DaysFromCivil for a month in 1..12 and a year in
// -399..about 11 million (any day, even out of the month, counts on
// linearly): it works on the March-based year shifted by one 400-year era,
// which keeps every division unsigned and the code branch-free.
func daysFromValid(y, m, d int) int32 {
	yy := uint32(y) + 400 - uint32(marchShift[m&15])
	c := yy / 100
	days := yy*365 + yy/4 - c + c/4 + uint32(marchDays[m&15]) + uint32(d)
	return int32(days) - (719468 + 146097 + 1)
}

// marchShift[m] is 1 for January and February, which count as months of
// the year before in a March-based year; marchDays[m] is the number of days
// from 1 March to the first of month m in that year.
var (
	marchShift = [16]uint8{0, 1, 1}
	marchDays  = [16]uint16{0, 306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275}
)

// splitMicros splits a timestamp into its day number and its microseconds
// since midnight (0..MicrosPerDay-1), rounding toward minus infinity.
func splitMicros(micros int64) (days int32, tod int64) {
	d := micros / MicrosPerDay
	tod = micros - d*MicrosPerDay
	if tod < 0 {
		d--
		tod += MicrosPerDay
	}
	return int32(d), tod
}

// DaysInMonth returns the number of days of month m (1..12) of year y in
// the proleptic Gregorian calendar.
func DaysInMonth(y, m int) int {
	if uint(m-1) > 11 {
		return 0
	}
	if m == 2 && isLeap(y) {
		return 29
	}
	return int(monthLen[0][m])
}
