package vector

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The scalar functions' kernels are registered here by name. The binder
// (package sql/binder) holds the other half of each function: its
// signature, which checks and converts the arguments and derives the result
// type, and names the kernels its calls need. The two halves meet by name
// in NewFunc, and a test of package optimizer checks that every kernel the
// binder can ask for is registered here and every kernel here is asked for.

// kernel computes a function over its argument columns, n rows each.
type kernel func(args []arrow.Array, n int) (arrow.Array, error)

// kernelBuilder chooses the kernel of a call from its name, its argument
// expressions (their types, and constants such as a format string, which
// it may prepare once) and the result type the binder derived.
type kernelBuilder func(name string, args []Expr, t types.Type) (kernel, error)

// kernels maps a function's lower-case name to its kernel builder.
var kernels = map[string]kernelBuilder{}

// registerKernel registers b under each of names; a name registered twice
// is a programming error.
func registerKernel(b kernelBuilder, names ...string) {
	for _, name := range names {
		if _, dup := kernels[name]; dup {
			panic("vector: kernel " + name + " registered twice")
		}
		kernels[name] = b
	}
}

// simple wraps a kernel that needs nothing from the call.
func simple(k kernel) kernelBuilder {
	return func(string, []Expr, types.Type) (kernel, error) { return k, nil }
}

// FuncNames returns the names of the registered scalar function kernels,
// sorted.
func FuncNames() []string {
	out := make([]string, 0, len(kernels))
	for name := range kernels {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// NewFunc builds a call of the named scalar function (lower case) on
// arguments whose types the binder has already checked and coerced; t is
// the result type the binder derived.
func NewFunc(name string, args []Expr, t types.Type) (Expr, error) {
	b, ok := kernels[name]
	if !ok {
		return nil, fmt.Errorf("no kernel for function %s", strings.ToUpper(name))
	}
	k, err := b(name, args, t)
	if err != nil {
		return nil, err
	}
	return &Func{Name: name, Args: args, T: t, kernel: k}, nil
}
