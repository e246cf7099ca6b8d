// Package calendar turns the rules' calendar data and a time into opening days:
// is a counter open now, when next, the next opening days, and the last moment
// for the store machines after the app step. All in Japan time.
package calendar

import (
	"slices"
	"time"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Tokyo is Japan time: UTC+9 all year (Japan has no daylight saving), so no
// time-zone database is needed.
var Tokyo = time.FixedZone("JST", 9*60*60)

// Calendar answers questions about opening days. Build it once per rule set.
type Calendar struct {
	closed   [7]bool
	yearEnd  [2]string // MM-DD from, to (the closure wraps the new year)
	holidays map[string]guidance.Holiday
	until    time.Time // the holiday list covers days up to and including this one
	data     guidance.Calendar
}

// New reads the rules' calendar (validated by ruleset).
func New(c guidance.Calendar) *Calendar {
	cal := &Calendar{yearEnd: [2]string{c.YearEndFrom, c.YearEndTo}, holidays: map[string]guidance.Holiday{}, data: c}
	names := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	for _, d := range c.ClosedWeekdays {
		if i := slices.Index(names, d); i >= 0 {
			cal.closed[i] = true
		}
	}
	for _, h := range c.Holidays {
		cal.holidays[h.Date] = h
	}
	cal.until, _ = time.ParseInLocation(time.DateOnly, c.HolidaysUntil, Tokyo)
	return cal
}

// Day is one opening day of a counter.
type Day struct {
	Date   time.Time // midnight, Japan time
	Opens  string    // HH:MM
	Closes string
	// Unchecked: after the end of the holiday list, so a holiday may be missed.
	Unchecked bool
}

// ISO is the day as YYYY-MM-DD.
func (d Day) ISO() string { return d.Date.Format(time.DateOnly) }

// Closure says why a date is closed, or "" if it is open.
func (c *Calendar) Closure(date time.Time) string {
	date = date.In(Tokyo)
	md := date.Format("01-02")
	from, to := c.yearEnd[0], c.yearEnd[1]
	inYearEnd := from <= md && md <= to
	if from > to { // the closure wraps the new year: 12-29 … 01-03
		inYearEnd = md >= from || md <= to
	}
	switch {
	case c.closed[date.Weekday()]:
		return "weekend"
	case inYearEnd:
		return "year_end"
	}
	if _, ok := c.holidays[date.Format(time.DateOnly)]; ok {
		return "holiday"
	}
	return ""
}

// Checked reports whether the holiday list covers date.
func (c *Calendar) Checked(date time.Time) bool {
	return !midnight(date).After(c.until)
}

// Status is a counter's state at a moment.
type Status struct {
	OpenNow  bool
	Until    string // closing time today, when open now
	NextOpen Day    // the next time it opens (today if it has not opened yet or is open)
	NextDays []Day  // the next opening days, NextOpen first
	// Changes is when this status next changes (opening or closing), so a
	// response showing it can be cached until then and no longer.
	Changes time.Time
}

// Counter is the status at now of a counter open opens–closes on open days,
// with the next n opening days.
func (c *Calendar) Counter(opens, closes string, now time.Time, n int) Status {
	now = now.In(Tokyo)
	today := midnight(now)
	var s Status
	open, close := at(today, opens), at(today, closes)
	if c.Closure(today) == "" && !now.Before(open) && now.Before(close) {
		s.OpenNow, s.Until, s.Changes = true, closes, close
	}
	first := today
	if c.Closure(today) != "" || !now.Before(close) {
		first = today.AddDate(0, 0, 1)
	}
	for d := first; len(s.NextDays) < n; d = d.AddDate(0, 0, 1) {
		if c.Closure(d) == "" {
			s.NextDays = append(s.NextDays, Day{Date: d, Opens: opens, Closes: closes, Unchecked: !c.Checked(d)})
		}
	}
	s.NextOpen = s.NextDays[0]
	if !s.OpenNow {
		s.Changes = at(s.NextOpen.Date, opens)
	}
	return s
}

// StoreDeadline is the last moment to use a store machine after the app step
// at start: within the window, and only while the machines accept.
func (c *Calendar) StoreDeadline(start time.Time) time.Time {
	start = start.In(Tokyo)
	end := start.Add(time.Duration(c.data.WindowHours) * time.Hour)
	day := midnight(end)
	switch opens, closes := at(day, c.data.StoreOpens), at(day, c.data.StoreCloses); {
	case end.After(closes):
		return closes
	case end.Before(opens):
		return at(day.AddDate(0, 0, -1), c.data.StoreCloses)
	}
	return end
}

// TemporaryDates lists the temporary counter's dates from now on.
func (c *Calendar) TemporaryDates(now time.Time) []guidance.TemporaryDate {
	today := midnight(now.In(Tokyo)).Format(time.DateOnly)
	var out []guidance.TemporaryDate
	for _, t := range c.data.TemporaryCounter {
		if t.Date >= today {
			out = append(out, t)
		}
	}
	return out
}

// Warnings are the calendar's freshness warnings at now: the holiday list or
// the temporary-counter list runs out within 90 days.
func (c *Calendar) Warnings(now time.Time) []string {
	var out []string
	soon := midnight(now.In(Tokyo)).AddDate(0, 0, 90)
	if c.until.Before(soon) {
		out = append(out, "祝日の一覧は "+c.data.HolidaysUntil+" までです（90日以内）。翌年の祝日を追加してください（内閣府「国民の祝日について」）。 / the holiday list ends on "+c.data.HolidaysUntil+", within 90 days: add the next year's holidays")
	}
	last := ""
	if n := len(c.data.TemporaryCounter); n > 0 {
		last = c.data.TemporaryCounter[n-1].Date
	}
	if last == "" {
		out = append(out, "臨時窓口の日付がありません。結果のページは市のページを案内します。 / no temporary-counter dates are listed: the result links to the city's page instead")
	} else if last < soon.Format(time.DateOnly) {
		out = append(out, "臨時窓口の日付は "+last+" までです（90日以内）。次の日付を追加してください。 / the temporary-counter list ends on "+last+", within 90 days: add the next dates")
	}
	return out
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(Tokyo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Tokyo)
}

// at is the time hh:mm on day.
func at(day time.Time, hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return day
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}
