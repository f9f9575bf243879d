package users_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/users"
)

type world struct {
	d     *dbtest.DB
	svc   *users.Service
	f     *dbtest.Tenants
	admin *pgx.Conn
	a, b  string
	as    map[string]db.Principal
	users map[string]string
}

var la = clock.Pacific

func newWorld(t *testing.T) *world {
	t.Helper()
	d := dbtest.New(t)
	app := d.App(t, 2)
	w := &world{d: d, f: dbtest.NewTenants(t, d), admin: dbtest.Conn(t, d.AdminURL),
		as: map[string]db.Principal{}, users: map[string]string{}}
	w.svc = users.NewService(app, audit.NewLog(prometheus.NewRegistry()), users.Options{
		Mail: idp.Mail{Outbox: true}, PublicURL: "https://ccpor.example", Builtin: true})
	w.a, w.b = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true)
	state := w.f.Statewide(t)
	for _, g := range []struct{ name, court, role string }{
		{"admin-a", w.a, "court_admin"}, {"admin-a2", w.a, "court_admin"}, {"helpdesk-a", w.a, "helpdesk"},
		{"clerk-a", w.a, "clerk"}, {"admin-b", w.b, "court_admin"}, {"platform", state, "platform_admin"},
		{"helpdesk-state", state, "helpdesk"},
	} {
		w.users[g.name] = w.f.User(t, g.name)
		w.f.Grant(t, w.users[g.name], g.court, g.role)
		w.as[g.name], _ = w.f.Session(t, w.users[g.name], g.court)
	}
	return w
}

func (w *world) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := w.admin.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func (w *world) list(t *testing.T) string {
	t.Helper()
	us, err := w.svc.List(context.Background(), w.as["admin-a"], w.a)
	if err != nil {
		t.Fatal(err)
	}
	s := ""
	for _, u := range us {
		s += fmt.Sprintf("%s%v", u.Username, u.Roles)
		if u.Removed {
			s += "(removed)"
		}
		if u.CLETSCertifiedUntil != "" {
			s += "clets:" + u.CLETSCertifiedUntil
		}
		s += ";"
	}
	return s
}

func refusal(t *testing.T, err error, status int, words string) {
	t.Helper()
	var se huma.StatusError
	if !errors.As(err, &se) || se.GetStatus() != status || !strings.Contains(se.Error(), words) {
		t.Fatalf("got %v; want %d saying %q", err, status, words)
	}
}

func TestACourtAdminInvitesAUserAndTheLinkIsMailed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	until := time.Now().In(la).AddDate(1, 0, 0).Format(time.DateOnly)
	id, err := w.svc.Invite(context.Background(), w.as["admin-a"], w.a, users.Invitation{Username: "new.clerk",
		DisplayName: "Nora Clerk", Email: "nora@courts.example", Roles: []string{"clerk", "sheriff"}, CLETSCertifiedUntil: until})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.list(t); !strings.Contains(got, "new.clerk[clerk sheriff]clets:"+until+";") {
		t.Errorf("list: %s", got)
	}
	var to, body string
	if err := w.admin.QueryRow(context.Background(), "SELECT recipient, body FROM mail_outbox WHERE subject = 'CCPOR: your invitation'").
		Scan(&to, &body); err != nil {
		t.Fatal(err)
	}
	if to != "nora@courts.example" || !strings.Contains(body, "https://ccpor.example/idp/enrol?invitation=") || !strings.Contains(body, "new.clerk") {
		t.Errorf("mail to %s: %s", to, body)
	}
	if n := w.count(t, "SELECT count(*) FROM invitations WHERE user_id = $1 AND created_by = $2 AND used_at IS NULL", id, w.users["admin-a"]); n != 1 {
		t.Errorf("%d invitations", n)
	}
	if n := w.count(t, "SELECT count(*) FROM audit_events WHERE action = 'court.users.invite' AND outcome = 'success' AND user_id = $1", w.users["admin-a"]); n != 1 {
		t.Errorf("%d audit events of the invitation", n)
	}
}

func TestBadInvitationsNameTheFieldAndChangeNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := users.Invitation{Username: "ok.user", DisplayName: "Ok", Email: "ok@courts.example", Roles: []string{"clerk"}}
	for _, tc := range []struct {
		field string
		edit  func(*users.Invitation)
	}{
		{"body.username", func(i *users.Invitation) { i.Username = "No Spaces" }},
		{"body.username", func(i *users.Invitation) { i.Username = "clerk-a" }}, // taken
		{"body.displayName", func(i *users.Invitation) { i.DisplayName = " " }},
		{"body.email", func(i *users.Invitation) { i.Email = "not-an-address" }},
		{"body.email", func(i *users.Invitation) { i.Email = "Eve <eve@x.example>" }},
		{"body.roles", func(i *users.Invitation) { i.Roles = nil }},
		{"body.cletsCertifiedUntil", func(i *users.Invitation) { i.CLETSCertifiedUntil = "2020-01-01" }},
		{"body.cletsCertifiedUntil", func(i *users.Invitation) { i.CLETSCertifiedUntil = "next week" }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			in := good
			tc.edit(&in)
			_, err := w.svc.Invite(context.Background(), w.as["admin-a"], w.a, in)
			var v *apperr.ValidationError
			if !errors.As(err, &v) || v.Fields[0].Field != tc.field {
				t.Fatalf("got %v; want a problem with %s", err, tc.field)
			}
		})
	}
	if n := w.count(t, "SELECT count(*) FROM users WHERE username = 'ok.user'"); n != 0 {
		t.Errorf("a refused invitation left %d users", n)
	}
	if n := w.count(t, "SELECT count(*) FROM mail_outbox"); n != 0 {
		t.Errorf("a refused invitation sent %d mails", n)
	}
	if n := w.count(t, "SELECT count(*) FROM audit_events WHERE action = 'court.users.invite' AND outcome = 'invalid'"); n != 8 {
		t.Errorf("%d refusals audited, want 8", n)
	}
}

// Each forbidden act is refused with a clear message, changes nothing and is audited.
func TestForbiddenActsAreRefusedAndAudited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	until := time.Now().In(la).AddDate(0, 6, 0).Format(time.DateOnly)
	for _, tc := range []struct {
		name   string
		action string
		status int
		words  string
		act    func() error
	}{
		{"self-grant", "court.users.roles", 403, "your own roles", func() error {
			return w.svc.SetRoles(ctx, w.as["admin-a"], w.a, w.users["admin-a"], []string{"clerk"})
		}},
		{"self-certification", "court.users.certify", 403, "your own CLETS certification", func() error {
			return w.svc.Certify(ctx, w.as["admin-a"], w.a, w.users["admin-a"], until)
		}},
		{"granting court_admin", "court.users.roles", 403, "granted by a platform administrator", func() error {
			return w.svc.SetRoles(ctx, w.as["admin-a"], w.a, w.users["clerk-a"], []string{"clerk", "court_admin"})
		}},
		{"inviting a court_admin", "court.users.invite", 403, "granted by a platform administrator", func() error {
			_, err := w.svc.Invite(ctx, w.as["admin-a"], w.a, users.Invitation{Username: "boss", DisplayName: "Boss",
				Email: "boss@courts.example", Roles: []string{"court_admin"}})
			return err
		}},
		{"granting platform_admin", "court.users.roles", 403, "granted by a platform administrator", func() error {
			return w.svc.SetRoles(ctx, w.as["admin-a"], w.a, w.users["clerk-a"], []string{"platform_admin"})
		}},
		{"another court's admin", "court.users.roles", 403, "Only an administrator of this court", func() error {
			return w.svc.SetRoles(ctx, w.as["admin-b"], w.a, w.users["clerk-a"], []string{"judicial_officer"})
		}},
		{"a court help desk", "court.users.remove", 403, "Only an administrator of this court", func() error {
			return w.svc.Remove(ctx, w.as["helpdesk-a"], w.a, w.users["clerk-a"])
		}},
		{"removing a fellow court admin", "court.users.remove", 403, "removed from the court by a platform administrator", func() error {
			return w.svc.Remove(ctx, w.as["admin-a"], w.a, w.users["admin-a2"])
		}},
		{"a court help desk disabling", "user.account.disable", 403, "Only the statewide help desk and platform administrators", func() error {
			return w.svc.SetDisabled(ctx, w.as["helpdesk-a"], w.users["clerk-a"], true)
		}},
		{"a court admin disabling", "user.account.disable", 403, "Only the statewide help desk and platform administrators", func() error {
			return w.svc.SetDisabled(ctx, w.as["admin-a"], w.users["clerk-a"], true)
		}},
		{"disabling oneself", "user.account.disable", 403, "your own account", func() error {
			return w.svc.SetDisabled(ctx, w.as["helpdesk-state"], w.users["helpdesk-state"], true)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			denials := func() int {
				return w.count(t, "SELECT count(*) FROM audit_events WHERE action = $1 AND outcome = 'denied' AND reason LIKE '%' || $2 || '%'",
					tc.action, tc.words)
			}
			before, audited := w.list(t), denials()
			refusal(t, tc.act(), tc.status, tc.words)
			if after := w.list(t); after != before {
				t.Errorf("changed: %s -> %s", before, after)
			}
			if n := denials() - audited; n != 1 {
				t.Errorf("%d denials audited", n)
			}
		})
	}
	if n := w.count(t, "SELECT count(*) FROM users WHERE disabled_at IS NOT NULL"); n != 0 {
		t.Errorf("%d accounts disabled by refused acts", n)
	}
}

func TestRolesCertificationRemovalAndRestore(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	clerk := w.users["clerk-a"]
	w.f.Grant(t, clerk, w.b, "clerk") // a member of another court too
	until := time.Now().In(la).AddDate(0, 3, 0).Format(time.DateOnly)
	if err := w.svc.SetRoles(ctx, w.as["admin-a"], w.a, clerk, []string{"judicial_officer", "sheriff"}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Certify(ctx, w.as["admin-a"], w.a, clerk, until); err != nil {
		t.Fatal(err)
	}
	if got := w.list(t); !strings.Contains(got, "clerk-a[judicial_officer sheriff]clets:"+until+";") {
		t.Errorf("after roles and certification: %s", got)
	}
	if err := w.svc.Remove(ctx, w.as["admin-a"], w.a, clerk); err != nil {
		t.Fatal(err)
	}
	if got := w.list(t); !strings.Contains(got, "clerk-a[judicial_officer sheriff](removed)") {
		t.Errorf("after removal: %s", got)
	}
	// Only that membership ended: the account and the other court stay.
	if n := w.count(t, "SELECT count(*) FROM memberships WHERE user_id = $1 AND revoked_at IS NULL AND court_id = $2", clerk, w.b); n != 1 {
		t.Error("the membership of the other court ended too")
	}
	if n := w.count(t, "SELECT count(*) FROM users WHERE id = $1 AND disabled_at IS NULL", clerk); n != 1 {
		t.Error("the account was disabled")
	}
	if err := w.svc.SetRoles(ctx, w.as["admin-a"], w.a, clerk, []string{"clerk"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("roles of a removed user: %v, want not found", err)
	}
	if err := w.svc.Restore(ctx, w.as["admin-a"], w.a, clerk); err != nil {
		t.Fatal(err)
	}
	if got := w.list(t); !strings.Contains(got, "clerk-a[judicial_officer sheriff]clets:") || strings.Contains(got, "removed") {
		t.Errorf("after restore: %s", got)
	}
	if err := w.svc.Restore(ctx, w.as["admin-a"], w.a, clerk); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("restoring a member: %v, want a conflict", err)
	}
	for _, a := range []string{"court.users.roles", "court.users.certify", "court.users.remove", "court.users.restore"} {
		if n := w.count(t, "SELECT count(*) FROM audit_events WHERE action = $1 AND outcome = 'success' AND object_id = $2", a, clerk); n != 1 {
			t.Errorf("%s: %d audit events", a, n)
		}
	}
}

func TestTheStatewideHelpDeskDisablesAndEnablesAccounts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	clerk := w.users["clerk-a"]
	if err := w.svc.SetDisabled(ctx, w.as["helpdesk-state"], clerk, true); err != nil {
		t.Fatal(err)
	}
	if n := w.count(t, "SELECT count(*) FROM sessions WHERE user_id = $1 AND ended_at IS NULL", clerk); n != 0 {
		t.Errorf("%d sessions of the disabled account live", n)
	}
	if err := w.svc.SetDisabled(ctx, w.as["platform"], clerk, false); err != nil {
		t.Fatal(err)
	}
	if n := w.count(t, "SELECT count(*) FROM users WHERE id = $1 AND disabled_at IS NULL AND enabled_at IS NOT NULL", clerk); n != 1 {
		t.Error("not enabled again")
	}
	if n := w.count(t, "SELECT count(*) FROM mail_outbox WHERE recipient = 'clerk-a@courts.example' OR subject LIKE 'CCPOR: your account was %'"); n != 2 {
		t.Errorf("%d mails to the user, want 2", n)
	}
	if err := w.svc.SetDisabled(ctx, w.as["platform"], "7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71", true); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestInactiveAccountsAreDisabledAfter90Days(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	worker, err := db.OpenPool(ctx, w.d.WorkerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Close)
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	// Everyone was last active at start; the clerk signed in 10 days later.
	w.f.Exec(t, "UPDATE users SET created_at = $1", start)
	w.f.Exec(t, "UPDATE sessions SET created_at = $1, last_seen_at = $1", start)
	w.f.Exec(t, "UPDATE sessions SET last_seen_at = $1 WHERE user_id = $2", start.Add(10*24*time.Hour), w.users["clerk-a"])
	m := idp.Mail{Outbox: true}

	clk.Set(start.Add(89 * 24 * time.Hour))
	got, err := users.DisableInactive(ctx, worker, m, clk.Now())
	if err != nil || len(got) != 0 {
		t.Fatalf("at 89 days: disabled %v (%v), want nobody", got, err)
	}
	clk.Advance(24 * time.Hour) // 90 days
	got, err = users.DisableInactive(ctx, worker, m, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range got {
		names = append(names, d.Username)
	}
	if want := "admin-a admin-a2 admin-b helpdesk-a helpdesk-state platform"; strings.Join(names, " ") != want {
		t.Errorf("disabled %v, want %s (the clerk was active later)", names, want)
	}
	if n := w.count(t, "SELECT count(*) FROM users WHERE disabled_at IS NULL"); n != 1 {
		t.Errorf("%d accounts still enabled, want the clerk only", n)
	}
	// The user and its court's admins are told.
	if n := w.count(t, "SELECT count(*) FROM mail_outbox WHERE recipient = 'helpdesk-a@courts.example' AND subject LIKE '%disabled for inactivity'"); n != 1 {
		t.Errorf("the user got %d mails", n)
	}
	if n := w.count(t, "SELECT count(*) FROM mail_outbox WHERE recipient = 'admin-a@courts.example' AND subject = 'CCPOR: helpdesk-a was disabled for inactivity'"); n != 1 {
		t.Errorf("the court admin got %d mails about the help desk", n)
	}
	if n := w.count(t, "SELECT count(*) FROM audit_events WHERE action = 'user.account.disable' AND actor = 'inactivity job' AND object_id = $1 AND court_id = $2",
		w.users["helpdesk-a"], w.a); n != 1 {
		t.Errorf("%d audit events in the court's chain", n)
	}
	// The clerk goes 90 days after its last activity.
	clk.Set(start.Add(100 * 24 * time.Hour).Add(-time.Minute))
	if got, _ := users.DisableInactive(ctx, worker, m, clk.Now()); len(got) != 0 {
		t.Errorf("the clerk was disabled a minute early: %v", got)
	}
	clk.Advance(time.Minute)
	if got, _ := users.DisableInactive(ctx, worker, m, clk.Now()); len(got) != 1 || got[0].Username != "clerk-a" || len(got[0].Told) != 1 {
		t.Errorf("at the clerk's 90th day: %+v", got)
	}
}
