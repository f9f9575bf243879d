package seed

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/idp"
)

// DemoPassword is the password of every demo account. It is published (in
// docs/demo-accounts.md): production refuses to start while a demo account exists.
const DemoPassword = "Demo-registry-2026"

// DemoAccount is one demo user: a role in a court at the built-in provider.
type DemoAccount struct {
	Role, Court, Username, Name string
}

// DemoAccounts are one user per role in a few demo courts (court codes of seedCourts).
var DemoAccounts = []DemoAccount{
	{"platform_admin", "statewide", "demo.platform-admin", "Pat Admin (demo)"},
	{"platform_admin", "statewide", "demo.platform-admin-2", "Quinn Admin (demo)"},
	{"helpdesk", "statewide", "demo.helpdesk", "Hal Helpdesk (demo)"},
	{"auditor", "statewide", "demo.auditor", "Ada Auditor (demo)"},
	{"court_admin", "riverside", "demo.riverside.admin", "Rita Admin (demo)"},
	{"clerk", "riverside", "demo.riverside.clerk", "Carla Clerk (demo)"},
	{"judicial_officer", "riverside", "demo.riverside.judge", "Judge Rivera (demo)"},
	{"sheriff", "riverside", "demo.riverside.sheriff", "Deputy Ruiz (demo)"},
	{"helpdesk", "riverside", "demo.riverside.helpdesk", "Hank Helpdesk (demo)"},
	{"auditor", "riverside", "demo.riverside.auditor", "Audrey Auditor (demo)"},
	{"court_admin", "fresno", "demo.fresno.admin", "Fran Admin (demo)"},
	{"clerk", "fresno", "demo.fresno.clerk", "Felix Clerk (demo)"},
	{"clerk", "yurok", "demo.yurok.clerk", "Yara Clerk (demo)"},
}

// cletsCertified are the demo accounts with a CLETS certification: they see CARPOS
// data (Riverside submits to CLETS). The others, Fresno's clerk among them, see none.
var cletsCertified = map[string]bool{"demo.riverside.clerk": true, "demo.riverside.sheriff": true}

// CLETSCertified reports whether the demo account holds a CLETS certification.
func (a DemoAccount) CLETSCertified() bool { return cletsCertified[a.Username] }

// TOTPSecret is a demo account's fixed TOTP secret (base32), derived from its
// username so the published list and the database always agree.
func (a DemoAccount) TOTPSecret() string {
	sum := sha256.Sum256([]byte("ccpor demo totp " + a.Username))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:20])
}

// seedAccounts creates the demo users with their roles, their credentials at the
// built-in provider (marked demo) and their identity there (issuer).
func seedAccounts(issuer string) func(ctx context.Context, tx pgx.Tx) (bool, error) {
	return func(ctx context.Context, tx pgx.Tx) (bool, error) {
		changed := false
		for _, a := range DemoAccounts {
			tag, err := tx.Exec(ctx, `INSERT INTO users (username, display_name, email) VALUES ($1, $2, $1 || '@demo.courts.example')
				ON CONFLICT (username) DO NOTHING`, a.Username, a.Name)
			if err != nil {
				return false, fmt.Errorf("user %s: %w", a.Username, err)
			}
			changed = changed || tag.RowsAffected() > 0
			var user string
			if err := tx.QueryRow(ctx, "SELECT id FROM users WHERE username = $1", a.Username).Scan(&user); err != nil {
				return false, fmt.Errorf("user %s: %w", a.Username, err)
			}
			tag, err = tx.Exec(ctx, `INSERT INTO memberships (court_id, user_id, role)
				SELECT c.id, $2, $3 FROM courts c WHERE c.code = $1
				ON CONFLICT (court_id, user_id, role) WHERE revoked_at IS NULL DO NOTHING`, a.Court, user, a.Role)
			if err != nil {
				return false, fmt.Errorf("membership %s: %w", a.Username, err)
			}
			changed = changed || tag.RowsAffected() > 0
			if a.CLETSCertified() {
				// a year from the seeding, renewed when a later seeding finds it lapsed
				tag, err = tx.Exec(ctx, `INSERT INTO certifications (court_id, user_id, certified_until)
					SELECT c.id, $2, current_date + 365 FROM courts c WHERE c.code = $1
					AND NOT EXISTS (SELECT 1 FROM certifications k WHERE k.user_id = $2 AND k.certified_until >= current_date)`, a.Court, user)
				if err != nil {
					return false, fmt.Errorf("certification %s: %w", a.Username, err)
				}
				changed = changed || tag.RowsAffected() > 0
			}
			var has bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM idp_accounts WHERE user_id = $1)", user).Scan(&has); err != nil {
				return false, err
			}
			if !has {
				if _, err := tx.Exec(ctx, `INSERT INTO idp_accounts (user_id, password_hash, totp_secret, password_set_at, demo)
					VALUES ($1, $2, $3, now(), true)`, user, idp.HashPassword(DemoPassword), a.TOTPSecret()); err != nil {
					return false, fmt.Errorf("account %s: %w", a.Username, err)
				}
				changed = true
			}
			tag, err = tx.Exec(ctx, `INSERT INTO identities (issuer, subject, user_id) VALUES ($1, $2::text, $2::uuid)
				ON CONFLICT DO NOTHING`, issuer, user)
			if err != nil {
				return false, fmt.Errorf("identity %s: %w", a.Username, err)
			}
			changed = changed || tag.RowsAffected() > 0
		}
		return changed, nil
	}
}

// DemoAccountsDoc is docs/demo-accounts.md, generated from DemoAccounts (a test
// fails when the file is stale; UPDATE_DOCS=1 go test ./internal/seed rewrites it).
func DemoAccountsDoc() string {
	s := "# Demo accounts\n\n" +
		"Generated from `backend/internal/seed/accounts.go` by `UPDATE_DOCS=1 go test ./internal/seed`;\n" +
		"a test fails when this file is stale. `ccpor seed demo` creates these accounts in development\n" +
		"only: their password is published here, so the server refuses to start in production while\n" +
		"any of them exists.\n\n" +
		"Each signs in at the built-in provider (`/idp`): the use notice, then the username and the\n" +
		"password, then the six-digit code an authenticator app (or `oathtool --totp -b SECRET`)\n" +
		"computes from the TOTP secret. A code is accepted once; five failures within 15 minutes\n" +
		"lock the account.\n\n" +
		"The accounts marked CLETS hold a CLETS certification (a year from the seeding): they see\n" +
		"CARPOS data (docs/carpos.md). Riverside submits to CLETS; Fresno does not.\n\n" +
		"| role | court | username | password | TOTP secret | CLETS |\n|---|---|---|---|---|---|\n"
	for _, a := range DemoAccounts {
		clets := ""
		if a.CLETSCertified() {
			clets = "certified"
		}
		s += fmt.Sprintf("| `%s` | `%s` | `%s` | `%s` | `%s` | %s |\n", a.Role, a.Court, a.Username, DemoPassword, a.TOTPSecret(), clets)
	}
	return s
}
