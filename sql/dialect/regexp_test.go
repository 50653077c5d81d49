package dialect

import "testing"

func TestRegexpFlags(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true}, {"c", "", true}, {"i", "(?i)", true}, {"ic", "", true}, {"ci", "(?i)", true},
		{"m", "(?m)", true}, {"n", "(?s)", true}, {"imn", "(?ims)", true}, {"u", "", true}, {"x", "", false},
	} {
		got, ok := RegexpFlags(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("RegexpFlags(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
