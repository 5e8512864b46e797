package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// slowApp serves "GET /slow", which signals started, then waits for
// release before answering "done".
func slowApp(started chan<- struct{}, release <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "done")
	})
	return mux
}

func startServer(tb testing.TB, opts Options) (*Server, *syncBuffer) {
	tb.Helper()
	logs := &syncBuffer{}
	opts.Addr = "127.0.0.1:0"
	opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := New(opts)
	if err := s.Start(); err != nil {
		tb.Fatalf("Start: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s, logs
}

type result struct {
	body string
	err  error
}

func getAsync(url string) <-chan result {
	out := make(chan result, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			out <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		out <- result{body: string(b), err: err}
	}()
	return out
}

func TestShutdownWaitsForInFlightRequest(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	s, logs := startServer(t, Options{Handler: slowApp(started, release)})
	res := getAsync("http://" + s.Addr() + "/slow")
	<-started

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(ctx) }()

	// Shutdown must not return while the request runs.
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v while a request was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	// New connections are refused meanwhile.
	if _, err := http.Get("http://" + s.Addr() + "/healthz"); err == nil {
		t.Error("GET /healthz during shutdown succeeded; want the listener closed")
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v; want nil once the request finished", err)
	}
	if r := <-res; r.err != nil || r.body != "done" {
		t.Errorf("in-flight GET /slow = %q, %v; want \"done\", nil", r.body, r.err)
	}
	if findLog(logs.logLines(t), "stopped") == nil {
		t.Errorf("no \"stopped\" log line; logs:\n%s", logs)
	}
	if _, open := <-s.Err(); open {
		t.Error("Err() yielded an error after a clean shutdown")
	}
}

func TestShutdownIsBounded(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	s, logs := startServer(t, Options{Handler: slowApp(started, release)})
	res := getAsync("http://" + s.Addr() + "/slow")
	<-started

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := s.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown past its deadline = %v; want context.DeadlineExceeded", err)
	}
	// The request that overstayed was cut off, not left running.
	if r := <-res; r.err == nil {
		t.Errorf("GET /slow after a forced stop = %q; want an error", r.body)
	}
	if findLog(logs.logLines(t), "stopped before in-flight requests finished") == nil {
		t.Errorf("no forced-stop log line; logs:\n%s", logs)
	}
}

func TestReadyzDuringShutdown(t *testing.T) {
	s := New(Options{Logger: slog.New(slog.DiscardHandler)})
	s.draining.Store(true)
	rec := newRecorder(t, s, "GET", "/readyz")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting down") {
		t.Errorf("GET /readyz while draining = %d %s; want 503 shutting down", rec.Code, rec.Body)
	}
}

func TestStartErrors(t *testing.T) {
	s, _ := startServer(t, Options{})
	if err := s.Start(); err == nil || err.Error() != "server already started" {
		t.Errorf("second Start = %v; want \"server already started\"", err)
	}
	busy := New(Options{Addr: s.Addr(), Logger: slog.New(slog.DiscardHandler)})
	err := busy.Start()
	if err == nil || !strings.HasPrefix(err.Error(), "listen on "+s.Addr()+": ") {
		t.Errorf("Start on a busy address = %v; want \"listen on %s: …\"", err, s.Addr())
	}
	if got := New(Options{Addr: "127.0.0.1:0"}).Addr(); got != "" {
		t.Errorf("Addr before Start = %q; want \"\"", got)
	}
}
