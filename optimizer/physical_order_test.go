package optimizer

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// fixedColumns is a physical operator that only has columns.
type fixedColumns struct{ cols []plan.Column }

func (f *fixedColumns) Columns() []plan.Column             { return f.cols }
func (f *fixedColumns) Children() []Physical               { return nil }
func (f *fixedColumns) Explain() string                    { return "Fixed" }
func (f *fixedColumns) build(int) (vector.Operator, error) { return nil, nil }
func (f *fixedColumns) partitioned() bool                  { return false }

// inOrder leaves an operator whose columns are in the wanted order as it
// is, and projects the others into it; passThroughOut keeps the input's
// physical order and appends the added columns.
func TestPhysicalColumnOrder(t *testing.T) {
	a := plan.Column{ID: 1, Name: "a", Type: types.BigintType}
	b := plan.Column{ID: 2, Name: "b", Type: types.VarcharType}
	c := plan.Column{ID: 3, Name: "c", Type: types.BigintType}
	in := &fixedColumns{cols: []plan.Column{b, a}}
	if p, err := inOrder(in, []plan.Column{b, a}); err != nil || p != Physical(in) {
		t.Errorf("same order: %v %v", p, err)
	}
	p, err := inOrder(in, []plan.Column{a, b})
	if err != nil {
		t.Fatal(err)
	}
	proj, ok := p.(*pProject)
	if !ok || len(proj.exprs) != 2 || proj.exprs[0].(*vector.ColumnRef).Index != 1 || proj.exprs[1].(*vector.ColumnRef).Index != 0 ||
		proj.out[0].ID != 1 || proj.out[1].ID != 2 {
		t.Errorf("reordered: %s", p.Explain())
	}
	out := passThroughOut(in, []plan.Column{a, b}, []plan.Column{a, b, c})
	if len(out) != 3 || out[0].ID != 2 || out[1].ID != 1 || out[2].ID != 3 {
		t.Errorf("passThroughOut: %v", out)
	}
}
