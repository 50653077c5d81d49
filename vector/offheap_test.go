package vector

import (
	"runtime"
	"testing"
)

// Large slices come zeroed and writable whether or not they are mapped
// outside the heap; freeSlice drops a region at once, freeAll the rest.
func TestOffHeapSlices(t *testing.T) {
	h := &offHeap{}
	small := makeSlice[uint64](h, 10, 100)
	big := makeSlice[uint64](h, 1<<20, 1<<20) // 8 MiB
	other := makeSlice[byte](h, 0, 5<<20)
	if len(small) != 10 || cap(small) != 100 || len(big) != 1<<20 || len(other) != 0 || cap(other) != 5<<20 {
		t.Fatalf("lengths %d/%d, %d, %d/%d", len(small), cap(small), len(big), len(other), cap(other))
	}
	for i, v := range big {
		if v != 0 {
			t.Fatalf("big[%d] = %d, want 0", i, v)
		}
		big[i] = uint64(i)
	}
	other = append(other, "abc"...)
	if big[12345] != 12345 || string(other) != "abc" {
		t.Fatal("the slices do not hold what was written")
	}
	mapped := len(h.regions)
	if runtime.GOOS == "linux" && mapped != 2 {
		t.Fatalf("%d regions mapped, want 2 (the small slice stays on the heap)", mapped)
	}
	freeSlice(h, big)
	freeSlice(h, small) // on the heap: nothing to do
	if runtime.GOOS == "linux" && len(h.regions) != 1 {
		t.Fatalf("%d regions after freeing one, want 1", len(h.regions))
	}
	h.freeAll()
	if len(h.regions) != 0 {
		t.Fatalf("%d regions after freeAll", len(h.regions))
	}
}

// An accumulator whose states outgrow offHeapMin moves them outside the
// heap and keeps them when it grows again.
func TestOffHeapAccumulatorStates(t *testing.T) {
	a := &sumFloatAcc{}
	const n = 300000 // 7.2 MB of states
	a.resize(n)
	ids := []int32{0, n - 1, n - 1}
	x := NewFloat64Array([]float64{1.5, 2, 3}, nil, 0)
	defer x.Release()
	if err := a.update(ids, x); err != nil {
		t.Fatal(err)
	}
	a.resize(3 * n)
	if err := a.update([]int32{3*n - 1}, NewFloat64Array([]float64{7}, nil, 0)); err != nil {
		t.Fatal(err)
	}
	res, err := a.result(0, 3*n)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	f := res.(interface{ Value(int) float64 })
	if f.Value(0) != 1.5 || f.Value(n-1) != 5 || f.Value(3*n-1) != 7 || !res.IsNull(1) || res.NullN() != 3*n-3 {
		t.Fatalf("results %v %v %v, %d NULLs", f.Value(0), f.Value(n-1), f.Value(3*n-1), res.NullN())
	}
	if runtime.GOOS == "linux" && len(a.mem.regions) != 1 {
		t.Fatalf("%d regions, want 1 (the outgrown one freed)", len(a.mem.regions))
	}
}
