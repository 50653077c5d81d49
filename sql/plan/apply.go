package plan

import "fmt"

// Apply is a dependent join: Right is run once for every row of Left,
// with the columns of Left it reads (outer references) standing for that
// row's values, and the rows it returns are combined with the left row as
// a Join of the same Kind would combine partners (Cond, nil for TRUE,
// decides which right rows are partners). It is the fallback for a
// correlated subquery that the optimizer cannot turn into a plain join:
// correct for any correlation, but its right side runs per outer row.
//
// For MarkJoin and AntiJoin with NullAware (x IN / NOT IN (subquery)), a
// right row whose Cond is NULL counts as an unknown partner: Mark is NULL
// (not FALSE) when no right row's Cond is TRUE and some is NULL, and the
// anti join drops such a left row.
type Apply struct {
	Kind        JoinKind
	Left, Right Node
	Cond        Expr
	NullAware   bool
	// Mark is the output column of a MarkJoin.
	Mark Column
	// What names the SQL the apply came from, for errors (a subquery).
	What string
}

// Columns implements Node: those of a Join of the same kind.
func (a *Apply) Columns() []Column { return joinColumns(a.Kind, a.Left, a.Right, a.Mark) }

// Children implements Node.
func (a *Apply) Children() []Node { return []Node{a.Left, a.Right} }

// WithChildren implements Node.
func (a *Apply) WithChildren(c []Node) Node {
	n := *a
	n.Left, n.Right = c[0], c[1]
	return &n
}

// Describe implements Node.
func (a *Apply) Describe() string {
	d := "Apply " + a.Kind.String()
	if a.Cond != nil {
		d += " cond=" + a.Cond.String()
	}
	if a.Kind == MarkJoin {
		d += fmt.Sprintf(" mark=%s", a.Mark.Name)
	}
	if a.NullAware {
		d += " null-aware"
	}
	return d + " (runs the right side once per outer row)"
}
