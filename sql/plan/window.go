package plan

import (
	"fmt"
	"strings"
)

// BoundKind is the kind of one end of a window frame.
type BoundKind uint8

// The kinds of frame bounds, in the order rows come.
const (
	UnboundedPreceding BoundKind = iota
	Preceding
	CurrentRow
	Following
	UnboundedFollowing
)

// FrameBound is one end of a window frame. For Preceding and Following,
// Offset is the distance: a non-negative int64 count of rows in a ROWS
// frame; in a RANGE frame, a distance on the ORDER BY key in the key's
// representation (int64 for BIGINT, days for DATE and microseconds for
// TIMESTAMP; float64 for DOUBLE; decimal128.Num at the key's scale for
// DECIMAL). Text is the offset as written, for EXPLAIN.
type FrameBound struct {
	Kind   BoundKind
	Offset any
	Text   string
}

func (b FrameBound) String() string {
	switch b.Kind {
	case UnboundedPreceding:
		return "UNBOUNDED PRECEDING"
	case Preceding:
		return b.Text + " PRECEDING"
	case CurrentRow:
		return "CURRENT ROW"
	case Following:
		return b.Text + " FOLLOWING"
	}
	return "UNBOUNDED FOLLOWING"
}

// Frame is the set of rows of its partition that a window function sees
// for each row: ROWS counts rows from the current one; RANGE measures
// distances on the ORDER BY key, rows with equal keys (peers) being in or
// out together.
type Frame struct {
	Range      bool
	Start, End FrameBound
}

func (f Frame) String() string {
	kind := "ROWS"
	if f.Range {
		kind = "RANGE"
	}
	return kind + " BETWEEN " + f.Start.String() + " AND " + f.End.String()
}

// WindowFunc is one window function of a Window node. Func is one of
// row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead,
// first_value, last_value, nth_value, count_star, count, sum, avg, min,
// max. Args are the argument (and LAG and LEAD's default); N is NTILE's
// number of buckets, LAG and LEAD's offset, NTH_VALUE's position. Frame
// matters to first_value, last_value, nth_value and the aggregates.
type WindowFunc struct {
	Func  string
	Args  []Expr
	N     int64
	Frame Frame
	Out   Column
}

// UsesFrame reports whether the function's value depends on its frame.
func (f WindowFunc) UsesFrame() bool {
	switch f.Func {
	case "first_value", "last_value", "nth_value", "count_star", "count", "sum", "avg", "min", "max":
		return true
	}
	return false
}

func (f WindowFunc) String() string {
	var args []string
	switch f.Func {
	case "count_star":
		return "count(*)" + f.frameText()
	case "ntile":
		args = append(args, fmt.Sprint(f.N))
	}
	for i, a := range f.Args {
		args = append(args, a.String())
		if i == 0 && (f.Func == "lag" || f.Func == "lead" || f.Func == "nth_value") {
			args = append(args, fmt.Sprint(f.N))
		}
	}
	return f.Func + "(" + strings.Join(args, ", ") + ")" + f.frameText()
}

// frameText renders the frame, unless it is one of the defaults (up to
// the current row's peers, or the whole partition).
func (f WindowFunc) frameText() string {
	fr := f.Frame
	if !f.UsesFrame() || fr.Range && fr.Start.Kind == UnboundedPreceding && (fr.End.Kind == CurrentRow || fr.End.Kind == UnboundedFollowing) {
		return ""
	}
	return " " + fr.String()
}

// Window computes window functions over the partitions of its input (the
// rows with equal PartitionBy values), each partition ordered by OrderBy.
// Its output is its input's columns, then each function's Out.
type Window struct {
	Input       Node
	PartitionBy []Expr
	OrderBy     []SortKey
	Funcs       []WindowFunc
	// RowLimit, when positive, says that only the first RowLimit rows of
	// each partition (in window order) are read above: the window outputs
	// only those, and need not order the rest (its functions are all
	// ROW_NUMBER).
	RowLimit int64
}

// Columns implements Node.
func (w *Window) Columns() []Column {
	out := append([]Column(nil), w.Input.Columns()...)
	for _, f := range w.Funcs {
		out = append(out, f.Out)
	}
	return out
}

// Children implements Node.
func (w *Window) Children() []Node { return []Node{w.Input} }

// WithChildren implements Node.
func (w *Window) WithChildren(c []Node) Node { n := *w; n.Input = c[0]; return &n }

// Describe implements Node.
func (w *Window) Describe() string {
	funcs := make([]string, len(w.Funcs))
	for i, f := range w.Funcs {
		funcs[i] = f.String()
	}
	d := fmt.Sprintf("Window partition=[%s] order=[%s] funcs=[%s]", exprList(w.PartitionBy), keyList(w.OrderBy), strings.Join(funcs, ", "))
	if w.RowLimit > 0 {
		d += fmt.Sprintf(" first=%d", w.RowLimit)
	}
	return d
}
