package vector

import (
	"math"
	"math/bits"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// A GroupTable of one key column of at most eight bytes (BIGINT,
// TIMESTAMP, DOUBLE, DATE, BOOLEAN) keeps the key's bits in the slot
// itself: a lookup reads one slot, with no encoding, no byte hashing and
// no arena. Slots are indexed by the top bits of a mixed hash, so that
// growing moves slot i to 2i or 2i+1 and writes the new array in order.

// fixedSlot is a slot of the fixed-key table: a key's bits and its group
// number plus one (0 for an empty slot).
type fixedSlot struct {
	key uint64
	g   uint32
}

// fixedTable is the state of a fixed-key GroupTable.
type fixedTable struct {
	slots     []fixedSlot
	shift     uint     // slot of hash h: h >> shift
	keys      []uint64 // each group's key bits
	nullGroup int32    // the group of the NULL key, -1 until there is one
	bits      []uint64 // per-batch scratch: the rows' key bits
	hashes    [probeChunk]uint64
	sink      uint64 // keeps the touching loads from being dropped
	mem       *offHeap
}

// fixedKey reports whether a key of type t fits a fixed-key table.
func fixedKey(t types.Type) bool {
	switch t.ID {
	case types.Bigint, types.Timestamp, types.Double, types.Date, types.Boolean:
		return true
	}
	return false
}

func newFixedTable(mem *offHeap, slots int) *fixedTable {
	f := &fixedTable{nullGroup: -1, mem: mem}
	f.resize(slots)
	return f
}

// resize makes an empty slot array of size slots (a power of two).
func (f *fixedTable) resize(slots int) {
	f.slots = makeSlice[fixedSlot](f.mem, slots, slots)
	f.shift = uint(64 - bits.Len(uint(slots-1)))
}

// mix64 scrambles a key's bits (MurmurHash3's finaliser) so that its top
// bits depend on all of them.
func mix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// keyBits writes the bits of every row's key (of type t) to f.bits: equal
// keys get equal bits, as in the byte encoding (-0 is 0, NaNs are one).
func (f *fixedTable) keyBits(t types.Type, a arrow.Array, n int) []uint64 {
	if cap(f.bits) < n {
		f.bits = make([]uint64, n)
	}
	out := f.bits[:n]
	if a.DataType().ID() == arrow.NULL {
		return out
	}
	switch t.ID {
	case types.Bigint, types.Timestamp:
		for i, v := range int64s(a)[:n] {
			out[i] = uint64(v)
		}
	case types.Double:
		for i, v := range float64s(a)[:n] {
			out[i] = canonFloat(v)
		}
	case types.Date:
		for i, v := range int32s(a)[:n] {
			out[i] = uint64(uint32(v))
		}
	case types.Boolean:
		bits := boolBits(a)
		for i := range out {
			out[i] = 0
			if bitutil.BitIsSet(bits, i) {
				out[i] = 1
			}
		}
	}
	return out
}

// insert finds or creates the group of every row (see GroupTable.Insert).
func (f *fixedTable) insert(t types.Type, a arrow.Array, n int, ids []int32) {
	keys := f.keyBits(t, a, n)
	valid := validBits(a)
	allNull := a.DataType().ID() == arrow.NULL
	hashes := &f.hashes
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		// Hash and load the slots of the chunk together, so that their
		// cache misses overlap.
		var sink uint64
		slots, shift := f.slots, f.shift
		for i := lo; i < hi; i++ {
			h := mix64(keys[i])
			hashes[i-lo] = h
			sink += slots[h>>shift].key
		}
		f.sink = sink
		for i := lo; i < hi; i++ {
			if allNull || (valid != nil && !bitutil.BitIsSet(valid, i)) {
				if f.nullGroup < 0 {
					f.nullGroup = f.add(0)
				}
				ids[i] = f.nullGroup
				continue
			}
			ids[i] = f.find(keys[i], hashes[i-lo])
		}
	}
}

// find returns the group of key k with hash h, creating it if new.
func (f *fixedTable) find(k, h uint64) int32 {
	mask := len(f.slots) - 1
	for s := int(h >> f.shift); ; s = (s + 1) & mask {
		sl := &f.slots[s]
		if sl.g == 0 {
			g := f.add(k)
			sl.key, sl.g = k, uint32(g)+1
			if 2*len(f.keys) > len(f.slots) {
				f.grow()
			}
			return g
		}
		if sl.key == k {
			return int32(sl.g - 1)
		}
	}
}

// add numbers a new group of key bits k.
func (f *fixedTable) add(k uint64) int32 {
	g := int32(len(f.keys))
	f.keys = append(f.keys, k)
	return g
}

// grow doubles the slot array. Slot i's keys go to slots from 2i on,
// so both arrays are walked in order.
func (f *fixedTable) grow() {
	old := f.slots
	f.resize(2 * len(old))
	mask := len(f.slots) - 1
	for _, sl := range old {
		if sl.g == 0 {
			continue
		}
		s := int(mix64(sl.key) >> f.shift)
		for f.slots[s].g != 0 {
			s = (s + 1) & mask
		}
		f.slots[s] = sl
	}
	freeSlice(f.mem, old)
}

// lookup writes every row's group, or -1 (see GroupTable.Lookup). It
// only reads the table.
func (f *fixedTable) lookup(t types.Type, a arrow.Array, n int, ids []int32, sc *KeyScratch) {
	if cap(sc.bits) < n {
		sc.bits = make([]uint64, n)
	}
	keys := sc.bits[:n]
	tmp := fixedTable{bits: keys}
	tmp.keyBits(t, a, n)
	valid := validBits(a)
	allNull := a.DataType().ID() == arrow.NULL
	slots, shift, mask := f.slots, f.shift, len(f.slots)-1
	var hashes [probeChunk]uint64
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		var sink uint64
		for i := lo; i < hi; i++ {
			h := mix64(keys[i])
			hashes[i-lo] = h
			sink += slots[h>>shift].key
		}
		sc.sink = sink
		for i := lo; i < hi; i++ {
			if allNull || (valid != nil && !bitutil.BitIsSet(valid, i)) {
				ids[i] = f.nullGroup
				continue
			}
			k := keys[i]
			ids[i] = -1
			for s := int(hashes[i-lo] >> shift); slots[s].g != 0; s = (s + 1) & mask {
				if slots[s].key == k {
					ids[i] = int32(slots[s].g - 1)
					break
				}
			}
		}
	}
}

// column returns the key column of groups [from, to).
func (f *fixedTable) column(t types.Type, from, to int) arrow.Array {
	n := to - from
	var valid Validity
	if g := int(f.nullGroup); g >= from && g < to {
		for i := 0; i < n; i++ {
			valid.Append(from+i != g)
		}
	}
	vb, nulls := valid.Finish()
	keys := f.keys[from:to]
	switch t.ID {
	case types.Bigint, types.Timestamp:
		v := make([]int64, n)
		for i, k := range keys {
			v[i] = int64(k)
		}
		if t.ID == types.Timestamp {
			return NewTimestampArray(v, vb, nulls)
		}
		return NewInt64Array(v, vb, nulls)
	case types.Double:
		v := make([]float64, n)
		for i, k := range keys {
			v[i] = math.Float64frombits(k)
		}
		return NewFloat64Array(v, vb, nulls)
	case types.Date:
		v := make([]int32, n)
		for i, k := range keys {
			v[i] = int32(uint32(k))
		}
		return NewDate32Array(v, vb, nulls)
	case types.Boolean:
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		for i, k := range keys {
			if k == 1 {
				bitutil.SetBit(bits, i)
			}
		}
		return NewBoolArray(bits, n, vb, nulls)
	}
	return nullsOf(t, n)
}

// bytes is the memory the table holds.
func (f *fixedTable) bytes() int64 {
	return int64(len(f.slots))*16 + int64(cap(f.keys))*8
}
