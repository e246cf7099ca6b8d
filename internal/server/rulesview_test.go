package server_test

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/server"
)

// TestRulesViewShowsEveryRuleWithItsSource: every question, route, blocked
// reason, document, store, counter and note appears with its source and its
// file:line; confirm notes are listed as open points.
func TestRulesViewShowsEveryRuleWithItsSource(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, doc, body := page(t, ts, "/rules?lang=en")
	require.Equal(t, http.StatusOK, res.StatusCode)
	r := eng.Rules()
	has := func(id, source, origin string) {
		t.Helper()
		assert.Contains(t, body, `data-rule="`+id+`"`, id)
		assert.Contains(t, body, html.EscapeString(source), id)
		assert.Contains(t, body, origin, id)
	}
	for _, q := range r.Questions {
		has("question."+q.ID, q.Source, string(q.Origin))
	}
	for _, rt := range r.Routes {
		has("route."+rt.Kind, rt.Source, string(rt.Origin))
	}
	for _, b := range r.Blocks {
		has("blocked."+b.Reason, b.Source, string(b.Origin))
	}
	for _, d := range r.Documents {
		has("document."+d.ID, d.Source, string(d.Origin))
	}
	for _, s := range r.Stores {
		has("store."+s.ID, s.Source, string(s.Origin))
		assert.Contains(t, body, s.AsOf)
	}
	for _, c := range r.Counters {
		has("counter."+c.ID, c.Source, string(c.Origin))
	}
	open := 0
	for _, n := range r.Notes {
		has("note."+n.ID, n.Source, string(n.Origin))
		if n.Confirm {
			open++
		}
	}
	openSection := first(doc, "section")
	require.NotNil(t, openSection)
	assert.Len(t, all(openSection, "data-rule"), open, "the open points are the confirm notes")
	assert.Contains(t, body, "situation")
	assert.Contains(t, body, "forgot | locked | change → pin", "the question graph")
}

func TestRulesViewCanBeSwitchedOff(t *testing.T) {
	newServer(t, io.Discard)
	opts := server.DefaultOptions
	opts.RulesView = false
	ts := httptest.NewServer(server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL + "/rules")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}
