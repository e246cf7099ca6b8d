// Package server is pinguide's HTTP face: the JSON API (and, later, the wizard's
// pages). It knows nothing of YAML files: cmd/ hands it a ready engine and
// catalog.
package server

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/locale"
)

// Server serves one rule set in every language of one catalog.
type Server struct {
	engine  *engine.Engine
	catalog *locale.Catalog
	log     *slog.Logger
}

// New makes a server. The engine's rules are already validated.
func New(e *engine.Engine, c *locale.Catalog, log *slog.Logger) *Server {
	return &Server{engine: e, catalog: c, log: log}
}

// maxBodyBytes caps a request body: a full answer set is a few hundred bytes.
const maxBodyBytes = 16 << 10

// Handler is the whole route table.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.logRequests, s.recoverPanics, securityHeaders)
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)

	r.Get("/healthz", s.handleHealthz)
	r.Head("/healthz", s.handleHealthz)
	r.Route("/api/v1", func(r chi.Router) {
		r.Get("/guidance", s.handleGuidance)
		r.Head("/guidance", s.handleGuidance)
		r.Post("/guidance", s.handleGuidance)
	})
	return r
}

// handleHealthz answers GET /healthz. Rules are loaded before the server
// listens, so a 200 means they are in.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok rules " + s.engine.Rules().Meta.Version + "\n"))
}
