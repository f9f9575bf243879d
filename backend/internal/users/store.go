package users

import (
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

var types = pgtype.NewMap()

// pgArray scans a text[] column.
func pgArray(dst *[]string) sql.Scanner { return types.SQLScanner(dst) }

// pgTextArray writes strings as a text[] literal, each element quoted.
func pgTextArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return "{" + strings.Join(q, ",") + "}"
}
