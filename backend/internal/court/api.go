package court

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// ListCourtsOutput is the response of list-courts.
type ListCourtsOutput struct {
	Body struct {
		Courts []Court `json:"courts" doc:"every court, by name"`
	}
}

// CourtInput names a court.
type CourtInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
}

// GetCourtOutput is the response of get-court.
type GetCourtOutput struct {
	Body Court
}

// ListCourtMembersOutput is the response of list-court-members.
type ListCourtMembersOutput struct {
	Body struct {
		Members []Member `json:"members" doc:"users holding a role in the court, by display name"`
	}
}

// Routes registers the court directory's operations; svc may be nil when only
// the spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "list-courts",
			Method:      http.MethodGet,
			Path:        "/courts",
			Summary:     "The court directory",
			Tags:        []string{"Courts"},
		}, authz.CourtList, auth.Handle(func(ctx context.Context, c auth.Caller, _ *struct{}) (*ListCourtsOutput, error) {
			courts, err := svc.List(ctx, c.Principal)
			if err != nil {
				return nil, err
			}
			out := &ListCourtsOutput{}
			out.Body.Courts = courts
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "get-court",
			Method:      http.MethodGet,
			Path:        "/courts/{courtId}",
			Summary:     "One court of the directory",
			Tags:        []string{"Courts"},
			Errors:      []int{http.StatusNotFound},
		}, authz.CourtRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *CourtInput) (*GetCourtOutput, error) {
			court, err := svc.Get(ctx, c.Principal, in.CourtID)
			if err != nil {
				return nil, err
			}
			return &GetCourtOutput{Body: court}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-court-members",
			Method:      http.MethodGet,
			Path:        "/courts/{courtId}/members",
			Summary:     "Who holds which role in a court",
			Description: "For the court's administrators and help desk, and the statewide platform " +
				"administrators and help desk. Anyone else is answered 404, as for an unknown court.",
			Tags: []string{"Courts"},
		}, authz.CourtMembersList, auth.Handle(func(ctx context.Context, c auth.Caller, in *CourtInput) (*ListCourtMembersOutput, error) {
			members, err := svc.Members(ctx, c.Principal, in.CourtID)
			if err != nil {
				return nil, err
			}
			out := &ListCourtMembersOutput{}
			out.Body.Members = members
			return out, nil
		}), authz.InPathCourt("courtId"))
	}
}
