package idp

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/idp/passwordpolicy"
)

// Enrolment: an invitation link (EnrolURL) sets the password and the second
// factor, then continues to the relying party's /auth/login?invitation=..., whose
// sign-in links the identity and uses the invitation up.

const actionEnrol = "auth.idp_enrol"

var invitationToken = regexp.MustCompile(`^[A-Za-z0-9_-]{16,200}$`)

// EnrolURL is the link an invitation sends when the registry signs in at its own provider.
func EnrolURL(publicURL, token string) string {
	return Issuer(publicURL) + "/enrol?invitation=" + url.QueryEscape(token)
}

type enrolView struct {
	view
	Name, Invitation, Secret string
	MinLength                int
	QR                       template.URL
	Codes                    []string
	Next                     string
}

type enrolment struct {
	user, username, name string
	pending              sql.NullString
}

func (pg *pages) enrolRoutes(r chi.Router) {
	r.Get("/enrol", pg.enrolShow)
	r.Post("/enrol/password", pg.enrolPassword)
	r.Post("/enrol/totp", pg.enrolTOTP)
}

func (pg *pages) renderEnrol(w http.ResponseWriter, status int, name string, v enrolView) {
	pg.write(w, status, name, "/enrol/", &v.view, &v)
}

// enrolment finds what an invitation enrols; false (after answering) when nothing.
func (pg *pages) enrolment(w http.ResponseWriter, r *http.Request, token string) (enrolment, bool) {
	var e enrolment
	if !invitationToken.MatchString(token) {
		pg.problem(w, http.StatusBadRequest, "The invitation link is incomplete. Open the link from your e-mail again.")
		return e, false
	}
	err := pg.tx(r, func(tx *gorm.DB) error {
		return tx.Raw("SELECT user_id::text, username, display_name, pending FROM idp_enrolment(decode(?, 'hex')) WHERE user_id IS NOT NULL",
			hex.EncodeToString(auth.HashToken(token))).Row().Scan(&e.user, &e.username, &e.name, &e.pending)
	})
	if errors.Is(err, sql.ErrNoRows) {
		pg.problem(w, http.StatusNotFound, "The invitation is unknown, used or expired, or your account is set up already. Ask your court administrator for a new invitation, or sign in.")
		return e, false
	}
	if err != nil {
		pg.unavailable(w, r, err)
		return e, false
	}
	return e, true
}

func (pg *pages) enrolShow(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("invitation")
	e, ok := pg.enrolment(w, r, token)
	if !ok {
		return
	}
	if e.pending.Valid {
		pg.showTOTP(w, http.StatusOK, e, token, e.pending.String, "")
		return
	}
	pg.showPassword(w, http.StatusOK, e, token, "")
}

func (pg *pages) showPassword(w http.ResponseWriter, status int, e enrolment, token, problem string) {
	pg.renderEnrol(w, status, "enrol_password", enrolView{view: view{Title: "Set your password", Action: "password", Error: problem,
		Username: e.username}, Name: e.name, Invitation: token, MinLength: max(pg.p.opts.PasswordMinLength, passwordpolicy.MinLength)})
}

func (pg *pages) showTOTP(w http.ResponseWriter, status int, e enrolment, token, secret, problem string) {
	qr, err := qrDataURL(e.username, secret)
	if err != nil {
		pg.problem(w, http.StatusInternalServerError, "The QR code could not be drawn; enter the key by hand.")
		return
	}
	pg.renderEnrol(w, status, "enrol_totp", enrolView{view: view{Title: "Set up one-time codes", Action: "totp", Error: problem},
		Invitation: token, Secret: secret, QR: qr})
}

// qrDataURL draws the otpauth:// URI of a TOTP secret as a PNG data: URL (the CSP
// allows img-src data:).
func qrDataURL(username, secret string) (template.URL, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "CCPOR", AccountName: username, Secret: mustBase32(secret)})
	if err != nil {
		return "", err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

func mustBase32(s string) []byte {
	b, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	return b
}

func (pg *pages) enrolForm(w http.ResponseWriter, r *http.Request) (enrolment, string, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		pg.problem(w, http.StatusBadRequest, "The form could not be read.")
		return enrolment{}, "", false
	}
	token := r.PostFormValue("invitation")
	e, ok := pg.enrolment(w, r, token)
	if ok && pg.p.opts.Throttle != nil && !pg.p.opts.Throttle.Allow(pg.principal(r).ClientAddr) {
		pg.problem(w, http.StatusTooManyRequests, "Too many attempts from your network address. Wait a minute and open the link again.")
		return e, token, false
	}
	return e, token, ok
}

func (pg *pages) enrolPassword(w http.ResponseWriter, r *http.Request) {
	e, token, ok := pg.enrolForm(w, r)
	if !ok {
		return
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("confirm") {
		pg.showPassword(w, http.StatusBadRequest, e, token, "The two passwords differ. Enter the same password twice.")
		return
	}
	if err := passwordpolicy.Check(password, e.username, pg.p.opts.PasswordMinLength, e.name); err != nil {
		pg.showPassword(w, http.StatusBadRequest, e, token, err.Error())
		return
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "CCPOR", AccountName: e.username})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	var done bool
	err = pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_enrol_password(decode(?, 'hex'), ?, ?)", hex.EncodeToString(auth.HashToken(token)),
			HashPassword(password), key.Secret()).Row().Scan(&done); err != nil || !done {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionEnrol, Outcome: "success", ObjectType: "user", ObjectID: e.user,
			Actor: e.username, Reason: "password set"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	pg.showTOTP(w, http.StatusOK, e, token, key.Secret(), "")
}

func (pg *pages) enrolTOTP(w http.ResponseWriter, r *http.Request) {
	e, token, ok := pg.enrolForm(w, r)
	if !ok {
		return
	}
	if !e.pending.Valid {
		pg.showPassword(w, http.StatusBadRequest, e, token, "Set your password first.")
		return
	}
	step, match := matchTOTP(e.pending.String, r.PostFormValue("code"), pg.p.opts.Clock.Now())
	if !match {
		pg.showTOTP(w, http.StatusBadRequest, e, token, e.pending.String, "The code is not right. Check the app's clock and enter the code it shows now.")
		return
	}
	codes, hashes := recoveryCodes(10)
	var done bool
	err := pg.tx(r, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT idp_enrol_totp(decode(?, 'hex'), ?, ?::jsonb)", hex.EncodeToString(auth.HashToken(token)), step, toJSON(hashes)).
			Row().Scan(&done); err != nil || !done {
			return err
		}
		return pg.record(r, tx, auth.Event{Action: actionEnrol, Outcome: "success", ObjectType: "user", ObjectID: e.user,
			Actor: e.username, Reason: "second factor set"})
	})
	if err != nil {
		pg.unavailable(w, r, err)
		return
	}
	next := pg.p.opts.BasePath + "/auth/login?invitation=" + url.QueryEscape(token)
	pg.renderEnrol(w, http.StatusOK, "enrol_done", enrolView{view: view{Title: "Save your recovery codes"}, Codes: codes, Next: next})
}

// recoveryCodes returns n codes (xxxxx-xxxxx, base32) and the hex SHA-256 of each.
func recoveryCodes(n int) (codes, hashes []string) {
	for range n {
		b := make([]byte, 7)
		_, _ = rand.Read(b)
		s := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:10]
		code := s[:5] + "-" + s[5:]
		codes = append(codes, code)
		hashes = append(hashes, hashOf(code))
	}
	return codes, hashes
}
