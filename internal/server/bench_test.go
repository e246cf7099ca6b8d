package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/server"
)

// BenchmarkGuidanceAPI is one full API request through the router, in memory
// (no network), for one URL: after the first, served from the response cache.
func BenchmarkGuidanceAPI(b *testing.B) {
	newServer(b, io.Discard) // loads the rules once
	h := server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), server.DefaultOptions).Handler()
	url := "/api/v1/guidance?situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes&lang=en"
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkGuidanceAPIUncached cycles through every answer path (more than the
// response cache holds), so each request is parsed, evaluated and rendered.
func BenchmarkGuidanceAPIUncached(b *testing.B) {
	newServer(b, io.Discard)
	h := server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), server.DefaultOptions).Handler()
	var urls []string
	eng.Paths(func(p engine.Path) {
		q := url.Values{}
		for _, a := range p.Order {
			q[a.Question] = a.Values
		}
		urls = append(urls, "/api/v1/guidance?"+q.Encode()+"&lang=en")
	})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, urls[i%len(urls)], nil))
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
		i++
	}
}

// discardWriter is the cheapest ResponseWriter: what the benchmark below
// measures is pinguide's own work per request, not a recorder's.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }

// BenchmarkPageCached is one question page served from the response cache
// through the whole middleware chain, with metrics on as in production: the
// per-request cost that bounds throughput under a rush (make bench-load
// measures the same over real sockets).
func BenchmarkPageCached(b *testing.B) {
	newServer(b, io.Discard)
	opts := server.DefaultOptions
	opts.Metrics = server.NewMetrics()
	opts.RequestLog = io.Discard
	h := server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), opts).Handler()
	req := httptest.NewRequest(http.MethodGet, "/?situation=forgot&pin=sign&lang=en", nil)
	req.RemoteAddr = "127.0.0.1:40000"
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatal(w.code)
		}
	}
}
