package calendar_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

func embedded(t *testing.T) (*calendar.Calendar, guidance.Calendar) {
	t.Helper()
	r, problems := ruleset.Load(rules.FS)
	require.Empty(t, problems)
	return calendar.New(r.Calendar), r.Calendar
}

func jst(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Tokyo)
	require.NoError(t, err)
	return tm
}

// TestHolidaysMatchTheCabinetOfficeList compares the rules' holidays with the
// table transcribed from shared/facts/holidays-jp.md (testdata/holidays-jp.txt).
func TestHolidaysMatchTheCabinetOfficeList(t *testing.T) {
	_, data := embedded(t)
	f, err := os.Open("../../testdata/holidays-jp.txt")
	require.NoError(t, err)
	defer f.Close()
	var want []guidance.Holiday
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		year, days, _ := strings.Cut(line, ": ")
		for _, d := range strings.Split(days, ", ") {
			h := guidance.Holiday{Date: year + "-" + d[:5]}
			h.Provisional = strings.Contains(d, "*")
			if strings.Contains(d, "休") {
				h.Kind = "substitute-or-citizens"
			}
			want = append(want, h)
		}
	}
	require.Len(t, data.Holidays, len(want))
	for i, h := range data.Holidays {
		assert.Equal(t, want[i].Date, h.Date)
		assert.Equal(t, want[i].Provisional, h.Provisional, h.Date)
		assert.Equal(t, want[i].Kind != "", h.Kind != "", "%s: substitute or 国民の休日", h.Date)
	}
	assert.Equal(t, "2028-12-31", data.HolidaysUntil)
}

func TestCounterStatus(t *testing.T) {
	cal, _ := embedded(t)
	tests := []struct {
		name, now string
		open      bool
		next      string   // next opening day
		days      []string // the next three
		changes   string
	}{
		{"Friday 17:14: open until 17:15", "2026-11-27 17:14", true, "2026-11-27", []string{"2026-11-27", "2026-11-30", "2026-12-01"}, "2026-11-27 17:15"},
		{"Friday 17:16: next Monday", "2026-11-27 17:16", false, "2026-11-30", []string{"2026-11-30", "2026-12-01", "2026-12-02"}, "2026-11-30 08:30"},
		{"Wednesday 8:29: opens at 8:30 today", "2026-11-25 08:29", false, "2026-11-25", []string{"2026-11-25", "2026-11-26", "2026-11-27"}, "2026-11-25 08:30"},
		{"Saturday: Monday", "2026-11-28 12:00", false, "2026-11-30", []string{"2026-11-30", "2026-12-01", "2026-12-02"}, "2026-11-30 08:30"},
		{"the day before a holiday (Mon 11-02, 11-03 文化の日)", "2026-11-02 18:00", false, "2026-11-04", []string{"2026-11-04", "2026-11-05", "2026-11-06"}, "2026-11-04 08:30"},
		{"12/28 after closing → 1/4", "2026-12-28 17:30", false, "2027-01-04", []string{"2027-01-04", "2027-01-05", "2027-01-06"}, "2027-01-04 08:30"},
		{"12/28 open", "2026-12-28 10:00", true, "2026-12-28", []string{"2026-12-28", "2027-01-04", "2027-01-05"}, "2026-12-28 17:15"},
		{"a substitute holiday (2026-05-06)", "2026-05-01 18:00", false, "2026-05-07", []string{"2026-05-07", "2026-05-08", "2026-05-11"}, "2026-05-07 08:30"},
		{"国民の休日 2026-09-22 (9/21-23 closed)", "2026-09-18 17:20", false, "2026-09-24", []string{"2026-09-24", "2026-09-25", "2026-09-28"}, "2026-09-24 08:30"},
		{"2027-03-22 振替休日", "2027-03-19 17:20", false, "2027-03-23", []string{"2027-03-23", "2027-03-24", "2027-03-25"}, "2027-03-23 08:30"},
		{"the end of the holiday table (2028-12-28 → 2029-01-04, unchecked)", "2028-12-28 17:30", false, "2029-01-04", []string{"2029-01-04", "2029-01-05", "2029-01-08"}, "2029-01-04 08:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cal.Counter("08:30", "17:15", jst(t, tt.now), 3)
			assert.Equal(t, tt.open, s.OpenNow)
			assert.Equal(t, tt.next, s.NextOpen.ISO())
			var days []string
			for _, d := range s.NextDays {
				days = append(days, d.ISO())
			}
			assert.Equal(t, tt.days, days)
			assert.Equal(t, jst(t, tt.changes), s.Changes)
			if tt.open {
				assert.Equal(t, "17:15", s.Until)
			}
		})
	}
	s := cal.Counter("08:30", "17:15", jst(t, "2028-12-28 17:30"), 3)
	assert.True(t, s.NextOpen.Unchecked, "past the end of the holiday list, a day is marked unchecked")
	s = cal.Counter("08:30", "17:15", jst(t, "2028-12-27 10:00"), 1)
	assert.False(t, s.NextOpen.Unchecked)
}

func TestStoreDeadline(t *testing.T) {
	cal, _ := embedded(t)
	for _, tt := range []struct{ start, want string }{
		{"2026-11-25 14:05", "2026-11-26 14:05"}, // within the machines' hours
		{"2026-11-25 23:30", "2026-11-26 23:00"}, // the 24 hours end after 23:00 → 23:00
		{"2026-11-25 02:00", "2026-11-25 23:00"}, // they end at 2:00 before 6:30 → the day before, 23:00
		{"2026-11-25 06:30", "2026-11-26 06:30"},
		{"2026-11-25 23:00", "2026-11-26 23:00"},
	} {
		assert.Equal(t, jst(t, tt.want), cal.StoreDeadline(jst(t, tt.start)), tt.start)
	}
}

func TestWarnings(t *testing.T) {
	cal, _ := embedded(t)
	w := cal.Warnings(jst(t, "2026-11-25 12:00"))
	assert.Len(t, w, 1, "no temporary-counter dates")
	assert.Contains(t, w[0], "temporary-counter")
	w = cal.Warnings(jst(t, "2028-10-15 12:00"))
	assert.Contains(t, strings.Join(w, "\n"), "holiday list ends on 2028-12-31")
}

func TestClosure(t *testing.T) {
	cal, _ := embedded(t)
	for date, want := range map[string]string{
		"2026-11-25 00:00": "", "2026-11-28 00:00": "weekend", "2026-11-23 00:00": "holiday",
		"2026-12-29 00:00": "year_end", "2026-12-31 00:00": "year_end", "2027-01-01 00:00": "year_end", "2027-01-04 00:00": "",
		"2026-09-22 00:00": "holiday",
	} {
		assert.Equal(t, want, cal.Closure(jst(t, date)), date)
	}
}
