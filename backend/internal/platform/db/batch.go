package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// statePrincipal is the first statement of every transaction: who is asking.
const statePrincipal = "SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true)"

// Batch is Tx for a few statements known in advance: the principal's statement and
// the queries of b go to the server together, in one round trip, and run as one
// implicit transaction (everything up to the pipeline's Sync). A statement that
// fails skips the rest and rolls back all of them; the server decides what runs,
// so what depends on an earlier result must be said in SQL (a WHERE on the row
// just read). read gets the results of b's queries in order. When Batch returns
// nil the transaction has committed (with synchronous_commit, durably): the
// server's answer to the Sync has been read. An error from read does not undo the
// commit of what the server already ran.
func (d *DB) Batch(ctx context.Context, p Principal, b *pgx.Batch, read func(pgx.BatchResults) error) error {
	c, err := d.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: batch: %w", err)
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("db: batch: driver connection %T is not pgx's", dc)
		}
		all := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, 1+b.Len())}
		all.Queue(statePrincipal, SettingSession, p.SessionHash, SettingCourt, p.CourtID,
			SettingRequestID, p.RequestID, SettingClientAddr, p.ClientAddr)
		all.QueuedQueries = append(all.QueuedQueries, b.QueuedQueries...)
		br := sc.Conn().SendBatch(ctx, all)
		if _, err := br.Exec(); err != nil {
			return errors.Join(fmt.Errorf("db: state principal: %w", err), br.Close())
		}
		if err := read(br); err != nil {
			_ = br.Close()
			return err
		}
		if err := br.Close(); err != nil {
			return fmt.Errorf("db: batch: %w", err)
		}
		return nil
	})
}
