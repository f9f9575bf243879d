package order

import "slices"

// PCOCodes maps the conditions to the national file's protection order condition
// codes (docs/codes.md), sorted.
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
