package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

// TestPanicIsATranslated500 makes a handler panic: the reader gets a page in
// their language with the request id and no detail; the detail goes to the log.
func TestPanicIsATranslated500(t *testing.T) {
	cat, err := locale.Load(locales.FS)
	require.NoError(t, err)
	r, problems := ruleset.Load(rules.FS)
	require.Empty(t, problems)
	e, problems := engine.New(r)
	require.Empty(t, problems)
	var logs bytes.Buffer
	s := New(e, cat, slog.New(slog.NewJSONHandler(&logs, nil)), DefaultOptions)
	boom := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail") })
	h := s.observe(s.recoverPanics(boom))
	for path, want := range map[string]string{
		"/?lang=en":                "Sorry, something went wrong.",
		"/?lang=ja":                "申し訳ありません。",
		"/api/v1/guidance?lang=en": `"status":"error"`,
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, http.StatusInternalServerError, w.Code, path)
		assert.Contains(t, w.Body.String(), want, path)
		assert.NotContains(t, w.Body.String(), "secret detail", path)
		if !strings.HasPrefix(path, "/api/") {
			assert.Contains(t, w.Body.String(), w.Header().Get("X-Request-Id"), "the page shows the request id")
		}
	}
	assert.Contains(t, logs.String(), "secret detail")
}
