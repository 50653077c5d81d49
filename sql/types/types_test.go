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
