package registry

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// CreateInput is an order to add in the acting court.
type CreateInput struct {
	IdempotencyKey    string `header:"Idempotency-Key" maxLength:"200" doc:"makes the create safe to retry: the same key (per court and user) with the same body returns the order made first; with another body it is refused"`
	Draft             bool   `query:"draft" doc:"save as a draft: only the issuing court sees it until it is issued"`
	Supersedes        string `query:"supersedes" doc:"the id of a draft or active order of this court, of the same case and type, that the new one replaces (e.g. the order after hearing replacing the temporary order); it becomes superseded"`
	ConflictsReviewed string `query:"conflictsReviewed" maxLength:"2000" doc:"what the clerk saw of the entry's conflicts before saving (POST /orders/conflicts): the ids of the orders shown, separated by commas, or none when the check found no order. The choice to save anyway is recorded; absent, the audit log records that conflicts were not reviewed"`
	Body              forms.ContentBody
}

// OrderInput names an order.
type OrderInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
}

// GetInput names an order and, optionally, a version.
type GetInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
	Version int    `query:"version" minimum:"0" doc:"a version of the order; absent: the current one"`
}

// OrderOutput is an order with its ETag.
type OrderOutput struct {
	Status int
	ETag   string `header:"ETag" doc:"send it back in If-Match to change the order"`
	Body   order.Order
}

// ModifyInput is a new version of an order.
type ModifyInput struct {
	OrderID           string `path:"orderId"`
	IfMatch           string `header:"If-Match" doc:"the ETag of the order as read; required"`
	Issue             bool   `query:"issue" doc:"issue a draft with this version"`
	ConflictsReviewed string `query:"conflictsReviewed" maxLength:"2000" doc:"what the clerk saw of the entry's conflicts before saving (POST /orders/conflicts): the ids of the orders shown, separated by commas, or none when the check found no order. The choice to save anyway is recorded; absent, the audit log records that conflicts were not reviewed"`
	Body              forms.ContentBody
}

// CancelInput terminates an order.
type CancelInput struct {
	OrderID string `path:"orderId"`
	IfMatch string `header:"If-Match" doc:"the ETag of the order as read; when sent, a stale one is refused"`
	Body    struct {
		Reason string `json:"reason" minLength:"3" maxLength:"1000" doc:"why the order ends (e.g. terminated by CR-165)"`
	}
}

// ServeInput records the proof of service.
type ServeInput struct {
	OrderID string `path:"orderId"`
	IfMatch string `header:"If-Match" doc:"the ETag of the order as read; when sent, a stale one is refused"`
	Body    order.ServiceRecord
}

// ListInput names a court's case.
type ListInput struct {
	Court      string `query:"court" doc:"the court's id; absent: the acting court"`
	CaseNumber string `query:"caseNumber" required:"true" pattern:"^[0-9A-Z][0-9A-Z-]{2,29}$" patternDescription:"3 to 30 capital letters, digits and hyphens, as printed (e.g. 06NF0886)" doc:"the case number"`
}

// ListOutput is the orders of a case.
type ListOutput struct {
	Body struct {
		Orders []order.Summary `json:"orders"`
	}
}

// VersionsOutput is an order's history.
type VersionsOutput struct {
	Body struct {
		Versions []order.VersionInfo `json:"versions"`
	}
}

// DiffInput names two versions of an order.
type DiffInput struct {
	OrderID string `path:"orderId"`
	From    int    `query:"from" required:"true" minimum:"1"`
	To      int    `query:"to" required:"true" minimum:"1"`
}

// DiffOutput lists what changed.
type DiffOutput struct {
	Body struct {
		Changes []order.Change `json:"changes"`
	}
}

// FormsOutput is every form the registry takes.
type FormsOutput struct {
	Body struct {
		Forms []forms.FormDefinition `json:"forms"`
	}
}

// PersonSearchInput is a statewide person search; POST so that names and dates of
// birth stay out of URLs and logs.
type PersonSearchInput struct {
	Body struct {
		Name       string `json:"name,omitempty" maxLength:"200" doc:"a person's name as you have it: typos, nicknames, swapped or missing parts are tolerated; required unless a case number is given"`
		DOB        string `json:"dob,omitempty" maxLength:"20" doc:"date of birth as you have it: YYYY-MM-DD or MM/DD/YYYY; a day and month in the wrong order (21/11/1984) is searched both ways"`
		Role       string `json:"role,omitempty" enum:"restrained,protected" doc:"only restrained or only protected persons; absent: both"`
		Reason     string `json:"reason" minLength:"3" maxLength:"500" doc:"the case number or purpose of the search; recorded"`
		CaseNumber string `json:"caseNumber,omitempty" pattern:"^[0-9A-Z][0-9A-Z-]{2,29}$" patternDescription:"3 to 30 capital letters, digits and hyphens, as printed (e.g. 06NF0886)"`
		Court      string `json:"court,omitempty" doc:"a court's id"`
		Type       string `json:"type,omitempty" maxLength:"60" doc:"an order type"`
		Status     string `json:"status,omitempty" enum:"draft,active,cancelled,expired,superseded"`
		IssuedFrom string `json:"issuedFrom,omitempty" doc:"issued on or after (YYYY-MM-DD)"`
		IssuedTo   string `json:"issuedTo,omitempty" doc:"issued on or before (YYYY-MM-DD)"`
		Limit      int    `json:"limit,omitempty" minimum:"1" maximum:"50" doc:"how many results; 10 when absent"`
	}
}

// PersonSearchOutput is the persons found, best first.
type PersonSearchOutput struct {
	Body struct {
		Results    []person.Hit `json:"results"`
		MatchFloor float64      `json:"matchFloor" doc:"from this score up, the same person is likely"`
	}
}

// ConflictsOutput is a conflict report.
type ConflictsOutput struct {
	Body precedence.ConflictReport
}

// CheckConflictsInput is the content of an order about to be entered.
type CheckConflictsInput struct {
	Body struct {
		RestrainedPerson order.RestrainedPerson  `json:"restrainedPerson"`
		ProtectedPersons []order.ProtectedPerson `json:"protectedPersons" maxItems:"20"`
		Content          *order.Content          `json:"content,omitempty" doc:"the whole entry, when filled in: its terms are compared too"`
		Supersedes       string                  `json:"supersedes,omitempty" doc:"the order the entry supersedes, left out of the report"`
		Modifies         string                  `json:"modifies,omitempty" doc:"the order being modified, left out of the report"`
	}
}

func answer(o order.Order, status int) *OrderOutput {
	return &OrderOutput{Status: status, ETag: o.ETag, Body: o}
}

// Routes registers the order registry's operations; svc may be nil when only the
// spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"Orders"}
		authz.Register(api, huma.Operation{
			OperationID: "create-order", Method: http.MethodPost, Path: "/orders", Tags: tags,
			Summary:          "Add an order",
			Description:      "Adds an order in the acting court. Protected persons' addresses are kept apart, shown only to the issuing court and to sheriffs.",
			DefaultStatus:    http.StatusCreated,
			Errors:           []int{http.StatusConflict, http.StatusUnprocessableEntity},
			SkipValidateBody: true, // ContentBody.Resolve validates, naming the field
		}, authz.OrderCreate, auth.Handle(func(ctx context.Context, c auth.Caller, in *CreateInput) (*OrderOutput, error) {
			o, replayed, err := svc.Create(ctx, c.Principal, CreateRequest{Content: in.Body.Content,
				IdempotencyKey: in.IdempotencyKey, Draft: in.Draft, Supersedes: in.Supersedes, ConflictsReviewed: in.ConflictsReviewed})
			if err != nil {
				return nil, err
			}
			if replayed {
				return answer(o, http.StatusOK), nil
			}
			return answer(o, http.StatusCreated), nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-order-forms", Method: http.MethodGet, Path: "/order-forms", Tags: tags,
			Summary:     "The forms orders are entered on",
			Description: "Every form revision the registry takes, made from its typed definition: sections, item numbers and labels as printed, and what each requires. The entry screen renders from it.",
		}, authz.OrderList, func(ctx context.Context, _ *struct{}) (*FormsOutput, error) {
			out := &FormsOutput{}
			out.Body.Forms = forms.FormDefinitions()
			return out, nil
		})
		authz.Register(api, huma.Operation{
			OperationID: "list-orders", Method: http.MethodGet, Path: "/orders", Tags: tags,
			Summary: "The orders of a court's case",
		}, authz.OrderList, auth.Handle(func(ctx context.Context, c auth.Caller, in *ListInput) (*ListOutput, error) {
			orders, err := svc.List(ctx, c.Principal, in.Court, in.CaseNumber)
			if err != nil {
				return nil, err
			}
			out := &ListOutput{}
			out.Body.Orders = orders
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "get-order", Method: http.MethodGet, Path: "/orders/{orderId}", Tags: tags,
			Summary: "An order", Description: "Every read is recorded in the audit log.",
			Errors: []int{http.StatusNotFound},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *GetInput) (*OrderOutput, error) {
			o, err := svc.Get(ctx, c.Principal, in.OrderID, in.Version)
			if err != nil {
				return nil, err
			}
			return answer(o, http.StatusOK), nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "modify-order", Method: http.MethodPut, Path: "/orders/{orderId}", Tags: tags,
			Summary:          "Modify an order",
			Description:      "Writes a new version. If-Match must carry the ETag read: a stale one is refused with 412 and changes nothing.",
			Errors:           []int{http.StatusNotFound, http.StatusConflict, http.StatusPreconditionFailed, http.StatusUnprocessableEntity},
			SkipValidateBody: true, // ContentBody.Resolve validates, naming the field
		}, authz.OrderModify, auth.Handle(func(ctx context.Context, c auth.Caller, in *ModifyInput) (*OrderOutput, error) {
			o, err := svc.Modify(ctx, c.Principal, in.OrderID, ModifyRequest{Content: in.Body.Content, IfMatch: in.IfMatch, Issue: in.Issue, ConflictsReviewed: in.ConflictsReviewed})
			if err != nil {
				return nil, err
			}
			return answer(o, http.StatusOK), nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "cancel-order", Method: http.MethodPost, Path: "/orders/{orderId}/cancel", Tags: tags,
			Summary: "Cancel (terminate) an order",
			Errors:  []int{http.StatusNotFound, http.StatusConflict, http.StatusPreconditionFailed},
		}, authz.OrderCancel, auth.Handle(func(ctx context.Context, c auth.Caller, in *CancelInput) (*OrderOutput, error) {
			o, err := svc.Cancel(ctx, c.Principal, in.OrderID, in.IfMatch, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return answer(o, http.StatusOK), nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "serve-order", Method: http.MethodPost, Path: "/orders/{orderId}/service", Tags: tags,
			Summary: "Record the proof of service",
			Errors:  []int{http.StatusNotFound, http.StatusConflict, http.StatusPreconditionFailed},
		}, authz.OrderServe, auth.Handle(func(ctx context.Context, c auth.Caller, in *ServeInput) (*OrderOutput, error) {
			o, err := svc.Serve(ctx, c.Principal, in.OrderID, in.IfMatch, in.Body)
			if err != nil {
				return nil, err
			}
			return answer(o, http.StatusOK), nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-order-versions", Method: http.MethodGet, Path: "/orders/{orderId}/versions", Tags: tags,
			Summary: "An order's versions", Errors: []int{http.StatusNotFound},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *OrderInput) (*VersionsOutput, error) {
			vs, err := svc.Versions(ctx, c.Principal, in.OrderID)
			if err != nil {
				return nil, err
			}
			out := &VersionsOutput{}
			out.Body.Versions = vs
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "search-persons", Method: http.MethodPost, Path: "/orders/search", Tags: tags,
			Summary:     "Search persons statewide",
			Description: "Finds restrained and protected persons in every order the caller may read, by name (typos, nicknames, swapped or missing parts, accents) and date of birth (exact, day and month swapped, year one off), or by case number, court, type, status and dates. Ranked, with a score and why each matched. The reason is recorded; searches are rate limited per user.",
			Errors:      []int{http.StatusUnprocessableEntity, http.StatusTooManyRequests},
		}, authz.OrderList, auth.Handle(func(ctx context.Context, c auth.Caller, in *PersonSearchInput) (*PersonSearchOutput, error) {
			b := in.Body
			user := c.UserID
			if user == "" {
				user = c.Principal.SessionHash
			}
			hits, err := svc.Search(ctx, c.Principal, user, person.SearchRequest{Name: b.Name, DOB: b.DOB, Role: b.Role, Reason: b.Reason,
				CaseNumber: b.CaseNumber, Court: b.Court, Type: b.Type, Status: b.Status, IssuedFrom: b.IssuedFrom, IssuedTo: b.IssuedTo, Limit: b.Limit})
			if err != nil {
				return nil, err
			}
			out := &PersonSearchOutput{}
			out.Body.Results, out.Body.MatchFloor = hits, person.MatchFloor
			if out.Body.Results == nil {
				out.Body.Results = []person.Hit{}
			}
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "check-order-conflicts", Method: http.MethodPost, Path: "/orders/conflicts", Tags: tags,
			Summary:     "Conflicting orders of an entry, before saving",
			Description: "The active orders statewide that restrain the same person or protect the same persons as the entry, with the precedence that applies term by term; courts that do not share are named without content. Recorded in the audit log. Draws on the caller's limit of statewide person lookups, shared with search.",
			Errors:      []int{http.StatusUnprocessableEntity, http.StatusTooManyRequests},
		}, authz.OrderCreate, auth.Handle(func(ctx context.Context, c auth.Caller, in *CheckConflictsInput) (*ConflictsOutput, error) {
			var content order.Content
			if in.Body.Content != nil {
				content = *in.Body.Content
			}
			content.RestrainedPerson, content.ProtectedPersons = in.Body.RestrainedPerson, in.Body.ProtectedPersons
			rep, err := svc.CheckConflicts(ctx, c.Principal, content, CheckOptions{Supersedes: in.Body.Supersedes, Modifies: in.Body.Modifies})
			if err != nil {
				return nil, err
			}
			return &ConflictsOutput{Body: rep}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "get-order-conflicts", Method: http.MethodGet, Path: "/orders/{orderId}/conflicts", Tags: tags,
			Summary:     "Conflicting orders of an order",
			Description: "The active orders statewide that restrain the same person or protect the same persons, the precedence term by term, and the combined terms an officer enforces. Recorded in the audit log. Draws on the caller's limit of statewide person lookups, shared with search.",
			Errors:      []int{http.StatusNotFound, http.StatusTooManyRequests},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *OrderInput) (*ConflictsOutput, error) {
			rep, err := svc.Conflicts(ctx, c.Principal, in.OrderID)
			if err != nil {
				return nil, err
			}
			return &ConflictsOutput{Body: rep}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "diff-order-versions", Method: http.MethodGet, Path: "/orders/{orderId}/diff", Tags: tags,
			Summary: "What changed between two versions", Errors: []int{http.StatusNotFound},
		}, authz.OrderRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *DiffInput) (*DiffOutput, error) {
			changes, err := svc.Diff(ctx, c.Principal, in.OrderID, in.From, in.To)
			if err != nil {
				return nil, err
			}
			out := &DiffOutput{}
			out.Body.Changes = changes
			return out, nil
		}))
	}
}
