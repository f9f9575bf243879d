package report_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/report"
)

// now is the figures' time: 1 pm on March 15, 2026 in California.
var now = time.Date(2026, 3, 15, 20, 0, 0, 0, time.UTC)

type world struct {
	d       *dbtest.DB
	f       *dbtest.Tenants
	maint   *pgx.Conn
	svc     *report.Service
	a, b, t string
	as      map[string]db.Principal
	ids     map[string]string
}

// order is one order of the known data set.
type order struct {
	name, court, status     string
	issued, expires, served string
	cancelled               string
	created                 time.Time
	versions                []time.Time // versions after the first, when written
	supersededBy            string
}

func (w *world) add(t testing.TB, o order) {
	t.Helper()
	id := uuid.NewString()
	w.ids[o.name] = id
	ctx := context.Background()
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	status := "unserved"
	if o.served != "" {
		status = "served"
	}
	var reason any
	if o.cancelled != "" {
		reason = "dismissed"
	}
	var by any
	if o.supersededBy != "" {
		by = w.ids[o.supersededBy]
	}
	_, err := w.maint.Exec(ctx, `INSERT INTO orders (id, court_id, case_number, order_type, order_kind, form_number, form_revision,
			status, issued_on, expires_on, expiry_rule, current_version, service_status, served_on, cancelled_on, cancel_reason,
			superseded_by, created_by, created_at)
		VALUES ($1, $2, upper($3), 'criminal_protective_order', 'pending_trial', 'CR-160', '2023-03-01', $4, $5, $6, 'written',
			$7, $8, $9, $10, $11, $12, $1, $13)`,
		id, o.court, "CASE-"+o.name, o.status, o.issued, null(o.expires), 1+len(o.versions), status, null(o.served),
		null(o.cancelled), reason, by, o.created)
	if err != nil {
		t.Fatal(err)
	}
	for v, at := range append([]time.Time{o.created}, o.versions...) {
		if _, err := w.maint.Exec(ctx, `INSERT INTO order_versions (court_id, order_id, version, content, created_by, created_at)
			VALUES ($1, $2, $3, '{}', $2, $4)`, o.court, id, v+1, at); err != nil {
			t.Fatal(err)
		}
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// newWorld loads the known data set: courts A and B (counties alpha and bravo) and
// a tribal court without a county whose name a spreadsheet would run.
func newWorld(t testing.TB) *world {
	t.Helper()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	w := &world{d: d, f: f, maint: dbtest.Conn(t, d.MaintURL), svc: report.NewService(openDB(t, d)),
		a: f.Court(t, "alpha", true), b: f.Court(t, "bravo", true), as: map[string]db.Principal{}, ids: map[string]string{}}
	f.Exec(t, `INSERT INTO courts (code, name, kind, shares_statewide, onboarding_status) VALUES ('tribe', '=SUM(1+1) Tribal Court', 'tribal', true, 'live')`)
	if err := w.maint.QueryRow(context.Background(), "SELECT id::text FROM courts WHERE code = 'tribe'").Scan(&w.t); err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string][2]string{
		"clerk-a": {w.a, "clerk"}, "admin-b": {w.b, "court_admin"}, "platform": {f.Statewide(t), "platform_admin"},
		"auditor-s": {f.Statewide(t), "auditor"},
	} {
		u := f.User(t, name)
		f.Grant(t, u, g[0], g[1])
		w.as[name], _ = f.Session(t, u, g[0])
	}
	for _, o := range []order{
		{name: "a1", court: w.a, status: "active", issued: "2026-01-10", expires: "2026-03-20", created: at("2026-01-10T18:00:00Z")},
		{name: "a2", court: w.a, status: "active", issued: "2026-02-03", served: "2026-02-05", created: at("2026-02-03T18:00:00Z"),
			versions: []time.Time{at("2026-02-20T18:00:00Z")}},
		{name: "a3", court: w.a, status: "cancelled", issued: "2026-01-20", cancelled: "2026-03-01", created: at("2026-01-20T18:00:00Z")},
		{name: "a4", court: w.a, status: "draft", issued: "2026-03-10", created: at("2026-03-10T18:00:00Z")},
		{name: "a5", court: w.a, status: "draft", issued: "2026-03-15", created: at("2026-03-15T10:00:00Z")},
		{name: "a6", court: w.a, status: "active", issued: "2026-03-14", expires: "2026-04-13", created: at("2026-03-14T18:00:00Z")},
		{name: "a7", court: w.a, status: "expired", issued: "2025-12-01", expires: "2026-01-01", served: "2025-12-02", created: at("2025-12-01T18:00:00Z")},
		{name: "b1", court: w.b, status: "active", issued: "2026-02-10", created: at("2026-02-10T18:00:00Z")},
		{name: "b2", court: w.b, status: "superseded", issued: "2026-01-05", created: at("2026-01-05T18:00:00Z"), supersededBy: "b1"},
		{name: "t1", court: w.t, status: "active", issued: "2026-03-01", created: at("2026-03-01T18:00:00Z")},
	} {
		w.add(t, o)
	}
	w.refresh(t)
	return w
}

func openDB(t testing.TB, d *dbtest.DB) *db.DB {
	t.Helper()
	return d.App(t, 4)
}

func (w *world) refresh(t testing.TB) {
	t.Helper()
	pool, err := db.OpenPool(context.Background(), w.d.WorkerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := report.Refresh(context.Background(), pool, now); err != nil {
		t.Fatal(err)
	}
}

func (w *world) stats(t *testing.T, who string, f report.Filter) report.Statistics {
	t.Helper()
	st, err := w.svc.Statistics(context.Background(), w.as[who], f)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// line is a row as "label issued modified cancelled served active" (active "-" when null).
func line(r report.Row) string {
	a := "-"
	if r.Active != nil {
		a = strconv.Itoa(*r.Active)
	}
	return strings.Join([]string{r.Label, strconv.Itoa(r.Issued), strconv.Itoa(r.Modified), strconv.Itoa(r.Cancelled), strconv.Itoa(r.Served), a}, " ")
}

func lines(st report.Statistics) []string {
	var out []string
	for _, r := range st.Rows {
		out = append(out, line(r))
	}
	return append(out, line(st.Total))
}

func TestStatisticsOnAKnownDataSet(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cases := []struct {
		name, who string
		f         report.Filter
		want      []string
	}{
		{"a clerk sees the own court", "clerk-a", report.Filter{}, []string{
			"Superior Court of alpha 5 1 1 2 3", "Total 5 1 1 2 3"}},
		{"a clerk asking for another court sees nothing", "clerk-a", report.Filter{CourtID: w.b}, []string{"Total 0 0 0 0 0"}},
		{"a court administrator sees the own court", "admin-b", report.Filter{By: report.ByType}, []string{
			"Criminal protective order (CR-160) 2 0 0 0 1", "Total 2 0 0 0 1"}},
		{"a statewide auditor holds no court's counts", "auditor-s", report.Filter{}, []string{"Total 0 0 0 0 0"}},
		{"platform administrators see every court, by court", "platform", report.Filter{By: report.ByCourt}, []string{
			"=SUM(1+1) Tribal Court 1 0 0 0 1", "Superior Court of alpha 5 1 1 2 3", "Superior Court of bravo 2 0 0 0 1", "Total 8 1 1 2 5"}},
		{"by county", "platform", report.Filter{By: report.ByCounty}, []string{
			"No county (tribal courts) 1 0 0 0 1", "alpha 5 1 1 2 3", "bravo 2 0 0 0 1", "Total 8 1 1 2 5"}},
		{"by month", "platform", report.Filter{By: report.ByMonth}, []string{
			"2025-12 1 0 0 1 -", "2026-01 3 0 0 0 -", "2026-02 2 1 0 1 -", "2026-03 2 0 1 0 -", "Total 8 1 1 2 -"}},
		{"by month within a range", "platform", report.Filter{By: report.ByMonth, From: "2026-01", To: "2026-02"}, []string{
			"2026-01 3 0 0 0 -", "2026-02 2 1 0 1 -", "Total 5 1 0 1 -"}},
		{"one court by month", "platform", report.Filter{By: report.ByMonth, CourtID: w.b}, []string{
			"2026-01 1 0 0 0 -", "2026-02 1 0 0 0 -", "Total 2 0 0 0 -"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := w.stats(t, c.who, c.f)
			if got := lines(st); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if st.RefreshedAt == nil || !st.RefreshedAt.Equal(now) {
				t.Errorf("refreshed at %v; want %v", st.RefreshedAt, now)
			}
			// The CSV is the table: the same rows and cells, total last, formulas escaped.
			b, err := st.CSV()
			if err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var fromCSV []string
			for _, rec := range records[1:] {
				if len(rec) == 5 {
					rec = append(rec, "-")
				}
				fromCSV = append(fromCSV, strings.Join(rec, " "))
			}
			want := strings.Join(c.want, "\n")
			want = strings.ReplaceAll(want, "=SUM(1+1)", "'=SUM(1+1)")
			if strings.Join(fromCSV, "\n") != want {
				t.Errorf("CSV\n%s\nis not the table\n%s", strings.Join(fromCSV, "\n"), want)
			}
			if records[0][0] != string(st.By) {
				t.Errorf("CSV header %v", records[0])
			}
		})
	}
}

// A refresh after changes rewrites the counts: a month no longer met holds none.
func TestRefreshFollowsChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	f := dbtest.NewTenants(t, w.d)
	f.Exec(t, "UPDATE orders SET cancelled_on = '2026-02-01' WHERE id = $1", w.ids["a3"])
	f.Exec(t, "UPDATE orders SET status = 'cancelled', cancelled_on = '2026-03-02', cancel_reason = 'x' WHERE id = $1", w.ids["b1"])
	w.refresh(t)
	got := lines(w.stats(t, "platform", report.Filter{By: report.ByMonth, From: "2026-02"}))
	want := []string{"2026-02 2 1 1 1 -", "2026-03 2 0 1 0 -", "Total 4 1 2 1 -"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after changes got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := lines(w.stats(t, "admin-b", report.Filter{})); got[0] != "Superior Court of bravo 2 0 1 0 0" {
		t.Errorf("court B after its order was cancelled: %v", got)
	}
}

func TestOperationsOnAKnownDataSet(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	today := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	ops, err := w.svc.Operations(context.Background(), w.as["clerk-a"], "", "", today)
	if err != nil {
		t.Fatal(err)
	}
	counts := func(cs []report.Count) string {
		var out []string
		for _, c := range cs {
			if c.Count != 0 || !strings.HasPrefix(c.Bucket, "20") {
				out = append(out, c.Bucket+"="+strconv.Itoa(c.Count))
			}
		}
		return strings.Join(out, ", ")
	}
	if len(ops.EnteredPerDay) != 30 || ops.EnteredPerDay[0].Bucket != "2026-02-14" || ops.EnteredPerDay[29].Bucket != "2026-03-15" {
		t.Errorf("entered per day covers %d days from %v", len(ops.EnteredPerDay), ops.EnteredPerDay[0])
	}
	for name, c := range map[string]struct{ got, want string }{
		"entered per day":         {counts(ops.EnteredPerDay), "2026-03-10=1, 2026-03-14=1, 2026-03-15=1"},
		"drafts older than a day": {counts(ops.StaleDrafts), "1-7 days=1, 8-30 days=0, over 30 days=0"},
		"unserved by age":         {counts(ops.Unserved), "0-7 days=1, 8-30 days=0, 31-90 days=1, over 90 days=0"},
		"expiring in the next 30": {counts(ops.Expiring), "2026-03-20=1, 2026-04-13=1"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s; want %s", name, c.got, c.want)
		}
	}
	if ops.AsOf != "2026-03-15" || len(ops.Expiring) != 30 {
		t.Errorf("as of %s with %d days of expiries", ops.AsOf, len(ops.Expiring))
	}

	ops, err = w.svc.Operations(context.Background(), w.as["clerk-a"], "2026-01-01", "2026-01-31", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(ops.EnteredPerDay); got != "2026-01-10=1, 2026-01-20=1" {
		t.Errorf("January: %s", got)
	}
	// Another court's staff see their own court's figures only.
	ops, err = w.svc.Operations(context.Background(), w.as["admin-b"], "", "", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(ops.Unserved); got != "0-7 days=0, 8-30 days=0, 31-90 days=1, over 90 days=0" {
		t.Errorf("court B unserved: %s", got)
	}
}

// Each bad filter is named and answers nothing.
func TestReportsRefuseBadFilters(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, c := range []struct {
		f     report.Filter
		field string
	}{
		{report.Filter{From: "2026-13"}, "query.from"},
		{report.Filter{To: "March"}, "query.to"},
		{report.Filter{From: "2026-03", To: "2026-02"}, "query.to"},
		{report.Filter{CourtID: "alpha"}, "query.court"},
		{report.Filter{By: "year"}, "query.by"},
	} {
		_, err := w.svc.Statistics(context.Background(), w.as["platform"], c.f)
		var v *apperr.ValidationError
		if !asValidation(err, &v) || v.Fields[0].Field != c.field {
			t.Errorf("%+v: %v; want a problem with %s", c.f, err, c.field)
		}
	}
	today := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ from, to, field string }{
		{"2026-3-1", "", "query.from"},
		{"", "tomorrow", "query.to"},
		{"2026-03-10", "2026-03-01", "query.to"},
		{"2024-01-01", "2026-03-01", "query.from"},
	} {
		_, err := w.svc.Operations(context.Background(), w.as["clerk-a"], c.from, c.to, today)
		var v *apperr.ValidationError
		if !asValidation(err, &v) || v.Fields[0].Field != c.field {
			t.Errorf("operations %s..%s: %v; want a problem with %s", c.from, c.to, err, c.field)
		}
	}
}

func asValidation(err error, v **apperr.ValidationError) bool {
	ve, ok := err.(*apperr.ValidationError)
	*v = ve
	return ok && len(ve.Fields) > 0
}

// The CARPOS figures on a known set of messages: counts now, and over the 30 days
// up to today (2026-03-15) the time from issuance to acknowledgement and the
// orders past the one-business-day deadline, counted in court days (Presidents'
// Day, Monday 2026-02-16, is a judicial holiday) and California's days.
func TestCarposFiguresOnAKnownDataSet(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	msg := func(court, order string, seq int, kind, state, created, acked string) {
		t.Helper()
		var ack any
		if acked != "" {
			ack = at(acked)
		}
		w.f.Exec(t, `INSERT INTO carpos_messages (court_id, order_id, seq, kind, order_version, body, state, created_at, acknowledged_at)
			VALUES ($1, $2, $3, $4, 1, 'MKE/' || $4, $5, $6, $7)`, court, w.ids[order], seq, kind, state, at(created), ack)
	}
	// court A
	msg(w.a, "a1", 1, "ENTER", "acknowledged", "2026-03-02T18:00:00Z", "2026-03-02T18:00:10Z")   // 10 s
	msg(w.a, "a6", 1, "ENTER", "acknowledged", "2026-03-13T18:00:00Z", "2026-03-13T18:00:30Z")   // 30 s
	msg(w.a, "a2", 1, "MODIFY", "acknowledged", "2026-02-14T01:00:00Z", "2026-02-20T18:00:00Z")  // Friday 2-13 in California: before the 30 days
	msg(w.a, "a2", 2, "SERVICE", "acknowledged", "2026-02-14T18:00:00Z", "2026-02-18T07:00:00Z") // Saturday; due end of Tuesday 2-17 (Monday a holiday): on time
	msg(w.a, "a3", 1, "ENTER", "acknowledged", "2026-03-06T18:00:00Z", "2026-03-10T09:00:00Z")   // Friday; due end of Monday 3-9 (07:00Z): 2 h late
	msg(w.a, "a3", 2, "CANCEL", "pending", "2026-03-11T18:00:00Z", "")                           // due end of Thursday 3-12: missing it
	msg(w.a, "a6", 2, "MODIFY", "sent", "2026-03-13T18:00:00Z", "")                              // due end of Monday 3-16: not yet
	msg(w.a, "a1", 2, "MODIFY", "rejected", "2026-03-05T18:00:00Z", "")                          // due end of Friday 3-6: missed
	// court B
	msg(w.b, "b1", 1, "ENTER", "acknowledged", "2026-03-02T18:00:00Z", "2026-03-02T18:00:05Z")
	msg(w.b, "b1", 2, "MODIFY", "rejected", "2026-03-14T18:00:00Z", "")
	w.refresh(t)

	today := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	figures := func(who string) string {
		t.Helper()
		ops, err := w.svc.Operations(context.Background(), w.as[who], "", "", today)
		if err != nil {
			t.Fatal(err)
		}
		c := ops.Carpos
		sec := func(p *float64) string {
			if p == nil {
				return "-"
			}
			return strconv.FormatFloat(*p, 'f', 0, 64)
		}
		return fmt.Sprintf("pending %d rejected %d acknowledged %d median %s p95 %s missed %d",
			c.Pending, c.Rejected, c.Acknowledged, sec(c.AckMedianSeconds), sec(c.AckP95Seconds), c.MissedDeadline)
	}
	// p95 of 10, 30 and 313200 s (3 days 15 h): 30 + 0.9 × (313200 - 30)
	if got, want := figures("clerk-a"), "pending 2 rejected 1 acknowledged 3 median 30 p95 281883 missed 2"; got != want {
		t.Errorf("court A: %s\nwant:     %s", got, want)
	}
	if got, want := figures("admin-b"), "pending 0 rejected 1 acknowledged 1 median 5 p95 5 missed 0"; got != want {
		t.Errorf("court B: %s\nwant:     %s", got, want)
	}

	// the next refresh follows: the cancel acknowledged (late), the rejected modify of B resent and pending
	w.f.Exec(t, `UPDATE carpos_messages SET state = 'acknowledged', acknowledged_at = '2026-03-15T19:00:00Z' WHERE kind = 'CANCEL'`)
	w.f.Exec(t, `UPDATE carpos_messages SET state = 'pending' WHERE court_id = $1 AND state = 'rejected'`, w.b)
	w.refresh(t)
	if got, want := figures("clerk-a"), "pending 1 rejected 1 acknowledged 3 median 30 p95 281883 missed 2"; got != want {
		t.Errorf("court A after the acknowledgement: %s\nwant:     %s", got, want)
	}
	if got, want := figures("admin-b"), "pending 1 rejected 0 acknowledged 1 median 5 p95 5 missed 0"; got != want {
		t.Errorf("court B after the resend: %s\nwant:     %s", got, want)
	}

	// one row per court with messages
	var n int
	if err := w.maint.QueryRow(context.Background(), `SELECT count(*) FROM carpos_ops`).Scan(&n); err != nil || n != 2 {
		t.Errorf("carpos_ops rows: %d %v", n, err)
	}
}
