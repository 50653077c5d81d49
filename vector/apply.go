package vector

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// ApplySpec describes an Apply.
type ApplySpec struct {
	// Kind says which rows the Apply outputs, as for a HashJoin; a right
	// row is a partner of the left row it was made for when its condition
	// is TRUE.
	Kind JoinKind
	// NullAware (JoinMark, JoinAnti: x IN / NOT IN (subquery)): a right
	// row whose condition is NULL is an unknown partner. Without a
	// partner, the mark is then NULL rather than FALSE, and the anti join
	// drops the left row.
	NullAware bool
	// Outer are the left columns whose values Right receives.
	Outer []int
	// Right makes the right side's operator for one left row, from that
	// row's values of the Outer columns (nil for NULL, else in Const's
	// representation). Its batches hold the right columns (those of the
	// output for JoinInner, JoinLeft and JoinSingle; any for the other
	// kinds), then, with Cond, a BOOLEAN: the join condition on that
	// right row. The Apply opens it, reads it (to its end, or until the
	// left row's outcome is known) and closes it.
	Right func(ctx context.Context, outer []any) (Operator, error)
	// Cond says that Right's batches end with the join condition; without
	// it every right row is a partner.
	Cond bool
}

// Apply is a dependent join: for each row of its left input it runs a
// right side made for that row (a correlated subquery with the outer
// row's values as constants) and combines the two as a HashJoin of the
// same kind would: JoinInner pairs the left row with each partner,
// JoinLeft also outputs it with NULLs when it has none, JoinSingle is
// JoinLeft where a second partner is ErrSubqueryRows, JoinSemi and
// JoinAnti output the left row when it has a partner or has none,
// JoinMark outputs it with a BOOLEAN: whether it has one (see
// ApplySpec.NullAware).
//
// Output batches hold at most BatchSize rows; a left row with many
// partners spans several. It holds one left batch, one right batch and
// the output being assembled, and stops reading a right side as soon as
// the left row's outcome is known (a semi join's first partner).
type Apply struct {
	left   Operator
	spec   ApplySpec
	schema *arrow.Schema
	nLeft  int

	cur      arrow.Record // the left batch being joined
	row      int          // its row whose right side runs (or is next)
	right    Operator     // that row's right side, open; nil before it starts
	rrec     arrow.Record // the right batch being read
	rpos     int          // its next row
	partners int
	unknown  bool // a right row's condition was NULL
	done     bool // the right side need not be read further

	// The output being assembled: rows of cur, with their right values
	// (apps) or marks.
	idx  []int32
	apps []*Appender
	mark *Appender
}

// NewApply returns the dependent join of left with the right sides
// spec.Right makes; schema is its output: the left columns, then the
// right ones (JoinInner, JoinLeft, JoinSingle) or the mark (JoinMark).
func NewApply(left Operator, spec ApplySpec, schema *arrow.Schema) *Apply {
	return &Apply{left: left, spec: spec, schema: schema}
}

// Schema implements Operator.
func (a *Apply) Schema() *arrow.Schema { return a.schema }

// Open implements Operator.
func (a *Apply) Open(ctx context.Context) error {
	a.nLeft = a.left.Schema().NumFields()
	fields := a.schema.Fields()
	want := a.nLeft
	switch a.spec.Kind {
	case JoinInner, JoinLeft, JoinSingle:
		if len(fields) < a.nLeft {
			return fmt.Errorf("internal error: apply outputs %d columns, fewer than its left side's %d", len(fields), a.nLeft)
		}
		for _, f := range fields[a.nLeft:] {
			t, err := types.FromArrow(f.Type)
			if err != nil {
				return fmt.Errorf("internal error: apply column %s: %w", f.Name, err)
			}
			a.apps = append(a.apps, NewAppender(t))
		}
		want = len(fields)
	case JoinMark:
		a.mark = NewAppender(types.BooleanType)
		want++
	}
	if len(fields) != want {
		return fmt.Errorf("internal error: apply %s outputs %d columns, want %d", a.spec.Kind, len(fields), want)
	}
	return a.left.Open(ctx)
}

// Next implements Operator.
func (a *Apply) Next(ctx context.Context) (arrow.Record, error) {
	for {
		// A left batch may take many right sides: stop between them when
		// the query is cancelled.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if a.cur == nil {
			rec, err := a.left.Next(ctx)
			if err != nil || rec == nil {
				return nil, err
			}
			if rec.NumRows() == 0 {
				rec.Release()
				continue
			}
			a.cur, a.row = rec, 0
		}
		if a.row >= int(a.cur.NumRows()) {
			out := a.flush()
			a.cur.Release()
			a.cur = nil
			if out != nil {
				return out, nil
			}
			continue
		}
		if err := a.step(ctx); err != nil {
			return nil, err
		}
		if len(a.idx) >= BatchSize {
			return a.flush(), nil
		}
	}
}

// step does the next piece of the current left row's work: start its
// right side, read a right batch, match some of its rows (until the
// output is full), or conclude the row.
func (a *Apply) step(ctx context.Context) error {
	switch {
	case a.right == nil:
		return a.startRow(ctx)
	case a.done:
		return a.endRow()
	case a.rrec == nil:
		rec, err := a.right.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			a.done = true
			return nil
		}
		a.rrec, a.rpos = rec, 0
		return nil
	}
	err := a.match()
	if a.rpos >= int(a.rrec.NumRows()) {
		a.rrec.Release()
		a.rrec = nil
	}
	return err
}

// startRow makes and opens the right side of the current left row.
func (a *Apply) startRow(ctx context.Context) error {
	outer := make([]any, len(a.spec.Outer))
	for i, c := range a.spec.Outer {
		col := a.cur.Column(c)
		if isNullAt(col, a.row) {
			continue
		}
		v := Scalar(col, a.row)
		if v == nil {
			return fmt.Errorf("internal error: apply cannot pass on a value of type %s", col.DataType())
		}
		outer[i] = v
	}
	op, err := a.spec.Right(ctx, outer)
	if err != nil {
		return err
	}
	if err := a.checkRight(op.Schema()); err != nil {
		op.Close()
		return err
	}
	if err := op.Open(ctx); err != nil {
		op.Close()
		return err
	}
	a.right = op
	a.partners, a.unknown, a.done = 0, false, false
	return nil
}

// checkRight checks that a right side's batches have the layout the
// Apply reads.
func (a *Apply) checkRight(s *arrow.Schema) error {
	n := s.NumFields()
	if a.spec.Cond {
		if n == 0 {
			return fmt.Errorf("internal error: apply's right side has no condition column")
		}
		if id := s.Field(n - 1).Type.ID(); id != arrow.BOOL && id != arrow.NULL {
			return fmt.Errorf("internal error: apply's condition is of type %s", s.Field(n-1).Type)
		}
		n--
	}
	if a.apps == nil {
		return nil
	}
	if n != len(a.apps) {
		return fmt.Errorf("internal error: apply's right side has %d columns, want %d", n, len(a.apps))
	}
	for i := 0; i < n; i++ {
		if got, want := s.Field(i).Type, a.schema.Field(a.nLeft+i).Type; !arrow.TypeEqual(got, want) {
			return fmt.Errorf("internal error: apply's right column %d is of type %s, want %s", i, got, want)
		}
	}
	return nil
}

// match tests the rows of the current right batch from rpos on, adding
// the pairs to the output, until the batch is done, the output is full
// or the left row's outcome is known.
func (a *Apply) match() error {
	n := int(a.rrec.NumRows())
	var cond arrow.Array
	if a.spec.Cond {
		cond = a.rrec.Column(int(a.rrec.NumCols()) - 1)
	}
	for ; a.rpos < n && !a.done && len(a.idx) < BatchSize; a.rpos++ {
		if cond != nil && isNullAt(cond, a.rpos) {
			a.unknown = true
			if a.spec.Kind == JoinAnti && a.spec.NullAware {
				a.done = true
			}
			continue
		}
		if cond != nil && !cond.(*array.Boolean).Value(a.rpos) {
			continue
		}
		a.partners++
		switch a.spec.Kind {
		case JoinSemi, JoinAnti, JoinMark:
			a.done = true
			continue
		case JoinSingle:
			if a.partners > 1 {
				return ErrSubqueryRows
			}
		}
		a.idx = append(a.idx, int32(a.row))
		for c, ap := range a.apps {
			ap.AppendFrom(a.rrec.Column(c), a.rpos)
		}
	}
	return nil
}

// endRow outputs what the current left row gives once its right side is
// read, closes that side and moves to the next row.
func (a *Apply) endRow() error {
	keep := false
	switch a.spec.Kind {
	case JoinLeft, JoinSingle:
		if a.partners == 0 {
			for _, ap := range a.apps {
				ap.AppendNull()
			}
			keep = true
		}
	case JoinSemi:
		keep = a.partners > 0
	case JoinAnti:
		keep = a.partners == 0 && !(a.spec.NullAware && a.unknown)
	case JoinMark:
		switch {
		case a.partners > 0:
			a.mark.AppendValue(true)
		case a.spec.NullAware && a.unknown:
			a.mark.AppendNull()
		default:
			a.mark.AppendValue(false)
		}
		keep = true
	}
	if keep {
		a.idx = append(a.idx, int32(a.row))
	}
	a.row++
	return a.closeRight()
}

// closeRight closes the current row's right side.
func (a *Apply) closeRight() error {
	if a.rrec != nil {
		a.rrec.Release()
		a.rrec = nil
	}
	if a.right == nil {
		return nil
	}
	err := a.right.Close()
	a.right = nil
	return err
}

// flush returns the output assembled from the current left batch (nil if
// none).
func (a *Apply) flush() arrow.Record {
	n := len(a.idx)
	if n == 0 {
		return nil
	}
	whole := n == int(a.cur.NumRows())
	for i, r := range a.idx {
		whole = whole && r == int32(i)
	}
	cols := make([]arrow.Array, 0, a.schema.NumFields())
	for c := 0; c < a.nLeft; c++ {
		if whole {
			col := a.cur.Column(c)
			col.Retain()
			cols = append(cols, col)
			continue
		}
		cols = append(cols, Take(a.cur.Column(c), a.idx))
	}
	for _, ap := range a.apps {
		cols = append(cols, ap.Finish())
	}
	if a.mark != nil {
		cols = append(cols, a.mark.Finish())
	}
	a.idx = a.idx[:0]
	return newRecord(a.schema, cols, n)
}

// Close implements Operator.
func (a *Apply) Close() error {
	err := a.closeRight()
	if a.cur != nil {
		a.cur.Release()
		a.cur = nil
	}
	if cerr := a.left.Close(); err == nil {
		err = cerr
	}
	return err
}

var _ Operator = (*Apply)(nil)
