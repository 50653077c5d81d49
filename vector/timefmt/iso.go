package timefmt

import (
	"encoding/binary"
	"strconv"
)

// digits2 holds the two-digit decimal spellings of 0..99, back to back.
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// num2 returns the value of the two ASCII digits at b[0:2], and whether both
// are digits.
func num2(b []byte) (int, bool) {
	_ = b[1]
	d0, d1 := b[0]-'0', b[1]-'0'
	return int(d0)*10 + int(d1), d0 <= 9 && d1 <= 9
}

// ParseDate parses a date in the strict ISO form YYYY-MM-DD (exactly ten
// bytes: four-digit year, two-digit month and day, hyphens) and returns its
// day number. ok is false for any other shape and for a date that does not
// exist (2011-02-30, 2011-13-01).
func ParseDate(b []byte) (days int32, ok bool) {
	if len(b) != 10 {
		return 0, false
	}
	// Two overlapping words, YYYY-MM- and YY-MM-DD, checked for their
	// digits and hyphens at once (see layoutWord.mismatch).
	const (
		digit0 = 0x00FFFF00FFFFFFFF // YYYY MM
		lit0   = 0xFF0000FF00000000 // the hyphens
		hyph0  = 0x2D00002D00000000
		digit1 = 0xFFFF000000000000 // DD
	)
	x0 := binary.LittleEndian.Uint64(b)
	x1 := binary.LittleEndian.Uint64(b[2:])
	bad := (x0^hyph0)&lit0 |
		(x0&(0xF0F0F0F0F0F0F0F0&digit0) ^ 0x3030303030303030&digit0) |
		((x0+0x0606060606060606&digit0)&(0xF0F0F0F0F0F0F0F0&digit0) ^ 0x3030303030303030&digit0) |
		(x1&(0xF0F0F0F0F0F0F0F0&digit1) ^ 0x3030303030303030&digit1) |
		((x1+0x0606060606060606&digit1)&(0xF0F0F0F0F0F0F0F0&digit1) ^ 0x3030303030303030&digit1)
	if bad != 0 {
		return 0, false
	}
	v0 := pairs(x0, digit0)
	v1 := pairs(x1, digit1)
	y := int(v0&0xFF)*100 + int(v0>>16&0xFF)
	m := int(v0 >> 40 & 0xFF)
	d := int(v1 >> 48 & 0xFF)
	if !ValidDate(y, m, d) {
		return 0, false
	}
	return daysFromValid(y, m, d), true
}

// ParseTimestamp parses a timestamp of the form YYYY-MM-DD HH:MM:SS, with T
// allowed in place of the space and an optional fraction of one to six
// digits after a dot (.f to .ffffff), or a bare date YYYY-MM-DD (midnight).
// It returns microseconds since 1970-01-01 00:00:00. Every field has exactly
// the width shown; hours run 00..23, minutes and seconds 00..59. Anything
// else, including a time zone (Z, +02:00), makes ok false.
func ParseTimestamp(b []byte) (micros int64, ok bool) {
	if len(b) < 10 {
		return 0, false
	}
	days, ok := ParseDate(b[:10])
	if !ok {
		return 0, false
	}
	micros = int64(days) * MicrosPerDay
	if len(b) == 10 {
		return micros, true
	}
	if len(b) < 19 || (b[10] != ' ' && b[10] != 'T') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	h, ok1 := num2(b[11:13])
	mi, ok2 := num2(b[14:16])
	s, ok3 := num2(b[17:19])
	if !(ok1 && ok2 && ok3) || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	micros += int64(h)*MicrosPerHour + int64(mi)*MicrosPerMinute + int64(s)*MicrosPerSecond
	if len(b) == 19 {
		return micros, true
	}
	if len(b) > 26 || len(b) == 20 || b[19] != '.' {
		return 0, false
	}
	frac := 0
	for _, c := range b[20:] {
		c -= '0'
		if c > 9 {
			return 0, false
		}
		frac = frac*10 + int(c)
	}
	frac *= int(pow10[26-len(b)])
	return micros + int64(frac), true
}

// pow10 holds 10^0..10^6.
var pow10 = [7]int32{1, 10, 100, 1000, 10000, 100000, 1000000}

// appendYear appends y as at least four digits (MySQL's %Y): 0..9999 as
// exactly four, a larger year in full, a negative one with a minus sign.
func appendYear(dst []byte, y int) []byte {
	if uint(y) <= 9999 {
		return append(dst, digits2[2*(y/100)], digits2[2*(y/100)+1], digits2[2*(y%100)], digits2[2*(y%100)+1])
	}
	if y > 0 {
		return strconv.AppendInt(dst, int64(y), 10)
	}
	dst = append(dst, '-')
	if y > -1000 {
		return appendYear(dst, -y)
	}
	return strconv.AppendInt(dst, -int64(y), 10)
}

// append2 appends v (0..99) as two digits.
func append2(dst []byte, v int) []byte {
	return append(dst, digits2[2*v], digits2[2*v+1])
}

// AppendDate appends the ISO form YYYY-MM-DD of the date days (e.g.
// 2011-07-18) to dst and returns the extended buffer. Years outside
// 0..9999, which ParseDate does not accept, are written in full with a
// minus sign when negative.
func AppendDate(dst []byte, days int32) []byte {
	y, m, d := CivilFromDays(days)
	if uint(y) > 9999 {
		dst = appendYear(dst, y)
		return append(dst, '-', digits2[2*m], digits2[2*m+1], '-', digits2[2*d], digits2[2*d+1])
	}
	// "YYYY-MM-" as one little-endian word, then "DD".
	w := uint64(pair[uint(y)/100]) | uint64(pair[uint(y)%100])<<16 | '-'<<32 |
		uint64(pair[m&127])<<40 | '-'<<56
	dst = binary.LittleEndian.AppendUint64(dst, w)
	return binary.LittleEndian.AppendUint16(dst, pair[d&127])
}

// pair[v] is the two ASCII digits of v (0..99) as a little-endian uint16.
var pair = func() (t [128]uint16) {
	for v := range 100 {
		t[v] = uint16('0'+v/10) | uint16('0'+v%10)<<8
	}
	return t
}()

// AppendTimestamp appends micros as YYYY-MM-DD HH:MM:SS (e.g. 2011-07-18
// 13:05:09) to dst and returns the extended buffer. A non-zero fraction of
// a second follows as a dot and six digits with the trailing zeros trimmed
// (.5, .123456); a zero fraction is not written.
func AppendTimestamp(dst []byte, micros int64) []byte {
	days, tod := splitMicros(micros)
	dst = AppendDate(dst, days)
	secs := int(tod / MicrosPerSecond)
	frac := int(tod % MicrosPerSecond)
	h, mi, s := secs/3600, secs/60%60, secs%60
	dst = append(dst, ' ')
	dst = binary.LittleEndian.AppendUint64(dst, uint64(pair[h&127])|':'<<16|
		uint64(pair[mi&127])<<24|':'<<40|uint64(pair[s&127])<<48)
	if frac == 0 {
		return dst
	}
	return appendFrac(append(dst, '.'), frac, true)
}

// appendFrac appends frac (0..999999) as six digits, without its trailing
// zeros when trim is set (frac must then be non-zero).
func appendFrac(dst []byte, frac int, trim bool) []byte {
	var buf [6]byte
	buf[0] = byte('0' + frac/100000)
	r := frac % 100000
	buf[1], buf[2] = digits2[2*(r/1000)], digits2[2*(r/1000)+1]
	r %= 1000
	buf[3] = byte('0' + r/100)
	buf[4], buf[5] = digits2[2*(r%100)], digits2[2*(r%100)+1]
	n := 6
	if trim {
		for buf[n-1] == '0' {
			n--
		}
	}
	return append(dst, buf[:n]...)
}
