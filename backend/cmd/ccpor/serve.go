package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	if _, err := os.Stat(filepath.Join(cfg.SPADir, "index.html")); err != nil {
		if cfg.IsProduction() {
			return fmt.Errorf("serve: CCPOR_SPA_DIR: no index.html in %s", cfg.SPADir)
		}
		logger.Warn("the web application is not built; the API still serves", "dir", cfg.SPADir)
	}
	a, err := app.Build(ctx, cfg, version, logger, clock.Real{})
	if err != nil {
		return err
	}
	defer a.Close()

	if a.Runner != nil {
		if err := a.Runner.Start(ctx); err != nil {
			return fmt.Errorf("serve: start workers: %w", err)
		}
	}
	servers := []*http.Server{{Addr: cfg.Address(), Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}}
	if cfg.MetricsAddress != "" {
		mux := http.NewServeMux()
		mux.Handle("/metrics", httpapi.MetricsHandler(a.Registry))
		servers = append(servers, &http.Server{Addr: cfg.MetricsAddress, Handler: mux, ReadHeaderTimeout: 10 * time.Second})
	}
	errc := make(chan error, len(servers))
	for _, s := range servers {
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return fmt.Errorf("serve: listen on %s: %w", s.Addr, err)
		}
		logger.Info("listening", "address", ln.Addr().String(), "base_path", cfg.BasePath,
			"public_url", cfg.PublicURL, "database", db.DatabaseName(cfg.DatabaseAppURL))
		go func() { errc <- s.Serve(ln) }()
	}

	select {
	case <-ctx.Done():
		logger.Info("shutting down")
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, s := range servers {
		errs = append(errs, s.Shutdown(sctx))
	}
	if a.Runner != nil {
		errs = append(errs, a.Runner.Stop(sctx))
	}
	return errors.Join(errs...)
}
