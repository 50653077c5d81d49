package pgdialect

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseCopyOptions(t *testing.T) {
	for _, c := range []struct{ opts, want string }{
		{"", `{text false "\t" "\\N" "" ""}`},
		{"WITH (FORMAT csv, HEADER)", `{csv true "," "" "\"" "\""}`},
		{"with (format 'csv', header false, delimiter ';', null 'NA')", `{csv false ";" "NA" "\"" "\""}`},
		{"CSV HEADER", `{csv true "," "" "\"" "\""}`},
		{"WITH CSV DELIMITER AS '|' NULL AS 'null' QUOTE AS ''''", `{csv false "|" "null" "'" "\""}`},
		{"(format text, delimiter E'\\t', encoding 'UTF8')", `{text false "\t" "\\N" "" ""}`},
		{"BINARY", `{binary false "" "" "" ""}`},
	} {
		o, err := ParseCopyOptions(c.opts)
		if err != nil {
			t.Errorf("%q: %v", c.opts, err)
			continue
		}
		got := fmt.Sprintf("{%s %v %q %q %q %q}", o.Format, o.Header, o.Delimiter, o.Null, o.Quote, o.Escape)
		if got != c.want {
			t.Errorf("%q: got %s, want %s", c.opts, got, c.want)
		}
	}
	for _, c := range []struct{ opts, want string }{
		{"(format xml)", `COPY format "xml" is not recognized`},
		{"(delimiter ';;')", "single one-byte character"},
		{"(force_quote *)", "FORCE_QUOTE is not supported"},
		{"(frobnicate)", `option "frobnicate" is not recognized`},
		{"(encoding 'LATIN1')", "only UTF8"},
		{"(format)", "FORMAT needs"},
	} {
		_, err := ParseCopyOptions(c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.opts, err, c.want)
		}
	}
}
