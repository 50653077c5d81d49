// Package groupby writes the G1 table of the db-benchmark groupby task
// (h2oai/db-benchmark, now maintained by DuckDB Labs) as its
// _data/groupby-datagen.R does for G1_<N>_<K>_0_0 (no NAs, unsorted):
//
//	set.seed(108)
//	DT = data.table(
//	  id1 = sample(sprintf("id%03d",1:K), N, TRUE),      # large groups (char)
//	  id2 = sample(sprintf("id%03d",1:K), N, TRUE),      # large groups (char)
//	  id3 = sample(sprintf("id%010d",1:(N/K)), N, TRUE), # small groups (char)
//	  id4 = sample(K, N, TRUE),                          # large groups (int)
//	  id5 = sample(K, N, TRUE),                          # large groups (int)
//	  id6 = sample(N/K, N, TRUE),                        # small groups (int)
//	  v1 =  sample(5, N, TRUE),                          # int in range [1,5]
//	  v2 =  sample(15, N, TRUE),                         # int in range [1,15]
//	  v3 =  round(runif(N,max=100),6)                    # numeric e.g. 23.574912
//	)
//	fwrite(DT, file)
//
// It reproduces R's random numbers rather than drawing its own: R's
// set.seed scrambling and Mersenne-Twister, sample()'s "Rejection" index
// sampling (R >= 3.6.0), runif, round(x, 6) (R >= 4.0.0) and fwrite's
// number format. With seed 108 the output starts with the rows that
// published copies of G1_1e7_1e2_0_0.csv start with, so questions and
// answers can be compared with the benchmark's. R fills the table a column
// at a time (all N values of id1, then of id2, ...); Generate writes it a row
// at a time, from nine copies of the generator, each advanced in a first
// pass to where its column starts, so memory does not grow with N.
package groupby

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
)

// DefaultSeed is the seed of groupby-datagen.R's set.seed(108).
const DefaultSeed = 108

// Header is the first line of the file, without its line end.
const Header = "id1,id2,id3,id4,id5,id6,v1,v2,v3"

// Options selects the table.
type Options struct {
	// Rows is N, the number of data rows.
	Rows int
	// K is the number of groups of id1, id2, id4 and id5; id3 and id6 have
	// Rows/K groups. Rows must be a multiple of K.
	K int
	// Seed is the argument of R's set.seed; db-benchmark uses 108.
	Seed int32
}

// Stats describes a generated file.
type Stats struct {
	// Rows is the number of data rows written.
	Rows int
	// Bytes is the number of bytes written, header included.
	Bytes int64
	// SumV1 and SumV2 are the sums of columns v1 and v2, SumV3Micro the
	// sum of v3 in units of 1e-6 (exact: every v3 has 6 decimals at most).
	SumV1, SumV2, SumV3Micro int64
}

// Name returns db-benchmark's name of the table, without ".csv":
// G1_<N>_<K>_0_0 with N and K written by its pretty_sci (the first digit,
// "e" and the number of further digits: 10000000 is 1e7).
func Name(rows, k int) string {
	return "G1_" + prettySci(rows) + "_" + prettySci(k) + "_0_0"
}

func prettySci(n int) string {
	s := strconv.Itoa(n)
	return s[:1] + "e" + strconv.Itoa(len(s)-1)
}

func (o Options) check() error {
	if o.Rows < 0 || o.K < 1 {
		return fmt.Errorf("groupby: need Rows >= 0 and K >= 1, got Rows=%d K=%d", o.Rows, o.K)
	}
	if o.Rows%o.K != 0 {
		return fmt.Errorf("groupby: Rows (%d) must be a multiple of K (%d)", o.Rows, o.K)
	}
	if o.Rows/o.K > math.MaxInt32 {
		return errors.New("groupby: Rows/K must fit R's integers")
	}
	return nil
}

// Generate writes the header and o.Rows rows of the table to w (buffered),
// with "\n" line ends, as fwrite writes them.
func Generate(w io.Writer, o Options) (Stats, error) {
	if err := o.check(); err != nil {
		return Stats{}, err
	}
	n := o.Rows
	small := n / o.K
	// The nine columns in R's order, and the size each samples from (0 for
	// v3, the runif column).
	sizes := [9]int{o.K, o.K, small, o.K, o.K, small, 5, 15, 0}

	// First pass: advance one generator through every column, keeping a
	// copy of its state where each column starts.
	var starts [9]mt
	g := newMT(uint32(o.Seed))
	for c, size := range sizes {
		starts[c] = *g
		if size == 0 {
			for range n {
				g.unif()
			}
		} else {
			s := newSampler(size)
			for range n {
				s.index(g)
			}
		}
	}

	// Second pass: the nine generators side by side, a chunk of rows at a
	// time.
	var ids [8][]int32
	var samplers [8]sampler
	for c := range 8 {
		samplers[c] = newSampler(sizes[c])
	}
	const chunk = 4096
	for c := range ids {
		ids[c] = make([]int32, chunk)
	}
	v3 := make([]int64, chunk)
	kNames := make([][]byte, o.K)
	for i := range kNames {
		kNames[i] = fmt.Appendf(nil, "id%03d", i+1)
	}

	bw := bufio.NewWriterSize(w, 1<<20)
	var written int64
	line := make([]byte, 0, 256)
	line = append(line, Header...)
	line = append(line, '\n')
	if _, err := bw.Write(line); err != nil {
		return Stats{}, fmt.Errorf("groupby: writing the header: %w", err)
	}
	written += int64(len(line))
	buf := make([]byte, 0, chunk*64)
	st := Stats{Rows: n}
	for row := 0; row < n; row += chunk {
		m := min(chunk, n-row)
		for c := range 8 {
			g, s, col := &starts[c], &samplers[c], ids[c][:m]
			for i := range col {
				col[i] = int32(s.index(g)) + 1
			}
		}
		g := &starts[8]
		for i := range m {
			v3[i] = micros(roundR6(100 * g.unif()))
		}
		for i := range m {
			st.SumV1 += int64(ids[6][i])
			st.SumV2 += int64(ids[7][i])
			st.SumV3Micro += v3[i]
		}
		buf = buf[:0]
		for i := range m {
			buf = append(buf, kNames[ids[0][i]-1]...)
			buf = append(buf, ',')
			buf = append(buf, kNames[ids[1][i]-1]...)
			buf = append(buf, ",id"...)
			buf = appendPadded(buf, int64(ids[2][i]), 10)
			buf = append(buf, ',')
			for c := 3; c < 8; c++ {
				buf = strconv.AppendInt(buf, int64(ids[c][i]), 10)
				buf = append(buf, ',')
			}
			buf = appendFwrite6(buf, v3[i])
			buf = append(buf, '\n')
		}
		if _, err := bw.Write(buf); err != nil {
			return Stats{}, fmt.Errorf("groupby: writing row %d: %w", row+1, err)
		}
		written += int64(len(buf))
	}
	if err := bw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("groupby: flushing the output: %w", err)
	}
	st.Bytes = written
	return st, nil
}

// appendPadded appends v in decimal, left-padded with zeros to width digits
// (sprintf("%010d")).
func appendPadded(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// mt is R's Mersenne-Twister (src/main/RNG.c, MT19937 with R's seeding).
type mt struct {
	state [624]uint32
	i     int // R's mti, dummy[0]
}

// newMT returns the generator as R's set.seed(seed) leaves it with the
// default kinds: the seed scrambled 50 times by the LCG seed = 69069*seed+1,
// then 625 further LCG values fill dummy[0..624], of which dummy[0] (mti)
// is then set to 624, so the first draw regenerates the whole state.
func newMT(seed uint32) *mt {
	for range 50 {
		seed = 69069*seed + 1
	}
	seed = 69069*seed + 1 // dummy[0], overwritten below
	g := &mt{i: 624}
	for j := range g.state {
		seed = 69069*seed + 1
		g.state[j] = seed
	}
	return g
}

// next returns the next tempered 32-bit output (MT_genrand before its
// conversion to [0,1)).
func (g *mt) next() uint32 {
	const (
		n, m  = 624, 397
		upper = 0x80000000
		lower = 0x7fffffff
		matA  = 0x9908b0df
	)
	if g.i >= n {
		s := &g.state
		var k int
		for k = 0; k < n-m; k++ {
			y := s[k]&upper | s[k+1]&lower
			s[k] = s[k+m] ^ y>>1 ^ (y&1)*matA
		}
		for ; k < n-1; k++ {
			y := s[k]&upper | s[k+1]&lower
			s[k] = s[k+m-n] ^ y>>1 ^ (y&1)*matA
		}
		y := s[n-1]&upper | s[0]&lower
		s[n-1] = s[m-1] ^ y>>1 ^ (y&1)*matA
		g.i = 0
	}
	y := g.state[g.i]
	g.i++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

// unif is R's unif_rand(): the output times 2^-32, moved off 0 by fixup().
func (g *mt) unif() float64 {
	y := g.next()
	if y == 0 {
		return 0.5 * 2.328306437080797e-10 // 0.5 * i2_32m1
	}
	return float64(y) * 2.3283064365386963e-10
}

// sampler draws from 0..size-1 as R's R_unif_index(size) does with
// sample.kind "Rejection": rbits(bits) of ceil(log2(size)) bits, drawn 16
// at a time (floor(unif_rand() * 65536) is the output's top 16 bits),
// rejected while >= size.
type sampler struct {
	size  uint64
	bits  int
	mask  uint64
	draws int // 16-bit draws per attempt: bits/16 + 1
}

func newSampler(size int) sampler {
	b := bits.Len64(uint64(size - 1)) // ceil(log2(size))
	return sampler{size: uint64(size), bits: b, mask: 1<<b - 1, draws: b/16 + 1}
}

func (s *sampler) index(g *mt) uint64 {
	for {
		var v uint64
		for range s.draws {
			v = v<<16 | uint64(g.next()>>16)
		}
		v &= s.mask
		if v < s.size {
			return v
		}
	}
}

// roundR6 is R's round(x, 6) for 0 < x < 1e9 (src/nmath/fround.c since R
// 4.0.0): of the two 6-decimal neighbours of x, as doubles, the closer one,
// and on a tie the one whose last digit is even.
func roundR6(x float64) float64 {
	const p10 = 1e6
	x10 := float64(p10 * x)
	i10 := math.Floor(x10)
	xd := float64(i10 / p10)
	xu := float64(math.Ceil(x10) / p10)
	du := float64(xu - x)
	dd := float64(x - xd)
	if du < dd || (du == dd && math.Mod(i10, 2) == 1) {
		return xu
	}
	return xd
}

// micros returns a 6-decimal value in integer units of 1e-6.
func micros(x float64) int64 { return int64(math.Round(x * 1e6)) }

// appendFwrite6 appends m/1e6 (m >= 0) as data.table's fwrite writes the
// double nearest to it with its default scipen of 0: at most 15 significant
// digits without trailing zeros, in fixed notation unless scientific
// notation is shorter (writeFloat64 in src/fwrite.c): 0.000123, but 1e-04
// and 1.2e-05.
func appendFwrite6(b []byte, m int64) []byte {
	if m == 0 {
		return append(b, '0')
	}
	var dig [20]byte
	all := strconv.AppendInt(dig[:0], m, 10)
	exp := len(all) - 1 - 6 // m/1e6 = d.ddd * 10^exp
	sig := all
	for sig[len(sig)-1] == '0' {
		sig = sig[:len(sig)-1]
	}
	sf := len(sig)
	dr := sf - exp - 1 // digits right of the point in fixed notation
	var width int
	switch {
	case dr <= 0:
		width = sf - dr
	case sf > dr:
		width = sf + 1
	default:
		width = dr + 2
	}
	sciWidth := sf + 2 + 2 // digits, "e-", two exponent digits
	if sf > 1 {
		sciWidth++ // the point
	}
	if width <= sciWidth {
		switch {
		case dr <= 0:
			b = append(b, sig...)
			for range -dr {
				b = append(b, '0')
			}
		case sf > dr:
			b = append(b, sig[:sf-dr]...)
			b = append(b, '.')
			b = append(b, sig[sf-dr:]...)
		default:
			b = append(b, "0."...)
			for range dr - sf {
				b = append(b, '0')
			}
			b = append(b, sig...)
		}
		return b
	}
	b = append(b, sig[0])
	if sf > 1 {
		b = append(b, '.')
		b = append(b, sig[1:]...)
	}
	b = append(b, 'e')
	if exp < 0 {
		b = append(b, '-')
		exp = -exp
	} else {
		b = append(b, '+')
	}
	return append(b, byte('0'+exp/10), byte('0'+exp%10))
}
