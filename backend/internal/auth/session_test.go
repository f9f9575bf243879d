package auth_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/humatest"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestSessionCookieName(t *testing.T) {
	for url, want := range map[string]string{
		"https://ccpor.courts.ca.gov":      "__Host-ccpor_session",
		"https://example.org/ccpor":        "__Host-ccpor_session",
		"http://localhost:8080":            "ccpor_session",
		"HTTP://localhost:8080/ccpor":      "ccpor_session",
		"http://ccpor.test.internal:8080/": "ccpor_session",
	} {
		if got := auth.SessionCookie(url); got != want {
			t.Errorf("%s: %s, want %s", url, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	app := d.App(t, 2)
	s := auth.NewSessions(app, auth.Options{PublicURL: "http://localhost:8080"})

	a, b := f.Court(t, "alpha", true), f.Court(t, "bravo", true)
	clerk := f.User(t, "clerk-a")
	f.Grant(t, clerk, a, "clerk")
	f.Certify(t, clerk, a, time.Now().AddDate(0, 1, 0))
	pa, good := f.Session(t, clerk, a)
	_, elsewhere := f.Session(t, clerk, b) // no membership in B: signed in, acting nowhere
	_, expired := f.Session(t, clerk, a)
	sum := sha256.Sum256([]byte(expired))
	f.Exec(t, "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1", sum[:])

	c, err := s.Resolve(context.Background(), good)
	if err != nil {
		t.Fatal(err)
	}
	if c.UserID != clerk || c.CourtID != a || !c.CLETSCurrent || c.Principal.SessionHash != pa.SessionHash || c.Principal.CourtID != a {
		t.Errorf("caller %+v", c)
	}
	if c, err := s.Resolve(context.Background(), elsewhere); err != nil || c.UserID != clerk || c.CourtID != "" || c.Principal.CourtID != "" {
		t.Errorf("a session acting where the user holds no role: %+v %v", c, err)
	}
	for name, token := range map[string]string{"expired": expired, "unknown": strings.Repeat("ab", 32), "odd": "' OR true --"} {
		if _, err := s.Resolve(context.Background(), token); !errors.Is(err, apperr.ErrUnauthenticated) {
			t.Errorf("%s session: %v, want unauthenticated", name, err)
		}
	}
	// A session ended elsewhere (signed out, revoked) is refused at its next request.
	_, ended := f.Session(t, clerk, a)
	if _, err := s.Resolve(context.Background(), ended); err != nil {
		t.Fatal(err)
	}
	endedSum := sha256.Sum256([]byte(ended))
	f.Exec(t, "UPDATE sessions SET ended_at = now() WHERE token_hash = $1", endedSum[:])
	if _, err := s.Resolve(context.Background(), ended); !errors.Is(err, apperr.ErrUnauthenticated) {
		t.Errorf("an ended session: %v, want unauthenticated", err)
	}
	f.Exec(t, "UPDATE users SET disabled_at = now() WHERE id = $1", clerk)
	if _, err := s.Resolve(context.Background(), good); !errors.Is(err, apperr.ErrUnauthenticated) {
		t.Errorf("disabled user: %v, want unauthenticated", err)
	}
}

func TestAuthenticateReadsTheCookie(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	app := d.App(t, 2)
	a := f.Court(t, "alpha", true)
	u := f.User(t, "admin-a")
	f.Grant(t, u, a, "court_admin")
	_, token := f.Session(t, u, a)

	for _, tc := range []struct {
		public, cookie string
		want           string
	}{
		{"https://ccpor.example", "__Host-ccpor_session=" + token, u + " " + a},
		{"https://ccpor.example", "ccpor_session=" + token, "unauthenticated"},
		{"http://localhost:8080", "ccpor_session=" + token, u + " " + a},
		{"http://localhost:8080", "ccpor_session=" + strings.Repeat("x", 600), "unauthenticated"},
		{"http://localhost:8080", "", "unauthenticated"},
	} {
		s := auth.NewSessions(app, auth.Options{PublicURL: tc.public})
		_, api := humatest.New(t)
		var got string
		api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
			subject, rctx, err := s.Authenticate(ctx)
			switch {
			case errors.Is(err, apperr.ErrUnauthenticated):
				got = "unauthenticated"
			case err != nil:
				got = err.Error()
			default:
				c, _ := auth.CallerFrom(rctx)
				got = subject.UserID + " " + subject.CourtID
				if c.UserID != subject.UserID || c.Principal.CourtID != subject.CourtID || c.Principal.ClientAddr == "" {
					got += " (the caller differs)"
				}
			}
		})
		huma.Register(api, huma.Operation{OperationID: "who", Method: http.MethodGet, Path: "/who"},
			func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, nil })
		var headers []any
		if tc.cookie != "" {
			headers = append(headers, "Cookie: "+tc.cookie)
		}
		api.Get("/who", headers...)
		if got != tc.want {
			t.Errorf("%s with %.40q: %q, want %q", tc.public, tc.cookie, got, tc.want)
		}
	}
	if _, err := auth.CallerFrom(context.Background()); !errors.Is(err, apperr.ErrUnauthenticated) {
		t.Errorf("no caller: %v", err)
	}
}
