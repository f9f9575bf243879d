package audit

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/auth"
	"github.com/ccpor/ccpor/backend/internal/authz"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// SearchInput filters the audit log.
type SearchInput struct {
	User       string    `query:"user" doc:"only this user's acts (user id)"`
	Court      string    `query:"court" doc:"only this court's events (court id); a court auditor sees only its own"`
	Action     string    `query:"action" maxLength:"80" doc:"an action, or a prefix of one: order matches order.read and order.modify"`
	ObjectType string    `query:"objectType" maxLength:"50"`
	ObjectID   string    `query:"objectId" maxLength:"200"`
	Outcome    string    `query:"outcome" enum:"success,denied,invalid,error"`
	From       time.Time `query:"from" doc:"events at or after this instant (RFC 3339)"`
	To         time.Time `query:"to" doc:"events before this instant (RFC 3339)"`
	Before     int64     `query:"before" minimum:"0" doc:"the page after: events with an id below this one"`
	Limit      int       `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

func (in *SearchInput) filter() Filter {
	return Filter{UserID: in.User, CourtID: in.Court, Action: in.Action, ObjectType: in.ObjectType,
		ObjectID: in.ObjectID, Outcome: in.Outcome, From: in.From, To: in.To, Before: in.Before, Limit: in.Limit}
}

// SearchOutput is a page of events, newest first.
type SearchOutput struct {
	Body struct {
		Events []Record `json:"events"`
		Next   int64    `json:"next,omitempty" doc:"pass as before for the next page; absent on the last page"`
	}
}

// ExportOutput is the CSV file.
type ExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// Routes registers the auditors' operations; log and d may be nil when only the
// spec is built.
func Routes(log *Log, d *db.DB) httpapi.Registrar {
	return func(api huma.API) {
		authz.Register(api, huma.Operation{
			OperationID: "search-audit-events",
			Method:      http.MethodGet,
			Path:        "/audit-events",
			Summary:     "Search the audit log",
			Description: "Auditors read their court's events; a statewide auditor, every court's. The search is itself recorded.",
			Tags:        []string{"Audit"},
		}, authz.AuditLogList, auth.Handle(func(ctx context.Context, c auth.Caller, in *SearchInput) (*SearchOutput, error) {
			events, err := log.Search(ctx, d, c.Principal, in.filter())
			if err != nil {
				return nil, err
			}
			out := &SearchOutput{}
			out.Body.Events = events
			if len(events) == in.Limit {
				out.Body.Next = events[len(events)-1].ID
			}
			return out, nil
		}))
		authz.Register(api, huma.Operation{
			OperationID: "export-audit-events",
			Method:      http.MethodGet,
			Path:        "/audit-events/export",
			Summary:     "Export the audit log as CSV",
			Description: "The same filters as the search; at most 50,000 events, newest first. Cells that a spreadsheet would evaluate are escaped.",
			Tags:        []string{"Audit"},
			Responses: map[string]*huma.Response{"200": {
				Description: "CSV",
				Content:     map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}},
			}},
		}, authz.AuditLogExport, auth.Handle(func(ctx context.Context, c auth.Caller, in *SearchInput) (*ExportOutput, error) {
			b, err := log.ExportCSV(ctx, d, c.Principal, in.filter())
			if err != nil {
				return nil, err
			}
			return &ExportOutput{ContentType: "text/csv; charset=utf-8",
				ContentDisposition: `attachment; filename="audit-events.csv"`, Body: b}, nil
		}))
	}
}
