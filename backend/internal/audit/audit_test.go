package audit_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

type fixture struct {
	d        *dbtest.DB
	f        *dbtest.Tenants
	app      *db.DB
	log      *audit.Log
	a, b     string
	clerkA   db.Principal
	clerkB   db.Principal
	auditorA db.Principal
	auditorS db.Principal
}

func setup(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.New(t)
	fx := &fixture{d: d, f: dbtest.NewTenants(t, d), log: audit.NewLog(prometheus.NewRegistry())}
	fx.a, fx.b = fx.f.Court(t, "alpha", true), fx.f.Court(t, "bravo", true)
	statewide := fx.f.Statewide(t)
	as := func(name, court, role string) db.Principal {
		u := fx.f.User(t, name)
		fx.f.Grant(t, u, court, role)
		p, _ := fx.f.Session(t, u, court)
		p.RequestID, p.ClientAddr = "req-"+name, "192.0.2.7"
		return p
	}
	fx.clerkA, fx.clerkB = as("clerk-a", fx.a, "clerk"), as("clerk-b", fx.b, "clerk")
	fx.auditorA, fx.auditorS = as("auditor-a", fx.a, "auditor"), as("auditor-s", statewide, "auditor")
	fx.app = d.App(t, 2)
	return fx
}

func (fx *fixture) record(t *testing.T, p db.Principal, e audit.Event) {
	t.Helper()
	if err := fx.app.Tx(context.Background(), p, func(tx *gorm.DB) error { return fx.log.Record(context.Background(), tx, e) }); err != nil {
		t.Fatal(err)
	}
}

func (fx *fixture) actions(t *testing.T, p db.Principal) []string {
	t.Helper()
	var out []string
	if err := fx.app.Tx(context.Background(), p, func(tx *gorm.DB) error {
		return tx.Raw("SELECT action || ':' || outcome FROM audit_events ORDER BY id").Scan(&out).Error
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOnlyAuditorsReadAndNobodyChangesTheLog(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectType: "order", ObjectID: "o-1"})
	fx.record(t, fx.clerkB, audit.Event{Action: "order.read", ObjectType: "order", ObjectID: "o-2"})

	for _, tc := range []struct {
		name string
		p    db.Principal
		want int
	}{
		{"clerk", fx.clerkA, 0},
		{"court auditor reads its court", fx.auditorA, 1},
		{"statewide auditor reads every court", fx.auditorS, 2},
		{"nobody", db.Principal{}, 0},
	} {
		if got := len(fx.actions(t, tc.p)); got != tc.want {
			t.Errorf("%s reads %d events, want %d", tc.name, got, tc.want)
		}
	}
	for _, stmt := range []string{
		"UPDATE audit_events SET reason = 'x'",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
		"INSERT INTO audit_events (court_id, action, outcome) VALUES ('" + fx.a + "', 'order.read', 'success')",
		"SELECT audit_purge(interval '400 days')",
		"UPDATE audit_events SET hash = NULL",
	} {
		for _, p := range []db.Principal{fx.clerkA, fx.auditorS} {
			err := fx.app.Tx(context.Background(), p, func(tx *gorm.DB) error { return tx.Exec(stmt).Error })
			if err == nil {
				t.Errorf("the application role ran %q", stmt)
			}
		}
	}
	// What the database took from the principal, not from the caller.
	var user, court, req, addr string
	err := dbtest.Conn(t, fx.d.AdminURL).QueryRow(context.Background(), `SELECT u.username, c.code, e.request_id, e.client_addr
		FROM audit_events e JOIN users u ON u.id = e.user_id JOIN courts c ON c.id = e.court_id WHERE e.object_id = 'o-1'`).
		Scan(&user, &court, &req, &addr)
	if err != nil || user != "clerk-a" || court != "alpha" || req != "req-clerk-a" || addr != "192.0.2.7" {
		t.Errorf("recorded %s %s %s %s (%v)", user, court, req, addr, err)
	}
}

func TestFailuresSurviveTheRollbackAndSuccessesDoNot(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	ctx := context.Background()
	refused := errors.New("refused")
	err := fx.app.Tx(ctx, fx.clerkA, func(tx *gorm.DB) error {
		if err := fx.log.Record(ctx, tx, audit.Event{Action: "order.modify", ObjectID: "o-1"}); err != nil {
			return err
		}
		return refused // the act fails after recording its success: both roll back
	})
	if !errors.Is(err, refused) {
		t.Fatal(err)
	}
	if err := fx.log.RecordFailure(ctx, fx.app, fx.clerkA, audit.Event{Action: "order.modify", Outcome: audit.Denied, ObjectID: "o-1", Reason: "stale version"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(fx.actions(t, fx.auditorA), ","); got != "order.modify:denied" {
		t.Errorf("the log holds %q, want only the denial", got)
	}
	// A failed sign-in of an unknown user lands on the statewide chain.
	if err := fx.log.RecordFailure(ctx, fx.app, db.Principal{RequestID: "r"}, audit.Event{Action: "auth.sign_in", Outcome: audit.Denied, Actor: "nobody"}); err != nil {
		t.Fatal(err)
	}
	if got := fx.actions(t, fx.auditorS); len(got) != 2 || got[1] != "auth.sign_in:denied" {
		t.Errorf("the statewide auditor reads %v", got)
	}
}

func TestFailsClosedWhenTheLogCannotBeWritten(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	reg := prometheus.NewRegistry()
	log := audit.NewLog(reg)
	dbtest.NewTenants(t, fx.d).Exec(t, "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) FROM ccpor_app")
	err := fx.app.Tx(context.Background(), fx.clerkA, func(tx *gorm.DB) error {
		return log.Record(context.Background(), tx, audit.Event{Action: "order.read", ObjectID: "o-1"})
	})
	if !errors.Is(err, apperr.ErrUnavailable) {
		t.Fatalf("got %v, want ErrUnavailable", err)
	}
	if n, _ := testutil.GatherAndCount(reg, "ccpor_audit_write_failures_total"); n != 1 {
		t.Errorf("failure metric series: %d", n)
	}
	if v := testutil.ToFloat64(getCounter(t, reg)); v != 1 {
		t.Errorf("failures counted: %v", v)
	}
}

func getCounter(t *testing.T, reg *prometheus.Registry) prometheus.Collector {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil || len(mfs) != 1 {
		t.Fatalf("gather: %v %d", err, len(mfs))
	}
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "x"})
	c.Add(mfs[0].Metric[0].Counter.GetValue())
	return c
}

func workerPool(t *testing.T, d *dbtest.DB) *pgxpool.Pool {
	t.Helper()
	pool, err := db.OpenPool(context.Background(), d.WorkerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func verify(t *testing.T, d *dbtest.DB) ([]audit.Break, int) {
	t.Helper()
	breaks, n, err := audit.Verify(context.Background(), dbtest.Conn(t, d.MaintURL))
	if err != nil {
		t.Fatal(err)
	}
	return breaks, n
}

func TestSealedChainsVerifyAndTamperingIsNamed(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	ctx := context.Background()
	for i := range 5 {
		fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectID: string(rune('a' + i))})
		fx.record(t, fx.clerkB, audit.Event{Action: "order.read", ObjectID: string(rune('k' + i))})
	}
	pool := workerPool(t, fx.d)
	if n, err := audit.Seal(ctx, pool); err != nil || n != 10 {
		t.Fatalf("sealed %d, %v", n, err)
	}
	fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectID: "late"})
	if n, err := audit.Seal(ctx, pool); err != nil || n != 1 {
		t.Fatalf("second pass sealed %d, %v", n, err)
	}
	if breaks, n := verify(t, fx.d); len(breaks) != 0 || n != 11 {
		t.Fatalf("an untouched log: %v breaks over %d rows", breaks, n)
	}
	// The worker cannot touch a sealed row's chain or any row's content.
	if _, err := pool.Exec(ctx, "UPDATE audit_events SET reason = 'x'"); err == nil {
		t.Error("the worker changed an event's content")
	}
	if tag, err := pool.Exec(ctx, "UPDATE audit_events SET hash = NULL, sealed_at = now()"); err == nil && tag.RowsAffected() > 0 {
		t.Error("the worker rewrote a sealed chain")
	}

	admin := dbtest.NewTenants(t, fx.d)
	var target int64
	if err := dbtest.Conn(t, fx.d.AdminURL).QueryRow(ctx, "SELECT id FROM audit_events WHERE object_id = 'c'").Scan(&target); err != nil {
		t.Fatal(err)
	}
	admin.Exec(t, "UPDATE audit_events SET object_id = 'forged' WHERE id = $1", target)
	breaks, _ := verify(t, fx.d)
	if len(breaks) != 1 || breaks[0].ID != target || !strings.Contains(breaks[0].String(), "content does not match") {
		t.Fatalf("a changed row: %v, want a break at event %d", breaks, target)
	}
	admin.Exec(t, "DELETE FROM audit_events WHERE object_id = 'm'")
	if breaks, _ := verify(t, fx.d); len(breaks) != 2 || !strings.Contains(breaks[1].String()+breaks[0].String(), "missing") {
		t.Fatalf("a deleted row: %v", breaks)
	}
}

func TestPurgeKeepsAYearAndCarriesTheAnchor(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	ctx := context.Background()
	for i := range 6 {
		fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectID: string(rune('a' + i))})
	}
	admin := dbtest.NewTenants(t, fx.d)
	admin.Exec(t, "UPDATE audit_events SET occurred_at = now() - interval '400 days' WHERE object_id IN ('a', 'b', 'c')")
	admin.Exec(t, "UPDATE audit_events SET occurred_at = now() - interval '364 days' WHERE object_id = 'd'")
	pool := workerPool(t, fx.d)
	if _, err := audit.Seal(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "SELECT audit_purge(interval '30 days')"); err == nil {
		t.Error("a purge keeping less than a year ran")
	}
	var removed int
	if err := pool.QueryRow(ctx, "SELECT audit_purge(interval '365 days')").Scan(&removed); err != nil {
		t.Fatal(err)
	}
	if removed != 3 {
		t.Errorf("purged %d rows, want the 3 older than a year", removed)
	}
	if breaks, n := verify(t, fx.d); len(breaks) != 0 || n != 3 {
		t.Errorf("after the purge: %v breaks over %d rows", breaks, n)
	}
	fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectID: "after"})
	if _, err := audit.Seal(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if breaks, n := verify(t, fx.d); len(breaks) != 0 || n != 4 {
		t.Errorf("after sealing on: %v breaks over %d rows", breaks, n)
	}
}

func TestTheSealingJobRunsOnTheWorker(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	fx.record(t, fx.clerkA, audit.Event{Action: "order.read", ObjectID: "x"})
	pool := workerPool(t, fx.d)
	runner, err := jobs.NewRunner(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), 2,
		audit.Jobs(pool, time.Second, 365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer runner.Stop(context.Background())
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, n := verify(t, fx.d); n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the sealing job did not seal the event")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A refusal answered to a client that has gone away is still on the record.
func TestRecordFailureAppendsWhenTheRequestIsCancelled(t *testing.T) {
	t.Parallel()
	fx := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := fx.log.RecordFailure(ctx, fx.app, fx.clerkA, audit.Event{Action: "order.modify", Outcome: audit.Denied, ObjectID: "o-1", Reason: "stale version"}); err != nil {
		t.Fatalf("record with a cancelled request: %v", err)
	}
	if got := strings.Join(fx.actions(t, fx.auditorA), ","); got != "order.modify:denied" {
		t.Errorf("the log holds %q, want the denial", got)
	}
}

// A failure that cannot be recorded is logged at error level with its act. Not
// parallel: it replaces the default logger, which the log falls back to outside a
// request.
func TestAFailureThatCannotBeRecordedIsLogged(t *testing.T) {
	fx := setup(t)
	dbtest.NewTenants(t, fx.d).Exec(t, "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) FROM ccpor_app")
	var out strings.Builder
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&out, nil)))
	defer slog.SetDefault(prev)

	fx.log.RecordFailureOrLog(context.Background(), fx.app, fx.clerkA, audit.Event{Action: "order.modify", Outcome: audit.Denied, ObjectType: "order", ObjectID: "o-1"})
	got := out.String()
	for _, want := range []string{`"level":"ERROR"`, `"action":"order.modify"`, `"object_id":"o-1"`, "audit_append"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %s: %s", want, got)
		}
	}
}
