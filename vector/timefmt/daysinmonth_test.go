package timefmt

import "testing"

func TestDaysInMonth(t *testing.T) {
	for _, c := range []struct{ y, m, want int }{
		{2024, 2, 29}, {2023, 2, 28}, {1900, 2, 28}, {2000, 2, 29}, {0, 2, 29}, {-4, 2, 29}, {-1, 2, 28},
		{2024, 1, 31}, {2024, 4, 30}, {2024, 12, 31}, {12000, 2, 29}, {2024, 0, 0}, {2024, 13, 0},
	} {
		if got := DaysInMonth(c.y, c.m); got != c.want {
			t.Errorf("DaysInMonth(%d, %d) = %d, want %d", c.y, c.m, got, c.want)
		}
	}
	// Against the day numbers: the first of the next month less the first.
	for y := 1890; y < 2110; y++ {
		for m := 1; m <= 12; m++ {
			ny, nm := y, m+1
			if nm > 12 {
				ny, nm = y+1, 1
			}
			if got, want := DaysInMonth(y, m), int(DaysFromCivil(ny, nm, 1)-DaysFromCivil(y, m, 1)); got != want {
				t.Fatalf("DaysInMonth(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}
