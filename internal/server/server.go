// Package server is pinguide's HTTP face: the wizard's pages (full, embedded,
// counter) and the JSON API. It knows nothing of YAML files: cmd/ hands it a
// ready engine and catalog.
package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/web/ui"
)

// Options are the server's settings (flags in cmd/pinguide).
type Options struct {
	// FrameAncestors are the origins allowed to embed /embed/ in an iframe.
	FrameAncestors []string
	// ReportURL is where a resident reports a wrong answer.
	ReportURL string
	// PublicURL is the wizard's public address (scheme and host), for the link
	// in the counter's QR code.
	PublicURL string
	// TrustedProxies are the address prefixes (CIDR) of the reverse proxies
	// whose X-Forwarded-For names the client; none means the TCP peer is the
	// client.
	TrustedProxies []string
	// Limiter limits requests per client, or is nil for no limit. It is made
	// once by the caller, so a rules reload does not reset it.
	Limiter *httprate.RateLimiter
	// HSTS sends Strict-Transport-Security even when the TLS is terminated by
	// a proxy in front (requests over TLS to pinguide itself always get it).
	HSTS bool
	// Warnings are freshness warnings about the rules, shown on /readyz.
	Warnings []string
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time
	// RequestLog receives one JSON line per request (see requestlog.go); nil
	// sends the same through the slog logger, more slowly.
	RequestLog io.Writer
	// Metrics counts requests and outcomes, or is nil.
	Metrics *Metrics
	// RulesView serves /rules, the fact-checker's view of the rules.
	RulesView bool
	// MaxAge is how long a client or a cache in front may keep a page or an
	// API response (shorter where the content changes sooner, e.g. "open
	// now"); 0 means DefaultMaxAge.
	MaxAge time.Duration
	// AllowPreview lets ?as_of=YYYY-MM-DD show the rules in force on another
	// date (the Dated handler picks them); pages say it is a preview.
	AllowPreview bool
}

// NewLimiter limits each client to perMinute requests a minute (0: no limit).
func NewLimiter(perMinute int) *httprate.RateLimiter {
	if perMinute <= 0 {
		return nil
	}
	return httprate.NewRateLimiter(perMinute, time.Minute)
}

// DefaultOptions are the city's settings.
var DefaultOptions = Options{
	FrameAncestors: []string{"https://www.city.takaoka.toyama.jp"},
	ReportURL:      "https://www.city.takaoka.toyama.jp/gyosei/kurashi_tetsuzuki/todokede_shomei/2/6062.html",
	PublicURL:      "http://localhost:8080",
	RulesView:      true,
}

// Server serves one rule set in every language of one catalog.
type Server struct {
	engine  *engine.Engine
	catalog *locale.Catalog
	cal     *calendar.Calendar
	log     *slog.Logger
	opts    Options
	assets  assets
	cache   *responseCache
	metrics *Metrics
	graph   graphCache
	// maxAgeValues[n] is the Cache-Control value "public, max-age=n".
	maxAgeValues [][]string
}

// New makes a server. The engine's rules are already validated.
func New(e *engine.Engine, c *locale.Catalog, log *slog.Logger, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	return &Server{
		engine: e, catalog: c, cal: calendar.New(e.Rules().Calendar), log: log, opts: opts,
		assets: loadAssets(), cache: newResponseCache(cacheBytes), metrics: opts.Metrics,
		maxAgeValues: newMaxAgeValues(opts.MaxAge),
	}
}

// now is the server's time in Japan.
func (s *Server) now() time.Time { return s.opts.Now().In(calendar.Tokyo) }

// DefaultMaxAge is how long a response may be cached when nothing in it
// depends on the time, unless Options.MaxAge says otherwise.
const DefaultMaxAge = 300 * time.Second

// cacheUntil lets caches keep a response until its content next changes (an
// opening or closing), and never longer than the configured max age.
func (s *Server) cacheUntil(w http.ResponseWriter, change time.Time) {
	now := s.now()
	age := s.opts.MaxAge
	if !change.IsZero() && change.Sub(now) < age {
		age = max(change.Sub(now), 0)
	}
	// No Expires: every cache that honours it also honours max-age, which wins.
	w.Header()["Cache-Control"] = s.maxAgeHeader(age)
}

// maxBodyBytes caps a request body: a full answer set is a few hundred bytes.
const maxBodyBytes = 16 << 10

// Handler is the whole route table.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe, s.recoverPanics, s.securityHeaders, s.limitURL)
	if s.opts.Limiter != nil {
		// The client's address is wanted only as the rate limit's key.
		if len(s.opts.TrustedProxies) > 0 {
			r.Use(middleware.ClientIPFromXFF(s.opts.TrustedProxies...))
		} else {
			r.Use(middleware.ClientIPFromRemoteAddr)
		}
		r.Use(s.rateLimit)
	}
	r.Use(s.finish)
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)

	getHead := func(r chi.Router, pattern string, h http.HandlerFunc) {
		r.Get(pattern, h)
		r.Head(pattern, h)
	}
	getHead(r, "/", s.handleWizard(ui.ModeFull))
	getHead(r, "/help/which-pin", s.handleWhichPin(ui.ModeFull))
	getHead(r, "/accessibility", s.handleAccessibility(ui.ModeFull))
	getHead(r, "/privacy", s.handlePrivacy(ui.ModeFull))
	if s.opts.RulesView {
		getHead(r, "/rules", s.handleRules)
	}
	getHead(r, "/staff", s.handleWizard(ui.ModeStaff))
	r.Get("/embed", func(w http.ResponseWriter, r *http.Request) {
		// #nosec G710 -- a fixed path on this host; the query cannot change the host.
		http.Redirect(w, r, "/embed/?"+r.URL.RawQuery, http.StatusMovedPermanently)
	})
	getHead(r, "/embed/", s.handleWizard(ui.ModeEmbed))
	getHead(r, "/embed/help/which-pin", s.handleWhichPin(ui.ModeEmbed))
	getHead(r, "/embed/accessibility", s.handleAccessibility(ui.ModeEmbed))
	getHead(r, "/embed/privacy", s.handlePrivacy(ui.ModeEmbed))
	getHead(r, "/static/*", s.handleStatic)
	getHead(r, "/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		// Browsers ask for it whatever the page says; the icon is linked from every page.
		http.Redirect(w, r, s.assets.icon, http.StatusMovedPermanently)
	})

	getHead(r, "/healthz", s.handleHealthz)
	getHead(r, "/readyz", s.handleReadyz)
	r.Route("/api/v1", func(r chi.Router) {
		getHead(r, "/guidance", s.handleGuidance)
		r.Post("/guidance", s.handleGuidance)
	})
	return r
}

// isEmbed reports whether a path is under /embed/, the only pages that may be
// framed.
func isEmbed(path string) bool { return path == "/embed" || strings.HasPrefix(path, "/embed/") }

// isAPI reports whether a path answers JSON.
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// handleHealthz answers GET /healthz. Rules are loaded before the server
// listens, so a 200 means they are in.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok rules " + s.engine.Rules().Meta.Version + "\n"))
}

// handleReadyz answers GET /readyz for a load balancer: the rules are loaded
// (their version), with any freshness warnings (which do not make it unready).
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	rules := s.engine.Rules()
	body, _ := json.Marshal(map[string]any{
		"status":         "ready",
		"rules_version":  rules.Meta.Version,
		"source_updated": rules.Meta.SourceUpdated,
		"languages":      s.catalog.Langs(),
		"warnings":       nonNil(s.opts.Warnings),
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(append(body, '\n'))
}

// Swappable serves the handler last stored, so rules and texts can be reloaded
// while requests in flight finish on the handler they started with.
type Swappable struct {
	h atomic.Pointer[http.Handler]
}

// Store makes h serve the next requests.
func (sw *Swappable) Store(h http.Handler) { sw.h.Store(&h) }

func (sw *Swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*sw.h.Load()).ServeHTTP(w, r)
}
