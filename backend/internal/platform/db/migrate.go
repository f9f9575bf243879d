package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// riverSchemaVersion pins the job queue's schema, so migration 2 means the same
// thing on every database whatever River's newest migration is.
const riverSchemaVersion = 8

func provider(db *sql.DB) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	river := goose.NewGoMigration(2,
		// River's own migrations run one transaction each: a later one uses an enum
		// value an earlier one adds, which PostgreSQL forbids within one transaction.
		&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
			m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
			if err != nil {
				return err
			}
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: riverSchemaVersion})
			return err
		}},
		&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
			m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
			if err != nil {
				return err
			}
			_, err = m.Migrate(ctx, rivermigrate.DirectionDown, &rivermigrate.MigrateOpts{TargetVersion: -1})
			return err
		}},
	)
	return goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithGoMigrations(river))
}

// Migrate brings the database up to the newest migration. ownerURL connects as
// the owner, so the owner owns every object.
func Migrate(ctx context.Context, ownerURL string) error {
	db, err := openSQL(ownerURL)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := provider(db)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// LatestMigration is the version of the newest embedded migration.
func LatestMigration() (int64, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return 0, err
	}
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64 = 2 // the Go migration of the job queue
	for _, f := range files {
		v, err := goose.NumericComponent(f)
		if err != nil {
			return 0, fmt.Errorf("migrate: %s: %w", f, err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// ErrMigrationsBehind: the database lacks migrations the binary carries.
var ErrMigrationsBehind = errors.New("db: migrations are not current")

// CheckCurrent tells whether the database has every migration of the binary.
func CheckCurrent(ctx context.Context, db *sql.DB) error {
	want, err := LatestMigration()
	if err != nil {
		return err
	}
	var have sql.NullInt64
	err = db.QueryRowContext(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&have)
	if err != nil {
		return fmt.Errorf("db: read migration version: %w", err)
	}
	if have.Int64 < want {
		return fmt.Errorf("%w: database at %d, binary at %d", ErrMigrationsBehind, have.Int64, want)
	}
	return nil
}

// MigrationFiles returns the embedded SQL files, for tests that hash them.
func MigrationFiles() fs.FS { return migrationFiles }

func openSQL(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse url: %w", err)
	}
	return stdlib.OpenDB(*cfg), nil
}
