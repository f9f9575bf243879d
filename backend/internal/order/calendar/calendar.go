// Package calendar is the courts' calendar and the expiry rules it serves: the
// judicial holidays, court days, the court's current day, and the last day an
// order is in force.
package calendar

import "time"

// Court days (docs/forms.md "Court days and holidays"): judicial holidays
// are Saturdays, Sundays and the days of Code Civ. Proc. § 135; one falling on a
// Saturday is observed the Friday before, on a Sunday the Monday after (Cal. Rules
// of Court, rule 1.11). Days the Governor proclaims are not known in advance and
// are not here.

// JudicialHolidays returns the observed judicial holidays (weekdays) of year y,
// including a shift into y of the next year's New Year's Day.
func JudicialHolidays(y int) []time.Time {
	var out []time.Time
	for _, yy := range []int{y, y + 1} {
		for _, d := range holidaysOf(yy) {
			if o := observed(d); o.Year() == y {
				out = append(out, o)
			}
		}
	}
	return out
}

func holidaysOf(y int) []time.Time {
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	thanksgiving := nthWeekday(y, time.November, time.Thursday, 4)
	return []time.Time{
		date(time.January, 1),
		nthWeekday(y, time.January, time.Monday, 3),  // Martin Luther King, Jr. Day
		date(time.February, 12),                      // Lincoln Day
		nthWeekday(y, time.February, time.Monday, 3), // Presidents' Day
		date(time.March, 31),                         // Cesar Chavez Day
		lastWeekday(y, time.May, time.Monday),        // Memorial Day
		date(time.June, 19),                          // Juneteenth
		date(time.July, 4),
		nthWeekday(y, time.September, time.Monday, 1), // Labor Day
		nthWeekday(y, time.September, time.Friday, 4), // Native American Day
		date(time.November, 11),                       // Veterans Day
		thanksgiving, thanksgiving.AddDate(0, 0, 1),
		date(time.December, 25),
	}
}

func observed(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, -1)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

func lastWeekday(y int, m time.Month, wd time.Weekday) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// IsCourtDay reports whether courts are open on d (a date; its clock is ignored).
func IsCourtDay(d time.Time) bool {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		return false
	}
	for _, h := range JudicialHolidays(d.Year()) {
		if h.Equal(d) {
			return false
		}
	}
	return true
}

// CourtDaysAfter returns the nth court day after d, not counting d (Code Civ.
// Proc. § 12).
func CourtDaysAfter(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsCourtDay(d) {
			n--
		}
	}
	return d
}

// EPOExpiry is the emergency protective order's end (EPO-001 item 5, Fam. Code §
// 6256): the earlier of the 5th court day and the 7th calendar day after the day
// it was granted. Part 1 takes no EPOs; the rule stands here with the calendar it
// needs, for the EPO issue.
func EPOExpiry(granted time.Time) time.Time {
	court, calendar := CourtDaysAfter(granted, 5), granted.AddDate(0, 0, 7)
	if calendar.Before(court) {
		return calendar
	}
	return court
}
