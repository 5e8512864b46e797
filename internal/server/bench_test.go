package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/summit-digest/summit-digest/internal/metrics"
)

// BenchmarkMiddleware measures what the middleware (request id, request
// log, metrics, panic recovery, body limit) adds to a request of the
// application, without the network.
func BenchmarkMiddleware(b *testing.B) {
	m, err := metrics.New(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	s := New(Options{Handler: app, Metrics: m, Logger: slog.New(slog.NewJSONHandler(discard{}, nil))})
	h := s.Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/slack/commands", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("POST /slack/commands = %d", rec.Code)
		}
	}
}

// discard is an io.Writer that keeps the JSON encoding's cost in the
// measurement, unlike slog.DiscardHandler.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
