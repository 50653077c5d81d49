package vector

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
)

// TableScan reads one partition of a Scan, applying an optional filter to
// each batch as it is parsed.
type TableScan struct {
	scan   Scan
	part   int
	filter Expr
	schema *arrow.Schema
	reader BatchReader
	sel    []int32
}

// NewTableScan returns the operator that reads partition part of scan;
// filter (may be nil) is a BOOLEAN expression over the scanned columns.
func NewTableScan(scan Scan, part int, schema *arrow.Schema, filter Expr) *TableScan {
	return &TableScan{scan: scan, part: part, filter: filter, schema: schema}
}

// Schema implements Operator.
func (s *TableScan) Schema() *arrow.Schema { return s.schema }

// Open implements Operator.
func (s *TableScan) Open(ctx context.Context) error {
	r, err := s.scan.Open(ctx, s.part)
	if err != nil {
		return err
	}
	s.reader = r
	return nil
}

// Next implements Operator.
func (s *TableScan) Next(ctx context.Context) (arrow.Record, error) {
	for {
		rec, err := s.reader.Next(ctx)
		if err != nil || rec == nil {
			return nil, err
		}
		if s.filter == nil {
			return rec, nil
		}
		out, err := applyFilter(rec, s.filter, &s.sel)
		rec.Release()
		if err != nil {
			return nil, err
		}
		if out.NumRows() > 0 {
			return out, nil
		}
		out.Release()
	}
}

// Close implements Operator.
func (s *TableScan) Close() error {
	if s.reader == nil {
		return nil
	}
	err := s.reader.Close()
	s.reader = nil
	return err
}

// applyFilter returns the rows of rec where pred is TRUE.
func applyFilter(rec arrow.Record, pred Expr, sel *[]int32) (arrow.Record, error) {
	m, err := pred.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer m.Release()
	if m.DataType().ID() != arrow.BOOL && m.DataType().ID() != arrow.NULL {
		return nil, fmt.Errorf("filter %s is not BOOLEAN", pred)
	}
	*sel = Selection(m, *sel)
	if len(*sel) == int(rec.NumRows()) {
		rec.Retain()
		return rec, nil
	}
	return TakeRecord(rec, *sel), nil
}

var _ Operator = (*TableScan)(nil)
