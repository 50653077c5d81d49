package vector

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// BenchmarkGroupTableInsert measures GroupTable.Insert per row for one
// BIGINT key of 100000 distinct values (db-benchmark's id6), in batches.
func BenchmarkGroupTableInsert(b *testing.B) {
	const batch, groups = 8192, 100000
	r := rand.New(rand.NewSource(1))
	var batches []arrow.Array
	for range 64 {
		x := make([]int64, batch)
		for i := range x {
			x[i] = 1 + r.Int63n(groups)
		}
		batches = append(batches, NewInt64Array(x, nil, 0))
	}
	t := NewGroupTable([]types.Type{types.BigintType})
	ids := make([]int32, batch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.Insert(batches[i%len(batches):i%len(batches)+1], batch, ids)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
}

// BenchmarkSumIntUpdate measures a BIGINT SUM's update per row over
// 100000 groups.
func BenchmarkSumIntUpdate(b *testing.B) {
	const batch, groups = 8192, 100000
	r := rand.New(rand.NewSource(1))
	ids := make([]int32, batch)
	x := make([]int64, batch)
	for i := range ids {
		ids[i] = int32(r.Intn(groups))
		x[i] = r.Int63n(15)
	}
	arr := NewInt64Array(x, nil, 0)
	a := &sumIntAcc{}
	a.resize(groups)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = a.update(ids, arr)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
}

// BenchmarkGroupTableInsertString measures finding the groups of a batch
// by one VARCHAR key of 12 bytes over 100000 groups (the groupby
// benchmark's id3).
func BenchmarkGroupTableInsertString(b *testing.B) {
	const batch, groups = 8192, 100000
	r := rand.New(rand.NewSource(1))
	var batches []arrow.Array
	for range 64 {
		sb := NewStringBuilder(batch, 12)
		for range batch {
			sb.Append(fmt.Appendf(nil, "id%010d", 1+r.Int63n(groups)))
		}
		batches = append(batches, sb.Finish())
	}
	t := NewGroupTable([]types.Type{types.VarcharType})
	ids := make([]int32, batch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.Insert(batches[i%len(batches):i%len(batches)+1], batch, ids)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
}
