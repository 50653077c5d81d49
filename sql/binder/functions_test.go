package binder_test

import (
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/plan"
)

// The result types of the date, string and math functions.
func TestFunctionTypes(t *testing.T) {
	for _, c := range []struct{ expr, typ string }{
		{"TRANSACTION_DATE + INTERVAL 1 DAY", "DATE"},
		{"TRANSACTION_DATE - INTERVAL '3' MONTH", "DATE"},
		{"INTERVAL 1 YEAR + TRANSACTION_DATE", "DATE"},
		{"date_add(TRANSACTION_DATE, INTERVAL 2 WEEK)", "DATE"},
		{"adddate(TRANSACTION_DATE, 3)", "DATE"},
		{"subdate(TRANSACTION_DATE, INTERVAL 1 QUARTER)", "DATE"},
		{"TRANSACTION_DATE + INTERVAL 1 HOUR", "TIMESTAMP"},
		{"TRANSACTION_DATE + INTERVAL '1 2' DAY_HOUR", "TIMESTAMP"},
		{"TRANSACTION_DATE + INTERVAL '1-2' YEAR_MONTH", "DATE"},
		{"date_add('1993-07-01', interval '3' month)", "DATE"},
		{"date_add('1993-07-01 10:00:00', interval '3' month)", "TIMESTAMP"},
		{"date_sub('1998-12-01', interval '108' day)", "DATE"},
		{"TIMESTAMP '2020-01-01 00:00:00' + INTERVAL 1 DAY", "TIMESTAMP"},
		{"NULL + INTERVAL 1 DAY", "DATE"},
		{"datediff(TRANSACTION_DATE, '2020-01-01 10:00:00')", "BIGINT"},
		{"timestampdiff(MONTH, TRANSACTION_DATE, '2020-01-01')", "BIGINT"},
		{"extract(year from TRANSACTION_DATE)", "BIGINT"},
		{"extract(day_minute from TRANSACTION_DATE)", "BIGINT"},
		{"last_day(TIMESTAMP '2020-01-05 10:00:00')", "DATE"},
		{"date_trunc('month', TRANSACTION_DATE)", "DATE"},
		{"date_trunc('hour', TRANSACTION_DATE)", "TIMESTAMP"},
		{"date(TIMESTAMP '2020-01-05 10:00:00')", "DATE"},
		{"week(TRANSACTION_DATE)", "BIGINT"},
		{"dayname(TRANSACTION_DATE)", "VARCHAR"},
		{"current_date", "DATE"},
		{"now()", "TIMESTAMP"},
		{"utc_timestamp(3)", "TIMESTAMP"},
		{"locate('a', BUYER_CITY)", "BIGINT"},
		{"position('a' in BUYER_CITY)", "BIGINT"},
		{"instr(BUYER_CITY, 'a')", "BIGINT"},
		{"lpad(BUYER_CITY, 5, '*')", "VARCHAR"},
		{"split_part(BUYER_CITY, ' ', 1)", "VARCHAR"},
		{"starts_with(BUYER_CITY, 'A')", "BOOLEAN"},
		{"BUYER_CITY REGEXP '^A'", "BOOLEAN"},
		{"BUYER_CITY NOT RLIKE '^A'", "BOOLEAN"},
		{"regexp_instr(BUYER_CITY, 'a')", "BIGINT"},
		{"regexp_replace(BUYER_CITY, 'a', 'b')", "VARCHAR"},
		{"substring(BUYER_CITY from 1 for 2)", "VARCHAR"},
		{"pi()", "DOUBLE"},
		{"log(2, QUANTITY)", "DOUBLE"},
		{"truncate(QUANTITY, -1)", "BIGINT"},
		{"truncate(12.345, 2)", "DECIMAL(4,2)"},
		{"truncate(12.345, 5)", "DECIMAL(5,3)"},
		{"truncate(12.345, QUANTITY)", "DOUBLE"},
		{"greatest(QUANTITY, 2.5)", "DECIMAL(20,1)"},
		{"least(QUANTITY, DOSAGE)", "DOUBLE"},
		{"greatest(TRANSACTION_DATE, '2020-01-01')", "DATE"},
		{"greatest(NULL, NULL)", "NULL"},
	} {
		n := bindOK(t, "SELECT "+c.expr+" AS x FROM arcos")
		if got := n.Columns()[0].Type.String(); got != c.typ {
			t.Errorf("%s: type %s, want %s", c.expr, got, c.typ)
		}
	}
}

// The TPC-H forms bind to the expressions the optimizer folds.
func TestIntervalPlans(t *testing.T) {
	wantPlan(t, "SELECT BUYER_STATE FROM arcos WHERE TRANSACTION_DATE >= '1993-07-01' AND TRANSACTION_DATE < date_add('1993-07-01', interval '3' month)",
		"Project [BUYER_STATE]",
		"  Filter ((TRANSACTION_DATE >= CAST('1993-07-01' AS DATE)) AND (TRANSACTION_DATE < DATE_ADD(CAST('1993-07-01' AS DATE), CAST('3' AS BIGINT), 'MONTH')))",
		"    "+scanAll)
	wantPlan(t, "SELECT TRANSACTION_DATE - INTERVAL 1.5 SECOND, TRANSACTION_DATE + INTERVAL '1:30' HOUR_MINUTE FROM arcos",
		"Project [DATE_SUB(CAST(TRANSACTION_DATE AS TIMESTAMP), CAST((1.5 * CAST(1000000 AS DECIMAL(19,0))) AS BIGINT), 'MICROSECOND') AS TRANSACTION_DATE - INTERVAL 1.5 SECOND, DATE_ADD(CAST(TRANSACTION_DATE AS TIMESTAMP), 5400000000, 'MICROSECOND') AS TRANSACTION_DATE + INTERVAL '1:30' HOUR_MINUTE]",
		"  "+scanAll)
	// Parts given count from the right; the microseconds are a fraction.
	wantPlan(t, "SELECT TRANSACTION_DATE + INTERVAL '-1 2' DAY_HOUR, TRANSACTION_DATE + INTERVAL '5' DAY_HOUR, TRANSACTION_DATE + INTERVAL '1.5' SECOND_MICROSECOND, TRANSACTION_DATE + INTERVAL '2-3' YEAR_MONTH FROM arcos",
		"Project [DATE_ADD(CAST(TRANSACTION_DATE AS TIMESTAMP), -93600000000, 'MICROSECOND') AS TRANSACTION_DATE + INTERVAL '-1 2' DAY_HOUR, DATE_ADD(CAST(TRANSACTION_DATE AS TIMESTAMP), 18000000000, 'MICROSECOND') AS TRANSACTION_DATE + INTERVAL '5' DAY_HOUR, DATE_ADD(CAST(TRANSACTION_DATE AS TIMESTAMP), 1500000, 'MICROSECOND') AS TRANSACTION_DATE + INTERVAL '1.5' SECOND_MICROSECOND, DATE_ADD(TRANSACTION_DATE, 27, 'MONTH') AS TRANSACTION_DATE + INTERVAL '2-3' YEAR_MONTH]",
		"  "+scanAll)
	wantPlan(t, "SELECT extract(year_month from TRANSACTION_DATE), instr(BUYER_CITY, 'x'), BUYER_CITY NOT REGEXP 'a' FROM arcos",
		"Project [((YEAR(TRANSACTION_DATE) * 100) + MONTH(TRANSACTION_DATE)) AS extract(year_month from TRANSACTION_DATE), LOCATE('x', BUYER_CITY) AS instr(BUYER_CITY, 'x'), (NOT REGEXP_LIKE(BUYER_CITY, 'a', '')) AS BUYER_CITY NOT REGEXP 'a']",
		"  "+scanAll)
}

// NOW() and CURRENT_DATE are constants taken once per statement.
func TestNowOncePerStatement(t *testing.T) {
	before := time.Now().Add(-time.Second)
	n := bindOK(t, "SELECT NOW(), NOW(6), CURRENT_TIMESTAMP, CURRENT_DATE, CURDATE(), SYSDATE(3), UTC_TIMESTAMP(6)")
	var vals []any
	for _, e := range n.(*plan.Project).Exprs {
		l, ok := e.(*plan.Literal)
		if !ok {
			t.Fatalf("%s is not a constant", e)
		}
		vals = append(vals, l.Value)
	}
	now, now6, cur, day, curdate, sys3, utc6 := vals[0].(int64), vals[1].(int64), vals[2].(int64), vals[3].(int32), vals[4].(int32), vals[5].(int64), vals[6].(int64)
	if now%1e6 != 0 || now6/1e6*1e6 != now || cur != now || sys3/1e6*1e6 != now || sys3%1e3 != 0 {
		t.Errorf("NOW() %d, NOW(6) %d, CURRENT_TIMESTAMP %d, SYSDATE(3) %d: not one instant at their precisions", now, now6, cur, sys3)
	}
	if int64(day) != now/86400e6 || curdate != day {
		t.Errorf("CURRENT_DATE %d, CURDATE() %d are not the day of NOW() %d", day, curdate, now)
	}
	_, off := time.Now().Zone()
	if utc6 != now6-int64(off)*1e6 {
		t.Errorf("UTC_TIMESTAMP(6) %d is not NOW(6) %d - %d s", utc6, now6, off)
	}
	local := time.UnixMicro(now6 - int64(off)*1e6)
	if local.Before(before) || local.After(time.Now().Add(time.Second)) {
		t.Errorf("NOW(6) is %v, not about now", local)
	}
}

// Every registered name binds a call with the right argument count, and
// reports a wrong count by the name it was called by.
func TestFunctionArity(t *testing.T) {
	wantErr(t, "SELECT ucase('a', 'b') FROM arcos", lines(
		"UCASE takes 1 argument, not 2 (line 1, column 8)",
		"  SELECT ucase('a', 'b') FROM arcos",
		"         ^"))
	wantErr(t, "SELECT left('a') FROM arcos", lines(
		"LEFT takes 2 arguments, not 1 (line 1, column 8)",
		"  SELECT left('a') FROM arcos",
		"         ^"))
	wantErr(t, "SELECT greatest(1) FROM arcos", lines(
		"GREATEST takes at least 2 arguments, not 1 (line 1, column 8)",
		"  SELECT greatest(1) FROM arcos",
		"         ^"))
	wantErr(t, "SELECT pi(1) FROM arcos", lines(
		"PI takes no arguments, not 1 (line 1, column 8)",
		"  SELECT pi(1) FROM arcos",
		"         ^"))
	if len(binder.Functions()) < 100 {
		t.Errorf("only %d functions registered", len(binder.Functions()))
	}
}

func TestFunctionErrors(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		// A bad pattern is reported at the pattern.
		{"SELECT BUYER_CITY REGEXP 'a(' FROM arcos", lines(
			`REGEXP_LIKE: invalid regular expression "a(": missing closing ): `+"`a(`"+` (line 1, column 26)`,
			"  SELECT BUYER_CITY REGEXP 'a(' FROM arcos",
			"                           ^",
			"hint: the syntax is Go's (RE2): https://golang.org/s/re2syntax")},
		{"SELECT regexp_replace(BUYER_CITY, '[a', 'b') FROM arcos", lines(
			`REGEXP_REPLACE: invalid regular expression "[a": missing closing ]: `+"`[a`"+` (line 1, column 35)`,
			"  SELECT regexp_replace(BUYER_CITY, '[a', 'b') FROM arcos",
			"                                    ^",
			"hint: the syntax is Go's (RE2): https://golang.org/s/re2syntax")},
		{"SELECT regexp_like(BUYER_CITY, 'a', 'q') FROM arcos", lines(
			`REGEXP_LIKE: invalid match type "q" (line 1, column 37)`,
			"  SELECT regexp_like(BUYER_CITY, 'a', 'q') FROM arcos",
			"                                      ^",
			"hint: the match type holds c (case-sensitive), i (case-insensitive), m (multi-line), n ('.' matches line ends), u")},
		{"SELECT regexp_like(BUYER_CITY, 'a', BUYER_CITY) FROM arcos", lines(
			`REGEXP_LIKE: the match type must be a constant string (line 1, column 37)`,
			"  SELECT regexp_like(BUYER_CITY, 'a', BUYER_CITY) FROM arcos",
			"                                      ^")},
		{"SELECT date_trunc('fortnight', TRANSACTION_DATE) FROM arcos", lines(
			`DATE_TRUNC: unknown unit "fortnight" (line 1, column 19)`,
			"  SELECT date_trunc('fortnight', TRANSACTION_DATE) FROM arcos",
			"                    ^",
			"hint: the units are microsecond, millisecond, second, minute, hour, day, week, month, quarter, year, decade, century")},
		{"SELECT TRANSACTION_DATE + INTERVAL '1:2:3' HOUR_MINUTE FROM arcos", lines(
			`DATE_ADD: "1:2:3" is not a valid INTERVAL ... HOUR_MINUTE (line 1, column 8)`,
			"  SELECT TRANSACTION_DATE + INTERVAL '1:2:3' HOUR_MINUTE FROM arcos",
			"         ^",
			"hint: INTERVAL ... HOUR_MINUTE is written 'hours:minutes'")},
		{"SELECT TRANSACTION_DATE + INTERVAL QUANTITY DAY_HOUR FROM arcos", lines(
			`DATE_ADD: INTERVAL ... DAY_HOUR needs a constant (line 1, column 8)`,
			"  SELECT TRANSACTION_DATE + INTERVAL QUANTITY DAY_HOUR FROM arcos",
			"         ^",
			"hint: write it as a string literal, e.g. INTERVAL '1:30' HOUR_MINUTE")},
		{"SELECT QUANTITY + INTERVAL 1 DAY FROM arcos", lines(
			`DATE_ADD: argument 1 has type BIGINT, expected DATE or TIMESTAMP (line 1, column 8)`,
			"  SELECT QUANTITY + INTERVAL 1 DAY FROM arcos",
			"         ^")},
		{"SELECT TRANSACTION_DATE + INTERVAL TRANSACTION_DATE DAY FROM arcos", lines(
			`DATE_ADD: the interval must be a number, not DATE (line 1, column 8)`,
			"  SELECT TRANSACTION_DATE + INTERVAL TRANSACTION_DATE DAY FROM arcos",
			"         ^")},
		{"SELECT date_add('1993-13-01', interval 1 day) FROM arcos", lines(
			`"1993-13-01" is not a valid TIMESTAMP (line 1, column 8)`,
			"  SELECT date_add('1993-13-01', interval 1 day) FROM arcos",
			"         ^",
			"hint: write timestamps as 'YYYY-MM-DD hh:mm:ss[.ffffff]'")},
		{"SELECT TRANSACTION_DATE - TRANSACTION_DATE FROM arcos", lines(
			"operator - cannot be applied to DATE and DATE (line 1, column 8)",
			"  SELECT TRANSACTION_DATE - TRANSACTION_DATE FROM arcos",
			"         ^",
			"hint: add time as d + INTERVAL n DAY (or MONTH, HOUR, ...); DATEDIFF(a, b) is the days from b to a")},
		{"SELECT NOW(7) FROM arcos", lines(
			"NOW: the precision must be a constant from 0 to 6 (line 1, column 12)",
			"  SELECT NOW(7) FROM arcos",
			"             ^")},
		{"SELECT split_part(BUYER_CITY, ',', 0) FROM arcos", lines(
			"SPLIT_PART: field position must not be zero (line 1, column 36)",
			"  SELECT split_part(BUYER_CITY, ',', 0) FROM arcos",
			"                                     ^",
			"hint: fields count from 1, or from -1 at the end")},
		{"SELECT greatest(BUYER_CITY, QUANTITY) FROM arcos", lines(
			"GREATEST: cannot mix values of types VARCHAR, BIGINT (line 1, column 8)",
			"  SELECT greatest(BUYER_CITY, QUANTITY) FROM arcos",
			"         ^")},
		{"SELECT lpad(BUYER_CITY, TRANSACTION_DATE, 'x') FROM arcos", lines(
			"LPAD: argument 2 has type DATE, expected BIGINT (line 1, column 8)",
			"  SELECT lpad(BUYER_CITY, TRANSACTION_DATE, 'x') FROM arcos",
			"         ^",
			"hint: use CAST(... AS SIGNED)")},
	} {
		t.Run(c.sql, func(t *testing.T) {
			if err := bindErr(t, c.sql); err.Error() != c.want {
				t.Errorf("got error:\n%s\nwant:\n%s", err, c.want)
			}
		})
	}
}
