package image_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"gocloud.dev/blob"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/image"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// limits of the tests' service: 6 MB, 20 pages, 6 million pixels a page.
var limits = image.Limits{MaxBytes: 6 << 20, MaxPages: 20, MaxPixels: 6_000_000}

// world is courts A and B (sharing statewide, so each reads the other's orders),
// a clerk, a sheriff and a judge in each and a court administrator in A, an active
// order of each court and a draft of A's, the image service over a bucket, and an
// HTTP server of the image operations where X-Test-As names the caller.
type world struct {
	d      *dbtest.DB
	f      *dbtest.Tenants
	svc    *image.Service
	bucket *blob.Bucket
	dir    string // the bucket's directory, for a file:// bucket
	a, b   string
	orderA string
	orderB string
	draftA string
	as     map[string]db.Principal
	srv    *httptest.Server
}

// newWorld builds the world over a directory bucket.
func newWorld(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	bucket, err := image.OpenBucket(context.Background(), "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorldOn(t, bucket)
	w.dir = dir
	return w
}

func newWorldOn(t testing.TB, bucket *blob.Bucket) *world {
	t.Helper()
	t.Cleanup(func() { bucket.Close() })
	d := dbtest.New(t)
	app := d.App(t, 4)
	w := &world{d: d, f: dbtest.NewTenants(t, d), bucket: bucket, as: map[string]db.Principal{}}
	log := audit.NewLog(prometheus.NewRegistry())
	w.svc = image.NewService(app, log, bucket, limits)
	w.a, w.b = w.f.Court(t, "alpha", true), w.f.Court(t, "bravo", true)
	for _, g := range []struct{ name, court, role string }{
		{"clerk-a", w.a, "clerk"}, {"sheriff-a", w.a, "sheriff"}, {"judge-a", w.a, "judicial_officer"},
		{"admin-a", w.a, "court_admin"}, {"clerk-b", w.b, "clerk"}, {"sheriff-b", w.b, "sheriff"},
	} {
		u := w.f.User(t, g.name)
		w.f.Grant(t, u, g.court, g.role)
		w.as[g.name], _ = w.f.Session(t, u, g.court)
	}
	orders := registry.NewService(app, log, clock.NewManual(time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)))
	mk := func(who, caseNumber string, draft bool) string {
		o, _, err := orders.Create(context.Background(), w.as[who], registry.CreateRequest{Content: sample(caseNumber), Draft: draft})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	w.orderA, w.orderB, w.draftA = mk("clerk-a", "06NF0886", false), mk("clerk-b", "07CF0001", false), mk("clerk-a", "08NF0002", true)

	r := chi.NewRouter()
	api := httpapi.NewAPI(r, "")
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		p := w.as[ctx.Header("X-Test-As")]
		next(huma.WithContext(ctx, auth.WithCaller(ctx.Context(), auth.Caller{CourtID: p.CourtID, Principal: p})))
	})
	image.Routes(w.svc, limits.MaxBytes)(api)
	w.srv = httptest.NewServer(r)
	t.Cleanup(w.srv.Close)
	return w
}

func sample(caseNumber string) order.Content {
	return order.Content{
		Type:       "criminal_protective_order",
		Form:       order.Form{Number: "CR-160", Revision: "2023-03-01"},
		CaseNumber: caseNumber,
		OrderKind:  "pending_trial",
		Caption:    order.Caption{CourtName: "Superior Court of California, County of Alpha"},
		IssuedOn:   "2026-11-20",
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", DOB: "1981-11-21",
			HeightInches: 73, WeightPounds: 260, Hair: "BRO", Eyes: "BRO"},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith", Sex: "F", DOB: "1977-01-01",
			Address: "123 Main Street, Fullerton, CA 92835"}},
		Conditions: order.Conditions{NoAbuse: true, NoContact: true},
	}
}

// do sends a request as who and returns the status, the headers and the body.
func (w *world) do(t testing.TB, who, method, path string, body []byte, headers ...string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Test-As", who)
	if body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// upload posts data as name to an order as who.
func (w *world) upload(t testing.TB, who, orderID, name string, data []byte, purpose ...string) (int, []byte) {
	t.Helper()
	q := url.Values{"name": {name}}
	if len(purpose) > 0 {
		q.Set("purpose", purpose[0])
	}
	status, _, body := w.do(t, who, "POST", "/orders/"+orderID+"/images?"+q.Encode(), data)
	return status, body
}

// count returns a number from the database as its superuser.
func (w *world) count(t testing.TB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := dbtest.Conn(t, w.d.AdminURL).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// blobs counts the objects in the bucket.
func (w *world) blobs(t testing.TB) int {
	t.Helper()
	n := 0
	it := w.bucket.List(nil)
	for {
		o, err := it.Next(context.Background())
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if !o.IsDir {
			n++
		}
	}
}

// nothingStored fails unless the bucket and order_images are empty.
func (w *world) nothingStored(t testing.TB) {
	t.Helper()
	if n := w.count(t, `SELECT count(*) FROM order_images`); n != 0 {
		t.Errorf("%d image rows stored", n)
	}
	if n := w.blobs(t); n != 0 {
		t.Errorf("%d blobs stored", n)
	}
	if w.dir != "" {
		// Nothing left behind in the directory either (temporary files of a write).
		_ = filepath.Walk(w.dir, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				t.Errorf("file left in the store: %s", p)
			}
			return nil
		})
	}
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

type problem struct {
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

// uploadOver uploads data as scan.tif to an order through the whole server at
// base, signed in by the session token (cookie and CSRF header), and returns the
// image it made.
func uploadOver(tb testing.TB, client *http.Client, base, orderID, token string, data []byte) image.Image {
	tb.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/orders/"+orderID+"/images?"+url.Values{"name": {"scan.tif"}}.Encode(), bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set(auth.CSRFHeader, auth.CSRFToken(token))
	req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: token})
	res, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		tb.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	return decode[image.Image](tb, body)
}
