package person_test

import (
	"slices"
	"testing"

	"github.com/ccpor/ccpor/backend/internal/order/person"
)

func TestNameTokens(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"Marc Jones":               {"marc", "jones"},
		"JONES, Marc A.":           {"marc", "a", "jones"},
		"José Núñez":               {"jose", "nunez"},
		"Maria Garcia-Lopez":       {"maria", "garcia", "lopez", "garcialopez"},
		"Juan de la Cruz":          {"juan", "cruz", "delacruz"},
		"Patrick O'Brien Jr.":      {"patrick", "obrien"},
		"  mary   ann  smith-  ":   {"mary", "ann", "smith"},
		"Zoë Ødegaard":             {"zoe", "odegaard"},
		"Anna-Lena Maier Schröder": {"anna", "lena", "annalena", "maier", "schroder"},
	} {
		if got := person.NameTokens(in); !slices.Equal(got, want) {
			t.Errorf("NameTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSoundCode(t *testing.T) {
	t.Parallel()
	for _, same := range [][2]string{{"smith", "smyth"}, {"stephen", "steven"}, {"catherine", "katherine"},
		{"johnson", "jonhson"}, {"geoff", "jeff"}, {"philips", "phillips"}, {"mohammed", "muhammad"}} {
		if a, b := person.SoundCode(same[0]), person.SoundCode(same[1]); a != b {
			t.Errorf("%s is %s, %s is %s: want the same code", same[0], a, same[1], b)
		}
	}
	for _, diff := range [][2]string{{"smith", "jones"}, {"garcia", "gomez"}, {"nguyen", "norton"}} {
		if a, b := person.SoundCode(diff[0]), person.SoundCode(diff[1]); a == b {
			t.Errorf("%s and %s both %s: want different codes", diff[0], diff[1], a)
		}
	}
}

func TestDOBVariants(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"1984-11-21": {"1984-11-21", "1985-11-21", "1983-11-21"},
		"11/21/1984": {"1984-11-21", "1985-11-21", "1983-11-21"},
		"21/11/1984": {"1984-11-21", "1985-11-21", "1983-11-21"}, // a swapped day and month is searched, not refused
		"1984-03-04": {"1984-03-04", "1984-04-03", "1985-03-04", "1985-04-03", "1983-03-04", "1983-04-03"},
		"":           nil,
	} {
		got, err := person.DOBVariants(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("DOBVariants(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday", "1984-11", "84-11-21", "1984-13-13", "1984-02-31", "31/31/1984"} {
		if got, err := person.DOBVariants(bad); err == nil {
			t.Errorf("DOBVariants(%q) = %q, want an error", bad, got)
		}
	}
}

// The variants the search must find share at least one key with the stored name.
func TestPersonKeysMeet(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ stored, query string }{
		{"William Smith", "Bill Smith"},
		{"Margaret Ann Jones", "Peggy Jones"},
		{"Meg Jones", "Peggy Jones"},
		{"Marc Jones", "Jones Marc"},
		{"Marc Jones", "Jones, Marc"},
		{"Marc Jones", "Marc Anthony Jones"},
		{"Maria Garcia-Lopez", "Maria Lopez"},
		{"Maria Garcia-Lopez", "Maria Garcia Lopez"},
		{"José Núñez", "JOSE NUNEZ"},
		{"Katherine Johnson", "Catherine Jonhson"},
		{"Juan de la Cruz", "Juan Delacruz"},
	} {
		s, q := person.PersonKeys(c.stored, nil), person.PersonKeys(c.query, nil)
		if !slices.ContainsFunc(q, func(k string) bool { return slices.Contains(s, k) }) {
			t.Errorf("%q and %q share no key:\n%q\n%q", c.stored, c.query, s, q)
		}
	}
	for _, c := range []struct{ stored, query string }{{"Marc Jones", "Mary Smith"}, {"Ana Garcia", "Luis Perez"}} {
		s, q := person.PersonKeys(c.stored, []string{"1980-01-01"}), person.PersonKeys(c.query, []string{"1990-01-01"})
		if slices.ContainsFunc(q, func(k string) bool { return slices.Contains(s, k) }) {
			t.Errorf("%q and %q share a key", c.stored, c.query)
		}
	}
}
