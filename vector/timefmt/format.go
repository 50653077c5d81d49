package timefmt

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// op is one step of a compiled format.
type op uint8

const (
	opLit         op = iota // literal text
	opYear4                 // %Y
	opYear2                 // %y
	opMonth2                // %m
	opMonth1                // %c
	opMonthName             // %M
	opMonthAbbr             // %b
	opDay2                  // %d
	opDay1                  // %e
	opDaySuffix             // %D
	opYearDay               // %j
	opWeekdayName           // %W
	opWeekdayAbbr           // %a
	opWeekdayNum            // %w
	opHour2                 // %H
	opHour1                 // %k
	opHour12x2              // %h, %I
	opHour12x1              // %l
	opMinute                // %i
	opSecond                // %s, %S
	opFrac                  // %f
	opAMPM                  // %p
)

// item is one step of a compiled format: a specifier, or a run of literal
// text.
type item struct {
	op  op
	lit string
}

// Format is a compiled MySQL date format string, as taken by STR_TO_DATE
// (Parse, ParseDate) and DATE_FORMAT (Append). A Format is immutable and safe
// for concurrent use.
type Format struct {
	src       string
	items     []item
	hasDate   bool
	hasTime   bool
	needCivil bool // Append needs the year, month and day
	fx        fixedLayout
}

// FormatError is the error Compile returns for a format it cannot use.
type FormatError struct {
	// Format is the format string given to Compile.
	Format string
	// Offset is the byte offset in Format of the '%' that starts the
	// offending specifier.
	Offset int
	// Spec is the offending specifier as written, e.g. "%U", or "%" for a
	// lone percent sign at the end.
	Spec string
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("date format %q: %s %s at offset %d", e.Format, e.Reason, e.Spec, e.Offset)
}

// Compile compiles a MySQL date format string (the second argument of
// STR_TO_DATE and DATE_FORMAT). Supported specifiers:
//
//	%Y year, 4 digits         %y year, 2 digits        %j day of year, 001..366
//	%m month, 01..12          %c month, 1..12          %M month name (January)
//	%b month abbr. (Jan)      %d day, 01..31           %e day, 1..31
//	%D day with suffix (1st)  %W weekday name (Sunday) %a weekday abbr. (Sun)
//	%w weekday, 0=Sunday      %H hour, 00..23          %k hour, 0..23
//	%h, %I hour, 01..12       %l hour, 1..12           %i minutes, 00..59
//	%s, %S seconds, 00..59    %f microseconds, 6 digits
//	%p AM or PM               %T %H:%i:%S              %r %I:%i:%S %p
//	%% a literal %
//
// Any other character stands for itself. The week specifiers %U %u %V %v
// %X %x and STR_TO_DATE's skipping specifiers %. %@ %# are not supported, and
// any other letter after % is unknown: both give a *FormatError naming the
// specifier and its offset, as does a lone % at the end of the format.
// (MySQL's DATE_FORMAT would print an unknown specifier's letter; here it
// is an error, to catch typos.)
func Compile(format string) (*Format, error) {
	f := &Format{src: format}
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			f.items = append(f.items, item{op: opLit, lit: string(lit)})
			lit = lit[:0]
		}
	}
	add := func(o op) {
		flush()
		f.items = append(f.items, item{op: o})
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			lit = append(lit, c)
			continue
		}
		if i+1 == len(format) {
			return nil, &FormatError{Format: format, Offset: i, Spec: "%", Reason: "lone percent sign at the end (write %% for a literal %)"}
		}
		s := format[i+1]
		switch s {
		case 'Y':
			add(opYear4)
		case 'y':
			add(opYear2)
		case 'm':
			add(opMonth2)
		case 'c':
			add(opMonth1)
		case 'M':
			add(opMonthName)
		case 'b':
			add(opMonthAbbr)
		case 'd':
			add(opDay2)
		case 'e':
			add(opDay1)
		case 'D':
			add(opDaySuffix)
		case 'j':
			add(opYearDay)
		case 'W':
			add(opWeekdayName)
		case 'a':
			add(opWeekdayAbbr)
		case 'w':
			add(opWeekdayNum)
		case 'H':
			add(opHour2)
		case 'k':
			add(opHour1)
		case 'h', 'I':
			add(opHour12x2)
		case 'l':
			add(opHour12x1)
		case 'i':
			add(opMinute)
		case 's', 'S':
			add(opSecond)
		case 'f':
			add(opFrac)
		case 'p':
			add(opAMPM)
		case 'T':
			add(opHour2)
			lit = append(lit, ':')
			add(opMinute)
			lit = append(lit, ':')
			add(opSecond)
		case 'r':
			add(opHour12x2)
			lit = append(lit, ':')
			add(opMinute)
			lit = append(lit, ':')
			add(opSecond)
			lit = append(lit, ' ')
			add(opAMPM)
		case '%':
			lit = append(lit, '%')
		default:
			_, n := utf8.DecodeRuneInString(format[i+1:])
			spec := format[i : i+1+n]
			reason := "unknown specifier"
			switch s {
			case 'U', 'u', 'V', 'v', 'X', 'x':
				reason = "unsupported week specifier"
			case '.', '@', '#':
				reason = "unsupported skipping specifier"
			}
			return nil, &FormatError{Format: format, Offset: i, Spec: spec, Reason: reason}
		}
		i++
	}
	flush()
	for _, it := range f.items {
		switch it.op {
		case opLit:
		case opHour2, opHour1, opHour12x2, opHour12x1, opMinute, opSecond, opFrac, opAMPM:
			f.hasTime = true
		default:
			f.hasDate = true
			if it.op != opWeekdayName && it.op != opWeekdayAbbr && it.op != opWeekdayNum {
				f.needCivil = true
			}
		}
	}
	f.fx = compileFixed(f.items)
	return f, nil
}

// MustCompile is like Compile but panics if the format cannot be compiled;
// it is meant for formats fixed in the program.
func MustCompile(format string) *Format {
	f, err := Compile(format)
	if err != nil {
		panic(err)
	}
	return f
}

// String returns the format string f was compiled from.
func (f *Format) String() string { return f.src }

// HasTime reports whether the format has a time-of-day specifier (%H %k %h
// %I %l %i %s %S %f %p %T %r). MySQL's STR_TO_DATE returns a DATETIME for
// such a format (a TIME if it has no date specifier either), and a DATE
// otherwise.
func (f *Format) HasTime() bool { return f.hasTime }

// HasDate reports whether the format has a date specifier (%Y %y %m %c %M
// %b %d %e %D %j %W %a %w).
func (f *Format) HasDate() bool { return f.hasDate }

var (
	monthNames = [12]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
	monthAbbrs = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	// Weekdays are numbered as %w numbers them: 0 is Sunday.
	weekdayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	weekdayAbbrs = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// daySuffix returns the English ordinal suffix of day d ("st", "nd", "rd",
// "th"), as MySQL's %D writes it.
func daySuffix(d int) string {
	if d >= 10 && d <= 19 {
		return "th"
	}
	switch d % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// Append appends the timestamp micros formatted by f, with DATE_FORMAT's
// semantics and English names, to dst and returns the extended buffer. To
// format a DATE, pass its day number times MicrosPerDay.
func (f *Format) Append(dst []byte, micros int64) []byte {
	days, tod := splitMicros(micros)
	var y, m, d int
	if f.needCivil {
		y, m, d = CivilFromDays(days)
	}
	secs := int(tod / MicrosPerSecond)
	hour, minute, second := secs/3600, secs/60%60, secs%60
	for i := range f.items {
		it := &f.items[i]
		switch it.op {
		case opLit:
			dst = append(dst, it.lit...)
		case opYear4:
			dst = appendYear(dst, y)
		case opYear2:
			dst = append2(dst, (y%100+100)%100)
		case opMonth2:
			dst = append2(dst, m)
		case opMonth1:
			dst = appendSmall(dst, m)
		case opMonthName:
			dst = append(dst, monthNames[m-1]...)
		case opMonthAbbr:
			dst = append(dst, monthAbbrs[m-1]...)
		case opDay2:
			dst = append2(dst, d)
		case opDay1:
			dst = appendSmall(dst, d)
		case opDaySuffix:
			dst = append(appendSmall(dst, d), daySuffix(d)...)
		case opYearDay:
			yd := int(days-DaysFromCivil(y, 1, 1)) + 1
			dst = append(append(dst, byte('0'+yd/100)), digits2[2*(yd%100)], digits2[2*(yd%100)+1])
		case opWeekdayName:
			dst = append(dst, weekdayNames[weekday(days)]...)
		case opWeekdayAbbr:
			dst = append(dst, weekdayAbbrs[weekday(days)]...)
		case opWeekdayNum:
			dst = append(dst, byte('0'+weekday(days)))
		case opHour2:
			dst = append2(dst, hour)
		case opHour1:
			dst = appendSmall(dst, hour)
		case opHour12x2:
			dst = append2(dst, (hour+11)%12+1)
		case opHour12x1:
			dst = appendSmall(dst, (hour+11)%12+1)
		case opMinute:
			dst = append2(dst, minute)
		case opSecond:
			dst = append2(dst, second)
		case opFrac:
			dst = appendFrac(dst, int(tod%MicrosPerSecond), false)
		case opAMPM:
			if hour < 12 {
				dst = append(dst, 'A', 'M')
			} else {
				dst = append(dst, 'P', 'M')
			}
		}
	}
	return dst
}

// appendSmall appends v (0..99) without padding.
func appendSmall(dst []byte, v int) []byte {
	if v < 10 {
		return append(dst, byte('0'+v))
	}
	if v < 100 {
		return append2(dst, v)
	}
	return strconv.AppendInt(dst, int64(v), 10)
}

// weekday returns the day of the week of day number days, 0 for Sunday.
func weekday(days int32) int {
	// 1970-01-01 was a Thursday (4).
	w := (int64(days) + 4) % 7
	if w < 0 {
		w += 7
	}
	return int(w)
}
