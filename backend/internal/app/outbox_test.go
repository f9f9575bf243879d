package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The development outbox (reset links, invitations) is shown to a client on this
// machine, not one a proxy forwards, and otherwise only to a signed-in platform
// administrator.
func TestDevelopmentOutboxOnlyForThisMachineOrPlatformAdministrators(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	statewide := r.f.Statewide(t)
	pat := r.f.User(t, "pat")
	r.f.Grant(t, pat, statewide, "platform_admin")
	_, patToken := r.f.Session(t, pat, statewide)
	_, annToken := r.f.Session(t, p.ann, p.bravo) // a court administrator
	for _, tc := range []struct {
		name, remote, forwarded, token string
		status                         int
	}{
		{"from another machine", "203.0.113.7:40000", "", "", http.StatusForbidden},
		{"through a proxy on this machine", "127.0.0.1:40000", "203.0.113.7", "", http.StatusForbidden},
		{"a court administrator from another machine", "203.0.113.7:40000", "", annToken, http.StatusForbidden},
		{"from this machine", "127.0.0.1:40000", "", "", http.StatusOK},
		{"from this machine, IPv6", "[::1]:40000", "", "", http.StatusOK},
		{"a platform administrator from another machine", "203.0.113.7:40000", "", patToken, http.StatusOK},
	} {
		req := httptest.NewRequest("GET", r.url+"/idp/dev/outbox", nil)
		req.RemoteAddr = tc.remote
		if tc.forwarded != "" {
			req.Header.Set("X-Forwarded-For", tc.forwarded)
		}
		if tc.token != "" {
			req.AddCookie(&http.Cookie{Name: "ccpor_session", Value: tc.token})
		}
		rec := httptest.NewRecorder()
		r.app.Handler.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.status)
		}
	}
}
