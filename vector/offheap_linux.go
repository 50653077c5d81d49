package vector

import "golang.org/x/sys/unix"

// mapRegion maps size bytes of zeroed memory outside the Go heap, asking
// for huge pages; nil if the system refuses.
func mapRegion(size int) []byte {
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil
	}
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE) // advice only
	return b
}

func unmapRegion(b []byte) { _ = unix.Munmap(b) }
