package forms

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// fixture is the SPA's copy of GET /order-forms for its unit tests, which draw the
// CR-160 from it as the served page does.
const fixture = "../../../../frontend/src/testing/order-forms.json"

// The SPA's fixture is what GET /order-forms serves (UPDATE_FIXTURES=1 rewrites it).
func TestTheSPAFixtureIsTheServedDefinitions(t *testing.T) {
	want, err := json.MarshalIndent(map[string]any{"forms": FormDefinitions()}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if os.Getenv("UPDATE_FIXTURES") == "1" {
		if err := os.WriteFile(fixture, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("frontend/src/testing/order-forms.json is stale: run UPDATE_FIXTURES=1 go test ./internal/order/forms")
	}
}

// The CR-160 2005 prints its own sections, item numbers and wording; the 2023
// revision's added items are on the 2023 definition only.
func TestTheCR160Of2005IsDefinedAsPrinted(t *testing.T) {
	defs := map[string]FormDefinition{}
	for _, d := range FormDefinitions() {
		defs[d.Number+"@"+d.Revision] = d
	}
	d := defs["CR-160@2005-01-01"]
	var sections []string
	fields := map[string]FormField{}
	for _, s := range d.Sections {
		sections = append(sections, s.Name)
		for _, f := range s.Fields {
			fields[f.Path] = f
		}
	}
	want := []string{"Caption", "Person to be restrained", "1. Hearing", "2. Presence at the hearing",
		"3. The court orders: the defendant", "4–5. Peaceful contact for the exchange of children", "6. Recording",
		"7. Protected persons and other orders", "8. Expiry", "Signature"}
	if !slices.Equal(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	if f := fields["conditions.firearms.surrenderWithinHoursIfPresent"]; f.Item != "3(b)" || f.Group != "conditions.firearms" ||
		f.GroupLabel != "Must surrender or sell any firearm owned or in his or her possession or control within:" ||
		f.Label != "(1) Hours after issuance (if present at the hearing)" {
		t.Errorf("3(b)(1): %+v", f)
	}
	if f := fields["conditions.firearms.prohibited"]; !f.Required || f.Group != "conditions.firearms" {
		t.Errorf("a firearms order is prohibited when its box is ticked: %+v", f)
	}
	if f := fields["expiresOn"]; f.Item != "8" || f.Hint == "" {
		t.Errorf("expiry: %+v", f)
	}
	if f := fields["restrainedPerson.heightInches"]; f.Kind != "height" {
		t.Errorf("height: %+v", f)
	}
	if f := fields["orderKind"]; f.Kind != "choice" || len(f.Options) != 3 {
		t.Errorf("kind: %+v", f)
	}
	if f := fields["protectedPersons[].relationship"]; f.From != 2 {
		t.Errorf("the relationship is asked from the second person: %+v", f)
	}
	for _, p := range []string{"findings.familyMembersHarmed", "conditions.noObtainingAddresses",
		"conditions.electronicMonitoring", "conditions.firearms.reviewHearingDate"} {
		if _, ok := fields[p]; ok {
			t.Errorf("%s is a 2023 item, not on the 2005 form", p)
		}
		found := false
		for _, s := range defs["CR-160@2023-03-01"].Sections {
			for _, f := range s.Fields {
				found = found || f.Path == p
			}
		}
		if !found {
			t.Errorf("%s is missing from the 2023 form", p)
		}
	}
}

// The seed's CR-160 (2005) is valid on its revision; a 2023 item on it is refused,
// named by its path, and the same order on the 2023 revision takes it.
func TestThe2023ItemsAreRefusedOnThe2005Form(t *testing.T) {
	c := order.Content{Type: "criminal_protective_order", Form: order.Form{Number: "CR-160", Revision: "2005-01-01"},
		CaseNumber: "06NF0886", OrderKind: "pending_trial", IssuedOn: "2006-06-07",
		Caption:          order.Caption{CourtName: "Superior Court of California, County of Orange"},
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", HeightInches: 73},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith"}},
		Conditions: order.Conditions{NoAbuse: true, Firearms: &order.Firearms{Prohibited: true, SurrenderHoursIfPresent: 24},
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true, OtherLocations: []string{"123 Main Street"}}},
		Hearing: &order.Hearing{Date: "2006-01-01", DefendantPresent: true}}
	v := &apperr.ValidationError{}
	checkForm(&c, v)
	if v.Err() != nil {
		t.Fatalf("a 2005 order as printed: %v", v)
	}
	c.Conditions.ElectronicMonitoring = "six months"
	c.Conditions.Firearms.ReviewHearingDate = "2006-07-01"
	v = &apperr.ValidationError{}
	checkForm(&c, v)
	got := v.Error()
	for _, want := range []string{"body.conditions.electronicMonitoring: is not an item of CR-160 (Rev. 2005-01-01)",
		"body.conditions.firearms.reviewHearingDate: is not an item of CR-160 (Rev. 2005-01-01)"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in %q", want, got)
		}
	}
	c.Form.Revision = "2023-03-01"
	v = &apperr.ValidationError{}
	checkForm(&c, v)
	if v.Err() != nil {
		t.Errorf("the same order on the 2023 revision: %v", v)
	}
	if items := Items(&c); items["firearms"] != "8" {
		t.Errorf("2023 items: %v", items)
	}
	c.Form.Revision = "2005-01-01"
	c.Conditions.ElectronicMonitoring, c.Conditions.Firearms.ReviewHearingDate = "", ""
	items := Items(&c)
	want := map[string]string{"noAbuse": "3(a)", "firearms": "3(b)", "stayAway": "3(f)"}
	if !maps.Equal(items, want) {
		t.Errorf("2005 items %v, want %v", items, want)
	}
}
