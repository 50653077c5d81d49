package pgdialect

import (
	"strings"
)

// pgType is a Postgres type name as written after :: or AS in CAST.
type pgType struct {
	name  string   // canonical name: int4, varchar, timestamptz, "char", regclass ...
	mods  []string // type modifiers: (p, s), (n)
	array bool     // name[] or name ARRAY
}

// String is the type's Postgres spelling, as passed to pg_array_cast.
func (t pgType) String() string {
	s := t.name
	if len(t.mods) > 0 {
		s += "(" + strings.Join(t.mods, ",") + ")"
	}
	if t.array {
		s += "[]"
	}
	return s
}

type castKind int

const (
	castPlain castKind = iota // CAST(x AS sql)
	castBool                  // pg_to_bool(x)
	castReg                   // pg_to_regclass(x) ...
	castText                  // CAST(x AS CHAR), or pg_regclass_name(x) on a reg* value
	castArray                 // pg_array_cast(x, 'type[]')
)

// castTarget is what a Postgres type becomes in the engine's dialect.
type castTarget struct {
	kind castKind
	sql  string // the MySQL CAST target (castPlain, castText) or the reg type name (castReg)
}

var typeAliases = map[string]string{
	"int2": "int2", "smallint": "int2", "smallserial": "int2",
	"int4": "int4", "int": "int4", "integer": "int4", "serial": "int4",
	"int8": "int8", "bigint": "int8", "bigserial": "int8",
	"oid": "oid", "xid": "xid", "cid": "cid", "tid": "tid",
	"float4": "float4", "real": "float4", "float8": "float8", "double precision": "float8", "float": "float8",
	"numeric": "numeric", "decimal": "numeric",
	"text": "text", "varchar": "varchar", "character varying": "varchar", "char varying": "varchar",
	"char": "bpchar", "character": "bpchar", "bpchar": "bpchar", "name": "name", `"char"`: `"char"`,
	"national character": "bpchar", "national character varying": "varchar", "nchar": "bpchar",
	"citext": "text", "uuid": "uuid", "json": "json", "jsonb": "jsonb", "xml": "xml",
	"bool": "bool", "boolean": "bool",
	"date":      "date",
	"timestamp": "timestamp", "timestamp without time zone": "timestamp",
	"timestamptz": "timestamptz", "timestamp with time zone": "timestamptz",
	"time": "time", "time without time zone": "time", "timetz": "timetz", "time with time zone": "timetz",
	"interval": "interval", "bytea": "bytea",
	"regclass": "regclass", "regtype": "regtype", "regnamespace": "regnamespace", "regproc": "regproc",
	"regprocedure": "regprocedure", "regoper": "regoper", "regoperator": "regoperator", "regrole": "regrole",
	"regconfig": "regconfig", "regdictionary": "regdictionary", "regcollation": "regcollation",
	"int2vector": "int2vector", "oidvector": "oidvector",
}

// engineNamed are the types whose CAST the engine's binder names and
// types as PostgreSQL does without help: int8 (SIGNED), float8 (DOUBLE),
// numeric (DECIMAL), text (CHAR), date (DATE), timestamp (DATETIME).
var engineNamed = map[string]bool{"int8": true, "float8": true, "numeric": true, "text": true, "date": true, "timestamp": true}

// typedName is the name a CAST to t is wrapped with, pg_typed(CAST(x AS
// ...), 'name'), so that the binder names and types the result as
// PostgreSQL does (SELECT 1::int4 is column int4 of type int4, which the
// engine holds as a BIGINT); "" when the engine's own CAST says it.
func (t pgType) typedName() string {
	if t.array || engineNamed[t.name] {
		return ""
	}
	return strings.Trim(t.name, `"`)
}

// target maps a Postgres type to the engine's dialect; ok is false for a
// type the engine cannot represent.
func (t pgType) target() (castTarget, bool) {
	if t.array || t.name == "int2vector" || t.name == "oidvector" {
		return castTarget{kind: castArray}, true
	}
	switch t.name {
	case "int2", "int4", "int8", "oid", "xid", "cid":
		return castTarget{castPlain, "SIGNED"}, true
	case "float4", "float8":
		return castTarget{castPlain, "DOUBLE"}, true
	case "numeric":
		switch len(t.mods) {
		case 0:
			return castTarget{castPlain, "DECIMAL(38,10)"}, true
		case 1:
			return castTarget{castPlain, "DECIMAL(" + t.mods[0] + ",0)"}, true
		case 2:
			return castTarget{castPlain, "DECIMAL(" + t.mods[0] + "," + t.mods[1] + ")"}, true
		}
	case "text", "name", `"char"`, "uuid", "json", "jsonb", "xml":
		return castTarget{castText, "CHAR"}, true
	case "varchar", "bpchar":
		if len(t.mods) == 1 {
			return castTarget{castText, "CHAR(" + t.mods[0] + ")"}, true
		}
		return castTarget{castText, "CHAR"}, true
	case "bool":
		return castTarget{kind: castBool}, true
	case "date":
		return castTarget{castPlain, "DATE"}, true
	case "timestamp", "timestamptz":
		return castTarget{castPlain, "DATETIME"}, true
	}
	if strings.HasPrefix(t.name, "reg") {
		return castTarget{castReg, t.name}, true
	}
	return castTarget{}, false
}

// parseType reads a type name starting at toks[i]; it returns the index
// after it.
func parseType(src string, toks []token, i int) (pgType, int, error) {
	var t pgType
	at := func(k int) token {
		if k < len(toks) {
			return toks[k]
		}
		return token{kind: tkPunct, text: "", pos: len(src)}
	}
	start := i
	// A qualifier: pg_catalog.name.
	if (at(i).kind == tkIdent || at(i).kind == tkQIdent) && at(i+1).punct(".") {
		if at(i).val != "pg_catalog" {
			return t, i, errAt(src, at(i).pos, "unsupported type")
		}
		i += 2
	}
	switch tk := at(i); tk.kind {
	case tkQIdent:
		if tk.val == "char" {
			t.name = `"char"`
		} else {
			t.name = tk.val
		}
		i++
	case tkIdent:
		words := tk.val
		i++
		// Multi-word names.
		for {
			w := at(i)
			if w.kind != tkIdent {
				break
			}
			cand := words + " " + w.val
			if cand == "double precision" || cand == "character varying" || cand == "char varying" ||
				cand == "national character" || cand == "national character varying" || cand == "bit varying" {
				words = cand
				i++
				continue
			}
			break
		}
		t.name = words
	default:
		return t, i, errAt(src, tk.pos, "expected a type name")
	}
	// Modifiers.
	if at(i).punct("(") {
		j := i + 1
		for {
			m := at(j)
			if m.kind != tkNumber {
				return t, i, errAt(src, m.pos, "bad type modifier")
			}
			t.mods = append(t.mods, m.text)
			j++
			if at(j).punct(",") {
				j++
				continue
			}
			if !at(j).punct(")") {
				return t, i, errAt(src, at(j).pos, "bad type modifier")
			}
			i = j + 1
			break
		}
	}
	if t.name == "timestamp" || t.name == "time" {
		if at(i).is("with") || at(i).is("without") {
			if !at(i+1).is("time") || !at(i+2).is("zone") {
				return t, i, errAt(src, at(i).pos, "expected TIME ZONE")
			}
			t.name += " " + at(i).val + " time zone"
			i += 3
		}
	}
	if t.name == "interval" {
		return t, i, errAt(src, toks[start].pos, "the interval type is not supported")
	}
	canon, ok := typeAliases[t.name]
	if !ok && strings.HasPrefix(t.name, "_") {
		// _int4 is int4[].
		canon, ok = typeAliases[t.name[1:]]
		t.array = true
	}
	if !ok {
		return t, i, errAt(src, toks[start].pos, "unsupported type %s", t.name)
	}
	t.name = canon
	// Array dimensions.
	for {
		if at(i).punct("[") {
			j := i + 1
			if at(j).kind == tkNumber {
				j++
			}
			if !at(j).punct("]") {
				return t, i, errAt(src, at(i).pos, "bad array type")
			}
			t.array = true
			i = j + 1
			continue
		}
		if at(i).is("array") {
			t.array = true
			i++
			if at(i).punct("[") && at(i+1).kind == tkNumber && at(i+2).punct("]") {
				i += 3
			}
			continue
		}
		break
	}
	return t, i, nil
}

// boolLiteral reads a Postgres boolean input string.
func boolLiteral(s string) (bool, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return false, false
	}
	for _, w := range []string{"true", "yes", "on"} {
		if strings.HasPrefix(w, s) && s != "o" {
			return true, true
		}
	}
	for _, w := range []string{"false", "no", "off"} {
		if strings.HasPrefix(w, s) && s != "o" && (s != "of" || w == "off") {
			return false, true
		}
	}
	switch s {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	return false, false
}
