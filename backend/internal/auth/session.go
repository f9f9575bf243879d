// Package auth tells who is asking: a person signed in through the OpenID
// Connect issuer (a server-side session behind a cookie, with a CSRF token for
// every change) or a machine client with a bearer access token. Every decision
// about what a session may do is the database's (app_whoami()).
package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
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

// maxTokenLength bounds what is hashed; session tokens are 64 characters, access
// tokens a few kilobytes.
const (
	maxTokenLength  = 512
	maxBearerLength = 8192
)

// touchEvery is how often a session's activity is written: each write rewrites
// the session's scope row.
const touchEvery = time.Minute

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
	// Bearer is true for a machine client's access token (no cookie, no CSRF).
	Bearer bool
	// CSRFToken is what the session's changing requests carry in X-CSRF-Token.
	CSRFToken string
	// IdleExpiresAt and AbsoluteExpiresAt are when the session ends unless used,
	// and when it ends regardless.
	IdleExpiresAt, AbsoluteExpiresAt time.Time
	// Pending is set for a tentative caller (Sessions.Tentative): who the session
	// was when last resolved, not yet confirmed. Only UserID, CourtID, Principal
	// and CSRFToken are filled; the handler confirms the session with Pending in
	// its own round trip and acts for the Caller that returns.
	Pending *Pending
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

// Event is one audited act of this package; app hands it to the audit log.
type Event struct {
	Action, Outcome, ObjectType, ObjectID, Reason, Actor string
}

// Audited actions and outcomes (the strings of package audit).
const (
	ActionSignIn     = "auth.sign_in"
	ActionSignOut    = "auth.sign_out"
	ActionSessionEnd = "auth.session_end"
	outcomeSuccess   = "success"
	outcomeDenied    = "denied"
)

// Recorder appends an event inside tx, the act's own transaction (audit.Log.Record).
type Recorder func(ctx context.Context, tx *gorm.DB, e Event) error

// Options configure Sessions.
type Options struct {
	PublicURL      string
	Idle, Absolute time.Duration
	Clock          clock.Clock
	// Provider verifies machine clients' access tokens; nil or one without an API
	// audience refuses them.
	Provider *Provider
	// Limiter throttles each machine client; nil lets them through.
	Limiter *Limiter
	// Record audits session ends; nil records nothing (tests of this package only).
	Record Recorder
}

// Sessions resolves session cookies and bearer tokens.
type Sessions struct {
	db     *db.DB
	cookie string
	opts   Options

	// hints is who each session was when it last resolved (by the token's hash):
	// the tentative callers of Tentative, which the database confirms or not. Never
	// a reason to let a request through.
	hintMu sync.Mutex
	hints  map[string]hint
}

// hint is who a session was when it last resolved.
type hint struct{ user, court string }

// maxHints bounds the hints kept; past it they are dropped and built again.
const maxHints = 10_000

// NewSessions resolves the cookie named for o.PublicURL against d.
func NewSessions(d *db.DB, o Options) *Sessions {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Idle <= 0 {
		o.Idle = 30 * time.Minute
	}
	if o.Absolute <= 0 {
		o.Absolute = 12 * time.Hour
	}
	if o.Record == nil {
		o.Record = func(context.Context, *gorm.DB, Event) error { return nil }
	}
	return &Sessions{db: d, cookie: SessionCookie(o.PublicURL), opts: o, hints: map[string]hint{}}
}

// remember keeps who the session of hash resolved to (forgets it when nobody).
func (s *Sessions) remember(hash string, c *Caller) {
	s.hintMu.Lock()
	defer s.hintMu.Unlock()
	if c == nil || c.CourtID == "" {
		delete(s.hints, hash)
		return
	}
	if len(s.hints) >= maxHints {
		clear(s.hints)
	}
	s.hints[hash] = hint{user: c.UserID, court: c.CourtID}
}

// errCSRF refuses a changing request without the session's CSRF token.
var errCSRF = fmt.Errorf("csrf: the request lacks the session's %s header: %w", CSRFHeader, apperr.ErrForbidden)

// Authenticate tells who signed the request: a bearer access token when one is
// presented, otherwise the session cookie, whose changing requests must carry the
// CSRF header. It puts the Caller into the context for the handler.
func (s *Sessions) Authenticate(ctx huma.Context) (authz.Subject, context.Context, error) {
	var c Caller
	var err error
	rctx := withClientAddr(ctx)
	if raw, ok := bearerToken(ctx.Header("Authorization")); ok {
		c, err = s.ResolveBearer(rctx, raw)
	} else {
		ck, cerr := huma.ReadCookie(ctx, s.cookie)
		if cerr != nil || ck.Value == "" || len(ck.Value) > maxTokenLength {
			return authz.Subject{}, nil, apperr.ErrUnauthenticated
		}
		if changes(ctx.Method()) && !CSRFValid(ck.Value, ctx.Header(CSRFHeader)) {
			return authz.Subject{}, nil, errCSRF
		}
		c, err = s.Resolve(rctx, ck.Value)
	}
	if err != nil {
		return authz.Subject{}, nil, err
	}
	return authz.Subject{UserID: c.UserID, CourtID: c.CourtID}, WithCaller(ctx.Context(), c), nil
}

type clientAddrKey struct{}

// withClientAddr returns the request's context carrying the peer's address, for
// the audit log; a proxy's forwarding headers are not trusted here.
func withClientAddr(ctx huma.Context) context.Context {
	rctx := ctx.Context()
	if host, _, err := net.SplitHostPort(ctx.RemoteAddr()); err == nil && len(host) <= 64 {
		rctx = context.WithValue(rctx, clientAddrKey{}, host)
	}
	return rctx
}

// Tentative tells, with no round trip, who a safe request's session cookie stood
// for when it last resolved here (authz.Tentative): the guard's role rules decide on
// that caller, whose Pending the handler has the database confirm in its own
// round trip. ok false for a bearer token, a changing request, no cookie, or a
// session not resolved here before: the guard then authenticates as always.
func (s *Sessions) Tentative(ctx huma.Context) (authz.Subject, context.Context, bool) {
	if _, ok := bearerToken(ctx.Header("Authorization")); ok || changes(ctx.Method()) {
		return authz.Subject{}, nil, false
	}
	ck, err := huma.ReadCookie(ctx, s.cookie)
	if err != nil || ck.Value == "" || len(ck.Value) > maxTokenLength {
		return authz.Subject{}, nil, false
	}
	hash := HashToken(ck.Value)
	hexHash := hex.EncodeToString(hash)
	s.hintMu.Lock()
	h, ok := s.hints[hexHash]
	s.hintMu.Unlock()
	if !ok {
		return authz.Subject{}, nil, false
	}
	rctx := withClientAddr(ctx)
	p := principal(rctx, hash)
	p.CourtID = h.court
	c := Caller{UserID: h.user, CourtID: h.court, Principal: p, CSRFToken: CSRFToken(ck.Value)}
	c.Pending = &Pending{s: s, hash: hexHash, caller: c, now: s.opts.Clock.Now()}
	return authz.Subject{UserID: h.user, CourtID: h.court}, WithCaller(ctx.Context(), c), true
}

// Pending is a tentative caller's session, to be confirmed by the database in
// the handler's own round trip: Queue its statement first in the batch, before
// anything that reads or records, and Read its result first.
type Pending struct {
	s      *Sessions
	hash   string
	caller Caller // the tentative caller, without Pending
	now    time.Time
}

// confirmSQL reads the session and who it is, as current does, and keeps the
// session the transaction states (ccpor.session) only when the session is a live
// browser session that needs no activity written (judged against the server's
// clock, as Resolve judges) and is still the tentative caller's user acting in the
// same court; otherwise it states no session, so that the batch's later statements
// see nothing (row-level security) and record nothing. Its last column says which.
const confirmSQL = `SELECT s.user_id::text, s.kind, s.last_seen_at, s.expires_at, s.absolute_expires_at,
		w.user_id::text, w.court_id::text, w.clets_current,
		set_config('ccpor.session', CASE WHEN c.ok THEN $1 ELSE '' END, true) <> ''
	FROM (SELECT 1) one
	LEFT JOIN session_lookup(decode($1, 'hex')) s ON true
	LEFT JOIN app_whoami() w ON true
	CROSS JOIN LATERAL (SELECT coalesce(s.kind = 'browser' AND w.user_id = s.user_id
		AND w.user_id = $2::uuid AND w.court_id = $3::uuid
		AND s.last_seen_at > $4::timestamptz AND s.last_seen_at > $5::timestamptz
		AND s.absolute_expires_at > $6::timestamptz, false) AS ok) c`

// Queue queues the confirming statement in b; it must come before every statement
// that reads or records for the caller.
func (p *Pending) Queue(b *pgx.Batch) {
	b.Queue(confirmSQL, p.hash, p.caller.UserID, p.caller.CourtID, p.now.Add(-p.s.opts.Idle), p.now.Add(-touchEvery), p.now)
}

// Read reads the confirming statement's result: the caller, confirmed (ok true),
// or ok false when the database did not confirm the session (the batch's later
// statements saw and recorded nothing; the handler calls authz.Confirm).
func (p *Pending) Read(br pgx.BatchResults) (Caller, bool, error) {
	var lastSeen, absolute *time.Time
	var user, court *string
	var clets, ok *bool
	var skip [3]any
	if err := br.QueryRow().Scan(&skip[0], &skip[1], &lastSeen, &skip[2], &absolute, &user, &court, &clets, &ok); err != nil {
		return Caller{}, false, fmt.Errorf("auth: confirm session: %w", err)
	}
	if ok == nil || !*ok {
		return Caller{}, false, nil
	}
	if lastSeen == nil || absolute == nil || user == nil || court == nil {
		return Caller{}, false, fmt.Errorf("auth: confirm session: a confirmed session without its row")
	}
	c := p.caller
	c.CLETSCurrent = clets != nil && *clets
	c.IdleExpiresAt, c.AbsoluteExpiresAt = minTime(lastSeen.Add(p.s.opts.Idle), *absolute), *absolute
	return c, true, nil
}

// principal is what a session's transactions state before the court is known.
func principal(ctx context.Context, hash []byte) db.Principal {
	addr, _ := ctx.Value(clientAddrKey{}).(string)
	return db.Principal{SessionHash: hex.EncodeToString(hash), RequestID: httpapi.RequestID(ctx), ClientAddr: addr}
}

// changes tells whether a method may change state (and so needs the CSRF token).
func changes(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// HashToken returns the SHA-256 of a token, the only form the database keeps.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Resolve returns the caller a raw session token stands for. The session's
// timeouts are judged against the server's clock: idle (no use for Idle) and
// absolute (Absolute after sign-in) end it, audited; otherwise its activity is
// recorded at most once a minute, and the database's expiry moves with it.
func (s *Sessions) Resolve(ctx context.Context, token string) (Caller, error) {
	c, err := s.resolve(ctx, token)
	switch {
	case err == nil:
		s.remember(c.Principal.SessionHash, &c)
	case errors.Is(err, apperr.ErrUnauthenticated):
		s.remember(hex.EncodeToString(HashToken(token)), nil)
	}
	return c, err
}

func (s *Sessions) resolve(ctx context.Context, token string) (Caller, error) {
	hash := HashToken(token)
	p := principal(ctx, hash)
	now := s.opts.Clock.Now()
	if c, ok := s.current(ctx, p, hash, now); ok {
		c.Principal = p
		c.Principal.CourtID = c.CourtID
		c.CSRFToken = CSRFToken(token)
		return c, nil
	}
	var c Caller
	var ended string
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		row, err := lookupSession(tx, hash)
		if err != nil {
			return err
		}
		if row.kind != "browser" {
			return apperr.ErrUnauthenticated
		}
		switch {
		case !now.Before(row.lastSeen.Add(s.opts.Idle)):
			ended = "idle_timeout"
		case !now.Before(row.absoluteExpires):
			ended = "absolute_timeout"
		}
		if ended != "" {
			if err := s.opts.Record(ctx, tx, Event{Action: ActionSessionEnd, Outcome: outcomeSuccess, Reason: ended}); err != nil {
				return err
			}
			_, err := endSession(tx, hash)
			return err
		}
		if now.Sub(row.lastSeen) >= touchEvery {
			if row.lastSeen, _, err = touchSession(tx, hash, now, s.opts.Idle, false); err != nil {
				return err
			}
		}
		c, err = whoami(tx)
		c.IdleExpiresAt, c.AbsoluteExpiresAt = minTime(row.lastSeen.Add(s.opts.Idle), row.absoluteExpires), row.absoluteExpires
		return err
	})
	switch {
	case ended != "" && err == nil:
		return Caller{}, apperr.ErrUnauthenticated
	case errors.Is(err, apperr.ErrUnauthenticated):
		return Caller{}, err
	case err != nil:
		httpapi.Logger(ctx).ErrorContext(ctx, "auth: resolve session", "err", err)
		return Caller{}, fmt.Errorf("auth: resolve session: %w", apperr.ErrUnavailable)
	}
	c.Principal = p
	c.Principal.CourtID = c.CourtID
	c.CSRFToken = CSRFToken(token)
	return c, nil
}

// current answers, in one round trip and writing nothing, for a browser session
// that is live and needs no activity written (the common request): the session's
// row and who it is, read together. Anything else (no such session, a timeout to
// end, activity to write, an error) is ok false, for Resolve's transaction to
// judge and say, exactly as it would have.
func (s *Sessions) current(ctx context.Context, p db.Principal, hash []byte, now time.Time) (Caller, bool) {
	var row sessionRow
	var user, court *string
	var clets *bool
	b := &pgx.Batch{}
	b.Queue(`SELECT s.user_id::text, s.kind, s.last_seen_at, s.expires_at, s.absolute_expires_at,
			w.user_id::text, w.court_id::text, w.clets_current
		FROM session_lookup(decode($1, 'hex')) s LEFT JOIN app_whoami() w ON true`, hex.EncodeToString(hash))
	err := s.db.Batch(ctx, p, b, func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(&row.userID, &row.kind, &row.lastSeen, &row.expires, &row.absoluteExpires, &user, &court, &clets)
	})
	if err != nil || row.kind != "browser" || user == nil ||
		!now.Before(row.lastSeen.Add(s.opts.Idle)) || !now.Before(row.absoluteExpires) || now.Sub(row.lastSeen) >= touchEvery {
		return Caller{}, false
	}
	c := Caller{UserID: *user, CLETSCurrent: clets != nil && *clets}
	if court != nil {
		c.CourtID = *court
	}
	c.IdleExpiresAt, c.AbsoluteExpiresAt = minTime(row.lastSeen.Add(s.opts.Idle), row.absoluteExpires), row.absoluteExpires
	return c, true
}

// whoami asks the database who the stated session is.
func whoami(tx *gorm.DB) (Caller, error) {
	var user, court sql.NullString
	var clets sql.NullBool
	err := tx.Raw("SELECT user_id, court_id, clets_current FROM app_whoami()").Row().Scan(&user, &court, &clets)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !user.Valid) {
		return Caller{}, apperr.ErrUnauthenticated
	}
	if err != nil {
		return Caller{}, fmt.Errorf("auth: whoami: %w", err)
	}
	return Caller{UserID: user.String, CourtID: court.String, CLETSCurrent: clets.Bool}, nil
}

// ResolveBearer returns the caller a machine client's access token stands for:
// verified by the issuer's keys, throttled per client, then seen by the database
// as a session keyed by the token's hash that expires with the token.
func (s *Sessions) ResolveBearer(ctx context.Context, raw string) (Caller, error) {
	if s.opts.Provider == nil || len(raw) > maxBearerLength {
		return Caller{}, apperr.ErrUnauthenticated
	}
	claims, err := s.opts.Provider.VerifyAccess(ctx, raw)
	switch {
	case errors.Is(err, errRefused):
		return Caller{}, fmt.Errorf("auth: bearer token: %w: %w", apperr.ErrUnauthenticated, err)
	case err != nil:
		return Caller{}, err
	}
	if s.opts.Limiter != nil && !s.opts.Limiter.Allow(claims.Issuer+" "+claims.ClientID) {
		return Caller{}, huma.Error429TooManyRequests("too many requests from this client; slow down")
	}
	hash := HashToken(raw)
	p := principal(ctx, hash)
	var c Caller
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		opened, err := openBearer(tx, hash, claims.Issuer, claims.ClientID, claims.Expiry)
		if err != nil {
			return err
		}
		// A token's first use is the machine client's sign-in.
		if opened {
			if err := s.opts.Record(ctx, tx, Event{Action: ActionSignIn, Outcome: outcomeSuccess,
				ObjectType: "service_account", ObjectID: truncate(claims.ClientID+" at "+claims.Issuer, 200)}); err != nil {
				return err
			}
		}
		c, err = whoami(tx)
		return err
	})
	switch {
	case errors.Is(err, apperr.ErrUnauthenticated):
		return Caller{}, fmt.Errorf("auth: bearer token of unknown client %q: %w", claims.ClientID, err)
	case err != nil:
		httpapi.Logger(ctx).ErrorContext(ctx, "auth: resolve bearer", "err", err)
		return Caller{}, fmt.Errorf("auth: resolve bearer: %w", apperr.ErrUnavailable)
	}
	c.Principal = p
	c.Principal.CourtID = c.CourtID
	c.Bearer = true
	c.IdleExpiresAt, c.AbsoluteExpiresAt = claims.Expiry, claims.Expiry
	return c, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Handle adapts an operation's handler that acts for the signed-in caller: it hands
// the handler the Caller the guard put into the context, and maps any error the
// handler returns to a problem, once for every operation.
func Handle[I, O any](h func(ctx context.Context, c Caller, in *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		c, err := CallerFrom(ctx)
		if err != nil {
			return nil, httpapi.Problem(ctx, err)
		}
		out, err := h(ctx, c, in)
		if err != nil {
			return nil, httpapi.Problem(ctx, err)
		}
		return out, nil
	}
}
