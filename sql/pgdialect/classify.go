package pgdialect

import (
	"strconv"
	"strings"
)

// Kind says what a statement is: a query for the engine or a command the
// server answers itself.
type Kind int

// The kinds of statements.
const (
	Query      Kind = iota // anything else: for Rewrite and the engine
	Set                    // SET [SESSION|LOCAL] name {TO|=} value
	Show                   // SHOW name
	Begin                  // BEGIN / START TRANSACTION [modes]
	Commit                 // COMMIT / END
	Rollback               // ROLLBACK / ABORT
	Savepoint              // SAVEPOINT name
	Release                // RELEASE [SAVEPOINT] name
	RollbackTo             // ROLLBACK TO [SAVEPOINT] name
	Discard                // DISCARD ALL|PLANS|SEQUENCES|TEMP
	Reset                  // RESET name|ALL
	Declare                // DECLARE name CURSOR FOR query
	Fetch                  // FETCH [n|ALL|NEXT|FORWARD n] {FROM|IN} name
	Close                  // CLOSE name|ALL
	Copy                   // COPY {(query)|table [(columns)]} {TO STDOUT|FROM STDIN} [options]
	Deallocate             // DEALLOCATE [PREPARE] name|ALL
	Listen                 // LISTEN name
	Unlisten               // UNLISTEN name|*
	Notify                 // NOTIFY name [, payload]
)

var kindNames = [...]string{"Query", "Set", "Show", "Begin", "Commit", "Rollback", "Savepoint", "Release",
	"RollbackTo", "Discard", "Reset", "Declare", "Fetch", "Close", "Copy", "Deallocate", "Listen", "Unlisten", "Notify"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Command is one statement of a query string with the parts of a
// server-handled command.
type Command struct {
	Kind Kind
	// Text is the statement without comments before it or its ;.
	Text string
	// Offset is the byte offset of Text in the query string.
	Offset int
	// Name is what SET, SHOW, RESET, DISCARD, SAVEPOINT, RELEASE,
	// ROLLBACK TO, DECLARE, FETCH, CLOSE, DEALLOCATE, LISTEN, UNLISTEN and
	// NOTIFY name: folded to lower case unless quoted; "all" for the ALL
	// forms; SHOW's multi-word names are Postgres's: "transaction_isolation",
	// "timezone".
	Name string
	// Value is SET's value as Postgres shows it: the value of a string
	// constant, names and numbers as written, items joined by ", "; for
	// NOTIFY the payload. Empty with Default set for SET name TO DEFAULT.
	Value   string
	Default bool
	// Local is set for SET LOCAL.
	Local bool
	// Query is the query of DECLARE ... FOR query and COPY (query), in
	// Postgres SQL (for Rewrite).
	Query string
	// Table and Columns are COPY table (columns).
	Table   string
	Columns []string
	// From is set for COPY ... FROM STDIN.
	From bool
	// Options is the text after BEGIN / START TRANSACTION (the transaction
	// modes), after COPY's STDOUT or STDIN, or after DECLARE's name up to
	// CURSOR (BINARY, SCROLL, WITH HOLD).
	Options string
	// Count is FETCH's row count, -1 for ALL.
	Count int64
}

// Classify splits a query string into its statements (skipping empty
// ones) and says what each is, with the parts of server-handled commands.
func Classify(sql string) ([]Command, error) {
	toks, err := lex(sql)
	if err != nil {
		return nil, err
	}
	var out []Command
	start := 0
	for k := 0; k <= len(toks); k++ {
		if k < len(toks) && !toks[k].punct(";") {
			continue
		}
		if k > start {
			c, err := classify(sql, toks[start:k])
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		start = k + 1
	}
	return out, nil
}

func classify(src string, toks []token) (Command, error) {
	c := Command{Kind: Query, Offset: toks[0].pos, Text: src[toks[0].pos:toks[len(toks)-1].end]}
	at := func(k int) token {
		if k < len(toks) {
			return toks[k]
		}
		return token{kind: tkPunct, pos: toks[len(toks)-1].end}
	}
	rest := func(k int) string {
		if k >= len(toks) {
			return ""
		}
		return src[toks[k].pos:toks[len(toks)-1].end]
	}
	name := func(t token) string {
		if t.kind == tkQIdent || t.kind == tkIdent {
			return t.val
		}
		return t.text
	}
	// names reads a dotted name at k.
	dotted := func(k int) (string, int) {
		n := name(at(k))
		k++
		for at(k).punct(".") && (at(k+1).kind == tkIdent || at(k+1).kind == tkQIdent) {
			n += "." + name(at(k+1))
			k += 2
		}
		return n, k
	}
	bad := func(k int, msg string) (Command, error) {
		return c, errAt(src, at(k).pos, "%s", msg)
	}
	first := toks[0]
	if first.kind != tkIdent {
		return c, nil
	}
	switch first.val {
	case "set":
		c.Kind = Set
		k := 1
		if at(k).is("session") && !at(k+1).is("characteristics") && !at(k+1).is("authorization") || at(k).is("local") {
			c.Local = at(k).is("local")
			k++
		}
		switch {
		case at(k).is("time") && at(k+1).is("zone"):
			c.Name = "timezone"
			k += 2
		case at(k).is("names"):
			c.Name = "client_encoding"
			k++
		case at(k).is("schema"):
			c.Name = "search_path"
			k++
		case at(k).is("transaction") || at(k).is("session") || at(k).is("role"):
			// SET TRANSACTION ..., SET SESSION CHARACTERISTICS ...,
			// SET SESSION AUTHORIZATION ..., SET ROLE ...
			c.Name = at(k).val
			c.Value = rest(k + 1)
			return c, nil
		default:
			if at(k).kind != tkIdent && at(k).kind != tkQIdent {
				return bad(k, "expected a parameter name")
			}
			c.Name, k = dotted(k)
			if !at(k).is("to") && !at(k).op("=") {
				return bad(k, "expected TO or =")
			}
			k++
		}
		if at(k).is("default") && k == len(toks)-1 {
			c.Default = true
			return c, nil
		}
		if k >= len(toks) {
			return bad(k, "expected a value")
		}
		var items []string
		for ; k < len(toks); k++ {
			t := toks[k]
			switch {
			case t.punct(","):
				continue
			case t.kind == tkString:
				items = append(items, t.val)
			case t.op("-") || t.op("+"):
				if at(k+1).kind != tkNumber {
					return bad(k, "unexpected "+t.text)
				}
				items = append(items, strings.TrimPrefix(t.text, "+")+at(k+1).text)
				k++
			case t.kind == tkIdent || t.kind == tkNumber:
				items = append(items, t.text)
			case t.kind == tkQIdent:
				items = append(items, t.text)
			default:
				return bad(k, "unexpected "+t.text)
			}
		}
		c.Value = strings.Join(items, ", ")
	case "show":
		c.Kind = Show
		words := make([]string, 0, 4)
		for k := 1; k < len(toks); {
			var w string
			w, k = dotted(k)
			words = append(words, w)
		}
		c.Name = strings.Join(words, " ")
		switch c.Name {
		case "transaction isolation level":
			c.Name = "transaction_isolation"
		case "time zone":
			c.Name = "timezone"
		case "session authorization":
			c.Name = "session_authorization"
		}
		if c.Name == "" {
			return bad(1, "expected a parameter name")
		}
	case "begin", "start":
		k := 1
		if first.val == "start" {
			if !at(1).is("transaction") {
				return c, nil
			}
			k = 2
		} else if at(1).is("work") || at(1).is("transaction") {
			k = 2
		}
		c.Kind = Begin
		c.Options = rest(k)
	case "commit", "end":
		c.Kind = Commit
		if first.val == "commit" && at(1).is("prepared") {
			return bad(1, "COMMIT PREPARED is not supported")
		}
	case "rollback", "abort":
		c.Kind = Rollback
		k := 1
		if at(k).is("work") || at(k).is("transaction") {
			k++
		}
		if at(k).is("to") {
			c.Kind = RollbackTo
			k++
			if at(k).is("savepoint") {
				k++
			}
			c.Name = name(at(k))
		}
	case "savepoint":
		c.Kind = Savepoint
		c.Name = name(at(1))
	case "release":
		c.Kind = Release
		k := 1
		if at(k).is("savepoint") {
			k++
		}
		c.Name = name(at(k))
	case "discard":
		c.Kind = Discard
		c.Name = name(at(1))
	case "reset":
		c.Kind = Reset
		c.Name, _ = dotted(1)
		if at(1).is("time") && at(2).is("zone") {
			c.Name = "timezone"
		}
	case "declare":
		c.Kind = Declare
		c.Name = name(at(1))
		k := 2
		for k < len(toks) && !at(k).is("cursor") {
			k++
		}
		if k >= len(toks) {
			return bad(k, "expected CURSOR")
		}
		if k > 2 {
			c.Options = src[toks[2].pos:toks[k-1].end]
		}
		k++
		for k < len(toks) && !at(k).is("for") {
			if c.Options != "" {
				c.Options += " "
			}
			c.Options += strings.ToUpper(at(k).text)
			k++
		}
		if k+1 >= len(toks) {
			return bad(k, "expected FOR query")
		}
		c.Query = rest(k + 1)
	case "fetch", "move":
		if first.val == "move" {
			return bad(0, "MOVE is not supported")
		}
		c.Kind = Fetch
		c.Count = 1
		k := 1
		switch {
		case at(k).is("next"):
			k++
		case at(k).is("all"):
			c.Count = -1
			k++
		case at(k).is("forward"):
			k++
			if at(k).is("all") {
				c.Count = -1
				k++
			} else if at(k).kind == tkNumber {
				n, err := strconv.ParseInt(at(k).text, 10, 64)
				if err != nil {
					return bad(k, "bad row count")
				}
				c.Count = n
				k++
			}
		case at(k).kind == tkNumber:
			n, err := strconv.ParseInt(at(k).text, 10, 64)
			if err != nil {
				return bad(k, "bad row count")
			}
			c.Count = n
			k++
		case at(k).is("prior") || at(k).is("first") || at(k).is("last") || at(k).is("absolute") ||
			at(k).is("relative") || at(k).is("backward") || at(k).op("-"):
			return bad(k, "only forward FETCH is supported")
		}
		if at(k).is("from") || at(k).is("in") {
			k++
		}
		if at(k).kind != tkIdent && at(k).kind != tkQIdent || k != len(toks)-1 {
			return bad(k, "expected a cursor name")
		}
		c.Name = name(at(k))
	case "close":
		c.Kind = Close
		c.Name = name(at(1))
	case "deallocate":
		c.Kind = Deallocate
		k := 1
		if at(k).is("prepare") {
			k++
		}
		c.Name = name(at(k))
	case "listen":
		c.Kind = Listen
		c.Name = name(at(1))
	case "unlisten":
		c.Kind = Unlisten
		c.Name = name(at(1))
	case "notify":
		c.Kind = Notify
		c.Name = name(at(1))
		if at(2).punct(",") {
			c.Value = at(3).val
		}
	case "copy":
		c.Kind = Copy
		k := 1
		if at(k).punct("(") {
			depth, j := 0, k
			for ; j < len(toks); j++ {
				if toks[j].punct("(") {
					depth++
				} else if toks[j].punct(")") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(toks) || j == k+1 {
				return bad(k, "expected (query)")
			}
			c.Query = src[toks[k+1].pos:toks[j-1].end]
			k = j + 1
		} else {
			if at(k).kind != tkIdent && at(k).kind != tkQIdent {
				return bad(k, "expected a table name")
			}
			c.Table, k = dotted(k)
			if at(k).punct("(") {
				k++
				for at(k).kind == tkIdent || at(k).kind == tkQIdent {
					c.Columns = append(c.Columns, name(at(k)))
					k++
					if !at(k).punct(",") {
						break
					}
					k++
				}
				if !at(k).punct(")") {
					return bad(k, "expected )")
				}
				k++
			}
		}
		switch {
		case at(k).is("to") && at(k+1).is("stdout"):
		case at(k).is("from") && at(k+1).is("stdin") && c.Query == "":
			c.From = true
		default:
			return bad(k, "only COPY TO STDOUT and COPY FROM STDIN are supported")
		}
		c.Options = rest(k + 2)
	}
	return c, nil
}
