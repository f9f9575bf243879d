// Package helpdesk is the help desk console: finding the users in the help desk's
// scope and resetting their accounts (a password reset link, the second factor, a
// lockout, the sessions). Who may act on whom is decided in the database
// (helpdesk_refusal, migration 00014) and checked again by every act; each act and
// each refusal is audited.
package helpdesk

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/mailtext"
)

// Audited actions.
const (
	ActionSearch            audit.Action = "helpdesk.search"
	ActionResetLink         audit.Action = "helpdesk.password_reset_link"
	ActionSecondFactorReset audit.Action = "helpdesk.second_factor_reset"
	ActionUnlock            audit.Action = "helpdesk.unlock"
	ActionEndSessions       audit.Action = "helpdesk.sessions_end"
)

// Mailer sends mail in the act's transaction (the built-in provider's mail).
type Mailer interface {
	Send(ctx context.Context, tx *gorm.DB, to, subject, body string) error
}

// Service acts for a help desk user.
type Service struct {
	db  *db.DB
	log *audit.Log
	// mail and resetURL are nil without the built-in provider: then no password or
	// second factor lives here to reset.
	mail     Mailer
	resetURL func(token string) string
	resetTTL time.Duration
}

// NewService returns the service; mail nil when the registry has no built-in provider.
func NewService(d *db.DB, log *audit.Log, mail Mailer, resetURL func(string) string, resetTTL time.Duration) *Service {
	return &Service{db: d, log: log, mail: mail, resetURL: resetURL, resetTTL: resetTTL}
}

// AccountMembership is one role a user holds in a court.
type AccountMembership struct {
	CourtID   string `json:"courtId" format:"uuid"`
	CourtCode string `json:"courtCode"`
	CourtName string `json:"courtName"`
	Role      string `json:"role"`
}

// Account is what the help desk sees of a user and its sign-in account.
type Account struct {
	ID          string              `json:"id" format:"uuid"`
	Username    string              `json:"username"`
	DisplayName string              `json:"displayName"`
	Email       string              `json:"email"`
	Memberships []AccountMembership `json:"memberships"`
	Disabled    bool                `json:"disabled" doc:"the account is disabled"`
	// HasAccount: a password and second factor at the built-in provider.
	HasAccount   bool `json:"hasAccount" doc:"the user has a password at the built-in provider"`
	Locked       bool `json:"locked" doc:"locked after repeated failed sign-ins"`
	SecondFactor bool `json:"secondFactor" doc:"one-time codes are set up"`
	Reenrol      bool `json:"reenrol" doc:"the second factor was reset: the next sign-in sets a new password and codes"`
	// Refusal says why this help desk may not act on the user; empty when it may.
	Refusal string `json:"refusal" enum:",self,service_account,outside_court,privileged" doc:"why you may not act on this user; empty when you may"`
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Found is a search's answer: the users, and whether the caller acts statewide
// (the statewide help desk, who may also disable and enable whole accounts).
type Found struct {
	Users     []Account
	Statewide bool
}

// Search finds the users in scope whose username, name or e-mail contains q.
func (s *Service) Search(ctx context.Context, p db.Principal, q string) (Found, error) {
	q = strings.TrimSpace(q)
	if n := len([]rune(q)); n < 2 || n > 100 {
		return Found{}, apperr.Invalid("query.q", "Enter 2 to 100 characters of a username, name or e-mail address.")
	}
	users := []Account{}
	var statewide bool
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT count(*) > 0 FROM courts WHERE id::text = current_setting('ccpor.court', true) AND kind = 'statewide'").
			Row().Scan(&statewide); err != nil {
			return err
		}
		rows, err := tx.Raw(`SELECT user_id::text, username, display_name, email, memberships::text, disabled, has_account, locked,
			second_factor, reenrol, coalesce(refusal, '') FROM helpdesk_search(?, 50)`, q).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u Account
			var ms string
			if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &ms, &u.Disabled, &u.HasAccount, &u.Locked,
				&u.SecondFactor, &u.Reenrol, &u.Refusal); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(ms), &u.Memberships); err != nil {
				return err
			}
			users = append(users, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionSearch, ObjectType: "user", Reason: fmt.Sprintf("query %q: %d found", q, len(users))})
	})
	if err != nil {
		return Found{}, fmt.Errorf("helpdesk: search: %w", err)
	}
	return Found{Users: users, Statewide: statewide}, nil
}

// refusals words each reason the database gives for a refusal.
var refusals = map[string]error{
	"not_helpdesk":    apperr.Refuse(apperr.ErrForbidden, "Only the help desk, acting for this court, may reset accounts."),
	"unknown_user":    apperr.Refuse(apperr.ErrNotFound, "There is no such user."),
	"self":            apperr.Refuse(apperr.ErrForbidden, "You cannot reset your own account; ask another help desk user."),
	"service_account": apperr.Refuse(apperr.ErrForbidden, "This is a machine client's service account: it has no password or second factor. An operator manages it."),
	"outside_court":   apperr.Refuse(apperr.ErrForbidden, "This user is not a member of your court. Ask the statewide help desk."),
	"privileged":      apperr.Refuse(apperr.ErrForbidden, "This user holds a privileged role (court admin, help desk or platform admin); only the statewide help desk may reset it."),
	"no_account":      apperr.Refuse(apperr.ErrConflict, "This user has no password at the registry's own sign-in (another identity provider, or not enrolled yet): there is nothing here to reset."),
	"not_locked":      apperr.Refuse(apperr.ErrConflict, "This account is not locked."),
}

// act runs one help desk act on user: the database's rule first (a refusal is
// audited in its own transaction and answered with its reason), then do, whose
// answer "" is success and anything else a refusal reason of its own.
func (s *Service) act(ctx context.Context, p db.Principal, action audit.Action, user string,
	do func(tx *gorm.DB) (reason, detail string, err error)) (string, error) {
	refuse := func(reason string) error {
		e := audit.Event{Action: action, Outcome: audit.Denied, ObjectType: "user", ObjectID: user, Reason: reason}
		if !uuidPattern.MatchString(user) { // not an id: kept short, as the reason's detail
			e.ObjectID, e.Reason = "", fmt.Sprintf("%s: not a user id: %.60q", reason, user)
		}
		if err := s.log.RecordFailure(ctx, s.db, p, e); err != nil {
			return err
		}
		return refusals[reason]
	}
	if !uuidPattern.MatchString(user) {
		return "", refuse("unknown_user")
	}
	var refused, detail string
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var why sql.NullString
		if err := tx.Raw("SELECT helpdesk_refusal(?)", user).Row().Scan(&why); err != nil {
			return err
		}
		if why.Valid {
			refused = why.String
			return nil
		}
		var err error
		if refused, detail, err = do(tx); err != nil || refused != "" {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: action, ObjectType: "user", ObjectID: user, Reason: detail})
	})
	if err != nil {
		return "", fmt.Errorf("helpdesk: %s: %w", action, err)
	}
	if refused != "" {
		return "", refuse(refused)
	}
	return detail, nil
}

func (s *Service) builtin() bool { return s.mail != nil }

// SendResetLink mails the user a password reset link (the self-service reset's).
func (s *Service) SendResetLink(ctx context.Context, p db.Principal, user string) (string, error) {
	return s.act(ctx, p, ActionResetLink, user, func(tx *gorm.DB) (string, string, error) {
		if !s.builtin() {
			return "no_account", "", nil
		}
		token := randomToken()
		var username, name, email sql.NullString
		if err := tx.Raw("SELECT username, display_name, email FROM helpdesk_reset_link(?, decode(?, 'hex'), make_interval(secs => ?))",
			user, hex.EncodeToString(auth.HashToken(token)), s.resetTTL.Seconds()).Row().Scan(&username, &name, &email); err != nil {
			return "", "", err
		}
		if !email.Valid {
			return "no_account", "", nil
		}
		msg, err := mailtext.Render(mailtext.ResetLink{Name: name.String, Username: username.String, Valid: minutes(s.resetTTL), Link: s.resetURL(token)})
		if err != nil {
			return "", "", err
		}
		if err := s.mail.Send(ctx, tx, email.String, msg.Subject, msg.Body); err != nil {
			return "", "", err
		}
		return "", "link sent to " + email.String, nil
	})
}

// ResetSecondFactor removes the user's one-time codes and recovery codes: the next
// sign-in takes the old password, then sets a new password and new codes. The
// user's sessions end and the user is told by e-mail.
func (s *Service) ResetSecondFactor(ctx context.Context, p db.Principal, user string) (string, error) {
	return s.act(ctx, p, ActionSecondFactorReset, user, func(tx *gorm.DB) (string, string, error) {
		if !s.builtin() {
			return "no_account", "", nil
		}
		var username, name, email sql.NullString
		if err := tx.Raw("SELECT username, display_name, email FROM helpdesk_reset_second_factor(?)", user).
			Row().Scan(&username, &name, &email); err != nil {
			return "", "", err
		}
		if !email.Valid {
			return "no_account", "", nil
		}
		msg, err := mailtext.Render(mailtext.SecondFactorReset{Name: name.String, Username: username.String})
		if err != nil {
			return "", "", err
		}
		if err := s.mail.Send(ctx, tx, email.String, msg.Subject, msg.Body); err != nil {
			return "", "", err
		}
		return "", "second factor reset; new password and codes at the next sign-in; sessions ended; user told at " + email.String, nil
	})
}

// Unlock releases a lockout after repeated failed sign-ins.
func (s *Service) Unlock(ctx context.Context, p db.Principal, user string) (string, error) {
	return s.act(ctx, p, ActionUnlock, user, func(tx *gorm.DB) (string, string, error) {
		var was bool
		if err := tx.Raw("SELECT helpdesk_unlock(?)", user).Row().Scan(&was); err != nil {
			return "", "", err
		}
		if !was {
			return "not_locked", "", nil
		}
		return "", "lockout released", nil
	})
}

// EndSessions signs the user out everywhere.
func (s *Service) EndSessions(ctx context.Context, p db.Principal, user string) (string, error) {
	return s.act(ctx, p, ActionEndSessions, user, func(tx *gorm.DB) (string, string, error) {
		var n int
		if err := tx.Raw("SELECT helpdesk_end_sessions(?)", user).Row().Scan(&n); err != nil {
			return "", "", err
		}
		return "", fmt.Sprintf("%d sessions ended", n), nil
	})
}

func minutes(d time.Duration) string { return fmt.Sprintf("%d minutes", int(d.Minutes())) }

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}
