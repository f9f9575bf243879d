package carpos

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// ActionHitCompare is the audited comparison of a CLETS response with an order.
const ActionHitCompare audit.Action = "carpos.hit_compare"

// HitComparison is where a CLETS response and the registry's order disagree.
type HitComparison struct {
	OrderID     string       `json:"orderId" format:"uuid"`
	Version     int          `json:"version" doc:"the order's current version, compared"`
	Status      string       `json:"status" doc:"the order's status in the registry"`
	Response    Message      `json:"response" doc:"what was read from the CLETS response"`
	Registry    Message      `json:"registry" doc:"the order's current version as CARPOS would carry it"`
	Differences []Difference `json:"differences" doc:"field by field: a is the registry's value, b the CLETS response's"`
}

// CompareHit reads a CLETS response as a sheriff pasted it and lists, field by
// field, where it disagrees with the order's current version.
func (s *Service) CompareHit(ctx context.Context, p db.Principal, clets bool, orderID, response string) (HitComparison, error) {
	if !clets {
		return HitComparison{}, ErrNotCertified
	}
	resp, err := ParseResponse(response)
	if err != nil {
		return HitComparison{}, apperr.Invalid("body.response", "cannot be read: %v", err)
	}
	if resp.Restrained.NAM == "" && resp.OCA == "" && resp.FCN == "" && resp.CaseNumber == "" {
		return HitComparison{}, apperr.Invalid("body.response", "has none of NAM/, OCA/, FCN/ or COURT CASE NUMBER/: paste the CLETS response as printed")
	}
	o, err := s.orders.Get(ctx, p, orderID, 0)
	if err != nil {
		return HitComparison{}, err
	}
	var ori, phone sql.NullString
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT ori, contact_phone FROM courts WHERE id = ?`, o.CourtID).Row().Scan(&ori, &phone); err != nil {
			return fmt.Errorf("carpos: read court: %w", err)
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionHitCompare, ObjectType: "order", ObjectID: o.ID})
	})
	if err != nil {
		return HitComparison{}, err
	}
	reg := FromOrder(KindEnter, o, Court{ORI: ori.String, Phone: phone.String}, Refs{})
	reg.Kind, resp.Kind = "", ""
	diffs := Differences(reg, resp)
	if diffs == nil {
		diffs = []Difference{}
	}
	return HitComparison{OrderID: o.ID, Version: o.Version, Status: o.Status, Response: resp, Registry: reg, Differences: diffs}, nil
}
