package db

import (
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

var types = pgtype.NewMap()

// ScanTextArray scans a text[] column into dst.
func ScanTextArray(dst *[]string) sql.Scanner { return types.SQLScanner(dst) }

// TextArray writes strings as a text[] literal, each element quoted (gorm would
// expand a slice into a list of parameters).
func TextArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return "{" + strings.Join(q, ",") + "}"
}
