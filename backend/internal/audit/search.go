package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Record is one audit event as an auditor reads it.
type Record struct {
	ID         int64     `json:"id"`
	OccurredAt time.Time `json:"occurredAt" doc:"when, in UTC"`
	CourtID    string    `json:"courtId" doc:"the court the act was for (the statewide court when none)"`
	UserID     string    `json:"userId,omitempty" doc:"who acted, when known"`
	Actor      string    `json:"actor,omitempty" doc:"the user's name, or the name given at a failed sign-in"`
	Action     string    `json:"action" example:"order.read"`
	ObjectType string    `json:"objectType,omitempty"`
	ObjectID   string    `json:"objectId,omitempty"`
	Outcome    string    `json:"outcome" enum:"success,denied,invalid,error"`
	ClientAddr string    `json:"clientAddr,omitempty" doc:"where the request came from"`
	RequestID  string    `json:"requestId,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Sealed     bool      `json:"sealed" doc:"whether the event is already in its court's hash chain"`
}

// Filter narrows a search; zero fields do not filter.
type Filter struct {
	UserID, CourtID, Action, ObjectType, ObjectID, Outcome string
	From, To                                               time.Time
	Before                                                 int64 // page: events with a smaller id
	Limit                                                  int
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func (f Filter) validate() error {
	v := &apperr.ValidationError{}
	if f.UserID != "" && !uuidPattern.MatchString(f.UserID) {
		v.Add("query.user", "must be a user id (a UUID)")
	}
	if f.CourtID != "" && !uuidPattern.MatchString(f.CourtID) {
		v.Add("query.court", "must be a court id (a UUID)")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		v.Add("query.to", "is before from")
	}
	return v.Err()
}

// describe says what was searched, for the audit record of the search itself.
func (f Filter) describe() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("user", f.UserID)
	add("court", f.CourtID)
	add("action", f.Action)
	add("objectType", f.ObjectType)
	add("objectId", f.ObjectID)
	add("outcome", f.Outcome)
	if !f.From.IsZero() {
		add("from", f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		add("to", f.To.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, " ")
}

// Search returns the events p may read that match f, newest first, and records
// the search in the log itself (fail closed).
func (l *Log) Search(ctx context.Context, d *db.DB, p db.Principal, f Filter) ([]Record, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	var out []Record
	err := d.Tx(ctx, p, func(tx *gorm.DB) error {
		var err error
		if out, err = query(tx, f, f.Limit); err != nil {
			return err
		}
		return l.Record(ctx, tx, Event{Action: AuditLogSearch, Reason: f.describe()})
	})
	if err != nil {
		return nil, fmt.Errorf("audit: search: %w", err)
	}
	return out, nil
}

// ExportLimit is the most events one CSV export holds.
const ExportLimit = 50_000

// ExportCSV returns the matching events as CSV (at most ExportLimit, newest first),
// recording the export. Cells that a spreadsheet would run as a formula are escaped.
func (l *Log) ExportCSV(ctx context.Context, d *db.DB, p db.Principal, f Filter) ([]byte, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	var out []Record
	err := d.Tx(ctx, p, func(tx *gorm.DB) error {
		var err error
		if out, err = query(tx, f, ExportLimit); err != nil {
			return err
		}
		return l.Record(ctx, tx, Event{Action: AuditLogExport, Reason: f.describe()})
	})
	if err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"id", "occurred_at", "court_id", "user_id", "actor", "action", "object_type",
		"object_id", "outcome", "client_addr", "request_id", "reason", "sealed"})
	for _, r := range out {
		_ = w.Write(Escape([]string{fmt.Sprint(r.ID), r.OccurredAt.UTC().Format(time.RFC3339Nano), r.CourtID, r.UserID,
			r.Actor, r.Action, r.ObjectType, r.ObjectID, r.Outcome, r.ClientAddr, r.RequestID, r.Reason,
			fmt.Sprint(r.Sealed)}))
	}
	w.Flush()
	return []byte(b.String()), w.Error()
}

// Escape neutralises cells a spreadsheet would evaluate (CSV injection): a cell
// beginning with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func Escape(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

func query(tx *gorm.DB, f Filter, limit int) ([]Record, error) {
	q := tx.Table("audit_events").Select(`id, occurred_at, court_id::text, coalesce(user_id::text, ''),
		coalesce(actor, ''), action, coalesce(object_type, ''), coalesce(object_id, ''), outcome,
		coalesce(client_addr, ''), coalesce(request_id, ''), coalesce(reason, ''), sealed_at IS NOT NULL`)
	for col, v := range map[string]string{"user_id": f.UserID, "court_id": f.CourtID, "object_type": f.ObjectType,
		"object_id": f.ObjectID, "outcome": f.Outcome} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.Action != "" {
		q = q.Where("(action = ? OR action LIKE ?)", f.Action, strings.NewReplacer("%", `\%`, "_", `\_`).Replace(f.Action)+".%")
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", f.To)
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	rows, err := q.Order("id DESC").Limit(limit).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: audit events: %w", err)
	}
	defer rows.Close()
	out := []Record{}
	for rows.Next() {
		var r Record
		if err := rows.Scan(&r.ID, &r.OccurredAt, &r.CourtID, &r.UserID, &r.Actor, &r.Action, &r.ObjectType,
			&r.ObjectID, &r.Outcome, &r.ClientAddr, &r.RequestID, &r.Reason, &r.Sealed); err != nil {
			return nil, fmt.Errorf("store: audit events: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
