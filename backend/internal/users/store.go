package users

import (
	"database/sql"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// pgArray scans a text[] column.
func pgArray(dst *[]string) sql.Scanner { return db.ScanTextArray(dst) }

// pgTextArray writes strings as a text[] literal, each element quoted.
func pgTextArray(ss []string) string { return db.TextArray(ss) }
