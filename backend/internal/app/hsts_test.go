package app_test

import (
	"strings"
	"testing"
)

// HSTS whenever users reach the service over https, whatever the environment;
// never on plain http (a browser would then refuse the development server).
func TestHSTSFollowsThePublicURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		public string
		want   bool
	}{{"https://ccpor.courts.example", true}, {"http://localhost:8080", false}} {
		s := server(t, "CCPOR_PUBLIC_URL="+tc.public)
		for _, path := range []string{"/healthz", "/api/v1/system", "/", "/auth/login"} {
			r := do(t, "GET", s.URL+path, "", "")
			got := r.header.Get("Strict-Transport-Security")
			if (got != "") != tc.want || (tc.want && !strings.Contains(got, "max-age=")) {
				t.Errorf("%s %s: Strict-Transport-Security %q", tc.public, path, got)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("%s %s: security headers missing: %v", tc.public, path, r.header)
			}
		}
	}
}
