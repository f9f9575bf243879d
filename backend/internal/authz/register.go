package authz

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// metaKey is where an operation keeps its requirement among its metadata.
const metaKey = "ccpor.authz"

// ExtPermission and ExtPermissionCourt are the spec's record of each operation's
// requirement: "resource:action" or "public", and the path parameter naming the
// court it is checked in (absent: the acting court). "signed-in" asks only that
// somebody is.
const (
	ExtPermission      = "x-permission"
	ExtPermissionCourt = "x-permission-court"
)

// requirement is what an operation demands of its caller.
type requirement struct {
	perm       Permission
	courtParam string
	tentative  bool
}

// Option refines what an operation declares.
type Option func(*requirement)

// InPathCourt checks the permission in the court named by the path parameter
// instead of the acting court, and answers a denial 404 rather than 403: a caller
// who may not see that court's objects learns nothing of them (coder's dbauthz).
func InPathCourt(param string) Option {
	return func(r *requirement) { r.courtParam = param }
}

// Tentatively lets the guard pass the operation a caller it knows only
// tentatively (who the request's session was when last resolved, with no round
// trip), the role rules checked on that caller, when the handler has the database
// confirm the session in its own round trip before it reads or records anything
// and, when the database does not, calls Confirm (the guard's own path) before
// going on. Without a tentative caller the guard authenticates as always.
func Tentatively() Option {
	return func(r *requirement) { r.tentative = true }
}

// Register registers op with what it requires of its caller: perm in the acting
// court, SignedIn, or Public. It panics (at start-up, in every test) when the declaration
// is missing or names a permission no role holds.
func Register[I, O any](api huma.API, op huma.Operation, perm Permission, h func(context.Context, *I) (*O, error), opts ...Option) {
	req := requirement{perm: perm}
	for _, o := range opts {
		o(&req)
	}
	if err := req.check(op); err != nil {
		panic(err)
	}
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	op.Extensions[ExtPermission] = perm.String()
	if req.courtParam != "" {
		op.Extensions[ExtPermissionCourt] = req.courtParam
	}
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[metaKey] = req
	if perm != Public {
		denied := http.StatusForbidden
		if req.courtParam != "" {
			denied = http.StatusNotFound
		}
		op.Errors = append(op.Errors, http.StatusUnauthorized, denied)
	}
	huma.Register(api, op, h)
}

func (r requirement) check(op huma.Operation) error {
	where := op.OperationID + " (" + op.Method + " " + op.Path + ")"
	switch {
	case r.perm == Permission{}:
		return fmt.Errorf("authz: operation %s declares no permission (authz.Public if it needs none)", where)
	case (r.perm == Public || r.perm == SignedIn) && r.courtParam != "":
		return fmt.Errorf("authz: operation %s names a court but requires no role", where)
	case r.tentative && (r.perm == Public || r.perm == SignedIn || r.courtParam != ""):
		return fmt.Errorf("authz: operation %s takes a tentative caller but requires no role in the acting court", where)
	case r.courtParam != "" && !strings.Contains(op.Path, "{"+r.courtParam+"}"):
		return fmt.Errorf("authz: operation %s has no path parameter %s", where, r.courtParam)
	case r.perm != Public && r.perm != SignedIn && !heldByAnyRole(r.perm):
		return fmt.Errorf("authz: operation %s requires %s, which no role holds (see roles.go)", where, r.perm)
	}
	return nil
}

func heldByAnyRole(p Permission) bool {
	for _, perms := range rolePermissions {
		for _, q := range perms {
			if q == p {
				return true
			}
		}
	}
	return false
}

// Subject is who signed in, as the guard needs to know it.
type Subject struct {
	UserID  string
	CourtID string // the acting court; empty when the session has none
}

// Authenticate tells who signed the request: the subject and the context the
// handler is to run with (carrying what the handler needs of the caller).
// apperr.ErrUnauthenticated means nobody did; another error, that it cannot tell.
type Authenticate func(ctx huma.Context) (Subject, context.Context, error)

// Tentative tells who signed the request as far as is known without asking
// anyone (who its session was when last resolved): the subject and the context
// the handler is to run with. ok false when it cannot tell; the guard then
// authenticates. Only operations registered with Tentatively take its answer.
type Tentative func(ctx huma.Context) (who Subject, rctx context.Context, ok bool)

// GuardOption refines the guard.
type GuardOption func(*guardOptions)

type guardOptions struct {
	tentative Tentative
}

// WithTentative gives the guard the tentative callers of operations registered
// with Tentatively.
func WithTentative(t Tentative) GuardOption {
	return func(o *guardOptions) { o.tentative = t }
}

type confirmKey struct{}

// Confirm is for the handler of an operation registered with Tentatively whose
// caller the database did not confirm: it authenticates the request and checks
// the operation's permission exactly as the guard does for every other operation
// (a refusal is reported as the guard reports it), and returns the context the
// handler is then to run with, or the error to answer. For a caller that was not
// tentative it returns ctx.
func Confirm(ctx context.Context) (context.Context, error) {
	if f, ok := ctx.Value(confirmKey{}).(func() (context.Context, error)); ok {
		return f()
	}
	return ctx, nil
}

// Authorizer decides; *Enforcer is one.
type Authorizer interface {
	Allowed(user, court string, p Permission) bool
}

// Denied is told of every request the guard refuses, with the context of the
// caller when one signed in (for the audit log).
type Denied func(ctx context.Context, op *huma.Operation, err error)

// Guard returns the API's middleware enforcing what each operation declared with
// Register: public ones pass; SignedIn ones pass whoever signed in; for the
// others, 401 when nobody is signed in, 403
// when the caller lacks the permission in the acting court (404 for InPathCourt).
// An operation registered without a declaration is refused (fail closed). problem
// maps errors to RFC 9457 problems (httpapi.Problem); denied, when not nil, hears
// of each refusal. Install it before any operation is registered.
func Guard(api huma.API, authn Authenticate, az Authorizer, problem func(context.Context, error) huma.StatusError, denied Denied, opts ...GuardOption) func(huma.Context, func(huma.Context)) {
	var o guardOptions
	for _, opt := range opts {
		opt(&o)
	}
	report := func(ctx huma.Context, rctx context.Context, err error) {
		if denied != nil {
			denied(rctx, ctx.Operation(), err)
		}
	}
	fail := func(ctx huma.Context, rctx context.Context, err error) {
		report(ctx, rctx, err)
		se := problem(ctx.Context(), err)
		_ = huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
	}
	// decide is the guard's judgement of a caller who needs req.perm: the context
	// to run the handler with, or the refusal (already reported).
	decide := func(ctx huma.Context, req requirement) (context.Context, error) {
		who, rctx, err := authn(ctx)
		if err != nil {
			report(ctx, ctx.Context(), err)
			return nil, err
		}
		if req.perm == SignedIn {
			return rctx, nil
		}
		court, refusal := who.CourtID, apperr.ErrForbidden
		if req.courtParam != "" {
			court, refusal = ctx.Param(req.courtParam), apperr.ErrNotFound
		}
		if !az.Allowed(who.UserID, court, req.perm) {
			report(ctx, rctx, refusal)
			return nil, refusal
		}
		return rctx, nil
	}
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		req, ok := op.Metadata[metaKey].(requirement)
		if !ok {
			fail(ctx, ctx.Context(), fmt.Errorf("authz: operation %s %s declares no permission", op.Method, op.Path))
			return
		}
		if req.perm == Public {
			next(ctx)
			return
		}
		// What a signed-in caller is answered (a CSRF token, court data, or a
		// refusal) is stored by no browser cache or proxy.
		ctx.SetHeader("Cache-Control", "no-store")
		if req.tentative && o.tentative != nil {
			// The role rules decide on the tentative caller; the handler has the
			// database confirm the session, or calls Confirm for what follows here.
			if who, rctx, ok := o.tentative(ctx); ok && who.CourtID != "" && az.Allowed(who.UserID, who.CourtID, req.perm) {
				next(huma.WithContext(ctx, context.WithValue(rctx, confirmKey{}, func() (context.Context, error) {
					return decide(ctx, req)
				})))
				return
			}
		}
		rctx, err := decide(ctx, req)
		if err != nil {
			se := problem(ctx.Context(), err)
			_ = huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
			return
		}
		next(huma.WithContext(ctx, rctx))
	}
}
