package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

const (
	e2eBotToken = "xoxb-e2e-bot-token-55aa66bb"
	e2eSecret   = "e2e-signing-secret-77cc88dd"
	e2eChannel  = "C0E2ECHAN01"
	e2eWait     = 20 * time.Second
)

// logSink collects the JSON log lines of `bot serve` and tells when the
// server is listening, and where.
type logSink struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	addr  chan string
	found bool
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if !l.found {
		for _, line := range strings.Split(l.buf.String(), "\n") {
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" && rec.Addr != "" {
				l.found = true
				l.addr <- rec.Addr
				break
			}
		}
	}
	return len(p), nil
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestServe runs `bot serve` through run() on 127.0.0.1:0 with a temp
// SQLite file and the fake Slack Web API, and uses it as Slack would:
// signed slash commands and events, then a graceful stop.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken})
	article, err := os.ReadFile("../../samples/paris-summit-2025-09-04.txt")
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(article)
	}))
	defer site.Close()
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte(`summits:
  - slug: paris-2025
    title: "Paris summit of the Coalition of the Willing"
    keywords: [Ukraine, coalition]
fetch:
  allow_hosts: ["127.0.0.1"]
shutdown_timeout: 10s
`), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := e2eVars(dir, cfgPath, fake)
	var stdout syncBuffer
	srv := startServe(t, vars, &stdout)
	base, logs := srv.base, srv.logs

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d", code)
	}
	// Ready once auth.test has succeeded, which the fake records.
	if len(fake.WaitCalls("auth.test", 1, e2eWait)) == 0 {
		t.Fatalf("serve never called auth.test:\n%s", logs)
	}
	deadline := time.Now().Add(e2eWait)
	for code, body := get("/readyz"); code != http.StatusOK; code, body = get("/readyz") {
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}

	command := func(text string) (string, string) {
		t.Helper()
		responseURL := fake.ResponseURL()
		req := slacktest.NewCommandRequest(t, base, e2eSecret, time.Now(), slacktest.Command{
			Text: text, ChannelID: e2eChannel, ChannelName: "paris", UserID: "U0E2EUSER1", UserName: "ada", ResponseURL: responseURL,
		})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("/summit %s: %v", text, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/summit %s: status %d %s", text, resp.StatusCode, b)
		}
		return string(b), responseURL
	}
	response := func(responseURL string) string {
		t.Helper()
		path := responseURL[strings.Index(responseURL, "/response/"):]
		deadline := time.Now().Add(e2eWait)
		for {
			for _, c := range fake.Calls(slacktest.ResponseURLMethod) {
				if c.Path == path {
					return string(c.Body)
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no answer through %s:\n%s", path, logs)
			}
			fake.WaitCalls(slacktest.ResponseURLMethod, len(fake.Calls(slacktest.ResponseURLMethod))+1, time.Until(deadline))
		}
	}

	ack, responseURL := command("ingest <" + site.URL + "/paris|Paris live>")
	if !strings.Contains(ack, "Fetching") {
		t.Errorf("ingest ack: %s", ack)
	}
	if got := response(responseURL); !strings.Contains(got, "Added") {
		t.Fatalf("ingest answered %s", got)
	}
	if ack, _ := command("who-said Rutte"); !strings.Contains(ack, "naive about Russia") {
		t.Errorf("who-said Rutte answered %s", ack)
	}
	if ack, _ := command(`who-said “legally binding”`); !strings.Contains(ack, "Zelensky") {
		t.Errorf("who-said a phrase answered %s", ack)
	}
	if ack, _ := command("help"); !strings.Contains(ack, "who-said") {
		t.Errorf("help answered %s", ack)
	}

	// An event: a mention answered in its thread, a retry not again.
	ev := slacktest.EventCallback("Ev0E2E00001", map[string]any{
		"type": "app_mention", "user": "U0E2EUSER1", "channel": e2eChannel,
		"text": "<@" + slacktest.BotUserID + "> who-said Macron", "ts": "1757000000.000100",
	})
	for retry := range 2 {
		req := slacktest.NewJSONRequest(t, base, "/slack/events", e2eSecret, time.Now(), ev)
		if retry > 0 {
			req.Header.Set("X-Slack-Retry-Num", "1")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("event delivery %d: status %d", retry, resp.StatusCode)
		}
	}
	posts := fake.WaitCalls("chat.postMessage", 1, e2eWait)
	if len(posts) != 1 || posts[0].Form.Get("thread_ts") != "1757000000.000100" || !strings.Contains(posts[0].Form.Get("blocks"), "Macron") {
		t.Errorf("mention answered with %+v", posts)
	}

	// A forged request is refused.
	forged := slacktest.NewCommandRequest(t, base, "not-the-secret", time.Now(), slacktest.Command{Text: "help"})
	if resp, err := http.DefaultClient.Do(forged); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged command: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	// One help was asked for: the counter shows it.
	if code, body := get("/metrics"); code != http.StatusOK || !strings.Contains(body, `summit_commands_total{command="help",outcome="ok"} 1`) {
		t.Errorf("/metrics (%d) lacks the help count:\n%s", code, grepLines(body, "summit_commands_total"))
	}

	srv.stop(t)
	if n := len(fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("the mention delivered twice was answered %d times", n)
	}
	out := logs.String()
	for _, secret := range []string{e2eBotToken, e2eSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds a secret (%s…)", secret[:8])
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Count(line, `"request_id"`) > 1 {
			t.Errorf("a log line carries the request id twice: %s", line)
		}
	}
	if !strings.Contains(out, `"request_id"`) {
		t.Error("no log line carries a request id")
	}
	if !strings.Contains(out, `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", out)
	}
	if stdout.String() != "" {
		t.Errorf("serve wrote to standard output: %q", stdout.String())
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeSocketMode runs `bot serve` with an app-level token and no
// signing secret: commands arrive over the fake's WebSocket.
func TestServeSocketMode(t *testing.T) {
	const appToken = "xapp-e2e-app-token-99ee00ff"
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken, AppToken: appToken})
	vars := map[string]string{
		"DATABASE_URL":    "sqlite:" + filepath.Join(dir, "summit.db"),
		"LISTEN_ADDR":     "127.0.0.1:0",
		"SLACK_BOT_TOKEN": e2eBotToken,
		"SLACK_APP_TOKEN": appToken,
		"SLACK_API_URL":   strings.TrimSuffix(fake.APIURL(), "/"),
	}
	logs := &logSink{addr: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs})
	}()
	if err := fake.WaitSocket(e2eWait); err != nil {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs)
		default:
		}
		t.Fatalf("%v:\n%s", err, logs)
	}
	id, err := fake.SendEnvelope("slash_commands", slacktest.Command{Text: "help", ChannelID: e2eChannel, UserID: "U0E2EUSER1", ResponseURL: fake.ResponseURL()}.Payload())
	if err != nil {
		t.Fatal(err)
	}
	ack, err := fake.WaitAck(id, e2eWait)
	if err != nil || !strings.Contains(string(ack.Payload), "who-said") {
		t.Errorf("help over Socket Mode: %s, %v", ack.Payload, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(e2eWait):
		t.Fatal("serve did not stop")
	}
	for _, secret := range []string{e2eBotToken, appToken} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds a secret (%s…)", secret[:8])
		}
	}
}

// TestServeStopsGracefully runs `bot serve` through run() on 127.0.0.1:0
// with a temp SQLite file. /readyz says 503 while Slack's auth.test fails
// and 200 once it succeeds. Then a `/summit digest post` is held by Slack,
// and the process's context ends (what SIGTERM does through
// signal.NotifyContext) while the post is in flight: the post finishes,
// its answer reaches the user, and run returns nil within the shutdown
// bound.
func TestServeStopsGracefully(t *testing.T) {
	const (
		shutdownBound = 10 * time.Second
		hold          = 1500 * time.Millisecond
	)
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken})
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte("shutdown_timeout: "+shutdownBound.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := e2eVars(dir, cfgPath, fake)
	newEnv := func(stderr io.Writer) *env {
		return &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr}
	}
	var ingestLog syncBuffer
	if err := run(context.Background(), []string{"ingest", "../../samples/paris-summit-2025-09-04.txt"}, newEnv(&ingestLog)); err != nil {
		t.Fatalf("bot ingest: %v\n%s", err, ingestLog.String())
	}

	// Slack cannot be reached at start-up.
	fake.Fail("auth.test", slacktest.Failure{Status: http.StatusServiceUnavailable})
	srv := startServe(t, vars, io.Discard)
	base, logs, cancel, done := srv.base, srv.logs, srv.cancel, srv.done
	readyz := func() int {
		t.Helper()
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatalf("GET /readyz: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if len(fake.WaitCalls("auth.test", 1, e2eWait)) == 0 {
		t.Fatalf("serve never called auth.test:\n%s", logs)
	}
	if code := readyz(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while auth.test fails: %d; want 503", code)
	}
	if code, _ := httpGet(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while auth.test fails: %d; want 200 (the process answers)", code)
	}
	fake.Clear("auth.test")
	deadline := time.Now().Add(e2eWait)
	for readyz() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 %v after auth.test recovered:\n%s", e2eWait, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}

	arrived := make(chan struct{}, 1)
	fake.Fail("chat.postMessage", slacktest.Failure{Delay: hold, Arrived: arrived, Times: 1})
	responseURL := fake.ResponseURL()
	req := slacktest.NewCommandRequest(t, base, e2eSecret, time.Now(), slacktest.Command{
		Text: "digest post", ChannelID: e2eChannel, ChannelName: "paris", UserID: "U0E2EUSER1", UserName: "ada", ResponseURL: responseURL,
	})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("/summit digest post: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/summit digest post: status %d", resp.StatusCode)
	}
	select {
	case <-arrived:
	case <-time.After(e2eWait):
		t.Fatalf("the digest was never posted:\n%s", logs)
	}

	stopAt := time.Now()
	cancel() // SIGTERM
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after SIGTERM; want nil", err)
		}
		if took := time.Since(stopAt); took > shutdownBound {
			t.Errorf("serve took %v to stop; the bound is %v", took, shutdownBound)
		}
	case <-time.After(shutdownBound + 5*time.Second):
		t.Fatalf("serve did not stop within %v:\n%s", shutdownBound, logs)
	}
	posts := fake.Calls("chat.postMessage")
	if len(posts) == 0 || posts[0].Status != http.StatusOK || posts[0].Form.Get("channel") != e2eChannel {
		var got []string
		for _, p := range posts {
			got = append(got, fmt.Sprintf("%s status %d %s", p.Form.Get("channel"), p.Status, p.Error))
		}
		t.Fatalf("the post in flight at SIGTERM did not finish; chat.postMessage calls: %q\n%s", got, logs)
	}
	if !strings.Contains(posts[0].Form.Get("blocks"), "naive about Russia") {
		t.Errorf("the digest posted lacks Rutte's quote: %s", posts[0].Form.Get("blocks"))
	}
	answered := false
	for _, c := range fake.Calls(slacktest.ResponseURLMethod) {
		if strings.HasSuffix(responseURL, c.Path) && strings.Contains(string(c.Body), "Posted the digest") {
			answered = true
		}
	}
	if !answered {
		t.Errorf("the user was not told the digest was posted:\n%s", logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", logs)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeStopsWhileStarting sends SIGTERM as soon as the server listens,
// while the scheduler may still be reading its schedules: a stop, not a
// failure.
func TestServeStopsWhileStarting(t *testing.T) {
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken})
	vars := map[string]string{
		"DATABASE_URL":         "sqlite:" + filepath.Join(dir, "summit.db"),
		"LISTEN_ADDR":          "127.0.0.1:0",
		"SLACK_BOT_TOKEN":      e2eBotToken,
		"SLACK_SIGNING_SECRET": e2eSecret,
		"SLACK_API_URL":        fake.APIURL(),
	}
	logs := &logSink{addr: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs})
	}()
	select {
	case <-logs.addr:
		cancel()
	case err := <-done:
		t.Fatalf("serve stopped before listening: %v\n%s", err, logs)
	case <-time.After(e2eWait):
		t.Fatalf("serve is not listening after %v:\n%s", e2eWait, logs)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve stopped while starting returned %v; want nil", err)
		}
	case <-time.After(e2eWait):
		t.Fatal("serve did not stop")
	}
}
