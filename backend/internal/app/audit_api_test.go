package app_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

type auditWorld struct {
	s                                *httptest.Server
	f                                *dbtest.Tenants
	a, b                             string
	admin, clerk, auditor, statewide string // session tokens
}

func newAuditWorld(t *testing.T) *auditWorld {
	t.Helper()
	d := dbtest.New(t)
	cfg := d.Config(t, "CCPOR_WORKERS=false")
	f := dbtest.NewTenants(t, d)
	w := &auditWorld{f: f, a: f.Court(t, "alpha", true), b: f.Court(t, "bravo", true)}
	as := func(name, court, role string) string {
		u := f.User(t, name)
		f.Grant(t, u, court, role)
		_, tok := f.Session(t, u, court)
		return tok
	}
	w.admin, w.clerk = as("admin-a", w.a, "court_admin"), as("clerk-a", w.a, "clerk")
	w.auditor, w.statewide = as("auditor-a", w.a, "auditor"), as("auditor-s", f.Statewide(t), "auditor")
	as("admin-b", w.b, "court_admin")
	w.s = httptest.NewServer(build(t, cfg).Handler)
	t.Cleanup(w.s.Close)
	return w
}

func (w *auditWorld) get(t *testing.T, token, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", w.s.URL+"/api/v1"+path, nil)
	must(t, err)
	req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: token})
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

type auditPage struct {
	Events []struct {
		ID                               int64
		Action, Outcome, ObjectID, Actor string
		CourtID                          string `json:"courtId"`
		Reason, ClientAddr               string
	}
	Next int64
}

func (w *auditWorld) search(t *testing.T, token, query string) auditPage {
	t.Helper()
	status, body := w.get(t, token, "/audit-events"+query)
	if status != 200 {
		t.Fatalf("search %s: %d %s", query, status, body)
	}
	var p auditPage
	must(t, json.Unmarshal([]byte(body), &p))
	return p
}

func TestRefusalsAndAuditedReadsReachTheLog(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	if s, _ := w.get(t, w.admin, "/courts/"+w.a+"/members"); s != 200 {
		t.Fatalf("members: %d", s)
	}
	if s, _ := w.get(t, w.clerk, "/audit-events"); s != 403 {
		t.Fatalf("a clerk searching the audit log: %d", s)
	}
	if s, _ := w.get(t, w.admin, "/courts/"+w.b+"/members"); s != 404 {
		t.Fatalf("another court's members: %d", s)
	}
	got := w.search(t, w.auditor, "?court="+w.a)
	var lines []string
	for _, e := range got.Events {
		lines = append(lines, e.Actor+" "+e.Action+" "+e.Outcome+" "+e.ObjectID)
		if e.ClientAddr != "127.0.0.1" {
			t.Errorf("event %d from %q", e.ID, e.ClientAddr)
		}
	}
	want := []string{
		"admin-a access.denied denied list-court-members",
		"clerk-a access.denied denied search-audit-events",
		"admin-a court.members.list success " + w.a,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("court A's log, newest first:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// The search itself is recorded (the next search shows it); a court auditor sees
	// only its court, the statewide auditor every court.
	if p := w.search(t, w.auditor, "?action=audit"); len(p.Events) != 1 || p.Events[0].Action != "audit.search" {
		t.Errorf("the auditor's own search: %+v", p.Events)
	}
	if p := w.search(t, w.auditor, "?court="+w.b); len(p.Events) != 0 {
		t.Errorf("court A's auditor reads court B's log: %+v", p.Events)
	}
	if p := w.search(t, w.statewide, "?action=access.denied"); len(p.Events) != 2 {
		t.Errorf("the statewide auditor finds %d refusals, want 2", len(p.Events))
	}
}

func TestSearchPagesAndRefusesBadFilters(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	for range 5 {
		w.get(t, w.admin, "/courts/"+w.a+"/members")
	}
	first := w.search(t, w.auditor, "?action=court.members&limit=3")
	second := w.search(t, w.auditor, "?action=court.members&limit=3&before="+jsonInt(first.Next))
	if len(first.Events) != 3 || first.Next == 0 || len(second.Events) != 2 || second.Next != 0 {
		t.Fatalf("pages of 3: %d (next %d), then %d (next %d)", len(first.Events), first.Next, len(second.Events), second.Next)
	}
	if second.Events[0].ID >= first.Events[2].ID {
		t.Error("the second page overlaps the first")
	}
	for _, tc := range []struct{ query, field string }{
		{"?court=alpha", "query.court"},
		{"?user=42", "query.user"},
		{"?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "query.to"},
		{"?limit=0", "query.limit"},
		{"?outcome=maybe", "query.outcome"},
		{"?from=yesterday", "query.from"},
	} {
		status, body := w.get(t, w.auditor, "/audit-events"+tc.query)
		if status != 422 || !strings.Contains(body, tc.field) {
			t.Errorf("%s: %d %s; want 422 naming %s", tc.query, status, body, tc.field)
		}
	}
}

func TestExportEqualsTheSearchAndEscapesFormulas(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	w.f.Exec(t, `INSERT INTO audit_events (court_id, action, outcome, actor, reason)
		VALUES ($1, 'auth.sign_in', 'denied', '=HYPERLINK("http://x")', '+1 @sum -2')`, w.a)
	w.get(t, w.admin, "/courts/"+w.a+"/members")
	table := w.search(t, w.auditor, "?court="+w.a+"&limit=500")
	status, body := w.get(t, w.auditor, "/audit-events/export?court="+w.a)
	if status != 200 {
		t.Fatalf("export: %d %s", status, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	must(t, err)
	// The export ran after the search, so it also lists the search as its newest row.
	if len(rows) != len(table.Events)+2 || rows[0][0] != "id" {
		t.Fatalf("%d CSV rows for %d events", len(rows), len(table.Events))
	}
	for i, e := range table.Events {
		r := rows[i+2]
		if r[0] != jsonInt(e.ID) || r[5] != e.Action || r[8] != e.Outcome {
			t.Errorf("row %d: %v, want event %d %s %s", i, r, e.ID, e.Action, e.Outcome)
		}
	}
	if !strings.Contains(body, `'=HYPERLINK(""http://x"")`) || !strings.Contains(body, "'+1 @sum -2") {
		t.Errorf("formulas not escaped:\n%s", body)
	}
}

func TestAnAuditedReadFailsClosed(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	w.f.Exec(t, "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) FROM ccpor_app")
	status, body := w.get(t, w.admin, "/courts/"+w.a+"/members")
	if status != 503 {
		t.Fatalf("members with the audit log broken: %d %s", status, body)
	}
	if strings.Contains(body, "admin-a") || strings.Contains(body, "clerk-a") {
		t.Errorf("the failed read leaked members: %s", body)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
