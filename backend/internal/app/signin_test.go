package app_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/ccpor/ccpor/backend/internal/auth"
)

// people are the accounts of the sign-in tests: ann is a clerk of alpha and a
// court administrator of bravo.
type people struct {
	alpha, bravo, ann string
}

func seedPeople(t *testing.T, r *registry) people {
	t.Helper()
	r.f.Statewide(t) // the audit chain of events without a court
	p := people{alpha: r.f.Court(t, "alpha", true), bravo: r.f.Court(t, "bravo", true), ann: r.f.User(t, "ann")}
	r.f.Grant(t, p.ann, p.alpha, "clerk")
	r.f.Exec(t, "UPDATE memberships SET granted_at = now() - interval '1 day' WHERE user_id = $1", p.ann)
	r.f.Grant(t, p.ann, p.bravo, "court_admin")
	return p
}

// as queues the provider's next user.
func (r *registry) as(subject string) {
	r.idp.m.QueueUser(&mockoidc.MockUser{Subject: subject, Email: subject + "@idp.example", PreferredUsername: subject})
}

// linked signs ann in once with an invitation (linking subject to her) and
// returns the browser.
func linked(t *testing.T, r *registry, p people, subject string) *http.Client {
	t.Helper()
	r.as(subject)
	c := browser(t, nil)
	if a := r.signIn(t, c, "?invitation="+r.f.Invitation(t, p.ann, time.Hour)); a.status != http.StatusSeeOther {
		t.Fatalf("sign-in with an invitation: %d %s", a.status, a.body)
	}
	return c
}

func TestSignInEndToEnd(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	p := seedPeople(t, r)

	r.as("ann-at-idp")
	c := browser(t, nil)
	a := r.signIn(t, c, "?invitation="+r.f.Invitation(t, p.ann, time.Hour)+"&return="+url.QueryEscape("/orders/7?tab=persons"))
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "/orders/7?tab=persons" {
		t.Fatalf("callback: %d to %q: %s", a.status, a.header.Get("Location"), a.body)
	}
	set := strings.Join(a.header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"ccpor_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie lacks %s: %s", want, set)
		}
	}
	status, me := r.me(t, c)
	if status != 200 || me.User.ID != p.ann || len(me.Courts) != 2 || me.ActiveCourt == nil || me.ActiveCourt.ID != p.alpha ||
		me.CSRFToken == "" || me.Session.IdleTimeoutSeconds != 1800 {
		t.Fatalf("me: %d %+v", status, me)
	}
	first := r.sessionCookie(t, c)
	if len(first) < 43 {
		t.Errorf("session token %q is shorter than 256 bits", first)
	}
	var stored int
	r.scalar(t, &stored, "SELECT count(*) FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8')) AND user_id = $2", first, p.ann)
	if stored != 1 {
		t.Errorf("the session is not stored by the hash of its token")
	}

	// Linked now: the next sign-in needs no invitation, and gets a new session id.
	r.as("ann-at-idp")
	if a := r.signIn(t, c, ""); a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
		t.Fatalf("second sign-in: %d %q %s", a.status, a.header.Get("Location"), a.body)
	}
	if second := r.sessionCookie(t, c); second == first || second == "" {
		t.Errorf("the session id did not change at sign-in")
	}
	if status, _ := r.me(t, withCookie(t, r, first)); status != 401 {
		t.Errorf("the previous session still works after a new sign-in: %d", status)
	}
	if got := r.audited(t, auth.ActionSignIn, "success"); len(got) != 2 {
		t.Errorf("sign-ins audited: %v", got)
	}
	if got := r.audited(t, auth.ActionSessionEnd, "success"); len(got) != 1 || got[0] != "new_sign_in" {
		t.Errorf("the replaced session's end audited: %v", got)
	}
}

// withCookie returns a browser presenting token as the session cookie.
func withCookie(t *testing.T, r *registry, token string) *http.Client {
	t.Helper()
	c := browser(t, nil)
	u, _ := url.Parse(r.url)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: auth.CookieNamePlain, Value: token, Path: "/"}})
	return c
}

func TestSignInRefusals(t *testing.T) {
	t.Parallel()
	i := startIDP(t)
	r := startRegistry(t, i)
	p := seedPeople(t, r)
	linked(t, r, p, "ann-at-idp")
	used := r.f.Invitation(t, p.ann, time.Hour)
	r.as("someone-else")
	if a := r.signIn(t, browser(t, nil), "?invitation="+used); a.status != http.StatusForbidden {
		t.Fatalf("a second identity for ann at the same issuer: %d %s", a.status, a.body)
	}
	expired := r.f.Invitation(t, p.ann, time.Hour)
	r.f.Exec(t, "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(convert_to($1, 'UTF8'))", expired)

	for _, tc := range []struct {
		name    string
		subject string
		query   string
		forge   func(*testing.T, jwt.MapClaims) string
		tamper  func(*http.Request)
		status  int
		reason  string
	}{
		{"wrong audience", "ann-at-idp", "", i.withClaims(func(c jwt.MapClaims) { c["aud"] = []string{"another-client"} }), nil, 401, "audience"},
		{"wrong nonce", "ann-at-idp", "", i.withClaims(func(c jwt.MapClaims) { c["nonce"] = "not-the-one-we-sent" }), nil, 401, "nonce_mismatch"},
		{"expired token", "ann-at-idp", "", i.withClaims(func(c jwt.MapClaims) {
			c["exp"] = time.Now().Add(-10 * time.Minute).Unix()
			c["iat"] = time.Now().Add(-20 * time.Minute).Unix()
		}), nil, 401, "expired"},
		{"wrong issuer", "ann-at-idp", "", i.withClaims(func(c jwt.MapClaims) { c["iss"] = "http://127.0.0.1:1/oidc" }), nil, 401, "different provider"},
		{"alg none", "ann-at-idp", "", unsigned, nil, 401, "malformed jwt"},
		{"HS256 keyed with the client secret", "ann-at-idp", "", i.hmacWith, nil, 401, "malformed jwt"},
		{"a key the provider does not publish", "ann-at-idp", "", i.unknownKey, nil, 401, "failed to verify signature"},
		{"wrong state", "ann-at-idp", "", nil, func(req *http.Request) {
			if req.URL.Path == "/auth/callback" {
				q := req.URL.Query()
				q.Set("state", "forged-state-forged-state-forged-state-0")
				req.URL.RawQuery = q.Encode()
			}
		}, 400, "state_mismatch"},
		{"unknown identity without invitation", "stranger", "", nil, nil, 403, "unknown_identity"},
		{"used invitation", "stranger", "?invitation=" + used, nil, nil, 403, "invitation_invalid"},
		{"expired invitation", "stranger", "?invitation=" + expired, nil, nil, 403, "invitation_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(r.audited(t, auth.ActionSignIn, "denied"))
			i.setForge(tc.forge)
			defer i.setForge(nil)
			r.as(tc.subject)
			c := browser(t, tc.tamper)
			a := r.signIn(t, c, tc.query)
			if a.status != tc.status || a.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("callback: %d %s %s", a.status, a.header.Get("Content-Type"), a.body)
			}
			if r.sessionCookie(t, c) != "" {
				t.Error("a refused sign-in left a session cookie")
			}
			if status, _ := r.me(t, c); status != 401 {
				t.Errorf("me after a refused sign-in: %d", status)
			}
			got := r.audited(t, auth.ActionSignIn, "denied")
			if len(got) != before+1 || !strings.Contains(got[len(got)-1], tc.reason) {
				t.Errorf("audited refusals %v; want one more naming %q", got[before:], tc.reason)
			}
		})
	}
	// The refusals linked nobody: the stranger has no identity.
	var n int
	r.scalar(t, &n, "SELECT count(*) FROM identities WHERE subject = 'stranger'")
	if n != 0 {
		t.Errorf("the stranger was linked")
	}
}

func TestSecondFactorRequired(t *testing.T) {
	t.Parallel()
	i := startIDP(t)
	r := startRegistry(t, i, "CCPOR_OIDC_REQUIRE_SECOND_FACTOR=true")
	p := seedPeople(t, r)
	r.as("ann-at-idp")
	c := browser(t, nil)
	if a := r.signIn(t, c, "?invitation="+r.f.Invitation(t, p.ann, time.Hour)); a.status != 401 {
		t.Fatalf("a password-only sign-in: %d %s", a.status, a.body)
	}
	if got := r.audited(t, auth.ActionSignIn, "denied"); len(got) != 1 || got[0] != "second_factor_missing" {
		t.Errorf("refusal audited as %v", got)
	}
	i.setForge(i.withClaims(func(c jwt.MapClaims) { c["amr"] = []string{"pwd", "otp"} }))
	r.as("ann-at-idp")
	if a := r.signIn(t, c, "?invitation="+r.f.Invitation(t, p.ann, time.Hour)); a.status != http.StatusSeeOther {
		t.Fatalf("a sign-in with a one-time code: %d %s", a.status, a.body)
	}
	if status, _ := r.me(t, c); status != 200 {
		t.Errorf("me: %d", status)
	}
}

func TestSessionsHoldOnlyHashesAndTimeOut(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t), "CCPOR_SESSION_ABSOLUTE_TIMEOUT=1h")
	p := seedPeople(t, r)
	c := linked(t, r, p, "ann-at-idp")

	var stored string
	r.scalar(t, &stored, "SELECT encode(token_hash, 'hex') FROM sessions WHERE user_id = $1 AND ended_at IS NULL", p.ann)
	if status, _ := r.me(t, withCookie(t, r, stored)); status != 401 {
		t.Errorf("the stored hash works as a session id: %d", status)
	}

	r.clock.Advance(29 * time.Minute)
	if status, _ := r.me(t, c); status != 200 {
		t.Fatalf("used after 29 minutes: %d", status)
	}
	r.clock.Advance(20 * time.Minute)
	if a := call(t, c, "POST", r.url+"/api/v1/me/keep-alive", map[string]string{auth.CSRFHeader: auth.CSRFToken(r.sessionCookie(t, c))}, ""); a.status != 200 {
		t.Fatalf("keep-alive: %d %s", a.status, a.body)
	}
	r.clock.Advance(12 * time.Minute) // 61 minutes after sign-in: past the absolute timeout
	if status, _ := r.me(t, c); status != 401 {
		t.Errorf("used past the absolute timeout: %d", status)
	}

	r.idp.m.FastForward(61 * time.Minute) // the provider's clock keeps up with the registry's
	c = linked(t, r, p, "ann-at-idp")
	r.clock.Advance(30*time.Minute + time.Second)
	if status, _ := r.me(t, c); status != 401 {
		t.Errorf("idle 30 min 1 s: %d", status)
	}
	var live int
	r.scalar(t, &live, "SELECT count(*) FROM sessions WHERE user_id = $1 AND ended_at IS NULL", p.ann)
	if live != 0 {
		t.Errorf("%d sessions still live in the database", live)
	}
	if got := r.audited(t, auth.ActionSessionEnd, "success"); len(got) != 2 || got[0] != "absolute_timeout" || got[1] != "idle_timeout" {
		t.Errorf("session ends audited: %v", got)
	}
}

func TestDisablingTheAccountEndsItsSessions(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	p := seedPeople(t, r)
	c := linked(t, r, p, "ann-at-idp")
	other := linked(t, r, p, "ann-at-idp")
	r.f.Exec(t, "UPDATE users SET disabled_at = now() WHERE id = $1", p.ann)
	var live int
	r.scalar(t, &live, "SELECT count(*) FROM sessions WHERE user_id = $1 AND ended_at IS NULL", p.ann)
	if live != 0 {
		t.Errorf("%d sessions outlive the account", live)
	}
	for _, b := range []*http.Client{c, other} {
		if status, _ := r.me(t, b); status != 401 {
			t.Errorf("me of a disabled account: %d", status)
		}
	}
	r.as("ann-at-idp")
	if a := r.signIn(t, browser(t, nil), ""); a.status != 403 {
		t.Errorf("a disabled account signs in: %d %s", a.status, a.body)
	}
}

func TestChangesNeedTheCSRFToken(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	p := seedPeople(t, r)
	c := linked(t, r, p, "ann-at-idp")
	token := r.sessionCookie(t, c)
	body := `{"courtId":"` + p.bravo + `"}`
	activeCourt := func() string {
		var court string
		r.scalar(t, &court, "SELECT active_court_id::text FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", token)
		return court
	}
	var lastSeen time.Time
	r.scalar(t, &lastSeen, "SELECT last_seen_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", token)
	for name, header := range map[string]map[string]string{
		"no header":   nil,
		"wrong token": {auth.CSRFHeader: auth.CSRFToken("another session")},
		"the cookie":  {auth.CSRFHeader: token},
	} {
		for _, req := range []struct{ method, path, body string }{
			{"PUT", "/api/v1/me/active-court", body}, {"POST", "/api/v1/me/keep-alive", ""}, {"POST", "/auth/logout", ""},
		} {
			a := call(t, c, req.method, r.url+req.path, header, req.body)
			if a.status != 403 || a.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s with %s: %d %s", req.method, req.path, name, a.status, a.body)
			}
		}
	}
	var lastSeenAfter time.Time
	r.scalar(t, &lastSeenAfter, "SELECT last_seen_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", token)
	if activeCourt() != p.alpha || !lastSeenAfter.Equal(lastSeen) {
		t.Errorf("refused requests changed the session: court %s, last seen %v → %v", activeCourt(), lastSeen, lastSeenAfter)
	}
	if status, _ := r.me(t, c); status != 200 {
		t.Errorf("a refused logout ended the session: %d", status)
	}

	_, me := r.me(t, c)
	a := call(t, c, "PUT", r.url+"/api/v1/me/active-court", map[string]string{auth.CSRFHeader: me.CSRFToken}, body)
	if a.status != 200 || activeCourt() != p.bravo || !strings.Contains(a.body, `"activeCourt":{"id":"`+p.bravo) {
		t.Errorf("switch with the token: %d %s", a.status, a.body)
	}
	stranger := r.f.Court(t, "charlie", true)
	a = call(t, c, "PUT", r.url+"/api/v1/me/active-court", map[string]string{auth.CSRFHeader: me.CSRFToken}, `{"courtId":"`+stranger+`"}`)
	if a.status != 422 || !strings.Contains(a.body, "body.courtId") || activeCourt() != p.bravo {
		t.Errorf("switch to a court without a role: %d %s", a.status, a.body)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		endSession bool
	}{{"provider without end_session_endpoint", false}, {"provider with end_session_endpoint", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			i := startIDP(t)
			i.endSession = tc.endSession
			r := startRegistry(t, i)
			p := seedPeople(t, r)
			c := linked(t, r, p, "ann-at-idp")
			token := r.sessionCookie(t, c)
			a := call(t, c, "POST", r.url+"/auth/logout", map[string]string{auth.CSRFHeader: auth.CSRFToken(token)}, "")
			var out struct {
				RedirectTo string `json:"redirectTo"`
			}
			must(t, json.Unmarshal([]byte(a.body), &out))
			want := "/"
			if tc.endSession {
				want = i.m.Addr() + "/oidc/logout?client_id=" + i.m.ClientID + "&post_logout_redirect_uri=" + url.QueryEscape(r.url+"/")
			}
			if a.status != 200 || out.RedirectTo != want {
				t.Errorf("logout: %d %s; want redirectTo %s", a.status, a.body, want)
			}
			if r.sessionCookie(t, c) != "" {
				t.Error("the cookie survived logout")
			}
			if status, _ := r.me(t, withCookie(t, r, token)); status != 401 {
				t.Errorf("the old cookie after logout: %d", status)
			}
			if got := r.audited(t, auth.ActionSignOut, "success"); len(got) != 1 {
				t.Errorf("sign-outs audited: %v", got)
			}
		})
	}
}

func TestReturnPathStaysOnTheSite(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	p := seedPeople(t, r)
	linked(t, r, p, "ann-at-idp")
	for _, to := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "orders"} {
		r.as("ann-at-idp")
		a := r.signIn(t, browser(t, nil), "?return="+url.QueryEscape(to))
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
			t.Errorf("returnTo %q: %d to %q", to, a.status, a.header.Get("Location"))
		}
	}
}

// The issuer may start after the registry (it may be this same process): discovery
// waits for the first sign-in, and a failed one is tried again.
func TestDiscoveryIsLazyAndRetried(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	must(t, ln.Close())
	m, err := mockoidc.NewServer(nil)
	must(t, err)
	i := &idp{m: m, t: t}
	r := startRegistry(t, i, "CCPOR_OIDC_ISSUER_URL=http://"+addr+mockoidc.IssuerBase)
	p := seedPeople(t, r)
	if a := r.signIn(t, browser(t, nil), ""); a.status != http.StatusServiceUnavailable || a.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("sign-in while the issuer is down: %d %s", a.status, a.body)
	}
	ln, err = net.Listen("tcp", addr)
	must(t, err)
	must(t, m.Start(ln, nil))
	t.Cleanup(func() { _ = m.Shutdown() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.as("ann-at-idp")
		a := r.signIn(t, browser(t, nil), "?invitation="+r.f.Invitation(t, p.ann, time.Hour))
		if a.status == http.StatusSeeOther {
			break
		}
		if a.status != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("sign-in once the issuer is up: %d %s", a.status, a.body)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// Activity is written at most once a minute (each write rewrites the session's
// scope row), and the database's expiry moves with it, so row-level security stops
// honouring an idle session too.
func TestActivityIsWrittenAtMostOnceAMinute(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	p := seedPeople(t, r)
	c := linked(t, r, p, "ann-at-idp")
	token := r.sessionCookie(t, c)
	seen := func() (last, expires, scope time.Time) {
		r.scalar(t, &last, "SELECT last_seen_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", token)
		r.scalar(t, &expires, "SELECT expires_at FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", token)
		r.scalar(t, &scope, "SELECT expires_at FROM session_scopes WHERE token_hex = encode(sha256(convert_to($1, 'UTF8')), 'hex')", token)
		return
	}
	last0, _, _ := seen()
	r.clock.Advance(59 * time.Second)
	r.me(t, c)
	if last, _, _ := seen(); !last.Equal(last0) {
		t.Errorf("activity written within the minute: %v → %v", last0, last)
	}
	r.clock.Advance(2 * time.Second)
	r.me(t, c)
	last, expires, scope := seen()
	if !last.Equal(last0.Add(61*time.Second)) || !expires.Equal(last.Add(30*time.Minute)) || !scope.Equal(expires) {
		t.Errorf("after a minute: last seen %v (signed in %v), expires %v, scope row expires %v", last, last0, expires, scope)
	}
}

// A browser that cannot be signed in lands on the web application's page for it,
// with a code the page words itself; other clients get problem JSON.
func TestBrowsersSeeASignInProblemPage(t *testing.T) {
	t.Parallel()
	r := startRegistry(t, startIDP(t))
	html := map[string]string{"Accept": "text/html,application/xhtml+xml"}
	for _, tc := range []struct{ path, code string }{
		{"/auth/callback?state=x&code=y", "expired"},
		{"/auth/login?invitation=%3Cscript%3E", "invitation_malformed"},
	} {
		a := call(t, browser(t, nil), "GET", r.url+tc.path, html, "")
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/sign-in-problem?code="+tc.code {
			t.Errorf("%s as a browser: %d %q, want 303 to the %s page", tc.path, a.status, a.header.Get("Location"), tc.code)
		}
		if a := call(t, browser(t, nil), "GET", r.url+tc.path, nil, ""); a.status < 400 ||
			a.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s as an API client: %d %s", tc.path, a.status, a.header.Get("Content-Type"))
		}
	}
	// Unknown identities are refused with their own code.
	c := browser(t, nil)
	a := call(t, c, "GET", r.url+"/auth/login", html, "")
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "/sign-in-problem?code=not_linked" {
		t.Errorf("an identity linked to nobody, as a browser: %d %q", a.status, a.header.Get("Location"))
	}
}
