package registry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// now is the tests' instant: Wednesday 2026-11-25, 10:00 in California.
var now = time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)

// world is two courts, A and B, with a clerk (two in A), a sheriff and a judge in
// each, the service, and an HTTP server of the order operations where a request
// acts as the user named by its X-Test-As header (the sign-in is not under test).
type world struct {
	d     *dbtest.DB
	f     *dbtest.Tenants
	svc   *registry.Service
	clk   *clock.Manual
	a, b  string
	as    map[string]db.Principal
	users map[string]string
	srv   *httptest.Server
}

func newWorld(t testing.TB) *world {
	t.Helper()
	d := dbtest.New(t)
	app := d.App(t, 4)
	w := &world{d: d, f: dbtest.NewTenants(t, d), clk: clock.NewManual(now), as: map[string]db.Principal{}, users: map[string]string{}}
	w.svc = registry.NewService(app, audit.NewLog(prometheus.NewRegistry()), w.clk)
	w.a, w.b = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true)
	for _, g := range []struct{ name, court, role string }{
		{"clerk-a", w.a, "clerk"}, {"clerk-a2", w.a, "clerk"}, {"sheriff-a", w.a, "sheriff"}, {"judge-a", w.a, "judicial_officer"},
		{"clerk-b", w.b, "clerk"}, {"sheriff-b", w.b, "sheriff"}, {"judge-b", w.b, "judicial_officer"},
		{"admin-a", w.a, "court_admin"},
	} {
		w.users[g.name] = w.f.User(t, g.name)
		w.f.Grant(t, w.users[g.name], g.court, g.role)
		w.as[g.name], _ = w.f.Session(t, w.users[g.name], g.court)
	}
	r := chi.NewRouter()
	api := httpapi.NewAPI(r, "")
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		p := w.as[ctx.Header("X-Test-As")]
		next(huma.WithContext(ctx, auth.WithCaller(ctx.Context(), auth.Caller{CourtID: p.CourtID, Principal: p})))
	})
	registry.Routes(w.svc)(api)
	w.srv = httptest.NewServer(r)
	t.Cleanup(w.srv.Close)
	return w
}

// do sends a request as who and returns the status, the headers and the body.
func (w *world) do(t testing.TB, who, method, path string, body any, headers ...string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, ok := body.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(body); err != nil {
				t.Fatal(err)
			}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Test-As", who)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// count returns a number from the database as its superuser.
func (w *world) count(t testing.TB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := dbtest.Conn(t, w.d.AdminURL).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sample is a valid 2023 CR-160.
func sample(caseNumber string) order.Content {
	return order.Content{
		Type:       "criminal_protective_order",
		Form:       order.Form{Number: "CR-160", Revision: "2023-03-01"},
		CaseNumber: caseNumber,
		OrderKind:  "pending_trial",
		Caption:    order.Caption{CourtName: "Superior Court of California, County of Alpha"},
		IssuedOn:   "2026-11-20",
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", DOB: "1981-11-21",
			HeightInches: 73, WeightPounds: 260, Hair: "BRO", Eyes: "BRO"},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith", Sex: "F", DOB: "1977-01-01",
			Address: "123 Main Street, Fullerton, CA 92835"}},
		Conditions: order.Conditions{NoAbuse: true, NoContact: true,
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true},
			Firearms: &order.Firearms{Prohibited: true, SurrenderHoursIfPresent: 24, ReceiptWithinHours: 48}},
	}
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

// create adds sample(caseNumber) as clerk-a through the API and returns it.
func (w *world) create(t testing.TB, c order.Content) order.Order {
	t.Helper()
	status, _, body := w.do(t, "clerk-a", "POST", "/orders", c)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	return decode[order.Order](t, body)
}
