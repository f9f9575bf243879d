package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Tenants writes courts, users, roles, certifications and sessions straight into a
// test database as the cluster's superuser. Its Session is the tests' way to act as a user
// without signing in; this package is imported by tests only, so the production
// binary cannot do it (a test checks the binary's dependencies).
type Tenants struct {
	conn *pgx.Conn
}

// NewTenants connects as the cluster's superuser.
func NewTenants(t testing.TB, d *DB) *Tenants {
	t.Helper()
	return &Tenants{conn: Conn(t, d.AdminURL)}
}

// Court creates a court and returns its id.
func (f *Tenants) Court(t testing.TB, code string, sharesStatewide bool) string {
	t.Helper()
	var id string
	f.one(t, &id, `INSERT INTO courts (code, name, kind, county, shares_statewide, onboarding_status)
		VALUES ($1, 'Superior Court of ' || $1, 'county', $1, $2, 'live') RETURNING id`, code, sharesStatewide)
	return id
}

// Statewide returns the statewide domain's court, creating it once.
func (f *Tenants) Statewide(t testing.TB) string {
	t.Helper()
	var id string
	f.one(t, &id, `WITH made AS (
			INSERT INTO courts (code, name, kind, shares_statewide, onboarding_status)
			VALUES ('statewide', 'Statewide', 'statewide', false, 'live') ON CONFLICT DO NOTHING RETURNING id)
		SELECT id FROM made UNION ALL SELECT id FROM courts WHERE kind = 'statewide' LIMIT 1`)
	return id
}

// User creates a user and returns its id.
func (f *Tenants) User(t testing.TB, username string) string {
	t.Helper()
	var id string
	f.one(t, &id, `INSERT INTO users (username, display_name, email) VALUES ($1, $1, $1 || '@courts.example') RETURNING id`, username)
	return id
}

// Grant gives user a role in court and returns the membership id.
func (f *Tenants) Grant(t testing.TB, user, court, role string) string {
	t.Helper()
	var id string
	f.one(t, &id, `INSERT INTO memberships (court_id, user_id, role) VALUES ($1, $2, $3) RETURNING id`, court, user, role)
	return id
}

// Revoke ends a membership.
func (f *Tenants) Revoke(t testing.TB, membership string) {
	t.Helper()
	f.exec(t, `UPDATE memberships SET revoked_at = now() WHERE id = $1`, membership)
}

// Certify records a CLETS certification valid through until (a date).
func (f *Tenants) Certify(t testing.TB, user, court string, until time.Time) {
	t.Helper()
	f.exec(t, `INSERT INTO certifications (court_id, user_id, certified_until) VALUES ($1, $2, $3::date)`,
		court, user, until.Format(time.DateOnly))
}

// Session signs user in for court without the sign-in flow and returns the
// principal to state and the raw token.
func (f *Tenants) Session(t testing.TB, user, court string) (db.Principal, string) {
	t.Helper()
	var b [32]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(token))
	var activeCourt any
	if court != "" {
		activeCourt = court
	}
	f.exec(t, `INSERT INTO sessions (token_hash, user_id, active_court_id, expires_at)
		VALUES ($1, $2, $3, now() + interval '1 hour')`, sum[:], user, activeCourt)
	return db.Principal{SessionHash: hex.EncodeToString(sum[:]), CourtID: court}, token
}

// Exec runs a statement as the superuser.
func (f *Tenants) Exec(t testing.TB, sql string, args ...any) { t.Helper(); f.exec(t, sql, args...) }

func (f *Tenants) exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if _, err := f.conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("dbtest: %s: %v", sql, err)
	}
}

func (f *Tenants) one(t testing.TB, dst any, sql string, args ...any) {
	t.Helper()
	if err := f.conn.QueryRow(context.Background(), sql, args...).Scan(dst); err != nil {
		t.Fatalf("dbtest: %s: %v", sql, err)
	}
}

// Invitation makes an invitation for user valid for ttl and returns its token
// (as auth.CreateInvitation does on the administrators' path).
func (f *Tenants) Invitation(t testing.TB, user string, ttl time.Duration) string {
	t.Helper()
	var b [32]byte
	_, _ = rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(token))
	f.exec(t, `INSERT INTO invitations (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
		sum[:], user, ttl.Seconds())
	return token
}

// ServiceAccount maps a machine client (issuer, client id) to a technical user of
// court holding roles, and returns that user's id.
func (f *Tenants) ServiceAccount(t testing.TB, issuer, clientID, court, username string, roles ...string) string {
	t.Helper()
	var id string
	f.one(t, &id, `SELECT service_account_grant($1, $2, $3, $4, $5)::text`, issuer, clientID, court, username, roles)
	return id
}
