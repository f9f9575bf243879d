package app_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestInvitationLinksOnlyItsOwnIdentity: at the built-in provider an identity is
// the account enrolled for one user's invitation. Signed in there as ann, opening
// the sign-in link of bob's invitation must not link ann's identity to bob: the
// sign-in is refused, bob's invitation stays unused, and ann's own one still links.
func TestInvitationLinksOnlyItsOwnIdentity(t *testing.T) {
	t.Parallel()
	r := startBuiltin(t)
	p := seedPeople(t, r)
	bob := r.f.User(t, "bob")
	r.f.Grant(t, bob, p.bravo, "court_admin")
	secret := r.account(t, p.ann)
	theirs := r.f.Invitation(t, bob, time.Hour)

	out := passIDP(t, idpBrowser(t), r.url, r.url+"/auth/login?invitation="+url.QueryEscape(theirs), "ann", demoPassword, secret, r.clock.Now())
	if out.status != http.StatusForbidden {
		t.Fatalf("ann's identity with bob's invitation: %d at %s: %s", out.status, out.url, out.body)
	}
	ctx := context.Background()
	var links, unused int
	must(t, r.admin.QueryRow(ctx, "SELECT count(*) FROM identities WHERE user_id = $1", bob).Scan(&links))
	must(t, r.admin.QueryRow(ctx, "SELECT count(*) FROM invitations WHERE user_id = $1 AND used_at IS NULL", bob).Scan(&unused))
	if links != 0 || unused != 1 {
		t.Fatalf("bob: %d identities linked, %d invitations unused; want 0 and 1", links, unused)
	}

	r.clock.Advance(30 * time.Second) // the first code is spent
	c := idpBrowser(t)
	own := r.f.Invitation(t, p.ann, time.Hour)
	if out := passIDP(t, c, r.url, r.url+"/auth/login?invitation="+url.QueryEscape(own), "ann", demoPassword, secret, r.clock.Now()); out.status != http.StatusSeeOther {
		t.Fatalf("ann's identity with her own invitation: %d %s", out.status, out.body)
	}
	if status, me := r.me(t, c); status != http.StatusOK || me.User.Username != "ann" {
		t.Errorf("/me after ann's own invitation: %d %+v", status, me)
	}
}
