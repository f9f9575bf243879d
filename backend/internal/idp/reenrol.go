package idp

import (
	"database/sql"
	"errors"
	"net/http"
	"net/url"

	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/idp/passwordpolicy"
)

// Re-enrolment: after the help desk reset a user's second factor, the next sign-in
// takes the old password, then asks for a new password and new one-time codes (the
// enrolment pages, bound to the authorization request instead of an invitation),
// shows new recovery codes, and completes the sign-in with both factors.

const msgReenrol = "Your help desk reset your second factor. Choose a new password, then set up one-time codes again."

// reenrolPending starts the re-enrolment when the account's second factor was
// reset; false when it was not (the caller refuses the sign-in).
func (pg *pages) reenrolPending(w http.ResponseWriter, r *http.Request, a *authRequest, user, username string) bool {
	var pending bool
	var cookie string
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_account_reenrol_pending(?)", user).Row().Scan(&pending); err != nil || !pending {
			return err
		}
		if err := tx.Exec("UPDATE idp_auth_requests SET user_id = ?, password_at = now(), amr = '[\"pwd\"]', reenrol = true WHERE id = ?",
			user, a.id).Error; err != nil {
			return err
		}
		var err error
		if cookie, err = pg.rotate(tx, a); err != nil {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionPassword, Outcome: "success", ObjectType: "user", ObjectID: user, Actor: username,
			Reason: "second factor reset: enrols again"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return true
	}
	if pending {
		pg.setCookie(w, cookie)
		pg.again(w, r, a)
	}
	return pending
}

// reenrolment returns who the request re-enrols; ok false when it no longer does.
func (pg *pages) reenrolment(r *http.Request, a *authRequest) (e enrolment, ok bool, err error) {
	err = pg.tx(r, func(tx *gorm.DB) error {
		return tx.Raw("SELECT user_id::text, username, display_name, pending FROM idp_reenrolment(?) WHERE user_id IS NOT NULL", a.id).
			Row().Scan(&e.user, &e.username, &e.name, &e.pending)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// reenrolStep shows the re-enrolment's next page: the new password, or the codes.
func (pg *pages) reenrolStep(w http.ResponseWriter, r *http.Request, a *authRequest, status int, problem string) {
	e, ok, err := pg.reenrolment(r, a)
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if !ok {
		pg.problem(w, http.StatusConflict, "This sign-in cannot continue: start again from the registry's sign-in.")
		return
	}
	if e.pending.Valid {
		pg.reenrolShowTOTP(w, status, a, e, problem)
		return
	}
	v := enrolView{view: view{Title: "Set a new password", Action: "new-password", ID: a.id,
		Error: problem, Username: e.username, Message: msgReenrol}, Name: e.name, MinLength: max(pg.p.opts.PasswordMinLength, passwordpolicy.MinLength)}
	pg.write(w, status, "enrol_password", "/login/", &v.view, &v)
}

func (pg *pages) reenrolShowTOTP(w http.ResponseWriter, status int, a *authRequest, e enrolment, problem string) {
	qr, err := qrDataURL(e.username, e.pending.String)
	if err != nil {
		pg.problem(w, http.StatusInternalServerError, "The QR code could not be drawn; enter the key by hand.")
		return
	}
	v := enrolView{view: view{Title: "Set up one-time codes", Action: "new-totp", ID: a.id, Error: problem}, Secret: e.pending.String, QR: qr}
	pg.write(w, status, "enrol_totp", "/login/", &v.view, &v)
}

// reenrolForm returns the request and its re-enrolment a form continues.
func (pg *pages) reenrolForm(w http.ResponseWriter, r *http.Request) (*authRequest, enrolment, bool) {
	a, ok := pg.posted(w, r)
	if !ok {
		return nil, enrolment{}, false
	}
	if !a.reenrol {
		pg.again(w, r, a)
		return nil, enrolment{}, false
	}
	if pg.throttled(w, r, a) {
		return nil, enrolment{}, false
	}
	e, ok, err := pg.reenrolment(r, a)
	if err != nil {
		pg.unavailable(w, r, err)
		return nil, e, false
	}
	if !ok {
		pg.problem(w, http.StatusConflict, "This sign-in cannot continue: start again from the registry's sign-in.")
		return nil, e, false
	}
	return a, e, true
}

func (pg *pages) reenrolPassword(w http.ResponseWriter, r *http.Request) {
	a, e, ok := pg.reenrolForm(w, r)
	if !ok {
		return
	}
	password := r.PostFormValue("password")
	problem := ""
	if password != r.PostFormValue("confirm") {
		problem = "The two passwords differ. Enter the same password twice."
	} else if err := passwordpolicy.Check(password, e.username, pg.p.opts.PasswordMinLength, e.name); err != nil {
		problem = err.Error()
	}
	if problem != "" {
		e.pending = sql.NullString{}
		pg.reenrolStep(w, r, a, http.StatusBadRequest, problem)
		return
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "CCPOR", AccountName: e.username})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	err = pg.tx(r, func(tx *gorm.DB) error {
		var done bool
		if err := tx.Raw("SELECT idp_reenrol_password(?, ?, ?)", a.id, HashPassword(password), key.Secret()).Row().Scan(&done); err != nil || !done {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionEnrol, Outcome: "success", ObjectType: "user", ObjectID: e.user,
			Actor: e.username, Reason: "new password set after a second factor reset"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	pg.again(w, r, a)
}

func (pg *pages) reenrolTOTP(w http.ResponseWriter, r *http.Request) {
	a, e, ok := pg.reenrolForm(w, r)
	if !ok {
		return
	}
	if !e.pending.Valid {
		pg.reenrolStep(w, r, a, http.StatusBadRequest, "Set your new password first.")
		return
	}
	step, match := matchTOTP(e.pending.String, r.PostFormValue("code"), pg.p.opts.Clock.Now())
	if !match {
		pg.reenrolShowTOTP(w, http.StatusBadRequest, a, e, "The code is not right. Check the app's clock and enter the code it shows now.")
		return
	}
	codes, hashes := recoveryCodes(10)
	var done bool
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_reenrol_totp(?, ?, ?::jsonb)", a.id, step, toJSON(hashes)).Row().Scan(&done); err != nil || !done {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionEnrol, Outcome: "success", ObjectType: "user", ObjectID: e.user,
			Actor: e.username, Reason: "second factor set again"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if !done {
		pg.problem(w, http.StatusConflict, "This sign-in cannot continue: start again from the registry's sign-in.")
		return
	}
	next := pg.p.opts.BasePath + Path + "/login?id=" + url.QueryEscape(a.id)
	pg.renderEnrol(w, http.StatusOK, "enrol_done", enrolView{view: view{Title: "Save your recovery codes"}, Codes: codes, Next: next})
}
