package db_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestMigrateIsIdempotentAndReadinessFollowsIt(t *testing.T) {
	t.Parallel()
	d := dbtest.NewEmpty(t)
	ctx := context.Background()
	app, err := db.Open(ctx, d.AppURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if err := db.CheckCurrent(ctx, app.SQL()); err == nil {
		t.Fatal("an unmigrated database was reported current")
	}
	for range 2 {
		if err := db.Migrate(ctx, d.OwnerURL); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CheckCurrent(ctx, app.SQL()); err != nil {
		t.Fatalf("migrated database not current: %v", err)
	}
	if _, err := dbtest.Conn(t, d.OwnerURL).Exec(ctx, "DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)"); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckCurrent(ctx, app.SQL()); !errors.Is(err, db.ErrMigrationsBehind) {
		t.Fatalf("a database one migration behind: got %v, want ErrMigrationsBehind", err)
	}
}

func TestTxStatesThePrincipalForThatTransactionOnly(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	app, err := db.Open(ctx, d.AppURL, 1) // one connection: the next query reuses it
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	p := db.Principal{SessionHash: "ab12", CourtID: "4b0c7a36-6d0e-4c4e-8a53-6c1f0f6b7a10", RequestID: "req-1"}
	err = app.Tx(ctx, p, func(tx *gorm.DB) error {
		var session, court, req string
		row := tx.Raw("SELECT current_setting('ccpor.session'), current_setting('ccpor.court'), current_setting('ccpor.request_id')").Row()
		if err := row.Scan(&session, &court, &req); err != nil {
			return err
		}
		if session != p.SessionHash || court != p.CourtID || req != p.RequestID {
			t.Errorf("inside: got %q %q %q", session, court, req)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var court *string
	if err := app.SQL().QueryRowContext(ctx, "SELECT NULLIF(current_setting('ccpor.court', true), '')").Scan(&court); err != nil {
		t.Fatal(err)
	}
	if court != nil {
		t.Errorf("the acting court outlived its transaction on the pooled connection: %q", *court)
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	owner := dbtest.Conn(t, d.OwnerURL)
	if _, err := owner.Exec(ctx, "CREATE TABLE scratch (n int); GRANT SELECT, INSERT ON scratch TO ccpor_app"); err != nil {
		t.Fatal(err)
	}
	app, err := db.Open(ctx, d.AppURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	boom := errors.New("boom")
	err = app.Tx(ctx, db.Principal{}, func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO scratch VALUES (1)").Error; err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the function's error", err)
	}
	var n int
	if err := owner.QueryRow(ctx, "SELECT count(*) FROM scratch").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d rows survived a failed transaction", n)
	}
}
