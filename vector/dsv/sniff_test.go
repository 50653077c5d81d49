package dsv

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zstd"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// sniffed opens content as a file with the default options.
func sniffed(t *testing.T, content string) *File {
	t.Helper()
	return openFile(t, writeFile(t, "data.csv", content), Options{})
}

// openErr opens content and returns the error, failing if there is none.
func openErr(t *testing.T, name string, content []byte) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), "t", path, Options{})
	if err == nil {
		t.Fatalf("Open(%q) succeeded", content)
	}
	return path, err
}

func TestSniffDelimiter(t *testing.T) {
	cases := []struct {
		name, content string
		delim         byte
		dname         string
		ncols         int
	}{
		{"comma", "a,b,c\n1,2,3\n4,5,6\n", ',', "csv", 3},
		{"tab", "a\tb\tc\n1\t2\t3\n4\t5\t6\n", '\t', "tsv", 3},
		{"pipe", "a|b|c\n1|2|3\n4|5|6\n", '|', "psv", 3},
		{"semicolon", "a;b;c\n1;2;3\n4;5;6\n", ';', "ssv", 3},
		{"tab with commas in values", "name\tnote\nbob\ta, b, c\nal\tx, y\n", '\t', "tsv", 2},
		{"semicolon with decimal commas", "a;b\n1,5;2,5\n3,5;4\n", ';', "ssv", 2},
		{"pipe with commas and semicolons", "a|b\nx,y;z|1\np;q|2\n", '|', "psv", 2},
		{"comma with quoted pipes", "a,b\n\"x|y|z\",1\n\"p|q\",2\n", ',', "csv", 2},
		{"the most fields among consistent", "a;b,c;d\n1;2,3;4\n", ';', "ssv", 3},
		{"one column", "value\n1\n2\n", ',', "csv", 1},
		{"consistency beats width", "a,b\tc\n1,2\t3\n4,5,6,7\t8\n9,10,11\t12\n", '\t', "tsv", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := sniffed(t, c.content)
			if d := f.Dialect(); d.Delimiter != c.delim || d.Quote != '"' || d.Name() != c.dname {
				t.Errorf("dialect %+v (%s), want delimiter %q (%s)", d, d.Name(), c.delim, c.dname)
			}
			if len(f.Columns()) != c.ncols {
				t.Errorf("%d columns %q, want %d", len(f.Columns()), colNames(f), c.ncols)
			}
		})
	}
}

func TestDialectName(t *testing.T) {
	if got := (Dialect{Delimiter: ':'}).Name(); got != `delimiter ':'` {
		t.Errorf("Name() = %s", got)
	}
}

func TestSniffHeader(t *testing.T) {
	cases := []struct {
		name, content string
		header        bool
		names         []string
		types         []types.Type
		rows          [][]string
	}{
		{"typed with header", "a,b\n1,2\n3,4\n", true, []string{"a", "b"}, []types.Type{tBig, tBig}, [][]string{{"1", "2"}, {"3", "4"}}},
		{"typed without header", "1,2\n3,4\n", false, []string{"column0", "column1"}, []types.Type{tBig, tBig}, [][]string{{"1", "2"}, {"3", "4"}}},
		{"dates without header", "2024-01-01,5\n2024-01-02,6.5\n", false, []string{"column0", "column1"}, []types.Type{tDate, tDec1}, [][]string{{"2024-01-01", "5.0"}, {"2024-01-02", "6.5"}}},
		// A first value of a wider type than the other lines' (a DOUBLE over
		// BIGINTs, a TIMESTAMP over DATEs) is data, not a column name.
		{"first value wider than the rest", "5.5,2024-01-01 10:00:00\n6,2024-01-02\n7,2024-01-03\n", false, []string{"column0", "column1"}, []types.Type{tDec1, tTS},
			[][]string{{"5.5", "2024-01-01 10:00:00"}, {"6.0", "2024-01-02 00:00:00"}, {"7.0", "2024-01-03 00:00:00"}}},
		{"one typed column names the header", "name,n\nbob,1\nal,2\n", true, []string{"name", "n"}, []types.Type{tStr, tBig}, [][]string{{"bob", "1"}, {"al", "2"}}},
		{"integer first value in a double column", "1,1\n1.5,2\n2.25,3\n", false, []string{"column0", "column1"}, []types.Type{tDbl, tBig}, [][]string{{"1", "1"}, {"1.5", "2"}, {"2.25", "3"}}},
		{"integer first value in a decimal column", "1,1\n1.5,2\n2.5,3\n", false, []string{"column0", "column1"}, []types.Type{tDec1, tBig}, [][]string{{"1.0", "1"}, {"1.5", "2"}, {"2.5", "3"}}},
		{"all text with header", "name,city\nbob,paris\nal,rome\n", true, []string{"name", "city"}, []types.Type{tStr, tStr}, [][]string{{"bob", "paris"}, {"al", "rome"}}},
		{"all text, repeated first values", "x,x\ny,z\n", false, []string{"column0", "column1"}, []types.Type{tStr, tStr}, [][]string{{"x", "x"}, {"y", "z"}}},
		{"all text, empty first value", "bob,\nal,rome\n", false, []string{"column0", "column1"}, []types.Type{tStr, tStr}, [][]string{{"bob", N}, {"al", "rome"}}},
		{"all text, numeric first value", "007,abc\n008,def\n", false, []string{"column0", "column1"}, []types.Type{tStr, tStr}, [][]string{{"007", "abc"}, {"008", "def"}}},
		{"single line of names", "a,b,c\n", true, []string{"a", "b", "c"}, []types.Type{tStr, tStr, tStr}, nil},
		{"single line of data", "a,1\n", false, []string{"column0", "column1"}, []types.Type{tStr, tBig}, [][]string{{"a", "1"}}},
		{"single line with an empty field", "a,,c\n", false, []string{"column0", "column1", "column2"}, []types.Type{tStr, tStr, tStr}, [][]string{{"a", N, "c"}}},
		{"empty header field over a typed column", "a,,c\n1,2,3\n", true, []string{"a", "column1", "c"}, []types.Type{tBig, tBig, tBig}, [][]string{{"1", "2", "3"}}},
		{"quoted header", "\"the a\",\"b,c\"\n1,2\n", true, []string{"the a", "b,c"}, []types.Type{tBig, tBig}, [][]string{{"1", "2"}}},
		{"header spaces trimmed", " a , b\t\n1,2\n", true, []string{"a", "b"}, []types.Type{tBig, tBig}, [][]string{{"1", "2"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, _ := checkRows(t, c.content, Options{}, []int64{1, 5}, c.rows)
			f := openFile(t, path, Options{})
			if f.Dialect().Header != c.header {
				t.Errorf("Header = %v, want %v", f.Dialect().Header, c.header)
			}
			wantColumns(t, f, c.names, c.types...)
			for _, col := range f.Columns() {
				if !col.Nullable || col.Origin != types.Sniffed {
					t.Errorf("column %+v: want nullable and sniffed", col)
				}
			}
		})
	}
}

func TestSniffColumnNames(t *testing.T) {
	cases := []struct {
		content string
		names   []string
	}{
		{"a,A,a,,b,b, c \n1,2,3,4,5,6,7\n", []string{"a", "A_1", "a_2", "column3", "b", "b_1", "c"}},
		{"column1,,x\n1,2,3\n", []string{"column1", "column1_1", "x"}},
		{"a,a_1,a\n1,2,3\n", []string{"a", "a_1", "a_2"}},
		{"a,a,a_1\n1,2,3\n", []string{"a", "a_1", "a_1_1"}},
		{"Name,NAME,name\n1,2,3\n", []string{"Name", "NAME_1", "name_2"}},
	}
	for _, c := range cases {
		f := sniffed(t, c.content)
		if !f.Dialect().Header {
			t.Errorf("%q: no header", c.content)
			continue
		}
		if got := colNames(f); !reflect.DeepEqual(got, c.names) {
			t.Errorf("%q: names %q, want %q", c.content, got, c.names)
		}
	}
}

func TestSniffBOM(t *testing.T) {
	t.Run("header", func(t *testing.T) {
		path, _ := checkRows(t, "\xEF\xBB\xBFa,b\n1,2\n", Options{}, nil, [][]string{{"1", "2"}})
		f := openFile(t, path, Options{})
		wantColumns(t, f, []string{"a", "b"}, tBig, tBig)
	})
	t.Run("no header", func(t *testing.T) {
		path, _ := checkRows(t, "\xEF\xBB\xBF1,2\n3,4\n", Options{}, nil, [][]string{{"1", "2"}, {"3", "4"}})
		f := openFile(t, path, Options{})
		wantColumns(t, f, []string{"column0", "column1"}, tBig, tBig)
	})
	t.Run("quoted first field", func(t *testing.T) {
		path, _ := checkRows(t, "\xEF\xBB\xBF\"a\",b\n1,2\n", Options{}, nil, [][]string{{"1", "2"}})
		f := openFile(t, path, Options{})
		wantColumns(t, f, []string{"a", "b"}, tBig, tBig)
	})
}

func TestSniffCRLF(t *testing.T) {
	if !sniffed(t, "a,b\r\n1,2\r\n").Dialect().CRLF {
		t.Error("CRLF file: CRLF = false")
	}
	if sniffed(t, "a,b\n1,2\n").Dialect().CRLF {
		t.Error("LF file: CRLF = true")
	}
	if !sniffed(t, "a\tb\r\n1\t2").Dialect().CRLF {
		t.Error("CRLF TSV without a final line break: CRLF = false")
	}
}

func TestSniffTypes(t *testing.T) {
	cases := []struct {
		name   string
		values []string // the values of the column under a header "v"
		want   types.Type
	}{
		{"bigint", []string{"1", "-2", "+3", "0", "9223372036854775807"}, tBig},
		{"double", []string{"1.5", "-0.25", ".5", "1e10"}, tDbl},
		{"bigint and fixed-point", []string{"1", "2.5", "3"}, tDec1},
		{"zero and a half", []string{"0", "0.5"}, tDec1},
		{"fixed-point", []string{"12.50", "-3.25", ".75", "+0.10"}, tDec2},
		{"fractions of different lengths", []string{"1.5", "2.25"}, tDbl},
		{"fixed-point with an exponent", []string{"1.5", "2.5e3"}, tDbl},
		{"fixed-point past 18 digits", []string{"1234567890123456.789", "1.000"}, tDbl},
		{"fixed-point of 18 digits", []string{"123456789012345.789", "1.000"}, types.DecimalType(18, 3)},
		{"boolean", []string{"true", "FALSE", "True"}, tBool},
		{"date", []string{"2024-01-02", "1999-12-31", "2000-02-29"}, tDate},
		{"timestamp", []string{"2024-01-02 03:04:05", "2024-01-02T03:04:05.123456"}, tTS},
		{"date and timestamp", []string{"2024-01-02", "2024-01-02 03:04:05"}, tTS},
		{"varchar", []string{"abc", "def"}, tStr},
		{"bigint and text", []string{"1", "2", "x"}, tStr},
		{"boolean and bigint", []string{"true", "1"}, tStr},
		{"date and bigint", []string{"2024-01-02", "5"}, tStr},
		{"leading zeros", []string{"007", "012", "123"}, tStr},
		{"leading zero after numbers", []string{"1", "2", "0123"}, tStr},
		{"zip codes", []string{"02134", "10001"}, tStr},
		{"leading zero decimal", []string{"01.5", "2.5"}, tStr},
		{"integer too big for bigint", []string{"1", "99999999999999999999"}, tStr},
		{"not a date", []string{"2024-02-30"}, tStr},
		{"date with a time zone", []string{"2024-01-02T03:04:05Z"}, tStr},
		{"infinity", []string{"1.5", "inf"}, tStr},
		{"nan", []string{"NaN"}, tStr},
		{"spaces", []string{" 1", "2"}, tStr},
		{"empty values are skipped", []string{"", "1", "", "2", ""}, tBig},
		{"all empty", []string{"", "", ""}, tStr},
		{"quoted empty", []string{`""`, "1"}, tBig},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A second column keeps every line non-blank.
			var b strings.Builder
			b.WriteString("v,k\n")
			for i, v := range c.values {
				fmt.Fprintf(&b, "%s,%d\n", v, i)
			}
			f := sniffed(t, b.String())
			if !f.Dialect().Header {
				t.Fatal("no header")
			}
			if got := f.Columns()[0].Type; got != c.want {
				t.Errorf("%q: %v, want %v", c.values, got, c.want)
			}
		})
	}
}

// TestSniffedValuesRoundTrip reads values of each sniffed type back.
func TestSniffedValuesRoundTrip(t *testing.T) {
	content := "zip,n,d,flag,empty\n" +
		"02134,0,2000-02-29,true,\n" +
		"10001,-0,1999-12-31,false,\n" +
		"00501,+17,2024-01-02,TRUE,\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"02134", "0", "2000-02-29", "true", N},
		{"10001", "0", "1999-12-31", "false", N},
		{"00501", "17", "2024-01-02", "true", N},
	})
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"zip", "n", "d", "flag", "empty"}, tStr, tBig, tDate, tBool, tStr)
}

// TestSniffQuotedLastFieldCRLF: a CRLF file whose fields are all quoted
// sniffs the same types as the same file with LF line ends.
func TestSniffQuotedLastFieldCRLF(t *testing.T) {
	lf := "\"id\",\"n\",\"x\"\n\"1\",\"2\",\"1.5\"\n\"3\",\"4\",\"2.5\"\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	fl := sniffed(t, lf)
	wantColumns(t, fl, []string{"id", "n", "x"}, tBig, tBig, tDec1)
	fc := sniffed(t, crlf)
	if !reflect.DeepEqual(colTypes(fc), colTypes(fl)) {
		t.Errorf("CRLF: types %v, with LF %v", colTypes(fc), colTypes(fl))
	}
	checkRows(t, crlf, Options{}, []int64{3, 7}, [][]string{{"1", "2", "1.5"}, {"3", "4", "2.5"}})
}

// TestSniffDeepTypeChange: in a 5 MB file, a column holds integers except
// in the last 30% of the file, where it holds text. The samples spread over
// the file see the text, so the column is VARCHAR and the whole file reads.
func TestSniffDeepTypeChange(t *testing.T) {
	const size = 5_000_000
	build := func(change bool) (string, int, string) {
		var b strings.Builder
		b.WriteString("id,val,other\n")
		i := 0
		last := ""
		for b.Len() < size {
			val := strconv.Itoa(i * 7)
			if change && b.Len() > size*7/10 {
				val = "v" + val
			}
			fmt.Fprintf(&b, "%d,%s,%d.5\n", i, val, i%100)
			last = val
			i++
		}
		return b.String(), i, last
	}
	content, rows, last := build(false)
	f := sniffed(t, content)
	wantColumns(t, f, []string{"id", "val", "other"}, tBig, tBig, tDec1)

	content, rows, last = build(true)
	path := writeFile(t, "deep.csv", content)
	f = openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "val", "other"}, tBig, tStr, tDec1)
	_, got := readSingle(t, path, Options{}, nil)
	if got.err != nil {
		t.Fatal(got.err)
	}
	if len(got.rows) != rows || got.rows[0][1] != "0" || got.rows[rows-1][1] != last {
		t.Fatalf("%d rows, first %q, last %q; want %d rows, last value %q", len(got.rows), got.rows[0], got.rows[len(got.rows)-1], rows, last)
	}
	crossCheck(t, path, Options{}, []int64{1 << 20, 3_000_001}, nil, got)
}

func TestSniffAllVarchar(t *testing.T) {
	content := "id,score,day,flag\n1,1.50,2024-01-02,true\n02,-3,,FALSE\n"
	path, _ := checkRows(t, content, Options{AllVarchar: true}, nil, [][]string{
		{"1", "1.50", "2024-01-02", "true"},
		{"02", "-3", N, "FALSE"},
	})
	f := openFile(t, path, Options{AllVarchar: true})
	if !f.Dialect().Header {
		t.Error("AllVarchar: header not detected")
	}
	wantColumns(t, f, []string{"id", "score", "day", "flag"}, tStr, tStr, tStr, tStr)
	// Without the option the same file is typed.
	f = openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "score", "day", "flag"}, tStr, tDec2, tDate, tBool)

	// A headerless file stays headerless.
	path = writeFile(t, "nohdr.csv", "1,2\n3,4\n")
	f = openFile(t, path, Options{AllVarchar: true})
	if f.Dialect().Header {
		t.Error("AllVarchar: header detected in a headerless file")
	}
	wantColumns(t, f, []string{"column0", "column1"}, tStr, tStr)
}

// TestCompressed: gzip (also multi-member) and zstd files are read as
// their text, whatever their names, as one partition; a damaged stream is
// an error naming the file; a line number counts lines of the text.
func TestCompressed(t *testing.T) {
	var text strings.Builder
	text.WriteString("id,name,amount\n")
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&text, "%d,\"name, %d\",%d.5\n", i, i, i%100)
	}
	plain := writeFile(t, "plain.csv", text.String())
	_, want := readSingle(t, plain, Options{}, nil)
	if want.err != nil || len(want.rows) != 20000 {
		t.Fatalf("plain: %d rows, %v", len(want.rows), want.err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	half := len(text.String()) / 2
	w.Write([]byte(text.String()[:half]))
	w.Close()
	w = gzip.NewWriter(&gz) // a second member, as cat a.gz b.gz makes
	w.Write([]byte(text.String()[half:]))
	w.Close()
	zenc, _ := zstd.NewWriter(nil)
	zst := zenc.EncodeAll([]byte(text.String()), nil)
	for name, data := range map[string][]byte{"data.csv.gz": gz.Bytes(), "data.zst": zst, "no-extension": gz.Bytes()} {
		path := writeFile(t, name, string(data))
		f := openFile(t, path, Options{PartitionSize: 1000})
		wantColumns(t, f, []string{"id", "name", "amount"}, tBig, tStr, tDec1)
		s := f.NewScan(allCols(f))
		if s.Partitions() != 1 {
			t.Errorf("%s: %d partitions, want 1", name, s.Partitions())
		}
		got := readPartition(context.Background(), s, 0, scanSchema(f, allCols(f)))
		if got.err != nil || !reflect.DeepEqual(got.rows, want.rows) {
			t.Errorf("%s: %d rows, err %v; want the plain file's %d", name, len(got.rows), got.err, len(want.rows))
		}
	}
	// A truncated stream.
	path, err := openErr(t, "cut.csv.gz", gz.Bytes()[:len(gz.Bytes())/3])
	if want := "read " + path + ": reading the gzip stream: unexpected EOF (the file may be truncated or damaged)"; err == nil || err.Error() != want {
		t.Errorf("truncated gzip: %v\nwant %s", err, want)
	}
	// Line numbers count the text's lines.
	var bad bytes.Buffer
	w = gzip.NewWriter(&bad)
	fmt.Fprintf(w, "a,b\n")
	for i := 1; i <= 150000; i++ {
		fmt.Fprintf(w, "%d,%d\n", i, i)
	}
	fmt.Fprintf(w, "150001,x\n")
	w.Close()
	path = writeFile(t, "bad.csv.gz", bad.String())
	f := openFile(t, path, Options{})
	got := readPartition(context.Background(), f.NewScan(allCols(f)), 0, scanSchema(f, allCols(f)))
	var de *DataError
	if !errors.As(got.err, &de) || de.Line() != 150002 || de.Value != "x" {
		t.Errorf("bad value in gzip: %v", got.err)
	}
}

func TestSniffNUL(t *testing.T) {
	for name, content := range map[string]string{
		"nul in a value": "a,b\n1,\x002\n",
		"utf-16le":       "\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"utf-16be":       "\xfe\xff\x00a\x00,\x00b\x00\n",
		"nul after bom":  "\xEF\xBB\xBF\x00",
	} {
		t.Run(name, func(t *testing.T) {
			path, err := openErr(t, "data.csv", []byte(content))
			if !strings.HasPrefix(err.Error(), path+": the file holds NUL bytes") {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestSniffEmptyAndHeaderOnly(t *testing.T) {
	f := sniffed(t, "")
	if d := f.Dialect(); d != (Dialect{Delimiter: ',', Quote: '"'}) || len(f.Columns()) != 0 || f.Size() != 0 {
		t.Errorf("empty file: dialect %+v, columns %v", d, f.Columns())
	}
	f = sniffed(t, "a\tb\n")
	if d := f.Dialect(); d.Delimiter != '\t' || !d.Header {
		t.Errorf("header-only TSV: dialect %+v", d)
	}
	wantColumns(t, f, []string{"a", "b"}, tStr, tStr)
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(context.Background(), "t", dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Open(directory): %v", err)
	}
	missing := filepath.Join(dir, "missing.csv")
	if _, err := Open(context.Background(), "t", missing, Options{}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("Open(missing): %v", err)
	}
	path := writeFile(t, "data.csv", "a,b\n1,2\n")
	f := openFile(t, path, Options{})
	if f.Name() != "t" || f.Path() != path || f.Size() != 8 {
		t.Errorf("Name %q Path %q Size %d", f.Name(), f.Path(), f.Size())
	}
}

// TestSniffLongFirstRow: a headerless file whose first row is longer than
// the sniffed head (1 MiB by default) still has all its columns.
func TestSniffLongFirstRow(t *testing.T) {
	long := strings.Repeat("x", 1_200_000)
	content := "1," + long + ",2\n3,y,4\n"
	path := writeFile(t, "data.csv", content)
	f := openFile(t, path, Options{})
	if len(f.Columns()) != 3 {
		t.Fatalf("columns %q, want 3", colNames(f))
	}
	_, got := readSingle(t, path, Options{}, nil)
	if got.err != nil || len(got.rows) != 2 || got.rows[0][1] != long || !reflect.DeepEqual(got.rows[1], []string{"3", "y", "4"}) {
		t.Fatalf("got %d rows, err %v", len(got.rows), got.err)
	}
}

// TestSniffQuotesThatAreText: in a TSV whose cells merely contain quote
// characters, quoting is off and the quotes are part of the values; in one
// with well-formed quoted fields it stays on.
func TestSniffQuotesThatAreText(t *testing.T) {
	text := writeFile(t, "text.tsv", "id\tname\tn\n1\t\"Best\" buy\t3\n2\tsay \"hi\"\t4\n")
	f := openFile(t, text, Options{})
	if f.Dialect().Quote != 0 {
		t.Fatalf("quote %q, want none", f.Dialect().Quote)
	}
	_, res := readSingle(t, text, Options{}, nil)
	if res.err != nil || fmt.Sprint(res.rows) != `[[1 "Best" buy 3] [2 say "hi" 4]]` {
		t.Fatalf("rows %v, err %v", res.rows, res.err)
	}
	quoted := writeFile(t, "quoted.tsv", "id\tname\n1\t\"a\tb\"\n2\t\"say \"\"hi\"\"\"\n")
	if q := openFile(t, quoted, Options{}).Dialect().Quote; q != '"' {
		t.Fatalf("quote %q, want '\"'", q)
	}
}

// TestSniffBackslashEscapes: quotes escaped with a backslash inside quoted
// fields (as MySQL and many exporters write them) are sniffed; the rows
// read the same under every partitioning. Backslashes in well-formed RFC
// 4180 fields stay text.
func TestSniffBackslashEscapes(t *testing.T) {
	content := "id,quote,n\n" +
		"1,\"say \\\"hi\\\"\",1.5\n" +
		"2,\"a \\\"b, c\\\" d\",\\N\n" +
		"3,plain,2.5\n" +
		"4,\"two\\nlines\",3.5\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"1", `say "hi"`, "1.5"},
		{"2", `a "b, c" d`, N},
		{"3", "plain", "2.5"},
		{"4", "two\nlines", "3.5"},
	})
	f := openFile(t, path, Options{})
	if d := f.Dialect(); d.Escape != '\\' || d.Quote != '"' || d.Delimiter != ',' || !d.Header {
		t.Fatalf("dialect %+v", d)
	}
	wantColumns(t, f, []string{"id", "quote", "n"}, tBig, tStr, tDec1)

	paths := writeFile(t, "paths.csv", "id,path\n1,\"C:\\temp\\\"\n2,\"D:\\x, y\"\n")
	if d := openFile(t, paths, Options{}).Dialect(); d.Escape != 0 || d.Quote != '"' {
		t.Fatalf("Windows paths: dialect %+v", d)
	}
}

// TestTrailingDelimiter: lines that end with the delimiter (TPC-H .tbl)
// have no extra column, sniffed or declared; partitioned reads agree.
func TestTrailingDelimiter(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 500; i++ {
		fmt.Fprintf(&b, "%d|name %d|%d.25|\n", i, i, i)
	}
	path := writeFile(t, "t.tbl", b.String())
	f := openFile(t, path, Options{})
	if !f.Dialect().TrailingDelimiter || f.Dialect().Header {
		t.Fatalf("dialect %+v", f.Dialect())
	}
	wantColumns(t, f, []string{"column0", "column1", "column2"}, tBig, tStr, tDec2)
	_, want := readSingle(t, path, Options{}, nil)
	if want.err != nil || len(want.rows) != 500 || fmt.Sprint(want.rows[0]) != "[1 name 1 1.25]" {
		t.Fatalf("rows %d, first %v, err %v", len(want.rows), want.rows[0], want.err)
	}
	crossCheck(t, path, Options{}, []int64{37, 1000}, nil, want)
	// Declared, with an explicit dialect, as LOAD DATA gives it.
	d := Dialect{Delimiter: '|'}
	decl := []types.Column{{Name: "k", Type: types.BigintType, Origin: types.Declared}, {Name: "n", Type: types.VarcharType, Origin: types.Declared}, {Name: "v", Type: types.DoubleType, Origin: types.Declared}}
	g := openFile(t, path, Options{Dialect: &d, Columns: decl})
	if !g.Dialect().TrailingDelimiter {
		t.Fatal("declared: no trailing delimiter")
	}
	_, got := readSingle(t, path, Options{Dialect: &d, Columns: decl}, nil)
	if !reflect.DeepEqual(got.rows, want.rows) {
		t.Errorf("declared read differs")
	}
	// A row without the trailing delimiter has a field too few.
	bad := writeFile(t, "bad.tbl", b.String()+"501|b|2.5\n")
	de := checkFailsOpts(t, bad, Options{Dialect: &d, Columns: decl, SampleSize: 4096})
	if !strings.HasPrefix(de.Msg, "the row has 2 fields, the table has 3") {
		t.Errorf("message %q", de.Msg)
	}
}

func checkFailsOpts(t *testing.T, path string, opts Options) *DataError {
	t.Helper()
	_, got := readSingle(t, path, opts, nil)
	var de *DataError
	if !errors.As(got.err, &de) {
		t.Fatalf("got %v, want a *DataError", got.err)
	}
	return de
}

func TestEstimatedRowsOfASmallFile(t *testing.T) {
	// A file read whole in the sniffing sample has its rows counted,
	// without the header line.
	for _, c := range []struct {
		name, content string
		opts          Options
		want          float64
	}{
		{"header", "k\tname\n0\ta\n1\tb\n2\tc\n3\td\n", Options{}, 4},
		{"no header", "0\ta\n1\tb\n2\tc\n", Options{}, 3},
		{"lines ignored", "x\ny\n0,a\n1,b\n", Options{Dialect: &Dialect{Delimiter: ',', Quote: '"'}, IgnoreLines: 2}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := openFile(t, writeFile(t, "data.tsv", c.content), c.opts)
			if got := f.EstimatedRows(); got != c.want {
				t.Errorf("EstimatedRows = %v, want %v", got, c.want)
			}
		})
	}
}
