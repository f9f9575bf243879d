package registry

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Conflicts reports, on demand, the orders statewide involving the persons of an
// order the caller may read.
func (s *Service) Conflicts(ctx context.Context, p db.Principal, id string) (precedence.ConflictReport, error) {
	if !order.IsID(id) {
		return precedence.ConflictReport{}, apperr.ErrNotFound
	}
	if err := s.lookupAllowed(ctx, p, lookupUser(ctx, p), "order", "conflicts of order "+id); err != nil {
		return precedence.ConflictReport{}, err
	}
	var rep precedence.ConflictReport
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		o, err := getOrder(tx, id, 0)
		if err != nil {
			return err
		}
		if rep, err = precedence.Report(tx, o); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: precedence.ActionConflicts, ObjectType: "order", ObjectID: id, Reason: rep.Summary()})
	})
	if err != nil {
		return precedence.ConflictReport{}, fmt.Errorf("order: conflicts: %w", err)
	}
	return rep, nil
}

// CheckOptions names the orders a check before saving leaves out: the order an
// entry supersedes, or the order being modified (neither conflicts with the entry).
type CheckOptions struct {
	Supersedes string
	Modifies   string
}

// CheckConflicts reports the orders statewide involving the persons of content
// about to be entered or saved (before saving). Only the persons need be filled in.
func (s *Service) CheckConflicts(ctx context.Context, p db.Principal, c order.Content, opt CheckOptions) (precedence.ConflictReport, error) {
	v := &apperr.ValidationError{}
	var also []string
	for _, f := range [][2]string{{"body.supersedes", opt.Supersedes}, {"body.modifies", opt.Modifies}} {
		field, id := f[0], f[1]
		if id == "" {
			continue
		}
		if !order.IsID(id) {
			v.Add(field, "must be the id of an order")
		}
		also = append(also, id)
	}
	if len(person.NameTokens(c.RestrainedPerson.Name)) == 0 {
		v.Add("body.restrainedPerson.name", "is required to look for conflicting orders")
	}
	for i, d := range append([]string{c.RestrainedPerson.DOB}, dobsOf(c.ProtectedPersons)...) {
		if _, err := person.DOBVariants(d); err != nil {
			field := "body.restrainedPerson.dob"
			if i > 0 {
				field = fmt.Sprintf("body.protectedPersons[%d].dob", i-1)
			}
			v.Add(field, "%s", err.Error())
		}
	}
	if err := v.Err(); err != nil {
		return precedence.ConflictReport{}, s.failed(ctx, p, precedence.ActionConflicts, "", err)
	}
	if err := s.lookupAllowed(ctx, p, lookupUser(ctx, p), "entry", "conflicts of an entry"); err != nil {
		return precedence.ConflictReport{}, err
	}
	expiresOn, _ := forms.Expiry(&c)
	var rep precedence.ConflictReport
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if rep, err = precedence.Report(tx, order.Order{CourtID: p.CourtID, Content: c, Expiry: order.Expiry{On: expiresOn}}, also...); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: precedence.ActionConflicts, ObjectType: "entry", Reason: rep.Summary()})
	})
	if err != nil {
		return precedence.ConflictReport{}, fmt.Errorf("order: check conflicts: %w", err)
	}
	return rep, nil
}

func dobsOf(ps []order.ProtectedPerson) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.DOB
	}
	return out
}

// conflictHook checks every created or modified active order and records what it
// found in the audit log, in the change's transaction, with the clerk's choice to
// proceed or the absence of a review.
type conflictHook struct{ s *Service }

func (h conflictHook) OrderChanged(ctx context.Context, tx *gorm.DB, e ChangeEvent) error {
	if (e.Act != ActCreate && e.Act != ActModify) || e.Order.Status != "active" {
		return nil
	}
	rep, err := precedence.Report(tx, e.Order)
	if err != nil {
		return err
	}
	if len(rep.Orders) == 0 && len(rep.Elsewhere) == 0 {
		return nil
	}
	if err := h.s.log.Record(ctx, tx, audit.Event{Action: precedence.ActionConflicts, ObjectType: "order", ObjectID: e.Order.ID, Reason: rep.Summary()}); err != nil {
		return err
	}
	return precedence.RecordReview(ctx, tx, h.s.log, e.Order.ID, e.Reviewed, rep)
}
