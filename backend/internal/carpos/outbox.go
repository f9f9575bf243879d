package carpos

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// Message states.
const (
	StatePending      = "pending"
	StateSent         = "sent"
	StateAcknowledged = "acknowledged"
	StateRejected     = "rejected"
)

// Options tune delivery: how often a message is tried before it goes to the
// court's work queue, and the backoff between tries (doubling from RetryBase up
// to RetryMax).
type Options struct {
	MaxAttempts int
	RetryBase   time.Duration
	RetryMax    time.Duration
	Timeout     time.Duration // one submission's deadline
	Sweep       time.Duration // how often lost delivery jobs are looked for
}

func (o Options) withDefaults() Options {
	if o.MaxAttempts < 1 {
		o.MaxAttempts = 10
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 2 * time.Second
	}
	if o.RetryMax < o.RetryBase {
		o.RetryMax = max(o.RetryBase, 10*time.Minute)
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Sweep <= 0 {
		o.Sweep = time.Minute
	}
	return o
}

// Gateway writes the outbox: it is the order service's hook, told of every
// change in the change's transaction.
type Gateway struct {
	jobs *jobs.Inserter
	opts Options
}

// NewGateway returns the hook that writes CARPOS messages and their delivery jobs.
func NewGateway(j *jobs.Inserter, opts Options) *Gateway {
	return &Gateway{jobs: j, opts: opts.withDefaults()}
}

// KindOf is the message an order change becomes: an order entered when it
// becomes active (issued, or a draft issued), then its modifications,
// cancellation and service while active. Drafts and expiry send nothing ("").
func KindOf(e registry.ChangeEvent) string {
	after := e.Order.Status
	switch e.Act {
	case registry.ActCreate:
		if after == "active" {
			return KindEnter
		}
	case registry.ActModify:
		switch {
		case e.Before == "draft" && after == "active":
			return KindEnter
		case e.Before == "active" && after == "active":
			return KindModify
		}
	case registry.ActCancel:
		if e.Before == "active" {
			return KindCancel
		}
	case registry.ActServe:
		if e.Before == "active" && after == "active" {
			return KindService
		}
	}
	return ""
}

// OrderChanged implements registry.Hook: for a court that submits to CLETS it
// checks the message as the DOJ would (field errors refuse the change) and
// enqueues it with its delivery job. The job carries ids only.
func (g *Gateway) OrderChanged(ctx context.Context, tx *gorm.DB, e registry.ChangeEvent) error {
	kind := KindOf(e)
	if kind == "" {
		return nil
	}
	var ori, phone sql.NullString
	var submitting bool
	if err := tx.Raw(`SELECT ori, contact_phone, clets_submitting FROM courts WHERE id = ?`, e.Order.CourtID).
		Row().Scan(&ori, &phone, &submitting); err != nil {
		return fmt.Errorf("carpos: read court: %w", err)
	}
	if !submitting {
		return nil
	}
	c := Court{ORI: ori.String, Phone: phone.String}
	if err := Check(kind, e.Order, c); err != nil {
		return err
	}
	body := Encode(FromOrder(kind, e.Order, c, Refs{}))
	var id sql.NullString
	if err := tx.Raw(`SELECT carpos_enqueue(?, ?, ?, ?)`, e.Order.ID, kind, e.Order.Version, body).Row().Scan(&id); err != nil {
		return fmt.Errorf("carpos: enqueue: %w", err)
	}
	if !id.Valid {
		return nil // CARPOS never got this order's entry
	}
	return g.Deliver(ctx, tx, e.Order.ID, id.String)
}

// Deliver enqueues the delivery job of a message in tx.
func (g *Gateway) Deliver(ctx context.Context, tx *gorm.DB, orderID, messageID string) error {
	return g.jobs.InsertTx(ctx, tx, DeliverArgs{OrderID: orderID, MessageID: messageID},
		&river.InsertOpts{MaxAttempts: g.opts.MaxAttempts})
}

// DeliverArgs is the delivery job: ids only, never order data.
type DeliverArgs struct {
	OrderID   string `json:"orderId"`
	MessageID string `json:"messageId"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "carpos_deliver" }

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	d *Deliverer
}

func (w deliverWorker) Work(ctx context.Context, j *river.Job[DeliverArgs]) error {
	return w.d.Drain(ctx, j.Args.OrderID)
}

// NextRetry doubles the wait from RetryBase up to RetryMax, with a little jitter.
func (w deliverWorker) NextRetry(j *river.Job[DeliverArgs]) time.Time {
	return time.Now().Add(w.d.backoff(j.Attempt))
}

// Timeout leaves room for a submission per message of the order.
func (w deliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return 5 * w.d.opts.Timeout }

func (d *Deliverer) backoff(attempt int) time.Duration {
	wait := d.opts.RetryBase << min(max(attempt-1, 0), 20)
	if wait > d.opts.RetryMax || wait <= 0 {
		wait = d.opts.RetryMax
	}
	return wait + time.Duration(rand.Int64N(int64(wait)/5+1))
}

// Jobs registers the delivery worker on the worker's pool, and the sweep that
// starts delivery again where a process died while its job ran.
func Jobs(d *Deliverer) jobs.Registration {
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, deliverWorker{d: d})
		river.AddWorker(w, sweepWorker{d: d})
		*periodic = append(*periodic, river.NewPeriodicJob(river.PeriodicInterval(d.opts.Sweep),
			func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// SweepArgs is the periodic job that finds messages waiting without a live
// delivery job and enqueues one for their order.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "carpos_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	d *Deliverer
}

// Work enqueues a delivery for every order with a message pending or sent (and
// none rejected ahead of it) that no delivery job will send: none waiting, and
// none running within its timeout. A process killed mid-send leaves its job
// "running" (River would rescue it only after an hour); this starts the order
// again. A second delivery for an order that is in fact being sent is harmless:
// Drain holds the order's lock and the DOJ honours the idempotency key.
func (w sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	stale := 5*w.d.opts.Timeout + w.d.opts.Timeout
	rows, err := w.d.pool.Query(ctx, `SELECT DISTINCT ON (m.order_id) m.order_id::text, m.id::text
		FROM carpos_messages m
		WHERE m.state IN ('pending', 'sent')
		  AND NOT EXISTS (SELECT 1 FROM carpos_messages r WHERE r.order_id = m.order_id AND r.state = 'rejected' AND r.seq < m.seq)
		  AND NOT EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'carpos_deliver' AND j.args->>'orderId' = m.order_id::text
		        AND (j.state IN ('available', 'pending', 'scheduled', 'retryable')
		             OR (j.state = 'running' AND j.attempted_at > now() - make_interval(secs => $1))))
		ORDER BY m.order_id, m.seq`, stale.Seconds())
	if err != nil {
		return fmt.Errorf("carpos: sweep: %w", err)
	}
	var lost []DeliverArgs
	for rows.Next() {
		var a DeliverArgs
		if err := rows.Scan(&a.OrderID, &a.MessageID); err != nil {
			rows.Close()
			return fmt.Errorf("carpos: sweep: %w", err)
		}
		lost = append(lost, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("carpos: sweep: %w", err)
	}
	if len(lost) == 0 {
		return nil
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	for _, a := range lost {
		if _, err := client.Insert(ctx, a, &river.InsertOpts{MaxAttempts: w.d.opts.MaxAttempts}); err != nil {
			return fmt.Errorf("carpos: sweep: enqueue: %w", err)
		}
	}
	return nil
}

// Deliverer sends an order's messages to the DOJ, one order at a time and in
// the order's sequence, as ccpor_worker.
type Deliverer struct {
	pool *pgxpool.Pool
	doj  DOJ
	opts Options
}

// NewDeliverer returns the sender over the worker's pool.
func NewDeliverer(pool *pgxpool.Pool, doj DOJ, opts Options) *Deliverer {
	return &Deliverer{pool: pool, doj: doj, opts: opts.withDefaults()}
}

// errNoAnswer says a message is still to send (the job retries).
var errNoAnswer = errors.New("carpos: the DOJ did not answer; the message will be sent again")

// Drain sends the order's messages not yet acknowledged, in sequence, under a
// lock held on one connection so that no two workers send for one order at once.
// It stops at a rejected message (those behind it wait in the queue for its
// resend) and returns an error when one had no answer (the job retries). A
// message without an answer after MaxAttempts tries is rejected into the court's
// work queue.
func (d *Deliverer) Drain(ctx context.Context, orderID string) (err error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("carpos: %w", err)
	}
	lock := `SELECT pg_advisory_lock(hashtextextended('carpos:' || $1, 0))`
	if _, err := conn.Exec(ctx, lock, orderID); err != nil {
		conn.Release()
		return fmt.Errorf("carpos: lock order: %w", err)
	}
	defer func() {
		// a connection that keeps the lock must not go back to the pool
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, uerr := conn.Exec(uctx, `SELECT pg_advisory_unlock(hashtextextended('carpos:' || $1, 0))`, orderID); uerr != nil {
			_ = conn.Conn().Close(uctx)
		}
		conn.Release()
	}()
	for {
		done, err := d.next(ctx, conn.Conn(), orderID)
		if err != nil || done {
			return err
		}
	}
}

type pending struct {
	id, kind, body, state string
	attempts, resends     int
}

// key is the message's idempotency key at the DOJ: its id, and after a resend
// (a message written again) the id and the resend's number.
func (m pending) key() string {
	if m.resends == 0 {
		return m.id
	}
	return fmt.Sprintf("%s.%d", m.id, m.resends)
}

// next sends the order's first message not yet acknowledged; done when none is
// left to send now.
func (d *Deliverer) next(ctx context.Context, c *pgx.Conn, orderID string) (bool, error) {
	var fcn, nic sql.NullString
	err := c.QueryRow(ctx, `SELECT fcn, nic FROM carpos_messages WHERE order_id = $1 AND kind = 'ENTER'
		AND state = 'acknowledged' ORDER BY seq DESC LIMIT 1`, orderID).Scan(&fcn, &nic)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("carpos: read the entry: %w", err)
	}
	var m pending
	err = c.QueryRow(ctx, `SELECT id, kind, body, state, attempts, resends FROM carpos_messages
		WHERE order_id = $1 AND state <> 'acknowledged' ORDER BY seq LIMIT 1`, orderID).
		Scan(&m.id, &m.kind, &m.body, &m.state, &m.attempts, &m.resends)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("carpos: read the queue: %w", err)
	case m.state == StateRejected:
		return true, nil // the rest wait for its resend
	}
	msg, err := Parse(m.body)
	if err == nil && m.kind != KindEnter {
		msg.FCN, msg.NIC = fcn.String, nic.String
	}
	if err == nil {
		err = Validate(msg)
	}
	if err != nil {
		return true, d.reject(ctx, c, m.id, "not sent: "+err.Error())
	}
	if _, err := c.Exec(ctx, `UPDATE carpos_messages SET state = 'sent', attempts = attempts + 1, sent_at = now()
		WHERE id = $1`, m.id); err != nil {
		return false, fmt.Errorf("carpos: mark sent: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
	ans, err := d.doj.Submit(sctx, m.key(), Encode(msg))
	cancel()
	if err != nil {
		if m.attempts+1 >= d.opts.MaxAttempts {
			return true, d.reject(ctx, c, m.id, fmt.Sprintf("no answer from the DOJ after %d attempts: %v", m.attempts+1, err))
		}
		if _, uerr := c.Exec(ctx, `UPDATE carpos_messages SET last_error = left($2, 1000) WHERE id = $1`, m.id, err.Error()); uerr != nil {
			return false, fmt.Errorf("carpos: record the failure: %w", uerr)
		}
		return false, fmt.Errorf("%w: %v", errNoAnswer, err)
	}
	if !ans.Accepted {
		return true, d.reject(ctx, c, m.id, ans.Reason)
	}
	if _, err := c.Exec(ctx, `UPDATE carpos_messages SET state = 'acknowledged', acknowledged_at = now(),
		fcn = NULLIF($2, ''), nic = NULLIF($3, ''), last_error = NULL WHERE id = $1`, m.id, ans.FCN, ans.NIC); err != nil {
		return false, fmt.Errorf("carpos: record the acknowledgement: %w", err)
	}
	return false, nil
}

func (d *Deliverer) reject(ctx context.Context, c *pgx.Conn, id, reason string) error {
	if reason == "" {
		reason = "rejected by the DOJ without a reason"
	}
	if _, err := c.Exec(ctx, `UPDATE carpos_messages SET state = 'rejected', rejected_at = now(), reason = left($2, 1000)
		WHERE id = $1`, id, reason); err != nil {
		return fmt.Errorf("carpos: record the rejection: %w", err)
	}
	return nil
}
