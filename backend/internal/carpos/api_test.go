package carpos_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/carpos"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// serveAPI serves the order and CARPOS operations; a request acts as the user
// named by X-Test-As, with the CLETS certification the database says it has
// today (as the sign-in does, through app_whoami).
func (g *gw) serveAPI(t *testing.T) string {
	t.Helper()
	log := audit.NewLog(prometheus.NewRegistry())
	svc := carpos.NewService(g.app, log, g.svc, g.gateway, clock.Real{})
	r := chi.NewRouter()
	api := httpapi.NewAPI(r, "")
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		p := g.as[ctx.Header("X-Test-As")]
		var clets bool
		err := g.app.Tx(ctx.Context(), p, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT coalesce(clets_current, false) FROM app_whoami()`).Row().Scan(&clets)
		})
		if err != nil {
			t.Errorf("whoami: %v", err)
		}
		next(huma.WithContext(ctx, auth.WithCaller(ctx.Context(), auth.Caller{CourtID: p.CourtID, Principal: p, CLETSCurrent: clets})))
	})
	registry.Routes(g.svc)(api)
	carpos.Routes(svc)(api)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL
}

func call(t *testing.T, base, who, method, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Test-As", who)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// CLETS-certified staff see an order's messages and its FCN and NIC, how long
// the DOJ took and whether it was in time.
func TestStatusForCertifiedStaff(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.start(t)
	base := g.serveAPI(t)
	o := g.create(t, "clerk-a", "26API0001", false)
	g.modify(t, o, 200)
	g.settle(t)
	status, body := call(t, base, "certified-a", "GET", "/orders/"+o.ID+"/carpos")
	if status != 200 {
		t.Fatalf("status: %d %s", status, body)
	}
	var st carpos.Status
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if st.State != "acknowledged" || !regexp.MustCompile(`^F[0-9]{15}$`).MatchString(st.FCN) ||
		!regexp.MustCompile(`^H[0-9]{10}$`).MatchString(st.NIC) || len(st.Messages) != 2 {
		t.Fatalf("status: %+v", st)
	}
	m := st.Messages[0]
	if m.Kind != "ENTER" || m.SecondsToAck == nil || *m.SecondsToAck < 0 || m.Late || !strings.Contains(m.Text, "NAM/JONES,MARC") {
		t.Errorf("entry: %+v", m)
	}
	if st.Messages[1].Kind != "MODIFY" || st.Messages[1].Seq != 2 {
		t.Errorf("modify: %+v", st.Messages[1])
	}
	// an order of the court with nothing sent (a draft)
	d := g.create(t, "clerk-a", "26API0002", true)
	if status, body := call(t, base, "certified-a", "GET", "/orders/"+d.ID+"/carpos"); status != 200 || !strings.Contains(string(body), `"state":"not_sent"`) {
		t.Errorf("a draft: %d %s", status, body)
	}
	if status, _ := call(t, base, "certified-a", "GET", "/orders/not-an-id/carpos"); status != 404 {
		t.Errorf("a bad id: %d", status)
	}
}

// A user never certified, and one certified until yesterday, get no CARPOS data
// from any endpoint, and zero rows at the SQL level.
func TestNoCarposDataWithoutCurrentCertification(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{RejectShare: 1})
	g.start(t)
	base := g.serveAPI(t)
	o := g.create(t, "clerk-a", "26API0010", false)
	ms := g.settle(t)
	if len(ms) != 1 || ms[0].State != carpos.StateRejected {
		t.Fatalf("setup: %+v", ms)
	}
	endpoints := []struct{ method, path string }{
		{"GET", "/orders/" + o.ID + "/carpos"},
		{"GET", "/carpos/queue"},
		{"POST", "/carpos/messages/" + ms[0].ID + "/resend"},
	}
	for _, who := range []string{"clerk-a", "lapsed-a"} {
		for _, e := range endpoints {
			status, body := call(t, base, who, e.method, e.path)
			if status != http.StatusForbidden || strings.Contains(string(body), ms[0].ID) {
				t.Errorf("%s %s as %s: %d %s", e.method, e.path, who, status, body)
			}
		}
		// the order itself carries no CARPOS data
		status, body := call(t, base, who, "GET", "/orders/"+o.ID)
		if status != 200 || strings.Contains(strings.ToLower(string(body)), "fcn") || strings.Contains(string(body), "carpos") {
			t.Errorf("the order as %s: %d %s", who, status, body)
		}
		var n, updated int64
		err := g.app.Tx(context.Background(), g.as[who], func(tx *gorm.DB) error {
			if err := tx.Raw(`SELECT count(*) FROM carpos_messages`).Row().Scan(&n); err != nil {
				return err
			}
			res := tx.Exec(`UPDATE carpos_messages SET state = 'pending'`)
			updated = res.RowsAffected
			return res.Error
		})
		if err != nil || n != 0 || updated != 0 {
			t.Errorf("SQL as %s: %d rows, %d updated, %v", who, n, updated, err)
		}
		err = g.app.Tx(context.Background(), g.as[who], func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO carpos_messages (court_id, order_id, seq, kind, order_version, body)
				VALUES (?, ?, 99, 'ENTER', 1, 'x')`, g.a, o.ID).Error
		})
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("a direct insert as %s: %v", who, err)
		}
	}
	// the same reads as a certified user find the message
	var n int64
	if err := g.app.Tx(context.Background(), g.as["certified-a"], func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM carpos_messages`).Row().Scan(&n)
	}); err != nil || n != 1 {
		t.Errorf("as certified: %d %v", n, err)
	}
}

// The work queue shows the rejection and its reason; the fix is made on the
// order, and the resend delivers it once.
func TestWorkQueueAndResend(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{RejectShare: 1})
	g.start(t)
	base := g.serveAPI(t)
	o := g.create(t, "clerk-a", "26API0020", false)
	g.settle(t)
	status, body := call(t, base, "certified-a", "GET", "/carpos/queue")
	var q struct{ Messages []carpos.MessageInfo }
	if status != 200 || json.Unmarshal(body, &q) != nil || len(q.Messages) != 1 {
		t.Fatalf("queue: %d %s", status, body)
	}
	m := q.Messages[0]
	if m.OrderID != o.ID || m.CaseNumber != "26API0020" || m.State != "rejected" || !strings.Contains(m.Reason, "rejected by the DOJ") || m.RejectedAt == nil {
		t.Errorf("queued: %+v", m)
	}
	// a resend that the DOJ would still refuse is refused by field
	g.f.Exec(t, `UPDATE courts SET ori = NULL WHERE id = $1`, g.a)
	status, body = call(t, base, "certified-a", "POST", "/carpos/messages/"+m.ID+"/resend")
	if status != 422 || !strings.Contains(string(body), "court.ori") {
		t.Errorf("resend without an ORI: %d %s", status, body)
	}
	g.f.Exec(t, `UPDATE courts SET ori = 'CA030013J' WHERE id = $1`, g.a)
	g.sim.SetFaults(carpos.Faults{})
	status, body = call(t, base, "certified-a", "POST", "/carpos/messages/"+m.ID+"/resend")
	if status != 200 || !strings.Contains(string(body), `"state":"pending"`) {
		t.Fatalf("resend: %d %s", status, body)
	}
	if status, _ := call(t, base, "certified-a", "POST", "/carpos/messages/"+m.ID+"/resend"); status != 409 {
		t.Errorf("a second resend: %d, want 409", status)
	}
	if status, _ := call(t, base, "certified-a", "POST", "/carpos/messages/7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71/resend"); status != 404 {
		t.Errorf("an unknown message: %d, want 404", status)
	}
	ms := g.settle(t)
	if len(ms) != 1 || ms[0].State != carpos.StateAcknowledged {
		t.Fatalf("after the resend: %+v", ms)
	}
	// the refusal made no record; the resend, under a key of its own, made one
	recs := g.sim.Records()
	if len(recs) != 1 || recs[0].Key != m.ID+".1" {
		t.Errorf("the DOJ holds %+v", recs)
	}
	g.exactlyOnce(t, ms)
	if status, body := call(t, base, "certified-a", "GET", "/carpos/queue"); status != 200 || strings.Contains(string(body), m.ID) {
		t.Errorf("queue after the resend: %d %s", status, body)
	}
}

// The seed's CLETS response, entered against the seed's CR-160, lists every
// difference between the two documents.
func TestHitComparisonOfTheSeed(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	base := g.serveAPI(t)
	seed := carpos.SeedOrder(t)
	o, _, err := g.svc.Create(context.Background(), g.as["clerk-a"], registry.CreateRequest{Content: seed.Content})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../../testdata/seed/clets-response-seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"response": string(raw)})
	post := func(who, id string, b []byte) (int, []byte) {
		req, _ := http.NewRequest("POST", base+"/orders/"+id+"/clets-hit", bytes.NewReader(b))
		req.Header.Set("X-Test-As", who)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}
	status, out := post("certified-a", o.ID, body)
	if status != 200 {
		t.Fatalf("compare: %d %s", status, out)
	}
	var h carpos.HitComparison
	if err := json.Unmarshal(out, &h); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range h.Differences {
		got[d.Field] = d.A + " | " + d.B
	}
	want := map[string]string{
		"ORI":                  "CA030013J | CA111111J",
		"OCA":                  "06NF0886 | 11NF1111",
		"COURT CASE NUMBER":    "06NF0886 | 11NF1111",
		"HAI":                  "BRN | BRO",
		"PROTECTED PERSON DOB": "19770101 | 19660707",
		"ISSUE DATE":           "20060607 | 20060101",
		"COURT NAME":           "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ORANGE (NORTH JUSTICE CENTER) | ORANGE COUNTY SUPERIOR (SANTA ANA)",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("differences:\n got %v\nwant %v", got, want)
	}
	if h.Response.FCN != "F111111111111111" || h.Response.NIC != "H1111111111" || h.Version != 1 {
		t.Errorf("read from the response: %+v", h.Response)
	}
	for who, want := range map[string]int{"clerk-a": 403, "lapsed-a": 403} {
		if status, _ := post(who, o.ID, body); status != want {
			t.Errorf("as %s: %d, want %d", who, status, want)
		}
	}
	if status, out := post("certified-a", o.ID, []byte(`{"response":"HELLO"}`)); status != 422 || !strings.Contains(string(out), "body.response") {
		t.Errorf("an unreadable response: %d %s", status, out)
	}
	if status, _ := post("certified-a", "7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71", body); status != 404 {
		t.Errorf("an unknown order: %d", status)
	}
}

// A sheriff records a hit confirmation: it belongs to the sheriff's court, keeps
// the order's version and the differences, and is audited; the outcome must fit.
func TestHitConfirmation(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	base := g.serveAPI(t)
	seed := carpos.SeedOrder(t)
	o, _, err := g.svc.Create(context.Background(), g.as["clerk-a"], registry.CreateRequest{Content: seed.Content})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../../testdata/seed/clets-response-seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	post := func(who string, v any) (int, []byte) {
		b, _ := json.Marshal(v)
		req, _ := http.NewRequest("POST", base+"/clets-hits", bytes.NewReader(b))
		req.Header.Set("X-Test-As", who)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}
	in := map[string]string{"orderId": o.ID, "response": string(raw), "outcome": "expired", "note": "expired 2009"}
	status, out := post("sheriff-b", in)
	if status != 201 {
		t.Fatalf("confirm: %d %s", status, out)
	}
	var c carpos.Confirmation
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatal(err)
	}
	if c.CourtID != g.b || c.OrderID != o.ID || c.OrderVersion != 1 || c.Outcome != "expired" || len(c.Differences) != 7 {
		t.Errorf("confirmation: %+v", c)
	}
	for name, tc := range map[string]struct {
		who   string
		body  map[string]string
		want  int
		field string
	}{
		"in force, but expired":   {"sheriff-b", map[string]string{"orderId": o.ID, "response": string(raw), "outcome": "confirmed_in_force"}, 422, "body.outcome"},
		"not found with an order": {"sheriff-b", map[string]string{"orderId": o.ID, "response": string(raw), "outcome": "not_found"}, 422, "body.orderId"},
		"no order":                {"sheriff-b", map[string]string{"response": string(raw), "outcome": "modified"}, 422, "body.orderId"},
		"unknown outcome":         {"sheriff-b", map[string]string{"orderId": o.ID, "response": string(raw), "outcome": "fine"}, 422, "body.outcome"},
		"not certified":           {"sheriff-b-uncertified", in, 403, ""},
		"a certified clerk":       {"certified-a", in, 403, ""},
	} {
		status, out := post(tc.who, tc.body)
		if status != tc.want || !strings.Contains(string(out), tc.field) {
			t.Errorf("%s: %d %s", name, status, out)
		}
	}
	if status, out := post("sheriff-b", map[string]string{"response": string(raw), "outcome": "not_found"}); status != 201 {
		t.Errorf("not found: %d %s", status, out)
	}
	req, _ := http.NewRequest("GET", base+"/clets-hits", nil)
	req.Header.Set("X-Test-As", "sheriff-b")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var list struct{ Confirmations []carpos.Confirmation }
	if res.StatusCode != 200 || json.Unmarshal(b, &list) != nil || len(list.Confirmations) != 2 {
		t.Errorf("list: %d %s", res.StatusCode, b)
	}
	var audited int
	if err := g.admin.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'carpos.hit_confirm' AND court_id = $1`, g.b).Scan(&audited); err != nil || audited != 2 {
		t.Errorf("audited confirmations: %d %v", audited, err)
	}
}

// Search by FCN and NIC: certified staff find the order the DOJ numbered; a user
// never certified, and one certified until yesterday, are refused; bad numbers
// are refused by field.
func TestFindByFCNAndNIC(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.start(t)
	base := g.serveAPI(t)
	o := g.create(t, "clerk-a", "26API0030", false)
	other := g.create(t, "clerk-a", "26API0031", false)
	g.settle(t)
	_, body := call(t, base, "certified-a", "GET", "/orders/"+o.ID+"/carpos")
	var st carpos.Status
	if err := json.Unmarshal(body, &st); err != nil || st.FCN == "" || st.NIC == "" {
		t.Fatalf("status: %s %v", body, err)
	}
	find := func(who, query string) (int, []carpos.Found, string) {
		status, body := call(t, base, who, "GET", "/carpos/orders?"+query)
		var out struct{ Orders []carpos.Found }
		_ = json.Unmarshal(body, &out)
		return status, out.Orders, string(body)
	}
	for _, q := range []string{"fcn=" + st.FCN, "nic=" + st.NIC, "fcn=" + st.FCN + "&nic=" + st.NIC} {
		status, found, body := find("certified-a", q)
		if status != 200 || len(found) != 1 || found[0].OrderID != o.ID || found[0].CaseNumber != "26API0030" ||
			found[0].FCN != st.FCN || found[0].NIC != st.NIC || found[0].Status != "active" {
			t.Errorf("%s: %d %s", q, status, body)
		}
		if strings.Contains(body, other.ID) {
			t.Errorf("%s found the other order: %s", q, body)
		}
	}
	if status, found, body := find("certified-a", "fcn=F000000000000000"); status != 200 || len(found) != 0 {
		t.Errorf("an unknown FCN: %d %s", status, body)
	}
	for q, field := range map[string]string{"": "fcn", "fcn=061590000012345": "fcn", "fcn=F12": "fcn", "nic=H12345": "nic", "nic=" + st.FCN: "nic"} {
		if status, _, body := find("certified-a", q); status != 422 || !strings.Contains(body, `"location":"`+field+`"`) {
			t.Errorf("%q: %d %s", q, status, body)
		}
	}
	for _, who := range []string{"clerk-a", "lapsed-a"} {
		for _, q := range []string{"fcn=" + st.FCN, "nic=" + st.NIC} {
			if status, _, body := find(who, q); status != http.StatusForbidden || strings.Contains(body, o.ID) {
				t.Errorf("%s as %s: %d %s", q, who, status, body)
			}
		}
	}
}
