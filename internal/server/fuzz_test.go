package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/takaoka-city/pinguide/internal/server"
)

// fuzzHandler is the real router over the embedded rules, without a network.
func fuzzHandler(f *testing.F) http.Handler {
	newServer(f, io.Discard)
	return server.New(eng, cat, slog.New(slog.NewJSONHandler(io.Discard, nil)), server.DefaultOptions).Handler()
}

// check fails on a 5xx or on markup from the input echoed raw.
func check(t *testing.T, w *httptest.ResponseRecorder, input string) {
	if w.Code >= 500 {
		t.Fatalf("status %d for %q", w.Code, input)
	}
	if strings.Contains(input, "<x>") && strings.Contains(w.Body.String(), "<x>") {
		t.Fatalf("markup echoed for %q", input)
	}
}

func FuzzAPIQuery(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range []string{
		"situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes",
		"pin=sign&pin=auth&lang=en", "lang=ja-x-easy", "situation=<x>", "%zz", "a=b&a=c", "pin=" + strings.Repeat("sign&pin=", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/guidance", nil)
		req.URL.RawQuery = q
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		check(t, w, q)
	})
}

func FuzzAPIBody(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range []string{
		`{"situation":"forgot","pin":["sign","juki"],"shared":"no","applicant":"self","residence":"takaoka","smartphone":"no","holder_id":"a"}`,
		`{"pin":[]}`, `[]`, `null`, `{"situation":"<x>"}`, `{"lang":["en","ja"]}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/guidance", strings.NewReader(string(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		check(t, w, string(body))
	})
}

func FuzzPageQuery(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range []string{
		"situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b&lang=en",
		"ask=pin&situation=forgot", "answered=situation", "parent=https://www.city.takaoka.toyama.jp&lang=vi", "ask=<x>", "lang=<x>",
	} {
		f.Add(s, uint8(0))
	}
	paths := []string{"/", "/embed/", "/staff", "/help/which-pin", "/accessibility"}
	f.Fuzz(func(t *testing.T, q string, p uint8) {
		req := httptest.NewRequest(http.MethodGet, paths[int(p)%len(paths)], nil)
		req.URL.RawQuery = q
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		check(t, w, q)
	})
}
