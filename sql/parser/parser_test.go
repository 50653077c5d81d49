package parser_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/sqlcsv/sqlcsv/sql/parser"
)

func lines(s ...string) string { return strings.Join(s, "\n") }

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      string
		line, col int
		offset    int
		near      string
	}{
		{"misspelt keyword", "SELECT * FORM t", lines(
			`syntax error at line 1, column 10 near "FORM t"`,
			"  SELECT * FORM t",
			"           ^"), 1, 10, 9, "FORM t"},
		{"later line", "SELECT a,\n  b +\nFROM t", lines(
			`syntax error at line 3, column 1 near "FROM t"`,
			"  FROM t",
			"  ^"), 3, 1, 16, "FROM t"},
		{"end of statement", "SELECT * FROM t WHERE", lines(
			"syntax error at line 1, column 22: unexpected end of statement",
			"  SELECT * FROM t WHERE",
			"                       ^"), 1, 22, 21, ""},
		{"end of statement with trailing blanks", "SELECT * FROM t WHERE  \n ", lines(
			"syntax error at line 1, column 22: unexpected end of statement",
			"  SELECT * FROM t WHERE  ",
			"                       ^"), 1, 22, 21, ""},
		{"only SELECT", "SELECT", lines(
			"syntax error at line 1, column 7: unexpected end of statement",
			"  SELECT",
			"        ^"), 1, 7, 6, ""},
		// Tabs show as one space each, so the caret stays under the token.
		{"tabs", "SELECT\ta FROM\tt WHERE ) x", lines(
			`syntax error at line 1, column 23 near ") x"`,
			"  SELECT a FROM t WHERE ) x",
			"                        ^"), 1, 23, 22, ") x"},
		// Columns count characters, not bytes.
		{"multibyte", "SELECT é, ö FROM t WHERE )", lines(
			`syntax error at line 1, column 26 near ")"`,
			"  SELECT é, ö FROM t WHERE )",
			"                           ^"), 1, 26, 27, ")"},
		{"unterminated string", "SELECT a FROM t WHERE x = 'abc", lines(
			`syntax error at line 1, column 27 near "'abc"`,
			"  SELECT a FROM t WHERE x = 'abc",
			"                            ^"), 1, 27, 26, "'abc"},
		// TiDB's errors without a position are placed at what they quote.
		{"double literal out of range", "SELECT 1,\n 1e309 + 1", lines(
			"syntax error at line 2, column 2: the number 1e309 is out of the DOUBLE range",
			"   1e309 + 1",
			"   ^"), 2, 2, 11, ""},
		{"two identical tokens", "SELECT x FROM t WHERE x = 1 x = 1", lines(
			`syntax error at line 1, column 29 near "x = 1"`,
			"  SELECT x FROM t WHERE x = 1 x = 1",
			"                              ^"), 1, 29, 28, "x = 1"},
		{"second statement", "SELECT 1 FROM t;\nSELEC 2", lines(
			`syntax error at line 2, column 1 near "SELEC 2"`,
			"  SELEC 2",
			"  ^"), 2, 1, 17, "SELEC 2"},
		{"negative limit", "SELECT a FROM t LIMIT -1", lines(
			`syntax error at line 1, column 23 near "-1"`,
			"  SELECT a FROM t LIMIT -1",
			"                        ^"), 1, 23, 22, "-1"},
		// The rest of the statement is cut after 40 bytes in the message.
		{"long near", "SELECT a FROM t WHERE ) AND b = 1 AND c = 2 AND d = 3 AND e = 4", lines(
			`syntax error at line 1, column 23 near ") AND b = 1 AND c = 2 AND d = 3 AND e = ..."`,
			"  SELECT a FROM t WHERE ) AND b = 1 AND c = 2 AND d = 3 AND e = 4",
			"                        ^"), 1, 23, 22, ") AND b = 1 AND c = 2 AND d = 3 AND e = 4"},
		// ... and at the end of its line; a multibyte character is not
		// split.
		{"near ends at the line", "SELEC 1;\nSELECT 2;\n", lines(
			`syntax error at line 1, column 1 near "SELEC 1;..."`,
			"  SELEC 1;",
			"  ^"), 1, 1, 0, "SELEC 1;\nSELECT 2;\n"},
		{"near cut in a character", "SELECT a FROM t WHERE ) AND b = 'éééééééééééééééé'", lines(
			`syntax error at line 1, column 23 near ") AND b = 'éééééééééééééé..."`,
			"  SELECT a FROM t WHERE ) AND b = 'éééééééééééééééé'",
			"                        ^"), 1, 23, 22, ") AND b = 'éééééééééééééééé'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stmts, err := parser.Parse(c.sql)
			if err == nil {
				t.Fatalf("no error; %d statements", len(stmts))
			}
			if err.Error() != c.want {
				t.Errorf("got error:\n%s\nwant:\n%s", err, c.want)
			}
			var pe *parser.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T, want *parser.Error", err)
			}
			if pe.Line != c.line || pe.Column != c.col || pe.Offset != c.offset || pe.Near != c.near || pe.SQL != c.sql {
				t.Errorf("error fields %+v, want line %d column %d offset %d near %q", *pe, c.line, c.col, c.offset, c.near)
			}
		})
	}
}

func TestSplitStatements(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"  SELECT 1  ", []string{"SELECT 1"}},
		{"SELECT 1; SELECT 2;", []string{"SELECT 1;", "SELECT 2;"}},
		{"SELECT 1;\nSELECT 2", []string{"SELECT 1;", "SELECT 2"}},
		// Semicolons in strings and quoted names do not split; a comment
		// goes with the statement after it.
		{"SELECT 1;\nSELECT \"a;b\" FROM t; -- c\nSELECT 'x;y'", []string{"SELECT 1;", `SELECT "a;b" FROM t;`, "-- c\nSELECT 'x;y'"}},
		{"EXPLAIN SELECT 1; DESCRIBE t; SHOW TABLES", []string{"EXPLAIN SELECT 1;", "DESCRIBE t;", "SHOW TABLES"}},
		{"", nil},
		{"  ;  ", nil},
		{"-- only a comment", nil},
	} {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Errorf("%q: %v", c.sql, err)
			continue
		}
		var got []string
		for _, s := range stmts {
			got = append(got, s.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("%q: statements %q, want %q", c.sql, got, c.want)
		}
	}
	stmts, err := parser.Parse("EXPLAIN SELECT 1; DESCRIBE t; SHOW TABLES; SELECT 2")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, s := range stmts {
		switch n := s.Node.(type) {
		case *ast.ExplainStmt:
			kinds = append(kinds, "explain")
		case *ast.ShowStmt:
			if n.Tp == ast.ShowTables {
				kinds = append(kinds, "show tables")
			}
		case *ast.SelectStmt:
			kinds = append(kinds, "select")
		}
	}
	if got := strings.Join(kinds, ", "); got != "explain, explain, show tables, select" {
		t.Errorf("statement kinds %s, want explain, explain, show tables, select", got)
	}
}

func selectFields(t *testing.T, sql string) []ast.ExprNode {
	t.Helper()
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatalf("%q: %v", sql, err)
	}
	sel, ok := stmts[0].Node.(*ast.SelectStmt)
	if !ok {
		t.Fatalf("%q: %T is not a SELECT", sql, stmts[0].Node)
	}
	var out []ast.ExprNode
	for _, f := range sel.Fields.Fields {
		out = append(out, f.Expr)
	}
	return out
}

// ANSI_QUOTES: "x" is a name, 'x' a string (as in PostgreSQL).
func TestANSIQuotes(t *testing.T) {
	sql := `SELECT "x", 'x', "a;b", 'it''s', "Mixed Case" FROM "data/my file.tsv" WHERE "select" = 'y'`
	f := selectFields(t, sql)
	names := map[int]string{0: "x", 2: "a;b", 4: "Mixed Case"}
	strs := map[int]string{1: "x", 3: "it's"}
	for i, e := range f {
		if want, ok := names[i]; ok {
			c, ok := e.(*ast.ColumnNameExpr)
			if !ok || c.Name.Name.O != want {
				t.Errorf("field %d: %T, want the column %q", i, e, want)
			}
		}
		if want, ok := strs[i]; ok {
			v, ok := e.(*driver.ValueExpr)
			if !ok || v.Kind() != driver.KindString || v.GetString() != want {
				t.Errorf("field %d: %T, want the string %q", i, e, want)
			}
		}
	}
	stmts, _ := parser.Parse(sql)
	sel := stmts[0].Node.(*ast.SelectStmt)
	tn := sel.From.TableRefs.Left.(*ast.TableSource).Source.(*ast.TableName)
	if tn.Name.O != "data/my file.tsv" {
		t.Errorf("table %q, want data/my file.tsv", tn.Name.O)
	}
	w := sel.Where.(*ast.BinaryOperationExpr)
	if c, ok := w.L.(*ast.ColumnNameExpr); !ok || c.Name.Name.O != "select" {
		t.Errorf("WHERE left side %T, want the column select", w.L)
	}
	// A backquoted name is a name too (MySQL).
	if c, ok := selectFields(t, "SELECT `a b` FROM t")[0].(*ast.ColumnNameExpr); !ok || c.Name.Name.O != "a b" {
		t.Errorf("`a b` is not the column a b")
	}
}

// PIPES_AS_CONCAT: || concatenates; OR is still OR.
func TestPipesConcatenate(t *testing.T) {
	f := selectFields(t, `SELECT 'a' || 'b', "x" || 'y' || 'z', a OR b, 1 || 2 OR 0 FROM t`)
	concat := func(e ast.ExprNode) (*ast.FuncCallExpr, bool) {
		c, ok := e.(*ast.FuncCallExpr)
		return c, ok && c.FnName.L == "concat" && len(c.Args) == 2
	}
	if _, ok := concat(f[0]); !ok {
		t.Errorf("'a' || 'b' is %T, want CONCAT of 2", f[0])
	}
	// Left-associative: ("x" || 'y') || 'z'.
	if c, ok := concat(f[1]); !ok {
		t.Errorf(`"x" || 'y' || 'z' is %T, want CONCAT`, f[1])
	} else if _, ok := concat(c.Args[0]); !ok {
		t.Errorf(`"x" || 'y' || 'z': first argument %T, want CONCAT`, c.Args[0])
	}
	if b, ok := f[2].(*ast.BinaryOperationExpr); !ok || b.Op.String() != "or" {
		t.Errorf("a OR b is %T, want OR", f[2])
	}
	// || binds tighter than OR.
	if b, ok := f[3].(*ast.BinaryOperationExpr); !ok || b.Op.String() != "or" {
		t.Errorf("1 || 2 OR 0 is %T, want OR", f[3])
	} else if _, ok := concat(b.L); !ok {
		t.Errorf("1 || 2 OR 0: left side %T, want CONCAT", b.L)
	}
}

// The positions in a statement's tree are offsets into its Text, which is
// the SQL the binder is given with it.
// Positions in a statement's tree are offsets into the whole parsed text
// (Source), which also holds the statement's Text.
func TestPositionsAreOffsetsIntoSource(t *testing.T) {
	for _, sql := range []string{
		"SELECT zz FROM t",
		"SELECT 1;\nSELECT zz FROM t",
		"SELECT 1; SELECT 2; SELECT zz FROM t",
		"\n\n   SELECT zz FROM t",
		"-- note\nSELECT zz FROM t",
	} {
		stmts, err := parser.Parse(sql)
		if err != nil {
			t.Fatalf("%q: %v", sql, err)
		}
		s := stmts[len(stmts)-1]
		e := s.Node.(*ast.SelectStmt).Fields.Fields[0].Expr
		p := e.OriginTextPosition()
		if s.Source != sql {
			t.Errorf("%q: Source is %q", sql, s.Source)
		}
		if p < 0 || p+2 > len(s.Source) || s.Source[p:p+2] != "zz" {
			t.Errorf("%q: the name zz is at %d in %q", sql, p, s.Source)
		}
		if !strings.Contains(s.Source, s.Text) {
			t.Errorf("%q: Text %q is not in Source", sql, s.Text)
		}
	}
}

func TestPosition(t *testing.T) {
	sql := "SELECT\n  é,\tx\nFROM t"
	for _, c := range []struct{ offset, line, col int }{
		{0, 1, 1},
		{6, 1, 7},  // the first newline
		{7, 2, 1},  // the start of line 2
		{9, 2, 3},  // é
		{11, 2, 4}, // the comma after é (2 bytes, 1 character)
		{13, 2, 6}, // x, after a tab
		{15, 3, 1},
		{100, 3, 7}, // past the end: the end
	} {
		line, col := parser.Position(sql, c.offset)
		if line != c.line || col != c.col {
			t.Errorf("Position(%d) = %d, %d; want %d, %d", c.offset, line, col, c.line, c.col)
		}
	}
}

func TestCaret(t *testing.T) {
	sql := "SELECT\n  é,\tx\nFROM t"
	for _, c := range []struct {
		offset int
		want   string
	}{
		{0, "  SELECT\n  ^"},
		{13, "    é, x\n       ^"},
		{15, "  FROM t\n  ^"},
		{100, "  FROM t\n        ^"},
	} {
		if got := parser.Caret(sql, c.offset); got != c.want {
			t.Errorf("Caret(%d):\n%s\nwant:\n%s", c.offset, got, c.want)
		}
	}
}
