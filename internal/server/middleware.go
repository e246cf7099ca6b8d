package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

var (
	idPrefix  = func() string { var b [4]byte; _, _ = rand.Read(b[:]); return hex.EncodeToString(b[:]) + "-" }()
	idCounter atomic.Uint64
)

type ctxKey int

const stateKey ctxKey = iota

// reqState is what the middleware learns about one request: its id, the
// status sent and the outcome shown. One value in the context carries it all,
// so a request costs one context and one wrapper, not one per middleware.
type reqState struct {
	http.ResponseWriter
	id      string
	status  int
	outcome string // see outcomeLabel; set by the handler or replayed from the cache
}

func (st *reqState) WriteHeader(code int) {
	if st.status == 0 {
		st.status = code
	}
	st.ResponseWriter.WriteHeader(code)
}

func (st *reqState) Write(b []byte) (int, error) {
	if st.status == 0 {
		st.status = http.StatusOK
	}
	return st.ResponseWriter.Write(b)
}

func stateFrom(ctx context.Context) *reqState {
	st, _ := ctx.Value(stateKey).(*reqState)
	return st
}

func requestIDFrom(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.id
	}
	return ""
}

// recordOutcome notes the outcome a response shows, for the metrics and for the
// cache to replay on hits.
func recordOutcome(ctx context.Context, label string) {
	if st := stateFrom(ctx); st != nil {
		st.outcome = label
	}
}

// observe gives every request an id, returned in X-Request-Id, and logs and
// counts it when answered: method, route pattern, status, duration and request
// id — never the path's values, the query, a body or an address. The id lets a
// resident's report of an error be matched to a log line without anything
// about the resident being kept; a random per-process prefix and a counter
// make it unique without a system call per request.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &reqState{ResponseWriter: w, id: idPrefix + strconv.FormatUint(idCounter.Add(1), 36)}
		w.Header()["X-Request-Id"] = []string{st.id}
		r = r.WithContext(context.WithValue(r.Context(), stateKey, st))
		next.ServeHTTP(st, r)
		pattern := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			pattern = rc.RoutePattern()
		}
		took := time.Since(start)
		s.metrics.request(pattern, r.Method, st.status, took)
		s.metrics.outcome(st.outcome)
		s.logRequest(start.Add(took), r.Method, pattern, st.status, took, st.id)
	})
}

// recoverPanics turns a panic into a plain 500 with the request id; the detail
// goes to the log only.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", requestIDFrom(r.Context()), "error", v)
				s.writeError(w, r, http.StatusInternalServerError, "error.internal", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries, in this one place.
// No page has inline script or style, so the CSP needs no nonce and a page stays
// byte-identical for the same answers. Only /embed/ may be framed, and only by
// the configured origins. The values are built once and shared (read only):
// setting them costs no allocation per request.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	base := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
		"form-action 'self'; base-uri 'none'; object-src 'none'"
	allowFrames := base + "; frame-ancestors 'none'"
	if len(s.opts.FrameAncestors) > 0 {
		allowFrames = base + "; frame-ancestors " + strings.Join(s.opts.FrameAncestors, " ")
	}
	common := http.Header{
		"X-Content-Type-Options":     {"nosniff"},
		"Referrer-Policy":            {"strict-origin-when-cross-origin"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
		"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"},
	}
	denyCSP, denyXFO := []string{base + "; frame-ancestors 'none'"}, []string{"DENY"}
	embedCSP := []string{allowFrames}
	hsts := []string{"max-age=31536000; includeSubDomains"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range common {
			h[k] = v
		}
		if r.TLS != nil || s.opts.HSTS {
			h["Strict-Transport-Security"] = hsts
		}
		if isEmbed(r.URL.Path) {
			h["Content-Security-Policy"] = embedCSP
		} else {
			h["Content-Security-Policy"] = denyCSP
			h["X-Frame-Options"] = denyXFO
		}
		next.ServeHTTP(w, r)
	})
}

// maxURLBytes bounds a request's URL: a full answer set is a few hundred bytes.
// Longer is refused with 414 (Go itself answers 431 past MaxHeaderBytes).
const maxURLBytes = 4 << 10

// limitURL refuses a too-long URL before anything parses it.
func (s *Server) limitURL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.RequestURI) > maxURLBytes {
			r.URL.RawQuery = "" // nothing of it is read, not even lang
			s.writeError(w, r, http.StatusRequestURITooLong, "error.uri_too_long", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rateLimit answers 429, translated and with Retry-After, to a client over the
// limit. The client's address is only a key in memory for the current minute.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := middleware.GetClientIP(r.Context())
		if key == "" {
			key = "unknown"
		}
		if s.opts.Limiter.OnLimit(w, r, key) {
			s.writeError(w, r, http.StatusTooManyRequests, "error.rate_limited", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}
