package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestAuditVerifyNamesTheChangedRow(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	court := f.Court(t, "alpha", true)
	env := []string{"DATABASE_URL=" + d.AdminURL, "DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL}
	// Three sealed events (sealed as the job would: hashes from audit.Seal).
	for _, obj := range []string{"a", "b", "c"} {
		f.Exec(t, "INSERT INTO audit_events (court_id, action, outcome, object_id) VALUES ($1, 'order.read', 'success', $2)", court, obj)
	}
	if err := sealAll(t, d); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"audit", "verify"}, &out, env); err != nil {
		t.Fatalf("untouched log: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "3 sealed events verified") {
		t.Errorf("output: %s", out.String())
	}
	f.Exec(t, "UPDATE audit_events SET outcome = 'denied' WHERE object_id = 'b'")
	out.Reset()
	err := run(context.Background(), []string{"audit", "verify"}, &out, env)
	if err == nil || !strings.Contains(out.String(), "BROKEN") || !strings.Contains(out.String(), "position 2") {
		t.Fatalf("a changed row: %v\n%s", err, out.String())
	}
}

func sealAll(t *testing.T, d *dbtest.DB) error {
	t.Helper()
	pool, err := db.OpenPool(context.Background(), d.WorkerURL, 1)
	if err != nil {
		return err
	}
	defer pool.Close()
	_, err = audit.Seal(context.Background(), pool)
	return err
}
