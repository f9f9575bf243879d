package db_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// BenchmarkPointRead measures a court-scoped point read at the store call (BEGIN,
// set_config, query, COMMIT) as ccpor_app, under row-level security, against the
// same call as ccpor_maint (BYPASSRLS), interleaved in one run. Goal: p50 of the
// application role at most 1.1x the maintenance role's.
func BenchmarkPointRead(b *testing.B) {
	d := dbtest.New(b)
	ctx := context.Background()
	f := dbtest.NewTenants(b, d)
	courts := dbtest.BenchNotes(b, d, f, 58, 1700)
	user := f.User(b, "bench-clerk")
	f.Grant(b, user, courts[1], "clerk")
	p, _ := f.Session(b, user, courts[1])

	app, err := db.Open(ctx, d.AppURL, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	maint, err := db.Open(ctx, d.MaintURL, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer maint.Close()

	read := func(conn *db.DB, court string, n int) (time.Duration, error) {
		start := time.Now()
		var body string
		err := conn.Tx(ctx, p, func(tx *gorm.DB) error {
			return tx.Raw("SELECT body FROM bench_notes WHERE court_id = ? AND case_number = ?",
				court, fmt.Sprintf("CASE-%d", n)).Row().Scan(&body)
		})
		return time.Since(start), err
	}
	for range 200 { // warm both connections and plans
		if _, err := read(app, courts[2], 1); err != nil {
			b.Fatal(err)
		}
		if _, err := read(maint, courts[2], 1); err != nil {
			b.Fatal(err)
		}
	}
	var appT, maintT []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		court, n := courts[1+rand.IntN(4)], 1+rand.IntN(1700)
		if court == courts[5] { // does not share: the application role would find nothing
			court = courts[1]
		}
		first, second := app, maint
		if i%2 == 1 {
			first, second = maint, app
		}
		t1, err := read(first, court, n)
		if err != nil {
			b.Fatal(err)
		}
		t2, err := read(second, court, n)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 1 {
			t1, t2 = t2, t1
		}
		appT, maintT = append(appT, t1), append(maintT, t2)
	}
	b.StopTimer()
	pa, pm := dbtest.Median(appT), dbtest.Median(maintT)
	ratio := float64(pa) / float64(pm)
	b.ReportMetric(float64(pa.Microseconds()), "app-p50-µs")
	b.ReportMetric(float64(pm.Microseconds()), "maint-p50-µs")
	b.ReportMetric(ratio, "app/maint")
	if dbtest.EnoughSamples(b, len(appT), 100, "run with -benchtime 100x or longer") && ratio > 1.1 {
		b.Errorf("point read as ccpor_app costs %.2fx the read as ccpor_maint (p50 %v vs %v); goal <= 1.1x", ratio, pa, pm)
	}
}
