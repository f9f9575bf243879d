package order

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every item of every definition has the Go type of its place in Content: the
// definitions are typed, and a path that names no field fails here.
func TestDefinitionItemsAreTypedPlacesOfContent(t *testing.T) {
	if len(definitions) != len(definitionTypes) {
		t.Fatalf("%d definitions for %d types: a form revision is defined twice", len(definitions), len(definitionTypes))
	}
	for _, d := range definitions {
		if d.Number == "" || d.Revision == "" || d.Type == "" || d.Expiry == "" || len(d.Items) == 0 {
			t.Errorf("%s %s: incomplete definition %+v", d.Number, d.Revision, d)
		}
		for _, it := range d.Items {
			got := contentType(it.Path)
			if got == nil {
				t.Errorf("%s: %s names no field of Content", d.Number, it.Path)
				continue
			}
			if got != it.goType {
				t.Errorf("%s: %s is %v in Content, %v in the definition", d.Number, it.Path, got, it.goType)
			}
			if it.Label == "" || it.Section == "" {
				t.Errorf("%s: %s has no label or section", d.Number, it.Path)
			}
		}
	}
}

// The EPO rule counts court days (weekends and judicial holidays excluded) and
// calendar days after the day granted, and takes the earlier.
func TestEmergencyExpiryCountsCourtHolidays(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct{ granted, want, why string }{
		{"2026-11-25", "2026-12-02", "Thanksgiving and the day after are not court days: the 7th calendar day comes first"},
		{"2026-03-01", "2026-03-06", "granted on a Sunday: five court days Mon-Fri come before the 7th calendar day"},
		{"2026-05-24", "2026-05-31", "granted on a Sunday before Memorial Day: the holiday pushes the 5th court day past the 7th calendar day"},
		{"2026-01-18", "2026-01-25", "granted the Sunday before Martin Luther King Jr. Day"},
		{"2026-06-14", "2026-06-21", "granted on a Sunday: Juneteenth (Fri 19) is no court day, so the 5th is Mon 22 and the 7th calendar day (Sun 21) comes first"},
		{"2026-03-08", "2026-03-13", "granted on a Sunday without a holiday: Fri 13 is the 5th court day"},
	} {
		if got := EPOExpiry(day(tc.granted)).Format(time.DateOnly); got != tc.want {
			t.Errorf("granted %s: expires %s, want %s (%s)", tc.granted, got, tc.want, tc.why)
		}
	}
}

// The entry screen's definitions carry every required item of each form as a
// required field, with its item number where the form numbers it.
func TestFormDefinitionsCarryTheRequiredItems(t *testing.T) {
	for _, fd := range FormDefinitions() {
		fields := map[string]FormField{}
		for _, s := range fd.Sections {
			for _, f := range s.Fields {
				fields[f.Path] = f
			}
		}
		for _, it := range definitionOf(Form{Number: fd.Number, Revision: fd.Revision}).Items {
			if !it.Required || it.Path == "protectedPersons" {
				continue
			}
			f, ok := fields[it.Path]
			if !ok || !f.Required || f.Label != it.Label || f.Item != it.Item {
				t.Errorf("%s: required item %s reads %+v", fd.Number, it.Path, f)
			}
		}
	}
}

// A required member of an optional group (stay-away yards) names its group, so
// the screen marks it required only when the group is used; items the form
// itself requires name none.
func TestRequiredMembersOfOptionalGroupsNameTheGroup(t *testing.T) {
	for _, fd := range FormDefinitions() {
		for _, s := range fd.Sections {
			for _, f := range s.Fields {
				want := ""
				for _, g := range []string{"conditions.stayAway", "conditions.firearms", "conditions.peacefulContactChildExchange", "findings", "hearing"} {
					if strings.HasPrefix(f.Path, g+".") && contentType(g).Kind() == reflect.Pointer && definitionHas(fd, g) {
						want = g
					}
				}
				if f.Group != want {
					t.Errorf("%s: %s is in group %q, want %q", fd.Number, f.Path, f.Group, want)
				}
			}
		}
	}
}

func definitionHas(fd FormDefinition, path string) bool {
	return slices.ContainsFunc(definitionOf(Form{Number: fd.Number, Revision: fd.Revision}).Items, func(it Item) bool { return it.Path == path })
}
