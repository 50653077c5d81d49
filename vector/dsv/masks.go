package dsv

import "encoding/binary"

// Field splitting works on bitmasks: for every 64-byte block of the buffer,
// one bit per byte that is the delimiter, and one per byte that is a line
// feed. computeMasks fills them for whole blocks; on amd64 with AVX2 it runs
// in assembly (two compares and two mask extractions per 32 bytes).

// SWAR constants: for a word of 8 bytes, a word with the high bit set in
// exactly the bytes equal to a given byte, and the packing of those 8 high
// bits into one byte.
const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi1 = 0x8080808080808080
	b01 = 0x0101010101010101
)

func movemask(t uint64) uint64 { return ((t & hi1) >> 7) * 0x0102040810204080 >> 56 }

func eqMask(w, pattern uint64) uint64 {
	x := w ^ pattern
	return movemask(^(((x & lo7) + lo7) | x | lo7))
}

// masksGeneric is the portable computeMasks.
func masksGeneric(buf []byte, delim, quote byte, dm, nm []uint64) bool {
	dp, np, qp := uint64(delim)*b01, uint64('\n')*b01, uint64(quote)*b01
	var q uint64
	for k := range dm {
		b := buf[k*64 : k*64+64]
		var d, n uint64
		for i := 0; i < 8; i++ {
			w := binary.LittleEndian.Uint64(b[i*8:])
			d |= eqMask(w, dp) << (8 * i)
			n |= eqMask(w, np) << (8 * i)
			q |= eqMask(w, qp)
		}
		dm[k], nm[k] = d, n
	}
	return q != 0
}

// computeMasks fills dm and nm with the delimiter and line-feed masks of the
// len(dm) blocks at the start of buf (len(buf) >= 64*len(dm)), and reports
// whether any of those blocks holds the quote character.
func computeMasks(buf []byte, delim, quote byte, dm, nm []uint64) bool {
	if len(dm) == 0 {
		return false
	}
	_ = buf[64*len(dm)-1]
	_ = nm[len(dm)-1]
	if useAVX2 {
		return masksAVX2(&buf[0], len(dm), delim, quote, &dm[0], &nm[0])
	}
	return masksGeneric(buf, delim, quote, dm, nm)
}
