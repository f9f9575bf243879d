package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

func countJobs(t *testing.T, d *dbtest.DB) int {
	t.Helper()
	var n int
	if err := dbtest.Conn(t, d.MaintURL).QueryRow(context.Background(), "SELECT count(*) FROM river_job WHERE kind = 'heartbeat' AND metadata ? 'test'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A job exists exactly when the transaction that enqueued it commits, and the
// worker role then works it.
func TestJobCommitsWithItsTransaction(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	app, err := db.Open(ctx, d.AppURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	ins, err := jobs.NewInserter(app.SQL())
	if err != nil {
		t.Fatal(err)
	}
	opts := &river.InsertOpts{Metadata: []byte(`{"test": true}`)}
	rollback := errors.New("rollback")
	err = app.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		if err := ins.InsertTx(ctx, tx, jobs.HeartbeatArgs{}, opts); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if n := countJobs(t, d); n != 0 {
		t.Fatalf("rolled back: %d jobs, want 0", n)
	}
	if err := app.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		return ins.InsertTx(ctx, tx, jobs.HeartbeatArgs{}, opts)
	}); err != nil {
		t.Fatal(err)
	}
	if n := countJobs(t, d); n != 1 {
		t.Fatalf("committed: %d jobs, want 1", n)
	}

	pool, err := db.OpenPool(ctx, d.WorkerURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	runner, err := jobs.NewRunner(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), 2)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := runner.Client().Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer runner.Stop(context.Background())
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == river.EventKindJobFailed {
				t.Fatalf("job failed: %+v", ev.Job.Errors)
			}
			if ev.Job.Kind == "heartbeat" && hasTestMark(ev.Job.Metadata) {
				return
			}
		case <-deadline:
			t.Fatal("the worker did not complete the committed job")
		}
	}
}

func hasTestMark(meta []byte) bool {
	return strings.Contains(string(meta), `"test"`)
}

// The job library logs its warnings and errors, with their attributes, and none
// of its routine chatter; the registry's own level still applies.
func TestQuietLogger(t *testing.T) {
	var out strings.Builder
	base := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l := jobs.QuietLogger(base).With("component", "jobs").WithGroup("job")
	l.Debug("debug line")
	l.Info("producer: Producer job counts", "num_completed_jobs", 10)
	l.Warn("a job failed", "kind", "carpos_send")
	l.Error("lost the connection")
	got := out.String()
	for _, gone := range []string{"debug line", "Producer job counts"} {
		if strings.Contains(got, gone) {
			t.Errorf("logged %q:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"a job failed", "component=jobs", "job.kind=carpos_send", "lost the connection"} {
		if !strings.Contains(got, kept) {
			t.Errorf("did not log %q:\n%s", kept, got)
		}
	}
	out.Reset()
	jobs.QuietLogger(slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelError}))).Warn("below the registry's level")
	if out.Len() != 0 {
		t.Errorf("logged below the registry's own level: %s", out.String())
	}
}
