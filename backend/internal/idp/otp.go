package idp

import (
	"crypto/subtle"
	"database/sql"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
)

// The second step of a sign-in: a TOTP code (RFC 6238) or a recovery code.

var totpOptions = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// otp checks the one-time code; a code is accepted once.
func (pg *pages) otp(w http.ResponseWriter, r *http.Request) {
	a, ok := pg.posted(w, r)
	if !ok {
		return
	}
	if a.passwordAt == nil || a.userID == "" || a.Done() || a.reenrol {
		pg.again(w, r, a)
		return
	}
	if pg.throttled(w, r, a) {
		return
	}
	var secret sql.NullString
	err := pg.tx(r, func(tx *gorm.DB) error {
		return tx.Raw("SELECT idp_account_totp(?)", a.userID).Row().Scan(&secret)
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if !secret.Valid {
		pg.failed(r, actionOTP, a.userID, "", "account_locked")
		pg.step(w, r, a, http.StatusForbidden, msgLocked)
		return
	}
	code := strings.ToLower(strings.TrimSpace(r.PostFormValue("code")))
	if recoveryPattern.MatchString(code) {
		pg.recovery(w, r, a, code)
		return
	}
	step, match := matchTOTP(secret.String, code, pg.p.opts.Clock.Now())
	if !match {
		msg := "The code is not right. Enter the code your app shows now."
		if pg.failed(r, actionOTP, a.userID, "", "wrong_code") {
			msg = msgLocked
		}
		pg.step(w, r, a, http.StatusUnauthorized, msg)
		return
	}
	var fresh bool
	var cookie string
	err = pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_account_succeeded(?, ?)", a.userID, step).Row().Scan(&fresh); err != nil || !fresh {
			return err
		}
		if err := tx.Exec("UPDATE idp_auth_requests SET amr = '[\"pwd\", \"otp\"]', auth_time = now() WHERE id = ?", a.id).Error; err != nil {
			return err
		}
		var err error
		if cookie, err = pg.rotate(tx, a); err != nil {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionOTP, Outcome: "success", ObjectType: "user", ObjectID: a.userID})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if !fresh {
		pg.failed(r, actionOTP, a.userID, "", "code_reused")
		pg.step(w, r, a, http.StatusUnauthorized, "This code was used already. Wait for the next code and enter it.")
		return
	}
	pg.setCookie(w, cookie)
	http.Redirect(w, r, pg.p.callbackURL(a.id), http.StatusSeeOther)
}

var recoveryPattern = regexp.MustCompile(`^[a-z2-7]{5}-[a-z2-7]{5}$`)

// recovery accepts one of the recovery codes shown at enrolment, once, in place of
// a one-time code (a lost phone).
func (pg *pages) recovery(w http.ResponseWriter, r *http.Request, a *authRequest, code string) {
	var ok bool
	var cookie string
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_use_recovery_code(?, ?)", a.userID, hashOf(code)).Row().Scan(&ok); err != nil || !ok {
			return err
		}
		if err := tx.Exec("UPDATE idp_auth_requests SET amr = '[\"pwd\", \"otp\"]', auth_time = now() WHERE id = ?", a.id).Error; err != nil {
			return err
		}
		var err error
		if cookie, err = pg.rotate(tx, a); err != nil {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionOTP, Outcome: "success", ObjectType: "user", ObjectID: a.userID,
			Reason: "recovery code used"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	if !ok {
		msg := "The code is not right. Enter the code your app shows now."
		if pg.failed(r, actionOTP, a.userID, "", "wrong_recovery_code") {
			msg = msgLocked
		}
		pg.step(w, r, a, http.StatusUnauthorized, msg)
		return
	}
	pg.setCookie(w, cookie)
	http.Redirect(w, r, pg.p.callbackURL(a.id), http.StatusSeeOther)
}

// matchTOTP finds the time step (now, or one either side) whose code is code.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	for _, off := range []int64{0, -1, 1} {
		step := now.Unix()/30 + off
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totpOptions)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}
