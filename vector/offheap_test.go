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
