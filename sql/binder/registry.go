package binder

import (
	"fmt"
	"sort"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The scalar functions are registered here, one funcDef each: names,
// arity, and a hook that types a call. Their kernels live in package
// vector, registered under the names of the plan.Call nodes the hooks
// build (funcDef.kernels); the binder does not import vector, and a test
// of package optimizer, which joins the two, checks that Kernels() and
// vector.FuncNames() are the same set. Adding a function is a funcDef in
// one of the func_*.go files and a kernel in vector/expr_func*.go.

// funcDef describes a scalar function to the binder.
type funcDef struct {
	// name is the canonical lower-case name, used in messages and as the
	// name of the plan.Call the hook usually builds.
	name string
	// aliases are other names that mean the same function.
	aliases []string
	// minArgs and maxArgs bound the argument count; maxArgs < 0 is no
	// bound.
	minArgs, maxArgs int
	// bind checks and converts the bound arguments (their count already
	// checked) and returns the typed expression, usually a *plan.Call
	// named c.name whose T is the result type.
	bind func(c *callEnv, args []plan.Expr) (plan.Expr, error)
	// kernels names the plan.Call functions bind may build that run on a
	// vector kernel. nil means the function's own name; rewritten (empty)
	// is for functions that become operators, casts, literals or calls of
	// other registered functions.
	kernels []string
	// set marks a set-returning function (func_set.go).
	set bool
}

// rewritten marks a funcDef that needs no kernel of its own.
var rewritten = []string{}

// callEnv is what a binding hook knows besides the arguments.
type callEnv struct {
	// name is the canonical name of the function, called the name it
	// was called by.
	name, called string
	// b is the statement's binder; nil when binding outside a statement
	// (tests).
	b *binder
}

// call builds the usual result: a call of the function by its canonical
// name, of type t.
func (c *callEnv) call(t types.Type, args ...plan.Expr) *plan.Call {
	return &plan.Call{Fn: c.name, Args: args, T: t}
}

// now is the statement's time: every NOW() and CURRENT_DATE of a
// statement sees the same instant, taken when the first is bound.
func (c *callEnv) now() time.Time {
	if c.b == nil {
		return time.Now()
	}
	if c.b.clock.t.IsZero() {
		c.b.clock.t = time.Now()
	}
	return c.b.clock.t
}

// stmtClock holds a statement's time, taken when first asked for.
type stmtClock struct{ t time.Time }

// registry maps every name and alias to its function.
var registry = map[string]*funcDef{}

// register adds functions to the registry; a name registered twice is a
// programming error.
func register(defs ...funcDef) {
	for i := range defs {
		d := &defs[i]
		for _, name := range append([]string{d.name}, d.aliases...) {
			if _, dup := registry[name]; dup {
				panic("binder: function " + name + " registered twice")
			}
			registry[name] = d
		}
	}
}

// Kernels returns the names of the vector kernels that the registered
// functions' calls need, sorted.
func Kernels() []string {
	set := map[string]bool{}
	for _, d := range registry {
		ks := d.kernels
		if ks == nil {
			ks = []string{d.name}
		}
		for _, k := range ks {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Functions returns the names (and aliases) of the scalar functions,
// sorted.
func Functions() []string {
	out := make([]string, 0, len(registry))
	for name := range registry {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// bindFunc types a call of a scalar function by its lower-case name,
// outside any statement.
func bindFunc(name string, args []plan.Expr) (plan.Expr, error) {
	return bindCall(nil, name, args)
}

// bindCall types a call of a scalar function by its lower-case name.
func bindCall(b *binder, name string, args []plan.Expr) (plan.Expr, error) {
	d, ok := registry[name]
	if !ok {
		if b != nil && b.cat != nil {
			if fs := b.cat.Functions(name); len(fs) > 0 {
				return bindUserCall(b, name, fs, args)
			}
		}
		return nil, unknownFunction(b, name)
	}
	hi := d.maxArgs
	if hi < 0 {
		hi = 1 << 20
	}
	if err := arity(d.name, args, d.minArgs, hi); err != nil {
		if d.name != name {
			// Name the function as it was called.
			return nil, arity(name, args, d.minArgs, hi)
		}
		return nil, err
	}
	return d.bind(&callEnv{name: d.name, called: name, b: b}, args)
}

// argErr is a funcError about argument i (0-based) of a call, which the
// caller places at that argument in the text.
func argErr(i int, hint, format string, args ...any) error {
	return &funcError{msg: fmt.Sprintf(format, args...), hint: hint, arg: i + 1}
}
