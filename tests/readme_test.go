package tests

import (
	"os"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/binder"
)

// Every scalar function, and every alias, is listed in README.md.
func TestReadmeListsFunctions(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range binder.Functions() {
		if !strings.Contains(string(readme), "`"+strings.ToUpper(name)) {
			t.Errorf("README.md does not list %s", strings.ToUpper(name))
		}
	}
}
