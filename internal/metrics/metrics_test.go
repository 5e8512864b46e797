package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := New(reg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	m.ObserveCommand("who-said", OutcomeOK, 40*time.Millisecond)
	m.ObserveCommand("who-said", OutcomeOK, 4*time.Second)
	m.ObserveCommand("digest", OutcomeError, time.Second)
	m.Digest(DigestPosted)
	m.Digest(DigestSkipped)
	m.Digest(DigestSkipped)
	m.Ingested(2, 17)
	m.FeedFetchFailed("paris-2025")
	m.ObserveSlackCall("chat.postMessage", "ok")
	m.ObserveSlackCall("chat.postMessage", "ratelimited")
	m.Retried("slack_post")
	m.ObserveHTTP("POST /slack/commands", "POST", 200, 20*time.Millisecond)

	counters := []struct {
		name string
		c    prometheus.Collector
		want float64
	}{
		{"commands who-said ok", m.Commands.WithLabelValues("who-said", OutcomeOK), 2},
		{"commands digest error", m.Commands.WithLabelValues("digest", OutcomeError), 1},
		{"digests posted", m.Digests.WithLabelValues(DigestPosted), 1},
		{"digests skipped", m.Digests.WithLabelValues(DigestSkipped), 2},
		{"digests failed", m.Digests.WithLabelValues(DigestFailed), 0},
		{"articles", m.ArticlesIngested, 2},
		{"quotes", m.QuotesIngested, 17},
		{"feed errors", m.FeedFetchErrors.WithLabelValues("paris-2025"), 1},
		{"slack ratelimited", m.SlackAPICalls.WithLabelValues("chat.postMessage", "ratelimited"), 1},
		{"retries", m.Retries.WithLabelValues("slack_post"), 1},
		{"http", m.HTTPRequests.WithLabelValues("POST /slack/commands", "POST", "200"), 1},
	}
	for _, c := range counters {
		if got := testutil.ToFloat64(c.c); got != c.want {
			t.Errorf("%s = %v; want %v", c.name, got, c.want)
		}
	}

	// The names are a contract with dashboards and alerts.
	names := []string{
		"summit_commands_total", "summit_command_duration_seconds", "summit_digests_total",
		"summit_articles_ingested_total", "summit_quotes_ingested_total", "summit_feed_fetch_errors_total",
		"summit_slack_api_calls_total", "summit_retries_total",
		"summit_http_requests_total", "summit_http_request_duration_seconds",
	}
	n, err := testutil.GatherAndCount(reg, names...)
	if err != nil {
		t.Fatalf("GatherAndCount: %v", err)
	}
	// One series per label set observed above (a histogram counts once),
	// and every digest outcome, which exists from the start.
	commands, latency, digests, articles, quotes, feeds, slack, retries, httpReqs, httpLatency := 2, 2, len(DigestOutcomes()), 1, 1, 1, 2, 1, 1, 1
	if want := commands + latency + digests + articles + quotes + feeds + slack + retries + httpReqs + httpLatency; n != want {
		t.Errorf("GatherAndCount(%s) = %d; want %d", strings.Join(names, ", "), n, want)
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP summit_command_duration_seconds Time from receiving a command to its last reply, by sub-command.
# TYPE summit_command_duration_seconds histogram
summit_command_duration_seconds_bucket{command="who-said",le="0.01"} 0
summit_command_duration_seconds_bucket{command="who-said",le="0.05"} 1
summit_command_duration_seconds_bucket{command="who-said",le="0.1"} 1
summit_command_duration_seconds_bucket{command="who-said",le="0.25"} 1
summit_command_duration_seconds_bucket{command="who-said",le="0.5"} 1
summit_command_duration_seconds_bucket{command="who-said",le="1"} 1
summit_command_duration_seconds_bucket{command="who-said",le="2"} 1
summit_command_duration_seconds_bucket{command="who-said",le="3"} 1
summit_command_duration_seconds_bucket{command="who-said",le="5"} 2
summit_command_duration_seconds_bucket{command="who-said",le="10"} 2
summit_command_duration_seconds_bucket{command="who-said",le="30"} 2
summit_command_duration_seconds_bucket{command="who-said",le="60"} 2
summit_command_duration_seconds_bucket{command="who-said",le="+Inf"} 2
summit_command_duration_seconds_sum{command="who-said"} 4.04
summit_command_duration_seconds_count{command="who-said"} 2
summit_command_duration_seconds_bucket{command="digest",le="0.01"} 0
summit_command_duration_seconds_bucket{command="digest",le="0.05"} 0
summit_command_duration_seconds_bucket{command="digest",le="0.1"} 0
summit_command_duration_seconds_bucket{command="digest",le="0.25"} 0
summit_command_duration_seconds_bucket{command="digest",le="0.5"} 0
summit_command_duration_seconds_bucket{command="digest",le="1"} 1
summit_command_duration_seconds_bucket{command="digest",le="2"} 1
summit_command_duration_seconds_bucket{command="digest",le="3"} 1
summit_command_duration_seconds_bucket{command="digest",le="5"} 1
summit_command_duration_seconds_bucket{command="digest",le="10"} 1
summit_command_duration_seconds_bucket{command="digest",le="30"} 1
summit_command_duration_seconds_bucket{command="digest",le="60"} 1
summit_command_duration_seconds_bucket{command="digest",le="+Inf"} 1
summit_command_duration_seconds_sum{command="digest"} 1
summit_command_duration_seconds_count{command="digest"} 1
`), "summit_command_duration_seconds"); err != nil {
		t.Errorf("command latency histogram: %v", err)
	}
}

func TestDigestOutcomesExistFromTheStart(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := New(reg); err != nil {
		t.Fatal(err)
	}
	err := testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP summit_digests_total Scheduled digest runs, by outcome: posted, empty, taken, failed, paused or skipped.
# TYPE summit_digests_total counter
summit_digests_total{outcome="empty"} 0
summit_digests_total{outcome="failed"} 0
summit_digests_total{outcome="paused"} 0
summit_digests_total{outcome="posted"} 0
summit_digests_total{outcome="skipped"} 0
summit_digests_total{outcome="taken"} 0
`), "summit_digests_total")
	if err != nil {
		t.Errorf("summit_digests_total before any digest: %v", err)
	}
}

func TestNewTwiceOnOneRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := New(reg); err != nil {
		t.Fatalf("first New: %v", err)
	}
	if _, err := New(reg); err == nil {
		t.Error("second New on the same registry = nil error; want a duplicate registration error")
	}
	// Separate registries do not collide: there is no global state.
	if _, err := New(prometheus.NewRegistry()); err != nil {
		t.Errorf("New on a fresh registry: %v", err)
	}
}

func TestNilMetricsDoNothing(t *testing.T) {
	var m *Metrics
	m.ObserveCommand("help", OutcomeOK, time.Millisecond)
	m.Digest(DigestPosted)
	m.Ingested(1, 1)
	m.FeedFetchFailed("x")
	m.ObserveSlackCall("auth.test", "ok")
	m.Retried("x")
	m.ObserveHTTP("GET /healthz", "GET", 200, time.Millisecond)
}

func TestNewRegistry(t *testing.T) {
	reg := NewRegistry()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	have := map[string]bool{}
	for _, mf := range mfs {
		have[mf.GetName()] = true
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if !have[name] {
			t.Errorf("NewRegistry() gathers no %s", name)
		}
	}
}
