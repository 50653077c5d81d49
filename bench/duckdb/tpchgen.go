package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/pingcap/go-tpc/tpch/dbgen"
)

// The TPC-H tables as dbgen writes them: <name>.tbl, one row a line, fields
// separated and ended by '|'.
var tpchTables = []string{"customer", "orders", "lineitem", "part", "partsupp", "supplier", "nation", "region"}

// tblLoader is a dbgen.Loader writing .tbl lines. Its line formats are
// copied from the unexported loaders of github.com/pingcap/go-tpc/tpch/dbgen
// (cust.go, order.go, lineitem.go, part.go, part_supp.go, supp.go,
// nation.go, region.go, v1.0.7), so the files are byte-identical to the
// ones go-tpc's own dbgen writes; tpchgen_test.go checks them against the
// upstream fixtures in driver_test.go.
type tblLoader struct {
	w    *bufio.Writer
	rows int64 // lines written
	load func(w io.Writer, item any) (int, error)
}

func (l *tblLoader) Load(item any) error {
	n, err := l.load(l.w, item)
	l.rows += int64(n)
	return err
}

func (l *tblLoader) Flush() error { return l.w.Flush() }

// tblFormats says how each table's loader turns a dbgen item into lines. It
// returns the number of lines written.
var tblFormats = map[string]func(w io.Writer, item any) (int, error){
	"customer": func(w io.Writer, item any) (int, error) {
		c := item.(*dbgen.Cust)
		_, err := fmt.Fprintf(w, "%d|%s|%s|%d|%s|%s|%s|%s|\n",
			c.CustKey, c.Name, c.Address, c.NationCode, c.Phone, dbgen.FmtMoney(c.Acctbal), c.MktSegment, c.Comment)
		return 1, err
	},
	"orders": func(w io.Writer, item any) (int, error) {
		o := item.(*dbgen.Order)
		_, err := fmt.Fprintf(w, "%d|%d|%c|%s|%s|%s|%s|%d|%s|\n",
			o.OKey, o.CustKey, o.Status, dbgen.FmtMoney(o.TotalPrice), o.Date, o.OrderPriority, o.Clerk, o.ShipPriority, o.Comment)
		return 1, err
	},
	"lineitem": func(w io.Writer, item any) (int, error) {
		o := item.(*dbgen.Order)
		for i, l := range o.Lines {
			if _, err := fmt.Fprintf(w, "%d|%d|%d|%d|%d|%s|%s|%s|%c|%c|%s|%s|%s|%s|%s|%s|\n",
				l.OKey, l.PartKey, l.SuppKey, l.LCnt, l.Quantity,
				dbgen.FmtMoney(l.EPrice), dbgen.FmtMoney(l.Discount), dbgen.FmtMoney(l.Tax),
				l.RFlag, l.LStatus, l.SDate, l.CDate, l.RDate, l.ShipInstruct, l.ShipMode, l.Comment); err != nil {
				return i, err
			}
		}
		return len(o.Lines), nil
	},
	"part": func(w io.Writer, item any) (int, error) {
		p := item.(*dbgen.Part)
		_, err := fmt.Fprintf(w, "%d|%s|%s|%s|%s|%d|%s|%s|%s|\n",
			p.PartKey, p.Name, p.Mfgr, p.Brand, p.Type, p.Size, p.Container, dbgen.FmtMoney(p.RetailPrice), p.Comment)
		return 1, err
	},
	"partsupp": func(w io.Writer, item any) (int, error) {
		// go-tpc writes the first suppPerPart (4) entries of S; makePart
		// appends exactly that many.
		p := item.(*dbgen.Part)
		for i, s := range p.S {
			if _, err := fmt.Fprintf(w, "%d|%d|%d|%s|%s|\n",
				s.PartKey, s.SuppKey, s.Qty, dbgen.FmtMoney(s.SCost), s.Comment); err != nil {
				return i, err
			}
		}
		return len(p.S), nil
	},
	"supplier": func(w io.Writer, item any) (int, error) {
		s := item.(*dbgen.Supp)
		_, err := fmt.Fprintf(w, "%d|%s|%s|%d|%s|%s|%s|\n",
			s.SuppKey, s.Name, s.Address, s.NationCode, s.Phone, dbgen.FmtMoney(s.Acctbal), s.Comment)
		return 1, err
	},
	"nation": func(w io.Writer, item any) (int, error) {
		n := item.(*dbgen.Nation)
		_, err := fmt.Fprintf(w, "%d|%s|%d|%s|\n", n.Code, n.Text, n.Join, n.Comment)
		return 1, err
	},
	"region": func(w io.Writer, item any) (int, error) {
		r := item.(*dbgen.Region)
		_, err := fmt.Fprintf(w, "%d|%s|%s|\n", r.Code, r.Text, r.Comment)
		return 1, err
	},
}

// tblTable maps a table name to the dbgen table whose loader it is.
var tblTable = map[string]dbgen.Table{
	"customer": dbgen.TCust, "orders": dbgen.TOrder, "lineitem": dbgen.TLine, "part": dbgen.TPart,
	"partsupp": dbgen.TPsupp, "supplier": dbgen.TSupp, "nation": dbgen.TNation, "region": dbgen.TRegion,
}

// tpchGenTables are the tables dbgen is asked to generate, in go-tpc's own
// order (tpch/workload.go). TOrderLine and TPartPsupp are dbgen's combined
// tables: their built-in loaders forward every order to the TOrder and
// TLine loaders, and every part to the TPart and TPsupp loaders, so one pass
// writes both files (and each order's lines match its order). The tables use
// disjoint random streams, so the order does not change the data.
var tpchGenTables = []dbgen.Table{dbgen.TNation, dbgen.TRegion, dbgen.TCust, dbgen.TSupp, dbgen.TPartPsupp, dbgen.TOrderLine}

// newTblLoaders returns a loader for each table writing to ws[name].
func newTblLoaders(ws map[string]*bufio.Writer) (map[dbgen.Table]dbgen.Loader, map[string]*tblLoader) {
	loaders := map[dbgen.Table]dbgen.Loader{}
	byName := map[string]*tblLoader{}
	for _, name := range tpchTables {
		l := &tblLoader{w: ws[name], load: tblFormats[name]}
		loaders[tblTable[name]] = l
		byName[name] = l
	}
	return loaders, byName
}

// tpchExts are the names a table's file may have after <table>: plain,
// zstd or gzip (sqlcsv and DuckDB both read compressed files).
var tpchExts = []string{".tbl", ".tbl.zst", ".tbl.gz"}

// tpchFile returns the path of table's file in dir: <table>.tbl, or its
// compressed form; "" when there is none.
func tpchFile(dir, table string) string {
	for _, ext := range tpchExts {
		p := filepath.Join(dir, table+ext)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// tpchFilesExist reports whether every table has a file in dir.
func tpchFilesExist(dir string) bool {
	for _, t := range tpchTables {
		if tpchFile(dir, t) == "" {
			return false
		}
	}
	return true
}

// compressExt is the file name extension of a -compress value.
func compressExt(compress string) string {
	switch compress {
	case "gzip":
		return ".tbl.gz"
	case "zstd":
		return ".tbl.zst"
	}
	return ".tbl"
}

// compressWriter wraps w in the encoder of compress ("" for none). Both
// encoders are deterministic: the same data and library version give the
// same bytes.
func compressWriter(w io.Writer, compress string) (io.WriteCloser, error) {
	switch compress {
	case "gzip":
		return gzip.NewWriterLevel(w, gzip.BestCompression)
	case "zstd":
		return zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	}
	return nopCloser{w}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// tpchGenerate writes the eight .tbl files of scale factor sf into dir
// (compressed with compress: "", "gzip" or "zstd"), unless they are all
// there already. Files are written as <name><ext>.tmp and renamed once
// every table is complete.
func tpchGenerate(dir string, sf float64, compress string) error {
	if tpchFilesExist(dir) {
		fmt.Printf("TPC-H data: %s already has the 8 .tbl files; not regenerating (delete them to regenerate)\n", dir)
		return nil
	}
	if !(sf > 0) {
		return errors.New("-sf must be > 0")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ext := compressExt(compress)
	files := map[string]*os.File{}
	encs := map[string]io.WriteCloser{}
	ws := map[string]*bufio.Writer{}
	done := false
	defer func() {
		for _, f := range files {
			f.Close()
		}
		if !done {
			for _, t := range tpchTables {
				os.Remove(filepath.Join(dir, t+ext+".tmp"))
			}
		}
	}()
	for _, t := range tpchTables {
		f, err := os.Create(filepath.Join(dir, t+ext+".tmp"))
		if err != nil {
			return err
		}
		files[t] = f
		enc, err := compressWriter(f, compress)
		if err != nil {
			return err
		}
		encs[t] = enc
		ws[t] = bufio.NewWriterSize(enc, 4<<20)
	}
	fmt.Printf("generating TPC-H SF%g into %s with github.com/pingcap/go-tpc/tpch/dbgen v1.0.7 (its progress lines follow)\n", sf, dir)
	t0 := time.Now()
	if err := tpchInit(sf); err != nil {
		return err
	}
	loaders, byName := newTblLoaders(ws)
	if err := dbgen.DbGen(loaders, tpchGenTables); err != nil {
		return err
	}
	var total int64
	for _, t := range tpchTables {
		if err := ws[t].Flush(); err != nil {
			return err
		}
		if err := encs[t].Close(); err != nil {
			return err
		}
		if err := files[t].Close(); err != nil {
			return err
		}
		delete(files, t)
	}
	done = true
	for _, t := range tpchTables {
		p := filepath.Join(dir, t+ext)
		if err := os.Rename(p+".tmp", p); err != nil {
			return err
		}
		size := fileSize(p)
		total += size
		fmt.Printf("  %-16s %10d rows %14d bytes\n", t+ext, byName[t].rows, size)
	}
	fmt.Printf("  wrote %d bytes (%.2f GB) in %s\n", total, float64(total)/1e9, time.Since(t0).Round(time.Millisecond))
	return nil
}

// decompressed returns the text of file f named path: f itself, or its
// decompressed stream for a .gz or .zst name.
func decompressed(f io.Reader, path string) (io.Reader, error) {
	switch {
	case strings.HasSuffix(path, ".gz"):
		return gzip.NewReader(f)
	case strings.HasSuffix(path, ".zst"):
		d, err := zstd.NewReader(f)
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return f, nil
}
