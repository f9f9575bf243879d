package idp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// errNotFound is the provider's "no such thing", which op turns into the right
// OAuth error.
type notFound struct{ what string }

func (e notFound) Error() string { return "idp: " + e.what + " not found" }
func (notFound) IsNotFound()     {}

// Storage keeps the provider's state in PostgreSQL (migration 00011). It
// implements op.Storage.
type Storage struct {
	db      *db.DB
	clock   clock.Clock
	builtin *client // the registry itself; nil when it is registered in idp_clients
	secret  []byte  // hash of the built-in client's secret; nil: public client with PKCE
	keys    *keyRing
	login   string // path of the sign-in pages
	dev     bool
	// apiAudience is what client-credentials tokens are for (CCPOR_API_AUDIENCE).
	apiAudience string
}

var _ op.Storage = (*Storage)(nil)

func (s *Storage) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.Tx(ctx, db.Principal{RequestID: httpapi.RequestID(ctx)}, fn)
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// CreateAuthRequest stores an authorization request; the sign-in pages continue it.
func (s *Storage) CreateAuthRequest(ctx context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	data := requestData{Scopes: r.Scopes, RedirectURI: r.RedirectURI, State: r.State, Nonce: r.Nonce,
		ResponseType: string(r.ResponseType), ResponseMode: string(r.ResponseMode),
		CodeChallenge: r.CodeChallenge, CodeChallengeMethod: string(r.CodeChallengeMethod)}
	a := &authRequest{id: uuid.NewString(), clientID: r.ClientID, data: data}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM idp_auth_requests WHERE expires_at < now() - interval '1 hour'").Error; err != nil {
			return err
		}
		return tx.Exec("INSERT INTO idp_auth_requests (id, client_id, request, expires_at) VALUES (?, ?, ?::jsonb, now() + make_interval(secs => ?))",
			a.id, a.clientID, toJSON(data), authRequestTTL.Seconds()).Error
	})
	if err != nil {
		return nil, fmt.Errorf("idp: create auth request: %w", err)
	}
	return a, nil
}

const authRequestColumns = `id::text, client_id, request::text, coalesce(user_id::text, ''), notice_at, password_at,
	auth_time, amr::text, coalesce(encode(browser_hash, 'hex'), ''), reenrol`

func scanAuthRequest(row *sql.Row) (*authRequest, error) {
	var a authRequest
	var data, amr, browser string
	err := row.Scan(&a.id, &a.clientID, &data, &a.userID, &a.noticeAt, &a.passwordAt, &a.authTime, &amr, &browser, &a.reenrol)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound{"authorization request"}
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &a.data); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(amr), &a.amr); err != nil {
		return nil, err
	}
	a.browserHash, _ = hex.DecodeString(browser)
	return &a, nil
}

// authRequest returns a live authorization request.
func (s *Storage) authRequest(ctx context.Context, id string) (*authRequest, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, notFound{"authorization request"}
	}
	var a *authRequest
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		a, err = scanAuthRequest(tx.Raw("SELECT "+authRequestColumns+" FROM idp_auth_requests WHERE id = ? AND expires_at > now()", id).Row())
		return err
	})
	return a, err
}

// AuthRequestByID returns a live authorization request.
func (s *Storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	return s.authRequest(ctx, id)
}

// AuthRequestByCode returns the request a code was issued for.
func (s *Storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	var a *authRequest
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		a, err = scanAuthRequest(tx.Raw("SELECT "+authRequestColumns+" FROM idp_auth_requests WHERE code_hash = decode(?, 'hex') AND expires_at > now()", hashOf(code)).Row())
		return err
	})
	return a, err
}

// SaveAuthCode keeps the hash of the code issued for a request.
func (s *Storage) SaveAuthCode(ctx context.Context, id, code string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec("UPDATE idp_auth_requests SET code_hash = decode(?, 'hex') WHERE id = ?", hashOf(code), id).Error
	})
}

// DeleteAuthRequest ends a request: its code is used or it failed.
func (s *Storage) DeleteAuthRequest(ctx context.Context, id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return nil
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec("DELETE FROM idp_auth_requests WHERE id = ?", id).Error
	})
}

func clientOf(r op.TokenRequest) string {
	switch t := r.(type) {
	case *authRequest:
		return t.clientID
	case *refreshRequest:
		return t.clientID
	case interface{ GetClientID() string }:
		return t.GetClientID()
	}
	return ""
}

func insertAccess(tx *gorm.DB, id, clientID, refreshID string, r op.TokenRequest, expires time.Time) error {
	var refresh any
	if refreshID != "" {
		refresh = refreshID
	}
	return tx.Exec("INSERT INTO idp_access_tokens (id, client_id, subject, refresh_id, audience, scopes, expires_at) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)",
		id, clientID, r.GetSubject(), refresh, toJSON(r.GetAudience()), toJSON(r.GetScopes()), expires).Error
}

// CreateAccessToken records an access token (a JWT) without a refresh token.
func (s *Storage) CreateAccessToken(ctx context.Context, r op.TokenRequest) (string, time.Time, error) {
	id, exp := uuid.NewString(), s.clock.Now().Add(accessTokenTTL)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM idp_access_tokens WHERE expires_at < now() - interval '1 hour'").Error; err != nil {
			return err
		}
		return insertAccess(tx, id, clientOf(r), "", r, exp)
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("idp: create access token: %w", err)
	}
	return id, exp, nil
}

// CreateAccessAndRefreshTokens issues an access token and a refresh token. With
// current (a refresh), the current refresh token is used up: each rotates once.
func (s *Storage) CreateAccessAndRefreshTokens(ctx context.Context, r op.TokenRequest, current string) (string, string, time.Time, error) {
	var amr []string
	var authTime time.Time
	switch t := r.(type) {
	case *authRequest:
		amr, authTime = t.amr, t.GetAuthTime()
	case *refreshRequest:
		amr, authTime = t.amr, t.authTime
	default:
		return "", "", time.Time{}, errors.New("idp: refresh tokens only for the code flow")
	}
	accessID, refreshID, token := uuid.NewString(), uuid.NewString(), randomToken()
	now := s.clock.Now()
	client := clientOf(r)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if current != "" {
			// The token is used up here, once: a second use finds nothing.
			var oldAccess string
			err := tx.Raw("DELETE FROM idp_refresh_tokens WHERE token_hash = decode(?, 'hex') AND client_id = ? AND expires_at > now() "+
				"RETURNING coalesce(access_id::text, '')", hashOf(current), client).Row().Scan(&oldAccess)
			if errors.Is(err, sql.ErrNoRows) {
				return op.ErrInvalidRefreshToken
			}
			if err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM idp_access_tokens WHERE id::text = ?", oldAccess).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("DELETE FROM idp_refresh_tokens WHERE expires_at < now()").Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM idp_access_tokens WHERE expires_at < now() - interval '1 hour'").Error; err != nil {
			return err
		}
		if err := insertAccess(tx, accessID, client, refreshID, r, now.Add(accessTokenTTL)); err != nil {
			return err
		}
		return tx.Exec("INSERT INTO idp_refresh_tokens (id, token_hash, client_id, subject, audience, scopes, amr, auth_time, access_id, expires_at) "+
			"VALUES (?, decode(?, 'hex'), ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)",
			refreshID, hashOf(token), client, r.GetSubject(), toJSON(r.GetAudience()), toJSON(r.GetScopes()), toJSON(amr),
			authTime, accessID, now.Add(refreshTTL)).Error
	})
	if err != nil {
		return "", "", time.Time{}, fmt.Errorf("idp: create tokens: %w", err)
	}
	return accessID, token, now.Add(accessTokenTTL), nil
}

// TokenRequestByRefreshToken returns what a live refresh token stands for.
func (s *Storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	var r refreshRequest
	var aud, scopes, amr string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT id::text, client_id, subject, audience::text, scopes::text, amr::text, auth_time FROM idp_refresh_tokens "+
			"WHERE token_hash = decode(?, 'hex') AND expires_at > now()", hashOf(token)).Row().
			Scan(&r.id, &r.clientID, &r.subject, &aud, &scopes, &amr, &r.authTime)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, op.ErrInvalidRefreshToken
	}
	if err != nil {
		return nil, fmt.Errorf("idp: refresh token: %w", err)
	}
	_ = json.Unmarshal([]byte(aud), &r.audience)
	_ = json.Unmarshal([]byte(scopes), &r.scopes)
	_ = json.Unmarshal([]byte(amr), &r.amr)
	return &r, nil
}

// TerminateSession ends a user's tokens at a client (end-session).
func (s *Storage) TerminateSession(ctx context.Context, userID, clientID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM idp_refresh_tokens WHERE subject = ? AND client_id = ?", userID, clientID).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM idp_access_tokens WHERE subject = ? AND client_id = ?", userID, clientID).Error
	})
}

// RevokeToken revokes an access token (by id) or a refresh token (by value).
func (s *Storage) RevokeToken(ctx context.Context, tokenOrID, _, clientID string) *oidc.Error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if _, err := uuid.Parse(tokenOrID); err == nil {
			return tx.Exec("DELETE FROM idp_access_tokens WHERE id = ? AND client_id = ?", tokenOrID, clientID).Error
		}
		return tx.Exec("WITH gone AS (DELETE FROM idp_refresh_tokens WHERE token_hash = decode(?, 'hex') AND client_id = ? RETURNING access_id) "+
			"DELETE FROM idp_access_tokens WHERE id IN (SELECT access_id FROM gone)", hashOf(tokenOrID), clientID).Error
	})
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}

// GetRefreshTokenInfo answers the user and id of a client's refresh token.
func (s *Storage) GetRefreshTokenInfo(ctx context.Context, clientID, token string) (string, string, error) {
	var user, id string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT subject, id::text FROM idp_refresh_tokens WHERE token_hash = decode(?, 'hex') AND client_id = ?",
			hashOf(token), clientID).Row().Scan(&user, &id)
	})
	if err != nil {
		return "", "", op.ErrInvalidRefreshToken
	}
	return user, id, nil
}

// Health answers whether the database answers.
func (s *Storage) Health(ctx context.Context) error { return s.db.SQL().PingContext(ctx) }
