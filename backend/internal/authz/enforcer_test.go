package authz_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// world is two county courts, the statewide court and a user per role.
type world struct {
	d           *dbtest.DB
	f           *dbtest.Tenants
	a, b, state string
	users       map[string]string // name → user id
	members     map[string]string // name → membership id
}

func newWorld(t *testing.T) *world {
	t.Helper()
	d := dbtest.New(t)
	w := &world{d: d, f: dbtest.NewTenants(t, d), users: map[string]string{}, members: map[string]string{}}
	w.a, w.b, w.state = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true), w.f.Statewide(t)
	for _, g := range []struct {
		name, court string
		role        authz.Role
	}{
		{"platform", w.state, authz.PlatformAdmin},
		{"helpdesk-state", w.state, authz.Helpdesk},
		{"auditor-state", w.state, authz.Auditor},
		{"admin-a", w.a, authz.CourtAdmin},
		{"helpdesk-a", w.a, authz.Helpdesk},
		{"clerk-a", w.a, authz.Clerk},
		{"judge-a", w.a, authz.JudicialOfficer},
		{"sheriff-a", w.a, authz.Sheriff},
		{"auditor-a", w.a, authz.Auditor},
		// Memberships outside their role's scope count for nothing.
		{"clerk-state", w.state, authz.Clerk},
		{"admin-state", w.state, authz.CourtAdmin},
		{"platform-a", w.a, authz.PlatformAdmin},
	} {
		w.users[g.name] = w.f.User(t, g.name)
		w.members[g.name] = w.f.Grant(t, w.users[g.name], g.court, string(g.role))
	}
	return w
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func start(t testing.TB, url string, reload time.Duration) *authz.Enforcer {
	t.Helper()
	e, err := authz.New(authz.Options{URL: url, Reload: reload, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Stop)
	return e
}

// within polls cond until it holds or d has passed, and says how long it took.
func within(t *testing.T, d time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	begin := time.Now()
	for !cond() {
		if time.Since(begin) > d {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return time.Since(begin)
}

func TestRoleRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := start(t, w.d.AppURL, time.Hour)
	order := authz.OrderRead // a platform administrator reads no order content
	for _, tc := range []struct {
		who, court string
		p          authz.Permission
		want       bool
	}{
		// The statewide roles hold their permissions in every court domain.
		{"platform", w.a, authz.CourtMembersList, true},
		{"platform", w.b, authz.CourtMembersList, true},
		{"platform", w.state, authz.CourtMembersList, true},
		{"platform", w.b, authz.CourtList, true},
		{"helpdesk-state", w.b, authz.CourtMembersList, true},
		{"auditor-state", w.b, authz.CourtRead, true},
		{"auditor-state", w.a, authz.CourtMembersList, false},
		// A court role counts in its court only.
		{"admin-a", w.a, authz.CourtMembersList, true},
		{"admin-a", w.a, authz.CourtList, true},
		{"admin-a", w.b, authz.CourtMembersList, false},
		{"admin-a", w.b, authz.CourtList, false},
		{"admin-a", w.b, authz.CourtRead, false},
		{"admin-a", w.state, authz.CourtList, false},
		{"helpdesk-a", w.a, authz.CourtMembersList, true},
		{"helpdesk-a", w.b, authz.CourtMembersList, false},
		{"clerk-a", w.a, authz.CourtList, true},
		{"clerk-a", w.a, authz.CourtMembersList, false},
		{"judge-a", w.a, authz.CourtRead, true},
		{"sheriff-a", w.a, authz.CourtMembersList, false},
		{"auditor-a", w.a, authz.CourtRead, true},
		{"auditor-a", w.b, authz.CourtRead, false},
		// Memberships outside their role's scope count for nothing.
		{"clerk-state", w.a, authz.CourtList, false},
		{"clerk-state", w.state, authz.CourtList, false},
		{"admin-state", w.a, authz.CourtMembersList, false},
		{"platform-a", w.a, authz.CourtList, false},
		// Default deny.
		{"platform", w.a, order, false},
		{"platform", w.a, authz.Public, false},
		{"platform", w.a, authz.Permission{}, false},
		{"admin-a", "00000000-0000-0000-0000-000000000000", authz.CourtList, false},
		{"admin-a", "", authz.CourtList, false},
		{"nobody", w.a, authz.CourtList, false},
	} {
		t.Run(fmt.Sprintf("%s in %s %s", tc.who, map[string]string{w.a: "A", w.b: "B", w.state: "statewide"}[tc.court], tc.p), func(t *testing.T) {
			user := w.users[tc.who]
			if tc.who == "nobody" {
				user = "00000000-0000-0000-0000-000000000001"
			}
			if got := e.Allowed(user, tc.court, tc.p); got != tc.want {
				t.Errorf("Allowed = %v, want %v", got, tc.want)
			}
		})
	}
	if e.Allowed("", w.a, authz.CourtList) {
		t.Error("an empty user is allowed")
	}
}

func TestDisablingTheUserRevokesEverything(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := start(t, w.d.AppURL, time.Hour)
	u := w.users["platform"]
	if !e.Allowed(u, w.a, authz.CourtList) || !e.Allowed(u, w.b, authz.CourtMembersList) {
		t.Fatal("the platform administrator is not allowed to begin with")
	}
	w.f.Exec(t, "UPDATE users SET disabled_at = now() WHERE id = $1", u)
	within(t, time.Second, "disabled user denied", func() bool {
		return !e.Allowed(u, w.a, authz.CourtList) && !e.Allowed(u, w.b, authz.CourtMembersList) &&
			!e.Allowed(u, w.state, authz.CourtRead)
	})
	w.f.Exec(t, "UPDATE users SET disabled_at = NULL WHERE id = $1", u)
	within(t, time.Second, "re-enabled user allowed", func() bool { return e.Allowed(u, w.a, authz.CourtList) })
}

func TestARevocationArrivesByNotification(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := start(t, w.d.AppURL, time.Hour) // no periodic reload within the test
	u := w.users["admin-a"]
	w.f.Revoke(t, w.members["admin-a"])
	took := within(t, time.Second, "revoked court admin denied", func() bool { return !e.Allowed(u, w.a, authz.CourtMembersList) })
	t.Logf("revoked to denied in this process: %v", took)
	w.f.Grant(t, u, w.b, string(authz.CourtAdmin))
	within(t, time.Second, "new grant allowed", func() bool { return e.Allowed(u, w.b, authz.CourtMembersList) })
}

func TestThePeriodicReloadCatchesLostNotifications(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.f.Exec(t, "ALTER TABLE memberships DISABLE TRIGGER memberships_notify")
	e := start(t, w.d.AppURL, 150*time.Millisecond)
	u := w.users["helpdesk-a"]
	w.f.Revoke(t, w.members["helpdesk-a"])
	within(t, time.Second, "revocation without notification", func() bool { return !e.Allowed(u, w.a, authz.CourtMembersList) })
}

func TestTheListenerReconnects(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := start(t, w.d.AppURL, time.Hour)
	loads := e.Loads()
	w.f.Exec(t, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'ccpor-authz'`)
	// The reconnection reloads, since notifications were lost meanwhile.
	within(t, 3*time.Second, "reload after reconnecting", func() bool { return e.Loads() > loads })
	u := w.users["clerk-a"]
	w.f.Revoke(t, w.members["clerk-a"])
	within(t, time.Second, "revocation after reconnecting", func() bool { return !e.Allowed(u, w.a, authz.CourtList) })
}

// Many goroutines ask while the rules are swapped under them, by notifications
// and by a periodic reload every few milliseconds (go test -race).
func TestAllowedWhileTheRulesReload(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := start(t, w.d.AppURL, 3*time.Millisecond)
	steady, never, churn := w.users["platform"], w.users["clerk-a"], w.users["judge-a"]
	// Ask until the rules were swapped at least 10 times under the askers (bounded,
	// since a loaded machine reloads less often than an idle one).
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wrong, asked atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if !e.Allowed(steady, w.b, authz.CourtMembersList) || e.Allowed(never, w.a, authz.CourtMembersList) {
					wrong.Add(1)
				}
				e.Allowed(churn, w.a, authz.CourtRead) // changes under our feet
				asked.Add(3)
			}
		}()
	}
	loads := e.Loads()
	grants := 0
	for ctx.Err() == nil && (e.Loads()-loads < 10 || grants < 10) {
		id := w.f.Grant(t, churn, w.b, string(authz.Sheriff))
		w.f.Revoke(t, id)
		grants++
	}
	cancel()
	wg.Wait()
	if n := wrong.Load(); n != 0 {
		t.Errorf("%d wrong answers of %d", n, asked.Load())
	}
	if e.Loads()-loads < 10 {
		t.Errorf("only %d reloads happened", e.Loads()-loads)
	}
	t.Logf("%d answers, %d grant/revoke pairs, %d reloads", asked.Load(), grants, e.Loads()-loads)
}
