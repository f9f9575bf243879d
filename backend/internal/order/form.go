package order

import (
	"slices"
	"time"
)

// Expiry rules: where no date is written on the order, its form revision decides
// (shared/forms/README.md, criminal-protective-order.md).
const (
	RuleWritten           = "written"
	RuleThreeYears        = "three_years_after_issuance"
	RuleUntilFurtherOrder = "until_further_order"
)

// expiry returns the last day the order is in force and the rule that says so;
// "" for an order that runs until further order. The form revision's rule
// applies where no date is written (a temporary order has none to write: it ends
// with the hearing day, in California).
func expiry(c *Content) (string, string) {
	d := definitionOf(c.Form)
	rule := RuleUntilFurtherOrder
	if d != nil {
		rule = d.Expiry
	}
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

// formItems returns the item number of each condition the order makes.
func formItems(c *Content) map[string]string { return definitionItems(c) }

// PCOCodes maps the conditions to the national file's protection order condition
// codes (CODES.md), sorted.
func (k Conditions) PCOCodes() []string {
	codes := []string{}
	add := func(ok bool, code string) {
		if ok && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	add(k.NoAbuse, "01")
	add(k.MoveOutFrom != "", "03")
	add(k.StayAway != nil, "04")
	add(k.NoContact || k.NoThirdPartyContact, "05")
	add(k.PeacefulContactExchange != nil, "06")
	add(k.Firearms != nil && k.Firearms.Prohibited || k.NoBodyArmor, "07")
	add(k.NoDissuadingWitness || k.NoObtainingAddresses || k.MayRecord || k.ElectronicMonitoring != "" || len(k.OtherOrders) > 0, "08")
	slices.Sort(codes)
	return codes
}
