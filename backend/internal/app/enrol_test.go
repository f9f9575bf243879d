package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

var (
	secretShown  = regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7]+)<`)
	recoveryCode = regexp.MustCompile(`<code>([a-z2-7]{5}-[a-z2-7]{5})</code>`)
	continueLink = regexp.MustCompile(`href="([^"]*/auth/login\?invitation=[^"]+)"`)
)

// TestInvitationEnrolsThenLinks: the invitation link sets the password (the policy
// refuses a common one) and the second factor (QR code, recovery codes shown once),
// then the sign-in with the invitation links the identity; the link is then spent.
func TestInvitationEnrolsThenLinks(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	token := r.f.Invitation(t, p.ann, time.Hour)
	c := idpBrowser(t)
	enrol := r.url + "/idp/enrol?invitation=" + url.QueryEscape(token)

	res, err := c.Get(enrol)
	pg := fetch(t, c, res, err)
	if pg.status != http.StatusOK || !strings.Contains(pg.body, "Set your password") || !strings.Contains(pg.body, "ann") {
		t.Fatalf("enrolment page: %d %s", pg.status, pg.body)
	}
	form := func(step string, v url.Values) idpPage {
		v.Set("invitation", token)
		res, err := c.PostForm(r.url+"/idp/enrol/"+step, v)
		return fetch(t, c, res, err)
	}
	if pg = form("password", url.Values{"password": {"password1234"}, "confirm": {"password1234"}}); pg.status != http.StatusBadRequest ||
		!strings.Contains(pg.body, "commonly used") {
		t.Fatalf("a common password: %d %s", pg.status, pg.body)
	}
	if pg = form("password", url.Values{"password": {"short"}, "confirm": {"short"}}); pg.status != http.StatusBadRequest ||
		!strings.Contains(pg.body, "at least 12") {
		t.Fatalf("a short password: %d %s", pg.status, pg.body)
	}
	pg = form("password", url.Values{"password": {demoPassword}, "confirm": {demoPassword}})
	m := secretShown.FindStringSubmatch(pg.body)
	if pg.status != http.StatusOK || m == nil || !strings.Contains(pg.body, `src="data:image/png;base64,`) {
		t.Fatalf("second factor page: %d %s", pg.status, pg.body)
	}
	secret := m[1]
	if pg = form("totp", url.Values{"code": {"000000"}}); pg.status != http.StatusBadRequest {
		t.Fatalf("a wrong code at enrolment: %d", pg.status)
	}
	code, err := totp.GenerateCode(secret, r.clock.Now())
	must(t, err)
	pg = form("totp", url.Values{"code": {code}})
	codes := recoveryCode.FindAllStringSubmatch(pg.body, -1)
	next := continueLink.FindStringSubmatch(pg.body)
	if pg.status != http.StatusOK || len(codes) != 10 || next == nil {
		t.Fatalf("recovery codes page: %d %s", pg.status, pg.body)
	}
	var stored string
	must(t, r.admin.QueryRow(context.Background(), "SELECT recovery_codes::text FROM idp_accounts WHERE user_id = $1", p.ann).Scan(&stored))
	if strings.Contains(stored, codes[0][1]) || !strings.Contains(stored, hashOfForTest(codes[0][1])) {
		t.Errorf("recovery codes are not stored as hashes only: %s", stored)
	}

	// The link goes on to the registry's sign-in with the invitation, which links.
	r.clock.Advance(30 * time.Second) // the enrolment's code is spent
	out := passIDP(t, idpBrowser(t), r.url, r.url+strings.ReplaceAll(next[1], "&amp;", "&"), "ann", demoPassword, secret, r.clock.Now())
	if out.status != http.StatusSeeOther || out.header.Get("Location") != "/" {
		t.Fatalf("first sign-in: %d at %s: %s", out.status, out.url, out.body)
	}
	res, err = c.Get(enrol)
	if pg = fetch(t, c, res, err); pg.status != http.StatusNotFound {
		t.Errorf("the enrolment link after use: %d", pg.status)
	}
	// Later sign-ins need no invitation.
	r.clock.Advance(30 * time.Second)
	c2 := idpBrowser(t)
	if out := passIDP(t, c2, r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now()); out.status != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d %s", out.status, out.body)
	}
	if status, me := r.me(t, c2); status != 200 || me.User.Username != "ann" {
		t.Errorf("/me: %d %+v", status, me)
	}
	// A recovery code replaces a one-time code, once.
	if out := passIDPCode(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", demoPassword, codes[3][1]); out.status != http.StatusSeeOther {
		t.Errorf("sign-in with a recovery code: %d %s", out.status, out.body)
	}
	if out := passIDPCode(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", demoPassword, codes[3][1]); out.status != http.StatusUnauthorized {
		t.Errorf("a recovery code used twice: %d", out.status)
	}
}
