package registry_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
)

type problem struct {
	Status int
	Detail string
	Errors []struct {
		Location, Message string
	}
}

// Every bad request names the field and the reason, and changes nothing.
func TestBadInputNamesTheFieldAndChangesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	o := w.create(t, sample("26CR0100"))
	cancelled := w.create(t, sample("26CR0101"))
	if s, _, b := w.do(t, "clerk-a", "POST", "/orders/"+cancelled.ID+"/cancel", map[string]string{"reason": "dismissed"}); s != 200 {
		t.Fatalf("cancel: %d %s", s, b)
	}
	if s, _, _ := w.do(t, "clerk-a", "POST", "/orders", sample("26CR0102"), "Idempotency-Key", "used"); s != 201 {
		t.Fatal("first use of the key")
	}
	edit := func(f func(c *order.Content)) order.Content {
		c := sample("26CR0199")
		f(&c)
		return c
	}
	raw := func(f func(m map[string]any)) []byte {
		b, _ := json.Marshal(sample("26CR0199"))
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		f(m)
		b, _ = json.Marshal(m)
		return b
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		headers            []string
		status             int
		location, message  string
	}{
		{"dates out of order: DOB after issuance", "POST", "/orders", edit(func(c *order.Content) { c.RestrainedPerson.DOB = "2026-11-21" }), nil,
			422, "body.restrainedPerson.dob", "after the issue date"},
		{"expiry before issuance", "POST", "/orders", edit(func(c *order.Content) { c.ExpiresOn = "2026-11-19" }), nil,
			422, "body.expiresOn", "before the issue date"},
		{"unknown type", "POST", "/orders", edit(func(c *order.Content) { c.Type = "parking_ticket" }), nil,
			422, "body.type", "one of"},
		{"DOB in the future", "POST", "/orders", edit(func(c *order.Content) { c.ProtectedPersons[0].DOB = "2027-01-01" }), nil,
			422, "body.protectedPersons[0].dob", "in the future"},
		{"a height of 9 feet", "POST", "/orders", edit(func(c *order.Content) { c.RestrainedPerson.HeightInches = 108 }), nil,
			422, "body.restrainedPerson.heightInches", "107"},
		{"no protected person", "POST", "/orders", edit(func(c *order.Content) { c.ProtectedPersons = nil }), nil,
			422, "body.protectedPersons", "at least one"},
		{"a malformed case number", "POST", "/orders", edit(func(c *order.Content) { c.CaseNumber = "06 NF'0886" }), nil,
			422, "body.caseNumber", "capital letters, digits and hyphens"},
		{"text too long", "POST", "/orders", edit(func(c *order.Content) { c.RestrainedPerson.Name = strings.Repeat("x", 201) }), nil,
			422, "body.restrainedPerson.name", "200"},
		{"unknown form revision", "POST", "/orders", edit(func(c *order.Content) { c.Form.Revision = "2024-01-01" }), nil,
			422, "body.form.revision", ""},
		{"a field no form has", "POST", "/orders", raw(func(m map[string]any) { m["favouriteColour"] = "blue" }), nil,
			422, "body.favouriteColour", ""},
		{"a number given as text", "POST", "/orders", raw(func(m map[string]any) { m["restrainedPerson"].(map[string]any)["heightInches"] = "tall" }), nil,
			422, "body.restrainedPerson.heightInches", "whole number"},
		{"a body that is not an object", "POST", "/orders", []string{"CR-160"}, nil,
			422, "body", "expected object"},
		{"an unknown field in a modification", "PUT", "/orders/" + o.ID, raw(func(m map[string]any) { m["favouriteColour"] = "blue" }), []string{"If-Match", `"r1"`},
			422, "body.favouriteColour", ""},
		{"an Idempotency-Key reused with a different body", "POST", "/orders", sample("26CR0103"), []string{"Idempotency-Key", "used"},
			422, "header.Idempotency-Key", "different request body"},
		{"modifying a cancelled order", "PUT", "/orders/" + cancelled.ID, sample("26CR0101"), []string{"If-Match", `"r2"`},
			409, "", "cancelled"},
		{"modifying without If-Match", "PUT", "/orders/" + o.ID, sample("26CR0100"), nil,
			422, "header.If-Match", "required"},
		{"a stale If-Match", "PUT", "/orders/" + o.ID, sample("26CR0100"), []string{"If-Match", `"r7"`},
			412, "", ""},
		{"service before issuance", "POST", "/orders/" + o.ID + "/service", order.ServiceRecord{On: "2026-01-01", Method: "personal", ServedBy: "x"}, nil,
			422, "body.servedOn", "before the order was issued"},
		{"cancel without a reason", "POST", "/orders/" + o.ID + "/cancel", map[string]string{}, nil,
			422, "body", "reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.count(t, `SELECT (SELECT count(*) FROM orders) * 1000 + (SELECT coalesce(sum(revision), 0) FROM orders)
				+ (SELECT count(*) FROM order_versions) * 100000`)
			status, _, body := w.do(t, "clerk-a", tc.method, tc.path, tc.body, tc.headers...)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			p := decode[problem](t, body)
			found := tc.location == ""
			for _, e := range p.Errors {
				if e.Location == tc.location && strings.Contains(e.Message, tc.message) {
					found = true
				}
			}
			if !found || (tc.location == "" && !strings.Contains(p.Detail, tc.message)) {
				t.Errorf("the problem does not name %s (%q): %s", tc.location, tc.message, body)
			}
			if after := w.count(t, `SELECT (SELECT count(*) FROM orders) * 1000 + (SELECT coalesce(sum(revision), 0) FROM orders)
				+ (SELECT count(*) FROM order_versions) * 100000`); after != before {
				t.Errorf("the refused request changed the registry")
			}
		})
	}
	if s, _, _ := w.do(t, "clerk-a", "GET", "/orders/"+o.ID, nil); s != http.StatusOK {
		t.Error("the order is gone")
	}
	// refusals of the service are in the audit log (schema refusals never reach it)
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action LIKE 'order.%' AND outcome IN ('invalid', 'denied')`); n < 8 {
		t.Errorf("%d refused changes audited, want at least 8", n)
	}
}
