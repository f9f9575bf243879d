package auth_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/humatest"
	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// A tentative caller is who the session was when it last resolved here; the
// database confirms it, in the handler's round trip, only while the session is
// live, needs no activity written and is still that user in that court, and
// otherwise states no session, so the rest of the round trip sees nothing.
func TestTentativeCallerConfirmedByTheDatabase(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	app := d.App(t, 2)
	clk := clock.NewManual(time.Now())
	s := auth.NewSessions(app, auth.Options{PublicURL: "http://localhost:8080", Clock: clk, Idle: 30 * time.Minute})
	a, b := f.Court(t, "alpha", true), f.Court(t, "bravo", true)
	clerk := f.User(t, "clerk-a")
	f.Grant(t, clerk, a, "clerk")
	f.Grant(t, clerk, b, "clerk")

	_, api := humatest.New(t)
	type seen struct {
		who    authz.Subject
		caller auth.Caller
		ok     bool
	}
	var got seen
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		got = seen{}
		who, rctx, ok := s.Tentative(ctx)
		got.who, got.ok = who, ok
		if ok {
			got.caller, _ = auth.CallerFrom(rctx)
		}
	})
	huma.Register(api, huma.Operation{OperationID: "bytes", Method: http.MethodGet, Path: "/bytes"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, nil })
	huma.Register(api, huma.Operation{OperationID: "change", Method: http.MethodPost, Path: "/bytes"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, nil })
	tentative := func(method, token string) seen {
		t.Helper()
		api.Do(method, "/bytes", "Cookie: ccpor_session="+token)
		return got
	}
	// confirm runs the pending caller's statement and then reads who the
	// transaction states, in one round trip.
	confirm := func(c auth.Caller) (bool, *string) {
		t.Helper()
		var user *string
		var ok bool
		bt := &pgx.Batch{}
		c.Pending.Queue(bt)
		bt.Queue(`SELECT app_user_id()::text`)
		err := app.Batch(context.Background(), c.Principal, bt, func(br pgx.BatchResults) error {
			confirmed, yes, err := c.Pending.Read(br)
			if err != nil {
				return err
			}
			if yes && (confirmed.UserID != clerk || confirmed.CourtID != c.CourtID || confirmed.Pending != nil ||
				confirmed.Principal != c.Principal || confirmed.IdleExpiresAt.IsZero()) {
				t.Errorf("confirmed caller %+v", confirmed)
			}
			ok = yes
			return br.QueryRow().Scan(&user)
		})
		if err != nil {
			t.Fatal(err)
		}
		return ok, user
	}
	fresh := func(name string) (string, auth.Caller) {
		t.Helper()
		_, token := f.Session(t, clerk, a)
		if g := tentative("GET", token); g.ok {
			t.Errorf("%s: tentative before the session ever resolved here", name)
		}
		if _, err := s.Resolve(context.Background(), token); err != nil {
			t.Fatal(err)
		}
		g := tentative("GET", token)
		if !g.ok || g.who.UserID != clerk || g.who.CourtID != a || g.caller.Pending == nil || g.caller.Principal.CourtID != a {
			t.Fatalf("%s: tentative %+v", name, g)
		}
		return token, g.caller
	}

	token, c := fresh("live")
	if ok, user := confirm(c); !ok || user == nil || *user != clerk {
		t.Errorf("a live session: confirmed %v, stated user %v", ok, user)
	}
	if g := tentative("POST", token); g.ok {
		t.Error("a changing request taken tentatively")
	}
	if g := tentative("GET", "not-a-session"); g.ok {
		t.Error("an unknown token taken tentatively")
	}

	hashOf := func(token string) []byte { sum := sha256.Sum256([]byte(token)); return sum[:] }
	for _, tc := range []struct {
		name   string
		change func(token string)
	}{
		{"ended", func(token string) {
			f.Exec(t, "UPDATE sessions SET ended_at = now() WHERE token_hash = $1", hashOf(token))
		}},
		{"switched to another court", func(token string) {
			f.Exec(t, "UPDATE sessions SET active_court_id = $2 WHERE token_hash = $1", hashOf(token), b)
		}},
		{"due a touch", func(string) { clk.Advance(61 * time.Second) }},
		{"idle", func(string) { clk.Advance(30 * time.Minute) }},
		{"past its absolute expiry", func(token string) {
			f.Exec(t, "UPDATE sessions SET absolute_expires_at = $2 WHERE token_hash = $1", hashOf(token), clk.Now().Add(-time.Second))
		}},
	} {
		if tc.change == nil {
			continue
		}
		token, c := fresh(tc.name)
		tc.change(token)
		// The pending caller is judged now, as the request would be.
		if g := tentative("GET", token); g.ok {
			c = g.caller
		}
		if ok, user := confirm(c); ok || user != nil {
			t.Errorf("%s: confirmed %v, stated user %v", tc.name, ok, user)
		}
		clk.Set(time.Now())
	}

	// A session that no longer resolves is forgotten.
	token, _ = fresh("revoked")
	f.Exec(t, "UPDATE sessions SET ended_at = now() WHERE token_hash = $1", hashOf(token))
	if _, err := s.Resolve(context.Background(), token); err == nil {
		t.Fatal("an ended session resolved")
	}
	if g := tentative("GET", token); g.ok {
		t.Error("an ended session is still taken tentatively after it failed to resolve")
	}
}
