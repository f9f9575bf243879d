// Package maintenance announces scheduled maintenance (docs/design.md "Reports and maintenance": a 24x7 service
// with windows announced in advance): a platform administrator schedules a
// window, the worker e-mails the affected users, every response names the window
// in a header, the web application shows it in a banner, and a window may pause
// writes (503 with Retry-After) while reads go on.
package maintenance

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// Audited acts.
const (
	ActionSchedule audit.Action = "maintenance.schedule"
	ActionCancel   audit.Action = "maintenance.cancel"
)

// Limits of a window.
const (
	// MaxLength is the longest window (the seed's longest is Sunday 9 am to 9 pm).
	MaxLength = 48 * time.Hour
	// startGrace lets a window start in the current minute (times are entered to the minute).
	startGrace = 5 * time.Minute
	// Horizon is how far ahead a window is announced (banner and header).
	Horizon = 14 * 24 * time.Hour
)

// LocalLayout is how a window's times are entered: wall-clock time in California.
const LocalLayout = "2006-01-02T15:04"

// State is where a window stands now.
type State string

// States.
const (
	Scheduled State = "scheduled"
	Underway  State = "underway"
	Ended     State = "ended"
	Cancelled State = "cancelled"
)

// Window is one maintenance window.
type Window struct {
	ID        string    `json:"id" format:"uuid"`
	StartsAt  time.Time `json:"startsAt" doc:"when it starts (UTC)"`
	EndsAt    time.Time `json:"endsAt" doc:"when it ends (UTC)"`
	Message   string    `json:"message" doc:"what users are told"`
	CourtIDs  []string  `json:"courtIds" nullable:"false" doc:"the courts affected; empty: every court"`
	ReadOnly  bool      `json:"readOnly" doc:"whether changes pause while it is under way (reads go on)"`
	State     State     `json:"state" enum:"scheduled,underway,ended,cancelled"`
	CreatedAt time.Time `json:"createdAt"`
}

func (w *Window) settle(now time.Time, cancelled bool) {
	switch {
	case cancelled:
		w.State = Cancelled
	case !now.Before(w.EndsAt):
		w.State = Ended
	case !now.Before(w.StartsAt):
		w.State = Underway
	default:
		w.State = Scheduled
	}
}

// ScheduleRequest is a new window as a platform administrator enters it.
type ScheduleRequest struct {
	StartsAt string   `json:"startsAt" doc:"start, wall-clock time in America/Los_Angeles, YYYY-MM-DDTHH:MM" example:"2026-12-02T18:00"`
	EndsAt   string   `json:"endsAt" doc:"end, wall-clock time in America/Los_Angeles, YYYY-MM-DDTHH:MM" example:"2026-12-02T21:00"`
	Message  string   `json:"message" doc:"what users are told, 1 to 500 characters"`
	CourtIDs []string `json:"courtIds,omitempty" doc:"the courts affected; none: every court"`
	ReadOnly bool     `json:"readOnly,omitempty" doc:"pause changes while under way (only for a window of every court)"`
}

// Service keeps the windows.
type Service struct {
	db    *db.DB
	log   *audit.Log
	clock clock.Clock
	jobs  *jobs.Inserter
	// changed is called after a window is scheduled or cancelled (the gate reloads).
	changed func()
}

// NewService returns the service; changed may be nil.
func NewService(d *db.DB, log *audit.Log, clk clock.Clock, j *jobs.Inserter, changed func()) *Service {
	if changed == nil {
		changed = func() {}
	}
	return &Service{db: d, log: log, clock: clk, jobs: j, changed: changed}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// parseLocal reads a wall-clock time in California.
func parseLocal(v *apperr.ValidationError, field, s string) (time.Time, bool) {
	if strings.TrimSpace(s) == "" {
		v.Add(field, "Enter a date and time")
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(LocalLayout, s, clock.Pacific)
	if err != nil {
		v.Add(field, "Enter a date and time as year-month-day and hours:minutes, for example 2026-12-02T18:00")
		return time.Time{}, false
	}
	return t, true
}

// validate checks a request against now and the court directory (tx).
func validate(tx *gorm.DB, req ScheduleRequest, now time.Time) (start, end time.Time, courts []string, err error) {
	v := &apperr.ValidationError{}
	start, okStart := parseLocal(v, "body.startsAt", req.StartsAt)
	end, okEnd := parseLocal(v, "body.endsAt", req.EndsAt)
	if okStart && start.Before(now.Add(-startGrace)) {
		v.Add("body.startsAt", "The start must be now or later")
	}
	if okEnd && !end.After(now) {
		v.Add("body.endsAt", "The end must be in the future")
	}
	if okStart && okEnd && !end.After(start) {
		v.Add("body.endsAt", "The end must be after the start")
	} else if okStart && okEnd && end.Sub(start) > MaxLength {
		v.Add("body.endsAt", "A window may last at most 48 hours")
	}
	msg := strings.TrimSpace(req.Message)
	switch n := len([]rune(msg)); {
	case n == 0:
		v.Add("body.message", "Enter the message users will see")
	case n > 500:
		v.Add("body.message", "The message may have at most 500 characters (it has %d)", n)
	}
	for i, id := range req.CourtIDs {
		field := fmt.Sprintf("body.courtIds[%d]", i)
		switch {
		case !uuidPattern.MatchString(id):
			v.Add(field, "Choose a court from the list")
		case slices.Contains(courts, id):
			v.Add(field, "This court is listed twice")
		default:
			var n int64
			if err := tx.Raw("SELECT count(*) FROM courts WHERE id = ? AND kind <> 'statewide'", id).Row().Scan(&n); err != nil {
				return start, end, nil, fmt.Errorf("maintenance: check court: %w", err)
			}
			if n == 0 {
				v.Add(field, "There is no such court")
			}
			courts = append(courts, id)
		}
	}
	if req.ReadOnly && len(req.CourtIDs) > 0 {
		v.Add("body.readOnly", "Read-only mode pauses changes in every court; leave the courts empty to choose it")
	}
	return start, end, courts, v.Err()
}

// Schedule records a window and queues the e-mail to the affected users, in one
// transaction with its audit event.
func (s *Service) Schedule(ctx context.Context, c auth.Caller, req ScheduleRequest) (Window, error) {
	now := s.clock.Now()
	var w Window
	err := s.db.Tx(ctx, c.Principal, func(tx *gorm.DB) error {
		start, end, courts, err := validate(tx, req, now)
		if err != nil {
			return err
		}
		if courts == nil {
			courts = []string{}
		}
		if err := tx.Raw(`INSERT INTO maintenance_windows (starts_at, ends_at, message, court_ids, read_only, created_by)
			VALUES (?, ?, ?, ?::uuid[], ?, ?) RETURNING id::text, created_at`,
			start, end, strings.TrimSpace(req.Message), "{"+strings.Join(courts, ",")+"}", req.ReadOnly, c.UserID).Row().
			Scan(&w.ID, &w.CreatedAt); err != nil {
			return fmt.Errorf("maintenance: schedule: %w", err)
		}
		w.StartsAt, w.EndsAt, w.Message, w.CourtIDs, w.ReadOnly = start.UTC(), end.UTC(), strings.TrimSpace(req.Message), courts, req.ReadOnly
		w.settle(now, false)
		if err := s.jobs.InsertTx(ctx, tx, NotifyArgs{WindowID: w.ID}, nil); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionSchedule, ObjectType: "maintenance_window", ObjectID: w.ID})
	})
	if err != nil {
		return Window{}, err
	}
	s.changed()
	return w, nil
}

// Cancel withdraws a window that has not ended.
func (s *Service) Cancel(ctx context.Context, c auth.Caller, id string) error {
	if !uuidPattern.MatchString(id) {
		return apperr.ErrNotFound
	}
	err := s.db.Tx(ctx, c.Principal, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE maintenance_windows SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL AND ends_at > ?",
			s.clock.Now(), id, s.clock.Now())
		if res.Error != nil {
			return fmt.Errorf("maintenance: cancel: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.ErrNotFound
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionCancel, ObjectType: "maintenance_window", ObjectID: id})
	})
	if err != nil {
		return err
	}
	s.changed()
	return nil
}

// List returns every window, the latest start first (for the administrators).
func (s *Service) List(ctx context.Context, c auth.Caller) ([]Window, error) {
	var out []Window
	err := s.db.Tx(ctx, c.Principal, func(tx *gorm.DB) error {
		var err error
		out, err = load(tx, "TRUE ORDER BY starts_at DESC LIMIT 200", s.clock.Now())
		return err
	})
	return out, err
}

// Announced returns the windows not cancelled that are under way or start within
// the horizon, the soonest first. It needs no caller: announcements are public.
func Announced(ctx context.Context, d *db.DB, now time.Time) ([]Window, error) {
	var out []Window
	err := d.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		var err error
		out, err = load(tx, "cancelled_at IS NULL AND ends_at > ? AND starts_at < ? ORDER BY starts_at, id", now, now, now.Add(Horizon))
		return err
	})
	return out, err
}

func load(tx *gorm.DB, where string, now time.Time, args ...any) ([]Window, error) {
	rows, err := tx.Raw(`SELECT id::text, starts_at, ends_at, message, court_ids::text[], read_only, created_at, cancelled_at IS NOT NULL
		FROM maintenance_windows WHERE `+where, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("maintenance: list: %w", err)
	}
	defer rows.Close()
	types := pgtype.NewMap()
	out := []Window{}
	for rows.Next() {
		var w Window
		var cancelled bool
		if err := rows.Scan(&w.ID, &w.StartsAt, &w.EndsAt, &w.Message, types.SQLScanner(&w.CourtIDs), &w.ReadOnly, &w.CreatedAt, &cancelled); err != nil {
			return nil, fmt.Errorf("maintenance: list: %w", err)
		}
		if w.CourtIDs == nil {
			w.CourtIDs = []string{}
		}
		w.StartsAt, w.EndsAt, w.CreatedAt = w.StartsAt.UTC(), w.EndsAt.UTC(), w.CreatedAt.UTC()
		w.settle(now, cancelled)
		out = append(out, w)
	}
	return out, rows.Err()
}
