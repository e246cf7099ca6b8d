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
