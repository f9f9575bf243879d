package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// ordersShape is the orders table's columns and check constraints, as the
// catalog has them.
func ordersShape(t *testing.T, url string) string {
	t.Helper()
	var shape string
	err := dbtest.Conn(t, url).QueryRow(context.Background(), `
		SELECT string_agg(x, E'\n' ORDER BY x) FROM (
			SELECT 'column ' || column_name || ' ' || data_type AS x FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = 'orders'
			UNION ALL
			SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid = 'public.orders'::regclass) s`).Scan(&shape)
	if err != nil {
		t.Fatal(err)
	}
	return shape
}

// Migration 00040 (every order type) goes down to exactly the orders table of
// 00039: the CR-160-only checks and no proof-of-service columns; and up again.
func TestOrderTypesMigrationGoesDownCompletely(t *testing.T) {
	t.Parallel()
	d := dbtest.NewEmpty(t)
	ctx := context.Background()
	if err := db.MigrateTo(ctx, d.OwnerURL, 39); err != nil {
		t.Fatal(err)
	}
	before := ordersShape(t, d.OwnerURL)
	if err := db.MigrateTo(ctx, d.OwnerURL, 40); err != nil {
		t.Fatal(err)
	}
	up := ordersShape(t, d.OwnerURL)
	if up == before || !strings.Contains(up, "served_documents") || !strings.Contains(up, "EPO-001") {
		t.Fatalf("00040 up changed nothing visible:\n%s", up)
	}
	if err := db.MigrateTo(ctx, d.OwnerURL, 39); err != nil {
		t.Fatal(err)
	}
	if after := ordersShape(t, d.OwnerURL); after != before {
		t.Errorf("00040 down left the orders table as\n%s\nwant\n%s", after, before)
	}
	if err := db.MigrateTo(ctx, d.OwnerURL, 40); err != nil {
		t.Fatalf("up again after down: %v", err)
	}
}
