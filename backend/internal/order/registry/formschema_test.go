package registry_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/httpapi"
)

// formSchemas is the oneOf of create and modify, as the API document has it.
func formSchemas(t *testing.T) (huma.Registry, map[string]*huma.Schema) {
	t.Helper()
	spec := httpapi.Spec([]httpapi.Registrar{registry.Routes(nil)})
	r := spec.Components.Schemas
	out := map[string]*huma.Schema{}
	for _, op := range []*huma.Operation{spec.Paths["/orders"].Post, spec.Paths["/orders/{orderId}"].Put} {
		body := op.RequestBody.Content["application/json"].Schema
		if len(body.OneOf) != len(forms.Definitions()) {
			t.Fatalf("%s: %d schemas in the oneOf, want one per form revision (%d)", op.OperationID, len(body.OneOf), len(forms.Definitions()))
		}
		for i, d := range forms.Definitions() {
			name := forms.FormSchemaName(d)
			if body.OneOf[i].Ref != "#/components/schemas/"+name {
				t.Fatalf("%s: oneOf[%d] is %q, want %s", op.OperationID, i, body.OneOf[i].Ref, name)
			}
			out[name] = r.SchemaFromRef(body.OneOf[i].Ref)
		}
	}
	return r, out
}

func deref(r huma.Registry, s *huma.Schema) *huma.Schema {
	for s != nil && s.Ref != "" {
		s = r.SchemaFromRef(s.Ref)
	}
	return s
}

// at returns the schema of the object holding a content path's last field,
// and that field's schema.
func at(r huma.Registry, s *huma.Schema, path string) (parent, field *huma.Schema) {
	parts := strings.Split(path, ".")
	for i, seg := range parts {
		seg, each := strings.CutSuffix(seg, "[]")
		s = deref(r, s)
		if s == nil {
			return nil, nil
		}
		parent, field = s, s.Properties[seg]
		if field == nil {
			return nil, nil
		}
		s = field
		if each || (i < len(parts)-1 && deref(r, s).Type == "array") {
			s = deref(r, s).Items
		}
	}
	return parent, field
}

// leafPaths lists the entry fields of a schema: its leaves, with groups (a
// reference to a struct such as StayAway) opened into their members.
func leafPaths(r huma.Registry, s *huma.Schema, prefix string, out *[]string) {
	s = deref(r, s)
	switch {
	case s.Type == "object" && len(s.Properties) > 0:
		for name, p := range s.Properties {
			leafPaths(r, p, prefix+"."+name, out)
		}
	case s.Type == "array" && deref(r, s.Items).Type == "object":
		leafPaths(r, s.Items, prefix+"[]", out)
	default:
		*out = append(*out, strings.TrimPrefix(prefix, "."))
	}
}

// The oneOf and GET /order-forms are made from the same definitions: every field
// the entry screen renders is in its form's schema with the same item, label and
// requirement, and the schema has no field the screen does not render.
func TestFormSchemasAgreeWithTheFormDefinitions(t *testing.T) {
	t.Parallel()
	r, schemas := formSchemas(t)
	for i, fd := range forms.FormDefinitions() {
		d := forms.Definitions()[i]
		s := schemas[forms.FormSchemaName(d)]
		if fd.Number != d.Number || fd.Revision != d.Revision || s == nil {
			t.Fatalf("form %d: %s %s has no schema", i, fd.Number, fd.Revision)
		}
		if s.Extensions["x-form"] != d.Number || s.Extensions["x-revision"] != d.Revision {
			t.Errorf("%s: the schema names %v %v", fd.Number, s.Extensions["x-form"], s.Extensions["x-revision"])
		}
		var rendered []string
		for _, sec := range fd.Sections {
			for _, f := range sec.Fields {
				rendered = append(rendered, f.Path)
				parent, field := at(r, s, f.Path)
				if field == nil {
					t.Errorf("%s: %s is rendered but not in the schema", fd.Number, f.Path)
					continue
				}
				name := f.Path[strings.LastIndex(f.Path, ".")+1:]
				if got := slices.Contains(parent.Required, name); got != f.Required {
					t.Errorf("%s: %s required %v in the schema, %v on the screen", fd.Number, f.Path, got, f.Required)
				}
				if label, ok := field.Extensions["x-label"]; ok {
					if label != f.Label || field.Extensions["x-section"] != sec.Name || (f.Item != "" && field.Extensions["x-item"] != f.Item) {
						t.Errorf("%s: %s is %v %v %v in the schema, %s %s %s on the screen", fd.Number, f.Path,
							field.Extensions["x-section"], field.Extensions["x-item"], label, sec.Name, f.Item, f.Label)
					}
				}
			}
		}
		var inSchema []string
		leafPaths(r, s, "", &inSchema)
		for _, p := range inSchema {
			if p == "type" || p == "orderKind" || strings.HasPrefix(p, "form.") || p == "protectedPersons[].addressMasked" {
				continue
			}
			if !slices.Contains(rendered, p) {
				t.Errorf("%s: %s is in the schema but not on the screen", fd.Number, p)
			}
		}
	}
}

func matching(t *testing.T, r huma.Registry, schemas map[string]*huma.Schema, c any) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(mustJSON(c), &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	for name, s := range schemas {
		res := &huma.ValidateResult{}
		huma.Validate(r, s, huma.NewPathBuffer([]byte{}, 0), huma.ModeWriteToServer, v, res)
		if len(res.Errors) == 0 {
			out = append(out, name)
		}
	}
	return out
}

// A complete order of each form matches exactly one schema of the oneOf, its
// form's; with any item its form requires left out it matches none.
func TestEachCompleteOrderMatchesExactlyItsFormsSchema(t *testing.T) {
	t.Parallel()
	r, schemas := formSchemas(t)
	all := append([]form{{"CR-160", "2023-03-01", "criminal_protective_order", "pending_trial", ""}}, everyForm...)
	for _, f := range all {
		c := f.complete(f.caseNumber("S"))
		if f.number == "CR-160" {
			c = sample("26CR160S")
		}
		want := "Order" + strings.ReplaceAll(f.number, "-", "") + "r" + f.revision[:4]
		if got := matching(t, r, schemas, c); len(got) != 1 || got[0] != want {
			t.Errorf("%s matches %v, want [%s]", f.number, got, want)
		}
		for _, path := range registry.RequiredPaths(f.number, f.revision) {
			var m map[string]any
			_ = json.Unmarshal(mustJSON(c), &m)
			remove(m, strings.Split(path, "."))
			if got := matching(t, r, schemas, m); len(got) != 0 {
				t.Errorf("%s without %s matches %v", f.number, path, got)
			}
		}
	}
}
