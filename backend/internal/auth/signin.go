package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/oauth2"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Login-state cookie: it binds the authorization request to this browser and
// lives only as long as a sign-in may take.
const (
	loginCookie      = "__Host-ccpor_login"
	loginCookiePlain = "ccpor_login"
	loginTTL         = 10 * time.Minute
)

// secondFactors are the amr values (RFC 8176) that show more than a password.
var secondFactors = []string{"mfa", "otp", "hwk", "swk", "sc", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "mca"}

var invitationPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,200}$`)

// SignInOptions configure the sign-in handlers.
type SignInOptions struct {
	PublicURL, BasePath string
	// RequireSecondFactor refuses an ID token whose amr names no second factor.
	RequireSecondFactor bool
	// SubjectIsUser says the issuer is the registry's own provider, whose subject
	// is the id of the user the identity was enrolled for: an invitation then links
	// only that user's identity.
	SubjectIsUser bool
}

// SignIn serves the relying party's side of the authorization code flow under
// /auth: login, callback and logout. The browser never sees a token.
type SignIn struct {
	db       *db.DB
	provider *Provider
	sessions *Sessions
	opts     SignInOptions
	https    bool
	secure   bool
}

// NewSignIn returns the sign-in handlers; sessions gives the timeouts, clock and
// audit recorder.
func NewSignIn(d *db.DB, p *Provider, s *Sessions, o SignInOptions) *SignIn {
	u, _ := url.Parse(o.PublicURL)
	https := u != nil && u.Scheme == "https"
	local := u != nil && (u.Hostname() == "localhost" || net.ParseIP(u.Hostname()).IsLoopback())
	return &SignIn{db: d, provider: p, sessions: s, opts: o, https: https, secure: https || !local}
}

// Routes mounts /auth/login, /auth/callback and /auth/logout on r (under the base path).
func (h *SignIn) Routes(r chi.Router) {
	r.Route("/auth", func(r chi.Router) {
		r.Get("/login", h.login)
		r.Get("/callback", h.callback)
		r.Post("/logout", h.logout)
	})
}

// RedirectURL is the one redirect URI registered at the issuer.
func RedirectURL(publicURL string) string {
	return strings.TrimRight(publicURL, "/") + "/auth/callback"
}

func (h *SignIn) cookie(name, value string, maxAge int) *http.Cookie {
	path := "/"
	if !h.https && h.opts.BasePath != "" {
		path = h.opts.BasePath
	}
	return &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, Secure: h.secure,
		HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

func (h *SignIn) loginCookieName() string {
	if h.https {
		return loginCookie
	}
	return loginCookiePlain
}

func (h *SignIn) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !h.provider.Enabled() {
		h.fail(w, r, http.StatusServiceUnavailable, "not_configured", "sign-in is not configured on this server")
		return
	}
	invitation := r.URL.Query().Get("invitation")
	if invitation != "" && !invitationPattern.MatchString(invitation) {
		h.fail(w, r, http.StatusBadRequest, "invitation_malformed", "the invitation link is malformed; open the link from the e-mail again")
		return
	}
	ls := loginState{state: random(32), nonce: random(32), verifier: oauth2.GenerateVerifier(),
		returnTo: safeReturn(h.opts.BasePath, r.URL.Query().Get("return"))}
	if invitation != "" {
		ls.invitationHash = HashToken(invitation) // the invitation itself is never stored
	}
	target, err := h.provider.AuthCodeURL(r.Context(), ls.state, ls.nonce, ls.verifier)
	if err != nil {
		httpapi.Logger(r.Context()).WarnContext(r.Context(), "auth: issuer unavailable", "err", err)
		h.fail(w, r, http.StatusServiceUnavailable, "unavailable", "the sign-in service cannot be reached; try again shortly")
		return
	}
	key := random(32)
	if err := h.db.Tx(r.Context(), h.principal(r, nil), func(tx *gorm.DB) error {
		return createLoginState(tx, HashToken(key), ls, loginTTL)
	}); err != nil {
		httpapi.Logger(r.Context()).ErrorContext(r.Context(), "auth: login state", "err", err)
		h.fail(w, r, http.StatusServiceUnavailable, "unavailable", "the service cannot answer now; try again shortly")
		return
	}
	http.SetCookie(w, h.cookie(h.loginCookieName(), key, int(loginTTL.Seconds())))
	http.Redirect(w, r, target, http.StatusFound)
}

// errNoUser rolls back a sign-in whose identity stands for nobody.
var errNoUser = errors.New("auth: identity stands for no user")

func (h *SignIn) callback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	ctx := r.Context()
	http.SetCookie(w, h.cookie(h.loginCookieName(), "", -1))
	ck, err := r.Cookie(h.loginCookieName())
	if err != nil || ck.Value == "" || len(ck.Value) > maxTokenLength {
		h.refuse(w, r, http.StatusBadRequest, "this sign-in was not started here or took too long; sign in again", "login_state_missing", "")
		return
	}
	var ls loginState
	err = h.db.Tx(ctx, h.principal(r, nil), func(tx *gorm.DB) error {
		var err error
		ls, err = takeLoginState(tx, HashToken(ck.Value))
		return err
	})
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		h.refuse(w, r, http.StatusBadRequest, "this sign-in was not started here or took too long; sign in again", "login_state_missing", "")
		return
	case err != nil:
		h.unavailable(w, r, err)
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(ls.state)) != 1 {
		h.refuse(w, r, http.StatusBadRequest, "the sign-in answer does not match the request; sign in again", "state_mismatch", "")
		return
	}
	if e := q.Get("error"); e != "" {
		h.refuse(w, r, http.StatusUnauthorized, "the identity provider did not sign you in", "provider_error: "+truncate(e, 100), "")
		return
	}
	claims, err := h.provider.Exchange(ctx, q.Get("code"), ls.verifier)
	switch {
	case errors.Is(err, errRefused):
		h.refuse(w, r, http.StatusUnauthorized, "the identity provider's answer could not be verified; sign in again", truncate(err.Error(), 900), "")
		return
	case err != nil:
		h.unavailable(w, r, err)
		return
	}
	actor := truncate(claims.Subject+" at "+claims.Issuer, 200)
	if subtle.ConstantTimeCompare([]byte(claims.Nonce), []byte(ls.nonce)) != 1 {
		h.refuse(w, r, http.StatusUnauthorized, "the identity provider's answer does not match the request; sign in again", "nonce_mismatch", actor)
		return
	}
	if h.opts.RequireSecondFactor && !slices.ContainsFunc(claims.AMR, func(m string) bool { return slices.Contains(secondFactors, m) }) {
		h.refuse(w, r, http.StatusUnauthorized, "sign in with your second factor (a one-time code or security key)", "second_factor_missing", actor)
		return
	}
	token := random(32)
	hash := HashToken(token)
	var reason string
	err = h.db.Tx(ctx, h.principal(r, hash), func(tx *gorm.DB) error {
		var user string
		var err error
		if user, reason, err = identitySignIn(tx, claims.Issuer, claims.Subject, ls.invitationHash, h.opts.SubjectIsUser); err != nil {
			return err
		}
		if user == "" {
			return errNoUser
		}
		o := h.sessions.opts
		if err := createSession(tx, hash, user, o.Clock.Now(), o.Idle, o.Absolute); err != nil {
			return err
		}
		return o.Record(ctx, tx, Event{Action: ActionSignIn, Outcome: outcomeSuccess, ObjectType: "identity", ObjectID: actor})
	})
	switch {
	case errors.Is(err, errNoUser):
		detail := "this account is not linked to a registry user; open the invitation link your court administrator sent you"
		if reason == "invitation_invalid" {
			detail = "the invitation is unknown, used or expired; ask your court administrator for a new one"
		} else if reason == "invitation_other_user" {
			detail = "the invitation is for another person; sign out at the identity provider and sign in as the person invited"
		} else if reason == "account_disabled" {
			detail = "this registry account is disabled; call your help desk"
		}
		h.refuse(w, r, http.StatusForbidden, detail, reason, actor)
		return
	case err != nil:
		h.unavailable(w, r, err)
		return
	}
	// A new session id at every sign-in: the one the browser had is over.
	if old, err := r.Cookie(h.sessions.cookie); err == nil && old.Value != "" && len(old.Value) <= maxTokenLength {
		h.end(ctx, r, old.Value, ActionSessionEnd, "new_sign_in")
	}
	http.SetCookie(w, h.cookie(h.sessions.cookie, token, 0))
	http.Redirect(w, r, ls.returnTo, http.StatusSeeOther)
}

func (h *SignIn) logout(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	ck, err := r.Cookie(h.sessions.cookie)
	if err == nil && ck.Value != "" && len(ck.Value) <= maxTokenLength {
		if !CSRFValid(ck.Value, r.Header.Get(CSRFHeader)) {
			httpapi.WriteProblem(w, r, http.StatusForbidden, "the request lacks the session's "+CSRFHeader+" header")
			return
		}
		h.end(r.Context(), r, ck.Value, ActionSignOut, "")
	}
	http.SetCookie(w, h.cookie(h.sessions.cookie, "", -1))
	home := strings.TrimRight(h.opts.PublicURL, "/") + "/"
	to := h.opts.BasePath + "/"
	if h.provider.Enabled() {
		if end := h.provider.EndSessionURL(r.Context(), home); end != "" {
			to = end
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"redirectTo": to})
}

// detachedTimeout bounds the writes that no longer end with the request.
const detachedTimeout = 5 * time.Second

// detached returns a context that outlives ctx's cancellation, for the writes a
// client hanging up must not undo (a session's end, a refusal's record), bounded by
// its own deadline.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), detachedTimeout)
}

// end ends the session of token, audited as action, when it is live.
func (h *SignIn) end(ctx context.Context, r *http.Request, token, action, reason string) {
	hash := HashToken(token)
	dctx, cancel := detached(ctx)
	defer cancel()
	err := h.db.Tx(dctx, h.principal(r, hash), func(tx *gorm.DB) error {
		if _, err := lookupSession(tx, hash); err != nil {
			return nil // nothing live to end
		}
		if err := h.sessions.opts.Record(dctx, tx, Event{Action: action, Outcome: outcomeSuccess, Reason: reason}); err != nil {
			return err
		}
		_, err := endSession(tx, hash)
		return err
	})
	if err != nil {
		httpapi.Logger(ctx).ErrorContext(ctx, "auth: end session", "err", err)
	}
}

// refuse answers a refused sign-in with a problem and audits it in its own transaction.
func (h *SignIn) refuse(w http.ResponseWriter, r *http.Request, status int, detail, reason, actor string) {
	ctx := r.Context()
	e := Event{Action: ActionSignIn, Outcome: outcomeDenied, ObjectType: "identity", Reason: reason, Actor: actor}
	dctx, cancel := detached(ctx)
	defer cancel()
	if err := h.db.Tx(dctx, h.principal(r, nil), func(tx *gorm.DB) error {
		return h.sessions.opts.Record(dctx, tx, e)
	}); err != nil {
		httpapi.Logger(ctx).ErrorContext(ctx, "auth: record a refused sign-in", "err", err)
	}
	h.fail(w, r, status, problemCode(reason), detail)
}

func (h *SignIn) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	httpapi.Logger(r.Context()).ErrorContext(r.Context(), "auth: sign-in", "err", err)
	h.fail(w, r, http.StatusServiceUnavailable, "unavailable", "the sign-in service cannot answer now; try again shortly")
}

// fail answers a sign-in that cannot go on. A browser (it navigated here, asking
// for HTML) is sent to the web application's sign-in problem page with a code the
// page words itself, never text from the URL; other clients get problem JSON.
func (h *SignIn) fail(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Redirect(w, r, h.opts.BasePath+"/sign-in-problem?code="+url.QueryEscape(code), http.StatusSeeOther)
		return
	}
	httpapi.WriteProblem(w, r, status, detail)
}

// problemCode turns the audited reason of a refusal into the page's code.
func problemCode(reason string) string {
	switch reason {
	case "login_state_missing", "state_mismatch", "nonce_mismatch":
		return "expired"
	case "second_factor_missing":
		return "second_factor"
	case "unknown_identity":
		return "not_linked"
	case "invitation_invalid", "account_disabled":
		return reason
	case "invitation_other_user":
		return "invitation_invalid"
	}
	return "refused"
}

func (h *SignIn) principal(r *http.Request, hash []byte) db.Principal {
	p := db.Principal{RequestID: httpapi.RequestID(r.Context())}
	if hash != nil {
		p.SessionHash = hex.EncodeToString(hash)
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && len(host) <= 64 {
		p.ClientAddr = host
	}
	return p
}

// safeReturn keeps a return path only when it is a path of this service (under
// the base path): never another site, never a scheme-relative //host.
func safeReturn(basePath, s string) string {
	home := basePath + "/"
	if s == "" || len(s) > 2000 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") ||
		strings.ContainsAny(s, "\\\r\n\t") {
		return home
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return home
	}
	if basePath != "" && s != basePath && !strings.HasPrefix(s, basePath+"/") && !strings.HasPrefix(s, basePath+"?") {
		return home
	}
	return s
}

// random returns n random bytes, base64url: 32 bytes give 256 bits.
func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
