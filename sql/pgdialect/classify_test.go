package pgdialect

import (
	"reflect"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		in   string
		want []Command
	}{
		{"select 1; select ';' -- ;\n;; ", []Command{
			{Kind: Query, Text: "select 1", Offset: 0},
			{Kind: Query, Text: "select ';'", Offset: 10},
		}},
		{"SET x TO 'a b'", []Command{{Kind: Set, Text: "SET x TO 'a b'", Name: "x", Value: "a b"}}},
		{"set SESSION DateStyle = ISO, MDY", []Command{{Kind: Set, Text: "set SESSION DateStyle = ISO, MDY", Name: "datestyle", Value: "ISO, MDY"}}},
		{"SET LOCAL extra_float_digits = -3", []Command{{Kind: Set, Text: "SET LOCAL extra_float_digits = -3", Name: "extra_float_digits", Value: "-3", Local: true}}},
		{"SET search_path TO DEFAULT", []Command{{Kind: Set, Text: "SET search_path TO DEFAULT", Name: "search_path", Default: true}}},
		{"SET TIME ZONE 'UTC'", []Command{{Kind: Set, Text: "SET TIME ZONE 'UTC'", Name: "timezone", Value: "UTC"}}},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", []Command{{Kind: Set, Text: "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", Name: "session", Value: "CHARACTERISTICS AS TRANSACTION READ ONLY"}}},
		{"show server_version", []Command{{Kind: Show, Text: "show server_version", Name: "server_version"}}},
		{"show transaction isolation level", []Command{{Kind: Show, Text: "show transaction isolation level", Name: "transaction_isolation"}}},
		{"SHOW ALL", []Command{{Kind: Show, Text: "SHOW ALL", Name: "all"}}},
		{"SHOW my.custom", []Command{{Kind: Show, Text: "SHOW my.custom", Name: "my.custom"}}},
		{"BEGIN READ ONLY", []Command{{Kind: Begin, Text: "BEGIN READ ONLY", Options: "READ ONLY"}}},
		{"START TRANSACTION ISOLATION LEVEL SERIALIZABLE", []Command{{Kind: Begin, Text: "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", Options: "ISOLATION LEVEL SERIALIZABLE"}}},
		{"begin; commit; end; rollback; abort", []Command{
			{Kind: Begin, Text: "begin"}, {Kind: Commit, Text: "commit", Offset: 7}, {Kind: Commit, Text: "end", Offset: 15},
			{Kind: Rollback, Text: "rollback", Offset: 20}, {Kind: Rollback, Text: "abort", Offset: 30}}},
		{"SAVEPOINT s1", []Command{{Kind: Savepoint, Text: "SAVEPOINT s1", Name: "s1"}}},
		{"ROLLBACK TO SAVEPOINT s1", []Command{{Kind: RollbackTo, Text: "ROLLBACK TO SAVEPOINT s1", Name: "s1"}}},
		{"RELEASE s1", []Command{{Kind: Release, Text: "RELEASE s1", Name: "s1"}}},
		{"DISCARD ALL", []Command{{Kind: Discard, Text: "DISCARD ALL", Name: "all"}}},
		{"RESET statement_timeout", []Command{{Kind: Reset, Text: "RESET statement_timeout", Name: "statement_timeout"}}},
		{`DECLARE "C1" NO SCROLL CURSOR WITH HOLD FOR select * from t where a = $1`, []Command{{Kind: Declare,
			Text: `DECLARE "C1" NO SCROLL CURSOR WITH HOLD FOR select * from t where a = $1`, Name: "C1",
			Options: "NO SCROLL WITH HOLD", Query: "select * from t where a = $1"}}},
		{"FETCH 100 FROM c1", []Command{{Kind: Fetch, Text: "FETCH 100 FROM c1", Name: "c1", Count: 100}}},
		{"fetch forward all in c1", []Command{{Kind: Fetch, Text: "fetch forward all in c1", Name: "c1", Count: -1}}},
		{"FETCH NEXT FROM c1", []Command{{Kind: Fetch, Text: "FETCH NEXT FROM c1", Name: "c1", Count: 1}}},
		{"CLOSE c1", []Command{{Kind: Close, Text: "CLOSE c1", Name: "c1"}}},
		{"DEALLOCATE PREPARE s1", []Command{{Kind: Deallocate, Text: "DEALLOCATE PREPARE s1", Name: "s1"}}},
		{"DEALLOCATE ALL", []Command{{Kind: Deallocate, Text: "DEALLOCATE ALL", Name: "all"}}},
		{"LISTEN ch", []Command{{Kind: Listen, Text: "LISTEN ch", Name: "ch"}}},
		{"COPY  ( select * from trips ) TO STDOUT with csv header", []Command{{Kind: Copy,
			Text: "COPY  ( select * from trips ) TO STDOUT with csv header", Query: "select * from trips", Options: "with csv header"}}},
		{`COPY public.trips (id, "Name") FROM STDIN (FORMAT csv)`, []Command{{Kind: Copy,
			Text: `COPY public.trips (id, "Name") FROM STDIN (FORMAT csv)`, Table: "public.trips", Columns: []string{"id", "Name"}, From: true, Options: "(FORMAT csv)"}}},
	}
	for _, tt := range tests {
		got, err := Classify(tt.in)
		if err != nil {
			t.Errorf("Classify(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Classify(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestClassifyErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"FETCH BACKWARD 1 FROM c", `line 1, column 7: only forward FETCH is supported at "BACKWARD 1 FROM c"`},
		{"COPY t TO '/tmp/x'", `line 1, column 8: only COPY TO STDOUT and COPY FROM STDIN are supported at "TO '/tmp/x'"`},
		{"SET x", `line 1, column 6: expected TO or =`},
		{"select 'a", `line 1, column 8: unterminated string at "'a"`},
	}
	for _, tt := range tests {
		_, err := Classify(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Classify(%q): %v, want %s", tt.in, err, tt.want)
		}
	}
}
