package db_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// world is a small registry: courts A and B share statewide, C does not; each has
// a note (a stand-in for order content) and a CARPOS note (CLETS-guarded).
type world struct {
	d       *dbtest.DB
	f       *dbtest.Tenants
	app     *db.DB
	a, b, c string
	as      map[string]db.Principal // principal per name
	users   map[string]string
	members map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	d := dbtest.New(t)
	ctx := context.Background()
	owner := dbtest.Conn(t, d.OwnerURL)
	// The pattern every later registry table adopts: court_id, a court-scoped unique
	// key, one call to tenancy_apply, and a worker policy as narrow as its jobs.
	for _, s := range []string{
		`CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			court_id uuid NOT NULL REFERENCES courts, case_number text NOT NULL)`,
		`CREATE UNIQUE INDEX notes_case ON notes (court_id, case_number)`,
		`CALL tenancy_apply('notes', 'orders')`,
		`CREATE POLICY notes_worker_read ON notes FOR SELECT TO ccpor_worker USING (true)`,
		`GRANT SELECT ON notes TO ccpor_worker`,
		`CREATE VIEW notes_view WITH (security_invoker = true) AS SELECT court_id, case_number FROM notes`,
		`GRANT SELECT ON notes_view TO ccpor_app`,
		`CREATE TABLE carpos_notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			court_id uuid NOT NULL REFERENCES courts, fcn text NOT NULL)`,
		`CALL tenancy_apply('carpos_notes', 'orders', clets => true)`,
	} {
		if _, err := owner.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	w := &world{d: d, f: dbtest.NewTenants(t, d), as: map[string]db.Principal{}, users: map[string]string{}, members: map[string]string{}}
	w.a, w.b, w.c = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true), w.f.Court(t, "charlie", false)
	for court, id := range map[string]string{"A": w.a, "B": w.b, "C": w.c} {
		w.f.Exec(t, `INSERT INTO notes (court_id, case_number) VALUES ($1, $2)`, id, "CASE-"+court)
		w.f.Exec(t, `INSERT INTO carpos_notes (court_id, fcn) VALUES ($1, $2)`, id, "F-"+court)
	}
	for _, u := range []struct{ name, court, role string }{
		{"clerk-a", w.a, "clerk"}, {"judge-a", w.a, "judicial_officer"}, {"sheriff-a", w.a, "sheriff"},
		{"helpdesk-a", w.a, "helpdesk"}, {"admin-a", w.a, "court_admin"}, {"auditor-a", w.a, "auditor"},
		{"clerk-c", w.c, "clerk"},
	} {
		w.users[u.name] = w.f.User(t, u.name)
		w.members[u.name] = w.f.Grant(t, w.users[u.name], u.court, u.role)
		w.as[u.name], _ = w.f.Session(t, w.users[u.name], u.court)
	}
	var err error
	if w.app, err = db.Open(ctx, d.AppURL, 2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.app.Close() })
	return w
}

// visible returns the case numbers p can read, through the table and the view.
func (w *world) visible(t *testing.T, p db.Principal, extra ...string) []string {
	t.Helper()
	var out, viaView []string
	err := w.app.Tx(context.Background(), p, func(tx *gorm.DB) error {
		for i := 0; i+1 < len(extra); i += 2 {
			if err := tx.Exec("SELECT set_config(?, ?, true)", extra[i], extra[i+1]).Error; err != nil {
				return err
			}
		}
		if err := tx.Raw("SELECT case_number FROM notes ORDER BY case_number").Scan(&out).Error; err != nil {
			return err
		}
		return tx.Raw("SELECT case_number FROM notes_view ORDER BY case_number").Scan(&viaView).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(viaView) {
		t.Errorf("the view shows %v but the table %v", viaView, out)
	}
	return out
}

func (w *world) exec(p db.Principal, sql string, args ...any) (int64, error) {
	var n int64
	err := w.app.Tx(context.Background(), p, func(tx *gorm.DB) error {
		r := tx.Exec(sql, args...)
		n = r.RowsAffected
		return r.Error
	})
	return n, err
}

func TestReadsFollowCourtsAndRoles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	forged := w.as["clerk-a"]
	forged.CourtID = w.c
	badHash := w.as["clerk-a"]
	badHash.SessionHash = "' OR true --"
	for _, tc := range []struct {
		name  string
		p     db.Principal
		extra []string
		want  string
	}{
		{"nothing stated", db.Principal{}, nil, "[]"},
		{"clerk reads its court and the sharing courts", w.as["clerk-a"], nil, "[CASE-A CASE-B]"},
		{"judicial officer reads statewide", w.as["judge-a"], nil, "[CASE-A CASE-B]"},
		{"sheriff reads statewide", w.as["sheriff-a"], nil, "[CASE-A CASE-B]"},
		{"a court that does not share still reads its own", w.as["clerk-c"], nil, "[CASE-A CASE-B CASE-C]"},
		{"help desk reads no order content", w.as["helpdesk-a"], nil, "[]"},
		{"court admin reads no order content", w.as["admin-a"], nil, "[]"},
		{"auditor reads no order content", w.as["auditor-a"], nil, "[]"},
		{"forged acting court grants nothing", forged, nil, "[]"},
		{"a malformed session hash grants nothing", badHash, nil, "[]"},
		{"forged flags grant nothing", w.as["clerk-a"], []string{
			"ccpor.statewide", "true", "ccpor.role", "platform_admin", "ccpor.user_id", w.users["clerk-c"],
			"ccpor.clets", "true",
		}, "[CASE-A CASE-B]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(w.visible(t, tc.p, tc.extra...)); got != tc.want {
				t.Errorf("reads %s, want %s", got, tc.want)
			}
		})
	}
}

func TestTheApplicationRoleCannotBecomeAnother(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, stmt := range []string{"SET ROLE ccpor_maint", "SET ROLE ccpor_owner", "SELECT set_config('role', 'ccpor_worker', true)"} {
		if _, err := w.exec(w.as["clerk-a"], stmt); err == nil {
			t.Errorf("%s was allowed", stmt)
		}
	}
}

func TestNothingStatedOnAReusedConnectionDenies(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, err := db.Open(ctx, w.d.AppURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	// The one connection has carried a principal; the next transaction states none.
	if err := app.Tx(ctx, w.as["clerk-c"], func(tx *gorm.DB) error { return tx.Exec("SELECT 1 FROM notes").Error }); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.SQL().QueryRowContext(ctx, "SELECT count(*) FROM notes").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("a reused connection with nothing stated reads %d rows", n)
	}
	if _, err := app.SQL().ExecContext(ctx, "INSERT INTO notes (court_id, case_number) VALUES ($1, 'X')", w.c); err == nil {
		t.Error("a reused connection with nothing stated inserted a row")
	}
}

func TestWritesStayInTheActingCourt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	clerk := w.as["clerk-a"]
	if n, err := w.exec(clerk, "UPDATE notes SET case_number = case_number || '-X' WHERE court_id = ?", w.b); err != nil || n != 0 {
		t.Errorf("UPDATE of court B's readable row: %d rows, %v; want 0 rows", n, err)
	}
	if _, err := w.exec(clerk, "INSERT INTO notes (court_id, case_number) VALUES (?, 'NEW')", w.b); err == nil {
		t.Error("INSERT into court B was allowed")
	}
	if _, err := w.exec(clerk, "UPDATE notes SET court_id = ? WHERE court_id = ?", w.b, w.a); err == nil {
		t.Error("moving a row to court B was allowed")
	}
	if n, err := w.exec(clerk, "INSERT INTO notes (court_id, case_number) VALUES (?, 'NEW-A')", w.a); err != nil || n != 1 {
		t.Errorf("INSERT into the acting court: %d, %v", n, err)
	}
	if _, err := w.exec(clerk, "DELETE FROM notes WHERE court_id = ?", w.a); err == nil {
		t.Error("DELETE was allowed")
	}
	// Court-scoped unique keys: C may use a case number that A uses, and learns nothing.
	if n, err := w.exec(w.as["clerk-c"], "INSERT INTO notes (court_id, case_number) VALUES (?, 'CASE-A')", w.c); err != nil || n != 1 {
		t.Errorf("court C reusing court A's case number: %d, %v", n, err)
	}
	if got := fmt.Sprint(w.visible(t, w.as["clerk-a"])); got != "[CASE-A CASE-B NEW-A]" {
		t.Errorf("after the writes court A reads %s", got)
	}
}

func TestEndedAccessReadsNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, tc := range []struct {
		name  string
		setup func()
	}{
		{"revoked membership", func() { w.f.Revoke(t, w.members["judge-a"]) }},
		{"disabled account", func() { w.f.Exec(t, "UPDATE users SET disabled_at = now() WHERE id = $1", w.users["sheriff-a"]) }},
		{"expired session", func() {
			w.f.Exec(t, "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", w.users["clerk-c"])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.setup() })
	}
	for _, who := range []string{"judge-a", "sheriff-a", "clerk-c"} {
		if got := w.visible(t, w.as[who]); len(got) != 0 {
			t.Errorf("%s still reads %v", who, got)
		}
	}
}

func TestCARPOSDataNeedsACurrentCLETSCertification(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	today := time.Now().In(clock.Pacific)
	count := func(p db.Principal) int {
		var n int
		if err := w.app.Tx(context.Background(), p, func(tx *gorm.DB) error {
			return tx.Raw("SELECT count(*) FROM carpos_notes").Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(w.as["clerk-a"]); n != 0 {
		t.Errorf("not certified: %d rows", n)
	}
	w.f.Certify(t, w.users["clerk-a"], w.a, today.AddDate(0, 0, -1))
	if n := count(w.as["clerk-a"]); n != 0 {
		t.Errorf("certified until yesterday: %d rows", n)
	}
	w.f.Certify(t, w.users["judge-a"], w.a, today.AddDate(0, 0, 1))
	if n := count(w.as["judge-a"]); n != 2 {
		t.Errorf("certified until tomorrow: %d rows, want A's and B's", n)
	}
	// Certification does not widen the courts read.
	w.f.Certify(t, w.users["admin-a"], w.a, today.AddDate(1, 0, 0))
	if n := count(w.as["admin-a"]); n != 0 {
		t.Errorf("a certified court admin reads %d CARPOS rows", n)
	}
}

func TestWorkerReadsAcrossCourts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	pool, err := db.OpenPool(ctx, w.d.WorkerURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("worker reads %d notes, want all 3", n)
	}
	// The CLETS table grants the worker nothing.
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM carpos_notes").Scan(&n); err == nil {
		t.Error("the worker read a table whose policies do not name it")
	}
}

// 200 goroutines alternate between two courts that do not share over a pool of two
// connections; not one of them ever sees the other court's row.
func TestPrincipalsNeverLeakAcrossPooledConnections(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	d := w.f.Court(t, "delta", false)
	w.f.Exec(t, `INSERT INTO notes (court_id, case_number) VALUES ($1, 'CASE-D')`, d)
	dUser := w.f.User(t, "clerk-d")
	w.f.Grant(t, dUser, d, "clerk")
	pd, _ := w.f.Session(t, dUser, d)
	want := map[string]string{w.as["clerk-c"].SessionHash: "[CASE-A CASE-B CASE-C]", pd.SessionHash: "[CASE-A CASE-B CASE-D]"}
	principals := []db.Principal{w.as["clerk-c"], pd}

	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				p := principals[(i+j)%2]
				var got []string
				err := w.app.Tx(context.Background(), p, func(tx *gorm.DB) error {
					return tx.Raw("SELECT case_number FROM notes ORDER BY case_number").Scan(&got).Error
				})
				if err != nil {
					errs <- err
					return
				}
				if fmt.Sprint(got) != want[p.SessionHash] {
					errs <- fmt.Errorf("goroutine %d read %v, want %s", i, got, want[p.SessionHash])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// The policies' predicates use the index that court_id leads: the hot lookups, as
// the application role, never scan a large table.
func TestPoliciesUseTheIndexes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.f.Exec(t, `INSERT INTO notes (court_id, case_number)
		SELECT c.id, 'BULK-' || g FROM courts c, generate_series(1, 5000) g`)
	w.f.Exec(t, `INSERT INTO sessions (token_hash, user_id, active_court_id, expires_at)
		SELECT sha256(g::text::bytea), $1, $2, now() + interval '1 hour' FROM generate_series(1, 3000) g`, w.users["clerk-c"], w.c)
	w.f.Exec(t, `ANALYZE notes`)
	w.f.Exec(t, `ANALYZE session_scopes`)
	for _, q := range []string{
		"SELECT case_number FROM notes WHERE court_id = '" + w.b + "' AND case_number = 'BULK-17'",
		"SELECT case_number FROM notes WHERE case_number = 'BULK-17'",
		"UPDATE notes SET case_number = 'BULK-17' WHERE court_id = '" + w.a + "' AND case_number = 'BULK-17'",
	} {
		var plan []string
		err := w.app.Tx(context.Background(), w.as["clerk-a"], func(tx *gorm.DB) error {
			return tx.Raw("EXPLAIN " + q).Scan(&plan).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprint(plan)
		if strings.Contains(text, "Seq Scan on notes") || strings.Contains(text, "Seq Scan on session_scopes") {
			t.Errorf("%s\n%s", q, strings.Join(plan, "\n"))
		}
	}
}
