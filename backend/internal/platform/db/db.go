// Package db owns the connections to PostgreSQL and the one transaction helper
// through which tenant data is touched: it states who is asking with
// set_config(..., true) before anything else runs, so row-level security decides.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Principal says who is asking. Nothing here grants by itself: SQL resolves the
// user from the session hash and checks the acting court against memberships.
type Principal struct {
	// SessionHash is the hex SHA-256 of the caller's session token.
	SessionHash string
	// CourtID is the court the caller acts for.
	CourtID string
	// RequestID ties database work to the HTTP request in the audit log.
	RequestID string
	// ClientAddr is where the request came from, for the audit log.
	ClientAddr string
}

// Settings names the transaction-local settings the policies read.
const (
	SettingSession    = "ccpor.session"
	SettingCourt      = "ccpor.court"
	SettingRequestID  = "ccpor.request_id"
	SettingClientAddr = "ccpor.client_addr"
)

// DB is the server's connection as ccpor_app. Its gorm handle is reachable only
// through Tx, so no query runs without a principal.
type DB struct {
	gorm *gorm.DB
	sql  *sql.DB
}

// Open connects as the application role.
func Open(ctx context.Context, url string, maxConns int) (*DB, error) {
	g, err := gorm.Open(postgres.Open(url), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	s, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	s.SetMaxOpenConns(maxConns)
	s.SetMaxIdleConns(maxConns)
	s.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.PingContext(pctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return &DB{gorm: g, sql: s}, nil
}

// Close closes the pool.
func (d *DB) Close() error { return d.sql.Close() }

// SQL returns the pool for work that touches no tenant data (health checks, the
// job client's inserts run through Tx's transaction instead).
func (d *DB) SQL() *sql.DB { return d.sql }

// Tx runs fn in one transaction that first states the principal. An error from fn
// (or a panic) rolls everything back.
func (d *DB) Tx(ctx context.Context, p Principal, fn func(tx *gorm.DB) error) error {
	return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(
			"SELECT set_config(?, ?, true), set_config(?, ?, true), set_config(?, ?, true), set_config(?, ?, true)",
			SettingSession, p.SessionHash, SettingCourt, p.CourtID, SettingRequestID, p.RequestID,
			SettingClientAddr, p.ClientAddr,
		).Error; err != nil {
			return fmt.Errorf("db: state principal: %w", err)
		}
		return fn(tx)
	})
}

// SQLTx returns the *sql.Tx under a gorm transaction, for libraries (the job
// queue) that insert inside the same transaction.
func SQLTx(tx *gorm.DB) (*sql.Tx, error) {
	t, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return nil, errors.New("db: not inside a transaction")
	}
	return t, nil
}

// OpenPool connects a pgx pool (the worker role, the maintenance role).
func OpenPool(ctx context.Context, url string, maxConns int) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse pool url: %w", err)
	}
	cfg.MaxConns = int32(maxConns)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open pool: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect pool: %w", err)
	}
	return pool, nil
}
