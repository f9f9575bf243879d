package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// SealArgs is the periodic job that extends every court's chain.
type SealArgs struct{}

// Kind names the job.
func (SealArgs) Kind() string { return "audit_seal" }

// PurgeArgs is the daily job that removes events older than the retention.
type PurgeArgs struct{}

// Kind names the job.
func (PurgeArgs) Kind() string { return "audit_purge" }

type sealWorker struct {
	river.WorkerDefaults[SealArgs]
	pool *pgxpool.Pool
}

func (w sealWorker) Work(ctx context.Context, _ *river.Job[SealArgs]) error {
	_, err := Seal(ctx, w.pool)
	return err
}

type purgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	pool      *pgxpool.Pool
	retention time.Duration
}

func (w purgeWorker) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	// The database refuses anything under 365 days whatever is configured here.
	_, err := w.pool.Exec(ctx, "SELECT audit_purge(make_interval(secs => $1))", w.retention.Seconds())
	if err != nil {
		return fmt.Errorf("audit: purge: %w", err)
	}
	return nil
}

// Jobs registers sealing every sealEvery and purging daily, on the worker's pool.
func Jobs(pool *pgxpool.Pool, sealEvery, retention time.Duration) jobs.Registration {
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, sealWorker{pool: pool})
		river.AddWorker(w, purgeWorker{pool: pool, retention: retention})
		*periodic = append(*periodic,
			river.NewPeriodicJob(river.PeriodicInterval(sealEvery),
				func() (river.JobArgs, *river.InsertOpts) { return SealArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return PurgeArgs{}, nil }, nil))
	}
}
