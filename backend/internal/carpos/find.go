package carpos

import (
	"context"
	"fmt"
	"regexp"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// ActionFind is the audited search of orders by the DOJ's numbers.
const ActionFind audit.Action = "carpos.find"

var (
	fcnFormat = regexp.MustCompile(`^F[0-9]{15}$`)
	nicFormat = regexp.MustCompile(`^H[0-9]{10}$`)
)

// Found is an order the DOJ knows by an FCN or NIC.
type Found struct {
	OrderID    string `json:"orderId" format:"uuid"`
	CaseNumber string `json:"caseNumber"`
	Status     string `json:"status" doc:"the order's status in the registry"`
	FCN        string `json:"fcn"`
	NIC        string `json:"nic"`
}

// FindByNumber returns the acting court's orders whose entry the DOJ acknowledged
// with the FCN or the NIC given (one of the two, or both: then both must match).
func (s *Service) FindByNumber(ctx context.Context, p db.Principal, clets bool, fcn, nic string) ([]Found, error) {
	if !clets {
		return nil, ErrNotCertified
	}
	switch {
	case fcn == "" && nic == "":
		return nil, apperr.Invalid("fcn", "or nic is required: the FCN (F and 15 digits) or the NIC (H and 10 digits) as CLETS shows it")
	case fcn != "" && !fcnFormat.MatchString(fcn):
		return nil, apperr.Invalid("fcn", "must be F followed by 15 digits, as CLETS shows it (e.g. F061590000012345)")
	case nic != "" && !nicFormat.MatchString(nic):
		return nil, apperr.Invalid("nic", "must be H followed by 10 digits, as CLETS shows it (e.g. H0000012345)")
	}
	out := []Found{}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT DISTINCT o.id, o.case_number, o.status, m.fcn, m.nic
			FROM carpos_messages m JOIN orders o ON o.id = m.order_id
			WHERE m.kind = 'ENTER' AND m.state = 'acknowledged' AND m.court_id = ?
			  AND (? = '' OR m.fcn = ?) AND (? = '' OR m.nic = ?)
			ORDER BY o.case_number LIMIT 50`, p.CourtID, fcn, fcn, nic, nic).Rows()
		if err != nil {
			return fmt.Errorf("carpos: find by number: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var f Found
			if err := rows.Scan(&f.OrderID, &f.CaseNumber, &f.Status, &f.FCN, &f.NIC); err != nil {
				return fmt.Errorf("carpos: find by number: %w", err)
			}
			out = append(out, f)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionFind, ObjectType: "court", ObjectID: p.CourtID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
