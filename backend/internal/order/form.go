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

// revision is what the registry knows of one revision of a form.
type revision struct {
	// defaultExpiry applies when no date is written.
	defaultExpiry string
	// items maps a condition (its JSON name) to its item on the printed form;
	// empty where the item list was not available.
	items map[string]string
}

// revisions by form number and revision date. The 2005 CR-160 prints "if no date
// is listed, this order expires three years from the date of issuance"; the 2019
// and 2023 revisions print no default (pretrial orders run until further order).
var revisions = map[string]map[string]revision{
	"CR-160": {
		"2005-01-01": {defaultExpiry: RuleThreeYears, items: map[string]string{
			"noAbuse": "3(a)", "firearms": "3(b)", "noDissuadingWitness": "3(c)", "noContact": "3(d)",
			"noThirdPartyContact": "3(e)", "stayAway": "3(f)", "peacefulContactChildExchange": "4, 5",
			"mayRecordProhibitedCommunications": "6", "otherOrders": "7", "expiresOn": "8",
		}},
		"2019-01-22": {defaultExpiry: RuleUntilFurtherOrder},
		"2023-03-01": {defaultExpiry: RuleUntilFurtherOrder, items: map[string]string{
			"firearms": "8", "noDissuadingWitness": "9", "noObtainingAddresses": "10", "noAbuse": "11",
			"noContact": "12", "noThirdPartyContact": "12", "stayAway": "13", "peacefulContactChildExchange": "14",
			"electronicMonitoring": "16", "mayRecordProhibitedCommunications": "17", "otherOrders": "18",
			"expiresOn": "4b",
		}},
	},
}

// expiry returns the last day the order is in force and the rule that says so;
// "" for an order that runs until further order.
func expiry(c *Content) (string, string) {
	if c.ExpiresOn != "" {
		return c.ExpiresOn, RuleWritten
	}
	rev := revisions[c.Form.Number][c.Form.Revision]
	if rev.defaultExpiry == RuleThreeYears {
		issued, err := time.Parse(time.DateOnly, c.IssuedOn)
		if err == nil {
			return issued.AddDate(3, 0, 0).Format(time.DateOnly), RuleThreeYears
		}
	}
	return "", RuleUntilFurtherOrder
}

// formItems returns the item number of each condition the order makes.
func formItems(c *Content) map[string]string {
	items := revisions[c.Form.Number][c.Form.Revision].items
	if len(items) == 0 {
		return nil
	}
	out := map[string]string{}
	k := c.Conditions
	for name, set := range map[string]bool{
		"noAbuse": k.NoAbuse, "firearms": k.Firearms != nil, "noDissuadingWitness": k.NoDissuadingWitness,
		"noContact": k.NoContact, "noThirdPartyContact": k.NoThirdPartyContact, "noObtainingAddresses": k.NoObtainingAddresses,
		"stayAway": k.StayAway != nil, "peacefulContactChildExchange": k.PeacefulContactExchange != nil,
		"mayRecordProhibitedCommunications": k.MayRecord, "electronicMonitoring": k.ElectronicMonitoring != "",
		"otherOrders": len(k.OtherOrders) > 0, "expiresOn": c.ExpiresOn != "",
	} {
		if item, ok := items[name]; ok && set {
			out[name] = item
		}
	}
	return out
}

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
	add(k.StayAway != nil, "04")
	add(k.NoContact || k.NoThirdPartyContact, "05")
	add(k.PeacefulContactExchange != nil, "06")
	add(k.Firearms != nil && k.Firearms.Prohibited, "07")
	add(k.NoDissuadingWitness || k.NoObtainingAddresses || k.MayRecord || k.ElectronicMonitoring != "" || len(k.OtherOrders) > 0, "08")
	slices.Sort(codes)
	return codes
}
