package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/pquerna/otp/totp"
	"golang.org/x/oauth2"

	"github.com/ccpor/ccpor/backend/internal/app"
	builtin "github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// startBuiltin is the whole app on a fresh database signing in at its own provider.
func startBuiltin(t *testing.T, env ...string) *registry {
	t.Helper()
	d := dbtest.New(t)
	s := httptest.NewUnstartedServer(nil)
	public := "http://" + s.Listener.Addr().String()
	cfg := d.Config(t, append([]string{"CCPOR_WORKERS=false", "CCPOR_PUBLIC_URL=" + public}, env...)...)
	clk := clock.NewManual(time.Now())
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clk)
	must(t, err)
	t.Cleanup(func() { a.Close() })
	s.Config.Handler = a.Handler
	s.Start()
	t.Cleanup(s.Close)
	return &registry{url: public, app: a, f: dbtest.NewTenants(t, d), clock: clk, admin: dbtest.Conn(t, d.AdminURL)}
}

const demoPassword = "correct horse battery staple"

// account gives a user credentials at the built-in provider and returns its TOTP secret.
func (r *registry) account(t *testing.T, user string) string {
	t.Helper()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "CCPOR", AccountName: user})
	must(t, err)
	r.f.Exec(t, "INSERT INTO idp_accounts (user_id, password_hash, totp_secret, password_set_at) VALUES ($1, $2, $3, now())",
		user, builtin.HashPassword(demoPassword), key.Secret())
	return key.Secret()
}

// idpBrowser follows redirects within the provider (and the registry's /auth)
// and stops at the first one elsewhere.
func idpBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	must(t, err)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.Path, "/idp/") || strings.HasPrefix(req.URL.Path, "/auth/") {
			return nil
		}
		return http.ErrUseLastResponse
	}}
}

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

type idpPage struct {
	status int
	url    *url.URL
	header http.Header
	body   string
}

func fetch(t *testing.T, c *http.Client, res *http.Response, err error) idpPage {
	t.Helper()
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return idpPage{res.StatusCode, res.Request.URL, res.Header, string(b)}
}

// post submits a sign-in idpPage's form.
func post(t *testing.T, c *http.Client, base string, p idpPage, step string, fields url.Values) idpPage {
	t.Helper()
	m := formID.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no sign-in form on %s (%d): %s", p.url, p.status, p.body)
	}
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("id", m[1])
	res, err := c.PostForm(base+"/idp/login/"+step, fields)
	return fetch(t, c, res, err)
}

// passIDP walks the pages from start (notice, password, code) and returns the
// answer that leaves the provider.
func passIDP(t *testing.T, c *http.Client, base, start, username, password, secret string, now time.Time) idpPage {
	t.Helper()
	res, err := c.Get(start)
	p := fetch(t, c, res, err)
	if !strings.Contains(p.body, "Use notice") {
		t.Fatalf("the sign-in does not begin with the use notice: %d %s", p.status, p.body)
	}
	p = post(t, c, base, p, "notice", nil)
	p = post(t, c, base, p, "password", url.Values{"username": {username}, "password": {password}})
	if !strings.Contains(p.body, "One-time code") {
		return p
	}
	code, err := totp.GenerateCode(secret, now)
	must(t, err)
	return post(t, c, base, p, "otp", url.Values{"code": {code}})
}

// passIDPCode walks the pages like passIDP, entering code (e.g. a recovery code).
func passIDPCode(t *testing.T, c *http.Client, base, start, username, password, code string) idpPage {
	t.Helper()
	res, err := c.Get(start)
	p := fetch(t, c, res, err)
	p = post(t, c, base, p, "notice", nil)
	p = post(t, c, base, p, "password", url.Values{"username": {username}, "password": {password}})
	return post(t, c, base, p, "otp", url.Values{"code": {code}})
}

func TestRegistrySignsInAtItsOwnProvider(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	r.f.Exec(t, "INSERT INTO identities (issuer, subject, user_id) VALUES ($1, $2::text, $2::uuid)", r.url+"/idp", p.ann)

	c := idpBrowser(t)
	out := passIDP(t, c, r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now())
	if out.status != http.StatusSeeOther || out.header.Get("Location") != "/" {
		t.Fatalf("sign-in: %d at %s to %q: %s", out.status, out.url, out.header.Get("Location"), out.body)
	}
	if status, m := r.me(t, c); status != 200 || m.User.Username != "ann" {
		t.Fatalf("/me after sign-in: %d %+v", status, m)
	}
	var events string
	must(t, r.admin.QueryRow(context.Background(),
		"SELECT string_agg(action || ':' || outcome, ',' ORDER BY id) FROM audit_events").Scan(&events))
	for _, want := range []string{"auth.use_notice:success", "auth.idp_password:success", "auth.idp_otp:success", "auth.sign_in:success"} {
		if !strings.Contains(events, want) {
			t.Errorf("audit log lacks %s: %s", want, events)
		}
	}

	// The same code twice is refused: the next sign-in waits for the next step.
	c2 := idpBrowser(t)
	again := passIDP(t, c2, r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now())
	if again.status != http.StatusUnauthorized || !strings.Contains(again.body, "used already") {
		t.Errorf("a used code: %d %s", again.status, again.body)
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	for i := range 5 {
		c := idpBrowser(t)
		out := passIDP(t, c, r.url, r.url+"/auth/login", "ann", "wrong password "+string(rune('a'+i)), secret, r.clock.Now())
		if out.status != http.StatusUnauthorized && !(i == 4 && out.status == http.StatusUnauthorized) {
			t.Fatalf("wrong password %d: %d %s", i+1, out.status, out.body)
		}
	}
	c := idpBrowser(t)
	out := passIDP(t, c, r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now())
	if out.status != http.StatusForbidden || !strings.Contains(out.body, "locked") {
		t.Fatalf("the right password on a locked account: %d %s", out.status, out.body)
	}
	var reason string
	must(t, r.admin.QueryRow(context.Background(),
		"SELECT reason FROM audit_events WHERE action = 'auth.idp_password' ORDER BY id DESC LIMIT 1").Scan(&reason))
	if reason != "account_locked; password not checked" { // a locked account compares no password
		t.Errorf("audited reason %q", reason)
	}
}

func TestUnknownUserAndWrongPasswordLookAlike(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	a := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", "not the password", secret, r.clock.Now())
	b := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "nobody", "not the password", secret, r.clock.Now())
	if a.status != http.StatusUnauthorized || b.status != a.status || !strings.Contains(b.body, "username or password is not right") {
		t.Errorf("wrong password %d, unknown user %d: %s", a.status, b.status, b.body)
	}
}

// TestForeignClient runs a client this project did not write against the
// provider: go-oidc's discovery and verifier with a plain oauth2.Config, the
// code flow with PKCE, userinfo, refresh (rotating), and key rotation.
func TestForeignClient(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	const redirect = "http://127.0.0.1:1/callback"
	sum := sha256.Sum256([]byte("foreign-secret"))
	r.f.Exec(t, `INSERT INTO idp_clients (id, secret_hash, redirect_uris, grant_types)
		VALUES ('foreign', $1, $2, '["authorization_code", "refresh_token"]')`, sum[:], `["`+redirect+`"]`)

	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, r.url+"/idp")
	must(t, err)
	conf := &oauth2.Config{ClientID: "foreign", ClientSecret: "foreign-secret", Endpoint: provider.Endpoint(),
		RedirectURL: redirect, Scopes: []string{oidc.ScopeOpenID, "profile", "email", oidc.ScopeOfflineAccess}}
	verifier := oauth2.GenerateVerifier()
	start := conf.AuthCodeURL("state-123", oidc.Nonce("nonce-456"), oauth2.S256ChallengeOption(verifier))

	out := passIDP(t, idpBrowser(t), r.url, start, "ann", demoPassword, secret, r.clock.Now())
	loc, err := url.Parse(out.header.Get("Location"))
	must(t, err)
	if out.status != http.StatusFound && out.status != http.StatusSeeOther || !strings.HasPrefix(loc.String(), redirect) {
		t.Fatalf("the provider's answer: %d to %q: %s", out.status, loc, out.body)
	}
	if loc.Query().Get("state") != "state-123" || loc.Query().Get("code") == "" {
		t.Fatalf("the answer lacks state or code: %s", loc)
	}
	if _, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption("wrong-verifier-wrong-verifier-wrong-verifier")); err == nil {
		t.Error("a wrong PKCE verifier was accepted")
	}
	// A fresh sign-in for the rest, one time step later (a code is used once).
	r.clock.Advance(30 * time.Second)
	out = passIDP(t, idpBrowser(t), r.url, start, "ann", demoPassword, secret, r.clock.Now())
	loc, err = url.Parse(out.header.Get("Location"))
	must(t, err)
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	must(t, err)
	raw, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: "foreign"}).Verify(ctx, raw)
	must(t, err)
	var claims struct {
		AMR []string `json:"amr"`
		ACR string   `json:"acr"`
	}
	must(t, idt.Claims(&claims))
	if idt.Nonce != "nonce-456" || idt.Subject != p.ann || !slices.Contains(claims.AMR, "otp") || !slices.Contains(claims.AMR, "pwd") || claims.ACR == "" {
		t.Errorf("ID token: nonce %q subject %q amr %v acr %q", idt.Nonce, idt.Subject, claims.AMR, claims.ACR)
	}
	if _, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier)); err == nil {
		t.Error("a code was redeemed twice")
	}

	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	must(t, err)
	if info.Subject != p.ann || info.Email != "ann@courts.example" {
		t.Errorf("userinfo: %+v", info)
	}

	if tok.RefreshToken == "" {
		t.Fatal("no refresh token")
	}
	refreshed, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	must(t, err)
	if refreshed.AccessToken == "" || refreshed.RefreshToken == "" || refreshed.RefreshToken == tok.RefreshToken {
		t.Errorf("refresh: %+v", refreshed)
	}
	if _, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Error("a refresh token was used twice")
	}

	// After a rotation the old key still verifies; both are published.
	owner := dbtest.Conn(t, r.app.Config.DatabaseOwnerURL)
	must(t, builtin.RotateKeys(ctx, owner))
	fresh, err := oidc.NewProvider(ctx, r.url+"/idp")
	must(t, err)
	if _, err := fresh.Verifier(&oidc.Config{ClientID: "foreign"}).Verify(ctx, raw); err != nil {
		t.Errorf("a token signed before the rotation: %v", err)
	}
	var keys int
	must(t, r.admin.QueryRow(ctx, "SELECT count(*) FROM idp_signing_keys").Scan(&keys))
	if keys != 2 {
		t.Errorf("%d signing keys after a rotation, want 2", keys)
	}
}

func TestProductionRefusesDemoAccounts(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	ctx := context.Background()
	if err := app.RefuseUnsafeData(ctx, r.app.DB, true); err != nil {
		t.Fatalf("no demo account yet: %v", err)
	}
	p := seedPeople(t, r)
	r.account(t, p.ann)
	if err := app.RefuseUnsafeData(ctx, r.app.DB, true); err != nil {
		t.Fatalf("an ordinary account: %v", err)
	}
	r.f.Exec(t, "UPDATE idp_accounts SET demo = true WHERE user_id = $1", p.ann)
	if err := app.RefuseUnsafeData(ctx, r.app.DB, true); err == nil || !strings.Contains(err.Error(), "demo accounts") {
		t.Errorf("production with a demo account: %v", err)
	}
	if err := app.RefuseUnsafeData(ctx, r.app.DB, false); err != nil {
		t.Errorf("development with a demo account: %v", err)
	}
	r.f.Exec(t, "UPDATE idp_accounts SET demo = false")
	r.f.Exec(t, "INSERT INTO mail_outbox (recipient, subject, body) VALUES ('a@b.example', 's', 'b')")
	if err := app.RefuseUnsafeData(ctx, r.app.DB, true); err == nil || !strings.Contains(err.Error(), "outbox") {
		t.Errorf("production with mail in the outbox: %v", err)
	}
}

func hashOfForTest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
