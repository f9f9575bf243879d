package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ccpor/ccpor/backend/internal/auth"
)

// accessToken is a machine client's access token as the issuer would sign it.
func (r *registry) accessToken(t *testing.T, client string, change func(jwt.MapClaims)) string {
	t.Helper()
	now := time.Now()
	c := jwt.MapClaims{"iss": r.idp.m.Issuer(), "aud": "ccpor-api", "sub": client, "client_id": client,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "jti": client + now.String()}
	if change != nil {
		change(c)
	}
	return r.idp.signed(t, c)
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func TestMachineClientsUseBearerTokens(t *testing.T) {
	t.Parallel()
	i := startIDP(t)
	r := startRegistry(t, i)
	r.f.Statewide(t)
	alpha := r.f.Court(t, "alpha", true)
	svc := r.f.ServiceAccount(t, i.m.Issuer(), "cms-alpha", alpha, "svc-cms-alpha", "clerk")
	c := &http.Client{Timeout: 10 * time.Second}
	good := r.accessToken(t, "cms-alpha", nil)

	if a := call(t, c, "GET", r.url+"/api/v1/courts", bearer(good), ""); a.status != 200 {
		t.Fatalf("courts with a good token: %d %s", a.status, a.body)
	}
	a := call(t, c, "GET", r.url+"/api/v1/me", bearer(good), "")
	if a.status != 200 || !strings.Contains(a.body, `"id":"`+svc+`"`) || !strings.Contains(a.body, `"activeCourt":{"id":"`+alpha) ||
		!strings.Contains(a.body, `"csrfToken":""`) {
		t.Errorf("me of a machine client: %d %s", a.status, a.body)
	}
	if got := r.audited(t, auth.ActionSignIn, "success"); len(got) != 1 {
		t.Errorf("a token used twice is one sign-in: %v", got)
	}
	// Scoped to the service account's roles: a clerk reads no audit log.
	if a := call(t, c, "GET", r.url+"/api/v1/audit-events", bearer(good), ""); a.status != 403 {
		t.Errorf("audit log with a clerk's token: %d", a.status)
	}
	// No cookie, so no CSRF token: bearer requests are exempt.
	if a := call(t, c, "POST", r.url+"/api/v1/me/keep-alive", bearer(good), ""); a.status != 200 {
		t.Errorf("a change with a bearer token: %d %s", a.status, a.body)
	}
	var kind string
	var expires time.Time
	r.scalar(t, &kind, "SELECT kind FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", good)
	r.scalar(t, &expires, "SELECT expires_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", good)
	if kind != "bearer" || expires.After(time.Now().Add(5*time.Minute+time.Second)) {
		t.Errorf("the token's session: %s until %v", kind, expires)
	}
	// The token as a cookie is no session.
	if status, _ := r.me(t, withCookie(t, r, good)); status != 401 {
		t.Errorf("an access token as the session cookie: %d", status)
	}

	for name, token := range map[string]string{
		"wrong audience": r.accessToken(t, "cms-alpha", func(c jwt.MapClaims) { c["aud"] = i.m.ClientID }),
		"expired": r.accessToken(t, "cms-alpha", func(c jwt.MapClaims) {
			c["exp"], c["iat"] = time.Now().Add(-time.Minute).Unix(), time.Now().Add(-time.Hour).Unix()
		}),
		"wrong issuer":   r.accessToken(t, "cms-alpha", func(c jwt.MapClaims) { c["iss"] = "http://127.0.0.1:1/oidc" }),
		"unknown client": r.accessToken(t, "cms-unknown", nil),
		"HS256":          i.hmacWith(t, jwt.MapClaims{"iss": i.m.Issuer(), "aud": "ccpor-api", "client_id": "cms-alpha", "exp": time.Now().Add(time.Minute).Unix()}),
		"alg none":       unsigned(t, jwt.MapClaims{"iss": i.m.Issuer(), "aud": "ccpor-api", "client_id": "cms-alpha", "exp": time.Now().Add(time.Minute).Unix()}),
		"unknown key":    i.unknownKey(t, jwt.MapClaims{"iss": i.m.Issuer(), "aud": "ccpor-api", "client_id": "cms-alpha", "exp": time.Now().Add(time.Minute).Unix()}),
		"not a JWT":      "opaque-token",
	} {
		if a := call(t, c, "GET", r.url+"/api/v1/courts", bearer(token), ""); a.status != 401 {
			t.Errorf("%s: %d %s", name, a.status, a.body)
		}
	}
	r.f.Exec(t, "UPDATE service_accounts SET disabled_at = now() WHERE client_id = 'cms-alpha'")
	if a := call(t, c, "GET", r.url+"/api/v1/courts", bearer(r.accessToken(t, "cms-alpha", nil)), ""); a.status != 401 {
		t.Errorf("a disabled service account's new token: %d", a.status)
	}
}

func TestMachineClientsAreRateLimited(t *testing.T) {
	t.Parallel()
	i := startIDP(t)
	r := startRegistry(t, i, "CCPOR_BEARER_RATE=1", "CCPOR_BEARER_BURST=2")
	alpha := r.f.Court(t, "alpha", true)
	r.f.ServiceAccount(t, i.m.Issuer(), "cms-alpha", alpha, "svc-cms-alpha", "clerk")
	r.f.ServiceAccount(t, i.m.Issuer(), "cms-other", alpha, "svc-cms-other", "clerk")
	c := &http.Client{Timeout: 10 * time.Second}
	token := r.accessToken(t, "cms-alpha", nil)
	var got []int
	for range 3 {
		got = append(got, call(t, c, "GET", r.url+"/api/v1/courts", bearer(token), "").status)
	}
	if got[0] != 200 || got[1] != 200 || got[2] != 429 {
		t.Errorf("three requests at once with a burst of 2: %v", got)
	}
	if a := call(t, c, "GET", r.url+"/api/v1/courts", bearer(r.accessToken(t, "cms-other", nil)), ""); a.status != 200 {
		t.Errorf("another client is not slowed by the first: %d", a.status)
	}
	r.clock.Advance(time.Second)
	if a := call(t, c, "GET", r.url+"/api/v1/courts", bearer(token), ""); a.status != 200 {
		t.Errorf("a second later: %d", a.status)
	}
}

func TestCSRFTokenIsDerived(t *testing.T) {
	t.Parallel()
	a, b := auth.CSRFToken("one session"), auth.CSRFToken("another session")
	if a == b || len(a) != 43 || !auth.CSRFValid("one session", a) || auth.CSRFValid("one session", b) || auth.CSRFValid("one session", "") {
		t.Errorf("csrf tokens %q %q", a, b)
	}
}
