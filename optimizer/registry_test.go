package optimizer

import (
	"sort"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/vector"
)

// The scalar functions are registered in two halves: signatures in the
// binder, kernels in vector, joined by name when compile calls
// vector.NewFunc. Every kernel a signature can ask for must exist, and
// every kernel must be reachable from some signature.
func TestFunctionRegistryHalvesMatch(t *testing.T) {
	need := map[string]bool{}
	for _, k := range binder.Kernels() {
		need[k] = true
	}
	have := map[string]bool{}
	for _, k := range vector.FuncNames() {
		have[k] = true
	}
	var missing, unused []string
	for k := range need {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	for k := range have {
		if !need[k] {
			unused = append(unused, k)
		}
	}
	if len(missing) > 0 {
		t.Errorf("signatures without a kernel in vector: %s", strings.Join(missing, ", "))
	}
	if len(unused) > 0 {
		t.Errorf("kernels no signature asks for: %s", strings.Join(unused, ", "))
	}
	if len(need) < 30 {
		t.Errorf("only %d kernels: the registries look empty", len(need))
	}
}

// The set-returning functions are registered the same way: the binder's
// signatures and vector's set functions name the same set.
func TestSetFunctionRegistryHalvesMatch(t *testing.T) {
	have := vector.SetFuncNames()
	sort.Strings(have)
	if got, want := strings.Join(binder.SetFunctions(), ","), strings.Join(have, ","); got != want {
		t.Errorf("binder's set functions %s, vector's %s", got, want)
	}
}
