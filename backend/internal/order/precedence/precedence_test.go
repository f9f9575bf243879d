package precedence_test

import (
	"slices"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order/precedence"
)

// Each worked example of docs/precedence.md, with the same restrained person R
// and protected person P unless the example says otherwise.
func TestPrecedenceWorkedExamples(t *testing.T) {
	t.Parallel()
	cr := func(id, issued string) precedence.Terms {
		return precedence.Terms{OrderID: id, CourtID: "court-1", CaseNumber: "CASE-" + id, Form: "CR-160", Criminal: true, IssuedOn: issued}
	}
	civil := func(id, form, issued string) precedence.Terms {
		return precedence.Terms{OrderID: id, CourtID: "court-1", CaseNumber: "CASE-" + id, Form: form, IssuedOn: issued}
	}
	epo := func(id, issued, expires string) precedence.Terms {
		return precedence.Terms{OrderID: id, CourtID: "court-2", CaseNumber: "EPO-" + id, Form: "EPO-001", Emergency: true, IssuedOn: issued, ExpiresOn: expires}
	}
	type want struct {
		combined []string
		rules    map[string]string // term -> rule
		from     map[string]string // term -> the prevailing order
	}
	check := func(t *testing.T, e precedence.Enforcement, w want) {
		t.Helper()
		if got := e.Combined(); !slices.Equal(got, w.combined) {
			t.Errorf("enforced %q, want %q", got, w.combined)
		}
		for _, r := range e.Terms {
			if rule, ok := w.rules[r.Term]; ok && r.Rule != rule {
				t.Errorf("%s: rule %s, want %s (%+v)", r.Term, r.Rule, rule, r)
			}
			if from, ok := w.from[r.Term]; ok && !slices.Equal(r.From, []string{from}) {
				t.Errorf("%s: from %q, want %s", r.Term, r.From, from)
			}
		}
	}

	t.Run("1 no contact prevails over a visitation exchange", func(t *testing.T) {
		a := cr("A", "2024-01-10")
		a.Contact, a.StayAwayYards, a.Firearms = precedence.ContactNone, 100, true
		b := civil("B", "DV-130", "2024-03-01")
		b.Contact, b.StayAwayYards = precedence.ContactExchange, 50
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"no contact", "stay away 100 yards", "no firearms or ammunition"},
			map[string]string{"contact": "2", "stayAway": "2"}, map[string]string{"contact": "A", "stayAway": "A"}})
		if e.After != nil {
			t.Errorf("no emergency order: nothing after, got %+v", e.After)
		}
	})
	t.Run("2 an emergency order where more restrictive, then the earlier order again", func(t *testing.T) {
		a := civil("A", "DV-130", "2023-06-01")
		a.Contact, a.StayAwayYards = precedence.ContactExchange, 100
		b := epo("B", "2024-05-02", "2024-05-09")
		b.Contact, b.StayAwayYards, b.MoveOut = precedence.ContactNone, 200, true
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"no contact", "stay away 200 yards", "move out of the shared residence"},
			map[string]string{"contact": "1", "stayAway": "1"}, map[string]string{"contact": "B", "stayAway": "B"}})
		if e.Until != "2024-05-09" || e.After == nil {
			t.Fatalf("until %q after %+v", e.Until, e.After)
		}
		check(t, *e.After, want{[]string{"no contact except peaceful contact for the exchange of children", "stay away 100 yards"}, nil, nil})
	})
	t.Run("3 the civil order issued last", func(t *testing.T) {
		a := civil("A", "CH-130", "2023-05-01")
		a.StayAwayYards = 100
		b := civil("B", "DV-130", "2024-02-01")
		b.StayAwayYards = 50
		check(t, precedence.Enforce([]precedence.Terms{a, b}), want{[]string{"stay away 50 yards"},
			map[string]string{"stayAway": "4"}, map[string]string{"stayAway": "B"}})
	})
	t.Run("4 criminal over civil", func(t *testing.T) {
		a := cr("A", "2022-09-01")
		a.Contact, a.StayAwayYards = precedence.ContactPeaceful, 100
		b := civil("B", "DV-130", "2024-04-01")
		b.StayAwayYards = 300
		check(t, precedence.Enforce([]precedence.Terms{a, b}), want{[]string{"peaceful contact only", "stay away 100 yards"},
			map[string]string{"stayAway": "3", "contact": "5"}, map[string]string{"stayAway": "A"}})
	})
	t.Run("5 the criminal order issued last", func(t *testing.T) {
		a := cr("A", "2021-01-15")
		a.StayAwayYards = 100
		b := cr("B", "2023-07-20")
		b.CourtID, b.StayAwayYards = "court-2", 150
		check(t, precedence.Enforce([]precedence.Terms{a, b}), want{[]string{"stay away 150 yards"},
			map[string]string{"stayAway": "4"}, map[string]string{"stayAway": "B"}})
	})
	t.Run("6 no conflict: every term stays", func(t *testing.T) {
		a := cr("A", "2023-01-01")
		a.Firearms, a.StayAwayYards = true, 100
		b := civil("B", "DV-130", "2024-01-01")
		b.MoveOut, b.Custody = true, "custody to P"
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"stay away 100 yards", "move out of the shared residence", "no firearms or ammunition", "custody and visitation: custody to P"},
			map[string]string{"stayAway": "5", "moveOut": "5", "firearms": "5", "custody": "5"}, nil})
		for _, r := range e.Terms {
			if r.Conflict {
				t.Errorf("%s in conflict", r.Term)
			}
		}
	})
	t.Run("7 the emergency order is not more restrictive; no contact prevails", func(t *testing.T) {
		a := cr("A", "2023-02-01")
		a.Contact, a.StayAwayYards = precedence.ContactNone, 100
		b := epo("B", "2024-06-01", "2024-06-08")
		b.StayAwayYards = 50
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"no contact", "stay away 100 yards"},
			map[string]string{"stayAway": "2"}, map[string]string{"stayAway": "A", "contact": "A"}})
		if e.After != nil || e.Until != "" {
			t.Errorf("the emergency order prevails nowhere: until %q after %+v", e.Until, e.After)
		}
	})
	t.Run("8 different protected persons: no conflict", func(t *testing.T) {
		a := cr("A", "2023-02-01")
		a.Contact, a.StayAwayYards = precedence.ContactNone, 100
		b := civil("B", "DV-130", "2024-01-01")
		b.Contact, b.StayAwayYards = precedence.ContactExchange, 50
		groups := precedence.GroupByProtected(map[string][]precedence.Terms{"P": {a}, "Q": {b}})
		if len(groups) != 2 {
			t.Fatalf("groups %+v", groups)
		}
		for _, g := range groups {
			for _, r := range g.Enforcement.Terms {
				if r.Conflict {
					t.Errorf("%s: %s in conflict", g.Protected, r.Term)
				}
			}
		}
	})
	t.Run("9 an emergency order's distance, the criminal order's no contact, then the criminal order", func(t *testing.T) {
		a := epo("A", "2024-06-01", "2024-06-08")
		a.StayAwayYards = 300
		b := cr("B", "2024-01-01")
		b.Contact, b.StayAwayYards = precedence.ContactNone, 100
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"no contact", "stay away 300 yards"},
			map[string]string{"stayAway": "1"}, map[string]string{"stayAway": "A", "contact": "B"}})
		if e.Until != "2024-06-08" || e.After == nil {
			t.Fatalf("until %q after %+v", e.Until, e.After)
		}
		check(t, *e.After, want{[]string{"no contact", "stay away 100 yards"}, nil, nil})
	})
	t.Run("10 the temporary order is superseded, not in conflict", func(t *testing.T) {
		a := civil("A", "DV-110", "2024-01-05")
		a.Temporary, a.CaseNumber, a.StayAwayYards = true, "FL-1", 100
		b := civil("B", "DV-130", "2024-01-26")
		b.CaseNumber, b.StayAwayYards = "FL-1", 50
		e := precedence.Enforce([]precedence.Terms{a, b})
		check(t, e, want{[]string{"stay away 50 yards"}, map[string]string{"stayAway": "5"}, map[string]string{"stayAway": "B"}})
		if !slices.Equal(e.Superseded, []string{"A"}) {
			t.Errorf("superseded %q, want A", e.Superseded)
		}
	})
}

// The same other order written in several orders is enforced once, from each of them.
func TestPrecedenceOtherOrdersOnce(t *testing.T) {
	t.Parallel()
	a := precedence.Terms{OrderID: "a", Form: "CR-160", Criminal: true, IssuedOn: "2026-01-01", Other: []string{"Stay away from 123 Main Street"}}
	b := precedence.Terms{OrderID: "b", Form: "CR-160", Criminal: true, IssuedOn: "2026-02-01", Other: []string{"Stay away from 123 Main Street", "No posts online"}}
	e := precedence.Enforce([]precedence.Terms{a, b})
	var got *precedence.Ruling
	for i := range e.Terms {
		if e.Terms[i].Term == "other" {
			got = &e.Terms[i]
		}
	}
	if got == nil || got.Value != "other orders: Stay away from 123 Main Street; No posts online" || len(got.From) != 2 {
		t.Errorf("other orders %+v", got)
	}
}

// When every order has a no-contact provision, rule 2 decides nothing: the latest
// issued prevails, and the ruling says rule 4.
func TestPrecedenceNoContactEverywhereFallsToLatest(t *testing.T) {
	t.Parallel()
	a := precedence.Terms{OrderID: "a", Form: "CR-160", Criminal: true, IssuedOn: "2023-01-01", Contact: precedence.ContactNone, StayAwayYards: 100}
	b := precedence.Terms{OrderID: "b", Form: "CR-160", Criminal: true, IssuedOn: "2024-01-01", Contact: precedence.ContactNone, StayAwayYards: 50}
	for _, r := range precedence.Enforce([]precedence.Terms{a, b}).Terms {
		if r.Term == "stayAway" && (r.Value != "stay away 50 yards" || r.Rule != "4" || !r.Conflict) {
			t.Errorf("stay-away ruling %+v, want 50 yards by rule 4", r)
		}
	}
}

// Rule 4 cannot tell two orders issued the same day apart: the more restrictive
// term is shown, whichever order comes first, with a note to ask the courts.
func TestPrecedenceSameDayTieShowsTheMoreRestrictive(t *testing.T) {
	t.Parallel()
	a := precedence.Terms{OrderID: "a", Form: "CR-160", Criminal: true, IssuedOn: "2024-05-01", StayAwayYards: 100}
	b := precedence.Terms{OrderID: "b", Form: "CR-160", Criminal: true, IssuedOn: "2024-05-01", StayAwayYards: 50}
	for _, set := range [][]precedence.Terms{{a, b}, {b, a}} {
		r := stayAway(t, precedence.Enforce(set))
		if r.Value != "stay away 100 yards" || r.Rule != "4" || r.Note != precedence.SameDayNote || r.From[0] != "a" {
			t.Errorf("same day %s then %s: ruling %+v, want 100 yards from a by rule 4 with the note", set[0].OrderID, set[1].OrderID, r)
		}
	}
	// a day apart, the later prevails and no note is needed
	b.IssuedOn = "2024-05-02"
	if r := stayAway(t, precedence.Enforce([]precedence.Terms{a, b})); r.Value != "stay away 50 yards" || r.Note != "" {
		t.Errorf("a day apart: ruling %+v, want 50 yards without a note", r)
	}
}

func stayAway(t *testing.T, e precedence.Enforcement) precedence.Ruling {
	t.Helper()
	for _, r := range e.Terms {
		if r.Term == "stayAway" {
			return r
		}
	}
	t.Fatalf("no stay-away ruling in %+v", e.Terms)
	return precedence.Ruling{}
}
