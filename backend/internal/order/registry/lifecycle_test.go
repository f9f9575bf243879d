package registry_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
)

// expiredSample is a 2023 CR-160 whose written last day, 2025-06-30, has passed.
func expiredSample(caseNumber string) order.Content {
	c := sample(caseNumber)
	c.IssuedOn, c.ExpiresOn = "2024-06-30", "2025-06-30"
	return c
}

// A proof of service is often filed after the order expired: it is taken when the
// service happened on or before the order's last day, and refused, naming
// servedOn and changing nothing, when it happened after.
func TestServiceOfAnExpiredOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, expiredSample("25CR0100"))
	if o.Status != "expired" {
		t.Fatalf("an order entered after its last day is %s", o.Status)
	}
	late := order.ServiceRecord{On: "2025-07-01", Method: "personal", ServedBy: "Deputy R. Ortiz"}
	status, _, body := w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", late)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"body.servedOn"`) ||
		!strings.Contains(string(body), "expired") {
		t.Fatalf("served after the last day: %d %s", status, body)
	}
	if n := w.count(t, `SELECT count(*) FROM orders WHERE id = $1 AND service_status = 'unserved' AND revision = 1`, o.ID); n != 1 {
		t.Errorf("the refused service changed the order")
	}

	inTime := order.ServiceRecord{On: "2025-06-30", Time: "23:10", Method: "personal", ServedBy: "Deputy R. Ortiz"}
	status, h, body := w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", inTime, "If-Match", `"r1"`)
	if status != http.StatusOK || h.Get("ETag") != `"r2"` {
		t.Fatalf("served on the last day, filed late: %d %s", status, body)
	}
	got := decode[order.Order](t, body)
	if got.Status != "expired" || got.Service.Status != "served" || got.Service.Record.On != "2025-06-30" {
		t.Errorf("after the late proof: %+v", got)
	}

	// Expired stays terminal for everything else: modify and cancel are refused.
	if s, _, b := w.do(t, "clerk-a", "PUT", "/orders/"+o.ID, expiredSample("25CR0100"), "If-Match", `"r2"`); s != http.StatusConflict {
		t.Errorf("modify an expired order: %d %s", s, b)
	}
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders/"+o.ID+"/cancel", map[string]string{"reason": "too late"}); s != http.StatusConflict {
		t.Errorf("cancel an expired order: %d %s", s, b)
	}
	// An order in force still refuses a service date after its written last day.
	live := sample("26CR0101")
	live.ExpiresOn = "2026-11-30"
	l := w.create(t, live)
	if s, _, b := w.do(t, "sheriff-a", "POST", "/orders/"+l.ID+"/service", order.ServiceRecord{On: "2026-11-26",
		Method: "personal", ServedBy: "Deputy R. Ortiz"}); s != http.StatusUnprocessableEntity || !strings.Contains(string(b), "body.servedOn") {
		t.Errorf("a service date in the future: %d %s", s, b)
	}
}

// A new order supersedes only a live order of the same court, case and type; every
// refusal names the field and changes nothing.
func TestSupersedeRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	old := w.create(t, sample("26CR0200"))
	orders := func() int { return w.count(t, `SELECT count(*) FROM orders`) }
	before := orders()
	unchanged := func(what string) {
		t.Helper()
		if n := w.count(t, `SELECT count(*) FROM orders WHERE id = $1 AND status = 'active' AND superseded_by IS NULL AND revision = 1`, old.ID); n != 1 {
			t.Errorf("%s: the old order changed", what)
		}
		if n := orders(); n != before {
			t.Errorf("%s: %d orders, want %d", what, n, before)
		}
	}

	// another court: court B cannot supersede court A's order, even with A's case number
	status, _, body := w.do(t, "clerk-b", "POST", "/orders?supersedes="+old.ID, sample("26CR0200"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"query.supersedes"`) {
		t.Errorf("another court: %d %s", status, body)
	}
	unchanged("another court")

	// a different case of the same court
	status, _, body = w.do(t, "clerk-a", "POST", "/orders?supersedes="+old.ID, sample("26CR0299"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"body.caseNumber"`) ||
		!strings.Contains(string(body), "26CR0200") {
		t.Errorf("a different case: %d %s", status, body)
	}
	unchanged("a different case")

	// not an order id
	status, _, body = w.do(t, "clerk-a", "POST", "/orders?supersedes=06NF0886", sample("26CR0200"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"query.supersedes"`) {
		t.Errorf("not an id: %d %s", status, body)
	}
	unchanged("not an id")

	// already terminal: a cancelled order is not superseded
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders/"+old.ID+"/cancel", map[string]string{"reason": "terminated by CR-165"}); s != http.StatusOK {
		t.Fatalf("cancel: %d %s", s, b)
	}
	status, _, body = w.do(t, "clerk-a", "POST", "/orders?supersedes="+old.ID, sample("26CR0200"))
	if status != http.StatusConflict || !strings.Contains(string(body), "cancelled") {
		t.Errorf("a cancelled order: %d %s", status, body)
	}
	if n := orders(); n != before {
		t.Errorf("after superseding a cancelled order: %d orders, want %d", n, before)
	}
	if n := w.count(t, `SELECT count(*) FROM orders WHERE id = $1 AND status = 'cancelled' AND superseded_by IS NULL`, old.ID); n != 1 {
		t.Errorf("the cancelled order changed")
	}

	// and a superseded one is not superseded twice
	first := w.create(t, sample("26CR0201"))
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders?supersedes="+first.ID, sample("26CR0201")); s != http.StatusCreated {
		t.Fatalf("supersede: %d %s", s, b)
	}
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders?supersedes="+first.ID, sample("26CR0201")); s != http.StatusConflict {
		t.Errorf("supersede a superseded order: %d %s", s, b)
	}
}

// The history names who saved each version, as the name was then.
func TestVersionsNameTheSaver(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0300"))
	c := sample("26CR0300")
	c.Conditions.StayAway.Yards = 150
	if s, _, b := w.do(t, "clerk-a2", "PUT", "/orders/"+o.ID, c, "If-Match", `"r1"`); s != http.StatusOK {
		t.Fatalf("modify: %d %s", s, b)
	}
	w.f.Exec(t, `UPDATE users SET display_name = 'Renamed Later' WHERE id = $1`, w.users["clerk-a"])
	status, _, body := w.do(t, "judge-b", "GET", "/orders/"+o.ID+"/versions", nil)
	if status != http.StatusOK {
		t.Fatalf("versions: %d %s", status, body)
	}
	vs := decode[struct{ Versions []order.VersionInfo }](t, body).Versions
	if len(vs) != 2 || vs[0].CreatedByName != "clerk-a" || vs[1].CreatedByName != "clerk-a2" ||
		vs[0].CreatedBy != w.users["clerk-a"] || vs[1].CreatedBy != w.users["clerk-a2"] {
		t.Errorf("versions %+v", vs)
	}
}
