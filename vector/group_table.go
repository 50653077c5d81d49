package vector

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math"
	"math/bits"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// GroupTable assigns a dense group number (0, 1, 2, ... in order of first
// appearance) to each distinct tuple of key values. NULL keys are equal to
// each other, so all rows with a NULL key form one group.
//
// Each row's key tuple is encoded into a short byte string (a NULL flag and
// the value of each column); the table hashes that string once and keeps
// every group's entry (its number, the encoding's length, the encoding) in
// one arena. A lookup touches the slot array, whose entries hold 16 bits of
// the hash to skip most mismatches, and one run of arena bytes: two cache
// misses at most when the table outgrows the cache.
type GroupTable struct {
	types   []types.Type
	slots   []uint64 // open addressing, linear probing: hash tag<<48 | entry offset+1; 0 = empty
	mask    uint64
	entries []int    // arena offset of each group's entry
	hashes  []uint64 // each group's hash, so that growing need not rehash
	chunks  [][]byte // the arena: entries never move once written
	used    int64    // arena bytes in use
	// per-batch scratch
	rowKeys []byte
	rowOffs []int32
	sink    byte        // keeps the touching loads of Insert from being dropped
	fixed   *fixedTable // one key of at most 8 bytes: group_table_fixed.go
	short   *shortTable // one VARCHAR key: group_table_short.go
	mem     *offHeap    // the large arrays, outside the heap (offheap.go)
}

// NewGroupTable returns an empty table for keys of the given types.
func NewGroupTable(keyTypes []types.Type) *GroupTable {
	t := &GroupTable{types: keyTypes}
	t.mem = newOffHeap(t)
	if len(keyTypes) == 1 && fixedKey(keyTypes[0]) {
		t.fixed = newFixedTable(t.mem, 1024)
		return t
	}
	if len(keyTypes) == 1 && shortKey(keyTypes[0]) {
		t.short = newShortTable(t.mem, 1024)
		return t
	}
	t.slots, t.mask = make([]uint64, 1024), 1023
	return t
}

// Reserve sizes an empty table for about n groups, so that it need not
// grow while filling.
func (t *GroupTable) Reserve(n int) {
	if t.Len() > 0 {
		return
	}
	if t.short != nil {
		t.short.reserve(n)
		return
	}
	if f := t.fixed; f != nil {
		size := len(f.slots)
		for size < 2*n+2 && size < 1<<26 {
			size *= 2
		}
		if size > len(f.slots) {
			freeSlice(f.mem, f.slots)
			f.resize(size)
		}
		if cap(f.keys) < n {
			f.keys = make([]uint64, 0, n)
		}
		return
	}
	size := len(t.slots)
	for size < 2*n+2 && size < 1<<26 {
		size *= 2
	}
	if size > len(t.slots) {
		freeSlice(t.mem, t.slots)
		t.slots = makeSlice[uint64](t.mem, size, size)
		t.mask = uint64(size - 1)
	}
	if cap(t.entries) < n {
		t.entries = makeSlice[int](t.mem, 0, n)
		t.hashes = makeSlice[uint64](t.mem, 0, n)
	}
}

// Release gives back the table's memory at once, rather than when it is
// collected; the table is empty and unusable afterwards.
func (t *GroupTable) Release() {
	t.slots, t.entries, t.hashes, t.chunks = nil, nil, nil, nil
	if t.fixed != nil {
		t.fixed.slots, t.fixed.keys = nil, nil
	}
	if t.short != nil {
		t.short.slots, t.short.ends, t.short.data = nil, nil, nil
	}
	t.mem.freeAll()
}

// Len is the number of groups.
func (t *GroupTable) Len() int {
	if t.fixed != nil {
		return len(t.fixed.keys)
	}
	if t.short != nil {
		return len(t.short.ends)
	}
	return len(t.entries)
}

// Bytes is the memory the table holds.
func (t *GroupTable) Bytes() int64 {
	if t.fixed != nil {
		return t.fixed.bytes()
	}
	if t.short != nil {
		return t.short.bytes()
	}
	return t.used + int64(len(t.slots))*8 + int64(len(t.entries))*16
}

const (
	tagMask = 0xffff << 48
	offMask = 1<<48 - 1
)

// key returns group g's key encoding.
func (t *GroupTable) key(g int) []byte {
	off := t.entries[g]
	ent := t.entry(off)
	l := int(binary.LittleEndian.Uint32(ent[4:]))
	return ent[8 : 8+l]
}

var hashSeed = maphash.MakeSeed()

// canonFloat makes equal doubles encode alike: -0 is 0 and every NaN is one.
func canonFloat(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

// encodeRows writes the key encoding of every row into t.rowKeys, row i
// being rowKeys[rowOffs[i]:rowOffs[i+1]].
func (t *GroupTable) encodeRows(keyArrs []arrow.Array, n int) {
	encodeKeys(t.types, keyArrs, n, &t.rowKeys, &t.rowOffs)
}

// encodeKeys writes the key encoding of every row into *rowKeys, row i
// being (*rowKeys)[(*rowOffs)[i]:(*rowOffs)[i+1]], reusing their memory.
func encodeKeys(keyTypes []types.Type, keyArrs []arrow.Array, n int, rowKeys *[]byte, rowOffs *[]int32) {
	if cap(*rowOffs) < n+1 {
		*rowOffs = make([]int32, n+1)
	}
	offs := (*rowOffs)[:n+1]
	// Column-major: first the end of each row's part so far, then fill.
	sizes := offs[1:]
	for i := range sizes {
		sizes[i] = 0
	}
	for c, a := range keyArrs {
		allNull := a.DataType().ID() == arrow.NULL
		switch keyTypes[c].ID {
		case types.Varchar:
			if allNull {
				for i := range sizes {
					sizes[i]++
				}
				continue
			}
			so, _ := strs(a)
			valid := validBits(a)
			for i := range sizes {
				switch l := so[i+1] - so[i]; {
				case valid != nil && !bitutil.BitIsSet(valid, i):
					sizes[i]++
				case l < shortString:
					sizes[i] += 2 + l
				default:
					sizes[i] += 5 + l
				}
			}
		case types.Bigint, types.Timestamp:
			if allNull {
				for i := range sizes {
					sizes[i]++
				}
				continue
			}
			v := int64s(a)
			valid := validBits(a)
			for i := range sizes {
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					sizes[i]++
					continue
				}
				sizes[i] += 1 + int32(intBytes(v[i]))
			}
		default:
			w := int32(1 + fixedWidth(keyTypes[c]))
			if allNull {
				w = 1
			}
			for i := range sizes {
				sizes[i] += w
			}
		}
	}
	total := int32(0)
	for i := range sizes {
		total, sizes[i] = total+sizes[i], total
	}
	offs[0] = 0
	if cap(*rowKeys) < int(total) {
		*rowKeys = make([]byte, total, total+total/4)
	}
	buf := (*rowKeys)[:total]
	// pos[i] (held in offs[i+1] until the end) is where row i writes next.
	pos := offs[1:]
	for c, a := range keyArrs {
		valid := validBits(a)
		if a.DataType().ID() == arrow.NULL {
			for i := range pos {
				buf[pos[i]] = 0
				pos[i]++
			}
			continue
		}
		switch keyTypes[c].ID {
		case types.Varchar:
			so, sd := strs(a)
			for i := range pos {
				p := pos[i]
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					buf[p] = 0
					pos[i] = p + 1
					continue
				}
				s := sd[so[i]:so[i+1]]
				if len(s) < shortString {
					buf[p], buf[p+1] = 1, byte(len(s))
					copy(buf[p+2:], s)
					pos[i] = p + 2 + int32(len(s))
					continue
				}
				buf[p] = 2
				binary.LittleEndian.PutUint32(buf[p+1:], uint32(len(s)))
				copy(buf[p+5:], s)
				pos[i] = p + 5 + int32(len(s))
			}
		case types.Bigint, types.Timestamp:
			v := int64s(a)
			for i := range pos {
				p := pos[i]
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					buf[p] = 0
					pos[i] = p + 1
					continue
				}
				z := zigzag(v[i])
				nb := intBytes(v[i])
				buf[p] = byte(1 + nb)
				for k := 0; k < nb; k++ {
					buf[int(p)+1+k] = byte(z >> (8 * k))
				}
				pos[i] = p + 1 + int32(nb)
			}
		case types.Double:
			v := float64s(a)
			for i := range pos {
				p := pos[i]
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					buf[p] = 0
					binary.LittleEndian.PutUint64(buf[p+1:], 0)
				} else {
					buf[p] = 1
					binary.LittleEndian.PutUint64(buf[p+1:], canonFloat(v[i]))
				}
				pos[i] = p + 9
			}
		case types.Decimal:
			v := decs(a)
			for i := range pos {
				p := pos[i]
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					buf[p] = 0
					binary.LittleEndian.PutUint64(buf[p+1:], 0)
					binary.LittleEndian.PutUint64(buf[p+9:], 0)
				} else {
					buf[p] = 1
					binary.LittleEndian.PutUint64(buf[p+1:], v[i].LowBits())
					binary.LittleEndian.PutUint64(buf[p+9:], uint64(v[i].HighBits()))
				}
				pos[i] = p + 17
			}
		case types.Date:
			v := int32s(a)
			for i := range pos {
				p := pos[i]
				if valid != nil && !bitutil.BitIsSet(valid, i) {
					buf[p] = 0
					binary.LittleEndian.PutUint32(buf[p+1:], 0)
				} else {
					buf[p] = 1
					binary.LittleEndian.PutUint32(buf[p+1:], uint32(v[i]))
				}
				pos[i] = p + 5
			}
		case types.Boolean:
			bits := boolBits(a)
			for i := range pos {
				p := pos[i]
				switch {
				case valid != nil && !bitutil.BitIsSet(valid, i):
					buf[p], buf[p+1] = 0, 0
				case bitutil.BitIsSet(bits, i):
					buf[p], buf[p+1] = 1, 1
				default:
					buf[p], buf[p+1] = 1, 0
				}
				pos[i] = p + 2
			}
		default:
			for i := range pos {
				buf[pos[i]] = 0
				pos[i]++
			}
		}
	}
	*rowKeys = buf
}

// A BIGINT or TIMESTAMP key encodes as a flag byte, 0 for NULL or one
// more than the number of bytes that follow, then the least significant
// bytes of its zigzag form (0, -1, 1, -2, ... as 0, 1, 2, 3, ...) that are
// not zero, little-endian: keys of small numbers, the usual ids, take two
// to four bytes instead of nine, and each value has one encoding.

// zigzag maps v to an unsigned number that is small when |v| is.
func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// unzigzag inverts zigzag.
func unzigzag(z uint64) int64 { return int64(z>>1) ^ -int64(z&1) }

// intBytes is the number of bytes of v's zigzag form without its leading
// zero bytes.
func intBytes(v int64) int { return (bits.Len64(zigzag(v)) + 7) >> 3 }

// fixedWidth is the width of a key value of type t after its flag byte,
// for the types of one width (not VARCHAR, BIGINT or TIMESTAMP).
func fixedWidth(t types.Type) int {
	switch t.ID {
	case types.Double:
		return 8
	case types.Date:
		return 4
	case types.Boolean:
		return 1
	case types.Decimal:
		return 16
	}
	return 0
}

// probeChunk is the number of rows whose lookups are overlapped: their
// slots are loaded in one tight loop and their arena entries touched in
// another, so that the cache misses of a large table are waited for
// together rather than one after another.
const probeChunk = 256

// Insert finds or creates the group of every row of the key columns and
// writes the group numbers to ids (len n).
func (t *GroupTable) Insert(keyArrs []arrow.Array, n int, ids []int32) {
	if t.fixed != nil {
		t.fixed.insert(t.types[0], keyArrs[0], n, ids)
		return
	}
	if t.short != nil {
		t.short.insert(keyArrs[0], n, ids)
		return
	}
	t.encodeRows(keyArrs, n)
	t.insertEncoded(t.rowKeys, t.rowOffs, nil, nil, ids[:n])
}

// hashKey is the hash of a key encoding, the same in every table.
func hashKey(k []byte) uint64 { return maphash.Bytes(hashSeed, k) }

// insertEncoded finds or creates the group of encoded keys: those of rows
// sel (all rows if sel is nil) of keys/offs (as encodeKeys writes them),
// with their hashes if hashes is not nil (indexed like the rows), writing
// the group of the j-th to ids[j].
func (t *GroupTable) insertEncoded(keys []byte, offs []int32, hashes []uint64, sel []int32, ids []int32) {
	n := len(ids)
	var hs, cand [probeChunk]uint64
	var rows [probeChunk]int32
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		for j := lo; j < hi; j++ {
			r := int32(j)
			if sel != nil {
				r = sel[j]
			}
			rows[j-lo] = r
			if hashes != nil {
				hs[j-lo] = hashes[r]
			} else {
				hs[j-lo] = hashKey(keys[offs[r]:offs[r+1]])
			}
		}
		// Load the slots, then touch the entries they point to: the
		// first whose tag matches along the probe sequence (as probe
		// would find it), so that the misses of a chunk overlap.
		slots, mask := t.slots, t.mask
		for j, h := range hs[:hi-lo] {
			cand[j] = slots[h&mask]
		}
		var sink byte
		for j, e := range cand[:hi-lo] {
			h := hs[j]
			for s := h & mask; e != 0 && e&tagMask != h&tagMask; e = slots[s] {
				s = (s + 1) & mask
			}
			cand[j] = e
			if e != 0 {
				sink |= t.entry(int(e&offMask) - 1)[0]
			}
		}
		t.sink = sink
		for j := lo; j < hi; j++ {
			r := rows[j-lo]
			k := keys[offs[r]:offs[r+1]]
			h, e := hs[j-lo], cand[j-lo]
			if e != 0 && e&tagMask == h&tagMask {
				off := int(e&offMask) - 1
				ent := t.entry(off)
				if l := int(binary.LittleEndian.Uint32(ent[4:])); l == len(k) && keyEqual(ent[8:8+l], k) {
					ids[j] = int32(binary.LittleEndian.Uint32(ent))
					continue
				}
			}
			ids[j] = t.probe(k, h)
		}
	}
}

// probe finds or creates the group of key k with hash h.
func (t *GroupTable) probe(k []byte, h uint64) int32 {
	tag := h & tagMask
	s := h & t.mask
	for {
		e := t.slots[s]
		if e == 0 {
			g := len(t.entries)
			off := t.store(uint32(g), k)
			t.entries = append(t.entries, off)
			t.hashes = append(t.hashes, h)
			t.slots[s] = tag | uint64(off+1)
			if uint64(g+1)*2 > t.mask {
				t.grow()
			}
			return int32(g)
		}
		if e&tagMask == tag {
			off := int(e&offMask) - 1
			ent := t.entry(off)
			if l := int(binary.LittleEndian.Uint32(ent[4:])); l == len(k) && keyEqual(ent[8:8+l], k) {
				return int32(binary.LittleEndian.Uint32(ent))
			}
		}
		s = (s + 1) & t.mask
	}
}

// chunkBits bounds the size of the arena's chunks (8 MiB): an entry is addressed as
// chunk<<chunkBits | position, and a chunk is never copied when the
// arena grows.
const chunkBits = 23

// entry returns the arena bytes from an entry's address on.
func (t *GroupTable) entry(off int) []byte {
	return t.chunks[off>>chunkBits][off&(1<<chunkBits-1):]
}

// store writes an entry (group number, key length, key) and returns its
// address. An entry longer than a chunk gets a chunk of its own.
func (t *GroupTable) store(g uint32, k []byte) int {
	need := 8 + len(k)
	last := len(t.chunks) - 1
	if last < 0 || len(t.chunks[last])+need > cap(t.chunks[last]) {
		// Chunks grow from 64 KiB to 8 MiB, so that a small table stays
		// small.
		c := makeSlice[byte](t.mem, 0, max(64<<10<<min(len(t.chunks), chunkBits-16), need))
		t.chunks = append(t.chunks, c)
		last++
	}
	c := t.chunks[last]
	off := last<<chunkBits | len(c)
	c = binary.LittleEndian.AppendUint32(c, g)
	c = binary.LittleEndian.AppendUint32(c, uint32(len(k)))
	t.chunks[last] = append(c, k...)
	t.used += int64(need)
	return off
}

// keyEqual compares two key encodings; short ones (the usual case) a word
// at a time, without a call.
func keyEqual(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 32 {
		return bytes.Equal(a, b)
	}
	for len(a) >= 8 {
		if binary.LittleEndian.Uint64(a) != binary.LittleEndian.Uint64(b) {
			return false
		}
		a, b = a[8:], b[8:]
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (t *GroupTable) grow() {
	size := len(t.slots) * 2
	freeSlice(t.mem, t.slots)
	slots := makeSlice[uint64](t.mem, size, size)
	mask := uint64(size - 1)
	t.slots, t.mask = slots, mask
	hashes := t.hashes
	for lo := 0; lo < len(hashes); lo += probeChunk {
		hi := min(lo+probeChunk, len(hashes))
		// Touch the chunk's slots first, so that their misses overlap.
		var sink uint64
		for _, h := range hashes[lo:hi] {
			sink |= slots[h&mask]
		}
		t.sink = byte(sink)
		for g := lo; g < hi; g++ {
			h := hashes[g]
			s := h & mask
			for slots[s] != 0 {
				s = (s + 1) & mask
			}
			slots[s] = h&tagMask | uint64(t.entries[g]+1)
		}
	}
}

// Keys returns the key columns of groups [from, to) as Arrow arrays.
// They are decoded a column at a time: each group's encoding is walked
// by a cursor that every column's pass advances.
func (t *GroupTable) Keys(from, to int) []arrow.Array { return t.KeysExcept(from, to, nil) }

// KeysExcept is Keys without the columns c for which skip[c] is set
// (skip may be nil or shorter than the key): those are not decoded.
func (t *GroupTable) KeysExcept(from, to int, skip []bool) []arrow.Array {
	skipped := func(c int) bool { return c < len(skip) && skip[c] }
	if t.fixed != nil || t.short != nil {
		if skipped(0) {
			return nil
		}
		if t.fixed != nil {
			return []arrow.Array{t.fixed.column(t.types[0], from, to)}
		}
		return []arrow.Array{t.short.column(from, to)}
	}
	rest := make([][]byte, to-from)
	for i := range rest {
		rest[i] = t.key(from + i)
	}
	out := make([]arrow.Array, 0, len(t.types))
	for c, kt := range t.types {
		if skipped(c) {
			more := false // a later column is decoded
			for j := c + 1; j < len(t.types); j++ {
				more = more || !skipped(j)
			}
			if !more {
				break
			}
			for i, k := range rest {
				rest[i] = k[keyWidth(kt, k):]
			}
			continue
		}
		out = append(out, decodeColumn(kt, rest))
	}
	return out
}

// keyWidth is the number of bytes of the encoding k starts with, a value
// of type t (as encodeKeys writes it).
func keyWidth(t types.Type, k []byte) int {
	switch t.ID {
	case types.Varchar:
		switch k[0] {
		case 0:
			return 1
		case 1:
			return 2 + int(k[1])
		}
		return 5 + int(binary.LittleEndian.Uint32(k[1:]))
	case types.Bigint, types.Timestamp:
		if k[0] == 0 {
			return 1
		}
		return int(k[0])
	case types.Unknown:
		return 1
	}
	return 1 + fixedWidth(t)
}

// shortString bounds the strings whose key encoding gives their length
// in one byte: a string is encoded as flag 1, a length byte and its
// bytes, or, if longer, flag 2, four length bytes and its bytes; NULL is
// flag 0 alone.
const shortString = 255

// stringPart returns the string at the start of a key encoding (empty
// for NULL) and the rest of the encoding.
func stringPart(k []byte) (v, rest []byte) {
	switch k[0] {
	case 0:
		return nil, k[1:]
	case 1:
		l := int(k[1])
		return k[2 : 2+l], k[2+l:]
	}
	l := int(binary.LittleEndian.Uint32(k[1:]))
	return k[5 : 5+l], k[5+l:]
}

// decodeColumn reads one column's part of every encoding in rest (as
// encodeKeys writes them), advancing each past it.
func decodeColumn(t types.Type, rest [][]byte) arrow.Array {
	n := len(rest)
	var nullBits []byte
	nulls := 0
	null := func(i int) {
		if nullBits == nil {
			nullBits = make([]byte, bitutil.BytesForBits(int64(n)))
			bitutil.SetBitsTo(nullBits, 0, int64(n), true)
		}
		bitutil.ClearBit(nullBits, i)
		nulls++
	}
	valid := func() *memory.Buffer {
		if nulls == 0 {
			return nil
		}
		return memory.NewBufferBytes(nullBits)
	}
	switch t.ID {
	case types.Varchar:
		size := 0
		for _, k := range rest {
			v, _ := stringPart(k)
			size += len(v)
		}
		offs := make([]int32, n+1)
		data := make([]byte, 0, size)
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
			}
			v, r := stringPart(k)
			data = append(data, v...)
			offs[i+1] = int32(len(data))
			rest[i] = r
		}
		return NewStringArray(offs, data, valid(), nulls)
	case types.Bigint, types.Timestamp:
		v := make([]int64, n)
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
				rest[i] = k[1:]
				continue
			}
			nb := int(k[0]) - 1
			var z uint64
			for j := nb; j >= 1; j-- {
				z = z<<8 | uint64(k[j])
			}
			v[i] = unzigzag(z)
			rest[i] = k[1+nb:]
		}
		if t.ID == types.Timestamp {
			return NewTimestampArray(v, valid(), nulls)
		}
		return NewInt64Array(v, valid(), nulls)
	case types.Double:
		v := make([]int64, n)
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
			}
			v[i] = int64(binary.LittleEndian.Uint64(k[1:]))
			rest[i] = k[9:]
		}
		f := unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(v))), n)
		return NewFloat64Array(f, valid(), nulls)
	case types.Date:
		v := make([]int32, n)
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
			}
			v[i] = int32(binary.LittleEndian.Uint32(k[1:]))
			rest[i] = k[5:]
		}
		return NewDate32Array(v, valid(), nulls)
	case types.Decimal:
		v := make([]decimal128.Num, n)
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
			}
			v[i] = decimal128.New(int64(binary.LittleEndian.Uint64(k[9:])), binary.LittleEndian.Uint64(k[1:]))
			rest[i] = k[17:]
		}
		return NewDecimalArray(v, t, valid(), nulls)
	case types.Boolean:
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		for i, k := range rest {
			if k[0] == 0 {
				null(i)
			} else if k[1] == 1 {
				bitutil.SetBit(bits, i)
			}
			rest[i] = k[2:]
		}
		return NewBoolArray(bits, n, valid(), nulls)
	}
	// A column of the NULL type: one flag byte.
	for i, k := range rest {
		rest[i] = k[1:]
	}
	return nullsOf(t, n)
}

// KeyScratch is the memory one caller of Lookup reuses between calls.
type KeyScratch struct {
	keys []byte
	offs []int32
	bits []uint64
	aw   []uint64 // short-string tables' words and hashes
	bw   []uint64
	hs   []uint64
	sink uint64
}

// Lookup writes to ids (len n) the group of every row of the key columns,
// or -1 for a key the table does not hold; it adds nothing, so callers
// with scratch of their own may look up concurrently.
func (t *GroupTable) Lookup(keyArrs []arrow.Array, n int, ids []int32, sc *KeyScratch) {
	if t.fixed != nil {
		t.fixed.lookup(t.types[0], keyArrs[0], n, ids, sc)
		return
	}
	if t.short != nil {
		t.short.lookup(keyArrs[0], n, ids, sc)
		return
	}
	encodeKeys(t.types, keyArrs, n, &sc.keys, &sc.offs)
	keys, offs := sc.keys, sc.offs
	var hashes, cand [probeChunk]uint64
	for lo := 0; lo < n; lo += probeChunk {
		hi := min(lo+probeChunk, n)
		for i := lo; i < hi; i++ {
			hashes[i-lo] = hashKey(keys[offs[i]:offs[i+1]])
		}
		slots, mask := t.slots, t.mask
		for j, h := range hashes[:hi-lo] {
			cand[j] = slots[h&mask]
		}
		for i := lo; i < hi; i++ {
			k := keys[offs[i]:offs[i+1]]
			h := hashes[i-lo]
			tag := h & tagMask
			s := h & mask
			e := cand[i-lo]
			ids[i] = -1
			for e != 0 {
				if e&tagMask == tag {
					off := int(e&offMask) - 1
					ent := t.entry(off)
					if l := int(binary.LittleEndian.Uint32(ent[4:])); l == len(k) && keyEqual(ent[8:8+l], k) {
						ids[i] = int32(binary.LittleEndian.Uint32(ent))
						break
					}
				}
				s = (s + 1) & mask
				e = slots[s]
			}
		}
	}
}
