package maintenance

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// WindowsOutput lists windows.
type WindowsOutput struct {
	Body struct {
		Windows []Window `json:"windows" nullable:"false"`
	}
}

// ScheduleInput is the request of schedule-maintenance-window.
type ScheduleInput struct {
	Body ScheduleRequest
}

// WindowOutput is one window.
type WindowOutput struct {
	Body Window
}

// WindowIDInput names a window.
type WindowIDInput struct {
	WindowID string `path:"windowId" doc:"the window's id"`
}

// Routes registers the operations; svc and d may be nil when only the spec is built.
func Routes(svc *Service, d *db.DB, clk clock.Clock) httpapi.Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "get-maintenance",
			Method:      http.MethodGet,
			Path:        "/maintenance",
			Summary:     "Maintenance announced: windows under way or starting within 14 days",
			Description: "Public: the web application shows them before anyone signs in. A window with no courts affects every court.",
			Tags:        []string{"Maintenance"},
		}, authz.Public, func(ctx context.Context, _ *struct{}) (*WindowsOutput, error) {
			ws, err := Announced(ctx, d, clk.Now())
			if err != nil {
				return nil, err
			}
			out := &WindowsOutput{}
			out.Body.Windows = ws
			return out, nil
		})
		authz.Register(api, huma.Operation{
			OperationID: "list-maintenance-windows",
			Method:      http.MethodGet,
			Path:        "/maintenance-windows",
			Summary:     "Every maintenance window, past and cancelled ones too, the latest first",
			Tags:        []string{"Maintenance"},
		}, authz.MaintenanceList, auth.Handle(func(ctx context.Context, c auth.Caller, _ *struct{}) (*WindowsOutput, error) {
			ws, err := svc.List(ctx, c)
			if err != nil {
				return nil, err
			}
			out := &WindowsOutput{}
			out.Body.Windows = ws
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID:   "schedule-maintenance-window",
			Method:        http.MethodPost,
			Path:          "/maintenance-windows",
			Summary:       "Schedule maintenance; the affected users are e-mailed",
			Description:   "Times are wall-clock times in America/Los_Angeles. Read-only mode answers changes with 503 and Retry-After while the window is under way.",
			Tags:          []string{"Maintenance"},
			DefaultStatus: http.StatusCreated,
			Errors:        []int{http.StatusUnprocessableEntity},
		}, authz.MaintenanceSchedule, auth.Handle(func(ctx context.Context, c auth.Caller, in *ScheduleInput) (*WindowOutput, error) {
			w, err := svc.Schedule(ctx, c, in.Body)
			if err != nil {
				return nil, err
			}
			return &WindowOutput{Body: w}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID:   "cancel-maintenance-window",
			Method:        http.MethodDelete,
			Path:          "/maintenance-windows/{windowId}",
			Summary:       "Cancel a window that has not ended",
			Tags:          []string{"Maintenance"},
			DefaultStatus: http.StatusNoContent,
			Errors:        []int{http.StatusNotFound},
		}, authz.MaintenanceCancel, auth.Handle(func(ctx context.Context, c auth.Caller, in *WindowIDInput) (*struct{}, error) {
			return nil, svc.Cancel(ctx, c, in.WindowID)
		}))
	}
}
