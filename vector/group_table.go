package vector

import (
	"hash/maphash"
	"math"
	"math/bits"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// GroupTable assigns a dense group number (0, 1, 2, ... in order of first
// appearance) to each distinct tuple of key values. NULL keys are equal to
// each other, so all rows with a NULL key form one group.
type GroupTable struct {
	keys   []*keyColumn
	hashes []uint64 // per group
	slots  []uint32 // open addressing, linear probing: group+1, 0 = empty
	mask   uint64
	// per-batch scratch
	rowHash []uint64
}

// NewGroupTable returns an empty table for keys of the given types.
func NewGroupTable(keyTypes []types.Type) *GroupTable {
	t := &GroupTable{}
	for _, kt := range keyTypes {
		t.keys = append(t.keys, &keyColumn{t: kt})
	}
	t.slots = make([]uint32, 1024)
	t.mask = 1023
	return t
}

// Len is the number of groups.
func (t *GroupTable) Len() int { return len(t.hashes) }

var hashSeed = maphash.MakeSeed()

const nullHash = 0x2545F4914F6CDD1D

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// keyColumn stores the key values of every group for one key column, and
// the current batch's view of that column while probing.
type keyColumn struct {
	t types.Type
	// stored group keys
	i64   []int64
	f64   []float64
	i32   []int32
	boolv []bool
	sOffs []int
	sData []byte
	null  []bool
	// current batch
	arr     arrow.Array
	bi64    []int64
	bf64    []float64
	bi32    []int32
	bbits   []byte
	boffs   []int32
	bdata   []byte
	bnull   []byte // validity bits, nil if none
	allNull bool
}

func (k *keyColumn) bind(a arrow.Array) {
	k.arr = a
	k.bnull = validBits(a)
	k.allNull = a.DataType().ID() == arrow.NULL
	if k.allNull {
		return
	}
	switch k.t.ID {
	case types.Bigint, types.Timestamp:
		k.bi64 = int64s(a)
	case types.Double:
		k.bf64 = float64s(a)
	case types.Date:
		k.bi32 = int32s(a)
	case types.Boolean:
		k.bbits = boolBits(a)
	case types.Varchar:
		k.boffs, k.bdata = strs(a)
	}
}

func (k *keyColumn) isNull(i int) bool {
	return k.allNull || (k.bnull != nil && !bitutil.BitIsSet(k.bnull, i))
}

// canonFloat makes equal doubles hash alike: -0 is 0 and every NaN is one.
func canonFloat(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

// hashInto combines this column's hash of every row into h.
func (k *keyColumn) hashInto(h []uint64, n int) {
	for i := 0; i < n; i++ {
		var x uint64
		switch {
		case k.isNull(i):
			x = nullHash
		case k.t.ID == types.Varchar:
			x = maphash.Bytes(hashSeed, k.bdata[k.boffs[i]:k.boffs[i+1]])
		case k.t.ID == types.Bigint || k.t.ID == types.Timestamp:
			x = mix(uint64(k.bi64[i]))
		case k.t.ID == types.Double:
			x = mix(canonFloat(k.bf64[i]))
		case k.t.ID == types.Date:
			x = mix(uint64(k.bi32[i]))
		case k.t.ID == types.Boolean:
			x = mix(uint64(b2i(bitutil.BitIsSet(k.bbits, i))) + 7)
		}
		h[i] = bits.RotateLeft64(h[i], 5) ^ x
	}
}

// equal reports whether group g's key equals row i of the bound batch.
func (k *keyColumn) equal(g int, i int) bool {
	gn, rn := k.null[g], k.isNull(i)
	if gn || rn {
		return gn && rn
	}
	switch k.t.ID {
	case types.Varchar:
		a := k.sData[k.sOffs[g]:k.sOffs[g+1]]
		b := k.bdata[k.boffs[i]:k.boffs[i+1]]
		return len(a) == len(b) && string(a) == string(b)
	case types.Bigint, types.Timestamp:
		return k.i64[g] == k.bi64[i]
	case types.Double:
		return canonFloat(k.f64[g]) == canonFloat(k.bf64[i])
	case types.Date:
		return k.i32[g] == k.bi32[i]
	case types.Boolean:
		return k.boolv[g] == bitutil.BitIsSet(k.bbits, i)
	}
	return true
}

// add stores row i of the bound batch as a new group's key.
func (k *keyColumn) add(i int) {
	null := k.isNull(i)
	k.null = append(k.null, null)
	switch k.t.ID {
	case types.Varchar:
		if len(k.sOffs) == 0 {
			k.sOffs = append(k.sOffs, 0)
		}
		if !null {
			k.sData = append(k.sData, k.bdata[k.boffs[i]:k.boffs[i+1]]...)
		}
		k.sOffs = append(k.sOffs, len(k.sData))
	case types.Bigint, types.Timestamp:
		var v int64
		if !null {
			v = k.bi64[i]
		}
		k.i64 = append(k.i64, v)
	case types.Double:
		var v float64
		if !null {
			v = k.bf64[i]
		}
		k.f64 = append(k.f64, v)
	case types.Date:
		var v int32
		if !null {
			v = k.bi32[i]
		}
		k.i32 = append(k.i32, v)
	case types.Boolean:
		k.boolv = append(k.boolv, !null && bitutil.BitIsSet(k.bbits, i))
	}
}

// Insert finds or creates the group of every row of the key columns and
// writes the group numbers to ids (len n).
func (t *GroupTable) Insert(keyArrs []arrow.Array, n int, ids []int32) {
	if cap(t.rowHash) < n {
		t.rowHash = make([]uint64, n)
	}
	h := t.rowHash[:n]
	for i := range h {
		h[i] = 0
	}
	for c, k := range t.keys {
		k.bind(keyArrs[c])
		k.hashInto(h, n)
	}
	for i := 0; i < n; i++ {
		hv := mix(h[i])
		s := hv & t.mask
		for {
			g := t.slots[s]
			if g == 0 {
				id := len(t.hashes)
				t.hashes = append(t.hashes, hv)
				for _, k := range t.keys {
					k.add(i)
				}
				t.slots[s] = uint32(id + 1)
				ids[i] = int32(id)
				if uint64(len(t.hashes))*2 > t.mask {
					t.grow()
				}
				break
			}
			gi := int(g - 1)
			if t.hashes[gi] == hv && t.keysEqual(gi, i) {
				ids[i] = int32(gi)
				break
			}
			s = (s + 1) & t.mask
		}
	}
	for _, k := range t.keys {
		k.arr = nil
	}
}

func (t *GroupTable) keysEqual(g, i int) bool {
	for _, k := range t.keys {
		if !k.equal(g, i) {
			return false
		}
	}
	return true
}

func (t *GroupTable) grow() {
	size := len(t.slots) * 2
	t.slots = make([]uint32, size)
	t.mask = uint64(size - 1)
	for g, hv := range t.hashes {
		s := hv & t.mask
		for t.slots[s] != 0 {
			s = (s + 1) & t.mask
		}
		t.slots[s] = uint32(g + 1)
	}
}

// Keys returns the key columns of groups [from, to) as Arrow arrays.
func (t *GroupTable) Keys(from, to int) []arrow.Array {
	out := make([]arrow.Array, len(t.keys))
	for c, k := range t.keys {
		ap := NewAppender(k.t)
		for g := from; g < to; g++ {
			if k.null[g] {
				ap.AppendNull()
				continue
			}
			switch k.t.ID {
			case types.Varchar:
				ap.AppendValue(string(k.sData[k.sOffs[g]:k.sOffs[g+1]]))
			case types.Bigint, types.Timestamp:
				ap.AppendValue(k.i64[g])
			case types.Double:
				ap.AppendValue(k.f64[g])
			case types.Date:
				ap.AppendValue(k.i32[g])
			case types.Boolean:
				ap.AppendValue(k.boolv[g])
			default:
				ap.AppendNull()
			}
		}
		out[c] = ap.Finish()
	}
	return out
}
