package idp

import (
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// Authentication methods (RFC 8176) and the level the ID token states.
const (
	amrPassword = "pwd"
	amrOTP      = "otp"
	acrMFA      = "urn:ccpor:acr:mfa"
)

// requestData is what the provider keeps of an authorization request.
type requestData struct {
	Scopes              []string `json:"scopes"`
	RedirectURI         string   `json:"redirect_uri"`
	State               string   `json:"state"`
	Nonce               string   `json:"nonce"`
	ResponseType        string   `json:"response_type"`
	ResponseMode        string   `json:"response_mode,omitempty"`
	CodeChallenge       string   `json:"code_challenge,omitempty"`
	CodeChallengeMethod string   `json:"code_challenge_method,omitempty"`
}

// authRequest is one authorization request on its way through the sign-in pages.
type authRequest struct {
	id, clientID string
	data         requestData
	userID       string
	noticeAt     *time.Time
	passwordAt   *time.Time
	authTime     *time.Time
	amr          []string
	browserHash  []byte
	reenrol      bool // the password step found a second factor reset: new password and codes next
}

func (a *authRequest) GetID() string { return a.id }

func (a *authRequest) GetACR() string {
	if a.Done() {
		return acrMFA
	}
	return ""
}

func (a *authRequest) GetAMR() []string      { return a.amr }
func (a *authRequest) GetAudience() []string { return []string{a.clientID} }

func (a *authRequest) GetAuthTime() time.Time {
	if a.authTime == nil {
		return time.Time{}
	}
	return *a.authTime
}

func (a *authRequest) GetClientID() string { return a.clientID }

func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.data.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.data.CodeChallenge, Method: oidc.CodeChallengeMethod(a.data.CodeChallengeMethod)}
}

func (a *authRequest) GetNonce() string       { return a.data.Nonce }
func (a *authRequest) GetRedirectURI() string { return a.data.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType {
	return oidc.ResponseType(a.data.ResponseType)
}
func (a *authRequest) GetResponseMode() oidc.ResponseMode {
	return oidc.ResponseMode(a.data.ResponseMode)
}
func (a *authRequest) GetScopes() []string { return a.data.Scopes }
func (a *authRequest) GetState() string    { return a.data.State }
func (a *authRequest) GetSubject() string  { return a.userID }

// Done tells whether the user passed both factors: only then is a code issued.
func (a *authRequest) Done() bool {
	return a.userID != "" && a.authTime != nil && slices.Contains(a.amr, amrPassword) && slices.Contains(a.amr, amrOTP)
}

// refreshRequest is what a refresh token stands for.
type refreshRequest struct {
	id, clientID, subject string
	audience, scopes, amr []string
	authTime              time.Time
}

func (r *refreshRequest) GetAMR() []string            { return r.amr }
func (r *refreshRequest) GetAudience() []string       { return r.audience }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.scopes = s }
