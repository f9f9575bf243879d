// Package auth tells who is asking. For now it only resolves a session cookie to
// its user and acting court (the sign-in flow comes with OIDC); every decision
// about the session is the database's (app_whoami()).
package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Session cookie names: __Host- (Secure, no Domain, Path=/) wherever the service
// is reached over https; browsers refuse that prefix over plain http, so a
// development server on http uses the bare name.
const (
	CookieName      = "__Host-ccpor_session"
	CookieNamePlain = "ccpor_session"
)

// maxTokenLength bounds what is hashed; real tokens are far shorter.
const maxTokenLength = 512

// SessionCookie returns the cookie name for the service's public URL.
func SessionCookie(publicURL string) string {
	if strings.HasPrefix(strings.ToLower(publicURL), "http://") {
		return CookieNamePlain
	}
	return CookieName
}

// Caller is the signed-in user of a request.
type Caller struct {
	UserID string
	// CourtID is the acting court: the session's active court while the user's
	// membership there holds; empty otherwise.
	CourtID      string
	CLETSCurrent bool
	// Principal is what the handler's transactions state: the session and the
	// acting court, with the request id.
	Principal db.Principal
}

type callerKey struct{}

// CallerFrom returns the request's caller, put there when the operation's guard
// let it through; apperr.ErrUnauthenticated when there is none.
func CallerFrom(ctx context.Context) (Caller, error) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	if !ok {
		return Caller{}, apperr.ErrUnauthenticated
	}
	return c, nil
}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// Sessions resolves session cookies.
type Sessions struct {
	db     *db.DB
	cookie string
}

// NewSessions resolves the cookie named for publicURL against d.
func NewSessions(d *db.DB, publicURL string) *Sessions {
	return &Sessions{db: d, cookie: SessionCookie(publicURL)}
}

// Authenticate reads the session cookie, hashes the token and asks the database
// who that session is (app_whoami(), which also checks the active court's
// membership). It puts the Caller into the context for the handler.
func (s *Sessions) Authenticate(ctx huma.Context) (authz.Subject, context.Context, error) {
	ck, err := huma.ReadCookie(ctx, s.cookie)
	if err != nil || ck.Value == "" || len(ck.Value) > maxTokenLength {
		return authz.Subject{}, nil, apperr.ErrUnauthenticated
	}
	c, err := s.Resolve(ctx.Context(), ck.Value)
	if err != nil {
		return authz.Subject{}, nil, err
	}
	// The peer's address, for the audit log; a proxy's forwarding headers are not
	// trusted here.
	if host, _, err := net.SplitHostPort(ctx.RemoteAddr()); err == nil && len(host) <= 64 {
		c.Principal.ClientAddr = host
	}
	return authz.Subject{UserID: c.UserID, CourtID: c.CourtID}, WithCaller(ctx.Context(), c), nil
}

// Resolve returns the caller a raw session token stands for.
func (s *Sessions) Resolve(ctx context.Context, token string) (Caller, error) {
	sum := sha256.Sum256([]byte(token))
	p := db.Principal{SessionHash: hex.EncodeToString(sum[:]), RequestID: httpapi.RequestID(ctx)}
	var user, court sql.NullString
	var clets sql.NullBool
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		return tx.Raw("SELECT user_id, court_id, clets_current FROM app_whoami()").Row().Scan(&user, &court, &clets)
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Caller{}, apperr.ErrUnauthenticated
	case err != nil:
		httpapi.Logger(ctx).ErrorContext(ctx, "auth: resolve session", "err", err)
		return Caller{}, fmt.Errorf("auth: resolve session: %w", apperr.ErrUnavailable)
	case !user.Valid:
		return Caller{}, apperr.ErrUnauthenticated
	}
	p.CourtID = court.String
	return Caller{UserID: user.String, CourtID: court.String, CLETSCurrent: clets.Bool, Principal: p}, nil
}
