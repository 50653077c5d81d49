package pgdialect

import (
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/sqlcsv/sqlcsv/sql/parser"
)

func restoreNode(t testing.TB, s parser.Statement) string {
	var sb strings.Builder
	if err := s.Node.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &sb)); err != nil {
		t.Fatalf("restore: %v", err)
	}
	return sb.String()
}
