// Package forms is the forms orders are entered on: one typed definition per
// form revision (its items, labels and rules), the validation of an order's
// content and proof of service against its form, and the forms' OpenAPI schemas
// and entry-screen definitions.
package forms

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Definition is a form revision as the registry reads it from its Go struct
// (definitions.go): what it is, and its items in the order printed.
type Definition struct {
	Number   string   `json:"number" doc:"Judicial Council form number"`
	Revision string   `json:"revision" format:"date"`
	Title    string   `json:"title"`
	Type     string   `json:"type" doc:"the order type the form makes"`
	Kinds    []string `json:"kinds" doc:"the orderKind values the form takes"`
	Expiry   string   `json:"expiry" doc:"the expiry rule when no date is written"`
	Proof    string   `json:"proof,omitempty" doc:"the proof of service form"`
	Note     string   `json:"note,omitempty" doc:"how the definition was made where the form was not found"`
	Items    []Item   `json:"items"`
	noItems  bool
	goType   reflect.Type
}

// Item is one item of a form: where it goes in an order's content and how the
// form prints it.
type Item struct {
	Path     string `json:"path" doc:"the field's place in the order content; [] marks each protected person"`
	Section  string `json:"section"`
	Item     string `json:"item,omitempty" doc:"the item number printed on the form"`
	Label    string `json:"label"`
	Required bool   `json:"required,omitempty"`
	Hint     string `json:"hint,omitempty" doc:"what the form prints to help fill the item (an example, the rule when it is left blank)"`
	From     int    `json:"from,omitempty" doc:"for an item of each protected person: asked from this person on (the relationship to the first, from the second)"`
	goType   reflect.Type
}

var definitions = func() map[string]*Definition {
	out := map[string]*Definition{}
	for _, d := range definitionTypes {
		def := parseDefinition(reflect.TypeOf(d))
		out[def.Number+"@"+def.Revision] = def
	}
	return out
}()

// Definitions returns every form revision, by form number and revision.
func Definitions() []Definition {
	var out []Definition
	for _, d := range definitionTypes {
		t := reflect.TypeOf(d)
		for _, def := range definitions {
			if def.goType == t {
				out = append(out, *def)
			}
		}
	}
	return out
}

func definitionOf(f order.Form) *Definition { return definitions[f.Number+"@"+f.Revision] }

// ExpiryRule is a form revision's expiry rule where no date is written (until
// further order for a revision the registry does not take).
func ExpiryRule(f order.Form) string {
	if d := definitionOf(f); d != nil {
		return d.Expiry
	}
	return calendar.RuleUntilFurtherOrder
}

// Expiry returns the last day an order is in force and the rule that says so,
// by its form revision's rule (calendar.Expiry).
func Expiry(c *order.Content) (string, string) { return calendar.Expiry(c, ExpiryRule(c.Form)) }

func parseDefinition(t reflect.Type) *Definition {
	meta, _ := t.FieldByName("_")
	tag := meta.Tag
	d := &Definition{Number: tag.Get("number"), Revision: tag.Get("revision"), Title: tag.Get("title"),
		Type: tag.Get("type"), Kinds: strings.Split(tag.Get("kinds"), ","), Expiry: tag.Get("expiry"),
		Proof: tag.Get("proof"), Note: tag.Get("note"), noItems: tag.Get("noItems") == "true", goType: t}
	var walk func(t reflect.Type, item string)
	walk = func(t reflect.Type, item string) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Name == "_" {
				continue
			}
			if f.Anonymous {
				walk(f.Type, f.Tag.Get("item"))
				continue
			}
			it := Item{Path: f.Tag.Get("path"), Section: f.Tag.Get("section"), Item: f.Tag.Get("item"),
				Label: f.Tag.Get("label"), Required: f.Tag.Get("required") == "true", Hint: f.Tag.Get("hint"), goType: f.Type}
			if from := f.Tag.Get("from"); from != "" {
				it.From, _ = strconv.Atoi(from)
			}
			if it.Item == "" {
				it.Item = item
			}
			if d.noItems {
				it.Item = ""
			}
			d.Items = append(d.Items, it)
		}
	}
	walk(t, "")
	return d
}

// contentType returns the Go type at a path of Content ("" when there is none).
func contentType(path string) reflect.Type {
	t := reflect.TypeOf(order.Content{})
	for _, seg := range strings.Split(path, ".") {
		seg, each := strings.CutSuffix(seg, "[]")
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := fieldByJSON(t, seg)
		if !ok {
			return nil
		}
		t = f.Type
		if each {
			if t.Kind() != reflect.Slice {
				return nil
			}
			t = t.Elem()
		}
	}
	return t
}

func fieldByJSON(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// leaf is one value set in a content: its path (with indices) and its path in
// definition form (indices as []).
type leaf struct{ at, path string }

// setLeaves lists every non-zero value of v under prefix, descending into
// structs, pointers and slices of structs.
func setLeaves(v reflect.Value, at, path string, out *[]leaf) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			setLeaves(v.Field(i), join(at, name), join(path, name), out)
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		for i := range v.Len() {
			setLeaves(v.Index(i), fmt.Sprintf("%s[%d]", at, i), path+"[]", out)
		}
	case !v.IsZero():
		*out = append(*out, leaf{at, path})
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// alwaysAllowed are the fields every form has: what it is.
var alwaysAllowed = []string{"type", "form", "orderKind", "protectedPersons[].addressMasked"}

// covered reports whether a definition path covers a set leaf's path: the same
// path or one of its ancestors.
func covered(def, path string) bool {
	return def == path || strings.HasPrefix(path, def+".") || strings.HasPrefix(path, def+"[]")
}

// checkForm checks a content against its form revision's definition: the type
// and kind the form makes, every required item present (each named by its path
// and the form's label and item), and nothing the form does not print.
func checkForm(c *order.Content, v *apperr.ValidationError) *Definition {
	d := definitionOf(c.Form)
	if d == nil {
		v.Add("body.form.revision", "%s has no revision %q in the registry", c.Form.Number, c.Form.Revision)
		return nil
	}
	if c.Type != d.Type {
		v.Add("body.type", "%s makes a %s order, not %s", d.Number, d.Type, c.Type)
	}
	if !slices.Contains(d.Kinds, c.OrderKind) {
		v.Add("body.orderKind", "%s takes %s, not %q", d.Number, strings.Join(d.Kinds, " or "), c.OrderKind)
	}
	root := reflect.ValueOf(*c)
	for _, it := range d.Items {
		if !it.Required {
			continue
		}
		for _, at := range valuesAt(root, it.Path) {
			if at.zero {
				v.Add("body."+at.at, "is required on %s: %s", d.Number, describe(it))
			}
		}
	}
	var leaves []leaf
	setLeaves(root, "", "", &leaves)
	for _, l := range leaves {
		ok := slices.ContainsFunc(alwaysAllowed, func(p string) bool { return covered(p, l.path) })
		for _, it := range d.Items {
			ok = ok || (covered(it.Path, l.path) && !d.hasItemsUnder(it.Path))
		}
		if !ok {
			v.Add("body."+l.at, "is not an item of %s (Rev. %s)", d.Number, d.Revision)
		}
	}
	return d
}

// hasItemsUnder reports whether the form lists the members of a group item
// (protectedPersons[].name under protectedPersons): then the group covers only
// those members, not every field of its type.
func (d *Definition) hasItemsUnder(path string) bool {
	return slices.ContainsFunc(d.Items, func(it Item) bool {
		return strings.HasPrefix(it.Path, path+".") || strings.HasPrefix(it.Path, path+"[].")
	})
}

func describe(it Item) string {
	if it.Item == "" {
		return it.Label
	}
	return fmt.Sprintf("item %s, %s", it.Item, it.Label)
}

type valueAt struct {
	at   string
	zero bool
}

// valuesAt returns the values at a definition path: one, or one per protected
// person for a path through [].
func valuesAt(v reflect.Value, path string) []valueAt {
	out := []valueAt{{at: "", zero: false}}
	vals := []reflect.Value{v}
	for _, seg := range strings.Split(path, ".") {
		seg, each := strings.CutSuffix(seg, "[]")
		var nextOut []valueAt
		var nextVals []reflect.Value
		for i, cur := range vals {
			for cur.Kind() == reflect.Pointer {
				if cur.IsNil() {
					break
				}
				cur = cur.Elem()
			}
			if cur.Kind() != reflect.Struct {
				nextOut = append(nextOut, valueAt{at: join(out[i].at, seg), zero: true})
				nextVals = append(nextVals, reflect.Value{})
				continue
			}
			f, _ := fieldByJSON(cur.Type(), seg)
			fv := cur.FieldByIndex(f.Index)
			at := join(out[i].at, seg)
			if each {
				for j := range fv.Len() {
					nextOut = append(nextOut, valueAt{at: fmt.Sprintf("%s[%d]", at, j)})
					nextVals = append(nextVals, fv.Index(j))
				}
				continue
			}
			nextOut = append(nextOut, valueAt{at: at})
			nextVals = append(nextVals, fv)
		}
		out, vals = nextOut, nextVals
	}
	for i := range out {
		out[i].zero = out[i].zero || !vals[i].IsValid() || vals[i].IsZero() ||
			(vals[i].Kind() == reflect.Slice && vals[i].Len() == 0)
	}
	return out
}

// Items returns the item number of each condition (and of the written expiry)
// the order makes, on its form revision.
func Items(c *order.Content) map[string]string {
	d := definitionOf(c.Form)
	if d == nil {
		return nil
	}
	var leaves []leaf
	setLeaves(reflect.ValueOf(*c), "", "", &leaves)
	set := func(p string) bool {
		return slices.ContainsFunc(leaves, func(l leaf) bool { return covered(p, l.path) })
	}
	out := map[string]string{}
	for _, it := range d.Items {
		name, isCondition := strings.CutPrefix(it.Path, "conditions.")
		if it.Path == "expiresOn" {
			name, isCondition = "expiresOn", true
		}
		if !isCondition || strings.Contains(name, ".") || it.Item == "" || !set(it.Path) {
			continue
		}
		out[name] = it.Item
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Proof of service per order type: the form it is recorded on, the documents it
// lists as served, and how it may be served. EA-200's layout was not found: its
// list is built from CH-200 and EA-110/EA-130. Juvenile orders have no proof form
// of their own; officers may use DV-200.
type proofDefinition struct {
	Form        string
	Documents   []string
	Methods     []string
	NeedsAgency bool // law enforcement serves: its agency is required
}

var proofs = map[string]proofDefinition{
	"criminal_protective_order": {Form: "", Documents: []string{"CR-160"},
		Methods: []string{"personal", "at_hearing", "substituted", "mail", "electronic"}},
	"domestic_violence": {Form: "DV-200", Documents: []string{"DV-109", "DV-100", "DV-120", "DV-110", "DV-105", "DV-140",
		"FL-150", "FL-155", "DV-115", "DV-116", "DV-130"}, Methods: []string{"personal", "at_hearing", "mail"}},
	"civil_harassment": {Form: "CH-200", Documents: []string{"CH-109", "CH-110", "CH-100", "CH-120", "CH-120-INFO",
		"CH-130", "CH-250", "CH-800"}, Methods: []string{"personal", "at_hearing", "mail"}},
	"elder_dependent_adult_abuse": {Form: "EA-200", Documents: []string{"EA-109", "EA-110", "EA-100", "EA-120",
		"EA-120-INFO", "EA-130", "EA-800"}, Methods: []string{"personal", "at_hearing", "mail"}},
	"workplace_violence": {Form: "WV-200", Documents: []string{"WV-109", "WV-110", "WV-100", "WV-120", "WV-120-INFO",
		"WV-130", "WV-250", "WV-800"}, Methods: []string{"personal", "at_hearing", "mail"}},
	"juvenile": {Form: "DV-200", Documents: []string{"JV-245", "JV-250", "JV-255"},
		Methods: []string{"personal", "at_hearing", "mail"}},
	"emergency_protective_order": {Form: "EPO-001", Documents: []string{"EPO-001"}, Methods: []string{"personal"},
		NeedsAgency: true},
}

// checkProof checks a proof of service against its order type's proof form.
func checkProof(r *order.ServiceRecord, orderType, formNumber string, v *apperr.ValidationError) {
	p, ok := proofs[orderType]
	if !ok {
		return
	}
	if !slices.Contains(p.Methods, r.Method) {
		v.Add("body.method", "a %s order is served %s, not %s", strings.ReplaceAll(orderType, "_", " "),
			strings.Join(p.Methods, ", "), r.Method)
	}
	if p.NeedsAgency && r.Agency == "" {
		v.Add("body.agency", "is required: %s is served by a law enforcement officer, named with the agency", p.Form)
	}
	if p.Form != "" && r.Method != "at_hearing" && r.Address == "" {
		v.Add("body.address", "is required: %s records where the person was served", p.Form)
	}
	if p.Form != "" && r.Method != "at_hearing" && !slices.Contains(r.Documents, formNumber) {
		v.Add("body.documents", "must list the order served (%s)", formNumber)
	}
	for i, doc := range r.Documents {
		if !slices.Contains(p.Documents, doc) {
			v.Add(fmt.Sprintf("body.documents[%d]", i), "%q is not a document %s lists (%s)", doc,
				cmp(p.Form, "the proof of service"), strings.Join(p.Documents, ", "))
		}
	}
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
