package optimizer_test

import (
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The example of FoldConstants' doc comment. 2011-01-01 is day 14975 since
// 1970-01-01.
func TestFoldConstantsDocExample(t *testing.T) {
	n := bind(t, "SELECT x * (2 + 3) FROM t WHERE d >= CAST('2011-01-01' AS DATE) AND TRUE")
	wantPlan(t, "before", plan.Format(n),
		"Project [(x * CAST((2 + 3) AS DOUBLE)) AS x * (2 + 3)]",
		"  Filter ((d >= CAST('2011-01-01' AS DATE)) AND true)",
		"    Scan t columns=[a, b, x, d, state]")
	wantPlan(t, "after", apply(t, optimizer.FoldConstants, n),
		"Project [(x * 5) AS x * (2 + 3)]",
		"  Filter (d >= DATE(14975))",
		"    Scan t columns=[a, b, x, d, state]")
}

// Folded literals hold the Go values plan.Literal documents for their type.
func TestFoldConstantsLiteralValues(t *testing.T) {
	n := bind(t, "SELECT 2 + 3, 2.5 * 2, 'a' || 'b', 1 < 2, CAST('2011-01-01' AS DATE), "+
		"CAST('2011-01-01 00:00:01' AS DATETIME), 1 + NULL")
	out, err := optimizer.FoldConstants(n)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		value any
		t     types.Type
	}{
		{int64(5), types.BigintType},
		{decimal128.FromI64(50), types.DecimalType(21, 1)},
		{"ab", types.VarcharType},
		{true, types.BooleanType},
		{int32(14975), types.DateType},
		{int64(14975*86400_000_000 + 1_000_000), types.TimestampType},
		{nil, types.BigintType}, // NULL takes the other operand's type
	}
	p := out.(*plan.Project)
	if len(p.Exprs) != len(want) {
		t.Fatalf("%d expressions, want %d", len(p.Exprs), len(want))
	}
	for i, w := range want {
		l, ok := p.Exprs[i].(*plan.Literal)
		if !ok {
			t.Errorf("%s: %s was not folded", p.Out[i].Name, p.Exprs[i])
			continue
		}
		if l.Value != w.value || l.T != w.t {
			t.Errorf("%s: folded to %#v (%s), want %#v (%s)", p.Out[i].Name, l.Value, l.T, w.value, w.t)
		}
	}
}

// Each select item of a FROM-less query, folded.
func TestFoldConstantsCalls(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"1 + 2 * 3", "7"},
		{"7 DIV 2", "3"},
		{"7 % 4", "3"},
		{"1 / 4", "0.25"},
		{"-(2 + 3)", "-5"},
		{"'a' || 'b' || 'c'", "'abc'"},
		{"upper('x')", "'X'"},
		{"length('abcd')", "4"},
		{"2 > 1", "true"},
		{"NOT (2 > 1)", "false"},
		{"'abc' LIKE 'a%'", "true"},
		{"3 IN (1, 2, 3)", "true"},
		{"3 NOT IN (1, 2)", "true"},
		{"NULL IS NULL", "true"},
		{"CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END", "'y'"},
		{"coalesce(NULL, 2)", "2"},
		{"CAST('12' AS SIGNED)", "12"},
		{"DATE '2012-01-01'", "DATE(15340)"},
		{"year(DATE '2012-06-01')", "2012"},
		{"1 + NULL", "NULL"},
		// Division by zero fails: left for run time, where it fails only
		// if it is evaluated.
		{"1 / 0", "(1 / 0)"},
		{"1 DIV 0", "(1 DIV 0)"},
		{"7 % 0", "(7 % 0)"},
	} {
		t.Run(c.sql, func(t *testing.T) {
			n := bind(t, "SELECT "+c.sql)
			wantPlan(t, c.sql, apply(t, optimizer.FoldConstants, n),
				fmt.Sprintf("Project [%s AS %s]", c.want, c.sql),
				"  OneRow")
		})
	}
}

func TestFoldConstantsDivisionByZeroInFilter(t *testing.T) {
	// 1/0 is left alone, while the constant parts around it still fold.
	n := bind(t, "SELECT a FROM t WHERE a > 1 + 1 OR x = 1 / 0")
	wantPlan(t, "after", apply(t, optimizer.FoldConstants, n),
		"Project [a]",
		"  Filter ((a > 2) OR (x = (1 / 0)))",
		"    Scan t columns=[a, b, x, d, state]")
}

// AND and OR with a constant side, in SQL's three-valued logic.
func TestFoldConstantsLogic(t *testing.T) {
	for _, c := range []struct{ where, want string }{
		{"a > 1 AND FALSE", "false"},
		{"FALSE AND a > 1", "false"},
		{"a > 1 AND TRUE", "(a > 1)"},
		{"TRUE AND a > 1", "(a > 1)"},
		{"a > 1 OR TRUE", "true"},
		{"TRUE OR a > 1", "true"},
		{"a > 1 OR FALSE", "(a > 1)"},
		{"FALSE OR a > 1 OR TRUE", "true"},
		{"(a > 1 OR FALSE) AND (TRUE AND b = 'x')", "((a > 1) AND (b = 'x'))"},
		{"TRUE AND TRUE", "true"},
		{"FALSE OR FALSE", "false"},
		// NULL AND x is FALSE or NULL depending on x: it stays.
		{"NULL AND a > 1", "(NULL AND (a > 1))"},
		{"NULL OR a > 1", "(NULL OR (a > 1))"},
		{"NULL AND FALSE", "false"},
		{"NULL OR TRUE", "true"},
		{"NULL AND TRUE", "NULL"},
		{"NULL OR FALSE", "NULL"},
		// Bottom-up: the AND folds, then the NOT of its result.
		{"NOT (a > 1 AND FALSE)", "true"},
	} {
		t.Run(c.where, func(t *testing.T) {
			n := bind(t, "SELECT a FROM t WHERE "+c.where)
			wantPlan(t, c.where, apply(t, optimizer.FoldConstants, n),
				"Project [a]",
				"  Filter "+c.want,
				"    Scan t columns=[a, b, x, d, state]")
		})
	}
}

// Every operator's expressions are folded: scan filters, filters,
// projections, aggregation keys and arguments, sort and top-N keys.
func TestFoldConstantsEveryOperator(t *testing.T) {
	var b builder
	s := b.scan(salesTable)
	a := s.Cols[0]
	three := func() plan.Expr { return call("+", types.BigintType, i64(1), i64(2)) }
	s.Filters = []plan.Expr{cmp(">", ref(a), three())}
	f := &plan.Filter{Input: s, Pred: cmp("<", ref(a), call("*", types.BigintType, i64(2), i64(5)))}
	keyCol := b.col("k", types.BigintType)
	sumCol := b.col("s", types.BigintType)
	agg := &plan.Aggregate{Input: f, Phase: plan.Complete,
		Keys:    []plan.Expr{call("+", types.BigintType, ref(a), three())},
		KeyCols: []plan.Column{keyCol},
		Aggs:    []plan.AggCall{{Func: "sum", Arg: call("*", types.BigintType, ref(a), three()), Out: sumCol}},
	}
	pc := b.col("p", types.VarcharType)
	p := &plan.Project{Input: agg, Exprs: []plan.Expr{ref(keyCol), ref(sumCol), call("upper", types.VarcharType, str("x"))},
		Out: []plan.Column{b.col("k", types.BigintType), b.col("s", types.BigintType), pc}}
	sort := &plan.Sort{Input: p, Keys: []plan.SortKey{{Expr: call("+", types.BigintType, ref(p.Out[0]), three()), Desc: true}}}
	top := &plan.TopN{Input: sort, Keys: []plan.SortKey{{Expr: call("-", types.BigintType, ref(p.Out[1]), three())}}, Count: 5}
	before := plan.Format(top)
	wantPlan(t, "before", before,
		"TopN [(s - (1 + 2))] offset=0 count=5",
		"  Sort [(k + (1 + 2)) DESC]",
		"    Project [k, s, UPPER('x') AS p]",
		"      Aggregate phase=complete keys=[(a + (1 + 2))] aggs=[sum((a * (1 + 2)))]",
		"        Filter (a < (2 * 5))",
		"          Scan t columns=[a, b, x, d, state] filters=[(a > (1 + 2))]")
	wantPlan(t, "after", apply(t, optimizer.FoldConstants, top),
		"TopN [(s - 3)] offset=0 count=5",
		"  Sort [(k + 3) DESC]",
		"    Project [k, s, 'X' AS p]",
		"      Aggregate phase=complete keys=[(a + 3)] aggs=[sum((a * 3))]",
		"        Filter (a < 10)",
		"          Scan t columns=[a, b, x, d, state] filters=[(a > 3)]")
	if after := plan.Format(top); after != before {
		t.Errorf("FoldConstants changed its input:\n%s", after)
	}
}

// Only calls whose arguments are all constants fold: there is no
// reassociation of a + 1 + 2.
func TestFoldConstantsLeavesColumns(t *testing.T) {
	n := bind(t, "SELECT a + 1 + 2, 1 + 2 + a, -(-a), upper(b) FROM t")
	wantPlan(t, "after", apply(t, optimizer.FoldConstants, n),
		"Project [((a + 1) + 2) AS a + 1 + 2, (3 + a) AS 1 + 2 + a, (-(-a)) AS -(-a), UPPER(b) AS upper(b)]",
		"  Scan t columns=[a, b, x, d, state]")
}

// A cast of bad text (which the binder rejects in SQL, but a plan built
// otherwise may hold) is left for run time too.
func TestFoldConstantsLeavesBadCast(t *testing.T) {
	bad := &plan.Call{Fn: "cast", Args: []plan.Expr{&plan.Literal{Value: "abc", T: types.VarcharType}}, T: types.DateType}
	n := &plan.Project{Input: plan.OneRow{}, Exprs: []plan.Expr{bad}, Out: []plan.Column{{ID: 1, Name: "d", Type: types.DateType}}}
	wantPlan(t, "bad cast", apply(t, optimizer.FoldConstants, n),
		"Project [CAST('abc' AS DATE) AS d]",
		"  OneRow")
}
