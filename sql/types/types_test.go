package types

import "testing"

func TestArrowRoundTrip(t *testing.T) {
	for _, ty := range []Type{BooleanType, BigintType, DoubleType, VarcharType, DateType, TimestampType, UnknownType} {
		got, err := FromArrow(ty.Arrow())
		if err != nil || got != ty {
			t.Errorf("%s: FromArrow(Arrow()) = %v, %v", ty, got, err)
		}
	}
}

func TestNames(t *testing.T) {
	want := map[Type]string{UnknownType: "NULL", BooleanType: "BOOLEAN", BigintType: "BIGINT", DoubleType: "DOUBLE",
		VarcharType: "VARCHAR", DateType: "DATE", TimestampType: "TIMESTAMP"}
	for ty, name := range want {
		if ty.String() != name {
			t.Errorf("%v.String() = %q, want %q", ty.ID, ty.String(), name)
		}
	}
	if !BigintType.IsNumeric() || !DoubleType.IsNumeric() || VarcharType.IsNumeric() {
		t.Error("IsNumeric")
	}
	if !DateType.IsTemporal() || !TimestampType.IsTemporal() || BigintType.IsTemporal() {
		t.Error("IsTemporal")
	}
	if Sniffed.String() != "sniffed" || Declared.String() != "declared" || Derived.String() != "derived" {
		t.Error("Origin names")
	}
}

// DATE and TIMESTAMP text may end with a zone of offset zero, as drivers
// write UTC times; another offset is not taken.
func TestParseTextUTCSuffix(t *testing.T) {
	for _, c := range []struct {
		text string
		t    Type
		want any
	}{
		{"2024-01-01 00:00:00Z", TimestampType, int64(1704067200000000)},
		{"2024-01-01T10:00:00.5+00:00", TimestampType, int64(1704103200500000)},
		{"2024-01-01 10:00:00 UTC", TimestampType, int64(1704103200000000)},
		{"2024-01-01 10:00:00+0000", TimestampType, int64(1704103200000000)},
		{"2024-01-02 00:00:00Z", DateType, int32(19724)},
		{"2024-01-02Z", DateType, int32(19724)},
	} {
		got, ok := ParseText([]byte(c.text), c.t)
		if !ok || got != c.want {
			t.Errorf("%q as %s: %v %v, want %v", c.text, c.t, got, ok, c.want)
		}
	}
	for _, bad := range []string{"2024-01-01 10:00:00+02:00", "2024-01-01 10:00:00 CET", "Z", "+00"} {
		if got, ok := ParseText([]byte(bad), TimestampType); ok {
			t.Errorf("%q: %v, want no timestamp", bad, got)
		}
	}
}
