package app_test

import (
	"net/http"
	"testing"
)

// Every answer to a signed-in caller, /me with its CSRF token among them, tells
// browsers and proxies to store nothing; so do the refusals.
func TestAuthenticatedAnswersAreNotStored(t *testing.T) {
	t.Parallel()
	i := startIDP(t)
	r := startRegistry(t, i)
	p := seedPeople(t, r)
	c := linked(t, r, p, "ann-at-idp")
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/me", http.StatusOK},
		{"/api/v1/courts", http.StatusOK},
		{"/api/v1/courts/" + p.alpha, http.StatusOK},
		{"/api/v1/courts/" + p.bravo + "/members", http.StatusOK},
		{"/api/v1/courts/" + p.alpha + "/members", http.StatusNotFound}, // ann is no court administrator there
	} {
		a := call(t, c, "GET", r.url+tc.path, nil, "")
		if a.status != tc.status {
			t.Errorf("GET %s: %d, want %d: %s", tc.path, a.status, tc.status, a.body)
		}
		if got := a.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-store", tc.path, a.status, got)
		}
	}
}
