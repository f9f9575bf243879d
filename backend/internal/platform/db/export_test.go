package db

import (
	"context"
	"fmt"
)

// MigrateTo moves the database up or down to a migration version.
func MigrateTo(ctx context.Context, ownerURL string, version int64) error {
	db, err := openSQL(ownerURL)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := provider(db)
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version >= current {
		_, err = p.UpTo(ctx, version)
	} else {
		_, err = p.DownTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}
