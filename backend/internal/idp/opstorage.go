package idp

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"gorm.io/gorm"
)

// GetClientByClientID returns the registry itself or a client of idp_clients.
func (s *Storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	if s.builtin != nil && id == s.builtin.id {
		return s.builtin, nil
	}
	var redirect, logout, grants string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT redirect_uris::text, post_logout_redirect_uris::text, grant_types::text FROM idp_clients WHERE id = ? AND disabled_at IS NULL", id).
			Row().Scan(&redirect, &logout, &grants)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound{"client"}
	}
	if err != nil {
		return nil, fmt.Errorf("idp: client: %w", err)
	}
	c := &client{id: id, authMethod: oidc.AuthMethodBasic, loginPath: s.login, dev: s.dev}
	_ = json.Unmarshal([]byte(redirect), &c.redirectURIs)
	_ = json.Unmarshal([]byte(logout), &c.postLogoutURIs)
	_ = json.Unmarshal([]byte(grants), &c.grantTypes)
	return c, nil
}

// AuthorizeClientIDSecret checks a client's secret; only its hash is stored.
func (s *Storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	if s.builtin != nil && id == s.builtin.id {
		if s.secret != nil && subtle.ConstantTimeCompare([]byte(hashOf(secret)), s.secret) == 1 {
			return nil
		}
		return oidc.ErrInvalidClient().WithDescription("client authentication failed")
	}
	var ok bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT idp_client_secret_ok(?, decode(?, 'hex'))", id, hashOf(secret)).Row().Scan(&ok)
	})
	if err != nil {
		return fmt.Errorf("idp: client secret: %w", err)
	}
	if !ok {
		return oidc.ErrInvalidClient().WithDescription("client authentication failed")
	}
	return nil
}

// setUserinfo fills the claims the scopes ask for.
func (s *Storage) setUserinfo(ctx context.Context, info *oidc.UserInfo, userID string, scopes []string) error {
	var username, name, email string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT username, display_name, email FROM idp_userinfo(?::uuid) WHERE username IS NOT NULL", userID).
			Row().Scan(&username, &name, &email)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return notFound{"user"}
	}
	if err != nil {
		return fmt.Errorf("idp: userinfo: %w", err)
	}
	for _, sc := range scopes {
		switch sc {
		case oidc.ScopeOpenID:
			info.Subject = userID
		case oidc.ScopeProfile:
			info.PreferredUsername, info.Name = username, name
		case oidc.ScopeEmail:
			info.Email = email
		}
	}
	return nil
}

// SetUserinfoFromScopes fills the ID token's user claims.
func (s *Storage) SetUserinfoFromScopes(ctx context.Context, info *oidc.UserInfo, userID, _ string, scopes []string) error {
	return s.setUserinfo(ctx, info, userID, scopes)
}

// SetUserinfoFromToken answers the userinfo endpoint for a live access token.
func (s *Storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	var scopes string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT scopes::text FROM idp_access_tokens WHERE id::text = ? AND subject = ? AND expires_at > now()", tokenID, subject).
			Row().Scan(&scopes)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return oidc.ErrAccessDenied().WithDescription("the access token is revoked or expired")
	}
	if err != nil {
		return fmt.Errorf("idp: userinfo token: %w", err)
	}
	var sc []string
	_ = json.Unmarshal([]byte(scopes), &sc)
	return s.setUserinfo(ctx, info, subject, sc)
}

// SetIntrospectionFromToken answers introspection for a live access token.
func (s *Storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	var client, scopes, aud string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT client_id, scopes::text, audience::text FROM idp_access_tokens WHERE id::text = ? AND subject = ? AND expires_at > now()", tokenID, subject).
			Row().Scan(&client, &scopes, &aud)
	})
	if err != nil {
		return notFound{"token"}
	}
	var sc, au []string
	_ = json.Unmarshal([]byte(scopes), &sc)
	_ = json.Unmarshal([]byte(aud), &au)
	resp.Active, resp.ClientID, resp.Subject, resp.Scope, resp.Audience = true, client, subject, sc, au
	return nil
}

// GetPrivateClaimsFromScopes adds nothing beyond the standard claims.
func (s *Storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetKeyByIDAndClientID: the JWT profile grant is not offered.
func (s *Storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, notFound{"client key"}
}

// ValidateJWTProfileScopes: the JWT profile grant is not offered.
func (s *Storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, oidc.ErrUnauthorizedClient()
}
