package post

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
)

// recorder captures what a Poster waits for and reports, and is its clock.
type recorder struct {
	mu      sync.Mutex
	sleeps  []time.Duration
	retries []string
	calls   []string
	now     time.Time
}

func (r *recorder) options() Options {
	// The fake's ts values are just after this instant.
	r.now = time.Unix(1757000000, 0).UTC()
	return Options{
		Sleep: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.sleeps = append(r.sleeps, d)
			r.now = r.now.Add(d)
			return ctx.Err()
		},
		Now: func() time.Time {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.now
		},
		Jitter: func(d time.Duration) time.Duration { return d },
		Logger: slog.New(slog.DiscardHandler),
		NewID:  func() string { return "k1" },
		Hooks: Hooks{
			APICall: func(method, outcome string, _ time.Duration) {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.calls = append(r.calls, method+" "+outcome)
			},
			Retry: func(method, reason string) {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.retries = append(r.retries, method+" "+reason)
			},
		},
	}
}

func (r *recorder) advance(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = r.now.Add(d)
}

var hello = blockkit.Notice("Hello & welcome")

func TestPostOK(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	ts, err := p.Post(context.Background(), "C1", hello, PostOptions{})
	if err != nil {
		t.Fatalf("Post() error = %v", err)
	}
	got := f.posted()
	if len(got) != 1 || got[0].TS != ts || got[0].Channel != "C1" || got[0].ThreadTS != "" {
		t.Fatalf("posted = %+v; want one message in C1 with ts %s", got, ts)
	}
	if got[0].Text != "Hello &amp; welcome" || !strings.Contains(got[0].Blocks, `"type":"section"`) {
		t.Errorf("posted text %q, blocks %s; want the escaped fallback and the blocks", got[0].Text, got[0].Blocks)
	}
	want := slack.SlackMetadata{EventType: EventMessage, EventPayload: map[string]any{"message_id": "k1"}}
	if diff := cmp.Diff(want, got[0].Metadata); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"chat.postMessage ok"}, rec.calls); diff != "" {
		t.Errorf("hook calls (-want +got):\n%s", diff)
	}
}

func TestPostRetries(t *testing.T) {
	tooMany := func(retryAfter string, times int) func(int, http.ResponseWriter, *http.Request, func() string) bool {
		return func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
			if n > times {
				return false
			}
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
	}
	tests := []struct {
		name        string
		post        func(int, http.ResponseWriter, *http.Request, func() string) bool
		faults      []fault
		wantCalls   []string // fake Slack's calls
		wantSleeps  []time.Duration
		wantRetries []string
		wantCode    Code // "" for success
		wantPosted  int
	}{
		{
			name:        "429 with Retry-After then success",
			post:        tooMany("3", 1),
			wantCalls:   []string{"chat.postMessage", "chat.postMessage"},
			wantSleeps:  []time.Duration{3 * time.Second},
			wantRetries: []string{"chat.postMessage rate_limited"},
			wantPosted:  1,
		},
		{
			name:        "429 without Retry-After backs off",
			post:        tooMany("", 2),
			wantCalls:   []string{"chat.postMessage", "chat.postMessage", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second, 2 * time.Second},
			wantRetries: []string{"chat.postMessage rate_limited", "chat.postMessage rate_limited"},
			wantPosted:  1,
		},
		{
			name:        "Retry-After as an HTTP date backs off",
			post:        tooMany("Wed, 21 Oct 2015 07:28:00 GMT", 1),
			wantCalls:   []string{"chat.postMessage", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage rate_limited"},
			wantPosted:  1,
		},
		{
			name:       "Retry-After beyond the limit gives up at once",
			post:       tooMany("600", 1),
			wantCalls:  []string{"chat.postMessage"},
			wantCode:   CodeRateLimited,
			wantPosted: 0,
		},
		{
			name:        "rate limited on every attempt",
			post:        tooMany("", 99),
			wantCalls:   []string{"chat.postMessage", "chat.postMessage", "chat.postMessage", "chat.postMessage", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
			wantRetries: []string{"chat.postMessage rate_limited", "chat.postMessage rate_limited", "chat.postMessage rate_limited", "chat.postMessage rate_limited"},
			wantCode:    CodeRateLimited,
		},
		{
			name: "ratelimited error body",
			post: func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
				if n == 1 {
					writeJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
					return true
				}
				return false
			},
			wantCalls:   []string{"chat.postMessage", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage rate_limited"},
			wantPosted:  1,
		},
		{
			name:        "dial error is retried without a history check",
			faults:      []fault{refuse, refuse},
			wantCalls:   []string{"chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second, 2 * time.Second},
			wantRetries: []string{"chat.postMessage not_sent", "chat.postMessage not_sent"},
			wantPosted:  1,
		},
		{
			name:        "timeout after Slack accepted: found in history, not posted again",
			faults:      []fault{timeoutAfterSend},
			wantCalls:   []string{"chat.postMessage", "conversations.history"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage ambiguous"},
			wantPosted:  1,
		},
		{
			name:        "reset before Slack got it: not in history, posted again",
			faults:      []fault{resetBeforeAnswer},
			wantCalls:   []string{"conversations.history", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage ambiguous"},
			wantPosted:  1,
		},
		{
			name: "5xx after accepting: found in history",
			post: func(n int, w http.ResponseWriter, _ *http.Request, accept func() string) bool {
				if n == 1 {
					accept()
					w.WriteHeader(http.StatusBadGateway)
					return true
				}
				return false
			},
			wantCalls:   []string{"chat.postMessage", "conversations.history"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage ambiguous"},
			wantPosted:  1,
		},
		{
			name: "internal_error without posting: posted after the check",
			post: func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
				if n == 1 {
					writeJSON(w, map[string]any{"ok": false, "error": "internal_error"})
					return true
				}
				return false
			},
			wantCalls:   []string{"chat.postMessage", "conversations.history", "chat.postMessage"},
			wantSleeps:  []time.Duration{time.Second},
			wantRetries: []string{"chat.postMessage ambiguous"},
			wantPosted:  1,
		},
		{
			name:        "ambiguous every time",
			faults:      []fault{resetBeforeAnswer, resetBeforeAnswer, resetBeforeAnswer, resetBeforeAnswer, resetBeforeAnswer},
			wantCalls:   []string{"conversations.history", "conversations.history", "conversations.history", "conversations.history", "conversations.history"},
			wantSleeps:  []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
			wantRetries: []string{"chat.postMessage ambiguous", "chat.postMessage ambiguous", "chat.postMessage ambiguous", "chat.postMessage ambiguous"},
			wantCode:    CodeUnknownOutcome,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSlack(t)
			f.post = tt.post
			var rec recorder
			var transport func(http.RoundTripper) http.RoundTripper
			if tt.faults != nil {
				transport = withFaults(tt.faults...)
			}
			p := New(f.client(transport), rec.options())
			ts, err := p.Post(context.Background(), "C1", hello, PostOptions{DigestID: "d1"})
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Post() error = %v; want success", err)
				}
				if ts == "" || len(f.posted()) == 0 || f.posted()[0].TS != ts {
					t.Errorf("Post() ts = %q; want the posted message's %+v", ts, f.posted())
				}
			} else if got := CodeOf(err); got != tt.wantCode {
				t.Fatalf("Post() error = %v (code %q); want code %q", err, got, tt.wantCode)
			}
			if got := len(f.posted()); got != tt.wantPosted {
				t.Errorf("messages posted = %d; want %d", got, tt.wantPosted)
			}
			if diff := cmp.Diff(tt.wantCalls, f.callList()); diff != "" {
				t.Errorf("calls to Slack (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSleeps, rec.sleeps); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRetries, rec.retries); diff != "" {
				t.Errorf("retry hooks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPostTypedErrors(t *testing.T) {
	tests := []struct {
		slackError      string
		channelUnusable bool
		authRevoked     bool
	}{
		{"not_in_channel", true, false},
		{"channel_not_found", true, false},
		{"is_archived", true, false},
		{"invalid_auth", false, true},
		{"account_inactive", false, true},
		{"token_revoked", false, true},
		{"msg_too_long", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.slackError, func(t *testing.T) {
			f := newFakeSlack(t)
			f.post = func(_ int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
				writeJSON(w, map[string]any{"ok": false, "error": tt.slackError})
				return true
			}
			var rec recorder
			p := New(f.client(nil), rec.options())
			_, err := p.Post(context.Background(), "C1", hello, PostOptions{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Post() error = %v; want an *Error", err)
			}
			if e.Code != Code(tt.slackError) || e.Channel != "C1" || e.Method != "chat.postMessage" {
				t.Errorf("Post() error = %+v; want code %s in C1 from chat.postMessage", e, tt.slackError)
			}
			if e.Code.ChannelUnusable() != tt.channelUnusable || e.Code.AuthRevoked() != tt.authRevoked {
				t.Errorf("%s: ChannelUnusable %v, AuthRevoked %v; want %v, %v", e.Code, e.Code.ChannelUnusable(), e.Code.AuthRevoked(), tt.channelUnusable, tt.authRevoked)
			}
			if m := e.Message(); !strings.HasSuffix(m, ".") || strings.Contains(m, "xoxb") || m[0] < 'A' || m[0] > 'Z' {
				t.Errorf("Message() = %q; want a sentence", m)
			}
			if !strings.Contains(err.Error(), tt.slackError) {
				t.Errorf("Error() = %q; want it to name %s", err.Error(), tt.slackError)
			}
			if n := len(f.callList()); n != 1 || len(rec.sleeps) != 0 {
				t.Errorf("%d calls, %d sleeps; want 1 call and no retry", n, len(rec.sleeps))
			}
		})
	}
}

func TestPostHistoryCheckFails(t *testing.T) {
	f := newFakeSlack(t)
	f.history = func(w http.ResponseWriter) bool {
		writeJSON(w, map[string]any{"ok": false, "error": "missing_scope"})
		return true
	}
	var rec recorder
	p := New(f.client(withFaults(timeoutAfterSend)), rec.options())
	_, err := p.Post(context.Background(), "C1", hello, PostOptions{DigestID: "d1"})
	if CodeOf(err) != CodeUnknownOutcome {
		t.Fatalf("Post() error = %v; want %s", err, CodeUnknownOutcome)
	}
	if n := len(f.posted()); n != 1 {
		t.Errorf("messages posted = %d; want 1 (never a second post without a check)", n)
	}
	if !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("Post() error = %v; want it to say why the check failed", err)
	}
}

// TestPostRealTimeout lets a real attempt time out while the fake Slack
// holds the request it has already accepted.
func TestPostRealTimeout(t *testing.T) {
	f := newFakeSlack(t)
	accepted := make(chan struct{})
	f.post = func(n int, w http.ResponseWriter, r *http.Request, accept func() string) bool {
		if n == 1 {
			accept()
			close(accepted)
			<-r.Context().Done() // the client gave up
			return true
		}
		return false
	}
	var rec recorder
	opts := rec.options()
	opts.AttemptTimeout = 50 * time.Millisecond
	// On a loaded machine the request may reach the fake only after the
	// client gave up; the backoff waits for it, as Slack's history would
	// in time show it.
	sleep := opts.Sleep
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		select {
		case <-accepted:
		case <-time.After(10 * time.Second):
			t.Error("the fake never received the first attempt")
		}
		return sleep(ctx, d)
	}
	p := New(f.client(nil), opts)
	ts, err := p.Post(context.Background(), "C1", hello, PostOptions{DigestID: "d1"})
	if err != nil {
		t.Fatalf("Post() error = %v", err)
	}
	if got := f.posted(); len(got) != 1 || got[0].TS != ts {
		t.Errorf("posted %+v, ts %q; want the one accepted message", got, ts)
	}
	if diff := cmp.Diff([]string{"chat.postMessage timeout", "conversations.history ok"}, rec.calls); diff != "" {
		t.Errorf("hook calls (-want +got):\n%s", diff)
	}
}

func TestPostConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var rec recorder
	p := New(slack.New("xoxb-test", slack.OptionAPIURL("http://"+addr+"/api/")), rec.options())
	_, err = p.Post(context.Background(), "C1", hello, PostOptions{})
	if CodeOf(err) != CodeNotSent {
		t.Fatalf("Post() error = %v; want %s", err, CodeNotSent)
	}
	if len(rec.sleeps) != DefaultMaxAttempts-1 {
		t.Errorf("%d sleeps; want %d", len(rec.sleeps), DefaultMaxAttempts-1)
	}
}

func TestPostContextCancelled(t *testing.T) {
	f := newFakeSlack(t)
	f.post = func(_ int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}
	ctx, cancel := context.WithCancel(context.Background())
	var rec recorder
	opts := rec.options()
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	p := New(f.client(nil), opts)
	_, err := p.Post(ctx, "C1", hello, PostOptions{})
	if !errors.Is(err, context.Canceled) || CodeOf(err) != CodeRateLimited {
		t.Errorf("Post() error = %v; want a rate limit that wraps context.Canceled", err)
	}
	if n := len(f.callList()); n != 1 {
		t.Errorf("%d calls; want 1", n)
	}
}

func digestMessages(n int) []blockkit.Message {
	var msgs []blockkit.Message
	for i := range n {
		msgs = append(msgs, blockkit.Notice(strings.Repeat("part ", i+1)))
	}
	return msgs
}

func TestPostDigestThread(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	res, err := p.PostDigest(context.Background(), "C1", "sub7-2025-09-04", digestMessages(3), DigestOptions{})
	if err != nil {
		t.Fatalf("PostDigest() error = %v", err)
	}
	got := f.posted()
	if len(got) != 3 {
		t.Fatalf("posted %d messages; want 3", len(got))
	}
	want := DigestResult{TS: got[0].TS, Replies: []string{got[1].TS, got[2].TS}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("PostDigest() result (-want +got):\n%s", diff)
	}
	for i, m := range got {
		wantThread := got[0].TS
		if i == 0 {
			wantThread = ""
		}
		if m.ThreadTS != wantThread {
			t.Errorf("message %d thread_ts = %q; want %q", i, m.ThreadTS, wantThread)
		}
		wantMeta := slack.SlackMetadata{EventType: EventDigest, EventPayload: map[string]any{"digest_id": "sub7-2025-09-04", "part": float64(i)}}
		if diff := cmp.Diff(wantMeta, m.Metadata); diff != "" {
			t.Errorf("message %d metadata (-want +got):\n%s", i, diff)
		}
	}

	ts, found, err := p.FindDigest(context.Background(), "C1", "sub7-2025-09-04", rec.now.Add(-time.Hour), time.Time{})
	if err != nil || !found || ts != res.TS {
		t.Errorf("FindDigest() = %q, %v, %v; want %q, true", ts, found, err, res.TS)
	}
	if _, found, err := p.FindDigest(context.Background(), "C1", "other", rec.now.Add(-time.Hour), time.Time{}); err != nil || found {
		t.Errorf("FindDigest(other) = %v, %v; want not found", found, err)
	}
}

func TestFindDigestPages(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	opts := rec.options()
	opts.HistoryPages = 3
	p := New(f.client(nil), opts)
	ctx := context.Background()
	res, err := p.PostDigest(ctx, "C1", "paged", digestMessages(1), DigestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := p.Post(ctx, "C1", hello, PostOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	f.mu.Lock()
	f.pageSize = 2
	f.mu.Unlock()
	since := rec.now.Add(-time.Hour)
	// Newest first: the digest is the sixth message, on the third page.
	if ts, found, err := p.FindDigest(ctx, "C1", "paged", since, time.Time{}); err != nil || !found || ts != res.TS {
		t.Errorf("FindDigest() over 3 pages = %q, %v, %v; want %q", ts, found, err, res.TS)
	}
	if _, found, err := p.FindDigest(ctx, "C1", "paged", rec.now.Add(time.Minute), time.Time{}); err != nil || found {
		t.Errorf("FindDigest() since after it was posted = %v, %v; want not found", found, err)
	}
	opts.HistoryPages = 2
	p2 := New(f.client(nil), opts)
	if _, found, err := p2.FindDigest(ctx, "C1", "paged", since, time.Time{}); err != nil || found {
		t.Errorf("FindDigest() over 2 pages = %v, %v; want not found: pages are bounded", found, err)
	}
	// Bounded by when it can have been posted, the search skips what
	// came after and finds it on the first page.
	posted := unixTS(t, res.TS)
	if ts, found, err := p2.FindDigest(ctx, "C1", "paged", since, posted); err != nil || !found || ts != res.TS {
		t.Errorf("FindDigest() until it was posted, over 2 pages = %q, %v, %v; want %q", ts, found, err, res.TS)
	}
	if _, found, err := p2.FindDigest(ctx, "C1", "paged", since, posted.Add(-time.Second)); err != nil || found {
		t.Errorf("FindDigest() until before it was posted = %v, %v; want not found", found, err)
	}
}

// unixTS is the time of a Slack ts, to the second.
func unixTS(tb testing.TB, ts string) time.Time {
	tb.Helper()
	sec, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		tb.Fatalf("ts %q: %v", ts, err)
	}
	return time.Unix(n, 0)
}

// TestPostDigestBlocksArrive posts a long digest as blockkit renders it and
// checks that Slack receives every block of every message, in the thread.
func TestPostDigestBlocksArrive(t *testing.T) {
	d := &digest.Digest{Title: "Long summit"}
	for i := range 120 {
		d.Quotes = append(d.Quotes, digest.DigestQuote{Quote: digest.Quote{Speaker: fmt.Sprintf("Speaker %d", i), Text: fmt.Sprintf("Quote <%d> & more.", i), Kind: digest.Direct}})
	}
	msgs := blockkit.Digest(d, blockkit.DigestOptions{})
	if len(msgs) < 2 {
		t.Fatalf("blockkit.Digest gave %d messages; the test needs a thread", len(msgs))
	}
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	res, err := p.PostDigest(context.Background(), "C1", "long", msgs, DigestOptions{})
	if err != nil {
		t.Fatalf("PostDigest() error = %v", err)
	}
	got := f.posted()
	if len(got) != len(msgs) || len(res.Replies) != len(msgs)-1 {
		t.Fatalf("posted %d messages, %d replies; want %d and %d", len(got), len(res.Replies), len(msgs), len(msgs)-1)
	}
	for i, m := range got {
		var blocks slack.Blocks
		if err := json.Unmarshal([]byte(m.Blocks), &blocks); err != nil {
			t.Fatalf("message %d: blocks do not parse: %v", i, err)
		}
		if len(blocks.BlockSet) != len(msgs[i].Blocks) || m.Text != msgs[i].Text {
			t.Errorf("message %d: %d blocks, text %q; want %d, %q", i, len(blocks.BlockSet), m.Text, len(msgs[i].Blocks), msgs[i].Text)
		}
		if i > 0 && m.ThreadTS != res.TS {
			t.Errorf("message %d: thread_ts %q; want %q", i, m.ThreadTS, res.TS)
		}
	}
}

func TestPostDigestContinuationTimeout(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(withFaults(pass, timeoutAfterSend)), rec.options())
	res, err := p.PostDigest(context.Background(), "C1", "d9", digestMessages(3), DigestOptions{})
	if err != nil {
		t.Fatalf("PostDigest() error = %v", err)
	}
	if got := f.posted(); len(got) != 3 || len(res.Replies) != 2 || res.Replies[0] != got[1].TS {
		t.Errorf("posted %d messages, result %+v; want 3 and the accepted reply's ts", len(got), res)
	}
	want := []string{"chat.postMessage", "chat.postMessage", "conversations.replies", "chat.postMessage"}
	if diff := cmp.Diff(want, f.callList()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestPostDigestResume(t *testing.T) {
	f := newFakeSlack(t)
	f.post = func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
		if n == 3 {
			writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
			return true
		}
		return false
	}
	var rec recorder
	p := New(f.client(nil), rec.options())
	first, err := p.PostDigest(context.Background(), "C1", "d2", digestMessages(3), DigestOptions{})
	if CodeOf(err) != "msg_too_long" || first.TS == "" || len(first.Replies) != 1 {
		t.Fatalf("PostDigest() = %+v, %v; want two parts posted and msg_too_long", first, err)
	}
	rec.advance(time.Minute)
	again, err := p.PostDigest(context.Background(), "C1", "d2", digestMessages(3), DigestOptions{Resume: true})
	if err != nil {
		t.Fatalf("PostDigest(Resume) error = %v", err)
	}
	got := f.posted()
	if len(got) != 3 {
		t.Fatalf("posted %d messages; want 3 (no part twice)", len(got))
	}
	want := DigestResult{TS: first.TS, Replies: []string{first.Replies[0], got[2].TS}}
	if diff := cmp.Diff(want, again); diff != "" {
		t.Errorf("PostDigest(Resume) (-want +got):\n%s", diff)
	}
}

// TestPostDigestResumeBusyChannel resumes a digest after more messages
// than the history pages hold: bounded by when its first part can have
// been posted, the search still finds it, and no part is posted twice.
func TestPostDigestResumeBusyChannel(t *testing.T) {
	f := newFakeSlack(t)
	f.post = func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
		if n == 3 {
			writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
			return true
		}
		return false
	}
	var rec recorder
	opts := rec.options()
	opts.HistoryPages = 2
	p := New(f.client(nil), opts)
	ctx := context.Background()
	first, err := p.PostDigest(ctx, "C1", "d4", digestMessages(3), DigestOptions{})
	if first.TS == "" || err == nil {
		t.Fatalf("PostDigest() = %+v, %v; want two parts posted and an error", first, err)
	}
	for range 5 {
		if _, err := p.Post(ctx, "C1", hello, PostOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	f.mu.Lock()
	f.pageSize = 2
	f.mu.Unlock()
	since := rec.now.Add(-time.Hour)
	again, err := p.PostDigest(ctx, "C1", "d4", digestMessages(3), DigestOptions{Resume: true, Since: since, Until: unixTS(t, first.TS)})
	if err != nil {
		t.Fatalf("PostDigest(Resume) error = %v", err)
	}
	if again.TS != first.TS || len(again.Replies) != 2 || again.Replies[0] != first.Replies[0] {
		t.Errorf("PostDigest(Resume) = %+v; want the first two parts found and the third posted", again)
	}
	var parts int
	for _, m := range f.posted() {
		if m.Metadata.EventType == EventDigest {
			parts++
		}
	}
	if parts != 3 {
		t.Errorf("%d digest parts posted; want 3, none twice", parts)
	}
}

// TestPostDigestResumeFresh checks that resuming a digest nobody posted yet
// looks once, not once a part: parts are posted in order, so none can be
// there after the first missing one.
func TestPostDigestResumeFresh(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	if _, err := p.PostDigest(context.Background(), "C1", "d3", digestMessages(4), DigestOptions{Resume: true}); err != nil {
		t.Fatalf("PostDigest(Resume) error = %v", err)
	}
	want := []string{"conversations.history", "chat.postMessage", "chat.postMessage", "chat.postMessage", "chat.postMessage"}
	if diff := cmp.Diff(want, f.callList()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestEphemeral(t *testing.T) {
	f := newFakeSlack(t)
	f.post = func(n int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	var rec recorder
	p := New(f.client(nil), rec.options())
	if err := p.Ephemeral(context.Background(), "C1", "U1", hello); err != nil {
		t.Fatalf("Ephemeral() error = %v", err)
	}
	if got := f.posted(); len(got) != 1 || got[0].User != "U1" {
		t.Errorf("posted %+v; want one ephemeral message to U1", got)
	}

	// An ambiguous failure is not retried: there is no history to check.
	f2 := newFakeSlack(t)
	f2.post = func(_ int, w http.ResponseWriter, _ *http.Request, _ func() string) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	p2 := New(f2.client(nil), rec.options())
	err := p2.Ephemeral(context.Background(), "C1", "U1", hello)
	if CodeOf(err) != CodeUnknownOutcome || len(f2.callList()) != 1 {
		t.Errorf("Ephemeral() after 503 = %v with %d calls; want %s after 1 call", err, len(f2.callList()), CodeUnknownOutcome)
	}
}

func TestPostToResponseURL(t *testing.T) {
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	ctx := context.Background()
	u := f.srv.URL + "/respond/1"
	for i := range 5 {
		if err := p.PostToResponseURL(ctx, u, hello, i == 4); err != nil {
			t.Fatalf("use %d: PostToResponseURL() error = %v", i+1, err)
		}
		rec.advance(time.Minute)
	}
	err := p.PostToResponseURL(ctx, u, hello, false)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeResponseURLExhausted || e.Message() == "" {
		t.Fatalf("sixth use: error = %v; want %s", err, CodeResponseURLExhausted)
	}
	if n := len(f.callList()); n != 5 {
		t.Errorf("%d requests to the response_url; want 5 (the sixth is never sent)", n)
	}
	// Another URL has its own count.
	if err := p.PostToResponseURL(ctx, f.srv.URL+"/respond/2", hello, false); err != nil {
		t.Errorf("other URL: error = %v", err)
	}
	// 30 minutes after the first use, one use is free again.
	rec.advance(26 * time.Minute)
	if err := p.PostToResponseURL(ctx, u, hello, false); err != nil {
		t.Errorf("after the window: error = %v", err)
	}

	f.mu.Lock()
	first, fifth := f.responses[0], f.responses[4]
	f.mu.Unlock()
	if first["response_type"] != "ephemeral" || first["replace_original"] == true {
		t.Errorf("first response body = %v; want ephemeral, not replacing", first)
	}
	if fifth["replace_original"] != true {
		t.Errorf("fifth response body = %v; want replace_original", fifth)
	}
	raw, _ := json.Marshal(first["blocks"])
	if !strings.Contains(string(raw), `Hello \u0026amp; welcome`) {
		t.Errorf("response blocks = %s; want the message", raw)
	}

	f.respond = func(w http.ResponseWriter) bool {
		w.WriteHeader(http.StatusNotFound)
		return true
	}
	if err := p.PostToResponseURL(ctx, f.srv.URL+"/respond/3", hello, false); CodeOf(err) != CodeResponseURLExpired {
		t.Errorf("expired URL: error = %v; want %s", err, CodeResponseURLExpired)
	}
}

// TestPostToResponseURLRetriesUseItOnce checks that an answer retried after
// a rate limit counts as one use of the response_url, not one per attempt.
func TestPostToResponseURLRetriesUseItOnce(t *testing.T) {
	f := newFakeSlack(t)
	limited := true
	f.respond = func(w http.ResponseWriter) bool {
		if limited {
			limited = false
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	var rec recorder
	p := New(f.client(nil), rec.options())
	u := f.srv.URL + "/respond/1"
	for i := range 5 {
		if err := p.PostToResponseURL(context.Background(), u, hello, false); err != nil {
			t.Fatalf("answer %d: PostToResponseURL() error = %v; want the five answers Slack allows", i+1, err)
		}
	}
	if n := len(f.callList()); n != 6 {
		t.Errorf("%d requests to the response_url; want 6 (five answers, one of them retried)", n)
	}
}

func TestUseResponseURLForgetsOldURLs(t *testing.T) {
	var rec recorder
	p := New(slack.New("x"), rec.options())
	for i := range 100 {
		p.useResponseURL("https://hooks.example/" + string(rune('a'+i%26)) + strings.Repeat("x", i))
	}
	rec.advance(31 * time.Minute)
	p.useResponseURL("https://hooks.example/new")
	if n := len(p.uses); n != 1 {
		t.Errorf("%d URLs remembered after the window; want 1", n)
	}
}

// TestRespondOptions checks that Respond sends what ResponseOptions ask for,
// counted against the same response_url limit as PostToResponseURL.
func TestRespondOptions(t *testing.T) {
	tests := []struct {
		name string
		opts ResponseOptions
		want map[string]any
	}{
		{name: "ephemeral", opts: ResponseOptions{}, want: map[string]any{"response_type": "ephemeral"}},
		{name: "in channel", opts: ResponseOptions{InChannel: true}, want: map[string]any{"response_type": "in_channel"}},
		{name: "replace", opts: ResponseOptions{ReplaceOriginal: true}, want: map[string]any{"replace_original": true}},
		{name: "delete", opts: ResponseOptions{DeleteOriginal: true}, want: map[string]any{"delete_original": true}},
	}
	f := newFakeSlack(t)
	var rec recorder
	p := New(f.client(nil), rec.options())
	u := f.srv.URL + "/respond/opts"
	for i, tt := range tests {
		if err := p.Respond(context.Background(), u, hello, tt.opts); err != nil {
			t.Fatalf("Respond(%s) error = %v", tt.name, err)
		}
		f.mu.Lock()
		got := f.responses[i]
		f.mu.Unlock()
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("Respond(%s) body %s = %v; want %v", tt.name, k, got[k], v)
			}
		}
	}
	if err := p.PostToResponseURL(context.Background(), u, hello, false); err != nil {
		t.Fatalf("fifth use: %v", err)
	}
	if err := p.Respond(context.Background(), u, hello, ResponseOptions{InChannel: true}); CodeOf(err) != CodeResponseURLExhausted {
		t.Errorf("sixth use through Respond: error = %v; want %s", err, CodeResponseURLExhausted)
	}
}
