package order

import (
	"context"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

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

// ConflictSearches runs as p, in one transaction, the search of a conflict
// check for the persons given (name, date of birth, role), all in one
// statement, and each person's search alone as searchTx runs it.
func ConflictSearches(ctx context.Context, d *db.DB, p db.Principal, people [][3]string) (together, alone [][]Hit, err error) {
	var cp []conflictPerson
	for _, x := range people {
		cp = append(cp, conflictPerson{name: x[0], dob: x[1], role: x[2]})
	}
	err = d.Tx(ctx, p, func(tx *gorm.DB) error {
		if together, err = conflictSearchTx(tx, cp, nil); err != nil {
			return err
		}
		for _, x := range cp {
			if len(NameTokens(x.name)) == 0 {
				alone = append(alone, nil)
				continue
			}
			dobs, _ := DOBVariants(x.dob)
			hits, err := searchTx(tx, SearchRequest{Name: x.name, DOB: x.dob, Role: x.role, Status: "active", Limit: conflictLimit}, dobs, nil)
			if err != nil {
				return err
			}
			alone = append(alone, hits)
		}
		return nil
	})
	return together, alone, err
}

// CreateStatements are the statements Create sends for the persons of c, beyond
// the order's own rows: the persons and their keys, then the conflict check's
// search of every person (leaving out the order itself) and
// possible_conflict_courts, with $n placeholders. The related orders' read is
// not among them: it runs only when the search finds someone.
func CreateStatements(court, id string, c Content) (sqls []string, args [][]any, err error) {
	ps, ks, err := personArgs(court, id, 1, c)
	if err != nil {
		return nil, nil, err
	}
	sqls, args = append(sqls, insertPersonsSQL), append(args, ps)
	if ks != nil {
		sqls, args = append(sqls, insertPersonKeysSQL), append(args, ks)
	}
	people := []conflictPerson{{name: c.RestrainedPerson.Name, dob: c.RestrainedPerson.DOB, role: "restrained"}}
	for _, p := range c.ProtectedPersons {
		people = append(people, conflictPerson{name: p.Name, dob: p.DOB, role: "protected"})
	}
	if q, qargs, _, _ := conflictSearchSQL(people, []string{id}); q != "" {
		sqls, args = append(sqls, q), append(args, qargs)
	}
	var dobs []string
	if c.RestrainedPerson.DOB != "" {
		dobs = []string{c.RestrainedPerson.DOB}
	}
	sqls = append(sqls, `SELECT court_id, court_name, orders FROM possible_conflict_courts(?::text[]) ORDER BY court_name`)
	args = append(args, []any{db.TextArray(PersonKeys(c.RestrainedPerson.Name, dobs))})
	return sqls, args, nil
}
