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
}

// Option refines what an operation declares.
type Option func(*requirement)

// InPathCourt checks the permission in the court named by the path parameter
// instead of the acting court, and answers a denial 404 rather than 403: a caller
// who may not see that court's objects learns nothing of them (coder's dbauthz).
func InPathCourt(param string) Option {
	return func(r *requirement) { r.courtParam = param }
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
func Guard(api huma.API, authn Authenticate, az Authorizer, problem func(context.Context, error) huma.StatusError, denied Denied) func(huma.Context, func(huma.Context)) {
	fail := func(ctx huma.Context, rctx context.Context, err error) {
		if denied != nil {
			denied(rctx, ctx.Operation(), err)
		}
		se := problem(ctx.Context(), err)
		_ = huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
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
		who, rctx, err := authn(ctx)
		if err != nil {
			fail(ctx, ctx.Context(), err)
			return
		}
		if req.perm == SignedIn {
			next(huma.WithContext(ctx, rctx))
			return
		}
		court, refusal := who.CourtID, apperr.ErrForbidden
		if req.courtParam != "" {
			court, refusal = ctx.Param(req.courtParam), apperr.ErrNotFound
		}
		if !az.Allowed(who.UserID, court, req.perm) {
			fail(ctx, rctx, refusal)
			return
		}
		next(huma.WithContext(ctx, rctx))
	}
}
