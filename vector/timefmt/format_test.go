package timefmt

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"
)

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		format string
		offset int
		spec   string
		reason string
	}{
		{"%Y-%U", 3, "%U", "unsupported week specifier"},
		{"%u", 0, "%u", "unsupported week specifier"},
		{"%V", 0, "%V", "unsupported week specifier"},
		{"%v", 0, "%v", "unsupported week specifier"},
		{"%X", 0, "%X", "unsupported week specifier"},
		{"%x", 0, "%x", "unsupported week specifier"},
		{"%Y%.", 2, "%.", "unsupported skipping specifier"},
		{"%@", 0, "%@", "unsupported skipping specifier"},
		{"%#", 0, "%#", "unsupported skipping specifier"},
		{"%Y-%m-%q", 6, "%q", "unknown specifier"},
		{"ab%Z", 2, "%Z", "unknown specifier"},
		{"%é", 0, "%é", "unknown specifier"},
		{"%Y%", 2, "%", "lone percent sign"},
		{"%", 0, "%", "lone percent sign"},
	}
	for _, c := range cases {
		f, err := Compile(c.format)
		if err == nil {
			t.Errorf("Compile(%q) = %v, want an error", c.format, f)
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Errorf("Compile(%q) error %T is not a *FormatError", c.format, err)
			continue
		}
		if fe.Format != c.format || fe.Offset != c.offset || fe.Spec != c.spec || !strings.HasPrefix(fe.Reason, c.reason) {
			t.Errorf("Compile(%q) error = %+v, want offset %d spec %q reason %q", c.format, fe, c.offset, c.spec, c.reason)
		}
		msg := err.Error()
		if !strings.Contains(msg, c.spec) || !strings.Contains(msg, c.reason) || !strings.Contains(msg, "offset") {
			t.Errorf("Compile(%q) error message %q does not name the problem", c.format, msg)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MustCompile did not panic on an unsupported specifier")
		}
	}()
	MustCompile("%U")
}

func TestHasDateHasTime(t *testing.T) {
	cases := []struct {
		format     string
		date, time bool
	}{
		{"%m%d%Y", true, false},
		{"%Y-%m-%d %H:%i:%s", true, true},
		{"%H:%i:%s", false, true},
		{"%T", false, true},
		{"%r", false, true},
		{"%f", false, true},
		{"%p", false, true},
		{"%k", false, true},
		{"%l", false, true},
		{"%h", false, true},
		{"%I", false, true},
		{"%S", false, true},
		{"%Y", true, false},
		{"%y", true, false},
		{"%c", true, false},
		{"%e", true, false},
		{"%M", true, false},
		{"%b", true, false},
		{"%a", true, false},
		{"%W", true, false},
		{"%w", true, false},
		{"%j", true, false},
		{"%D", true, false},
		{"abc %%", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		f := MustCompile(c.format)
		if f.HasDate() != c.date || f.HasTime() != c.time {
			t.Errorf("%q: HasDate, HasTime = %v, %v, want %v, %v", c.format, f.HasDate(), f.HasTime(), c.date, c.time)
		}
		if f.String() != c.format {
			t.Errorf("String() = %q, want %q", f.String(), c.format)
		}
	}
}

func TestAppend(t *testing.T) {
	t1 := ts(2011, 7, 18, 13, 5, 9, 123456) // a Monday, day 199
	t2 := ts(2000, 1, 2, 0, 7, 3, 0)        // a Sunday, just after midnight
	t3 := ts(2012, 12, 31, 12, 0, 0, 500)   // a Monday, noon, day 366
	cases := []struct {
		format string
		micros int64
		want   string
	}{
		{"%Y", t1, "2011"},
		{"%Y", ts(33, 1, 1, 0, 0, 0, 0), "0033"},
		{"%Y", ts(0, 1, 1, 0, 0, 0, 0), "0000"},
		{"%y", t1, "11"},
		{"%y", t2, "00"},
		{"%y", ts(1999, 1, 1, 0, 0, 0, 0), "99"},
		{"%m", t1, "07"},
		{"%m", t3, "12"},
		{"%c", t1, "7"},
		{"%c", t3, "12"},
		{"%d", t1, "18"},
		{"%d", t2, "02"},
		{"%e", t1, "18"},
		{"%e", t2, "2"},
		{"%D", t1, "18th"},
		{"%D", t2, "2nd"},
		{"%D", t3, "31st"},
		{"%D", ts(2011, 7, 1, 0, 0, 0, 0), "1st"},
		{"%D", ts(2011, 7, 3, 0, 0, 0, 0), "3rd"},
		{"%D", ts(2011, 7, 11, 0, 0, 0, 0), "11th"},
		{"%D", ts(2011, 7, 12, 0, 0, 0, 0), "12th"},
		{"%D", ts(2011, 7, 13, 0, 0, 0, 0), "13th"},
		{"%D", ts(2011, 7, 21, 0, 0, 0, 0), "21st"},
		{"%D", ts(2011, 7, 22, 0, 0, 0, 0), "22nd"},
		{"%D", ts(2011, 7, 23, 0, 0, 0, 0), "23rd"},
		{"%D", ts(2011, 7, 30, 0, 0, 0, 0), "30th"},
		{"%j", t1, "199"},
		{"%j", t2, "002"},
		{"%j", t3, "366"},
		{"%j", ts(2011, 12, 31, 0, 0, 0, 0), "365"},
		{"%j", ts(2011, 2, 10, 0, 0, 0, 0), "041"},
		{"%M", t1, "July"},
		{"%M", t2, "January"},
		{"%b", t1, "Jul"},
		{"%b", t3, "Dec"},
		{"%W", t1, "Monday"},
		{"%W", t2, "Sunday"},
		{"%W", ts(2011, 7, 23, 0, 0, 0, 0), "Saturday"},
		{"%a", t1, "Mon"},
		{"%a", t2, "Sun"},
		{"%w", t1, "1"},
		{"%w", t2, "0"},
		{"%w", ts(2011, 7, 23, 0, 0, 0, 0), "6"},
		{"%H", t1, "13"},
		{"%H", t2, "00"},
		{"%k", t1, "13"},
		{"%k", t2, "0"},
		{"%h", t1, "01"},
		{"%h", t2, "12"},
		{"%h", t3, "12"},
		{"%I", t1, "01"},
		{"%I", t2, "12"},
		{"%l", t1, "1"},
		{"%l", t2, "12"},
		{"%l", ts(2011, 7, 18, 23, 0, 0, 0), "11"},
		{"%i", t1, "05"},
		{"%i", t3, "00"},
		{"%s", t1, "09"},
		{"%S", t2, "03"},
		{"%f", t1, "123456"},
		{"%f", t2, "000000"},
		{"%f", t3, "000500"},
		{"%p", t1, "PM"},
		{"%p", t2, "AM"},
		{"%p", t3, "PM"},
		{"%p", ts(2011, 7, 18, 11, 59, 59, 999999), "AM"},
		{"%T", t1, "13:05:09"},
		{"%T", t2, "00:07:03"},
		{"%r", t1, "01:05:09 PM"},
		{"%r", t2, "12:07:03 AM"},
		{"%r", t3, "12:00:00 PM"},
		{"%%", t1, "%"},
		{"100%% on %Y", t1, "100% on 2011"},
		{"", t1, ""},
		{"%m%d%Y", t1, "07182011"},
		{"%Y-%m-%d %H:%i:%s.%f", t1, "2011-07-18 13:05:09.123456"},
		{"%W, %M %D, %Y", t1, "Monday, July 18th, 2011"},
		{"%a %b %e %T %Y", t2, "Sun Jan 2 00:07:03 2000"},
		{"%d/%m/%y %l:%i %p", t3, "31/12/12 12:00 PM"},
		{"Tag %j à %kh", t1, "Tag 199 à 13h"},
		{"%Y-%m-%d", -1, "1969-12-31"},
		{"%H:%i:%s.%f", -1, "23:59:59.999999"},
	}
	for _, c := range cases {
		got := string(MustCompile(c.format).Append(nil, c.micros))
		if got != c.want {
			t.Errorf("%q: Append(%s) = %q, want %q", c.format, AppendTimestamp(nil, c.micros), got, c.want)
		}
	}
	if got := string(MustCompile("%Y").Append([]byte("y="), t1)); got != "y=2011" {
		t.Errorf("Append appends wrongly: %q", got)
	}
}

// parseCase is one STR_TO_DATE case; a zero want with ok false means NULL.
type parseCase struct {
	format, in string
	want       int64
	ok         bool
}

func date(y, m, d int) int64 { return ts(y, m, d, 0, 0, 0, 0) }

func tod(h, mi, s, us int) int64 { return ts(1970, 1, 1, h, mi, s, us) }

var parseCases = []parseCase{
	// The hot path format.
	{"%m%d%Y", "07182011", date(2011, 7, 18), true},
	{"%m%d%Y", "02292012", date(2012, 2, 29), true},
	{"%m%d%Y", "02292000", date(2000, 2, 29), true},
	{"%m%d%Y", "02291900", 0, false},
	{"%m%d%Y", "02292011", 0, false},
	{"%m%d%Y", "02302011", 0, false},
	{"%m%d%Y", "12312011", date(2011, 12, 31), true},
	{"%m%d%Y", "13012011", 0, false},
	{"%m%d%Y", "00012011", 0, false},
	{"%m%d%Y", "01002011", 0, false},
	{"%m%d%Y", "07182011x", 0, false},
	{"%m%d%Y", "x07182011", 0, false},
	{"%m%d%Y", "0718201a", 0, false},
	{"%m%d%Y", "7/18/2011", 0, false},
	{"%m%d%Y", "", 0, false},
	{"%m%d%Y", "   ", 0, false},
	{"%m%d%Y", "07182011  ", date(2011, 7, 18), true}, // trailing spaces are skipped
	{"%m%d%Y", " 07182011", date(2011, 7, 18), true},  // so are leading ones
	{"%m%d%Y", "07 18 2011", date(2011, 7, 18), true}, // and those before every field
	{"%m%d%Y", "0718", date(0, 7, 18), true},          // input ran out: the year is 0
	{"%m%d%Y", "071", date(0, 7, 1), true},            // month 07, day 1, no year
	{"%m%d%Y", "07", 0, false},                        // no day
	{"%m%d%Y", "071820111", 0, false},                 // %Y reads at most 4 digits
	{"%m%d%Y", "0718201", date(201, 7, 18), true},     // three-digit year
	{"%m%d%Y", "071811", date(2011, 7, 18), true},     // two-digit %Y: the 70 rule
	{"%m%d%Y", "071870", date(1970, 7, 18), true},     // two-digit %Y: the 70 rule
	{"%m%d%Y", "07180000", date(0, 7, 18), true},      // four zeros are year 0
	{"%m%d%Y", "\t07182011\r\n", date(2011, 7, 18), true},
	// Literal separators and variable widths.
	{"%m/%d/%Y", "7/18/2011", date(2011, 7, 18), true},
	{"%m/%d/%Y", "07/18/2011", date(2011, 7, 18), true},
	{"%m/%d/%Y", "7/8/2011", date(2011, 7, 8), true},
	{"%m/%d/%Y", "7-18-2011", 0, false},
	{"%m/%d/%Y", "7/18/2011/", 0, false},
	{"%m/%d/%Y", "7//18/2011", 0, false},
	{"%m/%d/%Y", "/18/2011", 0, false},
	{"%m/%d/%Y", "+7/18/2011", 0, false},
	{"%m/%d/%Y", "007/18/2011", 0, false},
	{"%Y-%m-%d", "2011-07-18", date(2011, 7, 18), true},
	{"%Y-%m-%d", "2011-13-01", 0, false},
	{"%Y-%m-%d", "2011-02-30", 0, false},
	{"%Y-%m-%d", "2011-7-8", date(2011, 7, 8), true},
	{"%Y-%m-%d", "2011-07", 0, false}, // no day
	{"%Y-%m-%d", "2011-07-", 0, false},
	{"%Y-%m-%d", "0000-02-29", date(0, 2, 29), true},
	{"%Y%m%d", "20110718", date(2011, 7, 18), true},
	{"%Y%m%d", "201178", 0, false}, // greedy: month 78
	{"%y%m%d", "110718", date(2011, 7, 18), true},
	{"%y%m%d", "690718", date(2069, 7, 18), true},
	{"%y%m%d", "700718", date(1970, 7, 18), true},
	{"%y%m%d", "990718", date(1999, 7, 18), true},
	{"%y-%m-%d", "5-7-8", date(2005, 7, 8), true},
	{"%d.%m.%y", "18.07.11", date(2011, 7, 18), true},
	{"%d.%m.%Y", "29.02.2000", date(2000, 2, 29), true},
	{"%c/%e/%Y", "7/8/2011", date(2011, 7, 8), true},
	{"%c/%e/%Y", "12/31/2011", date(2011, 12, 31), true},
	{"%Y %m %d", "2011 07 18", date(2011, 7, 18), true},
	{"%Y %m %d", "20110718", date(2011, 7, 18), true}, // format spaces match nothing
	{"%Y %m %d", "2011   07 18", date(2011, 7, 18), true},
	{"%Y%%%m", "2011%07", 0, false}, // no day
	{"%Y%%%m%%%d", "2011%07%18", date(2011, 7, 18), true},
	{"x%Y-%m-%d", "X2011-07-18", 0, false}, // literals are case-sensitive
	{"x%Y-%m-%d", "x2011-07-18", date(2011, 7, 18), true},
	// Names.
	{"%M %d, %Y", "July 18, 2011", date(2011, 7, 18), true},
	{"%M %d, %Y", "july 18, 2011", date(2011, 7, 18), true},
	{"%M %d, %Y", "JULY 18, 2011", date(2011, 7, 18), true},
	{"%M %d, %Y", "Jul 18, 2011", date(2011, 7, 18), true},  // unique prefix
	{"%M %d, %Y", "Sept 18, 2011", date(2011, 9, 18), true}, // unique prefix
	{"%M %d, %Y", "Ju 18, 2011", 0, false},                  // June or July
	{"%M %d, %Y", "M 18, 2011", 0, false},                   // March or May
	{"%M %d, %Y", "Julyy 18, 2011", 0, false},               // not a name
	{"%M %d, %Y", "18, 2011", 0, false},                     // no name
	{"%M%d%Y", "July182011", date(2011, 7, 18), true},       // the name ends at the digits
	{"%M %d, %Y", "February 29, 2011", 0, false},            // no such day
	{"%b %d %Y", "Jul 18 2011", date(2011, 7, 18), true},
	{"%b %d %Y", "dec 31 2011", date(2011, 12, 31), true},
	{"%b %d %Y", "May 1 2011", date(2011, 5, 1), true},
	{"%b %d %Y", "July 18 2011", 0, false}, // a full name is not an abbreviation
	{"%b %d %Y", "Ja 18 2011", date(2011, 1, 18), true},
	{"%W, %M %e, %Y", "Monday, July 18, 2011", date(2011, 7, 18), true},
	{"%W, %M %e, %Y", "friday, July 18, 2011", date(2011, 7, 18), true}, // the weekday is ignored, as in MySQL
	{"%W, %M %e, %Y", "Fri, July 18, 2011", date(2011, 7, 18), true},
	{"%W, %M %e, %Y", "Frobday, July 18, 2011", 0, false},
	{"%W, %M %e, %Y", "T, July 18, 2011", 0, false}, // Tuesday or Thursday
	{"%a %b %e %Y", "Mon Jul 18 2011", date(2011, 7, 18), true},
	{"%a %b %e %Y", "MON JUL 18 2011", date(2011, 7, 18), true},
	{"%a %b %e %Y", "Monday Jul 18 2011", 0, false},
	{"%a %b %e %Y", "Xyz Jul 18 2011", 0, false},
	{"%w %Y-%m-%d", "1 2011-07-18", date(2011, 7, 18), true},
	{"%w %Y-%m-%d", "6 2011-07-18", date(2011, 7, 18), true},
	{"%w %Y-%m-%d", "7 2011-07-18", 0, false},
	{"%w%Y-%m-%d", "12011-07-18", date(2011, 7, 18), true},
	// %D.
	{"%M %D, %Y", "July 18th, 2011", date(2011, 7, 18), true},
	{"%M %D, %Y", "July 1st, 2011", date(2011, 7, 1), true},
	{"%M %D, %Y", "July 2ND, 2011", date(2011, 7, 2), true},
	{"%M %D, %Y", "July 3rd, 2011", date(2011, 7, 3), true},
	{"%M %D, %Y", "July 11th, 2011", date(2011, 7, 11), true},
	{"%M %D, %Y", "July 22nd, 2011", date(2011, 7, 22), true},
	{"%M %D, %Y", "July 18st, 2011", 0, false},
	{"%M %D, %Y", "July 18, 2011", 0, false},
	{"%M %D", "July 18", date(0, 7, 18), true}, // input ends after the digits
	{"%D %M %Y", "1st January 2000", date(2000, 1, 1), true},
	// %j.
	{"%Y %j", "2011 199", date(2011, 7, 18), true},
	{"%Y %j", "2011 1", date(2011, 1, 1), true},
	{"%Y %j", "2012 060", date(2012, 2, 29), true},
	{"%Y %j", "2011 060", date(2011, 3, 1), true},
	{"%Y %j", "2012 366", date(2012, 12, 31), true},
	{"%Y %j", "2011 366", 0, false},
	{"%Y %j", "2011 000", 0, false},
	{"%Y %j", "2011 1999", 0, false},
	{"%Y%j", "2011199", date(2011, 7, 18), true},
	{"%j", "199", 0, false},         // no year
	{"%j %Y", "199 0000", 0, false}, // year 0
	{"%j %Y", "199 2011", date(2011, 7, 18), true},
	// Times.
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13:05:09", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13:5:9", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 24:00:00", 0, false},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 23:60:00", 0, false},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 23:00:60", 0, false},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18", date(2011, 7, 18), true}, // time left unset
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13", ts(2011, 7, 18, 13, 0, 0, 0), true},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13:05:09 ", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13:05:09 x", 0, false},
	{"%Y-%m-%d %H:%i:%s", "2011-07-18 13:05:09.5", 0, false},
	{"%Y-%m-%dT%H:%i:%S", "2011-07-18T13:05:09", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %k:%i:%S", "2011-07-18 0:05:09", ts(2011, 7, 18, 0, 5, 9, 0), true},
	{"%Y-%m-%d %T", "2011-07-18 13:05:09", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %T", "2011-07-18 13:05", ts(2011, 7, 18, 13, 5, 0, 0), true},
	{"%Y-%m-%d %T", "2011-07-18 13-05-09", 0, false},
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.123456", ts(2011, 7, 18, 13, 5, 9, 123456), true},
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.5", ts(2011, 7, 18, 13, 5, 9, 500000), true},
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.000001", ts(2011, 7, 18, 13, 5, 9, 1), true},
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.1234567", 0, false},
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.", ts(2011, 7, 18, 13, 5, 9, 0), true}, // input ran out
	{"%Y-%m-%d %H:%i:%s.%f", "2011-07-18 13:05:09.x", 0, false},
	// 12-hour clock.
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09 PM", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09 pm", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09 AM", ts(2011, 7, 18, 1, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 12:05:09 AM", ts(2011, 7, 18, 0, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 12:05:09 PM", ts(2011, 7, 18, 12, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 13:05:09 PM", 0, false},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 00:05:09 AM", 0, false},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09 XM", 0, false},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09 P", 0, false},
	{"%Y-%m-%d %h:%i:%s %p", "2011-07-18 01:05:09", ts(2011, 7, 18, 1, 5, 9, 0), true},
	{"%Y-%m-%d %h:%i:%s%p", "2011-07-18 01:05:09pm", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %I:%i %p", "2011-07-18 11:30 pm", ts(2011, 7, 18, 23, 30, 0, 0), true},
	{"%Y-%m-%d %l:%i %p", "2011-07-18 9:30 am", ts(2011, 7, 18, 9, 30, 0, 0), true},
	{"%Y-%m-%d %H:%i %p", "2011-07-18 09:30 PM", 0, false}, // %p without a 12-hour field
	{"%p %h:%i", "PM 01:30", 0, false},                     // %p before it
	{"%Y-%m-%d %r", "2011-07-18 01:05:09 PM", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %r", "2011-07-18 12:00:00 AM", ts(2011, 7, 18, 0, 0, 0, 0), true},
	{"%Y-%m-%d %r", "2011-07-18 1:5:9 pm", ts(2011, 7, 18, 13, 5, 9, 0), true},
	{"%Y-%m-%d %r", "2011-07-18 13:05:09 PM", 0, false},
	// Time-only formats give microseconds since midnight.
	{"%H:%i:%s", "13:05:09", tod(13, 5, 9, 0), true},
	{"%H:%i:%s", "00:00:00", 0, true},
	{"%H:%i:%s", "24:00:00", 0, false},
	{"%T", "23:59:59", tod(23, 59, 59, 0), true},
	{"%T.%f", "23:59:59.999999", tod(23, 59, 59, 999999), true},
	{"%r", "11:59:59 PM", tod(23, 59, 59, 0), true},
	{"%h", "12", 0, true},
	{"%k", "7", tod(7, 0, 0, 0), true},
	{"%i", "61", 0, false},
	{"%S", "59", tod(0, 0, 59, 0), true},
	{"%f", "25", tod(0, 0, 0, 250000), true},
	// Formats without the month or the day.
	{"%Y", "2011", 0, false},
	{"%Y-%m", "2011-07", 0, false},
	{"%m-%d", "07-18", date(0, 7, 18), true},
	{"%W", "Monday", 0, false},
	{"abc", "abc", 0, true}, // neither date nor time: midnight of day 0
	{"abc", "abd", 0, false},
	{"", "x", 0, false},
	{"", "", 0, false},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		f := MustCompile(c.format)
		got, ok := f.Parse([]byte(c.in))
		if ok != c.ok || got != c.want {
			t.Errorf("STR_TO_DATE(%q, %q) = %s (%d), %v, want %s (%d), %v", c.in, c.format,
				AppendTimestamp(nil, got), got, ok, AppendTimestamp(nil, c.want), c.want, c.ok)
		}
		slow, sok := f.parseSlow([]byte(c.in))
		if sok != ok || slow != got {
			t.Errorf("STR_TO_DATE(%q, %q): general path gives %d, %v; Parse %d, %v", c.in, c.format, slow, sok, got, ok)
		}
		days, dok := f.ParseDate([]byte(c.in))
		wantDays, _ := splitMicros(c.want)
		if !c.ok {
			wantDays = 0
		}
		if dok != c.ok || days != wantDays {
			t.Errorf("ParseDate(%q, %q) = %d, %v, want %d, %v", c.in, c.format, days, dok, wantDays, c.ok)
		}
	}
}

// TestFastPath checks which formats get the fixed-layout fast path.
func TestFastPath(t *testing.T) {
	cases := []struct {
		format string
		n      int
	}{
		{"%m%d%Y", 8},
		{"%Y-%m-%d", 10},
		{"%y%m%d", 6},
		{"%c/%e/%Y", 10},
		{"%Y-%m-%d %H:%i:%s", 19},
		{"%Y-%m-%d %H:%i:%s.%f", 26},
		{"%H:%i:%s", 8},
		{"%Y-%m-%dT%H:%i:%s.%f and more text", 0}, // too long
		{"%M %d %Y", 0},
		{"%Y %j", 0},
		{"%h:%i %p", 0},
		{"%Y-%m", 0},
		{"%m%d%Y%m", 0},
		{"abc", 0},
		{"", 0},
	}
	for _, c := range cases {
		if n := int(MustCompile(c.format).fx.n); n != c.n {
			t.Errorf("%q: fast path length %d, want %d", c.format, n, c.n)
		}
	}
	// The date-only word path of ParseDate.
	dates := []struct {
		format string
		on     bool
	}{
		{"%m%d%Y", true},
		{"%Y%m%d", true},
		{"%Y-%m-%d", true},
		{"%d.%m.%y", true},
		{"%m/%d/%Y", true},
		{"abcdefg%m%d%Y", true},   // 15 bytes, month at 7..8 in the second word
		{"abcdefg%mx%d%Y", false}, // 16 bytes, month at 7..8 straddles the words
		{"%y%m%d", false},         // 6 bytes: byte by byte
		{"%Y-%m-%d %H", false},    // a time
		{"%H:%i:%s", false},
		{"%M %d %Y", false},
	}
	for _, c := range dates {
		fx := MustCompile(c.format).fx
		if fx.dateOnly != c.on || (fx.dateN1 != 0) != c.on {
			t.Errorf("%q: dateOnly %v (dateN1 %d), want %v", c.format, fx.dateOnly, fx.dateN1, c.on)
		}
	}
	var zero Format
	if _, ok := zero.ParseDate(nil); ok {
		t.Error("the zero Format parsed empty input")
	}
}

// TestFastPathAgrees feeds fixed-layout formats random inputs that have the
// right length, mostly digits, and checks that the fast path and the general
// path agree.
func TestFastPathAgrees(t *testing.T) {
	formats := []string{"%m%d%Y", "%d%m%y", "%Y-%m-%d", "%y%m%d", "%Y%m%d%H%i%s",
		"%Y-%m-%d %H:%i:%s", "%Y-%m-%d %H:%i:%s.%f", "%H:%i:%s", "%m/%d/%Y", "%Y%m%d %f",
		"abcdefg%m%d%Y", "abcdefg%mx%d%Y", "%d.%m.%y", "%Y%m%d"}
	r := rand.New(rand.NewSource(3))
	alphabet := []byte("0123456789012345678901234567890123456789-/:. x")
	for _, fs := range formats {
		f := MustCompile(fs)
		n := int(f.fx.n)
		if n == 0 {
			t.Fatalf("%q has no fast path", fs)
		}
		sample := f.Append(nil, ts(2011, 7, 18, 13, 5, 9, 123456))
		if len(sample) != n {
			t.Fatalf("%q: sample %q is not %d long", fs, sample, n)
		}
		b := make([]byte, n)
		for i := 0; i < 60000; i++ {
			copy(b, sample)
			switch i % 3 {
			case 0: // mutate a few digits of a valid value
				for k := r.Intn(3); k >= 0; k-- {
					b[r.Intn(n)] = byte('0' + r.Intn(10))
				}
			case 1: // mutate anything
				for k := r.Intn(2); k >= 0; k-- {
					b[r.Intn(n)] = alphabet[r.Intn(len(alphabet))]
				}
			case 2: // a random valid value
				micros := ts(1970, 1, 1, 0, 0, 0, 0) + r.Int63n(ts(2069, 12, 31, 23, 59, 59, 999999))
				b = f.Append(b[:0], micros)
			}
			fast, ok := f.Parse(b)
			slow, sok := f.parseSlow(b)
			if ok != sok || fast != slow {
				t.Fatalf("%q on %q: Parse = %d, %v; general path = %d, %v", fs, b, fast, ok, slow, sok)
			}
			days, dok := f.ParseDate(b)
			if wd, _ := splitMicros(slow); dok != sok || (sok && days != wd) {
				t.Fatalf("%q on %q: ParseDate = %d, %v; want %d, %v", fs, b, days, dok, wd, sok)
			}
		}
	}
}

// TestRoundTrip formats random timestamps with formats that keep every
// field and parses them back.
func TestRoundTrip(t *testing.T) {
	formats := []string{
		"%Y-%m-%d %H:%i:%s.%f",
		"%m%d%Y %T.%f",
		"%W, %M %D, %Y %r %f",
		"%a %b %e %l:%i:%S %p %Y %f",
		"%j %Y %k %i %s %f",
		"%w %c/%e/%Y %h-%i-%s%p %f",
		"%d.%m.%y %H%i%s%f",
	}
	r := rand.New(rand.NewSource(4))
	var buf []byte
	for _, fs := range formats {
		f := MustCompile(fs)
		lo, hi := ts(1000, 1, 1, 0, 0, 0, 0), ts(9999, 12, 31, 23, 59, 59, 999999)
		if strings.Contains(fs, "%y") {
			lo, hi = ts(1970, 1, 1, 0, 0, 0, 0), ts(2069, 12, 31, 23, 59, 59, 999999)
		}
		for i := 0; i < 20000; i++ {
			micros := lo + r.Int63n(hi-lo+1)
			buf = f.Append(buf[:0], micros)
			got, ok := f.Parse(buf)
			if !ok || got != micros {
				t.Fatalf("%q: Parse(%q) = %d, %v, want %d", fs, buf, got, ok, micros)
			}
		}
	}
}

// TestAppendAgreesWithTime checks numbers, names and weekdays against
// package time.
func TestAppendAgreesWithTime(t *testing.T) {
	f := MustCompile("%Y-%m-%d %H:%i:%S.%f %W %a %M %b %j %e %c %k %l %p %h")
	r := rand.New(rand.NewSource(5))
	lo, hi := ts(1000, 1, 1, 0, 0, 0, 0), ts(9999, 12, 31, 23, 59, 59, 999999)
	var buf []byte
	for i := 0; i < 50000; i++ {
		micros := lo + r.Int63n(hi-lo+1)
		buf = f.Append(buf[:0], micros)
		tm := time.UnixMicro(micros).UTC()
		// Go has no layout for %k, the unpadded 24-hour hour.
		want := tm.Format("2006-01-02 15:04:05.000000 Monday Mon January Jan 002 2 1 ") +
			itoa(tm.Hour()) + tm.Format(" 3 PM 03")
		if string(buf) != want {
			t.Fatalf("Append(%d) = %q, time says %q", micros, buf, want)
		}
	}
}

func itoa(v int) string { return string(appendSmall(nil, v)) }

func TestFormatNoAllocs(t *testing.T) {
	fast := MustCompile("%m%d%Y")
	slow := MustCompile("%W, %M %D, %Y %r.%f")
	a := []byte("07182011")
	b := []byte("Monday, July 18th, 2011 01:05:09 PM.123456")
	c := []byte("7/18/2011")
	buf := make([]byte, 0, 128)
	n := testing.AllocsPerRun(100, func() {
		fast.ParseDate(a)
		fast.Parse(a)
		fast.ParseDate(c)
		slow.Parse(b)
		slow.ParseDate(b)
		buf = slow.Append(buf[:0], 1310994309123456)
		buf = fast.Append(buf[:0], 1310994309123456)
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	if got, ok := slow.Parse(b); !ok || got != ts(2011, 7, 18, 13, 5, 9, 123456) {
		t.Errorf("slow.Parse = %d, %v", got, ok)
	}
}
