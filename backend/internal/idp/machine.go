package idp

import (
	"context"
	"errors"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Machine clients (a court's case management system) take access tokens with the
// client credentials grant: HTTP Basic with the client's id and secret at
// /idp/oauth/token. The token is a JWT for the API audience (CCPOR_API_AUDIENCE)
// whose client_id is the client; the registry maps it to the court's service
// account (service_accounts, issuer and client id), as it does a token from any
// other issuer.

var _ op.ClientCredentialsStorage = (*Storage)(nil)

// errClientAuth is the one answer to an unknown client, a wrong secret or a
// disabled client: op turns it into invalid_client.
var errClientAuth = errors.New("idp: client authentication failed")

// ClientCredentials authenticates a machine client by its secret (only the hash
// is stored; a disabled client's secret is never right).
func (s *Storage) ClientCredentials(ctx context.Context, id, secret string) (op.Client, error) {
	if id == "" || secret == "" || (s.builtin != nil && id == s.builtin.id) {
		return nil, errClientAuth
	}
	if err := s.AuthorizeClientIDSecret(ctx, id, secret); err != nil {
		var oe *oidc.Error
		if errors.As(err, &oe) {
			return nil, errClientAuth
		}
		return nil, oidc.ErrServerError().WithParent(err)
	}
	c, err := s.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, errClientAuth
	}
	return c, nil
}

// ClientCredentialsTokenRequest is what the token is issued for: the client as
// subject, the API as audience.
func (s *Storage) ClientCredentialsTokenRequest(_ context.Context, id string, scopes []string) (op.TokenRequest, error) {
	if s.apiAudience == "" {
		return nil, oidc.ErrUnauthorizedClient().WithDescription("machine clients are not accepted here (no API audience is configured)")
	}
	return &machineRequest{clientID: id, audience: []string{s.apiAudience}, scopes: slices.Clone(scopes)}, nil
}

// machineRequest is a client credentials token request.
type machineRequest struct {
	clientID string
	audience []string
	scopes   []string
}

func (r *machineRequest) GetSubject() string    { return r.clientID }
func (r *machineRequest) GetAudience() []string { return r.audience }
func (r *machineRequest) GetScopes() []string   { return r.scopes }
func (r *machineRequest) GetClientID() string   { return r.clientID }

// NewClientSecret returns a random client secret and the hex SHA-256 kept of it.
func NewClientSecret() (secret, hash string) {
	secret = randomToken()
	return secret, hashOf(secret)
}
