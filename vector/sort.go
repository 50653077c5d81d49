package vector

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// SortKey orders rows by one column. NULLs sort as if larger than every
// value (last ascending, first descending), as in PostgreSQL.
type SortKey struct {
	Col  int
	Desc bool
}

// Sort orders its whole input by keys. It is stable: rows that tie keep
// their input order. It holds the whole input in memory.
type Sort struct {
	input  Operator
	keys   []SortKey
	out    arrow.Record
	order  []int32
	pos    int
	loaded bool
	mem    memCharge // its input, charged to the query's budget
}

// NewSort returns the sort of input by keys.
func NewSort(input Operator, keys []SortKey) *Sort { return &Sort{input: input, keys: keys} }

// Schema implements Operator.
func (s *Sort) Schema() *arrow.Schema { return s.input.Schema() }

// Open implements Operator.
func (s *Sort) Open(ctx context.Context) error { return s.input.Open(ctx) }

// Close implements Operator.
func (s *Sort) Close() error {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	s.mem.release()
	return s.input.Close()
}

// Next implements Operator.
func (s *Sort) Next(ctx context.Context) (arrow.Record, error) {
	if !s.loaded {
		s.loaded = true
		var recs []arrow.Record
		var held int64
		for {
			rec, err := s.input.Next(ctx)
			if err != nil {
				releaseRecords(recs)
				return nil, err
			}
			if rec == nil {
				break
			}
			recs = append(recs, rec)
			for _, c := range rec.Columns() {
				held += arrayBytes(c)
			}
			if err := s.mem.set(ctx, "ORDER BY", held); err != nil {
				releaseRecords(recs)
				return nil, err
			}
		}
		all, err := concatRecords(s.input.Schema(), recs)
		releaseRecords(recs)
		if err != nil {
			return nil, err
		}
		s.out = all
		s.order = sortIndices(all, s.keys)
	}
	if s.pos >= len(s.order) {
		return nil, nil
	}
	end := min(s.pos+BatchSize, len(s.order))
	rec := TakeRecord(s.out, s.order[s.pos:end])
	s.pos = end
	return rec, nil
}

func releaseRecords(recs []arrow.Record) {
	for _, r := range recs {
		r.Release()
	}
}

// concatRecords appends records into one.
func concatRecords(schema *arrow.Schema, recs []arrow.Record) (arrow.Record, error) {
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	cols := make([]arrow.Array, schema.NumFields())
	for c := range cols {
		if len(recs) == 0 {
			cols[c] = array.MakeArrayOfNull(memory.DefaultAllocator, schema.Field(c).Type, 0)
			continue
		}
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		a, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			releaseAll(cols...)
			return nil, fmt.Errorf("ORDER BY holds its whole input in memory, and column %s of this one is too large for it (%w); add a LIMIT (which keeps only the top rows) or a WHERE clause",
				schema.Field(c).Name, err)
		}
		cols[c] = a
	}
	out := array.NewRecord(schema, cols, n)
	releaseAll(cols...)
	return out, nil
}

// rowComparer compares rows i and j of one column (both non-NULL).
type rowComparer func(i, j int) int

func comparerOf(a arrow.Array) rowComparer {
	switch a.DataType().ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		v := int64s(a)
		return func(i, j int) int { return cmp3(v[i], v[j]) }
	case arrow.FLOAT64:
		v := float64s(a)
		return func(i, j int) int { return cmpFloat(v[i], v[j]) }
	case arrow.DATE32:
		v := int32s(a)
		return func(i, j int) int { return cmp3(v[i], v[j]) }
	case arrow.DECIMAL128:
		v := decs(a)
		return func(i, j int) int { return v[i].Cmp(v[j]) }
	case arrow.STRING:
		offs, data := strs(a)
		return func(i, j int) int { return bytes.Compare(data[offs[i]:offs[i+1]], data[offs[j]:offs[j+1]]) }
	case arrow.BOOL:
		bits := boolBits(a)
		return func(i, j int) int { return b2i(bitutil.BitIsSet(bits, i)) - b2i(bitutil.BitIsSet(bits, j)) }
	}
	return func(i, j int) int { return 0 }
}

// cmpFloat orders doubles with NaN above every number, as PostgreSQL does.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	case a != a && b != b:
		return 0
	case a != a:
		return 1
	}
	return -1
}

// sortIndices returns the row order of rec by keys, stable.
func sortIndices(rec arrow.Record, keys []SortKey) []int32 {
	n := int(rec.NumRows())
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	cmp := rowOrder(rec, keys)
	sort.SliceStable(order, func(x, y int) bool { return cmp(int(order[x]), int(order[y])) < 0 })
	return order
}

// rowOrder returns a three-way comparison of two rows of rec by keys.
func rowOrder(rec arrow.Record, keys []SortKey) func(i, j int) int {
	type keyCmp struct {
		cmp  rowComparer
		arr  arrow.Array
		desc bool
		null bool
	}
	kc := make([]keyCmp, len(keys))
	for k, key := range keys {
		a := rec.Column(key.Col)
		kc[k] = keyCmp{cmp: comparerOf(a), arr: a, desc: key.Desc, null: a.NullN() > 0 || a.DataType().ID() == arrow.NULL}
	}
	return func(i, j int) int {
		for _, k := range kc {
			var c int
			if k.null {
				ni, nj := isNullAt(k.arr, i), isNullAt(k.arr, j)
				switch {
				case ni && nj:
					continue
				case ni:
					c = 1
				case nj:
					c = -1
				default:
					c = k.cmp(i, j)
				}
			} else {
				c = k.cmp(i, j)
			}
			if c != 0 {
				if k.desc {
					return -c
				}
				return c
			}
		}
		return 0
	}
}

func isNullAt(a arrow.Array, i int) bool {
	return a.DataType().ID() == arrow.NULL || a.IsNull(i)
}

var _ Operator = (*Sort)(nil)
