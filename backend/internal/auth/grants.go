package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// OwnerConn is a connection as the schema's owner (pgx.Conn or pgxpool.Pool):
// invitations and service accounts are granted on the administrators' path, never
// by the application role.
type OwnerConn interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// CreateInvitation makes an invitation for user, valid for ttl, and returns its
// token (shown once, in the link /auth/login?invitation=TOKEN); only its hash is kept.
func CreateInvitation(ctx context.Context, q OwnerConn, user, createdBy string, ttl time.Duration) (string, error) {
	token := random(32)
	if err := StoreInvitation(ctx, q, HashToken(token), user, createdBy, ttl); err != nil {
		return "", err
	}
	return token, nil
}

// StoreInvitation keeps an invitation for user, valid for ttl, by the hash of its
// token: for callers whose token is made (and e-mailed) elsewhere, as by idp.Mail.Invite.
func StoreInvitation(ctx context.Context, q OwnerConn, hash []byte, user, createdBy string, ttl time.Duration) error {
	var by any
	if createdBy != "" {
		by = createdBy
	}
	if _, err := q.Exec(ctx, `INSERT INTO invitations (token_hash, user_id, created_by, expires_at)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4))`, hash, user, by, ttl.Seconds()); err != nil {
		return fmt.Errorf("store: create invitation: %w", err)
	}
	return nil
}

// ServiceAccount is a machine client's grant: its tokens' issuer and client id,
// the court it acts for and its roles there.
type ServiceAccount struct {
	Issuer, ClientID, CourtID, Username string
	Roles                               []string
	GrantedBy                           string
}

// GrantServiceAccount maps a machine client to a technical user of its court
// holding the given roles, and returns that user's id.
func GrantServiceAccount(ctx context.Context, q OwnerConn, sa ServiceAccount) (string, error) {
	var by any
	if sa.GrantedBy != "" {
		by = sa.GrantedBy
	}
	var user string
	err := q.QueryRow(ctx, "SELECT service_account_grant($1, $2, $3, $4, $5, $6)::text",
		sa.Issuer, sa.ClientID, sa.CourtID, sa.Username, sa.Roles, by).Scan(&user)
	if err != nil {
		return "", fmt.Errorf("store: grant service account: %w", err)
	}
	return user, nil
}
