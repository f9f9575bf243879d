package forms

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/danielgtaylor/huma/v2"
)

// ContentBody is the body of create and modify: an order's content on one form
// revision. Its OpenAPI schema is a oneOf with one schema per form revision,
// made from the same definitions as GET /order-forms (FormSchemaName), so a
// client renders and types an entry from the document.
//
// huma's own oneOf error names no field ("expected value to match exactly one
// schema"), so the operations skip huma's body validation and Resolve checks
// the body against Content's schema instead; the form's own rules (its
// required items, the items it prints) are checked by the service (checkForm),
// naming the item.
type ContentBody struct {
	order.Content
	raw       []byte
	decodeErr error
}

// UnmarshalJSON keeps the body as sent for Resolve, which reports a value of
// the wrong type by its field rather than by a decoder message.
func (b *ContentBody) UnmarshalJSON(data []byte) error {
	b.raw = slices.Clone(data)
	b.decodeErr = json.Unmarshal(data, &b.Content)
	return nil
}

// Resolve validates the body against Content's schema, every error at once.
func (b *ContentBody) Resolve(huma.Context) []error {
	var v any
	if err := json.Unmarshal(b.raw, &v); err != nil {
		return []error{&huma.ErrorDetail{Location: "body", Message: "is not JSON: " + err.Error()}}
	}
	s := contentSchema()
	res := &huma.ValidateResult{}
	pb := huma.NewPathBuffer([]byte{}, 0)
	pb.Push("body")
	huma.Validate(s.registry, s.content, pb, huma.ModeWriteToServer, v, res)
	if len(res.Errors) == 0 && b.decodeErr != nil {
		return []error{&huma.ErrorDetail{Location: "body", Message: b.decodeErr.Error()}}
	}
	return res.Errors
}

type schemas struct {
	registry huma.Registry
	content  *huma.Schema
}

// contentSchema is Content's schema in a registry of its own, made as the API's
// registry makes it, so its messages are those huma gives.
var contentSchema = sync.OnceValue(func() schemas {
	r := huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	return schemas{registry: r, content: r.Schema(reflect.TypeOf(order.Content{}), true, "Content")}
})

// FormSchemaName is the name of a form revision's schema in the API document,
// e.g. OrderCR160r2023 or OrderDV110r2025.
func FormSchemaName(d Definition) string {
	number := strings.NewReplacer("-", "", " ", "").Replace(d.Number)
	return "Order" + number + "r" + d.Revision[:4]
}

// Schema is a oneOf of the form revisions' schemas, each registered under its
// FormSchemaName.
func (ContentBody) Schema(r huma.Registry) *huma.Schema {
	content := r.Schema(reflect.TypeOf(order.Content{}), true, "Content")
	prefix := strings.TrimSuffix(content.Ref, "Content")
	out := &huma.Schema{Description: "An order's content on one form revision: form.number and form.revision choose the schema."}
	for _, d := range Definitions() {
		name := FormSchemaName(d)
		if _, ok := r.Map()[name]; !ok {
			r.Map()[name] = FormSchema(r, d)
		}
		out.OneOf = append(out.OneOf, &huma.Schema{Ref: prefix + name})
	}
	return out
}

// FormSchema is a form revision's schema: Content with only the items the form
// prints, required as the form requires them, its form number, revision, type
// and kinds fixed, and each item's section, number and label as x-section,
// x-item and x-label (x-order is its place on the form).
func FormSchema(r huma.Registry, d Definition) *huma.Schema {
	content := r.Schema(reflect.TypeOf(order.Content{}), true, "Content")
	s := prune(r, content, "", d)
	s.Title = d.Number + " (Rev. " + d.Revision + ")"
	s.Description = d.Title
	if d.Note != "" {
		s.Description += ". " + d.Note
	}
	s.Extensions = map[string]any{"x-form": d.Number, "x-revision": d.Revision}
	s.Properties["type"] = &huma.Schema{Type: "string", Enum: []any{d.Type}}
	kinds := make([]any, len(d.Kinds))
	for i, k := range d.Kinds {
		kinds[i] = k
	}
	s.Properties["orderKind"] = &huma.Schema{Type: "string", Enum: kinds}
	s.Properties["form"] = &huma.Schema{Type: "object", AdditionalProperties: false,
		Required: []string{"number", "revision"},
		Properties: map[string]*huma.Schema{
			"number":   {Type: "string", Enum: []any{d.Number}},
			"revision": {Type: "string", Format: "date", Enum: []any{d.Revision}},
		}}
	s.PrecomputeMessages()
	return s
}

// prune copies an object schema keeping the properties at or above an item of
// the definition.
func prune(r huma.Registry, s *huma.Schema, prefix string, d Definition) *huma.Schema {
	s = resolve(r, s)
	out := &huma.Schema{Type: "object", Description: s.Description, AdditionalProperties: false,
		Properties: map[string]*huma.Schema{}}
	for name, prop := range s.Properties {
		p := join(prefix, name)
		var cp huma.Schema
		switch {
		case itemsUnder(d, p+"."):
			cp = *prune(r, prop, p, d)
			cp.Description = cmp(prop.Description, cp.Description)
		case itemsUnder(d, p+"[]."):
			cp = *prop
			cp.Items = prune(r, prop.Items, p+"[]", d)
		case slices.ContainsFunc(d.Items, func(it Item) bool { return it.Path == p }) || slices.Contains(alwaysAllowed, p):
			cp = *prop
		default:
			continue
		}
		if i := slices.IndexFunc(d.Items, func(it Item) bool { return it.Path == p }); i >= 0 {
			it := d.Items[i]
			cp.Extensions = map[string]any{"x-section": it.Section, "x-label": it.Label, "x-order": i}
			if it.Item != "" {
				cp.Extensions["x-item"] = it.Item
			}
		}
		out.Properties[name] = &cp
	}
	for name := range out.Properties {
		p := join(prefix, name)
		needed := slices.Contains(s.Required, name) || slices.ContainsFunc(d.Items, func(it Item) bool {
			return it.Required && (it.Path == p || strings.HasPrefix(it.Path, p+".") || strings.HasPrefix(it.Path, p+"[]."))
		})
		if needed {
			out.Required = append(out.Required, name)
		}
	}
	slices.Sort(out.Required)
	return out
}

func itemsUnder(d Definition, prefix string) bool {
	return slices.ContainsFunc(d.Items, func(it Item) bool { return strings.HasPrefix(it.Path, prefix) })
}

func resolve(r huma.Registry, s *huma.Schema) *huma.Schema {
	for s != nil && s.Ref != "" {
		s = r.SchemaFromRef(s.Ref)
	}
	return s
}
