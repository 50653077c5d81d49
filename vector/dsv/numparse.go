package dsv

import (
	"math"
	"strconv"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// parseInt64 parses a strict SQL integer literal: an optional sign and
// decimal digits, without a leading zero unless the value is 0 itself.
func parseInt64(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	i := 0
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i = 1
		if len(b) == 1 {
			return 0, false
		}
	}
	if b[i] == '0' && len(b) > i+1 {
		return 0, false
	}
	if len(b)-i > 19 {
		return 0, false
	}
	var u uint64
	for ; i < len(b); i++ {
		c := b[i] - '0'
		if c > 9 {
			return 0, false
		}
		u = u*10 + uint64(c)
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// pow10 holds the powers of ten that a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat64 parses a decimal number (digits, an optional fraction and
// exponent). Plain decimals of up to 15 significant digits take an exact fast
// path (one correctly rounded division, as in Clinger's algorithm); anything
// else goes to strconv.ParseFloat. Like parseInt64 it refuses a leading zero
// before other digits ("01.5"), and also "inf", "nan", hex and underscores.
func parseFloat64(b []byte) (float64, bool) {
	n := len(b)
	if n == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i = 1
	}
	start := i
	var mant uint64
	digits := 0
	for ; i < n; i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		mant = mant*10 + uint64(c)
		digits++
	}
	intDigits := i - start
	if intDigits > 1 && b[start] == '0' {
		return 0, false
	}
	frac := 0
	if i < n && b[i] == '.' {
		i++
		fs := i
		for ; i < n; i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			mant = mant*10 + uint64(c)
			digits++
		}
		frac = i - fs
	}
	if intDigits+frac == 0 {
		return 0, false
	}
	if i == n && digits <= 15 {
		f := float64(mant)
		if frac > 0 {
			f /= pow10[frac]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	// Exponent or many digits: validate the rest, then let strconv round it.
	if i < n {
		if b[i] != 'e' && b[i] != 'E' {
			return 0, false
		}
		i++
		if i < n && (b[i] == '-' || b[i] == '+') {
			i++
		}
		es := i
		for ; i < n && b[i] >= '0' && b[i] <= '9'; i++ {
		}
		if i == es || i != n {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// parseBool accepts true/false in any letter case.
func parseBool(b []byte) (bool, bool) {
	switch len(b) {
	case 4:
		if (b[0]|0x20) == 't' && (b[1]|0x20) == 'r' && (b[2]|0x20) == 'u' && (b[3]|0x20) == 'e' {
			return true, true
		}
	case 5:
		if (b[0]|0x20) == 'f' && (b[1]|0x20) == 'a' && (b[2]|0x20) == 'l' && (b[3]|0x20) == 's' && (b[4]|0x20) == 'e' {
			return false, true
		}
	}
	return false, false
}

// parseDecimal reads a fixed-point number (an optional sign, digits, an
// optional point and fraction; no exponent) as a count of 10^-scale with
// at most prec digits. strict, for sniffed columns, refuses what would
// lose information or look like an identifier: a leading zero before other
// digits ("01.5") and more fraction digits than the scale. Otherwise extra
// fraction digits round half away from zero, as MySQL's LOAD DATA does.
func parseDecimal(b []byte, scale, prec int, strict bool) (decimal128.Num, bool) {
	n := len(b)
	i := 0
	neg := false
	if n > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	// One pass: the digits accumulate into v, which is exact while there
	// are at most 18 of them (checked below before v is used).
	start := i
	var v uint64
	for ; i < n; i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		v = v*10 + uint64(c)
	}
	intDigits := i - start
	frac := 0
	if i < n && b[i] == '.' {
		i++
		fs := i
		for ; i < n; i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			v = v*10 + uint64(c)
		}
		frac = i - fs
	}
	if i != n || intDigits+frac == 0 {
		return decimal128.Num{}, false
	}
	if strict && (intDigits > 1 && b[start] == '0' || frac > scale) {
		return decimal128.Num{}, false
	}
	if frac <= scale && intDigits+scale <= 19 && prec <= 18 {
		// The common case: v scaled stays below 10^19, inside a uint64,
		// and the precision check bounds it by 10^18.
		v *= pow10u[scale-frac]
		if v >= pow10u[prec] {
			return decimal128.Num{}, false // too many integer digits
		}
		if neg {
			return decimal128.FromI64(-int64(v)), true
		}
		return decimal128.FromI64(int64(v)), true
	}
	r, ok := types.ParseDecimal(b, scale)
	if !ok || !types.FitsPrecision(r, prec) {
		return decimal128.Num{}, false
	}
	return r, true
}

// pow10u holds 10^0 .. 10^18.
var pow10u = func() (p [19]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()
