package timefmt

import "testing"

// FuzzFormat compiles arbitrary formats and parses arbitrary input with
// them: nothing may panic, the fast paths must agree with the general one,
// and a parsed value must format without trouble.
func FuzzFormat(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.format, c.in)
	}
	f.Fuzz(func(t *testing.T, format, in string) {
		ft, err := Compile(format)
		if err != nil {
			return
		}
		b := []byte(in)
		micros, ok := ft.Parse(b)
		slow, sok := ft.parseSlow(b)
		if ok != sok || micros != slow {
			t.Fatalf("%q on %q: Parse = %d, %v; general path = %d, %v", format, in, micros, ok, slow, sok)
		}
		days, dok := ft.ParseDate(b)
		if wd, _ := splitMicros(slow); dok != sok || (sok && days != wd) {
			t.Fatalf("%q on %q: ParseDate = %d, %v; want %d, %v", format, in, days, dok, wd, sok)
		}
		out := ft.Append(nil, micros)
		if ok && ft.HasDate() && ft.HasTime() {
			// Whatever parsed must survive a round trip through the
			// ISO forms.
			ts := AppendTimestamp(nil, micros)
			if back, ok := ParseTimestamp(ts); !ok || back != micros {
				t.Fatalf("%q on %q: %d formats as %q, which parses as %d, %v", format, in, micros, ts, back, ok)
			}
		}
		_ = out
		ParseDate(b)
		ParseTimestamp(b)
	})
}

// FuzzISO checks ParseDate against its plain reference and that whatever
// ParseTimestamp accepts formats back to an equal value.
func FuzzISO(f *testing.F) {
	for _, s := range []string{"2011-07-18", "2000-02-29", "2011-07-18 13:05:09", "2011-07-18T13:05:09.123456", "9999-12-31 23:59:59.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		b := []byte(in)
		got, ok := ParseDate(b)
		want, wok := refParseDate(b)
		if ok != wok || got != want {
			t.Fatalf("ParseDate(%q) = %d, %v, want %d, %v", in, got, ok, want, wok)
		}
		if ok {
			if s := string(AppendDate(nil, got)); s != in {
				t.Fatalf("AppendDate(ParseDate(%q)) = %q", in, s)
			}
		}
		if micros, ok := ParseTimestamp(b); ok {
			ts := AppendTimestamp(nil, micros)
			if back, ok := ParseTimestamp(ts); !ok || back != micros {
				t.Fatalf("%q: %d formats as %q, which parses as %d, %v", in, micros, ts, back, ok)
			}
		}
	})
}
