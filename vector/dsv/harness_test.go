package dsv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector"
)

// This file holds the helpers the tests share: writing a file, reading one
// partition, and reading every partition the way vector.Gather does.

// nullCell is how a NULL prints in the rows the helpers return.
const nullCell = `\N`

// single is a partition size that puts every test file in one partition.
const single = int64(1) << 40

// writeFile writes content to a new file in a test directory.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openFile opens path as a table or fails the test.
func openFile(t testing.TB, path string, opts Options) *File {
	t.Helper()
	f, err := Open(context.Background(), "t", path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return f
}

// setBatchSize shrinks vector.BatchSize for one test. Tests that call it must
// not run in parallel.
func setBatchSize(t testing.TB, n int) {
	old := vector.BatchSize
	vector.BatchSize = n
	t.Cleanup(func() { vector.BatchSize = old })
}

// allCols lists every column of f.
func allCols(f *File) []int {
	cols := make([]int, len(f.Columns()))
	for i := range cols {
		cols[i] = i
	}
	return cols
}

// formatCell prints one value: strings as they are, NULL as \N, numbers,
// dates and timestamps in their SQL spelling.
func formatCell(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return nullCell
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Decimal128:
		return string(types.AppendDecimal(nil, a.Value(i), int(a.DataType().(*arrow.Decimal128Type).Scale)))
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Date32:
		return time.Unix(int64(a.Value(i))*86400, 0).UTC().Format("2006-01-02")
	case *array.Timestamp:
		return time.UnixMicro(int64(a.Value(i))).UTC().Format("2006-01-02 15:04:05.999999")
	}
	panic(fmt.Sprintf("formatCell: unexpected array %T", a))
}

// result is what reading some partitions gave: the rows (each a list of
// printed values; empty lists when no column is read), or the first error.
type result struct {
	rows [][]string
	err  error
}

func (r result) String() string {
	if r.err != nil {
		return "error: " + r.err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d rows", len(r.rows))
	for i, row := range r.rows {
		if i == 20 {
			b.WriteString("\n  ...")
			break
		}
		fmt.Fprintf(&b, "\n  %q", row)
	}
	return b.String()
}

// sameResult reports whether two reads agree exactly: the same rows, or the
// same error text.
func sameResult(a, b result) bool {
	if (a.err == nil) != (b.err == nil) {
		return false
	}
	if a.err != nil {
		return a.err.Error() == b.err.Error()
	}
	return reflect.DeepEqual(a.rows, b.rows)
}

// readPartition reads partition p of s to its end, checking each batch's
// shape against schema.
func readPartition(ctx context.Context, s vector.Scan, p int, schema *arrow.Schema) result {
	r, err := s.Open(ctx, p)
	if err != nil {
		return result{err: err}
	}
	var res result
	for {
		rec, err := r.Next(ctx)
		if err != nil {
			res.err = err
			break
		}
		if rec == nil {
			break
		}
		if err := checkBatch(rec, schema); err != nil {
			rec.Release()
			res.err = fmt.Errorf("partition %d: %w", p, err)
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
	if err := r.Close(); err != nil && res.err == nil {
		res.err = err
	}
	if res.err == nil {
		// After the end, Next keeps saying so.
		if rec, err := r.Next(ctx); rec != nil || err != nil {
			res.err = fmt.Errorf("partition %d: Next after the end = %v, %v", p, rec, err)
		}
	}
	return res
}

// errBadBatch marks a batch whose shape is wrong: these are test failures,
// never data errors.
var errBadBatch = errors.New("bad batch")

func checkBatch(rec arrow.Record, schema *arrow.Schema) error {
	if rec.NumRows() == 0 {
		return fmt.Errorf("%w: empty batch (the end of a partition is a nil record)", errBadBatch)
	}
	if int(rec.NumRows()) > vector.BatchSize {
		return fmt.Errorf("%w: %d rows, more than BatchSize %d", errBadBatch, rec.NumRows(), vector.BatchSize)
	}
	if !rec.Schema().Equal(schema) {
		return fmt.Errorf("%w: schema %s, want %s", errBadBatch, rec.Schema(), schema)
	}
	for c := 0; c < int(rec.NumCols()); c++ {
		if rec.Column(c).Len() != int(rec.NumRows()) {
			return fmt.Errorf("%w: column %d has %d values, the batch %d rows", errBadBatch, c, rec.Column(c).Len(), rec.NumRows())
		}
	}
	return nil
}

// scanStats counts what a partitioned read did.
type scanStats struct {
	partitions int
	restarts   int
}

// readOrdered reads every partition of a new scan of f the way Gather does,
// but deterministically: first every partition is read from its guessed
// start (as the workers would, in any order), then the partitions are used
// in order, and before using partition p (p > 0), once p-1 is done,
// Restart(p) decides whether p's output stands or p is read again. An error
// of a partition counts only when its output is used.
func readOrdered(t testing.TB, f *File, cols []int) (result, scanStats) {
	t.Helper()
	ctx := context.Background()
	s := f.NewScan(cols)
	schema := scanSchema(f, cols)
	n := s.Partitions()
	st := scanStats{partitions: n}
	spec := make([]result, n)
	// Every partition is opened before any Restart, so each one but the
	// first starts from a guess; the last is read first, as a worker might.
	for p := n - 1; p >= 0; p-- {
		spec[p] = readPartition(ctx, s, p, schema)
	}
	var out result
	for p := 0; p < n; p++ {
		res := spec[p]
		if p > 0 && s.Restart(p) {
			st.restarts++
			res = readPartition(ctx, s, p, schema)
		}
		if res.err != nil {
			return result{rows: out.rows, err: res.err}, st
		}
		out.rows = append(out.rows, res.rows...)
	}
	if s.Restart(n) || s.Restart(0) {
		t.Errorf("Restart outside 1..%d returned true", n-1)
	}
	return out, st
}

// readConcurrent reads every partition of a new scan of f like Gather with
// workers goroutines: the workers read partitions in any order while the
// consumer takes them in order, calling Restart(p) as soon as p-1 is done,
// possibly before p was even opened.
func readConcurrent(t testing.TB, f *File, cols []int, workers int) (result, scanStats) {
	t.Helper()
	ctx := context.Background()
	s := f.NewScan(cols)
	schema := scanSchema(f, cols)
	n := s.Partitions()
	st := scanStats{partitions: n}
	done := make([]chan result, n)
	for p := range done {
		done[p] = make(chan result, 1)
	}
	var next sync.Mutex
	np := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				p := np
				np++
				next.Unlock()
				if p >= n {
					return
				}
				done[p] <- readPartition(ctx, s, p, schema)
			}
		}()
	}
	defer wg.Wait()
	var out result
	for p := 0; p < n; p++ {
		restart := p > 0 && s.Restart(p)
		// Like Gather, wait for the worker's read of p to end before p is
		// read again, so the two never run at once.
		res := <-done[p]
		if restart {
			st.restarts++
			res = readPartition(ctx, s, p, schema)
		}
		if res.err != nil {
			// Let the workers finish: their results are dropped.
			for q := p + 1; q < n; q++ {
				<-done[q]
			}
			return result{rows: out.rows, err: res.err}, st
		}
		out.rows = append(out.rows, res.rows...)
	}
	return out, st
}

func scanSchema(f *File, cols []int) *arrow.Schema {
	cs := make([]types.Column, len(cols))
	for i, c := range cols {
		cs[i] = f.Columns()[c]
	}
	return vector.SchemaOf(cs)
}

// readSingle reads the whole file at path in one partition.
func readSingle(t testing.TB, path string, opts Options, cols func(*File) []int) (*File, result) {
	t.Helper()
	opts.PartitionSize = single
	f := openFile(t, path, opts)
	c := allCols(f)
	if cols != nil {
		c = cols(f)
	}
	s := f.NewScan(c)
	if s.Partitions() != 1 {
		t.Fatalf("%d partitions with PartitionSize %d", s.Partitions(), single)
	}
	res := readPartition(context.Background(), s, 0, scanSchema(f, c))
	if res.err != nil && errors.Is(res.err, errBadBatch) {
		t.Fatal(res.err)
	}
	return f, res
}

// crossCheck reads the file at path with each partition size, in both
// orders of the Restart protocol and with several batch sizes, and checks
// that every read gives exactly want (the single-partition result). It
// returns the number of restarts seen. Columns are those cols picks (nil:
// all).
func crossCheck(t *testing.T, path string, opts Options, sizes []int64, cols func(*File) []int, want result) int {
	t.Helper()
	restarts := 0
	ref, _ := readSingle(t, path, opts, cols)
	defer func(old int) { vector.BatchSize = old }(vector.BatchSize)
	batchSizes := []int{vector.BatchSize, 1, 3}
	if st, err := os.Stat(path); err != nil {
		t.Fatal(err)
	} else if st.Size() > 1<<16 {
		// Each batch scans the buffered rest of the partition for a quote:
		// tiny batches over megabytes would take minutes.
		batchSizes = []int{vector.BatchSize, 1000}
	}
	for _, bs := range batchSizes {
		vector.BatchSize = bs
		for _, ps := range sizes {
			o := opts
			o.PartitionSize = ps
			f := openFile(t, path, o)
			if !reflect.DeepEqual(f.Columns(), ref.Columns()) || f.Dialect() != ref.Dialect() {
				t.Fatalf("PartitionSize %d: sniffed %v %+v, with one partition %v %+v", ps, f.Columns(), f.Dialect(), ref.Columns(), ref.Dialect())
			}
			c := allCols(f)
			if cols != nil {
				c = cols(f)
			}
			got, st := readOrdered(t, f, c)
			restarts += st.restarts
			if got.err != nil && errors.Is(got.err, errBadBatch) {
				t.Fatal(got.err)
			}
			if !sameResult(got, want) {
				t.Fatalf("BatchSize %d, PartitionSize %d (%d partitions, %d restarts), in order:\ngot  %v\nwant %v", bs, ps, st.partitions, st.restarts, got, want)
			}
			got, st = readConcurrent(t, f, c, 3)
			restarts += st.restarts
			if !sameResult(got, want) {
				t.Fatalf("BatchSize %d, PartitionSize %d (%d partitions, %d restarts), concurrent:\ngot  %v\nwant %v", bs, ps, st.partitions, st.restarts, got, want)
			}
		}
	}
	return restarts
}

// tinySizes are partition sizes that start partitions in the middle of rows,
// fields and multi-byte characters of small files.
var tinySizes = []int64{1, 2, 3, 5, 7, 11, 37, 100}

// checkRows writes content, reads it in one partition and checks the rows
// are want, then checks that every partitioned read (partition sizes sizes,
// tinySizes when nil) gives the same rows, and that count(*) counts them.
// It returns the file's path and the number of restarts the partitioned
// reads made.
func checkRows(t *testing.T, content string, opts Options, sizes []int64, want [][]string) (string, int) {
	t.Helper()
	if sizes == nil {
		sizes = tinySizes
	}
	path := writeFile(t, "data.csv", content)
	_, got := readSingle(t, path, opts, nil)
	if got.err != nil {
		t.Fatalf("one partition: %v", got.err)
	}
	if len(got.rows) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got.rows, want)) {
		t.Fatalf("one partition:\ngot  %v\nwant %v", got, result{rows: want})
	}
	restarts := crossCheck(t, path, opts, sizes, nil, got)
	restarts += checkCount(t, path, opts, sizes, len(want))
	return path, restarts
}

// checkCount checks that reading no column (count(*)) gives n rows, in one
// partition and in each partitioned read.
func checkCount(t *testing.T, path string, opts Options, sizes []int64, n int) int {
	t.Helper()
	none := func(*File) []int { return nil }
	_, got := readSingle(t, path, opts, none)
	if got.err != nil || len(got.rows) != n {
		t.Fatalf("count(*) in one partition: %v, want %d rows", got, n)
	}
	for _, row := range got.rows {
		if len(row) != 0 {
			t.Fatalf("count(*): a row with %d values", len(row))
		}
	}
	return crossCheck(t, path, opts, sizes, none, got)
}

// checkFails writes content and checks that reading it in one partition
// fails with a *DataError, and that every partitioned read fails with the
// same error. It returns the error.
func checkFails(t *testing.T, content string, opts Options, sizes []int64) *DataError {
	t.Helper()
	if sizes == nil {
		sizes = tinySizes
	}
	path := writeFile(t, "data.csv", content)
	_, got := readSingle(t, path, opts, nil)
	var de *DataError
	if !errors.As(got.err, &de) {
		t.Fatalf("one partition: got %v, want a *DataError", got)
	}
	if de.Path != path {
		t.Errorf("DataError.Path = %q, want %q", de.Path, path)
	}
	crossCheck(t, path, opts, sizes, nil, result{err: got.err})
	return de
}
