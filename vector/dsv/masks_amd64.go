package dsv

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

// masksAVX2 is computeMasks in AVX2 assembly.
//
//go:noescape
func masksAVX2(buf *byte, blocks int, delim, quote byte, dm, nm *uint64) bool
