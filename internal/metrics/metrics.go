// Package metrics defines the Prometheus metrics of Summit Digest in one
// place: a Metrics struct of collectors built on a registerer the caller
// gives, passed to the components that count things. There are no
// package-level collectors, so tests and several bots in one process each
// get their own.
//
// It imports nothing of the project, so every package may use it.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// namespace prefixes every metric name.
const namespace = "summit"

// Outcomes of a command: OutcomeOK, OutcomeError, or another short code
// from a fixed set the caller owns (the Slack app reports why a command
// was refused: "invalid", "not_found", "timeout"…). Never free text, so
// that the label's cardinality stays bounded.
const (
	// OutcomeOK: the command did what was asked.
	OutcomeOK = "ok"
	// OutcomeError: the bot failed for a reason of its own.
	OutcomeError = "error"
)

// Outcomes of a scheduled digest run. They are the scheduler's results
// (schedule.Result), so that its Count hook can pass them straight on; a
// test keeps the two lists equal.
const (
	DigestPosted  = "posted"  // a digest was posted
	DigestEmpty   = "empty"   // nothing new to post
	DigestTaken   = "taken"   // another replica or an earlier run had the slot
	DigestFailed  = "failed"  // posting failed
	DigestPaused  = "paused"  // the channel is gone; the subscription was paused
	DigestSkipped = "skipped" // the subscription is paused, deleted or too young
)

// DigestOutcomes lists every outcome of a scheduled digest run.
func DigestOutcomes() []string {
	return []string{DigestPosted, DigestEmpty, DigestTaken, DigestFailed, DigestPaused, DigestSkipped}
}

// Metrics are the collectors the components update. Each field's help text
// is what /metrics shows. The zero value is not usable: call New.
type Metrics struct {
	// Commands counts slash commands and mentions by sub-command (help,
	// who-said, digest…) and outcome (OutcomeOK, OutcomeError or the
	// caller's error code).
	Commands *prometheus.CounterVec
	// CommandDuration observes a command's latency by sub-command, from
	// receiving it to the last reply.
	CommandDuration *prometheus.HistogramVec
	// Digests counts scheduled digest runs by outcome (DigestOutcomes).
	Digests *prometheus.CounterVec
	// ArticlesIngested counts articles stored (duplicates not included).
	ArticlesIngested prometheus.Counter
	// QuotesIngested counts quotes extracted from the articles stored.
	QuotesIngested prometheus.Counter
	// FeedFetchErrors counts failed polls of a summit's feeds, by summit slug.
	FeedFetchErrors *prometheus.CounterVec
	// SlackAPICalls counts Web API calls by method (chat.postMessage) and
	// status: "ok", or Slack's error code (ratelimited, channel_not_found),
	// or "http_error" when no answer came back.
	SlackAPICalls *prometheus.CounterVec
	// Retries counts retried operations by operation (slack_post,
	// feed_fetch, auth_test…).
	Retries *prometheus.CounterVec
	// HTTPRequests counts HTTP requests by route pattern, method and status code.
	HTTPRequests *prometheus.CounterVec
	// HTTPDuration observes HTTP request latency by route pattern.
	HTTPDuration *prometheus.HistogramVec
}

// New creates the collectors and registers them on reg. It fails only when
// reg already holds collectors of the same names.
func New(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		Commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "commands_total",
			Help: "Slash commands and mentions handled, by sub-command and outcome.",
		}, []string{"command", "outcome"}),
		CommandDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "command_duration_seconds",
			Help: "Time from receiving a command to its last reply, by sub-command.",
			// Slack wants the first answer within 3 s; slow commands reply
			// later through response_url, so the buckets reach a minute.
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2, 3, 5, 10, 30, 60},
		}, []string{"command"}),
		Digests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "digests_total",
			Help: "Scheduled digest runs, by outcome: posted, empty, taken, failed, paused or skipped.",
		}, []string{"outcome"}),
		ArticlesIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "articles_ingested_total",
			Help: "Articles stored, duplicates not counted.",
		}),
		QuotesIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "quotes_ingested_total",
			Help: "Quotes extracted from the articles stored.",
		}),
		FeedFetchErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "feed_fetch_errors_total",
			Help: "Failed polls of a summit's feeds, by summit.",
		}, []string{"summit"}),
		SlackAPICalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "slack_api_calls_total",
			Help: "Slack Web API calls, by method and status (ok or Slack's error code).",
		}, []string{"method", "status"}),
		Retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "retries_total",
			Help: "Operations retried after a failure, by operation.",
		}, []string{"operation"}),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests served, by route, method and status code.",
		}, []string{"route", "method", "code"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{
		m.Commands, m.CommandDuration, m.Digests, m.ArticlesIngested, m.QuotesIngested,
		m.FeedFetchErrors, m.SlackAPICalls, m.Retries, m.HTTPRequests, m.HTTPDuration,
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// Series that exist from the start make rate() and alerts on them
	// work before the first event, instead of seeing "no data".
	for _, o := range DigestOutcomes() {
		m.Digests.WithLabelValues(o)
	}
	return m, nil
}

// NewRegistry returns a registry holding the Go runtime and process
// collectors, the usual base for New and for the server's /metrics.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

// The methods below are safe on a nil *Metrics, where they do nothing, so
// that a component built without metrics (in a test) needs no checks.

// ObserveCommand records one command: its outcome and how long it took.
func (m *Metrics) ObserveCommand(command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.Commands.WithLabelValues(command, outcome).Inc()
	m.CommandDuration.WithLabelValues(command).Observe(took.Seconds())
}

// Digest records how one scheduled digest run ended, one of
// DigestOutcomes.
func (m *Metrics) Digest(outcome string) {
	if m == nil {
		return
	}
	m.Digests.WithLabelValues(outcome).Inc()
}

// Ingested records articles stored and the quotes they hold.
func (m *Metrics) Ingested(articles, quotes int) {
	if m == nil {
		return
	}
	m.ArticlesIngested.Add(float64(articles))
	m.QuotesIngested.Add(float64(quotes))
}

// FeedFetchFailed records one failed poll of a feed of summit.
func (m *Metrics) FeedFetchFailed(summit string) {
	if m == nil {
		return
	}
	m.FeedFetchErrors.WithLabelValues(summit).Inc()
}

// ObserveSlackCall records one Web API call; status is "ok" or Slack's
// error code.
func (m *Metrics) ObserveSlackCall(method, status string) {
	if m == nil {
		return
	}
	m.SlackAPICalls.WithLabelValues(method, status).Inc()
}

// Retried records one retry of operation.
func (m *Metrics) Retried(operation string) {
	if m == nil {
		return
	}
	m.Retries.WithLabelValues(operation).Inc()
}

// ObserveHTTP records one HTTP request served.
func (m *Metrics) ObserveHTTP(route, method string, code int, took time.Duration) {
	if m == nil {
		return
	}
	m.HTTPRequests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.HTTPDuration.WithLabelValues(route).Observe(took.Seconds())
}
