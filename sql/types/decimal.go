package types

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

// MaxDecimalPrecision is the most digits a DECIMAL holds.
const MaxDecimalPrecision = 38

// DecimalType returns DECIMAL(p,s).
func DecimalType(p, s int) Type {
	return Type{ID: Decimal, Precision: uint8(p), Scale: uint8(s)}
}

// pow10s holds 10^0 .. 10^38 as 128-bit numbers.
var pow10s = func() [39]decimal128.Num {
	var out [39]decimal128.Num
	b := big.NewInt(1)
	ten := big.NewInt(10)
	for i := range out {
		out[i] = decimal128.FromBigInt(b)
		b = new(big.Int).Mul(b, ten)
	}
	return out
}()

// Pow10 returns 10^k as a 128-bit number (0 <= k <= 38).
func Pow10(k int) decimal128.Num { return pow10s[k] }

// Fits64 reports whether n is an int64, and returns it.
func Fits64(n decimal128.Num) (int64, bool) {
	lo := int64(n.LowBits())
	return lo, n.HighBits() == lo>>63
}

// FitsPrecision reports whether n has at most p digits.
func FitsPrecision(n decimal128.Num, p int) bool {
	if p >= MaxDecimalPrecision {
		p = MaxDecimalPrecision
	}
	if v, ok := Fits64(n); ok && p >= 19 {
		return true
	} else if ok {
		if v < 0 {
			v = -v
		}
		return v >= 0 && uint64(v) < pow10s[p].LowBits()
	}
	return n.Abs().Less(pow10s[p])
}

// MulInt128 multiplies two 128-bit numbers, reporting overflow.
func MulInt128(a, b decimal128.Num) (decimal128.Num, bool) {
	x, okx := Fits64(a)
	y, oky := Fits64(b)
	if okx && oky {
		neg := (x < 0) != (y < 0)
		ux, uy := absU(x), absU(y)
		hi, lo := bits.Mul64(ux, uy)
		if hi >= 1<<63 {
			return decimal128.Num{}, false
		}
		n := decimal128.New(int64(hi), lo)
		if neg {
			n = n.Negate()
		}
		return n, true
	}
	p := new(big.Int).Mul(a.BigInt(), b.BigInt())
	if p.BitLen() > 127 {
		return decimal128.Num{}, false
	}
	return decimal128.FromBigInt(p), true
}

func absU(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// AddInt128 adds two 128-bit numbers, reporting overflow.
func AddInt128(a, b decimal128.Num) (decimal128.Num, bool) {
	s := a.Add(b)
	// Overflow when both operands have the sign the sum lacks.
	if (a.HighBits() >= 0) == (b.HighBits() >= 0) && (s.HighBits() >= 0) != (a.HighBits() >= 0) {
		return decimal128.Num{}, false
	}
	return s, true
}

// Rescale changes the scale of n from `from` to `to`, rounding half away
// from zero when digits are dropped; ok is false on overflow of 38 digits.
func Rescale(n decimal128.Num, from, to int) (decimal128.Num, bool) {
	switch {
	case to == from:
		return n, true
	case to > from:
		out, ok := MulInt128(n, pow10s[to-from])
		return out, ok && FitsPrecision(out, MaxDecimalPrecision)
	}
	return DivRound(n, pow10s[from-to]), true
}

// DivRound divides n by d (d > 0 not required), rounding half away from
// zero.
func DivRound(n, d decimal128.Num) decimal128.Num {
	x, okx := Fits64(n)
	y, oky := Fits64(d)
	if okx && oky && y != 0 && !(x == math.MinInt64 && y == -1) {
		q, r := x/y, x%y
		if 2*absU(r) >= absU(y) {
			if (x < 0) != (y < 0) {
				q--
			} else {
				q++
			}
		}
		return decimal128.FromI64(q)
	}
	nb, db := n.BigInt(), d.BigInt()
	q, r := new(big.Int).QuoRem(nb, db, new(big.Int))
	r2 := new(big.Int).Abs(r)
	r2.Lsh(r2, 1)
	if r2.Cmp(new(big.Int).Abs(db)) >= 0 {
		if nb.Sign()*db.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return decimal128.FromBigInt(q)
}

// ParseDecimal reads decimal text (an optional sign, digits, an optional
// fraction; surrounding spaces are not allowed) as a number of the given
// scale, rounding half away from zero when it has more fraction digits.
// ok is false for anything else, or for more than 38 digits.
func ParseDecimal(b []byte, scale int) (decimal128.Num, bool) {
	i := 0
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	var v uint64
	digits, frac := 0, -1
	var big128 *big.Int
	roundUp := false
	for ; i < len(b); i++ {
		c := b[i]
		if c == '.' {
			if frac >= 0 {
				return decimal128.Num{}, false
			}
			frac = 0
			continue
		}
		if c < '0' || c > '9' {
			return decimal128.Num{}, false
		}
		if frac >= scale {
			// A digit past the scale: only rounding is left.
			if frac == scale && c >= '5' {
				roundUp = true
			}
			frac++
			continue
		}
		if frac >= 0 {
			frac++
		}
		digits++
		if big128 == nil && v <= (math.MaxInt64-9)/10 {
			v = v*10 + uint64(c-'0')
			continue
		}
		if big128 == nil {
			big128 = new(big.Int).SetUint64(v)
		}
		big128.Mul(big128, big.NewInt(10))
		big128.Add(big128, big.NewInt(int64(c-'0')))
	}
	if digits == 0 && frac <= 0 {
		return decimal128.Num{}, false
	}
	if frac < 0 {
		frac = 0
	}
	var n decimal128.Num
	if big128 != nil {
		if big128.BitLen() > 127 {
			return decimal128.Num{}, false
		}
		n = decimal128.FromBigInt(big128)
	} else {
		n = decimal128.FromU64(v)
	}
	if frac < scale {
		var ok bool
		if n, ok = MulInt128(n, pow10s[scale-frac]); !ok {
			return decimal128.Num{}, false
		}
	}
	if roundUp {
		n = n.Add(decimal128.FromI64(1))
	}
	if !FitsPrecision(n, MaxDecimalPrecision) {
		return decimal128.Num{}, false
	}
	if neg {
		n = n.Negate()
	}
	return n, true
}

// AppendDecimal appends n of the given scale as text: 12.50, -0.05, 3.
func AppendDecimal(dst []byte, n decimal128.Num, scale int) []byte {
	neg := n.Sign() < 0
	if neg {
		n = n.Negate()
		dst = append(dst, '-')
	}
	var digits []byte
	var buf [40]byte
	if v, ok := Fits64(n); ok {
		digits = strconv.AppendUint(buf[:0], uint64(v), 10)
	} else {
		digits = n.BigInt().Append(buf[:0], 10)
	}
	if scale <= 0 {
		return append(dst, digits...)
	}
	if len(digits) <= scale {
		dst = append(dst, '0', '.')
		for k := len(digits); k < scale; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-scale]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-scale:]...)
}

// DecimalToFloat converts n of the given scale to the nearest double.
func DecimalToFloat(n decimal128.Num, scale int) float64 {
	if v, ok := Fits64(n); ok && v > -1<<53 && v < 1<<53 {
		if scale <= 22 {
			return float64(v) / math.Pow10(scale)
		}
	}
	f, _ := strconv.ParseFloat(string(AppendDecimal(nil, n, scale)), 64)
	return f
}

// DecimalFromFloat converts f to a number of the given scale, rounding
// half away from zero; ok is false when it does not fit 38 digits.
func DecimalFromFloat(f float64, scale int) (decimal128.Num, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal128.Num{}, false
	}
	// Through the shortest text that reads back as f, so that 0.1 is
	// 0.1 and not 0.1000000000000000055.
	return ParseDecimal(strconv.AppendFloat(nil, f, 'f', -1, 64), scale)
}

// DecimalAvgScale is how many digits AVG and / add to a DECIMAL's scale,
// as MySQL's div_precision_increment does.
const DecimalAvgScale = 4

// SumType is the type of SUM over values of type t: BIGINT stays BIGINT,
// a DECIMAL keeps its scale with 38 digits, anything else is DOUBLE.
func SumType(t Type) Type {
	switch t.ID {
	case Bigint:
		return t
	case Decimal:
		return DecimalType(MaxDecimalPrecision, int(t.Scale))
	}
	return DoubleType
}

// AvgType is the type of AVG over values of type t: a DECIMAL gains
// DecimalAvgScale digits of scale, anything else is DOUBLE.
func AvgType(t Type) Type {
	if t.ID == Decimal {
		return DecimalType(MaxDecimalPrecision, min(int(t.Scale)+DecimalAvgScale, MaxDecimalPrecision))
	}
	return DoubleType
}

// NewDecimal returns DECIMAL(p,s) as a user declared it: p and s of -1
// take MySQL's defaults (10 and 0); p must be 1..38 and s 0..p.
func NewDecimal(p, s int) (Type, error) {
	if p < 0 {
		p = 10
	}
	if s < 0 {
		s = 0
	}
	if p < 1 || p > MaxDecimalPrecision {
		return Type{}, fmt.Errorf("DECIMAL precision %d is out of range (1 to %d)", p, MaxDecimalPrecision)
	}
	if s > p {
		return Type{}, fmt.Errorf("DECIMAL(%d,%d): the scale cannot exceed the precision", p, s)
	}
	return DecimalType(p, s), nil
}
