package carpos

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// StatusInput names an order.
type StatusInput struct {
	OrderID string `path:"orderId" doc:"the order's id"`
}

// StatusOutput is an order's standing at CARPOS.
type StatusOutput struct {
	Body Status
}

// QueueOutput is the court's work queue.
type QueueOutput struct {
	Body struct {
		Messages []MessageInfo `json:"messages"`
	}
}

// ResendInput names a rejected message.
type ResendInput struct {
	MessageID string `path:"messageId" doc:"the message's id"`
}

// MessageOutput is one message.
type MessageOutput struct {
	Body MessageInfo
}

// HitInput is a CLETS response to compare with an order.
type HitInput struct {
	OrderID string `path:"orderId" doc:"the order the response is about"`
	Body    struct {
		Response string `json:"response" minLength:"1" maxLength:"20000" doc:"the CLETS response as printed (e.g. testdata/seed/clets-response-seed.txt)"`
	}
}

// HitOutput is the comparison.
type HitOutput struct {
	Body HitComparison
}

// ConfirmInput is a hit confirmation to record.
type ConfirmInput struct {
	Body ConfirmRequest
}

// ConfirmationOutput is a recorded confirmation.
type ConfirmationOutput struct {
	Body Confirmation
}

// ConfirmationsOutput lists confirmations.
type ConfirmationsOutput struct {
	Body struct {
		Confirmations []Confirmation `json:"confirmations"`
	}
}

// FindInput is an FCN or NIC to look up.
type FindInput struct {
	FCN string `query:"fcn" doc:"the DOJ's file control number: F and 15 digits"`
	NIC string `query:"nic" doc:"the national file's number: H and 10 digits"`
}

// FindOutput lists the orders found.
type FindOutput struct {
	Body struct {
		Orders []Found `json:"orders"`
	}
}

// Routes registers the CARPOS operations; svc may be nil when only the spec is built.
func Routes(svc *Service) httpapi.Registrar {
	return func(api huma.API) {
		tags := []string{"CARPOS"}
		authz.Register(api, huma.Operation{
			OperationID: "get-order-carpos", Method: http.MethodGet, Path: "/orders/{orderId}/carpos", Tags: tags,
			Summary:     "An order at CARPOS: its messages to the DOJ and their answers",
			Description: "For users with a current CLETS certification only; others are refused (403). Audited read.",
			Errors:      []int{http.StatusForbidden, http.StatusNotFound},
		}, authz.CarposRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *StatusInput) (*StatusOutput, error) {
			st, err := svc.OrderStatus(ctx, c.Principal, c.CLETSCurrent, in.OrderID)
			if err != nil {
				return nil, err
			}
			return &StatusOutput{Body: st}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-carpos-queue", Method: http.MethodGet, Path: "/carpos/queue", Tags: tags,
			Summary:     "The acting court's CARPOS work queue: messages rejected, with the reason",
			Description: "For users with a current CLETS certification only. Audited read.",
			Errors:      []int{http.StatusForbidden},
		}, authz.CarposList, auth.Handle(func(ctx context.Context, c auth.Caller, _ *struct{}) (*QueueOutput, error) {
			ms, err := svc.Queue(ctx, c.Principal, c.CLETSCurrent)
			if err != nil {
				return nil, err
			}
			out := &QueueOutput{}
			out.Body.Messages = ms
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "find-orders-by-carpos-number", Method: http.MethodGet, Path: "/carpos/orders", Tags: tags,
			Summary:     "Find the acting court's orders by the FCN or NIC the DOJ gave them",
			Description: "For users with a current CLETS certification only; others are refused (403). Audited read.",
			Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity},
		}, authz.CarposRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *FindInput) (*FindOutput, error) {
			fs, err := svc.FindByNumber(ctx, c.Principal, c.CLETSCurrent, in.FCN, in.NIC)
			if err != nil {
				return nil, err
			}
			out := &FindOutput{}
			out.Body.Orders = fs
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "compare-clets-hit", Method: http.MethodPost, Path: "/orders/{orderId}/clets-hit", Tags: tags,
			Summary:     "Compare a CLETS response with the order",
			Description: "Reads the CLETS response a sheriff got and lists, field by field, where it disagrees with the order's current version. For users with a current CLETS certification only. Audited.",
			Errors:      []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity},
		}, authz.CarposRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *HitInput) (*HitOutput, error) {
			h, err := svc.CompareHit(ctx, c.Principal, c.CLETSCurrent, in.OrderID, in.Body.Response)
			if err != nil {
				return nil, err
			}
			return &HitOutput{Body: h}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "create-clets-hit-confirmation", Method: http.MethodPost, Path: "/clets-hits", Tags: tags,
			Summary:       "Record a CLETS hit confirmation",
			Description:   "A sheriff records what a CLETS response showed, the order it was checked against (its current version) and the outcome; the differences are computed and kept. The confirmation belongs to the sheriff's court. CLETS-certified sheriffs only. Audited.",
			DefaultStatus: http.StatusCreated,
			Errors:        []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity},
		}, authz.CletsHitCreate, auth.Handle(func(ctx context.Context, c auth.Caller, in *ConfirmInput) (*ConfirmationOutput, error) {
			h, err := svc.Confirm(ctx, c.Principal, c.CLETSCurrent, in.Body)
			if err != nil {
				return nil, err
			}
			return &ConfirmationOutput{Body: h}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "list-clets-hit-confirmations", Method: http.MethodGet, Path: "/clets-hits", Tags: tags,
			Summary: "The acting court's CLETS hit confirmations, newest first",
			Errors:  []int{http.StatusForbidden},
		}, authz.CletsHitList, auth.Handle(func(ctx context.Context, c auth.Caller, _ *struct{}) (*ConfirmationsOutput, error) {
			cs, err := svc.Confirmations(ctx, c.Principal, c.CLETSCurrent)
			if err != nil {
				return nil, err
			}
			out := &ConfirmationsOutput{}
			out.Body.Confirmations = cs
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "resend-carpos-message", Method: http.MethodPost, Path: "/carpos/messages/{messageId}/resend", Tags: tags,
			Summary:     "Resend a rejected message, written again from the order as it now reads",
			Description: "Fix the order first (modify it); what the DOJ would still refuse is refused here by the order's fields (422).",
			Errors:      []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
		}, authz.CarposResend, auth.Handle(func(ctx context.Context, c auth.Caller, in *ResendInput) (*MessageOutput, error) {
			m, err := svc.Resend(ctx, c.Principal, c.CLETSCurrent, in.MessageID)
			if err != nil {
				return nil, err
			}
			return &MessageOutput{Body: m}, nil
		}))
	}
}
