package carpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// What the DOJ would refuse comes back named by the order's own fields, so the
// entry screen shows it next to the field.
func TestCheckNamesOrderFields(t *testing.T) {
	t.Parallel()
	court := Court{ORI: seedORI}
	if err := Check(KindEnter, SeedOrder(t), court); err != nil {
		t.Fatalf("the seed's order: %v", err)
	}
	for name, c := range map[string]struct {
		change func(o *orderT)
		field  string
		msg    string
	}{
		"missing DOB and age":     {func(o *orderT) { o.Content.RestrainedPerson.DOB, o.Content.RestrainedPerson.Age = "", 0 }, "body.restrainedPerson.dob", "for CLETS (DOB): is required by CARPOS"},
		"hair written out":        {func(o *orderT) { o.Content.RestrainedPerson.Hair = "Brown" }, "body.restrainedPerson.hair", "longer than CARPOS takes"},
		"race written out":        {func(o *orderT) { o.Content.RestrainedPerson.Race = "Black" }, "body.restrainedPerson.race", "longer than CARPOS takes"},
		"protected name too long": {func(o *orderT) { o.Content.ProtectedPersons[0].Name = "Mary " + strings.Repeat("Long", 10) }, "body.protectedPersons[0].name", "at most 30"},
		"second protected person": {func(o *orderT) {
			o.Content.ProtectedPersons = append(o.Content.ProtectedPersons, o.Content.ProtectedPersons[0])
			o.Content.ProtectedPersons[1].DOB = "1977-13-01"
		}, "body.protectedPersons[1].dob", "not a date"},
		"no condition":         {func(o *orderT) { o.Content.Conditions = condT{} }, "body.conditions", "at least one condition"},
		"non-ASCII name":       {func(o *orderT) { o.Content.RestrainedPerson.Name = "José Núñez" }, "body.restrainedPerson.name", "cannot carry"},
		"other order too long": {func(o *orderT) { o.Content.Conditions.OtherOrders = []string{strings.Repeat("x", 251)} }, "body.conditions.otherOrders[0]", "at most 250"},
		"court without ORI":    {nil, "court.ori", "required"},
	} {
		o := SeedOrder(t)
		ct := court
		if c.change != nil {
			c.change(&o)
		} else {
			ct.ORI = ""
		}
		err := Check(KindEnter, o, ct)
		var v *apperr.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Field != c.field || !strings.Contains(v.Fields[0].Message, c.msg) {
			t.Errorf("%s: got %v, want one error on %s with %q", name, err, c.field, c.msg)
		}
	}
}

func TestLastFirst(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Marc Jones": "JONES,MARC", "Mary Ann  Smith": "SMITH,MARY ANN", "Jones, Marc": "JONES, MARC", "Cher": "CHER,", "a/b c": "C,A-B"} {
		if got := lastFirst(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

type (
	orderT = order.Order
	condT  = order.Conditions
)

// A form that allows an age alone (the civil and emergency forms) still reaches
// CARPOS: the DOB sent is estimated from the age on the issue date, and the
// message says so in MIS/. A DOB given is sent as given, with no such note.
func TestAnAgeOnlyOrderCarriesAnEstimatedDOB(t *testing.T) {
	t.Parallel()
	o := SeedOrder(t)
	o.Content.IssuedOn = "2026-11-20"
	o.Content.RestrainedPerson.DOB, o.Content.RestrainedPerson.Age = "", 44
	if err := Check(KindEnter, o, Court{ORI: seedORI}); err != nil {
		t.Fatalf("an age-only order is refused: %v", err)
	}
	m := FromOrder(KindEnter, o, Court{ORI: seedORI}, Refs{})
	if m.Restrained.DOB != "19821120" || !strings.Contains(m.Restrained.MIS, "DOB ESTIMATED FROM AGE 44") {
		t.Errorf("DOB %q, MIS %q", m.Restrained.DOB, m.Restrained.MIS)
	}
	o.Content.RestrainedPerson.DOB = "1982-03-14"
	m = FromOrder(KindEnter, o, Court{ORI: seedORI}, Refs{})
	if m.Restrained.DOB != "19820314" || strings.Contains(m.Restrained.MIS, "ESTIMATED") {
		t.Errorf("a DOB given: DOB %q, MIS %q", m.Restrained.DOB, m.Restrained.MIS)
	}
}
