package optimizer

import (
	"fmt"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/vector"
)

// pAnalyze wraps a physical operator for EXPLAIN ANALYZE: every instance
// built reports its rows, time and memory to one OpStats, which Explain
// then shows after the operator's own description.
type pAnalyze struct {
	inner Physical
	stats *vector.OpStats
}

func analyzed(p Physical) Physical {
	if _, ok := p.(*pAnalyze); ok {
		return p
	}
	return &pAnalyze{inner: p, stats: &vector.OpStats{}}
}

func (p *pAnalyze) Columns() []plan.Column { return p.inner.Columns() }
func (p *pAnalyze) Children() []Physical   { return p.inner.Children() }
func (p *pAnalyze) partitioned() bool      { return p.inner.partitioned() }
func (p *pAnalyze) Explain() string {
	s := p.stats
	out := p.inner.Explain() + fmt.Sprintf(" [actual rows=%d batches=%d time=%s", s.Rows.Load(), s.Batches.Load(),
		time.Duration(s.Nanos.Load()).Round(time.Microsecond))
	if n := s.Instances.Load(); n > 1 {
		out += fmt.Sprintf(" (summed over %d instances)", n)
	}
	if b := s.PeakBytes.Load(); b > 0 {
		out += " memory=" + humanBytes(b)
		if s.Instances.Load() > 1 {
			out += " (largest instance)"
		}
	}
	return out + "]"
}
func (p *pAnalyze) build(part int) (vector.Operator, error) {
	op, err := p.inner.build(part)
	if err != nil {
		return nil, err
	}
	return vector.Instrument(op, p.stats), nil
}

// unwrap returns the operator an EXPLAIN ANALYZE wrapper stands for.
func unwrap(p Physical) Physical {
	if a, ok := p.(*pAnalyze); ok {
		return a.inner
	}
	return p
}

func humanBytes(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}
