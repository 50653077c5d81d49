package dsv

import (
	"math/rand/v2"
	"testing"
)

// naiveMasks is the definition of the masks: bit i of block k is set when
// byte 64k+i is the delimiter (dm) or a line feed (nm); quotes tells whether
// any byte of the blocks is the quote character.
func naiveMasks(buf []byte, delim, quote byte, blocks int) (dm, nm []uint64, quotes bool) {
	dm = make([]uint64, blocks)
	nm = make([]uint64, blocks)
	for i := 0; i < 64*blocks; i++ {
		if buf[i] == delim {
			dm[i/64] |= 1 << (i % 64)
		}
		if buf[i] == '\n' {
			nm[i/64] |= 1 << (i % 64)
		}
		if buf[i] == quote {
			quotes = true
		}
	}
	return dm, nm, quotes
}

// randomMaskBuffer fills a buffer with bytes drawn from a mode: mostly the
// delimiter and line feeds, mostly ordinary text, or anything at all
// (including bytes with the high bit set, which a SWAR compare can get wrong).
// Quote characters are rare, so that buffers with and without are common.
func randomMaskBuffer(rng *rand.Rand, n int, delim byte) []byte {
	buf := make([]byte, n)
	mode := rng.IntN(4)
	defer func() {
		if rng.IntN(2) == 0 {
			// One quote somewhere, or none.
			for i := range buf {
				if buf[i] == '"' {
					buf[i] = 'q'
				}
			}
			if len(buf) > 0 && rng.IntN(2) == 0 {
				buf[rng.IntN(len(buf))] = '"'
			}
		}
	}()
	for i := range buf {
		switch mode {
		case 0:
			buf[i] = byte(rng.UintN(256))
		case 1:
			buf[i] = [...]byte{delim, '\n', 'a', '"', '\r', delim ^ 0x80, '\n' ^ 0x80, delim + 1, delim - 1}[rng.IntN(9)]
		case 2:
			switch rng.IntN(10) {
			case 0:
				buf[i] = delim
			case 1:
				buf[i] = '\n'
			default:
				buf[i] = byte(' ' + rng.IntN(95))
			}
		default:
			if rng.IntN(2) == 0 {
				buf[i] = delim
			} else {
				buf[i] = '\n'
			}
		}
	}
	return buf
}

var maskDelimiters = []byte{',', '\t', '|', ';', '\n', 0x00, 0x7f, 0x80, 0xff, '"'}

// maskQuotes are the quote characters the mask tests look for.
var maskQuotes = []byte{'"', '\'', 0x00, 0xff}

func TestMasksGenericMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := 0; iter < 3000; iter++ {
		delim := maskDelimiters[iter%len(maskDelimiters)]
		quote := maskQuotes[iter%len(maskQuotes)]
		blocks := 1 + rng.IntN(9)
		buf := randomMaskBuffer(rng, 64*blocks+rng.IntN(70), delim)
		wantD, wantN, wantQ := naiveMasks(buf, delim, quote, blocks)
		dm := make([]uint64, blocks)
		nm := make([]uint64, blocks)
		q := masksGeneric(buf, delim, quote, dm, nm)
		for k := 0; k < blocks; k++ {
			if dm[k] != wantD[k] || nm[k] != wantN[k] {
				t.Fatalf("iter %d delim %q block %d: masksGeneric = %064b / %064b, want %064b / %064b\nbuf %q",
					iter, delim, k, dm[k], nm[k], wantD[k], wantN[k], buf[64*k:64*k+64])
			}
		}
		if q != wantQ {
			t.Fatalf("iter %d delim %q quote %q: masksGeneric reports quotes %v, want %v", iter, delim, quote, q, wantQ)
		}
	}
}

// TestComputeMasksMatchesNaive checks computeMasks, which runs the AVX2 code
// when the CPU has it, at every alignment of the buffer: the masks, whether
// the blocks hold a quote (one just after them does not count), and that it
// writes exactly len(dm) words.
func TestComputeMasksMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	t.Logf("useAVX2 = %v", useAVX2)
	for iter := 0; iter < 3000; iter++ {
		delim := maskDelimiters[iter%len(maskDelimiters)]
		quote := maskQuotes[iter%len(maskQuotes)]
		blocks := rng.IntN(12)
		align := rng.IntN(64)
		backing := append(randomMaskBuffer(rng, align+64*blocks, delim), quote)
		buf := backing[align:]
		wantD, wantN, wantQ := naiveMasks(buf, delim, quote, blocks)
		// Guard words after the masks must be left alone.
		dm := make([]uint64, blocks+1)
		nm := make([]uint64, blocks+1)
		dm[blocks], nm[blocks] = 0xdeadbeef, 0xfeedface
		q := computeMasks(buf, delim, quote, dm[:blocks], nm[:blocks])
		for k := 0; k < blocks; k++ {
			if dm[k] != wantD[k] || nm[k] != wantN[k] {
				t.Fatalf("iter %d delim %q align %d block %d: computeMasks = %064b / %064b, want %064b / %064b",
					iter, delim, align, k, dm[k], nm[k], wantD[k], wantN[k])
			}
		}
		if q != wantQ {
			t.Fatalf("iter %d delim %q quote %q align %d blocks %d: computeMasks reports quotes %v, want %v", iter, delim, quote, align, blocks, q, wantQ)
		}
		if dm[blocks] != 0xdeadbeef || nm[blocks] != 0xfeedface {
			t.Fatalf("iter %d: computeMasks wrote past %d blocks", iter, blocks)
		}
	}
}

// TestMasksAVX2MatchesGeneric calls the assembly directly (when the CPU has
// AVX2) so that the comparison does not depend on computeMasks' dispatch.
func TestMasksAVX2MatchesGeneric(t *testing.T) {
	if !useAVX2 {
		// Without AVX2 computeMasks is masksGeneric, which the other tests
		// cover; there is nothing more to compare here.
		t.Log("no AVX2 on this CPU: computeMasks is masksGeneric")
		return
	}
	rng := rand.New(rand.NewPCG(19, 23))
	for iter := 0; iter < 3000; iter++ {
		delim := byte(rng.UintN(256))
		quote := byte(rng.UintN(256))
		if rng.IntN(2) == 0 {
			quote = '"'
		}
		blocks := 1 + rng.IntN(20)
		buf := randomMaskBuffer(rng, 64*blocks, delim)
		gd, gn := make([]uint64, blocks), make([]uint64, blocks)
		ad, an := make([]uint64, blocks), make([]uint64, blocks)
		gq := masksGeneric(buf, delim, quote, gd, gn)
		aq := masksAVX2(&buf[0], blocks, delim, quote, &ad[0], &an[0])
		if gq != aq {
			t.Fatalf("iter %d delim %#x quote %#x: AVX2 reports quotes %v, generic %v", iter, delim, quote, aq, gq)
		}
		for k := range gd {
			if gd[k] != ad[k] || gn[k] != an[k] {
				t.Fatalf("iter %d delim %#x block %d: AVX2 %064b / %064b, generic %064b / %064b", iter, delim, k, ad[k], an[k], gd[k], gn[k])
			}
		}
	}
}

func TestCountBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	masks := make([]uint64, 6)
	for i := range masks {
		masks[i] = rng.Uint64()
	}
	naive := func(a, b int) int {
		c := 0
		for i := a; i < b; i++ {
			if masks[i/64]>>(i%64)&1 == 1 {
				c++
			}
		}
		return c
	}
	// b may be 64*len(masks) only when it ends a block.
	for a := 0; a <= 64*len(masks); a++ {
		for b := a - 1; b <= 64*len(masks); b++ {
			if b < 0 {
				continue
			}
			want := 0
			if a < b {
				want = naive(a, b)
			}
			if got := countBits(masks, a, b); got != want {
				t.Fatalf("countBits(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestDelimCursorSkip(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 41))
	for iter := 0; iter < 2000; iter++ {
		n := 1 + rng.IntN(5)
		dm := make([]uint64, n)
		var pos []int
		for i := 0; i < 64*n; i++ {
			if rng.IntN(6) == 0 {
				dm[i/64] |= 1 << (i % 64)
				pos = append(pos, i)
			}
		}
		start := rng.IntN(64 * n)
		c := delimCursor{dm: dm, b: start >> 6, m: dm[start>>6] & (^uint64(0) << uint(start&63))}
		// The delimiters at or after start, in order.
		var want []int
		for _, p := range pos {
			if p >= start {
				want = append(want, p)
			}
		}
		next := 0
		for next < len(want) {
			k := 1 + rng.IntN(3)
			got := c.skip(k)
			if next+k-1 >= len(want) {
				if got < 64*n {
					t.Fatalf("iter %d: skip(%d) past the last delimiter = %d, want >= %d", iter, k, got, 64*n)
				}
				break
			}
			if got != want[next+k-1] {
				t.Fatalf("iter %d: skip(%d) = %d, want %d", iter, k, got, want[next+k-1])
			}
			next += k
		}
	}
}
