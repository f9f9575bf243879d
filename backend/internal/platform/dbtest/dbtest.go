// Package dbtest gives each test its own database, cloned from a template that is
// bootstrapped and migrated once per migration set, on a real PostgreSQL.
//
// The cluster comes from CCPOR_TEST_DATABASE_URL or DATABASE_URL, a superuser
// connection (make test provides one, starting a private cluster if needed).
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// rolePassword is the development password of the roles: the same one make run
// gives them, so tests and a development server can share a cluster.
var rolePassword = func() string {
	c, err := config.Load([]string{"DATABASE_URL=postgres://x@localhost/x"})
	if err != nil {
		panic(err)
	}
	return c.DevRolePassword
}()

// templateSalt changes the template name when the Go migration changes.
const templateSalt = "river-8"

// DB is one test's database and the connection of each role to it.
type DB struct {
	Name                                  string
	AdminURL                              string
	OwnerURL, AppURL, WorkerURL, MaintURL string
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// AdminURL returns the superuser connection of the test cluster, or fails the test.
func AdminURL(t testing.TB) string {
	t.Helper()
	for _, v := range []string{"CCPOR_TEST_DATABASE_URL", "DATABASE_URL"} {
		if u := os.Getenv(v); u != "" {
			return u
		}
	}
	t.Fatal("dbtest: set CCPOR_TEST_DATABASE_URL or DATABASE_URL to a superuser connection (make test does)")
	return ""
}

// New creates a fresh migrated database for t and drops it when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	admin := AdminURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, admin) })
	if templateErr != nil {
		t.Fatalf("dbtest: template: %v", templateErr)
	}
	name := "ccpor_t_" + randomHex(6)
	if err := adminExec(ctx, admin, "CREATE DATABASE %I TEMPLATE %I OWNER %I", name, templateName, config.RoleOwner); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := adminExec(ctx, admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", name); err != nil {
			t.Errorf("dbtest: drop %s: %v", name, err)
		}
	})
	if err := grantConnect(ctx, admin, name); err != nil {
		t.Fatalf("dbtest: grants: %v", err)
	}
	return newDB(admin, name)
}

// NewEmpty creates a database with the roles and extensions but no migrations.
func NewEmpty(t testing.TB) *DB {
	t.Helper()
	admin := AdminURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name := "ccpor_e_" + randomHex(6)
	if err := db.Bootstrap(ctx, spec(admin, name)); err != nil {
		t.Fatalf("dbtest: bootstrap: %v", err)
	}
	t.Cleanup(func() {
		_ = adminExec(context.Background(), admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", name)
	})
	return newDB(admin, name)
}

// App connects to d as the application role (the server's pool of maxConns),
// closed when t ends.
func (d *DB) App(t testing.TB, maxConns int) *db.DB {
	t.Helper()
	app, err := db.Open(context.Background(), d.AppURL, maxConns)
	if err != nil {
		t.Fatalf("dbtest: open as the application role: %v", err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

func newDB(admin, name string) *DB {
	d := &DB{Name: name, AdminURL: withDB(admin, name)}
	d.OwnerURL = roleURL(admin, name, config.RoleOwner)
	d.AppURL = roleURL(admin, name, config.RoleApp)
	d.WorkerURL = roleURL(admin, name, config.RoleWorker)
	d.MaintURL = roleURL(admin, name, config.RoleMaint)
	return d
}

// Config returns a development configuration pointing at this database.
func (d *DB) Config(t testing.TB, extra ...string) config.Config {
	t.Helper()
	env := append([]string{
		"CCPOR_ENV=development",
		"DATABASE_URL=" + d.AdminURL,
		"DATABASE_OWNER_URL=" + d.OwnerURL,
		"DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL,
		"DATABASE_MAINT_URL=" + d.MaintURL,
		"CCPOR_DB_MAX_CONNS=4",
		"CCPOR_SPA_DIR=" + t.TempDir(),
		"CCPOR_BLOB_URL=file://" + t.TempDir(),
	}, extra...)
	c, err := config.Load(env)
	if err != nil {
		t.Fatalf("dbtest: config: %v", err)
	}
	return c
}

// Conn opens a pgx connection with url, closed when t ends.
func Conn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("dbtest: connect: %v", err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func spec(admin, name string) db.BootstrapSpec {
	return db.BootstrapSpec{
		AdminURL: admin,
		Database: name,
		Owner:    db.RoleSpec{Name: config.RoleOwner, Password: rolePassword},
		Roles: []db.RoleSpec{
			{Name: config.RoleApp, Password: rolePassword},
			{Name: config.RoleWorker, Password: rolePassword},
			{Name: config.RoleMaint, Password: rolePassword, BypassRLS: true},
		},
	}
}

// staleTemplateAge is how long a template of another migration set is kept
// after its last use.
const staleTemplateAge = 24 * time.Hour

// templateStamp is the literal comment that records a template's last use.
func templateStamp() string {
	return fmt.Sprintf("'ccpor test template used %d'", time.Now().Unix())
}

// templateLock serialises template builds across test processes.
const templateLock = 7_316_400_002

func ensureTemplate(ctx context.Context, admin string) (string, error) {
	hash, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "ccpor_tmpl_" + hash[:16]
	conn, err := pgx.Connect(ctx, withDB(admin, "postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", templateLock)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		// Stamped at each use, so that another checkout sharing this server
		// (another branch, another migration set) does not drop it as stale.
		return name, adminExec(ctx, admin, "COMMENT ON DATABASE %I IS "+templateStamp(), name)
	}
	// Templates of older migration sets (and the data templates of Cached made
	// from them) are of no further use once no test run has used them for a day; a concurrent run of another checkout may
	// still be cloning one younger than that.
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database d
		WHERE (datname LIKE 'ccpor\\_tmpl\\_%' OR datname LIKE 'ccpor\\_cache\\_%') AND datname <> $1
		AND coalesce(substring(shobj_description(d.oid, 'pg_database') FROM '^ccpor test template used (\\d+)$')::bigint, 0)
		    < extract(epoch FROM now())::bigint - $2`, name, int64(staleTemplateAge.Seconds()))
	if err != nil {
		return "", err
	}
	stale, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, old := range stale {
		_ = adminExec(ctx, admin, "ALTER DATABASE %I WITH IS_TEMPLATE false", old)
		_ = adminExec(ctx, admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", old)
	}
	building := "ccpor_build_" + hash[:16]
	if err := adminExec(ctx, admin, "DROP DATABASE IF EXISTS %I WITH (FORCE)", building); err != nil {
		return "", err
	}
	if err := db.Bootstrap(ctx, spec(admin, building)); err != nil {
		return "", err
	}
	if err := db.Migrate(ctx, roleURL(admin, building, config.RoleOwner)); err != nil {
		return "", err
	}
	for _, stmt := range []string{
		"ALTER DATABASE %I RENAME TO %I",
		"ALTER DATABASE %2$I WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
		"COMMENT ON DATABASE %2$I IS " + templateStamp(),
	} {
		if err := adminExec(ctx, admin, stmt, building, name); err != nil {
			return "", err
		}
	}
	return name, nil
}

func grantConnect(ctx context.Context, admin, name string) error {
	for _, s := range []string{
		"REVOKE ALL ON DATABASE %I FROM PUBLIC",
		"GRANT CONNECT, TEMPORARY ON DATABASE %I TO ccpor_owner, ccpor_app, ccpor_worker, ccpor_maint",
	} {
		if err := adminExec(ctx, admin, s, name); err != nil {
			return err
		}
	}
	return nil
}

func migrationsHash() (string, error) {
	h := sha256.New()
	h.Write([]byte(templateSalt))
	fsys := db.MigrationFiles()
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// adminExec runs a statement whose identifiers are quoted by the server's format().
func adminExec(ctx context.Context, admin, format string, idents ...string) error {
	conn, err := pgx.Connect(ctx, withDB(admin, "postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	args := []any{format}
	ph := "$1::text"
	for i, id := range idents {
		args = append(args, id)
		ph += fmt.Sprintf(", $%d::text", i+2)
	}
	var stmt string
	if err := conn.QueryRow(ctx, "SELECT format("+ph+")", args...).Scan(&stmt); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, stmt)
	return err
}

func withDB(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + name
	return p.String()
}

func roleURL(admin, name, role string) string {
	return config.DeriveRoleURL(withDB(admin, name), role, rolePassword)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
