package order

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// ConflictReport is what the registry knows statewide of the persons of one
// order: the active orders that restrain the same person or protect the same
// persons, what an officer enforces for each protected person, and the courts
// that do not share whose active orders may restrain the same person.
type ConflictReport struct {
	Orders    []RelatedOrder `json:"orders" doc:"active orders of readable courts involving the same persons"`
	Groups    []Group        `json:"groups" doc:"for each protected person of the order checked that another order also protects from the same restrained person: the terms enforced and the precedence that applies"`
	Elsewhere []CourtNotice  `json:"elsewhere" doc:"courts that do not share statewide with an active order that may restrain the same person; no content"`
}

// RelatedOrder is an active order involving the same persons.
type RelatedOrder struct {
	Terms           Terms    `json:"terms"`
	CourtName       string   `json:"courtName"`
	Type            string   `json:"type"`
	RestrainedName  string   `json:"restrainedName"`
	SameRestrained  bool     `json:"sameRestrained" doc:"restrains the same person (score from the match floor up)"`
	RestrainedScore float64  `json:"restrainedScore,omitempty"`
	Why             []string `json:"why,omitempty"`
	SameProtected   []string `json:"sameProtected,omitempty" doc:"the protected persons of the order checked that this order also protects"`
	InConflict      bool     `json:"inConflict" doc:"restrains the same person with respect to a same protected person: precedence applies"`
}

// CourtNotice is a court whose orders the caller may not read.
type CourtNotice struct {
	CourtID   string `json:"courtId" format:"uuid"`
	CourtName string `json:"courtName"`
	Orders    int    `json:"orders"`
	Message   string `json:"message"`
}

// conflictLimit bounds the orders one check reads.
const conflictLimit = 50

// conflictsTx builds the report for self (an order, or unsaved content with no id),
// leaving out the orders named in also (the order an entry supersedes).
func conflictsTx(tx *gorm.DB, self Order, also ...string) (ConflictReport, error) {
	rep := ConflictReport{Orders: []RelatedOrder{}, Groups: []Group{}, Elsewhere: []CourtNotice{}}
	c := self.Content
	exclude := slices.Clone(also)
	if self.ID != "" {
		exclude = append(exclude, self.ID)
	}
	// every person of the order, each looked for in its role, in one statement
	people := []conflictPerson{{name: c.RestrainedPerson.Name, dob: c.RestrainedPerson.DOB, role: "restrained"}}
	for _, p := range c.ProtectedPersons {
		people = append(people, conflictPerson{name: p.Name, dob: p.DOB, role: "protected"})
	}
	found, err := conflictSearchTx(tx, people, exclude)
	if err != nil {
		return rep, err
	}
	related := map[string]*RelatedOrder{}
	var order []string
	get := func(h Hit) *RelatedOrder {
		if r, ok := related[h.OrderID]; ok {
			return r
		}
		r := &RelatedOrder{CourtName: h.CourtName}
		related[h.OrderID] = r
		order = append(order, h.OrderID)
		return r
	}
	for i, hits := range found {
		for _, h := range hits {
			if h.Score < MatchFloor {
				continue
			}
			r := get(h)
			if i == 0 {
				if !r.SameRestrained || h.Score > r.RestrainedScore {
					r.SameRestrained, r.RestrainedScore, r.Why = true, h.Score, h.Why
				}
			} else if p := people[i].name; !slices.Contains(r.SameProtected, p) {
				r.SameProtected = append(r.SameProtected, p)
			}
		}
	}
	// the related orders' terms, read together
	orders, err := relatedOrders(tx, order)
	if err != nil {
		return rep, err
	}
	for _, id := range order {
		o := orders[id]
		r := related[id]
		r.Terms, r.Type, r.RestrainedName = TermsOf(o), o.Content.Type, o.Content.RestrainedPerson.Name
	}
	selfTerms := TermsOf(self)
	if selfTerms.OrderID == "" {
		selfTerms.OrderID = "this order"
	}
	byPerson := map[string][]Terms{}
	for _, id := range order {
		r := related[id]
		r.InConflict = r.SameRestrained && len(r.SameProtected) > 0
		rep.Orders = append(rep.Orders, *r)
		if r.InConflict {
			for _, p := range r.SameProtected {
				if len(byPerson[p]) == 0 {
					byPerson[p] = []Terms{selfTerms}
				}
				byPerson[p] = append(byPerson[p], r.Terms)
			}
		}
	}
	rep.Groups = append(rep.Groups, GroupByProtected(byPerson)...)
	var dobs []string
	if c.RestrainedPerson.DOB != "" {
		dobs = []string{c.RestrainedPerson.DOB}
	}
	if keys := PersonKeys(c.RestrainedPerson.Name, dobs); len(keys) > 0 {
		rows, err := tx.Raw(`SELECT court_id, court_name, orders FROM possible_conflict_courts(?::text[]) ORDER BY court_name`, db.TextArray(keys)).Rows()
		if err != nil {
			return rep, fmt.Errorf("conflicts: other courts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n CourtNotice
			if err := rows.Scan(&n.CourtID, &n.CourtName, &n.Orders); err != nil {
				return rep, err
			}
			n.Message = fmt.Sprintf("A possibly conflicting order exists at %s. Contact that court.", n.CourtName)
			rep.Elsewhere = append(rep.Elsewhere, n)
		}
		if err := rows.Err(); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// conflictPerson is a person of the order checked, looked for in its role.
type conflictPerson struct{ name, dob, role string }

// conflictSearchTx looks for each person of an order in the active orders (as
// searchTx would, each in its role, at most conflictLimit hits each), all in one
// statement: each person's candidates in tables of their own, labelled with the
// person's place, their persons and orders read together. A person with no name
// has no hits.
func conflictSearchTx(tx *gorm.DB, people []conflictPerson, exclude []string) ([][]Hit, error) {
	out := make([][]Hit, len(people))
	q, args, reqs, dobss := conflictSearchSQL(people, exclude)
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

// conflictSearchSQL is conflictSearchTx's statement and arguments, and the
// search of each person as searchTx would run it (none for a person with no
// name); no statement when no person has a name.
func conflictSearchSQL(people []conflictPerson, exclude []string) (string, []any, []SearchRequest, [][]string) {
	reqs := make([]SearchRequest, len(people))
	dobss := make([][]string, len(people))
	var ctes, labelled []string
	var args []any
	for i, p := range people {
		if len(NameTokens(p.name)) == 0 {
			continue
		}
		reqs[i] = SearchRequest{Name: p.name, DOB: p.dob, Role: p.role, Status: "active", Limit: conflictLimit}
		dobs, err := DOBVariants(p.dob)
		if err != nil {
			dobs = nil
		}
		dobss[i] = dobs
		suffix := fmt.Sprintf("_%d", i)
		cte, cargs := candidatesSQL(PersonKeys(p.name, dobs), len(dobs) > 0, p.role, suffix)
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

// relatedOrders reads, in one statement, what a report shows of the orders
// named: their current content, court and expiry (not the protected persons'
// addresses, nor the service record).
func relatedOrders(tx *gorm.DB, ids []string) (map[string]Order, error) {
	out := make(map[string]Order, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Raw(`SELECT o.id, o.court_id, o.expires_on, v.content
		FROM orders o JOIN order_versions v ON v.order_id = o.id AND v.version = o.current_version
		WHERE o.id = ANY (?::uuid[])`, db.TextArray(ids)).Rows()
	if err != nil {
		return nil, fmt.Errorf("conflicts: related orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Order
		var expires sql.NullTime
		var content []byte
		if err := rows.Scan(&o.ID, &o.CourtID, &expires, &content); err != nil {
			return nil, fmt.Errorf("conflicts: related orders: %w", err)
		}
		if o.Content, err = loaded(content, nil); err != nil {
			return nil, err
		}
		if expires.Valid {
			o.Expiry.On = expires.Time.Format(time.DateOnly)
		}
		out[o.ID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conflicts: related orders: %w", err)
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("conflicts: related order %s: %w", id, apperr.ErrNotFound)
		}
	}
	return out, nil
}

// Conflicts reports, on demand, the orders statewide involving the persons of an
// order the caller may read.
func (s *Service) Conflicts(ctx context.Context, p db.Principal, id string) (ConflictReport, error) {
	if !uuidPattern.MatchString(id) {
		return ConflictReport{}, apperr.ErrNotFound
	}
	if err := s.lookupAllowed(ctx, p, lookupUser(ctx, p), "order", "conflicts of order "+id); err != nil {
		return ConflictReport{}, err
	}
	var rep ConflictReport
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) error {
		o, err := getOrder(tx, id, 0)
		if err != nil {
			return err
		}
		if rep, err = conflictsTx(tx, o); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionConflicts, ObjectType: "order", ObjectID: id, Reason: summary(rep)})
	})
	if err != nil {
		return ConflictReport{}, fmt.Errorf("order: conflicts: %w", err)
	}
	return rep, nil
}

// CheckOptions names the orders a check before saving leaves out: the order an
// entry supersedes, or the order being modified (neither conflicts with the entry).
type CheckOptions struct {
	Supersedes string
	Modifies   string
}

// CheckConflicts reports the orders statewide involving the persons of content
// about to be entered or saved (before saving). Only the persons need be filled in.
func (s *Service) CheckConflicts(ctx context.Context, p db.Principal, c Content, opt CheckOptions) (ConflictReport, error) {
	v := &apperr.ValidationError{}
	var also []string
	for _, f := range [][2]string{{"body.supersedes", opt.Supersedes}, {"body.modifies", opt.Modifies}} {
		field, id := f[0], f[1]
		if id == "" {
			continue
		}
		if !uuidPattern.MatchString(id) {
			v.Add(field, "must be the id of an order")
		}
		also = append(also, id)
	}
	if len(NameTokens(c.RestrainedPerson.Name)) == 0 {
		v.Add("body.restrainedPerson.name", "is required to look for conflicting orders")
	}
	for i, d := range append([]string{c.RestrainedPerson.DOB}, dobsOf(c.ProtectedPersons)...) {
		if _, err := DOBVariants(d); err != nil {
			field := "body.restrainedPerson.dob"
			if i > 0 {
				field = fmt.Sprintf("body.protectedPersons[%d].dob", i-1)
			}
			v.Add(field, "%s", err.Error())
		}
	}
	if err := v.Err(); err != nil {
		return ConflictReport{}, s.failed(ctx, p, ActionConflicts, "", err)
	}
	if err := s.lookupAllowed(ctx, p, lookupUser(ctx, p), "entry", "conflicts of an entry"); err != nil {
		return ConflictReport{}, err
	}
	expiresOn, _ := expiry(&c)
	var rep ConflictReport
	err := s.db.Tx(ctx, p, func(tx *gorm.DB) (err error) {
		if rep, err = conflictsTx(tx, Order{CourtID: p.CourtID, Content: c, Expiry: Expiry{On: expiresOn}}, also...); err != nil {
			return err
		}
		return s.log.Record(ctx, tx, audit.Event{Action: ActionConflicts, ObjectType: "entry", Reason: summary(rep)})
	})
	if err != nil {
		return ConflictReport{}, fmt.Errorf("order: check conflicts: %w", err)
	}
	return rep, nil
}

func dobsOf(ps []ProtectedPerson) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.DOB
	}
	return out
}

// summary is a report in one line, for the audit log.
func summary(r ConflictReport) string {
	n := 0
	for _, o := range r.Orders {
		if o.InConflict {
			n++
		}
	}
	var courts []string
	for _, e := range r.Elsewhere {
		courts = append(courts, e.CourtName)
	}
	s := fmt.Sprintf("%d related orders, %d in conflict", len(r.Orders), n)
	if len(courts) > 0 {
		s += "; possibly at " + strings.Join(courts, ", ")
	}
	return s
}

// conflictHook checks every created or modified active order and records what it
// found in the audit log, in the change's transaction, with the clerk's choice to
// proceed or the absence of a review.
type conflictHook struct{ s *Service }

func (h conflictHook) OrderChanged(ctx context.Context, tx *gorm.DB, e ChangeEvent) error {
	if (e.Act != ActCreate && e.Act != ActModify) || e.Order.Status != "active" {
		return nil
	}
	rep, err := conflictsTx(tx, e.Order)
	if err != nil {
		return err
	}
	if len(rep.Orders) == 0 && len(rep.Elsewhere) == 0 {
		return nil
	}
	if err := h.s.log.Record(ctx, tx, audit.Event{Action: ActionConflicts, ObjectType: "order", ObjectID: e.Order.ID, Reason: summary(rep)}); err != nil {
		return err
	}
	return recordReview(ctx, tx, h.s.log, e, rep)
}
