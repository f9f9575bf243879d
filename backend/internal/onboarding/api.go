package onboarding

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/court"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// problem turns a refusal into a problem that states its reason.
func problem(err error) error {
	var r *Refusal
	if errors.As(err, &r) {
		return huma.NewError(r.Status, r.Reason)
	}
	return err
}

// handle is auth.Handle with refusals answered by their reason.
func handle[I, O any](h func(ctx context.Context, c auth.Caller, in *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return auth.Handle(func(ctx context.Context, c auth.Caller, in *I) (*O, error) {
		out, err := h(ctx, c, in)
		return out, problem(err)
	})
}

type courtPath struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
}

type createCourtInput struct{ Body NewCourt }

type courtOutput struct{ Body court.Court }

type editCourtInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	Body    CourtEdit
}

type editCourtOutput struct{ Body CourtEditResult }

type onboardingOutput struct{ Body CourtOnboarding }

type recordStepInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	Body    OnboardingStepInput
}

type goLiveInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	Body    CourtGoLiveInput
}

type appointInput struct {
	CourtID string `path:"courtId" format:"uuid" doc:"the court's id"`
	Body    CourtAdminAppointment
}

type appointOutput struct{ Body CourtAdminAppointed }

type listChangesInput struct {
	Status string `query:"status" enum:"pending,decided" default:"pending"`
}

type listChangesOutput struct {
	Body struct {
		Changes []CourtChange `json:"changes"`
	}
}

type proposeInput struct{ Body PlatformAdminProposal }

type changeOutput struct{ Body CourtChange }

type decideInput struct {
	ChangeID string          `path:"changeId" format:"uuid" doc:"the change's id"`
	Body     *ChangeDecision `required:"false"`
}

var refusals = []int{http.StatusConflict, http.StatusUnprocessableEntity}

// Routes registers the platform administrators' operations; svc may be nil when
// only the spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"Court administration"}
		authz.Register(api, huma.Operation{
			OperationID: "create-court", Method: http.MethodPost, Path: "/courts", Tags: tags,
			Summary: "Create a court (planned)", DefaultStatus: http.StatusCreated, Errors: refusals,
		}, authz.CourtCreate, handle(func(ctx context.Context, c auth.Caller, in *createCourtInput) (*courtOutput, error) {
			out, err := svc.Create(ctx, c.Principal, in.Body)
			return &courtOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "edit-court", Method: http.MethodPut, Path: "/courts/{courtId}", Tags: tags,
			Summary: "Edit a court",
			Description: "A new ORI where the court had one, and statewide sharing turned off, are not applied: " +
				"they wait for a second platform administrator's approval and are answered in pending.",
			Errors: append([]int{http.StatusNotFound}, refusals...),
		}, authz.CourtModify, handle(func(ctx context.Context, c auth.Caller, in *editCourtInput) (*editCourtOutput, error) {
			out, err := svc.Edit(ctx, c.Principal, c.UserID, in.CourtID, in.Body)
			return &editCourtOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "get-court-onboarding", Method: http.MethodGet, Path: "/courts/{courtId}/onboarding", Tags: tags,
			Summary: "A court's on-boarding checklist, administrators, pending changes and what keeps it from going live",
			Errors:  []int{http.StatusNotFound},
		}, authz.OnboardingRead, handle(func(ctx context.Context, c auth.Caller, in *courtPath) (*onboardingOutput, error) {
			out, err := svc.Onboarding(ctx, c.Principal, in.CourtID)
			return &onboardingOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "record-onboarding-step", Method: http.MethodPost, Path: "/courts/{courtId}/onboarding/steps", Tags: tags,
			Summary:     "Record a step of a court's on-boarding",
			Description: "Dated as entered (a step may be recorded after it happened); the decision's go-live date is at least 60 days after it.",
			Errors:      append([]int{http.StatusNotFound}, refusals...),
		}, authz.OnboardingRecord, handle(func(ctx context.Context, c auth.Caller, in *recordStepInput) (*onboardingOutput, error) {
			out, err := svc.RecordStep(ctx, c.Principal, c.UserID, in.CourtID, in.Body)
			return &onboardingOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "go-live-court", Method: http.MethodPost, Path: "/courts/{courtId}/go-live", Tags: tags,
			Summary:     "Take a court live",
			Description: "Only once its checklist is done and it has a court administrator, not before the go-live date decided.",
			Errors:      append([]int{http.StatusNotFound}, refusals...),
		}, authz.OnboardingRecord, handle(func(ctx context.Context, c auth.Caller, in *goLiveInput) (*onboardingOutput, error) {
			out, err := svc.GoLive(ctx, c.Principal, c.UserID, in.CourtID, in.Body)
			return &onboardingOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "appoint-court-admin", Method: http.MethodPost, Path: "/courts/{courtId}/court-admins", Tags: tags,
			Summary:     "Appoint a court administrator",
			Description: "An existing user by username, or a new user (name and e-mail) who is invited; never oneself.",
			Errors:      append([]int{http.StatusNotFound}, refusals...),
		}, authz.CourtAdminGrant, handle(func(ctx context.Context, c auth.Caller, in *appointInput) (*appointOutput, error) {
			out, err := svc.AppointCourtAdmin(ctx, c.Principal, c.UserID, in.CourtID, in.Body)
			return &appointOutput{Body: out}, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-court-changes", Method: http.MethodGet, Path: "/court-changes", Tags: tags,
			Summary: "Changes waiting for a second platform administrator, or decided",
		}, authz.CourtChangeList, handle(func(ctx context.Context, c auth.Caller, in *listChangesInput) (*listChangesOutput, error) {
			changes, err := svc.Changes(ctx, c.Principal, in.Status != "decided")
			out := &listChangesOutput{}
			out.Body.Changes = changes
			return out, err
		}))
		authz.Register(api, huma.Operation{
			OperationID: "propose-platform-admin", Method: http.MethodPost, Path: "/platform-admins", Tags: tags,
			Summary: "Propose a platform administrator", DefaultStatus: http.StatusAccepted,
			Description: "The appointment waits for a second platform administrator's approval.",
			Errors:      refusals,
		}, authz.CourtChangeCreate, handle(func(ctx context.Context, c auth.Caller, in *proposeInput) (*changeOutput, error) {
			out, err := svc.ProposePlatformAdmin(ctx, c.Principal, c.UserID, in.Body)
			return &changeOutput{Body: out}, err
		}))
		for _, d := range []struct {
			id, path, summary string
			approve           bool
		}{
			{"approve-court-change", "/court-changes/{changeId}/approve", "Approve and apply a change proposed by another platform administrator", true},
			{"reject-court-change", "/court-changes/{changeId}/reject", "Reject a change proposed by another platform administrator", false},
		} {
			authz.Register(api, huma.Operation{
				OperationID: d.id, Method: http.MethodPost, Path: d.path, Tags: tags, Summary: d.summary,
				Errors: append([]int{http.StatusNotFound}, refusals...),
			}, authz.CourtChangeDecide, handle(func(ctx context.Context, c auth.Caller, in *decideInput) (*changeOutput, error) {
				var body ChangeDecision
				if in.Body != nil {
					body = *in.Body
				}
				out, err := svc.Decide(ctx, c.Principal, c.UserID, in.ChangeID, d.approve, body)
				return &changeOutput{Body: out}, err
			}))
		}
	}
}
