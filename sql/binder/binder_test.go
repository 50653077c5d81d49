package binder_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/parser"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// fakeTable is a table with a schema and no rows.
type fakeTable struct {
	name string
	cols []types.Column
}

func (f *fakeTable) Name() string            { return f.name }
func (f *fakeTable) Columns() []types.Column { return f.cols }

var arcos = &fakeTable{name: "arcos", cols: []types.Column{
	{Name: "BUYER_STATE", Type: types.VarcharType, Nullable: true},
	{Name: "BUYER_CITY", Type: types.VarcharType, Nullable: true},
	{Name: "QUANTITY", Type: types.BigintType, Nullable: true},
	{Name: "DOSAGE", Type: types.DoubleType, Nullable: true},
	{Name: "TRANSACTION_DATE", Type: types.DateType, Nullable: true},
}}

func newCatalog() *catalog.Catalog {
	cat := catalog.New(nil)
	cat.Register(arcos)
	return cat
}

// bindStmt binds the i-th statement of sql.
func bindStmt(t *testing.T, sql string, i int) (plan.Node, error) {
	t.Helper()
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	if i >= len(stmts) {
		t.Fatalf("parse %q: %d statements", sql, len(stmts))
	}
	sel, ok := stmts[i].Node.(*ast.SelectStmt)
	if !ok {
		t.Fatalf("parse %q: %T is not a SELECT", sql, stmts[i].Node)
	}
	return binder.Select(context.Background(), newCatalog(), sel, stmts[i].Source)
}

func bindOK(t *testing.T, sql string) plan.Node {
	t.Helper()
	n, err := bindStmt(t, sql, 0)
	if err != nil {
		t.Fatalf("bind %q: %v", sql, err)
	}
	return n
}

// bindErr binds sql, which must fail, and returns the error.
func bindErr(t *testing.T, sql string) error {
	t.Helper()
	n, err := bindStmt(t, sql, 0)
	if err == nil {
		t.Fatalf("bind %q: no error; plan:\n%s", sql, plan.Format(n))
	}
	return err
}

// lines joins its arguments with newlines.
func lines(s ...string) string { return strings.Join(s, "\n") }

func wantErr(t *testing.T, sql string, want string) {
	t.Helper()
	err := bindErr(t, sql)
	if err.Error() != want {
		t.Errorf("%s:\ngot error:\n%s\nwant:\n%s", sql, err, want)
	}
}

func wantPlan(t *testing.T, sql string, want ...string) {
	t.Helper()
	got := plan.Format(bindOK(t, sql))
	w := lines(want...) + "\n"
	if got != w {
		t.Errorf("%s:\ngot plan:\n%s\nwant:\n%s", sql, got, w)
	}
}

// columns describes a plan's output columns as "name TYPE, ...".
func columns(n plan.Node) string {
	var parts []string
	for _, c := range n.Columns() {
		parts = append(parts, c.Name+" "+c.Type.String())
	}
	return strings.Join(parts, ", ")
}

func wantColumns(t *testing.T, sql, want string) {
	t.Helper()
	if got := columns(bindOK(t, sql)); got != want {
		t.Errorf("%s:\ncolumns %s\nwant    %s", sql, got, want)
	}
}

const scanAll = "Scan arcos columns=[BUYER_STATE, BUYER_CITY, QUANTITY, DOSAGE, TRANSACTION_DATE]"

func TestUnknownColumn(t *testing.T) {
	wantErr(t, "SELECT BUYER_STAT FROM arcos", lines(
		`column "BUYER_STAT" does not exist (did you mean BUYER_STATE?) (line 1, column 8)`,
		"  SELECT BUYER_STAT FROM arcos",
		"         ^"))
	// Case differs: still the closest.
	wantErr(t, "SELECT count(*) FROM arcos WHERE buyer_sate = 'OH'", lines(
		`column "buyer_sate" does not exist (did you mean BUYER_STATE?) (line 1, column 34)`,
		"  SELECT count(*) FROM arcos WHERE buyer_sate = 'OH'",
		"                                   ^"))
	// On a later line, the caret is under the name on its line.
	wantErr(t, "SELECT\n  BUYER_STATE,\n  QUANTTY\nFROM arcos", lines(
		`column "QUANTTY" does not exist (did you mean QUANTITY?) (line 3, column 3)`,
		"    QUANTTY",
		"    ^"))
	// Nothing near: the hint lists the columns.
	wantErr(t, "SELECT zzzzzzz FROM arcos", lines(
		`column "zzzzzzz" does not exist (line 1, column 8)`,
		"  SELECT zzzzzzz FROM arcos",
		"         ^",
		"hint: the columns are BUYER_STATE, BUYER_CITY, QUANTITY, DOSAGE, TRANSACTION_DATE"))
	// Select aliases are not columns of WHERE (HAVING may use them, as in
	// MySQL).
	wantErr(t, "SELECT BUYER_STATE AS s FROM arcos WHERE s = 'OH'", lines(
		`column "s" does not exist (line 1, column 42)`,
		"  SELECT BUYER_STATE AS s FROM arcos WHERE s = 'OH'",
		"                                           ^",
		"hint: the columns are BUYER_STATE, BUYER_CITY, QUANTITY, DOSAGE, TRANSACTION_DATE"))
	var be *binder.Error
	if err := bindErr(t, "SELECT BUYER_STAT FROM arcos"); !errors.As(err, &be) || be.Offset != 7 {
		t.Errorf("error %#v, want a *binder.Error at offset 7", err)
	}
}

func TestQualifiedColumns(t *testing.T) {
	wantColumns(t, "SELECT a.BUYER_STATE, A.QUANTITY FROM arcos a", "BUYER_STATE VARCHAR, QUANTITY BIGINT")
	wantColumns(t, "SELECT arcos.BUYER_STATE FROM arcos", "BUYER_STATE VARCHAR")
	wantColumns(t, "SELECT A.* FROM arcos a", "BUYER_STATE VARCHAR, BUYER_CITY VARCHAR, QUANTITY BIGINT, DOSAGE DOUBLE, TRANSACTION_DATE DATE")
	wantErr(t, "SELECT b.* FROM arcos a", `no table "b" in FROM for b.*`)
}

// A column qualified by a table that is not in FROM: the column name is
// right, so suggesting it again ("did you mean BUYER_STATE?") misleads;
// the qualifier is what is wrong (PostgreSQL: missing FROM-clause entry
// for table "x").
func TestQualifierNotInFrom(t *testing.T) {
	wantErr(t, "SELECT x.BUYER_STATE FROM arcos", lines(
		`column "x.BUYER_STATE" does not exist (no table "x" in FROM) (line 1, column 8)`,
		"  SELECT x.BUYER_STATE FROM arcos",
		"         ^"))
	// With an alias, the table's own name is not in FROM (PostgreSQL).
	wantErr(t, "SELECT arcos.QUANTITY FROM arcos a", lines(
		`column "arcos.QUANTITY" does not exist (no table "arcos" in FROM) (line 1, column 8)`,
		"  SELECT arcos.QUANTITY FROM arcos a",
		"         ^"))
	// A qualifier that is in FROM with a column that is not: as unqualified.
	wantErr(t, "SELECT a.QUANTTY FROM arcos a", lines(
		`column "a.QUANTTY" does not exist (did you mean QUANTITY?) (line 1, column 8)`,
		"  SELECT a.QUANTTY FROM arcos a",
		"         ^"))
}

func TestUnknownTable(t *testing.T) {
	err := bindErr(t, "SELECT BUYER_STATE FROM arcs")
	want := `table "arcs" does not exist and is not a readable file (did you mean "arcos"?)`
	if err.Error() != want {
		t.Errorf("got error %q, want %q", err, want)
	}
	var nf *catalog.NotFoundError
	if !errors.As(err, &nf) || nf.Name != "arcs" || nf.Suggest != "arcos" {
		t.Errorf("error %#v, want a *catalog.NotFoundError for arcs suggesting arcos", err)
	}
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("error %v is not catalog.ErrNotFound", err)
	}
	// Table names are case-insensitive; nothing near, nothing suggested.
	wantColumns(t, "SELECT BUYER_STATE FROM ARCOS", "BUYER_STATE VARCHAR")
	err = bindErr(t, "SELECT 1 FROM sales_2012")
	if want := `table "sales_2012" does not exist and is not a readable file`; err.Error() != want {
		t.Errorf("got error %q, want %q", err, want)
	}
}

func TestAmbiguousOrderBy(t *testing.T) {
	wantErr(t, "SELECT BUYER_STATE AS s, BUYER_CITY AS s FROM arcos ORDER BY s", lines(
		`ORDER BY "s" is ambiguous (line 1, column 62)`,
		"  SELECT BUYER_STATE AS s, BUYER_CITY AS s FROM arcos ORDER BY s",
		"                                                               ^"))
	// Two names for the same expression are not ambiguous (PostgreSQL).
	wantPlan(t, "SELECT BUYER_STATE AS s, BUYER_STATE AS s FROM arcos ORDER BY s",
		"Sort [s]",
		"  Project [BUYER_STATE AS s, BUYER_STATE AS s]",
		"    "+scanAll)
}

func TestGroupByViolations(t *testing.T) {
	wantErr(t, "SELECT BUYER_CITY, count(*) FROM arcos GROUP BY BUYER_STATE", lines(
		`column "BUYER_CITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 8)`,
		"  SELECT BUYER_CITY, count(*) FROM arcos GROUP BY BUYER_STATE",
		"         ^",
		"hint: add BUYER_CITY to GROUP BY, or use e.g. MAX(BUYER_CITY)"))
	// Inside an expression, the caret is under the select item.
	wantErr(t, "SELECT BUYER_STATE, QUANTITY + 1 FROM arcos GROUP BY BUYER_STATE", lines(
		`column "QUANTITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 21)`,
		"  SELECT BUYER_STATE, QUANTITY + 1 FROM arcos GROUP BY BUYER_STATE",
		"                      ^",
		"hint: add QUANTITY to GROUP BY, or use e.g. MAX(QUANTITY)"))
	// An aggregate without GROUP BY makes one group.
	wantErr(t, "SELECT QUANTITY, count(*) FROM arcos", lines(
		`column "QUANTITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 8)`,
		"  SELECT QUANTITY, count(*) FROM arcos",
		"         ^",
		"hint: add QUANTITY to GROUP BY, or use e.g. MAX(QUANTITY)"))
	wantErr(t, "SELECT QUANTITY FROM arcos HAVING QUANTITY > 1", lines(
		`column "QUANTITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 8)`,
		"  SELECT QUANTITY FROM arcos HAVING QUANTITY > 1",
		"         ^",
		"hint: add QUANTITY to GROUP BY, or use e.g. MAX(QUANTITY)"))
	wantErr(t, "SELECT BUYER_STATE FROM arcos GROUP BY 1 HAVING DOSAGE > 1", lines(
		`column "DOSAGE" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 49)`,
		"  SELECT BUYER_STATE FROM arcos GROUP BY 1 HAVING DOSAGE > 1",
		"                                                  ^",
		"hint: add DOSAGE to GROUP BY, or use e.g. MAX(DOSAGE)"))
	wantErr(t, "SELECT BUYER_STATE, count(*) FROM arcos GROUP BY 1 ORDER BY QUANTITY", lines(
		`column "QUANTITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 61)`,
		"  SELECT BUYER_STATE, count(*) FROM arcos GROUP BY 1 ORDER BY QUANTITY",
		"                                                              ^",
		"hint: add QUANTITY to GROUP BY, or use e.g. MAX(QUANTITY)"))
	// GROUP BY prefers the input column to the select alias (PostgreSQL):
	// BUYER_CITY is then not grouped.
	wantErr(t, "SELECT BUYER_CITY AS BUYER_STATE, count(*) FROM arcos GROUP BY BUYER_STATE", lines(
		`column "BUYER_CITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 8)`,
		"  SELECT BUYER_CITY AS BUYER_STATE, count(*) FROM arcos GROUP BY BUYER_STATE",
		"         ^",
		"hint: add BUYER_CITY to GROUP BY, or use e.g. MAX(BUYER_CITY)"))
}

func TestAggregatesWhereNotAllowed(t *testing.T) {
	wantErr(t, "SELECT count(*) FROM arcos WHERE sum(QUANTITY) > 1", lines(
		"aggregate functions are not allowed in WHERE (line 1, column 34)",
		"  SELECT count(*) FROM arcos WHERE sum(QUANTITY) > 1",
		"                                   ^"))
	wantErr(t, "SELECT sum(count(*)) FROM arcos", lines(
		"aggregate functions are not allowed in the argument of an aggregate function (line 1, column 12)",
		"  SELECT sum(count(*)) FROM arcos",
		"             ^"))
	wantErr(t, "SELECT count(*) FROM arcos GROUP BY count(*)", lines(
		"cannot GROUP BY an aggregate (line 1, column 37)",
		"  SELECT count(*) FROM arcos GROUP BY count(*)",
		"                                      ^"))
	wantErr(t, "SELECT BUYER_STATE, count(*) AS n FROM arcos GROUP BY n", lines(
		"cannot GROUP BY an aggregate (line 1, column 55)",
		"  SELECT BUYER_STATE, count(*) AS n FROM arcos GROUP BY n",
		"                                                        ^"))
	// A position in GROUP BY has no position of its own in the text.
	wantErr(t, "SELECT BUYER_STATE, count(*) FROM arcos GROUP BY 2", "cannot GROUP BY an aggregate")
}

func TestUnsupported(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT * FROM arcos WHERE QUANTITY > ANY (SELECT 1)", lines(
			"comparisons with ANY or ALL other than = ANY and <> ALL is not supported yet (line 1, column 27)",
			"  SELECT * FROM arcos WHERE QUANTITY > ANY (SELECT 1)",
			"                            ^")},
		{"WITH RECURSIVE x AS (SELECT 1) SELECT * FROM arcos", "WITH RECURSIVE is not supported yet"},
		{"SELECT * FROM arcos a JOIN arcos b ON a.QUANTITY IN (SELECT 1)", lines(
			"a subquery in ON (move it to WHERE) is not supported yet (line 1, column 39)",
			"  SELECT * FROM arcos a JOIN arcos b ON a.QUANTITY IN (SELECT 1)",
			"                                        ^")},
		{"SELECT * FROM arcos GROUP BY QUANTITY HAVING COUNT(*) > (SELECT COUNT(*) FROM arcos b WHERE b.QUANTITY = arcos.QUANTITY)",
			"a correlated subquery in the select list, HAVING or ORDER BY of an aggregation is not supported yet"},
		{"SELECT * FROM arcos FOR UPDATE", "FOR UPDATE is not supported yet"},
		{"SELECT bit_and(QUANTITY) FROM arcos", lines(
			"aggregate function BIT_AND is not supported yet (line 1, column 8)",
			"  SELECT bit_and(QUANTITY) FROM arcos",
			"         ^")},
	} {
		t.Run(c.sql, func(t *testing.T) {
			err := bindErr(t, c.sql)
			var ue *binder.UnsupportedError
			if !errors.As(err, &ue) {
				t.Errorf("error %T, want *binder.UnsupportedError", err)
			}
			if err.Error() != c.want {
				t.Errorf("got error:\n%s\nwant:\n%s", err, c.want)
			}
		})
	}
}

func TestTypeErrors(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT * FROM arcos WHERE BUYER_STATE = 5", lines(
			"cannot compare VARCHAR with BIGINT (line 1, column 27)",
			"  SELECT * FROM arcos WHERE BUYER_STATE = 5",
			"                            ^",
			"hint: CAST one side to the other's type")},
		{"SELECT * FROM arcos WHERE 2.5 < BUYER_CITY", lines(
			"cannot compare DECIMAL(2,1) with VARCHAR (line 1, column 27)",
			"  SELECT * FROM arcos WHERE 2.5 < BUYER_CITY",
			"                            ^",
			"hint: CAST one side to the other's type")},
		{"SELECT TRANSACTION_DATE = TRUE FROM arcos", lines(
			"cannot compare DATE with BOOLEAN (line 1, column 8)",
			"  SELECT TRANSACTION_DATE = TRUE FROM arcos",
			"         ^",
			"hint: CAST one side to the other's type")},
		{"SELECT * FROM arcos WHERE QUANTITY BETWEEN 1 AND BUYER_CITY", lines(
			"cannot compare BIGINT with VARCHAR (line 1, column 27)",
			"  SELECT * FROM arcos WHERE QUANTITY BETWEEN 1 AND BUYER_CITY",
			"                            ^",
			"hint: CAST one side to the other's type")},
		{"SELECT BUYER_STATE IN (1, 2) FROM arcos", lines(
			"IN: cannot mix values of types VARCHAR, BIGINT, BIGINT (line 1, column 8)",
			"  SELECT BUYER_STATE IN (1, 2) FROM arcos",
			"         ^")},
		{"SELECT count(*) FROM arcos WHERE BUYER_STATE", lines(
			"expected a condition (BOOLEAN), got VARCHAR (line 1, column 34)",
			"  SELECT count(*) FROM arcos WHERE BUYER_STATE",
			"                                   ^")},
		{"SELECT sum(BUYER_STATE) FROM arcos", lines(
			"SUM: argument 1 has type VARCHAR, expected a number (line 1, column 8)",
			"  SELECT sum(BUYER_STATE) FROM arcos",
			"         ^",
			"hint: use CAST(... AS DOUBLE) or CAST(... AS SIGNED)")},
		// The message names both operand types.
		{"SELECT BUYER_STATE + 1 FROM arcos", lines(
			"operator + cannot be applied to VARCHAR and BIGINT (line 1, column 8)",
			"  SELECT BUYER_STATE + 1 FROM arcos",
			"         ^",
			"hint: use CAST(... AS DOUBLE) or CAST(... AS SIGNED)")},
		{"SELECT QUANTITY - BUYER_CITY FROM arcos", lines(
			"operator - cannot be applied to BIGINT and VARCHAR (line 1, column 8)",
			"  SELECT QUANTITY - BUYER_CITY FROM arcos",
			"         ^",
			"hint: use CAST(... AS DOUBLE) or CAST(... AS SIGNED)")},
		{"SELECT foo(1)", lines(
			"unknown function FOO (line 1, column 8)",
			"  SELECT foo(1)",
			"         ^",
			"hint: the functions of this version are listed in README.md")},
	} {
		t.Run(c.sql, func(t *testing.T) {
			if err := bindErr(t, c.sql); err.Error() != c.want {
				t.Errorf("got error:\n%s\nwant:\n%s", err, c.want)
			}
		})
	}
}

// Implicit conversions become explicit casts: a string literal takes the
// type of what it is compared with (as an untyped literal in PostgreSQL),
// numbers widen to DOUBLE, DATE to TIMESTAMP.
func TestImplicitConversions(t *testing.T) {
	wantPlan(t, "SELECT BUYER_STATE FROM arcos WHERE TRANSACTION_DATE >= '2012-01-01'",
		"Project [BUYER_STATE]",
		"  Filter (TRANSACTION_DATE >= CAST('2012-01-01' AS DATE))",
		"    "+scanAll)
	wantPlan(t, "SELECT BUYER_STATE FROM arcos WHERE '2012-01-01' < TRANSACTION_DATE AND QUANTITY = '7'",
		"Project [BUYER_STATE]",
		"  Filter ((CAST('2012-01-01' AS DATE) < TRANSACTION_DATE) AND (QUANTITY = CAST('7' AS BIGINT)))",
		"    "+scanAll)
	wantPlan(t, "SELECT QUANTITY = 2.5, QUANTITY < DOSAGE, QUANTITY = 1, QUANTITY = 2.5e0 FROM arcos",
		"Project [(CAST(QUANTITY AS DECIMAL(20,1)) = 2.5) AS QUANTITY = 2.5, (CAST(QUANTITY AS DOUBLE) < DOSAGE) AS QUANTITY < DOSAGE, (QUANTITY = 1) AS QUANTITY = 1, (CAST(QUANTITY AS DOUBLE) = 2.5) AS QUANTITY = 2.5e0]",
		"  "+scanAll)
	wantPlan(t, "SELECT TRANSACTION_DATE < TIMESTAMP '2012-01-01 10:00:00' FROM arcos",
		"Project [(CAST(TRANSACTION_DATE AS TIMESTAMP) < CAST('2012-01-01 10:00:00' AS TIMESTAMP)) AS TRANSACTION_DATE < TIMESTAMP '2012-01-01 10:00:00']",
		"  "+scanAll)
	wantPlan(t, "SELECT QUANTITY IN (1, 2.5, '3') FROM arcos",
		"Project [(CAST(QUANTITY AS DECIMAL(20,1)) IN (CAST(1 AS DECIMAL(20,1)), CAST(2.5 AS DECIMAL(20,1)), CAST(3 AS DECIMAL(20,1)))) AS QUANTITY IN (1, 2.5, '3')]",
		"  "+scanAll)
	// Numbers are conditions when not zero (MySQL).
	wantPlan(t, "SELECT count(*) FROM arcos WHERE QUANTITY",
		"Project [count(*)]",
		"  Aggregate phase=complete keys=[] aggs=[count(*)]",
		"    Filter (QUANTITY <> 0)",
		"      "+scanAll)
	wantPlan(t, "SELECT DATE '2012-01-01', TIMESTAMP '2012-01-01 10:00:00'",
		"Project [CAST('2012-01-01' AS DATE) AS DATE '2012-01-01', CAST('2012-01-01 10:00:00' AS TIMESTAMP) AS TIMESTAMP '2012-01-01 10:00:00']",
		"  OneRow")
	wantColumns(t, "SELECT DATE '2012-01-01', TIMESTAMP '2012-01-01 10:00:00'",
		"DATE '2012-01-01' DATE, TIMESTAMP '2012-01-01 10:00:00' TIMESTAMP")
}

func TestGroupBy(t *testing.T) {
	// By alias (no input column has the name), position, and expression.
	wantPlan(t, "SELECT BUYER_STATE AS s, count(*) FROM arcos GROUP BY s",
		"Project [BUYER_STATE AS s, count(*)]",
		"  Aggregate phase=complete keys=[BUYER_STATE] aggs=[count(*)]",
		"    "+scanAll)
	wantPlan(t, "SELECT BUYER_STATE, count(*) FROM arcos GROUP BY 1",
		"Project [BUYER_STATE, count(*)]",
		"  Aggregate phase=complete keys=[BUYER_STATE] aggs=[count(*)]",
		"    "+scanAll)
	wantPlan(t, "SELECT upper(BUYER_STATE), sum(QUANTITY) FROM arcos GROUP BY upper(BUYER_STATE)",
		"Project [UPPER(BUYER_STATE) AS upper(BUYER_STATE), sum(QUANTITY)]",
		"  Aggregate phase=complete keys=[UPPER(BUYER_STATE)] aggs=[sum(QUANTITY)]",
		"    "+scanAll)
	wantPlan(t, "SELECT upper(BUYER_STATE) AS u, year(TRANSACTION_DATE) AS y, max(DOSAGE) FROM arcos GROUP BY u, 2",
		"Project [UPPER(BUYER_STATE) AS u, YEAR(TRANSACTION_DATE) AS y, max(DOSAGE)]",
		"  Aggregate phase=complete keys=[UPPER(BUYER_STATE), YEAR(TRANSACTION_DATE)] aggs=[max(DOSAGE)]",
		"    "+scanAll)
	// An expression over a key.
	wantPlan(t, "SELECT lower(BUYER_STATE) FROM arcos GROUP BY BUYER_STATE",
		"Project [LOWER(BUYER_STATE) AS lower(BUYER_STATE)]",
		"  Aggregate phase=complete keys=[BUYER_STATE] aggs=[]",
		"    "+scanAll)
	// The same aggregate twice is computed once.
	wantPlan(t, "SELECT BUYER_STATE, count(*), COUNT(*) + 1 FROM arcos GROUP BY BUYER_STATE HAVING count(*) > 2",
		"Project [BUYER_STATE, count(*), (count(*) + 1) AS COUNT(*) + 1]",
		"  Filter (count(*) > 2)",
		"    Aggregate phase=complete keys=[BUYER_STATE] aggs=[count(*)]",
		"      "+scanAll)
	// count(1) is count(*); count(DISTINCT 1) is not.
	wantPlan(t, "SELECT count(1), count(DISTINCT 1), count(NULL) FROM arcos",
		"Project [count(*) AS count(1), count(DISTINCT 1), count(NULL)]",
		"  Aggregate phase=complete keys=[] aggs=[count(*), count(DISTINCT 1), count(NULL)]",
		"    "+scanAll)
	wantErr(t, "SELECT BUYER_STATE FROM arcos GROUP BY 3", "GROUP BY position 3 is not in the select list (it has 1 columns)")
	wantErr(t, "SELECT BUYER_STATE FROM arcos GROUP BY 0", "GROUP BY position 0 is not in the select list (it has 1 columns)")
}

func TestOrderBy(t *testing.T) {
	// By alias, and by position.
	wantPlan(t, "SELECT BUYER_STATE AS s FROM arcos ORDER BY s",
		"Sort [s]",
		"  Project [BUYER_STATE AS s]",
		"    "+scanAll)
	wantPlan(t, "SELECT BUYER_STATE, QUANTITY FROM arcos ORDER BY 2 DESC, 1",
		"Sort [QUANTITY DESC, BUYER_STATE]",
		"  Project [BUYER_STATE, QUANTITY]",
		"    "+scanAll)
	// An output name wins over an input column (PostgreSQL).
	wantPlan(t, "SELECT QUANTITY AS BUYER_STATE FROM arcos ORDER BY BUYER_STATE",
		"Sort [BUYER_STATE]",
		"  Project [QUANTITY AS BUYER_STATE]",
		"    "+scanAll)
	// An expression that is in the select list is sorted on its column.
	wantPlan(t, "SELECT QUANTITY + 1 FROM arcos ORDER BY QUANTITY + 1",
		"Sort [QUANTITY + 1]",
		"  Project [(QUANTITY + 1) AS QUANTITY + 1]",
		"    "+scanAll)
	// Expressions not in the select list: hidden columns, dropped by a
	// final projection.
	wantPlan(t, "SELECT BUYER_STATE FROM arcos ORDER BY BUYER_CITY, QUANTITY * 2 DESC",
		"Project [BUYER_STATE]",
		"  Sort [BUYER_CITY, (QUANTITY * 2) DESC]",
		"    Project [BUYER_STATE, BUYER_CITY, (QUANTITY * 2) AS (QUANTITY * 2)]",
		"      "+scanAll)
	wantPlan(t, "SELECT BUYER_STATE FROM arcos GROUP BY 1 ORDER BY count(*) DESC LIMIT 3",
		"Project [BUYER_STATE]",
		"  Limit offset=0 count=3",
		"    Sort [count(*) DESC]",
		"      Project [BUYER_STATE, count(*)]",
		"        Aggregate phase=complete keys=[BUYER_STATE] aggs=[count(*)]",
		"          "+scanAll)
	for _, sql := range []string{
		"SELECT BUYER_STATE FROM arcos ORDER BY QUANTITY",
		"SELECT BUYER_STATE FROM arcos GROUP BY 1 ORDER BY count(*) DESC LIMIT 3",
	} {
		if got := columns(bindOK(t, sql)); got != "BUYER_STATE VARCHAR" {
			t.Errorf("%s: columns %s, want only BUYER_STATE VARCHAR", sql, got)
		}
	}
	wantErr(t, "SELECT BUYER_STATE FROM arcos ORDER BY 2", "ORDER BY position 2 is not in the select list (it has 1 columns)")
}

func TestDistinct(t *testing.T) {
	wantPlan(t, "SELECT DISTINCT BUYER_STATE AS s FROM arcos ORDER BY s DESC",
		"Sort [s DESC]",
		"  Aggregate phase=complete keys=[s] aggs=[]",
		"    Project [BUYER_STATE AS s]",
		"      "+scanAll)
	wantPlan(t, "SELECT DISTINCT upper(BUYER_STATE), QUANTITY FROM arcos ORDER BY upper(BUYER_STATE), 2 DESC LIMIT 3",
		"Limit offset=0 count=3",
		"  Sort [upper(BUYER_STATE), QUANTITY DESC]",
		"    Aggregate phase=complete keys=[upper(BUYER_STATE), QUANTITY] aggs=[]",
		"      Project [UPPER(BUYER_STATE) AS upper(BUYER_STATE), QUANTITY]",
		"        "+scanAll)
	// PostgreSQL: for SELECT DISTINCT, ORDER BY expressions must appear in
	// select list.
	wantErr(t, "SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY QUANTITY", lines(
		"with SELECT DISTINCT, ORDER BY expressions must appear in the select list (line 1, column 49)",
		"  SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY QUANTITY",
		"                                                  ^"))
	wantErr(t, "SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY lower(BUYER_STATE)", lines(
		"with SELECT DISTINCT, ORDER BY expressions must appear in the select list (line 1, column 49)",
		"  SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY lower(BUYER_STATE)",
		"                                                  ^"))
}

func TestLimitOffset(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT BUYER_STATE FROM arcos LIMIT 5", "Limit offset=0 count=5"},
		{"SELECT BUYER_STATE FROM arcos LIMIT 5 OFFSET 2", "Limit offset=2 count=5"},
		{"SELECT BUYER_STATE FROM arcos LIMIT 2, 5", "Limit offset=2 count=5"},
		{"SELECT BUYER_STATE FROM arcos LIMIT 0", "Limit offset=0 count=0"},
	} {
		wantPlan(t, c.sql,
			c.want,
			"  Project [BUYER_STATE]",
			"    "+scanAll)
	}
	wantErr(t, "SELECT BUYER_STATE FROM arcos LIMIT ?", "LIMIT must be a non-negative integer constant")
}

func TestBooleanLiterals(t *testing.T) {
	wantColumns(t, "SELECT TRUE, FALSE, true AND false, NOT TRUE",
		"TRUE BOOLEAN, FALSE BOOLEAN, true AND false BOOLEAN, NOT TRUE BOOLEAN")
	wantPlan(t, "SELECT TRUE, false",
		"Project [true AS TRUE, false AS false]",
		"  OneRow")
	// 1 and 0 stay numbers.
	wantColumns(t, "SELECT 1, 0", "1 BIGINT, 0 BIGINT")
	wantPlan(t, "SELECT BUYER_STATE FROM arcos WHERE TRUE",
		"Project [BUYER_STATE]",
		"  Filter true",
		"    "+scanAll)
}

func TestOutputColumnNames(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		// An alias; a column as written; an expression's text.
		{"SELECT BUYER_STATE AS state, buyer_city, QUANTITY*2, sum(DOSAGE) FROM arcos GROUP BY 1, 2, 3",
			"state VARCHAR, buyer_city VARCHAR, QUANTITY*2 BIGINT, sum(DOSAGE) DOUBLE"},
		{`SELECT "BUYER_STATE", upper( BUYER_CITY ) AS "Upper City", 1 + 1 FROM arcos`,
			"BUYER_STATE VARCHAR, Upper City VARCHAR, 1 + 1 BIGINT"},
		{"SELECT * FROM arcos",
			"BUYER_STATE VARCHAR, BUYER_CITY VARCHAR, QUANTITY BIGINT, DOSAGE DOUBLE, TRANSACTION_DATE DATE"},
		{"SELECT QUANTITY AS q, *, a.QUANTITY FROM arcos a",
			"q BIGINT, BUYER_STATE VARCHAR, BUYER_CITY VARCHAR, QUANTITY BIGINT, DOSAGE DOUBLE, TRANSACTION_DATE DATE, QUANTITY BIGINT"},
		{"SELECT count(*), avg(QUANTITY), min(TRANSACTION_DATE), QUANTITY / 2, QUANTITY DIV 2 FROM arcos GROUP BY QUANTITY",
			"count(*) BIGINT, avg(QUANTITY) DOUBLE, min(TRANSACTION_DATE) DATE, QUANTITY / 2 DOUBLE, QUANTITY DIV 2 BIGINT"},
		{"SELECT 'x', NULL, 2.5, 'a' || 'b'",
			"'x' VARCHAR, NULL NULL, 2.5 DECIMAL(2,1), 'a' || 'b' VARCHAR"},
	} {
		wantColumns(t, c.sql, c.want)
	}
}

// DECIMAL result types follow MySQL: + - keep the larger scale with one
// more integer digit, * adds the scales, / adds four digits of scale, a
// BIGINT meets a DECIMAL as DECIMAL(19,0), and a DOUBLE makes a DOUBLE.
func TestDecimalTypes(t *testing.T) {
	wantColumns(t, "SELECT 1.25 + 1, 1.25 * 2.5, 1.25 / 3, 1.25 % 1, 7.5 DIV 2, 1.25 + 1e0, -1.25, 0.000",
		"1.25 + 1 DECIMAL(22,2), 1.25 * 2.5 DECIMAL(5,3), 1.25 / 3 DECIMAL(7,6), 1.25 % 1 DECIMAL(21,2), "+
			"7.5 DIV 2 BIGINT, 1.25 + 1e0 DOUBLE, -1.25 DECIMAL(3,2), 0.000 DECIMAL(3,3)")
	wantColumns(t, "SELECT ROUND(1.25, 1), ROUND(1.25), ROUND(1.25, QUANTITY), CEIL(1.25), SIGN(1.25), ABS(-1.25), CAST(1 AS DECIMAL(5,2)), CAST(1 AS DECIMAL) FROM arcos",
		"ROUND(1.25, 1) DECIMAL(3,1), ROUND(1.25) DECIMAL(2,0), ROUND(1.25, QUANTITY) DOUBLE, CEIL(1.25) DECIMAL(2,0), "+
			"SIGN(1.25) BIGINT, ABS(-1.25) DECIMAL(3,2), CAST(1 AS DECIMAL(5,2)) DECIMAL(5,2), CAST(1 AS DECIMAL) DECIMAL(10,0)")
	// NULL takes the other side's type; literals past BIGINT are exact.
	wantColumns(t, "SELECT NULL + 1.5, 1.5 * NULL, 12345678901234567895, 1 / 0.00000000000000000000000000000000000001",
		"NULL + 1.5 DECIMAL(3,1), 1.5 * NULL DECIMAL(4,2), 12345678901234567895 DECIMAL(20,0), 1 / 0.00000000000000000000000000000000000001 DOUBLE")
	wantColumns(t, "SELECT sum(1.25), avg(1.25), min(1.25), sum(QUANTITY * 0.5) FROM arcos",
		"sum(1.25) DECIMAL(38,2), avg(1.25) DECIMAL(38,6), min(1.25) DECIMAL(3,2), sum(QUANTITY * 0.5) DECIMAL(38,1)")
	// A comparison converts only the side with fewer fraction digits.
	wantPlan(t, "SELECT QUANTITY > 1.5, 2.25 = 1.5 FROM arcos",
		"Project [(CAST(QUANTITY AS DECIMAL(20,1)) > 1.5) AS QUANTITY > 1.5, (2.25 = CAST(1.5 AS DECIMAL(3,2))) AS 2.25 = 1.5]",
		"  "+scanAll)
	if err := bindErr(t, "SELECT CAST(1 AS DECIMAL(40,2))"); !strings.Contains(err.Error(), "DECIMAL precision 40 is out of range (1 to 38)") {
		t.Errorf("DECIMAL(40,2): %v", err)
	}
}

// The second statement of a script binds as it does alone: same types,
// and errors point into its own text.
func TestBindLaterStatementOfScript(t *testing.T) {
	for _, script := range []string{
		"SELECT 1;\nSELECT TRUE, QUANTITY FROM arcos WHERE FALSE",
		"  \n  SELECT TRUE, QUANTITY FROM arcos WHERE FALSE",
	} {
		stmts, err := parser.Parse(script)
		if err != nil {
			t.Fatal(err)
		}
		n, err := bindStmt(t, script, len(stmts)-1)
		if err != nil {
			t.Fatalf("%q: %v", script, err)
		}
		want := lines(
			"Project [true AS TRUE, QUANTITY]",
			"  Filter false",
			"    "+scanAll) + "\n"
		if got := plan.Format(n); got != want {
			t.Errorf("%q:\ngot plan:\n%s\nwant:\n%s", script, got, want)
		}
	}
	_, err := bindStmt(t, "SELECT 1; SELECT TRUE, zz FROM arcos", 1)
	want := lines(
		`column "zz" does not exist (line 1, column 24)`,
		"  SELECT 1; SELECT TRUE, zz FROM arcos",
		"                         ^",
		"hint: the columns are BUYER_STATE, BUYER_CITY, QUANTITY, DOSAGE, TRANSACTION_DATE")
	if err == nil || err.Error() != want {
		t.Errorf("got error:\n%v\nwant:\n%s", err, want)
	}
}

// Column IDs are distinct within a plan.
func TestColumnIDsDistinct(t *testing.T) {
	n := bindOK(t, "SELECT BUYER_STATE, count(*) FROM arcos WHERE QUANTITY > 1 GROUP BY 1 HAVING sum(DOSAGE) > 0 ORDER BY max(QUANTITY) LIMIT 5")
	seen := map[plan.ColumnID]bool{}
	var rec func(n plan.Node)
	rec = func(n plan.Node) {
		var made []plan.Column
		switch n := n.(type) {
		case *plan.Scan:
			made = n.Cols
		case *plan.Project:
			for i, c := range n.Out {
				// The projection dropping ORDER BY helper columns passes
				// its input's columns through.
				if r, ok := n.Exprs[i].(*plan.ColumnRef); !ok || r.ID != c.ID {
					made = append(made, c)
				}
			}
		case *plan.Aggregate:
			made = n.KeyCols
			for _, a := range n.Aggs {
				made = append(made, a.Out)
			}
		}
		for _, c := range made {
			if seen[c.ID] {
				t.Errorf("column ID %d (%s) made twice", c.ID, c.Name)
			}
			seen[c.ID] = true
		}
		for _, k := range n.Children() {
			rec(k)
		}
	}
	rec(n)
	// The scan's 5, the key, 3 aggregates, the 2 selected and 1 hidden
	// ORDER BY column.
	if len(seen) != 12 {
		t.Errorf("%d columns made, want 12", len(seen))
	}
}
