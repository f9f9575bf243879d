package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// Who asks, one column of the matrix each: nobody, each role (the statewide ones
// in the statewide court, the others in court A), and a role in another court.
const (
	anonymous = iota
	platformAdmin
	statewideHelpdesk
	statewideAuditor
	courtAdmin
	helpdesk
	clerk
	judicialOfficer
	sheriff
	auditor
	otherCourtAdmin // court_admin of court B
	callers
)

var callerNames = [callers]string{"anonymous", "platform_admin (statewide)", "helpdesk (statewide)", "auditor (statewide)",
	"court_admin", "helpdesk", "clerk", "judicial_officer", "sheriff", "auditor", "court_admin of another court"}

// The authorization matrix: every operation of the API, what each caller gets.
// In url, {A} and {B} stand for courts A and B, {unknown} for an id no court has.
var matrix = []struct {
	method, path, url, body string
	want                    [callers]int
}{
	//                                                                             anon plat swhd swau  adm  hd  clrk judg sher  aud  othr
	{"GET", "/system", "/system", "", [callers]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/client-errors", "/client-errors", `{"message":"x","route":"/"}`, [callers]int{204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204}},
	{"GET", "/me", "/me", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT", "/me/active-court", "/me/active-court", `{"courtId":"{A}"}`, [callers]int{401, 422, 422, 422, 200, 200, 200, 200, 200, 200, 422}},
	{"POST", "/me/keep-alive", "/me/keep-alive", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/courts", "/courts", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/courts/{courtId}", "/courts/{A}", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/courts/{courtId}", "/courts/{unknown}", "", [callers]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
	{"GET", "/courts/{courtId}/members", "/courts/{A}/members", "", [callers]int{401, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404}},
	{"GET", "/courts/{courtId}/members", "/courts/{B}/members", "", [callers]int{401, 200, 200, 404, 404, 404, 404, 404, 404, 404, 200}},
	{"GET", "/courts/{courtId}/members", "/courts/{unknown}/members", "", [callers]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
	// A court's users: its court admins only (platform admins appoint court admins
	// elsewhere). {unknown} is no user of the court: the database answers 404.
	{"GET", "/courts/{courtId}/users", "/courts/{A}/users", "", [callers]int{401, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404}},
	{"GET", "/courts/{courtId}/users", "/courts/{B}/users", "", [callers]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200}},
	{"POST", "/courts/{courtId}/users", "/courts/{A}/users", `{"username":"x","displayName":"","email":"","roles":[]}`, [callers]int{401, 404, 404, 404, 422, 404, 404, 404, 404, 404, 404}},
	{"PUT", "/courts/{courtId}/users/{userId}/roles", "/courts/{A}/users/{unknown}/roles", `{"roles":[]}`, [callers]int{401, 404, 404, 404, 422, 404, 404, 404, 404, 404, 404}},
	{"PUT", "/courts/{courtId}/users/{userId}/certification", "/courts/{A}/users/{unknown}/certification", `{"until":""}`, [callers]int{401, 404, 404, 404, 422, 404, 404, 404, 404, 404, 404}},
	{"POST", "/courts/{courtId}/users/{userId}/remove", "/courts/{A}/users/{unknown}/remove", "", [callers]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
	{"POST", "/courts/{courtId}/users/{userId}/restore", "/courts/{A}/users/{unknown}/restore", "", [callers]int{401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404}},
	// Whole accounts: the statewide help desk and platform admins (a court help desk
	// passes the role rules in its court and is refused by the database).
	{"POST", "/users/{userId}/disable", "/users/{unknown}/disable", "", [callers]int{401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/users/{userId}/enable", "/users/{unknown}/enable", "", [callers]int{401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/audit-events", "/audit-events", "", [callers]int{401, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403}},
	{"GET", "/audit-events/export", "/audit-events/export", "", [callers]int{401, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403}},
	// Court administration: platform administrators only (the others are refused by the role rules).
	{"POST", "/courts", "/courts", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"PUT", "/courts/{courtId}", "/courts/{A}", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"PUT", "/courts/{courtId}", "/courts/{A}", `{"name":"Superior Court of alpha","county":"alpha","cletsSubmitting":false,"sharesStatewide":true,"contact":{}}`, [callers]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/courts/{courtId}/onboarding", "/courts/{A}/onboarding", "", [callers]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/courts/{courtId}/onboarding", "/courts/{unknown}/onboarding", "", [callers]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/courts/{courtId}/onboarding/steps", "/courts/{A}/onboarding/steps", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/courts/{courtId}/go-live", "/courts/{A}/go-live", `{"occurredOn":"2026-01-02"}`, [callers]int{401, 409, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/courts/{courtId}/go-live", "/courts/{unknown}/go-live", `{"occurredOn":"2026-01-02"}`, [callers]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/courts/{courtId}/court-admins", "/courts/{A}/court-admins", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/court-changes", "/court-changes", "", [callers]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/platform-admins", "/platform-admins", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/court-changes/{changeId}/approve", "/court-changes/{unknown}/approve", `{}`, [callers]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/court-changes/{changeId}/reject", "/court-changes/{unknown}/reject", `{}`, [callers]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	// Orders: clerks and sheriffs enter for their own court, judicial officers read; the
	// administrators, help desks and auditors read no order content. {unknown} is no order.
	{"POST", "/orders", "/orders", `{}`, [callers]int{401, 403, 403, 403, 403, 403, 422, 403, 422, 403, 403}},
	{"GET", "/orders", "/orders?caseNumber=06NF0886", "", [callers]int{401, 403, 403, 403, 403, 403, 200, 200, 200, 403, 403}},
	{"GET", "/orders/{orderId}", "/orders/{unknown}", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"PUT", "/orders/{orderId}", "/orders/{unknown}", `{}`, [callers]int{401, 403, 403, 403, 403, 403, 422, 403, 422, 403, 403}},
	{"POST", "/orders/{orderId}/cancel", "/orders/{unknown}/cancel", `{"reason":"dismissed"}`, [callers]int{401, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403}},
	{"POST", "/orders/{orderId}/service", "/orders/{unknown}/service", `{"servedOn":"2026-01-02","method":"personal","servedBy":"Deputy"}`, [callers]int{401, 403, 403, 403, 403, 403, 404, 403, 404, 403, 403}},
	{"GET", "/order-forms", "/order-forms", "", [callers]int{401, 403, 403, 403, 403, 403, 200, 200, 200, 403, 403}},
	{"GET", "/orders/{orderId}/versions", "/orders/{unknown}/versions", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"GET", "/orders/{orderId}/diff", "/orders/{unknown}/diff?from=1&to=1", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"POST", "/orders/search", "/orders/search", `{"name":"Marc Jones","reason":"26CR0001"}`, [callers]int{401, 403, 403, 403, 403, 403, 200, 200, 200, 403, 403}},
	{"POST", "/orders/conflicts", "/orders/conflicts", `{"restrainedPerson":{"name":"Marc Jones","sex":"M"},"protectedPersons":[]}`, [callers]int{401, 403, 403, 403, 403, 403, 200, 403, 200, 403, 403}},
	{"GET", "/orders/{orderId}/conflicts", "/orders/{unknown}/conflicts", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	// The help desk console: help desks only (their scope is the database's rule; see helpdesk_test.go).
	{"GET", "/helpdesk/users", "/helpdesk/users?q=user", "", [callers]int{401, 403, 200, 403, 403, 200, 403, 403, 403, 403, 403}},
	{"POST", "/helpdesk/users/{userId}/password-reset", "/helpdesk/users/{unknown}/password-reset", "", [callers]int{401, 403, 404, 403, 403, 404, 403, 403, 403, 403, 403}},
	{"POST", "/helpdesk/users/{userId}/second-factor-reset", "/helpdesk/users/{unknown}/second-factor-reset", "", [callers]int{401, 403, 404, 403, 403, 404, 403, 403, 403, 403, 403}},
	{"POST", "/helpdesk/users/{userId}/unlock", "/helpdesk/users/{unknown}/unlock", "", [callers]int{401, 403, 404, 403, 403, 404, 403, 403, 403, 403, 403}},
	{"POST", "/helpdesk/users/{userId}/end-sessions", "/helpdesk/users/{unknown}/end-sessions", "", [callers]int{401, 403, 404, 403, 403, 404, 403, 403, 403, 403, 403}},
	// Maintenance: announcements are public; platform administrators schedule and cancel.
	{"GET", "/maintenance", "/maintenance", "", [callers]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/maintenance-windows", "/maintenance-windows", "", [callers]int{401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/maintenance-windows", "/maintenance-windows", `{}`, [callers]int{401, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"DELETE", "/maintenance-windows/{windowId}", "/maintenance-windows/{unknown}", "", [callers]int{401, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	// Reports: counts only; every role reads its own court's (row-level security), so all answer 200.
	{"GET", "/reports/orders", "/reports/orders?by=county", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/reports/orders", "/reports/orders?by=year", "", [callers]int{401, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422}},
	{"GET", "/reports/orders/export", "/reports/orders/export", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/reports/operations", "/reports/operations", "", [callers]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	// Order images: the order's readers read them; its writers attach them.
	{"POST", "/orders/{orderId}/images", "/orders/{unknown}/images?name=a.pdf", "%PDF-1.4", [callers]int{401, 403, 403, 403, 403, 403, 422, 403, 422, 403, 403}},
	{"GET", "/orders/{orderId}/images", "/orders/{unknown}/images", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"GET", "/orders/{orderId}/images/{imageId}", "/orders/{unknown}/images/{unknown}", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"GET", "/orders/{orderId}/images/{imageId}/content", "/orders/{unknown}/images/{unknown}/content", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	{"GET", "/orders/{orderId}/images/{imageId}/pages/{page}", "/orders/{unknown}/images/{unknown}/pages/1", "", [callers]int{401, 403, 403, 403, 403, 403, 404, 404, 404, 403, 403}},
	// CARPOS: clerks and sheriffs by permission, and only with a current CLETS
	// certification, which no caller here has (the certified case: package carpos).
	{"GET", "/orders/{orderId}/carpos", "/orders/{unknown}/carpos", "", [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/orders/{orderId}/clets-hit", "/orders/{unknown}/clets-hit", `{"response":"NAM/JONES,MARC"}`, [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/clets-hits", "/clets-hits", `{"response":"NAM/JONES,MARC","outcome":"not_found"}`, [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/clets-hits", "/clets-hits", "", [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/carpos/orders", "/carpos/orders?fcn=F061590000012345", "", [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"GET", "/carpos/queue", "/carpos/queue", "", [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
	{"POST", "/carpos/messages/{messageId}/resend", "/carpos/messages/{unknown}/resend", "", [callers]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403}},
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	cfg := d.Config(t, "CCPOR_WORKERS=false")
	if auth.SessionCookie(cfg.PublicURL) != auth.CookieNamePlain {
		t.Fatalf("the test server is on %s, where the cookie is %s", cfg.PublicURL, auth.SessionCookie(cfg.PublicURL))
	}
	f := dbtest.NewTenants(t, d)
	a, b, state := f.Court(t, "alpha", true), f.Court(t, "bravo", true), f.Statewide(t)
	grants := [callers]struct {
		court string
		role  authz.Role
	}{
		platformAdmin:     {state, authz.PlatformAdmin},
		statewideHelpdesk: {state, authz.Helpdesk},
		statewideAuditor:  {state, authz.Auditor},
		courtAdmin:        {a, authz.CourtAdmin},
		helpdesk:          {a, authz.Helpdesk},
		clerk:             {a, authz.Clerk},
		judicialOfficer:   {a, authz.JudicialOfficer},
		sheriff:           {a, authz.Sheriff},
		auditor:           {a, authz.Auditor},
		otherCourtAdmin:   {b, authz.CourtAdmin},
	}
	var tokens [callers]string
	for c := platformAdmin; c < callers; c++ {
		user := f.User(t, "user-"+string(grants[c].role)+"-"+string(rune('a'+c)))
		f.Grant(t, user, grants[c].court, string(grants[c].role))
		_, tokens[c] = f.Session(t, user, grants[c].court)
	}

	s := httptest.NewServer(build(t, cfg).Handler)
	t.Cleanup(s.Close)
	urls := strings.NewReplacer("{A}", a, "{B}", b, "{unknown}", "7e0b6a8e-5b1e-4d7c-9a53-2f1d0c9e8b71")
	for _, row := range matrix {
		for c := anonymous; c < callers; c++ {
			t.Run(row.method+" "+row.url+" as "+callerNames[c], func(t *testing.T) {
				req, err := http.NewRequest(row.method, s.URL+"/api/v1"+urls.Replace(row.url), strings.NewReader(urls.Replace(row.body)))
				must(t, err)
				if row.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				if tokens[c] != "" {
					req.AddCookie(&http.Cookie{Name: auth.CookieNamePlain, Value: tokens[c]})
					if row.method != http.MethodGet {
						req.Header.Set(auth.CSRFHeader, auth.CSRFToken(tokens[c]))
					}
				}
				res, err := http.DefaultClient.Do(req)
				must(t, err)
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				if res.StatusCode != row.want[c] {
					t.Fatalf("status %d, want %d: %s", res.StatusCode, row.want[c], body)
				}
				if res.StatusCode >= 400 && res.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("content type %q for a problem", res.Header.Get("Content-Type"))
				}
			})
		}
	}
}

// Every operation of the spec is in the matrix, and declares what it requires.
func TestEveryOperationIsInTheMatrixAndDeclaresAPermission(t *testing.T) {
	t.Parallel()
	inMatrix := map[string]bool{}
	for _, row := range matrix {
		inMatrix[row.method+" "+row.path] = true
	}
	spec := httpapi.Spec(app.Routes(config.Config{Env: config.Development}, "test"))
	n := 0
	for path, item := range spec.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "PUT": item.Put, "POST": item.Post,
			"DELETE": item.Delete, "OPTIONS": item.Options, "HEAD": item.Head, "PATCH": item.Patch, "TRACE": item.Trace} {
			if op == nil {
				continue
			}
			n++
			key := method + " " + path
			if perm, _ := op.Extensions[authz.ExtPermission].(string); perm == "" {
				t.Errorf("%s (%s) declares no permission (x-permission)", key, op.OperationID)
			}
			if !inMatrix[key] {
				t.Errorf("%s (%s) is missing from the authorization matrix", key, op.OperationID)
			}
			delete(inMatrix, key)
		}
	}
	for key := range inMatrix {
		t.Errorf("the matrix names %s, which the spec lacks", key)
	}
	if n == 0 {
		t.Fatal("the spec has no operations")
	}
}

func build(t testing.TB, cfg config.Config) *app.App {
	t.Helper()
	a, err := app.Build(context.Background(), cfg, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}
