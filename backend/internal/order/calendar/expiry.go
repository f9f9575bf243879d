package calendar

import (
	"time"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/platform/clock"
)

// Expiry rules: where no date is written on the order, its form revision decides
// (docs/forms.md).
const (
	RuleWritten                = "written"
	RuleThreeYears             = "three_years_after_issuance"
	RuleUntilFurtherOrder      = "until_further_order"
	RuleEndOfHearing           = "end_of_hearing"
	RuleThreeYearsAfterHearing = "three_years_after_hearing"
	RuleEmergencyCourtDays     = "emergency_court_days"
)

// Expiry returns the last day the order is in force and the rule that says so;
// "" for an order that runs until further order. The form revision's rule
// applies where no date is written (a temporary order has none to write: it ends
// with the hearing day, in California).
func Expiry(c *order.Content, rule string) (string, string) {
	issued, issuedErr := time.Parse(time.DateOnly, c.IssuedOn)
	switch {
	case rule == RuleEndOfHearing && c.Hearing != nil && c.Hearing.Date != "":
		return c.Hearing.Date, RuleEndOfHearing
	case c.ExpiresOn != "":
		return c.ExpiresOn, RuleWritten
	case rule == RuleThreeYears && issuedErr == nil:
		return issued.AddDate(3, 0, 0).Format(time.DateOnly), RuleThreeYears
	case rule == RuleThreeYearsAfterHearing && c.Hearing != nil:
		if h, err := time.Parse(time.DateOnly, c.Hearing.Date); err == nil {
			return h.AddDate(3, 0, 0).Format(time.DateOnly), RuleThreeYearsAfterHearing
		}
	case rule == RuleEmergencyCourtDays && issuedErr == nil:
		return EPOExpiry(issued).Format(time.DateOnly), RuleEmergencyCourtDays
	}
	return "", RuleUntilFurtherOrder
}

// Today is the court's current day at now (America/Los_Angeles), as a UTC midnight.
func Today(now time.Time) time.Time {
	n := now.In(clock.Pacific)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}
