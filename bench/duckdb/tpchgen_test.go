package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pingcap/go-tpc/tpch/dbgen"
)

// errEnough stops dbgen once a loader has written the rows a test wants.
var errEnough = errors.New("enough rows")

// limitLoader passes the first n items to l, then stops the generation.
type limitLoader struct {
	l dbgen.Loader
	n int
}

func (l *limitLoader) Load(item any) error {
	if l.n == 0 {
		return errEnough
	}
	l.n--
	return l.l.Load(item)
}

func (l *limitLoader) Flush() error { return l.l.Flush() }

// TestTblLinesMatchGoTPC generates the first rows of every table with our
// loaders and compares them byte for byte with the expected lines that
// go-tpc's own dbgen tests (tpch/dbgen/driver_test.go in the module cache)
// check its unexported loaders against.
func TestTblLinesMatchGoTPC(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pingcap/go-tpc").Output()
	if err != nil {
		t.Skipf("go list -m github.com/pingcap/go-tpc: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "tpch", "dbgen", "driver_test.go"))
	if err != nil {
		t.Skip(err)
	}
	fixtures := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)var expect(\\w+) = `(.*?)`").FindAllStringSubmatch(string(src), -1) {
		fixtures[m[1]] = m[2]
	}
	// go-tpc's tests generate 10 orders (with their lines), suppliers,
	// customers and parts (with 4 partsupps each), 25 nations, 5 regions.
	cases := []struct {
		table     dbgen.Table
		items     int
		files     []string
		fixtureOf map[string]string
	}{
		{dbgen.TOrderLine, 10, []string{"orders", "lineitem"}, map[string]string{"orders": "Orders", "lineitem": "Lines"}},
		{dbgen.TSupp, 10, []string{"supplier"}, map[string]string{"supplier": "Supps"}},
		{dbgen.TCust, 10, []string{"customer"}, map[string]string{"customer": "Custs"}},
		{dbgen.TPartPsupp, 10, []string{"part", "partsupp"}, map[string]string{"part": "Parts", "partsupp": "PartSupps"}},
		{dbgen.TNation, 25, []string{"nation"}, map[string]string{"nation": "Nations"}},
		{dbgen.TRegion, 5, []string{"region"}, map[string]string{"region": "Regions"}},
	}
	dbgen.InitDbGen(1)
	for _, c := range cases {
		bufs := map[string]*bytes.Buffer{}
		ws := map[string]*bufio.Writer{}
		for _, name := range tpchTables {
			bufs[name] = &bytes.Buffer{}
			ws[name] = bufio.NewWriter(bufs[name])
		}
		loaders, _ := newTblLoaders(ws)
		// The combined tables forward to the loaders of their parts: limit
		// the first part, which sees every item first.
		first := tblTable[c.files[0]]
		loaders[first] = &limitLoader{l: loaders[first], n: c.items}
		err := dbgen.DbGen(loaders, []dbgen.Table{c.table})
		if err != nil && !errors.Is(err, errEnough) && !strings.Contains(err.Error(), errEnough.Error()) {
			t.Fatalf("table %d: %v", c.table, err)
		}
		for _, name := range c.files {
			ws[name].Flush()
			want, ok := fixtures[c.fixtureOf[name]]
			if !ok {
				t.Fatalf("no fixture expect%s in go-tpc's driver_test.go", c.fixtureOf[name])
			}
			if got := bufs[name].String(); got != want {
				t.Errorf("%s.tbl: got\n%s\nwant (go-tpc driver_test.go)\n%s", name, got, want)
			}
		}
	}
}
