// Package jobs runs background work on River in the registry's own database.
// Jobs are inserted by the server inside the transaction of the change that
// causes them (commit: it will run; rollback: it never existed) and worked by
// the ccpor_worker role. Job arguments carry ids, never order data.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Inserter enqueues jobs inside the caller's transaction (the application role).
type Inserter struct {
	client *river.Client[*sql.Tx]
}

// NewInserter returns an insert-only client on the application role's pool.
func NewInserter(pool *sql.DB) (*Inserter, error) {
	c, err := river.NewClient(riverdatabasesql.New(pool), &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("jobs: inserter: %w", err)
	}
	return &Inserter{client: c}, nil
}

// InsertTx enqueues args in tx; the job exists only if tx commits.
func (i *Inserter) InsertTx(ctx context.Context, tx *gorm.DB, args river.JobArgs, opts *river.InsertOpts) error {
	sqlTx, err := db.SQLTx(tx)
	if err != nil {
		return err
	}
	if _, err := i.client.InsertTx(ctx, sqlTx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Runner works jobs as ccpor_worker.
type Runner struct {
	client *river.Client[pgx.Tx]
}

// Registration adds the workers and periodic jobs of one area.
type Registration func(w *river.Workers, periodic *[]*river.PeriodicJob)

// NewRunner builds the worker client with every area's registrations.
func NewRunner(pool *pgxpool.Pool, logger *slog.Logger, metrics prometheus.Registerer, maxWorkers int, regs ...Registration) (*Runner, error) {
	workers := river.NewWorkers()
	var periodic []*river.PeriodicJob
	heartbeat(metrics, workers, &periodic)
	for _, reg := range regs {
		reg(workers, &periodic)
	}
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:       QuietLogger(logger),
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}},
		Workers:      workers,
		PeriodicJobs: periodic,
		JobTimeout:   time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: runner: %w", err)
	}
	return &Runner{client: c}, nil
}

// Start begins working jobs until Stop.
func (r *Runner) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop waits for running jobs to finish, at most until ctx ends.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// Client gives tests the River client (to subscribe to completions).
func (r *Runner) Client() *river.Client[pgx.Tx] { return r.client }

// QuietLogger is logger for the job library: its warnings and errors (a job that
// failed, a lost connection) and nothing below, which is its routine chatter
// (the producer's job counts every ten seconds) that would bury the registry's
// own log lines.
func QuietLogger(logger *slog.Logger) *slog.Logger {
	return slog.New(atLeast{Handler: logger.Handler(), min: slog.LevelWarn})
}

// atLeast passes on records of level min and above.
type atLeast struct {
	slog.Handler
	min slog.Level
}

func (h atLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h atLeast) WithAttrs(attrs []slog.Attr) slog.Handler {
	return atLeast{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h atLeast) WithGroup(name string) slog.Handler {
	return atLeast{Handler: h.Handler.WithGroup(name), min: h.min}
}
