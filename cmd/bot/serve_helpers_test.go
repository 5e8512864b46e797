package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// e2eVars is the environment of a `bot serve` in HTTP mode against the
// fake Slack, with a SQLite file in dir and the config at cfgPath.
func e2eVars(dir, cfgPath string, fake *slacktest.Server) map[string]string {
	return map[string]string{
		"DATABASE_URL":         "sqlite:" + filepath.Join(dir, "summit.db"),
		"SUMMIT_CONFIG":        cfgPath,
		"LISTEN_ADDR":          "127.0.0.1:0",
		"SLACK_BOT_TOKEN":      e2eBotToken,
		"SLACK_SIGNING_SECRET": e2eSecret,
		"SLACK_API_URL":        fake.APIURL(),
	}
}

// served is a `bot serve` that startServe started through run().
type served struct {
	// base is the server's URL, http://127.0.0.1:PORT.
	base   string
	logs   *logSink
	cancel context.CancelFunc // what SIGTERM does through signal.NotifyContext
	done   chan error         // run's result
}

// startServe runs `bot serve` with the environment vars (LISTEN_ADDR
// 127.0.0.1:0) and returns once it listens. The test ends it with stop, or
// by cancel and reading done.
func startServe(t *testing.T, vars map[string]string, stdout io.Writer) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &served{logs: &logSink{addr: make(chan string, 1)}, cancel: cancel, done: make(chan error, 1)}
	e := &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: stdout, stderr: s.logs}
	go func() { s.done <- run(ctx, []string{"serve"}, e) }()
	select {
	case addr := <-s.logs.addr:
		s.base = "http://" + addr
	case err := <-s.done:
		t.Fatalf("serve stopped before listening: %v\n%s", err, s.logs)
	case <-time.After(e2eWait):
		t.Fatalf("serve is not listening after %v:\n%s", e2eWait, s.logs)
	}
	return s
}

// stop ends the server as SIGTERM would and checks that run returns nil.
func (s *served) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(e2eWait):
		t.Fatalf("serve did not stop:\n%s", s.logs)
	}
}
