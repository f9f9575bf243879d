package registry_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/person"
	"github.com/ccpor/ccpor/backend/internal/order/precedence"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
	"github.com/ccpor/ccpor/backend/internal/platform/db"
)

// Two courts' orders restrain the same person (a typo and a swapped date of birth
// apart) from the same protected person: each order's check finds the other, the
// no-contact order prevails over the visitation exchange, and a court that does
// not share statewide is named without content.
func TestConflicts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	x := w.create(t, sample("26CF0001")) // Marc Jones (1981-11-21), protecting Mary Smith: no contact, 100 yd
	y := sample("26FL0002")
	y.RestrainedPerson.Name, y.RestrainedPerson.DOB = "Mark Jones", "1981-11-21"
	y.IssuedOn = "2026-11-22"
	y.Conditions = order.Conditions{NoAbuse: true, StayAway: &order.StayAway{Yards: 50, FromProtectedPersons: true},
		PeacefulContactExchange: &order.PeacefulContact{FamilyCaseNumber: "FL-1"}}
	yo, _, err := w.svc.Create(ctx, w.as["clerk-b"], registry.CreateRequest{Content: y})
	if err != nil {
		t.Fatal(err)
	}
	// Another protected person: related, not in conflict.
	z := sample("26CF0003")
	z.ProtectedPersons = []order.ProtectedPerson{{Name: "Quentin Brown", DOB: "1990-02-02"}}
	zo := w.create(t, z)
	// A court that does not share statewide.
	c := w.f.Court(t, "charlie", false)
	clerkC := w.f.User(t, "clerk-c")
	w.f.Grant(t, clerkC, c, "clerk")
	pc, _ := w.f.Session(t, clerkC, c)
	hidden := sample("26CF0004")
	hidden.RestrainedPerson.Name = "Jones, Marc"
	if _, _, err := w.svc.Create(ctx, pc, registry.CreateRequest{Content: hidden}); err != nil {
		t.Fatal(err)
	}

	rep, err := w.svc.Conflicts(ctx, w.as["judge-b"], yo.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]precedence.RelatedOrder{}
	for _, o := range rep.Orders {
		byID[o.Terms.OrderID] = o
	}
	if o, ok := byID[x.ID]; !ok || !o.InConflict || !o.SameRestrained || len(o.SameProtected) != 1 {
		t.Errorf("the CR-160 of court A: %+v (found %v)", o, ok)
	}
	if o, ok := byID[zo.ID]; !ok || o.InConflict || !o.SameRestrained {
		t.Errorf("the order protecting someone else: %+v (found %v)", o, ok)
	}
	if len(rep.Orders) != 2 {
		t.Errorf("related orders %d, want 2 (court C's is not readable): %+v", len(rep.Orders), rep.Orders)
	}
	if len(rep.Groups) != 1 || rep.Groups[0].Protected != "Mary Smith" {
		t.Fatalf("groups %+v", rep.Groups)
	}
	got := strings.Join(rep.Groups[0].Enforcement.Combined(), "; ")
	if !strings.HasPrefix(got, "no contact; stay away 100 yards") {
		t.Errorf("enforced %q", got)
	}
	for _, r := range rep.Groups[0].Enforcement.Terms {
		if r.Term == "contact" && (r.Rule != "2" || !r.Conflict) {
			t.Errorf("contact ruling %+v, want rule 2 in conflict", r)
		}
	}
	if len(rep.Elsewhere) != 1 || rep.Elsewhere[0].CourtID != c || rep.Elsewhere[0].Orders != 1 ||
		!strings.Contains(rep.Elsewhere[0].Message, "possibly conflicting order exists at") {
		t.Errorf("elsewhere %+v, want court C named", rep.Elsewhere)
	}
	// Court A's readers see court C's order only as a notice, too.
	repA, err := w.svc.Conflicts(ctx, w.as["judge-a"], x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(repA.Elsewhere) != 1 || repA.Elsewhere[0].CourtID != c {
		t.Errorf("court A's check: elsewhere %+v", repA.Elsewhere)
	}
	// The create of y recorded what it found, and so did the check on demand.
	if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'order.conflicts' AND object_id = $1 AND reason LIKE '%1 in conflict%'`, yo.ID); n != 2 {
		t.Errorf("audit events of the conflict checks of y (on create, on demand): %d, want 2", n)
	}
}

// Before saving, the entry's persons are checked; a wrong date names its field.
func TestCheckConflictsBeforeSaving(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	x := w.create(t, sample("26CF0001"))
	entry := sample("26FL0009")
	entry.RestrainedPerson.Name, entry.RestrainedPerson.DOB = "Jones Marc", "1981-11-21"
	rep, err := w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, registry.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Orders) != 1 || rep.Orders[0].Terms.OrderID != x.ID || !rep.Orders[0].InConflict {
		t.Fatalf("orders %+v", rep.Orders)
	}
	// an entry that supersedes x does not report x
	for _, opt := range []registry.CheckOptions{{Supersedes: x.ID}, {Modifies: x.ID}} {
		if rep, err = w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, opt); err != nil || len(rep.Orders) != 0 {
			t.Fatalf("%+v: orders %+v, err %v", opt, rep.Orders, err)
		}
	}
	var v *apperr.ValidationError
	if _, err = w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, registry.CheckOptions{Supersedes: "26CF0001"}); !errors.As(err, &v) || v.Fields[0].Field != "body.supersedes" {
		t.Errorf("supersedes not an id: err %v", err)
	}
	if _, err = w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, registry.CheckOptions{Modifies: "x"}); !errors.As(err, &v) || v.Fields[0].Field != "body.modifies" {
		t.Errorf("modifies not an id: err %v", err)
	}
	entry.RestrainedPerson.DOB = "1981-31-31"
	entry.ProtectedPersons[0].DOB = "soon"
	_, err = w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, registry.CheckOptions{})
	if !errors.As(err, &v) || len(v.Fields) != 2 || v.Fields[0].Field != "body.restrainedPerson.dob" || v.Fields[1].Field != "body.protectedPersons[0].dob" {
		t.Errorf("err %v", err)
	}
	entry.RestrainedPerson.Name = "  .. "
	if _, err = w.svc.CheckConflicts(ctx, w.as["clerk-b"], entry, registry.CheckOptions{}); !errors.As(err, &v) || v.Fields[0].Field != "body.restrainedPerson.name" {
		t.Errorf("err %v", err)
	}
}

// A conflict check looks for every person of the order in one statement: each
// person's hits are those the person's own search finds, in the person's role
// only (the restrained person of one order is a protected person of another),
// and a person without a name has none.
func TestConflictSearchOneStatement(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	x := sample("26CF0101") // Marc Jones restrains Mary Smith
	w.create(t, x)
	y := sample("26CF0102") // and Mary Smith restrains Marc Jones
	y.IssuedOn = "2026-11-19"
	y.RestrainedPerson.Name, y.RestrainedPerson.DOB, y.RestrainedPerson.Sex = "Mary Smith", "1977-01-01", "F"
	y.ProtectedPersons = []order.ProtectedPerson{{Name: "Marc Jones", DOB: "1981-11-21"}, {Name: "Lena Jones", DOB: "2015-03-04"}}
	w.create(t, y)
	z := sample("26CF0103") // a typo of the same restrained person, protecting two
	z.IssuedOn = "2026-11-18"
	z.RestrainedPerson.Name = "Mark Jones"
	z.ProtectedPersons = append(z.ProtectedPersons, order.ProtectedPerson{Name: "Lena Jones", DOB: "2015-03-04"})
	w.create(t, z)
	app, err := db.Open(ctx, w.d.AppURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	people := [][3]string{
		{"Marc Jones", "1981-11-21", "restrained"},
		{"Mary Smith", "1977-01-01", "protected"},
		{"Marc Jones", "1981-11-21", "protected"},
		{"Lena Jones", "", "protected"},
		{"  ", "", "protected"},
		{"Mary Smith", "1977-01-01", "restrained"},
	}
	together, alone, err := registry.ConflictSearches(ctx, app, w.as["judge-b"], people)
	if err != nil {
		t.Fatal(err)
	}
	if len(together) != len(people) || len(alone) != len(people) {
		t.Fatalf("%d and %d answers for %d persons", len(together), len(alone), len(people))
	}
	wantOrders := []int{2, 2, 1, 2, 0, 1}
	for i, p := range people {
		if !reflect.DeepEqual(together[i], alone[i]) {
			t.Errorf("%v: in one statement %+v, alone %+v", p, together[i], alone[i])
		}
		orders := map[string]bool{}
		for _, h := range together[i] {
			if h.Role != p[2] {
				t.Errorf("%v: a hit in the role %s: %+v", p, h.Role, h)
			}
			if h.Score >= person.MatchFloor {
				orders[h.OrderID] = true
			}
		}
		if len(orders) != wantOrders[i] {
			t.Errorf("%v: %d orders from the match floor, want %d: %+v", p, len(orders), wantOrders[i], together[i])
		}
	}
}
