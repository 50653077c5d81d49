package timefmt

import (
	"math/rand"
	"testing"
)

// benchInputs formats 1024 random timestamps of 1990..2030 with format, so
// that benchmarks do not see the same value every time.
func benchInputs(format string) ([][]byte, []int64) {
	f := MustCompile(format)
	r := rand.New(rand.NewSource(9))
	lo, hi := ts(1990, 1, 1, 0, 0, 0, 0), ts(2030, 12, 31, 23, 59, 59, 999999)
	in := make([][]byte, 1024)
	vals := make([]int64, len(in))
	for i := range in {
		vals[i] = lo + r.Int63n(hi-lo+1)
		in[i] = f.Append(nil, vals[i])
	}
	return in, vals
}

var (
	sinkDays  int32
	sinkInt64 int64
	sinkOK    bool
	sinkInt   int
)

// BenchmarkParseDateMDY is the hot path of
// YEAR(STR_TO_DATE(TRANSACTION_DATE, '%m%d%Y')).
func BenchmarkParseDateMDY(b *testing.B) {
	f := MustCompile("%m%d%Y")
	in, _ := benchInputs("%m%d%Y")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkDays, sinkOK = f.ParseDate(in[i&1023])
	}
}

// BenchmarkParseDateMDYSlash is a variable-width format (general path).
func BenchmarkParseDateMDYSlash(b *testing.B) {
	f := MustCompile("%c/%e/%Y")
	in, _ := benchInputs("%c/%e/%Y")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkDays, sinkOK = f.ParseDate(in[i&1023])
	}
}

func BenchmarkParseDateISO(b *testing.B) {
	in, _ := benchInputs("%Y-%m-%d")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkDays, sinkOK = ParseDate(in[i&1023])
	}
}

func BenchmarkParseTimestamp(b *testing.B) {
	in, _ := benchInputs("%Y-%m-%d %H:%i:%s")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt64, sinkOK = ParseTimestamp(in[i&1023])
	}
}

func BenchmarkFormatParseDateTime(b *testing.B) {
	f := MustCompile("%Y-%m-%d %H:%i:%s")
	in, _ := benchInputs("%Y-%m-%d %H:%i:%s")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt64, sinkOK = f.Parse(in[i&1023])
	}
}

func BenchmarkFormatParseNames(b *testing.B) {
	f := MustCompile("%W, %M %D, %Y %r")
	in, _ := benchInputs("%W, %M %D, %Y %r")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt64, sinkOK = f.Parse(in[i&1023])
	}
}

func BenchmarkAppendDate(b *testing.B) {
	_, vals := benchInputs("%Y")
	days := make([]int32, len(vals))
	for i, v := range vals {
		days[i], _ = splitMicros(v)
	}
	buf := make([]byte, 0, 32)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = AppendDate(buf[:0], days[i&1023])
	}
	sinkInt = len(buf)
}

func BenchmarkAppendTimestamp(b *testing.B) {
	_, vals := benchInputs("%Y")
	buf := make([]byte, 0, 32)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = AppendTimestamp(buf[:0], vals[i&1023])
	}
	sinkInt = len(buf)
}

func BenchmarkFormatAppend(b *testing.B) {
	f := MustCompile("%W, %M %D, %Y %r")
	_, vals := benchInputs("%Y")
	buf := make([]byte, 0, 64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = f.Append(buf[:0], vals[i&1023])
	}
	sinkInt = len(buf)
}

func BenchmarkCivilFromDays(b *testing.B) {
	for i := 0; i < b.N; i++ {
		y, m, d := CivilFromDays(int32(i & 0xFFFFF))
		sinkInt += y + m + d
	}
}

func BenchmarkDaysFromCivil(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkDays += DaysFromCivil(1990+i&31, 1+i&7, 1+i&15)
	}
}
