package authz_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/humatest"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

type subjectKey struct{}

// byHeader signs requests in by the X-User and X-Court headers.
func byHeader(ctx huma.Context) (authz.Subject, context.Context, error) {
	if ctx.Header("X-Fail") != "" {
		return authz.Subject{}, nil, apperr.ErrUnavailable
	}
	s := authz.Subject{UserID: ctx.Header("X-User"), CourtID: ctx.Header("X-Court")}
	if s.UserID == "" {
		return authz.Subject{}, nil, apperr.ErrUnauthenticated
	}
	return s, context.WithValue(ctx.Context(), subjectKey{}, s), nil
}

// allowList allows what it lists as "user court permission".
type allowList map[string]bool

func (a allowList) Allowed(user, court string, p authz.Permission) bool {
	return a[user+" "+court+" "+p.String()]
}

type idInput struct {
	CourtID string `path:"courtId"`
}

type whoOutput struct {
	Body struct {
		User string `json:"user"`
	}
}

func who(ctx context.Context, _ *idInput) (*whoOutput, error) {
	out := &whoOutput{}
	if s, ok := ctx.Value(subjectKey{}).(authz.Subject); ok {
		out.Body.User = s.UserID
	}
	return out, nil
}

// denials records what the guard reported refusing.
type denials struct {
	mu  sync.Mutex
	ops []string
}

func (d *denials) record(_ context.Context, op *huma.Operation, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ops = append(d.ops, op.OperationID+": "+err.Error())
}

func guarded(t *testing.T) humatest.TestAPI {
	api, _ := guardedHeard(t)
	return api
}

func guardedHeard(t *testing.T) (humatest.TestAPI, *denials) {
	_, api := humatest.New(t)
	heard := &denials{}
	api.UseMiddleware(authz.Guard(api, byHeader, allowList{
		"ann A court:read": true, "ann B court_members:list": true,
	}, httpapi.Problem, heard.record))
	authz.Register(api, huma.Operation{OperationID: "open", Method: http.MethodGet, Path: "/open/{courtId}"}, authz.Public, who)
	authz.Register(api, huma.Operation{OperationID: "read", Method: http.MethodGet, Path: "/read/{courtId}"}, authz.CourtRead, who)
	authz.Register(api, huma.Operation{OperationID: "me", Method: http.MethodGet, Path: "/me/{courtId}"}, authz.SignedIn, who)
	authz.Register(api, huma.Operation{OperationID: "members", Method: http.MethodGet, Path: "/courts/{courtId}/members"},
		authz.CourtMembersList, who, authz.InPathCourt("courtId"))
	huma.Register(api, huma.Operation{OperationID: "undeclared", Method: http.MethodGet, Path: "/undeclared/{courtId}"}, who)
	return api, heard
}

func TestTheGuardReportsEachRefusal(t *testing.T) {
	t.Parallel()
	api, heard := guardedHeard(t)
	api.Get("/open/A")
	api.Get("/read/A", "X-User: ann", "X-Court: A")
	api.Get("/read/A")                              // nobody signed in
	api.Get("/read/B", "X-User: ann", "X-Court: B") // no role there
	api.Get("/courts/C/members", "X-User: ann")     // another court's members
	heard.mu.Lock()
	defer heard.mu.Unlock()
	if len(heard.ops) != 3 {
		t.Fatalf("heard %d refusals, want 3: %v", len(heard.ops), heard.ops)
	}
	for i, want := range []string{"read: unauthenticated", "read: forbidden", "members: not found"} {
		if heard.ops[i] != want {
			t.Errorf("refusal %d: %q, want %q", i, heard.ops[i], want)
		}
	}
}

func TestTheGuardEnforcesTheDeclarations(t *testing.T) {
	t.Parallel()
	api := guarded(t)
	for _, tc := range []struct {
		name, path string
		headers    []any
		status     int
		body       string
	}{
		{"public without sign-in", "/open/A", nil, 200, `"user":""`},
		{"public does not authenticate", "/open/A", []any{"X-Fail: 1"}, 200, `"user":""`},
		{"nobody signed in", "/read/A", nil, 401, "sign in"},
		{"allowed in the acting court", "/read/x", []any{"X-User: ann", "X-Court: A"}, 200, `"user":"ann"`},
		{"not allowed in the acting court", "/read/A", []any{"X-User: ann", "X-Court: B"}, 403, "may not"},
		{"cannot tell who signed in", "/read/A", []any{"X-User: ann", "X-Fail: 1"}, 503, "cannot answer"},
		{"allowed in the court of the path", "/courts/B/members", []any{"X-User: ann", "X-Court: A"}, 200, `"user":"ann"`},
		{"not allowed in the court of the path is not found", "/courts/A/members", []any{"X-User: ann", "X-Court: B"}, 404, "not found"},
		{"nobody signed in, court of the path", "/courts/B/members", nil, 401, "sign in"},
		{"signed in with no role anywhere", "/me/x", []any{"X-User: bob"}, 200, `"user":"bob"`},
		{"signed in is still a sign-in", "/me/x", nil, 401, "sign in"},
		{"signed in, cannot tell who", "/me/x", []any{"X-User: bob", "X-Fail: 1"}, 503, "cannot answer"},
		{"an undeclared operation is refused", "/undeclared/A", []any{"X-User: ann", "X-Court: A"}, 500, "internal error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := api.Get(tc.path, tc.headers...)
			if res.Code != tc.status || !strings.Contains(res.Body.String(), tc.body) {
				t.Errorf("%d %s; want %d with %q", res.Code, res.Body.String(), tc.status, tc.body)
			}
			if tc.status >= 400 && !strings.Contains(res.Header().Get("Content-Type"), "problem+json") {
				t.Errorf("content type %q", res.Header().Get("Content-Type"))
			}
		})
	}
}

func TestTheSpecRecordsEachRequirement(t *testing.T) {
	t.Parallel()
	api := guarded(t)
	paths := api.OpenAPI().Paths
	for path, want := range map[string]string{
		"/open/{courtId}": "public", "/read/{courtId}": "court:read", "/me/{courtId}": "signed-in", "/courts/{courtId}/members": "court_members:list",
	} {
		op := paths[path].Get
		if got := op.Extensions[authz.ExtPermission]; got != want {
			t.Errorf("%s: x-permission %v, want %s", path, got, want)
		}
	}
	members := paths["/courts/{courtId}/members"].Get
	if members.Extensions[authz.ExtPermissionCourt] != "courtId" || members.Responses["404"] == nil || members.Responses["401"] == nil {
		t.Errorf("members: extensions %v, responses %v", members.Extensions, members.Responses)
	}
	if read := paths["/read/{courtId}"].Get; read.Responses["403"] == nil {
		t.Errorf("read: responses %v", read.Responses)
	}
	if _, ok := paths["/undeclared/{courtId}"].Get.Extensions[authz.ExtPermission]; ok {
		t.Error("an undeclared operation has a permission")
	}
}

func TestRegisterRefusesAMissingOrUnknownRequirement(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		path string
		perm authz.Permission
		opts []authz.Option
		want string
	}{
		{"no permission", "/x", authz.Permission{}, nil, "declares no permission"},
		{"a permission no role holds", "/x", authz.Permission{Resource: "order", Action: "purge"}, nil, "no role holds"},
		{"a court parameter not in the path", "/x", authz.CourtRead, []authz.Option{authz.InPathCourt("courtId")}, "no path parameter courtId"},
		{"a public operation naming a court", "/x/{courtId}", authz.Public, []authz.Option{authz.InPathCourt("courtId")}, "requires no role"},
		{"a signed-in operation naming a court", "/x/{courtId}", authz.SignedIn, []authz.Option{authz.InPathCourt("courtId")}, "requires no role"},
		{"a public operation taking a tentative caller", "/x", authz.Public, []authz.Option{authz.Tentatively()}, "tentative caller"},
		{"a signed-in operation taking a tentative caller", "/x", authz.SignedIn, []authz.Option{authz.Tentatively()}, "tentative caller"},
		{"a tentative caller checked in the court of the path", "/x/{courtId}", authz.CourtRead,
			[]authz.Option{authz.Tentatively(), authz.InPathCourt("courtId")}, "tentative caller"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, api := humatest.New(t)
			defer func() {
				p := recover()
				if p == nil || !strings.Contains(p.(error).Error(), tc.want) {
					t.Errorf("panic %v, want %q", p, tc.want)
				}
			}()
			authz.Register(api, huma.Operation{OperationID: "x", Method: http.MethodGet, Path: tc.path}, tc.perm,
				func(context.Context, *struct{}) (*struct{}, error) { return nil, nil }, tc.opts...)
		})
	}
}

// An operation registered Tentatively gets the tentative caller when the role
// rules allow it, without authentication; its handler's Confirm is then the
// guard's own path (authentication, the role rules, the report of a refusal).
// Without a tentative caller, or one the rules refuse, the guard authenticates.
func TestTheGuardPassesATentativeCallerForTheHandlerToConfirm(t *testing.T) {
	t.Parallel()
	_, api := humatest.New(t)
	heard := &denials{}
	var authenticated int
	authn := func(ctx huma.Context) (authz.Subject, context.Context, error) {
		authenticated++
		return byHeader(ctx)
	}
	tentative := func(ctx huma.Context) (authz.Subject, context.Context, bool) {
		s := authz.Subject{UserID: ctx.Header("X-Was-User"), CourtID: ctx.Header("X-Was-Court")}
		if s.UserID == "" {
			return authz.Subject{}, nil, false
		}
		return s, context.WithValue(ctx.Context(), subjectKey{}, authz.Subject{UserID: "tentative " + s.UserID}), true
	}
	api.UseMiddleware(authz.Guard(api, authn, allowList{"ann A court:read": true}, httpapi.Problem, heard.record,
		authz.WithTentative(tentative)))
	authz.Register(api, huma.Operation{OperationID: "bytes", Method: http.MethodGet, Path: "/bytes"}, authz.CourtRead,
		func(ctx context.Context, in *struct {
			Unconfirmed string `header:"X-Unconfirmed"`
		}) (*whoOutput, error) {
			out, _ := who(ctx, nil)
			if strings.HasPrefix(out.Body.User, "tentative ") && in.Unconfirmed != "" {
				// The handler's own round trip did not confirm the session.
				rctx, err := authz.Confirm(ctx)
				if err != nil {
					return nil, httpapi.Problem(ctx, err)
				}
				out, _ = who(rctx, nil)
				out.Body.User = "confirmed " + out.Body.User
			}
			return out, nil
		}, authz.Tentatively())
	authz.Register(api, huma.Operation{OperationID: "read", Method: http.MethodGet, Path: "/read"}, authz.CourtRead, who)

	for _, tc := range []struct {
		name    string
		path    string
		headers []any
		status  int
		body    string
		authn   int
	}{
		{"a tentative caller the rules allow, not authenticated", "/bytes",
			[]any{"X-Was-User: ann", "X-Was-Court: A"}, 200, `"user":"tentative ann"`, 0},
		{"a tentative caller not confirmed, then authenticated", "/bytes",
			[]any{"X-Was-User: ann", "X-Was-Court: A", "X-User: ann", "X-Court: A", "X-Unconfirmed: 1"}, 200, `"user":"confirmed ann"`, 1},
		{"a tentative caller whose session no longer resolves", "/bytes",
			[]any{"X-Was-User: ann", "X-Was-Court: A", "X-Unconfirmed: 1"}, 401, "sign in", 1},
		{"a tentative caller who now acts in a court without the role", "/bytes",
			[]any{"X-Was-User: ann", "X-Was-Court: A", "X-User: ann", "X-Court: B", "X-Unconfirmed: 1"}, 403, "may not", 1},
		{"a tentative caller the rules refuse: the guard authenticates", "/bytes",
			[]any{"X-Was-User: ann", "X-Was-Court: B", "X-User: ann", "X-Court: A"}, 200, `"user":"ann"`, 1},
		{"no tentative caller: the guard authenticates", "/bytes", []any{"X-User: ann", "X-Court: A"}, 200, `"user":"ann"`, 1},
		{"no tentative caller, not allowed", "/bytes", []any{"X-User: ann", "X-Court: B"}, 403, "may not", 1},
		{"an operation not registered Tentatively authenticates", "/read",
			[]any{"X-Was-User: ann", "X-Was-Court: A"}, 401, "sign in", 1},
	} {
		authenticated = 0
		res := api.Get(tc.path, tc.headers...)
		if res.Code != tc.status || !strings.Contains(res.Body.String(), tc.body) || authenticated != tc.authn {
			t.Errorf("%s: %d %s, authenticated %d times; want %d with %q, %d", tc.name, res.Code, res.Body.String(),
				authenticated, tc.status, tc.body, tc.authn)
		}
	}
	heard.mu.Lock()
	defer heard.mu.Unlock()
	want := []string{"bytes: unauthenticated", "bytes: forbidden", "bytes: forbidden", "read: unauthenticated"}
	if strings.Join(heard.ops, "; ") != strings.Join(want, "; ") {
		t.Errorf("refusals heard %v, want %v", heard.ops, want)
	}
}
