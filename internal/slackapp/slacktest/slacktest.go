// Package slacktest provides a fake Slack Web API for tests: an httptest
// server on 127.0.0.1 that records every call it receives, keeps the messages
// posted to it so that conversations.history returns them, serves
// response_url endpoints, opens a local WebSocket for Socket Mode, and can be
// told to fail a method in the ways the real Slack fails (an error code, HTTP
// 429 with or without Retry-After, a 5xx, or a connection cut after the call
// took effect).
package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Default identities the fake answers auth.test with.
const (
	TeamID    = "T0FAKE001"
	BotUserID = "U0BOT0001"
	BotID     = "B0BOT0001"
	AppID     = "A0APP0001"
)

// ResponseURLMethod is the Method of a recorded call to a response_url.
const ResponseURLMethod = "response_url"

// Call is one request the fake received.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), or ResponseURLMethod.
	Method string
	// Token is the token the call carried (form field or bearer header).
	Token string
	// Form holds the form fields of a form-encoded call.
	Form url.Values
	// Body is the raw request body (JSON calls and response_url posts).
	Body []byte
	// Path is the request path; for a response_url it names which one.
	Path string
	// Status is the HTTP status the fake answered.
	Status int
	// Error is the Slack error code the fake answered, "" when ok.
	Error string
}

// JSON decodes the call's JSON body into v.
func (c Call) JSON(v any) error {
	if err := json.Unmarshal(c.Body, v); err != nil {
		return fmt.Errorf("decode %s body: %w", c.Method, err)
	}
	return nil
}

// Failure describes how the fake fails a method.
type Failure struct {
	// Status is the HTTP status to answer; 0 means 200 with ok=false.
	Status int
	// Error is the Slack error code ("not_in_channel", "ratelimited").
	Error string
	// RetryAfter is sent as the Retry-After header when positive.
	RetryAfter time.Duration
	// CutAfter makes the call take effect (a message is stored) and then
	// closes the connection without an answer: the ambiguous failure a
	// poster must recover from without posting twice.
	CutAfter bool
	// Times is how many calls fail; 0 means every call from now on.
	Times int
	// Skip lets this many calls through before the failure applies, so
	// that a test can fail the third part of a digest and not the first.
	Skip int
	// Delay holds the answer this long. A Failure with a Delay and no
	// Status, Error or CutAfter is a slow success: the call takes effect
	// once the delay is over. A caller that gives up during the delay gets
	// no answer, and the call, recorded with Status 0, takes no effect.
	Delay time.Duration
	// Arrived, when set, is sent a value (without blocking) as a call
	// this Failure applies to arrives, so that a test can act while the
	// call is held by Delay.
	Arrived chan<- struct{}
}

// slowSuccess reports whether f only slows a call down.
func (f Failure) slowSuccess() bool {
	return f.Delay > 0 && f.Status == 0 && f.Error == "" && !f.CutAfter
}

// Message is a message the fake holds, as conversations.history returns it.
type Message struct {
	Channel  string          `json:"-"`
	Type     string          `json:"type"`
	User     string          `json:"user,omitempty"`
	BotID    string          `json:"bot_id,omitempty"`
	TS       string          `json:"ts"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	Text     string          `json:"text"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// Options configures a Server.
type Options struct {
	// BotToken is the only bot token accepted; "" accepts any.
	BotToken string
	// AppToken is the only app-level token apps.connections.open accepts; "" accepts any.
	AppToken string
	// Admins are the user IDs users.info reports as workspace admins.
	Admins []string
	// Private are the channel IDs conversations.info reports as private
	// channels; the others are public.
	Private []string
}

// Server is a fake Slack Web API.
type Server struct {
	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	calls    []Call
	failures map[string][]Failure
	messages []Message
	seq      int
	lastTS   int64         // microseconds of the last message ts
	changed  chan struct{} // closed and replaced on every recorded call
	socket   *socketHub
}

// New starts a fake Slack Web API on 127.0.0.1 that tb closes at cleanup.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{
		opts:     opts,
		failures: make(map[string][]Failure),
		changed:  make(chan struct{}),
	}
	s.socket = newSocketHub()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", s.handleAPI)
	mux.HandleFunc("GET /api/{method}", s.handleAPI)
	mux.HandleFunc("POST /response/{id}", s.handleResponseURL)
	mux.HandleFunc("GET /socket", s.socket.handleWebSocket)
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(func() {
		s.socket.close()
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// APIURL is the base URL to give slack.OptionAPIURL (SLACK_API_URL): it ends in "/api/".
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// ResponseURL returns a fresh response_url, as Slack puts in a slash command or an action.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/response/%d", s.srv.URL, s.seq)
}

// Fail makes the next calls of method fail as f says. Failures queue up:
// the first given is used first.
func (s *Server) Fail(method string, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], f)
}

// Clear drops the failures still queued for method: from now on its
// calls succeed.
func (s *Server) Clear(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, method)
}

// Calls returns the calls of method received so far, in order; "" returns all.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until at least n calls of method were received, or
// timeout passes, and returns those received; the caller checks the count.
func (s *Server) WaitCalls(method string, n int, timeout time.Duration) []Call {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if got := s.Calls(method); len(got) >= n {
			return got
		}
		select {
		case <-changed:
		case <-deadline.C:
			return s.Calls(method)
		}
	}
}

// Messages returns the messages posted to channel, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

// takeFailure pops the failure due for method, if any.
func (s *Server) takeFailure(method string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[method]
	if len(q) == 0 {
		return Failure{}, false
	}
	f := q[0]
	if f.Skip > 0 {
		q[0].Skip--
		return Failure{}, false
	}
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			q = q[1:]
		} else {
			q[0].Times = f.Times
		}
		s.failures[method] = q
	}
	return f, true
}

// nextTS returns a message timestamp: the current time in microseconds,
// growing with every message as Slack's do, so that history windows
// ("since ten minutes ago") find what was just posted.
func (s *Server) nextTS() string {
	s.lastTS = max(time.Now().UnixMicro(), s.lastTS+1)
	return fmt.Sprintf("%d.%06d", s.lastTS/1_000_000, s.lastTS%1_000_000)
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	c := Call{Method: method, Body: body, Path: r.URL.Path, Form: url.Values{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		c.Form, _ = url.ParseQuery(string(body))
	}
	for k, v := range r.URL.Query() {
		c.Form[k] = append(c.Form[k], v...)
	}
	c.Token = c.Form.Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && c.Token == "" {
		c.Token = bearer
	}
	c.Form.Del("token")

	status, answer := s.answer(r.Context(), method, c, w)
	if status == 0 {
		return // the connection was cut
	}
	c.Status = status
	if e, ok := answer["error"].(string); ok {
		c.Error = e
	}
	s.record(c)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(answer)
}

// answer works out the fake's answer to c. A status of 0 means it cut the
// connection after recording the call.
func (s *Server) answer(ctx context.Context, method string, c Call, w http.ResponseWriter) (int, map[string]any) {
	wantToken := s.opts.BotToken
	if method == "apps.connections.open" {
		wantToken = s.opts.AppToken
	}
	if wantToken != "" && c.Token != wantToken {
		return http.StatusOK, map[string]any{"ok": false, "error": "invalid_auth"}
	}
	if f, ok := s.takeFailure(method); ok {
		if f.Arrived != nil {
			select {
			case f.Arrived <- struct{}{}:
			default:
			}
		}
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-ctx.Done():
				// The caller gave up: the call is recorded as never answered
				// and takes no effect, so a test sees that it was cut short.
				t.Stop()
				c.Error = "caller gave up"
				s.record(c)
				return 0, nil
			}
		}
		if f.slowSuccess() {
			return http.StatusOK, s.perform(method, c)
		}
		if f.CutAfter {
			s.perform(method, c)
			c.Status = 0
			c.Error = "connection cut"
			s.record(c)
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
				}
			}
			return 0, nil
		}
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
		}
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		code := f.Error
		if code == "" && status == http.StatusTooManyRequests {
			code = "ratelimited"
		}
		if code == "" {
			code = "internal_error"
		}
		return status, map[string]any{"ok": false, "error": code}
	}
	return http.StatusOK, s.perform(method, c)
}

// perform carries out a successful call and returns Slack's answer to it.
func (s *Server) perform(method string, c Call) map[string]any {
	ok := func(kv ...any) map[string]any {
		m := map[string]any{"ok": true}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	switch method {
	case "auth.test":
		return ok("url", "https://fake.slack.test/", "team", "Fake", "user", "summit",
			"team_id", TeamID, "user_id", BotUserID, "bot_id", BotID)
	case "apps.connections.open":
		return ok("url", "ws"+strings.TrimPrefix(s.srv.URL, "http")+"/socket")
	case "chat.postMessage":
		channel := c.Form.Get("channel")
		if channel == "" {
			return map[string]any{"ok": false, "error": "channel_not_found"}
		}
		s.mu.Lock()
		m := Message{
			Channel:  channel,
			Type:     "message",
			BotID:    BotID,
			TS:       s.nextTS(),
			ThreadTS: c.Form.Get("thread_ts"),
			Text:     c.Form.Get("text"),
			Blocks:   rawOrNil(c.Form.Get("blocks")),
			Metadata: rawOrNil(c.Form.Get("metadata")),
		}
		s.messages = append(s.messages, m)
		s.mu.Unlock()
		return ok("channel", channel, "ts", m.TS, "message", m)
	case "chat.postEphemeral":
		s.mu.Lock()
		ts := s.nextTS()
		s.mu.Unlock()
		return ok("message_ts", ts)
	case "chat.update":
		return ok("channel", c.Form.Get("channel"), "ts", c.Form.Get("ts"))
	case "reactions.add":
		return ok()
	case "conversations.history":
		return ok("messages", s.history(c.Form.Get("channel"), "", c.Form.Get("oldest"), c.Form.Get("latest"), c.Form.Get("limit")), "has_more", false)
	case "conversations.replies":
		return ok("messages", s.history(c.Form.Get("channel"), c.Form.Get("ts"), c.Form.Get("oldest"), c.Form.Get("latest"), c.Form.Get("limit")), "has_more", false)
	case "users.info":
		id := c.Form.Get("user")
		return ok("user", map[string]any{"id": id, "name": strings.ToLower(id), "team_id": TeamID, "is_admin": slices.Contains(s.opts.Admins, id)})
	case "conversations.info":
		id := c.Form.Get("channel")
		private := slices.Contains(s.opts.Private, id)
		return ok("channel", map[string]any{"id": id, "is_channel": !private, "is_group": private, "is_private": private, "is_member": true})
	default:
		return map[string]any{"ok": false, "error": "unknown_method"}
	}
}

// history returns channel's messages newest first, as Slack does: those of
// the channel itself when thread is "" (replies stay in their thread), else
// the thread's parent and replies. Only messages after oldest and, when
// latest is set, before it are returned.
func (s *Server) history(channel, thread, oldest, latest, limit string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := strconv.Atoi(limit)
	if err != nil || n <= 0 {
		n = 100
	}
	minTS, _ := strconv.ParseFloat(oldest, 64)
	maxTS, err := strconv.ParseFloat(latest, 64)
	if err != nil {
		maxTS = math.Inf(1)
	}
	var out []Message
	for _, m := range slices.Backward(s.messages) {
		ts, _ := strconv.ParseFloat(m.TS, 64)
		if m.Channel != channel || ts <= minTS || ts >= maxTS {
			continue
		}
		if thread == "" && m.ThreadTS != "" && m.ThreadTS != m.TS || thread != "" && m.TS != thread && m.ThreadTS != thread {
			continue
		}
		out = append(out, m)
		if len(out) == n {
			break
		}
	}
	return out
}

func rawOrNil(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

// handleResponseURL records a post to a response_url and answers as Slack does.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	c := Call{Method: ResponseURLMethod, Body: body, Path: r.URL.Path, Status: http.StatusOK}
	if f, ok := s.takeFailure(ResponseURLMethod); ok && f.Status != 0 {
		c.Status = f.Status
		c.Error = f.Error
		s.record(c)
		http.Error(w, f.Error, f.Status)
		return
	}
	s.record(c)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}
