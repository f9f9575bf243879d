package users_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A court administrator shortens a CLETS certification, or revokes it (its last
// day set in the past): the latest record counts, not the latest date, and the
// user's sessions lose CLETS access at once. Each act is audited as what it is.
func TestCertificationShortenedAndRevoked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	clerk := w.users["clerk-a"]
	w.f.Session(t, clerk, w.a)
	day := func(months, days int) string { return time.Now().In(la).AddDate(0, months, days).Format(time.DateOnly) }
	current := func() bool {
		t.Helper()
		var ok bool
		if err := w.admin.QueryRow(ctx, `SELECT bool_and(coalesce(clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date, false))
			FROM session_scopes WHERE user_id = $1`, clerk).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if err := w.svc.Certify(ctx, w.as["admin-a"], w.a, clerk, day(12, 0)); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Certify(ctx, w.as["admin-a2"], w.a, clerk, day(1, 0)); err != nil {
		t.Fatal(err)
	}
	if got := w.list(t); !strings.Contains(got, "clets:"+day(1, 0)+";") {
		t.Errorf("after shortening to %s: %s", day(1, 0), got)
	}
	if !current() {
		t.Error("a shortened certification no longer current")
	}
	if err := w.svc.Certify(ctx, w.as["admin-a"], w.a, clerk, day(0, -1)); err != nil {
		t.Fatalf("revoking (last day yesterday): %v", err)
	}
	if current() {
		t.Error("a revoked certification still gives CLETS access")
	}
	if got := w.list(t); strings.Contains(got, "clets:"+day(1, 0)) || strings.Contains(got, "clets:"+day(12, 0)) {
		t.Errorf("after revoking: %s", got)
	}
	for _, reason := range []string{"CLETS certified until " + day(12, 0), "CLETS certification shortened to " + day(1, 0),
		"CLETS certification revoked"} {
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'court.users.certify' AND outcome = 'success'
			AND object_id = $1 AND reason LIKE $2 || '%'`, clerk, reason); n != 1 {
			t.Errorf("audit events %q: %d, want 1", reason, n)
		}
	}
	// Renewing after a revocation works as before.
	if err := w.svc.Certify(ctx, w.as["admin-a"], w.a, clerk, day(6, 0)); err != nil || !current() {
		t.Errorf("renewed after revocation: %v, current %v", err, current())
	}
}
