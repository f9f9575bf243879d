package dbtest

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"
)

// AppRoles are the roles that must be powerless: no ownership, no superuser, no BYPASSRLS.
var AppRoles = []string{"ccpor_app", "ccpor_worker"}

// CheckCatalog inspects the schema as the tenancy rules demand and returns one
// line per violation. noCourtID lists the tables allowed without court_id, each
// with the reason it is safe. It reads the catalog only, so it covers tables added
// by later migrations without being edited.
func CheckCatalog(ctx context.Context, conn *pgx.Conn, noCourtID map[string]string) ([]string, error) {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	rows, err := conn.Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'court_id' AND NOT a.attisdropped),
		       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
		       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND NOT p.polpermissive
		               AND p.polcmd = '*' AND 'ccpor_app'::regrole = ANY (p.polroles))
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		ORDER BY c.relname`)
	if err != nil {
		return nil, err
	}
	type table struct {
		name                   string
		rls, force, court, app bool
		policies               int
	}
	var tables []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.name, &tb.rls, &tb.force, &tb.court, &tb.policies, &tb.app); err != nil {
			return nil, err
		}
		tables = append(tables, tb)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, tb := range tables {
		seen[tb.name] = true
		if !tb.court {
			if _, ok := noCourtID[tb.name]; !ok {
				add("table %s has no court_id and is not on the list of tables safe without one", tb.name)
			}
			continue
		}
		if !tb.rls {
			add("table %s has court_id but row-level security is not enabled", tb.name)
		}
		if !tb.force {
			add("table %s has court_id but row-level security is not forced", tb.name)
		}
		if tb.policies == 0 {
			add("table %s has court_id but no policy", tb.name)
		}
		if !tb.app {
			add("table %s has no restrictive FOR ALL guard TO ccpor_app", tb.name)
		}
		for _, role := range AppRoles {
			for _, priv := range []string{"DELETE", "TRUNCATE"} {
				var has bool
				if err := conn.QueryRow(ctx, "SELECT has_table_privilege($1, $2, $3)", role, "public."+tb.name, priv).Scan(&has); err != nil {
					return nil, err
				}
				if has {
					add("table %s grants %s to %s (registry data is never deleted)", tb.name, priv, role)
				}
			}
		}
	}
	var stale []string
	for name := range noCourtID {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		add("the list of tables without court_id names %s, which does not exist", name)
	}

	// Every policy names its role: a policy without TO applies to every role, the worker too.
	if err := collect(ctx, conn, &out, `
		SELECT format('policy %s on %s names no role (applies to PUBLIC)', p.polname, c.relname)
		FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
		WHERE 0 = ANY (p.polroles) ORDER BY 1`); err != nil {
		return nil, err
	}
	// The CLETS guard covers writes too: a SELECT policy does not stop an UPDATE that
	// reads no column, nor an INSERT.
	if err := collect(ctx, conn, &out, `
		SELECT format('CLETS guard %s on %s is not restrictive FOR ALL', p.polname, c.relname)
		FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
		WHERE p.polname LIKE '%\_app\_clets' AND (p.polcmd <> '*' OR p.polpermissive) ORDER BY 1`); err != nil {
		return nil, err
	}
	// TRUNCATE ignores row-level security: no application role may hold it anywhere.
	if err := collect(ctx, conn, &out, `
		SELECT format('%s may TRUNCATE %s', r.rolname, c.relname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN pg_roles r
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND r.rolname = ANY ($1)
		  AND has_table_privilege(r.oid, c.oid, 'TRUNCATE') ORDER BY 1`, AppRoles); err != nil {
		return nil, err
	}
	// Views run with the caller's rights, so policies apply through them.
	if err := collect(ctx, conn, &out, `
		SELECT format('view %s is not security_invoker', c.relname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'v'
		  AND NOT coalesce(c.reloptions && ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false)
		ORDER BY 1`); err != nil {
		return nil, err
	}
	// A definer function with a mutable search_path can be hijacked.
	if err := collect(ctx, conn, &out, `
		SELECT format('security definer function %s has no fixed search_path', p.proname)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public' AND p.prosecdef
		  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) s WHERE s LIKE 'search_path=%')
		ORDER BY 1`); err != nil {
		return nil, err
	}
	// The registry's own functions run only for the roles granted them one by one.
	if err := collect(ctx, conn, &out, `
		SELECT format('function %s may be executed by PUBLIC', p.oid::regprocedure)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles o ON o.oid = p.proowner
		WHERE n.nspname = 'public' AND o.rolname = 'ccpor_owner'
		  AND has_function_privilege('public', p.oid, 'EXECUTE') ORDER BY 1`); err != nil {
		return nil, err
	}
	// The application roles are powerless and own nothing.
	if err := collect(ctx, conn, &out, `
		SELECT format('role %s is %s', rolname, what) FROM pg_roles,
		LATERAL (VALUES (rolsuper, 'a superuser'), (rolbypassrls, 'allowed to bypass row-level security'),
		                (rolcreaterole, 'allowed to create roles'), (rolcreatedb, 'allowed to create databases'))
		        AS attr(flag, what)
		WHERE rolname = ANY ($1) AND flag ORDER BY 1`, AppRoles); err != nil {
		return nil, err
	}
	if err := collect(ctx, conn, &out, `
		SELECT format('role %s owns %s %s', r.rolname, o.kind, o.name)
		FROM pg_roles r JOIN (
		    SELECT relowner, 'relation', relname::text FROM pg_class
		    UNION ALL SELECT proowner, 'function', proname::text FROM pg_proc
		    UNION ALL SELECT typowner, 'type', typname::text FROM pg_type
		    UNION ALL SELECT nspowner, 'schema', nspname::text FROM pg_namespace
		    UNION ALL SELECT datdba, 'database', datname::text FROM pg_database WHERE datname = current_database()
		) AS o(owner, kind, name) ON o.owner = r.oid
		WHERE r.rolname = ANY ($1) ORDER BY 1`, append([]string{"ccpor_maint"}, AppRoles...)); err != nil {
		return nil, err
	}
	return out, nil
}

func collect(ctx context.Context, conn *pgx.Conn, out *[]string, query string, args ...any) error {
	rows, err := conn.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	*out = append(*out, lines...)
	return nil
}
