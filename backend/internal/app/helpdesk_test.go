package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/ccpor/ccpor/backend/internal/auth"
	builtin "github.com/ccpor/ccpor/backend/internal/idp"
)

// desk is a registry with help desks and the users they serve: alpha's help desk
// (hd), another of alpha's help desks (hd2), the statewide help desk (swhd);
// ann, a clerk of alpha; carl, alpha's court admin; bob, a clerk of bravo; a
// machine client of alpha.
type desk struct {
	r                                  *registry
	alpha, bravo                       string
	hd, hd2, swhd, ann, carl, bob, svc string
	hdToken, swhdToken                 string
	annSecret                          string
}

func startDesk(t *testing.T) *desk {
	t.Helper()
	r := startBuiltin(t)
	d := &desk{r: r}
	state := r.f.Statewide(t)
	d.alpha, d.bravo = r.f.Court(t, "alpha", true), r.f.Court(t, "bravo", true)
	user := func(name, court, role string) string {
		id := r.f.User(t, name)
		r.f.Grant(t, id, court, role)
		return id
	}
	d.hd, d.hd2, d.swhd = user("hdesk", d.alpha, "helpdesk"), user("hdesk2", d.alpha, "helpdesk"), user("swhd", state, "helpdesk")
	d.ann, d.carl, d.bob = user("ann", d.alpha, "clerk"), user("carl", d.alpha, "court_admin"), user("bob", d.bravo, "clerk")
	d.svc = r.f.ServiceAccount(t, builtin.Issuer(r.url), "cms-alpha", d.alpha, "svc-cms-alpha", "clerk")
	d.annSecret = r.account(t, d.ann)
	r.account(t, d.carl)
	r.account(t, d.hd2)
	_, d.hdToken = r.f.Session(t, d.hd, d.alpha)
	_, d.swhdToken = r.f.Session(t, d.swhd, state)
	return d
}

func (d *desk) call(t *testing.T, token, method, path string) answer {
	t.Helper()
	h := map[string]string{}
	if method != http.MethodGet {
		h[auth.CSRFHeader] = auth.CSRFToken(token)
	}
	return call(t, withCookie(t, d.r, token), method, d.r.url+"/api/v1/helpdesk"+path, h, "")
}

type found struct {
	Users []struct {
		ID, Username, Refusal string
		Locked, SecondFactor  bool
	} `json:"users"`
	Statewide bool `json:"statewide"`
}

func (d *desk) search(t *testing.T, token, q string) found {
	t.Helper()
	a := d.call(t, token, "GET", "/users?q="+url.QueryEscape(q))
	if a.status != 200 {
		t.Fatalf("search %q: %d %s", q, a.status, a.body)
	}
	var f found
	must(t, json.Unmarshal([]byte(a.body), &f))
	return f
}

func TestHelpdeskSearchesItsScope(t *testing.T) {
	t.Parallel()
	d := startDesk(t)
	names := func(f found) string {
		var s []string
		for _, u := range f.Users {
			s = append(s, u.Username+":"+u.Refusal)
		}
		return strings.Join(s, ",")
	}
	// alpha's help desk: alpha's members, each saying whether it may act on them.
	if a := d.call(t, d.hdToken, "GET", "/users?q=a"); a.status != 422 || !strings.Contains(a.body, "query.q") {
		t.Errorf("a one-character search: %d %s", a.status, a.body)
	}
	f := d.search(t, d.hdToken, "ann")
	if got := names(f); got != "ann:" || !f.Users[0].SecondFactor || f.Statewide {
		t.Errorf("alpha's help desk finds ann (and is not statewide): %s %+v", got, f)
	}
	if got := names(d.search(t, d.hdToken, "CARL")); got != "carl:privileged" {
		t.Errorf("alpha's help desk finds carl (any case): %s", got)
	}
	if got := names(d.search(t, d.hdToken, "bob")); got != "" {
		t.Errorf("alpha's help desk finds a user of bravo: %s", got)
	}
	if got := names(d.search(t, d.hdToken, "svc")); got != "" {
		t.Errorf("machine clients are found: %s", got)
	}
	if got := names(d.search(t, d.hdToken, "hdesk")); got != "hdesk:self,hdesk2:privileged" {
		t.Errorf("alpha's help desk finds help desks: %s", got)
	}
	// The statewide help desk: everybody.
	if f := d.search(t, d.swhdToken, "bob"); names(f) != "bob:" || !f.Statewide {
		t.Errorf("the statewide help desk finds bob (and is told it is statewide): %+v", f)
	}
	if got := names(d.search(t, d.swhdToken, "carl")); got != "carl:" {
		t.Errorf("the statewide help desk may act on carl: %s", got)
	}
	if n := len(d.r.audited(t, "helpdesk.search", "success")); n < 7 {
		t.Errorf("%d searches audited", n)
	}
}

func TestCourtHelpdeskRefusals(t *testing.T) {
	t.Parallel()
	d := startDesk(t)
	for _, c := range []struct {
		name, user, path, reason, says string
		status                         int
	}{
		{"a court admin", d.carl, "second-factor-reset", "privileged", "privileged role", 403},
		{"another help desk", d.hd2, "password-reset", "privileged", "only the statewide help desk", 403},
		{"a user of another court", d.bob, "second-factor-reset", "outside_court", "not a member of your court", 403},
		{"itself", d.hd, "end-sessions", "self", "your own account", 403},
		{"a machine client", d.svc, "unlock", "service_account", "machine client", 403},
		{"nobody", "7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71", "unlock", "unknown_user", "no such user", 404},
		{"not a user id", "x'; --" + strings.Repeat("x", 300), "unlock", "unknown_user: not a user id: \"x'; --" + strings.Repeat("x", 54) + "\"", "no such user", 404},
		{"an unlocked account", d.ann, "unlock", "not_locked", "not locked", 409},
	} {
		a := d.call(t, d.hdToken, "POST", "/users/"+url.PathEscape(c.user)+"/"+c.path)
		if a.status != c.status || !strings.Contains(a.body, c.says) || a.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", c.name, a.status, a.body)
		}
		var n int
		d.r.scalar(t, &n, "SELECT count(*) FROM audit_events WHERE action LIKE 'helpdesk.%' AND outcome = 'denied' AND reason = $1 AND user_id = $2",
			c.reason, d.hd)
		if n == 0 {
			t.Errorf("%s: the refusal (%s) is not audited", c.name, c.reason)
		}
	}
	var untouched bool
	d.r.scalar(t, &untouched, "SELECT totp_secret IS NOT NULL FROM idp_accounts WHERE user_id = $1", d.carl)
	if !untouched {
		t.Error("the court admin's second factor was reset by the refused call")
	}
	// The court help desk reads no orders and changes no roles (see the matrix too).
	c := withCookie(t, d.r, d.hdToken)
	if a := call(t, c, "GET", d.r.url+"/api/v1/orders?caseNumber=X", nil, ""); a.status != 403 {
		t.Errorf("the help desk searched orders: %d", a.status)
	}
	// The database refuses on its own too: the act's function checks the rule again.
	var err error
	_, err = d.r.app.DB.SQL().Exec("SELECT helpdesk_reset_second_factor($1)", d.carl)
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("helpdesk_reset_second_factor without a help desk session: %v", err)
	}
}

func TestStatewideHelpdeskActsOnPrivilegedAccounts(t *testing.T) {
	t.Parallel()
	d := startDesk(t)
	d.r.f.Exec(t, "UPDATE idp_accounts SET locked_at = now(), failures = 5 WHERE user_id = $1", d.carl)
	if a := d.call(t, d.swhdToken, "POST", "/users/"+d.carl+"/unlock"); a.status != 200 || !strings.Contains(a.body, "lockout released") {
		t.Fatalf("statewide unlock of a court admin: %d %s", a.status, a.body)
	}
	var locked bool
	d.r.scalar(t, &locked, "SELECT locked_at IS NOT NULL FROM idp_accounts WHERE user_id = $1", d.carl)
	if locked || len(d.r.audited(t, "helpdesk.unlock", "success")) != 1 {
		t.Errorf("after unlock: locked %v, audited %v", locked, d.r.audited(t, "helpdesk.unlock", "success"))
	}
	// bob has no password here (another identity provider, or not enrolled).
	if a := d.call(t, d.swhdToken, "POST", "/users/"+d.bob+"/second-factor-reset"); a.status != 409 || !strings.Contains(a.body, "nothing here to reset") {
		t.Errorf("second factor reset without an account: %d %s", a.status, a.body)
	}
	if got := d.r.audited(t, "helpdesk.second_factor_reset", "denied"); len(got) != 1 || got[0] != "no_account" {
		t.Errorf("audited refusals %v", got)
	}
}

func TestHelpdeskSendsAResetLinkAndEndsSessions(t *testing.T) {
	t.Parallel()
	d := startDesk(t)
	_, annToken := d.r.f.Session(t, d.ann, d.alpha)
	if a := d.call(t, d.hdToken, "POST", "/users/"+d.ann+"/end-sessions"); a.status != 200 || !strings.Contains(a.body, "1 sessions ended") {
		t.Fatalf("end sessions: %d %s", a.status, a.body)
	}
	if status, _ := d.r.me(t, withCookie(t, d.r, annToken)); status != 401 {
		t.Errorf("ann's session after end-sessions: %d", status)
	}
	d.r.f.Exec(t, "UPDATE idp_accounts SET locked_at = now(), failures = 5 WHERE user_id = $1", d.ann)
	if a := d.call(t, d.hdToken, "POST", "/users/"+d.ann+"/password-reset"); a.status != 200 || !strings.Contains(a.body, "link sent") {
		t.Fatalf("reset link: %d %s", a.status, a.body)
	}
	var body string
	d.r.scalar(t, &body, "SELECT body FROM mail_outbox WHERE recipient = (SELECT email FROM users WHERE id = $1) ORDER BY id DESC LIMIT 1", d.ann)
	m := regexp.MustCompile(`/idp/reset/confirm\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no reset link in %q", body)
	}
	// The link works like the self-service one: a new password, and the lock released.
	c := idpBrowser(t)
	res, err := c.PostForm(d.r.url+"/idp/reset/confirm", url.Values{"token": {m[1]}, "password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}})
	p := fetch(t, c, res, err)
	var locked bool
	d.r.scalar(t, &locked, "SELECT locked_at IS NOT NULL FROM idp_accounts WHERE user_id = $1", d.ann)
	if p.status != 200 || locked {
		t.Errorf("the reset link: %d, locked %v: %s", p.status, locked, p.body)
	}
	if len(d.r.audited(t, "helpdesk.password_reset_link", "success")) != 1 || len(d.r.audited(t, "helpdesk.sessions_end", "success")) != 1 {
		t.Error("the acts are not audited")
	}
}

var totpSecretOnPage = regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7]+)<`)

func TestSecondFactorResetMakesTheNextSignInEnrolAgain(t *testing.T) {
	t.Parallel()
	d := startDesk(t)
	r := d.r
	r.f.Exec(t, "INSERT INTO identities (issuer, subject, user_id) VALUES ($1, $2::text, $2::uuid)", r.url+"/idp", d.ann)
	_, annToken := r.f.Session(t, d.ann, d.alpha)
	if a := d.call(t, d.hdToken, "POST", "/users/"+d.ann+"/second-factor-reset"); a.status != 200 {
		t.Fatalf("second factor reset: %d %s", a.status, a.body)
	}
	if status, _ := r.me(t, withCookie(t, r, annToken)); status != 401 {
		t.Errorf("ann's session after the reset: %d", status)
	}
	var subject, body string
	r.scalar(t, &subject, "SELECT subject FROM mail_outbox ORDER BY id DESC LIMIT 1")
	r.scalar(t, &body, "SELECT body FROM mail_outbox ORDER BY id DESC LIMIT 1")
	if subject != "CCPOR: your second factor was reset" || !strings.Contains(body, "choose a new password") {
		t.Errorf("mail %q: %s", subject, body)
	}
	if got := r.audited(t, "helpdesk.second_factor_reset", "success"); len(got) != 1 {
		t.Errorf("audited %v", got)
	}

	// The old code no longer signs in: the password leads to a new password and codes.
	c := idpBrowser(t)
	res, err := c.Get(r.url + "/auth/login")
	p := fetch(t, c, res, err)
	p = post(t, c, r.url, p, "notice", nil)
	p = post(t, c, r.url, p, "password", url.Values{"username": {"ann"}, "password": {demoPassword}})
	if !strings.Contains(p.body, "Set a new password") || !strings.Contains(p.body, "reset your second factor") ||
		!strings.Contains(p.body, `action="/idp/login/new-password"`) {
		t.Fatalf("after the password: %d %s", p.status, p.body)
	}
	// The one-time code step is closed while re-enrolling.
	code, err := totp.GenerateCode(d.annSecret, r.clock.Now())
	must(t, err)
	if q := post(t, c, r.url, p, "otp", url.Values{"code": {code}}); !strings.Contains(q.body, "Set a new password") {
		t.Fatalf("the old code during re-enrolment: %d %s", q.status, q.body)
	}
	if q := post(t, c, r.url, p, "new-password", url.Values{"password": {"short"}, "confirm": {"short"}}); q.status != 400 || !strings.Contains(q.body, "Set a new password") {
		t.Errorf("a short new password: %d %s", q.status, q.body)
	}
	p = post(t, c, r.url, p, "new-password", url.Values{"password": {"a fresh passphrase here"}, "confirm": {"a fresh passphrase here"}})
	m := totpSecretOnPage.FindStringSubmatch(p.body)
	if m == nil || m[1] == d.annSecret || !strings.Contains(p.body, `action="/idp/login/new-totp"`) {
		t.Fatalf("no new TOTP key: %d %s", p.status, p.body)
	}
	if q := post(t, c, r.url, p, "new-totp", url.Values{"code": {"000000"}}); q.status != 400 {
		t.Errorf("a wrong code at enrolment: %d", q.status)
	}
	code, err = totp.GenerateCode(m[1], r.clock.Now())
	must(t, err)
	p = post(t, c, r.url, p, "new-totp", url.Values{"code": {code}})
	if !strings.Contains(p.body, `data-testid="recovery-codes"`) {
		t.Fatalf("no recovery codes: %d %s", p.status, p.body)
	}
	next := regexp.MustCompile(`href="(/idp/login\?id=[^"]+)"`).FindStringSubmatch(p.body)
	if next == nil {
		t.Fatalf("no way on: %s", p.body)
	}
	res, err = c.Get(r.url + strings.ReplaceAll(next[1], "&amp;", "&"))
	out := fetch(t, c, res, err)
	if out.status != http.StatusSeeOther || out.header.Get("Location") != "/" {
		t.Fatalf("the sign-in after re-enrolment: %d at %s: %s", out.status, out.url, out.body)
	}
	if status, me := r.me(t, c); status != 200 || me.User.Username != "ann" {
		t.Errorf("/me: %d %+v", status, me)
	}
	// Now the new password and the new key sign in; the old password does not.
	r.clock.Advance(time.Minute)
	if q := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", demoPassword, m[1], r.clock.Now()); q.status != http.StatusUnauthorized {
		t.Errorf("the old password after re-enrolment: %d", q.status)
	}
	if q := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", "a fresh passphrase here", m[1], r.clock.Now()); q.status != http.StatusSeeOther {
		t.Errorf("the new password and key: %d %s", q.status, q.body)
	}
}
