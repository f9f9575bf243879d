package person

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Wanted is a person looked for in its role: a person of an order checked for
// conflicts.
type Wanted struct{ Name, DOB, Role string }

// SearchActive looks for each person in the active orders (as Search would,
// each in its role, at most limit hits each), all in one statement: each
// person's candidates in tables of their own, labelled with the person's place,
// their persons and orders read together. A person with no name has no hits.
func SearchActive(tx *gorm.DB, people []Wanted, exclude []string, limit int) ([][]Hit, error) {
	out := make([][]Hit, len(people))
	q, args, reqs, dobss := searchActiveSQL(people, exclude, limit)
	if q == "" {
		return out, nil
	}
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("conflicts: search: %w", err)
	}
	defer rows.Close()
	found := make([][]foundPerson, len(people))
	for rows.Next() {
		var i int
		f, err := scanFound(rows, &i)
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= len(people) {
			return nil, fmt.Errorf("conflicts: search: person %d of %d", i, len(people))
		}
		found[i] = append(found[i], f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conflicts: search: %w", err)
	}
	for i := range people {
		if reqs[i].Name != "" {
			out[i] = ranked(reqs[i], dobss[i], found[i])
		}
	}
	return out, nil
}

// SearchActiveSQL is SearchActive's statement and arguments; "" when no person
// has a name.
func SearchActiveSQL(people []Wanted, exclude []string, limit int) (string, []any) {
	q, args, _, _ := searchActiveSQL(people, exclude, limit)
	return q, args
}

// searchActiveSQL is SearchActive's statement and arguments, and the search of
// each person as Search would run it (none for a person with no name); no
// statement when no person has a name.
func searchActiveSQL(people []Wanted, exclude []string, limit int) (string, []any, []SearchRequest, [][]string) {
	reqs := make([]SearchRequest, len(people))
	dobss := make([][]string, len(people))
	var ctes, labelled []string
	var args []any
	for i, p := range people {
		if len(NameTokens(p.Name)) == 0 {
			continue
		}
		reqs[i] = SearchRequest{Name: p.Name, DOB: p.DOB, Role: p.Role, Status: "active", Limit: limit}
		dobs, err := DOBVariants(p.DOB)
		if err != nil {
			dobs = nil
		}
		dobss[i] = dobs
		suffix := fmt.Sprintf("_%d", i)
		cte, cargs := candidatesSQL(PersonKeys(p.Name, dobs), len(dobs) > 0, p.Role, suffix)
		ctes = append(ctes, cte)
		args = append(args, cargs...)
		labelled = append(labelled, fmt.Sprintf("SELECT %d AS q, order_id, version, person, keys FROM m%s", i, suffix))
	}
	if len(ctes) == 0 {
		return "", nil, reqs, dobss
	}
	cond, fargs := searchFilters(SearchRequest{Status: "active"}, exclude)
	q := `WITH ` + strings.Join(ctes, ",\n\t\t") + `,
		m AS (` + strings.Join(labelled, " UNION ALL ") + `)
		SELECT m.q, ` + searchCols + `, m.keys
		FROM order_persons p
		JOIN m ON m.order_id = p.order_id AND m.version = p.version AND m.person = p.person
		JOIN orders o ON o.id = p.order_id AND o.current_version = p.version
		JOIN courts c ON c.id = o.court_id
		WHERE p.order_id = ANY ((SELECT array_agg(order_id) FROM m)::uuid[])` + cond
	return q, append(args, fargs...), reqs, dobss
}
