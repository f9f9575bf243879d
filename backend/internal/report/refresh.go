// Package report makes the registry's reports on orders (docs/design.md "Reports and maintenance": operational and
// statistical reports): counts by court, county, type and month, and each court's
// operational figures. The counts live in summary tables that the worker rebuilds
// (Refresh); the reports read only those, so they answer at once at any size, and
// their row-level security shows a court's staff their court and platform
// administrators every court. They hold counts, never an order's content.
package report

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// The statements of a refresh, each an upsert of fresh counts followed by zeroing
// the counts no longer met ($1 is now, $2 today in California).
var refreshSQL = []string{
	`WITH fresh AS (
		SELECT court_id, month, order_type, sum(i)::int AS issued, sum(m)::int AS modified, sum(c)::int AS cancelled, sum(s)::int AS served
		FROM (
			SELECT court_id, date_trunc('month', issued_on)::date AS month, order_type, 1 AS i, 0 AS m, 0 AS c, 0 AS s
			FROM orders WHERE status <> 'draft'
			UNION ALL SELECT court_id, date_trunc('month', cancelled_on)::date, order_type, 0, 0, 1, 0 FROM orders WHERE cancelled_on IS NOT NULL
			UNION ALL SELECT court_id, date_trunc('month', served_on)::date, order_type, 0, 0, 0, 1 FROM orders WHERE served_on IS NOT NULL
			UNION ALL SELECT v.court_id, date_trunc('month', v.created_at AT TIME ZONE 'America/Los_Angeles')::date, o.order_type, 0, 1, 0, 0
			FROM order_versions v JOIN orders o ON o.id = v.order_id WHERE v.version > 1 AND o.status <> 'draft'
		) x GROUP BY 1, 2, 3
	), up AS (
		INSERT INTO order_stats_monthly AS t (court_id, month, order_type, issued, modified, cancelled, served)
		SELECT * FROM fresh
		ON CONFLICT (court_id, month, order_type) DO UPDATE
		SET issued = EXCLUDED.issued, modified = EXCLUDED.modified, cancelled = EXCLUDED.cancelled, served = EXCLUDED.served
		WHERE (t.issued, t.modified, t.cancelled, t.served) IS DISTINCT FROM (EXCLUDED.issued, EXCLUDED.modified, EXCLUDED.cancelled, EXCLUDED.served)
	)
	UPDATE order_stats_monthly t SET issued = 0, modified = 0, cancelled = 0, served = 0
	WHERE (t.issued, t.modified, t.cancelled, t.served) <> (0, 0, 0, 0)
	  AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.court_id = t.court_id AND f.month = t.month AND f.order_type = t.order_type)`,

	`WITH fresh AS (
		SELECT court_id, order_type, count(*)::int AS active FROM orders WHERE status = 'active' GROUP BY 1, 2
	), up AS (
		INSERT INTO order_stats_active AS t (court_id, order_type, active) SELECT * FROM fresh
		ON CONFLICT (court_id, order_type) DO UPDATE SET active = EXCLUDED.active WHERE t.active <> EXCLUDED.active
	)
	UPDATE order_stats_active t SET active = 0
	WHERE t.active <> 0 AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.court_id = t.court_id AND f.order_type = t.order_type)`,

	`WITH fresh AS (
		SELECT court_id, (created_at AT TIME ZONE 'America/Los_Angeles')::date AS day, count(*)::int AS entered FROM orders GROUP BY 1, 2
	), up AS (
		INSERT INTO order_ops_daily AS t (court_id, day, entered) SELECT * FROM fresh
		ON CONFLICT (court_id, day) DO UPDATE SET entered = EXCLUDED.entered WHERE t.entered <> EXCLUDED.entered
	)
	UPDATE order_ops_daily t SET entered = 0
	WHERE t.entered <> 0 AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.court_id = t.court_id AND f.day = t.day)`,

	`WITH aged AS (
		SELECT court_id, 'stale_drafts' AS report, floor(extract(epoch FROM $1::timestamptz - created_at) / 86400)::int AS age
		FROM orders WHERE status = 'draft' AND created_at < $1::timestamptz - interval '1 day'
		UNION ALL
		SELECT court_id, 'unserved', $2::date - issued_on FROM orders WHERE status = 'active' AND service_status = 'unserved'
	), fresh AS (
		SELECT court_id, report, bucket, position, count(*)::int AS n FROM (
			SELECT court_id, report,
				CASE WHEN report = 'stale_drafts' THEN CASE WHEN age <= 7 THEN '1-7 days' WHEN age <= 30 THEN '8-30 days' ELSE 'over 30 days' END
				     ELSE CASE WHEN age <= 7 THEN '0-7 days' WHEN age <= 30 THEN '8-30 days' WHEN age <= 90 THEN '31-90 days' ELSE 'over 90 days' END
				END AS bucket,
				CASE WHEN report = 'stale_drafts' THEN CASE WHEN age <= 7 THEN 0 WHEN age <= 30 THEN 1 ELSE 2 END
				     ELSE CASE WHEN age <= 7 THEN 0 WHEN age <= 30 THEN 1 WHEN age <= 90 THEN 2 ELSE 3 END
				END AS position
			FROM aged
			UNION ALL
			SELECT court_id, 'expiring', (expires_on - $2::date)::text, expires_on - $2::date
			FROM orders WHERE status = 'active' AND expires_on BETWEEN $2::date AND $2::date + 29
		) b GROUP BY 1, 2, 3, 4
	), up AS (
		INSERT INTO order_ops_buckets AS t (court_id, report, bucket, position, n) SELECT * FROM fresh
		ON CONFLICT (court_id, report, bucket) DO UPDATE SET n = EXCLUDED.n, position = EXCLUDED.position WHERE t.n <> EXCLUDED.n
	)
	UPDATE order_ops_buckets t SET n = 0
	WHERE t.n <> 0 AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.court_id = t.court_id AND f.report = t.report AND f.bucket = t.bucket)`,

	// CARPOS, per court: pending (or sent, unanswered) and rejected now; over the
	// 30 days up to today, seconds from issuance (the entry committed) to the DOJ's
	// acknowledgement, and orders with a message past its deadline: the end of the
	// first court day after the day of the change ($3: the judicial holidays).
	`WITH msg AS (
		SELECT court_id, order_id, kind, state, created_at, acknowledged_at,
			(created_at AT TIME ZONE 'America/Los_Angeles')::date AS day
		FROM carpos_messages
	), cal AS (
		SELECT d::date AS day,
			(SELECT min(n)::date FROM generate_series(d + interval '1 day', d + interval '30 days', interval '1 day') n
			 WHERE extract(isodow FROM n) < 6 AND NOT n::date = ANY ($3::date[])) AS court_day
		FROM generate_series((SELECT min(day) FROM msg), greatest((SELECT max(day) FROM msg), $2::date), interval '1 day') d
	), timed AS (
		SELECT msg.*, ((cal.court_day + 1)::timestamp AT TIME ZONE 'America/Los_Angeles') AS due,
			msg.day > $2::date - 30 AND msg.day <= $2::date AS recent
		FROM msg JOIN cal USING (day)
	), fresh AS (
		SELECT court_id,
			count(*) FILTER (WHERE state IN ('pending', 'sent'))::int AS pending,
			count(*) FILTER (WHERE state = 'rejected')::int AS rejected,
			count(*) FILTER (WHERE recent AND kind = 'ENTER' AND acknowledged_at IS NOT NULL)::int AS acknowledged,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - created_at))
				FILTER (WHERE recent AND kind = 'ENTER' AND acknowledged_at IS NOT NULL) AS ack_median,
			percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - created_at))
				FILTER (WHERE recent AND kind = 'ENTER' AND acknowledged_at IS NOT NULL) AS ack_p95,
			count(DISTINCT order_id) FILTER (WHERE recent AND coalesce(acknowledged_at, $1::timestamptz) > due)::int AS missed
		FROM timed GROUP BY court_id
	), up AS (
		INSERT INTO carpos_ops AS t (court_id, pending, rejected, acknowledged, ack_median_seconds, ack_p95_seconds, missed_deadline)
		SELECT * FROM fresh
		ON CONFLICT (court_id) DO UPDATE SET pending = EXCLUDED.pending, rejected = EXCLUDED.rejected,
			acknowledged = EXCLUDED.acknowledged, ack_median_seconds = EXCLUDED.ack_median_seconds,
			ack_p95_seconds = EXCLUDED.ack_p95_seconds, missed_deadline = EXCLUDED.missed_deadline
		WHERE (t.pending, t.rejected, t.acknowledged, t.ack_median_seconds, t.ack_p95_seconds, t.missed_deadline)
			IS DISTINCT FROM (EXCLUDED.pending, EXCLUDED.rejected, EXCLUDED.acknowledged, EXCLUDED.ack_median_seconds,
				EXCLUDED.ack_p95_seconds, EXCLUDED.missed_deadline)
	)
	UPDATE carpos_ops t SET pending = 0, rejected = 0, acknowledged = 0, ack_median_seconds = NULL, ack_p95_seconds = NULL, missed_deadline = 0
	WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.court_id = t.court_id)`,

	`INSERT INTO order_stats_refresh (one, refreshed_at, as_of) VALUES (true, $1::timestamptz, $2::date)
	ON CONFLICT (one) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, as_of = EXCLUDED.as_of`,
}

// carposStatement is the index in refreshSQL of the CARPOS figures.
const carposStatement = 4

// Refresh rebuilds the summary tables from the orders in one transaction, as
// ccpor_worker (set-based: one statement per table).
func Refresh(ctx context.Context, pool *pgxpool.Pool, now time.Time) error {
	today := now.In(clock.Pacific).Format(time.DateOnly)
	var holidays []string
	for y := 2000; y <= now.In(clock.Pacific).Year()+1; y++ {
		for _, d := range calendar.JudicialHolidays(y) {
			holidays = append(holidays, d.Format(time.DateOnly))
		}
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for i, q := range refreshSQL {
			var args []any
			switch i {
			case 0, 1, 2:
			case carposStatement:
				args = []any{now, today, holidays}
			default:
				args = []any{now, today}
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("report: refresh %d: %w", i, err)
			}
		}
		return nil
	})
}

// RefreshArgs is the periodic job that keeps the reports current.
type RefreshArgs struct{}

// Kind names the job.
func (RefreshArgs) Kind() string { return "report_refresh" }

type refreshWorker struct {
	river.WorkerDefaults[RefreshArgs]
	pool  *pgxpool.Pool
	clock clock.Clock
}

func (w refreshWorker) Work(ctx context.Context, _ *river.Job[RefreshArgs]) error {
	return Refresh(ctx, w.pool, w.clock.Now())
}

// Jobs registers the refresh every interval (five minutes in production) and at start.
func Jobs(pool *pgxpool.Pool, clk clock.Clock, every time.Duration) jobs.Registration {
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, refreshWorker{pool: pool, clock: clk})
		*periodic = append(*periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return RefreshArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}
