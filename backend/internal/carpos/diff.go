package carpos

import (
	"fmt"
	"strings"
	"unicode"
)

// Difference is one field where two messages about an order disagree.
type Difference struct {
	Field string `json:"field" example:"HAI" doc:"the CLETS field"`
	A     string `json:"a" doc:"the value in the first message"`
	B     string `json:"b" doc:"the value in the second"`
}

// Differences lists, field by field, where a and b disagree about the order
// itself. Values are compared as CLETS text without punctuation (CLETS drops
// commas); a field missing from either side is not a difference. The message kind
// and the DOJ's numbers are not compared.
func Differences(a, b Message) []Difference {
	var out []Difference
	cmp := func(f, x, y string) {
		if x != "" && y != "" && norm(x) != norm(y) {
			out = append(out, Difference{Field: f, A: x, B: y})
		}
	}
	for _, l := range lines {
		for _, f := range l {
			if f.get == nil || f.key == "MKE" || f.key == "FCN" || f.key == "NIC" {
				continue
			}
			x, y := *f.get(&a), *f.get(&b)
			if f.key == "CONTACT PROTECTED PERSON" {
				// the order's terms are worded differently by each system: the answer counts
				x, _, _ = strings.Cut(x, " - ")
				y, _, _ = strings.Cut(y, " - ")
			}
			cmp(f.key, x, y)
		}
	}
	for i := 0; i < len(a.Protected) && i < len(b.Protected); i++ {
		p, q := a.Protected[i], b.Protected[i]
		idx := func(k string) string {
			if len(a.Protected) == 1 && len(b.Protected) == 1 {
				return k
			}
			return fmt.Sprintf("%s[%d]", k, i)
		}
		cmp(idx("PROTECTED PERSON NAME"), p.Name, q.Name)
		cmp(idx("PROTECTED PERSON SEX"), p.Sex, q.Sex)
		cmp(idx("PROTECTED PERSON RACE"), p.Race, q.Race)
		cmp(idx("PROTECTED PERSON DOB"), p.DOB, q.DOB)
	}
	cmp("PCO", strings.Join(a.PCO, ","), strings.Join(b.PCO, ","))
	if len(a.OtherOrders) > 0 && len(b.OtherOrders) > 0 {
		cmp("OTHER ORDERS", strings.Join(a.OtherOrders, " "), strings.Join(b.OtherOrders, " "))
	}
	return out
}

// norm keeps letters and digits, upper case, single spaces.
func norm(s string) string {
	f := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}
