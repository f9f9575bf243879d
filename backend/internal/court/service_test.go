package court_test

import (
	"github.com/prometheus/client_golang/prometheus"

	"context"
	"errors"
	"fmt"
	"github.com/ccpor/ccpor/backend/internal/audit"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/court"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

type world struct {
	svc   *court.Service
	f     *dbtest.Tenants
	a, b  string
	as    map[string]db.Principal
	users map[string]string
	grant map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	d := dbtest.New(t)
	app := d.App(t, 2)
	w := &world{svc: court.NewService(app, audit.NewLog(prometheus.NewRegistry())), f: dbtest.NewTenants(t, d),
		as: map[string]db.Principal{}, users: map[string]string{}, grant: map[string]string{}}
	w.a, w.b = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true)
	state := w.f.Statewide(t)
	for _, g := range []struct{ name, court, role string }{
		{"admin-a", w.a, "court_admin"}, {"helpdesk-a", w.a, "helpdesk"}, {"clerk-a", w.a, "clerk"},
		{"admin-b", w.b, "court_admin"}, {"platform", state, "platform_admin"}, {"auditor-state", state, "auditor"},
		{"helpdesk-state", state, "helpdesk"},
	} {
		w.users[g.name] = w.f.User(t, g.name)
		w.grant[g.name] = w.f.Grant(t, w.users[g.name], g.court, g.role)
		w.as[g.name], _ = w.f.Session(t, w.users[g.name], g.court)
	}
	return w
}

func names(ms []court.Member) string {
	s := ""
	for _, m := range ms {
		s += fmt.Sprintf("%s%v%s;", m.Username, m.Roles, m.CLETSCertifiedUntil)
	}
	return s
}

func TestMembersShowRolesAndCertification(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.f.Grant(t, w.users["clerk-a"], w.a, "sheriff")
	until := time.Now().In(clock.Pacific).AddDate(0, 6, 0)
	w.f.Certify(t, w.users["clerk-a"], w.a, until)
	gone := w.f.User(t, "disabled-a")
	w.f.Grant(t, gone, w.a, "clerk")
	w.f.Exec(t, "UPDATE users SET disabled_at = now() WHERE id = $1", gone)

	want := "admin-a[court_admin];clerk-a[clerk sheriff]" + until.Format(time.DateOnly) + ";helpdesk-a[helpdesk];"
	for _, who := range []string{"admin-a", "helpdesk-a", "platform", "helpdesk-state"} {
		got, err := w.svc.Members(context.Background(), w.as[who], w.a)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		if names(got) != want {
			t.Errorf("%s sees %s, want %s", who, names(got), want)
		}
	}
}

// The database checks again, whatever the role rules in Go said.
func TestTheDatabaseShowsMembersOnlyToThoseWhoMaySeeThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	forged := w.as["admin-b"]
	forged.CourtID = w.a
	w.f.Revoke(t, w.grant["helpdesk-a"])
	for _, tc := range []struct {
		name string
		p    db.Principal
	}{
		{"nothing stated", db.Principal{}},
		{"a clerk of the court", w.as["clerk-a"]},
		{"the court admin of another court", w.as["admin-b"]},
		{"the court admin of another court stating this court", forged},
		{"a statewide auditor", w.as["auditor-state"]},
		{"a revoked help desk", w.as["helpdesk-a"]},
		{"a malformed session", db.Principal{SessionHash: "' OR true --", CourtID: w.a}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := w.svc.Members(context.Background(), tc.p, w.a)
			if err != nil || len(got) != 0 {
				t.Errorf("sees %s (%v); want nothing", names(got), err)
			}
		})
	}
}

func TestUnknownCourtsAreNotFound(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, id := range []string{"7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71", "not-a-uuid", "", "statewide"} {
		if _, err := w.svc.Get(context.Background(), w.as["admin-a"], id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("get %q: %v, want not found", id, err)
		}
		if _, err := w.svc.Members(context.Background(), w.as["platform"], id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("members of %q: %v, want not found", id, err)
		}
	}
}

func TestTheDirectory(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.f.Exec(t, `UPDATE courts SET ori = 'CA0010000', clets_submitting = true, go_live_date = '2026-03-01',
		contact_name = 'Registry desk', contact_phone = '510-555-0100' WHERE id = $1`, w.a)
	courts, err := w.svc.List(context.Background(), w.as["clerk-a"])
	if err != nil {
		t.Fatal(err)
	}
	if len(courts) != 3 {
		t.Fatalf("%d courts, want alpha, bravo and the statewide domain", len(courts))
	}
	c, err := w.svc.Get(context.Background(), w.as["admin-b"], w.a)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s %s %s %v %s %+v", c.Code, c.Kind, c.ORI, c.CLETSSubmitting, c.GoLiveDate, *c.Contact)
	if want := "alpha county CA0010000 true 2026-03-01 {Name:Registry desk Phone:510-555-0100 Email:}"; got != want {
		t.Errorf("court A is %q, want %q", got, want)
	}
}
