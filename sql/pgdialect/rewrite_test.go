package pgdialect

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/parser"
)

func TestRewrite(t *testing.T) {
	tests := []struct {
		in, want string
		params   []int
	}{
		// Strings keep their value.
		{`select 'it''s'`, `select 'it''s'`, nil},
		{`select 'a\b'`, `select 'a\\b'`, nil},
		{`select 'a\'`, `select 'a\\'`, nil},
		{"select 'line\nbreak'", "select 'line\nbreak'", nil},
		{`select 'héllo ☃'`, `select 'héllo ☃'`, nil},
		{`select E'a\nb'`, "select 'a\nb'", nil},
		{`select e'tab\there'`, "select 'tab\there'", nil},
		{`select E'\\ \' '' \x41\101\u00e9\U0001F600 \b\f\r \q'`, "select '\\\\ '' '' AA\u00e9\U0001F600 \b\f\r q'", nil},
		{`select array_to_string(d.datacl, E'\n') AS x`, "select array_to_string(d.datacl, '\n') AS x", nil},
		{`select $$it's a \ $$`, `select 'it''s a \\ '`, nil},
		{`select $tag$a $$ b$tag$`, `select 'a $$ b'`, nil},
		{`select U&'d\0061t\+000061'`, `select 'data'`, nil},
		{`select N'x'`, `select 'x'`, nil},
		{`select U&"d\0061t" from t`, `select "dat" from t`, nil},
		{`select "a""b", "$1" from t`, `select "a""b", "$1" from t`, nil},
		// Parameters.
		{`select $2, $1, $2`, `select ?, ?, ?`, []int{2, 1, 2}},
		{`select '$1', "$1" /* $1 */ -- $1`, `select '$1', "$1"`, nil},
		{`select a from t where id = $1`, `select a from t where id = ?`, []int{1}},
		// Comments.
		{"select /* a /* nested */ comment */ 1", "select   1", nil},
		{"select 1 --x\n, 2", "select 1  \n, 2", nil},
		{"select 1--x", "select 1", nil},
		// Casts.
		{`select $1::int`, `select pg_typed(CAST(? AS SIGNED), 'int4')`, []int{1}},
		{`select 1::int8, 2::int2, 3::bigint, 4::smallint, 5::integer, 6::oid`, `select CAST(1 AS SIGNED), pg_typed(CAST(2 AS SIGNED), 'int2'), CAST(3 AS SIGNED), pg_typed(CAST(4 AS SIGNED), 'int2'), pg_typed(CAST(5 AS SIGNED), 'int4'), pg_typed(CAST(6 AS SIGNED), 'oid')`, nil},
		{`select x::float4, x::float8, x::real, x::double precision`, `select pg_typed(CAST(x AS DOUBLE), 'float4'), CAST(x AS DOUBLE), pg_typed(CAST(x AS DOUBLE), 'float4'), CAST(x AS DOUBLE)`, nil},
		{`select x::numeric, x::numeric(10,2), x::decimal(5)`, `select CAST(x AS DECIMAL(38,10)), CAST(x AS DECIMAL(10,2)), CAST(x AS DECIMAL(5,0))`, nil},
		{`select x::text, x::varchar(3), x::character varying, x::bpchar, x::name, x::"char", x::pg_catalog.text`, `select CAST(x AS CHAR), pg_typed(CAST(x AS CHAR(3)), 'varchar'), pg_typed(CAST(x AS CHAR), 'varchar'), pg_typed(CAST(x AS CHAR), 'bpchar'), pg_typed(CAST(x AS CHAR), 'name'), pg_typed(CAST(x AS CHAR), 'char'), CAST(x AS CHAR)`, nil},
		{`select x::date, x::timestamp, x::timestamptz, x::timestamp with time zone, x::timestamp(3) without time zone`, `select CAST(x AS DATE), CAST(x AS DATETIME), pg_typed(CAST(x AS DATETIME), 'timestamptz'), pg_typed(CAST(x AS DATETIME), 'timestamptz'), CAST(x AS DATETIME)`, nil},
		{`select a.b::int, "A"."b"::int, pg_catalog.x::int`, `select pg_typed(CAST(a.b AS SIGNED), 'int4'), pg_typed(CAST("A"."b" AS SIGNED), 'int4'), pg_typed(CAST(pg_catalog.x AS SIGNED), 'int4')`, nil},
		{`select (a + b)::int, f(x)::text, pg_catalog.f(x)::text, s.f(x)::text`, `select pg_typed(CAST((a + b) AS SIGNED), 'int4'), CAST(f(x) AS CHAR), CAST(f(x) AS CHAR), CAST(s.f(x) AS CHAR)`, nil},
		{`select x::int::text`, `select CAST(pg_typed(CAST(x AS SIGNED), 'int4') AS CHAR)`, nil},
		{`select -1::int`, `select -pg_typed(CAST(1 AS SIGNED), 'int4')`, nil},
		{`select CAST(x AS int4), cast(y as double precision), CAST(z AS pg_catalog.varchar(5))`, `select pg_typed(CAST(x AS SIGNED), 'int4'), cast(y AS DOUBLE), pg_typed(CAST(z AS CHAR(5)), 'varchar')`, nil},
		{`select CAST(x::int AS text)`, `select CAST(pg_typed(CAST(x AS SIGNED), 'int4') AS CHAR)`, nil},
		{`select 't'::bool, 'off'::boolean, 1::bool, x::bool, CAST(y AS boolean)`, `select TRUE, FALSE, TRUE, pg_to_bool(x), pg_to_bool(y)`, nil},
		{`select NULL::pg_catalog.text`, `select CAST(NULL AS CHAR)`, nil},
		{`select ARRAY[1,2]::int[]`, `select pg_array_cast(pg_array(1,2), 'int4[]')`, nil},
		{`select x::text[], x::_int4, CAST(y AS int2[])`, `select pg_array_cast(x, 'text[]'), pg_array_cast(x, 'int4[]'), pg_array_cast(y, 'int2[]')`, nil},
		// reg* types.
		{`select 'pg_class'::regclass`, `select pg_to_regclass('pg_class')`, nil},
		{`select c.oid::pg_catalog.regclass::pg_catalog.text`, `select pg_regclass_name(pg_to_regclass(c.oid))`, nil},
		{`select t::regtype, n::regnamespace, p::regproc, x::regclass::oid`, `select pg_to_regtype(t), pg_to_regnamespace(n), pg_to_regproc(p), pg_typed(CAST(pg_to_regclass(x) AS SIGNED), 'oid')`, nil},
		{`select CAST(x AS regclass), CAST(x::regtype AS text)`, `select pg_to_regclass(x), pg_regtype_name(pg_to_regtype(x))`, nil},
		// Typed literals.
		{`select date '2020-01-01', timestamp '2020-01-01 10:00', timestamp with time zone '2020-01-01'`, `select DATE '2020-01-01', TIMESTAMP '2020-01-01 10:00', TIMESTAMP '2020-01-01'`, nil},
		{`select int '42', text 'x', bool 'yes'`, `select pg_typed(CAST('42' AS SIGNED), 'int4'), CAST('x' AS CHAR), TRUE`, nil},
		// Operators.
		{`select a ~ 'x', a !~ 'x', a ~* 'x', a !~* 'x'`, `select a REGEXP 'x', a NOT REGEXP 'x', a REGEXP '(?i)x', a NOT REGEXP '(?i)x'`, nil},
		{`select a ~* b`, `select a REGEXP '(?i)' || b`, nil},
		{`where n.nspname !~ '^pg_' AND x`, `where n.nspname NOT REGEXP '^pg_' AND x`, nil},
		{`where c.relname OPERATOR(pg_catalog.~) '^(trips)$' COLLATE pg_catalog.default`, `where c.relname REGEXP '^(trips)$'`, nil},
		{`where a OPERATOR(pg_catalog.=) b`, `where a = b`, nil},
		{`select ~x, a ~~ 'x%', a !~~* 'x'`, `select ~x, a LIKE 'x%', a NOT ILIKE 'x'`, nil},
		{`select a ILIKE 'x', a || b, a -> 'k'`, `select a ILIKE 'x', a || b, a -> 'k'`, nil},
		{`select a=-1`, `select a=-1`, nil},
		// COLLATE.
		{`select x COLLATE "C", y COLLATE "default", z COLLATE pg_catalog."default"`, `select x, y, z`, nil},
		// ANY and ALL.
		{`where x = ANY(ARRAY[1, 2])`, `where x IN (1, 2)`, nil},
		{`where x <> ALL (ARRAY['a','b'])`, `where x NOT IN ('a','b')`, nil},
		{`where x = ANY('{a,"b c",NULL}')`, `where x IN ('a', 'b c', NULL)`, nil},
		{`where c.relkind = ANY($1)`, `where pg_any_eq(c.relkind, ?)`, []int{1}},
		{`where a.attnum = ANY(ix.indkey) and x`, `where pg_any_eq(a.attnum, ix.indkey) and x`, nil},
		{`where a <> ALL(b)`, `where NOT pg_any_eq(a, b)`, nil},
		{`where a < ANY(b), a > ALL(b)`, `where pg_any(a, '<', b), pg_all(a, '>', b)`, nil},
		{`where x = ANY (select y from t)`, `where x = ANY(select y from t)`, nil},
		// Unquoted labels fold to lower case; quoted ones keep theirs.
		{`select a AS TABLE_SCHEM, b as "Mixed", c AS lower_one from t`, `select a AS table_schem, b as "Mixed", c AS lower_one from t`, nil},
		// "count (*)" is a call in PostgreSQL; MySQL needs the parenthesis at the name.
		{`select count (*), lower (name) from t`, `select count(*), lower(name) from t`, nil},
		{`select 'd' = any(stxkind) AS ndist`, `select pg_any_eq('d', stxkind) AS ndist`, nil},
		// Arrays.
		{`select ARRAY[1,2], array[[1,2],[3,4]]`, `select pg_array(1,2), pg_array(pg_array(1,2),pg_array(3,4))`, nil},
		{`select array(select 1)`, `select pg_array_subquery((select 1))`, nil},
		{`select indkey[0], (current_schemas(true))[1], a.b[i+1]`, `select pg_array_elem(indkey, 0), pg_array_elem((current_schemas(true)), 1), pg_array_elem(a.b, i+1)`, nil},
		{`select (x).y, (f(a)).n`, `select pg_record_field((x), 'y'), pg_record_field((f(a)), 'n')`, nil},
		// IS [NOT] DISTINCT FROM.
		{`where a IS NOT DISTINCT FROM b`, `where a <=> b`, nil},
		{`where a IS DISTINCT FROM b AND c`, `where NOT (a <=> b) AND c`, nil},
		{`where a is null and b is not null`, `where a is null and b is not null`, nil},
		// pg_catalog. qualifiers go from calls only.
		{`select pg_catalog.version() from pg_catalog.pg_class c`, `select version() from pg_catalog.pg_class c`, nil},
		{`select  pg_catalog.f(1)`, `select  f(1)`, nil},
		// LIMIT / OFFSET / FETCH.
		{`select 1 from t LIMIT ALL`, `select 1 from t `, nil},
		{`select 1 from t OFFSET 5 ROWS`, `select 1 from t LIMIT 18446744073709551615 OFFSET 5`, nil},
		{`select 1 from t OFFSET $1 LIMIT $2`, `select 1 from t LIMIT ? OFFSET ?`, []int{2, 1}},
		{`select 1 from t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY`, `select 1 from t LIMIT 3 OFFSET 2`, nil},
		{`select 1 from t fetch next row only`, `select 1 from t LIMIT 1`, nil},
		{`select 1 from t limit 10`, `select 1 from t LIMIT 10`, nil},
		// Ordered aggregates become GROUP_CONCAT.
		{`select string_agg(a.n, ', ' ORDER BY a.x desc, f(b)) from t`, `select group_concat(a.n  ORDER BY a.x desc, f(b) SEPARATOR ', ') from t`, nil},
		{`select array_agg(n order by i), array_agg(x::text) from t`, "select pg_array_agg(group_concat(pg_array_item(n) order by i SEPARATOR ',')), pg_array_agg(group_concat(pg_array_item(CAST(x AS CHAR)) SEPARATOR ',')) from t", nil},
		{`select string_agg(a, ',') from t`, `select string_agg(a, ',') from t`, nil},
		// A reserved word as a label.
		{`select a as table from t`, `select a as "table" from t`, nil},
		// Table functions in FROM.
		{`select word from pg_catalog.pg_get_keywords() k`, `select word from pg_catalog.pg_get_keywords k`, nil},
		{`select * from unnest(x)`, `select * from LATERAL (SELECT unnest(x) AS "unnest") AS "unnest"`, nil},
		{`select s from pg_catalog.generate_series(1, 3) s`, `select s from LATERAL (SELECT generate_series(1, 3) AS "s") AS "s"`, nil},
		{`select * from t, generate_series(1, 3) AS g(i) where true`, `select * from t, LATERAL (SELECT generate_series(1, 3) AS "i") AS "g" where true`, nil},
		{`select * from t join f(1) x on true`, `select * from t join LATERAL (SELECT f(1) AS "x") AS "x" on true`, nil},
		// Reserved words of MySQL as aliases.
		{`select a as default, b AS KEY, c as generated, d as label`, `select a as "default", b AS "key", c as "generated", d as label`, nil},
		// SET.
		{`SET search_path TO public`, `SET search_path = public`, nil},
		{`SET extra_float_digits = 3`, `SET extra_float_digits = 3`, nil},
		// Numbers followed by names.
		{`select 1a`, `select 1 a`, nil},
		// Several statements.
		{`select $1; select $1::text;`, `select ?; select CAST(? AS CHAR);`, []int{1, 1}},
		{`select 1;;`, `select 1;;`, nil},
	}
	for _, tt := range tests {
		got, err := Rewrite(tt.in)
		if err != nil {
			t.Errorf("Rewrite(%q): %v", tt.in, err)
			continue
		}
		if got.SQL != tt.want {
			t.Errorf("Rewrite(%q)\n got %q\nwant %q", tt.in, got.SQL, tt.want)
		}
		if !reflect.DeepEqual(got.Params, tt.params) {
			t.Errorf("Rewrite(%q) params %v, want %v", tt.in, got.Params, tt.params)
		}
	}
}

// TestRewriteMeaning checks texts that TiDB's parser reads without error
// but with another meaning.
func TestRewriteMeaning(t *testing.T) {
	tests := []struct{ in, want string }{
		{`select $1`, "SELECT ?"},
		{`select E'a\nb'`, "SELECT _UTF8MB4'a\nb'"},
		{`select 'a\b'`, `SELECT _UTF8MB4'a\b'`}, // Restore does not escape \
		{`select 1a`, "SELECT 1 AS `a`"},
	}
	for _, tt := range tests {
		res, err := Rewrite(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		got := restore(t, res.SQL)
		if got != tt.want {
			t.Errorf("%q => %q reads as %q, want %q", tt.in, res.SQL, got, tt.want)
		}
	}
}

func TestRewriteErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"select 'abc", `line 1, column 8: unterminated string at "'abc"`},
		{"select\n  E'abc", `line 2, column 3: unterminated string at "E'abc"`},
		{"select /* a /* b */", `line 1, column 8: unterminated /* comment at "/* a /* b */"`},
		{`select "abc`, `line 1, column 8: unterminated quoted identifier at "\"abc"`},
		{`select $x$abc`, `line 1, column 8: unterminated dollar-quoted string at "$x$abc"`},
		{`select E'\x00'`, `line 1, column 10: a string cannot hold a NUL byte at "\\x00'"`},
		{`select E'\0'`, `line 1, column 10: a string cannot hold a NUL byte at "\\0'"`},
		{`select E'\u12'`, `line 1, column 10: bad \u escape at "\\u12'"`},
		{`select E'\xff'`, `line 1, column 8: invalid UTF-8 in escape string at "E'\\xff'"`},
		{`select 1 \g`, `line 1, column 10: unexpected character '\\' at "\\g"`},
		{`select x::interval`, `line 1, column 11: the interval type is not supported at "interval"`},
		{`select x::geometry`, `line 1, column 11: unsupported type geometry at "geometry"`},
		{`select a[1:2]`, `line 1, column 9: array slices are not supported at "[1:2]"`},
		{`select (1`, `line 1, column 8: unmatched ( at "(1"`},
		{`select 1)`, `line 1, column 9: unmatched ) at ")"`},
		{`select a ? b`, `line 1, column 10: unsupported operator ? at "? b"`},
		{`select x COLLATE "de_DE"`, `line 1, column 18: unsupported collation "de_DE" at "\"de_DE\""`},
		{`select 'maybe'::bool`, `line 1, column 8: invalid input for type boolean at "'maybe'::bool"`},
		{`select ::int`, `line 1, column 8: a :: cast without an operand at "::int"`},
		{`select b'101'`, `line 1, column 8: bit-string constants are not supported at "b'101'"`},
		{`select * from generate_series(1,2) with ordinality`, `line 1, column 36: WITH ORDINALITY is not supported at "with ordinality"`},
	}
	for _, tt := range tests {
		_, err := Rewrite(tt.in)
		if err == nil {
			t.Errorf("Rewrite(%q): no error", tt.in)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Rewrite(%q)\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestSourceOffset(t *testing.T) {
	in := "select E'a' , $1::int, 'x' zz"
	res, err := Rewrite(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{"zz", ","} {
		out := strings.Index(res.SQL, word)
		if got, want := res.SourceOffset(out), strings.Index(in, word); got != want {
			t.Errorf("SourceOffset of %q at %d in %q: %d, want %d", word, out, res.SQL, got, want)
		}
	}
	out := strings.Index(res.SQL, "SIGNED")
	if got, want := res.SourceOffset(out), strings.Index(in, "::"); got != want {
		t.Errorf("SourceOffset of SIGNED: %d, want %d", got, want)
	}
}

func restore(t testing.TB, sql string) string {
	t.Helper()
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("%q: %v", sql, err)
	}
	return restoreNode(t, stmts[0])
}
