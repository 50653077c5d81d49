package catalog

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestRegisterFunctionOverloads(t *testing.T) {
	c := New(nil)
	one := &Function{Name: "f", Args: []types.Type{types.BigintType}}
	two := &Function{Name: "f", Args: []types.Type{types.BigintType, types.BigintType}}
	many := &Function{Name: "f", AnyArgs: true, MinArgs: 4, MaxArgs: -1}
	c.RegisterFunction(one)
	c.RegisterFunction(two)
	c.RegisterFunction(many)
	if got := ArityText(c.Functions("F")); got != "1, 2 or at least 4" {
		t.Errorf("ArityText = %q", got)
	}
	// An overload taking 2 to 5 arguments replaces two and many.
	mid := &Function{Name: "f", AnyArgs: true, MinArgs: 2, MaxArgs: 5}
	c.RegisterFunction(mid)
	fs := c.Functions("f")
	if len(fs) != 2 || fs[0] != one || fs[1] != mid || ArityText(fs) != "1 or 2 to 5" {
		t.Errorf("after replacing: %d overloads, %s", len(fs), ArityText(fs))
	}
	if !mid.Takes(5) || mid.Takes(6) || !many.Takes(100) || one.Takes(0) {
		t.Error("Takes")
	}
	if got := c.FunctionNames(); len(got) != 1 || got[0] != "f" {
		t.Errorf("FunctionNames = %v", got)
	}
}
