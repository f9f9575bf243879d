package idp

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Lockout: this many failed sign-ins within the window lock the account until a
// help desk user releases it or the user completes a password reset.
const (
	LockoutFailures = 5
	LockoutWindow   = 15 * time.Minute
)

// Audited actions of the sign-in pages.
const (
	actionNotice   = "auth.use_notice"
	actionPassword = "auth.idp_password"
	actionOTP      = "auth.idp_otp"
)

//go:embed web
var web embed.FS

// pages are the sign-in pages: use notice, password, one-time code. They work
// without JavaScript; the browser that started a sign-in is bound to it by a cookie.
type pages struct {
	p     *Provider
	tmpl  map[string]*template.Template
	https bool
}

func newPages(p *Provider) *pages {
	u, _ := url.Parse(p.opts.PublicURL)
	pg := &pages{p: p, tmpl: map[string]*template.Template{}, https: u != nil && u.Scheme == "https"}
	for _, name := range []string{"notice", "password", "otp", "problem", "enrol_password", "enrol_totp", "enrol_done",
		"reset_request", "reset_confirm", "outbox"} {
		pg.tmpl[name] = template.Must(template.ParseFS(web, "web/layout.html", "web/"+name+".html"))
	}
	return pg
}

func (pg *pages) routes(r chi.Router) {
	r.Get("/login", pg.show)
	r.Post("/login/notice", pg.notice)
	r.Post("/login/password", pg.password)
	r.Post("/login/otp", pg.otp)
	r.Post("/login/new-password", pg.reenrolPassword)
	r.Post("/login/new-totp", pg.reenrolTOTP)
	r.Get("/authorize/callback", pg.issueCode)
	pg.enrolRoutes(r)
	pg.resetRoutes(r)
	r.Get("/static/idp.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.ServeFileFS(w, r, web, "web/idp.css")
	})
}

type view struct {
	Title, Error, Action, ID, Username, Message, Home, Static string
}

func (pg *pages) render(w http.ResponseWriter, status int, name string, v view) {
	pg.write(w, status, name, "/login/", &v, &v)
}

// write fills in the page's links (static files, home, and the form's action under
// actionPrefix) and renders the named page with data, which holds v.
func (pg *pages) write(w http.ResponseWriter, status int, name, actionPrefix string, v *view, data any) {
	base := pg.p.opts.BasePath + Path
	v.Static, v.Home = base+"/static", pg.p.opts.BasePath+"/"
	if v.Action != "" {
		v.Action = base + actionPrefix + v.Action
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = pg.tmpl[name].ExecuteTemplate(w, "layout", data)
}

func (pg *pages) problem(w http.ResponseWriter, status int, message string) {
	pg.render(w, status, "problem", view{Title: "Sign-in cannot continue", Message: message})
}

func (pg *pages) cookieName() string {
	if pg.https {
		return "__Host-ccpor_idp"
	}
	return "ccpor_idp"
}

// browser returns the hash of the browser's sign-in cookie; nil when it has none.
// Only a value the server bound to a sign-in ever matches one: show binds a
// sign-in to a value it issues then, never to one the browser brought.
func (pg *pages) browser(r *http.Request) []byte {
	if c, err := r.Cookie(pg.cookieName()); err == nil && len(c.Value) >= 32 && len(c.Value) <= 100 {
		return auth.HashToken(c.Value)
	}
	return nil
}

// issue sets a fresh sign-in cookie and returns its hash.
func (pg *pages) issue(w http.ResponseWriter) []byte {
	v := randomToken()
	pg.setCookie(w, v)
	return auth.HashToken(v)
}

func (pg *pages) setCookie(w http.ResponseWriter, v string) {
	path := "/"
	if !pg.https && pg.p.opts.BasePath != "" {
		path = pg.p.opts.BasePath + Path
	}
	http.SetCookie(w, &http.Cookie{Name: pg.cookieName(), Value: v, Path: path, HttpOnly: true, Secure: pg.https,
		SameSite: http.SameSiteLaxMode, MaxAge: int(authRequestTTL.Seconds())})
}

// rotate binds the sign-in to a new cookie value within tx, once a step proves
// who signs in: a value known before (planted, or seen) continues nothing after.
// It answers the value, to set only when tx commits.
func (pg *pages) rotate(tx *gorm.DB, a *authRequest) (string, error) {
	v := randomToken()
	res := tx.Exec("UPDATE idp_auth_requests SET browser_hash = decode(?, 'hex') WHERE id = ? AND browser_hash = decode(?, 'hex')",
		hex.EncodeToString(auth.HashToken(v)), a.id, hex.EncodeToString(a.browserHash))
	if res.Error != nil {
		return "", res.Error
	}
	if res.RowsAffected != 1 {
		return "", errors.New("idp: the sign-in's browser changed")
	}
	return v, nil
}

// issueCode lets the provider issue the code of a finished sign-in only to the
// browser the sign-in is bound to.
func (pg *pages) issueCode(w http.ResponseWriter, r *http.Request) {
	a, err := pg.p.storage.authRequest(r.Context(), r.URL.Query().Get("id"))
	if err != nil {
		pg.problem(w, http.StatusBadRequest, "This sign-in is unknown or took too long.")
		return
	}
	if hash := pg.browser(r); hash == nil || subtle.ConstantTimeCompare(a.browserHash, hash) != 1 {
		pg.problem(w, http.StatusForbidden, "This sign-in was started in another browser.")
		return
	}
	pg.p.op.ServeHTTP(w, r)
}

func (pg *pages) principal(r *http.Request) db.Principal {
	p := db.Principal{RequestID: httpapi.RequestID(r.Context())}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && len(host) <= 64 {
		p.ClientAddr = host
	}
	return p
}

// txTimeout bounds a page's transaction, which no longer ends with the request.
const txTimeout = 5 * time.Second

// tx runs fn in a transaction that outlives the request's cancellation (a client
// that hangs up leaves neither half an attempt nor an unrecorded refusal), bounded
// by txTimeout.
func (pg *pages) tx(r *http.Request, fn func(tx *gorm.DB) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), txTimeout)
	defer cancel()
	return pg.p.storage.db.Tx(ctx, pg.principal(r), fn)
}

// record appends e inside tx, with tx's own context (see tx), never the request's.
func (pg *pages) record(_ *http.Request, tx *gorm.DB, e auth.Event) error {
	if pg.p.opts.Record == nil {
		return nil
	}
	return pg.p.opts.Record(tx.Statement.Context, tx, e)
}

// show renders the step the request has reached.
func (pg *pages) show(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	a, err := pg.p.storage.authRequest(r.Context(), id)
	if err != nil {
		pg.problem(w, http.StatusBadRequest, "This sign-in is unknown or took too long.")
		return
	}
	hash := pg.browser(r)
	if len(a.browserHash) == 0 { // bound to a value issued now, whatever the browser brought
		fresh := pg.issue(w)
		var bound int64
		err = pg.tx(r, func(tx *gorm.DB) error {
			res := tx.Exec("UPDATE idp_auth_requests SET browser_hash = decode(?, 'hex') WHERE id = ? AND browser_hash IS NULL",
				hex.EncodeToString(fresh), a.id)
			bound = res.RowsAffected
			return res.Error
		})
		if err != nil {
			pg.unavailable(w, r, err)
			return
		}
		if bound == 1 {
			a.browserHash, hash = fresh, fresh
		}
	}
	if hash == nil || subtle.ConstantTimeCompare(a.browserHash, hash) != 1 {
		pg.problem(w, http.StatusForbidden, "This sign-in was started in another browser.")
		return
	}
	pg.step(w, r, a, http.StatusOK, "")
}

func (pg *pages) step(w http.ResponseWriter, r *http.Request, a *authRequest, status int, problem string) {
	switch {
	case a.noticeAt == nil:
		pg.render(w, status, "notice", view{Title: "Use notice", Action: "notice", ID: a.id, Error: problem})
	case a.passwordAt == nil:
		pg.render(w, status, "password", view{Title: "Sign in", Action: "password", ID: a.id, Error: problem,
			Username: r.PostFormValue("username")})
	case a.reenrol:
		pg.reenrolStep(w, r, a, status, problem)
	case !a.Done():
		pg.render(w, status, "otp", view{Title: "One-time code", Action: "otp", ID: a.id, Error: problem})
	default:
		http.Redirect(w, r, pg.p.callbackURL(a.id), http.StatusSeeOther)
	}
}

// posted returns the request a form continues, refusing another browser's.
func (pg *pages) posted(w http.ResponseWriter, r *http.Request) (*authRequest, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		pg.problem(w, http.StatusBadRequest, "The form could not be read.")
		return nil, false
	}
	a, err := pg.p.storage.authRequest(r.Context(), r.PostFormValue("id"))
	if err != nil {
		pg.problem(w, http.StatusBadRequest, "This sign-in is unknown or took too long.")
		return nil, false
	}
	hash := pg.browser(r)
	if hash == nil || subtle.ConstantTimeCompare(a.browserHash, hash) != 1 {
		pg.problem(w, http.StatusForbidden, "This sign-in was started in another browser.")
		return nil, false
	}
	return a, true
}

func (pg *pages) again(w http.ResponseWriter, r *http.Request, a *authRequest) {
	http.Redirect(w, r, pg.p.opts.BasePath+Path+"/login?id="+url.QueryEscape(a.id), http.StatusSeeOther)
}

func (pg *pages) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	httpapi.Logger(r.Context()).ErrorContext(r.Context(), "idp: sign-in page", "err", err)
	pg.problem(w, http.StatusServiceUnavailable, "The sign-in service cannot answer now; try again shortly.")
}

func (pg *pages) throttled(w http.ResponseWriter, r *http.Request, a *authRequest) bool {
	if pg.p.opts.Throttle == nil || pg.p.opts.Throttle.Allow(pg.principal(r).ClientAddr) {
		return false
	}
	pg.step(w, r, a, http.StatusTooManyRequests, "Too many attempts from your network address. Wait a minute and try again.")
	return true
}

// notice records that the user acknowledged the use notice.
func (pg *pages) notice(w http.ResponseWriter, r *http.Request) {
	a, ok := pg.posted(w, r)
	if !ok {
		return
	}
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE idp_auth_requests SET notice_at = now() WHERE id = ?", a.id).Error; err != nil {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionNotice, Outcome: "success", ObjectType: "auth_request", ObjectID: a.id,
			Reason: "use notice acknowledged"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	pg.again(w, r, a)
}

const (
	msgWrong  = "The username or password is not right."
	msgLocked = "This account is locked after repeated failed sign-ins. Call your help desk, or reset your password."
)

// failed counts a failure against the account and audits it, in its own transaction.
func (pg *pages) failed(r *http.Request, action, user, username, reason string) (locked bool) {
	err := pg.tx(r, func(tx *gorm.DB) error {
		if user != "" {
			if err := tx.Raw("SELECT idp_account_failed(?, ?, make_interval(secs => ?))", user, LockoutFailures, LockoutWindow.Seconds()).
				Row().Scan(&locked); err != nil {
				return err
			}
		}
		if locked && !strings.HasPrefix(reason, "account_locked") {
			reason += "; account locked now"
		}
		return pg.record(r, tx, auth.Event{Action: action, Outcome: "denied", ObjectType: "user", ObjectID: user, Reason: reason, Actor: username})
	})
	if err != nil {
		httpapi.Logger(r.Context()).ErrorContext(r.Context(), "idp: record a failed sign-in", "err", err)
	}
	return locked
}

// wrongPassword audits a wrong password (or an unknown username) and locks the
// account or the username once its attempts reach the limit; it answers whether
// it is locked now.
func (pg *pages) wrongPassword(r *http.Request, user, username string) (locked bool) {
	reason := "wrong_password"
	var account any
	if user != "" {
		account = user
	} else {
		reason = "unknown_user"
	}
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_password_wrong(?, ?, ?)", account, username, LockoutFailures).Row().Scan(&locked); err != nil {
			return err
		}
		if locked {
			reason += "; account locked now"
		}
		return pg.record(r, tx, auth.Event{Action: actionPassword, Outcome: "denied", ObjectType: "user", ObjectID: user, Reason: reason, Actor: username})
	})
	if err != nil {
		httpapi.Logger(r.Context()).ErrorContext(r.Context(), "idp: record a wrong password", "err", err)
	}
	return locked
}

// password checks the username and password.
func (pg *pages) password(w http.ResponseWriter, r *http.Request) {
	a, ok := pg.posted(w, r)
	if !ok {
		return
	}
	if a.noticeAt == nil || a.passwordAt != nil {
		pg.again(w, r, a)
		return
	}
	if pg.throttled(w, r, a) {
		return
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	if len(username) > 64 || len(password) > 1024 {
		pg.step(w, r, a, http.StatusUnauthorized, msgWrong)
		return
	}
	// The attempt is counted, under the account's row lock, before the password is
	// compared: parallel requests make at most LockoutFailures comparisons.
	var user, phc sql.NullString
	var locked, hasTOTP sql.NullBool // hasTOTP false: no second factor (yet, or reset by the help desk)
	err := pg.tx(r, func(tx *gorm.DB) error {
		return tx.Raw("SELECT user_id::text, password_hash, has_totp, locked FROM idp_password_attempt(?, ?, make_interval(secs => ?))",
			username, LockoutFailures, LockoutWindow.Seconds()).Row().Scan(&user, &phc, &hasTOTP, &locked)
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if locked.Bool {
		reason := "account_locked; password not checked"
		if !user.Valid {
			reason = "unknown_user; locked; password not checked"
		}
		if err := pg.tx(r, func(tx *gorm.DB) error {
			return pg.record(r, tx, auth.Event{Action: actionPassword, Outcome: "denied", ObjectType: "user", ObjectID: user.String,
				Reason: reason, Actor: username})
		}); err != nil {
			httpapi.Logger(r.Context()).ErrorContext(r.Context(), "idp: record a locked sign-in", "err", err)
		}
		pg.step(w, r, a, http.StatusForbidden, msgLocked)
		return
	}
	hash := dummyHash
	if phc.Valid {
		hash = phc.String
	}
	pg.p.checks.Inc()
	right := checkPassword(hash, password) && phc.Valid
	switch {
	case !right:
		msg := msgWrong
		if pg.wrongPassword(r, user.String, username) {
			msg = msgLocked
		}
		pg.step(w, r, a, http.StatusUnauthorized, msg)
	case !hasTOTP.Bool && pg.reenrolPending(w, r, a, user.String, username):
		return
	case !hasTOTP.Bool:
		pg.failed(r, actionPassword, "", username, "no_second_factor")
		pg.step(w, r, a, http.StatusForbidden, "This account has no second factor yet. Call your help desk.")
	default:
		var cookie string
		err := pg.tx(r, func(tx *gorm.DB) error {
			if err := tx.Exec("UPDATE idp_auth_requests SET user_id = ?, password_at = now(), amr = '[\"pwd\"]' WHERE id = ?", user.String, a.id).Error; err != nil {
				return err
			}
			var err error
			if cookie, err = pg.rotate(tx, a); err != nil {
				return err
			}
			return pg.record(r, tx, auth.Event{Action: actionPassword, Outcome: "success", ObjectType: "user", ObjectID: user.String, Actor: username})
		})
		if err != nil {
			pg.unavailable(w, r, err)
			return
		}
		pg.setCookie(w, cookie)
		pg.again(w, r, a)
	}
}
