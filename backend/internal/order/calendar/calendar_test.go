package calendar

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// The observed judicial holidays of docs/forms.md "Court days and holidays", year by year.
func TestJudicialHolidaysMatchTheFieldNotes(t *testing.T) {
	t.Parallel()
	for year, want := range map[int]string{
		2025: "01-01 01-20 02-12 02-17 03-31 05-26 06-19 07-04 09-01 09-26 11-11 11-27 11-28 12-25",
		2026: "01-01 01-19 02-12 02-16 03-31 05-25 06-19 07-03 09-07 09-25 11-11 11-26 11-27 12-25",
		2027: "01-01 01-18 02-12 02-15 03-31 05-31 06-18 07-05 09-06 09-24 11-11 11-25 11-26 12-24 12-31",
	} {
		var got []string
		for _, d := range JudicialHolidays(year) {
			got = append(got, d.Format("01-02"))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%d: got  %s\nwant %s", year, strings.Join(got, " "), want)
		}
	}
}

func TestCourtDays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-25", 1, "2026-11-30"}, // Thanksgiving, the day after, the weekend
		{"2026-11-25", 5, "2026-12-04"}, // the field notes' example
		{"2026-07-02", 1, "2026-07-06"}, // Jul 4 is a Saturday: observed Friday Jul 3
		{"2027-12-23", 1, "2027-12-27"}, // Dec 25 a Saturday: observed Friday Dec 24
		{"2027-12-30", 1, "2028-01-03"}, // Jan 1, 2028 a Saturday: observed Friday Dec 31
		{"2026-03-30", 1, "2026-04-01"}, // Cesar Chavez Day
		{"2026-10-09", 1, "2026-10-12"}, // Columbus Day is not a judicial holiday
	} {
		if got := CourtDaysAfter(day(tc.from), tc.n).Format(time.DateOnly); got != tc.want {
			t.Errorf("%d court days after %s: %s, want %s", tc.n, tc.from, got, tc.want)
		}
	}
	if !IsCourtDay(day("2026-10-12")) || !IsCourtDay(day("2026-09-09")) || !IsCourtDay(day("2026-04-24")) {
		t.Error("Columbus Day, Admission Day and Genocide Remembrance Day are court days")
	}
	// EPO-001: the earlier of the 5th court day and the 7th calendar day.
	if got := EPOExpiry(day("2026-11-25")).Format(time.DateOnly); got != "2026-12-02" {
		t.Errorf("EPO granted 2026-11-25 expires %s, want 2026-12-02 (field notes)", got)
	}
	if got := EPOExpiry(day("2026-12-21")).Format(time.DateOnly); got != "2026-12-28" {
		t.Errorf("EPO granted Monday 2026-12-21 expires %s, want 2026-12-28 (7th calendar day before the 5th court day, Dec 29)", got)
	}
}

// The EPO rule counts court days (weekends and judicial holidays excluded) and
// calendar days after the day granted, and takes the earlier.
func TestEmergencyExpiryCountsCourtHolidays(t *testing.T) {
	for _, tc := range []struct{ granted, want, why string }{
		{"2026-11-25", "2026-12-02", "Thanksgiving and the day after are not court days: the 7th calendar day comes first"},
		{"2026-03-01", "2026-03-06", "granted on a Sunday: five court days Mon-Fri come before the 7th calendar day"},
		{"2026-05-24", "2026-05-31", "granted on a Sunday before Memorial Day: the holiday pushes the 5th court day past the 7th calendar day"},
		{"2026-01-18", "2026-01-25", "granted the Sunday before Martin Luther King Jr. Day"},
		{"2026-06-14", "2026-06-21", "granted on a Sunday: Juneteenth (Fri 19) is no court day, so the 5th is Mon 22 and the 7th calendar day (Sun 21) comes first"},
		{"2026-03-08", "2026-03-13", "granted on a Sunday without a holiday: Fri 13 is the 5th court day"},
	} {
		if got := EPOExpiry(day(tc.granted)).Format(time.DateOnly); got != tc.want {
			t.Errorf("granted %s: expires %s, want %s (%s)", tc.granted, got, tc.want, tc.why)
		}
	}
}
