package dsv

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestParseInt64(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"7", 7, true},
		{"42", 42, true},
		{"-1", -1, true},
		{"+1", 1, true},
		{"-0", 0, true},
		{"+0", 0, true},
		{"1234567890", 1234567890, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"+9223372036854775807", math.MaxInt64, true},
		{"1000000000000000000", 1000000000000000000, true}, // 19 digits

		// Leading zeros: codes, ZIPs and identifiers are not numbers.
		{"01", 0, false},
		{"00", 0, false},
		{"007", 0, false},
		{"-01", 0, false},
		{"+00", 0, false},
		{"0000000000000000001", 0, false},

		// Overflow.
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"9999999999999999999", 0, false},   // 19 digits, fits uint64
		{"18446744073709551615", 0, false},  // MaxUint64
		{"18446744073709551616", 0, false},  // would wrap uint64
		{"99999999999999999999", 0, false},  // 20 digits
		{"-99999999999999999999", 0, false}, // 20 digits
		{"123456789012345678901234567890", 0, false},

		// Garbage.
		{"", 0, false},
		{"-", 0, false},
		{"+", 0, false},
		{"--1", 0, false},
		{"+-1", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1a", 0, false},
		{"a1", 0, false},
		{"1.0", 0, false},
		{"1.", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"1,000", 0, false},
		{"١", 0, false}, // Arabic-Indic digit one
		{"\x00", 0, false},
		{"/", 0, false}, // '0'-1
		{":", 0, false}, // '9'+1
	}
	for _, c := range cases {
		got, ok := parseInt64([]byte(c.in))
		if ok != c.ok || got != c.want {
			t.Errorf("parseInt64(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestParseInt64AgreesWithStrconv: every accepted value is what strconv reads,
// and strconv's values without a leading zero are accepted.
func TestParseInt64AgreesWithStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		var s string
		switch rng.IntN(4) {
		case 0:
			s = strconv.FormatInt(rng.Int64(), 10)
		case 1:
			s = strconv.FormatInt(-rng.Int64(), 10)
		case 2:
			s = strconv.FormatInt(rng.Int64N(1000)-500, 10)
		default:
			// Random digit strings, sometimes with a sign or a leading zero.
			n := 1 + rng.IntN(21)
			b := make([]byte, 0, n+1)
			switch rng.IntN(3) {
			case 0:
				b = append(b, '-')
			case 1:
				b = append(b, '+')
			}
			for k := 0; k < n; k++ {
				b = append(b, byte('0'+rng.IntN(10)))
			}
			s = string(b)
		}
		got, ok := parseInt64([]byte(s))
		want, err := strconv.ParseInt(s, 10, 64)
		digits := s
		if digits[0] == '-' || digits[0] == '+' {
			digits = digits[1:]
		}
		leadingZero := len(digits) > 1 && digits[0] == '0'
		wantOK := err == nil && !leadingZero
		if ok != wantOK || (ok && got != want) {
			t.Fatalf("parseInt64(%q) = %d, %v; strconv: %d, %v", s, got, ok, want, err)
		}
	}
}

func TestParseFloat64(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true},
		{"0.5", 0.5, true},
		{"-0.5", -0.5, true},
		{"+0.5", 0.5, true},
		{"1", 1, true},
		{"10", 10, true},
		{"1.5", 1.5, true},
		{"3.14159", 3.14159, true},
		{"0.1", 0.1, true},
		{"0.2", 0.2, true},
		{"0.3", 0.3, true},
		{"-123.456", -123.456, true},
		{".5", 0.5, true},
		{"-.5", -0.5, true},
		{"5.", 5, true},
		{"0.0", 0, true},
		{"0.000001", 1e-6, true},
		{"999999999999999", 999999999999999, true},   // 15 digits: fast path
		{"99999999999999.9", 99999999999999.9, true}, // 15 digits: fast path
		{".123456789012345", 0.123456789012345, true},

		// More than 15 significant digits: strconv, correctly rounded.
		{"9007199254740993", 9007199254740992, true}, // 2^53+1 rounds to even
		{"9007199254740995", 9007199254740996, true},
		{"1234567890123456789", 1234567890123456789, true},
		{"123456789012345.67", 123456789012345.67, true},
		{"0.1234567890123456789", 0.1234567890123456789, true},
		{"0.30000000000000004441", 0.30000000000000004, true},
		{"0.1000000000000000055511151231257827", 0.1, true},
		{"12345678901234567890123456789", 1.2345678901234568e28, true},
		{"0.0000000000000000001", 1e-19, true},

		// Exponents.
		{"1e5", 1e5, true},
		{"1E5", 1e5, true},
		{"1e+5", 1e5, true},
		{"1e-5", 1e-5, true},
		{"-2.5e-3", -0.0025, true},
		{"1.e5", 1e5, true},
		{".5e1", 5, true},
		{"0e0", 0, true},
		{"1.7976931348623157e308", math.MaxFloat64, true},
		{"4.9e-324", 5e-324, true},
		{"1e-400", 0, true},  // underflows to zero
		{"1e400", 0, false},  // overflow
		{"-1e400", 0, false}, // overflow

		// Leading zeros before other digits are refused, as for BIGINT.
		{"01", 0, false},
		{"01.5", 0, false},
		{"00.5", 0, false},
		{"-01.5", 0, false},
		{"01e5", 0, false},

		// Garbage.
		{"", 0, false},
		{"-", 0, false},
		{"+", 0, false},
		{".", 0, false},
		{"-.", 0, false},
		{"e5", 0, false},
		{".e5", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1e-", 0, false},
		{"1e5.5", 0, false},
		{"1ee5", 0, false},
		{"1.2.3", 0, false},
		{"1..2", 0, false},
		{" 1.5", 0, false},
		{"1.5 ", 0, false},
		{"1.5x", 0, false},
		{"1,5", 0, false},
		{"inf", 0, false},
		{"+Inf", 0, false},
		{"-Infinity", 0, false},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"0x1p3", 0, false},
		{"0x10", 0, false},
		{"1_000.5", 0, false},
		{"1_000", 0, false},
		{"1d5", 0, false},
		{"--1", 0, false},
		{"1e5e5", 0, false},
		{"12345678901234567890x", 0, false},
		{"1234567890123456.7.8", 0, false},
	}
	for _, c := range cases {
		got, ok := parseFloat64([]byte(c.in))
		if ok != c.ok || (ok && math.Float64bits(got) != math.Float64bits(c.want)) {
			t.Errorf("parseFloat64(%q) = %v (%b), %v; want %v (%b), %v", c.in, got, got, ok, c.want, c.want, c.ok)
		}
	}
	// Negative zero keeps its sign.
	if got, ok := parseFloat64([]byte("-0")); !ok || !math.Signbit(got) || got != 0 {
		t.Errorf("parseFloat64(-0) = %v, %v; want -0, true", got, ok)
	}
	if got, ok := parseFloat64([]byte("-0.0")); !ok || !math.Signbit(got) || got != 0 {
		t.Errorf("parseFloat64(-0.0) = %v, %v; want -0, true", got, ok)
	}
}

// TestParseFloat64AgreesWithStrconv checks, on random decimals on both sides
// of the 15-digit fast path, that every value is exactly strconv's correctly
// rounded one.
func TestParseFloat64AgreesWithStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300000; i++ {
		var b []byte
		switch rng.IntN(3) {
		case 0:
			b = append(b, '-')
		case 1:
			if rng.IntN(4) == 0 {
				b = append(b, '+')
			}
		}
		intDigits := rng.IntN(12)
		fracDigits := rng.IntN(12)
		if intDigits+fracDigits == 0 {
			intDigits = 1
		}
		if intDigits > 0 {
			b = append(b, byte('1'+rng.IntN(9)))
			for k := 1; k < intDigits; k++ {
				b = append(b, byte('0'+rng.IntN(10)))
			}
		} else if rng.IntN(2) == 0 {
			b = append(b, '0')
		}
		if fracDigits > 0 || rng.IntN(8) == 0 {
			b = append(b, '.')
			for k := 0; k < fracDigits; k++ {
				b = append(b, byte('0'+rng.IntN(10)))
			}
		}
		if rng.IntN(5) == 0 {
			b = append(b, "eE"[rng.IntN(2)])
			switch rng.IntN(3) {
			case 0:
				b = append(b, '-')
			case 1:
				b = append(b, '+')
			}
			b = strconv.AppendInt(b, int64(rng.IntN(40)), 10)
		}
		s := string(b)
		got, ok := parseFloat64(b)
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("test generated %q, which strconv refuses: %v", s, err)
		}
		if !ok || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseFloat64(%q) = %v (%b), %v; strconv: %v (%b)", s, got, got, ok, want, want)
		}
	}
}

func TestParseBool(t *testing.T) {
	cases := []struct {
		in       string
		want, ok bool
	}{
		{"true", true, true},
		{"TRUE", true, true},
		{"True", true, true},
		{"tRuE", true, true},
		{"false", false, true},
		{"FALSE", false, true},
		{"False", false, true},
		{"fAlSe", false, true},

		{"", false, false},
		{"t", false, false},
		{"f", false, false},
		{"T", false, false},
		{"1", false, false},
		{"0", false, false},
		{"yes", false, false},
		{"no", false, false},
		{"on", false, false},
		{"off", false, false},
		{"tru", false, false},
		{"truee", false, false},
		{"fals", false, false},
		{"falsey", false, false},
		{" true", false, false},
		{"true ", false, false},
		{"tr ue", false, false},
		{"null", false, false},
		// Bytes that equal a letter after |0x20 only when they are that
		// letter or its capital: nothing else may slip through.
		{"\x54\x52\x55\x45", true, true},   // TRUE
		{"\xf4\xf2\xf5\xe5", false, false}, // high-bit lookalikes
		{"\x14\x12\x15\x05", false, false}, // control lookalikes
	}
	for _, c := range cases {
		got, ok := parseBool([]byte(c.in))
		if ok != c.ok || got != c.want {
			t.Errorf("parseBool(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in          string
		scale, prec int
		strict      bool
		want        string // "" when refused
	}{
		{"12.50", 2, 18, true, "12.50"},
		{"-3.25", 2, 18, true, "-3.25"},
		{"+.75", 2, 18, true, "0.75"},
		{"7", 2, 18, true, "7.00"},
		{"7.", 2, 18, true, "7.00"},
		{"0.5", 2, 18, true, "0.50"},
		{"0", 2, 18, true, "0.00"},
		{"1234567890123456.78", 2, 18, true, "1234567890123456.78"},
		// Sniffed columns refuse what does not fit exactly or looks like a
		// code; declared ones round, as MySQL's LOAD DATA does.
		{"1.005", 2, 18, true, ""},
		{"1.005", 2, 18, false, "1.01"},
		{"-1.005", 2, 18, false, "-1.01"},
		{"01.50", 2, 18, true, ""},
		{"01.50", 2, 18, false, "1.50"},
		{"12345678901234567.00", 2, 18, true, ""}, // 19 digits
		{"999.99", 2, 5, false, "999.99"},
		{"1000.00", 2, 5, false, ""},
		{"0000.5", 2, 3, false, "0.50"},
		{"12345678901234567", 2, 18, false, ""},
		{"12345678901234567", 18, 18, false, ""},
		{"1234567890123456", 2, 18, false, "1234567890123456.00"},
		{"0.123456789012345678", 18, 18, true, "0.123456789012345678"},
		{"-9999999999999999.99", 2, 18, true, "-9999999999999999.99"},
		// Past 18 digits: the 128-bit path.
		{"123456789012345678901234.5678", 4, 38, false, "123456789012345678901234.5678"},
		{"-99999999999999999999999999999999999.999", 3, 38, false, "-99999999999999999999999999999999999.999"},
		{"", 2, 18, false, ""},
		{"-", 2, 18, false, ""},
		{".", 2, 18, false, ""},
		{"1e5", 2, 18, false, ""},
		{"1.2.3", 2, 18, false, ""},
		{" 1", 2, 18, false, ""},
		{"1,5", 2, 18, false, ""},
	}
	for _, c := range cases {
		v, ok := parseDecimal([]byte(c.in), c.scale, c.prec, c.strict)
		got := ""
		if ok {
			got = string(types.AppendDecimal(nil, v, c.scale))
		}
		if got != c.want {
			t.Errorf("parseDecimal(%q, %d, %d, strict=%v) = %q, want %q", c.in, c.scale, c.prec, c.strict, got, c.want)
		}
	}
}
