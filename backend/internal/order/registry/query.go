package registry

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Get returns an order the caller may read, its current version or version n
// (n > 0). Every read is audited; a read that cannot be recorded fails.
func (s *Service) Get(ctx context.Context, p db.Principal, id string, n int) (order.Order, error) {
	if !order.IsID(id) {
		return order.Order{}, apperr.ErrNotFound
	}
	// One round trip (db.Batch): the order, and its read event appended by SQL
	// only when the same order and version are there for the caller (row-level
	// security decides); the commit is durable when Batch returns.
	e := audit.Event{Action: ActionRead, ObjectType: "order", ObjectID: id}
	b := &pgx.Batch{}
	b.Queue(getOrderSQL, n, id)
	b.Queue(`SELECT `+audit.AppendOnOrderSQL("o.court_id")+` FROM orders o
		JOIN order_versions v ON v.order_id = o.id AND v.version = coalesce(NULLIF($7::int, 0), o.current_version)
		WHERE o.id = $8`, append(e.Args(), n, id)...)
	var o order.Order
	err := s.db.Batch(ctx, p, b, func(br pgx.BatchResults) (err error) {
		if o, err = scanOrder(br.QueryRow()); err != nil {
			return err
		}
		if _, err := br.Exec(); err != nil {
			return s.log.Failed(e, err)
		}
		return nil
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("order: get: %w", err)
	}
	return o, nil
}

// List returns the orders of a court's case that the caller may read; court ""
// is the acting court.
func (s *Service) List(ctx context.Context, p db.Principal, court, caseNumber string) ([]order.Summary, error) {
	if court == "" {
		court = p.CourtID
	}
	if !order.IsID(court) {
		return nil, apperr.Invalid("query.court", "is not a court id")
	}
	var out []order.Summary
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if out, err = listByCase(tx, court, caseNumber); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionList, ObjectType: "case", ObjectID: court + "/" + caseNumber})
	})
	if err != nil {
		return nil, fmt.Errorf("order: list: %w", err)
	}
	return out, nil
}

// Versions returns an order's history.
func (s *Service) Versions(ctx context.Context, p db.Principal, id string) ([]order.VersionInfo, error) {
	if !order.IsID(id) {
		return nil, apperr.ErrNotFound
	}
	var out []order.VersionInfo
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if _, err = getOrder(tx, id, 0); err != nil { // drafts of other courts stay hidden
			return err
		}
		if out, err = listVersions(tx, id); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionVersions, ObjectType: "order", ObjectID: id})
	})
	if err != nil {
		return nil, fmt.Errorf("order: versions: %w", err)
	}
	return out, nil
}

// Diff returns what changed from version a to version b of an order; addresses
// the caller may not see compare as masked on both sides.
func (s *Service) Diff(ctx context.Context, p db.Principal, id string, a, b int) ([]order.Change, error) {
	if !order.IsID(id) {
		return nil, apperr.ErrNotFound
	}
	var out []order.Change
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		cur, err := getOrder(tx, id, 0)
		if err != nil {
			return err
		}
		v := &apperr.ValidationError{}
		for _, n := range []struct {
			field string
			n     int
		}{{"query.from", a}, {"query.to", b}} {
			if n.n < 1 || n.n > cur.Version {
				v.Add(n.field, "the order has versions 1 to %d", cur.Version)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		from, err := getOrder(tx, id, a)
		if err != nil {
			return err
		}
		to, err := getOrder(tx, id, b)
		if err != nil {
			return err
		}
		if out, err = diff(from.Content, to.Content); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionDiff, ObjectType: "order", ObjectID: id,
			Reason: fmt.Sprintf("versions %d and %d", a, b)})
	})
	if err != nil {
		return nil, fmt.Errorf("order: diff: %w", err)
	}
	return out, nil
}
