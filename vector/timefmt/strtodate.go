package timefmt

import "encoding/binary"

// Parse parses b with STR_TO_DATE's semantics and returns microseconds since
// 1970-01-01 00:00:00. It follows MySQL (the en_US locale, strict SQL mode,
// where a zero or impossible date gives NULL); in detail, with the few
// departures from MySQL said as such:
//
//   - Numeric fields read as many digits as are there, up to their widths:
//     %Y 1–4 (a year of one or two digits goes through the 70 rule, as
//     %y always does: 00..69 are 2000..2069, 70..99 are 1970..1999), %j 1–3,
//     %f 1–6 (a fraction: "5" is half a second), %w 1, every other one 1–2.
//     At least one digit is needed; signs are not accepted.
//   - Month and weekday names are matched without regard to case, as MySQL
//     does: a run of letters that is a whole name or the start of only one
//     name (%M takes "Sept" or "Jan", %b takes "Sep" but not "September").
//     A weekday name is checked but otherwise ignored.
//   - %D takes the day and then its English suffix (1st, 22nd), in any case.
//     MySQL skips any two characters there; this package wants the right
//     suffix.
//   - %p takes AM or PM (any case) and is valid only after %h, %I or %l,
//     whose hour must then be 1..12.
//   - %j gives the date within the year, which must be given too and not
//     be 0; a day of the year past the year's end is invalid here, where
//     MySQL rolls over into the next year.
//   - Other characters must match exactly, but whitespace in the format
//     matches nothing, and whitespace in the input is skipped before every
//     element and at the end.
//   - Anything else left over at the end of the input makes ok false (MySQL
//     returns a value with a warning). Input that runs out before the format
//     does leaves the remaining fields unset, as in MySQL: "2011-07-18"
//     parses with "%Y-%m-%d %H:%i:%s" as midnight, and "07/18" with
//     "%m/%d/%Y" as 0000-07-18. Empty or all-space input is never valid.
//   - Unset fields are 0: the year may be 0, but a date needs a month and
//     a day (or %j), and it must exist (2011-02-30 is not ok).
//   - A format without any date specifier (HasDate is false) describes a
//     time of day, returned as microseconds since midnight.
//
// Parse does not allocate.
func (f *Format) Parse(b []byte) (micros int64, ok bool) {
	if f.fx.dateOnly {
		days, ok := f.ParseDate(b)
		return int64(days) * MicrosPerDay, ok
	}
	return f.parse(b)
}

// ParseDate is Parse for a caller that needs a DATE: it returns the day
// number of the parsed timestamp (its date part when the format has time
// specifiers; 0, 1970-01-01, when it has no date specifier). For a
// date-only format of numeric fields and literal separators (%m%d%Y,
// %Y-%m-%d, %d/%m/%y...), input with every field at its full width
// (07182011) takes a fast path of a few nanoseconds.
func (f *Format) ParseDate(b []byte) (days int32, ok bool) {
	// The fast path of a date-only layout of 8..16 bytes: b is checked as
	// two words, at 0 and at n-8 (one word when n is 8), and the fields
	// are read from them without a branch that depends on the data.
	fx := &f.fx
	if len(b)+1 != fx.dateN1 {
		return f.parseDate(b)
	}
	x0 := binary.LittleEndian.Uint64(b)
	bad := fx.word[0].mismatch(x0)
	// Two-digit values at every byte: byte k of v is
	// 10*digit(k) + digit(k+1).
	v0 := pairs(x0, fx.word[0].digit)
	var y, m, d int
	if len(b) == 8 {
		// One word (%m%d%Y, %Y%m%d...): the selectors are plain shifts.
		if bad != 0 {
			return f.parseDate(b)
		}
		m = int(v0 >> (fx.mSel & 63) & 0xFF)
		d = int(v0 >> (fx.dSel & 63) & 0xFF)
		switch fx.yKind {
		case 4:
			y = int(v0>>(fx.ySel[0]&63)&0xFF)*100 + int(v0>>(fx.ySel[1]&63)&0xFF)
		case 2:
			y = year2000(int(v0 >> (fx.ySel[0] & 63) & 0xFF))
		}
	} else {
		x1 := binary.LittleEndian.Uint64(b[len(b)-8:])
		bad |= fx.word[1].mismatch(x1)
		if bad != 0 {
			return f.parseDate(b)
		}
		v1 := pairs(x1, fx.word[1].digit)
		m = pick(v0, v1, fx.mSel)
		d = pick(v0, v1, fx.dSel)
		switch fx.yKind {
		case 4:
			y = pick(v0, v1, fx.ySel[0])*100 + pick(v0, v1, fx.ySel[1])
		case 2:
			y = year2000(pick(v0, v1, fx.ySel[0]))
		}
	}
	if !ValidDate(y, m, d) {
		return 0, false
	}
	return daysFromValid(y, m, d), true
}

// parseDate is ParseDate after the date-only fast path.
func (f *Format) parseDate(b []byte) (days int32, ok bool) {
	micros, ok := f.parse(b)
	days, _ = splitMicros(micros)
	return days, ok
}

// parse is Parse after the date-only fast path.
func (f *Format) parse(b []byte) (int64, bool) {
	if f.fx.n != 0 && len(b) == int(f.fx.n) {
		if days, tod, ok, done := f.fx.parse(b); done {
			if !ok {
				return 0, false
			}
			return int64(days)*MicrosPerDay + tod, true
		}
	}
	return f.parseSlow(b)
}

// isSpace reports whether c is whitespace as MySQL's STR_TO_DATE skips it.
func isSpace(c byte) bool {
	return c == ' ' || c-'\t' <= '\r'-'\t'
}

// readNum reads 1..max ASCII digits of b at i and returns their value, the
// number of digits read and the index after them.
func readNum(b []byte, i, max int) (v, n, j int) {
	j = i
	for j < len(b) && j-i < max {
		c := b[j] - '0'
		if c > 9 {
			break
		}
		v = v*10 + int(c)
		j++
	}
	return v, j - i, j
}

// matchName matches the run of ASCII letters of b at i against names as
// MySQL's check_word does: case-insensitively, as a whole name or as the
// start of exactly one name. It returns the name's index and the index after
// the run, or -1.
func matchName(b []byte, i int, names []string) (idx, j int) {
	j = i
	for j < len(b) && isLetter(b[j]) {
		j++
	}
	word := b[i:j]
	if len(word) == 0 {
		return -1, j
	}
	idx = -1
	for k, name := range names {
		if len(word) > len(name) || !equalFold(word, name[:len(word)]) {
			continue
		}
		if len(word) == len(name) {
			return k, j
		}
		if idx >= 0 {
			return -1, j // ambiguous prefix
		}
		idx = k
	}
	return idx, j
}

func isLetter(c byte) bool { return (c|0x20)-'a' < 26 }

// equalFold compares ASCII letters without regard to case.
func equalFold(a []byte, b string) bool {
	for i := range a {
		if a[i]|0x20 != b[i]|0x20 {
			return false
		}
	}
	return true
}

// fields are the values a format sets while parsing.
type fields struct {
	year, month, day       int
	hour, minute, second   int
	frac, yearDay, dayPart int
	usa                    bool // a 12-hour specifier was read
}

// parseSlow is Parse's general path.
func (f *Format) parseSlow(b []byte) (int64, bool) {
	var v fields
	i, n := 0, len(b)
	for i < n && isSpace(b[i]) {
		i++
	}
	if i == n {
		return 0, false
	}
items:
	for k := range f.items {
		it := &f.items[k]
		if it.op == opLit {
			for j := 0; j < len(it.lit); j++ {
				c := it.lit[j]
				if i < n && b[i] == c && !isSpace(c) {
					i++ // the common case, in short
					continue
				}
				for i < n && isSpace(b[i]) {
					i++
				}
				if i == n {
					break items
				}
				if isSpace(c) {
					continue
				}
				if b[i] != c {
					return 0, false
				}
				i++
			}
			continue
		}
		for i < n && isSpace(b[i]) {
			i++
		}
		if i == n {
			break
		}
		var x, nd int
		switch it.op {
		case opYear4:
			if x, nd, i = readNum(b, i, 4); nd <= 2 {
				x = year2000(x)
			}
			v.year = x
		case opYear2:
			x, nd, i = readNum(b, i, 2)
			v.year = year2000(x)
		case opMonth2, opMonth1:
			v.month, nd, i = readNum(b, i, 2)
		case opDay2, opDay1:
			v.day, nd, i = readNum(b, i, 2)
		case opDaySuffix:
			v.day, nd, i = readNum(b, i, 2)
			if nd > 0 && i < n {
				s := daySuffix(v.day)
				if n-i < 2 || !equalFold(b[i:i+2], s) {
					return 0, false
				}
				i += 2
			}
		case opYearDay:
			v.yearDay, nd, i = readNum(b, i, 3)
		case opHour2, opHour1:
			v.hour, nd, i = readNum(b, i, 2)
		case opHour12x2, opHour12x1:
			v.hour, nd, i = readNum(b, i, 2)
			v.usa = true
		case opMinute:
			v.minute, nd, i = readNum(b, i, 2)
		case opSecond:
			v.second, nd, i = readNum(b, i, 2)
		case opFrac:
			v.frac, nd, i = readNum(b, i, 6)
			if nd > 0 {
				v.frac *= int(pow10[6-nd])
			}
		case opWeekdayNum:
			x, nd, i = readNum(b, i, 1)
			if x > 6 {
				return 0, false
			}
		case opMonthName, opMonthAbbr:
			names := monthNames[:]
			if it.op == opMonthAbbr {
				names = monthAbbrs[:]
			}
			x, i = matchName(b, i, names)
			if x < 0 {
				return 0, false
			}
			v.month = x + 1
			nd = 1
		case opWeekdayName, opWeekdayAbbr:
			names := weekdayNames[:]
			if it.op == opWeekdayAbbr {
				names = weekdayAbbrs[:]
			}
			if x, i = matchName(b, i, names); x < 0 {
				return 0, false
			}
			nd = 1
		case opAMPM:
			if !v.usa || n-i < 2 || b[i+1]|0x20 != 'm' {
				return 0, false
			}
			switch b[i] | 0x20 {
			case 'a':
				v.dayPart = 0
			case 'p':
				v.dayPart = 12
			default:
				return 0, false
			}
			i += 2
			nd = 1
		}
		if nd == 0 {
			return 0, false
		}
	}
	for i < n && isSpace(b[i]) {
		i++
	}
	if i != n {
		return 0, false
	}
	return f.finish(&v)
}

// year2000 maps a two-digit year to 1970..2069 (MySQL's 70 rule).
func year2000(y int) int {
	if y < 70 {
		return 2000 + y
	}
	return 1900 + y
}

// finish checks the parsed fields and turns them into a timestamp.
func (f *Format) finish(v *fields) (int64, bool) {
	if v.usa {
		if v.hour < 1 || v.hour > 12 {
			return 0, false
		}
		v.hour = v.hour%12 + v.dayPart
	}
	if v.hour > 23 || v.minute > 59 || v.second > 59 {
		return 0, false
	}
	tod := int64(v.hour)*MicrosPerHour + int64(v.minute)*MicrosPerMinute +
		int64(v.second)*MicrosPerSecond + int64(v.frac)
	if !f.hasDate {
		return tod, true
	}
	if uint(v.year) > 9999 {
		return 0, false
	}
	var days int32
	if v.yearDay > 0 {
		if v.year == 0 {
			return 0, false // MySQL gives a zero date: NULL
		}
		n := 365
		if isLeap(v.year) {
			n = 366
		}
		if v.yearDay > n {
			return 0, false
		}
		days = DaysFromCivil(v.year, 1, 1) + int32(v.yearDay-1)
	} else {
		if !ValidDate(v.year, v.month, v.day) {
			return 0, false
		}
		days = daysFromValid(v.year, v.month, v.day)
	}
	return int64(days)*MicrosPerDay + tod, true
}

// maxFixed is the longest input the fixed-layout fast path handles.
const maxFixed = 32

// fixedLayout is the fast path of a format made only of numeric specifiers
// of fixed width (%Y %y %m %c %d %e %H %k %i %s %S %f) and literal
// characters, each field at most once. Input of exactly the full widths
// (e.g. 07182011 for %m%d%Y) is checked in a few word-wide operations and
// converted directly; since MySQL's fields read greedily up to their widths,
// the result is the one the general path would give. Other input falls back
// to the general path.
type fixedLayout struct {
	n      uint8 // input length; 0 when the format has no fast path
	chunks uint8 // number of 8-byte words checked (0: check byte by byte)
	// dateOnly is set when the layout has a date and no time and is 8..16
	// bytes long, and no two-digit pair straddles the two words: ParseDate
	// then checks word[0] and word[1] (at offset n-8, a copy of word[0]
	// when n is 8) and reads the fields from them. A selector is the word
	// (bit 6) and the bit shift (bits 0..5) of a pair of digits.
	dateOnly   bool
	dateN1     int      // n+1 when dateOnly, else 0 (never a length+1)
	yKind      uint8    // 4 for %Y, 2 for %y, 0 for no year
	ySel       [2]uint8 // the year's pairs (only [0] for %y)
	mSel, dSel uint8
	year2      bool // the year is %y (70 rule)
	// Positions of the fields in the input, -1 when absent.
	year, month, day, hour, minute, second, frac int8
	// Per 8-byte word, at offsets 0, 8, 16 and len-8: masks of the digit
	// bytes and of the literal bytes, and the literal bytes.
	word  [4]layoutWord
	tmpl  [maxFixed]byte // literal byte, or 0 with isDig set
	isDig [maxFixed]bool
}

// compileFixed builds the fast path of a format, if it has one.
func compileFixed(items []item) fixedLayout {
	var fx fixedLayout
	fx.year, fx.month, fx.day, fx.hour, fx.minute, fx.second, fx.frac = -1, -1, -1, -1, -1, -1, -1
	pos := 0
	set := func(p *int8, width int) bool {
		if *p >= 0 || pos+width > maxFixed {
			return false
		}
		*p = int8(pos)
		for k := 0; k < width; k++ {
			fx.isDig[pos+k] = true
		}
		pos += width
		return true
	}
	for _, it := range items {
		ok := true
		switch it.op {
		case opLit:
			if pos+len(it.lit) > maxFixed {
				return fixedLayout{}
			}
			for k := 0; k < len(it.lit); k++ {
				fx.tmpl[pos] = it.lit[k]
				pos++
			}
		case opYear4:
			ok = set(&fx.year, 4)
		case opYear2:
			ok = set(&fx.year, 2)
			fx.year2 = true
		case opMonth2, opMonth1:
			ok = set(&fx.month, 2)
		case opDay2, opDay1:
			ok = set(&fx.day, 2)
		case opHour2, opHour1:
			ok = set(&fx.hour, 2)
		case opMinute:
			ok = set(&fx.minute, 2)
		case opSecond:
			ok = set(&fx.second, 2)
		case opFrac:
			ok = set(&fx.frac, 6)
		default:
			ok = false
		}
		if !ok {
			return fixedLayout{}
		}
	}
	// A date needs its month and day; without them (and with a date
	// specifier) every input is invalid, which the general path handles.
	hasDate := fx.year >= 0 || fx.month >= 0 || fx.day >= 0
	hasTime := fx.hour >= 0 || fx.minute >= 0 || fx.second >= 0 || fx.frac >= 0
	if !(hasDate || hasTime) || (hasDate && (fx.month < 0 || fx.day < 0)) {
		return fixedLayout{}
	}
	fx.n = uint8(pos)
	if pos >= 8 {
		offs := []int{0, 8, 16, 24}
		nw := (pos + 7) / 8
		offs[nw-1] = pos - 8
		for w := 0; w < nw; w++ {
			o := offs[w]
			fx.word[w].off = uint8(o)
			for k := 0; k < 8; k++ {
				sh := uint(8 * k)
				if fx.isDig[o+k] {
					fx.word[w].digit |= 0xFF << sh
					fx.word[w].hi30 |= 0x30 << sh
					fx.word[w].hiF0 |= 0xF0 << sh
					fx.word[w].add06 |= 0x06 << sh
				} else {
					fx.word[w].litMask |= 0xFF << sh
					fx.word[w].litVal |= uint64(fx.tmpl[o+k]) << sh
				}
			}
		}
		fx.chunks = uint8(nw)
		if nw == 1 {
			fx.word[1] = fx.word[0]
		}
		fx.dateOnly = hasDate && !hasTime && nw <= 2
		sel := func(p int) uint8 {
			switch {
			case p+1 <= 7:
				return uint8(8 * p)
			case p >= pos-8:
				return 1<<6 | uint8(8*(p-(pos-8)))
			}
			fx.dateOnly = false
			return 0
		}
		if fx.dateOnly {
			fx.mSel, fx.dSel = sel(int(fx.month)), sel(int(fx.day))
			switch {
			case fx.year < 0:
			case fx.year2:
				fx.yKind = 2
				fx.ySel[0] = sel(int(fx.year))
			default:
				fx.yKind = 4
				fx.ySel[0], fx.ySel[1] = sel(int(fx.year)), sel(int(fx.year)+2)
			}
		}
		if fx.dateOnly { // sel may have cleared it
			fx.dateN1 = pos + 1
		}
	}
	return fx
}

// layoutWord describes 8 bytes of a fixed layout, read as a little-endian
// word.
type layoutWord struct {
	off     uint8  // offset of the word in the input
	digit   uint64 // 0xFF in each byte that must be a digit
	litMask uint64 // 0xFF in each byte that must be a given literal
	litVal  uint64 // the literals, under litMask
	hi30    uint64 // 0x30 in each digit byte (digit & 0x3030...)
	hiF0    uint64 // 0xF0 in each digit byte
	add06   uint64 // 0x06 in each digit byte
}

// pairs returns, in each byte k of the result, the two-digit value
// 10*digit(k) + digit(k+1) of the ASCII digits of x, where digit is the
// byte's value for the bytes under the digit mask and 0 elsewhere. Every
// byte stays below 100, so nothing carries between bytes.
func pairs(x, digit uint64) uint64 {
	t := (x ^ 0x3030303030303030) & digit
	return t*10 + t>>8
}

// pick returns the byte that selector sel designates in v0 or v1 (see
// fixedLayout.mSel).
func pick(v0, v1 uint64, sel uint8) int {
	v := v0
	if sel&64 != 0 {
		v = v1
	}
	return int(v >> (sel & 63) & 0xFF)
}

// mismatch returns 0 when the word x has the layout, the literals where
// they belong and ASCII digits elsewhere, and non-zero otherwise. A digit is
// a byte whose high nibble is 3 and stays 3 when 6 is added (0x30..0x39).
// Adding 6 carries into the next byte only from a byte of 0xFA or more,
// which the high-nibble test has already flagged.
func (w *layoutWord) mismatch(x uint64) uint64 {
	return (x^w.litVal)&w.litMask | (x&w.hiF0 ^ w.hi30) | ((x+w.add06)&w.hiF0 ^ w.hi30)
}

// parse is the fast path. done is false when b does not have the fixed
// layout, and the general path must decide; otherwise ok tells whether b is
// a valid value, days and tod (microseconds since midnight) what it is.
func (fx *fixedLayout) parse(b []byte) (days int32, tod int64, ok, done bool) {
	if fx.chunks > 0 {
		for w := 0; w < int(fx.chunks); w++ {
			c := &fx.word[w]
			if c.mismatch(binary.LittleEndian.Uint64(b[c.off:])) != 0 {
				return 0, 0, false, false
			}
		}
	} else {
		for k := 0; k < len(b); k++ {
			if fx.isDig[k] {
				if b[k]-'0' > 9 {
					return 0, 0, false, false
				}
			} else if b[k] != fx.tmpl[k] {
				return 0, 0, false, false
			}
		}
	}
	// b has the layout: from here on the answer is final.
	if fx.month >= 0 {
		y := 0
		if p := fx.year; p >= 0 {
			if fx.year2 {
				y = year2000(dig2(b, p))
			} else {
				y = dig2(b, p)*100 + dig2(b, p+2)
			}
		}
		m := dig2(b, fx.month)
		d := dig2(b, fx.day)
		if !ValidDate(y, m, d) {
			return 0, 0, false, true
		}
		days = daysFromValid(y, m, d)
	}
	if fx.hour >= 0 || fx.minute >= 0 || fx.second >= 0 || fx.frac >= 0 {
		var h, mi, s, fr int
		if fx.hour >= 0 {
			h = dig2(b, fx.hour)
		}
		if fx.minute >= 0 {
			mi = dig2(b, fx.minute)
		}
		if fx.second >= 0 {
			s = dig2(b, fx.second)
		}
		if p := fx.frac; p >= 0 {
			fr = dig2(b, p)*10000 + dig2(b, p+2)*100 + dig2(b, p+4)
		}
		if h > 23 || mi > 59 || s > 59 {
			return 0, 0, false, true
		}
		tod = int64(h)*MicrosPerHour + int64(mi)*MicrosPerMinute + int64(s)*MicrosPerSecond + int64(fr)
	}
	return days, tod, true, true
}

// dig2 returns the value of the two digits at b[p:p+2], known to be digits.
func dig2[P int | int8](b []byte, p P) int {
	return int(b[p]-'0')*10 + int(b[p+1]-'0')
}
