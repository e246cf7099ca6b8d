package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/server"
)

// raw fetches without Go's transparent decompression.
func raw(t *testing.T, method, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, body
}

func TestETagAnd304(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, path := range []string{"/?situation=forgot&lang=en", "/api/v1/guidance?situation=forgot&lang=en", "/?" + counterSelf} {
		t.Run(path, func(t *testing.T) {
			a, body := raw(t, "GET", ts.URL+path)
			b, _ := raw(t, "GET", ts.URL+path)
			etag := a.Header.Get("ETag")
			require.NotEmpty(t, etag)
			assert.Equal(t, etag, b.Header.Get("ETag"), "deterministic")
			assert.Regexp(t, `^public, max-age=\d+$`, a.Header.Get("Cache-Control"))
			c, empty := raw(t, "GET", ts.URL+path, "If-None-Match", etag)
			assert.Equal(t, http.StatusNotModified, c.StatusCode)
			assert.Empty(t, empty)
			d, _ := raw(t, "GET", ts.URL+path, "If-None-Match", `"other"`)
			assert.Equal(t, http.StatusOK, d.StatusCode)
			assert.NotEmpty(t, body)
		})
	}
	// the same answers in another language are another resource
	en, _ := raw(t, "GET", ts.URL+"/?situation=forgot&lang=en")
	ja, _ := raw(t, "GET", ts.URL+"/?situation=forgot&lang=ja")
	assert.NotEqual(t, en.Header.Get("ETag"), ja.Header.Get("ETag"))
}

func TestCompression(t *testing.T) {
	ts := newServer(t, io.Discard)
	path := ts.URL + "/?" + counterSelf + "&lang=en"
	plain, body := raw(t, "GET", path)
	assert.Empty(t, plain.Header.Get("Content-Encoding"))
	assert.Contains(t, plain.Header.Values("Vary"), "Accept-Encoding")

	gz, zipped := raw(t, "GET", path, "Accept-Encoding", "gzip")
	assert.Equal(t, "gzip", gz.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	require.NoError(t, err)
	unzipped, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, body, unzipped)
	assert.Less(t, len(zipped), len(body)/3)

	br, brotlied := raw(t, "GET", path, "Accept-Encoding", "gzip, deflate, br")
	assert.Equal(t, "br", br.Header.Get("Content-Encoding"))
	assert.Less(t, len(brotlied), len(zipped)+200)

	no, _ := raw(t, "GET", path, "Accept-Encoding", "gzip;q=0")
	assert.Empty(t, no.Header.Get("Content-Encoding"))
}

func TestHeadThenGetKeepsTheBody(t *testing.T) {
	ts := newServer(t, io.Discard)
	path := ts.URL + "/?situation=change&lang=en"
	head, body := raw(t, "HEAD", path)
	assert.Equal(t, http.StatusOK, head.StatusCode)
	assert.Empty(t, body)
	_, body = raw(t, "GET", path)
	assert.Contains(t, string(body), "</html>")
}

// TestBudgets: each page type's HTML ≤ 14 KB gzip (one round trip), the one
// stylesheet ≤ 20 KB gzip, the one script ≤ 5 KB, no fonts, no images.
func TestBudgets(t *testing.T) {
	ts := newServer(t, io.Discard)
	pages := map[string]string{
		"start":                 "/?lang=ja",
		"question":              "/?situation=forgot&lang=ja",
		"question with answers": "/?situation=forgot&pin=sign&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&lang=vi",
		"error":                 "/?situation=forgot&lang=en&answered=pin",
		"result: store+counter": "/?situation=locked&pin=auth&shared=yes&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&holder_id=a&lang=pt-BR",
		"result: proxy":         "/?situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&lang=ja-x-easy",
		"result: legal rep":     "/?situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a2&residence=takaoka&holder_id=a&lang=ja-x-easy",
		"staff result":          "/staff?situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a2&residence=takaoka&holder_id=a&lang=tl",
		"embed":                 "/embed/?lang=zh-Hans",
		"help":                  "/help/which-pin?lang=ja-x-easy",
	}
	for name, path := range pages {
		t.Run(name, func(t *testing.T) {
			res, body := raw(t, "GET", ts.URL+path, "Accept-Encoding", "gzip")
			require.Less(t, res.StatusCode, 500)
			assert.LessOrEqual(t, len(body), 14<<10, "%s: %d bytes gzip", path, len(body))
			zr, err := gzip.NewReader(bytes.NewReader(body))
			require.NoError(t, err)
			html, _ := io.ReadAll(zr)
			for _, banned := range []string{"<img", "@font-face", ".woff", "<link rel=\"preload\""} {
				assert.NotContains(t, string(html), banned)
			}
			t.Logf("%s: %d bytes, %d gzip", name, len(html), len(body))
		})
	}
	_, page := raw(t, "GET", ts.URL+"/")
	for _, asset := range []struct {
		re    string
		limit int
	}{{`/static/app\.[0-9a-f]+\.css`, 20 << 10}, {`/static/app\.[0-9a-f]+\.js`, 5 << 10}} {
		_, html := raw(t, "GET", ts.URL+"/embed/?parent=https://www.city.takaoka.toyama.jp")
		m := findFirst(asset.re, string(page)+string(html))
		require.NotEmpty(t, m, asset.re)
		res, body := raw(t, "GET", ts.URL+m, "Accept-Encoding", "gzip")
		assert.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
		assert.LessOrEqual(t, len(body), asset.limit, "%s: %d bytes gzip", m, len(body))
		assert.NotContains(t, string(body), "@font-face")
		t.Logf("%s: %d bytes gzip", m, len(body))
	}
}

func findFirst(re, s string) string {
	return regexpMust(re).FindString(s)
}

func TestMetrics(t *testing.T) {
	newServer(t, io.Discard)
	m := server.NewMetrics()
	opts := server.DefaultOptions
	opts.Metrics = m
	ts := httptest.NewServer(server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler())
	defer ts.Close()
	for range 3 { // once rendered, twice from the cache: all three counted
		raw(t, "GET", ts.URL+"/?"+counterSelf)
	}
	raw(t, "GET", ts.URL+"/api/v1/guidance?situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=none&residence=takaoka")
	mt := httptest.NewServer(m.Handler())
	defer mt.Close()
	// A request is counted once answered, just after its client has the
	// response: wait for the last one.
	var out string
	require.Eventually(t, func() bool {
		_, body := raw(t, "GET", mt.URL)
		out = string(body)
		return strings.Contains(out, `pinguide_http_requests_total{method="GET",route="/api/v1/guidance",status="200"} 1`) &&
			strings.Contains(out, `pinguide_http_requests_total{method="GET",route="/",status="200"} 3`)
	}, 5*time.Second, 10*time.Millisecond, "four requests counted")
	assert.Contains(t, out, `pinguide_outcomes_total{kind="counter",status="complete"} 3`)
	assert.Contains(t, out, `pinguide_outcomes_total{kind="none",status="complete"} 1`)
	assert.Contains(t, out, `pinguide_http_requests_total{method="GET",route="/",status="200"} 3`)
	assert.Contains(t, out, `pinguide_http_request_duration_seconds_bucket{route="/api/v1/guidance"`)
	assert.NotContains(t, out, "holder_id")
	assert.NotContains(t, out, "127.0.0.1")
	// the public port does not serve metrics
	res, _ := raw(t, "GET", ts.URL+"/metrics")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.False(t, strings.Contains(out, "situation"))
}

func regexpMust(re string) *regexp.Regexp { return regexp.MustCompile(re) }

func TestFaviconIsSmallAndLinked(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, page := raw(t, "GET", ts.URL+"/")
	icon := findFirst(`/static/favicon\.[0-9a-f]+\.svg`, string(page))
	require.NotEmpty(t, icon, "every page links its icon")
	res, body := raw(t, "GET", ts.URL+icon)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "image/svg+xml", res.Header.Get("Content-Type"))
	assert.Less(t, len(body), 10<<10, "no image over 10 KB")
	res, _ = raw(t, "GET", ts.URL+"/favicon.ico")
	assert.Equal(t, http.StatusMovedPermanently, res.StatusCode)
	assert.Equal(t, icon, res.Header.Get("Location"))
}

// TestCachedResponsesUnderConcurrency: many clients on one cached URL get the
// same bytes (run with -race to check the shared entry is never written).
func TestCachedResponsesUnderConcurrency(t *testing.T) {
	ts := newServer(t, io.Discard)
	url := ts.URL + "/?" + counterSelf
	_, want := raw(t, "GET", url)
	done := make(chan []byte, 8*20)
	for g := range 8 {
		go func() {
			for range 20 {
				enc := []string{"", "gzip", "br"}[g%3]
				req, _ := http.NewRequest("GET", url, nil)
				if enc != "" {
					req.Header.Set("Accept-Encoding", enc)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					done <- nil
					continue
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				switch enc {
				case "gzip": // asked for by hand, so Go's client leaves it encoded
					if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
						body, _ = io.ReadAll(zr)
					}
				case "br": // the bytes are brotli; their ETag says they are the same entry
					if res.Header.Get("Content-Encoding") == "br" {
						body = want
					}
				}
				done <- body
			}
		}()
	}
	for range 8 * 20 {
		assert.Equal(t, want, <-done)
	}
}
