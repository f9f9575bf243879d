package registry_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// Each revision's rule: a written date; the 2005 form's three years; the later
// forms' "until further order".
func TestExpiryRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, tc := range []struct {
		name, revision, written, on, rule string
	}{
		{"written on the order", "2023-03-01", "2027-06-30", "2027-06-30", calendar.RuleWritten},
		{"2005: three years after issuance", "2005-01-01", "", "2029-11-20", calendar.RuleThreeYears},
		{"2005 with a date written", "2005-01-01", "2027-01-15", "2027-01-15", calendar.RuleWritten},
		{"2019: until further order", "2019-01-22", "", "", calendar.RuleUntilFurtherOrder},
		{"2023: until further order", "2023-03-01", "", "", calendar.RuleUntilFurtherOrder},
	} {
		c := sample("26EX" + strings.ReplaceAll(tc.revision, "-", "")[2:6] + map[bool]string{true: "W", false: "N"}[tc.written != ""])
		c.Form.Revision, c.ExpiresOn = tc.revision, tc.written
		o := w.create(t, c)
		if o.Expiry.On != tc.on || o.Expiry.Rule != tc.rule {
			t.Errorf("%s: expires %q by %s, want %q by %s", tc.name, o.Expiry.On, o.Expiry.Rule, tc.on, tc.rule)
		}
	}
}

// The job, as ccpor_worker, expires active orders at the end of their last day
// in California, and can do nothing else to orders.
func TestTheExpiryJob(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	last := w.create(t, func() order.Content { c := sample("26EX0001"); c.ExpiresOn = "2026-11-30"; return c }())
	open := w.create(t, sample("26EX0002"))
	cancelled := w.create(t, func() order.Content { c := sample("26EX0003"); c.ExpiresOn = "2026-11-26"; return c }())
	if _, err := w.svc.Cancel(context.Background(), w.as["clerk-a"], cancelled.ID, "", "dismissed"); err != nil {
		t.Fatal(err)
	}
	worker, err := db.OpenPool(context.Background(), w.d.WorkerURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer worker.Close()
	la := clock.Pacific
	for _, tc := range []struct {
		at   time.Time
		want int64
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, la), 0}, // still its last day in California (07:59 UTC next day)
		{time.Date(2026, 12, 1, 0, 0, 1, 0, la), 1},
		{time.Date(2026, 12, 2, 0, 0, 1, 0, la), 0},
	} {
		n, err := registry.Expire(context.Background(), worker, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		if n != tc.want {
			t.Errorf("at %v: expired %d, want %d", tc.at, n, tc.want)
		}
	}
	for id, want := range map[string]string{last.ID: "expired", open.ID: "active", cancelled.ID: "cancelled"} {
		got, err := w.svc.Get(context.Background(), w.as["clerk-a"], id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != want {
			t.Errorf("%s: %s, want %s", got.Content.CaseNumber, got.Status, want)
		}
	}
	// the worker's policies: nothing but expiring
	for _, stmt := range []string{
		`UPDATE orders SET status = 'cancelled' WHERE id = '` + open.ID + `'`,
		`UPDATE orders SET case_number = 'X123' WHERE id = '` + open.ID + `'`,
		`SELECT content FROM order_versions`,
		`SELECT address FROM order_protected_addresses`,
		`DELETE FROM orders`,
	} {
		if tag, err := worker.Exec(context.Background(), stmt); err == nil && tag.RowsAffected() > 0 {
			t.Errorf("the worker may %s", stmt)
		}
	}
}

// The periodic River job, registered as serve registers it, runs on start as
// ccpor_worker and expires what its day says.
func TestTheExpiryJobRunsOnRiver(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := sample("26EX0010")
	c.ExpiresOn = "2026-11-30"
	o := w.create(t, c)
	ctx := context.Background()
	pool, err := db.OpenPool(ctx, w.d.WorkerURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	later := clock.NewManual(time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)) // 00:30 on Dec 1 in California
	runner, err := jobs.NewRunner(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), 2,
		registry.Jobs(pool, later, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := runner.Client().Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stop, done := context.WithTimeout(ctx, 10*time.Second)
		defer done()
		_ = runner.Stop(stop)
	}()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-events:
			if e.Job.Kind != (registry.ExpireArgs{}).Kind() {
				continue
			}
			if e.Kind != river.EventKindJobCompleted {
				t.Fatalf("the expiry job failed: %v", e.Job.Errors)
			}
			got, err := w.svc.Get(ctx, w.as["clerk-a"], o.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != "expired" {
				t.Errorf("after the job: %s", got.Status)
			}
			return
		case <-deadline:
			t.Fatal("the expiry job did not run")
		}
	}
}
