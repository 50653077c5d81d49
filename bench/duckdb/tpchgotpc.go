package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// go-tpc's SF1 answers and its rules for comparing with them.
//
// github.com/pingcap/go-tpc v1.0.7 ships the answers of its queries at scale
// factor 1 as tpch/output/qN.out (a header line, then rows of |-separated
// values, as MySQL/TiDB print them) and checks a run against them with
// checkOutput (tpch/check.go), following TPC-H 2.1.3.5: strings, counts and
// other exact values must be equal; SUMs within $100; AVGs and ratios
// within 0.01 after rounding both to 3 decimals. goTPCPrecisions and
// goTPCCheck below are that code's table and rules, copied.

type goTPCPrecision int

const (
	pStr goTPCPrecision = iota
	pSum
	pAvg
	pCnt
	pNum
	pRat
)

// goTPCPrecisions is go-tpc's queryColPrecisions (tpch/check.go).
var goTPCPrecisions = map[int][]goTPCPrecision{
	1:  {pStr, pStr, pStr, pSum, pSum, pSum, pAvg, pAvg, pAvg, pCnt},
	2:  {pNum, pStr, pStr, pStr, pStr, pStr, pStr, pStr},
	3:  {pStr, pSum, pStr, pStr},
	4:  {pStr, pCnt},
	5:  {pStr, pSum},
	6:  {pSum},
	7:  {pStr, pStr, pStr, pSum},
	8:  {pStr, pRat},
	9:  {pStr, pStr, pSum},
	10: {pStr, pStr, pSum, pNum, pStr, pStr, pStr, pStr},
	11: {pStr, pSum},
	12: {pStr, pCnt, pCnt},
	13: {pCnt, pCnt},
	14: {pRat},
	15: {pStr, pStr, pStr, pStr, pSum},
	16: {pStr, pStr, pNum, pCnt},
	17: {pAvg},
	18: {pStr, pStr, pStr, pStr, pNum, pStr},
	19: {pSum},
	20: {pStr, pStr},
	21: {pStr, pCnt},
	22: {pNum, pCnt, pSum},
}

// goTPCCheck is go-tpc's checkOutput: "" when got passes against expect,
// else the first failure (rows and columns 1-based here).
func goTPCCheck(n int, expect, got [][]string) string {
	if len(expect) != len(got) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(expect))
	}
	if len(expect) > 0 && len(expect[0]) != len(got[0]) {
		return fmt.Sprintf("%d columns, want %d", len(got[0]), len(expect[0]))
	}
	precs := goTPCPrecisions[n]
	for i, row := range got {
		for j, column := range row {
			want := expect[i][j]
			fail := fmt.Sprintf("row %d column %d: %s, want %s", i+1, j+1, column, want)
			switch precs[j] {
			case pCnt, pNum, pStr:
				if want != column {
					return fail
				}
				continue
			}
			ef, err1 := strconv.ParseFloat(want, 64)
			gf, err2 := strconv.ParseFloat(column, 64)
			if err1 != nil || err2 != nil {
				return fail
			}
			switch precs[j] {
			case pSum:
				if math.Abs(ef-gf) > 100.0 {
					return fail + " (SUM: more than 100 apart)"
				}
			case pAvg, pRat:
				if math.Abs(math.Round(gf*1000)/1000-math.Round(ef*1000)/1000) > 0.01 {
					return fail + " (AVG or ratio: more than 0.01 apart)"
				}
			}
		}
	}
	return ""
}

// goTPCDir returns the directory of github.com/pingcap/go-tpc in the module
// cache (`go list -m`, from the bench module).
func goTPCDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pingcap/go-tpc").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m github.com/pingcap/go-tpc: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("github.com/pingcap/go-tpc is not in the module cache (go mod download)")
	}
	return dir, nil
}

// goTPCAnswer reads go-tpc's SF1 answer of query n (tpch/output/qN.out):
// its header and rows.
func goTPCAnswer(dir string, n int) ([]string, [][]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "tpch", "output", fmt.Sprintf("q%d.out", n)))
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	header := strings.Split(strings.TrimRight(lines[0], "\r"), "|")
	var rows [][]string
	for _, l := range lines[1:] {
		l = strings.TrimRight(l, "\r")
		if l == "" {
			break // answer_gen.py stops at the first empty line too
		}
		rows = append(rows, strings.Split(l, "|"))
	}
	return header, rows, nil
}
