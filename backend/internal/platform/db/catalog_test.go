package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// tablesWithoutCourtID is the one list of tables that hold no court's data, each
// with the reason it is safe without row-level security by court.
var tablesWithoutCourtID = map[string]string{
	"goose_db_version":    "migration bookkeeping; the application roles may only read it",
	"river_job":           "job queue; arguments carry ids, never order data (package jobs)",
	"river_leader":        "job queue leader election; no registry data",
	"river_queue":         "job queue settings; no registry data",
	"river_migration":     "job queue schema version; no registry data",
	"river_notification":  "job queue wake-ups; no registry data",
	"courts":              "the tenant directory itself (names, kinds, ORIs, contacts): readable by every signed-in user, written only by the owner's migrations and platform administration",
	"users":               "people, not court data; RLS shows the application role only the signed-in user's own row",
	"sessions":            "found only by token hash through definer helpers; RLS admits no application role",
	"session_scopes":      "derived from sessions, memberships, certifications and courts by definer triggers; the application role reads only the row of the session hash it states",
	"identities":          "issuer and subject linked to a user, not court data; reached only through the definer function identity_sign_in; RLS admits no application role",
	"invitations":         "hashes of invitation tokens, not court data; used only through identity_sign_in; RLS admits no application role",
	"idp_clients":         "clients of the built-in OpenID provider (redirect URIs, grant types); the application role reads no secret column (column grant) and checks secrets only through idp_client_secret_ok",
	"idp_auth_requests":   "authorization requests in flight at the built-in provider (scopes, redirect URI, PKCE challenge, the hash of the code and of the browser's cookie); not court data",
	"idp_access_tokens":   "ids, subjects and expiries of the built-in provider's JWT access tokens, for userinfo and revocation; no token value is kept",
	"idp_refresh_tokens":  "hashes of the built-in provider's refresh tokens with their subject and scopes; not court data",
	"idp_signing_keys":    "the built-in provider's signing keys; the application role reads only public columns (column grant), the private key only through idp_active_signing_key",
	"idp_accounts":        "argon2id password hashes, TOTP secrets and lockout counters of users at the built-in provider; RLS admits no application role, reached only through definer functions",
	"idp_unknown_users":   "attempt counters of usernames without an account at the built-in provider, so they lock like accounts; RLS admits no application role, reached only through definer functions",
	"idp_password_resets": "hashes of the built-in provider's password reset links; RLS admits no application role, reached only through definer functions",
	"mail_outbox":         "development stand-in for SMTP (e-mail to users, e.g. reset links); RLS admits no application role, written and listed through definer functions; production refuses to start with it on or holding mail",
	"maintenance_windows": "announcements of maintenance (times, message, the courts affected): public, readable by every role; written only by platform administrators (RLS on the session's roles)",
	"order_stats_refresh": "when the order reports' counts were last made (one row, a time and a date); no court data",
	"login_states":        "pre-sessions of the sign-in flow (state, nonce, PKCE verifier) keyed by a cookie's hash; reached only through definer functions; RLS admits no application role",
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	conn := dbtest.Conn(t, d.AdminURL)
	findings, err := dbtest.CheckCatalog(context.Background(), conn, tablesWithoutCourtID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}

// TestCatalogFindsViolations proves the catalog test can fail: each broken table
// below must be reported.
func TestCatalogFindsViolations(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	owner := dbtest.Conn(t, d.OwnerURL)
	ctx := context.Background()
	setup := []string{
		`CREATE TABLE no_rls (id int, court_id uuid)`,
		`CREATE TABLE not_forced (id int, court_id uuid)`,
		`ALTER TABLE not_forced ENABLE ROW LEVEL SECURITY`,
		`CREATE POLICY read ON not_forced AS PERMISSIVE FOR SELECT TO ccpor_app USING (true)`,
		`CREATE TABLE public_policy (id int, court_id uuid)`,
		`ALTER TABLE public_policy ENABLE ROW LEVEL SECURITY`,
		`ALTER TABLE public_policy FORCE ROW LEVEL SECURITY`,
		`CREATE POLICY everyone ON public_policy USING (true)`,
		`CREATE POLICY guard ON public_policy AS RESTRICTIVE FOR ALL TO ccpor_app USING (true)`,
		`CREATE TABLE deletable (id int, court_id uuid)`,
		`ALTER TABLE deletable ENABLE ROW LEVEL SECURITY`,
		`ALTER TABLE deletable FORCE ROW LEVEL SECURITY`,
		`CREATE POLICY guard ON deletable AS RESTRICTIVE FOR ALL TO ccpor_app USING (true)`,
		`GRANT DELETE, TRUNCATE ON deletable TO ccpor_app`,
		`CREATE TABLE reads_only (id int, court_id uuid)`,
		`ALTER TABLE reads_only ENABLE ROW LEVEL SECURITY`,
		`ALTER TABLE reads_only FORCE ROW LEVEL SECURITY`,
		`CREATE POLICY guard ON reads_only AS RESTRICTIVE FOR ALL TO ccpor_app USING (true)`,
		`CREATE POLICY reads_only_app_clets ON reads_only AS RESTRICTIVE FOR SELECT TO ccpor_app USING (true)`,
		`CREATE TABLE unlisted (id int)`,
		`CREATE VIEW definer_view AS SELECT id FROM unlisted`,
		`CREATE FUNCTION loose() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'`,
		`GRANT EXECUTE ON FUNCTION loose() TO PUBLIC`,
	}
	for _, s := range setup {
		if _, err := owner.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	findings, err := dbtest.CheckCatalog(ctx, dbtest.Conn(t, d.AdminURL), tablesWithoutCourtID)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(findings, "\n")
	for _, want := range []string{
		"table no_rls has court_id but row-level security is not enabled",
		"table no_rls has court_id but no policy",
		"table no_rls has no restrictive FOR ALL guard TO ccpor_app",
		"table not_forced has court_id but row-level security is not forced",
		"policy everyone on public_policy names no role",
		"table deletable grants DELETE to ccpor_app",
		"table deletable grants TRUNCATE to ccpor_app",
		"ccpor_app may TRUNCATE deletable",
		"CLETS guard reads_only_app_clets on reads_only is not restrictive FOR ALL",
		"table unlisted has no court_id and is not on the list",
		"view definer_view is not security_invoker",
		"security definer function loose has no fixed search_path",
		"function loose() may be executed by PUBLIC",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("catalog check missed %q; it found:\n%s", want, all)
		}
	}
	stale, err := dbtest.CheckCatalog(ctx, dbtest.Conn(t, d.AdminURL), map[string]string{"gone": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(stale, "\n"), "names gone, which does not exist") {
		t.Errorf("a stale entry on the list was not reported: %v", stale)
	}
}

func TestApplicationRolesArePowerless(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	conn := dbtest.Conn(t, d.AdminURL)
	ctx := context.Background()
	for _, tc := range []struct {
		role                     string
		super, bypass, ownsThing bool
	}{
		{"ccpor_app", false, false, false},
		{"ccpor_worker", false, false, false},
		{"ccpor_maint", false, true, false},
		{"ccpor_owner", false, false, true},
	} {
		t.Run(tc.role, func(t *testing.T) {
			var super, bypass, owns bool
			err := conn.QueryRow(ctx, `
				SELECT rolsuper, rolbypassrls,
				       EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid)
				    OR EXISTS (SELECT 1 FROM pg_proc WHERE proowner = r.oid)
				    OR EXISTS (SELECT 1 FROM pg_type WHERE typowner = r.oid)
				    OR EXISTS (SELECT 1 FROM pg_namespace WHERE nspowner = r.oid)
				FROM pg_roles r WHERE rolname = $1`, tc.role).Scan(&super, &bypass, &owns)
			if err != nil {
				t.Fatal(err)
			}
			if super != tc.super || bypass != tc.bypass || owns != tc.ownsThing {
				t.Errorf("superuser=%v bypassrls=%v owns=%v; want %v %v %v", super, bypass, owns, tc.super, tc.bypass, tc.ownsThing)
			}
		})
	}
}
