//go:build !linux

package vector

// adviseHuge is a no-op where the kernel takes no huge-page advice.
func adviseHuge[T any](s []T) {}
