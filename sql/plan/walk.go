package plan

// Exprs returns the expressions a node evaluates (not its children's).
func Exprs(n Node) []Expr {
	var out []Expr
	switch n := n.(type) {
	case *Scan:
		out = append(out, n.Filters...)
	case *Filter:
		out = append(out, n.Pred)
	case *Project:
		out = append(out, n.Exprs...)
	case *ProjectSet:
		for _, c := range n.Calls {
			out = append(out, c)
		}
	case *Aggregate:
		out = append(out, n.Keys...)
		for _, a := range n.Aggs {
			if a.Arg != nil {
				out = append(out, a.Arg)
			}
			if a.Arg2 != nil {
				out = append(out, a.Arg2)
			}
		}
	case *Sort:
		for _, k := range n.Keys {
			out = append(out, k.Expr)
		}
	case *TopN:
		for _, k := range n.Keys {
			out = append(out, k.Expr)
		}
	case *Join:
		out = append(out, n.LeftKeys...)
		out = append(out, n.RightKeys...)
		if n.Cond != nil {
			out = append(out, n.Cond)
		}
	case *Apply:
		if n.Cond != nil {
			out = append(out, n.Cond)
		}
	case *Window:
		out = append(out, n.PartitionBy...)
		for _, k := range n.OrderBy {
			out = append(out, k.Expr)
		}
		for _, f := range n.Funcs {
			out = append(out, f.Args...)
		}
	}
	return out
}

// Produced returns the IDs of the columns that n and the nodes below it
// output or read from tables.
func Produced(n Node, into map[ColumnID]bool) map[ColumnID]bool {
	if into == nil {
		into = map[ColumnID]bool{}
	}
	for _, c := range n.Columns() {
		into[c.ID] = true
	}
	if s, ok := n.(*Scan); ok {
		for _, c := range s.Cols {
			into[c.ID] = true
		}
	}
	for _, k := range n.Children() {
		Produced(k, into)
	}
	return into
}

// FreeColumns returns the columns that n's expressions read but no node of
// n produces: a correlated subquery's references to the query around it.
func FreeColumns(n Node) map[ColumnID]bool {
	have := Produced(n, nil)
	free := map[ColumnID]bool{}
	var rec func(n Node)
	rec = func(n Node) {
		for _, e := range Exprs(n) {
			for id := range ColumnsOf(e, nil) {
				if !have[id] {
					free[id] = true
				}
			}
		}
		for _, k := range n.Children() {
			rec(k)
		}
	}
	rec(n)
	return free
}
