package registry_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// TestCourtAuditorsSeeOtherCourtsReadsOfTheirOrders: court B reads court A's
// order; A's auditor sees that read, with B as the reader's court, and nothing
// else of B's log; B's auditor still sees B's own read.
func TestCourtAuditorsSeeOtherCourtsReadsOfTheirOrders(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	auditor := func(name, court string) db.Principal {
		u := w.f.User(t, name)
		w.f.Grant(t, u, court, "auditor")
		p, _ := w.f.Session(t, u, court)
		return p
	}
	auditorA, auditorB := auditor("auditor-a", w.a), auditor("auditor-b", w.b)
	theirs := w.create(t, sample("26CR0101"))
	if status, _, body := w.do(t, "clerk-b", "POST", "/orders", sample("26CR0102")); status != http.StatusCreated {
		t.Fatalf("court B's own order: %d %s", status, body)
	}
	if _, err := w.svc.Get(ctx, w.as["clerk-b"], theirs.ID, 0); err != nil {
		t.Fatalf("court B reads court A's order: %v", err)
	}
	log := audit.NewLog(prometheus.NewRegistry())
	app := w.d.App(t, 1)
	search := func(p db.Principal) []audit.Record {
		t.Helper()
		got, err := log.Search(ctx, app, p, audit.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	var fromB []audit.Record
	for _, r := range search(auditorA) {
		if r.CourtID != w.a {
			fromB = append(fromB, r)
		}
	}
	if len(fromB) != 1 || fromB[0].CourtID != w.b || fromB[0].Action != "order.read" || fromB[0].ObjectID != theirs.ID ||
		fromB[0].UserID != w.users["clerk-b"] {
		t.Fatalf("court A's auditor sees of court B's log %+v; want only clerk-b's read of order %s", fromB, theirs.ID)
	}

	var own bool
	for _, r := range search(auditorB) {
		if r.CourtID != w.b {
			t.Errorf("court B's auditor sees an event of court %s: %+v", r.CourtID, r)
		}
		own = own || (r.Action == "order.read" && r.ObjectID == theirs.ID && r.UserID == w.users["clerk-b"])
	}
	if !own {
		t.Error("court B's auditor does not see B's read of court A's order")
	}
}
