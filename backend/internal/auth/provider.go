package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
)

// signingAlgs are the signatures accepted on ID and access tokens: asymmetric
// only, so neither "none" nor an HMAC keyed with a public value passes.
var signingAlgs = []string{oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512,
	oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA}

// Bounds on talking to the issuer: one discovery or token call, and the pause
// after a failed discovery before the next attempt.
const (
	issuerTimeout = 10 * time.Second
	retryPause    = 2 * time.Second
)

// ProviderConfig says where the issuer is and who the registry is there.
type ProviderConfig struct {
	Issuer, ClientID, ClientSecret string
	// RedirectURL is CCPOR_PUBLIC_URL + /auth/callback, exactly.
	RedirectURL string
	// Audience is what machine clients' access tokens must carry; empty refuses them.
	Audience string
	Clock    clock.Clock
	// HTTPClient talks to the issuer; a client with a time-out by default.
	HTTPClient *http.Client
}

// Provider is the issuer as the relying party sees it. Discovery is lazy and
// retried: the issuer may start after this process (it may even be this process).
type Provider struct {
	cfg ProviderConfig

	// discovery runs one discovery at a time; mu guards the fields below and is
	// never held across the call to the issuer, which may take issuerTimeout.
	discovery singleflight.Group
	mu        sync.Mutex
	oidc      *oidc.Provider
	endSess   string
	failedAt  time.Time
}

// NewProvider returns a provider that discovers the issuer on first use.
func NewProvider(cfg ProviderConfig) *Provider {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: issuerTimeout}
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	return &Provider{cfg: cfg}
}

// Enabled tells whether an issuer is configured.
func (p *Provider) Enabled() bool { return p != nil && p.cfg.Issuer != "" }

// discover returns the issuer's metadata, fetching it when not yet known. A caller
// waits for the one discovery running, or until its own request ends; the discovery
// itself is not cut short by the request that happened to start it.
func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	if !p.Enabled() {
		return nil, fmt.Errorf("auth: no issuer configured: %w", apperr.ErrUnavailable)
	}
	if op, err := p.known(); !errors.Is(err, errNotDiscovered) {
		return op, err
	}
	ch := p.discovery.DoChan("discover", func() (any, error) {
		if op, err := p.known(); !errors.Is(err, errNotDiscovered) {
			return op, err
		}
		return p.fetch(context.WithoutCancel(ctx))
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*oidc.Provider), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: wait for issuer discovery: %w: %w", apperr.ErrUnavailable, ctx.Err())
	}
}

// errNotDiscovered says that the issuer is to be discovered now.
var errNotDiscovered = errors.New("auth: issuer not discovered yet")

// known returns the discovered issuer, or an error: that a discovery failed moments
// ago, or errNotDiscovered.
func (p *Provider) known() (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.oidc != nil {
		return p.oidc, nil
	}
	if !p.failedAt.IsZero() && time.Since(p.failedAt) < retryPause {
		return nil, fmt.Errorf("auth: issuer discovery failed moments ago: %w", apperr.ErrUnavailable)
	}
	return nil, errNotDiscovered
}

// fetch asks the issuer for its metadata and keeps the answer.
func (p *Provider) fetch(ctx context.Context) (*oidc.Provider, error) {
	dctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, p.cfg.HTTPClient), issuerTimeout)
	defer cancel()
	// NewProvider checks that the discovered issuer is exactly the configured one.
	op, err := oidc.NewProvider(dctx, p.cfg.Issuer)
	if err != nil {
		p.mu.Lock()
		p.failedAt = time.Now()
		p.mu.Unlock()
		return nil, fmt.Errorf("auth: discover %s: %w: %w", p.cfg.Issuer, apperr.ErrUnavailable, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	_ = op.Claims(&meta)
	p.mu.Lock()
	p.oidc, p.endSess = op, meta.EndSession
	p.mu.Unlock()
	return op, nil
}

func (p *Provider) oauth2(op *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     p.cfg.ClientID,
		ClientSecret: p.cfg.ClientSecret,
		Endpoint:     op.Endpoint(),
		RedirectURL:  p.cfg.RedirectURL,
		Scopes:       []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// AuthCodeURL returns where to send the browser: the authorization code flow
// with PKCE (S256), state and nonce.
func (p *Provider) AuthCodeURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return p.oauth2(op).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// IDClaims is what the registry takes from a verified ID token.
type IDClaims struct {
	Issuer, Subject string
	Nonce           string
	AMR             []string
}

// Exchange redeems the code with the PKCE verifier and verifies the ID token:
// signature by the issuer's keys, issuer, audience (the client id), expiry. The
// nonce is returned for the caller to compare (go-oidc does not).
func (p *Provider) Exchange(ctx context.Context, code, verifier string) (IDClaims, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return IDClaims{}, err
	}
	xctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, p.cfg.HTTPClient), issuerTimeout)
	defer cancel()
	tok, err := p.oauth2(op).Exchange(xctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return IDClaims{}, fmt.Errorf("%w: token exchange: %w", errRefused, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return IDClaims{}, fmt.Errorf("%w: the token response has no id_token", errRefused)
	}
	v := op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, SupportedSigningAlgs: signingAlgs, Now: p.cfg.Clock.Now})
	idt, err := v.Verify(xctx, raw)
	if err != nil {
		return IDClaims{}, fmt.Errorf("%w: id token: %w", errRefused, err)
	}
	var extra struct {
		AMR []string `json:"amr"`
	}
	if err := idt.Claims(&extra); err != nil {
		return IDClaims{}, fmt.Errorf("%w: id token claims: %w", errRefused, err)
	}
	return IDClaims{Issuer: idt.Issuer, Subject: idt.Subject, Nonce: idt.Nonce, AMR: extra.AMR}, nil
}

// AccessClaims is what the registry takes from a verified bearer access token.
type AccessClaims struct {
	Issuer, ClientID string
	Expiry           time.Time
}

// VerifyAccess verifies a machine client's access token (a JWT): signature by the
// issuer's keys, issuer, audience (the configured API audience), expiry. The
// client is the token's client_id (RFC 9068), else azp, else sub.
func (p *Provider) VerifyAccess(ctx context.Context, raw string) (AccessClaims, error) {
	if p.cfg.Audience == "" {
		return AccessClaims{}, fmt.Errorf("%w: bearer tokens are not accepted (no API audience)", errRefused)
	}
	op, err := p.discover(ctx)
	if err != nil {
		return AccessClaims{}, err
	}
	vctx, cancel := context.WithTimeout(ctx, issuerTimeout)
	defer cancel()
	v := op.Verifier(&oidc.Config{ClientID: p.cfg.Audience, SupportedSigningAlgs: signingAlgs, Now: p.cfg.Clock.Now})
	t, err := v.Verify(vctx, raw)
	if err != nil {
		return AccessClaims{}, fmt.Errorf("%w: access token: %w", errRefused, err)
	}
	var c struct {
		ClientID string `json:"client_id"`
		AZP      string `json:"azp"`
	}
	if err := t.Claims(&c); err != nil {
		return AccessClaims{}, fmt.Errorf("%w: access token claims: %w", errRefused, err)
	}
	client := c.ClientID
	if client == "" {
		client = c.AZP
	}
	if client == "" {
		client = t.Subject
	}
	if client == "" || len(client) > 255 {
		return AccessClaims{}, fmt.Errorf("%w: access token names no client", errRefused)
	}
	return AccessClaims{Issuer: t.Issuer, ClientID: client, Expiry: t.Expiry}, nil
}

// EndSessionURL returns the provider's RP-initiated logout URL, or "" when it
// advertises none. No ID token is kept to hint with: the client id says who asks.
func (p *Provider) EndSessionURL(ctx context.Context, postLogout string) string {
	if _, err := p.discover(ctx); err != nil {
		return ""
	}
	p.mu.Lock()
	end := p.endSess
	p.mu.Unlock()
	if end == "" || (!strings.HasPrefix(end, "https://") && !strings.HasPrefix(end, "http://")) {
		return ""
	}
	sep := "?"
	if strings.Contains(end, "?") {
		sep = "&"
	}
	q := url.Values{"client_id": {p.cfg.ClientID}}
	if postLogout != "" {
		q.Set("post_logout_redirect_uri", postLogout)
	}
	return end + sep + q.Encode()
}

// errRefused marks a sign-in or bearer token the registry refuses (as opposed to
// one it could not check because the issuer is unreachable).
var errRefused = errors.New("refused")
