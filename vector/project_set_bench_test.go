package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func BenchmarkProjectSetSeries(b *testing.B) {
	for i := 0; i < b.N; i++ {
		src := NewValues(mkSchema(tInt), []arrow.Record{recFromRows(b, []types.Type{tInt}, [][]any{{10000000}})})
		schema := SchemaOf([]types.Column{{Name: "n", Type: tInt}, {Name: "g", Type: tInt}})
		p := NewProjectSet(src, []SetFunc{seriesFunc(lit(b, tInt, 1), ref(0, tInt))}, schema)
		ctx := context.Background()
		p.Open(ctx)
		n := 0
		for {
			r, err := p.Next(ctx)
			if err != nil || r == nil {
				break
			}
			n += int(r.NumRows())
			r.Release()
		}
		p.Close()
		if n != 10000000 {
			b.Fatal(n)
		}
	}
}
