// Package vector holds sqlcsv's execution engine: operators that pass Apache
// Arrow record batches to one another, and the expression kernels that
// compute a whole column of a batch at a time.
//
// An operator tree is pulled from the top. Parallelism comes from Gather,
// which runs one copy of a sub-pipeline per partition of the input on a pool
// of workers and merges their outputs back in partition order, so results do
// not depend on the number of workers.
package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
)

// BatchSize is the number of rows an operator aims to put in one batch.
// Tests shrink it to exercise batch boundaries.
var BatchSize = 8192

// Operator produces a stream of record batches.
//
// The consumer calls Open once, then Next until it returns a nil record (end
// of stream) or an error, then Close exactly once, whether Open and Next
// succeeded or not. Each record returned by Next belongs to the caller, who
// must Release it; an operator never reuses a record it has returned.
// Operators return errors rather than panic.
type Operator interface {
	// Schema is the shape of every batch the operator returns.
	Schema() *arrow.Schema
	// Open prepares the operator; ctx bounds the whole stream's lifetime.
	Open(ctx context.Context) error
	// Next returns the next batch, or nil at the end of the stream.
	Next(ctx context.Context) (arrow.Record, error)
	// Close releases every resource; it is safe after a failed Open.
	Close() error
}

// BatchReader reads the rows of one partition of a table.
type BatchReader interface {
	// Next returns the next batch of rows, or nil at the end of the partition.
	Next(ctx context.Context) (arrow.Record, error)
	// Close releases the reader's resources.
	Close() error
}

// ScanSource is a table whose rows can be read in independent partitions.
// A query calls NewScan once and then opens each partition once (and again,
// if Restart asks for it).
type ScanSource interface {
	// NewScan prepares one query's reading of the given columns (by index in
	// the table's schema).
	NewScan(cols []int) Scan
}

// Scan is one query's reading of a table, split into partitions.
type Scan interface {
	// Partitions is the number of partitions.
	Partitions() int
	// Open starts reading partition p.
	Open(ctx context.Context, p int) (BatchReader, error)
	// Restart is called once partition p-1 has been read completely, before
	// any row of p is used. It reports whether partition p must be read
	// again from the start (its first output was based on a guess that
	// turned out wrong) and prepares the scan so that a new Open of p is
	// right.
	Restart(p int) bool
	// Describe names the scan's source and layout for EXPLAIN.
	Describe() string
}

// ProgressReporter is a Scan that counts what it has read so far, safe to
// ask while it runs: bytes of text parsed, of total (-1 if unknown, as for
// a compressed file), and rows produced. A partition read again counts
// again.
type ProgressReporter interface {
	Progress() (bytes, total, rows int64)
}

// Rejecter is a Scan that can skip broken rows instead of failing: once
// every partition has been read, Rejected reports how many it skipped and
// a line about each of the first ones.
type Rejecter interface {
	Rejected() (n int64, lines []string)
	// Source names what is read (a table or a file), for messages.
	Source() string
}
