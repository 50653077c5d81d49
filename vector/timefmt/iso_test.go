package timefmt

import (
	"math/rand"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		days int32
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1969-12-31", -1, true},
		{"2000-03-01", 11017, true},
		{"2000-02-29", 11016, true},
		{"2012-02-29", 15399, true},
		{"2011-07-18", 15173, true},
		{"2011-12-31", 15339, true},
		{"0001-01-01", -719162, true},
		{"0000-01-01", -719528, true},
		{"9999-12-31", 2932896, true},
		{"1900-02-29", 0, false},
		{"2011-02-29", 0, false},
		{"2011-02-30", 0, false},
		{"2011-13-01", 0, false},
		{"2011-00-01", 0, false},
		{"2011-01-00", 0, false},
		{"2011-04-31", 0, false},
		{"2011-12-32", 0, false},
		{"", 0, false},
		{"2011-7-18", 0, false},
		{"2011-07-8", 0, false},
		{"11-07-18", 0, false},
		{"2011/07/18", 0, false},
		{"2011-07-18 ", 0, false},
		{" 2011-07-18", 0, false},
		{"2011-07-18T00:00:00", 0, false},
		{"2011-0a-18", 0, false},
		{"20a1-07-18", 0, false},
		{"+011-07-18", 0, false},
		{"2011-07-1:", 0, false},
		{"20110718", 0, false},
	}
	for _, c := range cases {
		days, ok := ParseDate([]byte(c.in))
		if ok != c.ok || days != c.days {
			t.Errorf("ParseDate(%q) = %d, %v, want %d, %v", c.in, days, ok, c.days, c.ok)
		}
	}
}

func ts(y, m, d, h, mi, s, us int) int64 {
	return int64(DaysFromCivil(y, m, d))*MicrosPerDay + int64(h)*MicrosPerHour +
		int64(mi)*MicrosPerMinute + int64(s)*MicrosPerSecond + int64(us)
}

func TestParseTimestamp(t *testing.T) {
	cases := []struct {
		in     string
		micros int64
		ok     bool
	}{
		{"1970-01-01 00:00:00", 0, true},
		{"1970-01-01", 0, true},
		{"1969-12-31 23:59:59", -MicrosPerSecond, true},
		{"1969-12-31 23:59:59.999999", -1, true},
		{"2011-07-18 13:05:09", ts(2011, 7, 18, 13, 5, 9, 0), true},
		{"2011-07-18T13:05:09", ts(2011, 7, 18, 13, 5, 9, 0), true},
		{"2011-07-18", ts(2011, 7, 18, 0, 0, 0, 0), true},
		{"2011-07-18 13:05:09.5", ts(2011, 7, 18, 13, 5, 9, 500000), true},
		{"2011-07-18 13:05:09.12", ts(2011, 7, 18, 13, 5, 9, 120000), true},
		{"2011-07-18 13:05:09.123", ts(2011, 7, 18, 13, 5, 9, 123000), true},
		{"2011-07-18 13:05:09.1234", ts(2011, 7, 18, 13, 5, 9, 123400), true},
		{"2011-07-18 13:05:09.12345", ts(2011, 7, 18, 13, 5, 9, 123450), true},
		{"2011-07-18T13:05:09.123456", ts(2011, 7, 18, 13, 5, 9, 123456), true},
		{"2011-07-18 13:05:09.000001", ts(2011, 7, 18, 13, 5, 9, 1), true},
		{"2000-02-29 23:59:59", ts(2000, 2, 29, 23, 59, 59, 0), true},
		{"9999-12-31 23:59:59.999999", ts(9999, 12, 31, 23, 59, 59, 999999), true},
		{"0000-01-01 00:00:00", ts(0, 1, 1, 0, 0, 0, 0), true},
		{"2011-07-18 13:05:09.1234567", 0, false},
		{"2011-07-18 13:05:09.", 0, false},
		{"2011-07-18 13:05:09Z", 0, false},
		{"2011-07-18T13:05:09Z", 0, false},
		{"2011-07-18T13:05:09+02:00", 0, false},
		{"2011-07-18 13:05:09.5Z", 0, false},
		{"2011-07-18 13:05:09 UTC", 0, false},
		{"2011-07-18 13:05", 0, false},
		{"2011-07-18 13:05:9", 0, false},
		{"2011-07-18 24:00:00", 0, false},
		{"2011-07-18 23:60:00", 0, false},
		{"2011-07-18 23:00:60", 0, false},
		{"2011-07-18x13:05:09", 0, false},
		{"2011-07-18t13:05:09", 0, false},
		{"2011-07-18 13-05-09", 0, false},
		{"2011-07-18 13:05:09.12a", 0, false},
		{"2011-02-30 13:05:09", 0, false},
		{"2011-13-01 00:00:00", 0, false},
		{"2011-07-18 ", 0, false},
		{"", 0, false},
		{"2011", 0, false},
	}
	for _, c := range cases {
		micros, ok := ParseTimestamp([]byte(c.in))
		if ok != c.ok || micros != c.micros {
			t.Errorf("ParseTimestamp(%q) = %d, %v, want %d, %v", c.in, micros, ok, c.micros, c.ok)
		}
	}
}

func TestAppendDate(t *testing.T) {
	cases := []struct {
		days int32
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{11017, "2000-03-01"},
		{11016, "2000-02-29"},
		{15399, "2012-02-29"},
		{15173, "2011-07-18"},
		{-719162, "0001-01-01"},
		{-719528, "0000-01-01"},
		{2932896, "9999-12-31"},
		{2932897, "10000-01-01"},
		{-719529, "-0001-12-31"},
	}
	for _, c := range cases {
		if got := string(AppendDate(nil, c.days)); got != c.want {
			t.Errorf("AppendDate(%d) = %q, want %q", c.days, got, c.want)
		}
	}
	if got := string(AppendDate([]byte("d="), 0)); got != "d=1970-01-01" {
		t.Errorf("AppendDate appends wrongly: %q", got)
	}
}

func TestAppendTimestamp(t *testing.T) {
	cases := []struct {
		micros int64
		want   string
	}{
		{0, "1970-01-01 00:00:00"},
		{-1, "1969-12-31 23:59:59.999999"},
		{-MicrosPerSecond, "1969-12-31 23:59:59"},
		{ts(2011, 7, 18, 13, 5, 9, 0), "2011-07-18 13:05:09"},
		{ts(2011, 7, 18, 13, 5, 9, 500000), "2011-07-18 13:05:09.5"},
		{ts(2011, 7, 18, 13, 5, 9, 120000), "2011-07-18 13:05:09.12"},
		{ts(2011, 7, 18, 13, 5, 9, 123456), "2011-07-18 13:05:09.123456"},
		{ts(2011, 7, 18, 13, 5, 9, 1), "2011-07-18 13:05:09.000001"},
		{ts(2011, 7, 18, 13, 5, 9, 10), "2011-07-18 13:05:09.00001"},
		{ts(2000, 2, 29, 23, 59, 59, 0), "2000-02-29 23:59:59"},
		{ts(9999, 12, 31, 23, 59, 59, 999999), "9999-12-31 23:59:59.999999"},
	}
	for _, c := range cases {
		if got := string(AppendTimestamp(nil, c.micros)); got != c.want {
			t.Errorf("AppendTimestamp(%d) = %q, want %q", c.micros, got, c.want)
		}
	}
}

// TestISORoundTrip formats random values with package time and with this
// package and parses them back.
func TestISORoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	lo, hi := ts(0, 1, 1, 0, 0, 0, 0), ts(9999, 12, 31, 23, 59, 59, 999999)
	var buf []byte
	for i := 0; i < 100000; i++ {
		micros := lo + r.Int63n(hi-lo+1)
		if i%3 == 0 {
			micros -= micros % MicrosPerSecond
		}
		buf = AppendTimestamp(buf[:0], micros)
		tm := time.UnixMicro(micros).UTC()
		want := tm.Format("2006-01-02 15:04:05.999999")
		if string(buf) != want {
			t.Fatalf("AppendTimestamp(%d) = %q, time says %q", micros, buf, want)
		}
		got, ok := ParseTimestamp(buf)
		if !ok || got != micros {
			t.Fatalf("ParseTimestamp(%q) = %d, %v, want %d", buf, got, ok, micros)
		}
		days, _ := splitMicros(micros)
		buf = AppendDate(buf[:0], days)
		if want := tm.Format("2006-01-02"); string(buf) != want {
			t.Fatalf("AppendDate(%d) = %q, time says %q", days, buf, want)
		}
		if got, ok := ParseDate(buf); !ok || got != days {
			t.Fatalf("ParseDate(%q) = %d, %v, want %d", buf, got, ok, days)
		}
	}
}

func TestISONoAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	date := []byte("2011-07-18")
	stamp := []byte("2011-07-18 13:05:09.123")
	n := testing.AllocsPerRun(100, func() {
		ParseDate(date)
		ParseTimestamp(stamp)
		buf = AppendDate(buf[:0], 15173)
		buf = AppendTimestamp(buf[:0], 1310994309123000)
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// num4 returns the value of the four ASCII digits at b[0:4], and whether all
// are digits.
func num4(b []byte) (int, bool) {
	_ = b[3]
	d0, d1, d2, d3 := b[0]-'0', b[1]-'0', b[2]-'0', b[3]-'0'
	return int(d0)*1000 + int(d1)*100 + int(d2)*10 + int(d3),
		d0 <= 9 && d1 <= 9 && d2 <= 9 && d3 <= 9
}

// refParseDate is a plain byte-by-byte ParseDate.
func refParseDate(b []byte) (int32, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	y, ok1 := num4(b[0:4])
	m, ok2 := num2(b[5:7])
	d, ok3 := num2(b[8:10])
	if !(ok1 && ok2 && ok3) || !ValidDate(y, m, d) {
		return 0, false
	}
	return DaysFromCivil(y, m, d), true
}

// TestParseDateAgrees checks the word-wide ParseDate against refParseDate
// on valid dates with a few bytes changed.
func TestParseDateAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	alphabet := []byte("0123456789-/ :\x00\xff\xfa/9:")
	var buf []byte
	for i := 0; i < 200000; i++ {
		buf = AppendDate(buf[:0], int32(r.Intn(2932897+719528))-719528)
		for k := r.Intn(3); k > 0; k-- {
			p := r.Intn(len(buf))
			if r.Intn(2) == 0 {
				buf[p] = byte('0' + r.Intn(10))
			} else {
				buf[p] = alphabet[r.Intn(len(alphabet))]
			}
		}
		got, ok := ParseDate(buf)
		want, wok := refParseDate(buf)
		if ok != wok || got != want {
			t.Fatalf("ParseDate(%q) = %d, %v, want %d, %v", buf, got, ok, want, wok)
		}
	}
}
