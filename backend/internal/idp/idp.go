// Package idp is the built-in OpenID provider, served by the same binary under
// /idp: a court without an identity provider of its own signs in here with a
// password and a one-time code. Built on zitadel/oidc's op package (OpenID
// Certified); its state lives in PostgreSQL (migration 00011).
package idp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// BuiltinClientID is the registry's own client at the built-in provider.
const BuiltinClientID = "ccpor"

// Path is where the provider lives under the base path.
const Path = "/idp"

// Options configure the provider.
type Options struct {
	// PublicURL is CCPOR_PUBLIC_URL (base path included); the issuer is PublicURL + /idp.
	PublicURL, BasePath string
	// Production refuses plain http and development shortcuts.
	Production bool
	// ClientSecret of the registry's own client; empty: a public client (PKCE).
	ClientSecret string
	// APIAudience is the audience of machine clients' access tokens (client
	// credentials grant); empty: the grant is refused.
	APIAudience string
	Clock       clock.Clock
	// Record writes the sign-in pages' events to the audit log.
	Record func(ctx context.Context, tx *gorm.DB, e auth.Event) error
	// Mail sends password reset links.
	Mail Mail
	// PasswordMinLength is the shortest password enrolment accepts (at least 8).
	PasswordMinLength int
	// Throttle limits sign-in attempts per client address.
	Throttle *auth.Limiter
	// Registry receives the provider's metrics; nil keeps them unregistered.
	Registry prometheus.Registerer
	// OutboxReader tells whether a request comes from a signed-in platform
	// administrator, who may read the development outbox from anywhere; nil: nobody
	// but a client on this machine reads it.
	OutboxReader func(r *http.Request) bool
}

// Provider is the built-in OpenID provider.
type Provider struct {
	opts    Options
	storage *Storage
	op      *op.Provider
	issuer  string
	pages   *pages
	// checks counts password hashes compared at the password step.
	checks prometheus.Counter
}

// Issuer returns the issuer URL of the built-in provider for a public URL.
func Issuer(publicURL string) string { return strings.TrimRight(publicURL, "/") + Path }

// New returns the provider; nothing is read from the database until it is used.
func New(d *db.DB, o Options) (*Provider, error) {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	issuer := Issuer(o.PublicURL)
	public := strings.TrimRight(o.PublicURL, "/")
	s := &Storage{db: d, clock: o.Clock, keys: &keyRing{}, login: o.BasePath + Path + "/login", dev: !o.Production,
		apiAudience: o.APIAudience}
	s.builtin = &client{id: BuiltinClientID, redirectURIs: []string{auth.RedirectURL(o.PublicURL)},
		postLogoutURIs: []string{public + "/"},
		grantTypes:     []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken},
		authMethod:     oidc.AuthMethodNone, loginPath: s.login, dev: !o.Production}
	if o.ClientSecret != "" {
		s.builtin.authMethod, s.secret = oidc.AuthMethodBasic, []byte(hashOf(o.ClientSecret))
	}
	opts := []op.Option{op.WithCrypto(opaqueCodes{})}
	if !o.Production {
		opts = append(opts, op.WithAllowInsecure())
	}
	p, err := op.NewProvider(&op.Config{
		DefaultLogoutRedirectURI: o.BasePath + "/",
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedUILocales:       []language.Tag{language.English},
	}, s, op.StaticIssuer(issuer), opts...)
	if err != nil {
		return nil, fmt.Errorf("idp: %w", err)
	}
	pr := &Provider{opts: o, storage: s, op: p, issuer: issuer, checks: prometheus.NewCounter(prometheus.CounterOpts{
		Name: "ccpor_idp_password_checks_total", Help: "Passwords compared with a stored hash at the built-in provider's password step.",
	})}
	if o.Registry != nil {
		o.Registry.MustRegister(pr.checks)
	}
	pr.pages = newPages(pr)
	return pr, nil
}

// Routes mounts the provider and its sign-in pages at /idp (under the base path).
func (p *Provider) Routes(r chi.Router) {
	r.Route(Path, func(r chi.Router) {
		p.pages.routes(r)
		r.Mount("/", p.op)
	})
}

// opaqueCodes makes authorization codes random: the storage finds a request by
// the hash of its code, so nothing needs to be decrypted from one. Access tokens
// are JWTs, so no opaque token is ever decrypted either.
type opaqueCodes struct{}

func (opaqueCodes) Encrypt(string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (opaqueCodes) Decrypt(string) (string, error) {
	return "", errors.New("idp: tokens are not encrypted values")
}

// callbackURL is where a finished sign-in goes: the provider issues the code there.
func (p *Provider) callbackURL(id string) string {
	return p.issuer + "/authorize/callback?id=" + id
}
