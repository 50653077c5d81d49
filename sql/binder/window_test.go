package binder_test

import (
	"errors"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/binder"
)

func TestWindowPlans(t *testing.T) {
	// One Window per distinct window; calls of another window stack; a
	// window function in ORDER BY only is a hidden column.
	wantPlan(t, "SELECT BUYER_STATE, rank() OVER (PARTITION BY BUYER_STATE ORDER BY QUANTITY DESC) AS r, "+
		"sum(DOSAGE) OVER (PARTITION BY BUYER_STATE ORDER BY QUANTITY DESC ROWS 2 PRECEDING) AS s FROM arcos "+
		"ORDER BY r, lag(QUANTITY) OVER (ORDER BY TRANSACTION_DATE)",
		"Project [BUYER_STATE, r, s]",
		"  Sort [r, lag(QUANTITY, 1)]",
		"    Project [BUYER_STATE, rank() AS r, sum(DOSAGE) ROWS BETWEEN 2 PRECEDING AND CURRENT ROW AS s, lag(QUANTITY, 1)]",
		"      Window partition=[] order=[TRANSACTION_DATE] funcs=[lag(QUANTITY, 1)]",
		"        Window partition=[BUYER_STATE] order=[QUANTITY DESC] funcs=[rank(), sum(DOSAGE) ROWS BETWEEN 2 PRECEDING AND CURRENT ROW]",
		"          "+scanAll)
	// Over an aggregation: aggregates in the window and in the argument;
	// PARTITION BY a constant is one partition.
	wantPlan(t, "SELECT BUYER_STATE, count(*), rank() OVER (ORDER BY count(*) DESC), sum(sum(QUANTITY)) OVER (PARTITION BY 1) "+
		"FROM arcos WHERE DOSAGE > 0 GROUP BY BUYER_STATE",
		"Project [BUYER_STATE, count(*), rank() AS rank() OVER (ORDER BY count(*) DESC), sum(sum(QUANTITY)) AS sum(sum(QUANTITY)) OVER (PARTITION BY 1)]",
		"  Window partition=[] order=[] funcs=[sum(sum(QUANTITY))]",
		"    Window partition=[] order=[count(*) DESC] funcs=[rank()]",
		"      Aggregate phase=complete keys=[BUYER_STATE] aggs=[count(*), sum(QUANTITY)]",
		"        Filter (DOSAGE > CAST(0 AS DOUBLE))",
		"          "+scanAll)
	// Named windows; equal calls are computed once.
	wantPlan(t, "SELECT row_number() OVER w, ntile(4) OVER (w2 ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), "+
		"first_value(BUYER_CITY) OVER (w2 ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), row_number() OVER (PARTITION BY BUYER_STATE ORDER BY DOSAGE) AS again "+
		"FROM arcos WINDOW w AS (w2), w2 AS (PARTITION BY BUYER_STATE ORDER BY DOSAGE)",
		"Project [row_number() AS row_number() OVER w, ntile(4) AS ntile(4) OVER (w2 ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), "+
			"first_value(BUYER_CITY) ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING AS first_value(BUYER_CITY) OVER (w2 ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), row_number() AS again]",
		"  Window partition=[BUYER_STATE] order=[DOSAGE] funcs=[row_number(), ntile(4), first_value(BUYER_CITY) ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING]",
		"    "+scanAll)
	// RANGE offsets in the key's units.
	wantPlan(t, "SELECT avg(QUANTITY) OVER (ORDER BY TRANSACTION_DATE RANGE BETWEEN INTERVAL 2 WEEK PRECEDING AND 3 FOLLOWING), "+
		"max(BUYER_CITY) OVER (ORDER BY DOSAGE DESC RANGE BETWEEN 0.25 PRECEDING AND CURRENT ROW) FROM arcos",
		"Project [avg(QUANTITY) RANGE BETWEEN INTERVAL 2 WEEK PRECEDING AND 3 FOLLOWING AS avg(QUANTITY) OVER (ORDER BY TRANSACTION_DATE RANGE BETWEEN INTERVAL 2 WEEK PRECEDING AND 3 FOLLOWING), "+
			"max(BUYER_CITY) RANGE BETWEEN 0.25 PRECEDING AND CURRENT ROW AS max(BUYER_CITY) OVER (ORDER BY DOSAGE DESC RANGE BETWEEN 0.25 PRECEDING AND CURRENT ROW)]",
		"  Window partition=[] order=[DOSAGE DESC] funcs=[max(BUYER_CITY) RANGE BETWEEN 0.25 PRECEDING AND CURRENT ROW]",
		"    Window partition=[] order=[TRANSACTION_DATE] funcs=[avg(QUANTITY) RANGE BETWEEN INTERVAL 2 WEEK PRECEDING AND 3 FOLLOWING]",
		"      "+scanAll)
}

func TestWindowTypes(t *testing.T) {
	wantColumns(t, "SELECT row_number() OVER (), rank() OVER (), dense_rank() OVER (), ntile(2) OVER (), "+
		"percent_rank() OVER (), cume_dist() OVER (), count(*) OVER (), count(BUYER_CITY) OVER () FROM arcos",
		"row_number() OVER () BIGINT, rank() OVER () BIGINT, dense_rank() OVER () BIGINT, ntile(2) OVER () BIGINT, "+
			"percent_rank() OVER () DOUBLE, cume_dist() OVER () DOUBLE, count(*) OVER () BIGINT, count(BUYER_CITY) OVER () BIGINT")
	wantColumns(t, "SELECT sum(QUANTITY) OVER () AS a, avg(QUANTITY) OVER () AS b, sum(DOSAGE) OVER () AS c, "+
		"sum(CAST(DOSAGE AS DECIMAL(10,2))) OVER () AS d, avg(CAST(DOSAGE AS DECIMAL(10,2))) OVER () AS e, sum(NULL) OVER () AS f FROM arcos",
		"a BIGINT, b DOUBLE, c DOUBLE, d DECIMAL(38,2), e DECIMAL(38,6), f DOUBLE")
	wantColumns(t, "SELECT lag(TRANSACTION_DATE) OVER () AS a, lead(QUANTITY, 2, 0) OVER () AS b, lag(NULL, 1, 1.5) OVER () AS c, "+
		"first_value(BUYER_CITY) OVER () AS d, last_value(DOSAGE) OVER () AS e, nth_value(TRANSACTION_DATE, 2) OVER () AS f, "+
		"min(BUYER_STATE) OVER () AS g, max(TRANSACTION_DATE) OVER () AS h FROM arcos",
		"a DATE, b BIGINT, c DECIMAL(2,1), d VARCHAR, e DOUBLE, f DATE, g VARCHAR, h DATE")
}

func TestWindowErrors(t *testing.T) {
	hint := "hint: compute the window function in a subquery, and filter or group its result outside"
	for _, c := range []struct{ sql, want string }{
		{"SELECT BUYER_STATE FROM arcos WHERE rank() OVER (ORDER BY QUANTITY) = 1", lines(
			"window functions are not allowed in WHERE (line 1, column 37)",
			"  SELECT BUYER_STATE FROM arcos WHERE rank() OVER (ORDER BY QUANTITY) = 1",
			"                                      ^",
			hint)},
		{"SELECT BUYER_STATE FROM arcos GROUP BY row_number() OVER ()", lines(
			"window functions are not allowed in GROUP BY (line 1, column 40)",
			"  SELECT BUYER_STATE FROM arcos GROUP BY row_number() OVER ()",
			"                                         ^",
			hint)},
		{"SELECT BUYER_STATE, count(*) FROM arcos GROUP BY BUYER_STATE HAVING rank() OVER (ORDER BY count(*)) < 3", lines(
			"window functions are not allowed in HAVING (line 1, column 69)",
			"  SELECT BUYER_STATE, count(*) FROM arcos GROUP BY BUYER_STATE HAVING rank() OVER (ORDER BY count(*)) < 3",
			"                                                                      ^",
			hint)},
		// By way of an alias.
		{"SELECT rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY r", lines(
			"window functions are not allowed in GROUP BY (line 1, column 65)",
			"  SELECT rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY r",
			"                                                                  ^")},
		{"SELECT rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY 1", lines(
			"window functions are not allowed in GROUP BY (line 1, column 8)",
			"  SELECT rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY 1",
			"         ^")},
		{"SELECT BUYER_STATE, rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY BUYER_STATE HAVING r > 1", lines(
			"window functions are not allowed in HAVING (line 1, column 97)",
			"  SELECT BUYER_STATE, rank() OVER (ORDER BY QUANTITY) AS r FROM arcos GROUP BY BUYER_STATE HAVING r > 1",
			"                                                                                                  ^",
			"hint: compute the window function in a subquery, and filter its result outside")},
		{"SELECT sum(row_number() OVER ()) FROM arcos", lines(
			"window functions are not allowed in the argument of an aggregate function (line 1, column 12)",
			"  SELECT sum(row_number() OVER ()) FROM arcos",
			"             ^")},
		{"SELECT sum(sum(QUANTITY) OVER ()) OVER () FROM arcos", lines(
			"window functions are not allowed in the arguments of a window function (line 1, column 12)",
			"  SELECT sum(sum(QUANTITY) OVER ()) OVER () FROM arcos",
			"             ^")},
		// The window's expressions are computed over the groups.
		{"SELECT BUYER_STATE, sum(QUANTITY) OVER (ORDER BY DOSAGE) FROM arcos GROUP BY BUYER_STATE", lines(
			`column "QUANTITY" must appear in the GROUP BY clause or be used in an aggregate function (line 1, column 21)`,
			"  SELECT BUYER_STATE, sum(QUANTITY) OVER (ORDER BY DOSAGE) FROM arcos GROUP BY BUYER_STATE",
			"                      ^",
			"hint: add QUANTITY to GROUP BY, or use e.g. MAX(QUANTITY)")},
		{"SELECT ntile(QUANTITY) OVER () FROM arcos", lines(
			"the argument of NTILE must be a positive integer constant (line 1, column 8)",
			"  SELECT ntile(QUANTITY) OVER () FROM arcos",
			"         ^")},
		{"SELECT lag(TRANSACTION_DATE, 1, 'soon') OVER () FROM arcos", lines(
			`"soon" is not a valid DATE (line 1, column 8)`,
			"  SELECT lag(TRANSACTION_DATE, 1, 'soon') OVER () FROM arcos",
			"         ^",
			"hint: write dates as 'YYYY-MM-DD'")},
		{"SELECT lag(QUANTITY, 1, BUYER_STATE) OVER () FROM arcos", lines(
			"LAG: argument 3 has type VARCHAR, expected BIGINT (line 1, column 8)",
			"  SELECT lag(QUANTITY, 1, BUYER_STATE) OVER () FROM arcos",
			"         ^",
			"hint: use CAST(... AS SIGNED)")},
		{"SELECT sum(BUYER_STATE) OVER () FROM arcos", lines(
			"SUM: argument 1 has type VARCHAR, expected a number (line 1, column 8)",
			"  SELECT sum(BUYER_STATE) OVER () FROM arcos",
			"         ^",
			"hint: use CAST(... AS DOUBLE) or CAST(... AS SIGNED)")},
	} {
		wantErr(t, c.sql, c.want)
	}
	// Frames and named windows: the error points at the call.
	at := func(sql, msg string) {
		t.Helper()
		err := bindErr(t, sql)
		want := lines(msg+" (line 1, column 8)", "  "+sql, "         ^")
		if e := err.Error(); len(e) < len(want) || e[:len(want)] != want {
			t.Errorf("%s:\ngot error:\n%s\nwant:\n%s", sql, err, want)
		}
	}
	at("SELECT cume_dist() OVER w FROM arcos", `window "w" does not exist`)
	at("SELECT rank() OVER (w ORDER BY QUANTITY) FROM arcos WINDOW w AS (ORDER BY DOSAGE)", `cannot override the ORDER BY of window "w"`)
	at("SELECT rank() OVER (w PARTITION BY BUYER_CITY) FROM arcos WINDOW w AS (PARTITION BY BUYER_STATE)", `cannot override the PARTITION BY of window "w"`)
	at("SELECT sum(QUANTITY) OVER (w) FROM arcos WINDOW w AS (ORDER BY DOSAGE ROWS UNBOUNDED PRECEDING)", `cannot copy window "w" because it has a frame clause`)
	at("SELECT sum(QUANTITY) OVER w FROM arcos WINDOW w AS (v), v AS (w)", `window "w" refers to itself`)
	at("SELECT nth_value(QUANTITY, 0) OVER () FROM arcos", "the position of NTH_VALUE must be a positive integer constant")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM arcos", "a frame cannot start at UNBOUNDED FOLLOWING")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM arcos", "a frame cannot end at UNBOUNDED PRECEDING")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM arcos", "a frame starting at the current row cannot end at a preceding row")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM arcos", "a frame starting at a following row cannot end at the current row or a preceding one")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM arcos", "the offset of a ROWS frame must be an integer constant (a number of rows)")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY, DOSAGE RANGE 1 PRECEDING) FROM arcos", "a RANGE frame with an offset PRECEDING or FOLLOWING needs exactly one ORDER BY expression, not 2")
	at("SELECT sum(QUANTITY) OVER (ORDER BY BUYER_STATE RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM arcos", "a RANGE frame offset of 1 does not apply to an ORDER BY of type VARCHAR")
	at("SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY RANGE 1.5 PRECEDING) FROM arcos", "a RANGE frame offset of 1.5 does not apply to an ORDER BY of type BIGINT")
	at("SELECT sum(QUANTITY) OVER (ORDER BY TRANSACTION_DATE RANGE INTERVAL 1 HOUR PRECEDING) FROM arcos", "a RANGE frame offset of INTERVAL 1 HOUR does not apply to an ORDER BY of type DATE")
	at("SELECT sum(QUANTITY) OVER (ORDER BY CAST(DOSAGE AS DECIMAL(5,1)) RANGE 0.25 PRECEDING) FROM arcos", "a RANGE frame offset of 0.25 does not apply to an ORDER BY of type DECIMAL(5,1)")
	wantErr(t, "SELECT 1 FROM arcos WINDOW w AS (ORDER BY DOSAGE), w AS (ORDER BY QUANTITY)", `window "w" is defined twice`)
	wantErr(t, "SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY row_number() OVER ()", lines(
		"with SELECT DISTINCT, ORDER BY expressions must appear in the select list (line 1, column 49)",
		"  SELECT DISTINCT BUYER_STATE FROM arcos ORDER BY row_number() OVER ()",
		"                                                  ^"))

	for _, c := range []struct{ sql, want string }{
		{"SELECT sum(QUANTITY) OVER (ORDER BY QUANTITY GROUPS 1 PRECEDING) FROM arcos", "a GROUPS frame is not supported yet (line 1, column 8)"},
		{"SELECT first_value(QUANTITY) IGNORE NULLS OVER () FROM arcos", "IGNORE NULLS is not supported yet (line 1, column 8)"},
		{"SELECT nth_value(QUANTITY, 2) FROM LAST OVER () FROM arcos", "FROM LAST is not supported yet (line 1, column 8)"},
	} {
		err := bindErr(t, c.sql)
		var ue *binder.UnsupportedError
		if !errors.As(err, &ue) || len(err.Error()) < len(c.want) || err.Error()[:len(c.want)] != c.want {
			t.Errorf("%s: error %T %q, want an UnsupportedError %q", c.sql, err, err, c.want)
		}
	}
}
