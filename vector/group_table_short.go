package vector

import (
	"encoding/binary"
	"math/bits"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// A GroupTable of one VARCHAR key keeps strings of up to 15 bytes in the
// slot itself, as two words: a lookup reads one slot, with no encoding
// step and no arena, as the fixed-key table does for numbers. A longer
// string's slot holds its hash and a mark, and its bytes are compared
// with the group's stored key. Slots are indexed by the top bits of the
// hash, as in the fixed-key table.

// shortSlot is a slot of the short-string table: a key's words (see
// stringWords) and its group number plus one (0 for an empty slot).
type shortSlot struct {
	a, b uint64
	g    uint32
	_    [12]byte // a slot is half a cache line, never across two
}

// longMark is the second word of a string longer than maxShortKey, whose
// first word is its hash. A short string's second word has its length
// plus one (1 to 16) in the top byte, and NULL is all zero.
const (
	maxShortKey = 15
	longMark    = 0xff << 56
)

// shortTable is the state of a short-string GroupTable.
type shortTable struct {
	slots     []shortSlot
	shift     uint     // slot of hash h: h >> shift
	data      []byte   // every group's key, back to back
	ends      []int    // the end of each group's key in data
	nullGroup int32    // the group of NULL, -1 until there is one
	aw, bw    []uint64 // per-batch scratch: the rows' words
	hs        []uint64 // and their hashes
	sink      uint64   // keeps the touching loads from being dropped
	mem       *offHeap
}

func newShortTable(mem *offHeap, slots int) *shortTable {
	f := &shortTable{nullGroup: -1, mem: mem}
	f.resize(slots)
	return f
}

// resize makes an empty slot array of size slots (a power of two).
func (f *shortTable) resize(slots int) {
	f.slots = makeSlice[shortSlot](f.mem, slots, slots)
	f.shift = uint(64 - bits.Len(uint(slots-1)))
}

// reserve sizes an empty table for about n groups.
func (f *shortTable) reserve(n int) {
	size := len(f.slots)
	for size < 2*n+2 && size < 1<<26 {
		size *= 2
	}
	if size > len(f.slots) {
		freeSlice(f.mem, f.slots)
		f.resize(size)
	}
	if cap(f.ends) < n {
		f.ends = makeSlice[int](f.mem, 0, n)
	}
}

// stringWords is the two words of a string of at most maxShortKey bytes
// at data[off:off+l]: its bytes, zero-padded, and its length plus one in
// the top byte, so that equal strings, and only they, have equal words.
func stringWords(data []byte, off, l int) (a, b uint64) {
	if off+16 <= len(data) {
		a = binary.LittleEndian.Uint64(data[off:])
		b = binary.LittleEndian.Uint64(data[off+8:])
	} else {
		var tmp [16]byte
		copy(tmp[:], data[off:off+l])
		a = binary.LittleEndian.Uint64(tmp[:])
		b = binary.LittleEndian.Uint64(tmp[8:])
	}
	if l < 8 {
		a &= 1<<(8*l) - 1
		b = 0
	} else {
		b &= 1<<(8*(l-8)) - 1
	}
	return a, b | uint64(l+1)<<56
}

// wordsHash is the hash of a short string's words (slots take its top
// bits).
func wordsHash(a, b uint64) uint64 { return mix64(a*0x9e3779b97f4a7c15 ^ b) }

// slotHash is the hash of the key in a slot.
func slotHash(a, b uint64) uint64 {
	if b == longMark {
		return a
	}
	return wordsHash(a, b)
}

// rowWords writes every row's words and hash to f.aw, f.bw and f.hs; a
// NULL row gets a second word of 0.
func (f *shortTable) rowWords(arr arrow.Array, n int) {
	if cap(f.aw) < n {
		f.aw, f.bw, f.hs = make([]uint64, n), make([]uint64, n), make([]uint64, n)
	}
	aw, bw, hs := f.aw[:n], f.bw[:n], f.hs[:n]
	if arr.DataType().ID() == arrow.NULL {
		clear(bw)
		return
	}
	so, sd := strs(arr)
	valid := validBits(arr)
	for i := range aw {
		if valid != nil && !bitutil.BitIsSet(valid, i) {
			bw[i] = 0
			continue
		}
		off, l := int(so[i]), int(so[i+1]-so[i])
		if l > maxShortKey {
			h := hashKey(sd[off : off+l])
			aw[i], bw[i], hs[i] = h, longMark, h
			continue
		}
		a, b := stringWords(sd, off, l)
		aw[i], bw[i], hs[i] = a, b, wordsHash(a, b)
	}
}

// rowString is row i's string (not NULL).
func rowString(arr arrow.Array, i int) []byte {
	so, sd := strs(arr)
	return sd[so[i]:so[i+1]]
}

// insert finds or creates the group of every row (see GroupTable.Insert).
func (f *shortTable) insert(arr arrow.Array, n int, ids []int32) {
	f.rowWords(arr, n)
	aw, bw, hs := f.aw[:n], f.bw[:n], f.hs[:n]
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		// Load the slots of the chunk together, so that their cache
		// misses overlap.
		var sink uint64
		slots, shift := f.slots, f.shift
		for _, h := range hs[lo:hi] {
			sink += slots[h>>shift].a
		}
		f.sink = sink
		for i := lo; i < hi; i++ {
			if bw[i] == 0 {
				if f.nullGroup < 0 {
					f.nullGroup = f.add(nil)
				}
				ids[i] = f.nullGroup
				continue
			}
			ids[i] = f.find(aw[i], bw[i], hs[i], arr, i)
		}
	}
}

// find returns the group of row i of arr, of words a, b and hash h,
// creating it if new.
func (f *shortTable) find(a, b, h uint64, arr arrow.Array, i int) int32 {
	mask := len(f.slots) - 1
	for s := int(h >> f.shift); ; s = (s + 1) & mask {
		sl := &f.slots[s]
		if sl.g == 0 {
			g := f.add(rowString(arr, i))
			sl.a, sl.b, sl.g = a, b, uint32(g)+1
			if 2*len(f.ends) > len(f.slots) {
				f.grow()
			}
			return g
		}
		if sl.a == a && sl.b == b && (b != longMark || string(f.key(int(sl.g-1))) == string(rowString(arr, i))) {
			return int32(sl.g - 1)
		}
	}
}

// key is group g's string.
func (f *shortTable) key(g int) []byte {
	from := 0
	if g > 0 {
		from = f.ends[g-1]
	}
	return f.data[from:f.ends[g]]
}

// add numbers a new group of key s.
func (f *shortTable) add(s []byte) int32 {
	g := int32(len(f.ends))
	f.data = append(f.data, s...)
	f.ends = append(f.ends, len(f.data))
	return g
}

// grow doubles the slot array.
func (f *shortTable) grow() {
	old := f.slots
	f.resize(2 * len(old))
	mask := len(f.slots) - 1
	for _, sl := range old {
		if sl.g == 0 {
			continue
		}
		s := int(slotHash(sl.a, sl.b) >> f.shift)
		for f.slots[s].g != 0 {
			s = (s + 1) & mask
		}
		f.slots[s] = sl
	}
	freeSlice(f.mem, old)
}

// lookup writes every row's group, or -1 (see GroupTable.Lookup). It
// only reads the table.
func (f *shortTable) lookup(arr arrow.Array, n int, ids []int32, sc *KeyScratch) {
	tmp := shortTable{aw: sc.aw, bw: sc.bw, hs: sc.hs}
	tmp.rowWords(arr, n)
	sc.aw, sc.bw, sc.hs = tmp.aw, tmp.bw, tmp.hs
	aw, bw, hs := tmp.aw[:n], tmp.bw[:n], tmp.hs[:n]
	slots, shift, mask := f.slots, f.shift, len(f.slots)-1
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		var sink uint64
		for _, h := range hs[lo:hi] {
			sink += slots[h>>shift].a
		}
		sc.sink = sink
		for i := lo; i < hi; i++ {
			a, b := aw[i], bw[i]
			if b == 0 {
				ids[i] = f.nullGroup
				continue
			}
			ids[i] = -1
			for s := int(hs[i] >> shift); slots[s].g != 0; s = (s + 1) & mask {
				sl := &slots[s]
				if sl.a == a && sl.b == b && (b != longMark || string(f.key(int(sl.g-1))) == string(rowString(arr, i))) {
					ids[i] = int32(sl.g - 1)
					break
				}
			}
		}
	}
}

// column returns the key column of groups [from, to).
func (f *shortTable) column(from, to int) arrow.Array {
	n := to - from
	var valid Validity
	if g := int(f.nullGroup); g >= from && g < to {
		for i := 0; i < n; i++ {
			valid.Append(from+i != g)
		}
	}
	vb, nulls := valid.Finish()
	start := 0
	if from > 0 {
		start = f.ends[from-1]
	}
	offs := make([]int32, n+1)
	for i, e := range f.ends[from:to] {
		offs[i+1] = int32(e - start)
	}
	data := append([]byte(nil), f.data[start:f.ends[to-1]]...)
	return NewStringArray(offs, data, vb, nulls)
}

// bytes is the memory the table holds.
func (f *shortTable) bytes() int64 {
	return int64(len(f.slots))*32 + int64(cap(f.ends))*8 + int64(cap(f.data))
}

// shortKey reports whether a key of type t fits a short-string table.
func shortKey(t types.Type) bool { return t.ID == types.Varchar }
