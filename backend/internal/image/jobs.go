package image

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"gocloud.dev/blob"

	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// SweepArgs is the periodic job over the image store, worked as ccpor_worker: it
// removes blobs no image names (left by an upload cut off between the blob and the
// commit) and, when Verify, re-reads every named blob and reports one whose bytes
// no longer match their SHA-256 or that is gone.
type SweepArgs struct {
	Verify bool `json:"verify"`
}

// Kind names the job.
func (SweepArgs) Kind() string { return "image_sweep" }

// SweepReport is what a sweep found.
type SweepReport struct {
	Removed    []string // orphaned blobs removed
	Mismatched []string // image ids whose blob's bytes no longer match
	Missing    []string // image ids whose blob is gone
}

// orphanGrace is how old an unnamed blob must be before it is removed: an upload
// in flight writes its blob before its row.
const orphanGrace = time.Hour

// Sweep lists the store's image blobs, removes those last written before
// olderThan that no row names, and with verify checks every named blob's hash.
func Sweep(ctx context.Context, pool *pgxpool.Pool, bucket *blob.Bucket, olderThan time.Time, verify bool) (SweepReport, error) {
	var rep SweepReport
	it := bucket.List(&blob.ListOptions{Prefix: keyPrefix})
	var batch []*blob.ListObject
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		keys := make([]string, len(batch))
		for i, o := range batch {
			keys[i] = o.Key
		}
		rows, err := pool.Query(ctx, `SELECT storage_key FROM order_images WHERE storage_key = ANY($1)`, keys)
		if err != nil {
			return fmt.Errorf("image: sweep: %w", err)
		}
		known := map[string]bool{}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return fmt.Errorf("image: sweep: %w", err)
			}
			known[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("image: sweep: %w", err)
		}
		for _, o := range batch {
			if known[o.Key] || !o.ModTime.Before(olderThan) {
				continue
			}
			if err := bucket.Delete(ctx, o.Key); err != nil {
				return fmt.Errorf("image: sweep: remove %s: %w", o.Key, err)
			}
			rep.Removed = append(rep.Removed, o.Key)
		}
		batch = batch[:0]
		return nil
	}
	for {
		o, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, fmt.Errorf("image: sweep: list: %w", err)
		}
		if o.IsDir {
			continue
		}
		batch = append(batch, o)
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	if !verify {
		return rep, nil
	}
	rows, err := pool.Query(ctx, `SELECT id::text, storage_key, sha256 FROM order_images ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("image: verify: %w", err)
	}
	type named struct {
		id, key string
		sum     []byte
	}
	var all []named
	for rows.Next() {
		var n named
		if err := rows.Scan(&n.id, &n.key, &n.sum); err != nil {
			rows.Close()
			return rep, fmt.Errorf("image: verify: %w", err)
		}
		all = append(all, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("image: verify: %w", err)
	}
	for _, n := range all {
		r, err := bucket.NewReader(ctx, n.key, nil)
		if err != nil {
			rep.Missing = append(rep.Missing, n.id)
			continue
		}
		h := sha256.New()
		_, err = io.Copy(h, r)
		r.Close()
		if err != nil {
			return rep, fmt.Errorf("image: verify %s: %w", n.id, err)
		}
		if string(h.Sum(nil)) != string(n.sum) {
			rep.Mismatched = append(rep.Mismatched, n.id)
		}
	}
	return rep, nil
}

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	pool    *pgxpool.Pool
	bucket  *blob.Bucket
	logger  *slog.Logger
	damaged prometheus.Gauge
}

func (w sweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	rep, err := Sweep(ctx, w.pool, w.bucket, time.Now().Add(-orphanGrace), job.Args.Verify)
	for _, k := range rep.Removed {
		w.logger.InfoContext(ctx, "image: removed an orphaned blob", "key", k)
	}
	for _, id := range rep.Mismatched {
		w.logger.ErrorContext(ctx, "image: stored bytes no longer match their SHA-256", "image", id)
	}
	for _, id := range rep.Missing {
		w.logger.ErrorContext(ctx, "image: stored bytes are gone", "image", id)
	}
	if err == nil && job.Args.Verify {
		w.damaged.Set(float64(len(rep.Mismatched) + len(rep.Missing)))
	}
	return err
}

// Jobs registers the sweep on the worker's pool: orphans every sweepEvery, and a
// full verification of every blob's hash every verifyEvery. The gauge
// ccpor_image_damaged_blobs (mismatched or missing at the last verification) is
// what monitoring alerts on.
func Jobs(pool *pgxpool.Pool, bucket *blob.Bucket, logger *slog.Logger, reg prometheus.Registerer, sweepEvery, verifyEvery time.Duration) jobs.Registration {
	damaged := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "ccpor_image_damaged_blobs",
		Help: "Order images whose stored bytes no longer match their SHA-256, or are gone, at the last verification.",
	})
	reg.MustRegister(damaged)
	return func(w *river.Workers, periodic *[]*river.PeriodicJob) {
		river.AddWorker(w, sweepWorker{pool: pool, bucket: bucket, logger: logger, damaged: damaged})
		*periodic = append(*periodic,
			river.NewPeriodicJob(river.PeriodicInterval(sweepEvery),
				func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(verifyEvery),
				func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{Verify: true}, nil }, nil))
	}
}
