package app_test

import (
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/app"
	"github.com/ccpor/ccpor/backend/internal/platform/config"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// readOnlyGets are the GET operations, each reviewed: its handler changes nothing
// (an audited read appends to the audit log, which is the record of the read, not
// a change of state). A new GET operation fails this test until it is reviewed and
// added here; one that must change something is a POST, PUT or DELETE instead, so
// that it needs the CSRF token.
var readOnlyGets = map[string]string{
	"get-system":                   "static facts of the build",
	"get-me":                       "reads the caller's own user and memberships",
	"list-courts":                  "reads the court directory",
	"get-court":                    "reads the court directory",
	"list-court-members":           "reads court_members(); audited read",
	"search-audit-events":          "reads the audit log; audited read",
	"export-audit-events":          "reads the audit log; audited read",
	"list-orders":                  "order search; audited read",
	"get-order":                    "reads one order; audited read",
	"list-order-forms":             "reads the form definitions; no order data",
	"get-order-conflicts":          "reads the orders involving an order's persons; audited read",
	"list-order-versions":          "reads an order's versions; audited read",
	"diff-order-versions":          "compares two versions; audited read",
	"helpdesk-search-users":        "finds users in the help desk's scope; audited read",
	"list-court-users":             "reads court_users(); audited read",
	"get-maintenance":              "reads the maintenance windows announced",
	"list-maintenance-windows":     "reads the maintenance windows",
	"order-statistics":             "reads the summary tables of counts",
	"export-order-statistics":      "reads the summary tables of counts",
	"order-operations":             "reads the summary tables of counts",
	"list-order-images":            "lists an order's images; audited read",
	"view-order-image":             "opens an image for viewing; audited read (the event is the record of the view)",
	"get-order-image-content":      "streams an image's bytes; audited read (one event per view or download)",
	"get-order-image-page":         "renders a page of an image; audited read unless part of a recorded view",
	"get-order-carpos":             "reads an order's CARPOS messages; audited read",
	"find-orders-by-carpos-number": "finds the court's orders by FCN or NIC; audited read",
	"list-carpos-queue":            "reads the court's rejected CARPOS messages; audited read",
	"list-clets-hit-confirmations": "reads the court's CLETS hit confirmations; audited read",
	"get-court-onboarding":         "reads a court's checklist, administrators and pending changes",
	"list-court-changes":           "reads the changes waiting for approval or decided",
}

// GET never changes state: no GET or HEAD operation takes a body, and each is on
// the reviewed list of read-only operations.
func TestGetNeverChangesState(t *testing.T) {
	t.Parallel()
	spec := httpapi.Spec(app.Routes(config.Config{Env: config.Development}, "test"))
	seen := map[string]bool{}
	for path, item := range spec.Paths {
		for _, m := range []struct {
			method string
			op     *huma.Operation
		}{{"GET", item.Get}, {"HEAD", item.Head}} {
			if m.op == nil {
				continue
			}
			seen[m.op.OperationID] = true
			if m.op.RequestBody != nil {
				t.Errorf("%s %s (%s) takes a request body", m.method, path, m.op.OperationID)
			}
			if _, ok := readOnlyGets[m.op.OperationID]; !ok {
				t.Errorf("%s %s (%s) is not on the reviewed list of read-only operations", m.method, path, m.op.OperationID)
			}
		}
	}
	for id := range readOnlyGets {
		if !seen[id] {
			t.Errorf("the read-only list names %s, which is no GET operation of the spec", id)
		}
	}
}
