package auth_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// A sign-out whose client hangs up (the request's context cancelled) still ends the
// session and records the sign-out: the session must not stay open.
func TestSignOutOfACancelledRequestEndsTheSession(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	app := d.App(t, 2)
	log := audit.NewLog(prometheus.NewRegistry())
	record := func(ctx context.Context, tx *gorm.DB, e auth.Event) error {
		return log.Record(ctx, tx, audit.Event{Action: audit.Action(e.Action), Outcome: audit.Outcome(e.Outcome), Reason: e.Reason})
	}
	const public = "http://localhost:8080"
	s := auth.NewSessions(app, auth.Options{PublicURL: public, Record: record})
	h := auth.NewSignIn(app, nil, s, auth.SignInOptions{PublicURL: public})
	r := chi.NewRouter()
	h.Routes(r)

	a := f.Court(t, "alpha", true)
	clerk := f.User(t, "clerk-a")
	f.Grant(t, clerk, a, "clerk")
	_, token := f.Session(t, clerk, a)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/auth/logout", nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie(public), Value: token})
	req.Header.Set(auth.CSRFHeader, auth.CSRFToken(token))
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("sign-out answered %d: %s", w.Code, w.Body)
	}

	conn := dbtest.Conn(t, d.AdminURL)
	sum := sha256.Sum256([]byte(token))
	var ended bool
	if err := conn.QueryRow(context.Background(), "SELECT ended_at IS NOT NULL FROM sessions WHERE token_hash = $1", sum[:]).Scan(&ended); err != nil {
		t.Fatal(err)
	}
	if !ended {
		t.Error("the session is still open after a sign-out whose request was cancelled")
	}
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM audit_events WHERE action = $1", auth.ActionSignOut).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d sign-out events recorded, want 1", n)
	}
}
