package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// ExpireArgs is the periodic job that ends orders after their last day.
type ExpireArgs struct{}

// Kind names the job.
func (ExpireArgs) Kind() string { return "order_expire" }

type expireWorker struct {
	river.WorkerDefaults[ExpireArgs]
	pool  *pgxpool.Pool
	clock clock.Clock
}

func (w expireWorker) Work(ctx context.Context, _ *river.Job[ExpireArgs]) error {
	_, err := Expire(ctx, w.pool, w.clock.Now())
	return err
}

// Expire marks expired every active order whose last day (America/Los_Angeles)
// ended before now, as ccpor_worker, whose policies let it do nothing else to
// orders. It returns how many it expired.
func Expire(ctx context.Context, pool *pgxpool.Pool, now time.Time) (int64, error) {
	today := now.In(clock.Pacific).Format(time.DateOnly)
	tag, err := pool.Exec(ctx, `UPDATE orders SET status = 'expired', revision = revision + 1, updated_at = now()
		WHERE status = 'active' AND expires_on IS NOT NULL AND expires_on < $1::date`, today)
	if err != nil {
		return 0, fmt.Errorf("order: expire: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Jobs registers the expiry job every interval on the worker's pool. It runs
// hourly in production: an order ends at midnight in California, and the job
// catches it within the hour.
func Jobs(pool *pgxpool.Pool, clk clock.Clock, every time.Duration) jobs.Registration {
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, expireWorker{pool: pool, clock: clk})
		*periodic = append(*periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return ExpireArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}
