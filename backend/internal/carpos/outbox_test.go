package carpos_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/carpos"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/jobs"
)

// now is the tests' instant: Wednesday 2026-11-25, 10:00 in California.
var now = time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)

// gw is a registry with a CLETS-submitting court (A), one that does not submit
// (B), their clerks, the order service with the gateway as its hook, and the
// simulated DOJ. Workers start with start().
type gw struct {
	d       *dbtest.DB
	f       *dbtest.Tenants
	svc     *registry.Service
	app     *db.DB
	sim     *carpos.Sim
	simURL  string
	opts    carpos.Options
	gateway *carpos.Gateway
	a, b    string
	as      map[string]db.Principal
	users   map[string]string
	admin   *pgx.Conn // the cluster's superuser, to read what the tests check
	adminMu sync.Mutex
}

func newGW(t testing.TB, opts carpos.Options) *gw {
	t.Helper()
	d := dbtest.New(t)
	app := d.App(t, 8)
	ins, err := jobs.NewInserter(app.SQL())
	if err != nil {
		t.Fatal(err)
	}
	g := &gw{d: d, f: dbtest.NewTenants(t, d), app: app, opts: opts, as: map[string]db.Principal{}, users: map[string]string{}}
	g.admin = dbtest.Conn(t, d.AdminURL)
	g.svc = registry.NewService(app, audit.NewLog(prometheus.NewRegistry()), clock.NewManual(now))
	g.gateway = carpos.NewGateway(ins, opts)
	g.svc.AddHook(g.gateway)
	g.a, g.b = g.f.Court(t, "alpha", true), g.f.Court(t, "bravo", true)
	g.f.Exec(t, `UPDATE courts SET clets_submitting = true, ori = 'CA030013J', contact_phone = '(714) 935-7236' WHERE id = $1`, g.a)
	for _, u := range []struct{ name, court, role string }{
		{"clerk-a", g.a, "clerk"}, {"clerk-b", g.b, "clerk"}, {"certified-a", g.a, "clerk"}, {"lapsed-a", g.a, "clerk"},
		{"sheriff-b", g.b, "sheriff"}, {"sheriff-b-uncertified", g.b, "sheriff"},
	} {
		g.users[u.name] = g.f.User(t, u.name)
		g.f.Grant(t, g.users[u.name], u.court, u.role)
	}
	g.f.Certify(t, g.users["certified-a"], g.a, time.Now().AddDate(1, 0, 0))
	g.f.Certify(t, g.users["lapsed-a"], g.a, time.Now().In(clock.Pacific).AddDate(0, 0, -1))
	g.f.Certify(t, g.users["sheriff-b"], g.b, time.Now().AddDate(1, 0, 0))
	for _, u := range []struct{ name, court string }{{"clerk-a", g.a}, {"clerk-b", g.b}, {"certified-a", g.a}, {"lapsed-a", g.a},
		{"sheriff-b", g.b}, {"sheriff-b-uncertified", g.b}} {
		g.as[u.name], _ = g.f.Session(t, g.users[u.name], u.court)
	}
	g.sim = carpos.NewSim()
	srv := httptest.NewServer(g.sim.Handler())
	t.Cleanup(srv.Close)
	g.simURL = srv.URL
	return g
}

// start runs a worker process (its own pool and River client) against the simulator.
func (g *gw) start(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	pool, err := db.OpenPool(ctx, g.d.WorkerURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	doj := carpos.HTTPDOJ{URL: g.simURL, Client: &http.Client{}}
	d := carpos.NewDeliverer(pool, doj, g.opts)
	runner, err := jobs.NewRunner(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), 4, carpos.Jobs(d))
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(ctx, 10*time.Second)
		defer done()
		_ = runner.Stop(stop)
		pool.Close()
	})
}

func sample(caseNumber string) order.Content {
	return order.Content{
		Type: "criminal_protective_order", Form: order.Form{Number: "CR-160", Revision: "2023-03-01"},
		CaseNumber: caseNumber, OrderKind: "pending_trial",
		Caption:  order.Caption{CourtName: "Superior Court of California, County of Alpha"},
		IssuedOn: "2026-11-20",
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", DOB: "1981-11-21",
			HeightInches: 73, WeightPounds: 260, Hair: "BRO", Eyes: "BRO"},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith", Sex: "F", DOB: "1977-01-01",
			Address: "123 Main Street, Fullerton, CA 92835"}},
		Conditions: order.Conditions{NoAbuse: true, NoContact: true,
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true},
			Firearms: &order.Firearms{Prohibited: true, SurrenderHoursIfPresent: 24, ReceiptWithinHours: 48}},
	}
}

func (g *gw) create(t testing.TB, who, caseNumber string, draft bool) order.Order {
	t.Helper()
	o, _, err := g.svc.Create(context.Background(), g.as[who], registry.CreateRequest{Content: sample(caseNumber), Draft: draft})
	if err != nil {
		t.Fatalf("create %s: %v", caseNumber, err)
	}
	return o
}

func (g *gw) modify(t testing.TB, o order.Order, yards int) order.Order {
	t.Helper()
	c := o.Content
	c.Conditions.StayAway = &order.StayAway{Yards: yards, FromProtectedPersons: true}
	got, err := g.svc.Modify(context.Background(), g.as["clerk-a"], o.ID, registry.ModifyRequest{Content: c, IfMatch: o.ETag})
	if err != nil {
		t.Fatalf("modify: %v", err)
	}
	return got
}

func (g *gw) serve(t testing.TB, o order.Order) order.Order {
	t.Helper()
	got, err := g.svc.Serve(context.Background(), g.as["clerk-a"], o.ID, o.ETag,
		order.ServiceRecord{On: "2026-11-21", Method: "personal", ServedBy: "Deputy Lee"})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return got
}

type row struct {
	ID, Order, Kind, State, FCN, Reason string
	Seq, Attempts                       int
}

// messages reads the outbox as the cluster's superuser.
func (g *gw) messages(t testing.TB) []row {
	t.Helper()
	g.adminMu.Lock()
	defer g.adminMu.Unlock()
	rows, err := g.admin.Query(context.Background(),
		`SELECT id, order_id, kind, state, coalesce(fcn, ''), coalesce(reason, ''), seq, attempts
		 FROM carpos_messages ORDER BY order_id, seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.ID, &r.Order, &r.Kind, &r.State, &r.FCN, &r.Reason, &r.Seq, &r.Attempts); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// settle waits until no message is pending or sent, except those held behind a
// rejected one of their order (or the cap passes, which fails the test: the cap
// is a guard against hanging, not a speed goal).
func (g *gw) settle(t testing.TB) []row {
	t.Helper()
	limit := time.Now().Add(90 * time.Second)
	for {
		ms := g.messages(t)
		busy := 0
		held := map[string]bool{}
		for _, m := range ms {
			switch {
			case m.State == carpos.StateRejected:
				held[m.Order] = true
			case (m.State == carpos.StatePending || m.State == carpos.StateSent) && !held[m.Order]:
				busy++
			}
		}
		if busy == 0 {
			return ms
		}
		if time.Now().After(limit) {
			t.Fatalf("%d messages still not delivered: %+v", busy, ms)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exactlyOnce checks that the simulated DOJ holds every message of the outbox
// once, under its own key, in each order's sequence, each change naming the FCN
// the order's entry got; and nothing else.
func (g *gw) exactlyOnce(t testing.TB, ms []row) {
	t.Helper()
	recs := g.sim.Records()
	byKey := map[string]carpos.Record{} // by message id
	at := map[string]int{}
	for i, r := range recs {
		id, _, _ := strings.Cut(r.Key, ".")
		if _, dup := byKey[id]; dup {
			t.Errorf("the DOJ recorded message %s twice", id)
		}
		byKey[id], at[id] = r, i
	}
	fcn := map[string]string{}
	last := map[string]int{}
	for _, m := range ms {
		if m.State != carpos.StateAcknowledged {
			t.Errorf("message %d of order %s is %s (%s)", m.Seq, m.Order, m.State, m.Reason)
			continue
		}
		r, ok := byKey[m.ID]
		if !ok {
			t.Errorf("message %d (%s) of order %s never reached the DOJ", m.Seq, m.Kind, m.Order)
			continue
		}
		if r.Kind != m.Kind {
			t.Errorf("message %s: the DOJ has a %s, the outbox a %s", m.ID, r.Kind, m.Kind)
		}
		if m.Kind == carpos.KindEnter {
			fcn[m.Order] = r.FCN
		} else if r.FCN != fcn[m.Order] || r.FCN == "" {
			t.Errorf("the %s of order %s names FCN %q, its entry got %q", m.Kind, m.Order, r.FCN, fcn[m.Order])
		}
		if p, ok := last[m.Order]; ok && at[m.ID] < p {
			t.Errorf("message %d of order %s reached the DOJ before the one ahead of it", m.Seq, m.Order)
		}
		last[m.Order] = at[m.ID]
		if m.FCN != r.FCN {
			t.Errorf("message %s: acknowledged with FCN %q, the DOJ has %q", m.ID, m.FCN, r.FCN)
		}
	}
	if len(recs) != len(ms) {
		t.Errorf("the DOJ holds %d records for %d messages", len(recs), len(ms))
	}
}

func fastOptions() carpos.Options {
	return carpos.Options{MaxAttempts: 1000, RetryBase: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond, Timeout: 2 * time.Second}
}

// Enter, modify, service and cancel reach the DOJ in order, once each; drafts,
// a court that does not submit, and changes CARPOS never got the entry of send
// nothing.
func TestDeliveryInOrder(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.start(t)
	o := g.create(t, "clerk-a", "26CR0001", false)
	o = g.modify(t, o, 200)
	o = g.serve(t, o)
	if _, err := g.svc.Cancel(context.Background(), g.as["clerk-a"], o.ID, o.ETag, "vacated"); err != nil {
		t.Fatal(err)
	}
	g.create(t, "clerk-b", "26CR0002", false) // court B does not submit
	d := g.create(t, "clerk-a", "26CR0003", true)
	d = g.modify(t, d, 300) // a draft stays a draft: nothing
	ms := g.settle(t)
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.Kind)
	}
	if got := strings.Join(kinds, ","); got != "ENTER,MODIFY,SERVICE,CANCEL" {
		t.Errorf("outbox: %s", got)
	}
	g.exactlyOnce(t, ms)
	// issuing the draft enters it
	if _, err := g.svc.Modify(context.Background(), g.as["clerk-a"], d.ID, registry.ModifyRequest{Content: d.Content, IfMatch: d.ETag, Issue: true}); err != nil {
		t.Fatal(err)
	}
	ms = g.settle(t)
	entries := 0
	for _, m := range ms {
		if m.Kind == carpos.KindEnter {
			entries++
		}
	}
	if len(ms) != 5 || entries != 2 {
		t.Errorf("issuing a draft: %+v", ms)
	}
	g.exactlyOnce(t, ms)
	// a court that starts submitting later: changes to an order it entered before send nothing
	g.f.Exec(t, `UPDATE courts SET clets_submitting = true, ori = 'CA030099J' WHERE id = $1`, g.b)
	bo, err := g.svc.List(context.Background(), g.as["clerk-b"], "", "26CR0002")
	if err != nil || len(bo) != 1 {
		t.Fatalf("list: %v %v", bo, err)
	}
	full, _ := g.svc.Get(context.Background(), g.as["clerk-b"], bo[0].ID, 0)
	c := full.Content
	c.Conditions.StayAway.Yards = 150
	if _, err := g.svc.Modify(context.Background(), g.as["clerk-b"], full.ID, registry.ModifyRequest{Content: c, IfMatch: full.ETag}); err != nil {
		t.Fatal(err)
	}
	if n := len(g.messages(t)); n != 5 {
		t.Errorf("a change to an order CARPOS never got: %d messages, want 5", n)
	}
}

// What the DOJ would refuse is refused at entry, by field, and nothing is saved.
func TestRefusedAtEntry(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	c := sample("26CR0010")
	c.RestrainedPerson.DOB = ""
	c.RestrainedPerson.Hair = "Brown"
	_, _, err := g.svc.Create(context.Background(), g.as["clerk-a"], registry.CreateRequest{Content: c})
	var v *apperr.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want field errors", err)
	}
	got := map[string]bool{}
	for _, f := range v.Fields {
		got[f.Field] = true
	}
	if len(v.Fields) != 2 || !got["body.restrainedPerson.dob"] || !got["body.restrainedPerson.hair"] {
		t.Errorf("fields: %+v", v.Fields)
	}
	var orders int
	if err := g.admin.QueryRow(context.Background(), `SELECT count(*) FROM orders`).Scan(&orders); err != nil {
		t.Fatal(err)
	}
	if orders != 0 || len(g.messages(t)) != 0 {
		t.Errorf("a refused order left %d orders and %d messages", orders, len(g.messages(t)))
	}
	// the same order as a draft is kept (drafts are not sent), and a court that
	// does not submit takes it
	if _, _, err := g.svc.Create(context.Background(), g.as["clerk-a"], registry.CreateRequest{Content: c, Draft: true}); err != nil {
		t.Errorf("draft: %v", err)
	}
	if _, _, err := g.svc.Create(context.Background(), g.as["clerk-b"], registry.CreateRequest{Content: c}); err != nil {
		t.Errorf("court B: %v", err)
	}
	// a rollback after the hook leaves no message: a duplicate case number
	g.create(t, "clerk-a", "26CR0011", false)
	if _, _, err := g.svc.Create(context.Background(), g.as["clerk-a"], registry.CreateRequest{Content: sample("26CR0011")}); err == nil {
		t.Fatal("a second live order with the case number was saved")
	}
	if n := len(g.messages(t)); n != 1 {
		t.Errorf("messages after a rolled-back create: %d, want 1", n)
	}
}

// An outage, then recovery: every message arrives once.
func TestFaultOutageThenRecovery(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{DownFor: 2 * time.Second})
	g.start(t)
	for i := range 5 {
		o := g.create(t, "clerk-a", fmt.Sprintf("26OUT%04d", i), false)
		g.modify(t, o, 150)
	}
	ms := g.settle(t)
	if len(ms) != 10 {
		t.Fatalf("messages: %d", len(ms))
	}
	g.exactlyOnce(t, ms)
	retried := 0
	for _, m := range ms {
		if m.Attempts > 1 {
			retried++
		}
	}
	if retried == 0 || g.sim.Requests() <= len(ms) {
		t.Errorf("the outage caused no retry (%d requests)", g.sim.Requests())
	}
}

// Answers lost after the DOJ accepted: the retries make no second record.
func TestFaultAnswersLost(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{LoseShare: 0.5, LoseNext: 3})
	g.start(t)
	for i := range 6 {
		o := g.create(t, "clerk-a", fmt.Sprintf("26LOST%03d", i), false)
		o = g.modify(t, o, 150)
		g.serve(t, o)
	}
	ms := g.settle(t)
	if len(ms) != 18 {
		t.Fatalf("messages: %d", len(ms))
	}
	g.exactlyOnce(t, ms)
	if g.sim.Requests() <= len(ms) {
		t.Errorf("no answer was lost (%d requests)", g.sim.Requests())
	}
}

// Two worker processes on one queue, with answers lost now and then: each
// message once, each order in sequence.
func TestFaultTwoProcesses(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{LoseShare: 0.2, Latency: 5 * time.Millisecond})
	g.start(t)
	g.start(t)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				o := g.create(t, "clerk-a", fmt.Sprintf("26TWO%d%03d", w, i), false)
				o = g.modify(t, o, 150)
				g.serve(t, o)
			}
		}()
	}
	wg.Wait()
	ms := g.settle(t)
	if len(ms) != 45 {
		t.Fatalf("messages: %d", len(ms))
	}
	g.exactlyOnce(t, ms)
}

// A modify committed while its enter is still retrying waits for it.
func TestFaultModifyWhileEnterRetries(t *testing.T) {
	t.Parallel()
	g := newGW(t, fastOptions())
	g.sim.SetFaults(carpos.Faults{DownFor: time.Hour})
	g.start(t)
	o := g.create(t, "clerk-a", "26MOD0001", false)
	// wait until the entry has been tried and failed
	for limit := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ms := g.messages(t)
		if len(ms) == 1 && ms[0].Attempts >= 2 {
			break
		}
		if time.Now().After(limit) {
			t.Fatalf("the entry was not retried: %+v", ms)
		}
	}
	o = g.modify(t, o, 250)
	g.serve(t, o)
	g.sim.SetFaults(carpos.Faults{})
	ms := g.settle(t)
	if len(ms) != 3 {
		t.Fatalf("messages: %+v", ms)
	}
	g.exactlyOnce(t, ms)
	recs := g.sim.Records()
	if len(recs) != 3 || recs[0].Kind != carpos.KindEnter || recs[1].Kind != carpos.KindModify || !strings.Contains(recs[1].Text, "STAY AWAY/0250 YARDS") {
		t.Errorf("the DOJ got %+v", recs)
	}
}

// After the last try the message is rejected into the work queue with the
// reason; those behind it wait; a refusal by the DOJ is not retried.
func TestLastRetryRejects(t *testing.T) {
	t.Parallel()
	opts := fastOptions()
	opts.MaxAttempts = 3
	g := newGW(t, opts)
	g.sim.SetFaults(carpos.Faults{DownFor: time.Hour})
	g.start(t)
	o := g.create(t, "clerk-a", "26REJ0001", false)
	ms := g.settle(t)
	if len(ms) != 1 || ms[0].State != carpos.StateRejected || ms[0].Attempts != 3 ||
		!strings.Contains(ms[0].Reason, "no answer from the DOJ after 3 attempts") {
		t.Fatalf("after the last try: %+v", ms)
	}
	g.modify(t, o, 120)
	time.Sleep(300 * time.Millisecond) // give a wrongly eager worker the chance to send it
	ms = g.messages(t)
	if len(ms) != 2 || ms[1].State != carpos.StatePending || ms[1].Attempts != 0 {
		t.Errorf("the modify behind a rejected entry: %+v", ms)
	}
	if len(g.sim.Records()) != 0 {
		t.Errorf("the DOJ got %d records while down", len(g.sim.Records()))
	}

	g.sim.SetFaults(carpos.Faults{RejectShare: 1})
	g.create(t, "clerk-a", "26REJ0002", false)
	ms = g.settle(t)
	last := ms[0]
	for _, m := range ms {
		if m.Order != o.ID {
			last = m
		}
	}
	if last.State != carpos.StateRejected || last.Attempts != 1 || !strings.Contains(last.Reason, "rejected by the DOJ") {
		t.Errorf("a refusal: %+v", last)
	}
}
