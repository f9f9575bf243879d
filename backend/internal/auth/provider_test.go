package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/auth"
)

// slowIssuer answers discovery only when release is closed, and counts the
// discoveries it was asked for.
type slowIssuer struct {
	srv         *httptest.Server
	started     chan struct{} // closed when the first discovery arrives
	release     chan struct{}
	discoveries atomic.Int32
}

func newSlowIssuer(t *testing.T) *slowIssuer {
	t.Helper()
	s := &slowIssuer{started: make(chan struct{}), release: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		if s.discoveries.Add(1) == 1 {
			close(s.started)
		}
		<-s.release
		u := s.srv.URL
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": u, "authorization_endpoint": u + "/authorize",
			"token_endpoint": u + "/token", "jwks_uri": u + "/jwks", "end_session_endpoint": u + "/logout",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	t.Cleanup(s.srv.Close)
	t.Cleanup(func() {
		select {
		case <-s.release:
		default:
			close(s.release)
		}
	})
	return s
}

// waitFor fails the test when done is not closed in a long while: a bound that only
// a blocked call reaches, never a measure of speed.
func waitFor(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: still blocked behind the running discovery", what)
	}
}

// While one request discovers the issuer (which may take its whole time-out), a
// request that gives up is not held behind it, a request cancelled mid-way does not
// spoil the discovery for those waiting, and the issuer is asked once.
func TestDiscoveryBlocksNoOneAndRunsOnce(t *testing.T) {
	t.Parallel()
	iss := newSlowIssuer(t)
	p := auth.NewProvider(auth.ProviderConfig{Issuer: iss.srv.URL, ClientID: "ccpor", RedirectURL: "http://localhost:8080/auth/callback"})

	// The first request starts the discovery, then its client hangs up.
	firstCtx, hangUp := context.WithCancel(context.Background())
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		_, _ = p.AuthCodeURL(firstCtx, "state", "nonce", "verifier")
	}()
	<-iss.started

	// A second request waits for the same discovery.
	var waited string
	var waitedErr error
	waitedDone := make(chan struct{})
	go func() {
		defer close(waitedDone)
		waited, waitedErr = p.AuthCodeURL(context.Background(), "state", "nonce", "verifier")
	}()

	// A third request whose client has gone answers at once, the discovery still running.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	goneDone := make(chan struct{})
	go func() {
		defer close(goneDone)
		if _, err := p.AuthCodeURL(gone, "state", "nonce", "verifier"); err == nil {
			t.Error("a cancelled request got an answer that needs the discovery still running")
		}
	}()
	waitFor(t, goneDone, "a cancelled request")

	hangUp()
	waitFor(t, firstDone, "the request that hung up")
	close(iss.release)
	waitFor(t, waitedDone, "the waiting request")
	if waitedErr != nil || !strings.HasPrefix(waited, iss.srv.URL+"/authorize?") {
		t.Errorf("the waiting request got %q, %v; want the issuer's authorization URL", waited, waitedErr)
	}
	if got := p.EndSessionURL(context.Background(), ""); !strings.HasPrefix(got, iss.srv.URL+"/logout?") {
		t.Errorf("end session URL %q", got)
	}
	if n := iss.discoveries.Load(); n != 1 {
		t.Errorf("the issuer was asked %d times, want once", n)
	}
}
