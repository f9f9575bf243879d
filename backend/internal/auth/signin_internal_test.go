package auth

import (
	"net/http"
	"testing"
)

func TestCookiesFollowThePublicURL(t *testing.T) {
	for _, tc := range []struct {
		public, base string
		name, path   string
		secure       bool
	}{
		{"https://ccpor.courts.example", "", CookieName, "/", true},
		{"https://courts.example/ccpor", "/ccpor", CookieName, "/", true}, // __Host- demands Path=/
		{"http://localhost:8080", "", CookieNamePlain, "/", false},
		{"http://127.0.0.1:8080/ccpor", "/ccpor", CookieNamePlain, "/ccpor", false},
		{"http://ccpor.test.internal:8080", "", CookieNamePlain, "/", true}, // plain http off localhost: no cookie at all
	} {
		s := NewSessions(nil, Options{PublicURL: tc.public})
		h := NewSignIn(nil, nil, s, SignInOptions{PublicURL: tc.public, BasePath: tc.base})
		c := h.cookie(s.cookie, "v", 0)
		if c.Name != tc.name || c.Path != tc.path || c.Secure != tc.secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Domain != "" {
			t.Errorf("%s: %+v", tc.public, c)
		}
		if (h.loginCookieName() == loginCookie) != (tc.name == CookieName) {
			t.Errorf("%s: login cookie %s", tc.public, h.loginCookieName())
		}
	}
}

func TestReturnPathsStayOnTheSite(t *testing.T) {
	for _, tc := range []struct{ base, in, want string }{
		{"", "/orders/7?tab=persons", "/orders/7?tab=persons"},
		{"", "", "/"},
		{"", "//evil.example/", "/"},
		{"", "/\\evil.example", "/"},
		{"", "https://evil.example/", "/"},
		{"", "javascript:alert(1)", "/"},
		{"", "/orders\r\nSet-Cookie: x=y", "/"},
		{"/ccpor", "/ccpor/orders/7", "/ccpor/orders/7"},
		{"/ccpor", "/ccpor", "/ccpor"},
		{"/ccpor", "/ccporx/evil", "/ccpor/"},
		{"/ccpor", "/other", "/ccpor/"},
	} {
		if got := safeReturn(tc.base, tc.in); got != tc.want {
			t.Errorf("safeReturn(%q, %q) = %q, want %q", tc.base, tc.in, got, tc.want)
		}
	}
}
