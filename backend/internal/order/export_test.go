package order

// RequiredPaths returns the paths of the items a form revision requires.
func RequiredPaths(number, revision string) []string {
	var out []string
	for _, it := range definitionOf(Form{Number: number, Revision: revision}).Items {
		if it.Required {
			out = append(out, it.Path)
		}
	}
	return out
}

// SearchSQL exposes a search's statement to the plan tests.
func SearchSQL(r SearchRequest) (string, []any) {
	dobs, _ := DOBVariants(r.DOB)
	return searchSQL(r, dobs, nil)
}

// IndexRows are the rows Create writes for the persons of c: one per person for
// order_persons (court, order, version, person, role, name, aliases, dob or nil)
// and one per key for order_person_keys (court, order, version, person, role,
// key), from the same functions (persons, keysOf), so a bulk load indexes
// exactly as the service does.
func IndexRows(court, id string, version int, c Content) (people, keys [][]any) {
	for _, p := range persons(&c) {
		var dob any
		if p.dob != "" {
			dob = p.dob
		}
		aliases := p.aliases
		if aliases == nil {
			aliases = []string{}
		}
		people = append(people, []any{court, id, version, p.index, p.role, p.name, aliases, dob})
		for _, k := range keysOf(p) {
			keys = append(keys, []any{court, id, version, p.index, p.role, k})
		}
	}
	return people, keys
}

// Stored is the content as a version keeps it and the protected persons'
// addresses kept apart.
func Stored(c Content) ([]byte, map[int]string, error) { return stored(c) }
