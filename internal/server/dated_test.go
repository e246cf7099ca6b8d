package server_test

import (
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/rules"
)

// datedServer serves rules where a store joins on 2027-04-01, on 2026-11-25.
func datedServer(t *testing.T, allowPreview bool) *httptest.Server {
	t.Helper()
	newServer(t, io.Discard)
	m := fstest.MapFS{}
	names, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range names {
		data, _ := fs.ReadFile(rules.FS, n)
		if n == "stores.yaml" {
			data = []byte(strings.Replace(string(data), "  - id: lawson\n", `  - id: ministop
    official: ミニストップ
    pins: [sign]
    as_of: "2026-11-01"
    valid_from: "2027-04-01"
    source: test data
  - id: lawson
`, 1))
		}
		m[n] = &fstest.MapFile{Data: data}
	}
	all, problems := ruleset.Load(m)
	require.Empty(t, problems)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, calendar.Tokyo)
	opts := server.DefaultOptions
	opts.AllowPreview = allowPreview
	opts.Now = func() time.Time { return now }
	d := &server.Dated{AllowPreview: allowPreview, Now: opts.Now}
	for _, p := range ruleset.Periods(all) {
		e, problems := engine.New(p.Rules)
		require.Empty(t, problems)
		d.Periods = append(d.Periods, server.DatedHandler{From: p.From, To: p.To,
			Handler: server.New(e, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler()})
	}
	ts := httptest.NewServer(d)
	t.Cleanup(ts.Close)
	return ts
}

const storeSign = "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=elsewhere"

func TestFutureRuleIsInvisibleTodayAndVisibleInAPreview(t *testing.T) {
	ts := datedServer(t, true)
	_, _, today := page(t, ts, "/?"+storeSign+"&lang=en")
	assert.NotContains(t, today, "ミニストップ")
	assert.NotContains(t, today, "Preview")

	_, _, preview := page(t, ts, "/?"+storeSign+"&lang=en&as_of=2027-04-01")
	assert.Contains(t, preview, "ミニストップ")
	assert.Contains(t, preview, "Preview: shown with the rules in force on 1 April 2027.")
	assert.Contains(t, preview, "as_of=2027-04-01", "links keep the preview")

	res, err := http.Get(ts.URL + "/api/v1/guidance?" + storeSign + "&as_of=2027-04-01")
	require.NoError(t, err)
	defer res.Body.Close()
	var body struct {
		Routes []struct{ Stores []string } `json:"routes"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	assert.Contains(t, body.Routes[0].Stores, "ministop")
}

func TestPreviewIsOffUnlessEnabled(t *testing.T) {
	ts := datedServer(t, false)
	_, _, body := page(t, ts, "/?"+storeSign+"&lang=en&as_of=2027-04-01")
	assert.NotContains(t, body, "ミニストップ")
	assert.NotContains(t, body, "Preview")
	res, err := http.Get(ts.URL + "/api/v1/guidance?" + storeSign + "&as_of=2027-04-01")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}
