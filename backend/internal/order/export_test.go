package order

// SearchSQL exposes a search's statement to the plan tests.
func SearchSQL(r SearchRequest) (string, []any) {
	dobs, _ := DOBVariants(r.DOB)
	return searchSQL(r, dobs, nil)
}
