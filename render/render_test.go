package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func col(name string, t types.Type) types.Column {
	return types.Column{Name: name, Type: t, Nullable: true, Origin: types.Derived}
}

// date returns the DATE value of y-m-d.
func date(y int, m time.Month, d int) arrow.Date32 {
	return arrow.Date32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ts returns the TIMESTAMP value of the given time, read as UTC.
func ts(y int, m time.Month, d, hh, mm, ss, us int) arrow.Timestamp {
	return arrow.Timestamp(time.Date(y, m, d, hh, mm, ss, us*1000, time.UTC).UnixMicro())
}

// record builds a batch of cols from rows; nil is NULL. Values are int64,
// float64, string, bool, arrow.Date32 or arrow.Timestamp.
func record(t testing.TB, cols []types.Column, rows ...[]any) arrow.Record {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	for _, row := range rows {
		if len(row) != len(cols) {
			t.Fatalf("row %v has %d values, want %d", row, len(row), len(cols))
		}
		for i, v := range row {
			fb := b.Field(i)
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int64Builder:
				fb.Append(v.(int64))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.StringBuilder:
				fb.Append(v.(string))
			case *array.BooleanBuilder:
				fb.Append(v.(bool))
			case *array.Date32Builder:
				fb.Append(v.(arrow.Date32))
			case *array.TimestampBuilder:
				fb.Append(v.(arrow.Timestamp))
			default:
				t.Fatalf("no value %v for builder %T", v, fb)
			}
		}
	}
	return b.NewRecord()
}

// render prints the batches with a new writer and returns the output.
func render(t testing.TB, f Format, opt Options, cols []types.Column, recs ...arrow.Record) string {
	t.Helper()
	var out bytes.Buffer
	w := New(f, &out, opt)
	if err := w.Begin(cols); err != nil {
		t.Fatalf("Begin: %v", err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatalf("Write: %v", err)
		}
		r.Release()
	}
	if err := w.End(); err != nil {
		t.Fatalf("End: %v", err)
	}
	return out.String()
}

func check(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got\n%s\nwant\n%s\n(got %q)", name, got, want, got)
	}
}

func TestFormatValueDouble(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{0.1, "0.1"},
		{3.0, "3"},
		{-3.0, "-3"},
		{12.5, "12.5"},
		{1.0 / 3, "0.3333333333333333"},
		{1e20, "1e+20"},
		{1.5e-5, "1.5e-05"},
		{0.0001, "0.0001"},
		{0.00012, "0.00012"},
		{123456789012345678, "1.2345678901234568e+17"},
		{1e14, "100000000000000"},
		{123456789012345, "123456789012345"},
		{1e15, "1e+15"},
		{1234567890123456, "1.234567890123456e+15"},
		{-2.5e-300, "-2.5e-300"},
		{1e100, "1e+100"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	cols := []types.Column{col("d", types.DoubleType)}
	for _, tc := range tests {
		rec := record(t, cols, []any{tc.v})
		got, null := FormatValue(rec.Column(0), 0)
		if got != tc.want || null {
			t.Errorf("FormatValue(%v) = %q, %v; want %q", tc.v, got, null, tc.want)
		}
		b, null := AppendValue([]byte("x"), rec.Column(0), 0)
		if string(b) != "x"+tc.want || null {
			t.Errorf("AppendValue(%v) = %q, %v; want %q", tc.v, b, null, "x"+tc.want)
		}
		rec.Release()
	}
}

func TestFormatValueTypes(t *testing.T) {
	cols := []types.Column{
		col("b", types.BooleanType), col("i", types.BigintType), col("s", types.VarcharType),
		col("d", types.DateType), col("t", types.TimestampType), col("n", types.UnknownType),
	}
	rec := record(t, cols,
		[]any{true, int64(-9223372036854775808), "héllo, \"x\"", date(2011, 7, 18), ts(2011, 7, 18, 13, 5, 9, 0), nil},
		[]any{false, int64(42), "", date(1969, 12, 31), ts(2011, 7, 18, 13, 5, 9, 120000), nil},
		[]any{nil, nil, nil, date(1900, 2, 28), ts(1969, 12, 31, 23, 59, 59, 999999), nil},
		[]any{nil, nil, nil, date(2000, 2, 29), ts(1960, 1, 1, 0, 0, 0, 1), nil},
		[]any{nil, nil, nil, date(1, 1, 1), ts(9999, 12, 31, 23, 59, 59, 500), nil},
	)
	defer rec.Release()
	want := [][]string{
		{"true", "-9223372036854775808", "héllo, \"x\"", "2011-07-18", "2011-07-18 13:05:09", "<null>"},
		{"false", "42", "", "1969-12-31", "2011-07-18 13:05:09.12", "<null>"},
		{"<null>", "<null>", "<null>", "1900-02-28", "1969-12-31 23:59:59.999999", "<null>"},
		{"<null>", "<null>", "<null>", "2000-02-29", "1960-01-01 00:00:00.000001", "<null>"},
		{"<null>", "<null>", "<null>", "0001-01-01", "9999-12-31 23:59:59.0005", "<null>"},
	}
	for r, row := range want {
		for c, w := range row {
			got, null := FormatValue(rec.Column(c), r)
			if null {
				got = "<null>"
			}
			if got != w {
				t.Errorf("row %d col %s: got %q, want %q", r, cols[c].Name, got, w)
			}
		}
	}
}

func TestFormatValueDoesNotAlias(t *testing.T) {
	rec := record(t, []types.Column{col("s", types.VarcharType)}, []any{"abc"})
	defer rec.Release()
	s, _ := FormatValue(rec.Column(0), 0)
	overwrite(rec)
	if s != "abc" {
		t.Errorf("FormatValue result changed with the record: %q", s)
	}
}

// overwrite scribbles over the string data of rec, as a reuse of its memory
// would.
func overwrite(rec arrow.Record) {
	for _, a := range rec.Columns() {
		if a.DataType().ID() == arrow.STRING {
			data := a.Data().Buffers()[2].Bytes()
			for i := range data {
				data[i] = '#'
			}
		}
	}
}

var sampleCols = []types.Column{
	col("year", types.BigintType),
	col("state", types.VarcharType),
	col("mme", types.DoubleType),
}

func sample(t *testing.T) arrow.Record {
	return record(t, sampleCols,
		[]any{int64(2006), "AL", 12.5},
		[]any{int64(2007), "Zürich straße", 0.1},
		[]any{nil, "two\nlines\tand tab", nil},
		[]any{int64(-12345), "", 1e20},
		[]any{int64(3), nil, 3.0},
	)
}

func TestTable(t *testing.T) {
	got := render(t, Table, Options{}, sampleCols, sample(t))
	want := "" +
		"  year  |        state        |  mme  \n" +
		"--------+---------------------+-------\n" +
		"   2006 | AL                  |  12.5\n" +
		"   2007 | Zürich straße       |   0.1\n" +
		"   NULL | two\\nlines\\tand tab |  NULL\n" +
		" -12345 |                     | 1e+20\n" +
		"      3 | NULL                |     3\n" +
		"(5 rows)\n"
	check(t, "table", got, want)
}

func TestTableLastColumnLeftAligned(t *testing.T) {
	cols := []types.Column{
		col("n", types.BigintType), col("name", types.VarcharType),
	}
	got := render(t, Table, Options{}, cols, record(t, cols,
		[]any{int64(1), "a"},
		[]any{int64(22), "Ωmega"},
		[]any{int64(333), ""},
		[]any{nil, nil},
	))
	// The NULL widens column n to 4.
	want := "" +
		"  n   | name  \n" +
		"------+-------\n" +
		"    1 | a\n" +
		"   22 | Ωmega\n" +
		"  333 | \n" +
		" NULL | NULL\n" +
		"(4 rows)\n"
	check(t, "table", got, want)
}

func TestTableAllTypes(t *testing.T) {
	cols := []types.Column{
		col("b", types.BooleanType), col("d", types.DateType),
		col("ts", types.TimestampType), col("nothing", types.UnknownType),
	}
	got := render(t, Table, Options{NullString: "∅"}, cols, record(t, cols,
		[]any{true, date(1969, 7, 20), ts(1969, 7, 20, 20, 17, 40, 0), nil},
		[]any{false, date(2024, 2, 29), ts(2024, 2, 29, 1, 2, 3, 450000), nil},
		[]any{nil, nil, nil, nil},
	))
	want := "" +
		"   b   |     d      |           ts           | nothing \n" +
		"-------+------------+------------------------+---------\n" +
		" true  | 1969-07-20 | 1969-07-20 20:17:40    | ∅\n" +
		" false | 2024-02-29 | 2024-02-29 01:02:03.45 | ∅\n" +
		" ∅     | ∅          | ∅                      | ∅\n" +
		"(3 rows)\n"
	check(t, "table", got, want)
}

func TestTableZeroAndOneRow(t *testing.T) {
	got := render(t, Table, Options{}, sampleCols)
	want := "" +
		" year | state | mme \n" +
		"------+-------+-----\n" +
		"(0 rows)\n"
	check(t, "no batch", got, want)

	got = render(t, Table, Options{}, sampleCols, record(t, sampleCols))
	check(t, "empty batch", got, want)

	got = render(t, Table, Options{}, sampleCols, record(t, sampleCols), record(t, sampleCols, []any{int64(2006), "AL", 12.5}))
	want = "" +
		" year | state | mme  \n" +
		"------+-------+------\n" +
		" 2006 | AL    | 12.5\n" +
		"(1 row)\n"
	check(t, "one row", got, want)
}

func TestTableMaxWidth(t *testing.T) {
	cols := []types.Column{col("s", types.VarcharType), col("n", types.BigintType)}
	got := render(t, Table, Options{MaxWidth: 5}, cols, record(t, cols,
		[]any{"abcdefgh", int64(1234567)},
		[]any{"äöüäö", int64(12345)},
		[]any{"a\nbcdef", nil},
	))
	want := "" +
		"   s   |   n   \n" +
		"-------+-------\n" +
		" abcd… | 1234…\n" +
		" äöüäö | 12345\n" +
		" a\\nb… |  NULL\n" +
		"(3 rows)\n"
	check(t, "maxwidth", got, want)
}

func TestTableMany(t *testing.T) {
	cols := []types.Column{col("i", types.BigintType), col("s", types.VarcharType)}
	var recs []arrow.Record
	n := 0
	for _, size := range []int{700, 0, 700, 1, 1099} { // 2500 rows
		rows := make([][]any, size)
		for k := range rows {
			n++
			s := "x"
			if n == 2000 {
				s = "a value longer than any of the first thousand"
			}
			rows[k] = []any{int64(n), s}
		}
		recs = append(recs, record(t, cols, rows...))
	}
	got := render(t, Table, Options{}, cols, recs...)
	lines := strings.Split(got, "\n")
	// header, separator, 2500 rows, footer, "" after the final newline.
	if len(lines) != 2504 {
		t.Fatalf("got %d lines, want 2504", len(lines))
	}
	check(t, "header", lines[0]+"\n"+lines[1], "  i   | s \n------+---")
	check(t, "row 1", lines[2], "    1 | x")
	check(t, "row 1000", lines[1001], " 1000 | x")
	check(t, "row 1001", lines[1002], " 1001 | x")
	check(t, "row 2000", lines[2001], " 2000 | a value longer than any of the first thousand")
	check(t, "row 2500", lines[2501], " 2500 | x")
	check(t, "footer", lines[2502], "(2500 rows)")
	for k, line := range lines[2:2502] {
		if want := fmt.Sprintf("%5d | ", k+1); !strings.HasPrefix(line, want) {
			t.Fatalf("line %d = %q, want prefix %q", k+2, line, want)
		}
	}
}

// TestTableWidthsFromFirst1000 checks that only the first 1000 rows widen
// the columns, and that a wider later number is printed whole.
func TestTableWidthsFromFirst1000(t *testing.T) {
	cols := []types.Column{col("n", types.BigintType), col("s", types.VarcharType)}
	rows := make([][]any, 1001)
	for k := range rows {
		rows[k] = []any{int64(k % 10), "ab"}
	}
	rows[1000] = []any{int64(123456), "abcdef"}
	got := render(t, Table, Options{}, cols, record(t, cols, rows...))
	lines := strings.Split(got, "\n")
	check(t, "header", lines[0], " n | s  ")
	check(t, "row 1000", lines[1001], " 9 | ab")
	check(t, "row 1001", lines[1002], " 123456 | abcdef")
	check(t, "footer", lines[1003], "(1001 rows)")
}

func TestTableDoesNotRetainRecord(t *testing.T) {
	cols := []types.Column{col("s", types.VarcharType)}
	var out bytes.Buffer
	w := New(Table, &out, Options{})
	if err := w.Begin(cols); err != nil {
		t.Fatal(err)
	}
	rec := record(t, cols, []any{"hello"}, []any{"world"})
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	overwrite(rec)
	rec.Release()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	check(t, "table", out.String(), "   s   \n-------\n hello\n world\n(2 rows)\n")
}

func TestCSV(t *testing.T) {
	got := render(t, CSV, Options{}, sampleCols, sample(t))
	want := "" +
		"year,state,mme\n" +
		"2006,AL,12.5\n" +
		"2007,Zürich straße,0.1\n" +
		",\"two\nlines\tand tab\",\n" +
		"-12345,\"\",1e+20\n" +
		"3,,3\n"
	check(t, "csv", got, want)

	cols := []types.Column{col("a,b", types.VarcharType), col("say \"hi\"", types.VarcharType), col("", types.BooleanType)}
	got = render(t, CSV, Options{}, cols, record(t, cols,
		[]any{" lead", "trail ", true},
		[]any{"x,y", "she said \"no\"", false},
		[]any{"cr\rhere", "in side", nil},
	))
	want = "" +
		"\"a,b\",\"say \"\"hi\"\"\",\"\"\n" +
		"\" lead\",\"trail \",true\n" +
		"\"x,y\",\"she said \"\"no\"\"\",false\n" +
		"\"cr\rhere\",in side,\n"
	check(t, "csv quoting", got, want)

	check(t, "csv empty", render(t, CSV, Options{}, sampleCols), "year,state,mme\n")
}

func TestTSV(t *testing.T) {
	got := render(t, TSV, Options{}, sampleCols, sample(t))
	want := "" +
		"year\tstate\tmme\n" +
		"2006\tAL\t12.5\n" +
		"2007\tZürich straße\t0.1\n" +
		"\t\"two\nlines\tand tab\"\t\n" +
		"-12345\t\"\"\t1e+20\n" +
		"3\t\t3\n"
	check(t, "tsv", got, want)

	cols := []types.Column{col("a", types.VarcharType), col("b", types.DateType)}
	got = render(t, TSV, Options{}, cols, record(t, cols,
		[]any{" spaces, commas ", date(1950, 1, 2)},
		[]any{"quote\"d", nil},
	))
	want = "" +
		"a\tb\n" +
		" spaces, commas \t1950-01-02\n" +
		"\"quote\"\"d\"\t\n"
	check(t, "tsv quoting", got, want)
}

func TestJSON(t *testing.T) {
	got := render(t, JSON, Options{}, sampleCols, sample(t))
	want := "" +
		`[{"year":2006,"state":"AL","mme":12.5},` + "\n" +
		`{"year":2007,"state":"Zürich straße","mme":0.1},` + "\n" +
		`{"year":null,"state":"two\nlines\tand tab","mme":null},` + "\n" +
		`{"year":-12345,"state":"","mme":1e+20},` + "\n" +
		`{"year":3,"state":null,"mme":3}]` + "\n"
	check(t, "json", got, want)

	check(t, "json empty", render(t, JSON, Options{}, sampleCols), "[]\n")
	check(t, "json empty batch", render(t, JSON, Options{}, sampleCols, record(t, sampleCols)), "[]\n")

	cols := []types.Column{
		col(`we"ird<key>`, types.DoubleType), col("b", types.BooleanType), col("d", types.DateType),
		col("t", types.TimestampType), col("s", types.VarcharType), col("n", types.UnknownType),
	}
	got = render(t, JSON, Options{}, cols,
		record(t, cols,
			[]any{math.NaN(), true, date(1899, 12, 31), ts(1970, 1, 1, 0, 0, 0, 500), "<a&b>\\\x01\u2028", nil},
			[]any{math.Inf(1), false, nil, nil, nil, nil},
		),
		record(t, cols,
			[]any{math.Inf(-1), nil, nil, nil, "x", nil},
			[]any{1.5e-5, nil, nil, nil, "y", nil},
		),
	)
	want = "" +
		`[{"we\"ird<key>":"NaN","b":true,"d":"1899-12-31","t":"1970-01-01 00:00:00.0005","s":"<a&b>\\\u0001\u2028","n":null},` + "\n" +
		`{"we\"ird<key>":"Infinity","b":false,"d":null,"t":null,"s":null,"n":null},` + "\n" +
		`{"we\"ird<key>":"-Infinity","b":null,"d":null,"t":null,"s":"x","n":null},` + "\n" +
		`{"we\"ird<key>":1.5e-05,"b":null,"d":null,"t":null,"s":"y","n":null}]` + "\n"
	check(t, "json types", got, want)
}

func TestAppendJSONStringInvalidUTF8(t *testing.T) {
	got := string(appendJSONString(nil, []byte("a\xffb\u00e9\x7f")))
	check(t, "json string", got, "\"a\\ufffdb\u00e9\x7f\"")
}

func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"table": Table, "CSV": CSV, " Tsv ": TSV, "json": JSON} {
		got, err := ParseFormat(s)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", s, got, err, want)
		}
		if got.String() != strings.ToLower(strings.TrimSpace(s)) {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	_, err := ParseFormat("xml")
	if err == nil || !strings.Contains(err.Error(), `"xml"`) || !strings.Contains(err.Error(), "table, csv, tsv, json") {
		t.Errorf("ParseFormat(xml) error = %v", err)
	}
}

type failWriter struct{ n int }

var errBroken = errors.New("broken pipe")

func (f *failWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errBroken
}

func TestErrors(t *testing.T) {
	for _, f := range []Format{Table, CSV, TSV, JSON} {
		w := New(f, &bytes.Buffer{}, Options{})
		rec := record(t, sampleCols, []any{int64(1), "a", 1.0})
		if err := w.Write(rec); err == nil {
			t.Errorf("%v: Write before Begin succeeded", f)
		}
		if err := w.Begin(sampleCols[:2]); err != nil {
			t.Fatal(err)
		}
		if err := w.Write(rec); err == nil {
			t.Errorf("%v: Write of a 3-column batch to a 2-column result succeeded", f)
		}
		rec.Release()

		// A failing output is reported, at the latest by End.
		fw := &failWriter{}
		w = New(f, fw, Options{})
		var werr error
		if err := w.Begin(sampleCols); err != nil {
			werr = err
		}
		rows := make([][]any, 5000)
		for k := range rows {
			rows[k] = []any{int64(k), "some text to fill the buffer", 1.5}
		}
		for k := 0; k < 3 && werr == nil; k++ {
			rec := record(t, sampleCols, rows...)
			werr = w.Write(rec)
			rec.Release()
		}
		if err := w.End(); werr == nil {
			werr = err
		}
		if !errors.Is(werr, errBroken) {
			t.Errorf("%v: error = %v, want %v", f, werr, errBroken)
		}
	}
}

func TestAppendValueNoAlloc(t *testing.T) {
	cols := []types.Column{
		col("i", types.BigintType), col("f", types.DoubleType), col("b", types.BooleanType),
		col("d", types.DateType), col("t", types.TimestampType),
	}
	rec := record(t, cols, []any{int64(-123456789), 1.2345678901234567e-7, true, date(1850, 3, 4), ts(2011, 7, 18, 13, 5, 9, 123456)})
	defer rec.Release()
	buf := make([]byte, 0, 64)
	for c := range cols {
		a := rec.Column(c)
		if n := testing.AllocsPerRun(100, func() { buf, _ = AppendValue(buf[:0], a, 0) }); n != 0 {
			t.Errorf("AppendValue(%s) allocates %v times", cols[c].Name, n)
		}
	}
}

// MaxRows shows the first and last rows of a long result, a row of "…"
// between them and the total in the footer; batches of any size, and a
// result that fits, print as they should.
func TestTableMaxRows(t *testing.T) {
	cols := []types.Column{col("n", types.BigintType), col("s", types.VarcharType)}
	rows := func(from, to int) arrow.Record {
		var rs [][]any
		for i := from; i < to; i++ {
			rs = append(rs, []any{int64(i), fmt.Sprint("r", i)})
		}
		return record(t, cols, rs...)
	}
	// 25 rows in batches of 7, 7, 7 and 4: the last three rows span two
	// batches.
	got := render(t, Table, Options{MaxRows: 5}, cols, rows(1, 8), rows(8, 15), rows(15, 22), rows(22, 26))
	want := "" +
		" n  |  s  \n" +
		"----+-----\n" +
		"  1 | r1\n" +
		"  2 | r2\n" +
		"  3 | r3\n" +
		"  … | …\n" +
		" 24 | r24\n" +
		" 25 | r25\n" +
		"(25 rows, 5 shown)\n"
	check(t, "capped", got, want)
	// Four rows under a cap of five: all shown, no ellipsis.
	got = render(t, Table, Options{MaxRows: 5}, cols, rows(1, 3), rows(3, 5))
	want = "" +
		" n | s  \n" +
		"---+----\n" +
		" 1 | r1\n" +
		" 2 | r2\n" +
		" 3 | r3\n" +
		" 4 | r4\n" +
		"(4 rows)\n"
	check(t, "fits", got, want)
	// Exactly the cap: all shown.
	got = render(t, Table, Options{MaxRows: 2}, cols, rows(1, 3))
	check(t, "exactly", got, " n | s  \n---+----\n 1 | r1\n 2 | r2\n(2 rows)\n")
}

// ShowTypes prints each column's type under its name, and a type wider
// than every value widens its column.
func TestTableShowTypes(t *testing.T) {
	cols := []types.Column{col("n", types.BigintType), col("d", types.DoubleType), col("s", types.VarcharType)}
	got := render(t, Table, Options{ShowTypes: true}, cols, record(t, cols, []any{int64(1), 2.5, "x"}, []any{nil, nil, nil}))
	want := "" +
		"   n    |   d    |    s    \n" +
		" BIGINT | DOUBLE | VARCHAR \n" +
		"--------+--------+---------\n" +
		"      1 |    2.5 | x\n" +
		"   NULL |   NULL | NULL\n" +
		"(2 rows)\n"
	check(t, "types", got, want)
}

// A capped table holds only the rows it will show, however many it is
// given.
func TestTableMaxRowsBounded(t *testing.T) {
	cols := []types.Column{col("n", types.BigintType)}
	w := New(Table, io.Discard, Options{MaxRows: 40}).(*tableWriter)
	if err := w.Begin(cols); err != nil {
		t.Fatal(err)
	}
	var rs [][]any
	for i := 0; i < 1000; i++ {
		rs = append(rs, []any{int64(i)})
	}
	rec := record(t, cols, rs...)
	for b := 0; b < 200; b++ {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		if w.nbuf > 20 || len(w.cells) > 20 || len(w.tail) > 20 {
			t.Fatalf("after %d batches: %d head rows, %d cells, %d tail rows held", b+1, w.nbuf, len(w.cells), len(w.tail))
		}
	}
	rec.Release()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if w.rows != 200000 {
		t.Errorf("counted %d rows, want 200000", w.rows)
	}
}

// Width narrows the widest columns of a capped table until a line fits,
// cutting names, type names and cells with "…", and leaves a table that
// fits as it is.
func TestTableWidth(t *testing.T) {
	cols := []types.Column{col("id", types.BigintType), col("description", types.VarcharType), col("note", types.VarcharType)}
	rec := func() arrow.Record {
		return record(t, cols,
			[]any{int64(1), "a rather long description of the first row", "short"},
			[]any{int64(22), "tiny", "a note that is long too"})
	}
	// Unconstrained, the lines are 1+2+3+43+3+23+1 = 76 runes wide.
	got := render(t, Table, Options{MaxRows: 10, ShowTypes: true, Width: 40}, cols, rec())
	want := "" +
		"   id   |  description  |     note      \n" +
		" BIGINT |    VARCHAR    |    VARCHAR    \n" +
		"--------+---------------+---------------\n" +
		"      1 | a rather lon… | short\n" +
		"     22 | tiny          | a note that …\n" +
		"(2 rows)\n"
	check(t, "narrowed", got, want)
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > 40 {
			t.Errorf("line %q is %d runes wide, over 40", line, n)
		}
	}
	// Wide enough: unchanged.
	got = render(t, Table, Options{MaxRows: 10, Width: 80}, cols, rec())
	want = render(t, Table, Options{MaxRows: 10}, cols, rec())
	check(t, "fits", got, want)
	// Too narrow for all three: the middle one is hidden behind a "…"
	// column, and the rest are narrowed to no less than three runes.
	got = render(t, Table, Options{MaxRows: 10, Width: 5}, cols, rec())
	want = "" +
		" id | … | no… \n" +
		"----+---+-----\n" +
		"  1 | … | sh…\n" +
		" 22 | … | a …\n" +
		"(2 rows; 3 columns, 2 shown)\n"
	check(t, "floor", got, want)
	// Eight columns of ten runes on 60: the first two and the last two
	// fit (55 runes; a fifth would make 68), with the ellipsis row of a capped result.
	var many []types.Column
	var row []any
	for i := 0; i < 8; i++ {
		many = append(many, col(fmt.Sprint("c", i), types.VarcharType))
		row = append(row, fmt.Sprintf("value%05d", i))
	}
	got = render(t, Table, Options{MaxRows: 2, Width: 60}, many, record(t, many, row, row, row))
	want = "" +
		"     c0     |     c1     | … |     c6     |     c7     \n" +
		"------------+------------+---+------------+------------\n" +
		" value00000 | value00001 | … | value00006 | value00007\n" +
		" …          | …          | … | …          | …\n" +
		" value00000 | value00001 | … | value00006 | value00007\n" +
		"(3 rows, 2 shown; 8 columns, 4 shown)\n"
	check(t, "hidden", got, want)
}
