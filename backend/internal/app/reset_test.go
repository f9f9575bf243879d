package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var resetLink = regexp.MustCompile(`(http://[^\s<]+/idp/reset/confirm\?token=[A-Za-z0-9_%-]+)`)

// TestPasswordResetByLinkUnlocks: five wrong passwords lock the account; a reset
// link from the (development) outbox sets a new password and unlocks it.
func TestPasswordResetByLinkUnlocks(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	secret := r.account(t, p.ann)
	for i := range 5 {
		passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", "wrong password "+string(rune('a'+i)), secret, r.clock.Now())
	}
	if out := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now()); out.status != http.StatusForbidden {
		t.Fatalf("locked: %d", out.status)
	}

	c := idpBrowser(t)
	for _, who := range []string{"nobody", "ann"} {
		res, err := c.PostForm(r.url+"/idp/reset", url.Values{"username": {who}})
		if pg := fetch(t, c, res, err); pg.status != http.StatusOK || !strings.Contains(pg.body, "If that username has an account here") {
			t.Fatalf("reset request for %s: %d %s", who, pg.status, pg.body)
		}
	}
	var mails int
	must(t, r.admin.QueryRow(context.Background(), "SELECT count(*) FROM mail_outbox").Scan(&mails))
	if mails != 1 {
		t.Errorf("%d mails in the outbox; want 1 (none for an unknown user)", mails)
	}
	res, err := c.Get(r.url + "/idp/dev/outbox")
	pg := fetch(t, c, res, err)
	m := resetLink.FindStringSubmatch(pg.body)
	if pg.status != http.StatusOK || m == nil || !strings.Contains(pg.body, "ann@courts.example") {
		t.Fatalf("outbox page: %d %s", pg.status, pg.body)
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	res, err = c.Get(link)
	if pg = fetch(t, c, res, err); pg.status != http.StatusOK || !strings.Contains(pg.body, "Choose a new password") {
		t.Fatalf("reset page: %d %s", pg.status, pg.body)
	}
	token, _ := url.Parse(link)
	const newPassword = "a quiet harbour at noon"
	res, err = c.PostForm(r.url+"/idp/reset/confirm", url.Values{"token": {token.Query().Get("token")}, "password": {newPassword}, "confirm": {newPassword}})
	if pg = fetch(t, c, res, err); pg.status != http.StatusOK || !strings.Contains(pg.body, "unlocked") {
		t.Fatalf("reset: %d %s", pg.status, pg.body)
	}
	res, err = c.Get(link)
	if pg = fetch(t, c, res, err); pg.status != http.StatusNotFound {
		t.Errorf("a used reset link: %d", pg.status)
	}

	r.clock.Advance(30 * time.Second)
	if out := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", demoPassword, secret, r.clock.Now()); out.status != http.StatusUnauthorized {
		t.Errorf("the old password after the reset: %d", out.status)
	}
	r.f.Exec(t, "INSERT INTO identities (issuer, subject, user_id) VALUES ($1, $2::text, $2::uuid)", r.url+"/idp", p.ann)
	if out := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login", "ann", newPassword, secret, r.clock.Now()); out.status != http.StatusSeeOther {
		t.Errorf("the new password after the reset: %d %s", out.status, out.body)
	}
}
