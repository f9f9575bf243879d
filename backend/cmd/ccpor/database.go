package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

func bootstrap(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	if cfg.DatabaseURL == "" {
		return errors.New("bootstrap: DATABASE_URL (an administrator's connection) is required")
	}
	spec := db.BootstrapSpec{
		AdminURL: cfg.DatabaseURL,
		Database: db.DatabaseName(cfg.DatabaseOwnerURL),
		Owner:    db.RoleFromURL(cfg.DatabaseOwnerURL, false),
		Roles: []db.RoleSpec{
			db.RoleFromURL(cfg.DatabaseAppURL, false),
			db.RoleFromURL(cfg.DatabaseWorkerURL, false),
			db.RoleFromURL(cfg.DatabaseMaintURL, true),
		},
	}
	if err := db.Bootstrap(ctx, spec); err != nil {
		return err
	}
	logger.Info("bootstrap done", "database", spec.Database)
	return nil
}

func migrate(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	if err := db.Migrate(ctx, cfg.DatabaseOwnerURL); err != nil {
		return err
	}
	v, _ := db.LatestMigration()
	logger.Info("migrations current", "version", v, "database", db.DatabaseName(cfg.DatabaseOwnerURL))
	return nil
}
