// Package precedence is what an officer enforces where orders meet: the terms
// of each order, the precedence rules between the active orders that restrain
// the same person with respect to the same protected person, the conflict
// report of an order or an entry, and the clerk's review of it.
package precedence

import (
	"fmt"
	"github.com/ccpor/ccpor/backend/internal/order"
	"slices"
	"sort"
	"strings"
)

// Precedence between active orders that restrain the same person with respect to
// the same protected person, term by term (docs/precedence.md): 1 an emergency
// protective order where more restrictive, 2 a no-contact order, 3 criminal over
// civil, 4 the latest issued, 5 everything else stays.

// Contact terms, from the most restrictive.
const (
	ContactNone     = "none"     // no personal, telephonic, written or third-party contact
	ContactExchange = "exchange" // none but peaceful contact for the exchange of children
	ContactPeaceful = "peaceful" // peaceful contact allowed
)

var contactRank = map[string]int{"": 0, ContactPeaceful: 1, ContactExchange: 2, ContactNone: 3}

// Terms are what an officer enforces of one order.
type Terms struct {
	OrderID        string   `json:"orderId"`
	CourtID        string   `json:"courtId"`
	CaseNumber     string   `json:"caseNumber"`
	Form           string   `json:"form" doc:"the form number, e.g. CR-160, DV-130, EPO-001"`
	Criminal       bool     `json:"criminal"`
	Emergency      bool     `json:"emergency" doc:"an emergency protective order"`
	Temporary      bool     `json:"temporary" doc:"a temporary order, replaced by the order after hearing in the same case"`
	IssuedOn       string   `json:"issuedOn" format:"date"`
	ExpiresOn      string   `json:"expiresOn,omitempty" format:"date"`
	Contact        string   `json:"contact,omitempty" enum:"none,exchange,peaceful"`
	StayAwayYards  int      `json:"stayAwayYards,omitempty"`
	StayAwayPlaces []string `json:"stayAwayPlaces,omitempty"`
	MoveOut        bool     `json:"moveOut,omitempty"`
	Firearms       bool     `json:"firearms,omitempty"`
	SurrenderHours int      `json:"surrenderHours,omitempty"`
	Custody        string   `json:"custody,omitempty"`
	Other          []string `json:"other,omitempty"`
}

// TermsOf reads an order's enforceable terms from its content.
func TermsOf(o order.Order) Terms {
	c := o.Content
	t := Terms{OrderID: o.ID, CourtID: o.CourtID, CaseNumber: c.CaseNumber, Form: c.Form.Number,
		IssuedOn: c.IssuedOn, ExpiresOn: o.Expiry.On, Other: c.Conditions.OtherOrders}
	t.Criminal = c.Type == "criminal_protective_order" || strings.HasPrefix(c.Form.Number, "CR-")
	t.Emergency = c.Form.Number == "EPO-001" || c.Type == "emergency_protective_order"
	t.Temporary = slices.Contains([]string{"DV-110", "CH-110", "EA-110", "WV-110", "JV-250"}, c.Form.Number)
	k := c.Conditions
	switch {
	case k.NoContact && k.PeacefulContactExchange != nil:
		t.Contact = ContactExchange
	case k.NoContact:
		t.Contact = ContactNone
	case k.PeacefulContactExchange != nil:
		t.Contact = ContactExchange
	}
	if s := k.StayAway; s != nil {
		t.StayAwayYards = s.Yards
		for _, p := range []struct {
			on   bool
			name string
		}{{s.FromProtectedPersons, "protected persons"}, {s.Home, "home"}, {s.Workplace, "workplace"}, {s.Vehicle, "vehicle"}} {
			if p.on {
				t.StayAwayPlaces = append(t.StayAwayPlaces, p.name)
			}
		}
		t.StayAwayPlaces = append(t.StayAwayPlaces, s.OtherLocations...)
	}
	if f := k.Firearms; f != nil && f.Prohibited {
		t.Firearms = true
		t.SurrenderHours = f.SurrenderHoursIfServed
		if f.SurrenderHoursIfPresent > 0 && (t.SurrenderHours == 0 || f.SurrenderHoursIfPresent < t.SurrenderHours) {
			t.SurrenderHours = f.SurrenderHoursIfPresent
		}
	}
	return t
}

// Ruling is one term as the officer enforces it.
type Ruling struct {
	Term     string   `json:"term" enum:"contact,stayAway,stayAwayPlaces,moveOut,firearms,custody,other"`
	Value    string   `json:"value" doc:"what is enforced, in words"`
	From     []string `json:"from" doc:"the orders the value comes from"`
	Conflict bool     `json:"conflict" doc:"the orders disagree on this term"`
	Rule     string   `json:"rule" doc:"the precedence rule that decided a conflict (1 to 4, docs/precedence.md), or 5: no conflict, every order's term stays"`
	Note     string   `json:"note,omitempty"`
}

// Enforcement is what an officer enforces for one restrained and one protected person.
type Enforcement struct {
	Terms      []Ruling     `json:"terms"`
	Superseded []string     `json:"superseded,omitempty" doc:"temporary orders replaced by the order after hearing in the same case: not in conflict, not enforced"`
	Until      string       `json:"until,omitempty" format:"date" doc:"an emergency order's prevailing terms last until this day"`
	After      *Enforcement `json:"after,omitempty" doc:"what applies once the emergency order ends"`
}

// Combined is the enforcement as short lines an officer reads.
func (e Enforcement) Combined() []string {
	var out []string
	for _, r := range e.Terms {
		out = append(out, r.Value)
	}
	return out
}

// Enforce applies the precedence rules to the active orders of one restrained
// and one protected person.
func Enforce(orders []Terms) Enforcement {
	var e Enforcement
	// Supersession: a temporary order gives way to a later order of the same case.
	var live []Terms
	for _, o := range orders {
		superseded := o.Temporary && slices.ContainsFunc(orders, func(p Terms) bool {
			return p.OrderID != o.OrderID && !p.Temporary && p.CourtID == o.CourtID && p.CaseNumber == o.CaseNumber && p.IssuedOn >= o.IssuedOn
		})
		if superseded {
			e.Superseded = append(e.Superseded, o.OrderID)
		} else {
			live = append(live, o)
		}
	}
	anyNoContact := slices.ContainsFunc(live, func(t Terms) bool { return t.Contact == ContactNone })
	epoWins := false
	scalar := func(term string, val func(Terms) int, words func(int) string) {
		var set []Terms
		for _, o := range live {
			if val(o) > 0 {
				set = append(set, o)
			}
		}
		if len(set) == 0 {
			return
		}
		distinct := map[int]bool{}
		for _, o := range set {
			distinct[val(o)] = true
		}
		if len(distinct) == 1 {
			e.Terms = append(e.Terms, Ruling{Term: term, Value: words(val(set[0])), From: ids(set), Rule: "5"})
			return
		}
		w, rule, note := prevail(set, val, anyNoContact)
		if rule == "1" {
			epoWins = true
		}
		e.Terms = append(e.Terms, Ruling{Term: term, Value: words(val(w)), From: []string{w.OrderID}, Conflict: true, Rule: rule, Note: note})
	}
	scalar("contact", func(t Terms) int { return contactRank[t.Contact] }, func(r int) string {
		for k, v := range contactRank {
			if v == r {
				return map[string]string{ContactNone: "no contact", ContactExchange: "no contact except peaceful contact for the exchange of children",
					ContactPeaceful: "peaceful contact only"}[k]
			}
		}
		return ""
	})
	scalar("stayAway", func(t Terms) int { return t.StayAwayYards }, func(y int) string { return fmt.Sprintf("stay away %d yards", y) })
	// Terms that do not conflict: every order's stays.
	var places []string
	var placeFrom, moveFrom, fireFrom, custodyFrom, otherFrom []string
	hours := 0
	var custody, other []string
	for _, o := range live {
		for _, p := range o.StayAwayPlaces {
			if !slices.Contains(places, p) {
				places = append(places, p)
			}
		}
		if len(o.StayAwayPlaces) > 0 {
			placeFrom = append(placeFrom, o.OrderID)
		}
		if o.MoveOut {
			moveFrom = append(moveFrom, o.OrderID)
		}
		if o.Firearms {
			fireFrom = append(fireFrom, o.OrderID)
			if o.SurrenderHours > 0 && (hours == 0 || o.SurrenderHours < hours) {
				hours = o.SurrenderHours
			}
		}
		if o.Custody != "" {
			custody = append(custody, o.Custody)
			custodyFrom = append(custodyFrom, o.OrderID)
		}
		if len(o.Other) > 0 {
			for _, x := range o.Other { // the same words in several orders are one term
				if !slices.Contains(other, x) {
					other = append(other, x)
				}
			}
			otherFrom = append(otherFrom, o.OrderID)
		}
	}
	if len(places) > 0 {
		e.Terms = append(e.Terms, Ruling{Term: "stayAwayPlaces", Value: "stay away from " + strings.Join(places, ", "), From: placeFrom, Rule: "5"})
	}
	if len(moveFrom) > 0 {
		e.Terms = append(e.Terms, Ruling{Term: "moveOut", Value: "move out of the shared residence", From: moveFrom, Rule: "5"})
	}
	if len(fireFrom) > 0 {
		v := "no firearms or ammunition"
		if hours > 0 {
			v += fmt.Sprintf("; surrender within %d hours", hours)
		}
		e.Terms = append(e.Terms, Ruling{Term: "firearms", Value: v, From: fireFrom, Rule: "5"})
	}
	if len(custody) > 0 {
		r := Ruling{Term: "custody", Value: "custody and visitation: " + strings.Join(custody, "; "), From: custodyFrom, Rule: "5"}
		if c := find(e.Terms, "contact"); c != nil && c.Value == "no contact" && c.Conflict {
			r.Note = "custody and visitation terms stand only where they need no contact with the protected person"
		}
		e.Terms = append(e.Terms, r)
	}
	if len(other) > 0 {
		e.Terms = append(e.Terms, Ruling{Term: "other", Value: "other orders: " + strings.Join(other, "; "), From: otherFrom, Rule: "5"})
	}
	if epoWins {
		var rest []Terms
		for _, o := range live {
			if o.Emergency {
				e.Until = o.ExpiresOn
			} else {
				rest = append(rest, o)
			}
		}
		if len(rest) > 0 {
			after := Enforce(rest)
			e.After = &after
		}
	}
	return e
}

// SameDayNote is said of a term that rule 4 cannot decide: the orders left were
// issued the same day. The more restrictive term is shown, the safer for the
// protected person, until the courts say which was issued last.
const SameDayNote = "issued the same day: the more restrictive term is shown; ask the issuing courts which order was issued last"

// prevail picks the order whose value of a conflicting term is enforced, the
// rule, and a note when the rules leave a tie (SameDayNote).
func prevail(set []Terms, val func(Terms) int, anyNoContact bool) (Terms, string, string) {
	// 1: an emergency order, where strictly more restrictive than every other.
	for _, o := range set {
		if !o.Emergency {
			continue
		}
		if !slices.ContainsFunc(set, func(p Terms) bool { return p.OrderID != o.OrderID && val(p) >= val(o) }) {
			return o, "1", ""
		}
	}
	rule := "4"
	// 2: an order with a no-contact provision prevails over others' conflicting terms.
	if anyNoContact {
		var nc []Terms
		for _, o := range set {
			if o.Contact == ContactNone {
				nc = append(nc, o)
			}
		}
		if len(nc) == 1 {
			return nc[0], "2", ""
		}
		// When every order has no contact, rule 2 does not decide between them.
		if len(nc) > 1 && len(nc) < len(set) {
			set, rule = nc, "2"
		}
	}
	// 3: criminal over civil.
	var crim []Terms
	for _, o := range set {
		if o.Criminal {
			crim = append(crim, o)
		}
	}
	if len(crim) > 0 && len(crim) < len(set) {
		if len(crim) == 1 {
			return crim[0], "3", ""
		}
		set = crim
	}
	// 4: the latest issued; among orders of the same (latest) day, the more restrictive.
	sort.SliceStable(set, func(i, j int) bool {
		if set[i].IssuedOn != set[j].IssuedOn {
			return set[i].IssuedOn > set[j].IssuedOn
		}
		return val(set[i]) > val(set[j])
	})
	if len(set) > 1 && set[1].IssuedOn == set[0].IssuedOn && val(set[1]) != val(set[0]) {
		return set[0], rule, SameDayNote
	}
	return set[0], rule, ""
}

func ids(ts []Terms) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.OrderID
	}
	return out
}

func find(rs []Ruling, term string) *Ruling {
	for i := range rs {
		if rs[i].Term == term {
			return &rs[i]
		}
	}
	return nil
}

// Group is the enforcement for one protected person.
type Group struct {
	Protected   string      `json:"protected" doc:"the protected person, as named in the order checked"`
	Orders      []string    `json:"orders"`
	Enforcement Enforcement `json:"enforcement"`
}

// GroupByProtected enforces, for each protected person, the orders that protect
// that person (orders protecting different persons do not conflict).
func GroupByProtected(byPerson map[string][]Terms) []Group {
	names := make([]string, 0, len(byPerson))
	for n := range byPerson {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Group
	for _, n := range names {
		ts := byPerson[n]
		out = append(out, Group{Protected: n, Orders: ids(ts), Enforcement: Enforce(ts)})
	}
	return out
}
