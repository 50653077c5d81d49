package dsv

import (
	"context"
	"errors"
	"fmt"
	"github.com/apache/arrow/go/v15/arrow"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// N is a NULL in the expected rows.
const N = nullCell

func colTypes(f *File) []types.Type {
	var ts []types.Type
	for _, c := range f.Columns() {
		ts = append(ts, c.Type)
	}
	return ts
}

func colNames(f *File) []string {
	var ns []string
	for _, c := range f.Columns() {
		ns = append(ns, c.Name)
	}
	return ns
}

func wantColumns(t *testing.T, f *File, names []string, ts ...types.Type) {
	t.Helper()
	if got := colNames(f); !reflect.DeepEqual(got, names) {
		t.Fatalf("column names %q, want %q", got, names)
	}
	if got := colTypes(f); !reflect.DeepEqual(got, ts) {
		t.Fatalf("column types %v, want %v", got, ts)
	}
}

var (
	tBig  = types.BigintType
	tDbl  = types.DoubleType
	tDec1 = types.DecimalType(18, 1) // sniffed fixed-point, one decimal
	tDec2 = types.DecimalType(18, 2)
	tStr  = types.VarcharType
	tBool = types.BooleanType
	tDate = types.DateType
	tTS   = types.TimestampType
)

func TestReadPlainCSV(t *testing.T) {
	content := "id,name,score,ok,day,at\n" +
		"1,alice,1.5,true,2024-01-02,2024-01-02 03:04:05\n" +
		"2,bob,,false,2024-02-29,2024-02-29T23:59:59.5\n" +
		"-3,,2,TRUE,,\n" +
		"9223372036854775807,carol dee,-0.25,False,1970-01-01,1969-12-31 23:59:59.000001\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"1", "alice", "1.5", "true", "2024-01-02", "2024-01-02 03:04:05"},
		{"2", "bob", N, "false", "2024-02-29", "2024-02-29 23:59:59.5"},
		{"-3", N, "2", "true", N, N},
		{"9223372036854775807", "carol dee", "-0.25", "false", "1970-01-01", "1969-12-31 23:59:59.000001"},
	})
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "name", "score", "ok", "day", "at"}, tBig, tStr, tDbl, tBool, tDate, tTS)
}

func TestReadPlainTSV(t *testing.T) {
	content := "city\tpop\tnote\n" +
		"Paris\t2148000\tcapital, France\n" +
		"Lyon\t513000\t\n" +
		"Saint-Étienne\t171000\tsemi;colon|pipe\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"Paris", "2148000", "capital, France"},
		{"Lyon", "513000", N},
		{"Saint-Étienne", "171000", "semi;colon|pipe"},
	})
	f := openFile(t, path, Options{})
	if f.Dialect().Delimiter != '\t' {
		t.Fatalf("delimiter %q, want tab", f.Dialect().Delimiter)
	}
	wantColumns(t, f, []string{"city", "pop", "note"}, tStr, tBig, tStr)
}

func TestReadOtherDelimiters(t *testing.T) {
	for _, d := range []string{"|", ";"} {
		t.Run(d, func(t *testing.T) {
			content := strings.ReplaceAll("k,v\na,1\nb,2\nc,\n", ",", d)
			checkRows(t, content, Options{}, nil, [][]string{{"a", "1"}, {"b", "2"}, {"c", N}})
		})
	}
}

func TestReadCRLF(t *testing.T) {
	t.Run("typed", func(t *testing.T) {
		path, _ := checkRows(t, "a,b,c\r\n1,x,2.5\r\n2,y,\r\n3,,4\r\n", Options{}, nil, [][]string{
			{"1", "x", "2.5"}, {"2", "y", N}, {"3", N, "4.0"},
		})
		f := openFile(t, path, Options{})
		wantColumns(t, f, []string{"a", "b", "c"}, tBig, tStr, tDec1)
		if !f.Dialect().CRLF {
			t.Error("CRLF not detected")
		}
	})
	t.Run("one column", func(t *testing.T) {
		checkRows(t, "v\r\n1\r\n22\r\n333\r\n", Options{}, nil, [][]string{{"1"}, {"22"}, {"333"}})
	})
	t.Run("quoted last field", func(t *testing.T) {
		checkRows(t, "a,b\r\n1,\"x\"\r\n2,\"y,z\"\r\n3,\"\"\r\n", Options{}, nil, [][]string{{"1", "x"}, {"2", "y,z"}, {"3", ""}})
	})
	t.Run("lone CR inside a field", func(t *testing.T) {
		checkRows(t, "a,b\n1,x\ry\n2,\rz\n", Options{}, nil, [][]string{{"1", "x\ry"}, {"2", "\rz"}})
	})
}

func TestReadNoFinalNewline(t *testing.T) {
	cases := []struct {
		name, content string
		want          [][]string
	}{
		{"lf", "a,b\n1,x\n2,y", [][]string{{"1", "x"}, {"2", "y"}}},
		{"crlf", "a,b\r\n1,x\r\n2,y", [][]string{{"1", "x"}, {"2", "y"}}},
		{"cr", "a,b\n1,x\n2,y\r", [][]string{{"1", "x"}, {"2", "y"}}},
		{"empty last field", "a,b\n1,x\n2,", [][]string{{"1", "x"}, {"2", N}}},
		{"quoted", "a,b\n1,x\n2,\"y\nz\"", [][]string{{"1", "x"}, {"2", "y\nz"}}},
		{"quoted crlf", "a,b\r\n1,x\r\n2,\"y\"\r", [][]string{{"1", "x"}, {"2", "y"}}},
		{"one column", "v\n1\n2", [][]string{{"1"}, {"2"}}},
		{"one row no header", "5,6", [][]string{{"5", "6"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkRows(t, c.content, Options{}, nil, c.want)
		})
	}
}

func TestReadBlankLines(t *testing.T) {
	cases := []struct {
		name, content string
		want          [][]string
	}{
		{"middle and end", "a,b\n\n1,x\n\n\n2,y\n\n", [][]string{{"1", "x"}, {"2", "y"}}},
		{"crlf", "a,b\r\n\r\n1,x\r\n\r\n2,y\r\n\r\n", [][]string{{"1", "x"}, {"2", "y"}}},
		{"before the header", "\n\na,b\n1,x\n", [][]string{{"1", "x"}}},
		{"no header", "1,2\n\n3,4\n\n", [][]string{{"1", "2"}, {"3", "4"}}},
		{"quoted rows", "a,b\n\n\"1\",x\n\n2,\"y\"\n\n", [][]string{{"1", "x"}, {"2", "y"}}},
		{"one column", "v\n1\n\n2\n\n", [][]string{{"1"}, {"2"}}},
		{"final blank without newline", "a,b\n1,x\n\r", [][]string{{"1", "x"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkRows(t, c.content, Options{}, nil, c.want)
		})
	}
}

func TestReadEmptyFile(t *testing.T) {
	for _, content := range []string{"", "\n", "\n\n\n", "  \n", "\r\n", "\xEF\xBB\xBF"} {
		t.Run(strconv.Quote(content), func(t *testing.T) {
			path, _ := checkRows(t, content, Options{}, nil, nil)
			f := openFile(t, path, Options{PartitionSize: 1})
			if len(f.Columns()) != 0 {
				t.Errorf("columns %v, want none", f.Columns())
			}
			if n := f.NewScan(nil).Partitions(); n != 1 {
				t.Errorf("%d partitions, want 1", n)
			}
		})
	}
}

func TestReadHeaderOnly(t *testing.T) {
	for _, content := range []string{"a,b,c\n", "a,b,c", "a,b,c\r\n", "a,b,c\n\n", "\xEF\xBB\xBFa,b,c\n"} {
		t.Run(strconv.Quote(content), func(t *testing.T) {
			path, _ := checkRows(t, content, Options{}, nil, nil)
			f := openFile(t, path, Options{})
			if !f.Dialect().Header {
				t.Error("no header detected")
			}
			wantColumns(t, f, []string{"a", "b", "c"}, tStr, tStr, tStr)
		})
	}
}

func TestReadQuoted(t *testing.T) {
	content := "id,text,n\n" +
		"1,\"a,b\",1\n" +
		"2,\"say \"\"hi\"\"\",2\n" +
		"3,\"\",3\n" +
		"4,,4\n" +
		"5,\"multi\nline\",5\n" +
		"6,\"x\r\ny\",6\n" +
		"7,\"\"\"\",7\n" +
		"8,\"a\"\"b,c\"\"d\",8\n" +
		"9,ab\"c,\"9\"\n" +
		"\"10\",\"\n\",10\n" +
		"11,\",\",\"11\"\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"1", "a,b", "1"},
		{"2", `say "hi"`, "2"},
		{"3", "", "3"}, // a quoted empty field is an empty string, not NULL
		{"4", N, "4"},
		{"5", "multi\nline", "5"},
		{"6", "x\r\ny", "6"},
		{"7", `"`, "7"},
		{"8", `a"b,c"d`, "8"},
		{"9", `ab"c`, "9"},
		{"10", "\n", "10"},
		{"11", ",", "11"},
	})
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "text", "n"}, tBig, tStr, tBig)
}

// TestReadQuotedLineBreaksAcrossPartitions: quoted fields holding line
// breaks, some of whose lines look like rows themselves, cross partition
// boundaries; a partition that starts inside one must be detected by
// Restart and read again.
func TestReadQuotedLineBreaksAcrossPartitions(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,body,tail\n")
	var want [][]string
	for i := 0; i < 40; i++ {
		var body string
		switch i % 4 {
		case 0:
			body = fmt.Sprintf("line one\nline two, %d\nline three", i)
		case 1:
			body = fmt.Sprintf("%d,looks,like a row\n%d,and,another\n", i, i+1)
		case 2:
			body = "a lone \"\" quote\nthen \"\"x\"\",y\n,,,\n"
		default:
			body = "short"
		}
		fmt.Fprintf(&b, "%d,\"%s\",t%d\n", i, strings.ReplaceAll(body, `""`, `""`), i)
		want = append(want, []string{strconv.Itoa(i), strings.ReplaceAll(body, `""`, `"`), fmt.Sprintf("t%d", i)})
	}
	_, restarts := checkRows(t, b.String(), Options{}, nil, want)
	if restarts == 0 {
		t.Fatal("no partition was restarted: the test does not exercise Restart")
	}
	t.Logf("%d restarts", restarts)
}

// TestReadQuotedFieldSpansPartitions: one quoted field longer than several
// partitions, so that whole partitions hold no row start.
func TestReadQuotedFieldSpansPartitions(t *testing.T) {
	long := strings.Repeat("x,\n", 100)
	content := "a,b\n1,\"" + long + "\"\n2,y\n3,\"" + long + "\"\n"
	_, restarts := checkRows(t, content, Options{}, []int64{7, 37, 100, 150}, [][]string{
		{"1", long}, {"2", "y"}, {"3", long},
	})
	if restarts == 0 {
		t.Fatal("no partition was restarted")
	}
}

// TestReadLongRows: rows longer than the reader's 1 MiB buffer, which must
// grow, with partitions starting inside them.
func TestReadLongRows(t *testing.T) {
	big1 := strings.Repeat("abcdefghij", 150_000)                          // 1.5 MB
	big2 := strings.Repeat("0123456789", 330_000)                          // 3.3 MB
	big3 := strings.Repeat("quoted, with \"\" quotes\nand lines ", 40_000) // 1.3 MB quoted
	var b strings.Builder
	b.WriteString("id,text,n\n")
	var want [][]string
	add := func(id int, raw, val string) {
		fmt.Fprintf(&b, "%d,%s,%d\n", id, raw, id*10)
		want = append(want, []string{strconv.Itoa(id), val, strconv.Itoa(id * 10)})
	}
	add(1, "short", "short")
	add(2, big1, big1)
	add(3, "short", "short")
	add(4, big2, big2)
	add(5, `"`+big3+`"`, strings.ReplaceAll(big3, `""`, `"`))
	add(6, "short", "short")
	add(7, big1+big1, big1+big1)
	sizes := []int64{300_000, 1 << 20, 1<<20 + 7, 2_500_000}
	path := writeFile(t, "long.csv", b.String())
	_, got := readSingle(t, path, Options{}, nil)
	if got.err != nil {
		t.Fatal(got.err)
	}
	if !reflect.DeepEqual(got.rows, want) {
		t.Fatalf("one partition: %d rows, want %d (or values differ)", len(got.rows), len(want))
	}
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "text", "n"}, tBig, tStr, tBig)
	crossCheck(t, path, Options{}, sizes, nil, got)
	checkCount(t, path, Options{}, sizes, len(want))
}

func TestReadUnicode(t *testing.T) {
	content := "\xEF\xBB\xBF名前,ville,emoji,n\n" +
		"日本語,Zürich,😀,1\n" +
		"\"中,文\",Besançon,\"👩‍👩‍👧\n🎉\",2\n" +
		"Ελληνικά,,∑,3\n"
	path, _ := checkRows(t, content, Options{}, nil, [][]string{
		{"日本語", "Zürich", "😀", "1"},
		{"中,文", "Besançon", "👩‍👩‍👧\n🎉", "2"},
		{"Ελληνικά", N, "∑", "3"},
	})
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"名前", "ville", "emoji", "n"}, tStr, tStr, tStr, tBig)
}

func TestReadProjection(t *testing.T) {
	content := "a,b,c,d\n1,x,2.5,true\n2,\"y,z\",,false\n3,w,4,\n"
	full := [][]string{{"1", "x", "2.5", "true"}, {"2", "y,z", N, "false"}, {"3", "w", "4.0", N}}
	path := writeFile(t, "data.csv", content)
	for _, cols := range [][]int{{0}, {1}, {3}, {0, 3}, {1, 2}, {2, 0}, {3, 2, 1, 0}, {}} {
		t.Run(fmt.Sprint(cols), func(t *testing.T) {
			pick := func(*File) []int { return cols }
			_, got := readSingle(t, path, Options{}, pick)
			want := make([][]string, len(full))
			for i, row := range full {
				want[i] = []string{}
				for _, c := range cols {
					want[i] = append(want[i], row[c])
				}
			}
			if got.err != nil || !reflect.DeepEqual(got.rows, want) {
				t.Fatalf("got %v, want %v", got, result{rows: want})
			}
			crossCheck(t, path, Options{}, tinySizes, pick, got)
		})
	}
	// The same without quotes, for the fast splitter.
	path = writeFile(t, "fast.csv", strings.ReplaceAll(content, `"y,z"`, "yz"))
	full[1][1] = "yz"
	for _, cols := range [][]int{{0}, {1}, {3}, {0, 3}, {1, 2}, {2, 0}, {}} {
		t.Run(fmt.Sprint("fast", cols), func(t *testing.T) {
			pick := func(*File) []int { return cols }
			_, got := readSingle(t, path, Options{}, pick)
			if got.err != nil || len(got.rows) != 3 {
				t.Fatalf("got %v", got)
			}
			for i, row := range got.rows {
				for k, c := range cols {
					if row[k] != full[i][c] {
						t.Fatalf("row %d column %d = %q, want %q", i, c, row[k], full[i][c])
					}
				}
			}
			crossCheck(t, path, Options{}, tinySizes, pick, got)
		})
	}
}

// TestReadManyRowsSmallBatches reads a file of many rows, fast and quoted,
// with small batches and partitions.
func TestReadManyRowsSmallBatches(t *testing.T) {
	setBatchSize(t, 7)
	var b strings.Builder
	b.WriteString("i,s,f\n")
	var want [][]string
	for i := 0; i < 500; i++ {
		s := fmt.Sprintf("s%d", i)
		raw := s
		if i%50 == 49 {
			raw = `"` + s + `"`
		}
		fmt.Fprintf(&b, "%d,%s,%d.5\n", i, raw, i)
		want = append(want, []string{strconv.Itoa(i), s, fmt.Sprintf("%d.5", i)})
	}
	checkRows(t, b.String(), Options{}, []int64{64, 333, 1000, 4096}, want)
}

// TestReadQuotedEmptyInTypedColumn: files that quote every field write a
// missing value as "". The sniffer skips it when typing a column, so the
// reader must take it as NULL in a typed column (it is an empty string only
// in a VARCHAR column).
func TestReadQuotedEmptyInTypedColumn(t *testing.T) {
	content := "\"id\",\"n\",\"d\",\"s\"\n\"1\",\"\",\"2024-01-02\",\"\"\n\"2\",\"5\",\"\",\"x\"\n"
	path := writeFile(t, "data.csv", content)
	f := openFile(t, path, Options{})
	wantColumns(t, f, []string{"id", "n", "d", "s"}, tBig, tBig, tDate, tStr)
	checkRows(t, content, Options{}, []int64{3, 11}, [][]string{
		{"1", N, "2024-01-02", ""},
		{"2", "5", N, "x"},
	})
}

// The error tests.

const fieldCountHint = "every row must have as many fields as the first line; a value holding the delimiter or a line break must be quoted"

func TestFieldCountErrors(t *testing.T) {
	cases := []struct {
		name, content string
		line, offset  int64
		msg           string
	}{
		{"too few", "a,b,c\n1,2,3\n4,5\n6,7,8\n", 3, 12, "the row has 2 fields, the header has 3"},
		{"too many", "a,b\n1,2\n3,4,5\n6,7\n", 3, 8, "the row has 3 fields, the header has 2"},
		{"too many, text last column", "a,b\nx,y\nz,w,v\n", 3, 8, "the row has 3 fields, the header has 2"},
		{"too many, text last column, later", "a,b,c\n1,x,y\n2,x,y\n3,x,y,z,w\n4,x,y\n", 4, 18, "the row has 5 fields, the header has 3"},
		{"one field", "a,b\n1,2\n3\n", 3, 8, "the row has 1 fields, the header has 2"},
		{"too few crlf", "a,b,c\r\n1,2,3\r\n4,5\r\n", 3, 14, "the row has 2 fields, the header has 3"},
		{"too many no header", "1,2\n3,4\n5,6,\n", 3, 8, "the row has 3 fields, the first line has 2"},
		{"too few quoted", "a,b,c\n1,\"2\",3\n4,\"5\"\n", 3, 14, "the row has 2 fields, the header has 3"},
		// The width is wrong before any value is: the same error whichever
		// splitter reads the row.
		{"too few with a bad value", "a,b,c\n1,2,3\nx,5\n", 3, 12, "the row has 2 fields, the header has 3"},
		{"too few with a bad value quoted", "a,b,c\n1,\"2\",3\nx,5\n", 3, 14, "the row has 2 fields, the header has 3"},
		{"too many quoted", "a,b\n1,\"2\"\n3,\"4\",5\n", 3, 10, "the row has 3 fields, the header has 2"},
		{"after a multi-line field", "a,b\n1,\"x\ny\"\n2\n", 4, 12, "the row has 1 fields, the header has 2"},
		{"last row", "a,b\n1,2\n3", 3, 8, "the row has 1 fields, the header has 2"},
		// The delimiter inside quotes is not a field separator, in the
		// message too.
		{"too few with a quoted delimiter", "a,b,c\n1,2,3\n\"4,4\",5\n", 3, 12, "the row has 2 fields, the header has 3"},
		{"too many with a quoted delimiter", "a,b\n1,2\n\"3,3\",4,\"5,5\"\n", 3, 8, "the row has 3 fields, the header has 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			de := checkFails(t, c.content, Options{}, nil)
			if de.Line() != c.line || de.Offset != c.offset || !strings.HasPrefix(de.Msg, c.msg) || de.Hint != fieldCountHint {
				t.Errorf("got line %d offset %d msg %q hint %q\nwant line %d offset %d msg %q", de.Line(), de.Offset, de.Msg, de.Hint, c.line, c.offset, c.msg)
			}
			// The same prefix as tests/errors_test.go's TestFieldCountError.
			want := fmt.Sprintf("%s:%d: %s", de.Path, c.line, c.msg)
			if s := de.Error(); !strings.HasPrefix(s, want) || !strings.HasSuffix(s, "\nhint: "+fieldCountHint) {
				t.Errorf("Error() = %q, want it to start with %q and end with the hint", s, want)
			}
		})
	}
}

// TestFieldCountErrorNamesColumnAndValue: a row of the wrong width is
// reported with the row's text as the value and, when fields are missing,
// the first column that has none, so that the user sees which row is wrong
// without opening the file at that line. Both come after the message, whose
// start tests/errors_test.go fixes.
func TestFieldCountErrorNamesColumnAndValue(t *testing.T) {
	cases := []struct {
		name, content, column, value string
	}{
		{"too few", "a,b,c\n1,2,3\n4,5\n", "c", "4,5"},
		{"too few quoted", "a,b,c\n\"1\",2,3\n4,\"5\"\n", "c", `4,"5"`},
		{"too few crlf", "a,b,c\r\n1,2,3\r\n4\r\n", "b", "4"},
		{"too many", "a,b\n1,2\n3,4,5\n", "", "3,4,5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			de := checkFails(t, c.content, Options{}, []int64{3})
			s := de.Error()
			prefix := fmt.Sprintf("%s:3: the row has ", de.Path)
			if !strings.HasPrefix(s, prefix) {
				t.Fatalf("Error() = %q, want the prefix %q", s, prefix)
			}
			if c.column != "" && !strings.Contains(s[len(prefix):], "column "+c.column) {
				t.Errorf("Error() = %q does not name the missing column %s", s, c.column)
			}
			if de.Value != c.value || !strings.Contains(s, "(value "+strconv.Quote(c.value)+")") {
				t.Errorf("Error() = %q (Value %q) does not show the row %q", s, de.Value, c.value)
			}
		})
	}
}

// valueErrorFile is a file whose column b holds integers except for one
// value, placed where the type sniffer (head of SampleSize bytes and
// samples spread over the rest) does not look, so that b is sniffed BIGINT.
func valueErrorFile(badLine int, bad string, crlf bool) string {
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	var b strings.Builder
	b.WriteString("a,b" + nl)
	for line := 2; line < 700; line++ {
		v := strconv.Itoa(line * 3)
		if line == badLine {
			v = bad
		}
		fmt.Fprintf(&b, "%d,%s%s", line, v, nl)
	}
	return b.String()
}

const bigintHint = "the type BIGINT of b was guessed from a sample of the file; read every column as text (sqlcsv --all-varchar, SET all_varchar = 1, or Options.AllVarchar) and CAST the values you need"

func TestValueError(t *testing.T) {
	opts := Options{SampleSize: 64}
	cases := []struct {
		name    string
		content string
		a       int // the bad row's value of column a
		value   string
	}{
		{"fast", valueErrorFile(30, "x12", false), 30, "x12"},
		{"quoted", valueErrorFile(31, `"12x"`, false), 31, "12x"},
		{"crlf", valueErrorFile(32, "1.5", true), 32, "1.5"},
		{"crlf quoted", valueErrorFile(33, `"007"`, true), 33, "007"},
		// A physical line more before the bad row than rows.
		{"after a quoted line break", strings.Replace(valueErrorFile(40, "oops", false), "\n5,15\n", "\n5,15\n\"6\n\",18\n", 1), 40, "oops"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "data.csv", c.content)
			f := openFile(t, path, opts)
			if colTypes(f)[1] != tBig {
				t.Fatalf("b sniffed %v: the test needs BIGINT", colTypes(f)[1])
			}
			de := checkFails(t, c.content, opts, []int64{97, 1000, 4096})
			offset := int64(strings.Index(c.content, fmt.Sprintf("\n%d,", c.a)) + 1)
			line := int64(strings.Count(c.content[:offset], "\n") + 1)
			if de.Line() != line || de.Column != "b" || de.Value != c.value || de.Offset != offset || de.Hint != bigintHint {
				t.Errorf("got line %d column %q value %q offset %d hint %q; want line %d column b value %q offset %d", de.Line(), de.Column, de.Value, de.Offset, de.Hint, line, c.value, offset)
			}
			want := fmt.Sprintf("%s:%d: column b: value does not fit the column's type BIGINT (value %q)\nhint: %s", de.Path, line, c.value, bigintHint)
			if de.Error() != want {
				t.Errorf("Error() =\n%s\nwant\n%s", de.Error(), want)
			}
		})
	}
}

func TestUnterminatedQuote(t *testing.T) {
	cases := []struct {
		name, content string
		line          int64
	}{
		{"middle", "a,b\n1,x\n2,\"abc\n3,y\n", 3},
		{"last field", "a,b\n1,x\n2,\"abc", 3},
		{"first field", "a,b\n1,x\n\"2,y\n", 3},
		{"closed quote then an open one", "a,b\n1,\"x\ny\"\n2,\"\"\"\n", 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			de := checkFails(t, c.content, Options{}, nil)
			want := fmt.Sprintf("%s:%d: a quoted field is not closed before the end of the file\nhint: check for a missing closing quote character", de.Path, c.line)
			if de.Error() != want || de.Line() != c.line {
				t.Errorf("Error() = %q (line %d), want %q", de.Error(), de.Line(), want)
			}
		})
	}
}

func TestTextAfterClosingQuote(t *testing.T) {
	// Quoting is in use (row 1 needs it), so row 2 is malformed.
	de := checkFails(t, "a,b\n1,\"x, y\"\n2,\"ab\"c\n3,y\n", Options{}, nil)
	const hint = "a quote character inside a quoted field must be doubled"
	if de.Line() != 3 || de.Offset != 13 || de.Column != "b" || de.Msg != "unexpected character after a closing quote" || de.Hint != hint || !strings.HasPrefix(de.Value, "c") {
		t.Errorf("got %#v", de)
	}
	if s := de.Error(); !strings.HasPrefix(s, de.Path+":3: column b: unexpected character after a closing quote (value \"c") || !strings.HasSuffix(s, "\nhint: "+hint) {
		t.Errorf("Error() = %q", s)
	}
}

// TestQuotedFieldCRLFAtReadBoundary: in a CRLF file, a row with a quoted
// line break whose closing quote and '\r' are the last bytes of one read of
// the file (the '\n' comes with the next read) is a correct row.
func TestQuotedFieldCRLFAtReadBoundary(t *testing.T) {
	header := "a,b\r\n"
	var b strings.Builder
	b.WriteString(header)
	var want [][]string
	row := 0
	// Fill up to just before the special row, which must end (quote, CR)
	// exactly at the end of the first 1 MiB read from the first data row.
	special := func(pad int) string { return fmt.Sprintf("k,\"x\r\n%s\"\r\n", strings.Repeat("y", pad)) }
	target := len(header) + readSize // offset of the special row's '\n'
	for b.Len()+len(special(0))+20 < target {
		fmt.Fprintf(&b, "r%d,v%d\r\n", row, row)
		want = append(want, []string{fmt.Sprintf("r%d", row), fmt.Sprintf("v%d", row)})
		row++
	}
	pad := target - b.Len() - len(special(0)) + 1
	b.WriteString(special(pad))
	want = append(want, []string{"k", "x\r\n" + strings.Repeat("y", pad)})
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "s%d,w%d\r\n", i, i)
		want = append(want, []string{fmt.Sprintf("s%d", i), fmt.Sprintf("w%d", i)})
	}
	content := b.String()
	if content[target] != '\n' || content[target-1] != '\r' || content[target-2] != '"' {
		t.Fatalf("test file layout is off: %q", content[target-5:target+1])
	}
	path := writeFile(t, "data.csv", content)
	_, got := readSingle(t, path, Options{}, nil)
	if got.err != nil {
		t.Fatalf("one partition: %v", got.err)
	}
	if !reflect.DeepEqual(got.rows, want) {
		t.Fatalf("one partition: %d rows, want %d (or values differ)", len(got.rows), len(want))
	}
}

// TestReadQuotedCRLFAtBufferBoundaries: the same as
// TestQuotedFieldCRLFAtReadBoundary without depending on where exactly the
// reader's reads end: CRLF files of a little more than 1 MiB where every row
// has a quoted line break and ends with a quoted field, with first rows of
// 16 lengths so that, whatever the read size, some read ends between a closing
// quote's '\r' and its '\n'.
func TestReadQuotedCRLFAtBufferBoundaries(t *testing.T) {
	var rows strings.Builder
	var want [][]string
	for i := 0; rows.Len() < readSize+readSize/8; i++ {
		v := fmt.Sprintf("a%d\r\nb", i%7)
		fmt.Fprintf(&rows, "%d,\"%s\"\r\n", i, v)
		want = append(want, []string{strconv.Itoa(i), v})
	}
	for pad := 0; pad < 16; pad++ {
		// The first row's length moves every later row relative to the
		// reads, which start at the first row.
		first := strings.Repeat("_", pad)
		content := "id,text\r\n-1," + first + "\r\n" + rows.String()
		want := append([][]string{{"-1", first}}, want...)
		if pad == 0 {
			want[0][1] = N
		}
		path := writeFile(t, "data.csv", content)
		_, got := readSingle(t, path, Options{}, nil)
		if got.err != nil {
			t.Fatalf("first row padded by %d: %v", pad, got.err)
		}
		if !reflect.DeepEqual(got.rows, want) {
			t.Fatalf("first row padded by %d: %d rows, want %d (or values differ)", pad, len(got.rows), len(want))
		}
	}
}

// TestScanOpenErrors: errors opening a partition.
func TestScanOpenErrors(t *testing.T) {
	path := writeFile(t, "data.csv", "a,b\n1,2\n")
	f := openFile(t, path, Options{})
	s := f.NewScan([]int{0, 1})
	for _, p := range []int{-1, 1, 2} {
		if r, err := s.Open(context.Background(), p); err == nil {
			r.Close()
			t.Errorf("Open(%d) succeeded on a scan of 1 partition", p)
		}
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(context.Background(), 0); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a removed file: %v, want an error naming %s", err, path)
	}
}

func TestReaderCancelled(t *testing.T) {
	path := writeFile(t, "data.csv", "a,b\n1,2\n")
	f := openFile(t, path, Options{})
	s := f.NewScan([]int{0, 1})
	ctx, cancel := context.WithCancel(context.Background())
	r, err := s.Open(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cancel()
	if _, err := r.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v, want context.Canceled", err)
	}
}

func TestDescribe(t *testing.T) {
	path := writeFile(t, "data.tsv", "a\tb\tc\n1\t2\t3\n")
	f := openFile(t, path, Options{PartitionSize: 4})
	got := f.NewScan([]int{0, 2}).Describe()
	want := fmt.Sprintf("%q format=tsv partitions=2 columns=[a, c]", filepath.ToSlash(path))
	if got != want {
		t.Errorf("Describe() = %s, want %s", got, want)
	}
}

// TestGatherQuotedLineBreaks reads a file whose quoted line breaks cross
// partition boundaries through vector.Gather, as a query does: a partition
// read from a wrong guess of its start may fail (here it meets an
// unterminated-looking quote), and that failure must not become the query's
// error since Restart discards the partition.
func TestGatherQuotedLineBreaks(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,body\n")
	var want [][]string
	for i := 0; i < 30; i++ {
		// The second line of the body, read as a row, has a stray quote.
		body := fmt.Sprintf("first %d\nsecond \"\"%d", i, i)
		fmt.Fprintf(&b, "%d,\"%s\"\n", i, body)
		want = append(want, []string{strconv.Itoa(i), strings.ReplaceAll(body, `""`, `"`)})
	}
	path := writeFile(t, "data.csv", b.String())
	for _, workers := range []int{1, 2, 4} {
		for _, ps := range []int64{10, 23, 64} {
			f := openFile(t, path, Options{PartitionSize: ps})
			got := readGather(t, f, allCols(f), workers)
			if !sameResult(got, result{rows: want}) {
				t.Fatalf("workers %d, PartitionSize %d:\ngot  %v\nwant %d rows", workers, ps, got, len(want))
			}
		}
	}
}

func readGather(t *testing.T, f *File, cols []int, workers int) result {
	t.Helper()
	ctx := context.Background()
	s := f.NewScan(cols)
	schema := scanSchema(f, cols)
	g := vector.NewGather(schema, s.Partitions(), workers, func(p int) (vector.Operator, error) {
		return vector.NewTableScan(s, p, schema, nil), nil
	}, s.Restart)
	var res result
	if err := g.Open(ctx); err != nil {
		res.err = err
	}
	for res.err == nil {
		rec, err := g.Next(ctx)
		if err != nil {
			res.err = err
			break
		}
		if rec == nil {
			break
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]string, rec.NumCols())
			for c := range row {
				row[c] = formatCell(rec.Column(c), i)
			}
			res.rows = append(res.rows, row)
		}
		rec.Release()
	}
	if err := g.Close(); err != nil && res.err == nil {
		res.err = err
	}
	return res
}

// fuzzAlphabet is what FuzzReader's files are made of.
const fuzzAlphabet = ",\"\n\ra1\\"

// FuzzReader reads small files made of commas, quotes, line breaks and two
// kinds of value with tiny partitions (using the Restart protocol, in both
// of its orders, and small batches) and checks they give exactly the rows
// or the error of one partition, and that count(*) agrees too.
func FuzzReader(f *testing.F) {
	seeds := []string{
		"a,1\n1,a\n",
		"a,a\n1,1\n11,1\n",
		"1,1\n1,1\n",
		"a\n1\n\n1\n",
		"a,1\r\n1,\"a\"\r\n",
		"a,a\n1,\"a\n1\"\n1,a\n",
		"a,a\n1,\"a\n1,1\n\"\n1,1\n",
		"a,a\n\"\"\"\",1\n",
		"a,a\n1,\"a\"a\n",
		"a,a\n1,\"a\n",
		"a,a,a\n1,1\n1,1,1,1\n",
		"a,\"a\n\"\n\"1\n1\",1\n",
		"\"a\",\"1\"\r\n\"\r\n\",\"1\"\r\n",
		"1,1\r\n1,\"1\"\r",
		"\n\n,\n,,\n",
		"\"\n,\n\"",
		"a,1\n1,1\n1,\"\"\n",
		"a,a\n,\n\"\",\"\"\n",
		// Found by fuzzing: the last row, read by the fast splitter in its
		// own partition, has too many fields but was accepted.
		"\n,\n\n1,\",\n\r\"\n,,,,",
		// A row with too few fields and a bad value: the error must not
		// depend on which splitter reads it.
		"a,a,a\n1,1,1\n\"1\",1,1\na,1\n",
		// Backslash-escaped quotes, sniffed.
		"a,a\n\"1\\\"a\",1\n\"\\\"\",1\n",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	// A declared escaping dialect (knobs >= 200), with and without header.
	f.Add([]byte("a,a\n1\\,1,\"x\\\"y\"\n\\N,\"\\\n\"\n"), uint8(200))
	f.Add([]byte("1,\"a\\\"\n\",1\n\\\n1,1\n"), uint8(211))
	// One file per fuzzing process, rewritten for each input.
	path := filepath.Join(f.TempDir(), "fuzz.csv")
	f.Fuzz(func(t *testing.T, data []byte, knobs uint8) {
		if len(data) > 200 {
			data = data[:200]
		}
		b := make([]byte, len(data))
		for i, c := range data {
			if strings.IndexByte(fuzzAlphabet, c) >= 0 {
				b[i] = c
			} else {
				b[i] = fuzzAlphabet[int(c)%len(fuzzAlphabet)]
			}
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var dialect *Dialect
		if knobs >= 200 {
			// MySQL's LOAD DATA style, declared: backslash escapes.
			dialect = &Dialect{Delimiter: ',', Quote: '"', Escape: '\\', Header: knobs&1 == 0}
		}
		one, err1 := Open(ctx, "t", path, Options{PartitionSize: single, Dialect: dialect})
		ps := int64(1 + knobs%13)
		many, err2 := Open(ctx, "t", path, Options{PartitionSize: ps, Dialect: dialect})
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("Open: %v with one partition, %v with %d-byte partitions", err1, err2, ps)
		}
		if err1 != nil {
			return
		}
		if !reflect.DeepEqual(one.Columns(), many.Columns()) || one.Dialect() != many.Dialect() {
			t.Fatalf("sniffed %v %+v, with one partition %v %+v", many.Columns(), many.Dialect(), one.Columns(), one.Dialect())
		}
		for _, cols := range [][]int{allCols(one), nil} {
			s := one.NewScan(cols)
			want := readPartition(ctx, s, 0, scanSchema(one, cols))
			if want.err != nil && errors.Is(want.err, errBadBatch) {
				t.Fatal(want.err)
			}
			func() {
				defer func(old int) { vector.BatchSize = old }(vector.BatchSize)
				vector.BatchSize = 1 + int(knobs/13)%4
				got, st := readOrdered(t, many, cols)
				if !sameResult(got, want) {
					t.Fatalf("columns %v, %d-byte partitions (%d, %d restarts), BatchSize %d, in order:\ngot  %v\nwant %v\nfile %q",
						cols, ps, st.partitions, st.restarts, vector.BatchSize, got, want, b)
				}
				got, st = readConcurrent(t, many, cols, 2)
				if !sameResult(got, want) {
					t.Fatalf("columns %v, %d-byte partitions (%d, %d restarts), BatchSize %d, concurrent:\ngot  %v\nwant %v\nfile %q",
						cols, ps, st.partitions, st.restarts, vector.BatchSize, got, want, b)
				}
			}()
		}
	})
}

// TestAbandonGuessInsideQuotedField: a quoted field that ends with a line
// break sits on a partition boundary, so the next partition's guessed start
// is the field's closing quote, which it reads as an opening one. With no
// other quote after it, reading on would buffer the rest of the file; the
// partition gives up after about a partition's worth instead, and Restart
// reads it again from its exact start. The rows are those of a serial read.
func TestAbandonGuessInsideQuotedField(t *testing.T) {
	const ps = 4096
	var b strings.Builder
	b.WriteString("id,note\n")
	boundary := b.Len() + ps // partitions are counted from the first data row
	id := 0
	for b.Len() < boundary-40 {
		id++
		fmt.Fprintf(&b, "%d,plain note %d\n", id, id)
	}
	// The line break inside the quotes is the last byte before the
	// boundary of partitions 0 and 1.
	id++
	prefix := fmt.Sprintf("%d,\"", id)
	pad := boundary - 1 - b.Len() - len(prefix)
	fmt.Fprintf(&b, "%s%s\n\"\n", prefix, strings.Repeat("a", pad))
	for b.Len() < 3<<20 {
		id++
		fmt.Fprintf(&b, "%d,plain note %d\n", id, id)
	}
	path := writeFile(t, "abandon.csv", b.String())
	f := openFile(t, path, Options{PartitionSize: ps})
	s := f.NewScan(allCols(f))
	// Partition 1 opened from its guess, before partition 0 is read.
	r, err := s.Open(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		var rec arrow.Record
		rec, err = r.Next(context.Background())
		if rec == nil && err == nil {
			t.Fatal("partition 1 ended without giving up on its guess")
		}
		if rec != nil {
			rec.Release()
		}
	}
	if !errors.Is(err, errAbandoned) {
		t.Fatalf("partition 1: %v, want errAbandoned", err)
	}
	if got := len(r.(*reader).buf); got > 4<<20 {
		t.Errorf("partition 1 buffered %d bytes before giving up", got)
	}
	r.Close()
	_, want := readSingle(t, path, Options{}, nil)
	if want.err != nil || len(want.rows) != id {
		t.Fatalf("serial read: %d rows, %v; want %d", len(want.rows), want.err, id)
	}
	if restarts := crossCheck(t, path, Options{}, []int64{ps}, nil, want); restarts == 0 {
		t.Error("no partition was read again")
	}
}
