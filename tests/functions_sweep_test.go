package tests

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/binder"
)

// sweepArgs are the arguments the sweep tries: constants of every type,
// NULL, odd values, and columns of people.csv (with NULLs).
var sweepArgs = []string{"NULL", "0", "1", "-1", "9223372036854775807", "1.5", "-2.5e0", "''", "'a'", "'('",
	"'2024-01-31'", "'2024-01-31 10:00:00'", "'x,y'", "DATE '2024-02-29'", "TIMESTAMP '2024-01-01 10:00:00.5'", "TRUE",
	"id", "name", "city", "age", "height", "birth", "joined", "active", "id - 3",
	"CAST(NULL AS SIGNED)", "CAST(NULL AS CHAR)", "CAST(NULL AS DATE)", "CAST(NULL AS DECIMAL(5,2))", "CAST(NULL AS DOUBLE)"}

// Every function, called with arguments of every kind (most calls are
// errors), and every INTERVAL unit on every kind of operand: none may
// panic, which the engine reports as an internal error.
func TestFunctionsNeverPanic(t *testing.T) {
	ctx := context.Background()
	db, err := sqlcsv.Open(sqlcsv.Options{Threads: 2, PartitionSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Register(ctx, "people", "testdata/people.csv"); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	run := func(sql string) {
		t.Helper()
		if _, err := collect(ctx, db, sql); err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("%s: %v", sql, err)
		}
	}
	for _, name := range binder.Functions() {
		for k := 0; k < 40; k++ {
			args := make([]string, k%5)
			for i := range args {
				args[i] = sweepArgs[r.Intn(len(sweepArgs))]
			}
			run(fmt.Sprintf("SELECT %s(%s) FROM people", name, strings.Join(args, ", ")))
		}
	}
	units := []string{"MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR",
		"SECOND_MICROSECOND", "MINUTE_SECOND", "HOUR_MINUTE", "DAY_HOUR", "DAY_SECOND", "YEAR_MONTH"}
	for _, u := range units {
		for k := 0; k < 6; k++ {
			x, n := sweepArgs[r.Intn(len(sweepArgs))], sweepArgs[r.Intn(len(sweepArgs))]
			run(fmt.Sprintf("SELECT %s + INTERVAL %s %s, DATE_SUB(%s, INTERVAL %s %s), EXTRACT(%s FROM %s), TIMESTAMPDIFF(%s, %s, %s) FROM people",
				x, n, u, x, n, u, u, x, u, x, n))
		}
	}
}
