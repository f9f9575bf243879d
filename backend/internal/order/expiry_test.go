package order_test

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
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// The observed judicial holidays of shared/forms/README.md, year by year.
func TestJudicialHolidaysMatchTheFieldNotes(t *testing.T) {
	t.Parallel()
	for year, want := range map[int]string{
		2025: "01-01 01-20 02-12 02-17 03-31 05-26 06-19 07-04 09-01 09-26 11-11 11-27 11-28 12-25",
		2026: "01-01 01-19 02-12 02-16 03-31 05-25 06-19 07-03 09-07 09-25 11-11 11-26 11-27 12-25",
		2027: "01-01 01-18 02-12 02-15 03-31 05-31 06-18 07-05 09-06 09-24 11-11 11-25 11-26 12-24 12-31",
	} {
		var got []string
		for _, d := range order.JudicialHolidays(year) {
			got = append(got, d.Format("01-02"))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%d: got  %s\nwant %s", year, strings.Join(got, " "), want)
		}
	}
}

func TestCourtDays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-25", 1, "2026-11-30"}, // Thanksgiving, the day after, the weekend
		{"2026-11-25", 5, "2026-12-04"}, // the field notes' example
		{"2026-07-02", 1, "2026-07-06"}, // Jul 4 is a Saturday: observed Friday Jul 3
		{"2027-12-23", 1, "2027-12-27"}, // Dec 25 a Saturday: observed Friday Dec 24
		{"2027-12-30", 1, "2028-01-03"}, // Jan 1, 2028 a Saturday: observed Friday Dec 31
		{"2026-03-30", 1, "2026-04-01"}, // Cesar Chavez Day
		{"2026-10-09", 1, "2026-10-12"}, // Columbus Day is not a judicial holiday
	} {
		if got := order.CourtDaysAfter(day(tc.from), tc.n).Format(time.DateOnly); got != tc.want {
			t.Errorf("%d court days after %s: %s, want %s", tc.n, tc.from, got, tc.want)
		}
	}
	if !order.IsCourtDay(day("2026-10-12")) || !order.IsCourtDay(day("2026-09-09")) || !order.IsCourtDay(day("2026-04-24")) {
		t.Error("Columbus Day, Admission Day and Genocide Remembrance Day are court days")
	}
	// EPO-001: the earlier of the 5th court day and the 7th calendar day.
	if got := order.EPOExpiry(day("2026-11-25")).Format(time.DateOnly); got != "2026-12-02" {
		t.Errorf("EPO granted 2026-11-25 expires %s, want 2026-12-02 (field notes)", got)
	}
	if got := order.EPOExpiry(day("2026-12-21")).Format(time.DateOnly); got != "2026-12-28" {
		t.Errorf("EPO granted Monday 2026-12-21 expires %s, want 2026-12-28 (7th calendar day before the 5th court day, Dec 29)", got)
	}
}

// Each revision's rule: a written date; the 2005 form's three years; the later
// forms' "until further order".
func TestExpiryRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, tc := range []struct {
		name, revision, written, on, rule string
	}{
		{"written on the order", "2023-03-01", "2027-06-30", "2027-06-30", order.RuleWritten},
		{"2005: three years after issuance", "2005-01-01", "", "2029-11-20", order.RuleThreeYears},
		{"2005 with a date written", "2005-01-01", "2027-01-15", "2027-01-15", order.RuleWritten},
		{"2019: until further order", "2019-01-22", "", "", order.RuleUntilFurtherOrder},
		{"2023: until further order", "2023-03-01", "", "", order.RuleUntilFurtherOrder},
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
	la, _ := time.LoadLocation("America/Los_Angeles")
	for _, tc := range []struct {
		at   time.Time
		want int64
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, la), 0}, // still its last day in California (07:59 UTC next day)
		{time.Date(2026, 12, 1, 0, 0, 1, 0, la), 1},
		{time.Date(2026, 12, 2, 0, 0, 1, 0, la), 0},
	} {
		n, err := order.Expire(context.Background(), worker, tc.at)
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
		order.Jobs(pool, later, time.Hour))
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
			if e.Job.Kind != (order.ExpireArgs{}).Kind() {
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
