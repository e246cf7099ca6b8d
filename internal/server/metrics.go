package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics counts requests per route pattern and outcomes per route kind and
// status — never answers or addresses — so the city sees demand. Made once by
// the caller, so a rules reload keeps the counts.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	outcomes *prometheus.CounterVec
}

// NewMetrics registers pinguide's metrics and Go's runtime ones.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pinguide_http_requests_total", Help: "Requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pinguide_http_request_duration_seconds", Help: "Time to answer, by route pattern.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
		}, []string{"route"}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pinguide_outcomes_total", Help: "Results shown, by status and route kind offered (none: no route).",
		}, []string{"status", "kind"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.outcomes,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format, for the metrics
// address only (never the public one).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

func (m *Metrics) request(route, method string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// outcome counts one result, labelled "status|kind,kind" (see outcomeLabel).
func (m *Metrics) outcome(label string) {
	if m == nil || label == "" {
		return
	}
	status, kinds, _ := strings.Cut(label, "|")
	if kinds == "" {
		m.outcomes.WithLabelValues(status, "none").Inc()
		return
	}
	for _, k := range strings.Split(kinds, ",") {
		m.outcomes.WithLabelValues(status, k).Inc()
	}
}
