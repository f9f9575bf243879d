package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ccpor/ccpor/backend/internal/carpos"
)

// startCarposSim serves the simulated DOJ, the code of `ccpor carpos-sim`, on a
// loopback port when development leaves CCPOR_CARPOS_URL empty: a demo order of a
// CLETS-submitting court then gets its FCN and NIC instead of ending in the work
// queue. Production never starts it: an empty URL there keeps messages unsent.
func (a *App) startCarposSim(logger *slog.Logger) error {
	cfg := a.Config
	if cfg.CarposURL != "" || !cfg.Workers {
		return nil
	}
	if cfg.IsProduction() {
		logger.Warn("CCPOR_CARPOS_URL is empty: CARPOS messages are not sent; each lands in its court's work queue after its last try")
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("app: the in-process CARPOS simulator: %w", err)
	}
	a.carposSim = &http.Server{Handler: carpos.NewSim().Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := a.carposSim.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("the in-process CARPOS simulator stopped", "err", err)
		}
	}()
	a.CarposSimURL = "http://" + ln.Addr().String()
	logger.Info("CCPOR_CARPOS_URL is empty: CARPOS messages go to the simulated DOJ served in-process (development only; GET /admin/records lists what it took)",
		"carpos_sim", a.CarposSimURL)
	return nil
}

// stopCarposSim closes the simulator's listener and its connections.
func (a *App) stopCarposSim() error {
	if a.carposSim == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return a.carposSim.Shutdown(ctx)
}
