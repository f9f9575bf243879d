package carpos

import (
	"fmt"
	"strings"
	"time"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Court is what a message says of the issuing court beyond the order itself.
type Court struct {
	ORI   string // the court's ORI; CARPOS knows the court by it
	Phone string // the court's phone, printed as COURT PHONE NUMBER
}

// Refs are the DOJ's numbers of an order, once its entry was acknowledged.
type Refs struct{ FCN, NIC string }

// FromOrder writes the message of kind about order o (its current version, its
// service and cancellation) from court c.
func FromOrder(kind string, o order.Order, c Court, refs Refs) Message {
	k := o.Content
	r := k.RestrainedPerson
	var mis []string
	dob := ymd(r.DOB)
	if dob == "" && r.Age > 0 {
		// The civil and emergency forms allow an age alone; CARPOS requires a DOB.
		dob = estimatedDOB(k.IssuedOn, r.Age)
		mis = append(mis, fmt.Sprintf("DOB ESTIMATED FROM AGE %d ON THE ORDER", r.Age))
	}
	m := Message{
		Kind: kind, ORI: c.ORI, OCA: clean(k.CaseNumber), FCN: refs.FCN, NIC: refs.NIC,
		Restrained: Restrained{
			NAM: lastFirst(r.Name), DOB: dob, SEX: r.Sex, RAC: clean(r.Race),
			EYE: clean(r.Eyes), HAI: clean(r.Hair),
		},
		CourtName:  courtName(k.Caption),
		CourtPhone: clean(c.Phone),
		CaseNumber: clean(k.CaseNumber),
		IssueDate:  ymd(k.IssuedOn),
		PCO:        k.Conditions.PCOCodes(),
	}
	if r.HeightInches > 0 {
		m.Restrained.HGT = fmt.Sprintf("%d%02d", r.HeightInches/12, r.HeightInches%12)
	}
	if r.WeightPounds > 0 {
		m.Restrained.WGT = fmt.Sprintf("%03d", r.WeightPounds)
	}
	if len(r.Aliases) > 0 {
		mis = append(mis, "AKA "+strings.Join(r.Aliases, "; "))
	}
	if r.PeaceOfficer {
		mis = append(mis, strings.TrimSpace("PEACE OFFICER "+r.PeaceOfficerOf))
	}
	m.Restrained.MIS = clean(strings.Join(mis, "; "))
	for _, p := range k.ProtectedPersons {
		m.Protected = append(m.Protected, Protected{Name: lastFirst(p.Name), Sex: p.Sex, DOB: ymd(p.DOB)})
	}
	if k.Hearing != nil {
		m.Present = "NO"
		if k.Hearing.DefendantPresent {
			m.Present = "YES"
		}
	}
	m.ExpirationDate = "NONEXP"
	if o.Expiry.On != "" {
		m.ExpirationDate = ymd(o.Expiry.On)
	}
	cd := k.Conditions
	switch {
	case cd.NoContact && cd.PeacefulContactExchange != nil:
		m.ContactProtected = "NO - EXCEPT PEACEFUL CONTACT FOR THE SAFE EXCHANGE OF CHILDREN"
	case cd.NoContact && cd.NoThirdPartyContact:
		m.ContactProtected = "NO - NOT DIRECTLY NOR THROUGH A THIRD PARTY, EXCEPT AN ATTORNEY OF RECORD"
	case cd.NoContact:
		m.ContactProtected = "NO"
	}
	m.BRD = "N"
	if cd.Firearms != nil && cd.Firearms.Prohibited {
		m.BRD = "Y"
		m.FirearmProvisions = "CANNOT PURCHASE OR RECEIVE AND MUST SURRENDER ALL FIREARMS"
	}
	if sa := cd.StayAway; sa != nil {
		var from []string
		for _, x := range []struct {
			on   bool
			what string
		}{{sa.FromProtectedPersons, "PROTECTED PERSON"}, {sa.Home, "HOME"}, {sa.Workplace, "WORKPLACE"}, {sa.Vehicle, "VEHICLE"}} {
			if x.on {
				from = append(from, x.what)
			}
		}
		m.StayAwayFrom = strings.Join(from, ", ")
		m.StayAway = fmt.Sprintf("%04d YARDS", sa.Yards)
	}
	for _, o := range cd.OtherOrders {
		m.OtherOrders = append(m.OtherOrders, clean(o))
	}
	if sa := cd.StayAway; sa != nil {
		for _, loc := range sa.OtherLocations {
			if l := clean("STAY AWAY FROM " + loc); !contains(m.OtherOrders, l) {
				m.OtherOrders = append(m.OtherOrders, l)
			}
		}
	}
	if s := o.Service.Record; s != nil && (kind == KindService || kind == KindModify) {
		m.ServedOn, m.ServiceMethod = ymd(s.On), strings.ToUpper(strings.ReplaceAll(s.Method, "_", " "))
	}
	if c := o.Cancellation; c != nil && kind == KindCancel {
		m.CancelDate, m.CancelReason = ymd(c.On), clean(c.Reason)
	}
	return m
}

// fieldPaths maps a message's fields to the order's fields they come from, so
// that what CARPOS would refuse is shown at entry next to the field.
var fieldPaths = map[string]string{
	"OCA": "body.caseNumber", "COURT CASE NUMBER": "body.caseNumber",
	"NAM": "body.restrainedPerson.name", "DOB": "body.restrainedPerson.dob", "SEX": "body.restrainedPerson.sex",
	"RAC": "body.restrainedPerson.race", "HGT": "body.restrainedPerson.heightInches",
	"WGT": "body.restrainedPerson.weightPounds", "EYE": "body.restrainedPerson.eyes", "HAI": "body.restrainedPerson.hair",
	"MIS":                   "body.restrainedPerson.aliases",
	"PROTECTED PERSON NAME": "body.protectedPersons[%d].name", "PROTECTED PERSON SEX": "body.protectedPersons[%d].sex",
	"PROTECTED PERSON DOB": "body.protectedPersons[%d].dob",
	"COURT NAME":           "body.caption.courtName", "ISSUE DATE": "body.issuedOn", "EXPIRATION DATE": "body.expiresOn",
	"PCO": "body.conditions", "STAY AWAY": "body.conditions.stayAway.yards", "OTHER ORDERS": "body.conditions.otherOrders",
	"DATE SERVED": "body.servedOn", "CANCEL REASON": "body.reason",
}

// Check returns, as field-named validation errors of the order's request, what
// the DOJ would refuse in the message of kind about o; nil when it may be sent.
// FCN and NIC are not the clerk's to give and are not checked here.
func Check(kind string, o order.Order, c Court) error {
	m := FromOrder(kind, o, c, Refs{FCN: "F000000000000000"})
	err := Validate(m)
	ps, ok := err.(Problems)
	if !ok {
		return err
	}
	v := &apperr.ValidationError{}
	for _, p := range ps {
		path, ok := fieldPaths[p.Field]
		switch {
		case !ok:
			path = "court." + strings.ToLower(p.Field)
		case strings.Contains(path, "%d"):
			path = fmt.Sprintf(path, max(p.Index, 0))
		case p.Field == "OTHER ORDERS" && p.Index >= 0:
			path = fmt.Sprintf("%s[%d]", path, p.Index)
		}
		v.Add(path, "for CLETS (%s): %s", p.Field, p.Msg)
	}
	return v.Err()
}

// clean uppercases a value for CLETS: line breaks and runs of spaces become one
// space, and the slash, which CLETS uses to separate fields, becomes a hyphen.
func clean(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(s, "/", "-"))
	return strings.Join(strings.Fields(s), " ")
}

// lastFirst writes a name as CLETS does: LAST,FIRST MIDDLE. A name already written
// with a comma is kept as written.
func lastFirst(name string) string {
	n := clean(name)
	if n == "" || strings.Contains(n, ",") {
		return n
	}
	parts := strings.Fields(n)
	if len(parts) == 1 {
		return n + ","
	}
	return parts[len(parts)-1] + "," + strings.Join(parts[:len(parts)-1], " ")
}

func courtName(c order.Caption) string {
	n := c.CourtName
	if c.Branch != "" {
		n += " (" + c.Branch + ")"
	}
	return clean(n)
}

// estimatedDOB is the date of birth CARPOS is sent when the order gives an age
// only: the issue date less the age in years, the latest birth date consistent
// with that age on the day the order was issued (docs/carpos.md). An unreadable
// issue date gives none, and the DOB is refused as missing.
func estimatedDOB(issuedOn string, age int) string {
	issued, err := time.Parse(time.DateOnly, issuedOn)
	if err != nil {
		return ""
	}
	return issued.AddDate(-age, 0, 0).Format("20060102")
}

// ymd writes an ISO date as CLETS does (YYYYMMDD).
func ymd(d string) string { return strings.ReplaceAll(d, "-", "") }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
