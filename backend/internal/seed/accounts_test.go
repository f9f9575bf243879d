package seed

import (
	"context"
	"os"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

const demoDocPath = "../../../docs/demo-accounts.md"

func TestDemoAccountsDocIsCurrent(t *testing.T) {
	t.Parallel()
	want := DemoAccountsDoc()
	if os.Getenv("UPDATE_DOCS") == "1" {
		if err := os.WriteFile(demoDocPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(demoDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/demo-accounts.md is stale: run UPDATE_DOCS=1 go test ./internal/seed")
	}
}

func TestDemoAccountsHoldTheirRoles(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	if _, err := Demo(ctx, d.MaintURL, "http://localhost:8080/idp"); err != nil {
		t.Fatal(err)
	}
	conn := dbtest.Conn(t, d.AdminURL)
	for _, a := range DemoAccounts {
		var ok bool
		err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users u
			JOIN memberships m ON m.user_id = u.id AND m.revoked_at IS NULL AND m.role = $2
			JOIN courts c ON c.id = m.court_id AND c.code = $3
			JOIN idp_accounts a ON a.user_id = u.id AND a.demo AND a.totp_secret = $4
			JOIN identities i ON i.user_id = u.id AND i.issuer = 'http://localhost:8080/idp' AND i.subject = u.id::text
			WHERE u.username = $1)`, a.Username, a.Role, a.Court, a.TOTPSecret()).Scan(&ok)
		if err != nil || !ok {
			t.Errorf("%s: %s of %s not seeded (%v)", a.Username, a.Role, a.Court, err)
		}
		var certified bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM certifications k JOIN users u ON u.id = k.user_id
			WHERE u.username = $1 AND k.certified_until >= current_date)`, a.Username).Scan(&certified); err != nil {
			t.Fatal(err)
		}
		if certified != a.CLETSCertified() {
			t.Errorf("%s: CLETS certified %v, want %v", a.Username, certified, a.CLETSCertified())
		}
	}
	if !(DemoAccount{Username: "demo.riverside.clerk"}).CLETSCertified() || (DemoAccount{Username: "demo.fresno.clerk"}).CLETSCertified() {
		t.Error("the Riverside clerk is the certified one, Fresno's clerk is not")
	}
}
