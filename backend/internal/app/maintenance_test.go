package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/auth"
	ccporidp "github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/maintenance"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

type maintWorld struct {
	s                   *httptest.Server
	d                   *dbtest.DB
	admin               *pgx.Conn
	a, b                string
	platform, clerk, jo string // session tokens
}

func newMaintWorld(t *testing.T) *maintWorld {
	t.Helper()
	d := dbtest.New(t)
	cfg := d.Config(t, "CCPOR_WORKERS=false")
	f := dbtest.NewTenants(t, d)
	w := &maintWorld{d: d, admin: dbtest.Conn(t, d.AdminURL), a: f.Court(t, "alpha", true), b: f.Court(t, "bravo", true)}
	as := func(name, court, role string) string {
		u := f.User(t, name)
		f.Grant(t, u, court, role)
		_, tok := f.Session(t, u, court)
		return tok
	}
	w.platform = as("platform-s", f.Statewide(t), "platform_admin")
	w.clerk, w.jo = as("clerk-a", w.a, "clerk"), as("judge-a", w.a, "judicial_officer")
	as("clerk-b", w.b, "clerk")
	w.s = httptest.NewServer(build(t, cfg).Handler)
	t.Cleanup(w.s.Close)
	return w
}

func (w *maintWorld) call(t *testing.T, token, method, path, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, w.s.URL+path, strings.NewReader(body))
	must(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: token})
		req.Header.Set(auth.CSRFHeader, auth.CSRFToken(token))
	}
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (w *maintWorld) windows(t *testing.T) int {
	t.Helper()
	var n int
	must(t, w.admin.QueryRow(context.Background(), "SELECT count(*) FROM maintenance_windows").Scan(&n))
	return n
}

// local is a wall-clock time in California, as the form enters it.
func local(t time.Time) string { return t.In(clock.Pacific).Format(maintenance.LocalLayout) }

func schedule(start, end time.Time, message string, courts []string, readOnly bool) string {
	b, _ := json.Marshal(map[string]any{"startsAt": local(start), "endsAt": local(end), "message": message, "courtIds": courts, "readOnly": readOnly})
	return string(b)
}

// Each wrong field is named, and a refused window is not recorded.
func TestMaintenanceWindowRefusesBadInput(t *testing.T) {
	t.Parallel()
	w := newMaintWorld(t)
	now := time.Now()
	tomorrow := now.Add(24 * time.Hour)
	cases := []struct {
		name, body, field, words string
	}{
		{"end before start", schedule(tomorrow, tomorrow.Add(-time.Hour), "x", nil, false), "body.endsAt", "after the start"},
		{"end equals start", schedule(tomorrow, tomorrow, "x", nil, false), "body.endsAt", "after the start"},
		{"start in the past", schedule(now.Add(-2*time.Hour), now.Add(time.Hour), "x", nil, false), "body.startsAt", "now or later"},
		{"end in the past", schedule(now.Add(-3*time.Hour), now.Add(-2*time.Hour), "x", nil, false), "body.endsAt", "in the future"},
		{"too long", schedule(tomorrow, tomorrow.Add(49*time.Hour), "x", nil, false), "body.endsAt", "48 hours"},
		{"no message", schedule(tomorrow, tomorrow.Add(time.Hour), "  ", nil, false), "body.message", "Enter the message"},
		{"long message", schedule(tomorrow, tomorrow.Add(time.Hour), strings.Repeat("m", 501), nil, false), "body.message", "at most 500"},
		{"unknown court", schedule(tomorrow, tomorrow.Add(time.Hour), "x", []string{"7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71"}, false), "body.courtIds[0]", "no such court"},
		{"court not an id", schedule(tomorrow, tomorrow.Add(time.Hour), "x", []string{"alpha"}, false), "body.courtIds[0]", "Choose a court"},
		{"court twice", schedule(tomorrow, tomorrow.Add(time.Hour), "x", []string{w.a, w.a}, false), "body.courtIds[1]", "twice"},
		{"read-only for some courts", schedule(tomorrow, tomorrow.Add(time.Hour), "x", []string{w.a}, true), "body.readOnly", "every court"},
		{"start not a time", `{"startsAt":"2026-12-02 18:00","endsAt":"2026-12-02T21:00","message":"x"}`, "body.startsAt", "year-month-day"},
		{"end missing", `{"startsAt":"2026-12-02T18:00","endsAt":"","message":"x"}`, "body.endsAt", "Enter a date and time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := w.call(t, w.platform, "POST", "/api/v1/maintenance-windows", c.body)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, c.field) || !strings.Contains(r.body, c.words) {
				t.Fatalf("%d %s; want 422 naming %s with %q", r.status, r.body, c.field, c.words)
			}
		})
	}
	if n := w.windows(t); n != 0 {
		t.Errorf("%d windows recorded after refusals", n)
	}
}

// A window scheduled ahead is announced (public list, header on every response,
// /readyz still 200), its e-mail job is queued, and the worker writes once to each
// user of the affected court.
func TestMaintenanceWindowIsAnnouncedAndMailed(t *testing.T) {
	t.Parallel()
	w := newMaintWorld(t)
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	r := w.call(t, w.platform, "POST", "/api/v1/maintenance-windows", schedule(start, start.Add(3*time.Hour), "Database upgrade.", []string{w.a}, false))
	if r.status != http.StatusCreated {
		t.Fatalf("schedule: %d %s", r.status, r.body)
	}
	var win maintenance.Window
	must(t, json.Unmarshal([]byte(r.body), &win))
	if !win.StartsAt.Equal(start) || win.State != maintenance.Scheduled || len(win.CourtIDs) != 1 {
		t.Errorf("window %+v; want start %s, scheduled, one court", win, start)
	}

	r = w.call(t, "", "GET", "/api/v1/maintenance", "")
	if r.status != 200 || !strings.Contains(r.body, "Database upgrade.") || !strings.Contains(r.body, win.ID) {
		t.Errorf("announcements: %d %s", r.status, r.body)
	}
	r = w.call(t, "", "GET", "/readyz", "")
	want := "start=" + start.UTC().Format(time.RFC3339) + "; end=" + start.Add(3*time.Hour).UTC().Format(time.RFC3339) + "; state=scheduled"
	if r.status != 200 || r.header.Get(maintenance.Header) != want {
		t.Errorf("readyz: %d, header %q; want 200 and %q", r.status, r.header.Get(maintenance.Header), want)
	}

	var jobs int
	must(t, w.admin.QueryRow(context.Background(), "SELECT count(*) FROM river_job WHERE kind = 'maintenance_notify' AND args->>'windowId' = $1", win.ID).Scan(&jobs))
	if jobs != 1 {
		t.Fatalf("%d notification jobs queued; want 1", jobs)
	}
	pool, err := db.OpenPool(context.Background(), w.d.WorkerURL, 2)
	must(t, err)
	t.Cleanup(pool.Close)
	sent, err := maintenance.Notify(context.Background(), pool, ccporidp.Mail{Outbox: true}, win.ID)
	must(t, err)
	if sent != 2 {
		t.Errorf("sent %d; want 2 (the clerk and the judicial officer of court A)", sent)
	}
	rows, err := w.admin.Query(context.Background(), "SELECT recipient, subject, body FROM mail_outbox ORDER BY recipient")
	must(t, err)
	var to []string
	for rows.Next() {
		var rcpt, subject, body string
		must(t, rows.Scan(&rcpt, &subject, &body))
		to = append(to, rcpt)
		if !strings.Contains(subject, "Pacific time") || !strings.Contains(body, "Database upgrade.") {
			t.Errorf("mail to %s: %q %q", rcpt, subject, body)
		}
	}
	if strings.Join(to, ",") != "clerk-a@courts.example,judge-a@courts.example" {
		t.Errorf("mail went to %v", to)
	}
	if sent, err = maintenance.Notify(context.Background(), pool, ccporidp.Mail{Outbox: true}, win.ID); err != nil || sent != 0 {
		t.Errorf("a second run sent %d (%v); want none", sent, err)
	}

	if r = w.call(t, w.platform, "DELETE", "/api/v1/maintenance-windows/"+win.ID, ""); r.status != http.StatusNoContent {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	if r = w.call(t, "", "GET", "/readyz", ""); r.header.Get(maintenance.Header) != "" {
		t.Errorf("a cancelled window is still announced: %q", r.header.Get(maintenance.Header))
	}
	if r = w.call(t, w.platform, "DELETE", "/api/v1/maintenance-windows/"+win.ID, ""); r.status != http.StatusNotFound {
		t.Errorf("cancel twice: %d", r.status)
	}
}

// During a read-only window the API's changes get 503 with Retry-After, reads and
// sign-out go on, the session stays alive, and /readyz stays 200.
func TestReadOnlyWindowRefusesChanges(t *testing.T) {
	t.Parallel()
	w := newMaintWorld(t)
	now := time.Now()
	r := w.call(t, w.platform, "POST", "/api/v1/maintenance-windows", schedule(now, now.Add(2*time.Hour), "Storage move.", nil, true))
	if r.status != http.StatusCreated {
		t.Fatalf("schedule: %d %s", r.status, r.body)
	}
	var win maintenance.Window
	must(t, json.Unmarshal([]byte(r.body), &win))
	if win.State != maintenance.Underway {
		t.Fatalf("state %s; want underway", win.State)
	}

	for _, write := range []struct{ method, path, body string }{
		{"POST", "/api/v1/orders", `{}`},
		{"PUT", "/api/v1/orders/7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71", `{}`},
		{"POST", "/api/v1/orders/7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71/cancel", `{"reason":"x"}`},
	} {
		r = w.call(t, w.clerk, write.method, write.path, write.body)
		if r.status != http.StatusServiceUnavailable || r.header.Get("Content-Type") != "application/problem+json" ||
			!strings.Contains(r.body, "read-only for maintenance") {
			t.Errorf("%s %s: %d %s %s", write.method, write.path, r.status, r.header.Get("Content-Type"), r.body)
		}
		if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" || len(ra) > 4 {
			t.Errorf("%s %s: Retry-After %q; want the seconds until the end", write.method, write.path, ra)
		}
	}
	if r = w.call(t, w.clerk, "GET", "/api/v1/orders?caseNumber=06NF0886", ""); r.status != 200 {
		t.Errorf("a read during read-only: %d %s", r.status, r.body)
	}
	if r = w.call(t, w.clerk, "POST", "/api/v1/me/keep-alive", ""); r.status != 200 {
		t.Errorf("keep-alive during read-only: %d %s", r.status, r.body)
	}
	if r = w.call(t, w.clerk, "POST", "/auth/logout", ""); r.status == http.StatusServiceUnavailable {
		t.Errorf("sign-out during read-only: %d %s", r.status, r.body)
	}
	r = w.call(t, "", "GET", "/readyz", "")
	if h := r.header.Get(maintenance.Header); r.status != 200 || !strings.Contains(h, "state=underway; read-only") {
		t.Errorf("readyz during read-only: %d %q", r.status, h)
	}

	// The platform administrator ends the window early; changes go on at once.
	if r = w.call(t, w.platform, "DELETE", "/api/v1/maintenance-windows/"+win.ID, ""); r.status != http.StatusNoContent {
		t.Fatalf("cancel during read-only: %d %s", r.status, r.body)
	}
	if r = w.call(t, w.jo, "POST", "/api/v1/orders", `{}`); r.status != http.StatusForbidden {
		t.Errorf("a change after the window: %d %s; want the usual 403", r.status, r.body)
	}
}
