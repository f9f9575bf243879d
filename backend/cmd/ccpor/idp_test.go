package main

import (
	"bytes"
	"context"
	"regexp"
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
	// Only the owner rotates: the application role adds no key once one is active.
	app := dbtest.Conn(t, d.AppURL)
	ctx := context.Background()
	if _, err := app.Exec(ctx, "SELECT idp_signing_key_add('key-of-the-app', 'RS256', '\\x00', '\\x00', true, interval '1 hour')"); err == nil ||
		!strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the application role rotated the keys: %v", err)
	}
	if _, err := app.Exec(ctx, "INSERT INTO idp_signing_keys (id, algorithm, private_key, public_key) VALUES ('key-of-the-app', 'RS256', '\\x00', '\\x00')"); err == nil ||
		!strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the application role inserted a key: %v", err)
	}
	var added bool
	if err := app.QueryRow(ctx, "SELECT idp_signing_key_first('key-of-the-app', 'RS256', '\\x00', '\\x00')").Scan(&added); err != nil || added {
		t.Errorf("a first key added while one is active: %v %v", added, err)
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
	alpha := f.Court(t, "alpha", true)
	ann := f.User(t, "ann")
	f.Grant(t, ann, alpha, "clerk")
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
	var actor, court string
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(),
		"SELECT actor, court_id::text FROM audit_events WHERE action = 'idp.unlock' AND object_id = $1 AND outcome = 'success'", ann).
		Scan(&actor, &court); err != nil {
		t.Fatalf("the unlock is not in the audit log: %v", err)
	}
	if actor != "operator: ccpor idp unlock" || court != alpha {
		t.Errorf("unlock audited as %q in court %s; want the operator command in the user's court %s", actor, court, alpha)
	}
	if err := run(context.Background(), []string{"idp", "unlock", "nobody"}, &bytes.Buffer{}, env); err == nil {
		t.Error("unlocking an unknown account succeeded")
	}
}

func TestIdpAddClientRegistersAServiceAccountAndPrintsTheSecretOnce(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	env := []string{"DATABASE_URL=" + d.AdminURL, "DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL, "CCPOR_PUBLIC_URL=https://ccpor.example/ccpor"}
	f := dbtest.NewTenants(t, d)
	alpha := f.Court(t, "alpha", true)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"idp", "add-client", "-id", "cms-alpha", "-court", "alpha", "-role", "clerk,sheriff"}, &out, env); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`client secret: (\S+)`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "client id:     cms-alpha") {
		t.Fatalf("printed %q", out.String())
	}
	admin := dbtest.Conn(t, d.AdminURL)
	var stored bool
	var court, issuer, roles string
	if err := admin.QueryRow(context.Background(), `SELECT c.secret_hash = sha256(convert_to($1, 'UTF8')), s.court_id::text, s.issuer,
		(SELECT string_agg(role, ',' ORDER BY role) FROM memberships WHERE user_id = s.user_id)
		FROM idp_clients c JOIN service_accounts s ON s.client_id = c.id WHERE c.id = 'cms-alpha'`, m[1]).
		Scan(&stored, &court, &issuer, &roles); err != nil {
		t.Fatal(err)
	}
	if !stored || court != alpha || issuer != "https://ccpor.example/ccpor/idp" || roles != "clerk,sheriff" {
		t.Errorf("client: hash of the printed secret %v, court %s (want %s), issuer %s, roles %s", stored, court, alpha, issuer, roles)
	}
	var n int
	if err := admin.QueryRow(context.Background(), "SELECT count(*) FROM audit_events WHERE action = 'idp.client_add' AND object_id = 'cms-alpha' AND court_id = $1 AND actor = 'operator: ccpor idp add-client'", alpha).Scan(&n); err != nil || n != 1 {
		t.Errorf("the registration audited %d times (%v)", n, err)
	}
	for name, args := range map[string][]string{
		"again":           {"-id", "cms-alpha", "-court", "alpha", "-role", "clerk"},
		"unknown court":   {"-id", "cms-beta", "-court", "beta", "-role", "clerk"},
		"privileged role": {"-id", "cms-beta", "-court", "alpha", "-role", "court_admin"},
		"bad id":          {"-id", "a b", "-court", "alpha", "-role", "clerk"},
		"no role":         {"-id", "cms-beta", "-court", "alpha"},
	} {
		if err := run(context.Background(), append([]string{"idp", "add-client"}, args...), &bytes.Buffer{}, env); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := admin.QueryRow(context.Background(), "SELECT count(*) FROM idp_clients").Scan(&n); err != nil || n != 1 {
		t.Errorf("%d clients after the refusals; want 1", n)
	}
}
