package pgdialect

import (
	"sort"
	"strconv"
	"strings"

	tidb "github.com/pingcap/tidb/pkg/parser"
)

// Result is Postgres SQL rewritten into the engine's dialect.
type Result struct {
	// SQL is the rewritten text.
	SQL string
	// Params holds, for each ? placeholder in SQL in order, the 1-based
	// number n of the $n it stands for.
	Params []int
	// NumParams is the highest $n seen.
	NumParams int

	spans []span
}

// span maps SQL[out:out+n] to the original text at src.
type span struct {
	out, src, n int
	verbatim    bool // copied byte for byte
}

// SourceOffset maps a byte offset of r.SQL to the byte offset of the
// original text it came from (for error carets).
func (r Result) SourceOffset(out int) int {
	k := sort.Search(len(r.spans), func(i int) bool { return r.spans[i].out > out }) - 1
	if k < 0 {
		return 0
	}
	s := r.spans[k]
	if s.verbatim {
		d := out - s.out
		if d >= s.n && s.n > 0 {
			d = s.n - 1
		}
		return s.src + d
	}
	return s.src
}

// piece is a unit of output: a token's replacement text after its space,
// with prefixes that rewrites put before it.
type piece struct {
	space    string
	spacePos int
	pre      []span   // offsets of prefixes (src only)
	pres     []string // prefixes, outermost first
	text     string
	src      int
	verbatim bool
	tok      int // token index, or -1 for inserted text
}

type frameKind int

const (
	fParen frameKind = iota
	fCall
	fCast
	fSubscript
	fArray
	fList // the parenthesis of = ANY(ARRAY[...]) that disappears
)

// frame is the state of one level of parentheses or brackets.
type frame struct {
	kind      frameKind
	open      string // ( or [
	closeText string
	start     int // piece where the primary that this bracket ends begins

	prim    int    // piece where the last complete primary begins, or -1
	primTok int    // the primary's piece when it is a single literal, or -1
	primReg string // the reg type of the primary when it is a reg* cast
	primDot bool   // the last token was a . after a primary
	closed  frameKind
	chain   []int // pieces of the identifier chain ending at the last token

	exprStart  int // first piece after the last boundary, or -1
	first      int // first piece inside the frame
	inFrom     bool
	inOn       bool
	tableStart bool
	pending    []string

	castType  *pgType
	castWord  int
	castOK    bool
	tableFunc string // the function name of a FROM-clause table function
	// aggArg marks array_agg's parenthesis until its argument is wrapped
	// in pg_array_item(...), at ORDER BY or the closing parenthesis.
	aggArg    bool
	regResult string
	stmtStart bool // no token yet in the statement (top frame)
}

type rewriter struct {
	src    string
	toks   []token
	match  []int // index of the matching bracket
	out    []piece
	params []int
	max    int
	stack  []*frame
	i      int
	// replace holds the text of tokens that a lookahead rewrote.
	replace map[int]string
	// closeText holds text a lookahead put before a closing bracket.
	closeText map[int]string
	// aggOpen marks the opening parenthesis of an array_agg call.
	aggOpen map[int]bool
	stmtTok int // index of the statement's first token
}

func (r *rewriter) cur() *frame { return r.stack[len(r.stack)-1] }

// Rewrite turns Postgres SQL (one or more statements) into the engine's
// dialect, with the same meaning.
func Rewrite(sql string) (Result, error) {
	toks, err := lex(sql)
	if err != nil {
		return Result{}, err
	}
	toks = foldOperators(toks)
	r := &rewriter{src: sql, toks: toks, replace: map[int]string{}, closeText: map[int]string{}, aggOpen: map[int]bool{}}
	if err := r.matchBrackets(); err != nil {
		return Result{}, err
	}
	r.stack = []*frame{newFrame(fParen, 0)}
	r.cur().stmtStart = true
	for r.i < len(r.toks) {
		if err := r.step(); err != nil {
			return Result{}, err
		}
	}
	r.flushPending(r.cur())
	return r.result(), nil
}

func newFrame(k frameKind, first int) *frame {
	return &frame{kind: k, prim: -1, primTok: -1, exprStart: -1, first: first}
}

// foldOperators turns OPERATOR(schema.op) into the token op.
func foldOperators(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.is("operator") && i+2 < len(toks) && toks[i+1].punct("(") {
			j := i + 2
			if j+1 < len(toks) && (toks[j].kind == tkIdent || toks[j].kind == tkQIdent) && toks[j+1].punct(".") {
				j += 2
			}
			if j+1 < len(toks) && toks[j].kind == tkOp && toks[j+1].punct(")") {
				out = append(out, token{kind: tkOp, pos: t.pos, end: toks[j+1].end, text: toks[j].text, val: toks[j].val, space: t.space, spacePos: t.spacePos})
				i = j + 1
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func (r *rewriter) matchBrackets() error {
	r.match = make([]int, len(r.toks))
	var st []int
	for i, t := range r.toks {
		r.match[i] = -1
		if t.kind != tkPunct {
			continue
		}
		switch t.text {
		case "(", "[":
			st = append(st, i)
		case ")", "]":
			want := "("
			if t.text == "]" {
				want = "["
			}
			if len(st) == 0 || r.toks[st[len(st)-1]].text != want {
				return errAt(r.src, t.pos, "unmatched %s", t.text)
			}
			o := st[len(st)-1]
			st = st[:len(st)-1]
			r.match[o], r.match[i] = i, o
		case ";":
			if len(st) > 0 {
				return errAt(r.src, r.toks[st[len(st)-1]].pos, "unmatched %s", r.toks[st[len(st)-1]].text)
			}
		}
	}
	if len(st) > 0 {
		return errAt(r.src, r.toks[st[len(st)-1]].pos, "unmatched %s", r.toks[st[len(st)-1]].text)
	}
	return nil
}

func (r *rewriter) result() Result {
	var sb strings.Builder
	var spans []span
	add := func(s string, src int, verbatim bool) {
		if s == "" {
			return
		}
		spans = append(spans, span{out: sb.Len(), src: src, n: len(s), verbatim: verbatim})
		sb.WriteString(s)
	}
	for _, p := range r.out {
		// PostgreSQL takes "count (*)"; MySQL reads a built-in function
		// only when "(" follows its name at once.
		if strings.HasPrefix(p.text, "(") && len(p.pres) == 0 && endsWithWord(sb.String()) {
			p.space = ""
		}
		add(p.space, p.spacePos, p.space == r.src[p.spacePos:min(len(r.src), p.spacePos+len(p.space))])
		for _, s := range p.pres {
			add(s, p.src, false)
		}
		add(p.text, p.src, p.verbatim)
	}
	return Result{SQL: sb.String(), Params: r.params, NumParams: r.max, spans: spans}
}

// endsWithWord says whether s ends with a letter, digit or underscore.
func endsWithWord(s string) bool {
	if s == "" {
		return false
	}
	c := s[len(s)-1]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// at returns toks[k], or an empty token past the end.
func (r *rewriter) at(k int) token {
	if k >= 0 && k < len(r.toks) {
		return r.toks[k]
	}
	return token{kind: tkPunct, pos: len(r.src), end: len(r.src)}
}

// emit appends the piece for token k with text and returns its index.
func (r *rewriter) emit(k int, text string) int {
	t := r.toks[k]
	r.out = append(r.out, piece{space: t.space, spacePos: t.spacePos, text: text, src: t.pos, verbatim: text == t.text, tok: k})
	f := r.cur()
	if f.exprStart < 0 {
		f.exprStart = len(r.out) - 1
	}
	f.stmtStart = false
	return len(r.out) - 1
}

// drop skips token k, keeping its space if space is set.
func (r *rewriter) drop(k int, space bool) {
	t := r.toks[k]
	p := piece{spacePos: t.spacePos, src: t.pos, tok: k}
	if space {
		p.space = t.space
	}
	r.out = append(r.out, p)
}

// insert appends text that no token stands for.
func (r *rewriter) insert(text string, src int) {
	r.out = append(r.out, piece{text: text, src: src, spacePos: src, tok: -1})
}

// prefix puts text before piece p (outside earlier prefixes).
func (r *rewriter) prefix(p int, text string) {
	r.out[p].pres = append([]string{text}, r.out[p].pres...)
}

func (r *rewriter) flushPending(f *frame) {
	for k := len(f.pending) - 1; k >= 0; k-- {
		r.insert(f.pending[k], r.at(r.i).pos)
	}
	f.pending = nil
}

// boundary ends an operand: the token resets the expression start.
func (r *rewriter) boundary() {
	f := r.cur()
	r.flushPending(f)
	f.prim, f.primTok, f.primReg, f.primDot, f.chain = -1, -1, "", false, nil
}

func (r *rewriter) afterBoundary() {
	f := r.cur()
	f.exprStart = -1
}

func (r *rewriter) setPrim(start, single int) {
	f := r.cur()
	f.prim, f.primTok, f.primReg, f.primDot = start, single, "", false
	f.chain = nil
}

func (r *rewriter) noPrim() {
	f := r.cur()
	f.prim, f.primTok, f.primReg, f.primDot, f.chain = -1, -1, "", false, nil
}

// Keywords that end an operand (clause starts and logical operators).
var boundaryWords = set("and", "or", "not", "when", "then", "else", "end", "case", "select", "distinct",
	"from", "where", "group", "by", "having", "order", "limit", "offset", "union", "except", "intersect",
	"on", "using", "join", "as", "asc", "desc", "window", "returning", "values", "set", "into", "with",
	"inner", "left", "right", "full", "outer", "cross", "natural", "lateral", "fetch", "for", "nulls", "all")

// Keywords that are not operands (nor function names before a parenthesis).
var keywords = set("and", "or", "not", "when", "then", "else", "end", "case", "select", "distinct",
	"from", "where", "group", "by", "having", "order", "limit", "offset", "union", "except", "intersect",
	"on", "using", "join", "as", "asc", "desc", "window", "returning", "values", "set", "into", "with",
	"inner", "outer", "cross", "natural", "lateral", "fetch", "for", "nulls", "all", "any", "some",
	"in", "exists", "is", "like", "ilike", "similar", "between", "over", "filter", "within", "partition",
	"escape", "only", "table", "to", "of", "rows", "range", "unbounded", "preceding", "following",
	"recursive", "insert", "update", "delete", "create", "drop", "alter", "grant", "default", "do",
	"symmetric", "asymmetric", "collate", "isnull", "notnull", "overlaps", "first", "last")

// Words that follow a FROM-clause item and so cannot be its alias.
var notAlias = set("where", "group", "having", "order", "limit", "offset", "union", "except", "intersect",
	"on", "using", "join", "inner", "left", "right", "full", "outer", "cross", "natural", "window",
	"fetch", "for", "with", "returning", "lateral", "tablesample")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// tidbReserved holds the words TiDB's parser reserves (upper case).
var tidbReserved = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range tidb.Keywords {
		if k.Reserved {
			m[k.Word] = true
		}
	}
	return m
}()

// quoteIdent quotes a name as an ANSI_QUOTES identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteString writes s as a MySQL string literal with the same value.
func quoteString(s string) string {
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	sb.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			sb.WriteString("''")
		case '\\':
			sb.WriteString(`\\`)
		case 0:
			sb.WriteString(`\0`)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('\'')
	return sb.String()
}

func isComparison(op string) bool {
	switch op {
	case "=", "<>", "!=", "<", ">", "<=", ">=":
		return true
	}
	return false
}

// step rewrites the token at r.i and those it consumes.
func (r *rewriter) step() error {
	i := r.i
	t := r.toks[i]
	r.i++
	if txt, ok := r.replace[i]; ok {
		delete(r.replace, i)
		r.emit(i, txt)
		return nil
	}
	switch t.kind {
	case tkString:
		p := r.emit(i, quoteString(t.val))
		r.setPrim(p, p)
	case tkNumber:
		text := t.text
		if n := r.at(i + 1); n.pos == t.end && (n.kind == tkIdent || n.kind == tkQIdent) {
			text += " "
		}
		p := r.emit(i, text)
		r.setPrim(p, p)
	case tkParam:
		p := r.emit(i, "?")
		r.params = append(r.params, t.num)
		r.max = max(r.max, t.num)
		r.setPrim(p, -1)
	case tkQIdent:
		text := t.text
		if !strings.HasPrefix(text, `"`) {
			text = quoteIdent(t.val)
		}
		r.ident(i, text)
	case tkIdent:
		return r.word(i)
	case tkOp:
		return r.operator(i)
	case tkPunct:
		return r.punct(i)
	}
	return nil
}

// ident emits an identifier that may continue a chain a.b.c.
func (r *rewriter) ident(i int, text string) {
	f := r.cur()
	chain := f.chain
	dot := f.primDot
	start := f.prim
	p := r.emit(i, text)
	if dot && chain != nil {
		f.chain = append(chain, p)
		f.primDot = false
		f.prim, f.primTok, f.primReg = start, -1, ""
		return
	}
	f.prim, f.primTok, f.primReg, f.primDot = p, -1, "", false
	f.chain = []int{p}
	if f.tableStart {
		f.tableStart = false
		if r.at(r.i).punct("(") || r.at(r.i).punct(".") && r.at(r.i+2).punct("(") {
			f.tableStart = true // a table function: decided at (
		}
	}
}

func (r *rewriter) word(i int) error {
	t := r.toks[i]
	f := r.cur()
	w := t.val
	next := r.at(i + 1)
	if f.tableStart && relationFunctions[w] && next.punct("(") && r.at(i+2).punct(")") {
		// A function of fixed records in FROM: the relation of its name.
		r.replace[i+1], r.replace[i+2] = "", ""
		r.ident(i, t.text)
		f.tableStart = false
		return nil
	}
	if f.primDot {
		// After a dot every word is a name.
		r.ident(i, t.text)
		return nil
	}
	if w == "order" && f.aggArg {
		r.boundary()
		r.endAggArg(f, t.pos)
	}
	switch w {
	case "string_agg", "array_agg":
		if next.punct("(") {
			text, err := r.orderedAggregate(i)
			if err != nil {
				return err
			}
			if text != "" {
				r.ident(i, text)
				return nil
			}
		}
	case "true", "false", "null":
		p := r.emit(i, t.text)
		r.setPrim(p, p)
		return nil
	case "cast":
		if next.punct("(") {
			p := r.emit(i, t.text)
			r.noPrim()
			r.emit(i+1, "(")
			nf := r.push(i+1, fCast, p)
			nf.castWord = p
			return nil
		}
	case "array":
		if next.punct("[") || next.punct("(") {
			if r.replace[i+1] == "(" {
				// ARRAY[...] inside = ANY(...): the list of IN.
				delete(r.replace, i+1)
				r.drop(i, false)
				r.emit(i+1, "(")
				r.push(i+1, fArray, -1).closeText = ")"
				return nil
			}
			p := r.emit(i, "")
			r.noPrim()
			if next.punct("[") {
				r.out[p].text = "pg_array"
				r.emit(i+1, "(")
				r.push(i+1, fArray, p).closeText = ")"
			} else {
				r.out[p].text = "pg_array_subquery"
				r.emit(i+1, "((")
				r.push(i+1, fCall, p).closeText = "))"
			}
			return nil
		}
	case "collate":
		return r.collate(i)
	case "is":
		return r.isDistinct(i)
	case "limit", "offset", "fetch":
		if !f.stmtStart {
			if ok, err := r.limit(i); ok || err != nil {
				return err
			}
		}
	case "as":
		return r.as(i)
	case "from":
		r.boundary()
		r.emit(i, t.text)
		r.afterBoundary()
		f.inFrom, f.inOn, f.tableStart = true, false, true
		return nil
	case "join":
		r.boundary()
		r.emit(i, t.text)
		r.afterBoundary()
		f.inOn, f.tableStart = false, true
		return nil
	case "lateral":
		r.emit(i, t.text)
		return nil
	case "on":
		if f.inFrom {
			f.inOn = true
		}
	case "where", "group", "having", "order", "union", "except", "intersect", "window", "returning":
		f.inFrom, f.inOn, f.tableStart = false, false, false
	case "to":
		// SET name TO value.
		if len(r.stack) == 1 && r.at(r.stmtTok).is("set") {
			r.emit(i, "=")
			r.noPrim()
			return nil
		}
	case "date", "timestamp", "timestamptz", "time", "interval", "int", "int2", "int4", "int8", "integer",
		"bigint", "smallint", "bool", "boolean", "text", "varchar", "numeric", "decimal", "real", "double",
		"float4", "float8", "char", "character", "name", "oid", "regclass", "regtype", "regproc", "json", "jsonb", "uuid":
		if next.kind != tkPunct || next.punct("(") {
			if ok, err := r.typedLiteral(i); ok || err != nil {
				return err
			}
		}
	}
	if keywords[w] {
		if boundaryWords[w] {
			r.boundary()
			r.emit(i, t.text)
			r.afterBoundary()
		} else {
			r.emit(i, t.text)
			r.noPrim()
		}
		return nil
	}
	r.ident(i, t.text)
	return nil
}

// push opens a bracket frame for token k; start is the piece where the
// primary it ends begins.
func (r *rewriter) push(k int, kind frameKind, start int) *frame {
	nf := newFrame(kind, len(r.out))
	nf.open = r.toks[k].text
	nf.closeText = map[string]string{"(": ")", "[": "]"}[nf.open]
	nf.start = start
	r.stack = append(r.stack, nf)
	r.i = k + 1
	return nf
}

func (r *rewriter) punct(i int) error {
	t := r.toks[i]
	f := r.cur()
	switch t.text {
	case ";":
		r.boundary()
		r.emit(i, ";")
		r.stack = []*frame{newFrame(fParen, len(r.out))}
		r.cur().stmtStart = true
		r.stmtTok = i + 1
	case ",":
		r.boundary()
		r.emit(i, ",")
		r.afterBoundary()
		f.tableStart = f.inFrom && !f.inOn
	case ".":
		if f.prim >= 0 && f.chain == nil && f.primTok < 0 && f.closed == fParen && r.lastIsClose() {
			// (expr).field
			next := r.at(i + 1)
			if next.kind != tkIdent && next.kind != tkQIdent {
				return errAt(r.src, t.pos, "unsupported field selection")
			}
			r.prefix(f.prim, "pg_record_field(")
			r.emit(i, ", ")
			name := next.val
			r.emit(i+1, quoteString(name)+")")
			r.i = i + 2
			return nil
		}
		p := r.emit(i, ".")
		if f.chain != nil {
			f.chain = append(f.chain, p)
			f.primDot = true
		}
	case "(":
		return r.openParen(i)
	case ")", "]":
		return r.closeBracket(i)
	case "[":
		if f.prim < 0 {
			if f.kind == fArray {
				p := r.emit(i, "pg_array(")
				r.push(i, fArray, p).closeText = ")"
				return nil
			}
			return errAt(r.src, t.pos, "unexpected [")
		}
		// x[i]: an array element.
		if r.hasSlice(i) {
			return errAt(r.src, t.pos, "array slices are not supported")
		}
		r.prefix(f.prim, "pg_array_elem(")
		start := f.prim
		r.emit(i, ", ")
		r.push(i, fSubscript, start).closeText = ")"
	case "::":
		return r.castOp(i)
	case ":":
		return errAt(r.src, t.pos, "unexpected :")
	}
	return nil
}

func (r *rewriter) lastIsClose() bool {
	if len(r.out) == 0 {
		return false
	}
	k := r.out[len(r.out)-1].tok
	return k >= 0 && r.toks[k].punct(")")
}

func (r *rewriter) hasSlice(open int) bool {
	depth := 0
	for k := open + 1; k < r.match[open]; k++ {
		t := r.toks[k]
		if t.punct("(") || t.punct("[") {
			depth++
		} else if t.punct(")") || t.punct("]") {
			depth--
		} else if depth == 0 && t.punct(":") {
			return true
		}
	}
	return false
}

func (r *rewriter) openParen(i int) error {
	f := r.cur()
	if f.chain != nil && !f.primDot && f.prim >= 0 {
		// name(...): a function call.
		start := f.prim
		chain := f.chain
		if len(chain) == 3 && r.toks[r.out[chain[0]].tok].kind == tkIdent && r.toks[r.out[chain[0]].tok].val == "pg_catalog" {
			// pg_catalog.f(...) calls f.
			r.out[chain[0]].text, r.out[chain[0]].verbatim = "", false
			r.out[chain[1]].text, r.out[chain[1]].verbatim = "", false
			r.out[chain[1]].space, r.out[chain[2]].space = "", ""
		}
		name := r.toks[r.out[chain[len(chain)-1]].tok].val
		table := f.tableStart
		f.tableStart = false
		r.emit(i, "(")
		nf := r.push(i, fCall, start)
		nf.aggArg = r.aggOpen[i]
		if table {
			nf.tableFunc = name
			r.prefix(start, "LATERAL (SELECT ")
		}
		return nil
	}
	p := r.emit(i, "(")
	f.tableStart = false
	r.push(i, fParen, p)
	return nil
}

func (r *rewriter) closeBracket(i int) error {
	t := r.toks[i]
	f := r.cur()
	r.flushPending(f)
	if f.kind == fCast && !f.castOK {
		return errAt(r.src, t.pos, "CAST without AS type")
	}
	r.endAggArg(f, t.pos)
	r.stack = r.stack[:len(r.stack)-1]
	o := r.cur()
	r.emit(i, r.closeText[i]+f.closeText)
	switch f.kind {
	case fList:
		r.noPrim()
		return nil
	case fCast:
		o.prim, o.primTok, o.primReg, o.chain, o.primDot = f.start, -1, f.regResult, nil, false
	default:
		o.prim, o.primTok, o.primReg, o.chain, o.primDot = f.start, -1, "", nil, false
	}
	o.closed = f.kind
	if f.tableFunc != "" {
		return r.tableFunction(i, f)
	}
	return nil
}

// tableFunction ends FROM f(args) [AS] alias[(column)] as
// LATERAL (SELECT f(args) AS column) AS alias: a function in FROM may read
// the columns of the items before it, as in PostgreSQL.
func (r *rewriter) tableFunction(i int, f *frame) error {
	alias, col := quoteIdent(f.tableFunc), ""
	k := i + 1
	if r.at(k).is("with") && r.at(k+1).is("ordinality") {
		return errAt(r.src, r.at(k).pos, "WITH ORDINALITY is not supported")
	}
	if r.at(k).is("as") {
		k++
	}
	if a := r.at(k); a.kind == tkQIdent || a.kind == tkIdent && !notAlias[a.val] && !keywords[a.val] {
		alias = quoteIdent(a.val)
		col = alias
		k++
		if r.at(k).punct("(") {
			c := r.at(k + 1)
			if c.kind != tkIdent && c.kind != tkQIdent || !r.at(k+2).punct(")") {
				return errAt(r.src, r.at(k).pos, "a table function with more than one column alias is not supported")
			}
			col = quoteIdent(c.val)
			k += 3
		}
	} else if r.at(k - 1).is("as") {
		return errAt(r.src, r.at(k).pos, "expected an alias")
	}
	if col == "" {
		col = alias
	}
	r.insert(" AS "+col+") AS "+alias, r.toks[i].pos)
	r.i = k
	r.noPrim()
	return nil
}

func (r *rewriter) castOp(i int) error {
	f := r.cur()
	t := r.toks[i]
	if f.prim < 0 {
		return errAt(r.src, t.pos, "a :: cast without an operand")
	}
	typ, end, err := parseType(r.src, r.toks, i+1)
	if err != nil {
		return err
	}
	r.i = end
	return r.applyCast(f.prim, f.primTok, typ, t.pos)
}

// applyCast wraps the primary that starts at piece start (a single literal
// piece when single >= 0) in a cast to typ.
func (r *rewriter) applyCast(start, single int, typ pgType, pos int) error {
	f := r.cur()
	tg, ok := typ.target()
	if !ok {
		return errAt(r.src, pos, "unsupported type %s", typ)
	}
	reg := f.primReg
	f.primReg = ""
	f.primTok = -1
	switch tg.kind {
	case castArray:
		r.prefix(start, "pg_array_cast(")
		r.insert(", "+quoteString(typ.String())+")", pos)
	case castBool:
		if single >= 0 {
			lt := r.toks[r.out[single].tok]
			var v, ok bool
			switch lt.kind {
			case tkString:
				v, ok = boolLiteral(lt.val)
			case tkNumber:
				n, err := strconv.ParseFloat(lt.text, 64)
				v, ok = n != 0, err == nil && !strings.ContainsAny(lt.text, ".eE")
			}
			if !ok {
				return errAt(r.src, lt.pos, "invalid input for type boolean")
			}
			r.out[single].text = strings.ToUpper(strconv.FormatBool(v))
			r.out[single].verbatim = false
			return nil
		}
		r.prefix(start, "pg_to_bool(")
		r.insert(")", pos)
	case castReg:
		r.prefix(start, "pg_to_"+tg.sql+"(")
		r.insert(")", pos)
		f.primReg = tg.sql
	case castText:
		if reg != "" {
			r.prefix(start, "pg_"+reg+"_name(")
			r.insert(")", pos)
			return nil
		}
		fallthrough
	default:
		if name := typ.typedName(); name != "" {
			r.prefix(start, "pg_typed(CAST(")
			r.insert(" AS "+tg.sql+"), "+quoteString(name)+")", pos)
			return nil
		}
		r.prefix(start, "CAST(")
		r.insert(" AS "+tg.sql+")", pos)
	}
	return nil
}

// as rewrites AS: the type of CAST(x AS type), or an alias that TiDB
// reserves.
func (r *rewriter) as(i int) error {
	f := r.cur()
	t := r.toks[i]
	if f.kind == fCast && !f.castOK && len(r.stack) > 1 {
		typ, end, err := parseType(r.src, r.toks, i+1)
		if err != nil {
			return err
		}
		if !r.at(end).punct(")") {
			return errAt(r.src, r.at(end).pos, "expected ) after the CAST type")
		}
		f.castOK = true
		tg, ok := typ.target()
		if !ok {
			return errAt(r.src, r.at(i+1).pos, "unsupported type %s", typ)
		}
		reg := ""
		if f.prim == f.first && f.primReg != "" {
			reg = f.primReg
		}
		r.flushPending(f)
		r.i = end
		w := f.castWord
		switch {
		case tg.kind == castArray:
			r.out[w].text = "pg_array_cast"
			r.out[r.emit(i, ", "+quoteString(typ.String()))].space = ""
		case tg.kind == castBool:
			r.out[w].text = "pg_to_bool"
			r.drop(i, false)
		case tg.kind == castReg:
			r.out[w].text = "pg_to_" + tg.sql
			r.drop(i, false)
			f.regResult = tg.sql
		case tg.kind == castText && reg != "":
			r.out[w].text = "pg_" + reg + "_name"
			r.drop(i, false)
		default:
			if name := typ.typedName(); name != "" {
				r.out[w].text = "pg_typed(" + r.out[w].text
				r.emit(i, "AS "+tg.sql+"), "+quoteString(name))
			} else {
				r.emit(i, "AS "+tg.sql)
			}
		}
		r.out[w].verbatim = false
		return nil
	}
	r.boundary()
	r.emit(i, t.text)
	r.afterBoundary()
	// AS TABLE t (CREATE TABLE ... AS TABLE t) is no label; AS table
	// before FROM, a comma or the end is.
	tableLabel := r.at(i+1).is("table") && (r.at(i+2).kind != tkIdent || keywords[r.at(i+2).val])
	if n := r.at(i + 1); n.kind == tkIdent && tidbReserved[strings.ToUpper(n.val)] &&
		(!set("select", "with", "values", "table")[n.val] || tableLabel) && !r.at(i+2).punct("(") {
		// PostgreSQL takes any word as a column label after AS.
		r.emit(i+1, quoteIdent(n.val))
		r.noPrim()
		r.i = i + 2
	} else if n.kind == tkIdent && n.text != n.val && !set("select", "with", "values", "table")[n.val] && !r.at(i+2).punct("(") {
		// An unquoted label folds to lower case (AS TABLE_SCHEM names
		// the column table_schem), as PostgreSQL folds every unquoted
		// name.
		r.emit(i+1, n.val)
		r.noPrim()
		r.i = i + 2
	}
	return nil
}

// collate drops COLLATE default / "C" / "POSIX".
func (r *rewriter) collate(i int) error {
	k := i + 1
	n := r.at(k)
	if (n.kind == tkIdent || n.kind == tkQIdent) && r.at(k+1).punct(".") {
		if n.val != "pg_catalog" {
			return errAt(r.src, n.pos, "unsupported collation")
		}
		k += 2
		n = r.at(k)
	}
	if n.kind != tkIdent && n.kind != tkQIdent {
		return errAt(r.src, n.pos, "expected a collation name")
	}
	switch n.val {
	case "default", "C", "POSIX", "c", "posix", "ucs_basic":
	default:
		return errAt(r.src, n.pos, "unsupported collation %s", n.text)
	}
	r.i = k + 1
	return nil
}

// isDistinct rewrites IS [NOT] DISTINCT FROM.
func (r *rewriter) isDistinct(i int) error {
	f := r.cur()
	not := r.at(i + 1).is("not")
	k := i + 1
	if not {
		k++
	}
	if !r.at(k).is("distinct") || !r.at(k+1).is("from") {
		r.emit(i, r.toks[i].text)
		r.noPrim()
		return nil
	}
	if not {
		r.emit(i, "<=>")
	} else {
		if f.exprStart < 0 {
			return errAt(r.src, r.toks[i].pos, "IS DISTINCT FROM without a left operand")
		}
		r.prefix(f.exprStart, "NOT (")
		r.emit(i, "<=>")
		f.pending = append(f.pending, ")")
	}
	r.noPrim()
	r.i = k + 2
	return nil
}

// limit rewrites LIMIT / OFFSET / FETCH FIRST into LIMIT n OFFSET m.
func (r *rewriter) limit(i int) (bool, error) {
	var lim, off *token
	all := false
	k := i
	value := func(k int) (*token, bool) {
		t := r.at(k)
		if t.kind == tkNumber || t.kind == tkParam {
			return &r.toks[k], true
		}
		return nil, false
	}
	for {
		t := r.at(k)
		switch {
		case t.is("limit") && lim == nil && !all:
			if r.at(k + 1).is("all") {
				all = true
				k += 2
				continue
			}
			v, ok := value(k + 1)
			if !ok {
				return false, nil
			}
			lim = v
			k += 2
			continue
		case t.is("offset") && off == nil:
			v, ok := value(k + 1)
			if !ok {
				return false, nil
			}
			off = v
			k += 2
			if r.at(k).is("row") || r.at(k).is("rows") {
				k++
			}
			continue
		case t.is("fetch") && lim == nil && !all && (r.at(k+1).is("first") || r.at(k+1).is("next")):
			j := k + 2
			v, ok := value(j)
			if ok {
				j++
			} else {
				v = &token{kind: tkNumber, text: "1"}
			}
			if !(r.at(j).is("row") || r.at(j).is("rows")) || !r.at(j+1).is("only") {
				return false, nil
			}
			lim = v
			k = j + 2
			continue
		}
		break
	}
	if k == i {
		return false, nil
	}
	r.boundary()
	text := func(v *token) string {
		if v.kind == tkParam {
			r.params = append(r.params, v.num)
			r.max = max(r.max, v.num)
			return "?"
		}
		return v.text
	}
	var sb strings.Builder
	if lim != nil || off != nil {
		sb.WriteString("LIMIT ")
		if lim != nil {
			sb.WriteString(text(lim))
		} else {
			sb.WriteString("18446744073709551615")
		}
		if off != nil {
			sb.WriteString(" OFFSET " + text(off))
		}
	}
	r.emit(i, sb.String())
	r.afterBoundary()
	r.noPrim()
	r.i = k
	return true, nil
}

// typedLiteral rewrites type 'string': DATE and TIMESTAMP literals stay,
// others become casts.
func (r *rewriter) typedLiteral(i int) (bool, error) {
	typ, end, err := parseType(r.src, r.toks, i)
	if err != nil || r.at(end).kind != tkString || r.at(end).pos == r.at(end-1).end && r.at(end).text[0] != '\'' {
		if err != nil && r.at(i).val == "interval" && r.at(i+1).kind == tkString {
			return true, err
		}
		return false, nil
	}
	s := r.toks[end]
	switch typ.name {
	case "date", "timestamp", "timestamptz":
		kw := "DATE"
		if typ.name != "date" {
			kw = "TIMESTAMP"
		}
		r.emit(i, kw)
		r.i = end
		p := r.emit(end, quoteString(s.val))
		r.setPrim(p-1, -1)
		r.i = end + 1
		return true, nil
	}
	r.drop(i, true)
	p := r.emit(end, quoteString(s.val))
	r.out[p].space = ""
	r.setPrim(p, p)
	r.i = end + 1
	return true, r.applyCast(p, p, typ, r.toks[i].pos)
}

// operator rewrites ~ and friends and = ANY(...).
func (r *rewriter) operator(i int) error {
	t := r.toks[i]
	f := r.cur()
	if isComparison(t.val) {
		if q := r.at(i + 1); (q.is("any") || q.is("some") || q.is("all")) && r.at(i+2).punct("(") {
			return r.quantified(i)
		}
	}
	binary := f.prim >= 0
	switch t.val {
	case "~", "!~", "~*", "!~*":
		if !binary {
			if t.val == "~" {
				break
			}
			return errAt(r.src, t.pos, "unexpected operator %s", t.val)
		}
		op := "REGEXP"
		if t.val[0] == '!' {
			op = "NOT REGEXP"
		}
		if strings.HasSuffix(t.val, "*") {
			if n := r.at(i + 1); n.kind == tkString && !r.at(i+2).punct("::") && !r.at(i+2).punct("[") {
				r.emit(i, op)
				r.replace[i+1] = quoteString("(?i)" + n.val)
				r.noPrim()
				return nil
			}
			op += " '(?i)' ||"
		}
		r.emit(i, op)
		r.noPrim()
		return nil
	case "~~", "!~~", "~~*", "!~~*":
		op := map[string]string{"~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE"}[t.val]
		r.emit(i, op)
		r.noPrim()
		return nil
	case "?", "?|", "?&", "#", "##", "#-", "#>", "#>>", "^", "@", "|/", "||/", "!!", "!":
		return errAt(r.src, t.pos, "unsupported operator %s", t.val)
	}
	r.emit(i, t.text)
	r.noPrim()
	return nil
}

// quantified rewrites x op ANY|SOME|ALL (...).
func (r *rewriter) quantified(i int) error {
	f := r.cur()
	t := r.toks[i]
	q := r.toks[i+1].val
	open := i + 2
	close := r.match[open]
	inner := r.at(open + 1)
	if inner.is("select") || inner.is("with") || inner.is("values") || inner.punct("(") && r.at(open+2).is("select") {
		// A subquery: MySQL reads it the same.
		r.emit(i, t.text)
		r.emit(i+1, r.toks[i+1].text)
		r.noPrim()
		r.i = i + 2
		return nil
	}
	if f.exprStart < 0 {
		return errAt(r.src, t.pos, "%s %s without a left operand", t.val, strings.ToUpper(q))
	}
	in := ""
	switch {
	case t.val == "=" && q != "all":
		in = "IN"
	case (t.val == "<>" || t.val == "!=") && q == "all":
		in = "NOT IN"
	}
	if in != "" && inner.is("array") && r.at(open+2).punct("[") && r.match[open+2] == close-1 && r.match[open+2] > open+3 {
		// x = ANY(ARRAY[a, b]): x IN (a, b).
		r.emit(i, in)
		r.drop(i+1, true)
		r.drop(open, false)
		r.replace[open+2] = "("
		r.noPrim()
		nf := r.push(open, fList, -1)
		nf.closeText = ""
		return nil
	}
	if in != "" && inner.kind == tkString && close == open+2 {
		elems, err := arrayLiteral(inner.val)
		if err != nil {
			return errAt(r.src, inner.pos, "%v", err)
		}
		if len(elems) > 0 {
			r.emit(i, in)
			r.drop(i+1, true)
			r.out[r.emit(open, "(")].space = ""
			var parts []string
			for _, e := range elems {
				if e == nil {
					parts = append(parts, "NULL")
				} else {
					parts = append(parts, quoteString(*e))
				}
			}
			r.emit(open+1, strings.Join(parts, ", "))
			r.emit(close, ")")
			r.noPrim()
			r.i = close + 1
			return nil
		}
	}
	switch {
	case t.val == "=" && q != "all":
		r.prefix(f.exprStart, "pg_any_eq(")
		r.out[r.emit(i, ",")].space = ""
	case (t.val == "<>" || t.val == "!=") && q == "all":
		r.prefix(f.exprStart, "NOT pg_any_eq(")
		r.out[r.emit(i, ",")].space = ""
	default:
		fn := "pg_any("
		if q == "all" {
			fn = "pg_all("
		}
		r.prefix(f.exprStart, fn)
		r.out[r.emit(i, ", "+quoteString(t.val)+",")].space = ""
	}
	r.drop(i+1, true)
	r.drop(open, false)
	r.noPrim()
	nf := r.push(open, fList, -1)
	nf.closeText = ")"
	return nil
}

// arrayLiteral splits a one-dimensional Postgres array literal {a,"b c",NULL}.
func arrayLiteral(s string) ([]*string, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, errBadArray
	}
	body := s[1 : len(s)-1]
	if strings.TrimSpace(body) == "" {
		return nil, nil
	}
	var out []*string
	k := 0
	for {
		for k < len(body) && isSpace(body[k]) {
			k++
		}
		var sb strings.Builder
		quoted := false
		if k < len(body) && body[k] == '"' {
			quoted = true
			k++
			for {
				if k >= len(body) {
					return nil, errBadArray
				}
				c := body[k]
				if c == '\\' && k+1 < len(body) {
					sb.WriteByte(body[k+1])
					k += 2
					continue
				}
				k++
				if c == '"' {
					break
				}
				sb.WriteByte(c)
			}
			for k < len(body) && isSpace(body[k]) {
				k++
			}
		} else {
			for k < len(body) && body[k] != ',' {
				c := body[k]
				if c == '{' || c == '}' || c == '"' {
					return nil, errBadArray
				}
				if c == '\\' && k+1 < len(body) {
					sb.WriteByte(body[k+1])
					k += 2
					continue
				}
				sb.WriteByte(c)
				k++
			}
		}
		v := sb.String()
		if !quoted {
			v = strings.TrimRight(v, " \t\n\r\f\v")
		}
		if !quoted && strings.EqualFold(v, "null") {
			out = append(out, nil)
		} else if !quoted && v == "" {
			return nil, errBadArray
		} else {
			out = append(out, &v)
		}
		if k >= len(body) {
			return out, nil
		}
		if body[k] != ',' {
			return nil, errBadArray
		}
		k++
	}
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errBadArray = constErr("malformed array literal")

// orderedAggregate rewrites the aggregate call at token i, string_agg or
// array_agg, into MySQL's GROUP_CONCAT, which the engine orders:
//
//	string_agg(x, 'sep' ORDER BY k)  =>  group_concat(x ORDER BY k SEPARATOR 'sep')
//	array_agg(x [ORDER BY k])        =>  pg_array_agg(group_concat(pg_array_item(x) [ORDER BY k] SEPARATOR ','))
//
// pg_array_item writes an element as an array literal holds it (NULL as
// NULL, so none is lost), pg_array_agg adds the braces.
//
// It returns the text for the function name, "" when the call stays as it
// is (string_agg without ORDER BY is the engine's STRING_AGG).
func (r *rewriter) orderedAggregate(i int) (string, error) {
	open := i + 1
	end := r.match[open]
	order := -1
	var commas []int
	for k := open + 1; k < end; k++ {
		t := r.toks[k]
		switch {
		case t.punct("(") || t.punct("["):
			k = r.match[k]
		case t.punct(",") && order < 0:
			commas = append(commas, k)
		case t.is("order") && r.at(k+1).is("by") && order < 0:
			order = k
		}
	}
	if r.toks[i].val == "array_agg" {
		if len(commas) > 0 {
			return "", errAt(r.src, r.toks[commas[0]].pos, "array_agg takes one argument")
		}
		r.aggOpen[open] = true
		r.closeText[end] = " SEPARATOR ',')"
		return "pg_array_agg(group_concat", nil
	}
	if order < 0 {
		return "", nil
	}
	if len(commas) != 1 || commas[0]+2 != order || r.toks[commas[0]+1].kind != tkString {
		return "", errAt(r.src, r.toks[order].pos, "string_agg(x, sep ORDER BY ...) needs a string literal separator")
	}
	sep := commas[0] + 1
	r.replace[commas[0]], r.replace[sep] = "", ""
	r.closeText[end] = " SEPARATOR " + quoteString(r.toks[sep].val)
	return "group_concat", nil
}

// endAggArg wraps array_agg's argument, the pieces of frame f so far, in
// pg_array_item(...), once.
func (r *rewriter) endAggArg(f *frame, pos int) {
	if !f.aggArg {
		return
	}
	f.aggArg = false
	if f.first < len(r.out) {
		r.prefix(f.first, "pg_array_item(")
		r.insert(")", pos)
	}
}

// relationFunctions are the catalog functions without arguments that
// return a fixed set of records, which the server holds as relations of
// the same names: name() in FROM is that relation.
var relationFunctions = set("pg_get_keywords")

// IsRelationFunction says whether name() in FROM is read as the relation
// name (see Rewrite).
func IsRelationFunction(name string) bool { return relationFunctions[name] }
