package registry

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// head is an order's head row with what the service decides by.
type head struct {
	ID, CourtID, Status, IssuedOn string
	CaseNumber, Type, FormNumber  string
	Kind                          string
	ExpiresOn                     string // "" until further order
	Version, Revision             int
}

// standing is what a proof of service of the order is checked against.
func (h head) standing() forms.Standing {
	return forms.Standing{IssuedOn: h.IssuedOn, ExpiresOn: h.ExpiresOn, Type: h.Type, FormNumber: h.FormNumber, Version: h.Version}
}

// stored returns the content as a version keeps it: protected persons' addresses
// taken out (they go to order_protected_addresses) and marked as on file.
func stored(c order.Content) ([]byte, map[int]string, error) {
	addrs := map[int]string{}
	c.ProtectedPersons = append([]order.ProtectedPerson(nil), c.ProtectedPersons...)
	for i := range c.ProtectedPersons {
		if a := c.ProtectedPersons[i].Address; a != "" {
			addrs[i] = a
			c.ProtectedPersons[i].Address, c.ProtectedPersons[i].AddressMasked = "", true
		}
	}
	b, err := json.Marshal(c)
	return b, addrs, err
}

// loaded returns a version's content with the addresses the caller may see put
// back; those it may not stay masked.
func loaded(content []byte, addrs []byte) (order.Content, error) {
	var c order.Content
	if err := json.Unmarshal(content, &c); err != nil {
		return c, fmt.Errorf("store: decode version: %w", err)
	}
	var pairs [][2]json.RawMessage
	if len(addrs) > 0 {
		if err := json.Unmarshal(addrs, &pairs); err != nil {
			return c, fmt.Errorf("store: decode addresses: %w", err)
		}
	}
	for _, p := range pairs {
		var i int
		var a string
		if json.Unmarshal(p[0], &i) == nil && json.Unmarshal(p[1], &a) == nil && i < len(c.ProtectedPersons) {
			c.ProtectedPersons[i].Address, c.ProtectedPersons[i].AddressMasked = a, false
		}
	}
	return c, nil
}

// claimKey records an idempotency key for the caller in the acting court; when
// the key is already taken it returns the order and body hash it was used for.
func claimKey(tx *gorm.DB, court, key string, hash []byte, orderID string) (string, []byte, error) {
	var got string
	err := tx.Raw(`INSERT INTO order_idempotency_keys (court_id, user_id, key, request_hash, order_id)
		VALUES (?, app_user_id(), ?, ?, ?) ON CONFLICT DO NOTHING RETURNING order_id`, court, key, hash, orderID).Row().Scan(&got)
	if err == nil {
		return "", nil, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("store: claim idempotency key: %w", err)
	}
	var prev []byte
	err = tx.Raw(`SELECT order_id, request_hash FROM order_idempotency_keys
		WHERE court_id = ? AND user_id = app_user_id() AND key = ?`, court, key).Row().Scan(&got, &prev)
	if err != nil {
		return "", nil, fmt.Errorf("store: read idempotency key: %w", err)
	}
	return got, prev, nil
}

func insertOrder(tx *gorm.DB, id, court, status string, c *order.Content, expiresOn, rule string) error {
	err := tx.Exec(`INSERT INTO orders (id, court_id, case_number, order_type, order_kind, form_number, form_revision,
			status, issued_on, expires_on, expiry_rule, current_version, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, '')::date, ?, 1, app_user_id())`,
		id, court, c.CaseNumber, c.Type, c.OrderKind, c.Form.Number, c.Form.Revision, status, c.IssuedOn,
		expiresOn, rule).Error
	return wrapWrite("insert order", err)
}

func insertVersion(tx *gorm.DB, court, id string, version int, c order.Content) error {
	content, addrs, err := stored(c)
	if err != nil {
		return fmt.Errorf("store: encode version: %w", err)
	}
	// The saver's name as it was when saving (the saver may read its own user row).
	if err := tx.Exec(`INSERT INTO order_versions (court_id, order_id, version, content, created_by, created_by_name)
		VALUES (?, ?, ?, ?, app_user_id(), (SELECT display_name FROM users WHERE id = app_user_id()))`,
		court, id, version, string(content)).Error; err != nil {
		return fmt.Errorf("store: insert version: %w", err)
	}
	for person, a := range addrs {
		if err := tx.Exec(`INSERT INTO order_protected_addresses (court_id, order_id, version, person, address)
			VALUES (?, ?, ?, ?, ?)`, court, id, version, person, a).Error; err != nil {
			return fmt.Errorf("store: insert address: %w", err)
		}
	}
	return person.Index(tx, court, id, version, c)
}

// lockHead reads and locks an order of the acting court for a change. Row-level
// security lets a caller lock only its own court's orders: another court's is not
// found, even where it may be read.
func lockHead(tx *gorm.DB, id string) (head, error) {
	var h head
	var issued time.Time
	var expires sql.NullTime
	err := tx.Raw(`SELECT id, court_id, status, issued_on, expires_on, case_number, order_type, form_number, order_kind,
			current_version, revision
		FROM orders WHERE id = ? FOR UPDATE`, id).
		Row().Scan(&h.ID, &h.CourtID, &h.Status, &issued, &expires, &h.CaseNumber, &h.Type, &h.FormNumber, &h.Kind,
		&h.Version, &h.Revision)
	if errors.Is(err, sql.ErrNoRows) {
		return h, apperr.ErrNotFound
	}
	if err != nil {
		return h, fmt.Errorf("store: lock order: %w", err)
	}
	h.IssuedOn = issued.Format(time.DateOnly)
	if expires.Valid {
		h.ExpiresOn = expires.Time.Format(time.DateOnly)
	}
	return h, nil
}

func updateContent(tx *gorm.DB, h head, status string, c *order.Content, expiresOn, rule string) error {
	err := tx.Exec(`UPDATE orders SET case_number = ?, order_kind = ?, form_number = ?, form_revision = ?, status = ?,
			issued_on = ?, expires_on = NULLIF(?, '')::date, expiry_rule = ?, current_version = current_version + 1,
			revision = revision + 1, updated_at = now()
		WHERE id = ?`, c.CaseNumber, c.OrderKind, c.Form.Number, c.Form.Revision, status, c.IssuedOn, expiresOn, rule, h.ID).Error
	return wrapWrite("update order", err)
}

func cancelOrder(tx *gorm.DB, id, on, reason string) error {
	return wrapWrite("cancel order", tx.Exec(`UPDATE orders SET status = 'cancelled', cancelled_on = ?, cancel_reason = ?,
		revision = revision + 1, updated_at = now() WHERE id = ?`, on, reason, id).Error)
}

func supersede(tx *gorm.DB, id, by string) error {
	return wrapWrite("supersede order", tx.Exec(`UPDATE orders SET status = 'superseded', superseded_by = ?,
		revision = revision + 1, updated_at = now() WHERE id = ?`, by, id).Error)
}

func recordService(tx *gorm.DB, id string, r *order.ServiceRecord) error {
	docs, err := json.Marshal(append([]string{}, r.Documents...))
	if err != nil {
		return fmt.Errorf("store: encode documents: %w", err)
	}
	return wrapWrite("record service", tx.Exec(`UPDATE orders SET service_status = 'served', served_on = ?,
		served_time = NULLIF(?, ''), service_method = ?, served_by = ?, server_agency = NULLIF(?, ''),
		served_address = NULLIF(?, ''), served_documents = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), served_version = ?,
		revision = revision + 1, updated_at = now() WHERE id = ?`, r.On, r.Time, r.Method, r.ServedBy, r.Agency,
		r.Address, string(docs), r.Version, id).Error)
}

func wrapWrite(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("store: %s: a live order of this type already has this case number in the court: %w", what, apperr.ErrConflict)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// getOrder reads an order with its current version, or a given one (version > 0).
// getOrderSQL reads an order with one version of it ($1, 0 for the current) by
// its id ($2): through gorm (getOrder) or in a batch (Service.Get).
const getOrderSQL = `SELECT o.id, o.court_id, o.status, v.version, o.revision, o.expires_on, o.expiry_rule,
			o.service_status, o.served_on, o.served_time, o.service_method, o.served_by, o.server_agency,
			o.cancelled_on, o.cancel_reason, o.superseded_by, o.served_address, array_to_json(o.served_documents), o.served_version, v.content,
			(SELECT json_agg(json_build_array(a.person, a.address)) FROM order_protected_addresses a
			 WHERE a.order_id = o.id AND a.version = v.version)
		FROM orders o JOIN order_versions v ON v.order_id = o.id AND v.version = coalesce(NULLIF($1::int, 0), o.current_version)
		WHERE o.id = $2`

func getOrder(tx *gorm.DB, id string, version int) (order.Order, error) {
	return scanOrder(tx.Raw(getOrderSQL, version, id).Row())
}

// scanOrder reads getOrderSQL's row: apperr.ErrNotFound when there is none.
func scanOrder(row interface{ Scan(...any) error }) (order.Order, error) {
	var o order.Order
	var expires, servedOn, cancelledOn sql.NullTime
	var servedTime, method, by, agency, reason, supersededBy, servedAddress sql.NullString
	var servedDocs []byte
	var servedVersion sql.NullInt64
	var revision int
	var content, addrs []byte
	err := row.Scan(&o.ID, &o.CourtID, &o.Status, &o.Version, &revision, &expires,
		&o.Expiry.Rule, &o.Service.Status, &servedOn, &servedTime, &method, &by, &agency, &cancelledOn, &reason,
		&supersededBy, &servedAddress, &servedDocs, &servedVersion, &content, &addrs)
	if errors.Is(err, pgx.ErrNoRows) {
		err = sql.ErrNoRows
	}
	if errors.Is(err, sql.ErrNoRows) {
		return o, apperr.ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("store: get order: %w", err)
	}
	if o.Content, err = loaded(content, addrs); err != nil {
		return o, err
	}
	if expires.Valid {
		o.Expiry.On = expires.Time.Format(time.DateOnly)
	}
	if servedOn.Valid {
		o.Service.Record = &order.ServiceRecord{On: servedOn.Time.Format(time.DateOnly), Time: servedTime.String,
			Method: method.String, ServedBy: by.String, Agency: agency.String, Address: servedAddress.String,
			Version: int(servedVersion.Int64)}
		if len(servedDocs) > 0 {
			if err := json.Unmarshal(servedDocs, &o.Service.Record.Documents); err != nil {
				return o, fmt.Errorf("store: decode served documents: %w", err)
			}
		}
	}
	if cancelledOn.Valid {
		o.Cancellation = &order.Cancellation{On: cancelledOn.Time.Format(time.DateOnly), Reason: reason.String}
	}
	o.SupersededBy = supersededBy.String
	o.ETag = etag(revision)
	o.PCOCodes = o.Content.Conditions.PCOCodes()
	o.FormItems = forms.Items(&o.Content)
	return o, nil
}

func etag(revision int) string { return fmt.Sprintf(`"r%d"`, revision) }

func listByCase(tx *gorm.DB, court, caseNumber string) ([]order.Summary, error) {
	rows, err := tx.Raw(`SELECT id, court_id, case_number, order_type, form_number, status, issued_on, expires_on,
			current_version, service_status
		FROM orders WHERE court_id = ? AND case_number = ? ORDER BY issued_on DESC, created_at DESC LIMIT 100`,
		court, caseNumber).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list orders: %w", err)
	}
	defer rows.Close()
	out := []order.Summary{}
	for rows.Next() {
		var s order.Summary
		var issued time.Time
		var expires sql.NullTime
		if err := rows.Scan(&s.ID, &s.CourtID, &s.CaseNumber, &s.Type, &s.FormNumber, &s.Status, &issued, &expires,
			&s.Version, &s.Service); err != nil {
			return nil, fmt.Errorf("store: list orders: %w", err)
		}
		s.IssuedOn = issued.Format(time.DateOnly)
		if expires.Valid {
			s.ExpiresOn = expires.Time.Format(time.DateOnly)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func listVersions(tx *gorm.DB, id string) ([]order.VersionInfo, error) {
	rows, err := tx.Raw(`SELECT version, created_at, created_by, coalesce(created_by_name, '') FROM order_versions
		WHERE order_id = ? ORDER BY version`, id).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: list versions: %w", err)
	}
	defer rows.Close()
	out := []order.VersionInfo{}
	for rows.Next() {
		var v order.VersionInfo
		var at time.Time
		if err := rows.Scan(&v.Version, &at, &v.CreatedBy, &v.CreatedByName); err != nil {
			return nil, fmt.Errorf("store: list versions: %w", err)
		}
		v.CreatedAt = at.UTC().Format(time.RFC3339Nano)
		out = append(out, v)
	}
	return out, rows.Err()
}

// mayEnter refuses a type of order the caller's roles in the acting court do not
// enter (authz: EPOs by sheriffs, the rest by clerks).
func mayEnter(tx *gorm.DB, orderType string) error {
	var roles []byte
	err := tx.Raw(`SELECT array_to_json(roles) FROM public.session_scopes
		WHERE token_hex = current_setting('ccpor.session', true)
		  AND acting_court_id::text = current_setting('ccpor.court', true) AND expires_at > now()`).Row().Scan(&roles)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read roles: %w", err)
	}
	var list []string
	_ = json.Unmarshal(roles, &list)
	if !authz.MayEnterOrderType(list, orderType) {
		return fmt.Errorf("%s orders are entered by another role: %w", strings.ReplaceAll(orderType, "_", " "), apperr.ErrForbidden)
	}
	return nil
}

// liveTemporary returns the draft or active temporary order of a case and type
// in the court, locked, or "".
func liveTemporary(tx *gorm.DB, court, caseNumber, orderType string) (string, error) {
	var id string
	err := tx.Raw(`SELECT id FROM orders WHERE court_id = ? AND case_number = ? AND order_type = ?
		AND order_kind = 'temporary' AND status IN ('draft', 'active') FOR UPDATE`, court, caseNumber, orderType).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: find the temporary order: %w", err)
	}
	return id, nil
}
