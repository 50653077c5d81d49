package plan

import "strings"

// ProjectSet evaluates set-returning function calls (generate_series,
// unnest) in a select list: for each input row it outputs as many rows as
// its longest call returns, none when every call returns none, with the
// input's columns repeated and each call's values in Out (NULL once a
// shorter call has run out), as PostgreSQL's ProjectSet does.
type ProjectSet struct {
	Input Node
	// Calls are the set-returning calls (Call.Set), computing Out.
	Calls []*Call
	Out   []Column
}

// Columns implements Node: the input's columns, then Out.
func (p *ProjectSet) Columns() []Column {
	return append(append([]Column(nil), p.Input.Columns()...), p.Out...)
}

// Children implements Node.
func (p *ProjectSet) Children() []Node { return []Node{p.Input} }

// WithChildren implements Node.
func (p *ProjectSet) WithChildren(c []Node) Node {
	return &ProjectSet{Input: c[0], Calls: p.Calls, Out: p.Out}
}

// Describe implements Node.
func (p *ProjectSet) Describe() string {
	parts := make([]string, len(p.Calls))
	for i, c := range p.Calls {
		parts[i] = c.String() + " AS " + p.Out[i].Name
	}
	return "ProjectSet [" + strings.Join(parts, ", ") + "]"
}
