package dbschema

import "fmt"

// grant is one grantee's privileges on an object, as grantsOf aggregates them.
type grant struct {
	Grantee    string `json:"grantee"`
	Privileges string `json:"privileges"`
	Grantable  bool   `json:"grantable"`
}

func (g grant) option() string {
	if g.Grantable {
		return " WITH GRANT OPTION"
	}
	return ""
}

// grantsOf is a SQL expression: the privileges of acl (NULL meaning the default of
// the object kind, e.g. 'r' or 'f'; kind "" when acl is never NULL) as a JSON array
// of grants, one per grantee, leaving out the owner's own.
func grantsOf(acl, kind, owner string) string {
	if kind != "" {
		acl = fmt.Sprintf("coalesce(%s, acldefault(%s, %s))", acl, kind, owner)
	}
	return `(SELECT coalesce(json_agg(g ORDER BY g.grantee COLLATE "C", g.grantable), '[]')
		FROM (SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee,
			string_agg(DISTINCT a.privilege_type, ', ' ORDER BY a.privilege_type) AS privileges,
			a.is_grantable AS grantable
		FROM aclexplode(` + acl + `) a WHERE a.grantee <> ` + owner + `
		GROUP BY 1, 3) g)`
}

// grants prints a GRANT statement per grantee of object ("TABLE name", ...).
func (d *dumper) grants(object string, acl []grant) {
	for _, g := range acl {
		d.printf("GRANT %s ON %s TO %s%s;\n", g.Privileges, object, g.Grantee, g.option())
	}
}

func publicHas(acl []grant) bool {
	for _, g := range acl {
		if g.Grantee == "PUBLIC" {
			return true
		}
	}
	return false
}
