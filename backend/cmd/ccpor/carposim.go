package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ccpor/ccpor/backend/internal/carpos"
)

// carposSim serves the simulated DOJ side of CARPOS until ctx ends. ready, when
// given, receives the address it listens on.
func carposSim(ctx context.Context, args []string, stdout io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("carpos-sim", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on")
	var f carpos.Faults
	fs.DurationVar(&f.Latency, "latency", 0, "wait this long before each answer (e.g. 200ms)")
	fs.Float64Var(&f.RejectShare, "reject-share", 0, "share of valid messages refused, 0 to 1")
	fs.DurationVar(&f.DownFor, "down-for", 0, "answer 503 for this long after start")
	fs.Float64Var(&f.LoseShare, "lose-share", 0, "share of accepted messages whose answer is lost, 0 to 1")
	if err := parseFlags(fs, args); err != nil {
		return fmt.Errorf("carpos-sim: %w", err)
	}
	if f.RejectShare < 0 || f.RejectShare > 1 || f.LoseShare < 0 || f.LoseShare > 1 {
		return errors.New("carpos-sim: -reject-share and -lose-share are between 0 and 1")
	}
	if f.Latency < 0 || f.DownFor < 0 {
		return errors.New("carpos-sim: -latency and -down-for are not negative")
	}
	sim := carpos.NewSim()
	sim.SetFaults(f)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("carpos-sim: %w", err)
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "carpos-sim: the simulated DOJ on http://%s (POST /messages; GET /admin/records; GET, PUT /admin/faults)\n", ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
