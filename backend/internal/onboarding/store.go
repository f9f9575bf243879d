package onboarding

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

func listSteps(tx *gorm.DB, court string) ([]OnboardingStep, error) {
	rows, err := tx.Raw(`SELECT s.id::text, s.step, s.occurred_on, s.go_live_on, coalesce(s.note, ''),
			coalesce(u.username, ''), coalesce(u.display_name, ''), s.recorded_at
		FROM court_onboarding_steps s LEFT JOIN users u ON u.id = s.recorded_by
		WHERE s.court_id = ? ORDER BY s.recorded_at, s.id`, court).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list steps: %w", err)
	}
	defer rows.Close()
	steps := []OnboardingStep{}
	for rows.Next() {
		var st OnboardingStep
		var occurred time.Time
		var goLive sql.NullTime
		if err := rows.Scan(&st.ID, &st.Step, &occurred, &goLive, &st.Note, &st.RecordedBy, &st.RecordedByName, &st.RecordedAt); err != nil {
			return nil, fmt.Errorf("store: list steps: %w", err)
		}
		st.OccurredOn = day(occurred)
		if goLive.Valid {
			st.GoLiveOn = day(goLive.Time)
		}
		steps = append(steps, st)
	}
	return steps, rows.Err()
}

const changeColumns = `ch.id::text, ch.court_id::text, c.name, ch.kind, coalesce(ch.old_ori, ''), coalesce(ch.new_ori, ''),
	coalesce(ch.user_id::text, ''), coalesce(t.username, ''), coalesce(ch.reason, ''),
	coalesce(pu.username, ''), coalesce(pu.display_name, ''), ch.proposed_at,
	coalesce(ch.decision, ''), coalesce(du.username, ''), ch.decided_at, coalesce(ch.decision_note, ''),
	(SELECT count(*) FROM authz_assignments() a JOIN courts sc ON sc.id = a.court_id AND sc.kind = 'statewide'
	  WHERE a.role = 'platform_admin' AND a.user_id <> ch.proposed_by),
	coalesce(ch.proposed_by = app_user_id(), false)`

const changeFrom = ` FROM court_changes ch JOIN courts c ON c.id = ch.court_id
	LEFT JOIN users t ON t.id = ch.user_id LEFT JOIN users pu ON pu.id = ch.proposed_by
	LEFT JOIN users du ON du.id = ch.decided_by`

type scanner interface{ Scan(dest ...any) error }

func scanChange(s scanner) (CourtChange, error) {
	var ch CourtChange
	var decided sql.NullTime
	err := s.Scan(&ch.ID, &ch.CourtID, &ch.CourtName, &ch.Kind, &ch.OldORI, &ch.NewORI, &ch.UserID, &ch.Username,
		&ch.Reason, &ch.ProposedBy, &ch.ProposedByName, &ch.ProposedAt, &ch.Decision, &ch.DecidedBy, &decided,
		&ch.DecisionNote, &ch.Approvers, &ch.Mine)
	if decided.Valid {
		ch.DecidedAt = &decided.Time
	}
	return ch, err
}

func getChange(tx *gorm.DB, id string) (CourtChange, error) {
	ch, err := scanChange(tx.Raw("SELECT "+changeColumns+changeFrom+" WHERE ch.id = ?", id).Row())
	if errors.Is(err, sql.ErrNoRows) {
		return CourtChange{}, apperr.ErrNotFound
	}
	if err != nil {
		return CourtChange{}, fmt.Errorf("store: get change: %w", err)
	}
	return ch, nil
}

// listChanges lists pending changes (oldest first) or decided ones (newest first,
// the last 200), of one court or of all when court is empty.
func listChanges(tx *gorm.DB, court string, pending bool) ([]CourtChange, error) {
	q := "SELECT " + changeColumns + changeFrom + " WHERE (? = '' OR ch.court_id::text = ?)"
	if pending {
		q += " AND ch.decision IS NULL ORDER BY ch.proposed_at, ch.id"
	} else {
		q += " AND ch.decision IS NOT NULL ORDER BY ch.decided_at DESC, ch.id LIMIT 200"
	}
	rows, err := tx.Raw(q, court, court).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list changes: %w", err)
	}
	defer rows.Close()
	out := []CourtChange{}
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list changes: %w", err)
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}
