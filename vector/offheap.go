package vector

import (
	"runtime"
	"sync"
	"unsafe"
)

// Large tables of plain data (hash slots, key arenas) are kept outside
// the Go heap where the system allows it (offheap_linux.go): the Go heap
// then holds the small, short-lived batches only, so that the collector's
// headroom, which doubles the heap by default, is not taken on gigabytes
// of tables, and the tables are mapped with huge pages from the start.
// An offHeap releases its regions when the table that owns it is
// collected, or when the table drops one (a slot array outgrown).

// offHeapMin is the size from which a slice is mapped outside the heap.
const offHeapMin = 4 << 20

// offHeap is the set of regions one table holds.
type offHeap struct {
	mu      sync.Mutex
	regions map[uintptr][]byte // by start address
}

// newOffHeap returns the region set of owner, released when owner is
// collected.
func newOffHeap[T any](owner *T) *offHeap {
	h := &offHeap{}
	runtime.AddCleanup(owner, (*offHeap).freeAll, h)
	return h
}

func (h *offHeap) freeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, b := range h.regions {
		unmapRegion(b)
	}
	h.regions = nil
}

// makeSlice returns a zeroed slice of length n and capacity c (c >= n),
// outside the heap if it is large and the system allows it. T must hold
// no pointers.
func makeSlice[T any](h *offHeap, n, c int) []T {
	var zero T
	size := c * int(unsafe.Sizeof(zero))
	if h != nil && size >= offHeapMin {
		if b := mapRegion(size); b != nil {
			h.mu.Lock()
			if h.regions == nil {
				h.regions = map[uintptr][]byte{}
			}
			h.regions[uintptr(unsafe.Pointer(unsafe.SliceData(b)))] = b
			h.mu.Unlock()
			return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), c)[:n]
		}
	}
	return make([]T, n, c)
}

// freeSlice releases s now if it is a region of h; a slice of the heap is
// left to the collector. Nothing may use s afterwards.
func freeSlice[T any](h *offHeap, s []T) {
	if h == nil || cap(s) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	h.mu.Lock()
	b, ok := h.regions[p]
	delete(h.regions, p)
	h.mu.Unlock()
	if ok {
		unmapRegion(b)
	}
}
