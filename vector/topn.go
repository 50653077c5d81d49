package vector

import (
	"context"
	"math"

	"github.com/apache/arrow/go/v15/arrow"
)

// TopN returns the first Offset+Count rows of its input in the order of
// keys, without sorting the whole input: it keeps only the best rows seen
// so far. Ties keep their input order.
type TopN struct {
	input  Operator
	keys   []SortKey
	n      int64
	kept   arrow.Record
	rows   []arrow.Record
	count  int64
	out    []int32
	pos    int
	loaded bool
}

// NewTopN returns the top n rows of input by keys.
func NewTopN(input Operator, keys []SortKey, n int64) *TopN {
	return &TopN{input: input, keys: keys, n: n}
}

// Schema implements Operator.
func (t *TopN) Schema() *arrow.Schema { return t.input.Schema() }

// Open implements Operator.
func (t *TopN) Open(ctx context.Context) error { return t.input.Open(ctx) }

// Close implements Operator.
func (t *TopN) Close() error {
	releaseRecords(t.rows)
	t.rows = nil
	if t.kept != nil {
		t.kept.Release()
		t.kept = nil
	}
	return t.input.Close()
}

// compactAt is the number of rows held that triggers a compaction: about
// twice n, so that each compaction halves what is held.
func (t *TopN) compactAt() int64 {
	if t.n > (math.MaxInt64-int64(BatchSize))/2 {
		return math.MaxInt64
	}
	return 2*t.n + int64(BatchSize)
}

// compact sorts what is held and keeps the best n rows.
func (t *TopN) compact() error {
	recs := t.rows
	if t.kept != nil {
		recs = append([]arrow.Record{t.kept}, recs...)
	}
	all, err := concatRecords(t.input.Schema(), recs)
	releaseRecords(recs)
	t.rows, t.kept = nil, nil
	if err != nil {
		return err
	}
	order := sortIndices(all, t.keys)
	if int64(len(order)) > t.n {
		order = order[:t.n]
	}
	t.kept = TakeRecord(all, order)
	all.Release()
	t.count = t.kept.NumRows()
	return nil
}

// Next implements Operator.
func (t *TopN) Next(ctx context.Context) (arrow.Record, error) {
	if !t.loaded {
		t.loaded = true
		for {
			rec, err := t.input.Next(ctx)
			if err != nil {
				return nil, err
			}
			if rec == nil {
				break
			}
			t.rows = append(t.rows, rec)
			t.count += rec.NumRows()
			if t.count > t.compactAt() {
				if err := t.compact(); err != nil {
					return nil, err
				}
			}
		}
		if err := t.compact(); err != nil {
			return nil, err
		}
	}
	if t.kept == nil || int64(t.pos) >= t.kept.NumRows() {
		return nil, nil
	}
	end := min(int64(t.pos+BatchSize), t.kept.NumRows())
	rec := t.kept.NewSlice(int64(t.pos), end)
	t.pos = int(end)
	return rec, nil
}

var _ Operator = (*TopN)(nil)
