package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/seed"
)

func seedCmd(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string) error {
	if len(args) != 1 || args[0] != "demo" {
		return errors.New("seed: usage: ccpor seed demo")
	}
	if cfg.IsProduction() {
		return errors.New("seed: demo data is refused in production (CCPOR_ENV=production)")
	}
	n, err := seed.Demo(ctx, cfg.DatabaseMaintURL, idp.Issuer(cfg.PublicURL))
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	logger.Info("demo data present", "steps_applied", n)
	return nil
}
