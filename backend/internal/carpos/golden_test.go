package carpos

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
)

// The seed's two documents, in the repository's testdata/seed.
const (
	seedOrderPath    = "../../../testdata/seed/cr160-seed.json"
	seedResponsePath = "../../../testdata/seed/clets-response-seed.txt"
	// the court's identifiers as the seed's response prints them
	seedORI   = "CA111111J"
	seedPhone = "(714) 935-7236"
)

// SeedOrder (exported to the package's external tests) reads cr160-seed.json into the order package's model, with the
// readings its _readings note (as order's golden test enters it).
func SeedOrder(t *testing.T) order.Order {
	t.Helper()
	raw, err := os.ReadFile(seedOrderPath)
	if err != nil {
		t.Fatalf("the golden fixture: %v", err)
	}
	var g struct {
		Form  struct{ Number, Revision string }
		Court struct{ Name, Branch, Address, Filed, Clerk, Deputy string }
		Case  string   `json:"case_number"`
		Kind  string   `json:"order_kind"`
		DV    bool     `json:"domestic_violence_case"`
		Stat  []string `json:"statutes"`
		R     struct {
			Name, Sex, Height, Hair, Eyes, DOB string
			Weight                             int `json:"weight_lbs"`
			Age                                int
		} `json:"restrained_person"`
		Hearing struct {
			Date, Time, Department string
			Officer                string `json:"judicial_officer"`
			Present                bool   `json:"defendant_present"`
		}
		C struct {
			NoHarass bool `json:"no_harass_stalk_threaten_assault"`
			Firearm  struct {
				Ordered                  bool
				Present, Served, Receipt int `json:"-"`
			} `json:"firearm_surrender"`
			NoDissuading bool     `json:"no_dissuading_witness"`
			NoContact    bool     `json:"no_contact"`
			NoThirdParty bool     `json:"no_third_party_contact_except_attorney"`
			Yards        int      `json:"stay_away_yards"`
			Peaceful     bool     `json:"peaceful_contact_child_exchange"`
			MayRecord    bool     `json:"may_record_prohibited_communications"`
			Other        []string `json:"other_orders"`
		} `json:"conditions"`
		PP      []struct{ Name, DOB, Address string } `json:"protected_persons"`
		Issued  string
		Expires string
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	var ft, in int
	fmt.Sscanf(g.R.Height, "%d-%d", &ft, &in)
	c := order.Content{
		Type: "criminal_protective_order", Form: order.Form{Number: g.Form.Number, Revision: g.Form.Revision},
		CaseNumber: g.Case, OrderKind: g.Kind, DomesticViolence: g.DV, Statutes: g.Stat,
		Caption: order.Caption{CourtName: g.Court.Name, Branch: g.Court.Branch, Address: g.Court.Address,
			FiledOn: g.Court.Filed, Clerk: g.Court.Clerk, Deputy: g.Court.Deputy},
		IssuedOn: g.Issued,
		RestrainedPerson: order.RestrainedPerson{Name: g.R.Name, Sex: g.R.Sex, HeightInches: 12*ft + in,
			WeightPounds: g.R.Weight, Hair: g.R.Hair, Eyes: g.R.Eyes, Age: g.R.Age, DOB: g.R.DOB},
		Hearing: &order.Hearing{Date: g.Hearing.Date, Time: g.Hearing.Time, Department: g.Hearing.Department,
			JudicialOfficer: g.Hearing.Officer, DefendantPresent: g.Hearing.Present},
		Conditions: order.Conditions{
			NoAbuse: g.C.NoHarass, Firearms: &order.Firearms{Prohibited: g.C.Firearm.Ordered},
			NoDissuadingWitness: g.C.NoDissuading, NoContact: g.C.NoContact, NoThirdPartyContact: g.C.NoThirdParty,
			MayRecord: g.C.MayRecord, OtherOrders: g.C.Other,
			StayAway: &order.StayAway{Yards: g.C.Yards, FromProtectedPersons: true, OtherLocations: []string{g.PP[0].Address}},
		},
	}
	for _, p := range g.PP {
		c.ProtectedPersons = append(c.ProtectedPersons, order.ProtectedPerson{Name: p.Name, DOB: p.DOB, Address: p.Address})
	}
	return order.Order{Status: "active", Content: c, Expiry: order.Expiry{On: g.Expires, Rule: calendar.RuleThreeYears}}
}

// The seed's CR-160 becomes, field by field, the message in testdata (which
// follows the layout of the seed's CLETS response), passes the DOJ's checks and
// reads back as itself.
func TestGoldenSeedCR160(t *testing.T) {
	t.Parallel()
	m := FromOrder(KindEnter, SeedOrder(t), Court{ORI: seedORI, Phone: seedPhone}, Refs{})
	if err := Validate(m); err != nil {
		t.Fatalf("the seed's order would be refused: %v", err)
	}
	want, err := os.ReadFile("testdata/cr160-seed.clets")
	if err != nil {
		t.Fatal(err)
	}
	if got := Encode(m); got != string(want) {
		t.Errorf("the message differs from testdata/cr160-seed.clets:\n%s", got)
	}
	back, err := Parse(string(want))
	if err != nil || !reflect.DeepEqual(back, m) {
		t.Errorf("the golden message does not read back: %v\n%+v", err, back)
	}
}

// The seed's CLETS response, read as a sheriff enters it, against the message of
// the seed's CR-160: every difference between the two documents, and no other.
func TestSeedResponseDifferences(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(seedResponsePath)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ParseResponse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	for f, v := range map[string]string{"FCN": resp.FCN, "NIC": resp.NIC, "OCA": resp.OCA, "NAM": resp.Restrained.NAM,
		"HAI": resp.Restrained.HAI, "STAY AWAY": resp.StayAway, "PROTECTED PERSON DOB": resp.Protected[0].DOB} {
		want := map[string]string{"FCN": "F111111111111111", "NIC": "H1111111111", "OCA": "11NF1111", "NAM": "JONES,MARC",
			"HAI": "BRO", "STAY AWAY": "0100 YARDS", "PROTECTED PERSON DOB": "19660707"}[f]
		if v != want {
			t.Errorf("response %s: got %q, want %q", f, v, want)
		}
	}
	m := FromOrder(KindEnter, SeedOrder(t), Court{ORI: seedORI, Phone: seedPhone}, Refs{})
	got := map[string]string{}
	for _, d := range Differences(m, resp) {
		got[d.Field] = d.A + " | " + d.B
	}
	want := map[string]string{
		"OCA":                  "06NF0886 | 11NF1111",
		"COURT CASE NUMBER":    "06NF0886 | 11NF1111",
		"HAI":                  "BRN | BRO",
		"PROTECTED PERSON DOB": "19770101 | 19660707",
		"ISSUE DATE":           "20060607 | 20060101",
		"COURT NAME":           "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ORANGE (NORTH JUSTICE CENTER) | ORANGE COUNTY SUPERIOR (SANTA ANA)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("differences:\n got %v\nwant %v", got, want)
	}
}
