package pgwire

import (
	"context"
	"strings"
	"testing"
	"time"
)

// timeParamCases are time.Time parameters. Drivers may send them as
// text with a UTC zone ("2024-01-01 00:00:00Z": pgx's simple protocol,
// lib/pq), which PostgreSQL reads as a timestamp or a date.
var timeParamCases = []paramCase{
	{"SELECT id FROM trips WHERE ts >= $1 ORDER BY id", []any{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, "1,4"},
	{"SELECT id FROM trips WHERE ts = $1", []any{time.Date(2024, 2, 29, 13, 45, 1, 500000000, time.UTC)}, "1"},
	{"SELECT id FROM trips WHERE d < $1 ORDER BY id", []any{time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)}, "2,4"},
}

func TestPgxTimeParameters(t *testing.T) { testPgxParameters(t, timeParamCases) }

func TestLibpqTimeParameters(t *testing.T) { testLibpqParameters(t, timeParamCases) }

// COUNT(*) is named count, as in PostgreSQL (clients read columns by
// name: node-postgres's rows[0].count).
func TestCountColumnName(t *testing.T) {
	conn := connect(t, serveTrips(t, 0).URL())
	rows, err := conn.Query(context.Background(), "SELECT COUNT(*), MAX(id) FROM trips")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	var names []string
	for _, f := range rows.FieldDescriptions() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "count,max" {
		t.Errorf("columns %s, want count,max", got)
	}
}
