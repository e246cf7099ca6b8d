package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/server"
)

// newServerAt serves with the clock stopped at now (Japan time, "2006-01-02 15:04").
func newServerAt(t *testing.T, now string) *httptest.Server {
	t.Helper()
	newServer(t, io.Discard)
	at, err := time.ParseInLocation("2006-01-02 15:04", now, calendar.Tokyo)
	require.NoError(t, err)
	opts := server.DefaultOptions
	opts.Now = func() time.Time { return at }
	ts := httptest.NewServer(server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler())
	t.Cleanup(ts.Close)
	return ts
}

const counterSelf = "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b"

func TestAPICalendarAndCaching(t *testing.T) {
	for _, tt := range []struct {
		name, now string
		open      bool
		next      string
		maxAge    string
	}{
		{"Friday 17:14: open, cacheable for a minute", "2026-11-27 17:14", true, "2026-11-27", "public, max-age=60"},
		{"Friday 17:16: next Monday", "2026-11-27 17:16", false, "2026-11-30", "public, max-age=300"},
		{"Monday 8:28: opens in two minutes", "2026-11-30 08:28", false, "2026-11-30", "public, max-age=120"},
		{"12/28 evening: 1/4", "2026-12-28 18:00", false, "2027-01-04", "public, max-age=300"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServerAt(t, tt.now)
			res, err := http.Get(ts.URL + "/api/v1/guidance?" + counterSelf)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, tt.maxAge, res.Header.Get("Cache-Control"))
			var body struct {
				Routes []struct {
					Calendar []struct {
						ID       string `json:"id"`
						OpenNow  bool   `json:"open_now"`
						NextOpen struct {
							Date, Opens, Closes string
						} `json:"next_open"`
						NextDays []struct{ Date string } `json:"next_days"`
					} `json:"calendar"`
					Counters []string `json:"counters"`
				} `json:"routes"`
			}
			require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
			require.Len(t, body.Routes, 1)
			cal := body.Routes[0].Calendar
			require.Len(t, cal, len(body.Routes[0].Counters), "one entry per counter")
			assert.Equal(t, "honcho", cal[0].ID)
			assert.Equal(t, tt.open, cal[0].OpenNow)
			assert.Equal(t, tt.next, cal[0].NextOpen.Date)
			assert.Equal(t, "08:30", cal[0].NextOpen.Opens)
			assert.Len(t, cal[0].NextDays, 3)
		})
	}
}

func TestResultPageSaysWhen(t *testing.T) {
	for _, tt := range []struct{ now, lang, want string }{
		{"2026-11-27 17:16", "en", "Next open: Monday 30 November, 8:30–17:15"},
		{"2026-11-27 17:16", "ja", "次に開く日：11月30日（月） 8:30～17:15"},
		{"2026-11-27 10:00", "en", "Open now, until 17:15"},
		{"2026-12-28 18:00", "en", "Next open: Monday 4 January 2027, 8:30–17:15"},
	} {
		t.Run(tt.now+" "+tt.lang, func(t *testing.T) {
			ts := newServerAt(t, tt.now)
			_, _, body := page(t, ts, "/?"+counterSelf+"&lang="+tt.lang)
			assert.Contains(t, body, tt.want)
		})
	}
}

func TestProxyPlanAndTemporaryCounter(t *testing.T) {
	ts := newServerAt(t, "2026-11-27 17:16")
	_, _, body := page(t, ts, "/?situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&lang=en")
	assert.Contains(t, body, "First visit: on an opening day from Monday 30 November.")
	assert.Contains(t, body, "See the city&#39;s page for the dates.", "no dates listed: promise nothing")
}

func TestStoreDeadline(t *testing.T) {
	ts := newServerAt(t, "2026-11-25 23:30")
	store := "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=elsewhere&lang=en"
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(ts.URL + "/?" + store + "&app_step_at=now")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Contains(t, res.Header.Get("Location"), "app_step_at=2026-11-25T23%3A30")

	_, _, body := page(t, ts, "/?"+store)
	assert.Contains(t, body, "within 24 hours, between 6:30 and 23:00")
	assert.Contains(t, body, `name="app_step_at" value="now"`)
	_, _, body = page(t, ts, "/?"+store+"&app_step_at=2026-11-25T23:30")
	assert.Contains(t, body, "Go to a multi-copy machine by Thursday 26 November 23:00.")
	// The language switcher keeps the deadline.
	assert.Contains(t, body, `lang=vi&amp;app_step_at=2026-11-25T23%3A30"`)
	_, _, body = page(t, ts, "/?"+strings.Replace(store, "lang=en", "lang=ja", 1)+"&app_step_at=2026-11-25T23:30")
	assert.Contains(t, body, "11月26日")

	res, err = http.Get(ts.URL + "/api/v1/guidance?" + store + "&app_step_at=2026-11-25T02:00")
	require.NoError(t, err)
	defer res.Body.Close()
	var api struct {
		Routes []struct {
			Machines struct{ Deadline string } `json:"machines"`
		} `json:"routes"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&api))
	assert.Equal(t, "2026-11-25T23:00:00+09:00", api.Routes[0].Machines.Deadline)

	res, err = http.Get(ts.URL + "/api/v1/guidance?" + store + "&app_step_at=tomorrow")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}

// TestNextOpeningInEveryLocale: Friday 17:16 → Monday 30 November, written the
// reader's way in each language, on the page and as an ISO date in the API.
func TestNextOpeningInEveryLocale(t *testing.T) {
	ts := newServerAt(t, "2026-11-27 17:16")
	for lang, want := range map[string]string{
		"ja":        "11月30日（月）",
		"ja-x-easy": "11<ruby>月<rt>がつ</rt></ruby>30<ruby>日<rt>にち</rt></ruby>（<ruby>月曜日<rt>げつようび</rt></ruby>）",
		"en":        "Monday 30 November",
		"vi":        "Thứ Hai, ngày 30 tháng 11",
		"zh-Hans":   "11月30日（周一）",
		"pt-BR":     "segunda-feira, 30 de novembro",
		"tl":        "Lunes, Nobyembre 30",
	} {
		t.Run(lang, func(t *testing.T) {
			_, _, body := page(t, ts, "/?"+counterSelf+"&lang="+lang)
			assert.Contains(t, body, want)
			res, err := http.Get(ts.URL + "/api/v1/guidance?" + counterSelf + "&lang=" + lang)
			require.NoError(t, err)
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			assert.Contains(t, string(b), `"next_open":{"date":"2026-11-30","opens":"08:30","closes":"17:15"}`)
		})
	}
}

// TestMaxAgeConfigured: --max-age sets how long a response may be kept; a
// response that changes sooner still counts down to the change, and a hit from
// the cache a while later counts down too.
func TestMaxAgeConfigured(t *testing.T) {
	newServer(t, io.Discard)
	at, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-27 17:00", calendar.Tokyo)
	require.NoError(t, err)
	clock := at
	opts := server.DefaultOptions
	opts.Now = func() time.Time { return clock }
	opts.MaxAge = 10 * time.Minute
	ts := httptest.NewServer(server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler())
	defer ts.Close()
	for _, tt := range []struct {
		name, path string
		after      time.Duration // since 17:00
		want       string
	}{
		{"a question", "/?situation=forgot&pin=sign", 0, "public, max-age=600"},
		{"the same question from the cache 100 s later", "/?situation=forgot&pin=sign", 100 * time.Second, "public, max-age=500"},
		{"help page", "/help/which-pin", 0, "public, max-age=600"},
		{"a counter result at 17:00: the closing at 17:15 is later than the max age", "/api/v1/guidance?" + counterSelf, 0, "public, max-age=600"},
		{"the same at 17:10: five minutes to the closing", "/api/v1/guidance?" + counterSelf, 10 * time.Minute, "public, max-age=300"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock = at.Add(tt.after)
			res, _ := raw(t, "GET", ts.URL+tt.path)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tt.want, res.Header.Get("Cache-Control"))
		})
	}
}
