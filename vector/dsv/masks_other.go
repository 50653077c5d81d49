//go:build !amd64

package dsv

const useAVX2 = false

func masksAVX2(buf *byte, blocks int, delim, quote byte, dm, nm *uint64) bool {
	panic("masksAVX2 needs amd64")
}
