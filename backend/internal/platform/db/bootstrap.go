package db

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
)

// RoleSpec is one database role bootstrap creates.
type RoleSpec struct {
	Name      string
	Password  string // empty: no password (peer or trust authentication)
	BypassRLS bool
}

// BootstrapSpec says what bootstrap creates on a cluster.
type BootstrapSpec struct {
	AdminURL string // a superuser connection to any database of the cluster
	Database string
	Owner    RoleSpec
	Roles    []RoleSpec // the application, worker and maintenance roles
}

// Extensions every database of the registry has.
var Extensions = []string{"pg_trgm", "fuzzystrmatch", "unaccent", "btree_gin", "pgcrypto"}

// bootstrapLock serialises concurrent bootstraps on one cluster (roles are global).
const bootstrapLock = 7_316_400_001

// Bootstrap creates or corrects the roles, the database and its extensions. It is
// idempotent: run it on every start-up of make run and before every test run.
func Bootstrap(ctx context.Context, spec BootstrapSpec) error {
	conn, err := pgx.Connect(ctx, withDatabase(spec.AdminURL, "postgres"))
	if err != nil {
		return fmt.Errorf("bootstrap: connect as administrator: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", bootstrapLock); err != nil {
		return fmt.Errorf("bootstrap: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", bootstrapLock)

	for _, r := range append([]RoleSpec{spec.Owner}, spec.Roles...) {
		if err := ensureRole(ctx, conn, r); err != nil {
			return err
		}
	}
	if err := ensureDatabase(ctx, conn, spec.Database, spec.Owner.Name); err != nil {
		return err
	}
	return prepareDatabase(ctx, withDatabase(spec.AdminURL, spec.Database), spec)
}

func ensureRole(ctx context.Context, conn *pgx.Conn, r RoleSpec) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", r.Name).Scan(&exists); err != nil {
		return fmt.Errorf("bootstrap: role %s: %w", r.Name, err)
	}
	verb := "ALTER"
	if !exists {
		verb = "CREATE"
	}
	bypass := "NOBYPASSRLS"
	if r.BypassRLS {
		bypass = "BYPASSRLS"
	}
	// The statement is built by the server's format() so names and passwords are quoted by PostgreSQL.
	var stmt string
	err := conn.QueryRow(ctx,
		"SELECT format('%s ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT %s PASSWORD %L', $1::text, $2::text, $3::text, NULLIF($4::text, ''))",
		verb, r.Name, bypass, r.Password).Scan(&stmt)
	if err != nil {
		return fmt.Errorf("bootstrap: role %s: %w", r.Name, err)
	}
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("bootstrap: role %s: %w", r.Name, err)
	}
	return nil
}

func ensureDatabase(ctx context.Context, conn *pgx.Conn, name, owner string) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("bootstrap: database %s: %w", name, err)
	}
	verb := "ALTER DATABASE %I OWNER TO %I"
	if !exists {
		verb = "CREATE DATABASE %I OWNER %I ENCODING 'UTF8' TEMPLATE template0"
	}
	var stmt string
	if err := conn.QueryRow(ctx, "SELECT format($1::text, $2::text, $3::text)", verb, name, owner).Scan(&stmt); err != nil {
		return fmt.Errorf("bootstrap: database %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("bootstrap: database %s: %w", name, err)
	}
	return nil
}

// prepareDatabase installs the extensions and closes the database to everyone but
// the registry's roles.
func prepareDatabase(ctx context.Context, url string, spec BootstrapSpec) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("bootstrap: connect to %s: %w", spec.Database, err)
	}
	defer conn.Close(ctx)
	for _, ext := range Extensions {
		if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{ext}.Sanitize()); err != nil {
			return fmt.Errorf("bootstrap: extension %s: %w", ext, err)
		}
	}
	db := pgx.Identifier{spec.Database}.Sanitize()
	stmts := []string{
		"REVOKE ALL ON DATABASE " + db + " FROM PUBLIC",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"ALTER SCHEMA public OWNER TO " + pgx.Identifier{spec.Owner.Name}.Sanitize(),
	}
	for _, r := range append([]RoleSpec{spec.Owner}, spec.Roles...) {
		stmts = append(stmts, "GRANT CONNECT, TEMPORARY ON DATABASE "+db+" TO "+pgx.Identifier{r.Name}.Sanitize())
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("bootstrap: %s: %w", s, err)
		}
	}
	return nil
}

// withDatabase returns u naming another database.
func withDatabase(u, database string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + database
	return p.String()
}

// DatabaseName returns the database a URL names.
func DatabaseName(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Path, "/")
}

// RoleFromURL returns the spec of the role a URL connects as.
func RoleFromURL(u string, bypassRLS bool) RoleSpec {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return RoleSpec{}
	}
	pw, _ := p.User.Password()
	return RoleSpec{Name: p.User.Username(), Password: pw, BypassRLS: bypassRLS}
}
