package report

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// StatisticsInput filters a statistical report.
type StatisticsInput struct {
	From  string `query:"from" doc:"first month, YYYY-MM (default: the first)"`
	To    string `query:"to" doc:"last month, YYYY-MM (default: the last)"`
	Court string `query:"court" doc:"one court's id (default: every court you may see)"`
	By    string `query:"by" doc:"group by court (default), county, type or month"`
}

func (in *StatisticsInput) filter() Filter {
	return Filter{From: in.From, To: in.To, CourtID: in.Court, By: Dimension(in.By)}
}

// StatisticsOutput is a statistical report.
type StatisticsOutput struct {
	Body Statistics
}

// OperationsInput gives the days of the entered-per-day report.
type OperationsInput struct {
	From string `query:"from" doc:"first day, YYYY-MM-DD (default: 29 days before the last)"`
	To   string `query:"to" doc:"last day, YYYY-MM-DD (default: today in California)"`
}

// OperationsOutput is the acting court's operational report.
type OperationsOutput struct {
	Body Operations
}

// Routes registers the reports; svc may be nil when only the spec is built.
func Routes(svc *Service, clk clock.Clock) httpapi.Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "order-statistics",
			Method:      http.MethodGet,
			Path:        "/reports/orders",
			Summary:     "Orders issued, modified, cancelled, served and active, by court, county, type or month",
			Description: "Counts only. A court's staff see their court; platform administrators every court. Made from " +
				"summary tables the worker keeps current (refreshedAt says when).",
			Tags:   []string{"Reports"},
			Errors: []int{http.StatusUnprocessableEntity},
		}, authz.ReportRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *StatisticsInput) (*StatisticsOutput, error) {
			st, err := svc.Statistics(ctx, c.Principal, in.filter())
			if err != nil {
				return nil, err
			}
			return &StatisticsOutput{Body: st}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "export-order-statistics",
			Method:      http.MethodGet,
			Path:        "/reports/orders/export",
			Summary:     "The statistical report as CSV, as the table shows it",
			Description: "The same filters as order-statistics; the total is the last line. Cells that a spreadsheet would evaluate are escaped.",
			Tags:        []string{"Reports"},
			Errors:      []int{http.StatusUnprocessableEntity},
			Responses: map[string]*huma.Response{"200": {
				Description: "CSV",
				Content:     map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}},
			}},
		}, authz.ReportRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *StatisticsInput) (*audit.ExportOutput, error) {
			st, err := svc.Statistics(ctx, c.Principal, in.filter())
			if err != nil {
				return nil, err
			}
			b, err := st.CSV()
			if err != nil {
				return nil, err
			}
			return &audit.ExportOutput{ContentType: "text/csv; charset=utf-8",
				ContentDisposition: `attachment; filename="order-statistics-by-` + string(st.By) + `.csv"`, Body: b}, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "order-operations",
			Method:      http.MethodGet,
			Path:        "/reports/operations",
			Summary:     "The acting court's operational report",
			Description: "Orders entered per day, drafts older than a day, unserved active orders by age, orders ending in the next 30 days. Counts only.",
			Tags:        []string{"Reports"},
			Errors:      []int{http.StatusUnprocessableEntity},
		}, authz.ReportRead, auth.Handle(func(ctx context.Context, c auth.Caller, in *OperationsInput) (*OperationsOutput, error) {
			today, _ := time.Parse(time.DateOnly, clk.Now().In(clock.Pacific).Format(time.DateOnly))
			ops, err := svc.Operations(ctx, c.Principal, in.From, in.To, today)
			if err != nil {
				return nil, err
			}
			return &OperationsOutput{Body: ops}, nil
		}))
	}
}
