package carpos

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Audited acts on CARPOS data.
const (
	ActionRead   audit.Action = "carpos.read"
	ActionQueue  audit.Action = "carpos.queue"
	ActionResend audit.Action = "carpos.resend"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ErrNotCertified refuses CARPOS data to a user whose CLETS certification does
// not cover today.
var ErrNotCertified = fmt.Errorf("CARPOS data is shown only to users with a current CLETS certification: %w", apperr.ErrForbidden)

// MessageInfo is one message about an order, as CLETS-certified staff see it.
type MessageInfo struct {
	ID             string     `json:"id" format:"uuid"`
	OrderID        string     `json:"orderId" format:"uuid"`
	CaseNumber     string     `json:"caseNumber,omitempty"`
	Seq            int        `json:"seq" doc:"its place in the order's sequence"`
	Kind           string     `json:"kind" enum:"ENTER,MODIFY,CANCEL,SERVICE"`
	OrderVersion   int        `json:"orderVersion" doc:"the order's version it carries"`
	State          string     `json:"state" enum:"pending,sent,acknowledged,rejected"`
	Attempts       int        `json:"attempts"`
	LastError      string     `json:"lastError,omitempty" doc:"why the last try got no answer"`
	Reason         string     `json:"reason,omitempty" doc:"why it was rejected: the DOJ's words, or no answer after the last try"`
	FCN            string     `json:"fcn,omitempty" doc:"the DOJ's file control number (F and 15 digits)"`
	NIC            string     `json:"nic,omitempty" doc:"the national file's number (H and 10 digits)"`
	Text           string     `json:"text,omitempty" doc:"the CLETS text as written at the change (FCN and NIC are added at sending)"`
	CreatedAt      time.Time  `json:"createdAt" doc:"when the change was committed"`
	SentAt         *time.Time `json:"sentAt,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt,omitempty"`
	RejectedAt     *time.Time `json:"rejectedAt,omitempty"`
	Due            time.Time  `json:"due" doc:"the end of the first court day after the change (Fam. Code 6380: one business day)"`
	Late           bool       `json:"late" doc:"acknowledged after it was due, or still unacknowledged past it"`
	SecondsToAck   *float64   `json:"secondsToAcknowledgement,omitempty" doc:"from commit to the DOJ's acknowledgement"`
}

// Status is an order's standing at CARPOS and its messages.
type Status struct {
	OrderID  string        `json:"orderId" format:"uuid"`
	State    string        `json:"state" enum:"not_sent,pending,acknowledged,rejected" doc:"not_sent: nothing was written for CARPOS (a draft, a court that does not submit); pending: a message is on its way; rejected: one waits in the work queue"`
	FCN      string        `json:"fcn,omitempty"`
	NIC      string        `json:"nic,omitempty"`
	Late     bool          `json:"late" doc:"a message missed or is missing its one-business-day deadline"`
	Messages []MessageInfo `json:"messages"`
}

// Service is CARPOS data for signed-in, CLETS-certified staff.
type Service struct {
	db      *db.DB
	log     *audit.Log
	orders  *registry.Service
	gateway *Gateway
	clock   clock.Clock
}

// NewService returns the service.
func NewService(d *db.DB, log *audit.Log, orders *registry.Service, g *Gateway, clk clock.Clock) *Service {
	return &Service{db: d, log: log, orders: orders, gateway: g, clock: clk}
}

const messageColumns = `m.id, m.order_id, o.case_number, m.seq, m.kind, m.order_version, m.state, m.attempts,
	coalesce(m.last_error, ''), coalesce(m.reason, ''), coalesce(m.fcn, ''), coalesce(m.nic, ''), m.body,
	m.created_at, m.sent_at, m.acknowledged_at, m.rejected_at`

func scanMessages(rows *sql.Rows, now time.Time) ([]MessageInfo, error) {
	defer rows.Close()
	out := []MessageInfo{}
	for rows.Next() {
		var m MessageInfo
		var sent, ack, rej sql.NullTime
		if err := rows.Scan(&m.ID, &m.OrderID, &m.CaseNumber, &m.Seq, &m.Kind, &m.OrderVersion, &m.State, &m.Attempts,
			&m.LastError, &m.Reason, &m.FCN, &m.NIC, &m.Text, &m.CreatedAt, &sent, &ack, &rej); err != nil {
			return nil, fmt.Errorf("carpos: read messages: %w", err)
		}
		m.CreatedAt = m.CreatedAt.UTC()
		for _, p := range []struct {
			v   sql.NullTime
			dst **time.Time
		}{{sent, &m.SentAt}, {ack, &m.AcknowledgedAt}, {rej, &m.RejectedAt}} {
			if p.v.Valid {
				t := p.v.Time.UTC()
				*p.dst = &t
			}
		}
		m.Due = Due(m.CreatedAt)
		if m.AcknowledgedAt != nil {
			s := m.AcknowledgedAt.Sub(m.CreatedAt).Seconds()
			m.SecondsToAck = &s
			m.Late = m.AcknowledgedAt.After(m.Due)
		} else {
			m.Late = now.After(m.Due)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Due is when the DOJ must have a change committed at t: the end (midnight in
// California) of the first court day after the day of t.
func Due(t time.Time) time.Time {
	d := t.In(clock.Pacific)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	for !calendar.IsCourtDay(day) {
		day = day.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, clock.Pacific).AddDate(0, 0, 1).UTC()
}

// OrderStatus returns an order's messages and its standing at CARPOS.
func (s *Service) OrderStatus(ctx context.Context, p db.Principal, clets bool, orderID string) (Status, error) {
	if !clets {
		return Status{}, ErrNotCertified
	}
	if !uuidPattern.MatchString(orderID) {
		return Status{}, apperr.ErrNotFound
	}
	st := Status{OrderID: orderID, State: "not_sent"}
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		// CARPOS data is the issuing court's: another court's order (readable or
		// not) is not found, rather than "not sent".
		var own bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM orders WHERE id = ? AND court_id = ?)`, orderID, p.CourtID).
			Row().Scan(&own); err != nil {
			return fmt.Errorf("carpos: read order: %w", err)
		}
		if !own {
			return apperr.ErrNotFound
		}
		rows, err := tx.Raw(`SELECT `+messageColumns+` FROM carpos_messages m JOIN orders o ON o.id = m.order_id
			WHERE m.order_id = ? ORDER BY m.seq`, orderID).Rows()
		if err != nil {
			return fmt.Errorf("carpos: read messages: %w", err)
		}
		if st.Messages, err = scanMessages(rows, s.clock.Now()); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionRead, ObjectType: "order", ObjectID: orderID})
	})
	if err != nil {
		return Status{}, err
	}
	for _, m := range st.Messages {
		st.Late = st.Late || m.Late
		if m.Kind == KindEnter && m.State == StateAcknowledged {
			st.FCN, st.NIC = m.FCN, m.NIC
		}
		switch {
		case st.State == StateRejected:
		case m.State == StateRejected:
			st.State = StateRejected
		case m.State == StatePending || m.State == StateSent:
			st.State = StatePending
		case st.State == "not_sent":
			st.State = StateAcknowledged
		}
	}
	return st, nil
}

// Queue returns the acting court's rejected messages, oldest first.
func (s *Service) Queue(ctx context.Context, p db.Principal, clets bool) ([]MessageInfo, error) {
	if !clets {
		return nil, ErrNotCertified
	}
	var out []MessageInfo
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT `+messageColumns+` FROM carpos_messages m JOIN orders o ON o.id = m.order_id
			WHERE m.state = 'rejected' AND m.court_id = ? ORDER BY m.rejected_at, m.seq LIMIT 500`, p.CourtID).Rows()
		if err != nil {
			return fmt.Errorf("carpos: read the work queue: %w", err)
		}
		if out, err = scanMessages(rows, s.clock.Now()); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionQueue, ObjectType: "court", ObjectID: p.CourtID})
	})
	return out, err
}

// Resend writes a rejected message again from the order as it now reads (after
// the clerk's fix) and sends it. What the DOJ would still refuse is refused here,
// by the order's fields.
func (s *Service) Resend(ctx context.Context, p db.Principal, clets bool, messageID string) (MessageInfo, error) {
	if !clets {
		return MessageInfo{}, ErrNotCertified
	}
	if !uuidPattern.MatchString(messageID) {
		return MessageInfo{}, apperr.ErrNotFound
	}
	var orderID, kind, state string
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT order_id, kind, state FROM carpos_messages WHERE id = ?`, messageID).Row().Scan(&orderID, &kind, &state)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return MessageInfo{}, apperr.ErrNotFound
	}
	if err != nil {
		return MessageInfo{}, fmt.Errorf("carpos: resend: %w", err)
	}
	if state != StateRejected {
		return MessageInfo{}, fmt.Errorf("the message is %s, only a rejected one is resent: %w", state, apperr.ErrConflict)
	}
	o, err := s.orders.Get(ctx, p, orderID, 0)
	if err != nil {
		return MessageInfo{}, err
	}
	var out MessageInfo
	err = s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		var ori, phone sql.NullString
		if err := tx.Raw(`SELECT ori, contact_phone FROM courts WHERE id = ?`, o.CourtID).Row().Scan(&ori, &phone); err != nil {
			return fmt.Errorf("carpos: read court: %w", err)
		}
		c := Court{ORI: ori.String, Phone: phone.String}
		if err := Check(kind, o, c); err != nil {
			return err
		}
		res := tx.Exec(`UPDATE carpos_messages SET state = 'pending', attempts = 0, reason = NULL, last_error = NULL,
				rejected_at = NULL, body = ?, order_version = ?, resends = resends + 1, resent_by = app_user_id(), resent_at = now()
			WHERE id = ? AND state = 'rejected'`, Encode(FromOrder(kind, o, c, Refs{})), o.Version, messageID)
		if res.Error != nil {
			return fmt.Errorf("carpos: resend: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("the message was resent already: %w", apperr.ErrConflict)
		}
		if err := s.gateway.Deliver(ctx, tx, orderID, messageID); err != nil {
			return err
		}
		if err := s.log.Record(ctx, tx, audit.Event{Action: ActionResend, ObjectType: "carpos_message", ObjectID: messageID}); err != nil {
			return err
		}
		rows, err := tx.Raw(`SELECT `+messageColumns+` FROM carpos_messages m JOIN orders o ON o.id = m.order_id
			WHERE m.id = ?`, messageID).Rows()
		if err != nil {
			return fmt.Errorf("carpos: read message: %w", err)
		}
		ms, err := scanMessages(rows, s.clock.Now())
		if err != nil || len(ms) != 1 {
			return fmt.Errorf("carpos: read message: %v", err)
		}
		out = ms[0]
		return nil
	})
	return out, err
}
