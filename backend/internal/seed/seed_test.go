package seed

import (
	"context"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestDemoSeedIsIdempotentAndFollowsTheSeedDocument(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	n, err := Demo(ctx, d.MaintURL, "http://localhost:8080/idp")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("first run applied %d steps, want 3", n)
	}
	if n, err = Demo(ctx, d.MaintURL, "http://localhost:8080/idp"); err != nil || n != 0 {
		t.Errorf("second run: %d steps, %v; want 0 (idempotent)", n, err)
	}
	conn := dbtest.Conn(t, d.AdminURL)
	var counties, tribal, statewide, live, liveNoClets, planned int
	err = conn.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE kind = 'county'), count(*) FILTER (WHERE kind = 'tribal'),
		count(*) FILTER (WHERE kind = 'statewide'),
		count(*) FILTER (WHERE onboarding_status = 'live' AND kind = 'county'),
		count(*) FILTER (WHERE onboarding_status = 'live' AND NOT clets_submitting AND kind = 'county'),
		count(*) FILTER (WHERE onboarding_status = 'planned')
		FROM courts`).Scan(&counties, &tribal, &statewide, &live, &liveNoClets, &planned)
	if err != nil {
		t.Fatal(err)
	}
	if counties != 58 || tribal != 3 || statewide != 1 || live != 22 || liveNoClets != 6 || planned != 36 {
		t.Errorf("courts: %d counties, %d tribal, %d statewide, %d live (%d not CLETS-submitting), %d planned",
			counties, tribal, statewide, live, liveNoClets, planned)
	}
	for _, tc := range []struct {
		code, ori string
		clets     bool
		status    string
	}{
		{"orange", "CA030013J", false, "planned"},
		{"fresno", "CA010013J", false, "live"},
		{"riverside", "CA033013J", true, "live"},
		{"san-francisco", "CA038013J", false, "planned"},
	} {
		var ori, status string
		var clets bool
		if err := conn.QueryRow(ctx, "SELECT ori, clets_submitting, onboarding_status FROM courts WHERE code = $1", tc.code).
			Scan(&ori, &clets, &status); err != nil {
			t.Fatalf("%s: %v", tc.code, err)
		}
		if ori != tc.ori || clets != tc.clets || status != tc.status {
			t.Errorf("%s: %s %v %s; want %s %v %s", tc.code, ori, clets, status, tc.ori, tc.clets, tc.status)
		}
	}
}
