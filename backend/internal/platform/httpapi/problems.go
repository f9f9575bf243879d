package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Problem maps an error of the domain layer to an RFC 9457 problem. It is the one
// place where domain errors meet HTTP status codes. Unknown errors become a 500
// whose detail says nothing of the cause; the cause goes to the log.
func Problem(ctx context.Context, err error) huma.StatusError {
	var v *apperr.ValidationError
	var se huma.StatusError
	var ref *apperr.Refusal
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return se
	case errors.As(err, &v):
		details := make([]error, len(v.Fields))
		for i, f := range v.Fields {
			details[i] = &huma.ErrorDetail{Message: f.Message, Location: f.Field, Value: f.Value}
		}
		return huma.Error422UnprocessableEntity("the request has invalid fields", details...)
	case errors.As(err, &ref) && errors.Is(ref.Kind, apperr.ErrNotFound):
		return huma.Error404NotFound(ref.Message)
	case errors.As(err, &ref) && errors.Is(ref.Kind, apperr.ErrForbidden):
		return huma.Error403Forbidden(ref.Message)
	case errors.As(err, &ref) && errors.Is(ref.Kind, apperr.ErrConflict):
		return huma.Error409Conflict(ref.Message)
	case errors.Is(err, apperr.ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, apperr.ErrConflict):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, apperr.ErrForbidden):
		return huma.Error403Forbidden("you may not do this")
	case errors.Is(err, apperr.ErrUnauthenticated):
		return huma.Error401Unauthorized("sign in first")
	case errors.Is(err, apperr.ErrPreconditionFailed):
		return huma.Error412PreconditionFailed("the object changed since you read it; reload and try again")
	case errors.Is(err, apperr.ErrTooManyRequests):
		return huma.Error429TooManyRequests("too many searches in a short time; wait a minute and try again")
	case errors.Is(err, apperr.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return huma.Error503ServiceUnavailable("the service cannot answer now; try again shortly")
	}
	Logger(ctx).ErrorContext(ctx, "request failed", "err", err)
	return huma.Error500InternalServerError("internal error; quote the request id to the help desk")
}

// WriteProblem writes a problem from a plain handler (outside the API).
func WriteProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	writeProblem(w, r, status, detail)
}

// writeProblem writes a problem outside huma (router fallbacks, panics).
func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	p := &huma.ErrorModel{
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   detail,
		Instance: "urn:ccpor:request:" + RequestID(r.Context()),
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// Logger returns the request's logger, or the default one outside a request.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
