package carpos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// ActionHitConfirm is the audited record of a CLETS hit confirmation.
const ActionHitConfirm audit.Action = "carpos.hit_confirm"

// Outcomes of a hit confirmation.
var Outcomes = []string{"confirmed_in_force", "not_found", "expired", "modified", "mismatch_reported"}

// Confirmation is a sheriff's record of a CLETS hit checked against the registry.
type Confirmation struct {
	ID           string       `json:"id" format:"uuid"`
	CourtID      string       `json:"courtId" format:"uuid" doc:"the confirming sheriff's court"`
	OrderID      string       `json:"orderId,omitempty" format:"uuid" doc:"the order; absent when none was found"`
	OrderVersion int          `json:"orderVersion,omitempty"`
	Outcome      string       `json:"outcome" enum:"confirmed_in_force,not_found,expired,modified,mismatch_reported"`
	Differences  []Difference `json:"differences"`
	Note         string       `json:"note,omitempty"`
	CreatedBy    string       `json:"createdBy" format:"uuid"`
	CreatedAt    time.Time    `json:"createdAt"`
}

// ConfirmRequest is what the sheriff records.
type ConfirmRequest struct {
	OrderID  string `json:"orderId,omitempty" format:"uuid" doc:"the order the response is about; absent with the outcome not_found"`
	Response string `json:"response" minLength:"1" maxLength:"20000" doc:"the CLETS response as printed"`
	Outcome  string `json:"outcome" enum:"confirmed_in_force,not_found,expired,modified,mismatch_reported"`
	Note     string `json:"note,omitempty" maxLength:"1000"`
}

// Confirm records a hit confirmation in the caller's court: the order's current
// version and the differences between it and the response, computed here.
func (s *Service) Confirm(ctx context.Context, p db.Principal, clets bool, r ConfirmRequest) (Confirmation, error) {
	if !clets {
		return Confirmation{}, ErrNotCertified
	}
	switch {
	case r.Outcome == "not_found" && r.OrderID != "":
		return Confirmation{}, apperr.Invalid("body.orderId", "is given, but the outcome says no order was found")
	case r.Outcome != "not_found" && r.OrderID == "":
		return Confirmation{}, apperr.Invalid("body.orderId", "is required unless the outcome is not_found")
	}
	c := Confirmation{CourtID: p.CourtID, Outcome: r.Outcome, Note: r.Note, Differences: []Difference{}}
	if r.OrderID != "" {
		h, err := s.CompareHit(ctx, p, clets, r.OrderID, r.Response)
		if err != nil {
			return Confirmation{}, err
		}
		c.OrderID, c.OrderVersion, c.Differences = h.OrderID, h.Version, h.Differences
		if r.Outcome == "confirmed_in_force" && h.Status != "active" {
			return Confirmation{}, apperr.Invalid("body.outcome", "says in force, but the order is %s", h.Status)
		}
	} else if _, err := ParseResponse(r.Response); err != nil {
		return Confirmation{}, apperr.Invalid("body.response", "cannot be read: %v", err)
	}
	diffs, err := json.Marshal(c.Differences)
	if err != nil {
		return Confirmation{}, err
	}
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var order, version any
		if c.OrderID != "" {
			order, version = c.OrderID, c.OrderVersion
		}
		if err := tx.Raw(`INSERT INTO clets_hit_confirmations (court_id, order_id, order_version, outcome, response, differences, note, created_by)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, NULLIF(?, ''), app_user_id()) RETURNING id, created_by, created_at`,
			p.CourtID, order, version, c.Outcome, r.Response, string(diffs), r.Note).Row().Scan(&c.ID, &c.CreatedBy, &c.CreatedAt); err != nil {
			var pg *pgconn.PgError
			if errors.As(err, &pg) && pg.Code == "42501" { // row-level security: not a certified sheriff here
				return fmt.Errorf("only a CLETS-certified sheriff of the court records a hit confirmation: %w", apperr.ErrForbidden)
			}
			return fmt.Errorf("carpos: record the confirmation: %w", err)
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionHitConfirm, ObjectType: "clets_hit_confirmation", ObjectID: c.ID,
			Reason: c.Outcome})
	})
	if err != nil {
		return Confirmation{}, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return c, nil
}

// Confirmations lists the caller's court's hit confirmations, newest first.
func (s *Service) Confirmations(ctx context.Context, p db.Principal, clets bool) ([]Confirmation, error) {
	if !clets {
		return nil, ErrNotCertified
	}
	out := []Confirmation{}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT id, court_id, coalesce(order_id::text, ''), coalesce(order_version, 0), outcome, differences,
				coalesce(note, ''), created_by, created_at
			FROM clets_hit_confirmations WHERE court_id = ? ORDER BY created_at DESC LIMIT 200`, p.CourtID).Rows()
		if err != nil {
			return fmt.Errorf("carpos: list confirmations: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c Confirmation
			var diffs []byte
			if err := rows.Scan(&c.ID, &c.CourtID, &c.OrderID, &c.OrderVersion, &c.Outcome, &diffs, &c.Note, &c.CreatedBy, &c.CreatedAt); err != nil {
				return fmt.Errorf("carpos: list confirmations: %w", err)
			}
			if err := json.Unmarshal(diffs, &c.Differences); err != nil {
				return fmt.Errorf("carpos: list confirmations: %w", err)
			}
			c.CreatedAt = c.CreatedAt.UTC()
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionHitConfirm + ".list", ObjectType: "court", ObjectID: p.CourtID})
	})
	return out, err
}
