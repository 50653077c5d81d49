// Package optimizer rewrites a logical plan with named rules and turns the
// result into a physical plan of vectorized operators.
//
// The rules run once each, in the order of Rules; any of them can be
// switched off by name (Options.Disabled), which tests and EXPLAIN use to
// show a rule's effect.
package optimizer

import (
	"fmt"

	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// Rule is one rewrite of the logical plan.
type Rule struct {
	// Name identifies the rule, e.g. to disable it.
	Name string
	// Apply returns the rewritten plan.
	Apply func(plan.Node) (plan.Node, error)
}

// Rules are the rewrites in the order they run:
//   - constants first, so later rules see literals;
//   - LATERAL subqueries without FROM join their left side's pipeline, and
//     correlated subqueries become plain joins before filters move, so
//     their predicates move like any other (those that cannot become
//     dependent joins, plan.Apply, which the later rules treat as a join
//     whose right side they must not feed from outside);
//   - joins are reordered once filters sit on their inputs (the estimates
//     see them), and before their keys are split from their conditions;
//   - filters move down before columns are pruned, so a pushed-down filter's
//     columns are kept and the scan can read only what remains;
//   - ORDER BY + LIMIT becomes top-N before aggregations split, so neither
//     hides the other's pattern;
//   - aggregations split into partial and final last, over the final shape.
var Rules = []Rule{
	{Name: "fold_constants", Apply: FoldConstants},
	{Name: "factor_or", Apply: FactorOr},
	{Name: "inline_lateral", Apply: InlineLateral},
	{Name: "decorrelate", Apply: Decorrelate},
	{Name: "propagate_equalities", Apply: PropagateEqualities},
	{Name: "push_down_filters", Apply: PushDownFilters},
	{Name: "mark_joins_to_semi", Apply: MarkJoinsToSemi},
	{Name: "reorder_joins", Apply: ReorderJoins},
	{Name: "extract_join_keys", Apply: ExtractJoinKeys},
	{Name: "limit_window_rows", Apply: LimitWindowRows},
	{Name: "common_subexpressions", Apply: CommonSubexpressions},
	{Name: "prune_columns", Apply: PruneColumns},
	{Name: "sort_limit_to_topn", Apply: SortLimitToTopN},
	{Name: "split_aggregates", Apply: SplitAggregates},
}

// Options tune optimization and physical planning.
type Options struct {
	// Threads is the number of workers for a parallel scan (default 1).
	Threads int
	// Disabled names rules to skip.
	Disabled map[string]bool
	// Analyze makes a physical plan that counts each operator's rows,
	// time and memory, for EXPLAIN ANALYZE.
	Analyze bool
}

// Optimize applies the enabled rules to a logical plan.
func Optimize(n plan.Node, opts Options) (plan.Node, error) {
	for _, r := range Rules {
		if opts.Disabled[r.Name] {
			continue
		}
		out, err := r.Apply(n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Name, err)
		}
		n = out
	}
	return n, nil
}

// transformUp rebuilds a plan bottom-up, replacing each node by f's result.
func transformUp(n plan.Node, f func(plan.Node) (plan.Node, error)) (plan.Node, error) {
	kids := n.Children()
	if len(kids) > 0 {
		nk := make([]plan.Node, len(kids))
		for i, k := range kids {
			c, err := transformUp(k, f)
			if err != nil {
				return nil, err
			}
			nk[i] = c
		}
		n = n.WithChildren(nk)
	}
	return f(n)
}

// mapExprs returns a copy of n (not its children) with every expression
// replaced by f's result.
func mapExprs(n plan.Node, f func(plan.Expr) (plan.Expr, error)) (plan.Node, error) {
	var err error
	each := func(es []plan.Expr) []plan.Expr {
		out := make([]plan.Expr, len(es))
		for i, e := range es {
			if err == nil {
				out[i], err = f(e)
			}
		}
		return out
	}
	keys := func(ks []plan.SortKey) []plan.SortKey {
		out := make([]plan.SortKey, len(ks))
		for i, k := range ks {
			out[i] = k
			if err == nil {
				out[i].Expr, err = f(k.Expr)
			}
		}
		return out
	}
	switch n := n.(type) {
	case *plan.Scan:
		c := *n
		c.Filters = each(n.Filters)
		return &c, err
	case *plan.Filter:
		p, e := f(n.Pred)
		return &plan.Filter{Input: n.Input, Pred: p}, e
	case *plan.Project:
		return &plan.Project{Input: n.Input, Exprs: each(n.Exprs), Out: n.Out}, err
	case *plan.ProjectSet:
		c := *n
		c.Calls = make([]*plan.Call, len(n.Calls))
		for i, call := range n.Calls {
			args := each(call.Args)
			c.Calls[i] = call.WithArgs(args)
		}
		return &c, err
	case *plan.Aggregate:
		c := *n
		c.Keys = each(n.Keys)
		c.Aggs = make([]plan.AggCall, len(n.Aggs))
		for i, a := range n.Aggs {
			c.Aggs[i] = a
			if a.Arg != nil && err == nil {
				c.Aggs[i].Arg, err = f(a.Arg)
			}
			if a.Arg2 != nil && err == nil {
				c.Aggs[i].Arg2, err = f(a.Arg2)
			}
		}
		return &c, err
	case *plan.Sort:
		return &plan.Sort{Input: n.Input, Keys: keys(n.Keys)}, err
	case *plan.TopN:
		c := *n
		c.Keys = keys(n.Keys)
		return &c, err
	case *plan.Join:
		c := *n
		c.LeftKeys = each(n.LeftKeys)
		c.RightKeys = each(n.RightKeys)
		if n.Cond != nil && err == nil {
			c.Cond, err = f(n.Cond)
		}
		return &c, err
	case *plan.Apply:
		c := *n
		if n.Cond != nil {
			c.Cond, err = f(n.Cond)
		}
		return &c, err
	case *plan.Window:
		return mapWindowExprs(n, f)
	}
	return n, nil
}
