package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

func TestPanicBecomesAProblemWithoutStack(t *testing.T) {
	h, _ := New(Options{
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		Routes: []Registrar{func(api huma.API) {
			huma.Get(api, "/explode", func(context.Context, *struct{}) (*struct{}, error) { panic("secret internals") })
		}},
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/explode", nil))
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if strings.Contains(rec.Body.String(), "secret internals") || strings.Contains(rec.Body.String(), ".go:") {
		t.Errorf("the panic leaked: %s", rec.Body.String())
	}
}

func TestProblemMapsDomainErrors(t *testing.T) {
	v := &apperr.ValidationError{}
	v.Add("body.caseNumber", "must look like 06NF0886")
	v.Add("body.restrainedPerson.dob", "is in the future")
	for _, tc := range []struct {
		err    error
		status int
		want   string
	}{
		{fmt.Errorf("store: get order: %w", apperr.ErrNotFound), 404, "not found"},
		{apperr.ErrConflict, 409, "conflict"},
		{apperr.ErrForbidden, 403, "may not"},
		{apperr.ErrUnauthenticated, 401, "sign in"},
		{apperr.ErrPreconditionFailed, 412, "changed"},
		{apperr.ErrUnavailable, 503, "cannot answer"},
		{v, 422, "body.restrainedPerson.dob"},
		{errors.New("pq: relation secret_table does not exist"), 500, "internal error"},
	} {
		p := Problem(context.Background(), tc.err)
		m, ok := p.(*huma.ErrorModel)
		if !ok || m.Status != tc.status {
			t.Errorf("%v: got %+v, want %d", tc.err, p, tc.status)
			continue
		}
		text := m.Detail
		for _, d := range m.Errors {
			text += " " + d.Location + " " + d.Message
		}
		if !strings.Contains(text, tc.want) {
			t.Errorf("%v: %q lacks %q", tc.err, text, tc.want)
		}
		if strings.Contains(text, "secret_table") {
			t.Errorf("an internal error leaked: %q", text)
		}
	}
	if Problem(context.Background(), nil) != nil {
		t.Error("nil error must map to nil")
	}
}
