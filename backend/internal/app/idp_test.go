package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// idp is mockoidc (a provider this project did not write) with a middleware
// around its token endpoint that swaps the ID token for a forged one, for the
// tokens mockoidc cannot sign wrongly by itself.
type idp struct {
	m *mockoidc.MockOIDC

	mu         sync.Mutex
	forge      func(t *testing.T, claims jwt.MapClaims) string
	endSession bool
	t          *testing.T
}

func startIDP(t *testing.T) *idp {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	must(t, err)
	i := &idp{m: m, t: t}
	must(t, m.AddMiddleware(i.middleware))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	must(t, m.Start(ln, nil))
	t.Cleanup(func() { _ = m.Shutdown() })
	return i
}

// setForge makes the next token responses carry forge's ID token (nil: mockoidc's own).
func (i *idp) setForge(f func(t *testing.T, claims jwt.MapClaims) string) {
	i.mu.Lock()
	i.forge = f
	i.mu.Unlock()
}

func (i *idp) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i.mu.Lock()
		forge, endSession := i.forge, i.endSession
		i.mu.Unlock()
		rewrite := func(change func(map[string]any)) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var body map[string]any
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
				return
			}
			change(body)
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(body)
		}
		switch {
		case r.URL.Path == mockoidc.TokenEndpoint && forge != nil:
			rewrite(func(body map[string]any) {
				raw, _ := body["id_token"].(string)
				body["id_token"] = forge(i.t, payload(i.t, raw))
			})
		case r.URL.Path == mockoidc.DiscoveryEndpoint && endSession:
			rewrite(func(body map[string]any) { body["end_session_endpoint"] = i.m.Addr() + "/oidc/logout" })
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// payload returns a JWT's claims without verifying it (the test forges from them).
func payload(t *testing.T, raw string) jwt.MapClaims {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", raw)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	must(t, err)
	var c jwt.MapClaims
	must(t, json.Unmarshal(b, &c))
	return c
}

// signed signs claims with the provider's own key (a token it could have issued).
func (i *idp) signed(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := i.m.Keypair.SignJWT(claims)
	must(t, err)
	return s
}

// withClaims forges a token signed by the provider's key with some claims changed.
func (i *idp) withClaims(change func(jwt.MapClaims)) func(*testing.T, jwt.MapClaims) string {
	return func(t *testing.T, c jwt.MapClaims) string {
		change(c)
		return i.signed(t, c)
	}
}

func unsigned(t *testing.T, c jwt.MapClaims) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
	must(t, err)
	return s
}

// hmacWith signs with HS256 keyed by the client secret (the classic confusion).
func (i *idp) hmacWith(t *testing.T, c jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	kid, _ := i.m.Keypair.KeyID()
	tok.Header["kid"] = kid
	s, err := tok.SignedString([]byte(i.m.ClientSecret))
	must(t, err)
	return s
}

// unknownKey signs with a key the provider does not publish, under its key id.
func (i *idp) unknownKey(t *testing.T, c jwt.MapClaims) string {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	kid, _ := i.m.Keypair.KeyID()
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	must(t, err)
	return s
}

// registry is the whole app on a fresh database, signed in through the idp.
type registry struct {
	url   string
	app   *app.App
	f     *dbtest.Tenants
	clock *clock.Manual
	idp   *idp
	admin *pgx.Conn // the cluster's superuser, to look behind the application's back
}

func startRegistry(t *testing.T, i *idp, env ...string) *registry {
	t.Helper()
	d := dbtest.New(t)
	s := httptest.NewUnstartedServer(nil)
	public := "http://" + s.Listener.Addr().String()
	cfg := d.Config(t, append([]string{"CCPOR_WORKERS=false", "CCPOR_PUBLIC_URL=" + public,
		"CCPOR_OIDC_ISSUER_URL=" + i.m.Issuer(), "CCPOR_OIDC_CLIENT_ID=" + i.m.ClientID,
		"CCPOR_OIDC_CLIENT_SECRET=" + i.m.ClientSecret, "CCPOR_OIDC_REQUIRE_SECOND_FACTOR=false",
		"CCPOR_API_AUDIENCE=ccpor-api"}, env...)...)
	clk := clock.NewManual(time.Now())
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clk)
	must(t, err)
	t.Cleanup(func() { a.Close() })
	s.Config.Handler = a.Handler
	s.Start()
	t.Cleanup(s.Close)
	return &registry{url: public, app: a, f: dbtest.NewTenants(t, d), clock: clk, idp: i, admin: dbtest.Conn(t, d.AdminURL)}
}

// browser is a cookie jar that follows the sign-in redirects (between the
// registry's /auth and the provider) and stops at the first other one.
func browser(t *testing.T, tamper func(*http.Request)) *http.Client {
	jar, err := cookiejar.New(nil)
	must(t, err)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if !strings.HasPrefix(req.URL.Path, "/auth/") && !strings.HasPrefix(req.URL.Path, "/oidc/") {
			return http.ErrUseLastResponse
		}
		if tamper != nil {
			tamper(req)
		}
		return nil
	}}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func call(t *testing.T, c *http.Client, method, url string, header map[string]string, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	must(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return answer{res.StatusCode, res.Header, string(b)}
}

// signIn runs /auth/login → provider → /auth/callback and returns the callback's answer.
func (r *registry) signIn(t *testing.T, c *http.Client, query string) answer {
	t.Helper()
	return call(t, c, "GET", r.url+"/auth/login"+query, nil, "")
}

// me reads /api/v1/me, returning its status and body.
func (r *registry) me(t *testing.T, c *http.Client) (int, meBody) {
	t.Helper()
	a := call(t, c, "GET", r.url+"/api/v1/me", nil, "")
	var m meBody
	if a.status == 200 {
		must(t, json.Unmarshal([]byte(a.body), &m))
	}
	return a.status, m
}

type meBody struct {
	User struct {
		ID, Username string
	} `json:"user"`
	Courts []struct {
		ID    string   `json:"id"`
		Roles []string `json:"roles"`
	} `json:"courts"`
	ActiveCourt *struct {
		ID string `json:"id"`
	} `json:"activeCourt"`
	CSRFToken string `json:"csrfToken"`
	Session   struct {
		IdleExpiresAt      time.Time `json:"idleExpiresAt"`
		IdleTimeoutSeconds int       `json:"idleTimeoutSeconds"`
	} `json:"session"`
}

// sessionCookie returns the browser's session cookie for the registry.
func (r *registry) sessionCookie(t *testing.T, c *http.Client) string {
	t.Helper()
	req, _ := http.NewRequest("GET", r.url+"/", nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		if ck.Name == "ccpor_session" {
			return ck.Value
		}
	}
	return ""
}

// audited returns the reasons of the audit events of action and outcome, oldest first.
func (r *registry) audited(t *testing.T, action, outcome string) []string {
	t.Helper()
	rows, err := r.admin.Query(context.Background(),
		"SELECT coalesce(reason, '') FROM audit_events WHERE action = $1 AND outcome = $2 ORDER BY id", action, outcome)
	must(t, err)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(t, err)
	return out
}

// scalar reads one value as the superuser.
func (r *registry) scalar(t *testing.T, dst any, sql string, args ...any) {
	t.Helper()
	must(t, r.admin.QueryRow(context.Background(), sql, args...).Scan(dst))
}
