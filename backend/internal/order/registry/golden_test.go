package registry_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
)

// goldenPath is the seed's CR-160 as data, at the repository's root.
const goldenPath = "../../../../testdata/seed/cr160-seed.json"

type golden struct {
	Form  struct{ Number, Revision string }
	Court struct {
		Name, Branch, Address, Filed, Clerk, Deputy string
	}
	CaseNumber       string   `json:"case_number"`
	OrderKind        string   `json:"order_kind"`
	DomesticViolence bool     `json:"domestic_violence_case"`
	Statutes         []string `json:"statutes"`
	RestrainedPerson struct {
		Name, Sex, Height, Hair, Eyes, DOB string
		WeightLbs                          int  `json:"weight_lbs"`
		Age                                int  `json:"age"`
		PeaceOfficer                       bool `json:"peace_officer"`
	} `json:"restrained_person"`
	Hearing struct {
		Date, Time, Department string
		Room                   *string
		JudicialOfficer        string `json:"judicial_officer"`
		DefendantPresent       bool   `json:"defendant_present"`
	}
	Conditions struct {
		NoHarass         bool `json:"no_harass_stalk_threaten_assault"`
		FirearmSurrender struct {
			Ordered bool
			Present int `json:"within_hours_if_present"`
			Served  int `json:"within_hours_if_served"`
			Receipt int `json:"receipt_within_hours"`
		} `json:"firearm_surrender"`
		NoDissuading    bool     `json:"no_dissuading_witness"`
		NoContact       bool     `json:"no_contact"`
		NoThirdParty    bool     `json:"no_third_party_contact_except_attorney"`
		StayAwayYards   int      `json:"stay_away_yards"`
		PeacefulContact bool     `json:"peaceful_contact_child_exchange"`
		MayRecord       bool     `json:"may_record_prohibited_communications"`
		OtherOrders     []string `json:"other_orders"`
	}
	ProtectedPersons []struct{ Name, DOB, Address string } `json:"protected_persons"`
	Issued           string
	Expires          string
	PrecedenceNotice string `json:"precedence_notice"`
}

func heightInches(s string) int {
	var ft, in int
	fmt.Sscanf(s, "%d-%d", &ft, &in)
	return 12*ft + in
}

// The seed's CR-160, entered through the API with its expiry left to the 2005
// revision's rule, reads back field by field.
func TestGoldenCR160(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("the golden fixture: %v", err)
	}
	var g golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t)
	r := g.RestrainedPerson
	c := order.Content{
		Type: "criminal_protective_order", Form: order.Form{Number: g.Form.Number, Revision: g.Form.Revision},
		CaseNumber: g.CaseNumber, OrderKind: g.OrderKind, DomesticViolence: g.DomesticViolence, Statutes: g.Statutes,
		Caption: order.Caption{CourtName: g.Court.Name, Branch: g.Court.Branch, Address: g.Court.Address,
			FiledOn: g.Court.Filed, Clerk: g.Court.Clerk, Deputy: g.Court.Deputy},
		IssuedOn:         g.Issued,
		PrecedenceNotice: g.PrecedenceNotice != "",
		RestrainedPerson: order.RestrainedPerson{Name: r.Name, Sex: r.Sex, HeightInches: heightInches(r.Height),
			WeightPounds: r.WeightLbs, Hair: r.Hair, Eyes: r.Eyes, Age: r.Age, DOB: r.DOB, PeaceOfficer: r.PeaceOfficer},
		Hearing: &order.Hearing{Date: g.Hearing.Date, Time: g.Hearing.Time, Department: g.Hearing.Department,
			JudicialOfficer: g.Hearing.JudicialOfficer, DefendantPresent: g.Hearing.DefendantPresent},
		Conditions: order.Conditions{
			NoAbuse: g.Conditions.NoHarass,
			Firearms: &order.Firearms{Prohibited: g.Conditions.FirearmSurrender.Ordered,
				SurrenderHoursIfPresent: g.Conditions.FirearmSurrender.Present,
				SurrenderHoursIfServed:  g.Conditions.FirearmSurrender.Served,
				ReceiptWithinHours:      g.Conditions.FirearmSurrender.Receipt},
			NoDissuadingWitness: g.Conditions.NoDissuading, NoContact: g.Conditions.NoContact,
			NoThirdPartyContact: g.Conditions.NoThirdParty, MayRecord: g.Conditions.MayRecord,
			OtherOrders: g.Conditions.OtherOrders,
			// the readings: 123 Main Street is an other stay-away location
			StayAway: &order.StayAway{Yards: g.Conditions.StayAwayYards, FromProtectedPersons: true,
				OtherLocations: []string{g.ProtectedPersons[0].Address}},
		},
	}
	if g.Hearing.Room != nil {
		c.Hearing.Room = *g.Hearing.Room
	}
	for _, p := range g.ProtectedPersons {
		c.ProtectedPersons = append(c.ProtectedPersons, order.ProtectedPerson{Name: p.Name, DOB: p.DOB, Address: p.Address})
	}
	if g.Conditions.PeacefulContact {
		c.Conditions.PeacefulContactExchange = &order.PeacefulContact{}
	}
	created := w.create(t, c)
	status, _, body := w.do(t, "clerk-a", "GET", "/orders/"+created.ID, nil)
	if status != 200 {
		t.Fatalf("get: %d %s", status, body)
	}
	o := decode[order.Order](t, body)
	k := o.Content
	fmt1 := func(i int) string { return fmt.Sprintf("%d-%d", i/12, i%12) }
	room := ""
	if g.Hearing.Room != nil {
		room = *g.Hearing.Room
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"form.number", k.Form.Number, g.Form.Number},
		{"form.revision", k.Form.Revision, g.Form.Revision},
		{"court.name", k.Caption.CourtName, g.Court.Name},
		{"court.branch", k.Caption.Branch, g.Court.Branch},
		{"court.address", k.Caption.Address, g.Court.Address},
		{"court.filed", k.Caption.FiledOn, g.Court.Filed},
		{"court.clerk", k.Caption.Clerk, g.Court.Clerk},
		{"court.deputy", k.Caption.Deputy, g.Court.Deputy},
		{"case_number", k.CaseNumber, g.CaseNumber},
		{"order_kind", k.OrderKind, g.OrderKind},
		{"domestic_violence_case", k.DomesticViolence, g.DomesticViolence},
		{"statutes", strings.Join(k.Statutes, "|"), strings.Join(g.Statutes, "|")},
		{"restrained_person.name", k.RestrainedPerson.Name, r.Name},
		{"restrained_person.sex", k.RestrainedPerson.Sex, r.Sex},
		{"restrained_person.height", fmt1(k.RestrainedPerson.HeightInches), r.Height},
		{"restrained_person.weight_lbs", k.RestrainedPerson.WeightPounds, r.WeightLbs},
		{"restrained_person.hair", k.RestrainedPerson.Hair, r.Hair},
		{"restrained_person.eyes", k.RestrainedPerson.Eyes, r.Eyes},
		{"restrained_person.age", k.RestrainedPerson.Age, r.Age},
		{"restrained_person.dob", k.RestrainedPerson.DOB, r.DOB},
		{"restrained_person.peace_officer", k.RestrainedPerson.PeaceOfficer, r.PeaceOfficer},
		{"hearing.date", k.Hearing.Date, g.Hearing.Date},
		{"hearing.time", k.Hearing.Time, g.Hearing.Time},
		{"hearing.department", k.Hearing.Department, g.Hearing.Department},
		{"hearing.room", k.Hearing.Room, room},
		{"hearing.judicial_officer", k.Hearing.JudicialOfficer, g.Hearing.JudicialOfficer},
		{"hearing.defendant_present", k.Hearing.DefendantPresent, g.Hearing.DefendantPresent},
		{"conditions.no_harass_stalk_threaten_assault", k.Conditions.NoAbuse, g.Conditions.NoHarass},
		{"conditions.firearm_surrender.ordered", k.Conditions.Firearms.Prohibited, g.Conditions.FirearmSurrender.Ordered},
		{"conditions.firearm_surrender.within_hours_if_present", k.Conditions.Firearms.SurrenderHoursIfPresent, g.Conditions.FirearmSurrender.Present},
		{"conditions.firearm_surrender.within_hours_if_served", k.Conditions.Firearms.SurrenderHoursIfServed, g.Conditions.FirearmSurrender.Served},
		{"conditions.firearm_surrender.receipt_within_hours", k.Conditions.Firearms.ReceiptWithinHours, g.Conditions.FirearmSurrender.Receipt},
		{"conditions.no_dissuading_witness", k.Conditions.NoDissuadingWitness, g.Conditions.NoDissuading},
		{"conditions.no_contact", k.Conditions.NoContact, g.Conditions.NoContact},
		{"conditions.no_third_party_contact_except_attorney", k.Conditions.NoThirdPartyContact, g.Conditions.NoThirdParty},
		{"conditions.stay_away_yards", k.Conditions.StayAway.Yards, g.Conditions.StayAwayYards},
		{"conditions.peaceful_contact_child_exchange", k.Conditions.PeacefulContactExchange != nil, g.Conditions.PeacefulContact},
		{"conditions.may_record_prohibited_communications", k.Conditions.MayRecord, g.Conditions.MayRecord},
		{"conditions.other_orders", strings.Join(k.Conditions.OtherOrders, "|"), strings.Join(g.Conditions.OtherOrders, "|")},
		{"other stay-away location", strings.Join(k.Conditions.StayAway.OtherLocations, "|"), g.ProtectedPersons[0].Address},
		{"protected_persons", len(k.ProtectedPersons), len(g.ProtectedPersons)},
		{"protected_persons[0].name", k.ProtectedPersons[0].Name, g.ProtectedPersons[0].Name},
		{"protected_persons[0].dob", k.ProtectedPersons[0].DOB, g.ProtectedPersons[0].DOB},
		{"protected_persons[0].address", k.ProtectedPersons[0].Address, g.ProtectedPersons[0].Address},
		{"issued", k.IssuedOn, g.Issued},
		{"expires (the 2005 rule: three years after issuance)", o.Expiry.On, g.Expires},
		{"expiry rule", o.Expiry.Rule, calendar.RuleThreeYears},
		{"precedence_notice", k.PrecedenceNotice, g.PrecedenceNotice == "This order takes precedence over any conflicting court order"},
		{"form item of the stay-away order", o.FormItems["stayAway"], "3(f)"},
		{"PCO codes", strings.Join(o.PCOCodes, ","), "01,04,05,07,08"},
	} {
		if fmt.Sprint(f.got) != fmt.Sprint(f.want) {
			t.Errorf("%s: got %v, want %v", f.name, f.got, f.want)
		}
	}
}
