package types

import (
	"math"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

func TestParseAndAppendDecimal(t *testing.T) {
	cases := []struct {
		in    string
		scale int
		want  string // "" when it is not a number
	}{
		{"1.25", 2, "1.25"},
		{"1.25", 4, "1.2500"},
		{"-0.05", 2, "-0.05"},
		{"+7", 0, "7"},
		{"5.", 1, "5.0"},
		{".5", 1, "0.5"},
		{"0", 3, "0.000"},
		// More digits than the scale round half away from zero.
		{"12.345", 1, "12.3"},
		{"12.35", 1, "12.4"},
		{"-12.35", 1, "-12.4"},
		{"0.999", 2, "1.00"},
		{"99999999999999999999999999999999999999", 0, "99999999999999999999999999999999999999"},
		{"-9999999999999999999999999999999999999.9", 1, "-9999999999999999999999999999999999999.9"},
		{"123456789012345678901234567890", 2, "123456789012345678901234567890.00"},
		{"100000000000000000000000000000000000000", 0, ""}, // 39 digits
		{"", 0, ""},
		{"-", 0, ""},
		{".", 0, ""},
		{"1.2.3", 1, ""},
		{"1e5", 0, ""},
		{" 1", 0, ""},
		{"abc", 0, ""},
	}
	for _, c := range cases {
		n, ok := ParseDecimal([]byte(c.in), c.scale)
		if c.want == "" {
			if ok {
				t.Errorf("ParseDecimal(%q, %d) = %s, want no number", c.in, c.scale, AppendDecimal(nil, n, c.scale))
			}
			continue
		}
		if !ok {
			t.Errorf("ParseDecimal(%q, %d) failed", c.in, c.scale)
			continue
		}
		if got := string(AppendDecimal(nil, n, c.scale)); got != c.want {
			t.Errorf("ParseDecimal(%q, %d) = %s, want %s", c.in, c.scale, got, c.want)
		}
	}
}

func TestDecimalHelpers(t *testing.T) {
	n := func(s string, scale int) decimal128.Num {
		v, ok := ParseDecimal([]byte(s), scale)
		if !ok {
			t.Fatalf("bad test number %q", s)
		}
		return v
	}
	if r, ok := Rescale(n("1.25", 2), 2, 1); !ok || r != n("1.3", 1) {
		t.Errorf("Rescale(1.25, 2, 1) = %v %v", r, ok)
	}
	if r, ok := Rescale(n("-1.25", 2), 2, 4); !ok || r != n("-1.25", 4) {
		t.Errorf("Rescale(-1.25, 2, 4) = %v %v", r, ok)
	}
	if _, ok := Rescale(n("10000000000000000000000000000000000000", 0), 0, 2); ok {
		t.Error("Rescale past 38 digits succeeded")
	}
	for _, c := range []struct{ n, d, q int64 }{{7, 2, 4}, {-7, 2, -4}, {7, -2, -4}, {5, 3, 2}, {4, 3, 1}, {-4, 3, -1}, {0, 5, 0}} {
		if got := DivRound(decimal128.FromI64(c.n), decimal128.FromI64(c.d)); got != decimal128.FromI64(c.q) {
			t.Errorf("DivRound(%d, %d) = %v, want %d", c.n, c.d, got.BigInt(), c.q)
		}
	}
	if !FitsPrecision(n("999", 0), 3) || FitsPrecision(n("1000", 0), 3) || FitsPrecision(n("-1000", 0), 3) {
		t.Error("FitsPrecision at 3 digits")
	}
	if !FitsPrecision(n("99999999999999999999", 0), 20) || FitsPrecision(n("100000000000000000000", 0), 20) {
		t.Error("FitsPrecision at 20 digits")
	}
	if p, ok := MulInt128(n("10000000000000000000", 0), n("-10000000000000000000", 0)); !ok || p.BigInt().String() != "-100000000000000000000000000000000000000" {
		t.Errorf("MulInt128 = %v %v", p.BigInt(), ok)
	}
	if _, ok := MulInt128(n("10000000000000000000000", 0), n("100000000000000000000", 0)); ok {
		t.Error("MulInt128 past 128 bits succeeded")
	}
	if got := DecimalToFloat(n("0.10", 2), 2); got != 0.1 {
		t.Errorf("DecimalToFloat(0.10) = %v", got)
	}
	if got := DecimalToFloat(n("12345678901234567890.12", 2), 2); got != 12345678901234567890.12 {
		t.Errorf("DecimalToFloat(big) = %v", got)
	}
	if v, ok := DecimalFromFloat(0.1, 2); !ok || v != n("0.10", 2) {
		t.Errorf("DecimalFromFloat(0.1) = %v %v", v, ok)
	}
	if _, ok := DecimalFromFloat(math.NaN(), 2); ok {
		t.Error("DecimalFromFloat(NaN) succeeded")
	}
	if _, ok := DecimalFromFloat(1e40, 0); ok {
		t.Error("DecimalFromFloat(1e40) succeeded")
	}
}

func TestDecimalTypes(t *testing.T) {
	if got, err := NewDecimal(-1, -1); err != nil || got != DecimalType(10, 0) {
		t.Errorf("NewDecimal defaults = %v %v", got, err)
	}
	for _, c := range [][2]int{{0, 0}, {39, 2}, {5, 6}} {
		if _, err := NewDecimal(c[0], c[1]); err == nil {
			t.Errorf("NewDecimal(%d, %d): no error", c[0], c[1])
		}
	}
	if s := DecimalType(15, 2).String(); s != "DECIMAL(15,2)" {
		t.Errorf("String = %s", s)
	}
	back, err := FromArrow(DecimalType(15, 2).Arrow())
	if err != nil || back != DecimalType(15, 2) {
		t.Errorf("Arrow round trip = %v %v", back, err)
	}
	cases := []struct{ in, sum, avg Type }{
		{BigintType, BigintType, DoubleType},
		{DoubleType, DoubleType, DoubleType},
		{DecimalType(15, 2), DecimalType(38, 2), DecimalType(38, 6)},
		{DecimalType(38, 36), DecimalType(38, 36), DecimalType(38, 38)},
	}
	for _, c := range cases {
		if got := SumType(c.in); got != c.sum {
			t.Errorf("SumType(%s) = %s, want %s", c.in, got, c.sum)
		}
		if got := AvgType(c.in); got != c.avg {
			t.Errorf("AvgType(%s) = %s, want %s", c.in, got, c.avg)
		}
	}
	if !DecimalType(5, 2).IsNumeric() {
		t.Error("DECIMAL is not numeric")
	}
	if v, ok := ParseText([]byte("12.345"), DecimalType(5, 2)); !ok || v != decimal128.FromI64(1235) {
		t.Errorf("ParseText = %v %v", v, ok)
	}
	if _, ok := ParseText([]byte("1234.5"), DecimalType(5, 2)); ok {
		t.Error("ParseText past the precision succeeded")
	}
}
