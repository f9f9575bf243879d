package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script type="module" src="./assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>`

// server builds the whole registry on a fresh database with a fake built SPA.
func server(t *testing.T, env ...string) *httptest.Server {
	t.Helper()
	d := dbtest.New(t)
	spa := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(spa, "assets"), 0o755))
	must(t, os.WriteFile(filepath.Join(spa, "index.html"), []byte(page), 0o644))
	must(t, os.WriteFile(filepath.Join(spa, "assets", "app-1a2b.js"), []byte("console.log('ccpor')"), 0o644))
	must(t, os.WriteFile(filepath.Join(spa, "favicon.svg"), []byte("<svg/>"), 0o644))
	cfg := d.Config(t, append([]string{"CCPOR_SPA_DIR=" + spa, "CCPOR_WORKERS=false"}, env...)...)
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	s := httptest.NewServer(a.Handler)
	t.Cleanup(s.Close)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type reply struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, method, url, contentType, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	must(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return reply{res.StatusCode, res.Header, string(b)}
}

func TestServesHealthAPIAndApplication(t *testing.T) {
	t.Parallel()
	s := server(t)
	for _, tc := range []struct {
		name, method, path, ctype, body string
		status                          int
		wantType, wantBody              string
	}{
		{"liveness", "GET", "/healthz", "", "", 200, "application/json", `"ok"`},
		{"readiness with current migrations", "GET", "/readyz", "", "", 200, "application/json", `"ok"`},
		{"system", "GET", "/api/v1/system", "", "", 200, "application/json", `"product":"CCPOR"`},
		{"unknown API route", "GET", "/api/v1/no-such-thing", "", "", 404, "application/problem+json", `"status":404`},
		{"wrong method on an API route", "DELETE", "/api/v1/system", "", "", 405, "application/problem+json", `"status":405`},
		{"malformed body", "POST", "/api/v1/client-errors", "application/json", `{"message": "x", `, 400, "application/problem+json", `"status":400`},
		{"body of the wrong shape", "POST", "/api/v1/client-errors", "application/json", `{"message": "", "route": 5}`, 422, "application/problem+json", `"location":"body.message"`},
		{"unknown field", "POST", "/api/v1/client-errors", "application/json", `{"message": "x", "route": "/", "admin": true}`, 422, "application/problem+json", `body.admin`},
		{"client error report", "POST", "/api/v1/client-errors", "application/json", `{"message": "TypeError: x", "route": "/orders"}`, 204, "", ""},
		{"spec as JSON", "GET", "/api/v1/openapi.json", "", "", 200, "application/", `"openapi":"3.1.0"`},
		{"home page", "GET", "/", "", "", 200, "text/html", `<base href="/">`},
		{"client route survives reload", "GET", "/orders/123/versions", "", "", 200, "text/html", `<div id="root">`},
		{"hashed asset", "GET", "/assets/app-1a2b.js", "", "", 200, "javascript", "console.log"},
		{"missing asset is not the page", "GET", "/assets/gone-9z.js", "", "", 404, "text/plain", "not found"},
		{"top-level file", "GET", "/favicon.svg", "", "", 200, "image/svg+xml", "<svg/>"},
		{"metrics are not public", "GET", "/metrics", "", "", 404, "application/problem+json", `"status":404`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, tc.method, s.URL+tc.path, tc.ctype, tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if !strings.Contains(r.header.Get("Content-Type"), tc.wantType) {
				t.Errorf("content type %q, want %q", r.header.Get("Content-Type"), tc.wantType)
			}
			if !strings.Contains(r.body, tc.wantBody) {
				t.Errorf("body %q lacks %q", r.body, tc.wantBody)
			}
			for _, leak := range []string{"goroutine ", ".go:", "panic"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("body leaks %q: %s", leak, r.body)
				}
			}
			for h, want := range map[string]string{
				"X-Content-Type-Options":  "nosniff",
				"Content-Security-Policy": "frame-ancestors 'none'",
				"Referrer-Policy":         "no-referrer",
				"X-Request-Id":            "",
			} {
				if got := r.header.Get(h); got == "" || !strings.Contains(got, want) {
					t.Errorf("header %s = %q, want %q", h, got, want)
				}
			}
		})
	}
	if h := do(t, "GET", s.URL+"/assets/app-1a2b.js", "", "").header.Get("Cache-Control"); !strings.Contains(h, "immutable") {
		t.Errorf("hashed asset Cache-Control = %q", h)
	}
	if h := do(t, "GET", s.URL+"/", "", "").header.Get("Cache-Control"); h != "no-cache" {
		t.Errorf("index Cache-Control = %q", h)
	}
}

func TestServedSpecIsValidAndEqualsTheCommittedOne(t *testing.T) {
	t.Parallel()
	s := server(t)
	served := do(t, "GET", s.URL+"/api/v1/openapi.yaml", "", "")
	committed, err := os.ReadFile("../../../openapi/openapi.yaml")
	must(t, err)
	if served.body != string(committed) {
		t.Fatal("openapi/openapi.yaml is stale: run make openapi (cd backend && go run ./cmd/ccpor openapi > ../openapi/openapi.yaml)")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(committed)
	must(t, err)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q, want 3.1", doc.OpenAPI)
	}
	// JSON Schema 2020-12 (OpenAPI 3.1) admits unknown keywords; huma's
	// patternDescription words a pattern for people. kin-openapi must be told.
	must(t, doc.Validate(context.Background(), openapi3.AllowExtraSiblingFields("patternDescription")))
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	s := server(t, "CCPOR_BASE_PATH=/ccpor", "CCPOR_PUBLIC_URL=http://localhost:8080/ccpor")
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/ccpor/healthz", 200, `"ok"`},
		{"/ccpor", 200, `<base href="/ccpor/">`},
		{"/ccpor/", 200, `<base href="/ccpor/">`},
		{"/ccpor/readyz", 200, `"ok"`},
		{"/ccpor/api/v1/system", 200, `"CCPOR"`},
		{"/ccpor/orders/1", 200, `<base href="/ccpor/"><meta name="ccpor-base-path" content="/ccpor">`},
		{"/ccpor/assets/app-1a2b.js", 200, "console.log"},
		{"/orders/1", 404, "the service lives under /ccpor/"},
		{"/api/v1/system", 404, `"status":404`},
	} {
		r := do(t, "GET", s.URL+tc.path, "", "")
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d %q; want %d with %q", tc.path, r.status, r.body, tc.status, tc.want)
		}
	}
	var spec struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	must(t, json.Unmarshal([]byte(do(t, "GET", s.URL+"/ccpor/api/v1/openapi.json", "", "").body), &spec))
	if len(spec.Servers) != 1 || spec.Servers[0].URL != "/ccpor/api/v1" {
		t.Errorf("served spec servers = %+v", spec.Servers)
	}
}

func TestMetricsNeedTheToken(t *testing.T) {
	t.Parallel()
	s := server(t, "CCPOR_METRICS_TOKEN=0123456789abcdef0123456789abcdef")
	if r := do(t, "GET", s.URL+"/metrics", "", ""); r.status != 401 {
		t.Errorf("no token: %d", r.status)
	}
	req, _ := http.NewRequest("GET", s.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer 0123456789abcdef0123456789abcdef")
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(res.Body)
	if res.StatusCode != 200 || !strings.Contains(b.String(), "ccpor_http_requests_total") {
		t.Errorf("with token: %d %s", res.StatusCode, b.String()[:min(200, b.Len())])
	}
}

func TestReadinessFailsWithoutTheDatabase(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	cfg := d.Config(t, "CCPOR_WORKERS=false")
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clock.Real{})
	must(t, err)
	s := httptest.NewServer(a.Handler)
	defer s.Close()
	a.Close() // the pool is gone: the database is unreachable for this server
	if r := do(t, "GET", s.URL+"/readyz", "", ""); r.status != 503 {
		t.Errorf("readyz without a database: %d %s", r.status, r.body)
	}
	if r := do(t, "GET", s.URL+"/healthz", "", ""); r.status != 200 {
		t.Errorf("healthz is liveness only: %d", r.status)
	}
}
