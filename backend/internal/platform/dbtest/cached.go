package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/config"
)

// Cached creates a database for t cloned from a data template, which build fills
// once (on a fresh migrated database, through the DB it is given) and which is
// kept for later runs. The template's name carries a hash of the migrations and of
// key, so a new migration or a new key (say, a generator's version) builds afresh;
// templates unused for a day are dropped like the migrated ones. Benchmarks use it
// to load a large registry once. A build that fails leaves no template.
func Cached(t testing.TB, key string, build func(d *DB)) *DB {
	t.Helper()
	admin := AdminURL(t)
	ctx := context.Background()
	hash, err := migrationsHash()
	if err != nil {
		t.Fatalf("dbtest: cached: %v", err)
	}
	sum := sha256.Sum256([]byte(hash + "\x00" + key))
	name := "ccpor_cache_" + hex.EncodeToString(sum[:])[:16]
	lock, err := pgx.Connect(ctx, withDB(admin, "postgres"))
	if err != nil {
		t.Fatalf("dbtest: cached: %v", err)
	}
	defer lock.Close(context.Background())
	// One build at a time per cluster, and no clone of a template being built.
	if _, err := lock.Exec(ctx, "SELECT pg_advisory_lock($1)", cacheLock); err != nil {
		t.Fatalf("dbtest: cached: %v", err)
	}
	defer lock.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", cacheLock)
	var exists bool
	if err := lock.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatalf("dbtest: cached: %v", err)
	}
	if !exists {
		building := "ccpor_cbuild_" + name[len("ccpor_cache_"):]
		if err := adminExec(ctx, admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", building); err != nil {
			t.Fatalf("dbtest: cached: %v", err)
		}
		d := createFrom(t, admin, building, "")
		done := false
		defer func() {
			if !done { // the build failed: nothing half-made is kept
				_ = adminExec(context.Background(), admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", building)
			}
		}()
		build(d)
		if t.Failed() {
			t.FailNow()
		}
		// connections the build left open would keep the database from its rename
		if err := terminate(ctx, admin, building); err != nil {
			t.Fatalf("dbtest: cached: %v", err)
		}
		for _, stmt := range []string{
			"ALTER DATABASE %I RENAME TO %I",
			"ALTER DATABASE %2$I WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
		} {
			if err := adminExec(ctx, admin, stmt, building, name); err != nil {
				t.Fatalf("dbtest: cached: %v", err)
			}
		}
		done = true
	}
	if err := adminExec(ctx, admin, "COMMENT ON DATABASE %I IS "+templateStamp(), name); err != nil {
		t.Fatalf("dbtest: cached: %v", err)
	}
	clone := "ccpor_t_" + randomHex(6)
	d := createFrom(t, admin, clone, name)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", clone); err != nil {
			t.Errorf("dbtest: drop %s: %v", clone, err)
		}
	})
	return d
}

// cacheLock serialises the data templates' builds across test processes.
const cacheLock = 7_316_400_003

// createFrom creates database name from template (the migrated template when
// empty) with file copies, which for a large template are much faster than the
// default's page-by-page copy through the WAL.
func createFrom(t testing.TB, admin, name, template string) *DB {
	t.Helper()
	ctx := context.Background()
	if template == "" {
		templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, admin) })
		if templateErr != nil {
			t.Fatalf("dbtest: template: %v", templateErr)
		}
		template = templateName
	}
	if err := adminExec(ctx, admin, "CREATE DATABASE %I TEMPLATE %I OWNER %I STRATEGY FILE_COPY", name, template, config.RoleOwner); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	if err := grantConnect(ctx, admin, name); err != nil {
		t.Fatalf("dbtest: grants: %v", err)
	}
	return newDB(admin, name)
}

// terminate ends every other connection to database name.
func terminate(ctx context.Context, admin, name string) error {
	conn, err := pgx.Connect(ctx, withDB(admin, "postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, name)
	return err
}
