package registry

import (
	"context"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/forms"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// RequiredPaths returns the paths of the items a form revision requires.
func RequiredPaths(number, revision string) []string {
	var out []string
	for _, d := range forms.Definitions() {
		if d.Number != number || d.Revision != revision {
			continue
		}
		for _, it := range d.Items {
			if it.Required {
				out = append(out, it.Path)
			}
		}
	}
	return out
}

// SearchSQL exposes a search's statement to the plan tests.
func SearchSQL(r person.SearchRequest) (string, []any) {
	dobs, _ := person.DOBVariants(r.DOB)
	return person.SearchSQL(r, dobs, nil)
}

// IndexRows are the rows Create writes for the persons of c: one per person for
// order_persons (court, order, version, person, role, name, aliases, dob or nil)
// and one per key for order_person_keys (court, order, version, person, role,
// key), from the same functions (person.Persons, person.Keys), so a bulk load
// indexes exactly as the service does.
func IndexRows(court, id string, version int, c order.Content) (people, keys [][]any) {
	for _, p := range person.Persons(&c) {
		var dob any
		if p.DOB != "" {
			dob = p.DOB
		}
		aliases := p.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		people = append(people, []any{court, id, version, p.Index, p.Role, p.Name, aliases, dob})
		for _, k := range person.Keys(p) {
			keys = append(keys, []any{court, id, version, p.Index, p.Role, k})
		}
	}
	return people, keys
}

// Stored is the content as a version keeps it and the protected persons'
// addresses kept apart.
func Stored(c order.Content) ([]byte, map[int]string, error) { return stored(c) }

// ConflictSearches runs as p, in one transaction, the search of a conflict
// check for the persons given (name, date of birth, role), all in one
// statement, and each person's search alone as person.Search runs it.
func ConflictSearches(ctx context.Context, d *db.DB, p db.Principal, people [][3]string) (together, alone [][]person.Hit, err error) {
	var wanted []person.Wanted
	for _, x := range people {
		wanted = append(wanted, person.Wanted{Name: x[0], DOB: x[1], Role: x[2]})
	}
	err = d.Tx(ctx, p, func(tx *gorm.DB) error {
		if together, err = person.SearchActive(tx, wanted, nil, precedence.CheckLimit); err != nil {
			return err
		}
		for _, x := range wanted {
			if len(person.NameTokens(x.Name)) == 0 {
				alone = append(alone, nil)
				continue
			}
			dobs, _ := person.DOBVariants(x.DOB)
			hits, err := person.Search(tx, person.SearchRequest{Name: x.Name, DOB: x.DOB, Role: x.Role, Status: "active", Limit: precedence.CheckLimit}, dobs, nil)
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
func CreateStatements(court, id string, c order.Content) (sqls []string, args [][]any, err error) {
	ps, ks, err := person.IndexArgs(court, id, 1, c)
	if err != nil {
		return nil, nil, err
	}
	sqls, args = append(sqls, person.InsertPersonsSQL), append(args, ps)
	if ks != nil {
		sqls, args = append(sqls, person.InsertPersonKeysSQL), append(args, ks)
	}
	people := []person.Wanted{{Name: c.RestrainedPerson.Name, DOB: c.RestrainedPerson.DOB, Role: "restrained"}}
	for _, p := range c.ProtectedPersons {
		people = append(people, person.Wanted{Name: p.Name, DOB: p.DOB, Role: "protected"})
	}
	if q, qargs := person.SearchActiveSQL(people, []string{id}, precedence.CheckLimit); q != "" {
		sqls, args = append(sqls, q), append(args, qargs)
	}
	var dobs []string
	if c.RestrainedPerson.DOB != "" {
		dobs = []string{c.RestrainedPerson.DOB}
	}
	sqls = append(sqls, `SELECT court_id, court_name, orders FROM possible_conflict_courts(?::text[]) ORDER BY court_name`)
	args = append(args, []any{db.TextArray(person.PersonKeys(c.RestrainedPerson.Name, dobs))})
	return sqls, args, nil
}
