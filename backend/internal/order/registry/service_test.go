package registry_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

func TestAddGetModifyCancelServe(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0001"))
	if o.Status != "active" || o.Version != 1 || o.Expiry.Rule != calendar.RuleUntilFurtherOrder || o.Expiry.On != "" {
		t.Fatalf("created %+v", o)
	}
	if got := strings.Join(o.PCOCodes, ","); got != "01,04,05,07" {
		t.Errorf("PCO codes %s", got)
	}
	if o.FormItems["noContact"] != "12" || o.FormItems["stayAway"] != "13" {
		t.Errorf("form items %v", o.FormItems)
	}
	status, h, body := w.do(t, "judge-b", "GET", "/orders/"+o.ID, nil)
	if status != 200 || h.Get("ETag") != `"r1"` {
		t.Fatalf("get from court B: %d %s %s", status, h.Get("ETag"), body)
	}

	c := sample("26CR0001")
	c.Conditions.StayAway.Yards = 150
	c.Modification = true
	status, h, body = w.do(t, "clerk-a", "PUT", "/orders/"+o.ID, c, "If-Match", `"r1"`)
	if status != 200 || h.Get("ETag") != `"r2"` {
		t.Fatalf("modify: %d %s", status, body)
	}
	if m := decode[order.Order](t, body); m.Version != 2 || m.Content.Conditions.StayAway.Yards != 150 {
		t.Fatalf("modified %+v", m)
	}
	status, _, body = w.do(t, "judge-a", "GET", "/orders/"+o.ID+"/versions", nil)
	if status != 200 || strings.Count(string(body), `"version"`) != 2 {
		t.Fatalf("versions: %d %s", status, body)
	}
	status, _, body = w.do(t, "judge-a", "GET", "/orders/"+o.ID+"/diff?from=1&to=2", nil)
	want := `{"changes":[{"field":"conditions.stayAway.yards","from":100,"to":150},{"field":"modification","to":true}]}`
	if status != 200 || strings.TrimSpace(string(body)) != want {
		t.Fatalf("diff: %d %s\nwant %s", status, body, want)
	}
	if status, _, body = w.do(t, "judge-a", "GET", "/orders/"+o.ID+"?version=1", nil); status != 200 ||
		decode[order.Order](t, body).Content.Conditions.StayAway.Yards != 100 || decode[order.Order](t, body).Version != 1 {
		t.Fatalf("version 1: %d %s", status, body)
	}

	status, h, body = w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service",
		order.ServiceRecord{On: "2026-11-24", Time: "14:05", Method: "personal", ServedBy: "Deputy R. Ortiz", Agency: "Alpha County Sheriff"},
		"If-Match", `"r2"`)
	if status != 200 || h.Get("ETag") != `"r3"` {
		t.Fatalf("serve: %d %s", status, body)
	}
	if s := decode[order.Order](t, body).Service; s.Status != "served" || s.Record.ServedBy != "Deputy R. Ortiz" {
		t.Errorf("service %+v", s)
	}
	status, _, body = w.do(t, "clerk-a", "POST", "/orders/"+o.ID+"/cancel", map[string]string{"reason": "terminated by CR-165"})
	if status != 200 {
		t.Fatalf("cancel: %d %s", status, body)
	}
	if got := decode[order.Order](t, body); got.Status != "cancelled" || got.Cancellation.Reason != "terminated by CR-165" || got.Cancellation.On != "2026-11-25" {
		t.Errorf("cancelled %+v", got)
	}
	status, _, body = w.do(t, "clerk-a", "GET", "/orders?caseNumber=26CR0001", nil)
	if status != 200 || !strings.Contains(string(body), `"status":"cancelled"`) {
		t.Errorf("list: %d %s", status, body)
	}
	status, _, body = w.do(t, "judge-b", "GET", "/orders?court="+w.a+"&caseNumber=26CR0001", nil)
	if status != 200 || !strings.Contains(string(body), o.ID) {
		t.Errorf("list court A's case from court B: %d %s", status, body)
	}
	// every read and change is in the audit log
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE object_id = $1 AND action LIKE 'order.%'`, o.ID); n < 8 {
		t.Errorf("%d audit events for the order", n)
	}
}

// Two clerks read the same ETag and modify at once: exactly one wins, the other
// gets 412 and changes nothing.
func TestModifyRaceOneWins(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0002"))
	for round := 0; round < 5; round++ {
		cur, err := w.svc.Get(context.Background(), w.as["clerk-a"], o.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"clerk-a", "clerk-a2"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := sample("26CR0002")
				c.Conditions.StayAway.Yards = 200 + 10*round + i
				_, errs[i] = w.svc.Modify(context.Background(), w.as[who], o.ID, registry.ModifyRequest{Content: c, IfMatch: cur.ETag})
			}()
		}
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, apperr.ErrPreconditionFailed):
				lost++
			default:
				t.Fatal(err)
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("round %d: %d won, %d lost (%v)", round, won, lost, errs)
		}
	}
	if n := w.count(t, `SELECT count(*) FROM order_versions WHERE order_id = $1`, o.ID); n != 6 {
		t.Errorf("%d versions, want 6", n)
	}
	status, _, _ := w.do(t, "clerk-a", "PUT", "/orders/"+o.ID, sample("26CR0002"), "If-Match", `"r1"`)
	if status != http.StatusPreconditionFailed {
		t.Errorf("stale ETag: %d", status)
	}
}

// Court B reads A's order (statewide sharing) but cannot change it: 404, as for
// an order that does not exist.
func TestAnotherCourtCannotChangeAnOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0003"))
	for _, tc := range []struct{ method, path string }{
		{"PUT", "/orders/" + o.ID}, {"POST", "/orders/" + o.ID + "/cancel"}, {"POST", "/orders/" + o.ID + "/service"},
	} {
		var body any = sample("26CR0003")
		switch {
		case strings.HasSuffix(tc.path, "cancel"):
			body = map[string]string{"reason": "not mine"}
		case strings.HasSuffix(tc.path, "service"):
			body = order.ServiceRecord{On: "2026-11-24", Method: "personal", ServedBy: "x"}
		}
		who := "clerk-b"
		if strings.HasSuffix(tc.path, "service") {
			who = "sheriff-b"
		}
		if status, _, b := w.do(t, who, tc.method, tc.path, body, "If-Match", `"r1"`); status != http.StatusNotFound {
			t.Errorf("%s %s as %s: %d %s", tc.method, tc.path, who, status, b)
		}
	}
	if n := w.count(t, `SELECT revision FROM orders WHERE id = $1`, o.ID); n != 1 {
		t.Errorf("revision %d after court B's attempts", n)
	}
	// B may use A's case number for its own order
	status, _, body := w.do(t, "clerk-b", "POST", "/orders", sample("26CR0003"))
	if status != http.StatusCreated {
		t.Errorf("court B, same case number: %d %s", status, body)
	}
	// but A has one live order per case and type
	if status, _, _ := w.do(t, "clerk-a", "POST", "/orders", sample("26CR0003")); status != http.StatusConflict {
		t.Errorf("second live order in the case: %d", status)
	}
}

// Protected persons' addresses: the issuing court and sheriffs see them, other
// courts see them masked; the masking is row-level security, not Go.
func TestProtectedAddressesAreMaskedOutsideTheIssuingCourtAndSheriffs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0004"))
	for who, visible := range map[string]bool{"clerk-a": true, "judge-a": true, "sheriff-a": true, "sheriff-b": true,
		"clerk-b": false, "judge-b": false} {
		got, err := w.svc.Get(context.Background(), w.as[who], o.ID, 0)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		p := got.Content.ProtectedPersons[0]
		if visible && (p.Address != "123 Main Street, Fullerton, CA 92835" || p.AddressMasked) {
			t.Errorf("%s sees %+v, want the address", who, p)
		}
		if !visible && (p.Address != "" || !p.AddressMasked) {
			t.Errorf("%s sees %+v, want it masked", who, p)
		}
	}
	// the version row itself holds no address
	if n := w.count(t, `SELECT count(*) FROM order_versions WHERE order_id = $1 AND content::text LIKE '%Main Street%'`, o.ID); n != 0 {
		t.Error("an address is in the version's content")
	}
}

func TestIdempotentCreate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := sample("26CR0005")
	s1, _, b1 := w.do(t, "clerk-a", "POST", "/orders", c, "Idempotency-Key", "k-1")
	s2, _, b2 := w.do(t, "clerk-a", "POST", "/orders", c, "Idempotency-Key", "k-1")
	if s1 != 201 || s2 != 200 || decode[order.Order](t, b1).ID != decode[order.Order](t, b2).ID {
		t.Fatalf("replay: %d %d\n%s\n%s", s1, s2, b1, b2)
	}
	// another user's key is another key
	if s, _, b := w.do(t, "clerk-a2", "POST", "/orders", sample("26CR0006"), "Idempotency-Key", "k-1"); s != 201 {
		t.Fatalf("another clerk, same key: %d %s", s, b)
	}
	if n := w.count(t, `SELECT count(*) FROM orders`); n != 2 {
		t.Errorf("%d orders, want 2", n)
	}
}

func TestDraftsStayInTheirCourtUntilIssued(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	status, _, body := w.do(t, "clerk-a", "POST", "/orders?draft=true", sample("26CR0007"))
	if status != 201 {
		t.Fatalf("draft: %d %s", status, body)
	}
	o := decode[order.Order](t, body)
	if s, _, _ := w.do(t, "judge-b", "GET", "/orders/"+o.ID, nil); s != 404 {
		t.Errorf("court B reads a draft: %d", s)
	}
	if s, _, b := w.do(t, "clerk-a", "PUT", "/orders/"+o.ID+"?issue=true", sample("26CR0007"), "If-Match", `"r1"`); s != 200 {
		t.Fatalf("issue: %d %s", s, b)
	}
	if s, _, _ := w.do(t, "judge-b", "GET", "/orders/"+o.ID, nil); s != 200 {
		t.Errorf("court B reads the issued order: %d", s)
	}
}

// The database decides who reads order content, whatever the role rules in Go
// say: a court administrator reads none, a court that does not share statewide is
// read by nobody else.
func TestTheDatabaseKeepsOrderContentFromThoseWhoMayNotReadIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0008"))
	if _, err := w.svc.Get(context.Background(), w.as["admin-a"], o.ID, 0); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("a court administrator reads an order: %v", err)
	}
	if got, err := w.svc.List(context.Background(), w.as["admin-a"], "", "26CR0008"); err != nil || len(got) != 0 {
		t.Errorf("a court administrator lists %v (%v)", got, err)
	}
	// a judicial officer or an administrator writes nothing, even past the role rules
	for _, who := range []string{"judge-a", "admin-a"} {
		if _, _, err := w.svc.Create(context.Background(), w.as[who], registry.CreateRequest{Content: sample("26CR0018")}); err == nil {
			t.Errorf("%s added an order", who)
		}
		if _, err := w.svc.Modify(context.Background(), w.as[who], o.ID, registry.ModifyRequest{Content: sample("26CR0008"), IfMatch: "*"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s modified an order: %v", who, err)
		}
	}
	w.f.Exec(t, `UPDATE courts SET shares_statewide = false WHERE id = $1`, w.a)
	if _, err := w.svc.Get(context.Background(), w.as["judge-b"], o.ID, 0); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("court B reads the order of a court that does not share: %v", err)
	}
	if got, err := w.svc.Get(context.Background(), w.as["judge-a"], o.ID, 0); err != nil || got.Content.ProtectedPersons[0].Address == "" {
		t.Errorf("the issuing court's judge: %v %+v", err, got.Content.ProtectedPersons)
	}
}

// A new order may supersede a live one of the court (a terminal state); the
// superseded order then takes no changes.
func TestSupersede(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	old := w.create(t, sample("26CR0009"))
	status, _, body := w.do(t, "clerk-a", "POST", "/orders?supersedes="+old.ID, sample("26CR0009"))
	if status != 201 {
		t.Fatalf("supersede: %d %s", status, body)
	}
	neu := decode[order.Order](t, body)
	got, err := w.svc.Get(context.Background(), w.as["judge-a"], old.ID, 0)
	if err != nil || got.Status != "superseded" || got.SupersededBy != neu.ID {
		t.Fatalf("the old order: %+v %v", got, err)
	}
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders/"+old.ID+"/cancel", map[string]string{"reason": "too late"}); s != http.StatusConflict {
		t.Errorf("cancel a superseded order: %d %s", s, b)
	}
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders/"+neu.ID+"/cancel", map[string]string{"reason": "stale"}, "If-Match", `"r9"`); s != http.StatusPreconditionFailed {
		t.Errorf("cancel with a stale ETag: %d %s", s, b)
	}
	if s, _, b := w.do(t, "clerk-b", "POST", "/orders?supersedes="+neu.ID, sample("26CR0009")); s != http.StatusUnprocessableEntity {
		t.Errorf("court B supersedes court A's order: %d %s", s, b)
	}
}

// An order's read and its event go in one round trip: the event is appended only
// when the order and version read are there for the caller, and a read whose
// event cannot be appended fails (fail closed) and answers nothing.
func TestGetRecordsItsReadInTheSameRoundTrip(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	o := w.create(t, sample("26GR0001"))
	admin := dbtest.Conn(t, w.d.AdminURL)
	reads := func() (n int) {
		t.Helper()
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE action = 'order.read' AND object_id = $1`, o.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	got, err := w.svc.Get(ctx, w.as["clerk-a"], o.ID, 0)
	if err != nil || got.ID != o.ID || got.Content.RestrainedPerson.Name != o.Content.RestrainedPerson.Name {
		t.Fatalf("get: %+v %v", got, err)
	}
	if n := reads(); n != 1 {
		t.Fatalf("%d read events after one read, want 1", n)
	}
	if _, err := w.svc.Get(ctx, w.as["clerk-a"], o.ID, 7); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("a version that does not exist: %v, want not found", err)
	}
	if n := reads(); n != 1 {
		t.Errorf("%d read events after a read of a missing version, want still 1", n)
	}
	w.f.Exec(t, "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) FROM ccpor_app")
	got, err = w.svc.Get(ctx, w.as["clerk-a"], o.ID, 0)
	if !errors.Is(err, apperr.ErrUnavailable) || got.ID != "" {
		t.Errorf("with the audit log broken: %+v %v, want unavailable and nothing", got.ID, err)
	}
}
