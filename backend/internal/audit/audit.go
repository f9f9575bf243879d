// Package audit records who did what, when, from where, for which court, and with
// what outcome, and keeps that record provably untouched: rows are appended only
// through a definer function, chained by hash per court by a sealing job, and
// verified by `ccpor audit verify`.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Outcome says how an act ended.
type Outcome string

// Outcomes.
const (
	Success Outcome = "success"
	Denied  Outcome = "denied"
	Invalid Outcome = "invalid"
	Error   Outcome = "error"
)

// Action names an audited act, as area.verb (e.g. order.read, auth.sign_in).
type Action string

// Actions recorded by the areas so far; each area adds its own next to its code.
const (
	CourtMembersList Action = "court.members.list"
	AuditLogSearch   Action = "audit.search"
	AuditLogExport   Action = "audit.export"
	AccessDenied     Action = "access.denied"
)

// Event is one audited act. The user, the court, the time, the request id and the
// client address are not here: the database takes them from the transaction's
// principal, so they cannot be forged by the caller.
type Event struct {
	Action     Action
	Outcome    Outcome
	ObjectType string
	ObjectID   string
	Reason     string
	Actor      string // the name given when no user is known, e.g. a failed sign-in
}

// Log appends events and counts the appends that failed, which monitoring alerts on.
type Log struct {
	failures prometheus.Counter
}

// NewLog registers the failure counter on reg.
func NewLog(reg prometheus.Registerer) *Log {
	c := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "ccpor_audit_write_failures_total",
		Help: "Audit events that could not be written; the act they recorded failed closed.",
	})
	reg.MustRegister(c)
	return &Log{failures: c}
}

// Record appends e inside tx, the act's own transaction: a rollback of the act takes
// its success record with it. If the append fails the act must fail too (fail
// closed): the error wraps apperr.ErrUnavailable, which answers 503.
func (l *Log) Record(ctx context.Context, tx *gorm.DB, e Event) error {
	if e.Outcome == "" {
		e.Outcome = Success
	}
	err := tx.WithContext(ctx).Exec("SELECT audit_append(?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''))",
		string(e.Action), string(e.Outcome), e.ObjectType, e.ObjectID, e.Reason, e.Actor).Error
	if err != nil {
		l.failures.Inc()
		return fmt.Errorf("audit: record %s: %w: %w", e.Action, apperr.ErrUnavailable, err)
	}
	return nil
}

// AppendSQL is the call Record makes, for a statement of a batch (db.Batch) that
// appends in the act's own round trip; its parameters $1 to $6 are e.Args().
const AppendSQL = "audit_append($1, $2, NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''), NULLIF($6, ''))"

// AppendOnOrderSQL is AppendSQL for an act on an order whose court is the SQL
// expression court (e.g. o.court_id): that court's auditors read the event too.
func AppendOnOrderSQL(court string) string {
	return "audit_append($1, $2, NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''), NULLIF($6, ''), " + court + ")"
}

// Args are the parameters of AppendSQL for e.
func (e Event) Args() []any {
	if e.Outcome == "" {
		e.Outcome = Success
	}
	return []any{string(e.Action), string(e.Outcome), e.ObjectType, e.ObjectID, e.Reason, e.Actor}
}

// Failed counts an append made in a batch that failed, and wraps err as Record does:
// the act fails closed.
func (l *Log) Failed(e Event, err error) error {
	l.failures.Inc()
	return fmt.Errorf("audit: record %s: %w: %w", e.Action, apperr.ErrUnavailable, err)
}

// failureTimeout bounds the append of a failure, which no longer ends with the request.
const failureTimeout = 5 * time.Second

// RecordFailure appends e in its own short transaction, so that the rollback of the
// act that failed does not erase the record of its failure. The append outlives the
// request's cancellation (a client that hangs up is still on the record) but not
// failureTimeout.
func (l *Log) RecordFailure(ctx context.Context, d *db.DB, p db.Principal, e Event) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), failureTimeout)
	defer cancel()
	return d.Tx(ctx, p, func(tx *gorm.DB) error { return l.Record(ctx, tx, e) })
}

// RecordFailureOrLog records e as RecordFailure does, for an act that fails anyway and
// answers its own error. When even the record fails, the failure is logged at error
// level naming the act (and counted, see Record): it is never silently lost.
func (l *Log) RecordFailureOrLog(ctx context.Context, d *db.DB, p db.Principal, e Event) {
	if err := l.RecordFailure(ctx, d, p, e); err != nil {
		httpapi.Logger(ctx).ErrorContext(ctx, "audit: record a failed act", "action", string(e.Action),
			"outcome", string(e.Outcome), "object_type", e.ObjectType, "object_id", e.ObjectID, "err", err)
	}
}
