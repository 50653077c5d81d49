package plan

import (
	"reflect"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// values is a leaf node with the given columns, for the node tests.
type values struct{ cols []Column }

func (v values) Columns() []Column        { return v.cols }
func (v values) Children() []Node         { return nil }
func (v values) WithChildren([]Node) Node { return v }
func (v values) Describe() string         { return "Values" }
func bigintCol(id ColumnID, name string) Column {
	return Column{ID: id, Name: name, Type: types.BigintType}
}

func TestApplyNode(t *testing.T) {
	left := values{[]Column{bigintCol(1, "k"), bigintCol(2, "x")}}
	right := values{[]Column{bigintCol(3, "b")}}
	mark := Column{ID: 4, Name: "in", Type: types.BooleanType, Nullable: true}
	cond := call("=", types.BooleanType, col(2, "x"), col(3, "b"))
	names := func(cs []Column) []string {
		var out []string
		for _, c := range cs {
			s := c.Name
			if c.Nullable {
				s += "?"
			}
			out = append(out, s)
		}
		return out
	}
	for _, c := range []struct {
		kind      JoinKind
		nullAware bool
		cols      []string
		describe  string
	}{
		{InnerJoin, false, []string{"k", "x", "b"}, "Apply inner cond=(x = b) (runs the right side once per outer row)"},
		{SingleJoin, false, []string{"k", "x", "b?"}, "Apply single cond=(x = b) (runs the right side once per outer row)"},
		{LeftJoin, false, []string{"k", "x", "b?"}, "Apply left cond=(x = b) (runs the right side once per outer row)"},
		{SemiJoin, false, []string{"k", "x"}, "Apply semi cond=(x = b) (runs the right side once per outer row)"},
		{AntiJoin, true, []string{"k", "x"}, "Apply anti cond=(x = b) null-aware (runs the right side once per outer row)"},
		{MarkJoin, true, []string{"k", "x", "in?"}, "Apply mark cond=(x = b) mark=in null-aware (runs the right side once per outer row)"},
	} {
		a := &Apply{Kind: c.kind, Left: left, Right: right, Cond: cond, NullAware: c.nullAware, Mark: mark}
		if got := names(a.Columns()); !reflect.DeepEqual(got, c.cols) {
			t.Errorf("%s: columns %v, want %v", c.kind, got, c.cols)
		}
		// The same as a join of the kind.
		j := &Join{Kind: c.kind, Left: left, Right: right, Cond: cond, Mark: mark}
		if !reflect.DeepEqual(a.Columns(), j.Columns()) {
			t.Errorf("%s: columns %v, the join's %v", c.kind, a.Columns(), j.Columns())
		}
		if got := a.Describe(); got != c.describe {
			t.Errorf("%s: Describe() = %q, want %q", c.kind, got, c.describe)
		}
	}
	a := &Apply{Kind: SemiJoin, Left: left, Right: right}
	if got := a.Describe(); got != "Apply semi (runs the right side once per outer row)" {
		t.Errorf("without a condition: Describe() = %q", got)
	}
	other := values{[]Column{bigintCol(5, "c")}}
	b := a.WithChildren([]Node{right, other}).(*Apply)
	if b.Left.(values).cols[0].ID != 3 || b.Right.(values).cols[0].ID != 5 || a.Left.(values).cols[0].ID != 1 {
		t.Error("WithChildren does not replace the children of a copy")
	}
	if kids := a.Children(); len(kids) != 2 {
		t.Errorf("%d children, want 2", len(kids))
	}
}

// Exprs lists what each node evaluates: an Apply's condition, a window's
// keys and arguments, an aggregate's second argument.
func TestExprsOfNodes(t *testing.T) {
	in := values{[]Column{bigintCol(1, "k"), bigintCol(2, "x")}}
	cond := call("=", types.BooleanType, col(1, "k"), col(2, "x"))
	if got := Exprs(&Apply{Kind: SemiJoin, Left: in, Right: in, Cond: cond}); len(got) != 1 || got[0] != Expr(cond) {
		t.Errorf("Apply: %v", got)
	}
	if got := Exprs(&Apply{Kind: SemiJoin, Left: in, Right: in}); len(got) != 0 {
		t.Errorf("Apply without a condition: %v", got)
	}
	w := &Window{Input: in, PartitionBy: []Expr{col(1, "k")}, OrderBy: []SortKey{{Expr: col(2, "x")}},
		Funcs: []WindowFunc{{Func: "lag", Args: []Expr{col(2, "x"), lit(0)}}}}
	if got := Exprs(w); len(got) != 4 {
		t.Errorf("Window: %v, want its key, order and two arguments", got)
	}
	agg := &Aggregate{Input: in, Aggs: []AggCall{{Func: "corr", Arg: col(1, "k"), Arg2: col(2, "x")}}}
	if got := ColumnsOf(Exprs(agg)[1], nil); !got[2] {
		t.Errorf("Aggregate: %v, want CORR's second argument", Exprs(agg))
	}
}
