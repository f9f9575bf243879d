package image

import (
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// activeNames are the PDF names (ISO 32000 sections 12.6 and 7.11) of actions that
// run scripts, start programs, reach the network or other files, and of embedded
// files; a court's image holds none of them, as a key or as a value.
var activeNames = map[string]bool{
	"JavaScript": true, "JS": true, "Launch": true, "EmbeddedFile": true, "EmbeddedFiles": true, "EF": true,
	"URI": true, "SubmitForm": true, "ImportData": true, "RichMedia": true, "RichMediaExecute": true,
	"GoToR": true, "GoToE": true,
}

// activeContent walks every object of the parsed file (those of compressed object
// streams included) and returns the sorted names of the active content it holds:
// the names above, an OpenAction that is an action (not a destination), and
// additional actions (AA). Names are compared decoded: /Java#53cript is /JavaScript.
func activeContent(xt *model.XRefTable) []string {
	found := map[string]bool{}
	var walk func(o types.Object, depth int)
	walkDict := func(d types.Dict, depth int) {
		for k, v := range d {
			key := decodedName(k)
			if activeNames[key] {
				found[key] = true
			}
			switch key {
			case "OpenAction":
				if _, ok := deref(xt, v).(types.Dict); ok {
					found["OpenAction"] = true
				}
			case "AA":
				if aa, ok := deref(xt, v).(types.Dict); ok && len(aa) > 0 {
					found["AA"] = true
				}
			}
			walk(v, depth+1)
		}
	}
	walk = func(o types.Object, depth int) {
		if depth > 100 { // deeper than any real document: refuse rather than recurse on
			found["nesting"] = true
			return
		}
		switch v := o.(type) {
		case types.Name:
			if n := decodedName(string(v)); activeNames[n] {
				found[n] = true
			}
		case *types.Name:
			if v != nil {
				walk(*v, depth)
			}
		case types.Dict:
			walkDict(v, depth)
		case types.StreamDict:
			walkDict(v.Dict, depth)
		case *types.StreamDict:
			if v != nil {
				walkDict(v.Dict, depth)
			}
		case types.ObjectStreamDict:
			walkDict(v.Dict, depth)
			walk(v.ObjArray, depth+1)
		case *types.ObjectStreamDict:
			if v != nil {
				walk(*v, depth)
			}
		case types.XRefStreamDict:
			walkDict(v.Dict, depth)
		case *types.XRefStreamDict:
			if v != nil {
				walkDict(v.Dict, depth)
			}
		case types.Array:
			for _, e := range v {
				walk(e, depth+1)
			}
		}
	}
	for _, e := range xt.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		walk(e.Object, 0)
	}
	if xt.RootDict != nil {
		walk(xt.RootDict, 0)
	}
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// decodedName is a name with its #xx escapes decoded (ISO 32000 section 7.3.5);
// a name that does not decode is compared as written.
func decodedName(s string) string {
	s = strings.TrimPrefix(s, "/")
	if d, err := types.DecodeName(s); err == nil {
		return d
	}
	return s
}

// deref follows an indirect reference; what it cannot follow reads as itself.
func deref(xt *model.XRefTable, o types.Object) types.Object {
	if d, err := xt.Dereference(o); err == nil && d != nil {
		return d
	}
	return o
}
