// Package server provides the HTTP server's life: an http.Server with
// timeouts and a body limit, the operational routes (/healthz, /readyz,
// /metrics) beside the application's own handler, panic recovery, request
// ids and request logs, and a graceful, bounded shutdown.
//
// It knows nothing of Slack or storage: readiness checks and the
// application handler are passed in.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Defaults for the zero values of Options.
const (
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 15 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxBodyBytes      = 1 << 20
	// DefaultCheckTimeout bounds one readiness check, so that a hung store
	// cannot hang the probe (Kubernetes gives probes 1 s by default).
	DefaultCheckTimeout = 2 * time.Second
)

// Log attribute keys.
const (
	logKeyComponent = "component"
	logKeyRequestID = "request_id"
	logKeyMethod    = "method"
	logKeyPath      = "path"
	logKeyStatus    = "status"
	logKeyDuration  = "duration"
	logKeyCheck     = "check"
	logKeyAddr      = "addr"
	logKeyError     = "error"
	logKeyStack     = "stack"
	logKeyAttempt   = "attempt"
	logKeyRetryIn   = "retry_in"
)

// Check is one readiness check: /readyz answers 200 only when every
// check's Func returns nil.
type Check struct {
	// Name says which check failed in /readyz's answer and the logs,
	// e.g. "store" or "slack".
	Name string
	// Func returns nil when the dependency is usable. It gets a context
	// bounded by Options.CheckTimeout and must be cheap: probes call it
	// every few seconds (see Eventually for one that must not be).
	Func func(ctx context.Context) error
}

// Observer records each HTTP request served. route is the mux pattern
// ("POST /slack/commands"), "app" or "other", never the raw path, so that
// the metric's cardinality stays bounded.
type Observer interface {
	ObserveHTTP(route, method string, code int, took time.Duration)
}

// Options configures a Server. Only Addr is required.
type Options struct {
	// Addr is the address to listen on, host:port; port 0 picks a free one.
	Addr string
	// Handler serves every route the server does not own (the Slack
	// routes). Nil means those routes answer 404.
	Handler http.Handler
	// Gatherer is what /metrics exposes; nil means no /metrics route.
	Gatherer prometheus.Gatherer
	// Metrics, when not nil, counts and times every request;
	// *metrics.Metrics satisfies it.
	Metrics Observer
	// Checks decide readiness.
	Checks []Check
	// Logger defaults to slog.Default().
	Logger *slog.Logger

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// MaxBodyBytes caps every request body: a larger declared
	// Content-Length gets 413 at once, and reading past the limit fails.
	MaxBodyBytes int64
	CheckTimeout time.Duration
}

// Server is the HTTP server. Create it with New, then Start it, then
// Shutdown it; it cannot be restarted.
type Server struct {
	opts    Options
	log     *slog.Logger
	http    *http.Server
	handler http.Handler
	// draining turns /readyz to 503 once Shutdown begins, for probes
	// that come on connections still open while requests finish.
	draining atomic.Bool
	ready    readiness

	mu       sync.Mutex
	listener net.Listener
	errc     chan error
}

// New returns a Server for opts, with defaults for its zero fields.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.ReadHeaderTimeout = orDefault(opts.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	opts.ReadTimeout = orDefault(opts.ReadTimeout, DefaultReadTimeout)
	opts.WriteTimeout = orDefault(opts.WriteTimeout, DefaultWriteTimeout)
	opts.IdleTimeout = orDefault(opts.IdleTimeout, DefaultIdleTimeout)
	opts.CheckTimeout = orDefault(opts.CheckTimeout, DefaultCheckTimeout)
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	log := slog.New(NewLogHandler(opts.Logger.Handler())).With(slog.String(logKeyComponent, "http"))
	s := &Server{
		opts:  opts,
		log:   log,
		ready: readiness{log: log, failing: map[string]bool{}},
		errc:  make(chan error, 1),
	}
	s.handler = s.routes()
	s.http = &http.Server{
		Addr:              opts.Addr,
		Handler:           s.handler,
		ReadHeaderTimeout: opts.ReadHeaderTimeout,
		ReadTimeout:       opts.ReadTimeout,
		WriteTimeout:      opts.WriteTimeout,
		IdleTimeout:       opts.IdleTimeout,
		// Errors the http package logs itself (TLS handshakes, bad
		// requests it answers on its own) go to our log too.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Handler returns the server's whole handler, middleware included, for
// tests that drive it without a listener.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on Options.Addr and serves in the background. It returns
// once the listener is open, so an address in use is its error and a
// request made after it returns is served.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("server already started")
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.opts.Addr, err)
	}
	s.listener = ln
	s.log.Info("listening", slog.String(logKeyAddr, ln.Addr().String()))
	go func() {
		err := s.http.Serve(ln)
		if !errors.Is(err, http.ErrServerClosed) {
			s.errc <- fmt.Errorf("serve http: %w", err)
		}
		close(s.errc)
	}()
	return nil
}

// Addr returns the address listened on, with the port chosen when
// Options.Addr asked for port 0; "" before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return ""
	}
	return s.listener.Addr().String()
}

// Err returns a channel that yields the error that stopped the server
// unexpectedly, and is closed when the server stops. A caller selects on
// it beside its signal context.
func (s *Server) Err() <-chan error { return s.errc }

// Shutdown stops the server gracefully: /readyz turns 503, the listener
// closes, and in-flight requests are waited for until ctx is done. Then
// the connections left are closed and Shutdown returns ctx's error, so the
// stop is bounded by ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	err := s.http.Shutdown(ctx)
	if err == nil {
		s.log.Info("stopped")
		return nil
	}
	// The deadline passed with requests still running: cut them off
	// rather than outlive the orchestrator's patience.
	closeErr := s.http.Close()
	s.log.Warn("stopped before in-flight requests finished", slog.Any(logKeyError, err))
	return errors.Join(fmt.Errorf("shut down http server: %w", err), closeErr)
}
