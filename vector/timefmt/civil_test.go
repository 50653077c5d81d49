package timefmt

import (
	"math"
	"math/rand"
	"testing"
	"time"
)

var knownDays = []struct {
	y, m, d int
	days    int32
}{
	{1970, 1, 1, 0},
	{1969, 12, 31, -1},
	{2000, 3, 1, 11017},
	{2000, 2, 29, 11016},
	{1900, 3, 1, -25508},
	{1900, 2, 28, -25509},
	{2012, 2, 29, 15399},
	{2011, 7, 18, 15173},
	{2011, 12, 31, 15339},
	{2038, 1, 19, 24855},
	{1600, 2, 29, -135081},
	{1, 1, 1, -719162},
	{0, 12, 31, -719163},
	{0, 1, 1, -719528},
	{9999, 12, 31, 2932896},
}

func TestDaysFromCivilKnown(t *testing.T) {
	for _, c := range knownDays {
		if got := DaysFromCivil(c.y, c.m, c.d); got != c.days {
			t.Errorf("DaysFromCivil(%d, %d, %d) = %d, want %d", c.y, c.m, c.d, got, c.days)
		}
		y, m, d := CivilFromDays(c.days)
		if y != c.y || m != c.m || d != c.d {
			t.Errorf("CivilFromDays(%d) = %d-%d-%d, want %d-%d-%d", c.days, y, m, d, c.y, c.m, c.d)
		}
	}
}

func TestValidDate(t *testing.T) {
	cases := []struct {
		y, m, d int
		want    bool
	}{
		{2000, 2, 29, true},  // divisible by 400
		{1900, 2, 29, false}, // divisible by 100 only
		{2012, 2, 29, true},  // divisible by 4
		{2011, 2, 29, false},
		{2011, 2, 28, true},
		{2011, 2, 30, false},
		{2011, 12, 31, true},
		{2011, 12, 32, false},
		{2011, 4, 30, true},
		{2011, 4, 31, false},
		{2011, 1, 31, true},
		{2011, 13, 1, false},
		{2011, 0, 1, false},
		{2011, 1, 0, false},
		{2011, -1, 1, false},
		{2011, 1, -1, false},
		{0, 2, 29, true}, // year 0 is a leap year
		{0, 1, 1, true},
		{9999, 12, 31, true},
		{10000, 1, 1, false},
		{-1, 12, 31, false},
	}
	for _, c := range cases {
		if got := ValidDate(c.y, c.m, c.d); got != c.want {
			t.Errorf("ValidDate(%d, %d, %d) = %v, want %v", c.y, c.m, c.d, got, c.want)
		}
	}
}

// TestCivilRoundTripAllDays walks every day from 0001-01-01 to 9999-12-31
// and checks that day numbers are consecutive, round-trip, and agree with
// ValidDate.
func TestCivilRoundTripAllDays(t *testing.T) {
	want := DaysFromCivil(1, 1, 1)
	if want != -719162 {
		t.Fatalf("DaysFromCivil(1, 1, 1) = %d", want)
	}
	for y := 1; y <= 9999; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 31; d++ {
				if !ValidDate(y, m, d) {
					if d <= 28 {
						t.Fatalf("ValidDate(%d, %d, %d) = false", y, m, d)
					}
					continue
				}
				got := DaysFromCivil(y, m, d)
				if got != want {
					t.Fatalf("DaysFromCivil(%d, %d, %d) = %d, want %d", y, m, d, got, want)
				}
				yy, mm, dd := CivilFromDays(got)
				if yy != y || mm != m || dd != d {
					t.Fatalf("CivilFromDays(%d) = %d-%d-%d, want %d-%d-%d", got, yy, mm, dd, y, m, d)
				}
				want++
			}
		}
	}
	if want-1 != 2932896 {
		t.Fatalf("last day = %d", want-1)
	}
}

// TestCivilAgreesWithTime checks a sample of days against package time.
func TestCivilAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	check := func(days int32) {
		tm := time.Unix(int64(days)*86400, 0).UTC()
		y, m, d := CivilFromDays(days)
		if y != tm.Year() || m != int(tm.Month()) || d != tm.Day() {
			t.Fatalf("CivilFromDays(%d) = %d-%d-%d, time says %v", days, y, m, d, tm)
		}
		if got := DaysFromCivil(tm.Year(), int(tm.Month()), tm.Day()); got != days {
			t.Fatalf("DaysFromCivil(%v) = %d, want %d", tm, got, days)
		}
		if wd := weekday(days); wd != int(tm.Weekday()) {
			t.Fatalf("weekday(%d) = %d, time says %v", days, wd, tm.Weekday())
		}
	}
	lo, hi := DaysFromCivil(0, 1, 1), DaysFromCivil(9999, 12, 31)
	for i := 0; i < 200000; i++ {
		check(lo + int32(r.Int63n(int64(hi-lo)+1)))
	}
	// Far outside MySQL's range too, where time still knows the answer.
	for i := 0; i < 20000; i++ {
		check(int32(r.Int63n(1<<31)) - 1<<30)
	}
	for _, d := range []int32{lo, hi, -1, 0, 1, -719468, -719469, -146097, 146097} {
		check(d)
	}
}

// TestCivilExtremes checks that the whole int32 range round-trips.
func TestCivilExtremes(t *testing.T) {
	for _, days := range []int32{math.MinInt32, math.MinInt32 + 1, math.MaxInt32, math.MaxInt32 - 1, -1 << 30, 1 << 30} {
		y, m, d := CivilFromDays(days)
		if m < 1 || m > 12 || d < 1 || d > 31 {
			t.Errorf("CivilFromDays(%d) = %d-%d-%d", days, y, m, d)
		}
		if got := DaysFromCivil(y, m, d); got != days {
			t.Errorf("DaysFromCivil(CivilFromDays(%d) = %d-%d-%d) = %d", days, y, m, d, got)
		}
	}
}

func TestSplitMicros(t *testing.T) {
	cases := []struct {
		micros int64
		days   int32
		tod    int64
	}{
		{0, 0, 0},
		{1, 0, 1},
		{-1, -1, MicrosPerDay - 1},
		{MicrosPerDay, 1, 0},
		{-MicrosPerDay, -1, 0},
		{-MicrosPerDay - 1, -2, MicrosPerDay - 1},
		{math.MaxInt64, int32(math.MaxInt64 / MicrosPerDay), math.MaxInt64 % MicrosPerDay},
	}
	for _, c := range cases {
		days, tod := splitMicros(c.micros)
		if days != c.days || tod != c.tod {
			t.Errorf("splitMicros(%d) = %d, %d, want %d, %d", c.micros, days, tod, c.days, c.tod)
		}
	}
}

// TestCivilFastPath checks CivilFromDays's 32-bit path against Hinnant's
// algorithm (civilFromDaysSlow): every day of years -770..4707, a random
// sample of the rest of its range, and its edges. (The whole range, about
// a billion days, was checked once; it takes a minute.)
func TestCivilFastPath(t *testing.T) {
	check := func(days int32) {
		y, m, d := CivilFromDays(days)
		y2, m2, d2 := civilFromDaysSlow(days)
		if y != y2 || m != m2 || d != d2 {
			t.Fatalf("CivilFromDays(%d) = %d-%d-%d, want %d-%d-%d", days, y, m, d, y2, m2, d2)
		}
	}
	for days := int32(-1_000_000); days <= 1_000_000; days++ {
		check(days)
	}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 1_000_000; i++ {
		check(int32(civilFastMin + r.Int63n(civilFastMax-civilFastMin+1)))
	}
	for _, days := range []int32{civilFastMin - 1, civilFastMin, civilFastMin + 1, civilFastMax - 1, civilFastMax, civilFastMax + 1} {
		check(days)
	}
}
