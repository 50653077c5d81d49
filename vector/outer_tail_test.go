package vector

import (
	"testing"
)

// The probes mark the build rows they match; the tail adds the others,
// with NULL probe columns, once the probes are done. (A LEFT JOIN of the
// build side's rows, built on that side.)
func TestOuterTail(t *testing.T) {
	run := func(residual Expr, probes [][][]any) [][]any {
		t.Helper()
		shared := sharedOf(rowsSource(t, kvTypes, buildRows, 2), []Expr{ref(0, tInt)}, false, nil)
		schema := joinSchema(JoinInner, kvTypes, kvTypes)
		var recs [][]any
		// Several probes (as partitions would), then the tail over their
		// pairs: the tail's input is the probes' output, in order.
		for _, rows := range probes {
			h := NewHashJoin(rowsSource(t, kvTypes, rows, 2), shared,
				HashJoinSpec{Kind: JoinInner, ProbeKeys: []Expr{ref(0, tInt)}, Residual: residual, MarkBuild: true}, schema)
			recs = append(recs, drain(t, h)...)
		}
		tail := NewOuterTail(rowsSource(t, append(append(kvTypes[:0:0], kvTypes...), kvTypes...), recs, 3), shared, kvTypes, schema)
		return drain(t, tail)
	}
	// Build rows 1/x, 1/y, 2/z match; 4/w and the NULL key do not.
	wantRows(t, "two probes", run(nil, [][][]any{probeRows[:2], probeRows[2:]}), [][]any{
		{1, "a", 1, "x"}, {1, "a", 1, "y"}, {2, "b", 2, "z"}, {1, "e", 1, "x"}, {1, "e", 1, "y"},
		{nil, nil, nil, "n"}, {nil, nil, 4, "w"},
	})
	// A pair the residual rejects does not count as a match: only probe
	// "b" passes s = 'b', so 1/x and 1/y are added too.
	wantRows(t, "residual", run(cmpE(CmpEq, ref(1, tStr), &Const{Value: "b", T: tStr}), [][][]any{probeRows}), [][]any{
		{2, "b", 2, "z"},
		{nil, nil, 1, "x"}, {nil, nil, nil, "n"}, {nil, nil, 1, "y"}, {nil, nil, 4, "w"},
	})
	// No probe at all: every build row, padded.
	wantRows(t, "no probes", run(nil, nil), [][]any{
		{nil, nil, 1, "x"}, {nil, nil, nil, "n"}, {nil, nil, 2, "z"}, {nil, nil, 1, "y"}, {nil, nil, 4, "w"},
	})
}
