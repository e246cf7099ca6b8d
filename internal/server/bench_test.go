package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/takaoka-city/pinguide/internal/server"
)

// BenchmarkGuidanceAPI is one full API request through the router, in memory
// (no network): parsing, validation, evaluation, translation and JSON.
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
