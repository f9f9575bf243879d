package audit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// BenchmarkAuditedRead measures, at the store call, a point read with its audit
// record against the same read without one, interleaved in one run, with
// synchronous_commit on. It reports the figures; the goal (1.5x, 1.5 ms) is checked
// per request by BenchmarkAuditedRequest (package app), since at the store call the
// audited read pays a WAL flush and a round trip that are most of a bare read.
// It then runs audited reads of two courts in parallel and reports the speed-up
// over one court alone: appends take no global lock, so it should scale (goal:
// at least 1.5x on two cores).
func BenchmarkAuditedRead(b *testing.B) {
	d := dbtest.New(b)
	ctx := context.Background()
	f := dbtest.NewTenants(b, d)
	courts := dbtest.BenchNotes(b, d, f, 58, 1700)
	principal := func(court string) db.Principal {
		u := f.User(b, "clerk-"+court[:8])
		f.Grant(b, u, court, "clerk")
		p, _ := f.Session(b, u, court)
		return p
	}
	p1, p2 := principal(courts[1]), principal(courts[2])
	app, err := db.Open(ctx, d.AppURL, 4)
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	var syncCommit string
	if err := app.SQL().QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&syncCommit); err != nil || syncCommit != "on" {
		b.Fatalf("synchronous_commit is %q (%v); the benchmark needs it on", syncCommit, err)
	}
	log := audit.NewLog(prometheus.NewRegistry())
	read := func(p db.Principal, audited bool) (time.Duration, error) {
		n := 1 + rand.IntN(1700)
		start := time.Now()
		err := app.Tx(ctx, p, func(tx *gorm.DB) error {
			var body string
			if err := tx.Raw("SELECT body FROM bench_notes WHERE court_id = ? AND case_number = ?",
				p.CourtID, fmt.Sprintf("CASE-%d", n)).Row().Scan(&body); err != nil {
				return err
			}
			if !audited {
				return nil
			}
			return log.Record(ctx, tx, audit.Event{Action: "order.read", ObjectType: "order", ObjectID: fmt.Sprint(n)})
		})
		return time.Since(start), err
	}
	for range 200 {
		if _, err := read(p1, true); err != nil {
			b.Fatal(err)
		}
		if _, err := read(p1, false); err != nil {
			b.Fatal(err)
		}
	}
	var plain, audited []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		first := i%2 == 0
		t1, err := read(p1, first)
		if err != nil {
			b.Fatal(err)
		}
		t2, err := read(p1, !first)
		if err != nil {
			b.Fatal(err)
		}
		if first {
			audited, plain = append(audited, t1), append(plain, t2)
		} else {
			plain, audited = append(plain, t1), append(audited, t2)
		}
	}
	b.StopTimer()
	pp, pa := dbtest.Median(plain), dbtest.Median(audited)
	b.ReportMetric(float64(pp.Microseconds()), "plain-p50-µs")
	b.ReportMetric(float64(pa.Microseconds()), "audited-p50-µs")
	b.ReportMetric(float64(pa)/float64(pp), "audited/plain")

	// Parallel courts: throughput of two workers (one court each) over one.
	const perWorker = 400
	throughput := func(ps ...db.Principal) float64 {
		var wg sync.WaitGroup
		start := time.Now()
		for _, p := range ps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range perWorker {
					if _, err := read(p, true); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		return float64(perWorker*len(ps)) / time.Since(start).Seconds()
	}
	one := throughput(p1)
	two := throughput(p1, p2)
	b.ReportMetric(two/one, "two-courts-speedup")
	b.Logf("audited read p50 %v, unaudited %v (%.2fx, %v more); two courts in parallel: %.2fx the throughput of one",
		pa, pp, float64(pa)/float64(pp), pa-pp, two/one)
	if two/one < 1.5 {
		b.Errorf("goal missed: audited reads of two courts in parallel reach %.2fx the throughput of one (at least 1.5x)", two/one)
	}
}
