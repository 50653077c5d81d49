package vector

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePageMin is the size from which a fresh allocation is offered to the
// kernel for transparent huge pages.
const hugePageMin = 4 << 20

// adviseHuge asks the kernel to back s's memory with huge pages (where
// transparent huge pages are enabled on request, "madvise", the common
// default): a large table filled at random then takes one page fault per
// 2 MiB instead of per 4 KiB. It must be called before s is written.
func adviseHuge[T any](s []T) {
	size := uintptr(cap(s)) * unsafe.Sizeof(*new(T))
	if size < hugePageMin {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	const huge = 2 << 20
	lo := (start + huge - 1) &^ (huge - 1)
	hi := (start + size) &^ (huge - 1)
	if hi <= lo {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), lo-start)), hi-lo)
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE) // advice only: ignore failure
}
