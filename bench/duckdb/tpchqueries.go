package main

import (
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The 22 TPC-H queries of -tpch and -tpch-golden.
//
// bench/tpch/queries/qNN.sql hold the text go-tpc v1.0.7 runs on MySQL and
// TiDB (tpch/query.go, /*PLACEHOLDER*/ hint comments removed), with its
// substitution parameters, the ones its SF1 answers (tpch/output/qN.out)
// are for. sqlcsv runs that text as is; DuckDB runs it in its dialect
// (duckdbDialect). tpchqueries_test.go checks the files against go-tpc's
// query.go in the module cache.

// tpchVariants are the queries that also come with the TPC-H
// specification's validation parameters (2.4.N.3), as qNNs.sql: with
// go-tpc's, their answers at SF 0.01 are empty (Q18 has no rows, Q19's sum
// is NULL), so tests/tpch_test.go runs these too. Only -tpch-golden and the
// test use them. (Q8's market shares are 0 at SF 0.01 with either
// parameters.)
var tpchVariants = []int{18, 19}

// tpchQ is one query.
type tpchQ struct {
	n    int    // 1..22
	name string // "q01"; a variant: "q18s"
	text string // the file's text: one statement, or Q15's three
	// stmts are the statements of text; main is the index of the one whose
	// rows are the answer (Q15: create view; select; drop view).
	stmts []string
	main  int
	// cols are the answer's column types as MySQL gives them (and sqlcsv
	// prints them): "str", "int", "date", or "decS", a DECIMAL of scale S.
	cols []string
	// keys are the answer's ORDER BY columns (0-based), for comparing rows
	// whose keys tie as a set.
	keys []int
}

// variant reports whether q is one of tpchVariants' qNNs.
func (q tpchQ) variant() bool { return q.name != fmt.Sprintf("q%02d", q.n) }

// tpchColumns are the MySQL result types of each query's columns: DECIMAL
// scales follow MySQL's rules (a + b and a - b: the larger scale; a * b: the
// sum; a / b and AVG: the dividend's plus div_precision_increment, 4; SUM:
// its argument's), the same scales go-tpc's qN.out print
// (tpchqueries_test.go checks that).
var tpchColumns = map[int]string{
	1:  "str str dec2 dec2 dec4 dec6 dec6 dec6 dec6 int",
	2:  "dec2 str str int str str str str",
	3:  "int dec4 date int",
	4:  "str int",
	5:  "str dec4",
	6:  "dec4",
	7:  "str str int dec4",
	8:  "int dec8",
	9:  "str int dec4",
	10: "int str dec4 dec2 str str str str",
	11: "int dec2",
	12: "str int int",
	13: "int int",
	14: "dec10",
	15: "int str str str dec4",
	16: "str str int int",
	17: "dec6",
	18: "str int int date dec2 dec2",
	19: "dec4",
	20: "str str",
	21: "str int",
	22: "str int dec2",
}

// tpchOrderKeys are the output columns (1-based) of each query's ORDER BY.
var tpchOrderKeys = map[int][]int{
	1: {1, 2}, 2: {1, 3, 2, 4}, 3: {2, 3}, 4: {1}, 5: {2}, 7: {1, 2, 3}, 8: {1}, 9: {1, 2},
	10: {3}, 11: {2}, 12: {1}, 13: {2, 1}, 15: {1}, 16: {4, 1, 2, 3}, 18: {5, 4}, 20: {1},
	21: {2, 1}, 22: {1},
}

// tpchQueryDir is where the query files are, from the repository root.
const tpchQueryDir = "bench/tpch/queries"

// loadTPCHQueries reads the queries numbered in only (all 22 when empty),
// each followed by its variant (tpchVariants) when variants is set.
func loadTPCHQueries(repoRoot string, only []int, variants bool) ([]tpchQ, error) {
	var qs []tpchQ
	for n := 1; n <= 22; n++ {
		if len(only) > 0 && !slices.Contains(only, n) {
			continue
		}
		names := []string{fmt.Sprintf("q%02d", n)}
		if variants && slices.Contains(tpchVariants, n) {
			names = append(names, names[0]+"s")
		}
		for _, name := range names {
			q, err := loadTPCHQuery(repoRoot, n, name)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
	}
	return qs, nil
}

func loadTPCHQuery(repoRoot string, n int, name string) (tpchQ, error) {
	q := tpchQ{n: n, name: name}
	b, err := os.ReadFile(filepath.Join(repoRoot, tpchQueryDir, q.name+".sql"))
	if err != nil {
		return q, err
	}
	q.text = string(b)
	q.stmts = splitSQL(q.text)
	q.main = -1
	for i, s := range q.stmts {
		if strings.HasPrefix(strings.ToLower(s), "select") {
			if q.main >= 0 {
				return q, fmt.Errorf("%s: more than one SELECT", q.name)
			}
			q.main = i
		}
	}
	if q.main < 0 {
		return q, fmt.Errorf("%s: no SELECT", q.name)
	}
	q.cols = strings.Fields(tpchColumns[n])
	for _, k := range tpchOrderKeys[n] {
		q.keys = append(q.keys, k-1)
	}
	return q, nil
}

// DuckDB's dialect of the queries.
var (
	// date_add('1994-01-01', interval '1' year), date_sub('1998-12-01',
	// interval 108 day): MySQL's date arithmetic on a date literal.
	reDateArith = regexp.MustCompile(`(?i)date_(add|sub)\('(\d{4}-\d{2}-\d{2})',\s*interval\s+'?(\d+)'?\s+(\w+)\)`)
	// avg(c) where the average is compared (Q17, Q22): see duckdbDialect.
	reComparedAvg = regexp.MustCompile(`(?i)\bavg\((l_quantity|c_acctbal)\)`)
)

// duckdbDialect translates a query statement from go-tpc's MySQL form into
// DuckDB's, changing nothing else:
//
//   - date_add('D', interval 'N' unit) becomes (DATE 'D' + INTERVAL N unit),
//     date_sub (DATE 'D' - INTERVAL N unit): DuckDB's date_add and date_sub
//     are other functions.
//   - avg(l_quantity) and avg(c_acctbal), which Q17 and Q22 compare with
//     column values, become CAST(avg(x) AS DECIMAL(38,6)): MySQL's AVG of a
//     DECIMAL(15,2) is a DECIMAL(19,6), rounded, and comparisons with it are
//     exact, while DuckDB's AVG is a DOUBLE, which could put a row whose
//     value equals the bound (Q17: l_quantity = 0.2 * avg) on the wrong
//     side by one binary rounding.
//
// Divisions and the AVGs that are output (Q1) stay DOUBLE in DuckDB; the
// answers round them to MySQL's scale (tpchFormat).
func duckdbDialect(stmt string) string {
	s := reDateArith.ReplaceAllStringFunc(stmt, func(m string) string {
		p := reDateArith.FindStringSubmatch(m)
		op := "+"
		if strings.EqualFold(p[1], "sub") {
			op = "-"
		}
		return fmt.Sprintf("(DATE '%s' %s INTERVAL %s %s)", p[2], op, p[3], strings.ToUpper(p[4]))
	})
	return reComparedAvg.ReplaceAllString(s, "CAST(avg($1) AS DECIMAL(38,6))")
}

// tpchFormat rewrites DuckDB's answer in MySQL's types, as sqlcsv prints
// them (tests/testdata/tpch/sf0.01/README.md): integers and dates as DuckDB prints
// them (checked), strings as they are, and each DECIMAL column with its
// MySQL scale: DuckDB's DECIMALs (same value, maybe fewer printed digits)
// padded with zeros; its DOUBLEs (divisions, AVG) rounded half away from
// zero, as MySQL rounds the exact quotient. A DOUBLE whose exact value might
// be on the other side of a rounding tie (within 1e-6 of a unit in the last
// place, or 64 binary roundings) is an error: its rounding would be a guess.
func tpchFormat(q tpchQ, header []string, rows [][]string) ([][]string, error) {
	if len(header) != len(q.cols) {
		return nil, fmt.Errorf("%d columns, want %d (%s)", len(header), len(q.cols), tpchColumns[q.n])
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		if len(row) != len(q.cols) {
			return nil, fmt.Errorf("row %d has %d columns, want %d", i+1, len(row), len(q.cols))
		}
		out[i] = make([]string, len(row))
		for j, v := range row {
			f, err := tpchFormatValue(v, q.cols[j])
			if err != nil {
				return nil, fmt.Errorf("row %d column %d (%s): %v", i+1, j+1, header[j], err)
			}
			out[i][j] = f
		}
	}
	return out, nil
}

var (
	reInt     = regexp.MustCompile(`^-?\d+$`)
	reDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	rePlain   = regexp.MustCompile(`^-?\d+(\.\d*)?$`)
	reNumeric = regexp.MustCompile(`^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
)

func tpchFormatValue(v, kind string) (string, error) {
	switch {
	case v == nullText:
		return v, nil // NULL (Q19's SUM of no rows at SF 0.01)
	case kind == "str":
		return v, nil
	case kind == "int":
		if !reInt.MatchString(v) {
			return "", fmt.Errorf("%q is not an integer", v)
		}
		return v, nil
	case kind == "date":
		if !reDate.MatchString(v) {
			return "", fmt.Errorf("%q is not a date", v)
		}
		return v, nil
	case strings.HasPrefix(kind, "dec"):
		scale, err := strconv.Atoi(kind[3:])
		if err != nil {
			return "", fmt.Errorf("bad column kind %q", kind)
		}
		return roundDecimal(v, scale)
	}
	return "", fmt.Errorf("bad column kind %q", kind)
}

// roundDecimal prints the number v with scale decimals. A plain decimal
// with at most scale decimals is exact (DuckDB's DECIMAL): it is padded.
// Anything else is DuckDB's DOUBLE, whose text reads back as the double it
// printed: it is rounded half away from zero, unless that double is too
// close to a tie to know which way the exact value rounds.
func roundDecimal(v string, scale int) (string, error) {
	if !reNumeric.MatchString(v) {
		return "", fmt.Errorf("%q is not a number", v)
	}
	if rePlain.MatchString(v) && decimals(v) <= scale {
		ip, frac, _ := strings.Cut(v, ".")
		if scale == 0 {
			return ip, nil
		}
		return ip + "." + frac + strings.Repeat("0", scale-len(frac)), nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("%q is not a finite number", v)
	}
	// The double's exact value in units of the last place.
	unit := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	x := new(big.Rat).SetFloat64(math.Abs(f))
	x.Mul(x, unit)
	whole := new(big.Int).Quo(x.Num(), x.Denom())
	frac, _ := new(big.Rat).Sub(x, new(big.Rat).SetInt(whole)).Float64()
	ulps := (math.Nextafter(math.Abs(f), math.Inf(1)) - math.Abs(f)) * math.Pow10(scale)
	if math.Abs(frac-0.5) <= math.Max(1e-6, 64*ulps) {
		return "", fmt.Errorf("%s (a DOUBLE) is too close to a rounding tie at %d decimals to round it", v, scale)
	}
	if frac > 0.5 {
		whole.Add(whole, big.NewInt(1))
	}
	digits := whole.String()
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	s := digits
	if scale > 0 {
		s = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if f < 0 && whole.Sign() != 0 {
		s = "-" + s
	}
	return s, nil
}

// tpchCompare compares an answer with the expected one: row counts,
// column counts, then cells: equal text, or for a DECIMAL column that got
// printed as a DOUBLE (anything but a plain decimal of the column's scale),
// equal within 1e-9 relative. Rows are in order, except that the rows of a
// run whose ORDER BY keys tie are compared as a set. It returns "" when
// they agree, else the first difference, naming the rows as the expected
// answer numbers them (1-based), and whether a DOUBLE tolerance was used.
func tpchCompare(q tpchQ, got, want [][]string) (diff string, approx bool) {
	if len(got) != len(want) {
		d := fmt.Sprintf("%d rows, want %d", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if !slices.Equal(got[i], want[i]) {
				return d + fmt.Sprintf("; first difference at row %d: got %s, want %s", i+1, strings.Join(got[i], "|"), strings.Join(want[i], "|")), false
			}
		}
		return d, false
	}
	for start := 0; start < len(want); {
		end := start + 1
		for end < len(want) && len(q.keys) > 0 && sameKey(q, want[start], want[end]) {
			end++
		}
		g, w := got[start:end], want[start:end]
		if end-start > 1 {
			g, w = sortedCopy(g), sortedCopy(w)
		}
		for i := range w {
			if d, a := tpchRowDiff(q, g[i], w[i]); d != "" {
				row := start + i + 1
				if end-start > 1 {
					return fmt.Sprintf("rows %d-%d (tied ORDER BY keys, compared as a set): got %s, want %s: %s", start+1, end, strings.Join(g[i], "|"), strings.Join(w[i], "|"), d), false
				}
				return fmt.Sprintf("row %d: got %s, want %s: %s", row, strings.Join(g[i], "|"), strings.Join(w[i], "|"), d), false
			} else if a {
				approx = true
			}
		}
		start = end
	}
	return "", approx
}

func sameKey(q tpchQ, a, b []string) bool {
	for _, k := range q.keys {
		if k >= len(a) || k >= len(b) || a[k] != b[k] {
			return false
		}
	}
	return true
}

func sortedCopy(rows [][]string) [][]string {
	s := slices.Clone(rows)
	slices.SortFunc(s, func(a, b []string) int { return slices.Compare(a, b) })
	return s
}

func tpchRowDiff(q tpchQ, got, want []string) (string, bool) {
	if len(got) != len(want) {
		return fmt.Sprintf("%d columns, want %d", len(got), len(want)), false
	}
	approx := false
	for j := range want {
		if got[j] == want[j] {
			continue
		}
		kind := ""
		if j < len(q.cols) {
			kind = q.cols[j]
		}
		if scale, err := strconv.Atoi(strings.TrimPrefix(kind, "dec")); err == nil && strings.HasPrefix(kind, "dec") &&
			!(rePlain.MatchString(got[j]) && decimals(got[j]) == scale) {
			fg, err1 := strconv.ParseFloat(got[j], 64)
			fw, err2 := strconv.ParseFloat(want[j], 64)
			if err1 == nil && err2 == nil && math.Abs(fg-fw) <= 1e-9*math.Max(math.Abs(fg), math.Abs(fw)) {
				approx = true
				continue
			}
		}
		return fmt.Sprintf("column %d: %s, want %s", j+1, got[j], want[j]), false
	}
	return "", approx
}
