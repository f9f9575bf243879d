package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/carpos"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// serveEnv, when set, makes the test binary run `ccpor serve` (the same code the
// binary's main runs) instead of the tests: the tests start it as a real process
// that they can kill.
const serveEnv = "CCPOR_TEST_RUN_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, []string{"serve"}, os.Stdout, os.Environ())
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "ccpor:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// server is a `ccpor serve` process.
type server struct {
	cmd  *exec.Cmd
	url  string
	log  string
	done chan error
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts `ccpor serve` with env (and nothing of the test's own
// environment but PATH and HOME) and waits until /readyz answers 200.
func startServer(t testing.TB, env []string, port int) *server {
	t.Helper()
	log := filepath.Join(t.TempDir(), "serve.log")
	f, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append([]string{serveEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		fmt.Sprintf("PORT=%d", port), "CCPOR_BIND_ADDRESS=127.0.0.1"}, env...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: fmt.Sprintf("http://127.0.0.1:%d", port), log: log, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); f.Close() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			b, _ := os.ReadFile(log)
			t.Logf("serve log (last 4 kB):\n%s", b[max(0, len(b)-4096):])
		}
	})
	for limit := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-s.done:
			b, _ := os.ReadFile(log)
			t.Fatalf("ccpor serve ended before it was ready: %v\n%s", err, b)
		default:
		}
		if res, err := http.Get(s.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(limit) {
			t.Fatal("ccpor serve is not ready after 60s")
		}
	}
}

// kill ends the process with SIGKILL: no shutdown, no job handed back.
func (s *server) kill(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.done
}

// stop ends the process as an operator would (SIGTERM) and checks it ended well.
func (s *server) stop(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-s.done; err != nil {
		t.Errorf("ccpor serve on SIGTERM: %v", err)
	}
}

// registry is a court that submits to CLETS, a clerk of it, and the simulated DOJ.
type registry struct {
	f              *dbtest.Tenants
	court, token   string
	sim            *carpos.Sim
	simURL         string
	admin          string // superuser URL of the database
	mu             sync.Mutex
	acknowledged   map[string]string // order id -> case number, for every 201
	unacknowledged int
}

func newRegistry(t testing.TB, f *dbtest.Tenants, admin string) *registry {
	t.Helper()
	r := &registry{f: f, admin: admin, acknowledged: map[string]string{}}
	r.court = f.Court(t, "alpha", true)
	f.Exec(t, `UPDATE courts SET clets_submitting = true, ori = 'CA030013J', contact_phone = '(714) 935-7236' WHERE id = $1`, r.court)
	u := f.User(t, "clerk-a")
	f.Grant(t, u, r.court, "clerk")
	_, r.token = f.Session(t, u, r.court)
	f.Exec(t, `UPDATE sessions SET expires_at = now() + interval '1 day'`)
	r.sim = carpos.NewSim()
	s := httptest.NewServer(r.sim.Handler())
	t.Cleanup(s.Close)
	r.simURL = s.URL
	return r
}

// carposEnv are the delivery settings of the tests: quick retries, short timeouts.
func (r *registry) carposEnv() []string {
	return []string{"CCPOR_CARPOS_URL=" + r.simURL, "CCPOR_CARPOS_MAX_ATTEMPTS=100",
		"CCPOR_CARPOS_RETRY_BASE=50ms", "CCPOR_CARPOS_RETRY_MAX=500ms", "CCPOR_CARPOS_TIMEOUT=1s",
		"CCPOR_CARPOS_SWEEP=2s"}
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
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true}},
	}
}

var client = &http.Client{Timeout: 15 * time.Second}

// create posts an order to the API as the clerk and records it when the API
// acknowledges it (201). Any other outcome is returned as an error.
func (r *registry) create(baseURL, caseNumber string) error {
	body, err := json.Marshal(sample(caseNumber))
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, baseURL+"/api/v1/orders", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, auth.CSRFToken(r.token))
	req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: r.token})
	res, err := client.Do(req)
	if err != nil {
		r.miss()
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		r.miss()
		return fmt.Errorf("create %s: %d %s", caseNumber, res.StatusCode, b)
	}
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &o); err != nil || o.ID == "" {
		return fmt.Errorf("create %s: 201 without an id: %s", caseNumber, b)
	}
	r.mu.Lock()
	r.acknowledged[o.ID] = caseNumber
	r.mu.Unlock()
	return nil
}

func (r *registry) miss() {
	r.mu.Lock()
	r.unacknowledged++
	r.mu.Unlock()
}

type message struct {
	ID, Order, Kind, State string
	Seq                    int
}

// messages reads the outbox as the cluster's superuser.
func (r *registry) messages(t testing.TB) []message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, r.admin)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(ctx, `SELECT id, order_id, kind, state, seq FROM carpos_messages ORDER BY order_id, seq`)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (message, error) {
		var m message
		return m, row.Scan(&m.ID, &m.Order, &m.Kind, &m.State, &m.Seq)
	})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// settle waits until every message is acknowledged (or rejected), with a cap
// that guards against hanging (not a speed goal).
func (r *registry) settle(t testing.TB, limit time.Duration) []message {
	t.Helper()
	for end := time.Now().Add(limit); ; time.Sleep(100 * time.Millisecond) {
		ms := r.messages(t)
		busy := 0
		for _, m := range ms {
			if m.State == carpos.StatePending || m.State == carpos.StateSent {
				busy++
			}
		}
		if busy == 0 {
			return ms
		}
		if time.Now().After(end) {
			t.Fatalf("%d of %d messages still undelivered after %v", busy, len(ms), limit)
		}
	}
}

// exactlyOnce checks that the simulated DOJ holds every message of the outbox
// once, acknowledged, and nothing else; and that every acknowledged order has
// its entry among them.
func (r *registry) exactlyOnce(t testing.TB, ms []message) {
	t.Helper()
	seen := map[string]int{}
	for _, rec := range r.sim.Records() {
		id, _, _ := strings.Cut(rec.Key, ".")
		seen[id]++
	}
	entered := map[string]bool{}
	for _, m := range ms {
		if m.State != carpos.StateAcknowledged {
			t.Errorf("message %s of order %s is %s", m.ID, m.Order, m.State)
		}
		switch seen[m.ID] {
		case 1:
		case 0:
			t.Errorf("message %s (%s) of order %s never reached the DOJ", m.ID, m.Kind, m.Order)
		default:
			t.Errorf("the DOJ recorded message %s %d times", m.ID, seen[m.ID])
		}
		if m.Kind == carpos.KindEnter {
			entered[m.Order] = true
		}
	}
	if n := len(r.sim.Records()); n != len(ms) {
		t.Errorf("the DOJ holds %d records for %d messages", n, len(ms))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, cn := range r.acknowledged {
		if !entered[id] {
			t.Errorf("acknowledged order %s (%s) has no entry message", id, cn)
		}
	}
}

// ordersPresent checks that every order the API acknowledged is in the registry.
func (r *registry) ordersPresent(t testing.TB) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, r.admin)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(ctx, `SELECT id::text, case_number FROM orders`)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for rows.Next() {
		var id, cn string
		if err := rows.Scan(&id, &cn); err != nil {
			t.Fatal(err)
		}
		have[id] = cn
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, cn := range r.acknowledged {
		if have[id] != cn {
			t.Errorf("acknowledged order %s (%s) is not in the registry", id, cn)
		}
	}
	return len(have)
}

// The `ccpor serve` process killed with SIGKILL between commit and send (orders
// committed, their messages waiting or on their way to the DOJ), then started
// again: every message reaches the DOJ once.
func TestCarposSurvivesSIGKILLBetweenCommitAndSend(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := dbtest.NewTenants(t, d)
	r := newRegistry(t, f, d.AdminURL)
	env := append([]string{"CCPOR_ENV=development", "DATABASE_URL=" + d.AdminURL,
		"DATABASE_OWNER_URL=" + d.OwnerURL, "DATABASE_APP_URL=" + d.AppURL,
		"DATABASE_WORKER_URL=" + d.WorkerURL, "DATABASE_MAINT_URL=" + d.MaintURL,
		"CCPOR_DB_MAX_CONNS=8", "CCPOR_SPA_DIR=" + t.TempDir(), "CCPOR_BLOB_URL=file://" + t.TempDir()},
		r.carposEnv()...)
	port := freePort(t)

	// The DOJ answers slowly: when the process dies, some messages are on
	// their way (taken by the DOJ, the answer not yet back) and the rest wait.
	r.sim.SetFaults(carpos.Faults{Latency: 3 * time.Second})
	s := startServer(t, env, port)
	for i := range 12 {
		if err := r.create(s.url, fmt.Sprintf("26KILL%04d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// wait until the DOJ has taken some, so that the kill falls mid-send
	for end := time.Now().Add(30 * time.Second); r.sim.Requests() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("no message was sent")
		}
	}
	s.kill(t)
	before := r.messages(t)
	waiting := 0
	for _, m := range before {
		if m.State != carpos.StateAcknowledged {
			waiting++
		}
	}
	if len(before) != 12 || waiting == 0 {
		t.Fatalf("at the kill: %d messages, %d not acknowledged", len(before), waiting)
	}

	r.sim.SetFaults(carpos.Faults{})
	s = startServer(t, env, port)
	ms := r.settle(t, 90*time.Second)
	if len(ms) != 12 {
		t.Fatalf("messages after the restart: %d, want 12", len(ms))
	}
	r.exactlyOnce(t, ms)
	r.ordersPresent(t)
	t.Logf("%d of 12 messages not acknowledged at the kill; the DOJ got %d posts for 12 records", waiting, r.sim.Requests())
	s.stop(t)
}
