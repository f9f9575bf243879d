package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/auth"
	builtin "github.com/ccpor/ccpor/backend/internal/idp"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/seed"
)

// logSink keeps the lines the app logs (the first thousand), for a look at its start-up lines.
type logSink struct {
	ch chan string
}

func (w logSink) Write(p []byte) (int, error) {
	select {
	case w.ch <- string(p):
	default:
	}
	return len(p), nil
}

// make run's settings on a port other than 8080: development, no
// CCPOR_PUBLIC_URL, no CCPOR_CARPOS_URL, the demo seed. A demo clerk signs in
// through the built-in provider, whose issuer follows the port, and her order of
// Riverside (a CLETS-submitting court) is acknowledged by the in-process
// simulated DOJ with an FCN and a NIC.
func TestMakeRunSettingsOnAnyPort(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := httptest.NewUnstartedServer(nil)
	port := s.Listener.Addr().(*net.TCPAddr).Port
	if port == 8080 {
		t.Fatal("the random port is 8080; the point is another one")
	}
	cfg := d.Config(t, fmt.Sprintf("PORT=%d", port))
	base := fmt.Sprintf("http://localhost:%d", port)
	if cfg.PublicURL != base || cfg.CarposURL != "" || !cfg.Workers {
		t.Fatalf("make run's settings: public URL %q, CARPOS URL %q, workers %v", cfg.PublicURL, cfg.CarposURL, cfg.Workers)
	}
	ctx := context.Background()
	if _, err := seed.Demo(ctx, d.MaintURL, builtin.Issuer(cfg.PublicURL)); err != nil {
		t.Fatal(err)
	}
	logs := logSink{ch: make(chan string, 1000)}
	a, err := app.Build(ctx, cfg, "test", slog.New(slog.NewJSONHandler(logs, nil)), clock.Real{})
	must(t, err)
	t.Cleanup(func() { a.Close() })
	must(t, a.Runner.Start(ctx))
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = a.Runner.Stop(sctx)
	})
	s.Config.Handler = a.Handler
	s.Start()
	t.Cleanup(s.Close)

	said := 0
	for len(logs.ch) > 0 {
		if line := <-logs.ch; strings.Contains(line, "simulated DOJ served in-process") && strings.Contains(line, a.CarposSimURL) {
			said++
		}
	}
	if a.CarposSimURL == "" || said != 1 {
		t.Errorf("the in-process simulator at %q, said %d times in the log", a.CarposSimURL, said)
	}

	c := idpBrowser(t)
	disc := call(t, c, "GET", base+"/idp/.well-known/openid-configuration", nil, "")
	var meta struct {
		Issuer string `json:"issuer"`
	}
	if disc.status != http.StatusOK || json.Unmarshal([]byte(disc.body), &meta) != nil || meta.Issuer != base+"/idp" {
		t.Fatalf("discovery: %d %s, want the issuer %s/idp", disc.status, disc.body, base)
	}

	var clerk seed.DemoAccount
	for _, acc := range seed.DemoAccounts {
		if acc.Username == "demo.riverside.clerk" {
			clerk = acc
		}
	}
	out := passIDP(t, c, base, base+"/auth/login", clerk.Username, seed.DemoPassword, clerk.TOTPSecret(), time.Now())
	if out.status != http.StatusSeeOther || out.header.Get("Location") != "/" {
		t.Fatalf("sign-in: %d at %s to %q: %s", out.status, out.url, out.header.Get("Location"), out.body)
	}
	r := &registry{url: base, app: a}
	if status, m := r.me(t, c); status != http.StatusOK || m.User.Username != clerk.Username {
		t.Fatalf("/me after sign-in: %d %+v", status, m)
	}

	body, err := json.Marshal(order.Content{
		Type: "criminal_protective_order", Form: order.Form{Number: "CR-160", Revision: "2023-03-01"},
		CaseNumber: "RIF2600123", OrderKind: "pending_trial",
		Caption:  order.Caption{CourtName: "Superior Court of California, County of Riverside"},
		IssuedOn: time.Now().AddDate(0, 0, -1).Format("2006-01-02"),
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", DOB: "1981-11-21",
			HeightInches: 73, WeightPounds: 260, Hair: "BRO", Eyes: "BRO"},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith", Sex: "F", DOB: "1977-01-01",
			Address: "123 Main Street, Riverside, CA 92501"}},
		Conditions: order.Conditions{NoAbuse: true, NoContact: true,
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true}},
	})
	must(t, err)
	csrf := map[string]string{auth.CSRFHeader: auth.CSRFToken(r.sessionCookie(t, c))}
	created := call(t, c, "POST", base+"/api/v1/orders", csrf, string(body))
	var o struct {
		ID string `json:"id"`
	}
	if created.status != http.StatusCreated || json.Unmarshal([]byte(created.body), &o) != nil || o.ID == "" {
		t.Fatalf("create an order of Riverside: %d %s", created.status, created.body)
	}

	var st struct {
		State, FCN, NIC string
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		got := call(t, c, "GET", base+"/api/v1/orders/"+o.ID+"/carpos", nil, "")
		if got.status != http.StatusOK {
			t.Fatalf("the order's CARPOS standing: %d %s", got.status, got.body)
		}
		must(t, json.Unmarshal([]byte(got.body), &st))
		if st.State != "pending" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the order's entry not acknowledged within 30s: %s", got.body)
		}
	}
	if st.State != "acknowledged" || !strings.HasPrefix(st.FCN, "F") || !strings.HasPrefix(st.NIC, "H") {
		t.Errorf("the order at CARPOS: %+v, want acknowledged with an FCN and a NIC", st)
	}
}

// withoutSSLModeDisable drops sslmode=disable, which production refuses; the
// client then tries TLS first and falls back to the test cluster's plain TCP.
func withoutSSLModeDisable(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	must(t, err)
	q := p.Query()
	q.Del("sslmode")
	p.RawQuery = q.Encode()
	return p.String()
}

// Production with no CCPOR_CARPOS_URL starts no simulated DOJ: its messages stay
// unsent (and go to the work queue after their last try), and the log warns.
func TestProductionStartsNoCarposSimulator(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	cfg, err := config.Load([]string{
		"CCPOR_ENV=production", "CCPOR_PUBLIC_URL=https://ccpor.courts.example",
		"CCPOR_MAIL_OUTBOX=false", "CCPOR_SMTP_URL=smtp://ccpor:secret@mail.courts.example:587",
		"CCPOR_METRICS_ADDRESS=127.0.0.1:9", "CCPOR_DB_MAX_CONNS=2", "CCPOR_BLOB_URL=file://" + t.TempDir(),
		"DATABASE_OWNER_URL=" + withoutSSLModeDisable(t, d.OwnerURL), "DATABASE_APP_URL=" + withoutSSLModeDisable(t, d.AppURL),
		"DATABASE_WORKER_URL=" + withoutSSLModeDisable(t, d.WorkerURL), "DATABASE_MAINT_URL=" + withoutSSLModeDisable(t, d.MaintURL),
	})
	must(t, err)
	if !cfg.IsProduction() || cfg.CarposURL != "" || !cfg.Workers {
		t.Fatalf("want production with workers and no CARPOS URL: %+v", cfg)
	}
	logs := logSink{ch: make(chan string, 1000)}
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(logs, nil)), clock.Real{})
	must(t, err)
	t.Cleanup(func() { a.Close() })
	if a.CarposSimURL != "" {
		t.Errorf("production started a simulated DOJ at %s", a.CarposSimURL)
	}
	warned := false
	for len(logs.ch) > 0 {
		line := <-logs.ch
		if strings.Contains(line, "simulated DOJ") {
			t.Errorf("production logged a simulator: %s", line)
		}
		warned = warned || strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, "CCPOR_CARPOS_URL is empty")
	}
	if !warned {
		t.Error("production with no CARPOS URL did not warn that messages are not sent")
	}
}
