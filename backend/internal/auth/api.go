package auth

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// MeOutput is the response of get-me and switch-active-court.
type MeOutput struct {
	Body Me
}

// SwitchCourtInput names the court to act for.
type SwitchCourtInput struct {
	Body struct {
		CourtID string `json:"courtId" format:"uuid" doc:"a court where you hold a role"`
	}
}

// KeepAliveOutput is the response of keep-alive.
type KeepAliveOutput struct {
	Body SessionTimes
}

// Routes registers the signed-in user's operations; s may be nil when only the
// spec is built.
func Routes(s *Sessions) httpapi.Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "get-me",
			Method:      http.MethodGet,
			Path:        "/me",
			Summary:     "Who is signed in: user, courts and roles, acting court, CSRF token, session times",
			Tags:        []string{"Session"},
		}, authz.SignedIn, Handle(func(ctx context.Context, c Caller, _ *struct{}) (*MeOutput, error) {
			me, err := s.Me(ctx, c)
			if err != nil {
				return nil, err
			}
			return &MeOutput{Body: me}, nil
		}))
		nullableActiveCourt(api)
		authz.Register(api, huma.Operation{
			OperationID: "switch-active-court",
			Method:      http.MethodPut,
			Path:        "/me/active-court",
			Summary:     "Act for another court where you hold a role",
			Tags:        []string{"Session"},
			Errors:      []int{http.StatusUnprocessableEntity},
		}, authz.SignedIn, Handle(func(ctx context.Context, c Caller, in *SwitchCourtInput) (*MeOutput, error) {
			c, err := s.SwitchCourt(ctx, c, in.Body.CourtID)
			if err != nil {
				return nil, err
			}
			me, err := s.Me(ctx, c)
			if err != nil {
				return nil, err
			}
			return &MeOutput{Body: me}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "keep-alive",
			Method:      http.MethodPost,
			Path:        "/me/keep-alive",
			Summary:     "Stay signed in: the idle timeout starts over",
			Tags:        []string{"Session"},
		}, authz.SignedIn, Handle(func(ctx context.Context, c Caller, _ *struct{}) (*KeepAliveOutput, error) {
			t, err := s.KeepAlive(ctx, c)
			if err != nil {
				return nil, err
			}
			return &KeepAliveOutput{Body: t}, nil
		}))
	}
}

// nullableActiveCourt says in the spec that Me.activeCourt may be null: huma marks
// only scalars nullable, so the property becomes "CourtRef or null".
func nullableActiveCourt(api huma.API) {
	me := api.OpenAPI().Components.Schemas.Map()["Me"]
	if me == nil || me.Properties["activeCourt"] == nil {
		panic("auth: the Me schema has no activeCourt")
	}
	prop := me.Properties["activeCourt"]
	me.Properties["activeCourt"] = &huma.Schema{Description: prop.Description,
		AnyOf: []*huma.Schema{{Ref: prop.Ref}, {Type: "null"}}}
}
