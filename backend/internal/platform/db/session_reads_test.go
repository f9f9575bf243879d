package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// The two reads of every authenticated request are planned once (00050):
// session_lookup is PL/pgSQL, which keeps its plan for the connection, and
// app_whoami is inlined into the query that calls it (a scan of session_scopes
// in the plan, no call of a function planning its own query).
func TestSessionReadsArePlannedOnce(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	app := dbtest.Conn(t, d.AppURL)
	ctx := context.Background()
	var lang string
	if err := app.QueryRow(ctx, `SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
		WHERE p.oid = 'session_lookup(bytea)'::regprocedure`).Scan(&lang); err != nil {
		t.Fatal(err)
	}
	if lang != "plpgsql" {
		t.Errorf("session_lookup is %s", lang)
	}
	rows, err := app.Query(ctx, `EXPLAIN (COSTS OFF) SELECT w.user_id, w.court_id, w.clets_current
		FROM session_lookup(decode('00', 'hex')) s LEFT JOIN app_whoami() w ON true`)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if strings.Contains(text, "Function Scan on app_whoami") || !strings.Contains(text, "session_scopes") {
		t.Errorf("app_whoami is not inlined:\n%s", text)
	}
	// Same answer as before for a session that is none: no row.
	var n int
	if err := app.QueryRow(ctx, `SELECT count(*) FROM app_whoami()`).Scan(&n); err != nil || n != 0 {
		t.Errorf("app_whoami with no session stated: %d rows, %v", n, err)
	}
}
