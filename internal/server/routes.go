package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes registers the server's own routes and mounts the application's
// handler under the rest, all behind the middleware.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /readyz", s.handleReadyz)
	if s.opts.Gatherer != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(s.opts.Gatherer, promhttp.HandlerOpts{
			ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError),
			// A collector failing should not hide all the others.
			ErrorHandling: promhttp.ContinueOnError,
		}))
	}
	if s.opts.Handler != nil {
		mux.Handle("/", s.opts.Handler)
	}
	return s.requestID(s.logRequests(s.recoverPanics(s.limitBody(mux))))
}

// handleHealthz handles the "GET /healthz" route: the process is up and
// serving. It checks nothing else, so that a failing dependency makes the
// bot not ready, not restarted.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyzResponse is what "GET /readyz" answers.
type readyzResponse struct {
	Status string `json:"status"`
	// Checks maps each check's name to "ok" or "failed". The errors
	// themselves go to the log only: they may name internal hosts, and
	// /readyz may be reachable from the internet with the Slack routes.
	Checks map[string]string `json:"checks,omitempty"`
}

// handleReadyz handles the "GET /readyz" route: 200 when every check
// passes, else 503 naming the ones that failed.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, readyzResponse{Status: "shutting down"})
		return
	}
	results := s.ready.runChecks(r.Context(), s.opts.Checks, s.opts.CheckTimeout)
	resp := readyzResponse{Status: "ok", Checks: map[string]string{}}
	code := http.StatusOK
	for _, c := range s.opts.Checks {
		if results[c.Name] != nil {
			resp.Checks[c.Name] = "failed"
			resp.Status = "not ready"
			code = http.StatusServiceUnavailable
		} else {
			resp.Checks[c.Name] = "ok"
		}
	}
	writeJSON(w, code, resp)
}

// readiness runs the checks and logs when one starts or stops failing, not
// at every probe, which would fill the log every few seconds.
type readiness struct {
	log     *slog.Logger
	mu      sync.Mutex
	failing map[string]bool
}

func (rd *readiness) runChecks(ctx context.Context, checks []Check, timeout time.Duration) map[string]error {
	results := make(map[string]error, len(checks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			err := safeCheck(ctx, c.Func)
			mu.Lock()
			results[c.Name] = err
			mu.Unlock()
		})
	}
	wg.Wait()

	rd.mu.Lock()
	defer rd.mu.Unlock()
	for _, c := range checks {
		err := results[c.Name]
		switch {
		case err != nil && !rd.failing[c.Name]:
			rd.log.Warn("readiness check failing", slog.String(logKeyCheck, c.Name), slog.Any(logKeyError, err))
		case err == nil && rd.failing[c.Name]:
			rd.log.Info("readiness check passing again", slog.String(logKeyCheck, c.Name))
		}
		rd.failing[c.Name] = err != nil
	}
	return results
}

// safeCheck runs check, turning a panic into an error: the check runs on
// its own goroutine, where a panic would take the whole process down.
func safeCheck(ctx context.Context, check func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	return check(ctx)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	// The client may be gone; there is no one left to tell.
	_ = json.NewEncoder(w).Encode(v)
}
