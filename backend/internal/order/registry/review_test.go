package registry_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// reviewRows is the reasons of the audit rows of an order's conflict review.
func (w *world) reviewRows(t *testing.T, action, id string) []string {
	t.Helper()
	rows, err := dbtest.Conn(t, w.d.AdminURL).Query(context.Background(),
		`SELECT reason FROM audit_events WHERE action = $1 AND object_id = $2 ORDER BY id`, action, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// A clerk who saw the conflicting orders and saved anyway is recorded with their
// ids; a client that never looked is recorded as not reviewed; an order with
// nothing related records neither.
func TestConflictsReviewRecorded(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	x := w.create(t, sample("26CF0001")) // nothing before it
	if got := append(w.reviewRows(t, "order.conflicts_proceed", x.ID), w.reviewRows(t, "order.conflicts_unreviewed", x.ID)...); len(got) != 0 {
		t.Errorf("an order with no related order recorded a review: %q", got)
	}

	// Court B's clerk checked, saw x, and saved anyway.
	y := sample("26FL0002")
	y.RestrainedPerson.Name = "Mark Jones"
	status, hdr, body := w.do(t, "clerk-b", "POST", "/orders?conflictsReviewed="+x.ID, y)
	if status != http.StatusCreated {
		t.Fatalf("create y: %d %s", status, body)
	}
	yo := decode[order.Order](t, body)
	got := w.reviewRows(t, "order.conflicts_proceed", yo.ID)
	want := "proceeded despite 1 conflicting order (" + x.ID + ")"
	if len(got) != 1 || got[0] != want {
		t.Errorf("proceed rows of y %q, want [%q]", got, want)
	}
	if n := len(w.reviewRows(t, "order.conflicts_unreviewed", yo.ID)); n != 0 {
		t.Errorf("y also recorded as not reviewed (%d rows)", n)
	}

	// A client that never looked: both related orders recorded as not reviewed.
	z := w.create(t, sample("26CF0003"))
	got = w.reviewRows(t, "order.conflicts_unreviewed", z.ID)
	if len(got) != 1 || !strings.HasPrefix(got[0], "not reviewed before saving: 2 conflicting orders (") ||
		!strings.Contains(got[0], x.ID) || !strings.Contains(got[0], yo.ID) {
		t.Errorf("unreviewed rows of z %q", got)
	}
	if n := len(w.reviewRows(t, "order.conflicts_proceed", z.ID)); n != 0 {
		t.Errorf("z recorded as proceeded (%d rows)", n)
	}

	// A modify whose check found nothing, but which now finds orders: the proceed
	// names the orders the clerk was not shown.
	y.Conditions.StayAway.Yards = 150
	status, _, body = w.do(t, "clerk-b", "PUT", "/orders/"+yo.ID+"?conflictsReviewed="+precedence.ReviewedNone, y, "If-Match", hdr.Get("ETag"))
	if status != http.StatusOK {
		t.Fatalf("modify y: %d %s", status, body)
	}
	got = w.reviewRows(t, "order.conflicts_proceed", yo.ID)
	if len(got) != 2 || !strings.HasPrefix(got[1], "proceeded despite 2 conflicting orders (") ||
		!strings.Contains(got[1], "; not shown before saving: 2 orders (") {
		t.Errorf("proceed rows of y after the modify %q", got)
	}

	// An order protecting someone else is related, not conflicting.
	q := sample("26CF0005")
	q.ProtectedPersons = []order.ProtectedPerson{{Name: "Quentin Brown", DOB: "1990-02-02"}}
	ids := x.ID + "," + yo.ID + "," + z.ID
	status, _, body = w.do(t, "clerk-a", "POST", "/orders?conflictsReviewed="+url.QueryEscape(ids), q)
	if status != http.StatusCreated {
		t.Fatalf("create q: %d %s", status, body)
	}
	qo := decode[order.Order](t, body)
	got = w.reviewRows(t, "order.conflicts_proceed", qo.ID)
	if len(got) != 1 || !strings.HasPrefix(got[0], "proceeded despite 0 conflicting orders; 3 related orders (") || strings.Contains(got[0], "not shown") {
		t.Errorf("proceed rows of q %q", got)
	}
}

// A court that does not share is named in the record; a long list is cut so the
// reason fits the audit log.
func TestConflictsReviewNamesCourtsElsewhere(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	c := w.f.Court(t, "charlie", false)
	clerkC := w.f.User(t, "clerk-c")
	w.f.Grant(t, clerkC, c, "clerk")
	pc, _ := w.f.Session(t, clerkC, c)
	if _, _, err := w.svc.Create(ctx, pc, registry.CreateRequest{Content: sample("26CF0004")}); err != nil {
		t.Fatal(err)
	}
	o, _, err := w.svc.Create(ctx, w.as["clerk-a"], registry.CreateRequest{Content: sample("26CF0006"), ConflictsReviewed: precedence.ReviewedNone})
	if err != nil {
		t.Fatal(err)
	}
	got := w.reviewRows(t, "order.conflicts_proceed", o.ID)
	if len(got) != 1 || got[0] != "proceeded despite 0 conflicting orders; possibly at Superior Court of charlie" {
		t.Errorf("proceed rows %q", got)
	}
	for i := 0; i < 10; i++ {
		w.create(t, sample(fmt.Sprintf("26CF01%02d", i)))
	}
	last := w.create(t, sample("26CF0199"))
	got = w.reviewRows(t, "order.conflicts_unreviewed", last.ID)
	if len(got) != 1 || !strings.Contains(got[0], "11 conflicting orders (") || !strings.Contains(got[0], " and 3 more)") {
		t.Errorf("unreviewed rows %q", got)
	}
}

// A bad acknowledgement is refused naming the parameter, and changes nothing.
func TestConflictsReviewedBadValues(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	status, hdr, body := w.do(t, "clerk-a", "POST", "/orders", sample("26CR0100"))
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	o := decode[order.Order](t, body)
	many := make([]string, 51)
	for i := range many {
		many[i] = uuid.NewString()
	}
	for _, tc := range []struct{ name, value, message string }{
		{"a word", "yes", "item 1 (\"yes\") is not an order id"},
		{"a capitalised none", "None", "is not an order id"},
		{"an empty item", o.ID + ",", "item 2 (\"\") is not an order id"},
		{"a number", "3", "is not an order id"},
		{"more ids than a check shows", strings.Join(many, ","), "names 51 orders; at most 50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.count(t, `SELECT (SELECT count(*) FROM orders) * 1000 + (SELECT coalesce(sum(revision), 0) FROM orders)`)
			q := "?conflictsReviewed=" + url.QueryEscape(tc.value)
			for _, req := range []struct {
				method, path string
				headers      []string
			}{{"POST", "/orders" + q, nil}, {"PUT", "/orders/" + o.ID + q, []string{"If-Match", hdr.Get("ETag")}}} {
				status, _, body := w.do(t, "clerk-a", req.method, req.path, sample("26CR0100"), req.headers...)
				if status != http.StatusUnprocessableEntity {
					t.Fatalf("%s: status %d, want 422: %s", req.method, status, body)
				}
				p := decode[problem](t, body)
				if len(p.Errors) != 1 || p.Errors[0].Location != "query.conflictsReviewed" || !strings.Contains(p.Errors[0].Message, tc.message) {
					t.Errorf("%s: the problem does not name query.conflictsReviewed (%q): %s", req.method, tc.message, body)
				}
			}
			if after := w.count(t, `SELECT (SELECT count(*) FROM orders) * 1000 + (SELECT coalesce(sum(revision), 0) FROM orders)`); after != before {
				t.Errorf("the refused request changed the registry")
			}
		})
	}
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action IN ('order.create', 'order.modify') AND outcome = 'invalid' AND reason LIKE '%query.conflictsReviewed%'`); n != 10 {
		t.Errorf("%d refusals audited, want 10", n)
	}
}
