// Package users is the administration of a court's users by its court
// administrators (invite, roles, CLETS certification, removal and restore), the
// disabling of whole accounts by the statewide help desk and platform
// administrators, and the job that disables accounts left unused. The rules are
// decided by the database from the stated session (migration 00020); this package
// validates input, words each refusal for people and audits every act and refusal.
package users

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/mailtext"
)

// The audit log's actions of this package.
const (
	ActionList     audit.Action = "court.users.list"
	ActionInvite   audit.Action = "court.users.invite"
	ActionRoles    audit.Action = "court.users.roles"
	ActionCertify  audit.Action = "court.users.certify"
	ActionRemove   audit.Action = "court.users.remove"
	ActionRestore  audit.Action = "court.users.restore"
	ActionDisable  audit.Action = "user.account.disable"
	ActionEnable   audit.Action = "user.account.enable"
	invitationLife              = 7 * 24 * time.Hour
)

// GrantableRoles are the roles a court administrator hands out.
var GrantableRoles = []string{"clerk", "judicial_officer", "sheriff", "auditor", "helpdesk"}

var (
	uuidPattern     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
)

// Options are what the service needs besides the database.
type Options struct {
	Mail idp.Mail
	// PublicURL is the registry's address; Builtin, that it signs in at its own provider.
	PublicURL string
	Builtin   bool
	Clock     clock.Clock
}

// Service manages users on behalf of a signed-in caller.
type Service struct {
	db   *db.DB
	log  *audit.Log
	opts Options
}

// NewService returns the service over d, auditing to log.
func NewService(d *db.DB, log *audit.Log, opts Options) *Service {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	return &Service{db: d, log: log, opts: opts}
}

// refusals word, for people, the reasons the database refuses an act.
var refusals = map[string]string{
	"not_court_admin":    "Only an administrator of this court manages its users.",
	"role_not_grantable": "A court administrator grants only the clerk, judicial officer, sheriff, auditor and help desk roles. The court administrator role is granted by a platform administrator.",
	"target_court_admin": "A court administrator is removed from the court by a platform administrator.",
	"not_statewide":      "Only the statewide help desk and platform administrators disable or enable accounts.",
}

// selfRefusals word the refusal to act on oneself, per act.
var selfRefusals = map[audit.Action]string{
	ActionRoles:   "You cannot grant or change your own roles. Another administrator must do it.",
	ActionCertify: "You cannot record your own CLETS certification. Another administrator must do it.",
	ActionRemove:  "You cannot remove yourself from the court. Another administrator must do it.",
	ActionRestore: "You cannot restore yourself. Another administrator must do it.",
	ActionDisable: "You cannot disable your own account.",
	ActionEnable:  "You cannot enable your own account.",
}

// mapErr turns the database's refusal into a problem people understand.
func mapErr(action audit.Action, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch {
	case pe.Code == "42501" && pe.Message == "self":
		return huma.Error403Forbidden(selfRefusals[action])
	case pe.Code == "42501" && pe.Message == "role_not_grantable":
		return huma.Error403Forbidden(refusals[pe.Message], &huma.ErrorDetail{Location: "body.roles", Message: refusals[pe.Message]})
	case pe.Code == "42501" && refusals[pe.Message] != "":
		return huma.Error403Forbidden(refusals[pe.Message])
	case pe.Code == "P0002":
		return apperr.ErrNotFound
	case pe.Code == "22023" && pe.Message == "no_roles":
		return apperr.Invalid("body.roles", "Choose at least one role.")
	case pe.Code == "23505" && strings.Contains(pe.ConstraintName, "username"):
		return apperr.Invalid("body.username", "That username is taken. Choose another.")
	case pe.Code == "55000" && pe.Message == "not_removed":
		return fmt.Errorf("%w: the user is a member of the court; there is nothing to restore", apperr.ErrConflict)
	case pe.Code == "55000":
		return fmt.Errorf("%w: the user held no role the court's administrators restore", apperr.ErrConflict)
	}
	return err
}

// act runs one audited act: fn in a transaction stating p, its success recorded
// in it; a refusal or failure recorded in a transaction of its own.
func (s *Service) act(ctx context.Context, p db.Principal, action audit.Action, objectID, reason string, fn func(tx *gorm.DB) error) error {
	return s.actSaying(ctx, p, action, objectID, func(tx *gorm.DB) (string, error) { return reason, fn(tx) })
}

// actSaying is act whose audited reason fn tells, from what it found.
func (s *Service) actSaying(ctx context.Context, p db.Principal, action audit.Action, objectID string, fn func(tx *gorm.DB) (string, error)) error {
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		reason, err := fn(tx)
		if err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: action, ObjectType: "user", ObjectID: objectID, Reason: reason})
	})
	if err == nil {
		return nil
	}
	err = mapErr(action, err)
	outcome := audit.Error
	var v *apperr.ValidationError
	var se huma.StatusError
	switch {
	case errors.As(err, &v), errors.Is(err, apperr.ErrConflict):
		outcome = audit.Invalid
	case errors.Is(err, apperr.ErrNotFound), errors.As(err, &se) && se.GetStatus() == 403:
		outcome = audit.Denied
	}
	why := err.Error()
	if len(why) > 1000 {
		why = why[:1000]
	}
	s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: action, Outcome: outcome, ObjectType: "user", ObjectID: objectID, Reason: why})
	return err
}

// List returns the court's users, removed ones last; audited.
func (s *Service) List(ctx context.Context, p db.Principal, court string) ([]User, error) {
	if !uuidPattern.MatchString(court) {
		return nil, apperr.ErrNotFound
	}
	users := []User{}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT user_id::text, username, display_name, email, roles, removed,
			coalesce(to_char(clets_certified_until, 'YYYY-MM-DD'), ''), last_sign_in, disabled, invited
			FROM court_users(?)`, court).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u User
			var roles []string
			var last *time.Time
			if err := rows.Scan(&u.UserID, &u.Username, &u.DisplayName, &u.Email, pgArray(&roles), &u.Removed,
				&u.CLETSCertifiedUntil, &last, &u.Disabled, &u.NeverSignedIn); err != nil {
				return err
			}
			u.Roles = roles
			if last != nil {
				u.LastSignIn = last.UTC().Format(time.RFC3339)
			}
			users = append(users, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionList, ObjectType: "court", ObjectID: court})
	})
	if err != nil {
		return nil, fmt.Errorf("users: list: %w", err)
	}
	return users, nil
}

// Invitation is what a court administrator fills in to invite a user.
type Invitation struct {
	Username            string   `json:"username" maxLength:"64" example:"mgarcia" doc:"what the user signs in with: 3 to 64 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit"`
	DisplayName         string   `json:"displayName" maxLength:"200" example:"Maria Garcia" doc:"the user's full name"`
	Email               string   `json:"email" maxLength:"254" example:"mgarcia@courts.example" doc:"where the invitation is sent"`
	Roles               []string `json:"roles" maxItems:"5" enum:"platform_admin,court_admin,helpdesk,clerk,judicial_officer,sheriff,auditor" doc:"the roles in the court; a court administrator grants clerk, judicial_officer, sheriff, auditor and helpdesk"`
	CLETSCertifiedUntil string   `json:"cletsCertifiedUntil,omitempty" format:"date" doc:"the last day of the user's CLETS certification, if certified"`
}

func (s *Service) checkUntil(v *apperr.ValidationError, field, until string) {
	if until == "" {
		return
	}
	d, err := time.Parse(time.DateOnly, until)
	switch {
	case err != nil:
		v.Add(field, "Enter a date like 2027-06-30.")
	case d.Format(time.DateOnly) < s.opts.Clock.Now().In(clock.Pacific).Format(time.DateOnly):
		v.Add(field, "The certification's last day cannot be in the past.")
	case d.After(s.opts.Clock.Now().AddDate(5, 0, 0)):
		v.Add(field, "A CLETS certification lasts at most five years from today.")
	}
}

func checkRoles(v *apperr.ValidationError, roles []string) {
	if len(roles) == 0 {
		v.Add("body.roles", "Choose at least one role.")
	}
}

// Invite creates the user with its roles (and certification) in the court and
// e-mails the invitation; it answers the new user's id.
func (s *Service) Invite(ctx context.Context, p db.Principal, court string, in Invitation) (string, error) {
	if !uuidPattern.MatchString(court) {
		return "", apperr.ErrNotFound
	}
	in.Username = strings.TrimSpace(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Email = strings.TrimSpace(in.Email)
	v := &apperr.ValidationError{}
	if !usernamePattern.MatchString(in.Username) {
		v.Add("body.username", "Enter 3 to 64 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit.")
	}
	if in.DisplayName == "" {
		v.Add("body.displayName", "Enter the user's full name.")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || a.Name != "" {
		v.Add("body.email", "Enter an e-mail address like name@courts.example.")
	}
	checkRoles(v, in.Roles)
	s.checkUntil(v, "body.cletsCertifiedUntil", in.CLETSCertifiedUntil)
	if err := v.Err(); err != nil {
		s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: ActionInvite, Outcome: audit.Invalid, ObjectType: "court", ObjectID: court, Reason: err.Error()})
		return "", err
	}
	var user string
	err := s.act(ctx, p, ActionInvite, "", "invited "+in.Username+" as "+strings.Join(in.Roles, ", "), func(tx *gorm.DB) error {
		var courtName string
		if err := tx.Raw("SELECT name FROM courts WHERE id = ?", court).Row().Scan(&courtName); err != nil {
			return apperr.ErrNotFound
		}
		var until any
		if in.CLETSCertifiedUntil != "" {
			until = in.CLETSCertifiedUntil
		}
		_, err := s.opts.Mail.Invite(ctx, tx, idp.Invitation{To: in.Email, Name: in.DisplayName, Username: in.Username,
			Court: courtName, Valid: invitationLife, PublicURL: s.opts.PublicURL, Builtin: s.opts.Builtin},
			func(hash []byte) error {
				return tx.Raw(`SELECT court_user_invite(?, ?, ?, ?, ?::text[], ?::date, decode(?, 'hex'), make_interval(secs => ?))::text`,
					court, in.Username, in.DisplayName, in.Email, pgTextArray(in.Roles), until, fmt.Sprintf("%x", hash),
					invitationLife.Seconds()).Row().Scan(&user)
			})
		return err
	})
	if err != nil {
		return "", err
	}
	return user, nil
}

func (s *Service) target(court, user string) error {
	if !uuidPattern.MatchString(court) || !uuidPattern.MatchString(user) {
		return apperr.ErrNotFound
	}
	return nil
}

// SetRoles sets the grantable roles user holds in court.
func (s *Service) SetRoles(ctx context.Context, p db.Principal, court, user string, roles []string) error {
	if err := s.target(court, user); err != nil {
		return err
	}
	v := &apperr.ValidationError{}
	checkRoles(v, roles)
	if err := v.Err(); err != nil {
		return s.act(ctx, p, ActionRoles, user, "", func(*gorm.DB) error { return err })
	}
	roles = slices.Clone(roles)
	slices.Sort(roles)
	return s.act(ctx, p, ActionRoles, user, "roles "+strings.Join(slices.Compact(roles), ", "), func(tx *gorm.DB) error {
		return tx.Exec("SELECT court_user_set_roles(?, ?, ?::text[])", court, user, pgTextArray(roles)).Error
	})
}

// Certify records user's CLETS certification until a day: it renews, shortens
// or, with a day in the past, revokes it. The latest record counts.
func (s *Service) Certify(ctx context.Context, p db.Principal, court, user, until string) error {
	if err := s.target(court, user); err != nil {
		return err
	}
	v := &apperr.ValidationError{}
	today := s.opts.Clock.Now().In(clock.Pacific).Format(time.DateOnly)
	_, perr := time.Parse(time.DateOnly, until)
	revoke := perr == nil && until < today // a last day in the past ends it now
	switch {
	case until == "":
		v.Add("body.until", "Enter the certification's last day.")
	case !revoke:
		s.checkUntil(v, "body.until", until)
	}
	if err := v.Err(); err != nil {
		return s.act(ctx, p, ActionCertify, user, "", func(*gorm.DB) error { return err })
	}
	return s.actSaying(ctx, p, ActionCertify, user, func(tx *gorm.DB) (string, error) {
		var before sql.NullTime
		if err := tx.Raw("SELECT court_user_certify(?, ?, ?::date)", court, user, until).Row().Scan(&before); err != nil {
			return "", err
		}
		was := ""
		if before.Valid {
			was = before.Time.Format(time.DateOnly)
		}
		switch {
		case revoke:
			return "CLETS certification revoked (last day " + until + ", was " + orNone(was) + ")", nil
		case was > until:
			return "CLETS certification shortened to " + until + " (was " + was + ")", nil
		}
		return "CLETS certified until " + until, nil
	})
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// Remove ends user's membership of court (its account and other courts stay).
func (s *Service) Remove(ctx context.Context, p db.Principal, court, user string) error {
	if err := s.target(court, user); err != nil {
		return err
	}
	return s.act(ctx, p, ActionRemove, user, "removed from court "+court, func(tx *gorm.DB) error {
		return tx.Exec("SELECT court_user_remove(?, ?)", court, user).Error
	})
}

// Restore gives a removed user back the roles it held in court.
func (s *Service) Restore(ctx context.Context, p db.Principal, court, user string) error {
	if err := s.target(court, user); err != nil {
		return err
	}
	return s.act(ctx, p, ActionRestore, user, "restored to court "+court, func(tx *gorm.DB) error {
		return tx.Exec("SELECT court_user_restore(?, ?)", court, user).Error
	})
}

// SetDisabled disables or enables a whole account and tells its user by e-mail.
func (s *Service) SetDisabled(ctx context.Context, p db.Principal, user string, disabled bool) error {
	if !uuidPattern.MatchString(user) {
		return apperr.ErrNotFound
	}
	action, what := ActionEnable, "enabled again"
	if disabled {
		action, what = ActionDisable, "disabled"
	}
	return s.act(ctx, p, action, user, "account "+what, func(tx *gorm.DB) error {
		var email, name string
		if err := tx.Raw("SELECT email, display_name FROM account_set_disabled(?, ?)", user, disabled).Row().Scan(&email, &name); err != nil {
			return err
		}
		msg, err := mailtext.Render(mailtext.AccountStatus{Name: name, Disabled: disabled})
		if err != nil {
			return err
		}
		return s.opts.Mail.Send(ctx, tx, email, msg.Subject, msg.Body)
	})
}
