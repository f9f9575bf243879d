package seed

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/order/calendar"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// The seed's CR-160 as the demo holds it is the golden fixture's, field for field,
// except the dates of the order, moved by whole years.
func TestSeedCR160IsTheGoldenFixture(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/seed/cr160-seed.json")
	if err != nil {
		t.Fatalf("the golden fixture: %v", err)
	}
	var g struct {
		CaseNumber string `json:"case_number"`
		Issued     string
		Expires    string
		Court      struct{ Name, Filed, Deputy string }
		Hearing    struct{ Date, Time, Department string }
		Restrained struct {
			Name, DOB string
			Age       int
		} `json:"restrained_person"`
		Protected []struct{ Name, DOB, Address string } `json:"protected_persons"`
		Statutes  []string
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	c := SeedCR160()
	for _, f := range [][2]any{
		{c.CaseNumber, g.CaseNumber}, {c.IssuedOn, g.Issued}, {c.ExpiresOn, g.Expires}, {c.Caption.CourtName, g.Court.Name},
		{c.Caption.FiledOn, g.Court.Filed}, {c.Caption.Deputy, g.Court.Deputy}, {c.Hearing.Date, g.Hearing.Date},
		{c.Hearing.Time, g.Hearing.Time}, {c.Hearing.Department, g.Hearing.Department},
		{c.RestrainedPerson.Name, g.Restrained.Name}, {c.RestrainedPerson.DOB, g.Restrained.DOB}, {c.RestrainedPerson.Age, g.Restrained.Age},
		{c.ProtectedPersons[0].Name, g.Protected[0].Name}, {c.ProtectedPersons[0].DOB, g.Protected[0].DOB},
		{c.ProtectedPersons[0].Address, g.Protected[0].Address}, {len(c.Statutes), len(g.Statutes)},
	} {
		if f[0] != f[1] {
			t.Errorf("got %v, the fixture has %v", f[0], f[1])
		}
	}

	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	m := MadeCurrent(c, today)
	for _, f := range [][2]string{
		{m.IssuedOn, "2026-06-07"}, {m.ExpiresOn, "2029-06-07"}, {m.Caption.FiledOn, "2026-06-07"}, {m.Hearing.Date, "2026-01-01"},
		{m.RestrainedPerson.DOB, "1981-11-21"}, {m.ProtectedPersons[0].DOB, "1977-01-01"},
		{c.IssuedOn, "2006-06-07"}, // the original is left as printed
	} {
		if f[0] != f[1] {
			t.Errorf("made current: %s, want %s", f[0], f[1])
		}
	}
	// Before the anniversary of the issue date the order moves one year less.
	if n := CurrentYears("2006-06-07", time.Date(2027, 6, 6, 0, 0, 0, 0, time.UTC)); n != 20 {
		t.Errorf("on 2027-06-06: %d years, want 20", n)
	}
	if n := CurrentYears("2006-06-07", time.Date(2027, 6, 7, 0, 0, 0, 0, time.UTC)); n != 21 {
		t.Errorf("on 2027-06-07: %d years, want 21", n)
	}
}

// ccpor seed demo fills the demo courts' registry: the seed's CR-160 in force in
// Fresno, and in Riverside a superseded temporary order with its successor, a
// served, a cancelled and an expired order; a second run adds nothing.
func TestDemoOrders(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	if _, err := Demo(ctx, d.MaintURL, "http://localhost:8080/idp"); err != nil {
		t.Fatal(err)
	}
	if n, err := Demo(ctx, d.MaintURL, "http://localhost:8080/idp"); err != nil || n != 0 {
		t.Fatalf("second run: %d steps, %v", n, err)
	}
	conn := dbtest.Conn(t, d.AdminURL)
	today := calendar.Today(time.Now()).Format(time.DateOnly)
	rows, err := conn.Query(ctx, `SELECT c.code, o.case_number, o.status, o.service_status, o.issued_on::text,
			coalesce(o.expires_on::text, ''), v.content->'restrainedPerson'->>'dob', v.created_by_name,
			(SELECT count(*) FROM order_protected_addresses a WHERE a.order_id = o.id)
		FROM orders o JOIN courts c ON c.id = o.court_id JOIN order_versions v ON v.order_id = o.id
		ORDER BY c.code, o.case_number, o.issued_on`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type row struct {
		court, caseNumber, status, service, issued, expires, dob, saver string
		addresses                                                       int
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.court, &r.caseNumber, &r.status, &r.service, &r.issued, &r.expires, &r.dob, &r.saver, &r.addresses); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 7 {
		t.Fatalf("%d demo orders: %+v", len(got), got)
	}
	seed := got[0]
	if seed.court != "fresno" || seed.caseNumber != "06NF0886" || seed.status != "active" || seed.issued > today ||
		seed.expires < today || seed.issued[5:] != "06-07" || seed.expires[5:] != "06-07" || seed.dob != "1981-11-21" ||
		seed.saver != "Felix Clerk (demo)" || seed.addresses != 1 {
		t.Errorf("the seed's CR-160: %+v", seed)
	}
	var statuses []string
	for _, r := range got[1:] {
		statuses = append(statuses, r.court+" "+r.caseNumber+" "+r.status+" "+r.service)
	}
	want := []string{
		"riverside RIF2200310 expired unserved", "riverside RIF2500981 cancelled unserved",
		"riverside RIF2600417 superseded unserved", "riverside RIF2600417 active unserved",
		"riverside RIF2600522 active served", "yurok YTC26-014 active unserved",
	}
	for i := range want {
		if i >= len(statuses) || statuses[i] != want[i] {
			t.Errorf("demo orders:\n%v\nwant\n%v", statuses, want)
			break
		}
	}
	var supersededBy string
	if err := conn.QueryRow(ctx, `SELECT n.case_number FROM orders o JOIN orders n ON n.id = o.superseded_by
		WHERE o.status = 'superseded'`).Scan(&supersededBy); err != nil || supersededBy != "RIF2600417" {
		t.Errorf("the superseded order's successor: %q %v", supersededBy, err)
	}
}
