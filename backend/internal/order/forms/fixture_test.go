package forms

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"
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
