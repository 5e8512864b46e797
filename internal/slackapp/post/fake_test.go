package post

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/slack-go/slack"
)

// posted is a message the fake Slack accepted.
type posted struct {
	Channel  string
	TS       string
	ThreadTS string
	Text     string
	Blocks   string
	Metadata slack.SlackMetadata
	// Ephemeral messages go to User and leave no history.
	User string
}

// fakeSlack is a Web API that records every call and keeps what it
// accepted, with per-call behaviour through function fields.
type fakeSlack struct {
	tb  testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	calls    []string // method names, in order
	messages []posted
	// responses are the bodies posted to a response_url.
	responses []map[string]any

	// post, when set, answers the n-th chat.postMessage (from 1) instead of
	// the default. accept stores the message and returns its ts, so a
	// handler can accept and still fail.
	post func(n int, w http.ResponseWriter, r *http.Request, accept func() string) bool
	// history, when set, answers conversations.history and .replies.
	history func(w http.ResponseWriter) bool
	// respond, when set, answers a response_url.
	respond func(w http.ResponseWriter) bool
	// pageSize, when set, pages history by that many messages.
	pageSize int
}

func newFakeSlack(tb testing.TB) *fakeSlack {
	f := &fakeSlack{tb: tb}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chat.postMessage", f.handlePost)
	mux.HandleFunc("POST /api/chat.postEphemeral", f.handleEphemeral)
	mux.HandleFunc("POST /api/conversations.history", f.handleHistory)
	mux.HandleFunc("POST /api/conversations.replies", f.handleHistory)
	mux.HandleFunc("GET /api/conversations.history", f.handleHistory)
	mux.HandleFunc("GET /api/conversations.replies", f.handleHistory)
	mux.HandleFunc("POST /respond/{id}", f.handleRespond)
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.srv.Close)
	return f
}

// client is a slack-go client of the fake, built as the caller would: no
// retries of its own. transport wraps the real one when not nil.
func (f *fakeSlack) client(transport func(http.RoundTripper) http.RoundTripper) *slack.Client {
	rt := http.DefaultTransport
	if transport != nil {
		rt = transport(rt)
	}
	return slack.New("xoxb-test", slack.OptionAPIURL(f.srv.URL+"/api/"), slack.OptionHTTPClient(&http.Client{Transport: rt}))
}

func (f *fakeSlack) record(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, method)
	n := 0
	for _, c := range f.calls {
		if c == method {
			n++
		}
	}
	return n
}

func (f *fakeSlack) callList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeSlack) posted() []posted {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.messages)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSlack) accept(r *http.Request, user string) string {
	var meta slack.SlackMetadata
	if m := r.PostForm.Get("metadata"); m != "" {
		if err := json.Unmarshal([]byte(m), &meta); err != nil {
			f.tb.Errorf("fake slack: metadata %q: %v", m, err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// The recorder's clock starts at 1757000000 (2025-09-04 15:33:20 UTC);
	// messages follow a second apart, so that a search bounded in time
	// (oldest, latest) can tell them apart.
	ts := fmt.Sprintf("%d.000100", 1757000000+len(f.messages)+1)
	f.messages = append(f.messages, posted{
		Channel: r.PostForm.Get("channel"), TS: ts, ThreadTS: r.PostForm.Get("thread_ts"),
		Text: r.PostForm.Get("text"), Blocks: r.PostForm.Get("blocks"), Metadata: meta, User: user,
	})
	return ts
}

// handlePost handles the "POST /api/chat.postMessage" route.
func (f *fakeSlack) handlePost(w http.ResponseWriter, r *http.Request) {
	n := f.record("chat.postMessage")
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.PostForm.Get("token") != "xoxb-test" {
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	if f.post != nil && f.post(n, w, r, func() string { return f.accept(r, "") }) {
		return
	}
	ts := f.accept(r, "")
	writeJSON(w, map[string]any{"ok": true, "channel": r.PostForm.Get("channel"), "ts": ts})
}

// handleEphemeral handles the "POST /api/chat.postEphemeral" route.
func (f *fakeSlack) handleEphemeral(w http.ResponseWriter, r *http.Request) {
	n := f.record("chat.postEphemeral")
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if f.post != nil && f.post(n, w, r, func() string { return f.accept(r, r.PostForm.Get("user")) }) {
		return
	}
	ts := f.accept(r, r.PostForm.Get("user"))
	writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
}

// handleHistory handles conversations.history and conversations.replies:
// newest first, with metadata only when include_all_metadata is set, as
// Slack does.
func (f *fakeSlack) handleHistory(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	f.record(method)
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if f.history != nil && f.history(w) {
		return
	}
	channel, thread := r.Form.Get("channel"), r.Form.Get("ts")
	withMeta := r.Form.Get("include_all_metadata") == "1"
	oldest, latest := 0.0, math.Inf(1)
	if o := r.Form.Get("oldest"); o != "" {
		var err error
		if oldest, err = strconv.ParseFloat(o, 64); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_ts_oldest"})
			return
		}
	}
	if l := r.Form.Get("latest"); l != "" {
		var err error
		if latest, err = strconv.ParseFloat(l, 64); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_ts_latest"})
			return
		}
	}
	var out []map[string]any
	for _, m := range f.posted() {
		if ts, _ := strconv.ParseFloat(m.TS, 64); m.Channel != channel || m.User != "" || ts < oldest || ts > latest {
			continue
		}
		if method == "conversations.history" && m.ThreadTS != "" {
			continue
		}
		if method == "conversations.replies" && m.TS != thread && m.ThreadTS != thread {
			continue
		}
		msg := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
		if m.ThreadTS != "" {
			msg["thread_ts"] = m.ThreadTS
		}
		if withMeta && m.Metadata.EventType != "" {
			msg["metadata"] = m.Metadata
		}
		out = append(out, msg)
	}
	slices.Reverse(out)
	f.mu.Lock()
	size := f.pageSize
	f.mu.Unlock()
	start, _ := strconv.Atoi(r.Form.Get("cursor"))
	start = min(start, len(out))
	end, next := len(out), ""
	if size > 0 && start+size < len(out) {
		end, next = start+size, strconv.Itoa(start+size)
	}
	writeJSON(w, map[string]any{"ok": true, "messages": out[start:end], "has_more": next != "",
		"response_metadata": map[string]any{"next_cursor": next}})
}

// handleRespond handles the "POST /respond/{id}" route: a response_url.
func (f *fakeSlack) handleRespond(w http.ResponseWriter, r *http.Request) {
	f.record("response_url")
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if f.respond != nil && f.respond(w) {
		return
	}
	f.mu.Lock()
	f.responses = append(f.responses, body)
	f.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true})
}

// fault is what faultyTransport does to one chat.postMessage.
type fault int

const (
	pass fault = iota
	// refuse fails as a dial error: the request never left.
	refuse
	// timeoutAfterSend delivers the request, drops the answer and reports
	// a timeout: the message was posted but the caller cannot know.
	timeoutAfterSend
	// resetBeforeAnswer reports a reset connection without delivering the
	// request: nothing was posted, but the caller cannot know that either.
	resetBeforeAnswer
)

// faultyTransport applies a plan of faults to chat.postMessage requests,
// one per request, then passes them through. Faults are decided here, not
// by timers, so the tests are deterministic.
type faultyTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	plan []fault
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func (t *faultyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "chat.postMessage") {
		return t.base.RoundTrip(r)
	}
	t.mu.Lock()
	f := pass
	if len(t.plan) > 0 {
		f, t.plan = t.plan[0], t.plan[1:]
	}
	t.mu.Unlock()
	switch f {
	case refuse:
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	case timeoutAfterSend:
		resp, err := t.base.RoundTrip(r)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}
	case resetBeforeAnswer:
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return t.base.RoundTrip(r)
}

func withFaults(plan ...fault) func(http.RoundTripper) http.RoundTripper {
	return func(base http.RoundTripper) http.RoundTripper {
		return &faultyTransport{base: base, plan: plan}
	}
}
