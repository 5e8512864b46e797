package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestEventually(t *testing.T) {
	gate := make(chan struct{}) // closes to let the next attempt through
	var attempts, retries atomic.Int32
	fn := func(ctx context.Context) error {
		n := attempts.Add(1)
		if n < 3 {
			return errors.New("slack unreachable")
		}
		<-gate
		return nil
	}
	e := NewEventually("slack", fn, EventuallyOptions{
		Min: time.Millisecond, Max: 2 * time.Millisecond,
		OnRetry: func() { retries.Add(1) },
		Logger:  slog.New(slog.DiscardHandler),
	})
	s := New(Options{Checks: []Check{e.Check()}, Logger: slog.New(slog.DiscardHandler)})

	if rec := newRecorder(t, s, "GET", "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz before the first attempt = %d; want 503", rec.Code)
	}
	done := make(chan error, 1)
	go func() { done <- e.Run(context.Background()) }()
	// Two failures later the third attempt waits on gate: still not ready.
	for attempts.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	if rec := newRecorder(t, s, "GET", "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz while failing = %d; want 503", rec.Code)
	}
	close(gate)
	if err := <-done; err != nil {
		t.Fatalf("Run = %v; want nil once the check passed", err)
	}
	if rec := newRecorder(t, s, "GET", "/readyz"); rec.Code != http.StatusOK {
		t.Errorf("GET /readyz after the check passed = %d %s; want 200", rec.Code, rec.Body)
	}
	if got := retries.Load(); got != 2 {
		t.Errorf("OnRetry called %d times; want 2", got)
	}
}

func TestEventuallyStopsWithContext(t *testing.T) {
	e := NewEventually("store", func(context.Context) error { return errors.New("down") }, EventuallyOptions{
		Min: time.Hour, Logger: slog.New(slog.DiscardHandler),
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	// Run is now waiting an hour for its second attempt; cancel must end it.
	for e.Check().Func(ctx) == errNotYet {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel = %v; want context.Canceled", err)
	}
	if err := e.Check().Func(context.Background()); err == nil || err.Error() != "attempt 1: down" {
		t.Errorf("Check after one failure = %v; want \"attempt 1: down\"", err)
	}
}
