package forms

import (
	"github.com/ccpor/ccpor/backend/internal/order"
	"reflect"
	"slices"
	"strings"
	"testing"
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
		for _, it := range definitionOf(order.Form{Number: fd.Number, Revision: fd.Revision}).Items {
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
	return slices.ContainsFunc(definitionOf(order.Form{Number: fd.Number, Revision: fd.Revision}).Items, func(it Item) bool { return it.Path == path })
}
