package report_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/report"
)

// benchOrders is the registry's size in the benchmark.
const benchOrders = 1_000_000

// BenchmarkReports loads 1,000,000 orders in 20 courts over six years (set-based,
// as ccpor_maint), rebuilds the summary tables once as the worker (reported), then
// asks every report as a user would at the service call (ccpor_app under
// row-level security): the statistics by court, county, type and month statewide
// as a platform administrator, one court's by month with a range, its CSV, and a
// court's operational report, each once per iteration. Goal: every report's
// slowest answer under 1 s.
func BenchmarkReports(b *testing.B) {
	ctx := context.Background()
	d := dbtest.New(b)
	f := dbtest.NewTenants(b, d)
	courts := make([]string, 20)
	for i := range courts {
		courts[i] = f.Court(b, fmt.Sprintf("county-%02d", i), true)
	}
	as := func(name, court, role string) db.Principal {
		u := f.User(b, name)
		f.Grant(b, u, court, role)
		p, _ := f.Session(b, u, court)
		return p
	}
	platform, clerk := as("platform", f.Statewide(b), "platform_admin"), as("clerk", courts[3], "clerk")
	maint := dbtest.Conn(b, d.MaintURL)
	start := time.Now()
	for _, q := range []string{
		`INSERT INTO orders (id, court_id, case_number, order_type, order_kind, form_number, form_revision, status,
			issued_on, expires_on, expiry_rule, current_version, service_status, served_on, cancelled_on, cancel_reason,
			created_by, created_at)
		 SELECT id, court, 'BULK' || g, 'criminal_protective_order', 'pending_trial', 'CR-160', '2023-03-01', status,
			issued, CASE WHEN g % 2 = 0 THEN issued + 1095 END, CASE WHEN g % 2 = 0 THEN 'written' ELSE 'until_further_order' END,
			CASE WHEN g % 10 = 1 THEN 2 ELSE 1 END,
			CASE WHEN g % 3 = 0 THEN 'served' ELSE 'unserved' END, CASE WHEN g % 3 = 0 THEN issued + 3 END,
			CASE WHEN status = 'cancelled' THEN issued + 10 END, CASE WHEN status = 'cancelled' THEN 'dismissed' END,
			id, issued + interval '18 hours'
		 FROM (SELECT g, gen_random_uuid() AS id, (ARRAY[` + quoted(courts) + `]::uuid[])[1 + g % 20] AS court,
				DATE '2020-01-01' + (g % 2400) AS issued,
				(ARRAY['active','active','active','active','active','active','expired','cancelled','draft','superseded'])[1 + g % 10] AS status
			FROM generate_series(1, ` + fmt.Sprint(benchOrders) + `) g) o`,
		`INSERT INTO order_versions (court_id, order_id, version, content, created_by, created_at)
		 SELECT court_id, id, 1, '{}', created_by, created_at FROM orders`,
		`INSERT INTO order_versions (court_id, order_id, version, content, created_by, created_at)
		 SELECT court_id, id, 2, '{}', created_by, created_at + interval '20 days' FROM orders WHERE current_version = 2`,
		`ANALYZE orders`, `ANALYZE order_versions`,
	} {
		if _, err := maint.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("loaded %d orders in %s", benchOrders, time.Since(start).Round(time.Second))

	pool, err := db.OpenPool(ctx, d.WorkerURL, 2)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	now := time.Now()
	start = time.Now()
	if err := report.Refresh(ctx, pool, now); err != nil {
		b.Fatal(err)
	}
	refresh := time.Since(start)
	start = time.Now()
	if err := report.Refresh(ctx, pool, now); err != nil { // nothing changed: no row rewritten
		b.Fatal(err)
	}
	again := time.Since(start)
	b.Logf("refresh of the summary tables: %s (again with nothing changed: %s)", refresh.Round(time.Millisecond), again.Round(time.Millisecond))

	svc := report.NewService(openDB(b, d))
	today, _ := time.Parse(time.DateOnly, now.In(clock.Pacific).Format(time.DateOnly))
	reports := []struct {
		name string
		ask  func() error
	}{
		{"statewide by court", func() error { _, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByCourt}); return err }},
		{"statewide by county", func() error { _, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByCounty}); return err }},
		{"statewide by type", func() error { _, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByType}); return err }},
		{"statewide by month", func() error { _, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByMonth}); return err }},
		{"one court by month, a year", func() error {
			_, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByMonth, CourtID: courts[7], From: "2024-01", To: "2024-12"})
			return err
		}},
		{"a court's own, as its clerk", func() error { _, err := svc.Statistics(ctx, clerk, report.Filter{}); return err }},
		{"CSV statewide by month", func() error {
			st, err := svc.Statistics(ctx, platform, report.Filter{By: report.ByMonth})
			if err == nil {
				_, err = st.CSV()
			}
			return err
		}},
		{"operations, 30 days", func() error { _, err := svc.Operations(ctx, clerk, "", "", today); return err }},
		{"operations, a year", func() error {
			_, err := svc.Operations(ctx, clerk, today.AddDate(-1, 0, 1).Format(time.DateOnly), "", today)
			return err
		}},
	}
	times := make([][]time.Duration, len(reports))
	b.ResetTimer()
	for b.Loop() {
		for i, r := range reports {
			s := time.Now()
			if err := r.ask(); err != nil {
				b.Fatal(err)
			}
			times[i] = append(times[i], time.Since(s))
		}
	}
	b.StopTimer()
	var summary strings.Builder
	for i, r := range reports {
		worst := slices.Max(times[i])
		sep := "; "
		if i%2 == 0 {
			sep = "\n"
		}
		fmt.Fprintf(&summary, "%s%s: median %s, slowest %s", sep, r.name,
			dbtest.Median(times[i]).Round(10*time.Microsecond), worst.Round(10*time.Microsecond))
		if worst >= time.Second {
			b.Errorf("%s: the slowest answer took %s; goal under 1 s", r.name, worst)
		}
	}
	b.Logf("%d answers of each report:%s", len(times[0]), summary.String())
	b.ReportMetric(refresh.Seconds(), "refresh-s")
}

func quoted(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += "'" + id + "'"
	}
	return s
}
