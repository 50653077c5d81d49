package vector

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// A MemoryBudget bounds the memory a query's operators hold: the hash
// tables of aggregations and joins, a sort's or a window's input. Each
// operator charges what it holds as it grows and gives it back when it
// closes; one that would take the total past the limit fails with a
// MemoryLimitError. Operators find the budget in the context of their
// Open and Next (WithMemoryBudget).
type MemoryBudget struct {
	limit int64
	used  atomic.Int64
}

// NewMemoryBudget returns a budget of limit bytes.
func NewMemoryBudget(limit int64) *MemoryBudget { return &MemoryBudget{limit: limit} }

// Used is the memory the operators hold now.
func (b *MemoryBudget) Used() int64 { return b.used.Load() }

type budgetKey struct{}

// WithMemoryBudget returns a context whose operators charge b.
func WithMemoryBudget(ctx context.Context, b *MemoryBudget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

// ErrMemoryLimit is what a MemoryLimitError is, for errors.Is.
var ErrMemoryLimit = errors.New("memory limit exceeded")

// MemoryLimitError is a query that needed more memory than its limit.
type MemoryLimitError struct {
	Limit    int64  // the budget, in bytes
	Needed   int64  // what the operators would have held
	Operator string // the one that asked for more
}

func (e *MemoryLimitError) Error() string {
	return fmt.Sprintf("%v: the query needs %s (its %s asked for more), past the limit of %s; hint: raise the memory limit, or group by fewer distinct values, join on the smaller table, or filter first",
		ErrMemoryLimit, mib(e.Needed), e.Operator, mib(e.Limit))
}

// Is makes errors.Is(err, ErrMemoryLimit) hold.
func (e *MemoryLimitError) Is(target error) bool { return target == ErrMemoryLimit }

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// memCharge is what one operator has charged to its query's budget.
type memCharge struct {
	b    *MemoryBudget
	held int64
}

// set makes the charge bytes, failing if that takes the budget past its
// limit (the charge is kept: release gives it back).
func (c *memCharge) set(ctx context.Context, op string, bytes int64) error {
	if c.b == nil {
		b, _ := ctx.Value(budgetKey{}).(*MemoryBudget)
		if b == nil {
			return nil
		}
		c.b = b
	}
	d := bytes - c.held
	c.held = bytes
	used := c.b.used.Add(d)
	if d > 0 && used > c.b.limit {
		return &MemoryLimitError{Limit: c.b.limit, Needed: used, Operator: op}
	}
	return nil
}

// release gives the charge back.
func (c *memCharge) release() {
	if c.b != nil {
		c.b.used.Add(-c.held)
		c.held = 0
	}
}
