package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/authz"
)

// SystemInfo says what is running; shown by the SPA and read by monitoring.
type SystemInfo struct {
	Product     string `json:"product" example:"CCPOR" doc:"short name of the product"`
	Name        string `json:"name" example:"California Courts Protective Order Registry" doc:"full name"`
	Version     string `json:"version" example:"1.0.0" doc:"version of the running binary"`
	Environment string `json:"environment" enum:"development,production" doc:"where this instance runs"`
}

// GetSystemOutput is the response of get-system.
type GetSystemOutput struct {
	Body SystemInfo
}

// ClientErrorInput is a report from the SPA's error boundary.
type ClientErrorInput struct {
	Body struct {
		Message string `json:"message" minLength:"1" maxLength:"2000" doc:"the error's message"`
		Route   string `json:"route" maxLength:"500" doc:"the SPA route where it happened"`
		Stack   string `json:"stack,omitempty" maxLength:"8000" doc:"the JavaScript stack, if any"`
	}
}

// SystemRoutes registers the operations about the running system. Both are
// public: the web application asks what is running before anyone signs in, and
// reports its errors whether or not someone has.
func SystemRoutes(info SystemInfo) Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "get-system",
			Method:      http.MethodGet,
			Path:        "/system",
			Summary:     "What is running",
			Tags:        []string{"System"},
		}, authz.Public, func(ctx context.Context, _ *struct{}) (*GetSystemOutput, error) {
			return &GetSystemOutput{Body: info}, nil
		})
		authz.Register(api, huma.Operation{
			OperationID:   "report-client-error",
			Method:        http.MethodPost,
			Path:          "/client-errors",
			Summary:       "Report an error the web application met",
			Description:   "Written to the server log with the request id, so the help desk can find it.",
			Tags:          []string{"System"},
			DefaultStatus: http.StatusNoContent,
			MaxBodyBytes:  16 << 10,
		}, authz.Public, func(ctx context.Context, in *ClientErrorInput) (*struct{}, error) {
			Logger(ctx).WarnContext(ctx, "client error",
				"message", in.Body.Message, "route", in.Body.Route, "stack", in.Body.Stack)
			return nil, nil
		})
	}
}
