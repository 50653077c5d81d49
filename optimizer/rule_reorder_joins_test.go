package optimizer_test

import (
	"testing"

	"github.com/sqlcsv/sqlcsv/optimizer"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// reorder pushes the filters into the joins (as Optimize does first) and
// reorders them.
func reorder(t *testing.T, sql string) string {
	t.Helper()
	n := applyRules(t, bindIn(t, sql, starTables...), optimizer.PushDownFilters)
	return apply(t, optimizer.ReorderJoins, n)
}

func TestReorderJoinsStar(t *testing.T) {
	// fact has 1e6 rows, da 10, db 100, dc 1000. Each dimension's join
	// keeps fact's size, so the greedy order is the first pair found; the
	// fact table streams on the left of every join, the tree left-deep.
	star := []string{
		"Project [amount]",
		"  Join inner cond=(c_id = c_id)",
		"    Join inner cond=(b_id = b_id)",
		"      Join inner cond=(a_id = a_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan da columns=[a_id, a_name]",
		"      Scan db columns=[b_id, b_name]",
		"    Scan dc columns=[c_id, c_name]",
	}
	wantPlan(t, "FROM list", reorder(t, "SELECT amount FROM fact f, da a, db b, dc c WHERE f.a_id = a.a_id AND f.b_id = b.b_id AND f.c_id = c.c_id"), star...)
	// Written with the fact table second: it still ends up on the left.
	wantPlan(t, "JOIN chain", reorder(t, "SELECT amount FROM dc c JOIN fact f ON f.c_id = c.c_id JOIN db b ON f.b_id = b.b_id JOIN da a ON f.a_id = a.a_id"),
		"Project [amount]",
		"  Join inner cond=(a_id = a_id)",
		"    Join inner cond=(b_id = b_id)",
		"      Join inner cond=(c_id = c_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan dc columns=[c_id, c_name]",
		"      Scan db columns=[b_id, b_name]",
		"    Scan da columns=[a_id, a_name]")
}

func TestReorderJoinsMostSelectiveFirst(t *testing.T) {
	// Filtered, dc has ~100 rows (c_id from 1000 values: fact ⋈ dc ~1e5)
	// and db ~25 (b_id from 100: fact ⋈ db ~2.5e5); da filters nothing
	// (~1e6). Smallest first: dc, then db, then da.
	wantPlan(t, "filtered star", reorder(t, "SELECT amount FROM fact f, da a, db b, dc c WHERE f.a_id = a.a_id AND f.b_id = b.b_id AND f.c_id = c.c_id AND c.c_name = 'x' AND b.b_name LIKE 'y%'"),
		"Project [amount]",
		"  Join inner cond=(a_id = a_id)",
		"    Join inner cond=(b_id = b_id)",
		"      Join inner cond=(c_id = c_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan dc columns=[c_id, c_name] filters=[(c_name = 'x')]",
		"      Scan db columns=[b_id, b_name] filters=[(b_name LIKE 'y%')]",
		"    Scan da columns=[a_id, a_name]")
}

func TestReorderJoinsDisconnectedLast(t *testing.T) {
	// lone is connected to nothing: it is cross-joined once the connected
	// inputs are joined, wherever it was written.
	wantPlan(t, "no predicate", reorder(t, "SELECT amount FROM lone l, fact f, da a, db b WHERE f.a_id = a.a_id AND f.b_id = b.b_id"),
		"Project [amount]",
		"  Join inner",
		"    Join inner cond=(b_id = b_id)",
		"      Join inner cond=(a_id = a_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan da columns=[a_id, a_name]",
		"      Scan db columns=[b_id, b_name]",
		"    Scan lone columns=[l_id]")
	// An inequality does not connect for ordering; it is the cross join's
	// condition.
	wantPlan(t, "inequality", reorder(t, "SELECT amount FROM lone l, fact f, da a, db b WHERE f.a_id = a.a_id AND f.b_id = b.b_id AND l.l_id < f.amount"),
		"Project [amount]",
		"  Join inner cond=(l_id < amount)",
		"    Join inner cond=(b_id = b_id)",
		"      Join inner cond=(a_id = a_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan da columns=[a_id, a_name]",
		"      Scan db columns=[b_id, b_name]",
		"    Scan lone columns=[l_id]")
	// Nothing connected at all: the smallest two first (da 10, lone 50),
	// then db (100) joins their larger result on its right.
	wantPlan(t, "all disconnected", reorder(t, "SELECT a_name FROM db b, lone l, da a"),
		"Project [a_name]",
		"  Join inner",
		"    Join inner",
		"      Scan lone columns=[l_id]",
		"      Scan da columns=[a_id, a_name]",
		"    Scan db columns=[b_id, b_name]")
}

func TestReorderJoinsKeepsConditionsTogether(t *testing.T) {
	// A condition reading both inputs besides the equality stays on their
	// join; the larger input goes left.
	wantPlan(t, "residual", reorder(t, "SELECT amount FROM da a, fact f WHERE f.a_id = a.a_id AND f.amount + a.a_id > 3"),
		"Project [amount]",
		"  Join inner cond=((a_id = a_id) AND ((amount + a_id) > 3))",
		"    Scan fact columns=[a_id, b_id, c_id, amount]",
		"    Scan da columns=[a_id, a_name]")
}

func TestReorderJoinsStopsAtOtherJoinKinds(t *testing.T) {
	// A left join is not reordered; the inner joins above it treat it as
	// one input.
	wantPlan(t, "left join below", reorder(t, "SELECT amount FROM fact f LEFT JOIN da a ON f.a_id = a.a_id JOIN db b ON f.b_id = b.b_id JOIN dc c ON c.c_id = f.c_id"),
		"Project [amount]",
		"  Join inner cond=(c_id = c_id)",
		"    Join inner cond=(b_id = b_id)",
		"      Join left cond=(a_id = a_id)",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"        Scan da columns=[a_id, a_name]",
		"      Scan db columns=[b_id, b_name]",
		"    Scan dc columns=[c_id, c_name]")
	// The inner join under a left join is reordered on its own.
	wantPlan(t, "inner join below a left join", reorder(t, "SELECT amount FROM da a JOIN db b ON a.a_id = b.b_id LEFT JOIN fact f ON f.a_id = a.a_id"),
		"Project [amount]",
		"  Join left cond=(a_id = a_id)",
		"    Join inner cond=(a_id = b_id)",
		"      Scan db columns=[b_id, b_name]",
		"      Scan da columns=[a_id, a_name]",
		"    Scan fact columns=[a_id, b_id, c_id, amount]")
	// A join with keys already extracted (ExtractJoinKeys has run) is
	// left as it is. (It used to recurse without end.)
	var b builder
	f := b.scan(&factTable.fakeTable)
	a := b.scan(&dimA.fakeTable)
	j := &plan.Join{Kind: plan.InnerJoin, Left: a, Right: f,
		LeftKeys: []plan.Expr{ref(a.Cols[0])}, RightKeys: []plan.Expr{ref(f.Cols[0])}}
	wantPlan(t, "keyed join", apply(t, optimizer.ReorderJoins, j),
		"Join inner keys=[a_id = a_id]",
		"  Scan da columns=[a_id, a_name]",
		"  Scan fact columns=[a_id, b_id, c_id, amount]")
}

// A semi join that reads one input of the inner join under it filters
// that input, when the inner join does not cut rows itself.
func TestReorderJoinsPushesSemiJoins(t *testing.T) {
	semi := func(sql string) string {
		t.Helper()
		n := applyRules(t, bindIn(t, sql, starTables...), optimizer.PushDownFilters, optimizer.MarkJoinsToSemi)
		return apply(t, optimizer.ReorderJoins, n)
	}
	// fact JOIN dc keeps fact's million rows: the IN on fact's b_id is
	// applied to fact first.
	wantPlan(t, "pushed", semi("SELECT amount FROM fact f JOIN dc c ON f.c_id = c.c_id WHERE f.b_id IN (SELECT b_id FROM db)"),
		"Project [amount]",
		"  Join inner cond=(c_id = c_id)",
		"    Join semi cond=(b_id = b_id)",
		"      Scan fact columns=[a_id, b_id, c_id, amount]",
		"      Project [b_id]",
		"        Scan db columns=[b_id, b_name]",
		"    Scan dc columns=[c_id, c_name]")
	// fact JOIN (one row of da) keeps a tenth of fact: the anti join
	// stays above it.
	wantPlan(t, "kept above a selective join", semi("SELECT amount FROM fact f JOIN da a ON f.a_id = a.a_id WHERE a.a_name = 'x' AND f.b_id NOT IN (SELECT b_id FROM db WHERE b_id IS NOT NULL)"),
		"Project [amount]",
		"  Join anti cond=(b_id = b_id) null-aware",
		"    Join inner cond=(a_id = a_id)",
		"      Scan fact columns=[a_id, b_id, c_id, amount]",
		"      Scan da columns=[a_id, a_name] filters=[(a_name = 'x')]",
		"    Project [b_id]",
		"      Scan db columns=[b_id, b_name] filters=[(b_id IS NOT NULL)]")
}

// A dependent join is one input of the join tree above it; the joins of
// each of its sides are reordered on their own. In the subquery, the
// predicate that reads the outer row (b_id < f's b_id) joins nothing: it
// stays a filter.
func TestReorderJoinsAroundApply(t *testing.T) {
	sql := "SELECT f.amount FROM da, db, fact f WHERE f.a_id = da.a_id AND f.b_id = db.b_id AND f.amount > " +
		"(SELECT max(x.amount) FROM dc, da y, fact x WHERE x.c_id = dc.c_id AND x.a_id = y.a_id AND x.b_id < f.b_id)"
	n := applyRules(t, bindIn(t, sql, starTables...), optimizer.Decorrelate, optimizer.PushDownFilters)
	wantPlan(t, "before", plan.Format(n),
		"Project [amount]",
		"  Filter (amount > max(x.amount))",
		"    Apply single (runs the right side once per outer row)",
		"      Join inner cond=((a_id = a_id) AND (b_id = b_id))",
		"        Join inner",
		"          Scan da columns=[a_id, a_name]",
		"          Scan db columns=[b_id, b_name]",
		"        Scan fact columns=[a_id, b_id, c_id, amount]",
		"      Project [max(amount) AS max(x.amount)]",
		"        Aggregate phase=complete keys=[] aggs=[max(amount)]",
		"          Join inner cond=(((c_id = c_id) AND (a_id = a_id)) AND (b_id < b_id))",
		"            Join inner",
		"              Scan dc columns=[c_id, c_name]",
		"              Scan da columns=[a_id, a_name]",
		"            Scan fact columns=[a_id, b_id, c_id, amount]")
	wantPlan(t, "after", apply(t, optimizer.ReorderJoins, n),
		"Project [amount]",
		"  Filter (amount > max(x.amount))",
		"    Apply single (runs the right side once per outer row)",
		"      Join inner cond=(b_id = b_id)",
		"        Join inner cond=(a_id = a_id)",
		"          Scan fact columns=[a_id, b_id, c_id, amount]",
		"          Scan da columns=[a_id, a_name]",
		"        Scan db columns=[b_id, b_name]",
		"      Project [max(amount) AS max(x.amount)]",
		"        Aggregate phase=complete keys=[] aggs=[max(amount)]",
		"          Filter (b_id < b_id)",
		"            Join inner cond=(a_id = a_id)",
		"              Join inner cond=(c_id = c_id)",
		"                Scan fact columns=[a_id, b_id, c_id, amount]",
		"                Scan dc columns=[c_id, c_name]",
		"              Scan da columns=[a_id, a_name]")
}
