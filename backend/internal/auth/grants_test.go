package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestGrantsOnTheOwnersPath(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	owner := dbtest.Conn(t, d.OwnerURL)
	ctx := context.Background()
	a, b := f.Court(t, "alpha", true), f.Court(t, "bravo", true)
	ann := f.User(t, "ann")

	token, err := auth.CreateInvitation(ctx, owner, ann, "", time.Hour)
	if err != nil || len(token) < 43 {
		t.Fatalf("invitation %q: %v", token, err)
	}
	var stored int
	if err := owner.QueryRow(ctx, "SELECT count(*) FROM invitations WHERE token_hash = $1 AND user_id = $2",
		auth.HashToken(token), ann).Scan(&stored); err != nil || stored != 1 {
		t.Errorf("the invitation is not kept by its hash: %d %v", stored, err)
	}

	sa := auth.ServiceAccount{Issuer: "https://idp.example", ClientID: "cms-alpha", CourtID: a, Username: "svc-cms-alpha", Roles: []string{"clerk"}}
	user, err := auth.GrantServiceAccount(ctx, owner, sa)
	if err != nil || user == "" {
		t.Fatalf("grant: %q %v", user, err)
	}
	sa.Roles = []string{"clerk", "sheriff"}
	if again, err := auth.GrantServiceAccount(ctx, owner, sa); err != nil || again != user {
		t.Errorf("a second grant makes another user: %q %v", again, err)
	}
	var roles int
	if err := owner.QueryRow(ctx, "SELECT count(*) FROM memberships WHERE user_id = $1 AND court_id = $2 AND revoked_at IS NULL", user, a).Scan(&roles); err != nil || roles != 2 {
		t.Errorf("roles of the service account: %d %v", roles, err)
	}
	for name, bad := range map[string]auth.ServiceAccount{
		"an administrator's role": {Issuer: "https://idp.example", ClientID: "cms-x", CourtID: a, Username: "svc-cms-x", Roles: []string{"court_admin"}},
		"no role":                 {Issuer: "https://idp.example", ClientID: "cms-y", CourtID: a, Username: "svc-cms-y"},
		"another court":           {Issuer: "https://idp.example", ClientID: "cms-alpha", CourtID: b, Username: "svc-cms-alpha", Roles: []string{"clerk"}},
	} {
		if _, err := auth.GrantServiceAccount(ctx, owner, bad); err == nil {
			t.Errorf("%s was granted", name)
		}
	}
	// The application role may not grant.
	app := dbtest.Conn(t, d.AppURL)
	if _, err := auth.GrantServiceAccount(ctx, app, auth.ServiceAccount{Issuer: "https://idp.example", ClientID: "cms-z", CourtID: a, Username: "svc-cms-z", Roles: []string{"clerk"}}); err == nil {
		t.Error("the application role granted a service account")
	}
	if _, err := auth.CreateInvitation(ctx, app, ann, "", time.Hour); err == nil {
		t.Error("the application role made an invitation")
	}
}
