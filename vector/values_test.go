package vector

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestOneRow(t *testing.T) {
	v := OneRow()
	if v.Schema().NumFields() != 0 {
		t.Errorf("OneRow schema has %d fields", v.Schema().NumFields())
	}
	batches, err := drainBatches(t, v)
	if err != nil {
		t.Fatal(err)
	}
	if len(batches) != 1 || len(batches[0]) != 1 || len(batches[0][0]) != 0 {
		t.Errorf("OneRow gave %v, want one batch of one row without columns", batches)
	}
}

func TestValuesYieldsRecordsInOrder(t *testing.T) {
	tr := newTracker(t)
	s := mkSchema(tInt, tStr)
	r1 := tr.track(recFromRows(t, []types.Type{tInt, tStr}, [][]any{{1, "a"}, {2, nil}}))
	r2 := tr.track(recFromRows(t, []types.Type{tInt, tStr}, [][]any{{3, ""}}))
	v := NewValues(s, []arrow.Record{r1, r2})
	if v.Schema() != s {
		t.Errorf("Schema is not the given schema")
	}
	got := drain(t, v)
	wantRows(t, "values", got, [][]any{{1, "a"}, {2, nil}, {3, ""}})
}

func TestValuesCloseReleasesUnread(t *testing.T) {
	tr := newTracker(t)
	ts := []types.Type{tInt}
	recs := []arrow.Record{
		tr.track(recFromRows(t, ts, [][]any{{1}})),
		tr.track(recFromRows(t, ts, [][]any{{2}})),
		tr.track(recFromRows(t, ts, [][]any{{3}})),
	}
	v := NewValues(mkSchema(tInt), recs)
	ctx := context.Background()
	if err := v.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := v.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("Next = %v, %v", rec, err)
	}
	wantRows(t, "first record", recRows(t, rec), [][]any{{1}})
	rec.Release()
	// Close with two records unread: they are released (the tracker checks).
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestValuesEmpty(t *testing.T) {
	got := drain(t, NewValues(mkSchema(tInt), nil))
	wantRows(t, "no records", got, nil)
}
