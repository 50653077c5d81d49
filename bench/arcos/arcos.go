// Package arcos generates a deterministic, synthetic "ARCOS-like" TSV file
// for sqlcsv's benchmark and correctness tests.
//
// The output mimics the Washington Post's release of the DEA ARCOS
// opioid-shipment data (arcos_all_washpost.tsv): 42 tab-separated columns
// with a header row and about 370 bytes a row. Values look like the real
// file: DEA registration numbers, upper-case names and addresses drawn from
// pools so that they repeat, ~56 states and territories with a few thousand
// (state, county) pairs skewed like real populations, 11-digit NDC numbers,
// MMDDYYYY dates from 2006 to 2014, base weights with 4 decimals and MME
// conversion factors with 2 decimals.
//
// The generator also reproduces the traps that break type sniffing:
// NDC_NO, REPORTER_ZIP and BUYER_ZIP are digit strings of which some have
// leading zeros, and ACTION_INDICATOR, ORDER_FORM_NO, UNIT and CORRECTION_NO
// are empty for the first third of the rows (row index < Rows/3) and hold
// text on some of the later rows.
//
// Generate also returns Stats: exact answers (row count, byte count and
// per-(year, state, county) row counts and MME sums in integer units of
// 1e-6) computed from the generated integers, independently of the printed
// text, so an engine's results can be checked exactly.
//
// The output is a pure function of (Rows, Seed, options) for a given Go
// release (it uses math/rand/v2's PCG and only integer arithmetic).
package arcos

import (
	"bufio"
	"errors"
	"io"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options controls Generate.
type Options struct {
	// Rows is the number of data rows (the header is not counted).
	Rows int
	// Seed selects the data; the same seed gives byte-identical output.
	Seed uint64
	// CRLF ends lines with "\r\n" instead of "\n".
	CRLF bool
	// NoFinalNewline omits the line end after the last row (after the
	// header when Rows is 0).
	NoFinalNewline bool
}

// GroupKey identifies one group of
//
//	GROUP BY year(TRANSACTION_DATE), BUYER_STATE, BUYER_COUNTY
//
// An empty BUYER_COUNTY field is SQL NULL: CountyNull is true and County is "".
type GroupKey struct {
	Year       int
	State      string
	County     string
	CountyNull bool
}

// GroupStat holds the exact aggregates of one group.
type GroupStat struct {
	// Rows is COUNT(*).
	Rows int64
	// MMEMicro is SUM(CALC_BASE_WT_IN_GM * MME_Conversion_Factor) in units
	// of 1e-6 (the product of a 4-decimal and a 2-decimal number is exact
	// in these units).
	MMEMicro int64
}

// Stats holds exact facts about a generated file.
type Stats struct {
	// Rows is the number of data rows written.
	Rows int
	// Bytes is the number of bytes written, header and line ends included.
	Bytes int64
	// Groups maps each (year, buyer state, buyer county) present in the
	// data to its aggregates.
	Groups map[GroupKey]*GroupStat
}

// MMEFloat returns the group's MME sum as a float64 (MMEMicro/1e6), or 0 if
// the group does not exist.
func (s *Stats) MMEFloat(k GroupKey) float64 {
	g := s.Groups[k]
	if g == nil {
		return 0
	}
	return float64(g.MMEMicro) / 1e6
}

var columns = [...]string{
	"REPORTER_DEA_NO", "REPORTER_BUS_ACT", "REPORTER_NAME", "REPORTER_ADDL_CO_INFO",
	"REPORTER_ADDRESS1", "REPORTER_ADDRESS2", "REPORTER_CITY", "REPORTER_STATE",
	"REPORTER_ZIP", "REPORTER_COUNTY",
	"BUYER_DEA_NO", "BUYER_BUS_ACT", "BUYER_NAME", "BUYER_ADDL_CO_INFO",
	"BUYER_ADDRESS1", "BUYER_ADDRESS2", "BUYER_CITY", "BUYER_STATE",
	"BUYER_ZIP", "BUYER_COUNTY",
	"TRANSACTION_CODE", "DRUG_CODE", "NDC_NO", "DRUG_NAME", "QUANTITY", "UNIT",
	"ACTION_INDICATOR", "ORDER_FORM_NO", "CORRECTION_NO", "STRENGTH",
	"TRANSACTION_DATE", "CALC_BASE_WT_IN_GM", "DOSAGE_UNIT", "TRANSACTION_ID",
	"Product_Name", "Ingredient_Name", "Measure", "MME_Conversion_Factor",
	"Combined_Labeler_Name", "Revised_Company_Name", "Reporter_family", "dos_str",
}

// NumColumns is the number of columns of the file.
const NumColumns = len(columns)

// Columns returns the 42 header names in file order.
func Columns() []string {
	return append([]string(nil), columns[:]...)
}

const (
	firstYear = 2006
	nYears    = 9 // 2006..2014

	buyerBits    = 18
	reporterBits = 16
	productBits  = 16
	qtyBits      = 12 // buyerBits+reporterBits+productBits+qtyBits <= 64

	// CALC_BASE_WT_IN_GM bounds in units of 1e-4 g (0.0010 .. 500.0000).
	minWeight = 10
	maxWeight = 5_000_000

	bufSize = 1 << 20
)

// Generate writes the header and opt.Rows rows of ARCOS-like TSV to w and
// returns exact statistics about what it wrote.
func Generate(w io.Writer, opt Options) (*Stats, error) {
	if opt.Rows < 0 {
		return nil, errors.New("arcos: negative Rows")
	}
	u := newUniverse(opt.Seed)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x41524f53524f5753)) // "AROSROWS"

	eol := "\n"
	if opt.CRLF {
		eol = "\r\n"
	}
	bw := bufio.NewWriterSize(w, bufSize)
	buf := make([]byte, 0, 1024)

	buf = append(buf, strings.Join(columns[:], "\t")...)
	if opt.Rows > 0 || !opt.NoFinalNewline {
		buf = append(buf, eol...)
	}
	total := int64(len(buf))
	if _, err := bw.Write(buf); err != nil {
		return nil, err
	}

	nGroups := len(u.groups)
	grRows := make([]int64, nGroups*nYears)
	grMME := make([]int64, nGroups*nYears)
	txid := make([]int64, len(u.reporters))
	for i := range u.reporters {
		txid[i] = u.reporters[i].txStart
	}

	third := opt.Rows / 3
	last := opt.Rows - 1
	for i := 0; i < opt.Rows; i++ {
		r1 := rng.Uint64()
		r2 := rng.Uint64()
		b := &u.buyers[u.buyTab[r1&(1<<buyerBits-1)]]
		ri := u.repTab[(r1>>buyerBits)&(1<<reporterBits-1)]
		rp := &u.reporters[ri]
		p := &u.products[u.prodTab[(r1>>(buyerBits+reporterBits))&(1<<productBits-1)]]
		qty := int64(u.qtyTab[(r1>>(buyerBits+reporterBits+productBits))&(1<<qtyBits-1)])
		yi := int(u.yearTab[r2&0xFF])
		days := u.dates[yi]
		date := &days[(uint64(len(days))*((r2>>8)&0xFFFF))>>16]

		buf = buf[:0]
		buf = append(buf, rp.chunk...)
		buf = append(buf, b.chunk...)
		buf = append(buf, p.head...)
		buf = strconv.AppendInt(buf, qty, 10)
		buf = append(buf, '\t')
		if i < third {
			buf = append(buf, "\t\t\t\t"...) // UNIT, ACTION_INDICATOR, ORDER_FORM_NO, CORRECTION_NO
		} else {
			r3 := rng.Uint64()
			// UNIT: ~4% of later rows.
			if r3&0xFF < 10 {
				buf = append(buf, "DG"[(r3>>8)&1])
			}
			buf = append(buf, '\t')
			// ACTION_INDICATOR: ~3% of later rows.
			if (r3>>9)&0x3FF < 31 {
				buf = append(buf, "DI"[(r3>>19)&1])
			}
			buf = append(buf, '\t')
			// ORDER_FORM_NO: ~12% of later rows.
			if (r3>>21)&0xFF < 31 {
				n := int64((r3>>29)&(1<<27-1)) % 100_000_000
				if (r3>>61)&1 == 0 {
					buf = append(buf, 'O')
					buf = appendPadded(buf, n, 8)
				} else {
					buf = appendPadded(buf, n, 8)
					buf = append(buf, "ABCD"[(r3>>62)&3])
				}
			}
			buf = append(buf, '\t')
			// CORRECTION_NO: ~1% of later rows.
			if (r2>>24)&0x3FF < 10 {
				buf = appendPadded(buf, int64(rng.Uint64()%100_000_000), 8)
				buf = append(buf, 'X')
			}
			buf = append(buf, '\t')
		}
		// STRENGTH: mostly empty.
		if (r2>>34)&0x3FF < 5 {
			buf = append(buf, p.dosStr...)
		}
		buf = append(buf, '\t')
		buf = append(buf, date[:]...)
		buf = append(buf, '\t')

		du10 := qty * p.pkg10
		wt := (du10*p.ugPerUnit + 500) / 1000
		if wt < minWeight {
			wt = minWeight
		} else if wt > maxWeight {
			wt = maxWeight
		}
		buf = appendFixed(buf, wt, 4)
		buf = append(buf, '\t')
		buf = strconv.AppendInt(buf, du10/10, 10)
		if f := du10 % 10; f != 0 {
			buf = append(buf, '.', byte('0'+f))
		}
		buf = append(buf, '\t')
		txid[ri] += 1 + int64((r2>>44)&7)
		buf = strconv.AppendInt(buf, txid[ri], 10)
		buf = append(buf, '\t')
		buf = append(buf, p.mid...)
		buf = append(buf, rp.family...)
		buf = append(buf, '\t')
		buf = append(buf, p.dosStr...)
		if i != last || !opt.NoFinalNewline {
			buf = append(buf, eol...)
		}
		if _, err := bw.Write(buf); err != nil {
			return nil, err
		}
		total += int64(len(buf))

		g := b.group*nYears + yi
		grRows[g]++
		grMME[g] += wt * p.mme
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}

	st := &Stats{Rows: opt.Rows, Bytes: total, Groups: make(map[GroupKey]*GroupStat)}
	for g, gi := range u.groups {
		for y := 0; y < nYears; y++ {
			n := grRows[g*nYears+y]
			if n == 0 {
				continue
			}
			k := GroupKey{Year: firstYear + y, State: gi.state, County: gi.county, CountyNull: gi.null}
			st.Groups[k] = &GroupStat{Rows: n, MMEMicro: grMME[g*nYears+y]}
		}
	}
	return st, nil
}

// appendPadded appends v (>= 0) in decimal, left-padded with zeros to width.
func appendPadded(buf []byte, v int64, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(buf, tmp[i:]...)
}

// appendFixed appends v / 10^dec with exactly dec decimals (v >= 0).
func appendFixed(buf []byte, v int64, dec int) []byte {
	p := int64(1)
	for i := 0; i < dec; i++ {
		p *= 10
	}
	buf = strconv.AppendInt(buf, v/p, 10)
	buf = append(buf, '.')
	return appendPadded(buf, v%p, dec)
}

// ---------------------------------------------------------------------------
// The universe: pools of reporters, buyers and products, built from the seed.

type groupInfo struct {
	state, county string
	null          bool
}

type reporter struct {
	chunk   []byte // REPORTER_DEA_NO .. REPORTER_COUNTY, each followed by a tab
	family  string // Reporter_family
	txStart int64
}

type buyer struct {
	chunk []byte // BUYER_DEA_NO .. BUYER_COUNTY, each followed by a tab
	group int    // index into universe.groups
}

type product struct {
	head      []byte // TRANSACTION_CODE .. DRUG_NAME, each followed by a tab
	mid       []byte // Product_Name .. Revised_Company_Name, each followed by a tab
	dosStr    string
	pkg10     int64 // dosage units per package, in tenths
	ugPerUnit int64 // base weight per dosage unit, in micrograms
	mme       int64 // MME conversion factor in hundredths
}

type universe struct {
	states    []stateInfo
	counties  [][]string // per state
	cities    [][]string // per state
	groups    []groupInfo
	reporters []reporter
	buyers    []buyer
	products  []product
	repTab    []int32
	buyTab    []int32
	prodTab   []int32
	qtyTab    [1 << qtyBits]uint8
	yearTab   [256]uint8
	dates     [nYears][][8]byte
}

type stateInfo struct {
	code      string
	pop       uint64 // 2010 population in units of 10,000
	nCounties int
	zipLo     int // 3-digit ZIP prefix range
	zipHi     int
}

// states: the 50 states, DC and 5 territories, with rough 2010 populations,
// county counts (clamped to 5..150) and 3-digit ZIP prefix ranges.
var states = []stateInfo{
	{"CA", 3725, 58, 900, 961}, {"TX", 2515, 150, 750, 799}, {"NY", 1938, 62, 100, 149},
	{"FL", 1880, 67, 320, 349}, {"IL", 1283, 102, 600, 629}, {"PA", 1270, 67, 150, 196},
	{"OH", 1154, 88, 430, 458}, {"MI", 988, 83, 480, 499}, {"GA", 969, 150, 300, 319},
	{"NC", 954, 100, 270, 289}, {"NJ", 879, 21, 70, 89}, {"VA", 800, 133, 220, 246},
	{"WA", 672, 39, 980, 994}, {"MA", 655, 14, 10, 27}, {"IN", 648, 92, 460, 479},
	{"AZ", 639, 15, 850, 865}, {"TN", 635, 95, 370, 385}, {"MO", 599, 115, 630, 658},
	{"MD", 577, 24, 206, 219}, {"WI", 569, 72, 530, 549}, {"MN", 530, 87, 550, 567},
	{"CO", 503, 64, 800, 816}, {"AL", 478, 67, 350, 369}, {"SC", 463, 46, 290, 299},
	{"LA", 453, 64, 700, 714}, {"KY", 434, 120, 400, 427}, {"OR", 383, 36, 970, 979},
	{"OK", 375, 77, 730, 749}, {"CT", 357, 8, 60, 69}, {"PR", 373, 78, 6, 9},
	{"IA", 305, 99, 500, 528}, {"MS", 297, 82, 386, 397}, {"AR", 292, 75, 716, 729},
	{"KS", 285, 105, 660, 679}, {"UT", 276, 29, 840, 847}, {"NV", 270, 17, 889, 898},
	{"NM", 206, 33, 870, 884}, {"WV", 185, 55, 247, 268}, {"NE", 183, 93, 680, 693},
	{"ID", 157, 44, 832, 838}, {"HI", 136, 5, 967, 968}, {"ME", 133, 16, 39, 49},
	{"NH", 132, 10, 30, 38}, {"RI", 105, 5, 28, 29}, {"MT", 99, 56, 590, 599},
	{"DE", 90, 5, 197, 199}, {"SD", 81, 66, 570, 577}, {"AK", 71, 30, 995, 999},
	{"ND", 67, 53, 580, 588}, {"VT", 63, 14, 50, 59}, {"DC", 60, 5, 200, 205},
	{"WY", 56, 23, 820, 831}, {"GU", 16, 5, 969, 969}, {"VI", 11, 5, 8, 8},
	{"AS", 6, 5, 967, 967}, {"MP", 5, 5, 969, 969},
}

func newUniverse(seed uint64) *universe {
	rng := rand.New(rand.NewPCG(seed, 0x4152434f53504f4f)) // "ARCOSPOO"
	u := &universe{states: states}
	u.buildPlaces(rng)
	u.buildBuyers(rng)
	u.buildReporters(rng)
	u.buildProducts(rng)
	u.buildSmallTables()
	return u
}

func (u *universe) buildPlaces(rng *rand.Rand) {
	u.counties = make([][]string, len(u.states))
	u.cities = make([][]string, len(u.states))
	for si, s := range u.states {
		perm := rng.Perm(len(places))
		cs := make([]string, s.nCounties)
		for i := range cs {
			cs[i] = places[perm[i%len(places)]]
			if i >= len(places) {
				cs[i] = "NORTH " + cs[i]
			}
		}
		u.counties[si] = cs
		nc := 10 + s.nCounties
		ct := make([]string, nc)
		for i := range ct {
			base := places[rng.IntN(len(places))]
			if rng.IntN(3) == 0 {
				base += citySuffixes[rng.IntN(len(citySuffixes))]
			}
			ct[i] = base
		}
		u.cities[si] = ct
	}
}

// weightedPicker picks indices with probability proportional to integer weights.
type weightedPicker struct{ cum []uint64 }

func newPicker(w []uint64) weightedPicker {
	cum := make([]uint64, len(w))
	var t uint64
	for i, x := range w {
		t += x
		cum[i] = t
	}
	return weightedPicker{cum}
}

func (p weightedPicker) pick(rng *rand.Rand) int {
	x := rng.Uint64N(p.cum[len(p.cum)-1])
	i, _ := slices.BinarySearch(p.cum, x+1)
	return i
}

// buildTable returns a table of 1<<tbits entries in which item i occupies
// (about) weights[i]/sum of the entries, and at least one entry.
func buildTable(weights []uint64, tbits uint) []int32 {
	size := 1 << tbits
	n := len(weights)
	if n == 0 || n > size {
		panic("arcos: bad table size")
	}
	var total uint64
	for _, w := range weights {
		total += w
	}
	avail := uint64(size - n)
	slots := make([]int, n)
	rems := make([]uint64, n)
	used := n
	for i, w := range weights {
		hi, lo := bits.Mul64(w, avail)
		q, r := bits.Div64(hi, lo, total)
		slots[i] = 1 + int(q)
		rems[i] = r
		used += int(q)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rems[a] > rems[b]:
			return -1
		case rems[a] < rems[b]:
			return 1
		}
		return 0
	})
	for j := 0; used < size; j++ {
		slots[order[j%n]]++
		used++
	}
	tab := make([]int32, 0, size)
	for i, s := range slots {
		for ; s > 0; s-- {
			tab = append(tab, int32(i))
		}
	}
	return tab
}

// deaNumber returns a DEA registration number: two letters and seven digits,
// the last a check digit.
func deaNumber(rng *rand.Rand, first, second byte) string {
	var d [7]int
	for i := 0; i < 6; i++ {
		d[i] = rng.IntN(10)
	}
	d[6] = (d[0] + d[2] + d[4] + 2*(d[1]+d[3]+d[5])) % 10
	b := []byte{first, second}
	for _, x := range d {
		b = append(b, byte('0'+x))
	}
	return string(b)
}

func initialOf(name string) byte {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'A' && c <= 'Z' {
			return c
		}
	}
	return 'X'
}

func (u *universe) zip(rng *rand.Rand, si int) string {
	s := u.states[si]
	p := s.zipLo + rng.IntN(s.zipHi-s.zipLo+1)
	z := p*100 + 1 + rng.IntN(99)
	return string(appendPadded(nil, int64(z), 5))
}

func (u *universe) address(rng *rand.Rand) (a1, a2 string) {
	var b []byte
	switch rng.IntN(12) {
	case 0:
		b = append(b, "P O BOX "...)
		b = strconv.AppendInt(b, int64(1+rng.IntN(9999)), 10)
	case 1:
		b = append(b, "HIGHWAY "...)
		b = strconv.AppendInt(b, int64(1+rng.IntN(299)), 10)
	default:
		b = strconv.AppendInt(b, int64(1+rng.IntN(9999)), 10)
		b = append(b, ' ')
		if rng.IntN(4) == 0 {
			b = append(b, "NSEW"[rng.IntN(4)], ' ')
		}
		b = append(b, streets[rng.IntN(len(streets))]...)
		b = append(b, ' ')
		b = append(b, streetSuffixes[rng.IntN(len(streetSuffixes))]...)
	}
	a1 = string(b)
	if rng.IntN(6) == 0 {
		a2 = address2[rng.IntN(len(address2))] + strconv.Itoa(1+rng.IntN(400))
	}
	return
}

func appendFields(b []byte, fields ...string) []byte {
	for _, f := range fields {
		b = append(b, f...)
		b = append(b, '\t')
	}
	return b
}

func zipfWeights(n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = 1_000_000 / uint64(i+1)
	}
	return w
}

func (u *universe) buildBuyers(rng *rand.Rand) {
	// County weights: state population times a Zipf share within the state.
	type cty struct {
		si, ci int
		w      uint64
	}
	var all []cty
	var totalW uint64
	for si, s := range u.states {
		z := zipfWeights(s.nCounties)
		var sum uint64
		for _, x := range z {
			sum += x
		}
		for ci, x := range z {
			w := s.pop * x * 100_000 / sum // <= 3725*1e5
			if w == 0 {
				w = 1
			}
			all = append(all, cty{si, ci, w})
			totalW += w
		}
	}
	// Groups: every county, then one NULL-county group per state.
	countyGroup := make([][]int, len(u.states))
	for _, c := range all {
		countyGroup[c.si] = append(countyGroup[c.si], len(u.groups))
		u.groups = append(u.groups, groupInfo{state: u.states[c.si].code, county: u.counties[c.si][c.ci]})
	}
	nullGroup := make([]int, len(u.states))
	for si, s := range u.states {
		nullGroup[si] = len(u.groups)
		u.groups = append(u.groups, groupInfo{state: s.code, null: true})
	}

	const extraBuyers = 4000
	var weights []uint64
	for _, c := range all {
		nb := 1 + int(c.w*extraBuyers/totalW)
		for k := 0; k < nb; k++ {
			kind := rng.IntN(100)
			var b buyer
			var w uint64
			var busAct, name, addl string
			var first byte
			switch {
			case kind < 40:
				ch := chains[rng.IntN(len(chains))]
				busAct, name = "CHAIN PHARMACY", ch[0]
				if rng.IntN(4) != 0 {
					addl = ch[1] + strconv.Itoa(1000+rng.IntN(19000))
				}
				first, w = "BF"[rng.IntN(2)], 12
			case kind < 80:
				busAct = "RETAIL PHARMACY"
				name = retailName(rng, u.cities[c.si])
				if rng.IntN(6) == 0 {
					addl = "DBA " + retailName(rng, u.cities[c.si])
				}
				first, w = "BFA"[rng.IntN(3)], 10
			case kind < 92:
				busAct = "PRACTITIONER"
				if rng.IntN(8) == 0 {
					busAct = "PRACTITIONER-DW/100"
				}
				last := surnames[rng.IntN(len(surnames))]
				name = last + ", " + firstNames[rng.IntN(len(firstNames))] + " " +
					string(rune('A'+rng.IntN(26))) + " " + degrees[rng.IntN(len(degrees))]
				if rng.IntN(3) == 0 {
					addl = places[rng.IntN(len(places))] + " FAMILY PRACTICE"
				}
				first, w = "ABM"[rng.IntN(3)], 1
			default:
				busAct = "HOSPITAL/CLINIC"
				name = u.cities[c.si][rng.IntN(len(u.cities[c.si]))] + hospitalSuffixes[rng.IntN(len(hospitalSuffixes))]
				if rng.IntN(2) == 0 {
					addl = "PHARMACY DEPT"
				}
				first, w = "AB"[rng.IntN(2)], 5
			}
			second := initialOf(name)
			a1, a2 := u.address(rng)
			city := u.cities[c.si][rng.IntN(len(u.cities[c.si]))]
			county := u.counties[c.si][c.ci]
			b.group = countyGroup[c.si][c.ci]
			// Some buyers (never a county's first) have no county: ~1% of rows.
			if k > 0 && rng.IntN(1000) < 26 {
				county = ""
				b.group = nullGroup[c.si]
			}
			b.chunk = appendFields(nil, deaNumber(rng, first, second), busAct, name, addl,
				a1, a2, city, u.states[c.si].code, u.zip(rng, c.si), county)
			u.buyers = append(u.buyers, b)
			// Buyer weight: the county's share spread over its buyers, times
			// the buyer's kind factor.
			weights = append(weights, 1+c.w/uint64(nb)*w/10)
		}
	}
	u.buyTab = buildTable(weights, buyerBits)
}

func retailName(rng *rand.Rand, cities []string) string {
	switch rng.IntN(7) {
	case 0:
		return cities[rng.IntN(len(cities))] + " PHARMACY"
	case 1:
		return surnames[rng.IntN(len(surnames))] + " DRUG"
	case 2:
		return surnames[rng.IntN(len(surnames))] + " PHARMACY INC"
	case 3:
		return places[rng.IntN(len(places))] + " DRUG STORE"
	case 4:
		return surnames[rng.IntN(len(surnames))] + " FAMILY PHARMACY"
	case 5:
		return places[rng.IntN(len(places))] + " APOTHECARY"
	default:
		return "THE MEDICINE SHOPPE"
	}
}

type family struct {
	family, name, busAct string
	weight               uint64 // market share, arbitrary units
	sites                int
}

var bigFamilies = []family{
	{"McKesson Corporation", "MCKESSON CORPORATION", "DISTRIBUTOR", 200, 28},
	{"Cardinal Health", "CARDINAL HEALTH", "DISTRIBUTOR", 180, 24},
	{"AmerisourceBergen Drug", "AMERISOURCEBERGEN DRUG CORP", "DISTRIBUTOR", 140, 22},
	{"Walgreens", "WALGREEN CO", "DISTRIBUTOR", 100, 12},
	{"CVS", "CVS PHARMACY INC", "DISTRIBUTOR", 80, 10},
	{"Walmart", "WAL-MART ASSOCIATES INC", "DISTRIBUTOR", 50, 6},
	{"Rite Aid", "RITE AID OF MARYLAND INC", "DISTRIBUTOR", 40, 6},
	{"Kroger", "KROGER LIMITED PARTNERSHIP I", "DISTRIBUTOR", 15, 5},
	{"Kinray Inc", "KINRAY INC", "DISTRIBUTOR", 20, 1},
	{"Anda, Inc", "ANDA INC", "DISTRIBUTOR", 20, 3},
	{"H. D. Smith", "H D SMITH WHOLESALE DRUG CO", "DISTRIBUTOR", 20, 4},
	{"Morris & Dickson Co", "MORRIS & DICKSON CO LLC", "DISTRIBUTOR", 10, 1},
	{"Publix Super Markets Inc", "PUBLIX SUPER MARKETS INC", "DISTRIBUTOR", 10, 2},
	{"Harvard Drug Group", "THE HARVARD DRUG GROUP LLC", "DISTRIBUTOR", 10, 2},
	{"Masters Pharmaceutical, Inc.", "MASTERS PHARMACEUTICAL INC", "DISTRIBUTOR", 7, 1},
	{"Miami-Luken", "MIAMI-LUKEN INC", "DISTRIBUTOR", 5, 1},
	{"SpecGx LLC", "SPECGX LLC", "MANUFACTURER", 15, 3},
	{"Purdue Pharma LP", "PURDUE PHARMA LP", "MANUFACTURER", 5, 2},
	{"Actavis Pharma, Inc.", "ACTAVIS PHARMA INC", "MANUFACTURER", 10, 3},
	{"Par Pharmaceutical", "PAR PHARMACEUTICAL", "MANUFACTURER", 5, 2},
}

// titleCase turns "SMITH DRUG CO LLC" into "Smith Drug Co LLC".
func titleCase(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			if !up {
				b[i] = c + ('a' - 'A')
			}
			up = false
		} else {
			up = c == ' ' || c == '-' || c == '&'
		}
	}
	t := string(b)
	if strings.HasSuffix(t, " Llc") {
		t = t[:len(t)-3] + "LLC"
	}
	return t
}

func (u *universe) buildReporters(rng *rand.Rand) {
	fams := append([]family(nil), bigFamilies...)
	// ~170 small regional wholesalers, one site each.
	for i := 0; i < 170; i++ {
		var name string
		switch rng.IntN(3) {
		case 0:
			name = surnames[rng.IntN(len(surnames))] + wholesaleSuffixes[rng.IntN(len(wholesaleSuffixes))]
		case 1:
			name = places[rng.IntN(len(places))] + wholesaleSuffixes[rng.IntN(len(wholesaleSuffixes))]
		default:
			name = surnames[rng.IntN(len(surnames))] + " & " + surnames[rng.IntN(len(surnames))] + " CO"
		}
		fams = append(fams, family{titleCase(name), name, "DISTRIBUTOR", uint64(1 + rng.IntN(3)), 1})
	}
	statePops := make([]uint64, len(u.states))
	for i, s := range u.states {
		statePops[i] = s.pop
	}
	statePick := newPicker(statePops)
	var weights []uint64
	for _, f := range fams {
		for s := 0; s < f.sites; s++ {
			si := statePick.pick(rng)
			county := u.counties[si][rng.IntN(len(u.counties[si]))]
			if rng.IntN(30) == 0 {
				county = ""
			}
			addl := ""
			switch rng.IntN(8) {
			case 0:
				addl = "DBA " + f.name
			case 1:
				addl = "C/O " + u.cities[si][rng.IntN(len(u.cities[si]))] + " DC"
			}
			a1, a2 := u.address(rng)
			first := byte('P')
			if f.busAct == "MANUFACTURER" {
				first = 'R'
			}
			r := reporter{family: f.family, txStart: int64(1 + rng.IntN(500_000))}
			r.chunk = appendFields(nil, deaNumber(rng, first, initialOf(f.name)), f.busAct, f.name, addl,
				a1, a2, u.cities[si][rng.IntN(len(u.cities[si]))], u.states[si].code, u.zip(rng, si), county)
			u.reporters = append(u.reporters, r)
			weights = append(weights, f.weight*1000/uint64(f.sites))
		}
	}
	u.repTab = buildTable(weights, reporterBits)
}

type labeler struct {
	code, combined, revised string
	share                   uint64
}

var genericLabelers = []labeler{
	{"00406", "SpecGx LLC", "Mallinckrodt", 22},
	{"00591", "Actavis Pharma, Inc.", "Allergan, Inc.", 18},
	{"00603", "Par Pharmaceutical", "Endo Pharmaceuticals, Inc.", 10},
	{"00228", "Actavis Elizabeth LLC", "Allergan, Inc.", 8},
	{"00054", "Hikma Pharmaceuticals USA Inc.", "Hikma Pharmaceuticals USA Inc.", 5},
	{"10702", "KVK-Tech, Inc.", "KVK-Tech, Inc.", 10},
	{"00093", "Teva Pharmaceuticals USA, Inc.", "Teva Pharmaceutical Industries Ltd.", 6},
	{"57664", "Caraco Pharmaceutical Laboratories, Ltd.", "Sun Pharmaceutical Industries, Ltd.", 6},
	{"00378", "Mylan Pharmaceuticals Inc.", "Mylan Institutional Inc.", 4},
	{"65162", "Amneal Pharmaceuticals LLC", "Amneal Pharmaceuticals, Inc.", 10},
	{"53746", "Amneal Pharmaceuticals of New York LLC", "Amneal Pharmaceuticals, Inc.", 6},
	{"00527", "Lannett Company, Inc.", "Lannett Company, Inc.", 2},
	{"42858", "Rhodes Pharmaceuticals LP", "Purdue Pharma", 6},
	{"68071", "NuCare Pharmaceuticals,Inc.", "NuCare Pharmaceuticals,Inc.", 1},
	{"00904", "Major Pharmaceuticals", "Harvard Drug Group, LLC", 1},
}

var brandLabelers = map[string]labeler{
	"PURDUE":   {"59011", "Purdue Pharma LP", "Purdue Pharma LP", 0},
	"ENDO":     {"63481", "Endo Pharmaceuticals, Inc.", "Endo Pharmaceuticals, Inc.", 0},
	"ABBVIE":   {"00074", "AbbVie Inc.", "AbbVie Inc.", 0},
	"JANSSEN":  {"50458", "Janssen Pharmaceuticals, Inc.", "Johnson & Johnson", 0},
	"CEPHALON": {"63459", "Cephalon, Inc.", "Teva Pharmaceutical Industries Ltd.", 0},
	"VALIDUS":  {"30698", "Validus Pharmaceuticals LLC", "Validus Pharmaceuticals LLC", 0},
	"WATSON":   {"52544", "Watson Pharma Inc", "Allergan, Inc.", 0},
	"MALLINCK": {"00406", "SpecGx LLC", "Mallinckrodt", 0},
}

type form struct {
	product  string
	dosStr   string
	ug       int64  // labelled strength of the salt, micrograms per unit
	brand    string // key into brandLabelers, "" for generics
	minPkg10 int64  // 0: usual tablet bottles
}

type drug struct {
	name, code, ingredient string
	mme                    int64 // hundredths
	baseFrac               int64 // base/salt weight ratio in 1e-4
	share                  uint64
	forms                  []form
}

var drugs = []drug{
	{"OXYCODONE", "9143", "OXYCODONE HYDROCHLORIDE", 150, 8963, 340, []form{
		{"OXYCODONE HCL 5MG", "5", 5000, "", 0},
		{"OXYCODONE HCL 10MG", "10", 10000, "", 0},
		{"OXYCODONE HCL 15MG", "15", 15000, "", 0},
		{"OXYCODONE HCL 30MG", "30", 30000, "", 0},
		{"OXYCONTIN 20MG", "20", 20000, "PURDUE", 0},
		{"OXYCONTIN 40MG", "40", 40000, "PURDUE", 0},
		{"OXYCONTIN 80MG", "80", 80000, "PURDUE", 0},
		{"OXYCODONE AND ACETAMINOPHEN 5MG/325MG", "5", 5000, "", 0},
		{"OXYCODONE AND ACETAMINOPHEN 7.5MG/325MG", "7.5", 7500, "", 0},
		{"OXYCODONE AND ACETAMINOPHEN 10MG/325MG", "10", 10000, "", 0},
		{"PERCOCET 10MG/325MG", "10", 10000, "ENDO", 0},
	}},
	{"HYDROCODONE", "9193", "HYDROCODONE BITARTRATE", 100, 6054, 460, []form{
		{"HYDROCODONE BIT/ACETA 5MG/325MG", "5", 5000, "", 0},
		{"HYDROCODONE BIT/ACETA 5MG/500MG", "5", 5000, "", 0},
		{"HYDROCODONE BIT/ACETA 7.5MG/325MG", "7.5", 7500, "", 0},
		{"HYDROCODONE BIT/ACETA 7.5MG/750MG", "7.5", 7500, "", 0},
		{"HYDROCODONE BIT/ACETA 10MG/325MG", "10", 10000, "", 0},
		{"HYDROCODONE BIT/ACETA 10MG/500MG", "10", 10000, "", 0},
		{"HYDROCODONE BIT/IBUPROFEN 7.5MG/200MG", "7.5", 7500, "", 0},
		{"VICODIN ES 7.5MG/750MG", "7.5", 7500, "ABBVIE", 0},
		{"NORCO 10MG/325MG", "10", 10000, "WATSON", 0},
	}},
	{"MORPHINE", "9300", "MORPHINE SULFATE", 100, 7527, 60, []form{
		{"MORPHINE SULFATE ER 15MG", "15", 15000, "", 0},
		{"MORPHINE SULFATE ER 30MG", "30", 30000, "", 0},
		{"MORPHINE SULFATE ER 60MG", "60", 60000, "", 0},
		{"MORPHINE SULFATE IR 15MG", "15", 15000, "", 0},
		{"MS CONTIN 100MG", "100", 100000, "PURDUE", 0},
	}},
	{"CODEINE", "9050", "CODEINE PHOSPHATE", 15, 7346, 50, []form{
		{"ACETAMINOPHEN AND CODEINE 300MG/30MG", "30", 30000, "", 0},
		{"ACETAMINOPHEN AND CODEINE 300MG/60MG", "60", 60000, "", 0},
		{"TYLENOL WITH CODEINE #3", "30", 30000, "JANSSEN", 0},
	}},
	{"FENTANYL", "9801", "FENTANYL CITRATE", 7500, 10000, 3, []form{
		{"FENTORA 100MCG", "0.1", 100, "CEPHALON", 280},
		{"FENTORA 400MCG", "0.4", 400, "CEPHALON", 280},
		{"FENTANYL BUCCAL 200MCG", "0.2", 200, "", 280},
	}},
	{"HYDROMORPHONE", "9150", "HYDROMORPHONE HYDROCHLORIDE", 400, 8869, 20, []form{
		{"HYDROMORPHONE HCL 2MG", "2", 2000, "", 0},
		{"HYDROMORPHONE HCL 4MG", "4", 4000, "", 0},
		{"HYDROMORPHONE HCL 8MG", "8", 8000, "", 0},
		{"DILAUDID 4MG", "4", 4000, "PURDUE", 0},
	}},
	{"OXYMORPHONE", "9652", "OXYMORPHONE HYDROCHLORIDE", 300, 8966, 10, []form{
		{"OXYMORPHONE HCL 5MG", "5", 5000, "", 0},
		{"OXYMORPHONE HCL ER 10MG", "10", 10000, "", 0},
		{"OPANA ER 40MG", "40", 40000, "ENDO", 0},
	}},
	{"METHADONE", "9250", "METHADONE HYDROCHLORIDE", 300, 8946, 30, []form{
		{"METHADONE HCL 5MG", "5", 5000, "", 0},
		{"METHADONE HCL 10MG", "10", 10000, "", 0},
		{"METHADOSE 40MG", "40", 40000, "MALLINCK", 0},
	}},
	{"TAPENTADOL", "9780", "TAPENTADOL HYDROCHLORIDE", 40, 8613, 5, []form{
		{"NUCYNTA 50MG", "50", 50000, "JANSSEN", 0},
		{"NUCYNTA ER 100MG", "100", 100000, "JANSSEN", 0},
	}},
	{"MEPERIDINE", "9230", "MEPERIDINE HYDROCHLORIDE", 10, 8701, 3, []form{
		{"MEPERIDINE HCL 50MG", "50", 50000, "", 0},
		{"DEMEROL 100MG", "100", 100000, "VALIDUS", 0},
	}},
	{"BUPRENORPHINE", "9064", "BUPRENORPHINE HYDROCHLORIDE", 1000, 9266, 15, []form{
		{"BUPRENORPHINE HCL 2MG", "2", 2000, "", 0},
		{"BUPRENORPHINE HCL 8MG", "8", 8000, "", 0},
		{"BUPRENORPHINE AND NALOXONE 8MG/2MG", "8", 8000, "", 0},
	}},
	{"TRAMADOL", "9752", "TRAMADOL HYDROCHLORIDE", 10, 8784, 4, []form{
		{"TRAMADOL HCL 50MG", "50", 50000, "", 0},
		{"ULTRAM 50MG", "50", 50000, "JANSSEN", 0},
	}},
}

// Package sizes in tenths of a dosage unit, with relative frequencies.
var packages = []struct {
	pkg10 int64
	w     uint64
}{
	{1000, 50}, {5000, 15}, {300, 8}, {600, 6}, {1200, 4}, {10000, 4}, {200, 3},
	{25, 6}, {75, 3}, {125, 3},
}

func (u *universe) buildProducts(rng *rand.Rand) {
	var lw []uint64
	for _, l := range genericLabelers {
		lw = append(lw, l.share)
	}
	labPick := newPicker(lw)
	var pkw []uint64
	for _, p := range packages {
		pkw = append(pkw, p.w)
	}
	pkgPick := newPicker(pkw)
	usedNDC := map[string]bool{}
	var weights []uint64
	for _, d := range drugs {
		for fi, f := range d.forms {
			var labs []labeler
			if f.brand != "" {
				labs = []labeler{brandLabelers[f.brand]}
			} else {
				seen := map[int]bool{}
				for n := 2 + rng.IntN(3); len(labs) < n; {
					li := labPick.pick(rng)
					if !seen[li] {
						seen[li] = true
						labs = append(labs, genericLabelers[li])
					}
				}
			}
			// Earlier (lower-strength, generic) forms sell more.
			formW := uint64(100 / (fi + 1))
			for _, l := range labs {
				prodCode := 100 + rng.IntN(9900)
				np := 1 + rng.IntN(3)
				for k := 0; k < np; k++ {
					pk := packages[pkgPick.pick(rng)]
					if f.minPkg10 > 0 {
						pk.pkg10 = f.minPkg10
					}
					ndc := l.code + string(appendPadded(nil, int64(prodCode), 4)) +
						string(appendPadded(nil, int64(1+rng.IntN(99)), 2))
					if usedNDC[ndc] {
						continue
					}
					usedNDC[ndc] = true
					mme := d.mme
					p := product{
						head:      appendFields(nil, "S", d.code, ndc, d.name),
						mid:       appendFields(nil, f.product, d.ingredient, "TAB", string(appendFixed(nil, mme, 2)), l.combined, l.revised),
						dosStr:    f.dosStr,
						pkg10:     pk.pkg10,
						ugPerUnit: f.ug * d.baseFrac / 10000,
						mme:       mme,
					}
					u.products = append(u.products, p)
					share := l.share
					if share == 0 {
						share = 20
					}
					weights = append(weights, d.share*formW*share*pk.w/uint64(np))
				}
			}
		}
	}
	u.prodTab = buildTable(weights, productBits)
}

func (u *universe) buildSmallTables() {
	// QUANTITY: mostly 1..5, tail up to 48.
	qw := make([]uint64, 48)
	for i := range qw {
		q := uint64(i + 1)
		qw[i] = 10000 / (q * q)
	}
	qw[9] += 50 // 10 and 12 are popular
	qw[11] += 40
	for i, v := range buildTable(qw, qtyBits) {
		u.qtyTab[i] = uint8(v + 1)
	}
	// Year volumes grow to 2011/2012 and then decline.
	yw := []uint64{85, 92, 100, 107, 114, 118, 116, 110, 105}
	for i, v := range buildTable(yw, 8) {
		u.yearTab[i] = uint8(v)
	}
	for y := 0; y < nYears; y++ {
		t := time.Date(firstYear+y, 1, 1, 0, 0, 0, 0, time.UTC)
		for t.Year() == firstYear+y {
			var d [8]byte
			m, dd, yy := int(t.Month()), t.Day(), t.Year()
			d[0], d[1] = byte('0'+m/10), byte('0'+m%10)
			d[2], d[3] = byte('0'+dd/10), byte('0'+dd%10)
			d[4], d[5], d[6], d[7] = byte('0'+yy/1000), byte('0'+yy/100%10), byte('0'+yy/10%10), byte('0'+yy%10)
			u.dates[y] = append(u.dates[y], d)
			t = t.AddDate(0, 0, 1)
		}
	}
}
