// Package registry is the registry of restraining and protective orders: an
// order's head (court, case, type, status, dates, service) and its immutable
// versions, each holding what the form says. Its service adds, modifies,
// cancels, serves and reads orders on behalf of a signed-in caller, in the
// store under row-level security; its operations are the HTTP API of orders;
// its job expires orders after their last day.
package registry

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts on orders.
const (
	ActionCreate   audit.Action = "order.create"
	ActionRead     audit.Action = "order.read"
	ActionList     audit.Action = "order.list"
	ActionVersions audit.Action = "order.versions"
	ActionDiff     audit.Action = "order.diff"
	ActionModify   audit.Action = "order.modify"
	ActionCancel   audit.Action = "order.cancel"
	ActionServe    audit.Action = "order.serve"
)

// Service is the order registry's rules, on behalf of a signed-in caller.
type Service struct {
	db     *db.DB
	log    *audit.Log
	clock  clock.Clock
	hooks  []Hook
	search *searchGuard
}

// Acts on an order that a Hook is told of.
const (
	ActCreate = "create"
	ActModify = "modify"
	ActCancel = "cancel"
	ActServe  = "serve"
)

// ChangeEvent is one committed-to-be change of an order: the act, the order's
// status before it ("" for a new order) and the order as it now reads.
type ChangeEvent struct {
	Act      string
	Before   string
	Order    order.Order
	Reviewed *precedence.Review // what the clerk saw of conflicts before saving; nil: not reviewed
}

// Hook is told of every change to an order inside the change's transaction (the
// CARPOS gateway writes its outbox there). An error rolls the change back; a
// validation error reaches the caller as field errors.
type Hook interface {
	OrderChanged(ctx context.Context, tx *gorm.DB, e ChangeEvent) error
}

// AddHook adds a hook told of every change, after those added before it.
func (s *Service) AddHook(h Hook) {
	if h != nil {
		s.hooks = append(s.hooks, h)
	}
}

// changed tells the hooks, in the order they were added, of a change; the first
// error stops the change.
func (s *Service) changed(ctx context.Context, tx *gorm.DB, act, before string, o order.Order, rv *precedence.Review) error {
	for _, h := range s.hooks {
		if err := h.OrderChanged(ctx, tx, ChangeEvent{Act: act, Before: before, Order: o, Reviewed: rv}); err != nil {
			return err
		}
	}
	return nil
}

// NewService returns the service over d, auditing to log, telling the day by clk.
func NewService(d *db.DB, log *audit.Log, clk clock.Clock) *Service {
	s := &Service{db: d, log: log, clock: clk}
	s.hooks = []Hook{conflictHook{s}} // every created or modified order is checked for conflicts
	return s
}

// failed records a refused or failed change in its own transaction (the act's
// rollback must not erase it) and returns err. A failure to record is logged by
// the audit counter; the caller still gets the act's own error.
func (s *Service) failed(ctx context.Context, p db.Principal, action audit.Action, id string, err error) error {
	if err == nil {
		return nil
	}
	outcome := audit.Error
	var v *apperr.ValidationError
	switch {
	case errors.As(err, &v), errors.Is(err, apperr.ErrConflict), errors.Is(err, apperr.ErrPreconditionFailed):
		outcome = audit.Invalid
	case errors.Is(err, apperr.ErrNotFound):
		outcome = audit.Denied
	}
	reason := err.Error()
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	s.log.RecordFailureOrLog(ctx, s.db, p, audit.Event{Action: action, Outcome: outcome, ObjectType: "order", ObjectID: id, Reason: reason})
	return err
}

// today is the court's current day, as a UTC midnight.
func (s *Service) today() time.Time { return calendar.Today(s.clock.Now()) }

// CreateRequest is an order to add.
type CreateRequest struct {
	Content        order.Content
	IdempotencyKey string
	Draft          bool   // save without issuing: only the court sees it
	Supersedes     string // an order of the court this one replaces
	// ConflictsReviewed is what the clerk saw of conflicts before saving (precedence.ParseReview).
	ConflictsReviewed string
}

// Create adds an order in the caller's acting court and returns it. With an
// idempotency key already used by the caller in the court, it returns that
// order (replayed true) if the content is the same, and refuses it otherwise.
func (s *Service) Create(ctx context.Context, p db.Principal, r CreateRequest) (o order.Order, replayed bool, err error) {
	o, replayed, err = s.create(ctx, p, r)
	return o, replayed, s.failed(ctx, p, ActionCreate, "", err)
}

func (s *Service) create(ctx context.Context, p db.Principal, r CreateRequest) (o order.Order, replayed bool, err error) {
	c := r.Content
	if err := forms.Validate(&c, s.today()); err != nil {
		return order.Order{}, false, err
	}
	reviewed, err := precedence.ParseReview(r.ConflictsReviewed)
	if err != nil {
		return order.Order{}, false, err
	}
	if r.Supersedes != "" && !order.IsID(r.Supersedes) {
		return order.Order{}, false, apperr.Invalid("query.supersedes", "is not an order id")
	}
	body, err := json.Marshal(c)
	if err != nil {
		return order.Order{}, false, fmt.Errorf("order: create: %w", err)
	}
	hash := sha256.Sum256(body)
	id := uuid.NewString()
	expiresOn, rule := forms.Expiry(&c)
	status := "active"
	switch {
	case r.Draft:
		status = "draft"
	case expiresOn != "" && expiresOn < s.today().Format(time.DateOnly):
		status = "expired" // entered after its last day
	}
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		if err := mayEnter(tx, c.Type); err != nil {
			return err
		}
		if r.IdempotencyKey != "" {
			prev, prevHash, err := claimKey(tx, p.CourtID, r.IdempotencyKey, hash[:], id)
			if err != nil {
				return err
			}
			if prev != "" {
				if string(prevHash) != string(hash[:]) {
					return apperr.Invalid("header.Idempotency-Key", "was used before with a different request body")
				}
				replayed = true
				if o, err = getOrder(tx, prev, 0); err != nil {
					return err
				}
				return s.log.Record(ctx, tx, audit.Event{Action: ActionRead, ObjectType: "order", ObjectID: prev, Reason: "idempotent replay"})
			}
		}
		supersedes := r.Supersedes
		if supersedes == "" && c.OrderKind == "after_hearing" {
			// The order after hearing supersedes the temporary order of its case.
			if supersedes, err = liveTemporary(tx, p.CourtID, c.CaseNumber, c.Type); err != nil {
				return err
			}
		}
		if supersedes != "" {
			old, err := lockHead(tx, supersedes)
			if err != nil {
				return apperr.Invalid("query.supersedes", "is not an order of this court")
			}
			// A later order replaces one of the same case and type (e.g. the order
			// after hearing replaces the temporary one); another case's order is not
			// superseded but must be cancelled on its own.
			if old.CaseNumber != c.CaseNumber {
				return apperr.Invalid("body.caseNumber", "is not the case of the order it supersedes (%s)", old.CaseNumber)
			}
			if old.Type != c.Type {
				return apperr.Invalid("body.type", "is not the type of the order it supersedes (%s)", old.Type)
			}
			if old.Status != "active" && old.Status != "draft" {
				return fmt.Errorf("order: the superseded order is %s and cannot be superseded: %w", old.Status, apperr.ErrConflict)
			}
			// First, so that the new order may take its case number.
			if err := supersede(tx, old.ID, id); err != nil {
				return err
			}
		}
		if err := insertOrder(tx, id, p.CourtID, status, &c, expiresOn, rule); err != nil {
			return err
		}
		if err := insertVersion(tx, p.CourtID, id, 1, c); err != nil {
			return err
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionCreate, ObjectType: "order", ObjectID: id}); err != nil {
			return err
		}
		if o, err = getOrder(tx, id, 0); err != nil {
			return err
		}
		return s.changed(ctx, tx, ActCreate, "", o, reviewed)
	})
	if err != nil {
		return order.Order{}, false, fmt.Errorf("order: create: %w", err)
	}
	return o, replayed, nil
}

// ModifyRequest is a new version of an order.
type ModifyRequest struct {
	Content order.Content
	IfMatch string // the ETag the caller read
	Issue   bool   // issue a draft
	// ConflictsReviewed is what the clerk saw of conflicts before saving (precedence.ParseReview).
	ConflictsReviewed string
}

// Modify writes a new version of an order of the acting court. A stale ETag is
// apperr.ErrPreconditionFailed and changes nothing; a terminated order cannot be
// modified (apperr.ErrConflict).
func (s *Service) Modify(ctx context.Context, p db.Principal, id string, r ModifyRequest) (order.Order, error) {
	o, err := s.modify(ctx, p, id, r)
	return o, s.failed(ctx, p, ActionModify, id, err)
}

func (s *Service) modify(ctx context.Context, p db.Principal, id string, r ModifyRequest) (order.Order, error) {
	c := r.Content
	if !order.IsID(id) {
		return order.Order{}, apperr.ErrNotFound
	}
	if r.IfMatch == "" {
		return order.Order{}, apperr.Invalid("header.If-Match", "is required: send the ETag of the order you read")
	}
	if err := forms.Validate(&c, s.today()); err != nil {
		return order.Order{}, err
	}
	reviewed, err := precedence.ParseReview(r.ConflictsReviewed)
	if err != nil {
		return order.Order{}, err
	}
	expiresOn, rule := forms.Expiry(&c)
	var o order.Order
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		h, err := s.lockCurrent(tx, id, r.IfMatch)
		if err != nil {
			return err
		}
		if err := mayEnter(tx, h.Type); err != nil {
			return err
		}
		if c.Type != h.Type {
			return apperr.Invalid("body.type", "is not the order's type (%s): a new version keeps the type", h.Type)
		}
		status := h.Status
		if status == "draft" && r.Issue {
			status = "active"
		}
		if err := updateContent(tx, h, status, &c, expiresOn, rule); err != nil {
			return err
		}
		if err := insertVersion(tx, h.CourtID, id, h.Version+1, c); err != nil {
			return err
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionModify, ObjectType: "order", ObjectID: id,
			Reason: fmt.Sprintf("version %d", h.Version+1)}); err != nil {
			return err
		}
		if o, err = getOrder(tx, id, 0); err != nil {
			return err
		}
		return s.changed(ctx, tx, ActModify, h.Status, o, reviewed)
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("order: modify: %w", err)
	}
	return o, nil
}

// lockCurrent locks an order of the acting court that is still in force (or in
// one of the statuses also allowed) and whose ETag is ifMatch ("" skips that check).
func (s *Service) lockCurrent(tx *gorm.DB, id, ifMatch string, also ...string) (head, error) {
	h, err := lockHead(tx, id)
	if err != nil {
		return h, err
	}
	if ifMatch != "" && ifMatch != etag(h.Revision) && ifMatch != "*" {
		return h, apperr.ErrPreconditionFailed
	}
	if h.Status != "draft" && h.Status != "active" && !slices.Contains(also, h.Status) {
		return h, fmt.Errorf("the order is %s and cannot be changed: %w", h.Status, apperr.ErrConflict)
	}
	return h, nil
}

// Cancel terminates an order of the acting court, with the reason.
func (s *Service) Cancel(ctx context.Context, p db.Principal, id, ifMatch, reason string) (order.Order, error) {
	o, err := s.cancel(ctx, p, id, ifMatch, reason)
	return o, s.failed(ctx, p, ActionCancel, id, err)
}

func (s *Service) cancel(ctx context.Context, p db.Principal, id, ifMatch, reason string) (order.Order, error) {
	if !order.IsID(id) {
		return order.Order{}, apperr.ErrNotFound
	}
	var o order.Order
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		h, err := s.lockCurrent(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := cancelOrder(tx, id, s.today().Format(time.DateOnly), reason); err != nil {
			return err
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionCancel, ObjectType: "order", ObjectID: id, Reason: reason}); err != nil {
			return err
		}
		if o, err = getOrder(tx, id, 0); err != nil {
			return err
		}
		return s.changed(ctx, tx, ActCancel, h.Status, o, nil)
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("order: cancel: %w", err)
	}
	return o, nil
}

// Serve records the proof of service of an order of the acting court.
func (s *Service) Serve(ctx context.Context, p db.Principal, id, ifMatch string, r order.ServiceRecord) (order.Order, error) {
	o, err := s.serve(ctx, p, id, ifMatch, r)
	return o, s.failed(ctx, p, ActionServe, id, err)
}

func (s *Service) serve(ctx context.Context, p db.Principal, id, ifMatch string, r order.ServiceRecord) (order.Order, error) {
	if !order.IsID(id) {
		return order.Order{}, apperr.ErrNotFound
	}
	var o order.Order
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		// A proof of service is often filed late: an expired order takes one when
		// the service happened on or before its last day (forms.ValidateService).
		h, err := s.lockCurrent(tx, id, ifMatch, "expired")
		if err != nil {
			return err
		}
		if err := forms.ValidateService(&r, h.standing(), s.today()); err != nil {
			return err
		}
		if r.Version == 0 {
			r.Version = h.Version
		}
		if err := recordService(tx, id, &r); err != nil {
			return err
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionServe, ObjectType: "order", ObjectID: id}); err != nil {
			return err
		}
		if o, err = getOrder(tx, id, 0); err != nil {
			return err
		}
		return s.changed(ctx, tx, ActServe, h.Status, o, nil)
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("order: serve: %w", err)
	}
	return o, nil
}
