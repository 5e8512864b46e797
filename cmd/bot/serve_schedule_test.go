package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// syncBuffer is a bytes.Buffer that the serving goroutine and the test may
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeScheduledDigests runs `bot serve` with an @every 2s schedule from
// the config file against the fake Slack Web API: the first digest carries
// everything stored, the next only what was ingested since, and nothing is
// posted while nothing is new.
func TestServeScheduledDigests(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the scheduler on the real clock for about ten seconds")
	}
	const channel = "C0DIGEST01"
	fake := slacktest.New(t, slacktest.Options{BotToken: "xoxb-test"})
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(`listen: "127.0.0.1:0"
log_format: text
shutdown_timeout: 10s
schedules:
  - channel: %s
    cron: "@every 2s"
    timezone: Europe/Lisbon
digest:
  lookback: 24h
`, channel)), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"DATABASE_URL":         "sqlite:" + filepath.Join(dir, "summit.db"),
		"SUMMIT_CONFIG":        cfgPath,
		"SLACK_BOT_TOKEN":      "xoxb-test",
		"SLACK_SIGNING_SECRET": "test-signing-secret",
		"SLACK_API_URL":        fake.APIURL(),
	}
	newEnv := func(stdout, stderr *syncBuffer) *env {
		return &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: stdout, stderr: stderr}
	}
	ingest := func(file string) {
		t.Helper()
		var out, errOut syncBuffer
		if err := run(context.Background(), []string{"ingest", filepath.Join("testdata", "schedule", file)}, newEnv(&out, &errOut)); err != nil {
			t.Fatalf("bot ingest %s: %v\n%s", file, err, errOut.String())
		}
	}
	ingest("lisbon-day-one.txt")

	ctx, cancel := context.WithCancel(context.Background())
	var serveOut, serveLog syncBuffer
	served := make(chan error, 1)
	go func() { served <- run(ctx, []string{"serve"}, newEnv(&serveOut, &serveLog)) }()
	stopped := false
	stopServe := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("bot serve: %v\nlog:\n%s", err, serveLog.String())
			}
		case <-time.After(15 * time.Second):
			t.Errorf("bot serve did not stop within 15s of its context ending")
		}
	}
	defer stopServe()

	// waitDigests waits for n messages in the channel, or fails.
	waitDigests := func(n int) []slacktest.Message {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			msgs := fake.Messages(channel)
			// A digest may be threaded in parts; only top-level messages count.
			var top []slacktest.Message
			for _, m := range msgs {
				if m.ThreadTS == "" || m.ThreadTS == m.TS {
					top = append(top, m)
				}
			}
			if len(top) >= n || time.Now().After(deadline) {
				if len(top) < n {
					t.Fatalf("%d digests in %s after 15s; want %d\nlog:\n%s", len(top), channel, n, serveLog.String())
				}
				return top
			}
			fake.WaitCalls("chat.postMessage", len(fake.Calls("chat.postMessage"))+1, time.Second)
		}
	}
	body := func(m slacktest.Message) string { return m.Text + string(m.Blocks) }

	first := waitDigests(1)[0]
	for _, want := range []string{"No river stops at a border", "the most concrete step in a decade"} {
		if !strings.Contains(body(first), want) {
			t.Errorf("first digest lacks %q:\n%s", want, body(first))
		}
	}
	if len(first.Metadata) == 0 || !strings.Contains(string(first.Metadata), "sched-") {
		t.Errorf("first digest's metadata = %s; want it to name the digest", first.Metadata)
	}

	ingest("lisbon-day-two.txt")
	second := waitDigests(2)[1]
	if want := "A fund that arrives after the harvest has failed"; !strings.Contains(body(second), want) {
		t.Errorf("second digest lacks %q:\n%s", want, body(second))
	}
	if old := "No river stops at a border"; strings.Contains(body(second), old) {
		t.Errorf("second digest repeats %q from the first", old)
	}

	// Three more slots with nothing new: nothing more is posted.
	time.Sleep(6 * time.Second)
	stopServe()
	if n := len(waitDigests(2)); n != 2 {
		t.Errorf("%d digests after slots with nothing new; want still 2", n)
	}
	if serveOut.String() != "" {
		t.Errorf("bot serve wrote to standard output: %q", serveOut.String())
	}
}
