package auth

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Me is who the caller is, for the web application's frame.
type Me struct {
	User         MeUser       `json:"user"`
	Courts       []MeCourt    `json:"courts" nullable:"false" doc:"the courts where the user holds a role, by name"`
	ActiveCourt  *CourtRef    `json:"activeCourt" doc:"the court the session acts for; null until one is chosen or when no role holds there"`
	CLETSCurrent bool         `json:"cletsCurrent" doc:"whether the user's CLETS certification covers today"`
	CSRFToken    string       `json:"csrfToken" doc:"send it as X-CSRF-Token with every request that changes something"`
	Session      SessionTimes `json:"session"`
}

// MeUser is the signed-in user.
type MeUser struct {
	ID          string `json:"id" format:"uuid"`
	Username    string `json:"username"`
	DisplayName string `json:"displayName"`
	Email       string `json:"email"`
}

// CourtRef names a court.
type CourtRef struct {
	ID   string `json:"id" format:"uuid"`
	Name string `json:"name"`
}

// MeCourt is a court where the user holds roles.
type MeCourt struct {
	ID    string   `json:"id" format:"uuid"`
	Name  string   `json:"name"`
	Roles []string `json:"roles" nullable:"false" doc:"the user's roles there"`
}

// SessionTimes say when the session ends.
type SessionTimes struct {
	IdleExpiresAt      time.Time `json:"idleExpiresAt" doc:"when the session ends unless used (or kept alive)"`
	AbsoluteExpiresAt  time.Time `json:"absoluteExpiresAt" doc:"when the session ends regardless; sign in again then"`
	IdleTimeoutSeconds int       `json:"idleTimeoutSeconds"`
}

// Me returns who c is, read under c's principal: the user's own row and
// memberships (their policies show nothing else) and the court directory's names.
func (s *Sessions) Me(ctx context.Context, c Caller) (Me, error) {
	var me Me
	err := s.db.Tx(ctx, c.Principal, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT id::text, username, display_name, email FROM users WHERE id = ?", c.UserID).Row().
			Scan(&me.User.ID, &me.User.Username, &me.User.DisplayName, &me.User.Email); err != nil {
			return fmt.Errorf("store: me: %w", err)
		}
		rows, err := tx.Raw(`SELECT m.court_id::text, c.name, array_agg(m.role ORDER BY m.role)
			FROM memberships m JOIN courts c ON c.id = m.court_id
			WHERE m.user_id = ? AND m.revoked_at IS NULL GROUP BY m.court_id, c.name ORDER BY c.name`, c.UserID).Rows()
		if err != nil {
			return fmt.Errorf("store: my courts: %w", err)
		}
		defer rows.Close()
		types := pgtype.NewMap()
		me.Courts = []MeCourt{}
		for rows.Next() {
			var mc MeCourt
			if err := rows.Scan(&mc.ID, &mc.Name, types.SQLScanner(&mc.Roles)); err != nil {
				return fmt.Errorf("store: my courts: %w", err)
			}
			me.Courts = append(me.Courts, mc)
		}
		return rows.Err()
	})
	if err != nil {
		return Me{}, err
	}
	for _, mc := range me.Courts {
		if mc.ID == c.CourtID {
			me.ActiveCourt = &CourtRef{ID: mc.ID, Name: mc.Name}
		}
	}
	me.CLETSCurrent, me.CSRFToken = c.CLETSCurrent, c.CSRFToken
	me.Session = SessionTimes{IdleExpiresAt: c.IdleExpiresAt.UTC(), AbsoluteExpiresAt: c.AbsoluteExpiresAt.UTC(),
		IdleTimeoutSeconds: int(s.opts.Idle.Seconds())}
	return me, nil
}

// SwitchCourt makes court the session's acting court; the database checks that
// the user holds a role there. It returns the caller as it now is.
func (s *Sessions) SwitchCourt(ctx context.Context, c Caller, court string) (Caller, error) {
	if c.Bearer {
		return Caller{}, fmt.Errorf("auth: a machine client acts for its own court: %w", apperr.ErrForbidden)
	}
	hash, err := hex.DecodeString(c.Principal.SessionHash)
	if err != nil {
		return Caller{}, apperr.ErrUnauthenticated
	}
	var ok bool
	var now Caller
	err = s.db.Tx(ctx, db.Principal{SessionHash: c.Principal.SessionHash, RequestID: c.Principal.RequestID,
		ClientAddr: c.Principal.ClientAddr}, func(tx *gorm.DB) error {
		if ok, err = switchCourt(tx, hash, court); err != nil || !ok {
			return err
		}
		now, err = whoami(tx)
		return err
	})
	if err != nil {
		return Caller{}, err
	}
	if !ok {
		return Caller{}, apperr.Invalid("body.courtId", "you hold no role in this court")
	}
	c.CourtID, c.CLETSCurrent, c.Principal.CourtID = now.CourtID, now.CLETSCurrent, now.CourtID
	return c, nil
}

// KeepAlive records activity now, whatever the minute, so the idle timeout starts
// over (the user chose to stay signed in).
func (s *Sessions) KeepAlive(ctx context.Context, c Caller) (SessionTimes, error) {
	out := SessionTimes{IdleExpiresAt: c.IdleExpiresAt.UTC(), AbsoluteExpiresAt: c.AbsoluteExpiresAt.UTC(),
		IdleTimeoutSeconds: int(s.opts.Idle.Seconds())}
	if c.Bearer {
		return out, nil
	}
	hash, err := hex.DecodeString(c.Principal.SessionHash)
	if err != nil {
		return SessionTimes{}, apperr.ErrUnauthenticated
	}
	err = s.db.Tx(ctx, c.Principal, func(tx *gorm.DB) error {
		last, _, err := touchSession(tx, hash, s.opts.Clock.Now(), s.opts.Idle, true)
		out.IdleExpiresAt = minTime(last.Add(s.opts.Idle), c.AbsoluteExpiresAt).UTC()
		return err
	})
	return out, err
}
