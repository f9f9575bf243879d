package dbschema

import (
	"context"
	"strings"
)

// userRoutines restricts a query on pg_proc (alias p, namespace n) to the
// database's own functions and procedures: not the catalogs', not an extension's.
const userRoutines = `n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
	AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
		AND e.objid = p.oid AND e.deptype = 'e')`

// routines prints each function and procedure as the server deparses it, with who
// may execute it. PUBLIC may execute a function unless it is revoked: that
// revocation is printed, since the project's default takes it away.
func (d *dumper) routines(ctx context.Context) error {
	var kind, signature, def, owner, schemaOwner string
	var comment *string
	var acl []grant
	return d.each(ctx, `
		SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure::text,
			pg_get_functiondef(p.oid), quote_ident(pg_get_userbyid(p.proowner)),
			quote_ident(pg_get_userbyid(n.nspowner)), obj_description(p.oid, 'pg_proc'),
			`+grantsOf("p.proacl", "'f'", "p.proowner")+`
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE `+userRoutines+` AND p.prokind IN ('f', 'p')
		ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`,
		[]any{&kind, &signature, &def, &owner, &schemaOwner, &comment, &acl},
		func() error {
			d.printf("\n%s;\n", strings.TrimRight(def, "\n "))
			d.owner(kind, signature, owner, schemaOwner)
			if comment != nil {
				d.printf("COMMENT ON %s %s IS %s;\n", kind, signature, quoteLiteral(*comment))
			}
			if !publicHas(acl) {
				d.printf("REVOKE ALL ON %s %s FROM PUBLIC;\n", kind, signature)
			}
			d.grants(kind+" "+signature, acl)
			return nil
		})
}

// quoteLiteral quotes s as a SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
