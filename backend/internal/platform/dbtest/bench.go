package dbtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchNotes creates bench_notes, a registry-shaped table under the tenancy
// pattern, with perCourt rows in each of n courts (every fifth court does not share
// statewide), and returns the courts' ids. Benchmarks read it as each role.
func BenchNotes(tb testing.TB, d *DB, f *Tenants, n, perCourt int) []string {
	tb.Helper()
	owner := Conn(tb, d.OwnerURL)
	for _, s := range []string{
		`CREATE TABLE bench_notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			court_id uuid NOT NULL REFERENCES courts, case_number text NOT NULL, body text NOT NULL)`,
		`CREATE UNIQUE INDEX bench_notes_case ON bench_notes (court_id, case_number)`,
		`CALL tenancy_apply('bench_notes', 'orders')`,
	} {
		if _, err := owner.Exec(context.Background(), s); err != nil {
			tb.Fatal(err)
		}
	}
	courts := make([]string, n)
	for i := range courts {
		courts[i] = f.Court(tb, fmt.Sprintf("county-%02d", i), i%5 != 0)
	}
	f.Exec(tb, `INSERT INTO bench_notes (court_id, case_number, body)
		SELECT c.id, 'CASE-' || g, repeat('x', 200) FROM courts c, generate_series(1, $1) g WHERE c.kind = 'county'`, perCourt)
	f.Exec(tb, `ANALYZE bench_notes`)
	return courts
}

// Median returns the middle of ds.
func Median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// EnoughSamples tells whether n samples are enough (need) to judge a benchmark's
// goal, and fails the benchmark when they are not: a run too short to judge must
// not pass. how says how to run it long enough.
func EnoughSamples(tb testing.TB, n, need int, how string) bool {
	tb.Helper()
	if n >= need {
		return true
	}
	tb.Errorf("too few samples to judge: %d, need %d; %s", n, need, how)
	return false
}
