//go:build !linux

package vector

// mapRegion maps nothing here: large tables stay on the Go heap.
func mapRegion(size int) []byte { return nil }

func unmapRegion(b []byte) {}
