package authz

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Reconnection backoff of the listening connection, and the time a load may take.
const (
	minBackoff  = 100 * time.Millisecond
	maxBackoff  = 10 * time.Second
	loadTimeout = 10 * time.Second
)

// Start connects, listens on Channel, loads the assignments and returns; the
// enforcer then keeps them current until ctx ends or Stop is called. It fails
// when the first load fails: a server must not start with no rules.
func (e *Enforcer) Start(ctx context.Context) error {
	conn, err := e.connect(ctx)
	if err != nil {
		return err
	}
	ctx, e.cancel = context.WithCancel(ctx)
	e.done = make(chan struct{})
	go e.run(ctx, conn)
	return nil
}

// Stop ends the reloading and closes the connection; the rules last loaded stay.
func (e *Enforcer) Stop() {
	e.stopOnce.Do(func() {
		if e.cancel != nil {
			e.cancel()
			<-e.done
		}
	})
}

// connect opens the enforcer's own connection, listens, then loads: in that order,
// so that no change committed after the load goes unannounced.
func (e *Enforcer) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(e.opts.URL)
	if err != nil {
		return nil, fmt.Errorf("authz: connection url: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "ccpor-authz"
	cctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("authz: connect: %w", err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("authz: listen: %w", err)
	}
	if err := e.load(cctx, conn); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// run waits for notifications and reloads; it reconnects with backoff when the
// connection drops (and reloads then, since notifications were lost meanwhile).
func (e *Enforcer) run(ctx context.Context, conn *pgx.Conn) {
	defer close(e.done)
	backoff := minBackoff
	for {
		if conn == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			c, err := e.connect(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				backoff = min(2*backoff, maxBackoff)
				e.opts.Logger.WarnContext(ctx, "authz: reconnect failed; the rules last loaded stay", "err", err, "retry_in", backoff)
				continue
			}
			e.opts.Logger.InfoContext(ctx, "authz: reconnected")
			conn, backoff = c, minBackoff
		}
		if err := e.next(ctx, conn); err != nil {
			conn.Close(context.Background())
			conn = nil
			if ctx.Err() != nil {
				return
			}
			e.opts.Logger.WarnContext(ctx, "authz: listening connection failed; reconnecting", "err", err)
		}
	}
}

// next waits for a notification or for the periodic reload, whichever comes
// first, and reloads. Notifications that arrived while the previous load ran are
// already buffered: they are taken together and make one load.
func (e *Enforcer) next(ctx context.Context, conn *pgx.Conn) error {
	wctx, cancel := context.WithTimeout(ctx, e.opts.Reload)
	_, err := conn.WaitForNotification(wctx)
	cancel()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err == nil:
		drainBuffered(conn)
	case pgconn.Timeout(err) && !conn.IsClosed():
		// the periodic reload
	default:
		return err
	}
	// A failed load is retried through a new connection, with backoff: the rules
	// last loaded stay meanwhile.
	lctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	return e.load(lctx, conn)
}

// drainBuffered takes the notifications pgx has already read, without waiting.
func drainBuffered(conn *pgx.Conn) {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for {
		if n, _ := conn.WaitForNotification(done); n == nil {
			return
		}
	}
}
