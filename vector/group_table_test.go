package vector

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// insert runs one batch of key columns through the table and returns the
// group numbers.
func insert(t *testing.T, g *GroupTable, cols ...arrow.Array) []int32 {
	t.Helper()
	n := cols[0].Len()
	ids := make([]int32, n)
	if err := catchPanic(func() error { g.Insert(cols, n, ids); return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

func keysOf(t *testing.T, g *GroupTable, from, to int) [][]any {
	t.Helper()
	cols := g.Keys(from, to)
	defer releaseAll(cols...)
	rows := make([][]any, to-from)
	for i := range rows {
		rows[i] = make([]any, len(cols))
	}
	for c, a := range cols {
		for i, v := range vals(t, a) {
			rows[i][c] = v
		}
	}
	return rows
}

func wantIDs(t *testing.T, what string, got []int32, want ...int32) {
	t.Helper()
	if !equalInt32s(got, want) {
		t.Errorf("%s: ids %v, want %v", what, got, want)
	}
}

func TestGroupTableFirstAppearanceOrder(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr})
	a := mkArr(t, tStr, "b", "a", "b", nil, "", "a", nil, "")
	defer a.Release()
	// NULLs form one group; '' is a value of its own, not NULL.
	wantIDs(t, "batch 1", insert(t, g, a), 0, 1, 0, 2, 3, 1, 2, 3)
	b := mkArr(t, tStr, "c", "", "b", nil)
	defer b.Release()
	wantIDs(t, "batch 2", insert(t, g, b), 4, 3, 0, 2)
	if g.Len() != 5 {
		t.Errorf("Len = %d, want 5", g.Len())
	}
	wantRows(t, "keys", keysOf(t, g, 0, 5), [][]any{{"b"}, {"a"}, {nil}, {""}, {"c"}})
	wantRows(t, "keys 2..4", keysOf(t, g, 2, 4), [][]any{{nil}, {""}})
}

func TestGroupTableEveryKeyType(t *testing.T) {
	cases := []struct {
		typ  types.Type
		in   []any
		ids  []int32
		keys []any
	}{
		{tInt, []any{5, nil, 5, -5, 0, nil}, []int32{0, 1, 0, 2, 3, 1}, []any{5, nil, -5, 0}},
		{tBool, []any{true, false, nil, true, nil, false}, []int32{0, 1, 2, 0, 2, 1}, []any{true, false, nil}},
		{tDate, []any{"1969-12-31", "1970-01-01", "1969-12-31", nil}, []int32{0, 1, 0, 2}, []any{"1969-12-31", "1970-01-01", nil}},
		{tTS, []any{"2000-01-01 00:00:00", "2000-01-01 00:00:00.000001", nil, "2000-01-01 00:00:00"}, []int32{0, 1, 2, 0}, []any{"2000-01-01 00:00:00", "2000-01-01 00:00:00.000001", nil}},
		// -0 and 0 are one group, and so are all NaNs (PostgreSQL).
		{tDbl, []any{0.0, negZero, nan, 1.5, nan, nil, negZero}, []int32{0, 0, 1, 2, 1, 3, 0}, []any{0.0, nan, 1.5, nil}},
		// Both halves of the 128 bits are in the key.
		{types.DecimalType(38, 2), []any{"1.50", "-1.50", nil, "1.50", "12345678901234567890123.45", "-12345678901234567890123.45", "12345678901234567890123.45"},
			[]int32{0, 1, 2, 0, 3, 4, 3}, []any{decVal("1.50"), decVal("-1.50"), nil, decVal("12345678901234567890123.45"), decVal("-12345678901234567890123.45")}},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			g := NewGroupTable([]types.Type{c.typ})
			a := mkArr(t, c.typ, c.in...)
			defer a.Release()
			wantIDs(t, "ids", insert(t, g, a), c.ids...)
			var want [][]any
			for _, k := range c.keys {
				want = append(want, []any{k})
			}
			wantRows(t, "keys", keysOf(t, g, 0, g.Len()), want)
		})
	}
}

func TestGroupTableDistinctNaNPayloads(t *testing.T) {
	// NaNs with different bit patterns are still one group.
	g := NewGroupTable([]types.Type{tDbl})
	other := NewFloat64Array([]float64{nan, -nan, nan + 1}, nil, 0)
	defer other.Release()
	ids := insert(t, g, other)
	if ids[0] != ids[1] || ids[1] != ids[2] || g.Len() != 1 {
		t.Errorf("NaNs form %d groups (ids %v), want 1", g.Len(), ids)
	}
}

func TestGroupTableMultiColumn(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr, tStr, tInt})
	// ("ab","c") and ("a","bc") must not be confused; (NULL, x) and
	// ("", x) are different; NULLs in different columns are different.
	a := mkArr(t, tStr, "ab", "a", nil, "", "ab", nil, "a")
	b := mkArr(t, tStr, "c", "bc", "x", "x", "c", nil, "bc")
	c := mkArr(t, tInt, 1, 1, 1, 1, 1, nil, 2)
	defer releaseAll(a, b, c)
	wantIDs(t, "ids", insert(t, g, a, b, c), 0, 1, 2, 3, 0, 4, 5)
	wantRows(t, "keys", keysOf(t, g, 0, g.Len()), [][]any{
		{"ab", "c", 1}, {"a", "bc", 1}, {nil, "x", 1}, {"", "x", 1}, {nil, nil, nil}, {"a", "bc", 2},
	})
}

func TestGroupTableNullTypedKey(t *testing.T) {
	g := NewGroupTable([]types.Type{tNull, tInt})
	n := NewNullArray(4)
	i := mkArr(t, tInt, 1, 2, 1, 2)
	defer releaseAll(n, i)
	wantIDs(t, "ids", insert(t, g, n, i), 0, 1, 0, 1)
	wantRows(t, "keys", keysOf(t, g, 0, 2), [][]any{{nil, 1}, {nil, 2}})
}

func TestGroupTableSlicedInput(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr, tBool})
	s := mkArr(t, tStr, "skip", "x", "y", "x")
	b := mkArr(t, tBool, false, true, nil, true, true, true, true, true, true, true)
	defer releaseAll(s, b)
	ss := array.NewSlice(s, 1, 4)
	sb := array.NewSlice(b, 1, 4) // true NULL true
	defer releaseAll(ss, sb)
	wantIDs(t, "ids", insert(t, g, ss, sb), 0, 1, 0)
	wantRows(t, "keys", keysOf(t, g, 0, 2), [][]any{{"x", true}, {"y", nil}})
}

func TestGroupTableGrowsAndKeepsIDs(t *testing.T) {
	// 5000 distinct keys over several batches force the slot array to grow
	// several times; group numbers must stay those of first appearance.
	g := NewGroupTable([]types.Type{tInt, tStr})
	const n = 5000
	for start := 0; start < n; start += 700 {
		var ks, ss []any
		var want []int32
		for i := start; i < min(start+700, n); i++ {
			ks = append(ks, i*7919%n)
			ss = append(ss, fmt.Sprint(i%3))
			want = append(want, int32(i))
		}
		a := mkArr(t, tInt, ks...)
		b := mkArr(t, tStr, ss...)
		wantIDs(t, fmt.Sprintf("batch at %d", start), insert(t, g, a, b), want...)
		releaseAll(a, b)
	}
	if g.Len() != n {
		t.Fatalf("Len = %d, want %d", g.Len(), n)
	}
	// Every key again, in reverse: all found, none added.
	var ks, ss []any
	var want []int32
	for i := n - 1; i >= 0; i-- {
		ks = append(ks, i*7919%n)
		ss = append(ss, fmt.Sprint(i%3))
		want = append(want, int32(i))
	}
	a := mkArr(t, tInt, ks...)
	b := mkArr(t, tStr, ss...)
	defer releaseAll(a, b)
	wantIDs(t, "all keys again", insert(t, g, a, b), want...)
	if g.Len() != n {
		t.Errorf("Len after re-inserting = %d, want %d", g.Len(), n)
	}
	got := keysOf(t, g, 4998, 5000)
	wantRows(t, "last keys", got, [][]any{{4998 * 7919 % n, "0"}, {4999 * 7919 % n, "1"}})
}

func TestGroupTableNoKeyColumns(t *testing.T) {
	// With no key column every row is in the one group.
	g := NewGroupTable(nil)
	ids := make([]int32, 3)
	g.Insert(nil, 3, ids)
	wantIDs(t, "ids", ids, 0, 0, 0)
	if g.Len() != 1 {
		t.Errorf("Len = %d, want 1", g.Len())
	}
}

func TestGroupTableReserve(t *testing.T) {
	keys := func(n int) (arrow.Array, []int32) {
		var ks []any
		var want []int32
		for i := 0; i < n; i++ {
			ks = append(ks, fmt.Sprintf("key%d", (i*31)%n))
			want = append(want, int32(i))
		}
		return mkArr(t, tStr, ks...), want
	}
	// A reserved table gives the same groups as a growing one.
	g := NewGroupTable([]types.Type{tStr})
	g.Reserve(3000)
	a, want := keys(3000)
	defer a.Release()
	wantIDs(t, "reserved table", insert(t, g, a), want...)
	wantIDs(t, "reserved table, keys again", insert(t, g, a), want...)
	if g.Len() != 3000 {
		t.Errorf("Len = %d, want 3000", g.Len())
	}
	// Reserve on a table that has groups changes nothing.
	g.Reserve(100000)
	wantIDs(t, "after a late Reserve", insert(t, g, a), want...)
	wantRows(t, "keys after a late Reserve", keysOf(t, g, 0, 2), [][]any{{"key0"}, {"key31"}})

	small := NewGroupTable([]types.Type{tInt})
	small.Reserve(0)
	b := mkArr(t, tInt, 3, 3, nil)
	defer b.Release()
	wantIDs(t, "Reserve(0)", insert(t, small, b), 0, 0, 1)
}

// lookup runs Lookup on one batch of key columns.
func lookup(t *testing.T, g *GroupTable, sc *KeyScratch, cols ...arrow.Array) []int32 {
	t.Helper()
	n := cols[0].Len()
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = 99 // Lookup must write every id
	}
	if err := catchPanic(func() error { g.Lookup(cols, n, ids, sc); return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestGroupTableLookup(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr, tInt})
	a := mkArr(t, tStr, "x", "y", nil, "x")
	b := mkArr(t, tInt, 1, 1, 1, 2)
	defer releaseAll(a, b)
	wantIDs(t, "insert", insert(t, g, a, b), 0, 1, 2, 3)

	// Present keys give their group, absent ones -1; a NULL key part finds
	// the group of NULLs (the table's NULLs are equal), and nothing is
	// added.
	var sc KeyScratch
	c := mkArr(t, tStr, "x", "z", "x", nil, nil, "y", "", "xy")
	d := mkArr(t, tInt, 2, 1, 1, 1, 2, nil, 1, 1)
	defer releaseAll(c, d)
	wantIDs(t, "lookup", lookup(t, g, &sc, c, d), 3, -1, 0, 2, -1, -1, -1, -1)
	if g.Len() != 4 {
		t.Errorf("Len after Lookup = %d, want 4", g.Len())
	}
	// The scratch is reused for a smaller batch.
	e := mkArr(t, tStr, "y")
	f := mkArr(t, tInt, 1)
	defer releaseAll(e, f)
	wantIDs(t, "second lookup", lookup(t, g, &sc, e, f), 1)

	// A key of the NULL type (the columns of a batch have the table's
	// types; the join turns an all-NULL key of another type into that
	// type's NULLs).
	nt := NewGroupTable([]types.Type{tNull, tInt})
	n := NewNullArray(2)
	i := mkArr(t, tInt, 1, 3)
	defer releaseAll(n, i)
	wantIDs(t, "insert, NULL-typed column", insert(t, nt, n, i), 0, 1)
	j := mkArr(t, tInt, 3, 2, 1)
	n3 := NewNullArray(3)
	defer releaseAll(j, n3)
	wantIDs(t, "lookup, NULL-typed column", lookup(t, nt, &sc, n3, j), 1, -1, 0)
}

func TestGroupTableLookupEmptyTable(t *testing.T) {
	g := NewGroupTable([]types.Type{tInt})
	a := mkArr(t, tInt, 1, nil, 0)
	defer a.Release()
	var sc KeyScratch
	wantIDs(t, "lookup", lookup(t, g, &sc, a), -1, -1, -1)
}

func TestGroupTableLookupDoubles(t *testing.T) {
	// -0 finds 0 and any NaN finds the NaN group, as in Insert.
	g := NewGroupTable([]types.Type{tDbl})
	a := mkArr(t, tDbl, 0.0, nan, 1.5)
	defer a.Release()
	wantIDs(t, "insert", insert(t, g, a), 0, 1, 2)
	other := NewFloat64Array([]float64{negZero, -nan, 1.5000000000000002, math.Inf(1)}, nil, 0)
	defer other.Release()
	var sc KeyScratch
	wantIDs(t, "lookup", lookup(t, g, &sc, other), 0, 1, -1, -1)
}

func TestGroupTableLookupManyKeysConcurrently(t *testing.T) {
	// 3000 keys (the table grows several times); lookups of more rows than
	// one probe chunk, from several goroutines with their own scratch (run
	// under -race).
	const n = 3000
	g := NewGroupTable([]types.Type{tInt, tStr})
	var ks, ss []any
	for i := 0; i < n; i++ {
		ks = append(ks, i*7)
		ss = append(ss, fmt.Sprint("s", i%5))
	}
	a := mkArr(t, tInt, ks...)
	b := mkArr(t, tStr, ss...)
	defer releaseAll(a, b)
	insert(t, g, a, b)
	// Probe i*7/2 with the string of i/2: present when i is even.
	var pk, ps []any
	var want []int32
	for i := 0; i < 2*n; i++ {
		pk = append(pk, i*7/2)
		ps = append(ps, fmt.Sprint("s", (i/2)%5))
		if i%2 == 0 {
			want = append(want, int32(i/2))
		} else {
			want = append(want, -1)
		}
	}
	c := mkArr(t, tInt, pk...)
	d := mkArr(t, tStr, ps...)
	defer releaseAll(c, d)
	var wg sync.WaitGroup
	got := make([][]int32, 4)
	for w := range got {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var sc KeyScratch
			ids := make([]int32, 2*n)
			for rep := 0; rep < 3; rep++ {
				g.Lookup([]arrow.Array{c, d}, 2*n, ids, &sc)
			}
			got[w] = ids
		}(w)
	}
	wg.Wait()
	for w := range got {
		wantIDs(t, fmt.Sprintf("goroutine %d", w), got[w], want...)
	}
	if g.Len() != n {
		t.Errorf("Len = %d, want %d", g.Len(), n)
	}
}

// TestGroupTableFixedAgainstMap checks the one-fixed-key table against a
// map over many batches: it grows many times, keeps first-appearance
// numbering and the NULL group, and Lookup finds exactly what was
// inserted.
func TestGroupTableFixedAgainstMap(t *testing.T) {
	for _, typ := range []types.Type{tInt, tDbl} {
		t.Run(typ.String(), func(t *testing.T) {
			g := NewGroupTable([]types.Type{typ})
			if g.fixed == nil {
				t.Fatal("a one-column BIGINT or DOUBLE key should use the fixed-key table")
			}
			ref := map[any]int32{}
			var order []any
			r := rand.New(rand.NewSource(7))
			for batch := 0; batch < 20; batch++ {
				n := 1 + r.Intn(3000)
				var in []any
				for i := 0; i < n; i++ {
					var k any
					switch {
					case r.Intn(50) == 0:
						k = nil
					case typ.ID == types.Double:
						k = float64(r.Intn(20000)) / 4
					default:
						k = int64(r.Intn(20000)) << 20 // many keys that share low bits
					}
					in = append(in, k)
				}
				a := mkArr(t, typ, in...)
				ids := insert(t, g, a)
				for i, k := range in {
					want, ok := ref[k]
					if !ok {
						want = int32(len(order))
						ref[k] = want
						order = append(order, k)
					}
					if ids[i] != want {
						t.Fatalf("batch %d row %d key %v: group %d, want %d", batch, i, k, ids[i], want)
					}
				}
				a.Release()
			}
			if g.Len() != len(order) {
				t.Fatalf("Len = %d, want %d", g.Len(), len(order))
			}
			got := keysOf(t, g, 0, g.Len())
			for i, k := range order {
				w := k
				if v, ok := k.(int64); ok {
					w = int(v)
				}
				if fmt.Sprint(got[i][0]) != fmt.Sprint(w) {
					t.Fatalf("key of group %d = %v, want %v", i, got[i][0], w)
				}
			}
			// Lookup: every inserted key, NULL, and keys never inserted.
			probe := append([]any{}, order...)
			probe = append(probe, nil)
			if typ.ID == types.Double {
				probe = append(probe, 0.1, -3.0)
			} else {
				probe = append(probe, int64(1), int64(-5))
			}
			a := mkArr(t, typ, probe...)
			defer a.Release()
			ids := make([]int32, len(probe))
			var sc KeyScratch
			g.Lookup([]arrow.Array{a}, len(probe), ids, &sc)
			for i, k := range probe {
				want, ok := ref[k]
				if !ok {
					want = -1
				}
				if ids[i] != want {
					t.Errorf("Lookup(%v) = %d, want %d", k, ids[i], want)
				}
			}
		})
	}
}

// Strings of 255 bytes and more take the long form of the encoding; a
// string's group does not depend on the form, and both decode back.
func TestGroupTableLongStrings(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr, tStr})
	long := strings.Repeat("x", 300)
	edge := strings.Repeat("y", 254) // the longest short form
	a := mkArr(t, tStr, long, edge, "", nil, long, edge+"y", "a")
	b := mkArr(t, tStr, "s", long, long, long, "s", "z", long[:255])
	defer releaseAll(a, b)
	wantIDs(t, "ids", insert(t, g, a, b), 0, 1, 2, 3, 0, 4, 5)
	wantRows(t, "keys", keysOf(t, g, 0, g.Len()), [][]any{
		{long, "s"}, {edge, long}, {"", long}, {nil, long}, {edge + "y", "z"}, {"a", long[:255]},
	})
}

// A one-column VARCHAR key uses the short-string table: strings of up to
// 15 bytes kept in the slot, longer ones by hash and bytes. Its groups,
// keys and lookups must match a map's over strings of every length
// around the limit, with shared prefixes, NUL bytes, empty strings and
// NULLs, in arrays whose data ends right after the last string.
func TestGroupTableShortAgainstMap(t *testing.T) {
	g := NewGroupTable([]types.Type{tStr})
	if g.short == nil {
		t.Fatal("a one-column VARCHAR key should use the short-string table")
	}
	ref := map[any]int32{}
	var order []any
	r := rand.New(rand.NewSource(11))
	alphabet := []byte{'a', 'b', 0, 'z'}
	key := func() any {
		if r.Intn(60) == 0 {
			return nil
		}
		l := r.Intn(34) // 0 to 33 bytes: short, at the limit and long
		b := []byte(strings.Repeat("p", l))
		for i := max(0, l-3); i < l; i++ { // differ only at the end
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(b)
	}
	// arr builds the array by hand, so that its data buffer holds exactly
	// the strings and the last ones cannot be read past in whole words.
	arr := func(in []any) arrow.Array {
		offs := make([]int32, len(in)+1)
		var data []byte
		var valid Validity
		for i, k := range in {
			if k != nil {
				data = append(data, k.(string)...)
			}
			offs[i+1] = int32(len(data))
			valid.Append(k != nil)
		}
		vb, nulls := valid.Finish()
		return NewStringArray(offs, data[:len(data):len(data)], vb, nulls)
	}
	for batch := 0; batch < 30; batch++ {
		n := 1 + r.Intn(2000)
		in := make([]any, n)
		for i := range in {
			in[i] = key()
		}
		a := arr(in)
		ids := insert(t, g, a)
		for i, k := range in {
			want, ok := ref[k]
			if !ok {
				want = int32(len(order))
				ref[k] = want
				order = append(order, k)
			}
			if ids[i] != want {
				t.Fatalf("batch %d row %d key %q: group %d, want %d", batch, i, k, ids[i], want)
			}
		}
		a.Release()
	}
	if g.Len() != len(order) {
		t.Fatalf("Len = %d, want %d", g.Len(), len(order))
	}
	// Keys of every group, and of a range in the middle.
	for _, span := range [][2]int{{0, len(order)}, {len(order) / 3, len(order) / 2}} {
		got := keysOf(t, g, span[0], span[1])
		for i, k := range order[span[0]:span[1]] {
			if got[i][0] != k {
				t.Fatalf("key of group %d = %q, want %q", span[0]+i, got[i][0], k)
			}
		}
	}
	// Lookup: every key, then keys never inserted (one byte off, one
	// byte longer), from a slice of a larger array.
	probe := append([]any{"pad"}, order...)
	probe = append(probe, "ppppppppppppppp\x01", "pppppppppppppppppppp\x01", strings.Repeat("p", 15)+"q")
	whole := arr(probe)
	defer whole.Release()
	a := array.NewSlice(whole, 1, int64(len(probe)))
	defer a.Release()
	ids := make([]int32, a.Len())
	var sc KeyScratch
	g.Lookup([]arrow.Array{a}, a.Len(), ids, &sc)
	for i, k := range probe[1:] {
		want, ok := ref[k]
		if !ok {
			want = -1
		}
		if ids[i] != want {
			t.Errorf("Lookup(%q) = %d, want %d", k, ids[i], want)
		}
	}
}

// BIGINT and TIMESTAMP keys encode in as few bytes as their zigzag form
// needs: values at every byte-count boundary, the extremes and NULL are
// distinct groups and decode back, beside a VARCHAR key.
func TestGroupTableCompactIntegers(t *testing.T) {
	var in []any
	for _, v := range []int64{0, -1, 1, 63, 64, -64, -65, 127, 128, 255, 256, 1<<55 - 1, 1 << 55,
		-1 << 55, 1<<62 - 1, 1 << 62, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		in = append(in, v)
	}
	in = append(in, nil)
	n := len(in)
	strs := make([]any, n)
	for i := range strs {
		strs[i] = "s"
	}
	for _, typ := range []types.Type{tInt, {ID: types.Timestamp}} {
		g := NewGroupTable([]types.Type{typ, tStr})
		a, b := mkArr(t, typ, in...), mkArr(t, tStr, strs...)
		ids := insert(t, g, a, b)
		again := insert(t, g, a, b) // the same keys find the same groups
		releaseAll(a, b)
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		wantIDs(t, "ids", ids, want...)
		wantIDs(t, "ids again", again, want...)
		cols := g.Keys(0, n)
		for i := 0; i < n; i++ {
			var got any
			if cols[0].IsValid(i) {
				switch c := cols[0].(type) {
				case *array.Int64:
					got = c.Value(i)
				case *array.Timestamp:
					got = int64(c.Value(i))
				}
			}
			if got != in[i] {
				t.Errorf("%s key %d decodes to %v, want %v", typ, i, got, in[i])
			}
		}
		releaseAll(cols...)
	}
}

// KeysExcept leaves out the skipped key columns without decoding them;
// the columns after a skipped one still decode right, whatever its width
// (NULL, short and long strings, small and large integers).
func TestGroupTableKeysExcept(t *testing.T) {
	long := strings.Repeat("z", 300)
	g := NewGroupTable([]types.Type{tStr, tInt, tStr, tDbl})
	a := mkArr(t, tStr, "a", nil, long, "")
	b := mkArr(t, tInt, 1, int64(math.MinInt64), nil, 300)
	c := mkArr(t, tStr, long, "x", nil, "y")
	d := mkArr(t, tDbl, 1.5, nil, -2.0, 0.0)
	defer releaseAll(a, b, c, d)
	insert(t, g, a, b, c, d)
	for _, tc := range []struct {
		skip []bool
		want [][]any
	}{
		{nil, [][]any{{"a", 1, long, 1.5}, {nil, math.MinInt64, "x", nil}, {long, nil, nil, -2.0}, {"", 300, "y", 0.0}}},
		{[]bool{true, false, true, false}, [][]any{{1, 1.5}, {math.MinInt64, nil}, {nil, -2.0}, {300, 0.0}}},
		{[]bool{false, true, false}, [][]any{{"a", long, 1.5}, {nil, "x", nil}, {long, nil, -2.0}, {"", "y", 0.0}}},
		{[]bool{false, false, true, true}, [][]any{{"a", 1}, {nil, math.MinInt64}, {long, nil}, {"", 300}}},
	} {
		cols := g.KeysExcept(0, g.Len(), tc.skip)
		rows := make([][]any, g.Len())
		for i := range rows {
			rows[i] = make([]any, len(cols))
		}
		for ci, col := range cols {
			for i, v := range vals(t, col) {
				rows[i][ci] = v
			}
		}
		releaseAll(cols...)
		wantRows(t, fmt.Sprint("skip ", tc.skip), rows, tc.want)
	}
}
