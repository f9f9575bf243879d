package forms

import (
	"strconv"
	"time"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/platform/apperr"
)

// Validate checks what the schema cannot: dates against each other and against
// today (the court's day, America/Los_Angeles), and the form's revision rules.
// Every wrong field is reported at once, by its path in the request.
func Validate(c *order.Content, today time.Time) error {
	v := &apperr.ValidationError{}
	day := func(field, s string) (time.Time, bool) {
		if s == "" {
			return time.Time{}, false
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add(field, "is not a date (YYYY-MM-DD)")
			return time.Time{}, false
		}
		return d, true
	}
	def := checkForm(c, v)
	issued, hasIssued := day("body.issuedOn", c.IssuedOn)
	if hasIssued && issued.After(today) {
		v.Add("body.issuedOn", "is in the future")
	}
	if exp, ok := day("body.expiresOn", c.ExpiresOn); ok && hasIssued {
		switch {
		case exp.Before(issued):
			v.Add("body.expiresOn", "is before the issue date %s", c.IssuedOn)
		case c.OrderKind == "post_conviction" && exp.After(issued.AddDate(10, 0, 0)):
			v.Add("body.expiresOn", "is more than 10 years after the issue date (Pen. Code 136.2(i))")
		}
	}
	if filed, ok := day("body.caption.filedOn", c.Caption.FiledOn); ok && filed.After(today) {
		v.Add("body.caption.filedOn", "is in the future")
	}
	birth := func(field, s string) {
		dob, ok := day(field, s)
		switch {
		case !ok:
		case dob.After(today):
			v.Add(field, "is in the future")
		case hasIssued && dob.After(issued):
			v.Add(field, "is after the issue date %s", c.IssuedOn)
		case dob.Before(today.AddDate(-130, 0, 0)):
			v.Add(field, "is more than 130 years ago")
		}
	}
	birth("body.restrainedPerson.dob", c.RestrainedPerson.DOB)
	if c.RestrainedPerson.PeaceOfficerOf != "" && !c.RestrainedPerson.PeaceOfficer {
		v.Add("body.restrainedPerson.peaceOfficerDepartment", "is given but peaceOfficer is not set")
	}
	if len(c.ProtectedPersons) == 0 {
		v.Add("body.protectedPersons", "at least one protected person is required")
	}
	for i, p := range c.ProtectedPersons {
		birth(path("body.protectedPersons", i, "dob"), p.DOB)
		if p.AddressMasked {
			v.Add(path("body.protectedPersons", i, "addressMasked"), "is set by the registry, not by a request")
		}
	}
	if h := c.Hearing; h != nil {
		hd, ok := day("body.hearing.date", h.Date)
		if ok && def != nil && def.Number != "CR-160" {
			switch {
			case !calendar.IsCourtDay(hd):
				v.Add("body.hearing.date", "%s is not a court day (a weekend or judicial holiday)", h.Date)
			case def.Expiry == calendar.RuleEndOfHearing && hasIssued && hd.Before(issued):
				v.Add("body.hearing.date", "is before the issue date %s: the order would end before it starts", c.IssuedOn)
			case def.Expiry != calendar.RuleEndOfHearing && hd.After(today):
				v.Add("body.hearing.date", "is in the future: an order after hearing follows its hearing")
			}
		}
	}
	if def != nil && def.Expiry == calendar.RuleEmergencyCourtDays && hasIssued {
		limit := calendar.EPOExpiry(issued)
		if exp, ok := day("body.expiresOn", c.ExpiresOn); ok && exp.After(limit) {
			v.Add("body.expiresOn", "is after %s, the earlier of the 5th court day and the 7th calendar day after the grant",
				limit.Format(time.DateOnly))
		}
	}
	if f := c.Conditions.Firearms; f != nil {
		day("body.conditions.firearms.reviewHearingDate", f.ReviewHearingDate)
	}
	if p := c.Conditions.PeacefulContactExchange; p != nil {
		if d, ok := day("body.conditions.peacefulContactChildExchange.orderIssuedOn", p.OrderIssuedOn); ok && d.After(today) {
			v.Add("body.conditions.peacefulContactChildExchange.orderIssuedOn", "is in the future")
		}
	}
	if c.Findings != nil && c.Form.Revision != "2023-03-01" {
		v.Add("body.findings", "are items of the 2023 revision, not of %s", c.Form.Revision)
	}
	return v.Err()
}

// Standing is what a proof of service is checked against: the order as it
// stands when served.
type Standing struct {
	IssuedOn, ExpiresOn string // ExpiresOn: "" until further order
	Type, FormNumber    string
	Version             int // the current version
}

// ValidateService checks a proof of service against the order's dates: served
// on or after the issue date, not in the future, and on or before the last day
// the order was in force (expiresOn, "" until further order). A proof filed
// after the order expired is accepted when the service happened in time.
func ValidateService(r *order.ServiceRecord, h Standing, today time.Time) error {
	issuedOn, expiresOn := h.IssuedOn, h.ExpiresOn
	v := &apperr.ValidationError{}
	checkProof(r, h.Type, h.FormNumber, v)
	if r.Version > h.Version {
		v.Add("body.version", "the order has no version %d (its current version is %d)", r.Version, h.Version)
	}
	served, err := time.Parse(time.DateOnly, r.On)
	issued, _ := time.Parse(time.DateOnly, issuedOn)
	expires, expErr := time.Parse(time.DateOnly, expiresOn)
	switch {
	case err != nil:
		v.Add("body.servedOn", "is not a date (YYYY-MM-DD)")
	case served.After(today):
		v.Add("body.servedOn", "is in the future")
	case served.Before(issued):
		v.Add("body.servedOn", "is before the order was issued (%s)", issuedOn)
	case expErr == nil && served.After(expires):
		v.Add("body.servedOn", "is after the order expired (its last day was %s): an order cannot be served once it has expired", expiresOn)
	}
	return v.Err()
}

func path(prefix string, i int, field string) string {
	return prefix + "[" + strconv.Itoa(i) + "]." + field
}
