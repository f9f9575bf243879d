package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestBatchStatesThePrincipalAndCommitsTogether(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	owner := dbtest.Conn(t, d.OwnerURL)
	if _, err := owner.Exec(ctx, "CREATE TABLE scratch (n int, session text); GRANT SELECT, INSERT ON scratch TO ccpor_app"); err != nil {
		t.Fatal(err)
	}
	app, err := db.Open(ctx, d.AppURL, 1) // one connection: the next query reuses it
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	p := db.Principal{SessionHash: "ab12", CourtID: "4b0c7a36-6d0e-4c4e-8a53-6c1f0f6b7a10", RequestID: "req-1", ClientAddr: "192.0.2.7"}
	b := &pgx.Batch{}
	b.Queue("INSERT INTO scratch VALUES (1, current_setting('ccpor.session'))")
	b.Queue("SELECT current_setting('ccpor.court'), current_setting('ccpor.request_id'), current_setting('ccpor.client_addr'), (SELECT count(*) FROM scratch)")
	err = app.Batch(ctx, p, b, func(br pgx.BatchResults) error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		var court, req, addr string
		var n int
		if err := br.QueryRow().Scan(&court, &req, &addr, &n); err != nil {
			return err
		}
		if court != p.CourtID || req != p.RequestID || addr != p.ClientAddr || n != 1 {
			t.Errorf("inside: got %q %q %q and %d rows, want the principal and the row just inserted", court, req, addr, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var session string
	if err := owner.QueryRow(ctx, "SELECT session FROM scratch").Scan(&session); err != nil {
		t.Fatalf("the batch's insert is not committed: %v", err)
	}
	if session != p.SessionHash {
		t.Errorf("inserted under session %q, want %q", session, p.SessionHash)
	}
	var court *string
	if err := app.SQL().QueryRowContext(ctx, "SELECT NULLIF(current_setting('ccpor.court', true), '')").Scan(&court); err != nil {
		t.Fatal(err)
	}
	if court != nil {
		t.Errorf("the acting court outlived its batch on the pooled connection: %q", *court)
	}
}

func TestBatchRollsBackAllWhenAStatementFails(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	owner := dbtest.Conn(t, d.OwnerURL)
	if _, err := owner.Exec(ctx, "CREATE TABLE scratch (n int CHECK (n > 0)); GRANT SELECT, INSERT ON scratch TO ccpor_app"); err != nil {
		t.Fatal(err)
	}
	app, err := db.Open(ctx, d.AppURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	b := &pgx.Batch{}
	b.Queue("INSERT INTO scratch VALUES (1)")
	b.Queue("INSERT INTO scratch VALUES (-1)")
	b.Queue("INSERT INTO scratch VALUES (2)")
	err = app.Batch(ctx, db.Principal{}, b, func(br pgx.BatchResults) error {
		for range 3 {
			if _, err := br.Exec(); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		t.Fatal("a batch with a failing statement succeeded")
	}
	var n int
	if err := owner.QueryRow(ctx, "SELECT count(*) FROM scratch").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d rows survived a failed batch", n)
	}
	// The connection is usable again, outside any transaction.
	var status string
	if err := app.SQL().QueryRowContext(ctx, "SELECT 'ok'").Scan(&status); err != nil {
		t.Fatalf("the connection after a failed batch: %v", err)
	}
	boom := errors.New("boom")
	err = app.Batch(ctx, db.Principal{}, &pgx.Batch{}, func(pgx.BatchResults) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want read's error", err)
	}
}
