package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/server"
)

// observatory scores a response's headers by the Mozilla HTTP Observatory's
// tests (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring),
// returning the penalties it would give. The HTTP→HTTPS redirection and HSTS
// are the TLS-terminating proxy's, so they are checked separately (HSTS is sent
// with --hsts).
func observatory(h http.Header, embed bool) []string {
	var penalties []string
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			directives[f[0]] = strings.Join(f[1:], " ")
		}
	}
	switch {
	case csp == "":
		penalties = append(penalties, "csp-not-implemented (-25)")
	case strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "data:"):
		penalties = append(penalties, "csp-implemented-with-unsafe (-20)")
	case directives["default-src"] != "'none'" || directives["object-src"] != "'none'" || directives["base-uri"] != "'none'" || directives["form-action"] != "'self'":
		penalties = append(penalties, "csp not strict (no bonus)")
	}
	if fa, ok := directives["frame-ancestors"]; !ok || (!embed && fa != "'none'") {
		penalties = append(penalties, "frame-ancestors missing")
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		penalties = append(penalties, "x-content-type-options-not-implemented (-5)")
	}
	if !embed && h.Get("X-Frame-Options") != "DENY" {
		penalties = append(penalties, "x-frame-options-not-implemented (-20)")
	}
	if embed && h.Get("X-Frame-Options") != "" {
		penalties = append(penalties, "X-Frame-Options would forbid the allowed embedding")
	}
	switch h.Get("Referrer-Policy") {
	case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
	default:
		penalties = append(penalties, "referrer-policy-unsafe or missing")
	}
	if h.Get("Set-Cookie") != "" {
		penalties = append(penalties, "cookies set (none expected)")
	}
	if h.Get("Access-Control-Allow-Origin") == "*" {
		penalties = append(penalties, "cross-origin-resource-sharing-implemented-with-universal-access (-50)")
	}
	if h.Get("Cross-Origin-Opener-Policy") != "same-origin" {
		penalties = append(penalties, "COOP missing")
	}
	if h.Get("Permissions-Policy") == "" {
		penalties = append(penalties, "Permissions-Policy missing")
	}
	if h.Get("Server") != "" || h.Get("X-Powered-By") != "" {
		penalties = append(penalties, "a server banner")
	}
	return penalties
}

// TestEveryRouteScoresTop holds every route, including errors, to the
// Observatory's rules.
func TestEveryRouteScoresTop(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, path := range []string{
		"/", "/?situation=forgot&lang=en", "/?" + counterSelf, "/?situation=forgot&lang=en&answered=pin", "/?situation=lost",
		"/staff", "/staff?" + counterSelf, "/help/which-pin", "/accessibility", "/privacy", "/nowhere",
		"/embed/", "/embed/?" + counterSelf, "/embed/help/which-pin", "/embed/accessibility", "/embed/privacy", "/embed/nowhere",
		"/api/v1/guidance?" + counterSelf, "/api/v1/guidance?x=1", "/api/v1/nowhere", "/healthz", "/readyz",
	} {
		t.Run(path, func(t *testing.T) {
			res, err := http.Get(ts.URL + path)
			require.NoError(t, err)
			res.Body.Close()
			assert.Empty(t, observatory(res.Header, strings.HasPrefix(path, "/embed/")))
		})
	}
	_, _, body := page(t, ts, "/")
	m := cssLink.FindStringSubmatch(body)
	require.NotNil(t, m)
	res, err := http.Get(ts.URL + m[1])
	require.NoError(t, err)
	res.Body.Close()
	assert.Empty(t, observatory(res.Header, false), "the stylesheet")
}

func TestHSTSWhenConfigured(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, err := http.Get(ts.URL + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Empty(t, res.Header.Get("Strict-Transport-Security"), "not over plain HTTP unless configured")

	opts := server.DefaultOptions
	opts.HSTS = true
	tls := httptest.NewServer(server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler())
	defer tls.Close()
	res, err = http.Get(tls.URL + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, "max-age=31536000; includeSubDomains", res.Header.Get("Strict-Transport-Security"))
}
