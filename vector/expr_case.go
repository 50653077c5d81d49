package vector

import (
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Case is a searched CASE: the result of the first WHEN whose condition is
// TRUE, else ELSE (NULL when absent). Each THEN is evaluated only on the
// rows that choose it, so CASE WHEN x <> 0 THEN 1/x END never divides by
// zero.
type Case struct {
	Whens []Expr // BOOLEAN conditions
	Thens []Expr
	Else  Expr // may be nil
	T     types.Type
}

// Type implements Expr.
func (e *Case) Type() types.Type { return e.T }

func (e *Case) String() string {
	var sb strings.Builder
	sb.WriteString("CASE")
	for i := range e.Whens {
		sb.WriteString(" WHEN " + e.Whens[i].String() + " THEN " + e.Thens[i].String())
	}
	if e.Else != nil {
		sb.WriteString(" ELSE " + e.Else.String())
	}
	sb.WriteString(" END")
	return sb.String()
}

// Eval implements Expr.
func (e *Case) Eval(b arrow.Record) (arrow.Array, error) {
	n := int(b.NumRows())
	remaining := make([]int32, n)
	for i := range remaining {
		remaining[i] = int32(i)
	}
	var arrs []arrow.Array
	var rows [][]int32
	defer func() { releaseAll(arrs...) }()
	// evalOn evaluates x on the rows sel of b.
	evalOn := func(x Expr, sel []int32) (arrow.Array, error) {
		if len(sel) == n {
			return x.Eval(b)
		}
		sub := TakeRecord(b, sel)
		defer sub.Release()
		return x.Eval(sub)
	}
	for k, w := range e.Whens {
		if len(remaining) == 0 {
			break
		}
		cond, err := evalOn(w, remaining)
		if err != nil {
			return nil, err
		}
		hit := Selection(cond, nil)
		cond.Release()
		if len(hit) == 0 {
			continue
		}
		chosen := make([]int32, len(hit))
		for j, h := range hit {
			chosen[j] = remaining[h]
		}
		// Rows not hit stay for the next WHEN.
		rest := remaining[:0:0]
		hi := 0
		for j, r := range remaining {
			if hi < len(hit) && int(hit[hi]) == j {
				hi++
				continue
			}
			rest = append(rest, r)
		}
		remaining = rest
		v, err := evalOn(e.Thens[k], chosen)
		if err != nil {
			return nil, err
		}
		arrs = append(arrs, v)
		rows = append(rows, chosen)
	}
	if e.Else != nil && len(remaining) > 0 {
		v, err := evalOn(e.Else, remaining)
		if err != nil {
			return nil, err
		}
		arrs = append(arrs, v)
		rows = append(rows, remaining)
	}
	if len(arrs) == 1 && len(rows[0]) == n && arrow.TypeEqual(arrs[0].DataType(), e.T.Arrow()) {
		arrs[0].Retain()
		return arrs[0], nil
	}
	return Assemble(e.T, n, arrs, rows), nil
}

// Coalesce returns its first non-NULL argument.
type Coalesce struct {
	Args []Expr
	T    types.Type
}

// Type implements Expr.
func (e *Coalesce) Type() types.Type { return e.T }

func (e *Coalesce) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return "COALESCE(" + strings.Join(parts, ", ") + ")"
}

// Eval implements Expr. As with AND and OR, an argument that fails on the
// whole batch makes the batch evaluated again lazily: each argument only on
// the rows still NULL.
func (e *Coalesce) Eval(b arrow.Record) (arrow.Array, error) {
	if out, err := e.evalAll(b); err == nil {
		return out, nil
	}
	return e.evalLazy(b)
}

func (e *Coalesce) evalAll(b arrow.Record) (arrow.Array, error) {
	n := int(b.NumRows())
	vals := make([]arrow.Array, 0, len(e.Args))
	defer func() { releaseAll(vals...) }()
	for _, a := range e.Args {
		v, err := a.Eval(b)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
		if v.NullN() == 0 && v.DataType().ID() != arrow.NULL {
			break
		}
	}
	if (len(vals) == 1 || vals[0].NullN() == 0) && arrow.TypeEqual(vals[0].DataType(), e.T.Arrow()) {
		vals[0].Retain()
		return vals[0], nil
	}
	ap := NewAppender(e.T)
	for i := 0; i < n; i++ {
		done := false
		for _, v := range vals {
			if v.DataType().ID() != arrow.NULL && v.IsValid(i) {
				ap.AppendFrom(v, i)
				done = true
				break
			}
		}
		if !done {
			ap.AppendNull()
		}
	}
	return ap.Finish(), nil
}

func (e *Coalesce) evalLazy(b arrow.Record) (arrow.Array, error) {
	n := int(b.NumRows())
	remaining := make([]int32, n)
	for i := range remaining {
		remaining[i] = int32(i)
	}
	var arrs []arrow.Array
	var rows [][]int32
	defer func() { releaseAll(arrs...) }()
	for _, x := range e.Args {
		if len(remaining) == 0 {
			break
		}
		sub := b
		if len(remaining) < n {
			sub = TakeRecord(b, remaining)
		}
		v, err := x.Eval(sub)
		if sub != b {
			sub.Release()
		}
		if err != nil {
			return nil, err
		}
		var hit, rest []int32
		for j, r := range remaining {
			if v.DataType().ID() != arrow.NULL && v.IsValid(j) {
				hit = append(hit, int32(j))
			} else {
				rest = append(rest, r)
			}
		}
		if len(hit) > 0 {
			part := Take(v, hit)
			got := make([]int32, len(hit))
			for k, j := range hit {
				got[k] = remaining[j]
			}
			arrs = append(arrs, part)
			rows = append(rows, got)
		}
		v.Release()
		remaining = rest
	}
	return Assemble(e.T, n, arrs, rows), nil
}
