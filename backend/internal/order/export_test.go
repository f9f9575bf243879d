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
