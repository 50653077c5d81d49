package vector

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
)

// Project computes a new batch of columns, one per expression, from each
// input batch.
type Project struct {
	input  Operator
	exprs  []Expr
	schema *arrow.Schema
}

// NewProject returns a projection of input; schema names the outputs.
func NewProject(input Operator, exprs []Expr, schema *arrow.Schema) *Project {
	return &Project{input: input, exprs: exprs, schema: schema}
}

// Schema implements Operator.
func (p *Project) Schema() *arrow.Schema { return p.schema }

// Open implements Operator.
func (p *Project) Open(ctx context.Context) error { return p.input.Open(ctx) }

// Close implements Operator.
func (p *Project) Close() error { return p.input.Close() }

// Next implements Operator.
func (p *Project) Next(ctx context.Context) (arrow.Record, error) {
	rec, err := p.input.Next(ctx)
	if err != nil || rec == nil {
		return nil, err
	}
	defer rec.Release()
	return ProjectRecord(rec, p.exprs, p.schema)
}

// ProjectRecord evaluates exprs over rec into a record of the given schema.
func ProjectRecord(rec arrow.Record, exprs []Expr, schema *arrow.Schema) (arrow.Record, error) {
	cols := make([]arrow.Array, len(exprs))
	for i, e := range exprs {
		c, err := e.Eval(rec)
		if err != nil {
			releaseAll(cols...)
			return nil, err
		}
		cols[i] = c
	}
	out := NewRecord(schema, cols, int(rec.NumRows()))
	releaseAll(cols...)
	return out, nil
}

var _ Operator = (*Project)(nil)
