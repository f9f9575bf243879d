package precedence

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/audit"
	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/person"
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

// ActionConflicts is the audited conflict check.
const ActionConflicts audit.Action = "order.conflicts"

// CheckLimit bounds the orders one check reads.
const CheckLimit = 50

// Report builds the report for self (an order, or unsaved content with no id),
// leaving out the orders named in also (the order an entry supersedes).
func Report(tx *gorm.DB, self order.Order, also ...string) (ConflictReport, error) {
	rep := ConflictReport{Orders: []RelatedOrder{}, Groups: []Group{}, Elsewhere: []CourtNotice{}}
	c := self.Content
	exclude := slices.Clone(also)
	if self.ID != "" {
		exclude = append(exclude, self.ID)
	}
	// every person of the order, each looked for in its role, in one statement
	people := []person.Wanted{{Name: c.RestrainedPerson.Name, DOB: c.RestrainedPerson.DOB, Role: "restrained"}}
	for _, p := range c.ProtectedPersons {
		people = append(people, person.Wanted{Name: p.Name, DOB: p.DOB, Role: "protected"})
	}
	found, err := person.SearchActive(tx, people, exclude, CheckLimit)
	if err != nil {
		return rep, err
	}
	related := map[string]*RelatedOrder{}
	var order []string
	get := func(h person.Hit) *RelatedOrder {
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
			if h.Score < person.MatchFloor {
				continue
			}
			r := get(h)
			if i == 0 {
				if !r.SameRestrained || h.Score > r.RestrainedScore {
					r.SameRestrained, r.RestrainedScore, r.Why = true, h.Score, h.Why
				}
			} else if p := people[i].Name; !slices.Contains(r.SameProtected, p) {
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
	if keys := person.PersonKeys(c.RestrainedPerson.Name, dobs); len(keys) > 0 {
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

// relatedOrders reads, in one statement, what a report shows of the orders
// named: their current content, court and expiry (not the protected persons'
// addresses, nor the service record).
func relatedOrders(tx *gorm.DB, ids []string) (map[string]order.Order, error) {
	out := make(map[string]order.Order, len(ids))
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
		var o order.Order
		var expires sql.NullTime
		var content []byte
		if err := rows.Scan(&o.ID, &o.CourtID, &expires, &content); err != nil {
			return nil, fmt.Errorf("conflicts: related orders: %w", err)
		}
		if err := json.Unmarshal(content, &o.Content); err != nil {
			return nil, fmt.Errorf("store: decode version: %w", err)
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

// Summary is the report in one line, for the audit log.
func (r ConflictReport) Summary() string {
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
