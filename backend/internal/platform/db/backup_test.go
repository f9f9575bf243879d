package db_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// TestBackupAndRestore follows docs/operations.md: pg_dump as ccpor_maint (the
// owner sees no row of a table under FORCE ROW LEVEL SECURITY, so its dump would
// be empty), pg_restore as a superuser into a fresh database, and every table's
// row count and every order, version and protected address are the same there.
func TestBackupAndRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: make test installs it (scripts/ensure-pg-client.sh), or apt-get install postgresql-client", tool)
		}
	}
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	a, b := f.Court(t, "alpha", true), f.Court(t, "bravo", true)
	clerk := f.User(t, "clerk-a")
	f.Grant(t, clerk, a, "clerk")
	f.Session(t, clerk, a)
	maint := dbtest.Conn(t, d.MaintURL)
	for _, q := range []string{
		`INSERT INTO orders (id, court_id, case_number, order_type, order_kind, form_number, form_revision, status,
			issued_on, expiry_rule, current_version, created_by)
		 SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN '` + a + `'::uuid ELSE '` + b + `'::uuid END, 'BACKUP' || g,
			'criminal_protective_order', 'pending_trial', 'CR-160', '2023-03-01', 'active', DATE '2025-01-01' + g,
			'until_further_order', 1, '` + clerk + `'::uuid
		 FROM generate_series(1, 300) g`,
		`INSERT INTO order_versions (court_id, order_id, version, content, created_by)
		 SELECT court_id, id, 1, jsonb_build_object('caseNumber', case_number, 'note', 'ünïcode ' || id), created_by FROM orders`,
		`INSERT INTO order_protected_addresses (court_id, order_id, version, person, address)
		 SELECT court_id, id, 1, 0, 'address of ' || case_number FROM orders`,
		`INSERT INTO maintenance_windows (starts_at, ends_at, message, created_by)
		 VALUES (now() + interval '1 day', now() + interval '1 day 3 hours', 'Upgrade.', '` + clerk + `')`,
	} {
		if _, err := maint.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	// The owner sees nothing under FORCE; the maintenance role sees every row.
	var asOwner, asMaint int
	mustScan(t, dbtest.Conn(t, d.OwnerURL).QueryRow(ctx, "SELECT count(*) FROM orders"), &asOwner)
	mustScan(t, maint.QueryRow(ctx, "SELECT count(*) FROM orders"), &asMaint)
	if asOwner != 0 || asMaint != 300 {
		t.Fatalf("orders seen by the owner %d (want 0), by ccpor_maint %d (want 300)", asOwner, asMaint)
	}

	dump := filepath.Join(t.TempDir(), "ccpor.dump")
	run(t, "pg_dump", "--format=custom", "--file="+dump, "--dbname="+d.MaintURL)

	admin := dbtest.Conn(t, d.AdminURL)
	var nb [6]byte
	_, _ = rand.Read(nb[:])
	name := "ccpor_restore_" + hex.EncodeToString(nb[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" OWNER ccpor_owner TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = dbtest.Conn(t, d.AdminURL).Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	u, err := url.Parse(d.AdminURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	restoredURL := u.String()
	run(t, "pg_restore", "--exit-on-error", "--dbname="+restoredURL, dump)

	restored := dbtest.Conn(t, restoredURL)
	rows, err := admin.Query(ctx, `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
		WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 {
		t.Fatalf("only %d tables found: %v", len(tables), tables)
	}
	for _, table := range tables {
		var before, after int64
		mustScan(t, admin.QueryRow(ctx, "SELECT count(*) FROM "+table), &before)
		if err := restored.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&after); err != nil {
			t.Errorf("%s in the restored database: %v", table, err)
			continue
		}
		if before != after {
			t.Errorf("%s: %d rows, %d after the restore", table, before, after)
		}
	}
	for _, q := range []string{
		"SELECT count(*), md5(string_agg(o::text, E'\\n' ORDER BY o.id)) FROM orders o",
		"SELECT count(*), md5(string_agg(v::text, E'\\n' ORDER BY v.order_id, v.version)) FROM order_versions v",
		"SELECT count(*), md5(string_agg(p::text, E'\\n' ORDER BY p.order_id, p.version, p.person)) FROM order_protected_addresses p",
	} {
		var n1, n2 int
		var h1, h2 string
		mustScan(t, admin.QueryRow(ctx, q), &n1, &h1)
		mustScan(t, restored.QueryRow(ctx, q), &n2, &h2)
		if n1 != 300 || n1 != n2 || h1 != h2 {
			t.Errorf("%s: %d rows (%s) before, %d (%s) after", q, n1, h1, n2, h2)
		}
	}
	// Row-level security and the roles' grants come back with the tables.
	var forced bool
	mustScan(t, restored.QueryRow(ctx, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'orders'::regclass"), &forced)
	var owner string
	mustScan(t, restored.QueryRow(ctx, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'"), &owner)
	if !forced || owner != "ccpor_owner" {
		t.Errorf("restored orders: force row security %v, owner %s", forced, owner)
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func mustScan(t *testing.T, row pgx.Row, dst ...any) {
	t.Helper()
	if err := row.Scan(dst...); err != nil {
		t.Fatal(err)
	}
}
