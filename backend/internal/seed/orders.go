package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ccpor/ccpor/backend/internal/order"
	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/order/registry"
)

// SeedCR160 is the CR-160 printed in the seed document (testdata/seed/cr160-seed.json,
// with its readings), its dates as printed: issued 2006-06-07, expiring 2009-06-07.
func SeedCR160() order.Content {
	return order.Content{
		Type: "criminal_protective_order", Form: order.Form{Number: "CR-160", Revision: "2005-01-01"},
		CaseNumber: "06NF0886", OrderKind: "pending_trial", DomesticViolence: true,
		Statutes: []string{"Penal Code 136.2", "Penal Code 1203.097(a)(2)"},
		Caption: order.Caption{CourtName: "Superior Court of California, County of Orange", Branch: "North Justice Center",
			Address: "1275 N. Berkeley Avenue, P.O. Box 5000, Fullerton, CA 92830-0500", FiledOn: "2006-06-07",
			Clerk: "Alan Blatsel, Executive Officer/Clerk", Deputy: "A. Cecil"},
		IssuedOn: "2006-06-07", ExpiresOn: "2009-06-07", PrecedenceNotice: true,
		RestrainedPerson: order.RestrainedPerson{Name: "Marc Jones", Sex: "M", HeightInches: 73, WeightPounds: 260,
			Hair: "BRN", Eyes: "BRO", Age: 24, DOB: "1981-11-21"},
		Hearing: &order.Hearing{Date: "2006-01-01", Time: "08:30", Department: "N7", JudicialOfficer: "Ronald K. Har",
			DefendantPresent: true},
		Conditions: order.Conditions{
			NoAbuse: true,
			Firearms: &order.Firearms{Prohibited: true, SurrenderHoursIfPresent: 24, SurrenderHoursIfServed: 48,
				ReceiptWithinHours: 72},
			NoDissuadingWitness: true, NoContact: true, NoThirdPartyContact: true,
			StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true,
				OtherLocations: []string{"123 Main Street, Fullerton, CA 92835"}},
			MayRecord:   true,
			OtherOrders: []string{"Stay away from 123 Main Street, Fullerton, CA 92835"},
		},
		ProtectedPersons: []order.ProtectedPerson{{Name: "Mary Smith", DOB: "1977-01-01",
			Address: "123 Main Street, Fullerton, CA 92835"}},
	}
}

// CurrentYears is the whole number of years that brings an order issued on
// issuedOn into the year before today: issued on or before today, less than a
// year ago.
func CurrentYears(issuedOn string, today time.Time) int {
	issued, err := time.Parse(time.DateOnly, issuedOn)
	if err != nil {
		return 0
	}
	n := today.Year() - issued.Year()
	if issued.AddDate(n, 0, 0).After(today) {
		n--
	}
	return n
}

// MadeCurrent returns c with the dates of the order moved forward by whole years
// so that it is in force today: the issue date, the expiry, the FILED stamp and
// the hearing. Dates of birth (and the age as printed) are facts of persons and
// stay as they are.
func MadeCurrent(c order.Content, today time.Time) order.Content {
	n := CurrentYears(c.IssuedOn, today)
	move := func(s *string) {
		if d, err := time.Parse(time.DateOnly, *s); err == nil {
			*s = d.AddDate(n, 0, 0).Format(time.DateOnly)
		}
	}
	move(&c.IssuedOn)
	move(&c.ExpiresOn)
	move(&c.Caption.FiledOn)
	if c.Hearing != nil {
		h := *c.Hearing
		move(&h.Date)
		c.Hearing = &h
	}
	return c
}

// demoOrder is one demo order: the court (code) and the saver (username).
type demoOrder struct {
	court, saver string
	order        registry.Loaded
}

// demoOrders are a handful of orders for the demo courts, dated around today:
// the seed's CR-160 made current (in Fresno: its printed court, Orange, is not on
// board in the seed's list), and in Riverside a temporary order superseded by the
// order after hearing, a served 2023 order, an order cancelled by a CR-165 and one
// that has expired. Their ids are fixed so that a superseding order can be named.
func demoOrders(today time.Time) []demoOrder {
	day := func(years, days int) string { return today.AddDate(years, 0, days).Format(time.DateOnly) }
	ids := func(n int) string {
		return uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "ccpor demo order %d", n)).String()
	}
	base := func(caseNumber, revision, issued string) order.Content {
		return order.Content{
			Type: "criminal_protective_order", Form: order.Form{Number: "CR-160", Revision: revision},
			CaseNumber: caseNumber, OrderKind: "pending_trial",
			Caption:  order.Caption{CourtName: "Superior Court of California, County of Riverside", Branch: "Hall of Justice"},
			IssuedOn: issued,
			RestrainedPerson: order.RestrainedPerson{Name: "Dale Ortega", Sex: "M", HeightInches: 70, WeightPounds: 185,
				Hair: "BLK", Eyes: "BRO", DOB: "1988-03-14"},
			ProtectedPersons: []order.ProtectedPerson{{Name: "Rosa Ortega", Sex: "F", DOB: "1990-07-02",
				Relationship: "spouse", Address: "4100 Orange Street, Riverside, CA 92501"}},
			Conditions: order.Conditions{NoAbuse: true, NoContact: true,
				StayAway: &order.StayAway{Yards: 100, FromProtectedPersons: true, Home: true}},
		}
	}
	temporary := base("RIF2600417", "2023-03-01", day(0, -30))
	afterHearing := base("RIF2600417", "2023-03-01", day(0, -9))
	afterHearing.ExpiresOn = day(3, -9)
	afterHearing.Hearing = &order.Hearing{Date: day(0, -9), Time: "08:30", Department: "41", JudicialOfficer: "Hon. L. Park",
		DefendantPresent: true}
	afterHearing.Conditions.Firearms = &order.Firearms{Prohibited: true, SurrenderHoursIfPresent: 24, ReceiptWithinHours: 48}
	afterHearing.Findings = &order.Findings{FamilyMembersHarmed: true}
	served := base("RIF2600522", "2023-03-01", day(0, -20))
	served.RestrainedPerson = order.RestrainedPerson{Name: "Kevin Marsh", Sex: "M", HeightInches: 68, DOB: "1979-10-30"}
	served.ProtectedPersons = []order.ProtectedPerson{{Name: "Janet Marsh", Sex: "F", DOB: "1982-05-19"},
		{Name: "Lily Marsh", Sex: "F", DOB: "2014-09-03", Relationship: "daughter"}}
	served.Conditions.NoObtainingAddresses = true
	served.Conditions.ElectronicMonitoring = "six months"
	cancelled := base("RIF2500981", "2019-01-22", day(-1, 0))
	cancelled.RestrainedPerson.Name = "Troy Bell"
	cancelled.ProtectedPersons = []order.ProtectedPerson{{Name: "Nina Bell", Sex: "F", DOB: "1993-01-25"}}
	expired := base("RIF2200310", "2005-01-01", day(-4, 0))
	expired.RestrainedPerson.Name = "Gary Winters"
	expired.ProtectedPersons = []order.ProtectedPerson{{Name: "Ann Winters", Sex: "F", DOB: "1970-12-08"}}
	yurok := base("YTC26-014", "2023-03-01", day(0, -3))
	yurok.Caption = order.Caption{CourtName: "Yurok Tribal Court"}
	yurok.RestrainedPerson = order.RestrainedPerson{Name: "Sam Reyes", Sex: "M", DOB: "1985-06-11"}
	yurok.ProtectedPersons = []order.ProtectedPerson{{Name: "Eva Reyes", Sex: "F", DOB: "1987-02-17"}}

	return []demoOrder{
		{"fresno", "demo.fresno.clerk", registry.Loaded{ID: ids(1), Content: MadeCurrent(SeedCR160(), today)}},
		{"riverside", "demo.riverside.clerk", registry.Loaded{ID: ids(2), Content: temporary, SupersededBy: ids(3)}},
		{"riverside", "demo.riverside.clerk", registry.Loaded{ID: ids(3), Content: afterHearing}},
		{"riverside", "demo.riverside.clerk", registry.Loaded{ID: ids(4), Content: served,
			Service: &order.ServiceRecord{On: day(0, -19), Time: "10:15", Method: "personal", ServedBy: "Deputy Ruiz",
				Agency: "Riverside County Sheriff"}}},
		{"riverside", "demo.riverside.clerk", registry.Loaded{ID: ids(5), Content: cancelled,
			Cancellation: &order.Cancellation{On: day(0, -60), Reason: "terminated by CR-165"}}},
		{"riverside", "demo.riverside.clerk", registry.Loaded{ID: ids(6), Content: expired}},
		{"yurok", "demo.yurok.clerk", registry.Loaded{ID: ids(7), Content: yurok}},
	}
}

// seedOrders loads the demo orders that are not there yet (by id), dated from the
// day of the first run; later runs leave them as they are.
func seedOrders(now time.Time) func(ctx context.Context, tx pgx.Tx) (bool, error) {
	return func(ctx context.Context, tx pgx.Tx) (bool, error) {
		changed := false
		for _, d := range demoOrders(calendar.Today(now)) {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM orders WHERE id = $1)", d.order.ID).Scan(&exists); err != nil {
				return false, err
			}
			if exists {
				continue
			}
			var court, user string
			err := tx.QueryRow(ctx, `SELECT c.id, u.id FROM courts c, users u WHERE c.code = $1 AND u.username = $2`,
				d.court, d.saver).Scan(&court, &user)
			if err != nil {
				return false, fmt.Errorf("order %s: court %s, saver %s: %w", d.order.Content.CaseNumber, d.court, d.saver, err)
			}
			if err := registry.Load(ctx, tx, court, user, d.order, calendar.Today(now)); err != nil {
				return false, err
			}
			changed = true
		}
		return changed, nil
	}
}
