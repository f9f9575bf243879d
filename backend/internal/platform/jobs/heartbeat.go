package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
)

// HeartbeatArgs is the job that proves workers run: monitoring alerts when the
// last heartbeat is older than a few minutes.
type HeartbeatArgs struct{}

// Kind names the job.
func (HeartbeatArgs) Kind() string { return "heartbeat" }

type heartbeatWorker struct {
	river.WorkerDefaults[HeartbeatArgs]
	last prometheus.Gauge
}

func (h heartbeatWorker) Work(context.Context, *river.Job[HeartbeatArgs]) error {
	h.last.Set(float64(time.Now().Unix()))
	return nil
}

// heartbeat registers the job; its gauge tells when this process last worked one.
func heartbeat(reg prometheus.Registerer, w *river.Workers, periodic *[]*river.PeriodicJob) {
	last := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "ccpor_jobs_heartbeat_timestamp_seconds",
		Help: "When this process last worked a heartbeat job (workers alive).",
	})
	reg.MustRegister(last)
	river.AddWorker(w, heartbeatWorker{last: last})
	*periodic = append(*periodic, river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return HeartbeatArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}
