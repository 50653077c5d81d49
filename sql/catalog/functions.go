package catalog

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Function is one overload of a scalar function the embedder registered
// (a user-defined function): the argument counts it takes, their types,
// its result type and the Go code that computes it.
type Function struct {
	// Name is the lower-case name SQL calls it by.
	Name string
	// Args are the declared argument types, to which the binder converts
	// the arguments implicitly; nil when AnyArgs.
	Args []types.Type
	// AnyArgs is set for arguments of any type, MinArgs to MaxArgs of
	// them (MaxArgs < 0: no bound), passed as they are.
	AnyArgs          bool
	MinArgs, MaxArgs int
	// Result is the type of the value Eval returns.
	Result types.Type
	// ResultTag is the tag (types.Column's) of a result column that is
	// a call of the function.
	ResultTag string
	// Volatile functions may return different values for the same
	// arguments, so they are not evaluated once at planning time.
	Volatile bool
	// Eval computes one row's value from its arguments (see vector.UserFunc
	// for the Go representation of values).
	Eval func(ctx context.Context, args []any) (any, error)
	// Rows, set instead of Eval, makes a set-returning function: it
	// returns the values of the rows one call yields.
	Rows func(ctx context.Context, args []any) ([]any, error)
	// ResultFor, if set, chooses the result type and tag of a call from
	// its arguments' tags ("" where an argument has none), overriding
	// Result and ResultTag.
	ResultFor func(argTags []string) (types.Type, string)
}

// Takes reports whether the overload accepts n arguments.
func (f *Function) Takes(n int) bool {
	lo, hi := f.arity()
	return n >= lo && (hi < 0 || n <= hi)
}

func (f *Function) arity() (lo, hi int) {
	if f.AnyArgs {
		return f.MinArgs, f.MaxArgs
	}
	return len(f.Args), len(f.Args)
}

// overlaps reports whether two overloads accept a common argument count.
func (f *Function) overlaps(g *Function) bool {
	flo, fhi := f.arity()
	glo, ghi := g.arity()
	return (fhi < 0 || glo <= fhi) && (ghi < 0 || flo <= ghi)
}

// ArityText describes the argument counts of overloads: "2", "1 or 3",
// "2 to 4", "at least 1".
func ArityText(overloads []*Function) string {
	parts := make([]string, 0, len(overloads))
	sorted := append([]*Function(nil), overloads...)
	sort.Slice(sorted, func(i, j int) bool { a, _ := sorted[i].arity(); b, _ := sorted[j].arity(); return a < b })
	for _, f := range sorted {
		lo, hi := f.arity()
		switch {
		case hi < 0:
			parts = append(parts, fmt.Sprintf("at least %d", lo))
		case hi == lo:
			parts = append(parts, fmt.Sprint(lo))
		default:
			parts = append(parts, fmt.Sprintf("%d to %d", lo, hi))
		}
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// RegisterFunction adds an overload of f.Name, replacing the overloads of
// that name whose argument counts it shares. The caller checks f.
func (c *Catalog) RegisterFunction(f *Function) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.funcs == nil {
		c.funcs = map[string][]*Function{}
	}
	var keep []*Function
	for _, g := range c.funcs[f.Name] {
		if !g.overlaps(f) {
			keep = append(keep, g)
		}
	}
	c.funcs[f.Name] = append(keep, f)
}

// Functions returns the overloads of the registered function called name
// (case-insensitive), none if there is none.
func (c *Catalog) Functions(name string) []*Function {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.funcs[strings.ToLower(name)]
}

// FunctionNames returns the names of the registered functions, sorted.
func (c *Catalog) FunctionNames() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(c.funcs))
	for name := range c.funcs {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
