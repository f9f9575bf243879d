package registry

import (
	"encoding/json"
	"fmt"
	"github.com/ccpor/ccpor/backend/internal/order"
	"reflect"
	"sort"
	"strconv"
)

// diff lists the fields that differ between two versions' contents, by their
// path in the content (lists by index), in path order.
func diff(a, b order.Content) ([]order.Change, error) {
	fa, err := flatten(a)
	if err != nil {
		return nil, err
	}
	fb, err := flatten(b)
	if err != nil {
		return nil, err
	}
	paths := map[string]bool{}
	for k := range fa {
		paths[k] = true
	}
	for k := range fb {
		paths[k] = true
	}
	out := []order.Change{}
	for k := range paths {
		if !reflect.DeepEqual(fa[k], fb[k]) {
			out = append(out, order.Change{Field: k, From: fa[k], To: fb[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out, nil
}

func flatten(c order.Content) (map[string]any, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("order: diff: %w", err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("order: diff: %w", err)
	}
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, x)
			}
		case []any:
			for i, x := range t {
				walk(prefix+"["+strconv.Itoa(i)+"]", x)
			}
		default:
			out[prefix] = v
		}
	}
	walk("", v)
	return out, nil
}
