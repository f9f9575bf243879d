package onboarding

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/court"
	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts of this package.
const (
	CourtCreate          audit.Action = "court.create"
	ActCourtEdit         audit.Action = "court.edit"
	StepRecord           audit.Action = "court.onboarding.record"
	CourtGoLive          audit.Action = "court.go_live"
	ChangePropose        audit.Action = "court.change.propose"
	ChangeApprove        audit.Action = "court.change.approve"
	ChangeReject         audit.Action = "court.change.reject"
	ChangeApply          audit.Action = "court.change.apply"
	CourtAdminAppoint    audit.Action = "court.admin.appoint"
	PlatformAdminPropose audit.Action = "platform_admin.propose"
	OnboardingRead       audit.Action = "court.onboarding.read"
)

// invitationTTL is how long an appointed administrator's invitation is valid.
const invitationTTL = 7 * 24 * time.Hour

// Refusal is an act the rules refuse, with the reason in plain words. Status is
// 403 when the caller may never do it, 409 when the court's state does not allow it now.
type Refusal struct {
	Status int
	Reason string
}

func (r *Refusal) Error() string { return r.Reason }

func forbid(format string, args ...any) error {
	return &Refusal{Status: 403, Reason: fmt.Sprintf(format, args...)}
}

func conflict(format string, args ...any) error {
	return &Refusal{Status: 409, Reason: fmt.Sprintf(format, args...)}
}

// Invitations is how an appointed administrator who is new to the registry is
// invited: by e-mail (the development outbox or SMTP), as the court
// administrators' screen invites its users.
type Invitations struct {
	Mail idp.Mail
	// PublicURL is the registry's address; Builtin, that it signs in at its own provider.
	PublicURL string
	Builtin   bool
}

// Service is the platform administrators' court administration.
type Service struct {
	db     *db.DB
	log    *audit.Log
	clock  clock.Clock
	invite Invitations
}

// NewService returns the service; invite says how new administrators are invited.
func NewService(d *db.DB, log *audit.Log, clk clock.Clock, invite Invitations) *Service {
	return &Service{db: d, log: log, clock: clk, invite: invite}
}

var (
	codePattern     = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
	oriPattern      = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{7}$`)
	idPattern       = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
)

// today is the current day in California, as a UTC midnight.
func (s *Service) today() time.Time {
	y, m, d := s.clock.Now().In(clock.Pacific).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// failed records a refused or failed act in its own transaction and returns err.
func (s *Service) failed(ctx context.Context, p db.Principal, action audit.Action, objType, id string, err error) error {
	if err == nil {
		return nil
	}
	outcome := audit.Error
	var v *apperr.ValidationError
	var r *Refusal
	switch {
	case errors.As(err, &r) && r.Status == 403:
		outcome = audit.Denied
	case errors.As(err, &r), errors.As(err, &v), errors.Is(err, apperr.ErrConflict):
		outcome = audit.Invalid
	case errors.Is(err, apperr.ErrNotFound):
		outcome = audit.Denied
	}
	reason := err.Error()
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: action, Outcome: outcome, ObjectType: objType, ObjectID: id, Reason: reason})
	return err
}

func validateFields(f *CourtFields, kind string, v *apperr.ValidationError) {
	f.Name = strings.TrimSpace(f.Name)
	f.County = strings.TrimSpace(f.County)
	f.ORI = strings.ToUpper(strings.TrimSpace(f.ORI))
	if n := len([]rune(f.Name)); n < 3 || n > 200 {
		v.Add("body.name", "Enter the court's name (3 to 200 characters).")
	}
	if kind == "county" && f.County == "" {
		v.Add("body.county", "Enter the county of a county court.")
	}
	if f.ORI != "" && !oriPattern.MatchString(f.ORI) {
		v.Add("body.ori", "Enter the ORI as two letters and seven letters or digits, e.g. CA0010000.")
	}
	if f.Contact.Email != "" {
		if _, err := mail.ParseAddress(f.Contact.Email); err != nil {
			v.Add("body.contact.email", "Enter the contact's e-mail address, like name@courts.ca.gov.")
		}
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// uniqueViolation maps a duplicate court code or ORI to a field error.
func uniqueViolation(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		if strings.Contains(pe.ConstraintName, "ori") {
			return apperr.Invalid("body.ori", "Another court has this ORI.")
		}
		if strings.Contains(pe.ConstraintName, "code") {
			return apperr.Invalid("body.code", "Another court has this short name.")
		}
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Invalid("body.code", "Another court has this short name or ORI.")
	}
	return err
}

// Create makes a planned court.
func (s *Service) Create(ctx context.Context, p db.Principal, in NewCourt) (court.Court, error) {
	v := &apperr.ValidationError{}
	in.Code = strings.TrimSpace(in.Code)
	if !codePattern.MatchString(in.Code) {
		v.Add("body.code", "Enter a short name of 2 to 40 lower-case letters, digits or hyphens, starting with a letter.")
	}
	if in.Kind != "county" && in.Kind != "tribal" {
		v.Add("body.kind", "Choose county or tribal.")
	}
	validateFields(&in.CourtFields, in.Kind, v)
	if err := v.Err(); err != nil {
		return court.Court{}, s.failed(ctx, p, CourtCreate, "court", "", err)
	}
	var c court.Court
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var id string
		err := tx.Raw(`INSERT INTO courts (code, name, kind, county, ori, clets_submitting, shares_statewide,
				contact_name, contact_phone, contact_email)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id::text`,
			in.Code, in.Name, in.Kind, nullable(in.County), nullable(in.ORI), in.CLETSSubmitting, in.SharesStatewide,
			nullable(in.Contact.Name), nullable(in.Contact.Phone), nullable(in.Contact.Email)).Row().Scan(&id)
		if err != nil {
			return uniqueViolation(err)
		}
		if c, err = court.Find(tx, id); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: CourtCreate, ObjectType: "court", ObjectID: id})
	})
	if err != nil {
		return court.Court{}, s.failed(ctx, p, CourtCreate, "court", "", fmt.Errorf("onboarding: create court: %w", err))
	}
	return c, nil
}

// Edit applies a court's new settings. A changed ORI and statewide sharing turned
// off are proposed instead, for a second platform administrator; only the first
// ORI of a court not yet in use (never had one, not pilot or live) is set at once.
func (s *Service) Edit(ctx context.Context, p db.Principal, me, id string, in CourtEdit) (CourtEditResult, error) {
	if !idPattern.MatchString(id) {
		return CourtEditResult{}, apperr.ErrNotFound
	}
	var res CourtEditResult
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		old, err := court.Find(tx, id)
		if err != nil {
			return err
		}
		if old.Kind == "statewide" {
			return forbid("The statewide domain is not a court to edit.")
		}
		v := &apperr.ValidationError{}
		validateFields(&in.CourtFields, old.Kind, v)
		if err := v.Err(); err != nil {
			return err
		}
		ori := in.ORI
		var proposals []CourtChange
		needs, err := oriNeedsApproval(tx, old)
		if err != nil {
			return err
		}
		if in.ORI != old.ORI && needs {
			ori = old.ORI
			proposals = append(proposals, CourtChange{CourtID: id, Kind: ChangeORI, OldORI: old.ORI, NewORI: in.ORI, Reason: in.Reason})
		}
		sharing := in.SharesStatewide
		if old.SharesStatewide && !in.SharesStatewide {
			sharing = true
			proposals = append(proposals, CourtChange{CourtID: id, Kind: ChangeSharingOff, Reason: in.Reason})
		}
		if err := tx.Exec(`UPDATE courts SET name = ?, county = ?, ori = ?, clets_submitting = ?, shares_statewide = ?,
				contact_name = ?, contact_phone = ?, contact_email = ?, updated_at = now() WHERE id = ?`,
			in.Name, nullable(in.County), nullable(ori), in.CLETSSubmitting, sharing,
			nullable(in.Contact.Name), nullable(in.Contact.Phone), nullable(in.Contact.Email), id).Error; err != nil {
			return uniqueViolation(err)
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActCourtEdit, ObjectType: "court", ObjectID: id}); err != nil {
			return err
		}
		for _, ch := range proposals {
			made, err := s.propose(ctx, tx, me, ch)
			if err != nil {
				return err
			}
			res.Pending = append(res.Pending, made)
		}
		res.Court, err = court.Find(tx, id)
		return err
	})
	if err != nil {
		return CourtEditResult{}, s.failed(ctx, p, ActCourtEdit, "court", id, fmt.Errorf("onboarding: edit court: %w", err))
	}
	if res.Pending == nil {
		res.Pending = []CourtChange{}
	}
	return res, nil
}

// oriNeedsApproval tells whether changing old's ORI takes a second platform
// administrator: always, but for the first ORI of a court not in use yet (a court
// with an approved ORI change had one, even when it has none now).
func oriNeedsApproval(tx *gorm.DB, old court.Court) (bool, error) {
	if old.ORI != "" || old.OnboardingStatus == "pilot" || old.OnboardingStatus == "live" {
		return true, nil
	}
	var had bool
	err := tx.Raw("SELECT EXISTS (SELECT 1 FROM court_changes WHERE court_id = ? AND kind = 'ori' AND decision = 'approved')", old.ID).
		Row().Scan(&had)
	if err != nil {
		return true, fmt.Errorf("store: ORI history: %w", err)
	}
	return had, nil
}

// propose inserts a pending change and audits it.
func (s *Service) propose(ctx context.Context, tx *gorm.DB, me string, ch CourtChange) (CourtChange, error) {
	var pending int64
	if err := tx.Raw(`SELECT count(*) FROM court_changes WHERE decision IS NULL AND kind = ?
			AND (court_id = ? AND kind <> 'platform_admin' OR user_id::text = ?)`, ch.Kind, ch.CourtID, ch.UserID).Row().Scan(&pending); err != nil {
		return CourtChange{}, err
	}
	if pending > 0 {
		switch ch.Kind {
		case ChangeORI:
			return CourtChange{}, conflict("A change of this court's ORI is already waiting for approval; approve or reject it first.")
		case ChangeSharingOff:
			return CourtChange{}, conflict("Turning this court's statewide sharing off is already waiting for approval.")
		default:
			return CourtChange{}, conflict("Appointing this user as a platform administrator is already waiting for approval.")
		}
	}
	var id string
	err := tx.Raw(`INSERT INTO court_changes (court_id, kind, old_ori, new_ori, user_id, reason, proposed_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id::text`, ch.CourtID, ch.Kind, nullable(ch.OldORI), nullable(ch.NewORI),
		nullable(ch.UserID), nullable(ch.Reason), me).Row().Scan(&id)
	if err != nil {
		return CourtChange{}, fmt.Errorf("store: propose: %w", err)
	}
	if err := s.log.Record(ctx, tx, audit.Event{Action: ChangePropose, ObjectType: "court_change", ObjectID: id,
		Reason: ch.Kind + " of court " + ch.CourtID}); err != nil {
		return CourtChange{}, err
	}
	return getChange(tx, id)
}

// CourtOnboarding returns a court's checklist, its administrators, its pending changes
// and what stands between it and going live.
func (s *Service) Onboarding(ctx context.Context, p db.Principal, id string) (CourtOnboarding, error) {
	if !idPattern.MatchString(id) {
		return CourtOnboarding{}, apperr.ErrNotFound
	}
	var o CourtOnboarding
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		o, err = s.load(tx, id)
		return err
	})
	if err != nil {
		return CourtOnboarding{}, fmt.Errorf("onboarding: read: %w", err)
	}
	return o, nil
}

func (s *Service) load(tx *gorm.DB, id string) (CourtOnboarding, error) {
	var o CourtOnboarding
	var err error
	if o.Court, err = court.Find(tx, id); err != nil {
		return o, err
	}
	if o.Steps, err = listSteps(tx, id); err != nil {
		return o, err
	}
	members, err := court.MembersOf(tx, id)
	if err != nil {
		return o, err
	}
	o.CourtAdmins = []court.Member{}
	for _, m := range members {
		for _, r := range m.Roles {
			if r == "court_admin" {
				o.CourtAdmins = append(o.CourtAdmins, m)
			}
		}
	}
	if o.Pending, err = listChanges(tx, id, true); err != nil {
		return o, err
	}
	o.Blockers = []string{}
	if o.Court.OnboardingStatus != "live" {
		o.Blockers = blockers(o)
	}
	return o, nil
}

// latest returns the last recorded step of a kind.
func latest(steps []OnboardingStep, kind string) *OnboardingStep {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Step == kind {
			return &steps[i]
		}
	}
	return nil
}

// blockers lists, in plain words, what keeps a court from going live.
func blockers(o CourtOnboarding) []string {
	var out []string
	if o.Court.Kind == "statewide" {
		return []string{"The statewide domain does not go live; it holds no orders."}
	}
	if latest(o.Steps, StepEngagement) == nil {
		out = append(out, "Record the engagement meeting with the court's CEO and the sheriff.")
	}
	if latest(o.Steps, StepDecision) == nil {
		out = append(out, "Record the decision to on-board and the go-live date.")
	}
	if latest(o.Steps, StepFollowUp) == nil {
		out = append(out, "Record at least one follow-up discussion with the court's representatives.")
	}
	if len(o.CourtAdmins) == 0 {
		out = append(out, "Appoint a court administrator.")
	}
	return out
}

func parseDay(field, value string, v *apperr.ValidationError) time.Time {
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		v.Add(field, "Enter a date as YYYY-MM-DD.")
	}
	return t
}

// RecordStep records a step of the checklist, dated as entered.
func (s *Service) RecordStep(ctx context.Context, p db.Principal, me, id string, in OnboardingStepInput) (CourtOnboarding, error) {
	if !idPattern.MatchString(id) {
		return CourtOnboarding{}, apperr.ErrNotFound
	}
	var o CourtOnboarding
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		cur, err := s.load(tx, id)
		if err != nil {
			return err
		}
		if err := s.checkStep(cur, in); err != nil {
			return err
		}
		var goLive any
		if in.Step == StepDecision {
			goLive = in.GoLiveOn
		}
		if err := tx.Exec(`INSERT INTO court_onboarding_steps (court_id, step, occurred_on, go_live_on, note, recorded_by)
			VALUES (?, ?, ?, ?, ?, ?)`, id, in.Step, in.OccurredOn, goLive, nullable(strings.TrimSpace(in.Note)), me).Error; err != nil {
			return fmt.Errorf("store: record step: %w", err)
		}
		status := "onboarding"
		if cur.Court.OnboardingStatus == "pilot" {
			status = "pilot"
		}
		var goLiveDate any
		if in.Step == StepDecision {
			goLiveDate = in.GoLiveOn
		} else if cur.Court.GoLiveDate != "" {
			goLiveDate = cur.Court.GoLiveDate
		}
		if err := tx.Exec(`UPDATE courts SET onboarding_status = ?, go_live_date = ?, updated_at = now() WHERE id = ?`,
			status, goLiveDate, id).Error; err != nil {
			return fmt.Errorf("store: court status: %w", err)
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: StepRecord, ObjectType: "court", ObjectID: id,
			Reason: in.Step + " on " + in.OccurredOn}); err != nil {
			return err
		}
		o, err = s.load(tx, id)
		return err
	})
	if err != nil {
		return CourtOnboarding{}, s.failed(ctx, p, StepRecord, "court", id, fmt.Errorf("onboarding: record step: %w", err))
	}
	return o, nil
}

// checkStep applies the checklist's order and the 60 days' lead time.
func (s *Service) checkStep(cur CourtOnboarding, in OnboardingStepInput) error {
	if cur.Court.Kind == "statewide" {
		return forbid("The statewide domain has no on-boarding checklist.")
	}
	if cur.Court.OnboardingStatus == "live" {
		return conflict("The court is live; its on-boarding checklist is closed.")
	}
	v := &apperr.ValidationError{}
	switch in.Step {
	case StepEngagement, StepDecision, StepFollowUp:
	default:
		v.Add("body.step", "Choose the engagement meeting, the decision or a follow-up discussion.")
		return v
	}
	if len([]rune(in.Note)) > 2000 {
		v.Add("body.note", "Keep the note under 2,000 characters.")
	}
	occurred := parseDay("body.occurredOn", in.OccurredOn, v)
	if err := v.Err(); err != nil {
		return err
	}
	today := s.today()
	if occurred.After(today) {
		v.Add("body.occurredOn", "Enter a day that has passed: a step is recorded once it happened (today is %s).", day(today))
		return v
	}
	engagement := latest(cur.Steps, StepEngagement)
	decision := latest(cur.Steps, StepDecision)
	switch in.Step {
	case StepDecision:
		if engagement == nil {
			return conflict("Record the engagement meeting with the court's CEO and the sheriff before the decision.")
		}
		if in.OccurredOn < engagement.OccurredOn {
			v.Add("body.occurredOn", "The decision cannot come before the engagement meeting of %s.", engagement.OccurredOn)
		}
		if in.GoLiveOn == "" {
			v.Add("body.goLiveOn", "Enter the go-live date chosen with the decision.")
			return v
		}
		goLive := parseDay("body.goLiveOn", in.GoLiveOn, v)
		if err := v.Err(); err != nil {
			return err
		}
		if earliest := occurred.AddDate(0, 0, LeadDays); goLive.Before(earliest) {
			v.Add("body.goLiveOn", "Choose a go-live date at least %d days after the decision: %s or later.", LeadDays, day(earliest))
		}
	case StepFollowUp:
		if decision == nil {
			return conflict("Record the decision to on-board before follow-up discussions.")
		}
		if in.OccurredOn < decision.OccurredOn {
			v.Add("body.occurredOn", "A follow-up discussion cannot come before the decision of %s.", decision.OccurredOn)
		}
	default:
		if in.GoLiveOn != "" {
			v.Add("body.goLiveOn", "Only the decision has a go-live date.")
		}
	}
	if in.Step != StepDecision && in.GoLiveOn != "" {
		v.Add("body.goLiveOn", "Only the decision has a go-live date.")
	}
	return v.Err()
}

// GoLive takes a court live once its checklist is done and it has a court
// administrator, not before the go-live date decided.
func (s *Service) GoLive(ctx context.Context, p db.Principal, me, id string, in CourtGoLiveInput) (CourtOnboarding, error) {
	if !idPattern.MatchString(id) {
		return CourtOnboarding{}, apperr.ErrNotFound
	}
	var o CourtOnboarding
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		cur, err := s.load(tx, id)
		if err != nil {
			return err
		}
		if cur.Court.OnboardingStatus == "live" {
			return conflict("The court is already live.")
		}
		if len(cur.Blockers) > 0 {
			return conflict("The court cannot go live yet: %s", strings.Join(cur.Blockers, " "))
		}
		v := &apperr.ValidationError{}
		occurred := parseDay("body.occurredOn", in.OccurredOn, v)
		if err := v.Err(); err != nil {
			return err
		}
		if today := s.today(); occurred.After(today) {
			return apperr.Invalid("body.occurredOn", "Enter the day the court went live; it cannot be later than today (%s).", day(today))
		}
		decision := latest(cur.Steps, StepDecision)
		if in.OccurredOn < decision.GoLiveOn {
			return conflict("The court cannot go live before %s, the go-live date decided on %s (%d days' lead time); record a new decision to change it.",
				decision.GoLiveOn, decision.OccurredOn, LeadDays)
		}
		if err := tx.Exec(`INSERT INTO court_onboarding_steps (court_id, step, occurred_on, note, recorded_by)
			VALUES (?, 'go_live', ?, ?, ?)`, id, in.OccurredOn, nullable(strings.TrimSpace(in.Note)), me).Error; err != nil {
			return fmt.Errorf("store: go live: %w", err)
		}
		if err := tx.Exec(`UPDATE courts SET onboarding_status = 'live', go_live_date = ?, updated_at = now() WHERE id = ?`,
			in.OccurredOn, id).Error; err != nil {
			return fmt.Errorf("store: go live: %w", err)
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: CourtGoLive, ObjectType: "court", ObjectID: id, Reason: "live on " + in.OccurredOn}); err != nil {
			return err
		}
		o, err = s.load(tx, id)
		return err
	})
	if err != nil {
		return CourtOnboarding{}, s.failed(ctx, p, CourtGoLive, "court", id, fmt.Errorf("onboarding: go live: %w", err))
	}
	return o, nil
}

// sqlOwner lets auth.StoreInvitation write through the act's own transaction.
type sqlOwner struct{ tx *sql.Tx }

func (o sqlOwner) Exec(ctx context.Context, q string, args ...any) (pgconn.CommandTag, error) {
	r, err := o.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	n, _ := r.RowsAffected()
	return pgconn.NewCommandTag(fmt.Sprintf("INSERT 0 %d", n)), nil
}

func (o sqlOwner) QueryRow(ctx context.Context, q string, args ...any) pgx.Row {
	return o.tx.QueryRowContext(ctx, q, args...)
}

// AppointCourtAdmin grants court_admin in a court to an existing user, or invites
// a new one. Nobody appoints themselves.
func (s *Service) AppointCourtAdmin(ctx context.Context, p db.Principal, me, id string, in CourtAdminAppointment) (CourtAdminAppointed, error) {
	if !idPattern.MatchString(id) {
		return CourtAdminAppointed{}, apperr.ErrNotFound
	}
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Email = strings.TrimSpace(in.Email)
	if !usernamePattern.MatchString(in.Username) {
		return CourtAdminAppointed{}, s.failed(ctx, p, CourtAdminAppoint, "court", id, apperr.Invalid("body.username",
			"Enter a username of 3 to 64 lower-case letters, digits, dots, hyphens or underscores."))
	}
	var out CourtAdminAppointed
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		c, err := court.Find(tx, id)
		if err != nil {
			return err
		}
		if c.Kind == "statewide" {
			return forbid("The statewide domain has no court administrators; its roles are platform_admin, helpdesk and auditor.")
		}
		err = tx.Raw("SELECT id::text FROM users WHERE username = ?", in.Username).Row().Scan(&out.UserID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v := &apperr.ValidationError{}
			if in.DisplayName == "" {
				v.Add("body.displayName", "No user is called %s: enter the new user's full name to invite them.", in.Username)
			}
			if _, perr := mail.ParseAddress(in.Email); in.Email == "" || perr != nil {
				v.Add("body.email", "No user is called %s: enter the new user's e-mail address to invite them.", in.Username)
			}
			if err := v.Err(); err != nil {
				return err
			}
			if err := tx.Raw("INSERT INTO users (username, display_name, email) VALUES (?, ?, ?) RETURNING id::text",
				in.Username, in.DisplayName, in.Email).Row().Scan(&out.UserID); err != nil {
				return fmt.Errorf("store: invite user: %w", err)
			}
			out.Invited = true
		case err != nil:
			return fmt.Errorf("store: find user: %w", err)
		case out.UserID == me:
			return forbid("You cannot grant a role to yourself; another platform administrator must appoint you.")
		}
		var held int64
		if err := tx.Raw("SELECT count(*) FROM court_members(?) WHERE user_id::text = ? AND 'court_admin' = ANY (roles)",
			id, out.UserID).Row().Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return conflict("%s is already a court administrator of %s.", in.Username, c.Name)
		}
		if err := tx.Exec(`INSERT INTO memberships (court_id, user_id, role, granted_by) VALUES (?, ?, 'court_admin', ?)`,
			id, out.UserID, me).Error; err != nil {
			return fmt.Errorf("store: appoint: %w", err)
		}
		if out.Invited {
			_, err := s.invite.Mail.Invite(ctx, tx, idp.Invitation{To: in.Email, Name: in.DisplayName, Username: in.Username,
				Court: c.Name, Valid: invitationTTL, PublicURL: s.invite.PublicURL, Builtin: s.invite.Builtin},
				func(hash []byte) error {
					stx, err := db.SQLTx(tx)
					if err != nil {
						return err
					}
					return auth.StoreInvitation(ctx, sqlOwner{stx}, hash, out.UserID, me, invitationTTL)
				})
			if err != nil {
				return err
			}
		}
		reason := "court_admin of " + c.Code + " to " + in.Username
		if out.Invited {
			reason += " (invited)"
		}
		return s.log.Record(ctx, tx, audit.Event{Action: CourtAdminAppoint, ObjectType: "user", ObjectID: out.UserID, Reason: reason})
	})
	if err != nil {
		return CourtAdminAppointed{}, s.failed(ctx, p, CourtAdminAppoint, "court", id, fmt.Errorf("onboarding: appoint court admin: %w", err))
	}
	return out, nil
}

// ProposePlatformAdmin proposes an existing user as a platform administrator; a
// second platform administrator approves it.
func (s *Service) ProposePlatformAdmin(ctx context.Context, p db.Principal, me string, in PlatformAdminProposal) (CourtChange, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	var ch CourtChange
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var user string
		err := tx.Raw("SELECT id::text FROM users WHERE username = ? AND disabled_at IS NULL", in.Username).Row().Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalid("body.username", "No active user is called %q; invite them to a court first.", in.Username)
		}
		if err != nil {
			return err
		}
		if user == me {
			return forbid("You cannot grant a role to yourself; another platform administrator must propose you.")
		}
		var statewide string
		if err := tx.Raw("SELECT id::text FROM courts WHERE kind = 'statewide'").Row().Scan(&statewide); err != nil {
			return err
		}
		var held int64
		if err := tx.Raw("SELECT count(*) FROM authz_assignments() WHERE user_id::text = ? AND court_id::text = ? AND role = 'platform_admin'",
			user, statewide).Row().Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return conflict("%s is already a platform administrator.", in.Username)
		}
		ch, err = s.propose(ctx, tx, me, CourtChange{CourtID: statewide, Kind: ChangePlatformAdmin, UserID: user, Reason: in.Reason})
		return err
	})
	if err != nil {
		return CourtChange{}, s.failed(ctx, p, PlatformAdminPropose, "user", in.Username, fmt.Errorf("onboarding: propose platform admin: %w", err))
	}
	return ch, nil
}

// Changes lists the changes waiting for approval (pending) or decided.
func (s *Service) Changes(ctx context.Context, p db.Principal, pending bool) ([]CourtChange, error) {
	var out []CourtChange
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		out, err = listChanges(tx, "", pending)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("onboarding: changes: %w", err)
	}
	return out, nil
}

// Decide approves (and applies) or rejects a pending change. The proposer cannot
// decide their own.
func (s *Service) Decide(ctx context.Context, p db.Principal, me, id string, approve bool, in ChangeDecision) (CourtChange, error) {
	action := ChangeReject
	if approve {
		action = ChangeApprove
	}
	if !idPattern.MatchString(id) {
		return CourtChange{}, apperr.ErrNotFound
	}
	var ch CourtChange
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		cur, err := getChange(tx, id)
		if err != nil {
			return err
		}
		if cur.Decision != "" {
			return conflict("This change was already %s by %s.", cur.Decision, cur.DecidedBy)
		}
		var proposer string
		if err := tx.Raw("SELECT proposed_by::text FROM court_changes WHERE id = ?", id).Row().Scan(&proposer); err != nil {
			return err
		}
		if proposer == me {
			return forbid("You proposed this change; a different platform administrator must approve or reject it.")
		}
		decision := "rejected"
		if approve {
			decision = "approved"
		}
		if err := tx.Exec(`UPDATE court_changes SET decision = ?, decided_by = ?, decided_at = now(), decision_note = ? WHERE id = ?`,
			decision, me, nullable(strings.TrimSpace(in.Note)), id).Error; err != nil {
			return fmt.Errorf("store: decide: %w", err)
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: action, ObjectType: "court_change", ObjectID: id, Reason: cur.Kind}); err != nil {
			return err
		}
		if approve {
			if err := s.apply(ctx, tx, me, cur); err != nil {
				return err
			}
		}
		ch, err = getChange(tx, id)
		return err
	})
	if err != nil {
		return CourtChange{}, s.failed(ctx, p, action, "court_change", id, fmt.Errorf("onboarding: decide: %w", err))
	}
	return ch, nil
}

// apply carries out an approved change in the transaction that approved it (the
// database lets the change through only then).
func (s *Service) apply(ctx context.Context, tx *gorm.DB, me string, ch CourtChange) error {
	switch ch.Kind {
	case ChangeORI:
		c, err := court.Find(tx, ch.CourtID)
		if err != nil {
			return err
		}
		if c.ORI != ch.OldORI {
			return conflict("The court's ORI changed since this was proposed (it is now %s); reject it and propose again.", c.ORI)
		}
		if err := tx.Exec("UPDATE courts SET ori = ?, updated_at = now() WHERE id = ?", nullable(ch.NewORI), ch.CourtID).Error; err != nil {
			if e := uniqueViolation(err); e != err {
				return conflict("Another court has the ORI %s.", ch.NewORI)
			}
			return fmt.Errorf("store: apply ORI: %w", err)
		}
	case ChangeSharingOff:
		if err := tx.Exec("UPDATE courts SET shares_statewide = false, updated_at = now() WHERE id = ?", ch.CourtID).Error; err != nil {
			return fmt.Errorf("store: apply sharing: %w", err)
		}
	case ChangePlatformAdmin:
		if err := tx.Exec(`INSERT INTO memberships (court_id, user_id, role, granted_by) VALUES (?, ?, 'platform_admin', ?)`, ch.CourtID, ch.UserID, me).Error; err != nil {
			return fmt.Errorf("store: apply appointment: %w", err)
		}
	}
	return s.log.Record(ctx, tx, audit.Event{Action: ChangeApply, ObjectType: "court_change", ObjectID: ch.ID, Reason: ch.Kind})
}
