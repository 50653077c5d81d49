package vector

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// SetIter yields the values of one row's call of a set-returning function:
// ok is false after the last.
type SetIter interface {
	Next() (v any, ok bool, err error)
}

// SetIterFunc is a SetIter that is a function.
type SetIterFunc func() (v any, ok bool, err error)

// Next implements SetIter.
func (f SetIterFunc) Next() (any, bool, error) { return f() }

// intSeries is a SetIter of BIGINTs (a built-in function's) that can also
// fill dst with its next values, without boxing each, and return how many
// (0 at the end).
type intSeries interface {
	nextInts(dst []int64) int
}

// SetFunc is a call of a set-returning function (generate_series, unnest).
type SetFunc struct {
	Name string
	Args []Expr
	T    types.Type
	// Open starts one row's values from the row's arguments, as Go values
	// in UserFunc's representation; the values it yields are in the same
	// representation. It may be called from several goroutines at once.
	Open func(ctx context.Context, args []any) (SetIter, error)
}

func (f *SetFunc) String() string {
	parts := make([]string, len(f.Args))
	for i, a := range f.Args {
		parts[i] = a.String()
	}
	return strings.ToUpper(f.Name) + "(" + strings.Join(parts, ", ") + ")"
}

// open starts row r's values of f, whose arguments are args.
func (f *SetFunc) open(ctx context.Context, args []arrow.Array, r int) (it SetIter, err error) {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = goArg(a, r, f.Args[i].Type())
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: panic: %v", strings.ToUpper(f.Name), p)
		}
	}()
	it, err = f.Open(ctx, vals)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.ToUpper(f.Name), err)
	}
	return it, nil
}

// next is the next value of it, converted to f's type.
func (f *SetFunc) next(it SetIter) (v any, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: panic: %v", strings.ToUpper(f.Name), p)
		}
	}()
	v, ok, err = it.Next()
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", strings.ToUpper(f.Name), err)
	}
	if !ok {
		return nil, false, nil
	}
	c, err := fromGo(v, f.T)
	if err != nil {
		return nil, false, fmt.Errorf("%s returned %w", strings.ToUpper(f.Name), err)
	}
	return c, true, nil
}

// ProjectSet outputs, for each input row, as many rows as its longest
// set-returning call yields (none when all yield none): the input's
// columns repeated, then each call's values, NULL once a call has run out.
// It streams: a call yielding more rows than fit in one batch continues
// in the next, and an output batch never mixes two input batches.
type ProjectSet struct {
	input  Operator
	funcs  []SetFunc
	schema *arrow.Schema

	ctx   context.Context
	rec   arrow.Record    // the input batch being expanded
	args  [][]arrow.Array // per call, its arguments over rec
	row   int             // rec's row being expanded
	iters []SetIter       // row's open calls; nil entries have run out
	open  bool            // iters belong to row
	ints  []int64         // a bulk series' values
}

// NewProjectSet returns the expansion of input by funcs; schema is the
// input's columns followed by one per call.
func NewProjectSet(input Operator, funcs []SetFunc, schema *arrow.Schema) *ProjectSet {
	return &ProjectSet{input: input, funcs: funcs, schema: schema}
}

// Schema implements Operator.
func (p *ProjectSet) Schema() *arrow.Schema { return p.schema }

// Open implements Operator.
func (p *ProjectSet) Open(ctx context.Context) error {
	p.ctx = ctx
	return p.input.Open(ctx)
}

// Close implements Operator.
func (p *ProjectSet) Close() error {
	p.drop()
	return p.input.Close()
}

// drop releases the current input batch and its arguments.
func (p *ProjectSet) drop() {
	for _, as := range p.args {
		releaseAll(as...)
	}
	p.args = nil
	if p.rec != nil {
		p.rec.Release()
		p.rec = nil
	}
	p.open = false
}

// load reads the next input batch and evaluates the calls' arguments
// over it; false at the end of the input.
func (p *ProjectSet) load(ctx context.Context) (bool, error) {
	for {
		rec, err := p.input.Next(ctx)
		if err != nil || rec == nil {
			return false, err
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		p.rec, p.row, p.open = rec, 0, false
		p.args = make([][]arrow.Array, len(p.funcs))
		for i, f := range p.funcs {
			for _, a := range f.Args {
				v, err := a.Eval(rec)
				if err != nil {
					p.drop()
					return false, err
				}
				p.args[i] = append(p.args[i], v)
			}
		}
		return true, nil
	}
}

// Next implements Operator.
func (p *ProjectSet) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for {
		if p.rec == nil {
			if ok, err := p.load(ctx); !ok {
				return nil, err
			}
		}
		out, err := p.expand()
		if err != nil || out.NumRows() > 0 {
			return out, err
		}
		out.Release()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// expand outputs the rows of the current input batch's rows, from where
// the last call stopped, up to BatchSize of them.
func (p *ProjectSet) expand() (arrow.Record, error) {
	if p.iters == nil {
		p.iters = make([]SetIter, len(p.funcs))
	}
	apps := make([]*Appender, len(p.funcs))
	for i, f := range p.funcs {
		apps[i] = NewAppender(f.T)
	}
	var idx []int32
	vals := make([]any, len(p.funcs))
	n := int(p.rec.NumRows())
	for len(idx) < BatchSize && p.row < n {
		if !p.open {
			for i := range p.funcs {
				it, err := p.funcs[i].open(p.ctx, p.args[i], p.row)
				if err != nil {
					finishAll(apps)
					return nil, err
				}
				p.iters[i] = it
			}
			p.open = true
		}
		if s, ok := p.iters[0].(intSeries); ok && len(p.iters) == 1 && p.funcs[0].T.ID == types.Bigint {
			// One built-in BIGINT series: in bulk.
			if cap(p.ints) < BatchSize {
				p.ints = make([]int64, BatchSize)
			}
			n := s.nextInts(p.ints[:BatchSize-len(idx)])
			if n == 0 {
				p.iters[0] = nil
				p.row++
				p.open = false
				continue
			}
			for k := 0; k < n; k++ {
				idx = append(idx, int32(p.row))
			}
			apps[0].appendInt64s(p.ints[:n])
			continue
		}
		some := false
		for i, it := range p.iters {
			vals[i] = nil
			if it == nil {
				continue
			}
			v, ok, err := p.funcs[i].next(it)
			if err != nil {
				finishAll(apps)
				return nil, err
			}
			if !ok {
				p.iters[i] = nil
				continue
			}
			vals[i], some = v, true
		}
		if !some {
			p.row++
			p.open = false
			continue
		}
		idx = append(idx, int32(p.row))
		for i, v := range vals {
			apps[i].AppendValue(v)
		}
	}
	cols := make([]arrow.Array, 0, len(p.schema.Fields()))
	for _, c := range p.rec.Columns() {
		cols = append(cols, Take(c, idx))
	}
	for _, a := range apps {
		cols = append(cols, a.Finish())
	}
	out := NewRecord(p.schema, cols, len(idx))
	releaseAll(cols...)
	if p.row >= n {
		p.drop()
	}
	return out, nil
}

func finishAll(apps []*Appender) {
	for _, a := range apps {
		a.Finish().Release()
	}
}

var _ Operator = (*ProjectSet)(nil)
