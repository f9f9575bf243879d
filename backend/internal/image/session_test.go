package image_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// A download's round trip confirms the caller's session as it reads the image
// and records the event (the guard passed who the session was when last
// resolved): whatever the database does not confirm goes the guard's way, so a
// revoked or idle session is refused at its next download, with no event, an idle
// one ended and audited; activity is still written once a minute; a session now
// acting in a court without the role is refused; each download is one event.
func TestDownloadConfirmsItsSession(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	clk := clock.NewManual(time.Now())
	cfg := d.Config(t, "CCPOR_WORKERS=false", "CCPOR_LOG_LEVEL=error", "CCPOR_BLOB_URL=file://"+t.TempDir())
	f := dbtest.NewTenants(t, d)
	f.Statewide(t)
	alpha, bravo := f.Court(t, "alpha", true), f.Court(t, "bravo", true)
	clerk, judge := f.User(t, "clerk-a"), f.User(t, "judge-a")
	f.Grant(t, clerk, alpha, "clerk")
	f.Grant(t, judge, alpha, "judicial_officer")
	f.Grant(t, judge, bravo, "court_admin") // a role that reads no order
	clerkP, clerkToken := f.Session(t, clerk, alpha)
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	orders := registry.NewService(a.DB, audit.NewLog(prometheus.NewRegistry()), clock.Real{})
	o, _, err := orders.Create(context.Background(), clerkP, registry.CreateRequest{Content: sample("06NF0886")})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	data := tiffFile(40, 30, 1)
	img := uploadOver(t, srv.Client(), srv.URL, o.ID, clerkToken, data)
	content := srv.URL + "/api/v1/orders/" + o.ID + "/images/" + img.ID + "/content?download=true"
	admin := dbtest.Conn(t, d.AdminURL)
	scalar := func(dst any, sql string, args ...any) {
		t.Helper()
		if err := admin.QueryRow(context.Background(), sql, args...).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	downloads := func() (n int) {
		scalar(&n, `SELECT count(*) FROM audit_events WHERE action = 'image.download'`)
		return n
	}
	download := func(token string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", content, nil)
		req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: token})
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK && !bytes.Equal(got, data) {
			t.Errorf("downloaded %d bytes, not the file", len(got))
		}
		return res.StatusCode
	}
	hashOf := func(token string) []byte { sum := sha256.Sum256([]byte(token)); return sum[:] }
	lastSeen := func(token string) (at time.Time) {
		scalar(&at, `SELECT last_seen_at FROM sessions WHERE token_hash = $1`, hashOf(token))
		return at
	}

	_, token := f.Session(t, judge, alpha)
	seen := lastSeen(token)
	for i := range 3 { // the first resolves the session, the others are confirmed in their own round trip
		if status := download(token); status != 200 || downloads() != i+1 {
			t.Fatalf("download %d: %d, %d events", i+1, status, downloads())
		}
	}
	if !lastSeen(token).Equal(seen) {
		t.Error("activity written within the minute")
	}
	// a minute after the activity the database recorded, whatever the set-up took
	clk.Set(seen.Add(61 * time.Second))
	if status := download(token); status != 200 || downloads() != 4 {
		t.Errorf("a download due a touch: %d, %d events", status, downloads())
	}
	if !lastSeen(token).After(seen) {
		t.Error("activity not written after a minute")
	}
	if status := download(token); status != 200 || downloads() != 5 {
		t.Errorf("a download after the touch: %d, %d events", status, downloads())
	}

	f.Exec(t, `UPDATE sessions SET ended_at = now() WHERE token_hash = $1`, hashOf(token))
	if status := download(token); status != 401 || downloads() != 5 {
		t.Errorf("a revoked session: %d, %d events", status, downloads())
	}

	_, idle := f.Session(t, judge, alpha)
	clk.Set(time.Now())
	if status := download(idle); status != 200 || downloads() != 6 {
		t.Fatalf("a fresh session: %d, %d events", status, downloads())
	}
	clk.Advance(31 * time.Minute)
	if status := download(idle); status != 401 || downloads() != 6 {
		t.Errorf("an idle session: %d, %d events", status, downloads())
	}
	var ended int
	scalar(&ended, `SELECT count(*) FROM audit_events WHERE action = $1 AND reason = 'idle_timeout'`, auth.ActionSessionEnd)
	var endedAt *time.Time
	scalar(&endedAt, `SELECT ended_at FROM sessions WHERE token_hash = $1`, hashOf(idle))
	if ended != 1 || endedAt == nil {
		t.Errorf("the idle session's end: %d events, ended at %v", ended, endedAt)
	}

	_, moved := f.Session(t, judge, alpha)
	clk.Set(time.Now())
	if status := download(moved); status != 200 || downloads() != 7 {
		t.Fatalf("a fresh session: %d, %d events", status, downloads())
	}
	f.Exec(t, `UPDATE sessions SET active_court_id = $2 WHERE token_hash = $1`, hashOf(moved), bravo)
	if status := download(moved); status != 403 || downloads() != 7 {
		t.Errorf("a session now acting where the user reads no order: %d, %d events", status, downloads())
	}
}
