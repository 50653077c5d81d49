// Package catalog keeps the tables a session can query: those registered
// by name, and files named by path in a query, opened on first use.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Table is anything a query can read rows from.
type Table interface {
	// Name is the table's name.
	Name() string
	// Columns is the table's schema.
	Columns() []types.Column
}

// WithHidden is implemented by tables that have columns SELECT * leaves
// out, such as the name of each row's file; a query names them.
type WithHidden interface {
	Hidden() []types.Column
}

// Resolver opens the table a name stands for when no table is registered
// under it, typically a file path. It returns ErrNotFound when there is
// nothing of that name.
type Resolver func(ctx context.Context, name string) (Table, error)

// ErrNotFound is returned for a table name that resolves to nothing.
var ErrNotFound = errors.New("table not found")

// Releaser is a table that holds resources, such as records in memory,
// which the catalog gives back (calls Release, once) when it forgets the
// table: when the table is replaced or dropped, or the catalog cleared.
type Releaser interface {
	Release()
}

// Catalog is a set of named tables; it is safe for concurrent use.
type Catalog struct {
	mu       sync.RWMutex
	tables   map[string]Table // by lower-case name
	resolver Resolver
	// defaultSchema qualifies a name that means the unqualified one;
	// searchPath are the schemas an unqualified name is looked up in
	// when nothing else has it (see LookupIn).
	defaultSchema string
	searchPath    []string
	// funcs are the registered scalar functions' overloads, by lower-case
	// name (functions.go).
	funcs map[string][]*Function
}

// New returns an empty catalog that resolves unknown names with r (may be
// nil).
func New(r Resolver) *Catalog {
	return &Catalog{tables: map[string]Table{}, resolver: r}
}

// SetSchemas sets how names qualified by a schema, and unqualified ones
// that nothing else has, are looked up (see LookupIn).
func (c *Catalog) SetSchemas(defaultSchema string, searchPath []string) {
	c.mu.Lock()
	c.defaultSchema = defaultSchema
	c.searchPath = append([]string(nil), searchPath...)
	c.mu.Unlock()
}

// Register adds t under its name, replacing (and releasing) any table of
// that name.
func (c *Catalog) Register(t Table) {
	k := strings.ToLower(t.Name())
	c.mu.Lock()
	old := c.tables[k]
	c.tables[k] = t
	c.mu.Unlock()
	if old != t {
		release(old)
	}
}

// Drop removes (and releases) the table called name, reporting whether
// there was one.
func (c *Catalog) Drop(name string) bool {
	k := strings.ToLower(name)
	c.mu.Lock()
	old, ok := c.tables[k]
	delete(c.tables, k)
	c.mu.Unlock()
	release(old)
	return ok
}

// Clear removes (and releases) every table.
func (c *Catalog) Clear() {
	c.mu.Lock()
	old := c.tables
	c.tables = map[string]Table{}
	c.mu.Unlock()
	for _, t := range old {
		release(t)
	}
}

func release(t Table) {
	if r, ok := t.(Releaser); ok {
		r.Release()
	}
}

// Get returns the registered table called name, without resolving.
func (c *Catalog) Get(name string) (Table, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t, ok := c.tables[strings.ToLower(name)]
	return t, ok
}

// View is a named query (CREATE VIEW): reading it runs the query.
type View struct {
	ViewName string
	Query    ast.ResultSetNode
	// ColNames rename the query's columns (CREATE VIEW v (a, b) AS ...).
	ColNames []string
	// SQL is the text the query's positions refer to.
	SQL string
	// Cols are the query's result columns, found when the view was made.
	Cols []types.Column
}

// Name implements Table.
func (v *View) Name() string { return v.ViewName }

// Columns implements Table.
func (v *View) Columns() []types.Column { return v.Cols }

// Names lists the registered tables' names, sorted.
func (c *Catalog) Names() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(c.tables))
	for _, t := range c.tables {
		out = append(out, t.Name())
	}
	sort.Strings(out)
	return out
}

// NotFoundError names a table that does not exist, with the closest
// registered name.
type NotFoundError struct {
	Name    string
	Suggest string
	Cause   error
	Detail  string // what the resolver found instead, if anything
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("table %q does not exist and is not a readable file", e.Name)
	if e.Detail != "" {
		msg = fmt.Sprintf("table %q: %s", e.Name, e.Detail)
	}
	if e.Cause != nil && !errors.Is(e.Cause, ErrNotFound) {
		msg = fmt.Sprintf("table %q: %v", e.Name, e.Cause)
	}
	if e.Suggest != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggest)
	}
	return msg
}

// Unwrap returns ErrNotFound and the cause.
func (e *NotFoundError) Unwrap() []error {
	if e.Cause == nil || e.Cause == ErrNotFound {
		return []error{ErrNotFound}
	}
	return []error{ErrNotFound, e.Cause}
}

// Lookup returns the table an unqualified name stands for (LookupIn
// without a schema).
func (c *Catalog) Lookup(ctx context.Context, name string) (Table, error) {
	return c.LookupIn(ctx, "", name)
}

// LookupIn returns the table that name, qualified by schema ("" for none),
// stands for. Names are compared case-insensitively; a registered name may
// hold a dot ("pg_catalog.pg_class"). An unqualified name is, in order: a
// table registered under it; what the resolver makes of it (a file); a
// table registered as s.name for each schema s of the search path. A
// qualified name is: a table registered as schema.name; if schema is the
// default schema, what name alone stands for; what the resolver makes of
// "schema.name" (a file name written unquoted, as data.csv).
func (c *Catalog) LookupIn(ctx context.Context, schema, name string) (Table, error) {
	c.mu.RLock()
	def, path := c.defaultSchema, c.searchPath
	c.mu.RUnlock()
	if schema == "" {
		t, err := c.lookup(ctx, name)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return t, err
		}
		for _, s := range path {
			if t, ok := c.Get(s + "." + name); ok {
				return t, nil
			}
		}
		return nil, err
	}
	full := schema + "." + name
	if t, ok := c.Get(full); ok {
		return t, nil
	}
	if def != "" && strings.EqualFold(schema, def) {
		t, err := c.LookupIn(ctx, "", name)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return t, err
		}
	}
	return c.lookup(ctx, full)
}

// lookup returns the table called name: a registered one or, failing
// that, what the resolver makes of the name.
func (c *Catalog) lookup(ctx context.Context, name string) (Table, error) {
	c.mu.RLock()
	t, ok := c.tables[strings.ToLower(name)]
	c.mu.RUnlock()
	if ok {
		return t, nil
	}
	var cause error = ErrNotFound
	if c.resolver != nil {
		t, err := c.resolver(ctx, name)
		if err == nil {
			return t, nil
		}
		var nf *NotFoundError
		if errors.As(err, &nf) {
			if nf.Suggest == "" {
				nf.Suggest = Closest(name, c.Names())
			}
			return nil, nf
		}
		if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		cause = err
	}
	return nil, &NotFoundError{Name: name, Suggest: Closest(name, c.Names()), Cause: cause}
}

// Closest returns the candidate nearest to name by edit distance, ignoring
// case, or "" when none is near enough to be a likely typo.
func Closest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	ln := strings.ToLower(name)
	for _, c := range candidates {
		d := editDistance(ln, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(name)/3) || bestD > len(name)/2 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// RowEstimator is a table that can guess its number of rows without
// reading it (from its size and the width of the rows it sampled), for the
// optimizer's cost estimates.
type RowEstimator interface {
	EstimatedRows() float64
}

// DistinctEstimator is a table that can guess how many distinct values a
// column (an index into Columns) holds, from a sample.
type DistinctEstimator interface {
	EstimatedDistinct(col int) float64
}
