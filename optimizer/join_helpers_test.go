package optimizer_test

import (
	"context"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Helpers of the join rules' tests.

// sizedTable is a fakeTable that estimates its number of rows, as a file
// does (catalog.RowEstimator).
type sizedTable struct {
	fakeTable
	rows float64
}

func (s *sizedTable) EstimatedRows() float64 { return s.rows }

func sized(name string, rows float64, cols ...types.Column) *sizedTable {
	return &sizedTable{fakeTable: fakeTable{name: name, cols: cols}, rows: rows}
}

func bigint(name string) types.Column {
	return types.Column{Name: name, Type: types.BigintType, Nullable: true}
}

func varchar(name string) types.Column {
	return types.Column{Name: name, Type: types.VarcharType, Nullable: true}
}

// empTable (1000 rows) and deptTable (10 rows) are the tables of the
// join tests.
var (
	empTable = sized("emp", 1000, bigint("id"), varchar("name"), bigint("dept"),
		types.Column{Name: "salary", Type: types.DecimalType(10, 2), Nullable: true})
	deptTable = sized("dept", 10, bigint("dept"), varchar("dname"), bigint("floor"))
)

// The star of the reordering tests: a fact table of a million rows and
// dimensions of 10, 100 and 1000 rows, and an unrelated table.
var (
	factTable  = sized("fact", 1e6, bigint("a_id"), bigint("b_id"), bigint("c_id"), bigint("amount"))
	dimA       = sized("da", 10, bigint("a_id"), varchar("a_name"))
	dimB       = sized("db", 100, bigint("b_id"), varchar("b_name"))
	dimC       = sized("dc", 1000, bigint("c_id"), varchar("c_name"))
	loneTable  = sized("lone", 50, bigint("l_id"))
	starTables = []catalog.Table{factTable, dimA, dimB, dimC, loneTable}
)

// bindErrIn parses and binds one query against a catalog of the given
// tables (emp and dept when none are given).
func bindErrIn(t *testing.T, sql string, tables ...catalog.Table) (plan.Node, error) {
	t.Helper()
	if len(tables) == 0 {
		tables = []catalog.Table{empTable, deptTable}
	}
	cat := catalog.New(nil)
	for _, tb := range tables {
		cat.Register(tb)
	}
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("parse %q: %d statements", sql, len(stmts))
	}
	sel, ok := stmts[0].Node.(ast.ResultSetNode)
	if !ok {
		t.Fatalf("parse %q: %T is not a query", sql, stmts[0].Node)
	}
	return binder.Select(context.Background(), cat, sel, stmts[0].Text)
}

// bindIn is bindErrIn for SQL that must bind.
func bindIn(t *testing.T, sql string, tables ...catalog.Table) plan.Node {
	t.Helper()
	n, err := bindErrIn(t, sql, tables...)
	if err != nil {
		t.Fatalf("bind %q: %v", sql, err)
	}
	return n
}

// applyRules runs rules in order.
func applyRules(t *testing.T, n plan.Node, rules ...func(plan.Node) (plan.Node, error)) plan.Node {
	t.Helper()
	for _, r := range rules {
		out, err := r(n)
		if err != nil {
			t.Fatalf("rule: %v", err)
		}
		n = out
	}
	return n
}
