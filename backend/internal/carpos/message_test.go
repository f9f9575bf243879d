package carpos

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func validMessage() Message {
	return Message{
		Kind: KindModify, ORI: "CA030023J", OCA: "06NF0886", FCN: "F123456789012345", NIC: "H0123456789",
		Restrained: Restrained{NAM: "JONES,MARC", DOB: "19811121", SEX: "M", RAC: "B", HGT: "601", WGT: "260", EYE: "BRO", HAI: "BRN",
			MIS: "AKA MARCUS JONES"},
		Protected: []Protected{{Name: "SMITH,MARY", Sex: "F", DOB: "19770101"}, {Name: "SMITH,ANN", Race: "W"}},
		Present:   "YES", CourtName: "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ORANGE (NORTH JUSTICE CENTER)",
		CourtPhone: "(714) 935-7236", CaseNumber: "06NF0886", IssueDate: "20060607", ExpirationDate: "20090607",
		PCO: []string{"01", "04", "05", "07", "08"}, BRD: "Y", ContactProtected: "NO",
		FirearmProvisions: "CANNOT PURCHASE OR RECEIVE AND MUST SURRENDER ALL FIREARMS",
		StayAwayFrom:      "PROTECTED PERSON, HOME", StayAway: "0100 YARDS",
		OtherOrders: []string{"STAY AWAY FROM 123 MAIN STREET, FULLERTON, CA 92835", "NO ALCOHOL"},
		ServedOn:    "20060608", ServiceMethod: "PERSONAL",
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	cases := map[string]Message{"full": validMessage()}
	enter := validMessage()
	enter.Kind, enter.FCN, enter.NIC, enter.ServedOn, enter.ServiceMethod = KindEnter, "", "", "", ""
	enter.Restrained.RAC, enter.Restrained.MIS, enter.OtherOrders = "", "", nil
	cases["enter without optional fields"] = enter
	cancel := validMessage()
	cancel.Kind, cancel.CancelDate, cancel.CancelReason, cancel.ExpirationDate = KindCancel, "20070101", "VACATED BY THE COURT", "NONEXP"
	cases["cancel"] = cancel
	for name, m := range cases {
		if err := Validate(m); err != nil {
			t.Fatalf("%s: the fixture is invalid: %v", name, err)
		}
		text := Encode(m)
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: parse: %v\n%s", name, err, text)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%s: round trip differs:\n got %+v\nwant %+v\n%s", name, got, m, text)
		}
		if Encode(got) != text {
			t.Errorf("%s: encoding is not stable", name)
		}
	}
}

// Seed corpus: the layout as encoded, the seed's response shape, and edge cases
// of the line splitter. `go test` runs these; `go test -fuzz FuzzParse` explores.
func FuzzParse(f *testing.F) {
	f.Add(Encode(validMessage()))
	f.Add("NAM/A DOB/B DOB/C\nSEX/M HGT/601 RAC/B\n")
	f.Add("STAY AWAY/FROM/X\nSTAY AWAY FROM/PROTECTED PERSON\n")
	f.Add("PROTECTED PERSON SEX/F\n")
	f.Add("PROTECTED PERSON NAME/A,B\nPROTECTED PERSON DOB/1 PROTECTED PERSON NAME/C\nPCO/,01,\n")
	f.Add("* * * banner\n  ORI/CA030023J  \r\nOCA/\n")
	f.Add("MKE/ENTER\nMKE/ENTER\n")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := Parse(text)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of an unexpected type: %v", err)
			}
			return
		}
		again := Encode(m)
		m2, err := Parse(again)
		if err != nil {
			t.Fatalf("re-parse of the encoding: %v\n%q", err, again)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("parse(encode(parse(x))) differs:\n%+v\n%+v\n%q", m, m2, again)
		}
		_ = Validate(m) // must not panic
		if _, err := ParseResponse(text); err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("response: error of an unexpected type: %v", err)
			}
		}
	})
}

func TestParseRefusals(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"HELLO":                         "line 1: is not an entry",
		"ORI/CA030023J\nOCA/":           "line 2: OCA has no value",
		"ORI/A\nORI/B":                  "line 2: ORI twice",
		"PROTECTED PERSON DOB/19600101": "before any PROTECTED PERSON NAME",
		"PCO/01\nPCO/02":                "PCO twice",
		"PROTECTED PERSON NAME/A,B\nPROTECTED PERSON SEX/F PROTECTED PERSON RACE/W\nPROTECTED PERSON SEX/M": "twice for one protected person",
	} {
		_, err := Parse(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error with %q", text, err, want)
		}
	}
}

// What the DOJ would refuse is named by field, every field at once.
func TestValidateRefusals(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		change func(m *Message)
		field  string
		msg    string
	}{
		"missing DOB":                {func(m *Message) { m.Restrained.DOB = "" }, "DOB", "is required"},
		"DOB not a date":             {func(m *Message) { m.Restrained.DOB = "19811321" }, "DOB", "not a date"},
		"unknown condition code":     {func(m *Message) { m.PCO = append(m.PCO, "10") }, "PCO", `"10" is not a condition code`},
		"no condition":               {func(m *Message) { m.PCO = nil }, "PCO", "at least one condition"},
		"name too long":              {func(m *Message) { m.Restrained.NAM = "JONES," + strings.Repeat("M", 30) }, "NAM", "longer than CARPOS takes (36 characters, at most 30)"},
		"hair too long":              {func(m *Message) { m.Restrained.HAI = "BROWN" }, "HAI", "longer than CARPOS takes"},
		"name not LAST,FIRST":        {func(m *Message) { m.Restrained.NAM = "MARC JONES" }, "NAM", "LAST,FIRST"},
		"lower case":                 {func(m *Message) { m.OCA = "06nf0886" }, "OCA", "cannot carry"},
		"slash":                      {func(m *Message) { m.OtherOrders[1] = "AND/OR" }, "OTHER ORDERS", "cannot carry"},
		"bad ORI":                    {func(m *Message) { m.ORI = "CA-30023J" }, "ORI", "not an ORI"},
		"bad FCN":                    {func(m *Message) { m.FCN = "F12" }, "FCN", "F and 15 digits"},
		"modify without FCN":         {func(m *Message) { m.FCN = "" }, "FCN", "has not acknowledged"},
		"bad NIC":                    {func(m *Message) { m.NIC = "N0123456789" }, "NIC", "H and 10 digits"},
		"no protected person":        {func(m *Message) { m.Protected = nil }, "PROTECTED PERSON NAME", "at least one"},
		"protected person sex":       {func(m *Message) { m.Protected[1].Sex = "Q" }, "PROTECTED PERSON SEX", "M, F or X"},
		"stay away form":             {func(m *Message) { m.StayAway = "100 YARDS" }, "STAY AWAY", "four digits"},
		"height not digits":          {func(m *Message) { m.Restrained.HGT = "6-1" }, "HGT", "3 digits"},
		"service without date":       {func(m *Message) { m.Kind, m.ServedOn = KindService, "" }, "DATE SERVED", "required"},
		"unknown kind":               {func(m *Message) { m.Kind = "DELETE" }, "MKE", "not one of"},
		"expiration missing":         {func(m *Message) { m.ExpirationDate = "" }, "EXPIRATION DATE", "required"},
		"present neither yes nor no": {func(m *Message) { m.Present = "Y" }, "RESTRAINED PERSON PRESENT IN COURT", "YES or NO"},
	} {
		m := validMessage()
		c.change(&m)
		err := Validate(m)
		var ps Problems
		if !errors.As(err, &ps) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want problems", name, err)
			continue
		}
		found := false
		for _, p := range ps {
			found = found || p.Field == c.field && strings.Contains(p.Msg, c.msg)
		}
		if !found || len(ps) != 1 {
			t.Errorf("%s: got %v, want exactly one problem on %s with %q", name, ps, c.field, c.msg)
		}
	}
	if err := Validate(validMessage()); err != nil {
		t.Errorf("the valid message: %v", err)
	}
	m := validMessage()
	m.Restrained.DOB, m.PCO = "", []string{"00"}
	if err := Validate(m); err == nil || len(err.(Problems)) != 2 {
		t.Errorf("two wrong fields: got %v, want both", err)
	}
}
