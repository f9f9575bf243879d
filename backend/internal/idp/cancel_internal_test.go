package idp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// A refused sign-in whose client has hung up (the request's context cancelled) is
// still counted and audited: the page's transaction and its record do not end with
// the request.
func TestAFailureOfACancelledRequestIsRecorded(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	dbtest.NewTenants(t, d).Statewide(t)
	app := d.App(t, 2)
	log := audit.NewLog(prometheus.NewRegistry())
	record := func(ctx context.Context, tx *gorm.DB, e auth.Event) error {
		return log.Record(ctx, tx, audit.Event{Action: audit.Action(e.Action), Outcome: audit.Outcome(e.Outcome),
			ObjectType: e.ObjectType, ObjectID: e.ObjectID, Reason: e.Reason, Actor: e.Actor})
	}
	pg := &pages{p: &Provider{opts: Options{Record: record}, storage: &Storage{db: app}}}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, Path+"/login/password", nil)
	pg.failed(r, actionPassword, "", "nobody", "no_second_factor")

	var n int
	if err := dbtest.Conn(t, d.AdminURL).QueryRow(context.Background(),
		"SELECT count(*) FROM audit_events WHERE action = $1 AND outcome = 'denied' AND actor = 'nobody'", actionPassword).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d refusals recorded, want 1", n)
	}
}
