package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/jackc/pgx/v5"
)

// Loaded is an order as a bulk load writes it (the demo data): its first version
// and, optionally, how it stands.
type Loaded struct {
	ID           string // the order's id, chosen by the loader
	Content      order.Content
	Service      *order.ServiceRecord // served, when set
	Cancellation *order.Cancellation  // cancelled, when set
	SupersededBy string               // the id of the order that replaced it (loaded in the same transaction)
}

// Load writes an order of court with its first version, saved by user, in tx
// as the maintenance role (which loads past row-level security). The content and
// service are checked as Create and Serve check them on today; the status follows:
// cancelled, superseded, expired after its last day, otherwise active.
func Load(ctx context.Context, tx pgx.Tx, court, user string, l Loaded, today time.Time) error {
	c := l.Content
	if err := forms.Validate(&c, today); err != nil {
		return fmt.Errorf("order: load %s: %w", c.CaseNumber, err)
	}
	expiresOn, rule := forms.Expiry(&c)
	status := "active"
	switch {
	case l.Cancellation != nil:
		status = "cancelled"
	case l.SupersededBy != "":
		status = "superseded"
	case expiresOn != "" && expiresOn < today.Format(time.DateOnly):
		status = "expired"
	}
	s := order.ServiceRecord{}
	if l.Service != nil {
		if err := forms.ValidateService(l.Service, forms.Standing{IssuedOn: c.IssuedOn, ExpiresOn: expiresOn,
			Type: c.Type, FormNumber: c.Form.Number, Version: 1}, today); err != nil {
			return fmt.Errorf("order: load %s: %w", c.CaseNumber, err)
		}
		s = *l.Service
	}
	k := order.Cancellation{}
	if l.Cancellation != nil {
		k = *l.Cancellation
	}
	content, addrs, err := stored(c)
	if err != nil {
		return fmt.Errorf("order: load: %w", err)
	}
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO orders (id, court_id, case_number, order_type, order_kind, form_number, form_revision,
			status, issued_on, expires_on, expiry_rule, current_version, created_by,
			service_status, served_on, served_time, service_method, served_by, server_agency,
			cancelled_on, cancel_reason, superseded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, '')::date, $11, 1, $12,
			CASE WHEN $13 = '' THEN 'unserved' ELSE 'served' END, NULLIF($13, '')::date, NULLIF($14, ''), NULLIF($15, ''),
			NULLIF($16, ''), NULLIF($17, ''), NULLIF($18, '')::date, NULLIF($19, ''), NULLIF($20, '')::uuid)`,
		l.ID, court, c.CaseNumber, c.Type, c.OrderKind, c.Form.Number, c.Form.Revision, status, c.IssuedOn,
		expiresOn, rule, user, s.On, s.Time, s.Method, s.ServedBy, s.Agency, k.On, k.Reason, l.SupersededBy)
	batch.Queue(`INSERT INTO order_versions (court_id, order_id, version, content, created_by, created_by_name)
		VALUES ($1, $2, 1, $3, $4, (SELECT display_name FROM users WHERE id = $4))`, court, l.ID, string(content), user)
	for person, a := range addrs {
		batch.Queue(`INSERT INTO order_protected_addresses (court_id, order_id, version, person, address)
			VALUES ($1, $2, 1, $3, $4)`, court, l.ID, person, a)
	}
	ps, ks, err := person.IndexArgs(court, l.ID, 1, c)
	if err != nil {
		return err
	}
	batch.Queue(person.InsertPersonsSQL, ps...)
	if ks != nil {
		batch.Queue(person.InsertPersonKeysSQL, ks...)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("order: load %s: %w", c.CaseNumber, err)
	}
	return nil
}
