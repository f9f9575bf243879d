package idp

import (
	"database/sql"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/idp/passwordpolicy"
)

// Self-service password reset: a link by e-mail sets a new password and unlocks
// the account (the second factor stays as it is).

const (
	actionReset  = "auth.idp_reset"
	resetTTL     = 30 * time.Minute
	msgResetSent = "If that username has an account here, a link to set a new password is on its way to the e-mail address on file. It works for 30 minutes."
)

type mailView struct {
	To, Subject, Body, At string
}

type resetView struct {
	enrolView
	Mails []mailView
}

func (pg *pages) resetRoutes(r chi.Router) {
	r.Get("/reset", pg.resetForm)
	r.Post("/reset", pg.resetRequest)
	r.Get("/reset/confirm", pg.resetConfirmForm)
	r.Post("/reset/confirm", pg.resetConfirm)
	if pg.p.opts.Mail.Outbox && !pg.p.opts.Production {
		r.Get("/dev/outbox", pg.outbox)
	}
}

func (pg *pages) renderReset(w http.ResponseWriter, status int, name string, v resetView) {
	pg.write(w, status, name, "/", &v.view, &v)
}

func (pg *pages) resetForm(w http.ResponseWriter, r *http.Request) {
	pg.renderReset(w, http.StatusOK, "reset_request", resetView{enrolView: enrolView{view: view{Title: "Reset your password", Action: "reset"}}})
}

// resetRequest mails a reset link; it answers the same whether the user exists or not.
func (pg *pages) resetRequest(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		pg.problem(w, http.StatusBadRequest, "The form could not be read.")
		return
	}
	if pg.p.opts.Throttle != nil && !pg.p.opts.Throttle.Allow(pg.principal(r).ClientAddr) {
		pg.problem(w, http.StatusTooManyRequests, "Too many attempts from your network address. Wait a minute and try again.")
		return
	}
	username := strings.TrimSpace(r.PostFormValue("username"))
	if username != "" && len(username) <= 64 {
		token := randomToken()
		link := Issuer(pg.p.opts.PublicURL) + "/reset/confirm?token=" + url.QueryEscape(token)
		err := pg.tx(r, func(tx *gorm.DB) error {
			var email, name sql.NullString
			if err := tx.Raw("SELECT email, display_name FROM idp_reset_request(?, decode(?, 'hex'), make_interval(secs => ?))",
				username, hex.EncodeToString(auth.HashToken(token)), resetTTL.Seconds()).Row().Scan(&email, &name); err != nil {
				return err
			}
			outcome, reason := "success", "link sent"
			if !email.Valid {
				outcome, reason = "denied", "unknown_user"
			} else if err := pg.p.opts.Mail.send(r.Context(), tx, email.String, "CCPOR: set a new password",
				"Hello "+name.String+",\n\nSomeone (we hope you) asked to reset the password of "+username+
					" at the California Courts Protective Order Registry. Open this link within 30 minutes to choose a new one;"+
					" it also unlocks the account:\n\n"+link+"\n\nIf you did not ask for this, ignore this message and tell your court's help desk.\n"); err != nil {
				return err
			}
			return pg.record(r, tx, auth.Event{Action: actionReset, Outcome: outcome, ObjectType: "user", Actor: username, Reason: reason})
		})
		if err != nil {
			pg.unavailable(w, r, err)
			return
		}
	}
	pg.renderReset(w, http.StatusOK, "reset_request", resetView{enrolView: enrolView{view: view{Title: "Reset your password", Message: msgResetSent}}})
}

// resetUser finds the user of a live reset link; false (after answering) when none.
func (pg *pages) resetUser(w http.ResponseWriter, r *http.Request, token string) (string, bool) {
	if !invitationToken.MatchString(token) {
		pg.problem(w, http.StatusBadRequest, "The link is incomplete. Open the link from your e-mail again.")
		return "", false
	}
	var username string
	err := pg.tx(r, func(tx *gorm.DB) error {
		return tx.Raw("SELECT username FROM idp_reset_user(decode(?, 'hex')) WHERE username IS NOT NULL",
			hex.EncodeToString(auth.HashToken(token))).Row().Scan(&username)
	})
	if errors.Is(err, sql.ErrNoRows) {
		pg.problem(w, http.StatusNotFound, "The link is unknown, used or expired. Ask for a new one from the sign-in page.")
		return "", false
	}
	if err != nil {
		pg.unavailable(w, r, err)
		return "", false
	}
	return username, true
}

func (pg *pages) showReset(w http.ResponseWriter, status int, token, username, problem string) {
	pg.renderReset(w, status, "reset_confirm", resetView{enrolView: enrolView{view: view{Title: "Choose a new password",
		Action: "reset/confirm", Username: username, Error: problem}, Invitation: token,
		MinLength: max(pg.p.opts.PasswordMinLength, passwordpolicy.MinLength)}})
}

func (pg *pages) resetConfirmForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if username, ok := pg.resetUser(w, r, token); ok {
		pg.showReset(w, http.StatusOK, token, username, "")
	}
}

func (pg *pages) resetConfirm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		pg.problem(w, http.StatusBadRequest, "The form could not be read.")
		return
	}
	token := r.PostFormValue("token")
	username, ok := pg.resetUser(w, r, token)
	if !ok {
		return
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("confirm") {
		pg.showReset(w, http.StatusBadRequest, token, username, "The two passwords differ. Enter the same password twice.")
		return
	}
	if err := passwordpolicy.Check(password, username, pg.p.opts.PasswordMinLength); err != nil {
		pg.showReset(w, http.StatusBadRequest, token, username, err.Error())
		return
	}
	err := pg.tx(r, func(tx *gorm.DB) error {
		var user sql.NullString
		if err := tx.Raw("SELECT idp_reset_complete(decode(?, 'hex'), ?)::text", hex.EncodeToString(auth.HashToken(token)), HashPassword(password)).
			Row().Scan(&user); err != nil {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionReset, Outcome: "success", ObjectType: "user", ObjectID: user.String,
			Actor: username, Reason: "password set; account unlocked"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	pg.renderReset(w, http.StatusOK, "reset_confirm", resetView{enrolView: enrolView{view: view{Title: "Password changed",
		Message: "Your new password is set and your account is unlocked. Sign in with it and your one-time code."},
		Next: pg.p.opts.BasePath + "/auth/login"}})
}

// outbox lists the development outbox (development only) to a client on this
// machine or a signed-in platform administrator: it holds reset links.
func (pg *pages) outbox(w http.ResponseWriter, r *http.Request) {
	if !loopback(r) && (pg.p.opts.OutboxReader == nil || !pg.p.opts.OutboxReader(r)) {
		pg.problem(w, http.StatusForbidden, "The mail outbox is shown only on the server's own machine, or to a signed-in platform administrator.")
		return
	}
	var mails []mailView
	err := pg.tx(r, func(tx *gorm.DB) error {
		rows, err := tx.Raw("SELECT recipient, subject, body, created_at FROM mail_outbox_list(50)").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m mailView
			var at time.Time
			if err := rows.Scan(&m.To, &m.Subject, &m.Body, &at); err != nil {
				return err
			}
			m.At = at.UTC().Format(time.RFC3339)
			mails = append(mails, m)
		}
		return rows.Err()
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	pg.renderReset(w, http.StatusOK, "outbox", resetView{enrolView: enrolView{view: view{Title: "Mail outbox"}}, Mails: mails})
}

// loopback tells whether r comes straight from this machine: a loopback peer and
// no proxy's forwarding header (a proxy on this machine forwards other machines).
func loopback(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}
