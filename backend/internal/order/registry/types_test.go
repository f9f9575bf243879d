package registry_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
)

// form is one form revision under test with a complete valid order of it.
type form struct {
	number, revision, orderType, kind, enteredBy string
}

var everyForm = []form{
	{"DV-110", "2025-01-01", "domestic_violence", "temporary", "clerk-a"},
	{"DV-130", "2025-04-28", "domestic_violence", "after_hearing", "clerk-a"},
	{"CH-110", "2025-01-01", "civil_harassment", "temporary", "clerk-a"},
	{"CH-130", "2025-01-01", "civil_harassment", "after_hearing", "clerk-a"},
	{"EA-110", "2025-01-01", "elder_dependent_adult_abuse", "temporary", "clerk-a"},
	{"EA-130", "2025-01-01", "elder_dependent_adult_abuse", "after_hearing", "clerk-a"},
	{"WV-110", "2025-01-01", "workplace_violence", "temporary", "clerk-a"},
	{"WV-130", "2025-01-01", "workplace_violence", "after_hearing", "clerk-a"},
	{"JV-250", "2014-01-01", "juvenile", "temporary", "clerk-a"},
	{"JV-255", "2025-01-01", "juvenile", "after_hearing", "clerk-a"},
	{"EPO-001", "2025-01-01", "emergency_protective_order", "emergency", "sheriff-a"},
}

// complete is a valid order of the form (today is Wed 2026-11-25): temporary
// orders issued on Fri 11-20 with the hearing on Thu 12-10; orders after hearing
// heard on Tue 11-24 and issued on 11-25; the EPO granted on 11-25.
func (f form) complete(caseNumber string) order.Content {
	c := order.Content{
		Type: f.orderType, Form: order.Form{Number: f.number, Revision: f.revision}, CaseNumber: caseNumber,
		OrderKind: f.kind, Caption: order.Caption{CourtName: "Superior Court of California, County of Alpha"},
		IssuedOn: "2026-11-20",
		RestrainedPerson: order.RestrainedPerson{Name: "Dale Ortega", Sex: "M", Race: "W", Age: 44,
			HeightInches: 70, WeightPounds: 185},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Rosa Ortega", Sex: "F", Age: 36,
			Address: "12 Elm Street, Alpha, CA 90000"}},
		Conditions: order.Conditions{NoAbuse: true, NoContact: true,
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true, Home: true},
			Firearms: &order.Firearms{Prohibited: true, SurrenderHoursIfServed: 24, ReceiptWithinHours: 48}},
	}
	switch f.kind {
	case "temporary":
		c.Hearing = &order.Hearing{Date: "2026-12-10", Time: "08:30", Department: "F3"}
	case "after_hearing":
		c.IssuedOn = "2026-11-25"
		c.Hearing = &order.Hearing{Date: "2026-11-24", JudicialOfficer: "Hon. Ada Reyes"}
	case "emergency":
		c.IssuedOn = "2026-11-25"
		c.Caption.CourtName = "Superior Court of California, County of Alpha, 1 Court Plaza"
		c.Conditions.MoveOutFrom = "12 Elm Street, Alpha, CA 90000"
		c.ProtectedPersons[0].Age = 0 // EPO-001 prints no protected person's age
		c.Emergency = &order.Emergency{LawEnforcementCaseNumber: "AL-26-0042", GrantedBy: "Hon. Lee Park",
			GrantedAt: "02:15", Officer: "Dep. Sam Cole", Agency: "Alpha County Sheriff", BadgeNumber: "4471"}
	}
	return c
}

func (f form) caseNumber(suffix string) string {
	return "26" + strings.ReplaceAll(f.number, "-", "") + suffix
}

// For each form: a complete valid order is accepted, with its type, form, the
// persons in their common shape, and the form's item numbers.
func TestEveryFormTakesACompleteOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, f := range everyForm {
		status, _, body := w.do(t, f.enteredBy, "POST", "/orders", f.complete(f.caseNumber("A")))
		if status != http.StatusCreated {
			t.Errorf("%s: %d %s", f.number, status, body)
			continue
		}
		o := decode[order.Order](t, body)
		if o.Status != "active" || o.Content.Type != f.orderType || o.Content.Form.Number != f.number ||
			o.Content.RestrainedPerson.Name != "Dale Ortega" || o.Content.ProtectedPersons[0].Name != "Rosa Ortega" {
			t.Errorf("%s: read back %+v", f.number, o)
		}
		if f.number != "JV-250" && o.FormItems["noContact"] == "" {
			t.Errorf("%s: no form item for the no-contact order: %v", f.number, o.FormItems)
		}
	}
}

// For each form: every item it requires, left out, is refused with that field
// named, and nothing is written.
func TestEveryFormRefusesEachMissingRequiredItem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, f := range everyForm {
		required := registry.RequiredPaths(f.number, f.revision)
		if len(required) < 8 {
			t.Fatalf("%s requires only %v", f.number, required)
		}
		for _, path := range required {
			b, _ := json.Marshal(f.complete(f.caseNumber("B")))
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			remove(m, strings.Split(path, "."))
			status, _, body := w.do(t, f.enteredBy, "POST", "/orders", json.RawMessage(mustJSON(m)))
			if status != http.StatusUnprocessableEntity {
				t.Errorf("%s without %s: %d %s", f.number, path, status, body)
				continue
			}
			p := decode[problem](t, body)
			field := strings.ReplaceAll(path, "[]", "[0]")
			last := field[strings.LastIndex(field, ".")+1:]
			named := false
			for _, e := range p.Errors {
				named = named || e.Location == "body."+field || strings.Contains(e.Message, last)
			}
			if !named {
				t.Errorf("%s without %s: the field is not named in %s", f.number, path, body)
			}
		}
	}
	if n := w.count(t, `SELECT count(*) FROM orders`); n != 0 {
		t.Errorf("%d orders written by refused requests", n)
	}
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// remove deletes a path from a decoded order ([] meaning the first protected person).
func remove(m map[string]any, path []string) {
	seg, each := strings.CutSuffix(path[0], "[]")
	if len(path) == 1 {
		delete(m, seg)
		return
	}
	next := m[seg]
	if each {
		next = next.([]any)[0]
	}
	if nm, ok := next.(map[string]any); ok {
		remove(nm, path[1:])
	}
}

// A field the form does not print is refused for that form.
func TestAFieldNotOnTheFormIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	f := everyForm[0]
	c := f.complete("26DV110X")
	c.Conditions.ElectronicMonitoring = "one year"
	c.Emergency = &order.Emergency{Officer: "Dep. Cole"}
	status, _, body := w.do(t, "clerk-a", "POST", "/orders", c)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.conditions.electronicMonitoring") ||
		!strings.Contains(string(body), "body.emergency.officer") || !strings.Contains(string(body), "not an item of DV-110") {
		t.Errorf("%d %s", status, body)
	}
	epo := everyForm[len(everyForm)-1]
	c = epo.complete("26EPO001X")
	c.ProtectedPersons[0].Age = 36
	status, _, body = w.do(t, epo.enteredBy, "POST", "/orders", c)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.protectedPersons[0].age") ||
		!strings.Contains(string(body), "not an item of EPO-001") {
		t.Errorf("a protected person's age on EPO-001, which prints none: %d %s", status, body)
	}
	c = f.complete("26DV110X")
	c.Type, c.OrderKind = "civil_harassment", "after_hearing"
	status, _, body = w.do(t, "clerk-a", "POST", "/orders", c)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.type") || !strings.Contains(string(body), "body.orderKind") {
		t.Errorf("wrong type and kind for the form: %d %s", status, body)
	}
}

// Each type's expiry rule, with court holidays.
func TestEveryFormsExpiryRule(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	byNumber := map[string]form{}
	for _, f := range everyForm {
		byNumber[f.number] = f
	}
	for _, tc := range []struct {
		name, form    string
		edit          func(c *order.Content)
		expires, rule string
		status        string
	}{
		{"temporary: the end of the hearing day", "DV-110", nil, "2026-12-10", "end_of_hearing", "active"},
		{"temporary CH", "CH-110", nil, "2026-12-10", "end_of_hearing", "active"},
		{"temporary EA", "EA-110", nil, "2026-12-10", "end_of_hearing", "active"},
		{"temporary WV", "WV-110", nil, "2026-12-10", "end_of_hearing", "active"},
		{"temporary JV", "JV-250", nil, "2026-12-10", "end_of_hearing", "active"},
		{"DV-130 default: three years after the hearing", "DV-130", nil, "2029-11-24", "three_years_after_hearing", "active"},
		{"JV-255 default: three years after the hearing", "JV-255", nil, "2029-11-24", "three_years_after_hearing", "active"},
		{"CH-130 default: three years from issuance", "CH-130", nil, "2029-11-25", "three_years_after_issuance", "active"},
		{"EA-130 default: three years from issuance", "EA-130", nil, "2029-11-25", "three_years_after_issuance", "active"},
		{"WV-130 default: three years from issuance", "WV-130", nil, "2029-11-25", "three_years_after_issuance", "active"},
		{"DV-130 written date", "DV-130", func(c *order.Content) { c.ExpiresOn = "2031-11-24" }, "2031-11-24", "written", "active"},
		{"CH-130 written date", "CH-130", func(c *order.Content) { c.ExpiresOn = "2028-01-31" }, "2028-01-31", "written", "active"},
		{"EPO granted the day before Thanksgiving: the 7th calendar day", "EPO-001", nil, "2026-12-02", "emergency_court_days", "active"},
		{"EPO granted the Sunday before Memorial Day", "EPO-001", func(c *order.Content) { c.IssuedOn = "2026-05-24" },
			"2026-05-31", "emergency_court_days", "expired"},
		{"EPO granted on a Sunday: the 5th court day", "EPO-001", func(c *order.Content) { c.IssuedOn = "2026-03-01" },
			"2026-03-06", "emergency_court_days", "expired"},
		{"EPO with an earlier written date", "EPO-001", func(c *order.Content) { c.ExpiresOn = "2026-11-30" },
			"2026-11-30", "written", "active"},
	} {
		c := byNumber[tc.form].complete("26EXP" + strings.ReplaceAll(tc.form, "-", "") + string(rune('A'+len(tc.name)%26)))
		c.CaseNumber = "26E" + strings.ToUpper(strings.ReplaceAll(strings.Fields(tc.name)[0], ":", "")) + strings.ReplaceAll(tc.form, "-", "") + tc.expires[2:4] + tc.expires[5:7] + tc.expires[8:]
		if tc.edit != nil {
			tc.edit(&c)
		}
		status, _, body := w.do(t, byNumber[tc.form].enteredBy, "POST", "/orders", c)
		if status != http.StatusCreated {
			t.Errorf("%s: %d %s", tc.name, status, body)
			continue
		}
		o := decode[order.Order](t, body)
		if o.Expiry.On != tc.expires || o.Expiry.Rule != tc.rule || o.Status != tc.status {
			t.Errorf("%s: expiry %+v, status %s; want %s by %s, %s", tc.name, o.Expiry, o.Status, tc.expires, tc.rule, tc.status)
		}
	}
	for _, tc := range []struct {
		name, form, location string
		edit                 func(c *order.Content)
	}{
		{"a hearing on Thanksgiving", "DV-110", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-11-26" }},
		{"a hearing on the day after Thanksgiving", "CH-110", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-11-27" }},
		{"a hearing on Christmas", "EA-110", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-12-25" }},
		{"a hearing on a Saturday", "WV-110", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-12-12" }},
		{"a hearing before the temporary order was issued", "JV-250", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-11-19" }},
		{"a hearing yet to come on an order after hearing", "DV-130", "body.hearing.date", func(c *order.Content) { c.Hearing.Date = "2026-12-01" }},
		{"an EPO past its limit", "EPO-001", "body.expiresOn", func(c *order.Content) { c.ExpiresOn = "2026-12-03" }},
	} {
		c := byNumber[tc.form].complete("26BADEXP")
		tc.edit(&c)
		status, _, body := w.do(t, byNumber[tc.form].enteredBy, "POST", "/orders", c)
		if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"`+tc.location+`"`) {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
	}
}

// An order after hearing supersedes the temporary order of its case, for each
// type that has both.
func TestAfterHearingSupersedesTheTemporaryOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for i := 0; i+1 < len(everyForm)-1; i += 2 {
		temporary, after := everyForm[i], everyForm[i+1]
		caseNumber := temporary.caseNumber("S")
		tro := w.create(t, temporary.complete(caseNumber))
		status, _, body := w.do(t, "clerk-a", "POST", "/orders", after.complete(caseNumber))
		if status != http.StatusCreated {
			t.Fatalf("%s after %s: %d %s", after.number, temporary.number, status, body)
		}
		oah := decode[order.Order](t, body)
		_, _, body = w.do(t, "clerk-a", "GET", "/orders/"+tro.ID, nil)
		old := decode[order.Order](t, body)
		if old.Status != "superseded" || old.SupersededBy != oah.ID || oah.Status != "active" {
			t.Errorf("%s: the temporary order is %s (by %s), the new one %s", temporary.number, old.Status, old.SupersededBy, oah.Status)
		}
		// Another case's temporary order stays in force.
		other := w.create(t, temporary.complete(temporary.caseNumber("T")))
		if _, _, b := w.do(t, "clerk-a", "POST", "/orders", after.complete(after.caseNumber("U"))); !strings.Contains(string(b), `"status":"active"`) {
			t.Fatalf("%s: %s", after.number, b)
		}
		_, _, body = w.do(t, "clerk-a", "GET", "/orders/"+other.ID, nil)
		if o := decode[order.Order](t, body); o.Status != "active" {
			t.Errorf("%s of another case is %s", temporary.number, o.Status)
		}
	}
}

// proofOf is a proof of service as the type's proof form records it.
func proofOf(f form) order.ServiceRecord {
	r := order.ServiceRecord{On: "2026-11-25", Time: "16:40", Method: "personal", ServedBy: "Dep. Sam Cole",
		Agency: "Alpha County Sheriff", Address: "40 Oak Avenue, Alpha, CA 90001", Documents: []string{f.number}}
	switch f.number {
	case "DV-110":
		r.Documents = append(r.Documents, "DV-109", "DV-100")
	case "CH-110":
		r.Documents = append(r.Documents, "CH-109", "CH-100")
	}
	return r
}

// For each type: a proof of service is recorded, linked to the version served,
// and sets the order's service status; a proof that its form would not take is
// refused, naming the field.
func TestEveryTypesProofOfService(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, f := range everyForm {
		status, _, body := w.do(t, f.enteredBy, "POST", "/orders", f.complete(f.caseNumber("P")))
		if status != http.StatusCreated {
			t.Fatalf("%s: %d %s", f.number, status, body)
		}
		o := decode[order.Order](t, body)
		if o.Service.Status != "unserved" {
			t.Fatalf("%s: a new order is %s", f.number, o.Service.Status)
		}
		bad := proofOf(f)
		bad.Documents = []string{"XX-999"}
		bad.Address = ""
		status, _, body = w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", bad)
		if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.documents[0]") ||
			!strings.Contains(string(body), "body.address") {
			t.Errorf("%s: a proof with a wrong document and no address: %d %s", f.number, status, body)
		}
		status, _, body = w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", proofOf(f), "If-Match", o.ETag)
		if status != http.StatusOK {
			t.Errorf("%s: %d %s", f.number, status, body)
			continue
		}
		_, _, body = w.do(t, "clerk-a", "GET", "/orders/"+o.ID, nil)
		got := decode[order.Order](t, body)
		r := got.Service.Record
		if got.Service.Status != "served" || r == nil || r.Version != 1 || r.Address != proofOf(f).Address ||
			len(r.Documents) != len(proofOf(f).Documents) || r.Documents[0] != f.number || r.Agency == "" {
			t.Errorf("%s: service reads %+v %+v", f.number, got.Service, r)
		}
	}
	// The EPO is served in person by an officer named with the agency.
	epo := everyForm[len(everyForm)-1]
	status, _, body := w.do(t, "sheriff-a", "POST", "/orders", epo.complete("26EPO001Q"))
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	o := decode[order.Order](t, body)
	r := proofOf(epo)
	r.Method, r.Agency = "mail", ""
	status, _, body = w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", r)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.method") || !strings.Contains(string(body), "body.agency") {
		t.Errorf("an EPO served by mail without an agency: %d %s", status, body)
	}
	r = proofOf(epo)
	r.Version = 2
	status, _, body = w.do(t, "sheriff-a", "POST", "/orders/"+o.ID+"/service", r)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.version") {
		t.Errorf("a proof of a version that does not exist: %d %s", status, body)
	}
}

// EPOs are entered by sheriffs, every other type by clerks (authz roles.go).
func TestWhoEntersWhichType(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	epo, dv := everyForm[len(everyForm)-1], everyForm[0]
	for _, tc := range []struct {
		who    string
		f      form
		status int
	}{
		{"clerk-a", epo, http.StatusForbidden},
		{"sheriff-a", dv, http.StatusForbidden},
		{"judge-a", dv, http.StatusForbidden},
		{"sheriff-a", epo, http.StatusCreated},
		{"clerk-a", dv, http.StatusCreated},
	} {
		status, _, body := w.do(t, tc.who, "POST", "/orders", tc.f.complete(tc.f.caseNumber("R")+strings.ToUpper(tc.who[:1])))
		if status != tc.status {
			t.Errorf("%s enters %s: %d, want %d: %s", tc.who, tc.f.number, status, tc.status, body)
		}
	}
	if n := w.count(t, `SELECT count(*) FROM orders`); n != 2 {
		t.Errorf("%d orders, want the 2 allowed", n)
	}
}
