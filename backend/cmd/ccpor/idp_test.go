package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestIdpRotateKeysKeepsTheOldKeyPublished(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	env := []string{"DATABASE_URL=" + d.AdminURL, "DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL}
	for range 2 {
		if err := run(context.Background(), []string{"idp", "rotate-keys"}, &bytes.Buffer{}, env); err != nil {
			t.Fatal(err)
		}
	}
	var active, retired int
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(),
		"SELECT count(*) FILTER (WHERE retired_at IS NULL), count(*) FILTER (WHERE verify_until > now()) FROM idp_signing_keys").
		Scan(&active, &retired); err != nil {
		t.Fatal(err)
	}
	if active != 1 || retired != 1 {
		t.Errorf("%d active and %d retired keys still verifying; want 1 and 1", active, retired)
	}
}

func TestInviteMakesTheFirstPlatformAdmin(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	env := []string{"DATABASE_URL=" + d.AdminURL, "DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL, "CCPOR_PUBLIC_URL=https://ccpor.example/ccpor"}
	var out bytes.Buffer
	args := []string{"invite", "-username", "first.admin", "-name", "First Admin", "-email", "first@courts.example",
		"-court", "statewide", "-role", "platform_admin"}
	if err := run(context.Background(), args, &out, env); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "https://ccpor.example/ccpor/idp/enrol?invitation=") {
		t.Errorf("printed %q", out.String())
	}
	var n int
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(), `SELECT count(*) FROM users u
		JOIN memberships m ON m.user_id = u.id AND m.role = 'platform_admin'
		JOIN courts c ON c.id = m.court_id AND c.kind = 'statewide'
		JOIN invitations v ON v.user_id = u.id AND v.used_at IS NULL
		WHERE u.username = 'first.admin'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("first admin: %d rows, %v", n, err)
	}
	// The link is e-mailed too (to the development outbox).
	var to, body string
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(),
		"SELECT recipient, body FROM mail_outbox WHERE subject = 'CCPOR: your invitation'").Scan(&to, &body); err != nil {
		t.Fatalf("no invitation mail: %v", err)
	}
	if link := strings.TrimSpace(out.String()); to != "first@courts.example" || !strings.Contains(body, link) || !strings.Contains(body, "first.admin") {
		t.Errorf("mail to %s: %q; want the link %s and the username", to, body, link)
	}
	if err := run(context.Background(), []string{"invite", "-username", "x.y", "-name", "X", "-email", "x@y.example",
		"-court", "statewide", "-role", "overlord"}, &bytes.Buffer{}, env); err == nil {
		t.Error("an unknown role was accepted")
	}
}

func TestIdpUnlock(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	env := []string{"DATABASE_URL=" + d.AdminURL, "DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL}
	f := dbtest.NewTenants(t, d)
	ann := f.User(t, "ann")
	f.Exec(t, "INSERT INTO idp_accounts (user_id, failures, first_failure, locked_at) VALUES ($1, 5, now(), now())", ann)
	if err := run(context.Background(), []string{"idp", "unlock", "ann"}, &bytes.Buffer{}, env); err != nil {
		t.Fatal(err)
	}
	var locked bool
	var failures int
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(),
		"SELECT locked_at IS NOT NULL, failures FROM idp_accounts WHERE user_id = $1", ann).Scan(&locked, &failures); err != nil {
		t.Fatal(err)
	}
	if locked || failures != 0 {
		t.Errorf("after unlock: locked %v, %d failures", locked, failures)
	}
	if err := run(context.Background(), []string{"idp", "unlock", "nobody"}, &bytes.Buffer{}, env); err == nil {
		t.Error("unlocking an unknown account succeeded")
	}
}
