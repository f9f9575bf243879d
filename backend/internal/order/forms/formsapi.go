package forms

import (
	"github.com/ccpor/ccpor/backend/internal/order"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// FormField is one input of a form as the entry screen shows it: a leaf of an
// order's content, with the item number and label the form prints.
type FormField struct {
	Path     string `json:"path" doc:"the field's place in the order content; [] marks each protected person"`
	Item     string `json:"item,omitempty" doc:"the item number printed on the form"`
	Label    string `json:"label"`
	Required bool   `json:"required,omitempty" doc:"the form requires it (within its group, when the group is used)"`
	Group    string `json:"group,omitempty" doc:"the path of the optional group (stay-away, firearms) the field belongs to: a required member is required only when the group is used"`
	// GroupLabel is the group's own label: the check box that makes the order,
	// which the screen draws with the group's members under it.
	GroupLabel string   `json:"groupLabel,omitempty" doc:"the label of the group's check box (e.g. 3(b)'s wording), its members drawn under it"`
	Kind       string   `json:"kind" enum:"text,date,time,number,height,boolean,choice,lines" doc:"how the value is entered (height: in feet and inches, sent in inches)"`
	Options    []string `json:"options,omitempty" doc:"the values a choice takes"`
	MaxLength  int      `json:"maxLength,omitempty" doc:"the longest text the field takes (a short one is drawn narrow)"`
	Hint       string   `json:"hint,omitempty" doc:"what the form prints to help fill the field"`
	From       int      `json:"from,omitempty" doc:"for a field of each protected person: asked from this person on"`
}

// FormSection is a section of a form with its fields in the printed order.
type FormSection struct {
	Name   string      `json:"name"`
	Repeat bool        `json:"repeat,omitempty" doc:"the section is entered once per protected person"`
	Fields []FormField `json:"fields"`
}

// FormDefinition is a form revision as the entry screen renders it, made from its
// Go definition (definitions.go).
type FormDefinition struct {
	Number   string        `json:"number"`
	Revision string        `json:"revision" format:"date"`
	Title    string        `json:"title"`
	Type     string        `json:"type"`
	Kinds    []string      `json:"kinds"`
	Expiry   string        `json:"expiry"`
	Proof    string        `json:"proof,omitempty"`
	Note     string        `json:"note,omitempty"`
	Sections []FormSection `json:"sections"`
}

// FormDefinitions returns every form revision as the entry screen renders it.
func FormDefinitions() []FormDefinition {
	var out []FormDefinition
	for _, d := range Definitions() {
		fd := FormDefinition{Number: d.Number, Revision: d.Revision, Title: d.Title, Type: d.Type, Kinds: d.Kinds,
			Expiry: d.Expiry, Proof: d.Proof, Note: d.Note}
		section := func(name string) *FormSection {
			for i := range fd.Sections {
				if fd.Sections[i].Name == name {
					return &fd.Sections[i]
				}
			}
			fd.Sections = append(fd.Sections, FormSection{Name: name})
			return &fd.Sections[len(fd.Sections)-1]
		}
		heads := map[string]Item{} // groups whose members the form lists one by one
		for _, it := range d.Items {
			if it.Path == "protectedPersons" {
				continue // the repeated section itself
			}
			s := section(it.Section)
			if strings.HasPrefix(it.Path, "protectedPersons[]") {
				s.Repeat = true
			}
			f, ok := contentField(it.Path)
			if !ok {
				continue
			}
			if d.hasItemsUnder(it.Path) {
				heads[it.Path] = it
				continue
			}
			fields := leaves(it.Path, it.Item, it.Label, it.Required, f)
			head, listed := heads[it.Path[:max(0, strings.LastIndex(it.Path, "."))]]
			for i := range fields {
				ff := &fields[i]
				ff.Hint, ff.From = it.Hint, it.From
				switch {
				case listed:
					_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
					ff.Required = it.Required || !strings.Contains(opts, "omitempty")
					ff.GroupLabel = head.Label
					if !head.Required {
						ff.Group = head.Path
					}
				case ff.Group != "":
					ff.GroupLabel = it.Label
				}
				if ff.Path == "orderKind" {
					ff.Kind, ff.Options = "choice", d.Kinds
				}
			}
			s.Fields = append(s.Fields, fields...)
		}
		out = append(out, fd)
	}
	return out
}

// contentField returns the struct field at a path of Content.
func contentField(path string) (reflect.StructField, bool) {
	parts := strings.Split(path, ".")
	parent := strings.Join(parts[:len(parts)-1], ".")
	var t reflect.Type
	if parent == "" {
		t = reflect.TypeOf(order.Content{})
	} else {
		t = contentType(parent)
	}
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	return fieldByJSON(t, strings.TrimSuffix(parts[len(parts)-1], "[]"))
}

// leaves expands a field into the inputs that enter it: a group (stay-away,
// firearms, hearing) into one input per member.
func leaves(path, item, label string, required bool, f reflect.StructField) []FormField {
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		var out []FormField
		for i := range t.NumField() {
			sub := t.Field(i)
			name, opts, _ := strings.Cut(sub.Tag.Get("json"), ",")
			if name == "" || name == "-" || sub.Tag.Get("readOnly") == "true" {
				continue
			}
			members := leaves(path+"."+name, item, label+": "+humanize(name), !strings.Contains(opts, "omitempty"), sub)
			for i := range members {
				if members[i].Group == "" && !required {
					members[i].Group = path
				}
			}
			out = append(out, members...)
		}
		return out
	}
	ff := FormField{Path: path, Item: item, Label: label, Required: required}
	ff.MaxLength, _ = strconv.Atoi(f.Tag.Get("maxLength"))
	switch {
	case t.Kind() == reflect.Bool:
		ff.Kind = "boolean"
	case t.Kind() == reflect.Int && strings.HasSuffix(path, "heightInches"):
		ff.Kind = "height"
	case t.Kind() == reflect.Int:
		ff.Kind = "number"
	case t.Kind() == reflect.Slice:
		ff.Kind = "lines"
	case f.Tag.Get("enum") != "":
		ff.Kind, ff.Options = "choice", strings.Split(f.Tag.Get("enum"), ",")
	case f.Tag.Get("format") == "date":
		ff.Kind = "date"
	case strings.Contains(f.Tag.Get("pattern"), "[0-5][0-9]$"):
		ff.Kind = "time"
	default:
		ff.Kind = "text"
	}
	return []FormField{ff}
}

// humanize turns a JSON name into words: surrenderWithinHoursIfServed is
// "surrender within hours if served".
func humanize(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
